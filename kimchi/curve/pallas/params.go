package pallas

import (
	base "github.com/zkml-mina/zkml/kimchi/field/fp"
	scalar "github.com/zkml-mina/zkml/kimchi/field/fq"
)

// Curve parameters of Pallas, y² = x³ + 5 over Fp with a group of prime order
// q (the Fq modulus), as in proof-systems curves/src/pasta/curves/pallas.rs.
const (
	curveName = "pallas"

	// generatorX, generatorY: proof-systems' G_GENERATOR_X / G_GENERATOR_Y.
	generatorX = "1"
	generatorY = "12418654782883325593414442427049395787963493412651469444558597405572177144507"

	// endoBase is the cube root of unity β in Fp used by φ(x, y) = (β·x, y):
	// proof-systems' endo_q = endo_coefficient::<Fp>() = 5^((p-1)/3).
	endoBase = "20444556541222657078399132219657928148671392403212669005631716460534733845831"
	// endoScalar is λ in Fq with φ(P) = [λ]P: proof-systems' endo_r, which
	// for Pallas is the square of endo_coefficient::<Fq>() = 5^((q-1)/3).
	endoScalar = "26005156700822196841419187675678338661165322343552424574062261873906994770353"
)

// Compile-time reminders of which field is which.
var (
	_ base.Element
	_ scalar.Element
)
