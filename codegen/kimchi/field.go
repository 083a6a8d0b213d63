package kcircuit

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

// fe returns the field element of a signed integer (negatives are p − |v|).
func fe(v int64) fp.Element {
	var e fp.Element
	e.SetInt64(v)
	return e
}

// feBig returns the field element of a signed big integer.
func feBig(v *big.Int) fp.Element {
	var e fp.Element
	e.SetBigInt(v) // SetBigInt reduces modulo p, negatives included
	return e
}

// pow2 returns 2^n as a field element.
func pow2(n int) fp.Element {
	return feBig(new(big.Int).Lsh(big.NewInt(1), uint(n)))
}

// signedBig returns the signed integer a field element stands for: x if
// x ≤ (p−1)/2, else x − p.
func signedBig(x *fp.Element) *big.Int {
	var v big.Int
	x.BigInt(&v)
	half := new(big.Int).Rsh(fp.Modulus(), 1)
	if v.Cmp(half) > 0 {
		v.Sub(&v, fp.Modulus())
	}
	return &v
}

// signed64 returns the signed integer of x when it fits in an int64.
func signed64(x *fp.Element) (int64, error) {
	if x.IsUint64() {
		u := x.Uint64()
		if u > math.MaxInt64 {
			return 0, fmt.Errorf("value %s does not fit in 64 bits", x.String())
		}
		return int64(u), nil
	}
	var n fp.Element
	n.Neg(x)
	if n.IsUint64() && n.Uint64() <= 1<<63 {
		return -int64(n.Uint64()), nil
	}
	return 0, fmt.Errorf("value %s does not fit in 64 bits", x.String())
}

// Saturating bound arithmetic: bounds beyond ±satLimit are clamped there,
// which only makes them more conservative.
const satLimit = int64(1) << 62

func sat(v *big.Int) int64 {
	if v.Cmp(big.NewInt(satLimit)) > 0 {
		return satLimit
	}
	if v.Cmp(big.NewInt(-satLimit)) < 0 {
		return -satLimit
	}
	return v.Int64()
}

func satAdd(a, b int64) int64 {
	return sat(new(big.Int).Add(big.NewInt(a), big.NewInt(b)))
}

func satMul(a, b int64) int64 {
	hi, lo := bits.Mul64(uint64(abs64(a)), uint64(abs64(b)))
	if hi != 0 || lo > uint64(satLimit) {
		if (a < 0) != (b < 0) {
			return -satLimit
		}
		return satLimit
	}
	if (a < 0) != (b < 0) {
		return -int64(lo)
	}
	return int64(lo)
}

func abs64(x int64) int64 {
	if x < 0 {
		if x == math.MinInt64 {
			return math.MaxInt64
		}
		return -x
	}
	return x
}

// scaleBounds returns the bounds of c·x for x ∈ [lo, hi].
func scaleBounds(lo, hi, c int64) (int64, int64) {
	a, b := satMul(lo, c), satMul(hi, c)
	return min(a, b), max(a, b)
}

// bitLen returns the number of bits of a non-negative integer.
func bitLen(v int64) int {
	if v <= 0 {
		return 0
	}
	return bits.Len64(uint64(v))
}

// signedWidth returns the smallest w with −2^(w−1) ≤ lo and hi < 2^(w−1).
func signedWidth(lo, hi int64) int {
	w := 1
	for w < 64 && (lo < -(int64(1)<<(w-1)) || hi >= int64(1)<<(w-1)) {
		w++
	}
	return w
}
