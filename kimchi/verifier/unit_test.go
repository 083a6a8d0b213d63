package verifier

import (
	"testing"

	"github.com/zkml-mina/zkml/kimchi/curve/pallas"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/ipa"
)

// TestIndexFacts checks the derived index values against the serialized
// ones and proof-systems' definitions: the domain generator and shifts are
// verified inside NewIndex; here the EndoMul coefficient stored in fixtures
// must equal the default (the other curve's endo_q).
func TestIndexFacts(t *testing.T) {
	for _, fx := range loadFixtures(t) {
		ix, err := newIndexFor(t, fx)
		if err != nil {
			t.Fatalf("%s: %v", fx.name, err)
		}
		if fx.f.Endo == nil || ix.curve != Vesta {
			continue
		}
		e, err := ipa.ScalarFromWire[fp.Element](fx.f.Endo)
		if err != nil {
			t.Fatal(err)
		}
		want := pallas.EndoBase()
		if !e.Equal(&want) {
			t.Errorf("%s: fixture endo differs from pallas endo_q", fx.name)
		}
	}
}

// TestPublicCommitmentPaths checks that the inverse-FFT path for large
// public inputs agrees with the precomputed Lagrange commitments.
func TestPublicCommitmentPaths(t *testing.T) {
	fx := loadFixture(t, "test_generic_gate_pub")
	ix, err := newIndexFor(t, fx)
	if err != nil {
		t.Fatal(err)
	}
	public, err := decodeScalars[fp.Element](fx.f.PublicInputs, "public")
	if err != nil || len(public) == 0 {
		t.Fatalf("public inputs: %v (%d)", err, len(public))
	}
	a, err := ix.vesta.publicCommitment(public)
	if err != nil {
		t.Fatal(err)
	}
	saved := ix.vesta.lagrange
	ix.vesta.lagrange = nil
	b, err := ix.vesta.publicCommitment(public)
	ix.vesta.lagrange = saved
	if err != nil {
		t.Fatal(err)
	}
	if !a[0].Equal(&b[0]) {
		t.Fatal("FFT and Lagrange public commitments differ")
	}
}

func TestBPolyCoefficients(t *testing.T) {
	var chals [3]fp.Element
	for i := range chals {
		chals[i].SetUint64(uint64(3 + 2*i))
	}
	var x fp.Element
	x.SetUint64(11)
	s := ipa.BPolyCoefficients[fp.Element](chals[:])
	var got, pw fp.Element
	pw.SetOne()
	for i := range s {
		var t fp.Element
		t.Mul(&s[i], &pw)
		got.Add(&got, &t)
		pw.Mul(&pw, &x)
	}
	want := ipa.BPoly[fp.Element](chals[:], x)
	if !got.Equal(&want) {
		t.Fatal("b_poly_coefficients disagrees with b_poly")
	}
}
