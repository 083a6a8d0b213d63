package prover

import (
	"testing"

	"github.com/zkml-mina/zkml/kimchi/circuit"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/verifier"
	"github.com/zkml-mina/zkml/kimchi/vk"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// TestBaseTables proves with and without the fixed-base MSM tables: the
// verifier index (every fixed commitment) is byte-identical, every proof
// verifies, and a tampered public input is still rejected.
func TestBaseTables(t *testing.T) {
	cases := []struct {
		name          string
		c             *circuit.Circuit
		public, witIn []fp.Element
	}{
		{"chain", chainCircuit(t, 300), []fp.Element{chainOutput(5, 300)}, []fp.Element{felt(5)}},
		{"tiny", tinyCircuit(t), []fp.Element{felt(81)}, []fp.Element{felt(3)}},
		{"fixed-table", buildLookupCase(t, lookupCases[4].build), nil, lookupCases[4].good},
		{"runtime-table", buildLookupCase(t, lookupCases[5].build), nil, lookupCases[5].good},
	}
	full := loadSRS(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, err := tc.c.Solve(tc.public, tc.witIn)
			if err != nil {
				t.Fatalf("solve: %v", err)
			}
			// A domain-sized SRS keeps the tables small.
			s, err := full.Prefix(tc.c.DomainSize())
			if err != nil {
				t.Fatal(err)
			}
			keys := map[bool]string{}
			for _, policy := range []bool{false, true} {
				opts := testOptions(t)
				opts.BaseTables = policy
				ix, err := NewIndex(tc.c, s, opts)
				if err != nil {
					t.Fatal(err)
				}
				key, err := vk.EncodeString(ix.VerifierIndex())
				if err != nil {
					t.Fatal(err)
				}
				keys[policy] = key
				vix, err := verifier.NewIndex(ix.VerifierIndex(), ix.FeatureFlags(), nil, &verifier.SRS{Vesta: s})
				if err != nil {
					t.Fatal(err)
				}
				for k := 1; k <= 2; k++ {
					p, pub, err := ix.ProveAssignment(a)
					if err != nil {
						t.Fatal(err)
					}
					if used := ix.lagBases != nil && ix.srsBases != nil; used != policy {
						t.Errorf("tables %v, prove %d: tables used = %v", policy, k, used)
					}
					if err := verifier.Verify(vix, p, pub); err != nil {
						t.Fatalf("tables %v, prove %d: %v", policy, k, err)
					}
					if len(pub) > 0 {
						bad := append([]wire.Scalar(nil), pub...)
						bad[0][0] ^= 1
						if verifier.Verify(vix, p, bad) == nil {
							t.Errorf("tables %v, prove %d: tampered public input accepted", policy, k)
						}
					}
				}
			}
			if keys[false] != keys[true] {
				t.Error("verifier index differs with fixed-base tables")
			}
		})
	}
}
