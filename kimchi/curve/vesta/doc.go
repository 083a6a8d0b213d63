// Package vesta implements the Vesta curve y² = x³ + 5 over Fq (scalar field
// Fp): affine and Jacobian points, the GLV endomorphism, multi-scalar
// multiplication and arkworks' compressed encoding as used on Kimchi's wire.
// All files except doc.go, params.go and params_test.go are generated from
// package pallas.
package vesta
