package wire

import (
	"bytes"
	"testing"
)

// FuzzDecodeFixture checks that decoding arbitrary bytes never panics and
// that anything accepted re-encodes to exactly the same bytes, both through
// the typed fixture decoder and the generic value layer. The seeds are ~10 KB,
// so Go's minimizer can pause progress reports for up to a minute after a new
// interesting input; -fuzzminimizetime=2s avoids that.
func FuzzDecodeFixture(f *testing.F) {
	for _, nf := range smallFixtures(f) {
		f.Add(nf.data)
		f.Add(nf.data[:len(nf.data)/3])
	}
	f.Add([]byte{0x96})
	f.Fuzz(func(t *testing.T, b []byte) {
		if fx, err := DecodeFixture(b); err == nil {
			if !bytes.Equal(fx.Encode(), b) {
				t.Fatal("fixture re-encoding differs")
			}
		}
		if v, err := DecodeValue(b); err == nil {
			out, err := EncodeValue(v)
			if err != nil {
				t.Fatalf("re-encoding a decoded value failed: %v", err)
			}
			if !bytes.Equal(out, b) {
				t.Fatal("value re-encoding differs")
			}
		}
	})
}
