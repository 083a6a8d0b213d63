// Package curve owns the Pasta curves used by Kimchi. Both are y² = x³ + 5:
// pallas over Fp with scalar field Fq, vesta over Fq with scalar field Fp.
//
// pallas/ is the hand-written source of truth. vesta/ is generated from it by
// internal/gen, which swaps the base and scalar field imports, except for the
// per-curve files params.go, params_test.go and doc.go, which are written by
// hand in both packages. Run `go generate ./kimchi/curve` after editing pallas.
package curve

//go:generate go run ./internal/gen
