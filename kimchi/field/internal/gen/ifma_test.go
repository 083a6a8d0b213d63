package main

import (
	"math/big"
	"math/bits"
	"math/rand"
	"testing"
)

// This file emulates, limb for limb, the arithmetic of gnark-crypto v0.22.0's
// AVX-512 IFMA kernel (internal/generator/field/asm/amd64/
// element_vec_4words_ifma.go: radix-52 CIOS Montgomery product, x16 shift,
// Barrett step with mu = floor(2^58/(q>>208)), one conditional subtraction).
// It reproduces the reported Pasta failure on machines without IFMA and shows
// that the exact constant floor(2^266/q) would repair it.

const mask52 = 1<<52 - 1

type ifmaParams struct {
	q      *big.Int
	q52    [5]uint64
	qInv52 uint64
	mu     uint64
}

func newIFMAParams(q *big.Int, mu *big.Int) ifmaParams {
	p := ifmaParams{q: q, mu: mu.Uint64()}
	t := new(big.Int).Set(q)
	for i := range p.q52 {
		p.q52[i] = new(big.Int).And(t, big.NewInt(mask52)).Uint64()
		t.Rsh(t, 52)
	}
	r := new(big.Int).Lsh(big.NewInt(1), 256)
	qInv := new(big.Int).ModInverse(q, r)
	p.qInv52 = new(big.Int).Sub(r, qInv).Uint64() & mask52 // -q^-1 mod 2^52
	return p
}

func generatorMu(q *big.Int) *big.Int {
	return new(big.Int).Div(new(big.Int).Lsh(big.NewInt(1), 58), new(big.Int).Rsh(q, 208))
}

func exactMu(q *big.Int) *big.Int {
	return new(big.Int).Div(new(big.Int).Lsh(big.NewInt(1), 266), q)
}

// madd52lo / madd52hi model VPMADD52LUQ / VPMADD52HUQ: the low / high 52 bits
// of the 104-bit product of the operands' low 52 bits.
func madd52lo(x, y uint64) uint64 { _, l := bits.Mul64(x&mask52, y&mask52); return l & mask52 }
func madd52hi(x, y uint64) uint64 { h, l := bits.Mul64(x&mask52, y&mask52); return h<<12 | l>>52 }

func toRadix52(w [4]uint64) [5]uint64 {
	return [5]uint64{
		w[0] & mask52, (w[0]>>52 | w[1]<<12) & mask52, (w[1]>>40 | w[2]<<24) & mask52,
		(w[2]>>28 | w[3]<<36) & mask52, w[3] >> 16,
	}
}

// ifmaMul returns the kernel's Montgomery product a*b*2^-256 (mod q, if the
// kernel is right) of two Montgomery-form elements.
func ifmaMul(p ifmaParams, aw, bw [4]uint64) [4]uint64 {
	a, b := toRadix52(aw), toRadix52(bw)
	var acc [6]uint64
	for i := range 5 { // CIOS rounds
		for j := range 5 {
			acc[j] += madd52lo(b[i], a[j])
			acc[j+1] += madd52hi(b[i], a[j])
		}
		acc[1] += acc[0] >> 52
		acc[0] &= mask52
		m := madd52lo(p.qInv52, acc[0])
		for j := range 5 {
			acc[j] += madd52lo(p.q52[j], m)
			acc[j+1] += madd52hi(p.q52[j], m)
		}
		acc[0] = acc[1] + acc[0]>>52
		copy(acc[1:], acc[2:])
		acc[5] = 0
	}
	var r [5]uint64 // x16 shift (R = 2^260 -> 2^256) and normalisation
	for i := range r {
		r[i] = acc[i] << 4
	}
	for i := range 4 {
		r[i+1] += r[i] >> 52
		r[i] &= mask52
	}
	r[4] &= mask52
	// Barrett: k = ((l4 >> 20) * mu) >> 38 (VPMULUDQ on low 32 bits), r -= k*q.
	k := ((r[4] >> 20) & 0xffffffff) * (p.mu & 0xffffffff) >> 38
	for i := range 5 {
		r[i] -= madd52lo(p.q52[i], k)
	}
	for i := range 4 {
		r[i+1] -= madd52hi(p.q52[i], k)
	}
	for i := range 4 { // borrow propagation; the top borrow is masked away
		borrow := uint64(int64(r[i]) >> 63)
		r[i] &= mask52
		r[i+1] += borrow
	}
	r[4] &= mask52
	var s [5]uint64 // conditional subtraction of q
	for i := range s {
		s[i] = r[i] - p.q52[i]
	}
	for i := range 4 {
		s[i+1] += uint64(int64(s[i]) >> 63)
	}
	if int64(s[4]) >= 0 {
		for i := range r {
			r[i] = s[i] & mask52
		}
	}
	return [4]uint64{r[0] | r[1]<<52, r[1]>>12 | r[2]<<40, r[2]>>24 | r[3]<<28, r[3]>>36 | r[4]<<16}
}

