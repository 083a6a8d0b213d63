package poseidon

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

type vectorFile struct {
	Name        string `json:"name"`
	TestVectors []struct {
		Input  []string `json:"input"`
		Output string   `json:"output"`
	} `json:"test_vectors"`
}

// TestSharedVectors runs ../shared/kimchi-vectors/poseidon/{kimchi,legacy}.json,
// proof-systems' poseidon/tests/test_vectors files. They are over Fp (the
// Pallas base field): proof-systems' poseidon_tests.rs hashes them with
// ArithmeticSponge<Fp> and fp_kimchi / fp_legacy parameters (absorb all,
// squeeze once). Elements are 32 little-endian bytes in hex.
func TestSharedVectors(t *testing.T) {
	dir := filepath.Join(oracle.SharedDir(t), "kimchi-vectors", "poseidon")
	tests := []struct {
		file   string
		params *ParamsFp
	}{
		{"kimchi.json", KimchiFp()},
		{"legacy.json", LegacyFp()},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, tc.file))
			if err != nil {
				t.Fatal(err)
			}
			var vf vectorFile
			if err := json.Unmarshal(raw, &vf); err != nil {
				t.Fatal(err)
			}
			if len(vf.TestVectors) == 0 {
				t.Fatal("no vectors")
			}
			for i, v := range vf.TestVectors {
				in := make([]fp.Element, len(v.Input))
				for j, s := range v.Input {
					in[j] = mustHexFp(t, s)
				}
				want := mustHexFp(t, v.Output)
				if got := tc.params.Hash(in); !got.Equal(&want) {
					t.Errorf("vector %d (%d inputs): Hash = %s, want %s", i, len(in), got.String(), want.String())
				}
				// The same through the ArithmeticSponge, as poseidon_tests.rs does.
				s := NewSponge(tc.params)
				s.Absorb(in...)
				if got := s.Squeeze(); !got.Equal(&want) {
					t.Errorf("vector %d: sponge absorb+squeeze = %s, want %s", i, got.String(), want.String())
				}
			}
			t.Logf("%s (%s): %d vectors", tc.file, vf.Name, len(vf.TestVectors))
		})
	}
}
