package lanes

import (
	"fmt"
	"math/big"
	"math/bits"
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
// low limbs, each repeated in the four lanes, the limb mask and p's
// little-endian 64-bit words (the layout the assembly reads, at the offsets
// gen_asm.go names maskOff and wordsOff).
type Modulus struct {
	c     [lowLimbs][4]uint64
	mask  [4]uint64
	words [4]uint64
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
	m := new(Modulus)
	for i := range lowLimbs {
		limb := new(big.Int).Rsh(c, uint(Width*i))
		v := limb.And(limb, big.NewInt(mask)).Uint64()
		m.c[i] = [4]uint64{v, v, v, v}
	}
	m.mask = [4]uint64{mask, mask, mask, mask}
	w := new(big.Int).Set(p)
	for i := range m.words {
		m.words[i] = new(big.Int).And(w, new(big.Int).SetUint64(^uint64(0))).Uint64()
		w.Rsh(w, 64)
	}
	return m, nil
}

// P returns the modulus.
func (m *Modulus) P() *big.Int {
	p := new(big.Int)
	for i := len(m.words) - 1; i >= 0; i-- {
		p.Lsh(p, 64).Or(p, new(big.Int).SetUint64(m.words[i]))
	}
	return p
}

// Mul sets r to a value congruent to a·b·2⁻²⁶¹ mod p and below
// a·b/2²⁶¹ + p, lane by lane, with normalised limbs. The inputs need
// limbs below 2³⁰ (so no accumulator word overflows) and values below
// 2²⁶¹. r may alias a or b.
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
// products a_j·b_i, each below 2⁶⁰, nine m·p_j below 2⁵⁸, and small carries.
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

// Fast reports whether Mul runs on AVX2 (otherwise it is a slow Go loop,
// there for the tests and other architectures).
func Fast() bool { return useAVX2 }

// SetWords sets lane l to x·2^shift, x given as little-endian 64-bit words
// (kimchi/field's Element layout); shift ≤ 5 and x < 2²⁵⁶ keep it below
// 2²⁶¹. The limbs come out normalised.
func (v *Vec) SetWords(l int, x *[4]uint64, shift uint) {
	y0, y1, y2, y3, y4 := x[0], x[1], x[2], x[3], uint64(0)
	if shift > 0 {
		y4 = y3 >> (64 - shift)
		y3 = y3<<shift | y2>>(64-shift)
		y2 = y2<<shift | y1>>(64-shift)
		y1 = y1<<shift | y0>>(64-shift)
		y0 <<= shift
	}
	v[0][l] = y0 & mask
	v[1][l] = y0 >> 29 & mask
	v[2][l] = (y0>>58 | y1<<6) & mask
	v[3][l] = y1 >> 23 & mask
	v[4][l] = (y1>>52 | y2<<12) & mask
	v[5][l] = y2 >> 17 & mask
	v[6][l] = (y2>>46 | y3<<18) & mask
	v[7][l] = y3 >> 11 & mask
	v[8][l] = (y3>>40 | y4<<24) & mask
}

// Words sets out to lane l of v reduced below p, as little-endian 64-bit
// words. The lane must hold normalised limbs and a value below 2p (what
// Mul returns for the inputs the package comment describes).
func (m *Modulus) Words(v *Vec, l int, out *[4]uint64) {
	w0 := v[0][l] | v[1][l]<<29 | v[2][l]<<58
	w1 := v[2][l]>>6 | v[3][l]<<23 | v[4][l]<<52
	w2 := v[4][l]>>12 | v[5][l]<<17 | v[6][l]<<46
	w3 := v[6][l]>>18 | v[7][l]<<11 | v[8][l]<<40
	s0, b := bits.Sub64(w0, m.words[0], 0)
	s1, b := bits.Sub64(w1, m.words[1], b)
	s2, b := bits.Sub64(w2, m.words[2], b)
	s3, b := bits.Sub64(w3, m.words[3], b)
	keep := -b // all ones when w < p
	out[0] = s0 ^ (s0^w0)&keep
	out[1] = s1 ^ (s1^w1)&keep
	out[2] = s2 ^ (s2^w2)&keep
	out[3] = s3 ^ (s3^w3)&keep
}

// Shift sets r = 32·a for a with limbs below 2²⁹: each limb is shifted, and
// what leaves it is added to the next one without further carries, so r's
// limbs are below 2²⁹ + 2⁵ (which Mul accepts).
func (m *Modulus) Shift(r, a *Vec) {
	if useAVX2 {
		shiftAVX2(r, a, m)
		return
	}
	shiftGeneric(r, a)
}

func shiftGeneric(r, a *Vec) {
	const s = 5
	var out Vec
	for l := range 4 {
		for i := Limbs - 1; i >= 0; i-- {
			v := a[i][l] << s
			if i < Limbs-1 {
				v &= mask
			}
			if i > 0 {
				v += a[i-1][l] >> (Width - s)
			}
			out[i][l] = v
		}
	}
	*r = out
}

// Pack4 sets lane l of v to x[l]·2^s, s = 0 or 5, for the little-endian
// 64-bit words x[l] (kimchi/field's Element layout), with normalised limbs.
func (m *Modulus) Pack4(v *Vec, x *[4][4]uint64, s uint) {
	if s != 0 && s != 5 {
		panic("lanes: Pack4 shifts by 0 or 5")
	}
	if useAVX2 {
		pack4AVX2(v, x, uint64(s), m)
		return
	}
	pack4Generic(v, x, s)
}

func pack4Generic(v *Vec, x *[4][4]uint64, s uint) {
	for l := range 4 {
		v.SetWords(l, &x[l], s)
	}
}

// Words4 sets x[l] to lane l of v reduced below p (see Words).
func (m *Modulus) Words4(x *[4][4]uint64, v *Vec) {
	if useAVX2 {
		words4AVX2(x, v, m)
		return
	}
	m.words4Generic(x, v)
}

func (m *Modulus) words4Generic(x *[4][4]uint64, v *Vec) {
	for l := range 4 {
		m.Words(v, l, &x[l])
	}
}

// Invs walks Montgomery's trick back over groups of four lanes: for g from
// the last group down, pref[g] = pref[g]·acc, then acc = acc·den[g] (Mul's
// products). With pref[g] = 32·(product of the lane's earlier den) and acc
// the inverse of the lane's total product, pref[g] ends as 1/den[g]'s lane
// values, in the Montgomery form the 2⁵ factor selects.
func (m *Modulus) Invs(pref, den []Vec, acc *Vec) {
	if len(pref) != len(den) {
		panic("lanes: Invs of pref and den of different lengths")
	}
	if len(pref) == 0 {
		return
	}
	if useAVX2 {
		invsAVX2(&pref[0], &den[0], acc, uint64(len(pref)), m)
		return
	}
	m.invsGeneric(pref, den, acc)
}

func (m *Modulus) invsGeneric(pref, den []Vec, acc *Vec) {
	for g := len(pref) - 1; g >= 0; g-- {
		m.mulGeneric(&pref[g], &pref[g], acc)
		m.mulGeneric(acc, acc, &den[g])
	}
}
