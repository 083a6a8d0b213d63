package prover

import (
	"testing"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

// TestEvalPair checks the barycentric chunk evaluations at ζ and ζω
// against Horner's rule on each chunk of the interpolated coefficients:
// one, two and four chunks; dense and sparse values; ζ outside D1 or on it
// (ω^j, the last point too).
func TestEvalPair(t *testing.T) {
	full := loadSRS(t)
	c := chainCircuit(t, 20) // a 64-row domain: 4 chunks of 16
	for _, chunks := range []int{1, 2, 4} {
		s, err := full.Prefix(c.DomainSize() / chunks)
		if err != nil {
			t.Fatal(err)
		}
		ix, err := NewIndex(c, s, testOptions(t))
		if err != nil {
			t.Fatal(err)
		}
		if ix.chunks < chunks {
			t.Fatalf("%d chunks wanted, index has %d", chunks, ix.chunks)
		}
		checkEvalPair(t, ix)
	}
}

func checkEvalPair(t *testing.T, ix *Index) {
	n, m := ix.d1.n, len(ix.srs.G)
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
			if len(a) != ix.chunks || len(b) != ix.chunks {
				t.Fatalf("%d/%d chunk values for %d chunks", len(a), len(b), ix.chunks)
			}
			for j := range ix.chunks {
				chunk := coeffs[j*m : (j+1)*m]
				if wa, wb := evalPoly(chunk, &zc.zeta), evalPoly(chunk, &zw); !a[j].Equal(&wa) || !b[j].Equal(&wb) {
					t.Errorf("%d chunks, %s, %s, chunk %d: got (%s, %s), Horner gives (%s, %s)", ix.chunks, zc.name, vc.name, j,
						a[j].String(), b[j].String(), wa.String(), wb.String())
				}
			}
		}
	}
}
