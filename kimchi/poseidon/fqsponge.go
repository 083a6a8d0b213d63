package poseidon

import (
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
)

// FqSponge is proof-systems' DefaultFqSponge (poseidon/src/sponge.rs): the
// Fiat–Shamir sponge over the base field B of the commitment curve, which
// absorbs points and scalars (S, the curve's scalar field) and squeezes
// 128-bit scalar challenges. It buffers unused squeezed limbs
// (last_squeezed); every absorb clears the buffer.
type FqSponge[B any, PB FieldPointer[B], S any, PS FieldPointer[S]] struct {
	sponge       Sponge[B, PB]
	lastSqueezed []uint64
	// splitScalars is set when the scalar modulus is not below the base
	// modulus, so scalars are absorbed as (value >> 1, value & 1).
	splitScalars bool
	scalarMod    [4]uint64
}

// VestaFqSponge is the FqSponge of the Vesta proof system: commitments are
// Vesta points with coordinates in Fq, scalars are in Fp (proof-systems
// DefaultFqSponge<VestaParameters, PlonkSpongeConstantsKimchi> with
// fq_kimchi parameters). Fp < Fq, so scalars are absorbed whole.
type VestaFqSponge = FqSponge[fq.Element, *fq.Element, fp.Element, *fp.Element]

// PallasFqSponge is the FqSponge of the Pallas proof system: commitments are
// Pallas points with coordinates in Fp, scalars are in Fq (proof-systems
// DefaultFqSponge<PallasParameters, PlonkSpongeConstantsKimchi> with
// fp_kimchi parameters). Fq > Fp, so scalars are absorbed as two elements.
type PallasFqSponge = FqSponge[fp.Element, *fp.Element, fq.Element, *fq.Element]

// NewVestaFqSponge returns a fresh FqSponge for Vesta commitments (Kimchi
// parameters over Fq).
func NewVestaFqSponge() *VestaFqSponge {
	return NewFqSponge[fq.Element, *fq.Element, fp.Element, *fp.Element](KimchiFq())
}

// NewPallasFqSponge returns a fresh FqSponge for Pallas commitments (Kimchi
// parameters over Fp).
func NewPallasFqSponge() *PallasFqSponge {
	return NewFqSponge[fp.Element, *fp.Element, fq.Element, *fq.Element](KimchiFp())
}

// NewFqSponge returns a fresh FqSponge over base field B with the given
// parameters and scalar field S.
func NewFqSponge[B any, PB FieldPointer[B], S any, PS FieldPointer[S]](params *Params[B, PB]) *FqSponge[B, PB, S, PS] {
	sm := modulusLimbs[S, PS]()
	return &FqSponge[B, PB, S, PS]{
		sponge:       Sponge[B, PB]{params: params},
		splitScalars: !lessLimbs(sm, modulusLimbs[B, PB]()),
		scalarMod:    sm,
	}
}

// Clone returns an independent copy of the sponge.
func (s *FqSponge[B, PB, S, PS]) Clone() *FqSponge[B, PB, S, PS] {
	c := *s
	c.lastSqueezed = append([]uint64(nil), s.lastSqueezed...)
	return &c
}

// Sponge returns a copy of the underlying ArithmeticSponge.
func (s *FqSponge[B, PB, S, PS]) Sponge() Sponge[B, PB] { return s.sponge }

// AbsorbFq absorbs base-field elements directly (absorb_fq).
func (s *FqSponge[B, PB, S, PS]) AbsorbFq(xs ...B) {
	s.lastSqueezed = s.lastSqueezed[:0]
	s.sponge.Absorb(xs...)
}

// AbsorbPoint absorbs an affine point as x then y (absorb_g). The point at
// infinity is absorbed as (0, 0), which is how kimchi/curve represents it,
// so callers pass its coordinates unchanged.
func (s *FqSponge[B, PB, S, PS]) AbsorbPoint(x, y B) {
	s.lastSqueezed = s.lastSqueezed[:0]
	s.sponge.Absorb(x, y)
}

