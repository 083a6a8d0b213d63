package gates

// ForeignFieldMul gate (kimchi/src/circuits/polynomials/foreign_field_mul/circuitgates.rs):
// left·right = quotient·f + remainder over 88-bit limbs, checked both
// limb-wise with carries and in the native field.
//
// Layout: current row w0..w2 = left; w3..w5 = right; w6 = product1_lo;
// w7..w10 = 12-bit carry1 limbs; w11..w13 = carry1 crumbs; w14 = carry1
// bit. Next row w0, w1 = remainder (01, 2); w2..w4 = quotient; w5 =
// quotient_hi_bound; w6 = product1_hi_0; w7 = product1_hi_1; w8..w10 =
// 12-bit carry1 limbs; w11 = carry0. Coefficients c0 = high limb of the
// foreign modulus f; c1..c3 = limbs of -f mod 2^264.

// ForeignFieldMulConstraints is the number of ForeignFieldMul constraints.
const ForeignFieldMulConstraints = 11

// ForeignFieldMulChecks returns the eleven constraints in proof-systems' order.
func ForeignFieldMulChecks[T any](o Ops[T]) []T {
	left := [3]T{wCurr(o, 0), wCurr(o, 1), wCurr(o, 2)}
	right := [3]T{wCurr(o, 3), wCurr(o, 4), wCurr(o, 5)}
	c1c0, c1c1, c1c2, c1bit := wCurr(o, 11), wCurr(o, 12), wCurr(o, 13), wCurr(o, 14)
	carryParts := []T{wCurr(o, 7), wCurr(o, 8), wCurr(o, 9), wCurr(o, 10), wNext(o, 8), wNext(o, 9), wNext(o, 10), c1c0, c1c1, c1c2, c1bit}
	carryShifts := []uint{0, 12, 24, 36, 48, 60, 72, 84, 86, 88, 90}
	carry1 := carryParts[0]
	for i := 1; i < len(carryParts); i++ {
		carry1 = o.Add(carry1, o.Mul(o.Pow2(carryShifts[i]), carryParts[i]))
	}
	carry0 := wNext(o, 11)
	quot := [3]T{wNext(o, 2), wNext(o, 3), wNext(o, 4)}
	quotHiBound := wNext(o, 5)
	rem := [2]T{wNext(o, 0), wNext(o, 1)}
	p1lo, p1hi0, p1hi1 := wCurr(o, 6), wNext(o, 6), wNext(o, 7)
	hiF := coeff(o, 0)
	negF := [3]T{coeff(o, 1), coeff(o, 2), coeff(o, 3)}

	m := o.Mul
	products := [3]T{
		o.Add(m(left[0], right[0]), m(quot[0], negF[0])),
		sum(o, m(left[0], right[1]), m(left[1], right[0]), m(quot[0], negF[1]), m(quot[1], negF[0])),
		sum(o, m(left[0], right[2]), m(left[2], right[0]), m(left[1], right[1]),
			m(quot[0], negF[2]), m(quot[2], negF[0]), m(quot[1], negF[1])),
	}
	l1, l2 := o.Pow2(limbBits), o.Pow2(2*limbBits)
	native3 := func(x [3]T) T { return sum(o, m(l2, x[2]), m(l1, x[1]), x[0]) }
	leftN, rightN, quotN, negFN := native3(left), native3(right), native3(quot), native3(negF)
	remN := o.Add(m(l2, rem[1]), rem[0])

	bound := o.Sub(o.Sub(o.Add(quot[2], l1), hiF), o.Const(1))
	p1hi := o.Add(m(l1, p1hi1), p1hi0)
	p1 := o.Add(m(l1, p1hi), p1lo)
	return []T{
		crumb(o, p1hi1),
		crumb(o, carry0),
		o.Sub(products[1], p1),
		o.Sub(m(l2, carry0), o.Sub(o.Add(products[0], m(l1, p1lo)), rem[0])),
		o.Sub(o.Sub(o.Add(m(leftN, rightN), m(quotN, negFN)), remN), m(quotN, o.Pow2(3*limbBits))),
		crumb(o, c1c0), crumb(o, c1c1), crumb(o, c1c2), boolean(o, c1bit),
		o.Sub(m(l1, carry1), o.Sub(sum(o, products[2], p1hi, carry0), rem[1])),
		o.Sub(quotHiBound, bound),
	}
}
