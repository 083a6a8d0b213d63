package circuit

import (
	"errors"
	"fmt"
	"slices"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

// term is coeff·variable in a linear combination.
type term struct {
	v int32
	c fp.Element
}

// Variable is a circuit value: a linear combination Σ cᵢ·vᵢ + k of
// allocated variables, kept symbolic until an operation needs it in a gate
// (as o1js and snarky do). Scaling and adding Variables is free; Mul, the
// assertions and the gadgets reduce their operands to single cells.
//
// The zero Variable is the constant 0. Variables belong to the Builder that
// created them; using one with another Builder panics.
type Variable struct {
	b     *Builder
	terms []term // sorted by v, non-zero coefficients; never mutated
	k     fp.Element
}

// IsConstant reports whether v has no variable terms.
func (v Variable) IsConstant() bool { return len(v.terms) == 0 }

// ConstantValue returns v's value when it is constant.
func (v Variable) ConstantValue() (fp.Element, bool) { return v.k, len(v.terms) == 0 }

// Hint computes output values from input values during witness generation.
// It must fill every element of outputs.
type Hint func(inputs, outputs []fp.Element) error

type varKind uint8

const (
	vPublic varKind = iota
	vPrivate
	vHint
	vLC  // value = x
	vMul // value = x·y
	vInv // value = 1/x, or 0 when x = 0
)

type varInfo struct {
	kind  varKind
	index int32 // input index or hint call index
	out   int32 // output index within the hint call
	x, y  Variable
}

type hintCall struct {
	fn     Hint
	inputs []Variable
	first  int32 // first output variable
	n      int32
}

// row is a gate before wiring: its type, the variable in each column (or -1)
// and its coefficients.
type row struct {
	typ    GateType
	vars   [Columns]int32
	coeffs []fp.Element
}

type genericSpec struct {
	vars   [3]int32
	coeffs [5]fp.Element
}

type pendingLookup struct {
	table      int32
	index, val int32
}

// Builder records a Kimchi circuit: variables, gates and copy constraints.
// It follows o1js 2.15.0 / snarky's constraint emission rules, so that a
// circuit written the same way produces the same gates, wires and
// coefficients. A Builder is not safe for concurrent use.
//
// Errors found while building (for instance asserting that two different
// constants are equal) are recorded; Err reports the first and Compile
// returns it.
type Builder struct {
	vars    []varInfo
	parent  []int32 // union-find over variables (copy constraints)
	public  []int32
	private []int32
	hints   []hintCall
	rows    []row
	pending *genericSpec

	constants map[fp.Element]int32 // snarky's cached_constants

	tables        []LookupTable
	tableIDs      map[int32]int
	runtime       []runtimeTable
	lookupPending []pendingLookup
	uses12Bit     bool

	compiled *Circuit
	err      error
}

// NewBuilder returns an empty circuit builder.
func NewBuilder() *Builder {
	return &Builder{constants: map[fp.Element]int32{}, tableIDs: map[int32]int{}}
}

// Err returns the first error recorded while building, or nil.
func (b *Builder) Err() error { return b.err }

func (b *Builder) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

func (b *Builder) mutable() {
	if b.compiled != nil {
		panic("circuit: Builder used after Compile")
	}
}

func (b *Builder) own(vs ...Variable) {
	for _, v := range vs {
		if v.b != nil && v.b != b {
			panic("circuit: Variable used with a Builder that did not create it")
		}
	}
}

func (b *Builder) newVar(info varInfo) int32 {
	b.mutable()
	id := int32(len(b.vars))
	b.vars = append(b.vars, info)
	b.parent = append(b.parent, id)
	return id
}

func (b *Builder) varOf(id int32) Variable {
	var one fp.Element
	one.SetOne()
	return Variable{b: b, terms: []term{{id, one}}}
}

// NumVariables returns the number of allocated variables.
func (b *Builder) NumVariables() int { return len(b.vars) }

// Constant returns the constant c.
func (b *Builder) Constant(c fp.Element) Variable { return Variable{b: b, k: c} }

// ConstantInt returns the constant c (negative values are taken mod p).
func (b *Builder) ConstantInt(c int64) Variable {
	var e fp.Element
	e.SetInt64(c)
	return Variable{b: b, k: e}
}

// PublicInput allocates the next public input. Public inputs occupy the
// first rows of the circuit, one Generic gate each, in allocation order.
func (b *Builder) PublicInput() Variable {
	id := b.newVar(varInfo{kind: vPublic, index: int32(len(b.public))})
	b.public = append(b.public, id)
	return b.varOf(id)
}

// PrivateInput allocates the next private input, whose value is passed to
// Witness.
func (b *Builder) PrivateInput() Variable {
	id := b.newVar(varInfo{kind: vPrivate, index: int32(len(b.private))})
	b.private = append(b.private, id)
	return b.varOf(id)
}

// NewHint allocates nOut variables whose values f computes from the values
// of inputs during witness generation. Hints add no constraint: the caller
// must constrain their outputs.
func (b *Builder) NewHint(f Hint, nOut int, inputs ...Variable) []Variable {
	b.own(inputs...)
	call := int32(len(b.hints))
	first := int32(len(b.vars))
	out := make([]Variable, nOut)
	for i := range out {
		out[i] = b.varOf(b.newVar(varInfo{kind: vHint, index: call, out: int32(i)}))
	}
	b.hints = append(b.hints, hintCall{fn: f, inputs: slices.Clone(inputs), first: first, n: int32(nOut)})
	return out
}

// exists allocates a variable computed as the value of x (a linear
// combination of earlier variables): o1js's existsOne(() => x).
func (b *Builder) exists(x Variable) int32 { return b.newVar(varInfo{kind: vLC, x: x}) }

// ---- linear algebra on Variables (free) ----

func addLC(b *Builder, x Variable, sy fp.Element, y Variable) Variable {
	res := Variable{b: b}
	var t fp.Element
	t.Mul(&sy, &y.k)
	res.k.Add(&x.k, &t)
	if sy.IsZero() || len(y.terms) == 0 {
		res.terms = x.terms
		return res
	}
	out := make([]term, 0, len(x.terms)+len(y.terms))
	i, j := 0, 0
	for i < len(x.terms) || j < len(y.terms) {
		switch {
		case j == len(y.terms) || (i < len(x.terms) && x.terms[i].v < y.terms[j].v):
			out = append(out, x.terms[i])
			i++
		case i == len(x.terms) || y.terms[j].v < x.terms[i].v:
			var c fp.Element
			c.Mul(&sy, &y.terms[j].c)
			out = append(out, term{y.terms[j].v, c})
			j++
		default:
			var c fp.Element
			c.Mul(&sy, &y.terms[j].c)
			c.Add(&c, &x.terms[i].c)
			if !c.IsZero() {
				out = append(out, term{x.terms[i].v, c})
			}
			i++
			j++
		}
	}
	res.terms = out
	return res
}

func scaleLC(b *Builder, x Variable, c fp.Element) Variable {
	res := Variable{b: b}
	res.k.Mul(&x.k, &c)
	if c.IsZero() {
		return res
	}
	res.terms = make([]term, len(x.terms))
	for i, t := range x.terms {
		res.terms[i].v = t.v
		res.terms[i].c.Mul(&t.c, &c)
	}
	return res
}

func one() fp.Element {
	var e fp.Element
	e.SetOne()
	return e
}

func minusOne() fp.Element {
	var e fp.Element
	e.SetOne()
	e.Neg(&e)
	return e
}

func felt(c int64) fp.Element {
	var e fp.Element
	e.SetInt64(c)
	return e
}

// Add returns x + y + Σ more (no gate).
func (b *Builder) Add(x, y Variable, more ...Variable) Variable {
	b.own(x, y)
	b.own(more...)
	res := addLC(b, x, one(), y)
	for _, z := range more {
		res = addLC(b, res, one(), z)
	}
	return res
}

// Sub returns x − y (no gate).
func (b *Builder) Sub(x, y Variable) Variable {
	b.own(x, y)
	return addLC(b, x, minusOne(), y)
}

// Neg returns −x (no gate).
func (b *Builder) Neg(x Variable) Variable {
	b.own(x)
	return scaleLC(b, x, minusOne())
}

// MulConst returns c·x (no gate).
func (b *Builder) MulConst(x Variable, c fp.Element) Variable {
	b.own(x)
	return scaleLC(b, x, c)
}

// Term is one coefficient·variable term of a linear combination.
type Term struct {
	Coeff fp.Element
	V     Variable
}

// LinearCombination returns Σ Coeff·V + c (no gate).
func (b *Builder) LinearCombination(terms []Term, c fp.Element) Variable {
	res := b.Constant(c)
	for _, t := range terms {
		b.own(t.V)
		res = addLC(b, res, t.Coeff, t.V)
	}
	return res
}

// ---- reduction to single cells ----

// scaled is a reduced value: s·v, or the constant s when v < 0.
type scaled struct {
	s fp.Element
	v int32
}

func (x scaled) isConst() bool { return x.v < 0 }

// reduce turns x into s·v or a constant, emitting the Generic gates of o1js's
// reduceToScaledVar (gadgets/basic.ts) for linear combinations with more
// than one term or with a constant.
func (b *Builder) reduce(x Variable) scaled {
	switch len(x.terms) {
	case 0:
		return scaled{x.k, -1}
	case 1:
		t := x.terms[0]
		if x.k.IsZero() {
			return scaled{t.c, t.v}
		}
		// z = s·x + c
		z := b.exists(x)
		b.addGeneric([3]int32{t.v, -1, z}, [5]fp.Element{t.c, {}, minusOne(), {}, x.k})
		return scaled{one(), z}
	}
	t0 := x.terms[0]
	rest := x.terms[1:]
	last := rest[len(rest)-1]
	s1, x1 := last.c, last.v
	acc := Variable{b: b, terms: []term{last}}
	for i := len(rest) - 2; i >= 0; i-- {
		ti := rest[i]
		acc = addLC(b, acc, one(), Variable{b: b, terms: []term{ti}})
		z := b.exists(acc)
		b.addGeneric([3]int32{ti.v, x1, z}, [5]fp.Element{ti.c, s1, minusOne(), {}, {}})
		s1, x1 = one(), z
		acc = b.varOf(z)
	}
	res := b.exists(x)
	b.addGeneric([3]int32{t0.v, x1, res}, [5]fp.Element{t0.c, s1, minusOne(), {}, x.k})
	return scaled{one(), res}
}

// reduceOCaml is snarky's reduce_lincom (plonk_constraint_system.ml), used
// where o1js hands an unreduced value to the OCaml constraint system.
func (b *Builder) reduceOCaml(x Variable) scaled {
	switch len(x.terms) {
	case 0:
		return scaled{x.k, -1}
	case 1:
		t := x.terms[0]
		if x.k.IsZero() {
			return scaled{t.c, t.v}
		}
		res := b.exists(x)
		b.addGeneric([3]int32{t.v, -1, res}, [5]fp.Element{t.c, {}, minusOne(), {}, x.k})
		return scaled{one(), res}
	}
	// completely_reduce the tail, innermost (last terms) first.
	var rs fp.Element
	var rx int32
	var rLC Variable
	var goRec func(ts []term)
	goRec = func(ts []term) {
		if len(ts) == 1 {
			rs, rx = ts[0].c, ts[0].v
			rLC = Variable{b: b, terms: []term{ts[0]}}
			return
		}
		goRec(ts[1:])
		l := ts[0]
		rLC = addLC(b, rLC, one(), Variable{b: b, terms: []term{l}})
		z := b.exists(rLC)
		b.addGeneric([3]int32{l.v, rx, z}, [5]fp.Element{l.c, rs, minusOne(), {}, {}})
		rs, rx = one(), z
		rLC = b.varOf(z)
	}
	goRec(x.terms[1:])
	t0 := x.terms[0]
	res := b.exists(x)
	b.addGeneric([3]int32{t0.v, rx, res}, [5]fp.Element{t0.c, rs, minusOne(), {}, x.k})
	return scaled{one(), res}
}

// reduceToV is snarky's reduce_to_v: a single variable holding x, using the
// cache of constant variables.
func (b *Builder) reduceToV(x Variable) int32 {
	r := b.reduceOCaml(x)
	if r.isConst() {
		return b.constVar(r.s)
	}
	if r.s.IsOne() {
		return r.v
	}
	sx := b.exists(scaleLC(b, b.varOf(r.v), r.s))
	b.addGeneric([3]int32{r.v, -1, sx}, [5]fp.Element{r.s, {}, minusOne(), {}, {}})
	return sx
}

// constVar returns the cached variable holding c, creating it with a
// Generic gate x − c = 0 the first time.
func (b *Builder) constVar(c fp.Element) int32 {
	if v, ok := b.constants[c]; ok {
		return v
	}
	x := b.exists(b.Constant(c))
	var negc fp.Element
	negc.Neg(&c)
	b.addGeneric([3]int32{x, -1, -1}, [5]fp.Element{one(), {}, {}, {}, negc})
	b.constants[c] = x
	return x
}

// ---- gates ----

// addGeneric queues a single generic gate; two queued gates share a row,
// the newer in columns 0..2 (snarky's add_generic_constraint).
func (b *Builder) addGeneric(vars [3]int32, coeffs [5]fp.Element) {
	b.mutable()
	if b.pending == nil {
		b.pending = &genericSpec{vars, coeffs}
		return
	}
	p := b.pending
	b.pending = nil
	r := row{typ: Generic, coeffs: make([]fp.Element, 10)}
	for i := range r.vars {
		r.vars[i] = -1
	}
	copy(r.vars[0:3], vars[:])
	copy(r.vars[3:6], p.vars[:])
	copy(r.coeffs[0:5], coeffs[:])
	copy(r.coeffs[5:10], p.coeffs[:])
	b.rows = append(b.rows, r)
}

// addRow appends a row directly (non-generic gates).
func (b *Builder) addRow(typ GateType, vars []int32, coeffs []fp.Element) {
	b.mutable()
	r := row{typ: typ, coeffs: coeffs}
	for i := range r.vars {
		r.vars[i] = -1
	}
	copy(r.vars[:], vars)
	b.rows = append(b.rows, r)
}

// GenericCoeffs are the coefficients of one generic gate:
// Left·l + Right·r + Out·o + Mul·l·r + Const = 0.
type GenericCoeffs struct {
	Left, Right, Out, Mul, Const fp.Element
}

// Generic adds one generic gate over l, r, o (o1js Gates.generic). Constant
// operands are folded into Const and leave their cell empty; other operands
// are reduced to single cells first. Mul requires l and r to be
// non-constant.
func (b *Builder) Generic(c GenericCoeffs, l, r, o Variable) {
	b.own(l, r, o)
	k := c.Const
	red := func(s fp.Element, x Variable) (fp.Element, int32, fp.Element) {
		rx := b.reduceOCaml(x)
		var cs fp.Element
		cs.Mul(&s, &rx.s)
		if rx.isConst() {
			k.Add(&k, &cs)
			return fp.Element{}, -1, rx.s
		}
		return cs, rx.v, rx.s
	}
	cl, vl, sl := red(c.Left, l)
	cr, vr, sr := red(c.Right, r)
	co, vo, _ := red(c.Out, o)
	var m fp.Element
	if !c.Mul.IsZero() {
		if vl < 0 || vr < 0 {
			b.fail(errors.New("circuit: Generic: a non-zero Mul coefficient needs non-constant l and r"))
			return
		}
		m.Mul(&sl, &sr)
		m.Mul(&m, &c.Mul)
	}
	b.addGeneric([3]int32{vl, vr, vo}, [5]fp.Element{cl, cr, co, m, k})
}

// ---- arithmetic with gates (o1js Field semantics) ----

// Mul returns x·y. Constant factors scale for free; otherwise a new variable
// and one generic gate are created (o1js Field.mul).
func (b *Builder) Mul(x, y Variable) Variable {
	b.own(x, y)
	switch {
	case x.IsConstant() && y.IsConstant():
		var p fp.Element
		p.Mul(&x.k, &y.k)
		return b.Constant(p)
	case y.IsConstant():
		return scaleLC(b, x, y.k)
	case x.IsConstant():
		return scaleLC(b, y, x.k)
	}
	z := b.newVar(varInfo{kind: vMul, x: x, y: y})
	b.assertMul(x, y, b.varOf(z))
	return b.varOf(z)
}

// Square returns x² (o1js Field.square).
func (b *Builder) Square(x Variable) Variable {
	b.own(x)
	if x.IsConstant() {
		var p fp.Element
		p.Square(&x.k)
		return b.Constant(p)
	}
	z := b.newVar(varInfo{kind: vMul, x: x, y: x})
	xv, zv := b.reduce(x), b.reduce(b.varOf(z))
	var s2 fp.Element
	s2.Square(&xv.s)
	switch {
	case !xv.isConst() && !zv.isConst():
		var nz fp.Element
		nz.Neg(&zv.s)
		b.addGeneric([3]int32{xv.v, xv.v, zv.v}, [5]fp.Element{{}, {}, nz, s2, {}})
	case !xv.isConst():
		var nz fp.Element
		nz.Neg(&zv.s)
		b.addGeneric([3]int32{xv.v, xv.v, -1}, [5]fp.Element{{}, {}, {}, s2, nz})
	case !zv.isConst():
		s2.Neg(&s2)
		b.addGeneric([3]int32{-1, -1, zv.v}, [5]fp.Element{{}, {}, zv.s, {}, s2})
	}
	return b.varOf(z)
}

// Inverse returns 1/x and constrains x·(1/x) = 1, so x must be non-zero
// (o1js Field.inv).
func (b *Builder) Inverse(x Variable) Variable {
	b.own(x)
	if x.IsConstant() {
		if x.k.IsZero() {
			b.fail(errors.New("circuit: Inverse of the constant 0"))
			return b.Constant(fp.Element{})
		}
		var inv fp.Element
		inv.Inverse(&x.k)
		return b.Constant(inv)
	}
	z := b.newVar(varInfo{kind: vInv, x: x})
	b.assertMul(x, b.varOf(z), b.ConstantInt(1))
	return b.varOf(z)
}

// Div returns x/y as x·(1/y) (o1js Field.div; y must be non-zero).
func (b *Builder) Div(x, y Variable) Variable { return b.Mul(x, b.Inverse(y)) }

// assertMul is o1js's assertMulCompatible: x·y = z in one generic gate.
func (b *Builder) assertMul(x, y, z Variable) {
	xv, yv, zv := b.reduce(x), b.reduce(y), b.reduce(z)
	var sxy, neg fp.Element
	sxy.Mul(&xv.s, &yv.s)
	switch {
	case !xv.isConst() && !yv.isConst() && !zv.isConst():
		neg.Neg(&sxy)
		b.addGeneric([3]int32{xv.v, yv.v, zv.v}, [5]fp.Element{{}, {}, zv.s, neg, {}})
	case !xv.isConst() && !yv.isConst():
		neg.Neg(&zv.s)
		b.addGeneric([3]int32{xv.v, yv.v, -1}, [5]fp.Element{{}, {}, {}, sxy, neg})
	case !xv.isConst() && !zv.isConst():
		neg.Neg(&zv.s)
		b.addGeneric([3]int32{xv.v, -1, zv.v}, [5]fp.Element{sxy, {}, neg, {}, {}})
	case !yv.isConst() && !zv.isConst():
		neg.Neg(&zv.s)
		b.addGeneric([3]int32{-1, yv.v, zv.v}, [5]fp.Element{{}, sxy, neg, {}, {}})
	case !xv.isConst():
		neg.Neg(&zv.s)
		b.addGeneric([3]int32{xv.v, -1, -1}, [5]fp.Element{sxy, {}, {}, {}, neg})
	case !yv.isConst():
		neg.Neg(&zv.s)
		b.addGeneric([3]int32{-1, yv.v, -1}, [5]fp.Element{{}, sxy, {}, {}, neg})
	case !zv.isConst():
		neg.Neg(&sxy)
		b.addGeneric([3]int32{-1, -1, zv.v}, [5]fp.Element{{}, {}, zv.s, {}, neg})
	default:
		if !sxy.Equal(&zv.s) {
			b.fail(fmt.Errorf("circuit: AssertMul of constants: %s·%s ≠ %s", dec(xv.s), dec(yv.s), dec(zv.s)))
		}
	}
}

// AssertMul asserts x·y = z with one generic gate.
func (b *Builder) AssertMul(x, y, z Variable) {
	b.own(x, y, z)
	b.assertMul(x, y, z)
}

// AssertEqual asserts x = y. Two variables with the same scale are joined by
// a copy constraint (no gate); a variable equal to a constant reuses the
// cached variable of that constant when there is one (o1js
// Field.assertEquals).
func (b *Builder) AssertEqual(x, y Variable) {
	b.own(x, y)
	if x.IsConstant() && y.IsConstant() {
		if !x.k.Equal(&y.k) {
			b.fail(fmt.Errorf("circuit: AssertEqual of different constants %s and %s", dec(x.k), dec(y.k)))
		}
		return
	}
	yv := b.reduce(y)
	xv := b.reduce(x)
	switch {
	case !xv.isConst() && !yv.isConst():
		if xv.s.Equal(&yv.s) {
			if !xv.s.IsZero() {
				b.union(xv.v, yv.v)
			}
			return
		}
		var ny fp.Element
		ny.Neg(&yv.s)
		b.addGeneric([3]int32{xv.v, yv.v, -1}, [5]fp.Element{xv.s, ny, {}, {}, {}})
	case !xv.isConst():
		b.equalConst(xv.s, xv.v, yv.s, false)
	case !yv.isConst():
		b.equalConst(yv.s, yv.v, xv.s, true)
	default:
		if !xv.s.Equal(&yv.s) {
			b.fail(fmt.Errorf("circuit: AssertEqual of different constants %s and %s", dec(xv.s), dec(yv.s)))
		}
	}
}

// equalConst is snarky's Equal(s·x, c) (constLeft: Equal(c, s·x)).
func (b *Builder) equalConst(s fp.Element, x int32, c fp.Element, constLeft bool) {
	var ratio fp.Element
	ratio.Div(&c, &s)
	if v, ok := b.constants[ratio]; ok {
		b.union(x, v)
		return
	}
	var negc fp.Element
	negc.Neg(&c)
	if constLeft {
		b.addGeneric([3]int32{-1, x, -1}, [5]fp.Element{{}, s, {}, {}, negc})
	} else {
		b.addGeneric([3]int32{x, -1, -1}, [5]fp.Element{s, {}, {}, {}, negc})
	}
	b.constants[ratio] = x
}

// AssertZero asserts x = 0.
func (b *Builder) AssertZero(x Variable) { b.AssertEqual(x, b.Constant(fp.Element{})) }

// AssertBool asserts x ∈ {0, 1} with one generic gate (o1js assertBool).
func (b *Builder) AssertBool(x Variable) {
	b.own(x)
	xv := b.reduce(x)
	if xv.isConst() {
		var sq fp.Element
		sq.Square(&xv.s)
		if !sq.Equal(&xv.s) {
			b.fail(fmt.Errorf("circuit: AssertBool of the constant %s", dec(xv.s)))
		}
		return
	}
	var ns, s2 fp.Element
	ns.Neg(&xv.s)
	s2.Square(&xv.s)
	b.addGeneric([3]int32{xv.v, xv.v, -1}, [5]fp.Element{ns, {}, {}, s2, {}})
}

// Seal returns a Variable that is a single cell equal to x, adding a
// constraint only when x is not already one (o1js Field.seal).
func (b *Builder) Seal(x Variable) Variable {
	b.own(x)
	if x.IsConstant() {
		return x
	}
	if len(x.terms) == 1 && x.k.IsZero() && x.terms[0].c.IsOne() {
		return x
	}
	z := b.varOf(b.exists(x))
	b.AssertEqual(x, z)
	return z
}

// ToVar returns a single-cell variable equal to x; constants become a
// witnessed variable asserted equal to them (o1js toVar).
func (b *Builder) ToVar(x Variable) Variable {
	b.own(x)
	if len(x.terms) == 1 && x.k.IsZero() && x.terms[0].c.IsOne() {
		return x
	}
	z := b.varOf(b.exists(x))
	b.AssertEqual(z, x)
	return z
}

// cell returns the single variable of a Variable built by ToVar/Seal.
func (x Variable) cell() int32 {
	if len(x.terms) != 1 || !x.k.IsZero() || !x.terms[0].c.IsOne() {
		panic("circuit: internal error: Variable is not a single cell")
	}
	return x.terms[0].v
}

// ---- union-find ----

func (b *Builder) find(v int32) int32 {
	for b.parent[v] != v {
		b.parent[v] = b.parent[b.parent[v]]
		v = b.parent[v]
	}
	return v
}

func (b *Builder) union(x, y int32) {
	rx, ry := b.find(x), b.find(y)
	if rx != ry {
		b.parent[ry] = rx
	}
}
