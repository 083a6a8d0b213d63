package prover

import (
	"fmt"
	"sync/atomic"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fp/fft"
	"github.com/zkml-mina/zkml/kimchi/gates"
)

// Fewer than eight slices.
//
// When t has fewer than k·n coefficients (quotientSlices), its values on k
// of the eight slices c_s·D1 (c_s = g·ω8^s) determine it. Write t as
// Σ_{j<k} x^(jn)·T_j(x) with deg T_j < n: on slice s, x^n is the constant
// v_s = c_s^n, so t there equals U_s(x) = Σ_j v_s^j·T_j(x), a polynomial of
// degree < n that one size-n inverse FFT recovers (scaled by c_s^i). The
// T_j then follow coefficient by coefficient from the k×k Vandermonde
// system in the distinct v_s = g^n·ζ8^s. The eight-slice interpolation also
// proved that the numerator is divisible by Z_H (its top n coefficients are
// zero); here nothing is left over to check, so Prove checks the gates on
// D1 first (checkGates).

// interpolateSlices returns t's k·n coefficients from its values on the
// first k = ix.qSlices slices, slice s at vals[s·n:(s+1)·n] in bit-reversed
// order. vals is overwritten.
func (ix *Index) interpolateSlices(vals []fp.Element) []fp.Element {
	n, k := ix.d1.n, ix.qSlices
	v := make([]fp.Element, k) // v_s = c_s^n
	for s := range k {
		shift := ix.sliceShift(s)
		v[s] = pow(shift, uint64(n))
		a := vals[s*n : (s+1)*n]
		ix.d1.fft.FFTInverse(a, fft.DIT) // coefficients of U_s(c_s·y)
		var inv fp.Element
		inv.Inverse(&shift)
		scalePowers(a, inv)
	}
	m := vandermondeInverse(v)
	t := make([]fp.Element, k*n)
	parallelFor(n, func(lo, hi int) {
		var p fp.Element
		for i := lo; i < hi; i++ {
			for j := range k {
				acc := &t[j*n+i]
				for s := range k {
					p.Mul(&m[j][s], &vals[s*n+i])
					acc.Add(acc, &p)
				}
			}
		}
	})
	return t
}

// vandermondeInverse returns the inverse of V[s][j] = v_s^j (distinct v_s)
// by Gauss–Jordan elimination: T = V⁻¹·U.
func vandermondeInverse(v []fp.Element) [][]fp.Element {
	k := len(v)
	a := make([][]fp.Element, k) // [V | I]
	for s := range k {
		a[s] = make([]fp.Element, 2*k)
		a[s][0].SetOne()
		for j := 1; j < k; j++ {
			a[s][j].Mul(&a[s][j-1], &v[s])
		}
		a[s][k+s].SetOne()
	}
	for c := range k {
		p := c
		for a[p][c].IsZero() {
			p++ // a Vandermonde matrix of distinct points is invertible
		}
		a[c], a[p] = a[p], a[c]
		var inv fp.Element
		inv.Inverse(&a[c][c])
		for j := range a[c] {
			a[c][j].Mul(&a[c][j], &inv)
		}
		for r := range k {
			if r == c || a[r][c].IsZero() {
				continue
			}
			f := a[r][c]
			for j := range a[r] {
				var t fp.Element
				t.Mul(&f, &a[c][j])
				a[r][j].Sub(&a[r][j], &t)
			}
		}
	}
	out := make([][]fp.Element, k)
	for s := range k {
		out[s] = a[s][k:]
	}
	return out
}

// checkGates returns ErrWitness naming the first row of the padded witness
// w where the gate constraints plus the public input polynomial pub (its
// values on D1) do not vanish: the witness check the eight-slice
// interpolation makes otherwise. The constraints of a row are combined with
// the powers of a random α, as in the quotient.
func (ix *Index) checkGates(w *[columns][]fp.Element, pub []fp.Element) error {
	n := ix.d1.n
	alpha, err := randomScalar()
	if err != nil {
		return err
	}
	alphas := powers(alpha, gates.LookupAlphaStart)
	cols := map[gates.Column][]fp.Element{}
	for c := range columns {
		cols[gates.Column{Kind: gates.Witness, Index: c}] = w[c]
		if !ix.coeffs[c].zero {
			cols[gates.Column{Kind: gates.Coefficient, Index: c}] = ix.coeffs[c].evals
		}
	}
	for g := range ix.selectors {
		if !ix.selectors[g].zero {
			cols[gates.Column{Kind: gates.Index, Index: g}] = ix.selectors[g].evals
		}
	}
	const block = quotientBlock
	nb := (n + block - 1) / block
	var bad atomic.Int64
	bad.Store(int64(n))
	errs := make([]error, nb)
	parallelTasks(nb, func(b int) {
		lo, hi := b*block, min((b+1)*block, n)
		o := newBlockOps(ix, nil, hi-lo)
		defer o.release()
		o.lo, o.n, o.cols, o.alphas = lo, n, cols, alphas
		e, err := o.constraints()
		if err != nil {
			errs[b] = err
			return
		}
		var s fp.Element
		for r := lo; r < hi; r++ {
			s.Add(e.at(r-lo), &pub[r])
			if !s.IsZero() {
				for old := bad.Load(); int64(r) < old && !bad.CompareAndSwap(old, int64(r)); old = bad.Load() {
				}
				return
			}
		}
	})
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	if r := bad.Load(); r < int64(n) {
		return fmt.Errorf("%w: the gate constraints do not hold at row %d (type %v)", ErrWitness, r, ix.gates[r].Type)
	}
	return nil
}
