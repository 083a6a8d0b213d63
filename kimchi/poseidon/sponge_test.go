package poseidon

import (
	"math/big"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
)

func fpN(v uint64) fp.Element { var x fp.Element; x.SetUint64(v); return x }
func fqN(v uint64) fq.Element { var x fq.Element; x.SetUint64(v); return x }

// TestSpongeStateMachine replays ArithmeticSponge (proof-systems
// poseidon/src/poseidon.rs) step by step against explicit permutations.
func TestSpongeStateMachine(t *testing.T) {
	p := KimchiFp()
	perm := func(s [3]fp.Element) [3]fp.Element { p.Permute(&s); return s }
	add := func(s [3]fp.Element, i int, v uint64) [3]fp.Element {
		x := fpN(v)
		s[i].Add(&s[i], &x)
		return s
	}
	type step struct {
		absorb   []uint64                                                // absorb these, or squeeze when nil
		want     func(prev [3]fp.Element) (state [3]fp.Element, out int) // out: squeezed cell, -1 for absorb
		squeezed bool
		offset   int
	}
	steps := []step{
		{absorb: []uint64{1}, want: func(s [3]fp.Element) ([3]fp.Element, int) { return add(s, 0, 1), -1 }, offset: 1},
		{absorb: []uint64{2}, want: func(s [3]fp.Element) ([3]fp.Element, int) { return add(s, 1, 2), -1 }, offset: 2},
		// A third element permutes first, then lands in state[0].
		{absorb: []uint64{3}, want: func(s [3]fp.Element) ([3]fp.Element, int) { return add(perm(s), 0, 3), -1 }, offset: 1},
		// Squeeze from Absorbed permutes and returns state[0].
		{want: func(s [3]fp.Element) ([3]fp.Element, int) { return perm(s), 0 }, squeezed: true, offset: 1},
		// Second squeeze returns state[1] without permuting.
		{want: func(s [3]fp.Element) ([3]fp.Element, int) { return s, 1 }, squeezed: true, offset: 2},
		// Third squeeze permutes and returns state[0].
		{want: func(s [3]fp.Element) ([3]fp.Element, int) { return perm(s), 0 }, squeezed: true, offset: 1},
		// Absorb after a squeeze adds into state[0] without permuting.
		{absorb: []uint64{4}, want: func(s [3]fp.Element) ([3]fp.Element, int) { return add(s, 0, 4), -1 }, offset: 1},
		{absorb: []uint64{5}, want: func(s [3]fp.Element) ([3]fp.Element, int) { return add(s, 1, 5), -1 }, offset: 2},
		{want: func(s [3]fp.Element) ([3]fp.Element, int) { return perm(s), 0 }, squeezed: true, offset: 1},
		// Absorb after one squeeze (Squeezed(1)) also restarts at state[0].
		{absorb: []uint64{6, 7, 8}, want: func(s [3]fp.Element) ([3]fp.Element, int) {
			s = add(s, 0, 6)
			s = add(s, 1, 7)
			return add(perm(s), 0, 8), -1
		}, offset: 1},
	}
	s := NewSponge(p)
	model := [3]fp.Element{}
	for i, st := range steps {
		var wantState [3]fp.Element
		var out int
		wantState, out = st.want(model)
		if st.absorb == nil {
			got := s.Squeeze()
			if !got.Equal(&wantState[out]) {
				t.Fatalf("step %d: squeeze = %s, want state[%d] = %s", i, got.String(), out, wantState[out].String())
			}
		} else {
			xs := make([]fp.Element, len(st.absorb))
			for j, v := range st.absorb {
				xs[j] = fpN(v)
			}
			s.Absorb(xs...)
		}
		if s.State() != wantState {
			t.Fatalf("step %d: state differs from the model", i)
		}
		if sq, off := s.Mode(); sq != st.squeezed || off != st.offset {
			t.Fatalf("step %d: mode (squeezed=%v, %d), want (%v, %d)", i, sq, off, st.squeezed, st.offset)
		}
		model = wantState
	}
	s.Reset()
	if sq, off := s.Mode(); s.State() != ([3]fp.Element{}) || sq || off != 0 {
		t.Fatal("Reset did not return to the zero state, Absorbed(0)")
	}
}

