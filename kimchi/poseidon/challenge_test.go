package poseidon

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
)

// refToField is an independent big-integer reading of sponge.rs
// to_field_with_length: a and b are exact integers, reduced only at the end.
func refToField(c *big.Int, bits int, endo, mod *big.Int) *big.Int {
	a, b := big.NewInt(2), big.NewInt(2)
	for i := bits/2 - 1; i >= 0; i-- {
		a.Lsh(a, 1)
		b.Lsh(b, 1)
		s := big.NewInt(-1)
		if c.Bit(2*i) == 1 {
			s = big.NewInt(1)
		}
		if c.Bit(2*i+1) == 0 {
			b.Add(b, s)
		} else {
			a.Add(a, s)
		}
	}
	r := new(big.Int).Mul(a, endo)
	r.Add(r, b)
	return r.Mod(r, mod)
}

// endoCoefficient is proof-systems' endo_coefficient: 5^((m-1)/3), 5 being
// arkworks' multiplicative generator of both Pasta fields.
func endoCoefficient(m *big.Int) *big.Int {
	e := new(big.Int).Sub(m, big.NewInt(1))
	e.Div(e, big.NewInt(3))
	return new(big.Int).Exp(big.NewInt(5), e, m)
}

// TestScalarChallengeToFieldHand checks hand-derived cases: with all bit
// pairs (0,0) b ← 2b-1 and a ← 2a over 64 steps, so a = 2^65, b = 2^64+1; with
// all pairs (1,1) a ← 2a+1, b ← 2b, so a = 3·2^64-1, b = 2^65; a single
// set bit changes one step.
func TestScalarChallengeToFieldHand(t *testing.T) {
	pow := func(k uint) *big.Int { return new(big.Int).Lsh(big.NewInt(1), k) }
	add := func(x *big.Int, d int64) *big.Int { return new(big.Int).Add(x, big.NewInt(d)) }
	tests := []struct {
		name  string
		limbs [2]uint64
		a, b  *big.Int
	}{
		{"zero", [2]uint64{0, 0}, pow(65), add(pow(64), 1)},
		{"all ones", [2]uint64{^uint64(0), ^uint64(0)}, add(new(big.Int).Mul(big.NewInt(3), pow(64)), -1), pow(65)},
		// Only bit 0 set: the last pair is (1,0), so b ends +1 instead of -1.
		{"bit 0", [2]uint64{1, 0}, pow(65), add(pow(64), 3)},
		// Only bit 1 set: the last pair is (0,1): a += -1 and b doubles plainly.
		{"bit 1", [2]uint64{2, 0}, add(pow(65), -1), add(pow(64), 2)},
		// Only bit 127 set: the first pair (0,1) gives a = 3, b = 4; then 63
		// pairs (0,0) double a and map b-1 to 2(b-1), so b = 3·2^63+1.
		{"bit 127", [2]uint64{0, 1 << 63}, new(big.Int).Mul(big.NewInt(3), pow(63)), add(new(big.Int).Mul(big.NewInt(3), pow(63)), 1)},
	}
	var endo fp.Element
	endo.SetUint64(1000003)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := ScalarChallengeFromLimbs[fp.Element](tc.limbs)
			want := new(big.Int).Mul(tc.a, big.NewInt(1000003))
			want.Add(want, tc.b).Mod(want, fp.Modulus())
			got := c.ToField(endo)
			if toBig[fp.Element](got).Cmp(want) != 0 {
				t.Fatalf("ToField = %s, want %s", got.String(), want)
			}
			// The same with endo = 0 isolates b.
			if b := c.ToField(fp.Element{}); toBig[fp.Element](b).Cmp(tc.b) != 0 {
				t.Fatalf("b = %s, want %s", b.String(), tc.b)
			}
		})
	}
}

// TestScalarChallengeToFieldRandom compares ToField with the big-integer
// reference on random challenges, with the real endo_r of both curves: the
// square of endo_coefficient, which kimchi/curve documents as proof-systems'
// endo_r for Pallas and Vesta (poly-commitment/src/ipa.rs endos).
func TestScalarChallengeToFieldRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 7))
	pMod, qMod := fp.Modulus(), fq.Modulus()
	endoP := endoCoefficient(pMod)
	endoP.Mul(endoP, endoP).Mod(endoP, pMod)
	endoQ := endoCoefficient(qMod)
	endoQ.Mul(endoQ, endoQ).Mod(endoQ, qMod)
	for _, e := range []struct{ v, m *big.Int }{{endoP, pMod}, {endoQ, qMod}} {
		if c := new(big.Int).Exp(e.v, big.NewInt(3), e.m); c.Cmp(big.NewInt(1)) != 0 || e.v.Cmp(big.NewInt(1)) == 0 {
			t.Fatal("endo is not a primitive cube root of unity")
		}
	}
	ep, eq := fromBig[fp.Element](t, endoP), fromBig[fq.Element](t, endoQ)
	for i := range 200 {
		l := [2]uint64{rng.Uint64(), rng.Uint64()}
		cv := new(big.Int).Lsh(new(big.Int).SetUint64(l[1]), 64)
		cv.Or(cv, new(big.Int).SetUint64(l[0]))
		cp := ScalarChallengeFromLimbs[fp.Element](l)
		if got, want := toBig[fp.Element](cp.ToField(ep)), refToField(cv, 128, endoP, pMod); got.Cmp(want) != 0 {
			t.Fatalf("case %d (Fp): %s, want %s", i, got, want)
		}
		cq := ScalarChallengeFromLimbs[fq.Element](l)
		if got, want := toBig[fq.Element](cq.ToField(eq)), refToField(cv, 128, endoQ, qMod); got.Cmp(want) != 0 {
			t.Fatalf("case %d (Fq): %s, want %s", i, got, want)
		}
		// Shorter lengths read only the low bits.
		bits := 2 * rng.IntN(129)
		got, err := cp.ToFieldWithLength(bits, ep)
		if err != nil {
			t.Fatal(err)
		}
		if want := refToField(cv, bits, endoP, pMod); toBig[fp.Element](got).Cmp(want) != 0 {
			t.Fatalf("case %d, %d bits: %s, want %s", i, bits, got.String(), want)
		}
	}
}

func TestScalarChallengeLengthErrors(t *testing.T) {
	c := ScalarChallengeFromLimbs[fp.Element]([2]uint64{5, 6})
	for _, bits := range []int{-2, 257, 1 << 20} {
		if _, err := c.ToFieldWithLength(bits, fp.Element{}); err == nil {
			t.Errorf("length %d: no error", bits)
		}
	}
	if _, err := c.ToFieldWithLength(256, fp.Element{}); err != nil {
		t.Errorf("length 256: %v", err)
	}
	if in := c.Inner(); toBig[fp.Element](in).Cmp(new(big.Int).Add(new(big.Int).Lsh(big.NewInt(6), 64), big.NewInt(5))) != 0 {
		t.Errorf("FromLimbs packed %s", in.String())
	}
}
