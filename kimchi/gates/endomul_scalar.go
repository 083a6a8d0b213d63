package gates

// EndoMulScalar gate (kimchi/src/circuits/polynomials/endomul_scalar.rs):
// decomposes eight 2-bit crumbs of an endo scalar per row.
//
// Layout (current row): w0 = n0; w1 = n8; w2 = a0; w3 = b0; w4 = a8; w5 =
// b8; w6..w13 = crumbs x0..x7.

// EndoMulScalarConstraints is the number of EndoMulScalar constraints.
const EndoMulScalarConstraints = 11

// EndoMulScalarChecks returns the n8, a8, b8 accumulator checks then one
// crumb check per crumb.
func EndoMulScalarChecks[T any](o Ops[T]) []T {
	n0, n8, a0, b0, a8, b8 := wCurr(o, 0), wCurr(o, 1), wCurr(o, 2), wCurr(o, 3), wCurr(o, 4), wCurr(o, 5)
	// c(x) = 11/6 x - 5/2 x^2 + 2/3 x^3; d(x) - c(x) = -1 + 3x - x^2;
	// crumb(x) = x (-6 + 11x - 6x^2 + x^3). Polynomials are evaluated by
	// Horner from the highest coefficient, starting at zero.
	horner := func(x T, cs ...T) T {
		acc := o.Const(0)
		for i := len(cs) - 1; i >= 0; i-- {
			acc = o.Add(o.Mul(acc, x), cs[i])
		}
		return acc
	}
	nAcc, aAcc, bAcc := n0, a0, b0
	crumbs := make([]T, 0, 8)
	for i := range 8 {
		x := wCurr(o, 6+i)
		c := horner(x, o.Const(0), o.Frac(11, 6), o.Frac(-5, 2), o.Frac(2, 3))
		d := o.Add(c, horner(x, o.Const(-1), o.Const(3), o.Const(-1)))
		nAcc = o.Add(double(o, double(o, nAcc)), x)
		aAcc = o.Add(double(o, aAcc), c)
		bAcc = o.Add(double(o, bAcc), d)
		crumbs = append(crumbs, o.Mul(horner(x, o.Const(-6), o.Const(11), o.Const(-6), o.Const(1)), x))
	}
	return append([]T{o.Sub(nAcc, n8), o.Sub(aAcc, a8), o.Sub(bAcc, b8)}, crumbs...)
}
