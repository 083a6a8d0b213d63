package srs

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// readSRSFile decodes shared/kimchi-vectors/srs/<name>.srs with kimchi/wire.
func readSRSFile(t testing.TB, name string) *wire.SRS {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(oracle.SharedDir(t), "kimchi-vectors", "srs", name+".srs"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := wire.DecodeSRS(b)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// TestCreateMatchesFiles is the acceptance test: SRS::create(2^16) in Go
// equals proof-systems' pallas.srs and vesta.srs point by point.
func TestCreateMatchesFiles(t *testing.T) {
	tests := []struct {
		name   string
		create func(depth int) ([][wire.PointSize]byte, [wire.PointSize]byte, error)
	}{
		{"pallas", func(depth int) ([][wire.PointSize]byte, [wire.PointSize]byte, error) {
			s, err := CreatePallas(depth)
			if err != nil {
				return nil, [wire.PointSize]byte{}, err
			}
			g := make([][wire.PointSize]byte, len(s.G))
			for i := range s.G {
				g[i] = s.G[i].Compress()
			}
			return g, s.H.Compress(), nil
		}},
		{"vesta", func(depth int) ([][wire.PointSize]byte, [wire.PointSize]byte, error) {
			s, err := CreateVesta(depth)
			if err != nil {
				return nil, [wire.PointSize]byte{}, err
			}
			g := make([][wire.PointSize]byte, len(s.G))
			for i := range s.G {
				g[i] = s.G[i].Compress()
			}
			return g, s.H.Compress(), nil
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := readSRSFile(t, tc.name)
			start := time.Now()
			g, h, err := tc.create(len(want.G))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("create(%d): %v", len(want.G), time.Since(start))
			if len(g) != len(want.G) {
				t.Fatalf("len(G) = %d, want %d", len(g), len(want.G))
			}
			bad := 0
			for i := range g {
				if wire.Point(g[i]) != want.G[i] {
					if bad++; bad <= 5 {
						t.Errorf("G[%d] = %x, want %x", i, g[i], want.G[i])
					}
				}
			}
			if bad > 0 {
				t.Errorf("%d of %d G points differ", bad, len(g))
			}
			if wire.Point(h) != want.H {
				t.Errorf("H = %x, want %x", h, want.H)
			}
		})
	}
}

// TestDecodeMatchesCreate decodes both files through Load and compares a
// sample of points with Create, and checks Encode reproduces the file bytes.
func TestDecodeMatchesCreate(t *testing.T) {
	const depth = 1 << 10
	tests := []struct {
		name  string
		check func(t *testing.T, path string)
	}{
		{"pallas", func(t *testing.T, path string) {
			s, err := LoadPallas(path)
			if err != nil {
				t.Fatal(err)
			}
			c, err := CreatePallas(depth)
			if err != nil {
				t.Fatal(err)
			}
			for i := range c.G {
				if !s.G[i].Equal(&c.G[i]) {
					t.Fatalf("G[%d] differs", i)
				}
			}
			if !s.H.Equal(&c.H) {
				t.Errorf("H differs")
			}
			checkFileBytes(t, path, s.Encode())
		}},
		{"vesta", func(t *testing.T, path string) {
			s, err := LoadVesta(path)
			if err != nil {
				t.Fatal(err)
			}
			c, err := CreateVesta(depth)
			if err != nil {
				t.Fatal(err)
			}
			for i := range c.G {
				if !s.G[i].Equal(&c.G[i]) {
					t.Fatalf("G[%d] differs", i)
				}
			}
			if !s.H.Equal(&c.H) {
				t.Errorf("H differs")
			}
			checkFileBytes(t, path, s.Encode())
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.check(t, filepath.Join(oracle.SharedDir(t), "kimchi-vectors", "srs", tc.name+".srs"))
		})
	}
}

func checkFileBytes(t *testing.T, path string, got []byte) {
	t.Helper()
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Encode() differs from %s", filepath.Base(path))
	}
}

// TestDecodeRejects: vesta.srs x-coordinates are Fq elements; read
// as Pallas most are not on the curve, so decoding must fail cleanly.
func TestDecodeRejects(t *testing.T) {
	vb, err := os.ReadFile(filepath.Join(oracle.SharedDir(t), "kimchi-vectors", "srs", "vesta.srs"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		decode func([]byte) error
		input  []byte
	}{
		{"pallas from vesta.srs", func(b []byte) error { _, err := DecodePallas(b); return err }, vb},
		{"pallas empty", func(b []byte) error { _, err := DecodePallas(b); return err }, nil},
		{"vesta truncated", func(b []byte) error { _, err := DecodeVesta(b); return err }, vb[:1000]},
		{"vesta garbage", func(b []byte) error { _, err := DecodeVesta(b); return err }, []byte{0x92, 0x90, 0xc4, 0x01, 0x00}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.decode(tc.input); err == nil {
				t.Errorf("decode succeeded, want an error")
			}
		})
	}
}

func TestCreateRejects(t *testing.T) {
	tests := []struct {
		name  string
		depth int
	}{
		{"negative", -1},
		{"too deep", MaxDepth + 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := CreatePallas(tc.depth); !errors.Is(err, ErrDepth) {
				t.Errorf("CreatePallas: err = %v, want ErrDepth", err)
			}
			if _, err := CreateVesta(tc.depth); !errors.Is(err, ErrDepth) {
				t.Errorf("CreateVesta: err = %v, want ErrDepth", err)
			}
		})
	}
}

// TestCreateSmall checks depth 0 and 1 and that G is a prefix-stable
// sequence (create(n) is a prefix of create(m) for n < m).
func TestCreateSmall(t *testing.T) {
	big, err := CreateVesta(3000)
	if err != nil {
		t.Fatal(err)
	}
	for _, depth := range []int{0, 1, 1023, 1024, 1025} {
		s, err := CreateVesta(depth)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.G) != depth {
			t.Fatalf("depth %d: len(G) = %d", depth, len(s.G))
		}
		for i := range s.G {
			if !s.G[i].Equal(&big.G[i]) || !s.G[i].IsOnCurve() {
				t.Fatalf("depth %d: G[%d] differs or is off the curve", depth, i)
			}
		}
		if !s.H.Equal(&big.H) {
			t.Errorf("depth %d: H differs", depth)
		}
		p, err := big.Prefix(depth)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.G) != depth || cap(p.G) != depth || !p.H.Equal(&s.H) || (depth > 0 && !p.G[depth-1].Equal(&s.G[depth-1])) {
			t.Errorf("Prefix(%d) differs from CreateVesta(%d)", depth, depth)
		}
	}
	for _, bad := range []int{-1, 3001} {
		if _, err := big.Prefix(bad); !errors.Is(err, ErrDepth) {
			t.Errorf("Prefix(%d): err = %v, want ErrDepth", bad, err)
		}
	}
}
