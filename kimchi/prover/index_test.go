package prover

import (
	"testing"

	"github.com/zkml-mina/zkml/kimchi/vk"
)

func TestVerifierIndexMatchesO1js(t *testing.T) {
	s := loadSRS(t)
	cases := []struct {
		name, file string
		reps       int
	}{
		{"tiny", "tiny_vk.txt", -1},
		{"chain-2720", "vk-12.txt", 2720},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := tinyCircuit(t)
			if tc.reps >= 0 {
				c = chainCircuit(t, tc.reps)
			}
			ix, err := NewIndex(c, s, testOptions(t))
			if err != nil {
				t.Fatal(err)
			}
			got, err := vk.EncodeString(ix.VerifierIndex())
			if err != nil {
				t.Fatal(err)
			}
			want := readVector(t, tc.file)
			if got != want {
				w, _ := vk.DecodeString(want)
				gv := ix.VerifierIndex()
				t.Errorf("verifier index differs from o1js (domain %d vs %d)", gv.Domain.Size, w.Domain.Size)
				for i := range gv.SigmaComm {
					if gv.SigmaComm[i].Chunks[0] != w.SigmaComm[i].Chunks[0] {
						t.Errorf("sigma %d differs", i)
					}
				}
				for i := range gv.CoefficientsComm {
					if gv.CoefficientsComm[i].Chunks[0] != w.CoefficientsComm[i].Chunks[0] {
						t.Errorf("coefficient %d differs", i)
					}
				}
				if gv.GenericComm.Chunks[0] != w.GenericComm.Chunks[0] {
					t.Errorf("generic differs")
				}
				if gv.PsmComm.Chunks[0] != w.PsmComm.Chunks[0] {
					t.Errorf("psm differs")
				}
				if gv.Shift != w.Shift {
					t.Errorf("shift differs")
				}
				if gv.Domain != w.Domain {
					t.Errorf("domain differs")
				}
			}
		})
	}
}
