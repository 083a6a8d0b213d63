package gates

// EndoMul gate (kimchi/src/circuits/polynomials/endosclmul.rs): four bits of
// endomorphism-accelerated scalar multiplication per row.
//
// Layout: current row w0, w1 = T (xt, yt); w2 = inv; w4, w5 = P; w6 = n;
// w7, w8 = R; w9 = s1; w10 = s3; w11..w14 = b1..b4. Next row: w4, w5 = S;
// w6 = n'.

// EndoMulConstraints is the number of EndoMul constraints.
const EndoMulConstraints = 12

// EndoMulChecks returns the twelve EndoMul constraints.
func EndoMulChecks[T any](o Ops[T]) []T {
	b1, b2, b3, b4 := wCurr(o, 11), wCurr(o, 12), wCurr(o, 13), wCurr(o, 14)
	xt, yt, inv := wCurr(o, 0), wCurr(o, 1), wCurr(o, 2)
	xs, ys := wNext(o, 4), wNext(o, 5)
	xp, yp := wCurr(o, 4), wCurr(o, 5)
	xr, yr := wCurr(o, 7), wCurr(o, 8)
	s1, s3 := wCurr(o, 9), wCurr(o, 10)
	one := o.Const(1)

	endoMinus1 := o.Sub(o.EndoCoefficient(), one)
	xq1 := o.Mul(o.Add(one, o.Mul(b1, endoMinus1)), xt)
	xq2 := o.Mul(o.Add(one, o.Mul(b3, endoMinus1)), xt)
	yq1 := o.Mul(o.Sub(double(o, b2), one), yt)
	yq2 := o.Mul(o.Sub(double(o, b4), one), yt)
	s1sq, s3sq := square(o, s1), square(o, s3)

	n, nNext := wCurr(o, 6), wNext(o, 6)
	nc := o.Sub(o.Add(double(o, o.Add(double(o, o.Add(double(o, o.Add(double(o, n), b1)), b2)), b3)), b4), nNext)

	xpxr := o.Sub(xp, xr)
	xrxs := o.Sub(xr, xs)
	ysyr := o.Add(ys, yr)
	yryp := o.Add(yr, yp)
	return []T{
		boolean(o, b1), boolean(o, b2), boolean(o, b3), boolean(o, b4),
		o.Sub(o.Mul(o.Sub(xq1, xp), s1), o.Sub(yq1, yp)),
		o.Sub(o.Mul(o.Add(o.Sub(double(o, xp), s1sq), xq1), o.Add(o.Mul(xpxr, s1), yryp)), o.Mul(double(o, yp), xpxr)),
		o.Sub(square(o, yryp), o.Mul(square(o, xpxr), o.Add(o.Sub(s1sq, xq1), xr))),
		o.Sub(o.Mul(o.Sub(xq2, xr), s3), o.Sub(yq2, yr)),
		o.Sub(o.Mul(o.Add(o.Sub(double(o, xr), s3sq), xq2), o.Add(o.Mul(xrxs, s3), ysyr)), o.Mul(double(o, yr), xrxs)),
		o.Sub(square(o, ysyr), o.Mul(square(o, xrxs), o.Add(o.Sub(s3sq, xq2), xs))),
		nc,
		o.Sub(o.Mul(o.Mul(xpxr, xrxs), inv), one),
	}
}
