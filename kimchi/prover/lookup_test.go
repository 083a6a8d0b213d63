package prover

import (
	"errors"
	"math/big"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/circuit"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/verifier"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

func pow2Felt(k uint, minus int64) fp.Element {
	var e fp.Element
	e.SetBigInt(new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), k), big.NewInt(minus)))
	return e
}

// lookupCases are circuits using the lookup argument: Kimchi's range-check
// gates (table 1 from the gates), Lookup gates into table 1, a custom
// fixed table and a runtime table, each with a valid private input and one
// violating a lookup.
var lookupCases = []struct {
	name      string
	build     func(b *circuit.Builder)
	good, bad []fp.Element
}{
	{"rangecheck64", func(b *circuit.Builder) { b.RangeCheck64(b.PrivateInput()) },
		[]fp.Element{pow2Felt(64, 1)}, []fp.Element{pow2Felt(64, 0)}},
	{"multirangecheck", func(b *circuit.Builder) { b.MultiRangeCheck(b.PrivateInput(), b.PrivateInput(), b.PrivateInput()) },
		[]fp.Element{pow2Felt(88, 1), felt(12345), pow2Felt(88, 1)}, []fp.Element{felt(1), felt(2), pow2Felt(88, 0)}},
	{"bits8", func(b *circuit.Builder) { b.RangeCheckBits(b.PrivateInput(), 8) },
		[]fp.Element{felt(255)}, []fp.Element{felt(256)}},
	{"bits12x3+rc64", func(b *circuit.Builder) {
		for range 3 {
			b.RangeCheckBits(b.PrivateInput(), 12)
		}
		b.RangeCheck64(b.PrivateInput())
	}, []fp.Element{felt(4095), felt(0), felt(17), felt(99)}, []fp.Element{felt(4095), felt(4096), felt(17), felt(99)}},
	{"fixed-table", func(b *circuit.Builder) {
		var idx, val []fp.Element
		for i := range 16 {
			idx = append(idx, felt(int64(i)))
			val = append(val, felt(int64(i*i)))
		}
		if err := b.AddLookupTable(7, idx, val); err != nil {
			panic(err)
		}
		x := b.PrivateInput()
		b.Lookup(7, x, b.Square(x))
		b.Lookup(7, b.Add(x, b.ConstantInt(1)), b.PrivateInput())
	}, []fp.Element{felt(3), felt(16)}, []fp.Element{felt(3), felt(17)}},
	{"runtime-table", func(b *circuit.Builder) {
		x, y := b.PrivateInput(), b.PrivateInput()
		first := []fp.Element{felt(0), felt(1), felt(2)}
		if err := b.AddRuntimeTable(9, first, []circuit.Variable{x, b.Add(x, y), b.MulConst(y, felt(2))}); err != nil {
			panic(err)
		}
		b.Lookup(9, b.ConstantInt(1), b.Add(x, y))
		b.Lookup(9, b.ConstantInt(2), y)
	}, []fp.Element{felt(3), felt(0)}, []fp.Element{felt(3), felt(4)}},
}

func buildLookupCase(t testing.TB, build func(*circuit.Builder)) *circuit.Circuit {
	t.Helper()
	b := circuit.NewBuilder()
	build(b)
	c, err := b.Compile()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// lookupTamperings are proof changes touching the lookup argument.
func lookupTamperings(p *wire.ProverProof) map[string]func(q *wire.ProverProof) {
	m := map[string]func(q *wire.ProverProof){
		"sorted comm": func(q *wire.ProverProof) {
			q.Commitments.Lookup.Sorted[0] = q.Commitments.Lookup.Aggreg
		},
		"aggreg comm": func(q *wire.ProverProof) {
			q.Commitments.Lookup.Aggreg = q.Commitments.ZComm
		},
		"sorted eval": func(q *wire.ProverProof) { q.Evals.LookupSorted[0].Zeta[0][0] ^= 1 },
		"aggreg eval": func(q *wire.ProverProof) { q.Evals.LookupAggregation.ZetaOmega[0][0] ^= 1 },
		"table eval":  func(q *wire.ProverProof) { q.Evals.LookupTable.Zeta[0][0] ^= 1 },
	}
	if p.Commitments.Lookup.Runtime != nil {
		m["runtime comm"] = func(q *wire.ProverProof) { *q.Commitments.Lookup.Runtime = q.Commitments.ZComm }
		m["runtime eval"] = func(q *wire.ProverProof) { q.Evals.RuntimeLookupTable.Zeta[0][0] ^= 1 }
	}
	return m
}

func TestProveLookups(t *testing.T) {
	s := loadSRS(t)
	for _, tc := range lookupCases {
		t.Run(tc.name, func(t *testing.T) {
			c := buildLookupCase(t, tc.build)
			ix, err := NewIndex(c, s, testOptions(t))
			if err != nil {
				t.Fatal(err)
			}
			if ix.VerifierIndex().LookupIndex == nil {
				t.Fatal("no lookup index")
			}
			p, pub := proveSolved(t, ix, c, nil, tc.good)
			vix, err := verifier.NewIndex(ix.VerifierIndex(), ix.FeatureFlags(), nil, &verifier.SRS{Vesta: s})
			if err != nil {
				t.Fatal(err)
			}
			if err := verifier.Verify(vix, p, pub); err != nil {
				t.Fatalf("verify: %v", err)
			}
			for name, f := range lookupTamperings(p) {
				q := cloneProof(p)
				f(q)
				if err := verifier.Verify(vix, q, pub); err == nil {
					t.Errorf("%s: tampered proof accepted", name)
				}
			}
			// A witness violating a lookup is refused.
			bad, err := c.Solve(nil, tc.bad)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := ix.ProveAssignment(bad); !errors.Is(err, ErrWitness) {
				t.Errorf("bad witness: err = %v, want ErrWitness", err)
			}
		})
	}
}

// TestLookupIndexErrors checks the lookup index's input validation.
func TestLookupIndexErrors(t *testing.T) {
	s := loadSRS(t)
	c := buildLookupCase(t, lookupCases[5].build) // runtime table
	ix, err := NewIndex(c, s, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	a, err := c.Solve(nil, lookupCases[5].good)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		rts  []circuit.RuntimeTableData
	}{
		{"missing", nil},
		{"wrong id", []circuit.RuntimeTableData{{ID: 8, Data: a.RuntimeTables[0].Data}}},
		{"wrong length", []circuit.RuntimeTableData{{ID: 9, Data: a.RuntimeTables[0].Data[:2]}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := *a
			b.RuntimeTables = tc.rts
			if _, _, err := ix.ProveAssignment(&b); !errors.Is(err, ErrInput) {
				t.Errorf("err = %v, want ErrInput", err)
			}
		})
	}
	if _, _, err := ix.ProveAssignment(nil); !errors.Is(err, ErrInput) {
		t.Errorf("nil assignment: %v", err)
	}
}

// rangeCheckCircuit is the o1js oracle's "rangecheck" circuit
// (oracles/o1js-kimchi.mjs): main(y public, x private).
func rangeCheckCircuit(t testing.TB) *circuit.Circuit {
	return buildLookupCase(t, func(b *circuit.Builder) {
		y := b.PublicInput()
		x := b.PrivateInput()
		b.RangeCheck64(x)
		b.RangeCheck64(b.Add(x, y))
		b.MultiRangeCheck(x, y, b.MulConst(x, felt(2)))
	})
}
