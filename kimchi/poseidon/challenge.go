package poseidon

import "fmt"

// ChallengeLengthInLimbs is the number of 64-bit limbs in a sponge challenge
// (proof-systems poseidon/src/sponge.rs CHALLENGE_LENGTH_IN_LIMBS), so
// challenges are 128 bits.
const ChallengeLengthInLimbs = 2

// highEntropyLimbs is how many low limbs of each squeezed element feed the
// challenge buffer (sponge.rs HIGH_ENTROPY_LIMBS).
const highEntropyLimbs = 2

// ScalarChallenge is a 128-bit challenge that the verifier turns into an
// effective scalar a·λ + b through the curve endomorphism
// (proof-systems poseidon/src/sponge.rs ScalarChallenge).
type ScalarChallenge[F any, P FieldPointer[F]] struct {
	inner F
}

// NewScalarChallenge wraps a field element assumed to hold at most 128 bits,
// as FqSponge.Challenge and FrSponge.Challenge produce.
func NewScalarChallenge[F any, P FieldPointer[F]](x F) ScalarChallenge[F, P] {
	return ScalarChallenge[F, P]{inner: x}
}

// ScalarChallengeFromLimbs builds a challenge from two little-endian 64-bit
// limbs (sponge.rs ScalarChallenge::from_limbs).
func ScalarChallengeFromLimbs[F any, P FieldPointer[F]](l [2]uint64) ScalarChallenge[F, P] {
	return ScalarChallenge[F, P]{inner: pack[F, P](l[:])}
}

// Inner returns the raw challenge field element.
func (c ScalarChallenge[F, P]) Inner() F { return c.inner }

// ToField returns the effective scalar for a 128-bit challenge given the
// endomorphism scalar λ (endo_r: for the Vesta proof system the Fp value with
// φ(P) = [λ]P on Vesta, for Pallas the Fq one).
func (c ScalarChallenge[F, P]) ToField(endo F) F {
	f, _ := c.ToFieldWithLength(64*ChallengeLengthInLimbs, endo)
	return f
}

// ToFieldWithLength is sponge.rs to_field_with_length: starting from
// a = b = 2 it walks the bit pairs (r[2i], r[2i+1]) for i = bits/2-1 down to
// 0, doubling a and b and then adding +1 (r[2i] = 1) or -1 (r[2i] = 0) to a
// when r[2i+1] = 1, else to b; the result is a·endo + b. It fails when bits
// exceeds 256.
func (c ScalarChallenge[F, P]) ToFieldWithLength(bits int, endo F) (F, error) {
	var a, b F
	if bits < 0 || bits > 256 {
		return a, fmt.Errorf("poseidon: scalar challenge length %d bits is outside 0..256", bits)
	}
	r := P(&c.inner).Bits()
	bit := func(i int) uint64 { return (r[i/64] >> (i % 64)) & 1 }
	P(&a).SetUint64(2)
	P(&b).SetUint64(2)
	var one, negOne F
	P(&one).SetOne()
	P(&negOne).Neg(&one)
	for i := bits/2 - 1; i >= 0; i-- {
		P(&a).Double(&a)
		P(&b).Double(&b)
		s := &negOne
		if bit(2*i) == 1 {
			s = &one
		}
		if bit(2*i+1) == 0 {
			P(&b).Add(&b, s)
		} else {
			P(&a).Add(&a, s)
		}
	}
	P(&a).Mul(&a, &endo)
	P(&a).Add(&a, &b)
	return a, nil
}

// pack turns at most two little-endian limbs into a field element; 128-bit
// values always fit the Pasta fields, so this cannot fail.
func pack[F any, P FieldPointer[F]](l []uint64) F {
	var full [4]uint64
	copy(full[:], l)
	f, err := fromLimbs[F, P](full)
	if err != nil {
		// Unreachable: callers pass at most 128 bits and the moduli exceed 2^254.
		var zero F
		return zero
	}
	return f
}
