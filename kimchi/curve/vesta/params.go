package vesta

import (
	scalar "github.com/zkml-mina/zkml/kimchi/field/fp"
	base "github.com/zkml-mina/zkml/kimchi/field/fq"
)

// Curve parameters of Vesta, y² = x³ + 5 over Fq with a group of prime order
// p (the Fp modulus), as in proof-systems curves/src/pasta/curves/vesta.rs.
const (
	curveName = "vesta"

	// generatorX, generatorY: proof-systems' G_GENERATOR_X / G_GENERATOR_Y.
	generatorX = "1"
	generatorY = "11426906929455361843568202299992114520848200991084027513389447476559454104162"

	// endoBase is the cube root of unity β in Fq used by φ(x, y) = (β·x, y):
	// proof-systems' endo_q = endo_coefficient::<Fq>() = 5^((q-1)/3).
	endoBase = "2942865608506852014473558576493638302197734138389222805617480874486368177743"
	// endoScalar is λ in Fp with φ(P) = [λ]P: proof-systems' endo_r, which
	// for Vesta is the square of endo_coefficient::<Fp>() = 5^((p-1)/3).
	endoScalar = "8503465768106391777493614032514048814691664078728891710322960303815233784505"
)

// Compile-time reminders of which field is which.
var (
	_ base.Element
	_ scalar.Element
)
