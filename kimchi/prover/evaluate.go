package prover

import (
	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

// The proof's evaluations at ζ and ζω are computed from each polynomial's
// values on D1 (barycentric form), so a polynomial the quotient does not
// read needs no interpolation. For x outside D1,
//
//	p(x) = Σ_i p(ω^i)·λ_i,  λ_i = (x^n - 1)/n · ω^i/(x - ω^i).
//
// Because (ζω)^n = ζ^n, the weights at ζω are those at ζ rotated by one
// place (λ'_i = λ_{i-1}), so one inversion pass serves both points and each
// polynomial costs two multiplications per non-zero value.

// baryPair holds the barycentric weights of ζ over D1 and those of ζω,
// which are the same rotated by one place.
type baryPair struct {
	zeta, zetaOmega []fp.Element
}

// baryWeights returns the barycentric weights of x over D1 and their
// rotation (those of x·ω).
func (ix *Index) baryWeights(x fp.Element) baryPair {
	lambda := ix.baryLambda(x)
	n := len(lambda)
	rotated := make([]fp.Element, n)
	rotated[0] = lambda[n-1]
	copy(rotated[1:], lambda[:n-1])
	return baryPair{lambda, rotated}
}

// baryLambda returns the barycentric weights λ of x over D1. When x is a
// point ω^j of D1 they are the unit vector e_j, which evalPair reads the
// same way (p(ω^j) = p_j, p(ω^(j+1)) = p_(j+1)).
func (ix *Index) baryLambda(x fp.Element) []fp.Element {
	n := ix.d1.n
	lambda := make([]fp.Element, n)
	xn := pow(x, uint64(n))
	var c, one fp.Element
	one.SetOne()
	c.Sub(&xn, &one)
	if c.IsZero() {
		for j := range ix.sid {
			if ix.sid[j].Equal(&x) {
				lambda[j].SetOne()
				return lambda
			}
		}
	}
	c.Mul(&c, &ix.d1.nInv)
	parallelFor(n, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			lambda[i].Sub(&x, &ix.sid[i])
		}
		copy(lambda[lo:hi], fp.BatchInvert(lambda[lo:hi]))
		var t fp.Element
		for i := lo; i < hi; i++ {
			t.Mul(&c, &ix.sid[i])
			lambda[i].Mul(&lambda[i], &t)
		}
	})
	return lambda
}

// evalPair returns p(ζ) and p(ζω) for the polynomial of degree < n with
// values vals on D1 (missing trailing values are zero), given ζ's weights.
func evalPair(vals []fp.Element, w baryPair) (atZeta, atZetaOmega fp.Element) {
	return innerProduct(vals, w.zeta), innerProduct(vals, w.zetaOmega)
}
