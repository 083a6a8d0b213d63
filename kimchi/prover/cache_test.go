package prover

import (
	"bytes"
	"os"
	"testing"

	"github.com/zkml-mina/zkml/internal/atomicfile"
	"github.com/zkml-mina/zkml/kimchi/circuit"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/verifier"
)

// TestIndexCache builds indexes through a Cache: a miss writes the file, a
// hit returns the same verifier index and proves, and corrupted, truncated
// or foreign files are detected and rebuilt.
func TestIndexCache(t *testing.T) {
	s := loadSRS(t)
	fixed := buildLookupCase(t, lookupCases[4].build)
	for _, tc := range []struct {
		name    string
		c       *circuit.Circuit
		public  []fp.Element
		private []fp.Element
		damage  func(b []byte) []byte
	}{
		{"tiny/intact", tinyCircuit(t), []fp.Element{felt(81)}, []fp.Element{felt(3)}, nil},
		{"tiny/bit flip", tinyCircuit(t), []fp.Element{felt(81)}, []fp.Element{felt(3)},
			func(b []byte) []byte { b[len(b)/2] ^= 0x10; return b }},
		{"tiny/truncated", tinyCircuit(t), []fp.Element{felt(81)}, []fp.Element{felt(3)},
			func(b []byte) []byte { return b[:len(b)-40] }},
		{"tiny/empty", tinyCircuit(t), []fp.Element{felt(81)}, []fp.Element{felt(3)},
			func([]byte) []byte { return nil }},
		{"lookup/intact", fixed, nil, lookupCases[4].good, nil},
		{"lookup/foreign file", fixed, nil, lookupCases[4].good, nil}, // replaced below
	} {
		t.Run(tc.name, func(t *testing.T) {
			cache := &Cache{Dir: t.TempDir()}
			opts := testOptions(t)
			opts.Cache = cache
			first, err := NewIndex(tc.c, s, opts)
			if err != nil {
				t.Fatal(err)
			}
			path := cache.Path(first.indexKey(tc.c))
			orig, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("cache file not written: %v", err)
			}
			if tc.damage != nil {
				if err := os.WriteFile(path, tc.damage(append([]byte(nil), orig...)), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if tc.name == "lookup/foreign file" {
				// Another circuit's valid file under this key's name.
				other, err := NewIndex(tinyCircuit(t), s, &Options{LagrangeCache: opts.LagrangeCache, Cache: cache})
				if err != nil {
					t.Fatal(err)
				}
				b, err := os.ReadFile(cache.Path(other.indexKey(tinyCircuit(t))))
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			second, err := NewIndex(tc.c, s, opts)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(first.VerifierIndex().Encode(), second.VerifierIndex().Encode()) || first.digest != second.digest {
				t.Fatal("cached verifier index differs")
			}
			after, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(after, orig) {
				t.Fatalf("cache file not restored (err %v)", err)
			}
			p, pub := proveSolved(t, second, tc.c, tc.public, tc.private)
			vix, err := verifier.NewIndex(second.VerifierIndex(), second.FeatureFlags(), nil, &verifier.SRS{Vesta: s})
			if err != nil {
				t.Fatal(err)
			}
			if err := verifier.Verify(vix, p, pub); err != nil {
				t.Fatalf("verify: %v", err)
			}
		})
	}
}

// TestIndexCacheHitIsUsed plants a well-formed file with a recognizable
// change under the circuit's key: NewIndex must return it (a hit skips the
// commitments), proving the cache is read.
func TestIndexCacheHitIsUsed(t *testing.T) {
	s := loadSRS(t)
	c := tinyCircuit(t)
	cache := &Cache{Dir: t.TempDir()}
	opts := testOptions(t)
	opts.Cache = cache
	ix, err := NewIndex(c, s, opts)
	if err != nil {
		t.Fatal(err)
	}
	key := ix.indexKey(c)
	planted := *ix.VerifierIndex()
	planted.SigmaComm[0], planted.SigmaComm[1] = planted.SigmaComm[1], planted.SigmaComm[0]
	if err := atomicfile.Write(cache.Path(key), encodeIndexCache(&planted, &key)); err != nil {
		t.Fatal(err)
	}
	again, err := NewIndex(c, s, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.VerifierIndex().Encode(), planted.Encode()) {
		t.Fatal("cache hit not used")
	}
}
