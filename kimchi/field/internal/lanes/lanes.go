package lanes

import (
	"fmt"
	"math/big"
)

// Limbs is the number of radix-2²⁹ limbs of an element; Width their bits.
const (
	Limbs = 9
	Width = 29
	mask  = 1<<Width - 1
	// lowLimbs is how many low limbs of p may be non-zero (c < 2¹⁴⁵).
	lowLimbs = 5
	// topShift is log₂ of p's limb 8: 2²⁵⁴ = 2^(29·8+22).
	topShift = 254 - Width*(Limbs-1)
)

// Vec is four field elements, one per lane: Vec[i][l] is limb i of lane l.
type Vec [Limbs][4]uint64

// Modulus is a Pasta-shaped modulus p = 2²⁵⁴ + c prepared for Mul: c's five
// low limbs, each repeated in the four lanes, and the limb mask (the layout
// the assembly reads).
type Modulus struct {
	c    [lowLimbs][4]uint64
	mask [4]uint64
	p    *big.Int
}

// NewModulus prepares p, which must be 2²⁵⁴ + c with c < 2¹⁴⁵ and p ≡ 1 mod
// 2²⁹ (both Pasta moduli are).
func NewModulus(p *big.Int) (*Modulus, error) {
	c := new(big.Int).Sub(p, new(big.Int).Lsh(big.NewInt(1), 254))
	if c.Sign() <= 0 || c.BitLen() > Width*lowLimbs {
		return nil, fmt.Errorf("lanes: modulus %#x is not 2^254 + c with 0 < c < 2^%d", p, Width*lowLimbs)
	}
	if new(big.Int).And(p, big.NewInt(mask)).Int64() != 1 {
		return nil, fmt.Errorf("lanes: modulus %#x is not 1 mod 2^%d", p, Width)
	}
	m := &Modulus{p: new(big.Int).Set(p)}
	for i := range lowLimbs {
		limb := new(big.Int).Rsh(c, uint(Width*i))
		v := limb.And(limb, big.NewInt(mask)).Uint64()
		m.c[i] = [4]uint64{v, v, v, v}
	}
	m.mask = [4]uint64{mask, mask, mask, mask}
	return m, nil
}

// P returns the modulus.
func (m *Modulus) P() *big.Int { return new(big.Int).Set(m.p) }

// Mul sets r = a·b·2⁻²⁶¹ mod p lane by lane (see the package comment for the
// bounds). r may alias a or b.
func (m *Modulus) Mul(r, a, b *Vec) {
	if useAVX2 {
		mulAVX2(r, a, b, m)
		return
	}
	m.mulGeneric(r, a, b)
}

// mulGeneric is Mul's algorithm in Go, lane by lane, step for step what the
// assembly does: for each limb b_i, t += a·b_i, then with m = -t₀ mod 2²⁹,
// t += m·p (t₀ becomes a multiple of 2²⁹) and t /= 2²⁹; finally the carries
// are propagated. Every t_j stays below 2⁶⁴: it collects at most nine
// products a_j·b_i and nine m·p_j, each below 2⁵⁸, and small carries.
func (m *Modulus) mulGeneric(r, a, b *Vec) {
	var out Vec
	for l := range 4 {
		var t [Limbs + 1]uint64
		for i := range Limbs {
			bi := b[i][l]
			for j := range Limbs {
				t[j] += a[j][l] * bi
			}
			d := -t[0] & mask
			for j := range lowLimbs {
				t[j] += d * m.c[j][0]
			}
			t[Limbs-1] += d << topShift
			t[1] += t[0] >> Width
			copy(t[:Limbs], t[1:])
			t[Limbs-1] = 0
		}
		for j := range Limbs - 1 {
			t[j+1] += t[j] >> Width
			out[j][l] = t[j] & mask
		}
		out[Limbs-1][l] = t[Limbs-1]
	}
	*r = out
}

// SetLane sets lane l to x, which must be below 2²⁶¹.
func (v *Vec) SetLane(l int, x *big.Int) {
	w := new(big.Int).Set(x)
	limb := new(big.Int)
	for i := range Limbs {
		v[i][l] = limb.And(w, big.NewInt(mask)).Uint64()
		w.Rsh(w, Width)
	}
}

// Lane returns the value in lane l.
func (v *Vec) Lane(l int) *big.Int {
	x := new(big.Int)
	for i := Limbs - 1; i >= 0; i-- {
		x.Lsh(x, Width).Add(x, new(big.Int).SetUint64(v[i][l]))
	}
	return x
}