// TestRegressionChallengeEmpty reproduces proof-systems
// poseidon/tests/poseidon_tests.rs test_regression_challenge_empty_{vesta,pallas}_kimchi:
// the first challenge of a fresh DefaultFqSponge (hex is little-endian).
func TestRegressionChallengeEmpty(t *testing.T) {
	t.Run("vesta", func(t *testing.T) {
		want := mustHexFp(t, "c1e504c0184cce70a605d2f942d579c500000000000000000000000000000000")
		if got := NewVestaFqSponge().Challenge(); !got.Equal(&want) {
			t.Fatalf("challenge = %s, want %s", got.String(), want.String())
		}
	})
	t.Run("pallas", func(t *testing.T) {
		want := mustHexFq(t, "a8eb9ee0f30046308abbfa5d20af73c800000000000000000000000000000000")
		if got := NewPallasFqSponge().Challenge(); !got.Equal(&want) {
			t.Fatalf("challenge = %s, want %s", got.String(), want.String())
		}
	})
}

// TestChallengeLimbs checks that a challenge is the low 128 bits of the
// squeezed base element, that every challenge squeezes afresh (2 limbs per
// squeeze, 2 per challenge), and that the state changes only on every other
// challenge (poseidon_tests.rs test_poseidon_challenge_multiple_times_without_absorption).
func TestChallengeLimbs(t *testing.T) {
	s := NewVestaFqSponge()
	s.AbsorbFq(fqN(11), fqN(22), fqN(33))
	ref := NewSponge(KimchiFq())
	ref.Absorb(fqN(11), fqN(22), fqN(33))
	mask := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 128), big.NewInt(1))
	seen := map[string]bool{}
	prev := s.Sponge().State()
	for i := range 12 {
		full := ref.Squeeze()
		want := new(big.Int).And(toBig[fq.Element](full), mask)
		got := s.Challenge()
		if toBig[fp.Element](got).Cmp(want) != 0 {
			t.Fatalf("challenge %d = %s, want low 128 bits %s", i, got.String(), want)
		}
		if seen[want.String()] {
			t.Fatalf("challenge %d repeats", i)
		}
		seen[want.String()] = true
		cur := s.Sponge().State()
		if changed := cur != prev; changed != (i%2 == 0) {
			t.Fatalf("challenge %d: state changed = %v, want %v", i, changed, i%2 == 0)
		}
		prev = cur
	}
}

// TestLimbBuffer checks squeeze_limbs' buffer: ChallengeFq and every absorb
// clear it, and requests larger than the buffer refill it.
func TestLimbBuffer(t *testing.T) {
	s := NewPallasFqSponge()
	l3 := s.squeezeLimbs(3) // squeezes twice: limbs x0[0], x0[1], x1[0]; x1[1] stays buffered
	ref := NewSponge(KimchiFp())
	x0, x1 := ref.Squeeze(), ref.Squeeze()
	b0, b1 := x0.Bits(), x1.Bits()
	if l3[0] != b0[0] || l3[1] != b0[1] || l3[2] != b1[0] {
		t.Fatalf("squeezeLimbs(3) = %x, want %x %x %x", l3, b0[0], b0[1], b1[0])
	}
	if len(s.lastSqueezed) != 1 || s.lastSqueezed[0] != b1[1] {
		t.Fatalf("buffer = %x, want [%x]", s.lastSqueezed, b1[1])
	}
	// Absorbing clears the buffer, so the next challenge squeezes again.
	c := s.Clone()
	c.AbsorbFq()
	if len(c.lastSqueezed) != 0 {
		t.Fatal("AbsorbFq did not clear the limb buffer")
	}
	c2 := s.Clone()
	_ = c2.ChallengeFq()
	if len(c2.lastSqueezed) != 0 {
		t.Fatal("ChallengeFq did not clear the limb buffer")
	}
	// A one-limb request is served from the buffer without squeezing.
	st := s.Sponge().State()
	if l := s.squeezeLimbs(1); l[0] != b1[1] || s.Sponge().State() != st {
		t.Fatal("squeezeLimbs(1) did not use the buffered limb")
	}
}

