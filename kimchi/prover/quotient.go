package prover

import (
	"fmt"
	"math/bits"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fp/fft"
	"github.com/zkml-mina/zkml/kimchi/gates"
)

// The quotient t = (gates + permutation + public)/Z_H + boundary
// (prover.rs quotient_poly, permutation.rs perm_quot) is computed on the
// coset g·D8 of the size-8n domain (g = 5), which avoids the roots of Z_H:
// proof-systems evaluates on D8 itself and divides in coefficient form,
// which gives the same polynomial. The coset is handled as eight slices
// g·ω8^k·D1 (k < 8): on each slice every polynomial of degree < n costs one
// size-n FFT and Z_H is constant. A quotient of degree below k·n needs
// only k of them (quotientSlices; quotient_slices.go): without lookups
// that is 7, or 6 when a permuted column is unused. The gate constraints
// are kimchi/gates' generic definitions evaluated by blockOps over blocks
// of rows.

// gateDef is a selector gate with its constraints (the list of
// kimchi/gates combine.go gateDefs; the order does not matter for the sum).
type gateDef[T any] struct {
	typ    gates.GateType
	checks func(gates.Ops[T]) []T
	on     func(gates.FeatureFlags) bool
}

func gateDefs[T any]() []gateDef[T] {
	always := func(gates.FeatureFlags) bool { return true }
	return []gateDef[T]{
		{gates.Poseidon, gates.PoseidonChecks[T], always},
		{gates.VarBaseMul, gates.VarBaseMulChecks[T], always},
		{gates.CompleteAdd, gates.CompleteAddChecks[T], always},
		{gates.EndoMul, gates.EndoMulChecks[T], always},
		{gates.EndoMulScalar, gates.EndoMulScalarChecks[T], always},
		{gates.RangeCheck0, gates.RangeCheck0Checks[T], func(f gates.FeatureFlags) bool { return f.RangeCheck0 }},
		{gates.RangeCheck1, gates.RangeCheck1Checks[T], func(f gates.FeatureFlags) bool { return f.RangeCheck1 }},
		{gates.ForeignFieldAdd, gates.ForeignFieldAddChecks[T], func(f gates.FeatureFlags) bool { return f.ForeignFieldAdd }},
		{gates.ForeignFieldMul, gates.ForeignFieldMulChecks[T], func(f gates.FeatureFlags) bool { return f.ForeignFieldMul }},
		{gates.Xor16, gates.XorChecks[T], func(f gates.FeatureFlags) bool { return f.Xor }},
		{gates.Rot64, gates.RotChecks[T], func(f gates.FeatureFlags) bool { return f.Rot }},
		{gates.Generic, gates.GenericChecks[T], always},
	}
}

// constraintExpr adds, for every gate present in the circuit, selector ·
// Σ α^i c_i, plus the lookup constraints: gates.Linearization's sum
// without the gates whose selector is identically zero.
func constraintExpr[T any](ix *Index, o gates.Ops[T]) (T, error) {
	acc := o.Const(0)
	for _, g := range gateDefs[T]() {
		if !g.on(ix.flags) || ix.selectors[g.typ].zero {
			continue
		}
		cs := g.checks(o)
		acc = o.Add(acc, o.Mul(o.Cell(gates.Column{Kind: gates.Index, Index: int(g.typ)}, gates.Curr),
			gates.CombineConstraints(o, 0, cs)))
	}
	if ix.flags.Lookup.AnyPattern() {
		cs, err := gates.LookupChecks(o, ix.flags.Lookup)
		if err != nil {
			var zero T
			return zero, fmt.Errorf("prover: lookup constraints: %w", err)
		}
		acc = o.Add(acc, gates.CombineConstraints(o, gates.LookupAlphaStart, cs))
	}
	return acc, nil
}

// Internal column kinds for the permutation's polynomials.
const (
	colSigma gates.ColumnKind = -1 - iota
	colZ
	colPublic
)

