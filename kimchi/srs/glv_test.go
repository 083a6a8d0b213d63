package srs

import (
	"errors"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/curve/pallas"
	"github.com/zkml-mina/zkml/kimchi/curve/vesta"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
)

// doubleAndAdd returns [k]P by plain double-and-add over the bits of k,
// independent of the curve packages' GLV ScalarMul.
func doubleAndAdd[J any, PJ interface {
	*J
	SetInfinity() *J
	Double(q *J) *J
	Add(q *J) *J
}](p J, k *big.Int) J {
	var acc J
	PJ(&acc).SetInfinity()
	for i := k.BitLen() - 1; i >= 0; i-- {
		PJ(&acc).Double(&acc)
		if k.Bit(i) == 1 {
			PJ(&acc).Add(&p)
		}
	}
	return acc
}

// TestEndomorphismEigenvalue checks what the GLV split relies on, for both
// curves: β and λ are non-trivial cube roots of unity and λ·P = φ(P) =
// (β·x, y), with λ·P computed by plain double-and-add.
func TestEndomorphismEigenvalue(t *testing.T) {
	three := big.NewInt(3)
	t.Run("pallas", func(t *testing.T) {
		beta, lambda := pallas.EndoBase(), pallas.EndoScalar()
		var b3 fp.Element
		b3.Exp(beta, three)
		var l3 fq.Element
		l3.Exp(lambda, three)
		if beta.IsOne() || !b3.IsOne() || lambda.IsOne() || !l3.IsOne() {
			t.Fatal("β or λ is not a non-trivial cube root of unity")
		}
		s, err := CreatePallas(4)
		if err != nil {
			t.Fatal(err)
		}
		for i := range s.G {
			var p pallas.Jacobian
			p.FromAffine(&s.G[i])
			got := doubleAndAdd(p, pallasLambda())
			var phi pallas.Affine
			phi.Endo(&s.G[i])
			var want pallas.Jacobian
			want.FromAffine(&phi)
			if !got.Equal(&want) {
				t.Errorf("λ·G_%d ≠ φ(G_%d)", i, i)
			}
		}
	})
	t.Run("vesta", func(t *testing.T) {
		beta, lambda := vesta.EndoBase(), vesta.EndoScalar()
		var b3 fq.Element
		b3.Exp(beta, three)
		var l3 fp.Element
		l3.Exp(lambda, three)
		if beta.IsOne() || !b3.IsOne() || lambda.IsOne() || !l3.IsOne() {
			t.Fatal("β or λ is not a non-trivial cube root of unity")
		}
		s, err := CreateVesta(4)
		if err != nil {
			t.Fatal(err)
		}
		for i := range s.G {
			var p vesta.Jacobian
			p.FromAffine(&s.G[i])
			got := doubleAndAdd(p, vestaLambda())
			var phi vesta.Affine
			phi.Endo(&s.G[i])
			var want vesta.Jacobian
			want.FromAffine(&phi)
			if !got.Equal(&want) {
				t.Errorf("λ·G_%d ≠ φ(G_%d)", i, i)
			}
		}
	})
}

// glvCase is a curve's scalar field for the split and recoding tests.
type glvCase struct {
	name      string
	r, lambda *big.Int
	twiddles  []*big.Int // ω^e for e < 2^11, ω of order 2^12
}

func glvCases() []glvCase {
	return []glvCase{
		{"pallas", fq.Modulus(), pallasLambda(), powers[fq.Element](1<<12, fq.Modulus())},
		{"vesta", fp.Modulus(), vestaLambda(), powers[fp.Element](1<<12, fp.Modulus())},
	}
}

// powers returns ω^e for e < n/2, ω the domain generator of size n.
func powers[S any, PS bigScalar[S]](n int, modulus *big.Int) []*big.Int {
	omega := rootOfUnity[S, PS](n, modulus)
	var w S
	PS(&w).SetOne()
	res := make([]*big.Int, n/2)
	for e := range res {
		res[e] = PS(&w).BigInt(new(big.Int))
		PS(&w).Mul(&w, &omega)
	}
	return res
}

// testScalars returns edge cases and random scalars below r.
func testScalars(r, lambda *big.Int, rng *rand.Rand) []*big.Int {
	rm1 := new(big.Int).Sub(r, big.NewInt(1))
	ks := []*big.Int{
		big.NewInt(0), big.NewInt(1), big.NewInt(2), big.NewInt(15), big.NewInt(16),
		rm1, new(big.Int).Rsh(r, 1), new(big.Int).Set(lambda),
		new(big.Int).Lsh(big.NewInt(1), 128), new(big.Int).Lsh(big.NewInt(1), 253),
	}
	for range 200 {
		var b [32]byte
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		ks = append(ks, new(big.Int).Mod(new(big.Int).SetBytes(b[:]), r))
	}
	return ks
}

// halfValue returns the signed value of a split half.
func halfValue(m [3]uint64, neg bool) *big.Int {
	v := new(big.Int)
	for i := 2; i >= 0; i-- {
		v.Lsh(v, 64).Or(v, new(big.Int).SetUint64(m[i]))
	}
	if neg {
		v.Neg(v)
	}
	return v
}