// TestAbsorbInfinity follows poseidon_tests.rs test_poseidon_{pallas,vesta}_absorb_point_to_infinity:
// absorbing (0, 0) leaves the zero state.
func TestAbsorbInfinity(t *testing.T) {
	v := NewVestaFqSponge()
	v.AbsorbPoint(fq.Element{}, fq.Element{})
	p := NewPallasFqSponge()
	p.AbsorbPoint(fp.Element{}, fp.Element{})
	if v.Sponge().State() != ([3]fq.Element{}) || p.Sponge().State() != ([3]fp.Element{}) {
		t.Fatal("absorbing the point at infinity changed the state")
	}
	if sq, off := v.sponge.Mode(); sq || off != 2 {
		t.Fatalf("mode after one point = (%v, %d), want Absorbed(2)", sq, off)
	}
}

// TestPadding follows poseidon_tests.rs test_poseidon_padding: [1,2,3] and
// [1,2,3,0] give the same challenge.
func TestPadding(t *testing.T) {
	a, b := NewVestaFqSponge(), NewVestaFqSponge()
	a.AbsorbFq(fqN(1), fqN(2), fqN(3))
	b.AbsorbFq(fqN(1), fqN(2), fqN(3), fqN(0))
	if ca, cb := a.Challenge(), b.Challenge(); !ca.Equal(&cb) {
		t.Fatal("zero padding changed the challenge")
	}
}

// TestAbsorbFr checks absorb_fr: on Vesta (Fp scalars < Fq) a scalar is one
// base element with the same value; on Pallas (Fq scalars > Fp) it is
// (value >> 1, value & 1).
func TestAbsorbFr(t *testing.T) {
	pMod, qMod := fp.Modulus(), fq.Modulus()
	one := big.NewInt(1)
	vals := []*big.Int{
		big.NewInt(0), big.NewInt(1), big.NewInt(2), big.NewInt(3),
		new(big.Int).Sub(pMod, one), pMod, new(big.Int).Add(pMod, one),
		new(big.Int).Sub(qMod, one), new(big.Int).Sub(qMod, big.NewInt(2)),
		new(big.Int).Lsh(one, 200),
	}
	for _, v := range vals {
		t.Run(v.Text(16), func(t *testing.T) {
			if v.Cmp(pMod) < 0 {
				s, ref := NewVestaFqSponge(), NewVestaFqSponge()
				s.AbsorbFr(fromBig[fp.Element](t, v))
				ref.AbsorbFq(fromBig[fq.Element](t, v))
				if s.Sponge().State() != ref.Sponge().State() {
					t.Error("vesta: AbsorbFr differs from absorbing the same value in Fq")
				}
			}
			s, ref := NewPallasFqSponge(), NewPallasFqSponge()
			s.AbsorbFr(fromBig[fq.Element](t, v))
			hi := fromBig[fp.Element](t, new(big.Int).Rsh(v, 1))
			lo := fpN(uint64(v.Bit(0)))
			ref.AbsorbFq(hi, lo)
			if s.Sponge().State() != ref.Sponge().State() {
				t.Error("pallas: AbsorbFr differs from absorbing (v>>1, v&1) in Fp")
			}
		})
	}
}