// AbsorbFr absorbs scalar-field elements (absorb_fr): when the scalar
// modulus is below the base modulus the scalar's canonical value is absorbed
// as one base element; otherwise its value without the lowest bit (value >>
// 1) is absorbed, then the lowest bit as 0 or 1.
func (s *FqSponge[B, PB, S, PS]) AbsorbFr(xs ...S) {
	s.lastSqueezed = s.lastSqueezed[:0]
	for i := range xs {
		l := limbs[S, PS](&xs[i])
		if !s.splitScalars {
			// The canonical scalar is below the scalar modulus, hence below
			// the base modulus: it always converts.
			fe, _ := fromLimbs[B, PB](l)
			s.sponge.Absorb(fe)
			continue
		}
		low := l[0] & 1
		for j := range 3 {
			l[j] = l[j]>>1 | l[j+1]<<63
		}
		l[3] >>= 1
		// value >> 1 < 2^254 is below both Pasta moduli.
		high, _ := fromLimbs[B, PB](l)
		var lowBit B
		PB(&lowBit).SetUint64(low)
		s.sponge.Absorb(high, lowBit)
	}
}

// ChallengeFq squeezes a base-field challenge (challenge_fq / squeeze_field),
// discarding buffered limbs.
func (s *FqSponge[B, PB, S, PS]) ChallengeFq() B {
	s.lastSqueezed = s.lastSqueezed[:0]
	return s.sponge.Squeeze()
}

// Challenge squeezes a 128-bit scalar challenge: the two lowest limbs of a
// squeezed base element, packed into the scalar field (challenge /
// squeeze(CHALLENGE_LENGTH_IN_LIMBS)).
func (s *FqSponge[B, PB, S, PS]) Challenge() S {
	return pack[S, PS](s.squeezeLimbs(ChallengeLengthInLimbs))
}

// ScalarChallenge squeezes a challenge and wraps it for endomorphism
// decoding, as the verifier does for alpha and zeta.
func (s *FqSponge[B, PB, S, PS]) ScalarChallenge() ScalarChallenge[S, PS] {
	return NewScalarChallenge[S, PS](s.Challenge())
}

// squeezeLimbs is squeeze_limbs: serve n limbs from the buffer, refilling it
// with the low highEntropyLimbs limbs of a fresh squeeze when short.
func (s *FqSponge[B, PB, S, PS]) squeezeLimbs(n int) []uint64 {
	for len(s.lastSqueezed) < n {
		x := s.sponge.Squeeze()
		l := limbs[B, PB](&x)
		s.lastSqueezed = append(s.lastSqueezed, l[:highEntropyLimbs]...)
	}
	out := append([]uint64(nil), s.lastSqueezed[:n]...)
	s.lastSqueezed = append(s.lastSqueezed[:0], s.lastSqueezed[n:]...)
	return out
}

// DigestFq squeezes a base-field digest (digest_fq). proof-systems consumes
// the sponge here; callers should not use it afterwards.
func (s *FqSponge[B, PB, S, PS]) DigestFq() B {
	return s.ChallengeFq()
}

// Digest squeezes a base element and reinterprets its canonical value in the
// scalar field, returning zero when it is not below the scalar modulus
// (digest). proof-systems consumes the sponge here.
func (s *FqSponge[B, PB, S, PS]) Digest() S {
	x := s.ChallengeFq()
	return scalarOrZero[S, PS](limbs[B, PB](&x), s.scalarMod)
}

// scalarOrZero reads canonical limbs as a scalar, or zero when they are not
// below the scalar modulus mod.
func scalarOrZero[S any, PS FieldPointer[S]](l, mod [4]uint64) S {
	var zero S
	if !lessLimbs(l, mod) {
		return zero
	}
	d, err := fromLimbs[S, PS](l)
	if err != nil {
		return zero
	}
	return d
}
