package kcircuit

import (
	"errors"
	"fmt"
	"math/big"
	"slices"

	"github.com/zkml-mina/zkml/kimchi/circuit"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

// elem is one tensor element in the circuit: the affine value a·cell + k of
// a single witness cell (cell < 0: the constant k), with integer bounds the
// circuit proves (lo ≤ value ≤ hi once every constraint holds). rc names a
// pending range record whose U cell is this element's cell when the
// element has the form U − 2^(w−1) (see rcRec), or −1.
type elem struct {
	cell   int32
	a, k   fp.Element
	lo, hi int64
	rc     int32
}

func constElem(v int64) elem {
	return elem{cell: -1, k: fe(v), lo: v, hi: v, rc: -1}
}

// cellElem is a bare cell with bounds.
func cellElem(cell int32, lo, hi int64) elem {
	var one fp.Element
	one.SetOne()
	return elem{cell: cell, a: one, lo: lo, hi: hi, rc: -1}
}

// scaled returns c·e (no gate).
func (e elem) scaled(c int64) elem {
	f := fe(c)
	e.a.Mul(&e.a, &f)
	e.k.Mul(&e.k, &f)
	e.lo, e.hi = scaleBounds(e.lo, e.hi, c)
	e.rc = -1
	return e
}

// plus returns e + c (no gate).
func (e elem) plus(c int64) elem {
	f := fe(c)
	e.k.Add(&e.k, &f)
	e.lo, e.hi = satAdd(e.lo, c), satAdd(e.hi, c)
	e.rc = -1
	return e
}

func (e elem) isConst() bool { return e.cell < 0 }

func (e elem) in32() bool { return e.lo >= -(1<<31) && e.hi < 1<<31 }

// lterm is coef·cell.
type lterm struct {
	cell int32
	coef fp.Element
}

// lin is a linear combination Σ coef·cell + k over witness cells.
type lin struct {
	terms []lterm
	k     fp.Element
}

// addElem adds w·e.
func (l *lin) addElem(e elem, w fp.Element) {
	var t fp.Element
	t.Mul(&e.k, &w)
	l.k.Add(&l.k, &t)
	if e.cell >= 0 {
		t.Mul(&e.a, &w)
		l.terms = append(l.terms, lterm{e.cell, t})
	}
}

func (l *lin) addCell(cell int32, coef fp.Element) {
	l.terms = append(l.terms, lterm{cell, coef})
}

func (l *lin) addConst(c fp.Element) { l.k.Add(&l.k, &c) }

// norm merges terms of the same cell and drops zero coefficients.
func (l *lin) norm() {
	if len(l.terms) < 2 {
		if len(l.terms) == 1 && l.terms[0].coef.IsZero() {
			l.terms = nil
		}
		return
	}
	slices.SortStableFunc(l.terms, func(x, y lterm) int { return int(x.cell) - int(y.cell) })
	out := l.terms[:0]
	for _, t := range l.terms {
		if n := len(out); n > 0 && out[n-1].cell == t.cell {
			out[n-1].coef.Add(&out[n-1].coef, &t.coef)
			continue
		}
		out = append(out, t)
	}
	l.terms = out[:0]
	for _, t := range out {
		if !t.coef.IsZero() {
			l.terms = append(l.terms, t)
		}
	}
}

// rcRec is a range check in progress: U (a cell) is split into limbs that
// are each proven below 2^L, those above the limb holding bit w−1 being 0
// (L = 12: one RangeCheck0 row, U < 2^64, its limbs above bit w−1's wired
// to 0; L < 12: ceil(w/L) looked-up limbs summing to U). Tightening to
// U < 2^w (or extracting bit w−1 as a sign) is one more lookup on top, the
// limb holding bit w−1 at position j. Tightening is deferred so that a
// consumer that needs the sign (ReLU, LeakyRelu) does both with one lookup.
type rcRec struct {
	U    circuit.Variable
	top  circuit.Variable // the limb holding bit w−1, proven < 2^L
	j    int              // bit w−1's position in top
	w    int
	done bool
}

// compiler holds the state of one Compile call.
type compiler struct {
	b     *circuit.Builder
	cells []circuit.Variable
	rcs   []rcRec
	zero  circuit.Variable
	// limbBits is the range-check backend: 12 is Kimchi's 12-bit table
	// (id 1) with RangeCheck0 rows; 2..11 is the fixed table 0..2^L−1 of
	// id rangeID, with no RangeCheck0 rows.
	limbBits int
	rangeID  int32
	// lookups counts the lookups issued (explicit Lookup gates, three per
	// row, and the four limb lookups of every RangeCheck0 row).
	lookups int
	// tamper, when set (tests only), may overwrite the outputs of the
	// gadget hints named by site during witness generation, to produce
	// dishonest witnesses.
	tamper func(site string, param int64, in, out []fp.Element)
}

// adjust lets the test hook edit a hint's honest outputs (param: the
// divisor of "div", the width of "sign", the limb width L of "limbs").
func (c *compiler) adjust(site string, param int64, in, out []fp.Element) {
	if c.tamper != nil {
		c.tamper(site, param, in, out)
	}
}

func (c *compiler) addCell(v circuit.Variable) int32 {
	c.cells = append(c.cells, v)
	return int32(len(c.cells) - 1)
}

// v returns e as a builder Variable (a linear combination, no gate).
func (c *compiler) v(e elem) circuit.Variable {
	if e.cell < 0 {
		return c.b.Constant(e.k)
	}
	return c.b.LinearCombination([]circuit.Term{{Coeff: e.a, V: c.cells[e.cell]}}, e.k)
}

// hint allocates n cells computed by f from the given cells.
func (c *compiler) hint(f circuit.Hint, n int, in ...int32) []int32 {
	vs := make([]circuit.Variable, len(in))
	for i, x := range in {
		vs[i] = c.cells[x]
	}
	out := c.b.NewHint(f, n, vs...)
	ids := make([]int32, n)
	for i, o := range out {
		ids[i] = c.addCell(o)
	}
	return ids
}

// hintV is hint over arbitrary Variables.
func (c *compiler) hintV(f circuit.Hint, n int, in ...circuit.Variable) []int32 {
	out := c.b.NewHint(f, n, in...)
	ids := make([]int32, n)
	for i, o := range out {
		ids[i] = c.addCell(o)
	}
	return ids
}

func (c *compiler) generic(g circuit.GenericCoeffs, l, r, o int32) {
	get := func(x int32) circuit.Variable {
		if x < 0 {
			return c.zero
		}
		return c.cells[x]
	}
	c.b.Generic(g, get(l), get(r), get(o))
}

var errConstContradiction = errors.New("constant constraint does not hold")

// assertLin constrains Σ terms + k = 0 with the fewest generic gates for
// three-cell gates: one for m ≤ 3 terms, m−2 otherwise (a chain of partial
// sums whose last gate takes two terms and the constant).
func (c *compiler) assertLin(l lin) error {
	l.norm()
	t := l.terms
	switch len(t) {
	case 0:
		if !l.k.IsZero() {
			return errConstContradiction
		}
		return nil
	case 1:
		c.generic(circuit.GenericCoeffs{Left: t[0].coef, Const: l.k}, t[0].cell, -1, -1)
		return nil
	case 2:
		c.generic(circuit.GenericCoeffs{Left: t[0].coef, Right: t[1].coef, Const: l.k}, t[0].cell, t[1].cell, -1)
		return nil
	case 3:
		c.generic(circuit.GenericCoeffs{Left: t[0].coef, Right: t[1].coef, Out: t[2].coef, Const: l.k}, t[0].cell, t[1].cell, t[2].cell)
		return nil
	}
	m := len(t)
	coefs := make([]fp.Element, m-2)
	in := make([]int32, m-2)
	for i := range m - 2 {
		coefs[i], in[i] = t[i].coef, t[i].cell
	}
	// partial sums s_1 = c1x1 + c2x2, s_i = s_{i−1} + c_{i+1}x_{i+1}
	ps := c.hint(func(in, out []fp.Element) error {
		var acc, p fp.Element
		for i := range in {
			p.Mul(&coefs[i], &in[i])
			acc.Add(&acc, &p)
			if i >= 1 {
				out[i-1] = acc
			}
		}
		return nil
	}, m-3, in...)
	var one, neg fp.Element
	one.SetOne()
	neg.Neg(&one)
	c.generic(circuit.GenericCoeffs{Left: t[0].coef, Right: t[1].coef, Out: neg}, t[0].cell, t[1].cell, ps[0])
	for i := 2; i < m-2; i++ {
		c.generic(circuit.GenericCoeffs{Left: one, Right: t[i].coef, Out: neg}, ps[i-2], t[i].cell, ps[i-1])
	}
	c.generic(circuit.GenericCoeffs{Left: one, Right: t[m-2].coef, Out: t[m-1].coef, Const: l.k}, ps[m-4], t[m-2].cell, t[m-1].cell)
	return nil
}

// evalLinHint returns a hint computing Σ coef·in + k.
func evalLinHint(coefs []fp.Element, k fp.Element) circuit.Hint {
	return func(in, out []fp.Element) error {
		acc := k
		var p fp.Element
		for i := range in {
			p.Mul(&coefs[i], &in[i])
			acc.Add(&acc, &p)
		}
		out[0] = acc
		return nil
	}
}

// sumCell returns a cell equal to Σ terms + k (m−1 generic gates for m
// terms; none when l is already a single cell).
func (c *compiler) sumCell(l lin) (int32, error) {
	l.norm()
	if len(l.terms) == 1 && l.k.IsZero() && l.terms[0].coef.IsOne() {
		return l.terms[0].cell, nil
	}
	coefs := make([]fp.Element, len(l.terms))
	in := make([]int32, len(l.terms))
	for i, t := range l.terms {
		coefs[i], in[i] = t.coef, t.cell
	}
	z := c.hint(evalLinHint(coefs, l.k), 1, in...)[0]
	var neg fp.Element
	neg.SetOne()
	neg.Neg(&neg)
	l.addCell(z, neg)
	return z, c.assertLin(l)
}

// elemCell returns a cell holding e's value.
func (c *compiler) elemCell(e elem) (int32, error) {
	var one fp.Element
	one.SetOne()
	var l lin
	l.addElem(e, one)
	return c.sumCell(l)
}

// ---- range checks ----

// small reports whether the compiler uses the L-bit limb table rather than
// Kimchi's 12-bit table and RangeCheck0 rows.
func (c *compiler) small() bool { return c.limbBits < limbBits12 }

// addRangeTable registers the limb table 0..2^L−1 (one column) under id
// for the small backend.
func (c *compiler) addRangeTable(id int32) error {
	if !c.small() {
		return fmt.Errorf("internal: limb table for %d-bit limbs", c.limbBits)
	}
	col := make([]fp.Element, 1<<c.limbBits)
	for i := range col {
		col[i].SetUint64(uint64(i))
	}
	if err := c.b.AddLookupTable(id, col); err != nil {
		return fmt.Errorf("range-check table: %w", err)
	}
	c.rangeID = id
	return nil
}

// limbFor returns the RangeCheck64 limb index holding bit t (16 ≤ t ≤ 63)
// and t's position in it.
func limbFor(t int) (idx, j int) {
	base := 16 + 12*((t-16)/12)
	return 3 - (base-16)/12, t - base
}

// newRC starts the range check U ∈ [0, 2^w) of a cell (17 ≤ w ≤ 64). With
// the 12-bit backend: one RangeCheck0 row, the limbs above bit w−1's limb
// wired to 0; with L-bit limbs: ceil(w/L) limbs, each looked up, summing
// to U. The check is complete after tighten or signRC.
func (c *compiler) newRC(u int32, w int) (int32, error) {
	if w < 17 || w > 64 {
		return -1, fmt.Errorf("internal: range record of width %d", w)
	}
	U := c.cells[u]
	if c.small() {
		L := c.limbBits
		n := (w + L - 1) / L
		ls, err := c.limbs(u, n)
		if err != nil {
			return -1, err
		}
		c.rcs = append(c.rcs, rcRec{U: U, top: c.cells[ls[n-1]], j: w - 1 - (n-1)*L, w: w})
		return int32(len(c.rcs) - 1), nil
	}
	limbs := c.b.RangeCheck64(U)
	c.lookups += 4
	idx, j := limbFor(w - 1)
	for i := range idx {
		c.b.AssertZero(limbs[i])
	}
	c.rcs = append(c.rcs, rcRec{U: U, top: limbs[idx], j: j, w: w})
	return int32(len(c.rcs) - 1), nil
}

// limbs splits cell x into n L-bit limbs (lowest first, L = limbBits < 12):
// hinted limbs, each looked up in the limb table (limb < 2^L), and
// x = Σ limbᵢ·2^(iL) by generic gates (n − 1 for n ≥ 3, else one). Since
// Σ limbᵢ·2^(iL) < 2^(nL) ≤ 2^75 is far below p, x < 2^(nL) over the
// integers.
func (c *compiler) limbs(x int32, n int) ([]int32, error) {
	L := c.limbBits
	if !c.small() || n < 1 || n*L > 75 {
		return nil, fmt.Errorf("internal: %d limbs of %d bits", n, L)
	}
	ls := c.hint(func(in, out []fp.Element) error {
		var v big.Int
		in[0].BigInt(&v)
		mask := big.NewInt(1<<L - 1)
		for i := range out {
			out[i] = feBig(new(big.Int).And(new(big.Int).Rsh(&v, uint(i*L)), mask))
		}
		c.adjust("limbs", int64(L), in, out)
		return nil
	}, n, x)
	var one, neg fp.Element
	one.SetOne()
	neg.Neg(&one)
	var l lin
	for i, li := range ls {
		c.lookupRange(c.cells[li])
		l.addCell(li, pow2(i*L))
	}
	l.addCell(x, neg)
	if err := c.assertLin(l); err != nil {
		return nil, err
	}
	return ls, nil
}

// lookupRange asserts x ∈ [0, 2^L) with one lookup: in Kimchi's 12-bit
// table (L = 12) or in the limb table.
func (c *compiler) lookupRange(x circuit.Variable) {
	id := int32(circuit.RangeCheckTableID)
	if c.small() {
		id = c.rangeID
	}
	c.b.Lookup(id, x, c.b.Constant(fp.Element{}))
	c.lookups++
}

// tighten completes rc as U < 2^w: the limb holding bit w−1 (position j),
// already proven < 2^L, must be below 2^(j+1), i.e. limb·2^(L−1−j) < 2^L.
func (c *compiler) tighten(id int32) {
	r := &c.rcs[id]
	if r.done {
		return
	}
	r.done = true
	L := c.limbBits
	if r.j == L-1 {
		return
	}
	c.lookupRange(c.b.MulConst(r.top, pow2(L-1-r.j)))
}

// signRC completes rc and returns the bit w−1 of U (the sign bit [x ≥ 0]
// of x = U − 2^(w−1)): the limb holding it (proven < 2^L) is s·2^j + t
// with s boolean and t·2^(L−j) < 2^L, so t < 2^j, U < 2^w and s is bit w−1.
func (c *compiler) signRC(id int32) (int32, error) {
	r := &c.rcs[id]
	if r.done {
		return -1, errors.New("internal: range record already completed")
	}
	r.done = true
	bit := uint(r.w - 1)
	s := c.hintV(func(in, out []fp.Element) error {
		var v big.Int
		in[0].BigInt(&v)
		out[0].SetUint64(uint64(v.Bit(int(bit))))
		c.adjust("sign", int64(bit), in, out)
		return nil
	}, 1, r.U)[0]
	c.b.AssertBool(c.cells[s])
	t := c.b.Sub(r.top, c.b.MulConst(c.cells[s], pow2(r.j)))
	c.lookupRange(c.b.MulConst(t, pow2(c.limbBits-r.j)))
	return s, nil
}

// boundaries of a single RangeCheck0 row with zeroed high limbs.
var rcBounds = []int{16, 28, 40, 52, 64}

// rangeLoose proves x ∈ [0, 2^K) for some K ≥ need chosen to be cheap:
// need ≤ L: the exact check by lookups; otherwise, with the 12-bit backend,
// one RangeCheck0 row (K ∈ {16, 28, 40, 52, 64}), with L-bit limbs
// ceil(need/L) looked-up limbs (K a multiple of L). Callers use it where
// any small bound gives uniqueness.
func (c *compiler) rangeLoose(x int32, need int) error {
	if need > 64 {
		return fmt.Errorf("internal: range check of %d bits", need)
	}
	if need <= c.limbBits {
		c.rangeSmall(x, max(need, 1))
		return nil
	}
	if c.small() {
		_, err := c.limbs(x, (need+c.limbBits-1)/c.limbBits)
		return err
	}
	K := 64
	for _, b := range rcBounds {
		if b >= need {
			K = b
			break
		}
	}
	limbs := c.b.RangeCheck64(c.cells[x])
	c.lookups += 4
	for i := range (64 - K) / 12 {
		c.b.AssertZero(limbs[i])
	}
	return nil
}

// rangeSmall proves x ∈ [0, 2^k) for k ≤ L with one or two lookups: x and,
// for k < L, x·2^(L−k) (both below 2^L over the integers, as neither
// product wraps modulo p).
func (c *compiler) rangeSmall(x int32, k int) {
	c.lookupRange(c.cells[x])
	if k < c.limbBits {
		c.lookupRange(c.b.MulConst(c.cells[x], pow2(c.limbBits-k)))
	}
}

// rangeExact proves x ∈ [0, 2^k) exactly (1 ≤ k ≤ 64).
func (c *compiler) rangeExact(x int32, k int) error {
	switch {
	case k <= c.limbBits:
		c.rangeSmall(x, k)
		return nil
	case c.small():
		if k > 64 {
			return fmt.Errorf("internal: range check of %d bits", k)
		}
		L := c.limbBits
		n := (k + L - 1) / L
		ls, err := c.limbs(x, n)
		if err != nil {
			return err
		}
		if j := k - 1 - (n-1)*L; j < L-1 {
			c.lookupRange(c.b.MulConst(c.cells[ls[n-1]], pow2(L-1-j)))
		}
		return nil
	case k < 17:
		c.b.RangeCheckBits(c.cells[x], uint(k))
		c.lookups += 4
		if k != 16 {
			c.lookups += 4
		}
		return nil
	}
	id, err := c.newRC(x, k)
	if err != nil {
		return err
	}
	c.tighten(id)
	return nil
}

// ---- composite gadgets ----

// ensure32 returns an element equal to Σ l, proving the B = 32-bit value
// range when the bounds do not already imply it.
func (c *compiler) ensure32(l lin, lo, hi int64) (elem, error) {
	l.norm()
	if lo >= -(1<<31) && hi < 1<<31 {
		if len(l.terms) == 0 {
			v := signedBig(&l.k)
			return constElem(v.Int64()), nil
		}
		if len(l.terms) == 1 {
			return elem{cell: l.terms[0].cell, a: l.terms[0].coef, k: l.k, lo: lo, hi: hi, rc: -1}, nil
		}
		z, err := c.sumCell(l)
		if err != nil {
			return elem{}, err
		}
		return cellElem(z, lo, hi), nil
	}
	if len(l.terms) == 0 {
		return elem{}, fmt.Errorf("constant %s outside the 32-bit value range", signedBig(&l.k))
	}
	l.addConst(pow2(31))
	u, err := c.sumCell(l)
	if err != nil {
		return elem{}, err
	}
	return c.signedFromU(u, 32, max(lo, -(1<<31)), min(hi, 1<<31-1))
}

// signedFromU returns the element U − 2^(w−1) with a pending range record.
func (c *compiler) signedFromU(u int32, w int, lo, hi int64) (elem, error) {
	id, err := c.newRC(u, w)
	if err != nil {
		return elem{}, err
	}
	var one fp.Element
	one.SetOne()
	k := pow2(w - 1)
	k.Neg(&k)
	return elem{cell: u, a: one, k: k, lo: lo, hi: hi, rc: id}, nil
}

// divConst proves N = Σ l = y·d + r with 0 ≤ r < d (d ≥ 2) and
// y ∈ [−2^(w−1), 2^(w−1)), returning y = floor(N/d). The decomposition is
// unique because |N|, |y·d| and r are far below p/2 (callers bound N).
func (c *compiler) divConst(l lin, d int64, w int) (elem, error) {
	if d < 2 {
		return elem{}, fmt.Errorf("internal: division by %d", d)
	}
	l.norm()
	coefs := make([]fp.Element, len(l.terms))
	in := make([]int32, len(l.terms))
	for i, t := range l.terms {
		coefs[i], in[i] = t.coef, t.cell
	}
	k := l.k
	bd := big.NewInt(d)
	off := new(big.Int).Lsh(big.NewInt(1), uint(w-1))
	lim := new(big.Int).Lsh(off, 1)
	ur := c.hint(func(in, out []fp.Element) error {
		var acc, p fp.Element
		acc = k
		for i := range in {
			p.Mul(&coefs[i], &in[i])
			acc.Add(&acc, &p)
		}
		n := signedBig(&acc)
		y, r := new(big.Int), new(big.Int)
		y.DivMod(n, bd, r) // Euclidean: 0 ≤ r < d, y = floor(n/d) for d > 0
		y.Add(y, off)
		if y.Sign() < 0 || y.Cmp(lim) >= 0 {
			return fmt.Errorf("quotient %s outside the %d-bit range", new(big.Int).Sub(y, off), w)
		}
		out[0] = feBig(y)
		out[1] = feBig(r)
		c.adjust("div", d, in, out)
		return nil
	}, 2, in...)
	u, r := ur[0], ur[1]
	fd := fe(d)
	var negd, neg1 fp.Element
	negd.Neg(&fd)
	neg1.SetOne()
	neg1.Neg(&neg1)
	// N + d·2^(w−1) − d·U − r = 0
	var dOff fp.Element
	o := pow2(w - 1)
	dOff.Mul(&fd, &o)
	l.addConst(dOff)
	l.addCell(u, negd)
	l.addCell(r, neg1)
	if err := c.assertLin(l); err != nil {
		return elem{}, err
	}
	if d&(d-1) == 0 {
		if err := c.rangeExact(r, bitLen(d)-1); err != nil {
			return elem{}, err
		}
	} else {
		need := bitLen(d - 1)
		if err := c.rangeLoose(r, need); err != nil {
			return elem{}, err
		}
		var lr lin
		lr.addCell(r, neg1)
		lr.addConst(fe(d - 1))
		rr, err := c.sumCell(lr)
		if err != nil {
			return elem{}, err
		}
		if err := c.rangeLoose(rr, need); err != nil {
			return elem{}, err
		}
	}
	lo, hi := -(int64(1) << (w - 1)), int64(1)<<(w-1)-1
	return c.signedFromU(u, w, lo, hi)
}

// relu returns max(e, 0): the sign bit s of e from a range record of U =
// e + 2^(w−1), and y = s·(U − 2^(w−1)) in one generic gate.
func (c *compiler) relu(e elem) (elem, error) {
	if e.lo >= 0 {
		return e, nil
	}
	if e.hi < 0 {
		return constElem(0), nil
	}
	s, u, w, err := c.sign(e)
	if err != nil {
		return elem{}, err
	}
	y := c.hint(func(in, out []fp.Element) error {
		if in[0].IsZero() {
			out[0].SetZero()
			return nil
		}
		o := pow2(w - 1)
		out[0].Sub(&in[1], &o)
		c.adjust("relu", int64(w), in, out)
		return nil
	}, 1, s, u)[0]
	var one, neg fp.Element
	one.SetOne()
	neg.Neg(&one)
	nOff := pow2(w - 1)
	nOff.Neg(&nOff)
	c.generic(circuit.GenericCoeffs{Left: nOff, Mul: one, Out: neg}, s, u, y)
	return cellElem(y, 0, e.hi), nil
}

// sign returns the bit [e ≥ 0], the cell U = e + 2^(w−1) and w, reusing
// e's pending range record when it has one.
func (c *compiler) sign(e elem) (s, u int32, w int, err error) {
	if e.rc >= 0 && !c.rcs[e.rc].done {
		w = c.rcs[e.rc].w
		s, err = c.signRC(e.rc)
		return s, e.cell, w, err
	}
	w = max(17, signedWidth(e.lo, e.hi))
	if w > 40 {
		return -1, -1, 0, fmt.Errorf("comparison of values with bounds [%d, %d] (over 40 bits)", e.lo, e.hi)
	}
	var one fp.Element
	one.SetOne()
	var l lin
	l.addElem(e, one)
	l.addConst(pow2(w - 1))
	u, err = c.sumCell(l)
	if err != nil {
		return -1, -1, 0, err
	}
	id, err := c.newRC(u, w)
	if err != nil {
		return -1, -1, 0, err
	}
	s, err = c.signRC(id)
	return s, u, w, err
}

// maxOf returns the maximum of xs: a hinted m with m − x_i ∈ [0, 2^K) for
// every i (K from the bounds, rounded up to a one-row range check) and
// Π (m − x_i) = 0, so m is one of the x_i.
func (c *compiler) maxOf(xs []elem) (elem, error) {
	if len(xs) == 1 {
		return xs[0], nil
	}
	lo, hi := xs[0].lo, xs[0].hi
	minLo := lo
	ins := make([]circuit.Variable, len(xs))
	for i, x := range xs {
		lo, hi, minLo = max(lo, x.lo), max(hi, x.hi), min(minLo, x.lo)
		ins[i] = c.v(x)
	}
	m := c.hintV(func(in, out []fp.Element) error {
		best := signedBig(&in[0])
		for i := 1; i < len(in); i++ {
			if v := signedBig(&in[i]); v.Cmp(best) > 0 {
				best = v
			}
		}
		out[0] = feBig(best)
		c.adjust("max", 0, in, out)
		return nil
	}, 1, ins...)[0]
	need := bitLen(satAdd(hi, -minLo))
	var one, neg fp.Element
	one.SetOne()
	neg.Neg(&one)
	var prod circuit.Variable
	for i, x := range xs {
		var l lin
		l.addCell(m, one)
		l.addElem(x, neg)
		d, err := c.sumCell(l)
		if err != nil {
			return elem{}, err
		}
		if err := c.rangeLoose(d, max(need, 1)); err != nil {
			return elem{}, err
		}
		switch {
		case i == 0:
			prod = c.cells[d]
		case i == len(xs)-1:
			c.b.AssertMul(prod, c.cells[d], c.b.Constant(fp.Element{}))
		default:
			prod = c.b.Mul(prod, c.cells[d])
		}
	}
	return cellElem(m, lo, hi), nil
}

// mulElems returns a cell equal to x·y for two non-constant elements (one
// generic gate: (a₁x + k₁)(a₂y + k₂) expanded).
func (c *compiler) mulElems(x, y elem) int32 {
	p := c.hintV(func(in, out []fp.Element) error {
		out[0].Mul(&in[0], &in[1])
		return nil
	}, 1, c.v(x), c.v(y))[0]
	var g circuit.GenericCoeffs
	g.Mul.Mul(&x.a, &y.a)
	g.Left.Mul(&x.a, &y.k)
	g.Right.Mul(&y.a, &x.k)
	g.Const.Mul(&x.k, &y.k)
	g.Out.SetOne()
	g.Out.Neg(&g.Out)
	c.generic(g, x.cell, y.cell, p)
	return p
}
