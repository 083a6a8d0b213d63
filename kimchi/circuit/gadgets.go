package circuit

import (
	"fmt"
	"math/big"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/poseidon"
)

// ---- Poseidon ----

// PoseidonRounds is the number of full rounds of Kimchi's Poseidon.
const PoseidonRounds = 55

// Poseidon returns o1js's Poseidon.hash(inputs): the Kimchi sponge (rate 2)
// started from the zero state, absorbing the inputs in pairs (the last one
// padded with 0; no input permutes once). Each permutation costs 12 rows:
// 11 Poseidon rows of five rounds and a Zero row holding the output state.
// Constant inputs hash to a constant.
func (b *Builder) Poseidon(inputs ...Variable) Variable {
	b.own(inputs...)
	allConst := true
	for _, x := range inputs {
		allConst = allConst && x.IsConstant()
	}
	if allConst {
		vals := make([]fp.Element, len(inputs))
		for i, x := range inputs {
			vals[i] = x.k
		}
		return b.Constant(poseidon.KimchiFp().Hash(vals))
	}
	return b.PoseidonUpdate([3]Variable{b.Constant(fp.Element{}), b.Constant(fp.Element{}), b.Constant(fp.Element{})}, inputs)[0]
}

// PoseidonUpdate is o1js's Poseidon.update(state, inputs) in a circuit.
func (b *Builder) PoseidonUpdate(state [3]Variable, inputs []Variable) [3]Variable {
	b.own(state[:]...)
	b.own(inputs...)
	blocks := max(1, (len(inputs)+1)/2)
	for i := range blocks {
		for j := range 2 {
			if k := 2*i + j; k < len(inputs) {
				state[j] = b.Add(state[j], inputs[k])
			}
		}
		state = b.PoseidonPermute(state)
	}
	return state
}

// PoseidonPermute applies the Kimchi Poseidon permutation to state with one
// Poseidon gadget (11 Poseidon rows and a Zero row).
func (b *Builder) PoseidonPermute(state [3]Variable) [3]Variable {
	b.own(state[:]...)
	params := poseidon.KimchiFp()
	// snarky witnesses the initial state and asserts it equal to the input
	// (a cached constant variable for constants).
	var init [3]int32
	for i := range 3 {
		init[i] = b.exists(state[i])
	}
	rounds := b.NewHint(func(in, out []fp.Element) error {
		s := [3]fp.Element{in[0], in[1], in[2]}
		mds, rc := params.MDS(), params.RoundConstants()
		for r := range PoseidonRounds {
			var sb [3]fp.Element
			for i := range 3 {
				sb[i] = pow7(s[i])
			}
			for j := range 3 {
				acc := rc[r][j]
				for i := range 3 {
					var t fp.Element
					t.Mul(&mds[j][i], &sb[i])
					acc.Add(&acc, &t)
				}
				s[j] = acc
			}
			copy(out[3*r:3*r+3], s[:])
		}
		return nil
	}, 3*PoseidonRounds, state[:]...)
	for i := range 3 {
		b.equalOCaml(state[i], init[i])
	}
	st := func(k, j int) int32 {
		if k == 0 {
			return init[j]
		}
		return rounds[3*(k-1)+j].cell()
	}
	rc := params.RoundConstants()
	order := [5]int{0, 2, 3, 4, 1}
	for row := range PoseidonRounds / 5 {
		vars := make([]int32, Columns)
		coeffs := make([]fp.Element, 15)
		for k := range 5 {
			for j := range 3 {
				vars[3*order[k]+j] = st(5*row+k, j)
				coeffs[3*k+j] = rc[5*row+k][j]
			}
		}
		b.addRow(Poseidon, vars, coeffs)
	}
	b.addRow(Zero, []int32{st(PoseidonRounds, 0), st(PoseidonRounds, 1), st(PoseidonRounds, 2)}, nil)
	n := 3 * (PoseidonRounds - 1)
	return [3]Variable{rounds[n], rounds[n+1], rounds[n+2]}
}

// equalOCaml is snarky's Equal(x, t) for a fresh variable t.
func (b *Builder) equalOCaml(x Variable, t int32) {
	r := b.reduceOCaml(x)
	switch {
	case r.isConst():
		b.equalConst(one(), t, r.s, true)
	case r.s.IsOne():
		b.union(r.v, t)
	default:
		b.addGeneric([3]int32{r.v, t, -1}, [5]fp.Element{r.s, minusOne(), {}, {}, {}})
	}
}

func pow7(x fp.Element) fp.Element {
	var x2, x4, r fp.Element
	x2.Square(&x)
	x4.Square(&x2)
	r.Mul(&x4, &x2)
	r.Mul(&r, &x)
	return r
}

