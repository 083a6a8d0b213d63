package verifier

import (
	"errors"
	"testing"
)

func TestGenericGate(t *testing.T) {
	fx := loadFixture(t, "test_generic_gate")
	ix, err := newIndexFor(t, fx)
	if err != nil {
		t.Fatal(err)
	}
	if err := Verify(ix, fx.f.Proof, fx.f.PublicInputs); err != nil {
		t.Fatal(err)
	}
	p := *fx.f.Proof
	p.Proof.Z1[0] ^= 1
	if err := Verify(ix, &p, fx.f.PublicInputs); !errors.Is(err, ErrIPA) {
		t.Fatalf("tampered z1: got %v", err)
	}
	p = *fx.f.Proof
	p.FtEval1[0] ^= 1
	if err := Verify(ix, &p, fx.f.PublicInputs); !errors.Is(err, ErrIPA) {
		t.Fatalf("tampered ft_eval1: got %v", err)
	}
}
