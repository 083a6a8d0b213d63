package prover

import (
	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

// The proof's evaluations at ζ and ζω are computed from each polynomial's
// values on D1 (barycentric form), so a polynomial the quotient does not
// read needs no interpolation. A domain of n = k·m points (m = |SRS|)
// splits each polynomial p = Σ_j X^(jm)·p_j into k chunks of m
// coefficients, and the proof carries every p_j(ζ). The chunk j of the
// Lagrange polynomial L_i is
//
//	L_ij(x) = (1/n)·Σ_{t<m} ω^(-i(jm+t))·x^t
//	        = (1/n)·μ^(ij)·(μ^i·x^m - 1)·ω^i/(x - ω^i),  μ = ω^(-m),
//
// so p_j(x) = Σ_i p(ω^i)·λ_ij with λ_ij = L_ij(x); with one chunk this is
// the usual (x^n - 1)/n · ω^i/(x - ω^i). Because L_ij(xω) = μ^j·L_(i-1)j(x),
// the weights at ζω are those at ζ rotated by one place and scaled by μ^j,
// so one inversion pass serves both points and each chunk costs two
// multiplications per non-zero value.

// baryPair holds, per chunk j, the barycentric weights of ζ over D1 and
// their rotation by one place, and μ^j (ζω's weights are μ^j times the
// rotated ones).
type baryPair struct {
	zeta, rotated [][]fp.Element
	mu            []fp.Element
}

// baryWeights returns the chunked barycentric weights of x over D1.
func (ix *Index) baryWeights(x fp.Element) baryPair {
	n, k := ix.d1.n, ix.chunks
	m := n / k
	base := ix.baryBase(x)
	var mu fp.Element // ω^(-m)
	mu.Inverse(&ix.sid[m%n])
	mus := powers(mu, k)
	// factor[j][r] = μ^(rj)·(μ^r·x^m - 1) for r = i mod k.
	xm := pow(x, uint64(m))
	var one fp.Element
	one.SetOne()
	factor := make([][]fp.Element, k)
	for j := range factor {
		factor[j] = make([]fp.Element, k)
		for r := range k {
			var t fp.Element
			t.Mul(&mus[r], &xm)
			t.Sub(&t, &one)
			factor[j][r].Mul(&t, &mus[(r*j)%k])
		}
	}
	w := baryPair{zeta: make([][]fp.Element, k), rotated: make([][]fp.Element, k), mu: mus}
	on := -1 // x = ω^on
	for i := range ix.sid {
		if base[i].IsZero() && ix.sid[i].Equal(&x) {
			on = i
			break
		}
	}
	var kInv fp.Element
	kInv.SetUint64(uint64(k))
	kInv.Inverse(&kInv)
	parallelTasks(k, func(j int) {
		l := make([]fp.Element, n)
		for i := range l {
			l[i].Mul(&base[i], &factor[j][i%k])
		}
		if on >= 0 { // L_on,j(ω^on) = μ^(on·j)/k
			l[on].Mul(&mus[(on*j)%k], &kInv)
		}
		r := make([]fp.Element, n)
		r[0] = l[n-1]
		copy(r[1:], l[:n-1])
		w.zeta[j], w.rotated[j] = l, r
	})
	return w
}

// baryBase returns ω^i/(n·(x - ω^i)) for every i, zero where x = ω^i.
func (ix *Index) baryBase(x fp.Element) []fp.Element {
	n := ix.d1.n
	base := make([]fp.Element, n)
	parallelFor(n, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			base[i].Sub(&x, &ix.sid[i])
		}
		copy(base[lo:hi], fp.BatchInvert(base[lo:hi])) // 0 stays 0
		var t fp.Element
		for i := lo; i < hi; i++ {
			t.Mul(&ix.d1.nInv, &ix.sid[i])
			base[i].Mul(&base[i], &t)
		}
	})
	return base
}

// evalPair returns the chunk values p_j(ζ) and p_j(ζω) of the polynomial
// of degree < n with values vals on D1 (missing trailing values are zero),
// given ζ's weights.
func evalPair(vals []fp.Element, w baryPair) (atZeta, atZetaOmega []fp.Element) {
	k := len(w.zeta)
	atZeta, atZetaOmega = make([]fp.Element, k), make([]fp.Element, k)
	for j := range k {
		atZeta[j] = innerProduct(vals, w.zeta[j])
		atZetaOmega[j] = innerProduct(vals, w.rotated[j])
		atZetaOmega[j].Mul(&atZetaOmega[j], &w.mu[j])
	}
	return atZeta, atZetaOmega
}