func toWords(x *big.Int) [4]uint64 {
	var w [4]uint64
	for i, word := range x.Bits() { // 64-bit platforms only; fine for a test
		w[i] = uint64(word)
	}
	return w
}

func fromWords(w [4]uint64) *big.Int {
	r := new(big.Int)
	for i := 3; i >= 0; i-- {
		r.Lsh(r, 64).Or(r, new(big.Int).SetUint64(w[i]))
	}
	return r
}

// ifmaMismatches counts wrong products over the generated test's edge set
// (0, 1, 2, q-1..q-3, 2^(17k) and q-2^(17k)) plus random values.
func ifmaMismatches(q, mu *big.Int) (bad, total int) {
	p := newIFMAParams(q, mu)
	r := new(big.Int).Lsh(big.NewInt(1), 256)
	rInv := new(big.Int).ModInverse(r, q)
	vals := []*big.Int{big.NewInt(0), big.NewInt(1), big.NewInt(2)}
	for i := int64(1); i <= 3; i++ {
		vals = append(vals, new(big.Int).Sub(q, big.NewInt(i)))
	}
	for s := 0; s < q.BitLen(); s += 17 {
		x := new(big.Int).Mod(new(big.Int).Lsh(big.NewInt(1), uint(s)), q)
		vals = append(vals, x, new(big.Int).Sub(q, x))
	}
	rng := rand.New(rand.NewSource(56))
	for range 40 {
		vals = append(vals, new(big.Int).Rand(rng, q))
	}
	for _, x := range vals {
		for _, y := range vals {
			xm := new(big.Int).Mod(new(big.Int).Mul(x, r), q)
			ym := new(big.Int).Mod(new(big.Int).Mul(y, r), q)
			want := new(big.Int).Mul(xm, ym)
			want.Mul(want, rInv).Mod(want, q)
			if fromWords(ifmaMul(p, toWords(xm), toWords(ym))).Cmp(want) != 0 {
				bad++
			}
			total++
		}
	}
	return bad, total
}

func TestIFMAKernelEmulation(t *testing.T) {
	bn254, _ := new(big.Int).SetString("30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001", 16)
	bls381, _ := new(big.Int).SetString("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001", 16)
	pallas, _ := new(big.Int).SetString(fields[0].modulus, 0)
	vesta, _ := new(big.Int).SetString(fields[1].modulus, 0)
	tests := []struct {
		name      string
		q, mu     *big.Int
		wantWrong bool
	}{
		{"bn254-fr/generator-mu", bn254, generatorMu(bn254), false},
		{"bls12-381-fr/generator-mu", bls381, generatorMu(bls381), false},
		{"pallas-fp/generator-mu", pallas, generatorMu(pallas), true},
		{"vesta-fq/generator-mu", vesta, generatorMu(vesta), true},
		{"pallas-fp/exact-mu", pallas, exactMu(pallas), false},
		{"vesta-fq/exact-mu", vesta, exactMu(vesta), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			bad, total := ifmaMismatches(tc.q, tc.mu)
			t.Logf("mu=%v: %d/%d wrong products", tc.mu, bad, total)
			if got := bad > 0; got != tc.wantWrong {
				t.Fatalf("wrong products: %d/%d, want wrong=%v", bad, total, tc.wantWrong)
			}
			if ifmaBarrettOverestimates(tc.q) != (tc.wantWrong || generatorMu(tc.q).Cmp(tc.mu) != 0) {
				t.Fatalf("ifmaBarrettOverestimates disagrees with the emulation")
			}
		})
	}
}

func TestIFMAMontgomeryOneSquared(t *testing.T) {
	// The smallest reproducer: Mont(1)*Mont(1). The pre-Barrett value is
	// exactly 2^256 = 4*2^254 < 4q, so the true quotient is 3 but the kernel's
	// estimate is floor(2^256/2^254) = 4 and the result underflows.
	pallas, _ := new(big.Int).SetString(fields[0].modulus, 0)
	r := new(big.Int).Lsh(big.NewInt(1), 256)
	one := new(big.Int).Mod(r, pallas)
	got := fromWords(ifmaMul(newIFMAParams(pallas, generatorMu(pallas)), toWords(one), toWords(one)))
	if got.Cmp(one) == 0 {
		t.Fatalf("emulated kernel computed Mont(1)^2 correctly; root cause analysis out of date")
	}
	if got.Cmp(pallas) < 0 {
		t.Fatalf("expected an unreduced (>= q) result, got %x", got)
	}
	fixed := fromWords(ifmaMul(newIFMAParams(pallas, exactMu(pallas)), toWords(one), toWords(one)))
	if fixed.Cmp(one) != 0 {
		t.Fatalf("exact mu: Mont(1)^2 = %x, want %x", fixed, one)
	}
}
