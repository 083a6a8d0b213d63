package gates

// Rot64 gate (kimchi/src/circuits/polynomials/rot.rs): 64-bit rotation
// word·2^rot = excess·2^64 + shifted, rotated = shifted + excess, with a
// bound check on excess.
//
// Layout: current row w0 = word, w1 = rotated, w2 = excess, w3..w6 =
// 12-bit limbs of the bound (looked up), w7..w14 = its 2-bit crumbs. Next
// row w0 = shifted. Coefficient c0 = 2^rot.

// RotConstraints is the number of Rot64 constraints.
const RotConstraints = 11

// RotChecks returns eight crumb checks, the rotation, the output and the
// bound checks.
func RotChecks[T any](o Ops[T]) []T {
	res := make([]T, 0, RotConstraints)
	for i := 7; i < 15; i++ {
		res = append(res, crumb(o, wCurr(o, i)))
	}
	two64 := o.Pow2(64)
	word, rotated, excess, shifted, twoRot := wCurr(o, 0), wCurr(o, 1), wCurr(o, 2), wNext(o, 0), coeff(o, 0)
	res = append(res,
		o.Sub(o.Mul(word, twoRot), o.Add(o.Mul(excess, two64), shifted)),
		o.Sub(rotated, o.Add(shifted, excess)))
	p2 := o.Const(1)
	bound := o.Const(0)
	for i := 14; i >= 7; i-- {
		bound = o.Add(bound, o.Mul(p2, wCurr(o, i)))
		p2 = o.Mul(p2, o.Pow2(2))
	}
	for i := 6; i >= 3; i-- {
		bound = o.Add(bound, o.Mul(p2, wCurr(o, i)))
		p2 = o.Mul(p2, o.Pow2(12))
	}
	return append(res, o.Sub(bound, o.Add(o.Sub(excess, twoRot), two64)))
}
