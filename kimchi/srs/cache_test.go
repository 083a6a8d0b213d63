package srs

import (
	"errors"
	"os"
	"slices"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/curve/pallas"
)

func equalBases(a, b [][]pallas.Affine) bool {
	return slices.EqualFunc(a, b, func(x, y []pallas.Affine) bool {
		return slices.EqualFunc(x, y, func(p, q pallas.Affine) bool { return p.Equal(&q) })
	})
}

func TestCache(t *testing.T) {
	s, err := CreatePallas(16)
	if err != nil {
		t.Fatal(err)
	}
	other := &Pallas{G: slices.Clone(s.G), H: s.H}
	slices.Reverse(other.G)

	tests := []struct {
		name   string
		n      int
		mangle func(t *testing.T, path string) // applied to the file after the first call
		srs    *Pallas                         // SRS for the second call
	}{
		{"hit", 8, nil, s},
		{"chunked hit", 32, nil, s},
		{"flipped byte", 8, func(t *testing.T, path string) {
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			b[len(b)/2] ^= 1
			if err := os.WriteFile(path, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}, s},
		{"truncated", 8, func(t *testing.T, path string) {
			if err := os.Truncate(path, 100); err != nil {
				t.Fatal(err)
			}
		}, s},
		{"other srs of same depth", 8, nil, other},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := &Cache{Dir: t.TempDir()}
			first, err := c.PallasLagrangeBasis(s, tc.n)
			if err != nil {
				t.Fatal(err)
			}
			want, err := s.LagrangeBasis(tc.n)
			if err != nil {
				t.Fatal(err)
			}
			if !equalBases(first, want) {
				t.Fatal("first call differs from LagrangeBasis")
			}
			path := c.Path("pallas", len(s.G), tc.n)
			if _, err := os.Stat(path); err != nil {
				t.Fatalf("cache file not written: %v", err)
			}
			before, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if tc.mangle != nil {
				tc.mangle(t, path)
			}
			second, err := c.PallasLagrangeBasis(tc.srs, tc.n)
			if err != nil {
				t.Fatal(err)
			}
			want2, err := tc.srs.LagrangeBasis(tc.n)
			if err != nil {
				t.Fatal(err)
			}
			if !equalBases(second, want2) {
				t.Fatal("second call differs from LagrangeBasis")
			}
			after, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if hit := tc.mangle == nil && tc.srs == s; hit != os.SameFile(before, after) {
				t.Errorf("file rewritten = %v, want %v", !os.SameFile(before, after), !hit)
			}
			// The file now matches tc.srs and decodes cleanly.
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			d := srsDigest(pallasCodec(), tc.srs.G, &tc.srs.H)
			if _, err := decodeCache(pallasCodec(), b, len(tc.srs.G), tc.n, &d); err != nil {
				t.Errorf("cache file after second call: %v", err)
			}
			if tc.mangle != nil {
				var bad = append([]byte(nil), b...)
				bad[10] ^= 0xff
				if _, err := decodeCache(pallasCodec(), bad, len(tc.srs.G), tc.n, &d); !errors.Is(err, ErrCacheCorrupt) {
					t.Errorf("mangled header: err = %v, want ErrCacheCorrupt", err)
				}
			}
		})
	}
}

func TestCacheRejectsBadDomain(t *testing.T) {
	s, err := CreatePallas(4)
	if err != nil {
		t.Fatal(err)
	}
	c := &Cache{Dir: t.TempDir()}
	for _, n := range []int{0, -8, 6} {
		if _, err := c.PallasLagrangeBasis(s, n); !errors.Is(err, ErrDomain) {
			t.Errorf("n=%d: err = %v, want ErrDomain", n, err)
		}
	}
}

func TestCacheVesta(t *testing.T) {
	s, err := CreateVesta(8)
	if err != nil {
		t.Fatal(err)
	}
	c := &Cache{Dir: t.TempDir()}
	want, err := s.LagrangeBasis(16)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 { // compute and store, then load
		got, err := c.VestaLagrangeBasis(s, 16)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("call %d: %d chunks, want %d", i, len(got), len(want))
		}
		for k := range got {
			for j := range got[k] {
				if !got[k][j].Equal(&want[k][j]) {
					t.Fatalf("call %d: chunk %d point %d differs", i, k, j)
				}
			}
		}
	}
}
