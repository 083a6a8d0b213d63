package prover

import (
	"testing"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

// TestEvalPair checks the barycentric evaluations at ζ and ζω against
// Horner's rule on the interpolated coefficients: dense and sparse values,
// and ζ outside D1 or on it (ω^j, the last point too).
func TestEvalPair(t *testing.T) {
	ix, err := NewIndex(tinyCircuit(t), loadSRS(t), testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	n := ix.d1.n
	dense, err := randomScalars(n)
	if err != nil {
		t.Fatal(err)
	}
	sparse := make([]fp.Element, n)
	sparse[0], sparse[n-1], sparse[n/2] = felt(7), felt(-3), dense[5]
	outside, err := randomScalar()
	if err != nil {
		t.Fatal(err)
	}
	for _, zc := range []struct {
		name string
		zeta fp.Element
	}{{"outside", outside}, {"omega^3", ix.sid[3]}, {"omega^(n-1)", ix.sid[n-1]}} {
		lambda := ix.baryWeights(zc.zeta)
		var zw fp.Element
		zw.Mul(&zc.zeta, &ix.d1.omega)
		for _, vc := range []struct {
			name string
			vals []fp.Element
		}{{"dense", dense}, {"sparse", sparse}, {"prefix", dense[:3]}, {"nil", nil}} {
			full := make([]fp.Element, n)
			copy(full, vc.vals)
			coeffs := ix.d1.interpolate(full)
			a, b := evalPair(vc.vals, lambda)
			if wa, wb := evalPoly(coeffs, &zc.zeta), evalPoly(coeffs, &zw); !a.Equal(&wa) || !b.Equal(&wb) {
				t.Errorf("%s, %s: got (%s, %s), Horner gives (%s, %s)", zc.name, vc.name, a.String(), b.String(), wa.String(), wb.String())
			}
		}
	}
}
