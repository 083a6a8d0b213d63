package gates

// VarBaseMul gate (kimchi/src/circuits/polynomials/varbasemul.rs): five
// steps of variable-base scalar multiplication over two rows.
//
// Layout: current row w0, w1 = base (xT, yT); w2, w3 = acc0; w4 = n_prev; w5
// = n_next; (w7, w8), (w9, w10), (w11, w12), (w13, w14) = acc1..acc4. Next
// row: w0, w1 = acc5; w2..w6 = bits b0..b4; w7..w11 = slopes s0..s4.

// VarBaseMulConstraints is the number of VarBaseMul constraints.
const VarBaseMulConstraints = 21

// VarBaseMulChecks returns n_next - fold(n_prev, bits) followed by four
// constraints per bit.
func VarBaseMulChecks[T any](o Ops[T]) []T {
	type point struct{ x, y T }
	accCols := [6][2]int{{2, 3}, {7, 8}, {9, 10}, {11, 12}, {13, 14}, {0, 1}}
	var accs [6]point
	for i, c := range accCols {
		r := Curr
		if i == 5 {
			r = Next
		}
		accs[i] = point{o.Cell(Column{Witness, c[0]}, r), o.Cell(Column{Witness, c[1]}, r)}
	}
	base := point{wCurr(o, 0), wCurr(o, 1)}
	nPrev, nNext := wCurr(o, 4), wCurr(o, 5)

	acc := nPrev
	for i := range 5 {
		acc = o.Add(wNext(o, 2+i), double(o, acc))
	}
	res := []T{o.Sub(nNext, acc)}
	for i := range 5 {
		b, s1 := wNext(o, 2+i), wNext(o, 7+i)
		in, out := accs[i], accs[i+1]
		bSign := o.Sub(double(o, b), o.Const(1))
		s1sq := square(o, s1)
		rx := o.Sub(o.Sub(s1sq, in.x), base.x)
		t := o.Sub(in.x, rx)
		u := o.Sub(double(o, in.y), o.Mul(t, s1))
		res = append(res,
			boolean(o, b),
			o.Sub(o.Mul(o.Sub(in.x, base.x), s1), o.Sub(in.y, o.Mul(bSign, base.y))),
			o.Sub(square(o, u), o.Mul(square(o, t), o.Add(o.Sub(out.x, base.x), s1sq))),
			o.Sub(o.Mul(o.Add(out.y, in.y), t), o.Mul(o.Sub(in.x, out.x), u)),
		)
	}
	return res
}
