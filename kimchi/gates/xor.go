package gates

// Xor16 gate (kimchi/src/circuits/polynomials/xor.rs): XOR of 16-bit
// chunks, with the nybble-wise XOR checked by the XOR lookup table.
//
// Layout: current row w0 = in1, w1 = in2, w2 = out; w3..w6 = nybbles of
// in1, w7..w10 of in2, w11..w14 of out. Next row w0..w2 = the remaining
// in1, in2, out after shifting out 16 bits.

// XorConstraints is the number of Xor16 constraints.
const XorConstraints = 3

// XorChecks returns, for in1, in2 and out, the decomposition
// n0 + 2^4·n1 + 2^8·n2 + 2^12·n3 + 2^16·next - curr.
func XorChecks[T any](o Ops[T]) []T {
	res := make([]T, 0, XorConstraints)
	for i := range 3 {
		res = append(res, o.Sub(sum(o,
			wCurr(o, 3+4*i),
			o.Mul(wCurr(o, 4+4*i), o.Pow2(4)),
			o.Mul(wCurr(o, 5+4*i), o.Pow2(8)),
			o.Mul(wCurr(o, 6+4*i), o.Pow2(12)),
			o.Mul(o.Pow2(16), wNext(o, i))), wCurr(o, i)))
	}
	return res
}
