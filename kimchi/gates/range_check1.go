package gates

// RangeCheck1 gate (kimchi/src/circuits/polynomials/range_check/circuitgates.rs):
// range-checks the 88-bit limb v2 = w0 over two rows.
//
// Layout: current row w0 = v2; w1 = v12 (not constrained here); w2 = 2-bit
// crumb; w3..w6 = 12-bit limbs (looked up); w7..w14 = crumbs. Next row:
// w0..w2 and w7..w14 = crumbs (w3..w6 of the next row are looked up).

// RangeCheck1Constraints is the number of RangeCheck1 constraints.
const RangeCheck1Constraints = 21

// RangeCheck1Checks returns twenty crumb checks and the decomposition check.
func RangeCheck1Checks[T any](o Ops[T]) []T {
	res := []T{crumb(o, wCurr(o, 2))}
	for i := 7; i < 15; i++ {
		res = append(res, crumb(o, wCurr(o, i)))
	}
	for i := 0; i <= 2; i++ {
		res = append(res, crumb(o, wNext(o, i)))
	}
	for i := 7; i < 15; i++ {
		res = append(res, crumb(o, wNext(o, i)))
	}
	p2 := o.Const(1)
	acc := o.Const(0)
	add := func(v T, mul int64) {
		acc = o.Add(acc, o.Mul(p2, v))
		p2 = o.Mul(p2, o.Const(mul))
	}
	for i := 14; i >= 7; i-- {
		add(wNext(o, i), 4)
	}
	for i := 2; i >= 0; i-- {
		add(wNext(o, i), 4)
	}
	for i := 14; i >= 7; i-- {
		add(wCurr(o, i), 4)
	}
	for i := 6; i >= 3; i-- {
		add(wCurr(o, i), 4096)
	}
	acc = o.Add(acc, o.Mul(p2, wCurr(o, 2)))
	return append(res, o.Sub(acc, wCurr(o, 0)))
}
