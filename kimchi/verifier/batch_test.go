package verifier

import (
	"errors"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/wire"
)

// TestVerifyBatch verifies several Vesta fixtures in one batch, then checks
// that one tampered proof makes the whole batch fail.
func TestVerifyBatch(t *testing.T) {
	names := []string{"test_generic_gate_pub", "test_poseidon", "test_recursion", "ec_test"}
	var stmts []Statement
	for _, n := range names {
		fx := loadFixture(t, n)
		ix, err := newIndexFor(t, fx)
		if err != nil {
			t.Fatal(err)
		}
		stmts = append(stmts, Statement{ix, fx.f.Proof, fx.f.PublicInputs})
	}
	if err := VerifyBatch(stmts); err != nil {
		t.Fatalf("valid batch: %v", err)
	}
	tests := []struct {
		name  string
		apply func(p *wire.ProverProof)
	}{
		{"sg negated", func(p *wire.ProverProof) { negate(&p.Proof.SG) }},
		{"evaluation flipped", func(p *wire.ProverProof) { p.Evals.W[1].Zeta[0][0] ^= 1 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fx := loadFixture(t, names[2])
			tc.apply(fx.f.Proof)
			bad := append([]Statement(nil), stmts...)
			bad[2].Proof = fx.f.Proof
			if err := VerifyBatch(bad); !errors.Is(err, ErrIPA) {
				t.Fatalf("got %v, want %v", err, ErrIPA)
			}
		})
	}
	// Mixed curves are rejected, not mis-verified.
	fx := loadFixture(t, "and_prove_and_verify_pallas")
	pix, err := newIndexFor(t, fx)
	if err != nil {
		t.Fatal(err)
	}
	if pix.Curve() != Pallas {
		t.Fatalf("curve %v, want pallas", pix.Curve())
	}
	mixed := append(append([]Statement(nil), stmts[:1]...), Statement{pix, fx.f.Proof, fx.f.PublicInputs})
	if err := VerifyBatch(mixed); !errors.Is(err, ErrIndex) {
		t.Fatalf("mixed curves: got %v", err)
	}
}
