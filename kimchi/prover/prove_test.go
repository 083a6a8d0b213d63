package prover

import (
	"errors"

	"github.com/zkml-mina/zkml/kimchi/vk"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/circuit"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/srs"
	"github.com/zkml-mina/zkml/kimchi/verifier"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// proveAndVerify proves a circuit with the given inputs and checks the
// proof with kimchi/verifier.
func proveAndVerify(t *testing.T, c *circuit.Circuit, public, private []fp.Element) (*Index, *wire.ProverProof, []wire.Scalar) {
	t.Helper()
	return proveAndVerifyWith(t, loadSRS(t), c, public, private)
}

// proveAndVerifyWith is proveAndVerify over the SRS s.
func proveAndVerifyWith(t *testing.T, s *srs.Vesta, c *circuit.Circuit, public, private []fp.Element) (*Index, *wire.ProverProof, []wire.Scalar) {
	t.Helper()
	ix, err := NewIndex(c, s, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	w, err := c.Witness(public, private)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Check(w); err != nil {
		t.Fatal(err)
	}
	p, pub, err := ix.Prove(w)
	if err != nil {
		t.Fatal(err)
	}
	vix, err := verifier.NewIndex(ix.VerifierIndex(), ix.FeatureFlags(), nil, &verifier.SRS{Vesta: s})
	if err != nil {
		t.Fatal(err)
	}
	if err := verifier.Verify(vix, p, pub); err != nil {
		t.Fatalf("verify: %v", err)
	}
	return ix, p, pub
}

func TestProveGeneric(t *testing.T) {
	for _, tc := range []struct {
		name            string
		c               func(testing.TB) *circuit.Circuit
		public, private []fp.Element
	}{
		{"tiny", tinyCircuit, []fp.Element{felt(81)}, []fp.Element{felt(3)}},
		// The quotient takes up to closedFormTerms public inputs from
		// their Lagrange terms and interpolates more.
		{"public-0", sumCircuit(0), nil, []fp.Element{felt(3)}},
		{"public-2", sumCircuit(2), []fp.Element{felt(5), felt(6)}, []fp.Element{felt(3)}},
		{"public-3", sumCircuit(3), []fp.Element{felt(3), felt(4), felt(5)}, []fp.Element{felt(3)}},
		{"public-9", sumCircuit(9), []fp.Element{felt(2), felt(2), felt(2), felt(2), felt(2), felt(2), felt(2), felt(2), felt(2)}, []fp.Element{felt(3)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ix, p, pub := proveAndVerify(t, tc.c(t), tc.public, tc.private)
			if len(pub) == 0 {
				return
			}
			// An edited public input is rejected.
			vix, err := verifier.NewIndex(ix.VerifierIndex(), ix.FeatureFlags(), nil, &verifier.SRS{Vesta: loadSRS(t)})
			if err != nil {
				t.Fatal(err)
			}
			bad := append([]wire.Scalar(nil), pub...)
			e := tc.public[len(tc.public)-1]
			e.Add(&e, ptr(felt(1)))
			bad[len(bad)-1] = scalarToWire(&e)
			if err := verifier.Verify(vix, p, bad); err == nil {
				t.Fatal("a proof verified with an edited public input")
			}
		})
	}
}

// sumCircuit returns a circuit asserting that its k public inputs sum to
// x·x + k for its private input x (x·x = 9 and x³ = 27 when k = 0).
func sumCircuit(k int) func(testing.TB) *circuit.Circuit {
	return func(t testing.TB) *circuit.Circuit {
		b := circuit.NewBuilder()
		pubs := make([]circuit.Variable, k)
		for i := range pubs {
			pubs[i] = b.PublicInput()
		}
		x := b.PrivateInput()
		sq := b.Mul(x, x)
		if k == 0 {
			b.AssertEqual(sq, b.ConstantInt(9))
			b.AssertEqual(b.Mul(sq, x), b.ConstantInt(27)) // kimchi needs two rows
		} else {
			sum := pubs[0]
			for _, p := range pubs[1:] {
				sum = b.Add(sum, p)
			}
			b.AssertEqual(sum, b.Add(sq, b.ConstantInt(int64(k))))
		}
		c, err := b.Compile()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
}

func poseidonCircuit(t testing.TB) *circuit.Circuit {
	b := circuit.NewBuilder()
	y := b.PublicInput()
	x := b.PrivateInput()
	h := b.Poseidon(x, b.Add(x, b.ConstantInt(1)))
	b.AssertEqual(b.Poseidon(h), y)
	c, err := b.Compile()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestProveGadgets proves a Poseidon circuit.
func TestProveGadgets(t *testing.T) {
	c := poseidonCircuit(t)
	proveAndVerify(t, c, []fp.Element{poseidonOutput(t, c)}, []fp.Element{felt(3)})
}

// poseidonOutput returns the public input that satisfies poseidonCircuit
// for the private input 3: a first witness pass leaves the public input
// unconstrained, and the hash is among the values of its final rows.
func poseidonOutput(t testing.TB, c *circuit.Circuit) fp.Element {
	a, err := c.Solve([]fp.Element{felt(0)}, []fp.Element{felt(3)})
	if err != nil {
		t.Fatal(err)
	}
	for r := len(c.Gates) - 1; r >= 0; r-- {
		for col := range 3 {
			cand := a.Columns[col][r]
			w, err := c.Witness([]fp.Element{cand}, []fp.Element{felt(3)})
			if err == nil && c.Check(w) == nil {
				return cand
			}
		}
	}
	t.Fatal("no public input satisfies the Poseidon circuit")
	return fp.Element{}
}

func TestProveRefusesBadWitness(t *testing.T) {
	s := loadSRS(t)
	c := tinyCircuit(t)
	ix, err := NewIndex(c, s, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	good, err := c.Witness([]fp.Element{felt(81)}, []fp.Element{felt(3)})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		row, col int
	}{
		{"public input cell", 0, 0},
		{"gate output", 1, 2},
		{"gate input", 2, 0},
		{"unused column", 1, 9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var w [columns][]fp.Element
			for i := range w {
				w[i] = append([]fp.Element(nil), good[i]...)
			}
			one := felt(1)
			w[tc.col][tc.row].Add(&w[tc.col][tc.row], &one)
			_, _, err := ix.Prove(w)
			if tc.col == 9 {
				// Column 9 is not constrained in this circuit: the prover
				// accepts, as kimchi does.
				if err != nil {
					t.Errorf("unconstrained cell refused: %v", err)
				}
				return
			}
			if !errors.Is(err, ErrWitness) {
				t.Errorf("bad witness: err = %v, want ErrWitness", err)
			}
		})
	}
	// Malformed inputs.
	var short [columns][]fp.Element
	if _, _, err := ix.Prove(short); !errors.Is(err, ErrInput) {
		t.Errorf("empty witness: %v", err)
	}
	long := good
	long[3] = append(long[3], fp.Element{})
	if _, _, err := ix.Prove(long); !errors.Is(err, ErrInput) {
		t.Errorf("ragged witness: %v", err)
	}
}

func TestStaticO1jsVectors(t *testing.T) {
	s := loadSRS(t)
	for _, tc := range []struct{ vk, proof string }{
		{"tiny_vk.txt", "tiny_proof.json"},
		{"vk-12.txt", "proof-12.json"},
	} {
		t.Run(tc.proof, func(t *testing.T) {
			vi, err := vk.DecodeString(readVector(t, tc.vk))
			if err != nil {
				t.Fatal(err)
			}
			p, pub, err := vk.DecodeProof([]byte(readVector(t, tc.proof)))
			if err != nil {
				t.Fatal(err)
			}
			vix, err := verifier.NewIndex(vi, &wire.FeatureFlags{}, nil, &verifier.SRS{Vesta: s})
			if err != nil {
				t.Fatal(err)
			}
			if err := verifier.Verify(vix, p, pub); err != nil {
				t.Fatalf("o1js proof rejected: %v", err)
			}
			for name, f := range tamperings(p, pub) {
				q, qp := f()
				if err := verifier.Verify(vix, q, qp); err == nil {
					t.Errorf("%s: tampered proof accepted", name)
				}
			}
		})
	}
}
