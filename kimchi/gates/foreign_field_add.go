package gates

// ForeignFieldAdd gate (kimchi/src/circuits/polynomials/foreign_field_add/circuitgates.rs):
// result = left + sign·right - field_overflow·modulus over three 88-bit limbs.
//
// Layout: current row w0..w2 = left (lo, mi, hi); w3..w5 = right; w6 =
// field_overflow; w7 = carry. Next row w0..w2 = result. Coefficients c0..c2
// = foreign modulus limbs; c3 = sign.

// ForeignFieldAddConstraints is the number of ForeignFieldAdd constraints.
const ForeignFieldAddConstraints = 4

// compactLimb is lo + mi·2^88 (expr.rs compact_limb).
func compactLimb[T any](o Ops[T], lo, mi T) T { return o.Add(lo, o.Mul(mi, o.Pow2(limbBits))) }

// ForeignFieldAddChecks returns the overflow, carry, bottom and top checks.
func ForeignFieldAddChecks[T any](o Ops[T]) []T {
	m0, m1, m2, sign := coeff(o, 0), coeff(o, 1), coeff(o, 2), coeff(o, 3)
	llo, lmi, lhi := wCurr(o, 0), wCurr(o, 1), wCurr(o, 2)
	rlo, rmi, rhi := wCurr(o, 3), wCurr(o, 4), wCurr(o, 5)
	ovf, carry := wCurr(o, 6), wCurr(o, 7)
	reslo, resmi, reshi := wNext(o, 0), wNext(o, 1), wNext(o, 2)
	one := o.Const(1)
	bot := o.Sub(o.Sub(o.Add(compactLimb(o, llo, lmi), o.Mul(sign, compactLimb(o, rlo, rmi))),
		o.Mul(ovf, compactLimb(o, m0, m1))), o.Mul(carry, o.Pow2(2*limbBits)))
	top := o.Add(o.Sub(o.Add(lhi, o.Mul(sign, rhi)), o.Mul(ovf, m2)), carry)
	return []T{
		o.Mul(ovf, o.Sub(ovf, sign)),
		o.Mul(o.Mul(carry, o.Sub(carry, one)), o.Add(carry, one)),
		o.Sub(bot, compactLimb(o, reslo, resmi)),
		o.Sub(top, reshi),
	}
}