// closedFormTerms is the most non-zero values on D1 for which the quotient
// takes a per-proof polynomial (the public one, or a sparse witness column
// such as one used only by the zero-knowledge rows) from its Lagrange terms
// (lagrangeOnSlice: one multiplication per term and point) instead of
// interpolating it and evaluating it on every slice (one size-n FFT each:
// about (log n)/2 + 1 multiplications per point, plus the interpolation).
const closedFormTerms = 8

// sparseColumn is a column's non-zero values on D1 and their rows.
type sparseColumn struct {
	rows []int
	vals []fp.Element
}

// sparseValues returns v's non-zero values and their rows, or nil when
// there are more than closedFormTerms of them.
func sparseValues(v []fp.Element) *sparseColumn {
	sc := new(sparseColumn)
	for r := range v {
		if v[r].IsZero() {
			continue
		}
		if len(sc.rows) == closedFormTerms {
			return nil
		}
		sc.rows = append(sc.rows, r)
		sc.vals = append(sc.vals, v[r])
	}
	return sc
}

// quotientBlock is the number of rows blockOps evaluates at once.
const quotientBlock = 256

// quotientCosetShift is g, the quotient coset g·D8's shift.
const quotientCosetShift = 5

// quotientInputs are the per-proof polynomials the quotient needs.
type quotientInputs struct {
	// The per-proof polynomials' coefficients (w, z, pub, lookup) are in
	// bit-reversed order (domain.interpolateBitRev).
	w       [columns][]fp.Element  // coefficients, nil for the columns in wSparse
	wSparse [columns]*sparseColumn // witness columns taken from their few values (closedFormTerms)
	z       []fp.Element           // coefficients
	pub     []fp.Element           // coefficients of the (negated) public polynomial, nil when closedFormTerms applies
	pubRows *sparseColumn          // or its values: the negated public inputs on rows 0..p-1 (nil: none)
	alpha   fp.Element
	alphas  []fp.Element
	beta    fp.Element
	gamma   fp.Element
	joint   fp.Element
	lookup  map[gates.Column][]fp.Element // lookup polynomials' coefficients
	// need and rec are ix.quotientReads(): the columns and domain
	// polynomials the constraints read.
	need map[gates.Column]bool
	rec  *recorder
	// fillSlices lets this proof fill the index's slice cache (from the
	// index's second Prove on).
	fillSlices bool
}

// quotient returns the coefficients of t (at most 7n), or, on eight
// slices, ErrWitness when the numerator is not divisible by Z_H.
func (ix *Index) quotient(in *quotientInputs) ([]fp.Element, error) {
	all, err := ix.quotientEvals(in)
	if err != nil {
		return nil, err
	}
	if ix.qSlices < 8 {
		return ix.interpolateSlices(all), nil
	}
	n := ix.d1.n
	// Interpolate on g·D8: coefficients c_j·g^j = iFFT(values), the
	// values being in bit-reversed order.
	ix.d8.fft.FFTInverse(all, fft.DIT)
	var gInv fp.Element
	gInv.SetUint64(quotientCosetShift)
	gInv.Inverse(&gInv)
	scalePowers(all, gInv)
	for j := 7 * n; j < 8*n; j++ {
		if !all[j].IsZero() {
			return nil, fmt.Errorf("%w: the constraint polynomial is not divisible by the vanishing polynomial", ErrWitness)
		}
	}
	return all[:7*n], nil
}

