package pallas

import (
	"math/bits"

	base "github.com/zkml-mina/zkml/kimchi/field/fp"
)

// baseModulus holds the base field modulus q in little-endian limbs.
var baseModulus = limbsOf(base.Modulus())

// subBorrow sets z = x - y over 256-bit integers and returns the borrow
// (1 when x < y). addModulusIf(z, subBorrow(z, x, y)) is x - y mod q without
// branches: the bucket additions subtract random values, whose borrow a
// branch would mispredict half the time. Both halves are small enough for
// the compiler to inline, which the whole would not be.
func subBorrow(z, x, y *base.Element) uint64 {
	var b uint64
	z[0], b = bits.Sub64(x[0], y[0], 0)
	z[1], b = bits.Sub64(x[1], y[1], b)
	z[2], b = bits.Sub64(x[2], y[2], b)
	z[3], b = bits.Sub64(x[3], y[3], b)
	return b
}

// addModulusIf sets z = z + q when borrow is 1, without branches.
func addModulusIf(z *base.Element, borrow uint64) {
	mask := -borrow
	var c uint64
	z[0], c = bits.Add64(z[0], baseModulus[0]&mask, 0)
	z[1], c = bits.Add64(z[1], baseModulus[1]&mask, c)
	z[2], c = bits.Add64(z[2], baseModulus[2]&mask, c)
	z[3] += baseModulus[3]&mask + c // the carry out completes the wrap
}

// setSigned sets p = q when neg is 0 and p = -q when neg is 1, without
// branches; q must be finite (y ≠ 0 on a prime-order curve). It reads q
// rather than p, so the copy is not reloaded before it reaches memory.
func setSigned(p, q *Affine, neg uint64) {
	mask := -neg
	y := &q.Y
	n0, b := bits.Sub64(baseModulus[0], y[0], 0)
	n1, b := bits.Sub64(baseModulus[1], y[1], b)
	n2, b := bits.Sub64(baseModulus[2], y[2], b)
	n3, _ := bits.Sub64(baseModulus[3], y[3], b)
	p.X = q.X
	p.Y[0] = y[0] ^ (y[0]^n0)&mask
	p.Y[1] = y[1] ^ (y[1]^n1)&mask
	p.Y[2] = y[2] ^ (y[2]^n2)&mask
	p.Y[3] = y[3] ^ (y[3]^n3)&mask
}