// ---- range checks ----

// bitSlice returns bits [start, start+n) of x's canonical integer.
func bitSlice(x *fp.Element, start, n uint) fp.Element {
	var bi big.Int
	x.BigInt(&bi)
	bi.Rsh(&bi, start)
	bi.And(&bi, new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), n), big.NewInt(1)))
	var e fp.Element
	e.SetBigInt(&bi)
	return e
}

// sliceHint returns a hint computing the given (start, width) bit slices of
// its single input.
func sliceHint(slices ...[2]uint) Hint {
	return func(in, out []fp.Element) error {
		for i, s := range slices {
			out[i] = bitSlice(&in[0], s[0], s[1])
		}
		return nil
	}
}

func pow2(n uint) fp.Element {
	var e fp.Element
	e.SetBigInt(new(big.Int).Lsh(big.NewInt(1), n))
	return e
}

// RangeCheck64 asserts 0 ≤ x < 2^64 with one RangeCheck0 row whose two high
// limbs are wired to the constant 0 (o1js Gadgets.rangeCheck64). It returns
// the limbs [x52, x40, x28, x16].
func (b *Builder) RangeCheck64(x Variable) [4]Variable {
	b.own(x)
	if x.IsConstant() {
		if !x.k.IsUint64() {
			b.fail(fmt.Errorf("circuit: RangeCheck64 of the constant %s", dec(x.k)))
		}
		var out [4]Variable
		for i, s := range []uint{52, 40, 28, 16} {
			out[i] = b.Constant(bitSlice(&x.k, s, 12))
		}
		return out
	}
	cr := b.NewHint(sliceHint([2]uint{0, 2}, [2]uint{2, 2}, [2]uint{4, 2}, [2]uint{6, 2}, [2]uint{8, 2}, [2]uint{10, 2}, [2]uint{12, 2}, [2]uint{14, 2}), 8, x)
	li := b.NewHint(sliceHint([2]uint{16, 12}, [2]uint{28, 12}, [2]uint{40, 12}, [2]uint{52, 12}), 4, x)
	zero := b.Constant(fp.Element{})
	b.rangeCheck0(x, [6]Variable{zero, zero, li[3], li[2], li[1], li[0]},
		[8]Variable{cr[7], cr[6], cr[5], cr[4], cr[3], cr[2], cr[1], cr[0]}, false)
	return [4]Variable{li[3], li[2], li[1], li[0]}
}

// rangeCheck0 adds a RangeCheck0 row (snarky reduces the cells right to
// left).
func (b *Builder) rangeCheck0(v Variable, limbs [6]Variable, crumbs [8]Variable, compact bool) {
	all := append(append([]Variable{v}, limbs[:]...), crumbs[:]...)
	vars := make([]int32, Columns)
	for i := Columns - 1; i >= 0; i-- {
		vars[i] = b.reduceToV(all[i])
	}
	var c fp.Element
	if compact {
		c.SetOne()
	}
	b.addRow(RangeCheck0, vars, []fp.Element{c})
}

// MultiRangeCheck asserts x, y, z ∈ [0, 2^88) with Kimchi's 4-row gadget:
// RangeCheck0 (x), RangeCheck0 (y), RangeCheck1 (z) and a Zero row (o1js
// Gadgets.multiRangeCheck).
func (b *Builder) MultiRangeCheck(x, y, z Variable) {
	b.own(x, y, z)
	if x.IsConstant() && y.IsConstant() && z.IsConstant() {
		lim := pow2(88)
		for _, v := range []Variable{x, y, z} {
			if v.k.Cmp(&lim) >= 0 {
				b.fail(fmt.Errorf("circuit: MultiRangeCheck of the constant %s", dec(v.k)))
			}
		}
		return
	}
	x, y, z = b.ToVar(x), b.ToVar(y), b.ToVar(z)
	zero := b.ToVar(b.Constant(fp.Element{}))
	x64, x76 := b.rangeCheck0Helper(x, false)
	y64, y76 := b.rangeCheck0Helper(y, false)
	b.rangeCheck1Helper(x64, x76, y64, y76, z, zero)
}

func (b *Builder) rangeCheck0Helper(x Variable, compact bool) (Variable, Variable) {
	cr := b.NewHint(sliceHint([2]uint{0, 2}, [2]uint{2, 2}, [2]uint{4, 2}, [2]uint{6, 2}, [2]uint{8, 2}, [2]uint{10, 2}, [2]uint{12, 2}, [2]uint{14, 2}), 8, x)
	li := b.NewHint(sliceHint([2]uint{16, 12}, [2]uint{28, 12}, [2]uint{40, 12}, [2]uint{52, 12}, [2]uint{64, 12}, [2]uint{76, 12}), 6, x)
	b.rangeCheck0(x, [6]Variable{li[5], li[4], li[3], li[2], li[1], li[0]},
		[8]Variable{cr[7], cr[6], cr[5], cr[4], cr[3], cr[2], cr[1], cr[0]}, compact)
	return li[4], li[5]
}

