package wire

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

func TestSRSRoundTrip(t *testing.T) {
	for _, name := range []string{"pallas.srs", "vesta.srs"} {
		t.Run(name, func(t *testing.T) {
			data := readSRSFile(t, name)
			srs, err := DecodeSRS(data)
			if err != nil {
				t.Fatal(err)
			}
			if len(srs.G) != 1<<16 {
				t.Errorf("got %d g points, want %d", len(srs.G), 1<<16)
			}
			if srs.H.IsInfinity() {
				t.Error("h is the point at infinity")
			}
			if !bytes.Equal(srs.Encode(), data) {
				t.Error("re-encoding differs")
			}
			// The generic layer must reproduce the file too.
			v, err := DecodeValue(data)
			if err != nil {
				t.Fatal(err)
			}
			again, err := EncodeValue(v)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(again, data) {
				t.Error("generic re-encoding differs")
			}
			t.Logf("%s: %d g points + h, %d bytes, identical re-encoding", name, len(srs.G), len(data))
		})
	}
}

func readSRSFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(vectorsDir(t), "srs", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func loadSRS(t testing.TB, name string) *SRS {
	t.Helper()
	srs, err := DecodeSRS(readSRSFile(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return srs
}
