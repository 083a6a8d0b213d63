package gates

// RangeCheck0 gate (kimchi/src/circuits/polynomials/range_check/circuitgates.rs):
// range-checks an 88-bit limb v0 = w0 (with optional compaction).
//
// Layout (current row): w0 = v; w1..w6 = 12-bit limbs (w1..w6 are looked up
// in the range-check table); w7..w14 = 2-bit crumbs. Coefficient c0 turns
// on the compact-limb check w_next1 = w0 + 2^88·w_next0.

// RangeCheck0Constraints is the number of RangeCheck0 constraints.
const RangeCheck0Constraints = 10

// limbBits is foreign_field_common.rs LIMB_BITS.
const limbBits = 88

// RangeCheck0Checks returns eight crumb checks, the decomposition check and
// the compact-limb check.
func RangeCheck0Checks[T any](o Ops[T]) []T {
	res := make([]T, 0, RangeCheck0Constraints)
	for i := 7; i < 15; i++ {
		res = append(res, crumb(o, wCurr(o, i)))
	}
	p2 := o.Const(1)
	acc := o.Const(0)
	for i := 14; i >= 7; i-- {
		acc = o.Add(acc, o.Mul(p2, wCurr(o, i)))
		p2 = o.Mul(p2, o.Const(4))
	}
	for i := 6; i >= 1; i-- {
		acc = o.Add(acc, o.Mul(p2, wCurr(o, i)))
		p2 = o.Mul(p2, o.Const(4096))
	}
	res = append(res, o.Sub(acc, wCurr(o, 0)))
	res = append(res, o.Mul(coeff(o, 0), o.Sub(wNext(o, 1), o.Add(wCurr(o, 0), o.Mul(o.Pow2(limbBits), wNext(o, 0))))))
	return res
}