func (b *Builder) rangeCheck1Helper(x64, x76, y64, y76, z, yz Variable) {
	cur := b.NewHint(sliceHint([2]uint{22, 2}, [2]uint{24, 2}, [2]uint{26, 2}, [2]uint{28, 2}, [2]uint{30, 2}, [2]uint{32, 2}, [2]uint{34, 2}, [2]uint{36, 2},
		[2]uint{38, 12}, [2]uint{50, 12}, [2]uint{62, 12}, [2]uint{74, 12}, [2]uint{86, 2}), 13, z)
	nxt := b.NewHint(sliceHint([2]uint{0, 2}, [2]uint{2, 2}, [2]uint{4, 2}, [2]uint{6, 2}, [2]uint{8, 2}, [2]uint{10, 2}, [2]uint{12, 2}, [2]uint{14, 2},
		[2]uint{16, 2}, [2]uint{18, 2}, [2]uint{20, 2}), 11, z)
	z22, z24, z26, z28, z30, z32, z34, z36, z38, z50, z62, z74, z86 := cur[0], cur[1], cur[2], cur[3], cur[4], cur[5], cur[6], cur[7], cur[8], cur[9], cur[10], cur[11], cur[12]
	z0, z2, z4, z6, z8, z10, z12, z14, z16, z18, z20 := nxt[0], nxt[1], nxt[2], nxt[3], nxt[4], nxt[5], nxt[6], nxt[7], nxt[8], nxt[9], nxt[10]
	curr := []Variable{z, yz, z86, z74, z62, z50, z38, z36, z34, z32, z30, z28, z26, z24, z22}
	next := []Variable{z20, z18, z16, x76, x64, y76, y64, z14, z12, z10, z8, z6, z4, z2, z0}
	vc := make([]int32, Columns)
	for i := Columns - 1; i >= 0; i-- {
		vc[i] = b.reduceToV(curr[i])
	}
	vn := make([]int32, Columns)
	for i := Columns - 1; i >= 0; i-- {
		vn[i] = b.reduceToV(next[i])
	}
	b.addRow(RangeCheck1, vc, nil)
	b.addRow(Zero, vn, nil)
}

// rcBoundaries are the bounds a single RangeCheck0 row proves when its
// high 12-bit limbs are wired to 0.
var rcBoundaries = []uint{16, 28, 40, 52, 64}

// RangeCheckBits asserts 0 ≤ x < 2^k for 1 ≤ k ≤ 64. Cost:
//   - k ≤ 12: x and, when k < 12, x·2^(12−k) are looked up in the 12-bit
//     table (Lookup gates hold three lookups) plus half a Generic row for
//     the scaled copy;
//   - k ∈ {16, 28, 40, 52, 64}: one RangeCheck0 row with the high limbs
//     wired to 0;
//   - other k: two such rows (x < 2^K and x·2^(K−k) < 2^K for the next
//     bound K) plus half a Generic row.
func (b *Builder) RangeCheckBits(x Variable, k uint) {
	b.own(x)
	if k < 1 || k > 64 {
		b.fail(fmt.Errorf("circuit: RangeCheckBits: %d bits not in [1, 64]", k))
		return
	}
	if x.IsConstant() {
		if x.k.Cmp(ptr(pow2(k))) >= 0 {
			b.fail(fmt.Errorf("circuit: RangeCheckBits(%d) of the constant %s", k, dec(x.k)))
		}
		return
	}
	xv := b.reduceToV(x)
	if k <= 12 {
		b.lookup12(xv)
		if k < 12 {
			b.lookup12(b.scaledCell(xv, pow2(12-k)))
		}
		return
	}
	var K uint
	for _, bd := range rcBoundaries {
		if bd >= k {
			K = bd
			break
		}
	}
	b.rc0Bounded(xv, K)
	if k < K {
		b.rc0Bounded(b.scaledCell(xv, pow2(K-k)), K)
	}
}

func ptr(e fp.Element) *fp.Element { return &e }

// scaledCell returns a new cell y = s·x with one generic gate.
func (b *Builder) scaledCell(x int32, s fp.Element) int32 {
	y := b.exists(scaleLC(b, b.varOf(x), s))
	b.addGeneric([3]int32{x, -1, y}, [5]fp.Element{s, {}, minusOne(), {}, {}})
	return y
}