// quotientEvals returns t's values on the index's qSlices slices. On all
// eight they are g·D8 in bit-reversed order (8n values: the point g·ω8^j
// at index bitrev(j)), the order the inverse DIT FFT reads; for j = 8r + k
// (row r of slice k) that index is bitrev3(k)·n + bitrev(r), so each slice
// fills its own n values. On fewer, slice k fills [k·n, (k+1)·n) in
// bit-reversed order (interpolateSlices).
func (ix *Index) quotientEvals(in *quotientInputs) ([]fp.Element, error) {
	n := ix.d1.n
	// Which columns do the constraints read?
	need, rec := in.need, in.rec
	cached, err := ix.cachedSlices(in.fillSlices)
	if err != nil {
		return nil, err
	}
	var one fp.Element
	one.SetOne()
	a0 := in.alphas[gates.PermutationAlphaStart]
	a1 := in.alphas[gates.PermutationAlphaStart+1]
	a2 := in.alphas[gates.PermutationAlphaStart+2]
	if !ix.shifts[0].IsOne() {
		return nil, fmt.Errorf("prover: permutation shift k_0 is not 1")
	}
	var betaShifts [permuts]fp.Element // β·k_c
	for c := range permuts {
		betaShifts[c].Mul(&in.beta, &ix.shifts[c])
	}
	// The polynomials evaluated per slice (the fixed ones come from the
	// index's slice cache when it holds them), with one buffer each
	// reused by every slice.
	type job struct {
		col    gates.Column
		coeffs []fp.Element
		bitRev bool // coeffs are in bit-reversed order
		buf    []fp.Element
	}
	var jobs []job
	var sparse []gates.Column // witness columns in in.wSparse
	anyNatural := false       // some fixed polynomial is evaluated here
	for c := range need {
		if _, ok := cached[c]; ok {
			continue
		}
		coeffs, ok := ix.fixedCoeffs(c)
		bitRev := !ok // per-proof: bit-reversed; fixed: natural order
		anyNatural = anyNatural || !bitRev
		if !ok {
			switch c.Kind {
			case gates.Witness:
				if in.wSparse[c.Index] != nil {
					sparse = append(sparse, c)
					continue
				}
				if coeffs = in.w[c.Index]; coeffs == nil {
					return nil, fmt.Errorf("prover: witness column %d was not interpolated", c.Index)
				}
			case colZ:
				coeffs = in.z
			case colPublic:
				if coeffs = in.pub; coeffs == nil {
					continue // from its Lagrange terms, per slice
				}
			default:
				coeffs = in.lookup[c]
			}
		}
		if len(coeffs) == 0 && (c.Kind == gates.Coefficient || c.Kind == gates.Index) {
			continue // blockOps reads a missing column as the constant 0
		}
		jobs = append(jobs, job{c, coeffs, bitRev, nil})
	}
	zeroVec := make([]fp.Element, n)
	for i := range jobs {
		if len(jobs[i].coeffs) == 0 {
			jobs[i].buf = zeroVec // zero polynomial: not evaluated
		} else {
			jobs[i].buf = make([]fp.Element, n)
		}
	}

	all := make([]fp.Element, ix.qSlices*n)
	// Per-slice vectors, allocated once and refilled for every slice; the
	// slice's points come from the index's cache when it holds them.
	pw, a2inv2 := make([]fp.Element, n), make([]fp.Element, n)
	var geomBuf *sliceGeom
	var pvBuf []fp.Element
	pubRows := in.pubRows
	if in.pub == nil {
		pvBuf = make([]fp.Element, n)
		if pubRows == nil {
			pubRows = new(sparseColumn)
		}
	}
	sparseBufs := make([][]fp.Element, len(sparse))
	for i := range sparseBufs {
		sparseBufs[i] = make([]fp.Element, n)
	}
	lagr := make(map[[2]int][]fp.Element, len(rec.lagrange))
	for key := range rec.lagrange {
		lagr[key] = make([]fp.Element, n)
	}
	logN := uint(bits.TrailingZeros(uint(n)))
	for k := range ix.qSlices {
		shift := ix.sliceShift(k)
		// This slice's values, bit-reversed: in the bit-reversed order of
		// g·D8 when all eight slices make up the coset, else slice by slice
		// (interpolateSlices).
		out := all[k*n:][:n]
		if ix.qSlices == 8 {
			out = all[int(bits.Reverse8(uint8(k))>>5)*n:][:n]
		}
		g := ix.cachedGeom(k)
		switch {
		case g == nil:
			if geomBuf == nil {
				geomBuf = newSliceGeom(n)
			}
			g = geomBuf
			g.fill(ix, k, pw) // pw: the shift's powers, natural order
		case anyNatural:
			powersInto(pw, shift)
		}
		xs, inv1, pwBR := g.xs, g.inv1, g.pwBR // shared by every polynomial on this slice
		parallelTasks(len(jobs), func(i int) {
			switch j := &jobs[i]; {
			case len(j.coeffs) == 0:
			case j.bitRev:
				ix.d1.cosetEvaluateBitRev(j.buf, j.coeffs, pwBR)
			default:
				ix.d1.cosetEvaluatePowers(j.buf, j.coeffs, pw)
			}
		})
		cols := make(map[gates.Column][]fp.Element, len(need))
		for c, ev := range cached {
			cols[c] = ev[k*n : (k+1)*n]
		}
		for _, j := range jobs {
			cols[j.col] = j.buf
		}
		for i, c := range sparse {
			cols[c] = sparseBufs[i] // filled once inv1 is known
		}
		var wv, sv [permuts][]fp.Element
		for i := range permuts {
			wv[i] = cols[gates.Column{Kind: gates.Witness, Index: i}]
			sv[i] = cols[gates.Column{Kind: colSigma, Index: i}]
		}
		zv := cols[gates.Column{Kind: colZ}]
		// x_i = shift·ω^i; Z_H(x_i) = shift^n - 1.
		zh := pow(shift, uint64(n))
		zh.Sub(&zh, &one)
		if zh.IsZero() {
			return nil, fmt.Errorf("prover: coset meets the domain")
		}
		var zhInv, a0zh fp.Element
		zhInv.Inverse(&zh)
		a0zh.Mul(&a0, &zhInv) // α0/Z_H
		zkpl := g.zkpl
		// Every 1/(x-ω^j) the slice needs is a rotation of inv1
		// (rotatedInverse).
		ix.rotatedInverse(a2inv2, inv1, n-ix.zkRows, a2) // α2/(x-ω^(n-zk))
		pv := cols[gates.Column{Kind: colPublic}]
		if in.pub == nil {
			pv = pvBuf
			ix.lagrangeOnSlice(pv, pubRows.rows, pubRows.vals, inv1, zh)
		}
		for i, c := range sparse {
			sc := in.wSparse[c.Index]
			ix.lagrangeOnSlice(sparseBufs[i], sc.rows, sc.vals, inv1, zh)
		}
		for key, l := range lagr {
			ix.unnormalizedLagrange(l, inv1, zh, key[0] == 1, key[1])
		}
		var vanishZK []fp.Element
		if rec.vanish {
			vanishZK = make([]fp.Element, n)
			parallelFor(n, func(lo, hi int) {
				for i := lo; i < hi; i++ {
					vanishZK[i].SetOne()
					for r := n - ix.zkRows - 1; r < n; r++ {
						var d fp.Element
						d.Sub(&xs[i], &ix.sid[r])
						vanishZK[i].Mul(&vanishZK[i], &d)
					}
				}
			})
		}
		const block = quotientBlock
		nb := (n + block - 1) / block
		errs := make([]error, nb)
		parallelTasks(nb, func(b int) {
			lo, hi := b*block, min((b+1)*block, n)
			o := newBlockOps(ix, nil, hi-lo)
			defer o.release()
			o.lo, o.n, o.cols, o.alphas = lo, n, cols, in.alphas
			o.chals = [4]fp.Element{in.alpha, in.beta, in.gamma, in.joint}
			o.lagr, o.vanish = lagr, vanishZK
			e, err := o.constraints()
			if err != nil {
				errs[b] = err
				return
			}
			var t, u, prodShift, prodSigma, bz fp.Element
			for r := lo; r < hi; r++ {
				i := r - lo
				// Permutation (perm_quot): α0·zkpl·(z·Π(w+β·k·x+γ) - z(ωx)·Π(w+β·σ+γ)).
				prodShift.Set(&zv[r])
				bz.Mul(&in.beta, &xs[r])
				next := r + 1
				if next == n {
					next = 0
				}
				prodSigma.Set(&zv[next])
				for c := range permuts {
					u.Add(&wv[c][r], &in.gamma)
					t = bz // β·k_0·x, k_0 = 1
					if c > 0 {
						t.Mul(&betaShifts[c], &xs[r])
					}
					t.Add(&t, &u)
					prodShift.Mul(&prodShift, &t)
					t.Mul(&in.beta, &sv[c][r])
					t.Add(&t, &u)
					prodSigma.Mul(&prodSigma, &t)
				}
				prodShift.Sub(&prodShift, &prodSigma)
				t.Mul(&a0zh, &zkpl[r])
				prodShift.Mul(&prodShift, &t)
				// numerator = gates + perm + public; t = numerator/Z_H + bnd,
				// the permutation's 1/Z_H already in a0zh.
				var num fp.Element
				num.Add(e.at(i), &pv[r])
				num.Mul(&num, &zhInv)
				num.Add(&num, &prodShift)
				// bnd = (z-1)·(α1/(x-1) + α2/(x-ω^(n-zk))).
				t.Mul(&a1, &inv1[r])
				t.Add(&t, &a2inv2[r])
				u.Sub(&zv[r], &one)
				t.Mul(&t, &u)
				num.Add(&num, &t)
				out[bitRev(r, logN)] = num
			}
		})
		for _, err := range errs {
			if err != nil {
				return nil, err
			}
		}
	}
	return all, nil
}