// TestGLVSplit checks k ≡ k1 + k2·λ (mod r) with both halves within
// maxHalfBits, for edge cases, random scalars and the twiddles of a domain.
func TestGLVSplit(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, c := range glvCases() {
		t.Run(c.name, func(t *testing.T) {
			sp := newGLVSplitter(c.r, c.lambda)
			ks := append(testScalars(c.r, c.lambda, rng), c.twiddles...)
			maxBits := 0
			for _, k := range ks {
				g, err := sp.split(k)
				if err != nil {
					t.Fatalf("split(%v): %v", k, err)
				}
				k1, k2 := halfValue(g.k1, g.neg1), halfValue(g.k2, g.neg2)
				maxBits = max(maxBits, k1.BitLen(), k2.BitLen())
				sum := new(big.Int).Mul(k2, c.lambda)
				sum.Add(sum, k1).Mod(sum, c.r)
				if sum.Cmp(k) != 0 {
					t.Errorf("split(%v): k1 + k2·λ = %v", k, sum)
				}
			}
			if maxBits > 129 {
				t.Errorf("halves up to %d bits, want ≤ 129", maxBits)
			}
		})
	}
}

// TestAppendNAF checks the recoding: the digits are odd and below
// 2^(w-1) in absolute value, each half's positions are at least w apart,
// the list runs from the most significant position down, and Σ digits·2^pos
// gives back k1 and k2.
func TestAppendNAF(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, c := range glvCases() {
		t.Run(c.name, func(t *testing.T) {
			sp := newGLVSplitter(c.r, c.lambda)
			for _, k := range testScalars(c.r, c.lambda, rng) {
				g, err := sp.split(k)
				if err != nil {
					t.Fatal(err)
				}
				naf := g.appendNAF(nil)
				var sums [2]big.Int
				last := [2]int{-1, -1} // previous position of each half
				for i, e := range naf {
					d, endo := e.digit()
					h := 0
					if endo {
						h = 1
					}
					if d%2 == 0 || d >= 1<<(wnafWidth-1) || d <= -1<<(wnafWidth-1) {
						t.Fatalf("k=%v: bad digit %d", k, d)
					}
					if i > 0 && e.pos > naf[i-1].pos {
						t.Fatalf("k=%v: positions not descending", k)
					}
					if last[h] >= 0 && last[h]-int(e.pos) < wnafWidth {
						t.Fatalf("k=%v: digits %d and %d of half %d closer than w", k, last[h], e.pos, h)
					}
					last[h] = int(e.pos)
					term := new(big.Int).Lsh(big.NewInt(int64(d)), uint(e.pos))
					sums[h].Add(&sums[h], term)
					if neg := e.negated(); neg.pos != e.pos {
						t.Fatal("negated moved the digit")
					} else if nd, nendo := neg.digit(); nd != -d || nendo != endo {
						t.Fatalf("negated(%d, %v) = (%d, %v)", d, endo, nd, nendo)
					}
				}
				if sums[0].Cmp(halfValue(g.k1, g.neg1)) != 0 || sums[1].Cmp(halfValue(g.k2, g.neg2)) != 0 {
					t.Errorf("k=%v: digits do not add up to the halves", k)
				}
			}
		})
	}
}

// TestWNAFWords checks the multi-word helpers of wnaf at word boundaries.
func TestWNAFWords(t *testing.T) {
	tests := []struct {
		name string
		k    [3]uint64
	}{
		{"zero", [3]uint64{}},
		{"one", [3]uint64{1, 0, 0}},
		{"word 1 only", [3]uint64{0, 1, 0}},
		{"word 2 only", [3]uint64{0, 0, 3}},
		{"carry through", [3]uint64{^uint64(0), ^uint64(0), 1}},
		{"top bit", [3]uint64{0x1f, 0, 1 << (maxHalfBits - 129)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := halfValue(tc.k, false)
			for _, neg := range []bool{false, true} {
				got := new(big.Int)
				for _, e := range wnaf(tc.k, neg, 0, nil) {
					d, _ := e.digit()
					got.Add(got, new(big.Int).Lsh(big.NewInt(int64(d)), uint(e.pos)))
				}
				if neg {
					got.Neg(got)
				}
				if got.Cmp(want) != 0 {
					t.Errorf("neg=%v: digits give %v, want %v", neg, got, want)
				}
			}
		})
	}
}

// TestMagnitude checks the conversion of split halves, and that a half
// beyond maxHalfBits is an error rather than a silent truncation.
func TestMagnitude(t *testing.T) {
	tests := []struct {
		name    string
		v       *big.Int
		wantErr bool
	}{
		{"zero", big.NewInt(0), false},
		{"negative", big.NewInt(-5), false},
		{"largest", new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), maxHalfBits), big.NewInt(1)), false},
		{"most negative", new(big.Int).Neg(new(big.Int).Lsh(big.NewInt(1), maxHalfBits-1)), false},
		{"too large", new(big.Int).Lsh(big.NewInt(1), maxHalfBits), true},
		{"too negative", new(big.Int).Neg(new(big.Int).Lsh(big.NewInt(1), maxHalfBits)), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, neg, err := magnitude(tc.v)
			if gotErr := errors.Is(err, errSplit); gotErr != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if err == nil && halfValue(m, neg).Cmp(tc.v) != 0 {
				t.Errorf("magnitude gives %v", halfValue(m, neg))
			}
		})
	}
}