// TestDigest checks digest: the squeezed base element reinterpreted in the
// scalar field, or zero when it does not fit; DigestFq returns it unchanged.
func TestDigest(t *testing.T) {
	pMod := fp.Modulus()
	fits, zeroed := 0, 0
	for i := range uint64(64) {
		s := NewVestaFqSponge()
		s.AbsorbFq(fqN(i))
		raw := s.Clone().DigestFq()
		got := s.Digest()
		rv := toBig[fq.Element](raw)
		if rv.Cmp(pMod) < 0 {
			fits++
			if toBig[fp.Element](got).Cmp(rv) != 0 {
				t.Fatalf("input %d: digest %s, want %s", i, got.String(), rv)
			}
		} else {
			zeroed++
			if !got.IsZero() {
				t.Fatalf("input %d: digest of %s ≥ p should be zero", i, rv)
			}
		}
		// Pallas: an Fp value always fits in Fq.
		ps := NewPallasFqSponge()
		ps.AbsorbFq(fpN(i))
		praw := ps.Clone().DigestFq()
		if pd := ps.Digest(); toBig[fq.Element](pd).Cmp(toBig[fp.Element](praw)) != 0 {
			t.Fatalf("input %d: pallas digest differs from its Fp value", i)
		}
	}
	if fits == 0 {
		t.Fatal("no digest fitted in Fp")
	}
	t.Logf("vesta digests: %d fit in Fp, %d ≥ p (zeroed)", fits, zeroed)
}

// TestFrSponge checks DefaultFrSponge: Challenge is the low 128 bits of a
// squeeze, Digest squeezes a full element, absorbing clears the buffer, and
// AbsorbPointEvaluations absorbs ζ chunks then ζω chunks.
func TestFrSponge(t *testing.T) {
	s := NewVestaFrSponge()
	ref := NewSponge(KimchiFp())
	s.Absorb(fpN(1))
	s.AbsorbMultiple([]fp.Element{fpN(2), fpN(3)})
	s.AbsorbPointEvaluations([]fp.Element{fpN(4), fpN(5)}, []fp.Element{fpN(6)})
	ref.Absorb(fpN(1), fpN(2), fpN(3), fpN(4), fpN(5), fpN(6))
	if s.Sponge().State() != ref.State() {
		t.Fatal("absorb order differs")
	}
	mask := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 128), big.NewInt(1))
	for i := range 3 {
		c := s.Challenge()
		x := ref.Squeeze()
		want := new(big.Int).And(toBig[fp.Element](x), mask)
		if inner := c.Inner(); toBig[fp.Element](inner).Cmp(want) != 0 {
			t.Fatalf("challenge %d = %s, want %s", i, inner.String(), want)
		}
	}
	d, want := s.Digest(), ref.Squeeze()
	if !d.Equal(&want) {
		t.Fatal("digest is not the next squeezed element")
	}

	q := NewPallasFrSponge()
	q.Absorb(fqN(9))
	qr := NewSponge(KimchiFq())
	qr.Absorb(fqN(9))
	qc, qx := q.Challenge(), qr.Squeeze()
	qi := qc.Inner()
	if toBig[fq.Element](qi).Cmp(new(big.Int).And(toBig[fq.Element](qx), mask)) != 0 {
		t.Fatal("pallas FrSponge challenge is not the low 128 bits")
	}
}

// TestScalarOrZero covers digest's out-of-range branch, which random
// squeezes essentially never reach ((q-p)/q ≈ 2^-168).
func TestScalarOrZero(t *testing.T) {
	mod := modulusLimbs[fp.Element]()
	tests := []struct {
		name string
		v    *big.Int
		zero bool
	}{
		{"zero", big.NewInt(0), true},
		{"p-1", new(big.Int).Sub(fp.Modulus(), big.NewInt(1)), false},
		{"p", fp.Modulus(), true},
		{"q-1", new(big.Int).Sub(fq.Modulus(), big.NewInt(1)), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := fq.Element{}
			l = fromBig[fq.Element](t, tc.v)
			got := scalarOrZero[fp.Element](l.Bits(), mod)
			if tc.zero != got.IsZero() {
				t.Fatalf("scalarOrZero(%s) = %s", tc.v, got.String())
			}
			if !tc.zero && toBig[fp.Element](got).Cmp(tc.v) != 0 {
				t.Fatalf("scalarOrZero(%s) = %s", tc.v, got.String())
			}
		})
	}
}