// rotatedInverse sets out[r] = c/(x_r - ω^j) on a slice's points x_r =
// s·ω^r from inv1[r] = 1/(x_r - 1): since x_r - ω^j = ω^j·(x_(r-j) - 1),
// it is c·ω^(-j)·inv1[r-j] (indices mod n), one multiplication per point
// instead of a batch inversion.
func (ix *Index) rotatedInverse(out, inv1 []fp.Element, j int, c fp.Element) {
	n := ix.d1.n
	j = ((j % n) + n) % n
	c.Mul(&c, &ix.sid[(n-j)%n])
	parallelFor(n, func(lo, hi int) {
		for r := lo; r < hi; r++ {
			out[r].Mul(&c, &inv1[(r-j+n)%n])
		}
	})
}

// lagrangeOnSlice sets out to the polynomial Σ_i vals[i]·L_rows[i] on a
// slice, given its few values on D1, with zh = x^n - 1 on the slice and
// inv1[r] = 1/(x_r - 1): L_j(x) = (ω^j/n)·(x^n - 1)/(x - ω^j) and
// 1/(x_r - ω^j) = ω^(-j)·inv1[r-j] (rotatedInverse), so the ω^j cancel
// and each term costs one multiplication per point.
func (ix *Index) lagrangeOnSlice(out []fp.Element, rows []int, vals, inv1 []fp.Element, zh fp.Element) {
	n := ix.d1.n
	cs := make([]fp.Element, len(vals))
	for i := range vals {
		cs[i].Mul(&vals[i], &zh)
		cs[i].Mul(&cs[i], &ix.d1.nInv)
	}
	parallelFor(n, func(lo, hi int) {
		var t fp.Element
		for r := lo; r < hi; r++ {
			out[r].SetZero()
			for i := range cs {
				j := r - rows[i]
				if j < 0 {
					j += n
				}
				t.Mul(&cs[i], &inv1[j])
				out[r].Add(&out[r], &t)
			}
		}
	})
}

// unnormalizedLagrange sets out to (x^n - 1)/(x - ω^i) with i = offset
// (- zk_rows when zk) on a slice's points, from inv1 as in rotatedInverse.
func (ix *Index) unnormalizedLagrange(out, inv1 []fp.Element, zh fp.Element, zk bool, offset int) {
	i := offset
	if zk {
		i -= ix.zkRows
	}
	ix.rotatedInverse(out, inv1, i, zh)
}
