package gates

// Generic gate (kimchi/src/circuits/polynomials/generic.rs): two
// double-generic gates per row.
//
// Layout: w0, w1, w2 = left, right, output of the first gate; w3, w4, w5 of
// the second. Coefficients c0..c4 = left, right, output, mul, constant of
// the first gate; c5..c9 of the second.

// GenericConstraints is the number of Generic constraints.
const GenericConstraints = 2

// GenericChecks returns l·cl + r·cr + o·co + l·r·cm + cc for each half.
func GenericChecks[T any](o Ops[T]) []T {
	res := make([]T, 0, GenericConstraints)
	for half := range 2 {
		l, r, out := wCurr(o, 3*half), wCurr(o, 3*half+1), wCurr(o, 3*half+2)
		c := 5 * half
		res = append(res, sum(o,
			o.Mul(coeff(o, c), l),
			o.Mul(coeff(o, c+1), r),
			o.Mul(coeff(o, c+2), out),
			o.Mul(o.Mul(coeff(o, c+3), l), r),
			coeff(o, c+4)))
	}
	return res
}
