package pallas

import (
	"errors"
	"fmt"

	base "github.com/zkml-mina/zkml/kimchi/field/fp"
)

// CompressedSize is the size of arkworks' compressed encoding of a point:
// x as 32 little-endian bytes, then one byte carrying the SWFlags. The base
// field has 255 bits, so the two flag bits do not fit in x's 32 bytes and
// arkworks' serialize_with_flags spills into a 33rd byte.
const CompressedSize = base.Bytes + 1

// arkworks (ark-ec short_weierstrass SWFlags) flag bits in the last byte.
const (
	flagYNegative = 1 << 7 // y > -y as canonical integers
	flagInfinity  = 1 << 6
	flagMask      = flagYNegative | flagInfinity
)

// Decoding errors; returned wrapped with context.
var (
	ErrEncodingLength = errors.New("wrong encoded point length")
	ErrEncodingFlags  = errors.New("invalid point flags")
	ErrNonCanonical   = errors.New("non-canonical x coordinate")
	ErrNotOnCurve     = errors.New("x is not the abscissa of a curve point")
)

// yIsNegative reports arkworks' sign of y: "negative" iff y > -y, i.e. the
// canonical value of y exceeds (p-1)/2.
func yIsNegative(y *base.Element) bool { return y.LexicographicallyLargest() }

// Compress returns arkworks' 33-byte compressed encoding of p.
func (p *Affine) Compress() [CompressedSize]byte {
	var out [CompressedSize]byte
	if p.IsInfinity() {
		out[CompressedSize-1] = flagInfinity
		return out
	}
	x := p.X.Bits() // canonical little-endian limbs
	for i, limb := range x {
		for j := range 8 {
			out[8*i+j] = byte(limb >> (8 * j))
		}
	}
	if yIsNegative(&p.Y) {
		out[CompressedSize-1] = flagYNegative
	}
	return out
}

// Decompress decodes arkworks' compressed encoding. It rejects a wrong length,
// unknown or contradictory flags, a non-zero x with the infinity flag, x ≥ p,
// and an x with no curve point, returning an error rather than panicking.
func Decompress(b []byte) (Affine, error) {
	var p Affine
	if len(b) != CompressedSize {
		return p, fmt.Errorf("%s: decompress: %w: got %d bytes, want %d", curveName, ErrEncodingLength, len(b), CompressedSize)
	}
	flags := b[CompressedSize-1]
	if flags&^flagMask != 0 || flags == flagMask {
		return p, fmt.Errorf("%s: decompress: %w: 0x%02x", curveName, ErrEncodingFlags, flags)
	}
	var le [base.Bytes]byte
	copy(le[:], b[:base.Bytes])
	if flags&flagInfinity != 0 {
		if le != ([base.Bytes]byte{}) {
			return p, fmt.Errorf("%s: decompress: %w: infinity with non-zero x", curveName, ErrEncodingFlags)
		}
		return p, nil
	}
	x, err := base.LittleEndian.Element(&le)
	if err != nil {
		return p, fmt.Errorf("%s: decompress: %w: %v", curveName, ErrNonCanonical, err)
	}
	var rhs base.Element
	rhs.Square(&x).Mul(&rhs, &x).Add(&rhs, &curveB)
	var y base.Element
	if y.Sqrt(&rhs) == nil {
		return p, fmt.Errorf("%s: decompress: %w", curveName, ErrNotOnCurve)
	}
	if yIsNegative(&y) != (flags&flagYNegative != 0) {
		y.Neg(&y)
	}
	p.X, p.Y = x, y
	return p, nil
}
