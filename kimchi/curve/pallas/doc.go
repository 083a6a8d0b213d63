// Package pallas implements the Pallas curve y² = x³ + 5 over Fp (scalar field
// Fq): affine and Jacobian points, the GLV endomorphism, multi-scalar
// multiplication and arkworks' compressed encoding as used on Kimchi's wire.
package pallas
