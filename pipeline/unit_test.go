package pipeline

import (
	"os"
	"path/filepath"
	"testing"

	kcircuit "github.com/zkml-mina/zkml/codegen/kimchi"
	"github.com/zkml-mina/zkml/internal/oracle"
)

func TestParseOptions(t *testing.T) {
	cases := []struct {
		in, param, srs string
		ok             bool
		want           Options
	}{
		{"public", "fixed", "o1js", true, Options{}},
		{"private", "private", "domain", true, Options{InputVisibility: kcircuit.InputPrivate, ParamVisibility: ParamsPrivate, SRS: SRSDomain}},
		{"hashed", "hashed", "o1js", true, Options{InputVisibility: kcircuit.InputHashed, ParamVisibility: ParamsHashed}},
		{"secret", "fixed", "o1js", false, Options{}},
		{"public", "open", "o1js", false, Options{}},
		{"public", "fixed", "big", false, Options{}},
		{"", "fixed", "o1js", false, Options{}},
	}
	for _, tc := range cases {
		iv, err1 := ParseInputVisibility(tc.in)
		pv, err2 := ParseParamVisibility(tc.param)
		sm, err3 := ParseSRSMode(tc.srs)
		ok := err1 == nil && err2 == nil && err3 == nil
		if ok != tc.ok {
			t.Fatalf("%q %q %q: errors %v %v %v", tc.in, tc.param, tc.srs, err1, err2, err3)
		}
		if ok && (Options{InputVisibility: iv, ParamVisibility: pv, SRS: sm}) != tc.want {
			t.Fatalf("%q %q %q: got %v %v %v", tc.in, tc.param, tc.srs, iv, pv, sm)
		}
	}
	for _, o := range []Options{{Scale: -1}, {Scale: 31}, {ParamVisibility: 7}, {SRS: 9}} {
		if _, err := o.resolved(); err == nil {
			t.Fatalf("%+v accepted", o)
		}
	}
}

// TestEstimate checks the estimate against the measurements it was fitted
// to (pipeline/PROGRESS.md), within a factor of two.
func TestEstimate(t *testing.T) {
	cases := []struct {
		domain, depth int
		sec, mb       float64
	}{
		{1 << 7, 16, 0.74, 53},    // EZKL's network.onnx (limb range table)
		{1 << 11, 16, 1.48, 63},   // digits_mlp
		{1 << 15, 16, 5.5, 414},   // mnist28_mlp
		{1 << 18, 18, 39.8, 3357}, // lenet5
	}
	for _, tc := range cases {
		e := EstimateProve(0, tc.domain, tc.depth)
		if e.ProveSeconds < tc.sec/2 || e.ProveSeconds > tc.sec*2 || e.MemoryMB < tc.mb/2 || e.MemoryMB > tc.mb*2 || e.Basis == "" {
			t.Fatalf("domain %d: estimate %+v, measured %.1f s %.0f MB", tc.domain, e, tc.sec, tc.mb)
		}
	}
}

// TestSRSCache creates a small SRS into an empty cache, reloads it, and
// rebuilds it after the cache file is corrupted; a given 2^16 SRS file is
// checked against o1js's hash.
func TestSRSCache(t *testing.T) {
	env := &Env{CacheDir: t.TempDir()}
	s1, err := env.SRS(8)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(env.CacheDir, "srs", "vesta-8.raw")
	if _, err := loadRawSRS(path, 8); err != nil {
		t.Fatalf("cache not written: %v", err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[100] ^= 1
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadRawSRS(path, 8); err == nil {
		t.Fatal("corrupted cache loaded")
	}
	s2, err := env.SRS(8)
	if err != nil {
		t.Fatal(err)
	}
	if len(s2.G) != 256 || s1.G[37] != s2.G[37] || s1.H != s2.H {
		t.Fatal("rebuilt SRS differs")
	}
	shared := filepath.Join(oracle.SharedDir(t), "kimchi-vectors", "srs", "vesta.srs")
	s16, err := (&Env{CacheDir: t.TempDir(), SRSFile: shared}).SRS(16)
	if err != nil {
		t.Fatal(err)
	}
	if len(s16.G) != 1<<16 || s16.G[0] != s1.G[0] {
		t.Fatal("o1js's SRS does not start with SRS::create's points")
	}
	if _, err := loadSRSFile(path, knownSRS(16)); err == nil {
		t.Fatal("a file with the wrong hash loaded as the 2^16 SRS")
	}
}
