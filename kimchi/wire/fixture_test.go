package wire

import (
	"bytes"
	"testing"
)

func TestFixturesRoundTrip(t *testing.T) {
	files := fixtureFiles(t)
	identical := 0
	for _, f := range files {
		t.Run(f.name, func(t *testing.T) {
			fx, err := DecodeFixture(f.data)
			if err != nil {
				t.Fatal(err)
			}
			got := fx.Encode()
			if !bytes.Equal(got, f.data) {
				t.Fatalf("re-encoding differs (len %d vs %d) at byte %d", len(got), len(f.data), firstDiff(got, f.data))
			}
			identical++
		})
	}
	t.Logf("%d/%d fixtures re-encode to identical bytes", identical, len(files))
	if identical != len(files) {
		t.Errorf("only %d of %d fixtures round-trip", identical, len(files))
	}
}

func firstDiff(a, b []byte) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	return min(len(a), len(b))
}
