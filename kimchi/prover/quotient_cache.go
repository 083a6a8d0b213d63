package prover

import (
	"cmp"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/gates"
)

// DefaultSliceCacheMB is the default Options.SliceCacheMB: enough for
// every fixed polynomial of a 2^14 circuit and for about 32 of them at
// 2^16 (16 MiB each there).
const DefaultSliceCacheMB = 512

// sliceCache holds the evaluations of the index's fixed polynomials (σ,
// coefficient columns, gate and lookup selectors) on the quotient's
// coset slices g·ω8^k·D1, which are the same in every proof. It is filled
// on the index's second Prove (one size-n FFT per polynomial and slice, as
// every Prove does without it, so a one-shot prove keeps its memory) and
// only read afterwards, so concurrent Proves share it. Polynomials beyond
// the memory budget are evaluated per proof.
type sliceCache struct {
	once sync.Once
	done atomic.Bool // once has run
	// evals[c] has qSlices·n elements: slice k at [k·n, (k+1)·n).
	evals map[gates.Column][]fp.Element
	// geom[k] is slice k's points (nil when the budget left no room).
	geom []*sliceGeom
	err  error
}

// sliceGeom is what every proof needs of one quotient slice's points x_r =
// s·ω^r besides the polynomials' values: it depends only on the domain.
type sliceGeom struct {
	pwBR []fp.Element // s^i in bit-reversed order (cosetEvaluateBitRev)
	xs   []fp.Element // x_r
	inv1 []fp.Element // 1/(x_r - 1)
	// zkpl[r] is the permutation's vanishing factor Π (x_r - ω^j) over
	// j = n-zk, n-zk+1, n-1 (eval_permutation_vanishing_polynomial).
	zkpl []fp.Element
}

// sliceGeomVectors is the number of n-element vectors a sliceGeom holds.
const sliceGeomVectors = 4

func newSliceGeom(n int) *sliceGeom {
	return &sliceGeom{
		pwBR: make([]fp.Element, n), xs: make([]fp.Element, n),
		inv1: make([]fp.Element, n), zkpl: make([]fp.Element, n),
	}
}

// fill computes slice k's points into g; pw is scratch of n elements,
// left holding s^i in natural order.
func (g *sliceGeom) fill(ix *Index, k int, pw []fp.Element) {
	shift := ix.sliceShift(k)
	powersInto(pw, shift)
	bitReverseInto(g.pwBR, pw)
	roots := ix.permVanishingRoots()
	var one fp.Element
	one.SetOne()
	parallelFor(ix.d1.n, func(lo, hi int) {
		var t fp.Element
		for i := lo; i < hi; i++ {
			g.xs[i].Mul(&shift, &ix.sid[i])
			g.inv1[i].Sub(&g.xs[i], &one)
			g.zkpl[i].Sub(&g.xs[i], &roots[0])
			for _, r := range roots[1:] {
				t.Sub(&g.xs[i], &r)
				g.zkpl[i].Mul(&g.zkpl[i], &t)
			}
		}
		copy(g.inv1[lo:hi], fp.BatchInvert(g.inv1[lo:hi]))
	})
}

// permVanishingRoots are the roots ω^(n-zk), ω^(n-zk+1), ω^(n-1) of the
// permutation's vanishing polynomial (eval_permutation_vanishing_polynomial):
// three whatever zk_rows is.
func (ix *Index) permVanishingRoots() [3]fp.Element {
	n := ix.d1.n
	return [3]fp.Element{
		pow(ix.d1.omega, uint64(n-ix.zkRows)),
		pow(ix.d1.omega, uint64(n-ix.zkRows+1)),
		pow(ix.d1.omega, uint64(n-1)),
	}
}

// fixedCoeffs returns the coefficients of a fixed column, and false for a
// per-proof column (witness, z, public input, lookup sorted/aggregation/
// table/runtime table).
func (ix *Index) fixedCoeffs(c gates.Column) ([]fp.Element, bool) {
	switch c.Kind {
	case gates.Coefficient:
		return ix.coeffs[c.Index].coeffs, true
	case gates.Index:
		return ix.selectors[c.Index].coeffs, true
	case colSigma:
		return ix.sigma[c.Index].coeffs, true
	case gates.LookupKindIndex:
		if ix.lookup != nil && c.Index >= 0 && c.Index < len(ix.lookup.selectors) && ix.lookup.selectors[c.Index] != nil {
			return ix.lookup.selectors[c.Index].coeffs, true
		}
	case gates.LookupRuntimeSelector:
		if ix.lookup != nil && ix.lookup.runtimeSel != nil {
			return ix.lookup.runtimeSel.coeffs, true
		}
	}
	return nil, false
}

