package gates

// CompleteAdd gate (kimchi/src/circuits/polynomials/complete_add.rs):
// (x1, y1) + (x2, y2) = (x3, y3), handling doubling and the point at
// infinity.
//
// Layout (current row): w0..w5 = x1, y1, x2, y2, x3, y3; w6 = inf; w7 =
// same_x; w8 = s (slope); w9 = inf_z; w10 = x21_inv.

// CompleteAddConstraints is the number of CompleteAdd constraints.
const CompleteAddConstraints = 7

// CompleteAddChecks returns the seven complete-addition constraints.
func CompleteAddChecks[T any](o Ops[T]) []T {
	x1, y1, x2, y2 := wCurr(o, 0), wCurr(o, 1), wCurr(o, 2), wCurr(o, 3)
	x3, y3 := wCurr(o, 4), wCurr(o, 5)
	inf, sameX, s, infZ, x21Inv := wCurr(o, 6), wCurr(o, 7), wCurr(o, 8), wCurr(o, 9), wCurr(o, 10)
	one := o.Const(1)

	x21 := o.Sub(x2, x1)
	y21 := o.Sub(y2, y1)
	x1sq := square(o, x1)
	dbl := o.Sub(o.Sub(o.Mul(double(o, s), y1), double(o, x1sq)), x1sq)
	add := o.Sub(o.Mul(x21, s), y21)
	return []T{
		// zero_check(x21, x21_inv, same_x)
		o.Sub(o.Mul(x21Inv, x21), o.Sub(one, sameX)),
		o.Mul(sameX, x21),
		o.Add(o.Mul(sameX, dbl), o.Mul(o.Sub(one, sameX), add)),
		o.Sub(sum(o, x1, x2, x3), square(o, s)),
		o.Sub(o.Sub(o.Mul(s, o.Sub(x1, x3)), y1), y3),
		o.Mul(y21, o.Sub(sameX, inf)),
		o.Sub(o.Mul(y21, infZ), inf),
	}
}