// rc0Bounded proves x < 2^K (K a multiple of 12 plus 4, at most 64) with one
// RangeCheck0 row whose (88−K)/12 high limbs are wired to 0.
func (b *Builder) rc0Bounded(x int32, K uint) {
	xv := b.varOf(x)
	cr := b.NewHint(sliceHint([2]uint{0, 2}, [2]uint{2, 2}, [2]uint{4, 2}, [2]uint{6, 2}, [2]uint{8, 2}, [2]uint{10, 2}, [2]uint{12, 2}, [2]uint{14, 2}), 8, xv)
	nz := (K - 16) / 12 // non-zero limbs, lowest first: bits 16, 28, ...
	var sl [][2]uint
	for i := range nz {
		sl = append(sl, [2]uint{16 + 12*i, 12})
	}
	var li []Variable
	if nz > 0 {
		li = b.NewHint(sliceHint(sl...), int(nz), xv)
	}
	zero := b.Constant(fp.Element{})
	var limbs [6]Variable
	for i := range 6 {
		// column 1+i holds bits 76−12i .. 87−12i
		lo := uint(76 - 12*i)
		if lo >= K {
			limbs[i] = zero
		} else {
			limbs[i] = li[(lo-16)/12]
		}
	}
	b.rangeCheck0(xv, limbs, [8]Variable{cr[7], cr[6], cr[5], cr[4], cr[3], cr[2], cr[1], cr[0]}, false)
}

// ---- signed comparisons and ReLU ----

// SignedBits is the width of the signed values IsNonNegative and ReLU
// accept: x ∈ [−2^31, 2^31) (as field elements, negatives are p − |x|).
const SignedBits = 32

// IsNonNegative returns the bit [x ≥ 0] for x ∈ [−2^31, 2^31) and proves
// that x lies in that range: with s boolean and r = x + 2^31 − 2^31·s, it
// range-checks r < 2^31. Cost: 2 RangeCheck0 rows and 3 single generic
// gates (1.5 rows).
func (b *Builder) IsNonNegative(x Variable) Variable {
	s, _ := b.isNonNegative(x)
	return s
}

// isNonNegative also returns x as a single cell (or x itself when constant).
func (b *Builder) isNonNegative(x Variable) (Variable, Variable) {
	b.own(x)
	if x.IsConstant() {
		c := x.k
		var off fp.Element
		off = pow2(31)
		c.Add(&c, &off)
		if c.Cmp(ptr(pow2(32))) >= 0 {
			b.fail(fmt.Errorf("circuit: IsNonNegative of the constant %s outside [−2^31, 2^31)", dec(x.k)))
			return b.Constant(fp.Element{}), x
		}
		if c.Cmp(&off) >= 0 {
			return b.ConstantInt(1), x
		}
		return b.ConstantInt(0), x
	}
	xv := b.reduceToV(x)
	xs := b.varOf(xv)
	out := b.NewHint(func(in, out []fp.Element) error {
		u := in[0]
		off := pow2(31)
		u.Add(&u, &off)
		if u.Cmp(ptr(pow2(32))) >= 0 {
			return fmt.Errorf("value %s outside [−2^31, 2^31)", dec(in[0]))
		}
		if u.Cmp(&off) >= 0 {
			out[0].SetOne()
			u.Sub(&u, &off)
		}
		out[1] = u
		return nil
	}, 2, xs)
	s, r := out[0], out[1]
	b.AssertBool(s)
	// x − 2^31·s − r + 2^31 = 0
	var n31 fp.Element
	n31.Neg(ptr(pow2(31)))
	b.addGeneric([3]int32{xv, s.cell(), r.cell()}, [5]fp.Element{one(), n31, minusOne(), {}, pow2(31)})
	b.RangeCheckBits(r, 31)
	return s, xs
}

// ReLU returns max(x, 0) for x ∈ [−2^31, 2^31), proving the range: the
// IsNonNegative bit times x. Cost: 2 RangeCheck0 rows and 4 single generic
// gates (2 rows).
func (b *Builder) ReLU(x Variable) Variable {
	s, xs := b.isNonNegative(x)
	if s.IsConstant() {
		if s.k.IsZero() {
			return b.Constant(fp.Element{})
		}
		return x
	}
	return b.Mul(s, xs)
}

// LessOrEqual returns the bit [x ≤ y] for x, y with y − x ∈ [−2^31, 2^31).
func (b *Builder) LessOrEqual(x, y Variable) Variable { return b.IsNonNegative(b.Sub(y, x)) }

// AssertLessOrEqual asserts x ≤ y for y − x ∈ [0, 2^31) (no sign bit: one
// range check of y − x).
func (b *Builder) AssertLessOrEqual(x, y Variable) { b.RangeCheckBits(b.Sub(y, x), 31) }