// quotientReads is what the quotient evaluates on each slice: the columns
// the constraints read plus w_0..w_6, σ_0..σ_6, z and the public
// polynomial for the permutation, and the recorder of the dry run (which
// also lists the Lagrange and vanishing polynomials used).
func (ix *Index) quotientReads() (map[gates.Column]bool, *recorder, error) {
	rec := &recorder{cols: map[gates.Column]bool{}, lagrange: map[[2]int]bool{}}
	recOps := newBlockOps(ix, rec, 1)
	if _, err := constraintExpr(ix, recOps); err != nil {
		return nil, nil, err
	}
	if recOps.err != nil {
		return nil, nil, recOps.err
	}
	need := map[gates.Column]bool{}
	for c := range rec.cols {
		need[c] = true
	}
	for i := range permuts {
		need[gates.Column{Kind: gates.Witness, Index: i}] = true
		need[gates.Column{Kind: colSigma, Index: i}] = true
	}
	need[gates.Column{Kind: colZ}] = true
	need[gates.Column{Kind: colPublic}] = true
	return need, rec, nil
}

// sliceShift is g·ω8^k, the shift of the quotient's k-th coset slice.
func (ix *Index) sliceShift(k int) fp.Element {
	var shift fp.Element
	shift.SetUint64(quotientCosetShift)
	if k > 0 {
		w := pow(ix.d8.omega, uint64(k))
		shift.Mul(&shift, &w)
	}
	return shift
}

// cachedSlices returns the cached slice evaluations, filling the cache on
// the first call with fill set (before that it returns nil); columns
// missing from the map are evaluated per proof.
func (ix *Index) cachedSlices(fill bool) (map[gates.Column][]fp.Element, error) {
	c := &ix.slices
	if !fill && !c.done.Load() {
		return nil, nil
	}
	c.once.Do(func() {
		c.evals, c.geom, c.err = ix.fillSliceCache()
		c.done.Store(true)
	})
	return c.evals, c.err
}

// cachedGeom returns slice k's cached points, or nil.
func (ix *Index) cachedGeom(k int) *sliceGeom {
	if c := &ix.slices; c.done.Load() && k < len(c.geom) {
		return c.geom[k]
	}
	return nil
}

// fillSliceCache evaluates the non-zero fixed polynomials the quotient
// reads on the quotient's slices, in column order until the budget is
// spent, and keeps the slices' points (sliceGeom) if the rest of the budget
// holds them: a polynomial saves a size-n FFT per slice, the points about
// as much for four vectors, so the polynomials come first.
func (ix *Index) fillSliceCache() (map[gates.Column][]fp.Element, []*sliceGeom, error) {
	n := ix.d1.n
	per := int64(ix.qSlices*n) * fp.Bytes
	budget := ix.sliceCacheBytes
	if budget < per {
		return nil, nil, nil
	}
	need, _, err := ix.quotientReads()
	if err != nil {
		return nil, nil, fmt.Errorf("prover: slice cache: %w", err)
	}
	var cols []gates.Column
	for c := range need {
		if coeffs, ok := ix.fixedCoeffs(c); ok && len(coeffs) > 0 {
			cols = append(cols, c)
		}
	}
	slices.SortFunc(cols, func(a, b gates.Column) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Index, b.Index))
	})
	if keep := budget / per; int64(len(cols)) > keep {
		cols = cols[:keep]
	}
	var geom []*sliceGeom
	if budget-int64(len(cols))*per >= sliceGeomVectors*per {
		geom = make([]*sliceGeom, ix.qSlices)
		for k := range geom {
			geom[k] = newSliceGeom(n)
		}
	}
	evals := make(map[gates.Column][]fp.Element, len(cols))
	for _, c := range cols {
		evals[c] = make([]fp.Element, ix.qSlices*n)
	}
	pw := make([]fp.Element, n)
	for k := range ix.qSlices {
		if geom != nil {
			geom[k].fill(ix, k, pw)
		} else {
			powersInto(pw, ix.sliceShift(k))
		}
		// pw is shared by the slice's polynomials.
		parallelTasks(len(cols), func(i int) {
			coeffs, _ := ix.fixedCoeffs(cols[i])
			ix.d1.cosetEvaluatePowers(evals[cols[i]][k*n:(k+1)*n], coeffs, pw)
		})
	}
	return evals, geom, nil
}
