package poseidon

import (
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
)

// FrSponge is proof-systems' DefaultFrSponge with the kimchi FrSponge trait
// (kimchi/src/plonk_sponge.rs): the Fiat–Shamir sponge over the scalar field
// that absorbs evaluations and squeezes the v and u challenges. It buffers
// unused squeezed limbs like FqSponge; absorbing clears the buffer.
type FrSponge[F any, P FieldPointer[F]] struct {
	sponge       Sponge[F, P]
	lastSqueezed []uint64
}

// VestaFrSponge is the FrSponge of the Vesta proof system, over Fp (Vesta's
// scalar field) with fp_kimchi parameters.
type VestaFrSponge = FrSponge[fp.Element, *fp.Element]

// PallasFrSponge is the FrSponge of the Pallas proof system, over Fq
// (Pallas's scalar field) with fq_kimchi parameters.
type PallasFrSponge = FrSponge[fq.Element, *fq.Element]

// NewVestaFrSponge returns a fresh FrSponge over Fp (Kimchi parameters).
func NewVestaFrSponge() *VestaFrSponge {
	return NewFrSponge[fp.Element](KimchiFp())
}

// NewPallasFrSponge returns a fresh FrSponge over Fq (Kimchi parameters).
func NewPallasFrSponge() *PallasFrSponge {
	return NewFrSponge[fq.Element](KimchiFq())
}

// NewFrSponge returns a fresh FrSponge with the given parameters.
func NewFrSponge[F any, P FieldPointer[F]](params *Params[F, P]) *FrSponge[F, P] {
	return &FrSponge[F, P]{sponge: Sponge[F, P]{params: params}}
}

// Clone returns an independent copy of the sponge.
func (s *FrSponge[F, P]) Clone() *FrSponge[F, P] {
	c := *s
	c.lastSqueezed = append([]uint64(nil), s.lastSqueezed...)
	return &c
}

// Sponge returns a copy of the underlying ArithmeticSponge.
func (s *FrSponge[F, P]) Sponge() Sponge[F, P] { return s.sponge }

// Absorb absorbs one element (absorb).
func (s *FrSponge[F, P]) Absorb(x F) {
	s.lastSqueezed = s.lastSqueezed[:0]
	s.sponge.Absorb(x)
}

// AbsorbMultiple absorbs the elements in order (absorb_multiple).
func (s *FrSponge[F, P]) AbsorbMultiple(xs []F) {
	s.lastSqueezed = s.lastSqueezed[:0]
	s.sponge.Absorb(xs...)
}

// AbsorbPointEvaluations absorbs one polynomial's evaluation chunks at ζ and
// then at ζω, the unit of absorb_evaluations; the verifier calls it for z,
// the generic, poseidon, complete-add, mul, emul and endomul-scalar
// selectors, w[0..14], coefficients[0..14], s[0..5], then the optional
// columns present, in plonk_sponge.rs order (the public input is absorbed
// separately, first).
func (s *FrSponge[F, P]) AbsorbPointEvaluations(zeta, zetaOmega []F) {
	s.lastSqueezed = s.lastSqueezed[:0]
	s.sponge.Absorb(zeta...)
	s.sponge.Absorb(zetaOmega...)
}

// Challenge squeezes a 128-bit scalar challenge from the low two limbs of a
// squeezed element (challenge).
func (s *FrSponge[F, P]) Challenge() ScalarChallenge[F, P] {
	for len(s.lastSqueezed) < ChallengeLengthInLimbs {
		x := s.sponge.Squeeze()
		l := limbs[F, P](&x)
		s.lastSqueezed = append(s.lastSqueezed, l[:highEntropyLimbs]...)
	}
	c := pack[F, P](s.lastSqueezed[:ChallengeLengthInLimbs])
	s.lastSqueezed = append(s.lastSqueezed[:0], s.lastSqueezed[ChallengeLengthInLimbs:]...)
	return NewScalarChallenge[F, P](c)
}

// Digest squeezes a full field element (digest); it does not touch the limb
// buffer. proof-systems consumes the sponge here.
func (s *FrSponge[F, P]) Digest() F {
	return s.sponge.Squeeze()
}
