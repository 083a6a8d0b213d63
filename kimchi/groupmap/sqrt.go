package groupmap

import (
	"fmt"
	"math/big"
)

// sqrtParams is arkworks' SqrtPrecomputation::TonelliShanks for a field with
// p - 1 = 2^s·T, T odd: two_adicity = s and quadratic_nonresidue_to_trace =
// g^T, g being the MontConfig GENERATOR (ark-ff 0.5
// ff/src/fields/models/fp/montgomery_backend.rs, sqrt_precomputation; the
// MontConfig derive sets TWO_ADIC_ROOT_OF_UNITY = GENERATOR^T).
type sqrtParams[E any, PE Field[E]] struct {
	s      uint
	zTrace E // g^T, a primitive 2^s-th root of unity
}

func (sp *sqrtParams[E, PE]) init(modulus *big.Int, s uint, g uint64) error {
	var pm1, t big.Int
	pm1.Sub(modulus, big.NewInt(1))
	if s == 0 || pm1.Sign() <= 0 || pm1.TrailingZeroBits() != s {
		return fmt.Errorf("%w: 2-adicity of p-1 is %d, not %d", ErrSetup, pm1.TrailingZeroBits(), s)
	}
	t.Rsh(&pm1, s)
	sp.s = s
	var gen E
	PE(&gen).SetUint64(g)
	PE(&sp.zTrace).Exp(gen, &t)

	// g must be a non-residue: (g^T)^(2^(s-1)) = -1.
	var c, minusOne E
	c = sp.zTrace
	for range s - 1 {
		PE(&c).Square(&c)
	}
	PE(&minusOne).SetOne()
	PE(&minusOne).Neg(&minusOne)
	if !PE(&c).Equal(&minusOne) {
		return fmt.Errorf("%w: %d is not a quadratic non-residue", ErrSetup, g)
	}
	// ExpBySqrtExp must raise to (T-1)/2: check it on g.
	var e big.Int
	e.Rsh(&t, 1)
	var a, b E
	PE(&a).Exp(gen, &e)
	PE(&b).ExpBySqrtExp(gen)
	if !PE(&a).Equal(&b) {
		return fmt.Errorf("%w: ExpBySqrtExp is not x^((T-1)/2)", ErrSetup)
	}
	return nil
}

// sqrt sets r to the square root of a that arkworks' Tonelli–Shanks returns
// (ark-ff 0.5 ff/src/fields/sqrt.rs, SqrtPrecomputation::sqrt) and reports
// whether a is a square; r is zero when it is not. The steps, which fix which
// of ±√a comes out, are:
//
//	z = g^T, w = a^((T-1)/2), x = w·a, b = x·w (= a^T), v = s
//	while b ≠ 1: k = least with b^(2^k) = 1 (k = s ⇒ no root);
//	             w = z^(2^(v-k-1)); z = w²; b = b·z; x = x·w; v = k
//	return x if x² = a.
func (sp *sqrtParams[E, PE]) sqrt(r, a *E) bool {
	if PE(a).IsZero() {
		PE(r).SetZero()
		return true
	}
	z := sp.zTrace
	var w, x, b E
	PE(&w).ExpBySqrtExp(*a)
	PE(&x).Mul(&w, a)
	PE(&b).Mul(&x, &w)
	v := sp.s
	for !PE(&b).IsOne() {
		k := uint(0)
		b2k := b
		for !PE(&b2k).IsOne() {
			PE(&b2k).Square(&b2k)
			k++
			if k > sp.s { // unreachable for a ≠ 0: b^(2^s) = a^(p-1) = 1
				PE(r).SetZero()
				return false
			}
		}
		if k == sp.s {
			PE(r).SetZero()
			return false
		}
		w = z
		for i := uint(1); i < v-k; i++ {
			PE(&w).Square(&w)
		}
		PE(&z).Square(&w)
		PE(&b).Mul(&b, &z)
		PE(&x).Mul(&x, &w)
		v = k
	}
	var chk E
	PE(&chk).Square(&x)
	if !PE(&chk).Equal(a) {
		PE(r).SetZero()
		return false
	}
	*r = x
	return true
}
