package srs

import (
	"errors"
	"fmt"
	"math/big"
	"math/bits"

	"github.com/consensys/gnark-crypto/ecc"
)

// Scalars of the group FFT are recoded once per domain: each twiddle k is
// split as k = k1 + k2·λ (mod r) with the curve's cube-root endomorphism
// φ(P) = [λ]P, so [k]P = [k1]P + [k2]φ(P) with |k1|, |k2| ≈ √r, and each
// half is written in width-w NAF. A multiplication then costs about 128
// doublings and 2·128/(w+1) additions of table entries.
const (
	// wnafWidth is the window of the NAF recodings: non-zero digits are odd
	// and lie in (-2^(w-1), 2^(w-1)), at least w positions apart.
	wnafWidth = 5
	// tableSize is the number of odd multiples P, 3P, …, (2^(w-1)-1)P a
	// point needs for such digits.
	tableSize = 1 << (wnafWidth - 2)
	// maxHalfBits bounds the bit length of k1 and k2 (they are ≈ 2^128 for
	// the Pasta lattices; the bound is checked when splitting).
	maxHalfBits = 130
	// maxHalfDigits bounds the non-zero NAF digits of a half below
	// 2^maxHalfBits: at most maxHalfBits+1 positions, w apart.
	maxHalfDigits = (maxHalfBits + wnafWidth) / wnafWidth
)

// errSplit reports a GLV split whose halves exceed maxHalfBits; it would
// mean the lattice constants are wrong.
var errSplit = errors.New("srs: GLV split out of range")

// glvScalar is a scalar k = k1 + k2·λ (mod r), each half as sign and
// little-endian magnitude below 2^maxHalfBits.
type glvScalar struct {
	k1, k2     [3]uint64
	neg1, neg2 bool
}

// glvSplitter splits scalars of one curve's scalar field.
type glvSplitter struct {
	lattice ecc.Lattice
}

// newGLVSplitter returns the splitter for the scalar field of order r and
// the endomorphism eigenvalue lambda.
func newGLVSplitter(r, lambda *big.Int) *glvSplitter {
	s := new(glvSplitter)
	ecc.PrecomputeLattice(r, lambda, &s.lattice)
	return s
}

// split returns the GLV decomposition of k ∈ [0, r).
func (s *glvSplitter) split(k *big.Int) (glvScalar, error) {
	parts := ecc.SplitScalar(k, &s.lattice)
	var g glvScalar
	var err error
	if g.k1, g.neg1, err = magnitude(&parts[0]); err != nil {
		return g, err
	}
	if g.k2, g.neg2, err = magnitude(&parts[1]); err != nil {
		return g, err
	}
	return g, nil
}

// magnitude returns |v| as three little-endian words and whether v < 0.
func magnitude(v *big.Int) ([3]uint64, bool, error) {
	var m [3]uint64
	if v.BitLen() > maxHalfBits {
		return m, false, fmt.Errorf("%w: %d-bit half", errSplit, v.BitLen())
	}
	var a, w big.Int
	a.Abs(v)
	for i := range m {
		m[i] = w.Rsh(&a, uint(64*i)).Uint64()
	}
	return m, v.Sign() < 0, nil
}

// nafEntry is one non-zero NAF digit of a split scalar: digit·2^pos in the
// k1 half (code = 2·digit) or in the k2 half (code = 2·digit + 1).
type nafEntry struct {
	pos  uint8
	code int8
}

// digit returns the entry's digit and whether it belongs to the k2 half.
func (c nafEntry) digit() (d int8, endo bool) { return c.code >> 1, c.code&1 != 0 }

// negated returns the entry of the opposite digit.
func (c nafEntry) negated() nafEntry {
	d, endo := c.digit()
	c.code = -2 * d
	if endo {
		c.code++
	}
	return c
}

// appendNAF appends the non-zero NAF digits of both halves of s to dst,
// most significant position first.
func (s *glvScalar) appendNAF(dst []nafEntry) []nafEntry {
	var h1, h2 [maxHalfDigits]nafEntry
	a := wnaf(s.k1, s.neg1, 0, h1[:0])
	b := wnaf(s.k2, s.neg2, 1, h2[:0])
	for i, j := len(a)-1, len(b)-1; i >= 0 || j >= 0; {
		if j < 0 || (i >= 0 && a[i].pos >= b[j].pos) {
			dst = append(dst, a[i])
			i--
		} else {
			dst = append(dst, b[j])
			j--
		}
	}
	return dst
}

// wnaf appends the non-zero width-w NAF digits of k (negated when neg),
// least significant first, with the half marker endo (0 or 1), to dst.
func wnaf(k [3]uint64, neg bool, endo int8, dst []nafEntry) []nafEntry {
	const (
		mask = 1<<wnafWidth - 1
		half = 1 << (wnafWidth - 1)
	)
	pos := 0
	for k != [3]uint64{} {
		if k[0] == 0 {
			k = [3]uint64{k[1], k[2], 0}
			pos += 64
			continue
		}
		tz := bits.TrailingZeros64(k[0])
		k = shr3(k, uint(tz))
		pos += tz
		digit := int64(k[0] & mask)
		if digit >= half {
			digit -= 1 << wnafWidth
		}
		if digit > 0 {
			k = sub3(k, uint64(digit))
		} else {
			k = add3(k, uint64(-digit))
		}
		if neg {
			digit = -digit
		}
		dst = append(dst, nafEntry{pos: uint8(pos), code: int8(2*digit) + endo})
		// k is now a multiple of 2^w: its next w digits are zero.
		k = shr3(k, wnafWidth)
		pos += wnafWidth
	}
	return dst
}

// shr3 returns k >> s for s < 64.
func shr3(k [3]uint64, s uint) [3]uint64 {
	if s == 0 {
		return k
	}
	return [3]uint64{k[0]>>s | k[1]<<(64-s), k[1]>>s | k[2]<<(64-s), k[2] >> s}
}

// add3 returns k + v.
func add3(k [3]uint64, v uint64) [3]uint64 {
	for i := range k {
		k[i] += v
		if k[i] >= v {
			break
		}
		v = 1
	}
	return k
}

// sub3 returns k - v for v ≤ k.
func sub3(k [3]uint64, v uint64) [3]uint64 {
	for i := range k {
		old := k[i]
		k[i] -= v
		if old >= v {
			break
		}
		v = 1
	}
	return k
}
