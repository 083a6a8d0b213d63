package field_test

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
)

// Tests of Element.Mul and Element.Square (on amd64 with ADX the Pasta kernel
// of kimchi/field/asm/pasta) against math/big, on raw Montgomery limbs: for
// canonical inputs X, Y < q the product must be exactly X·Y·2⁻²⁵⁶ mod q,
// which also checks that results are fully reduced.

// montField is the part of the Element API these tests use.
type montField[E ~[4]uint64] interface {
	*E
	Mul(*E, *E) *E
	Square(*E) *E
}

func limbsBig(l [4]uint64) *big.Int {
	b := new(big.Int)
	for i := 3; i >= 0; i-- {
		b.Lsh(b, 64).Or(b, new(big.Int).SetUint64(l[i]))
	}
	return b
}

func bigLimbs(b *big.Int) [4]uint64 {
	var l [4]uint64
	t := new(big.Int).Set(b)
	mask := new(big.Int).SetUint64(^uint64(0))
	for i := range l {
		l[i] = new(big.Int).And(t, mask).Uint64()
		t.Rsh(t, 64)
	}
	return l
}

// pastaEdgeValues returns values below q that stress carries and the final
// conditional subtraction: small values, q-1.., powers of two and all-ones
// limb patterns, values just below q and 2²⁵⁴, Montgomery constants.
func pastaEdgeValues(q *big.Int) []*big.Int {
	one := big.NewInt(1)
	pow := func(k uint) *big.Int { return new(big.Int).Lsh(one, k) }
	add := func(a *big.Int, b int64) *big.Int { return new(big.Int).Add(a, big.NewInt(b)) }
	const m = ^uint64(0)
	r := pow(256)
	ql := bigLimbs(q)
	vals := []*big.Int{
		big.NewInt(0), big.NewInt(1), big.NewInt(2), big.NewInt(3),
		add(q, -1), add(q, -2), add(q, -3), add(q, -(1 << 32)),
		pow(63), add(pow(64), -1), pow(64), add(pow(128), -1), pow(128), add(pow(192), -1), pow(192),
		add(pow(254), -1), pow(254), add(pow(254), 1),
		new(big.Int).Rsh(q, 1), new(big.Int).Rsh(add(q, 1), 1),
		new(big.Int).Mod(r, q),                             // R: Montgomery one
		new(big.Int).Mod(new(big.Int).Mul(r, r), q),        // R²
		new(big.Int).ModInverse(r, q),                      // R⁻¹
		new(big.Int).Sub(q, new(big.Int).ModInverse(r, q)), // -R⁻¹
	}
	for _, l := range [][4]uint64{
		{m, m, m, 0}, {m, m, m, ql[3] - 1}, {m, m, 0, ql[3]}, {m, ql[1] - 1, m, ql[3] - 1},
		{m, ql[1] - 1, 0, ql[3]}, {0, ql[1], 0, ql[3]}, {ql[0] - 1, ql[1], 0, ql[3]},
		{1 << 63, 1 << 63, 1 << 63, 1 << 61}, {m, 0, m, 0}, {0, m, 0, ql[3] - 1},
		{1, 0, 0, ql[3]}, {m, m, 1 << 63, 1 << 61},
	} {
		vals = append(vals, limbsBig(l))
	}
	for k := uint(0); k < 254; k += 13 {
		vals = append(vals, new(big.Int).Sub(q, pow(k)), add(pow(k), -1))
	}
	out := vals[:0]
	for _, v := range vals {
		if v.Sign() >= 0 && v.Cmp(q) < 0 {
			out = append(out, v)
		}
	}
	return out
}

// pastaRaw returns the raw limbs used as test inputs: each edge value both as
// raw limbs and in Montgomery form (v·2²⁵⁶ mod q).
func pastaRaw(q *big.Int) [][4]uint64 {
	r := new(big.Int).Lsh(big.NewInt(1), 256)
	var raw [][4]uint64
	for _, v := range pastaEdgeValues(q) {
		raw = append(raw, bigLimbs(v), bigLimbs(new(big.Int).Mod(new(big.Int).Mul(v, r), q)))
	}
	return raw
}

// randomRaw returns canonical raw limbs; half of them are built from
// structured limbs (0, 1, 2⁶³, all-ones, the limbs of q) to hit carry edges.
func randomRaw(rng *rand.Rand, q *big.Int, ql [4]uint64) [4]uint64 {
	const m = ^uint64(0)
	for {
		var l [4]uint64
		if rng.IntN(2) == 0 {
			l = [4]uint64{rng.Uint64(), rng.Uint64(), rng.Uint64(), rng.Uint64() >> 1}
		} else {
			for i := range l {
				switch rng.IntN(6) {
				case 0:
					l[i] = 0
				case 1:
					l[i] = m
				case 2:
					l[i] = 1 << 63
				case 3:
					l[i] = ql[i] - uint64(rng.IntN(2))
				case 4:
					l[i] = 1
				default:
					l[i] = rng.Uint64()
				}
			}
		}
		if limbsBig(l).Cmp(q) < 0 {
			return l
		}
	}
}

func TestPastaMulAgainstBig(t *testing.T) {
	t.Run("fp", func(t *testing.T) { pastaMulAgainstBig[fp.Element](t, pModulus) })
	t.Run("fq", func(t *testing.T) { pastaMulAgainstBig[fq.Element](t, qModulus) })
}

func pastaMulAgainstBig[E ~[4]uint64, PE montField[E]](t *testing.T, q *big.Int) {
	rInv := new(big.Int).ModInverse(new(big.Int).Lsh(big.NewInt(1), 256), q)
	ql := bigLimbs(q)
	t1 := new(big.Int)
	want := func(x, y [4]uint64) [4]uint64 {
		t1.Mul(limbsBig(x), limbsBig(y))
		t1.Mul(t1, rInv)
		return bigLimbs(t1.Mod(t1, q))
	}
	check := func(x, y [4]uint64) {
		t.Helper()
		w := want(x, y)
		a, b := E(x), E(y)
		var z E
		PE(&z).Mul(&a, &b)
		if [4]uint64(z) != w {
			t.Fatalf("Mul(%x, %x) = %x, want %x", x, y, z, w)
		}
		// Aliased destination, as in z.Mul(z, y).
		c := a
		PE(&c).Mul(&c, &b)
		if c != z {
			t.Fatalf("aliased Mul(%x, %x) = %x, want %x", x, y, c, z)
		}
		if x == y {
			PE(&c).Square(&a)
			if [4]uint64(c) != w {
				t.Fatalf("Square(%x) = %x, want %x", x, c, w)
			}
		}
	}

	raw := pastaRaw(q)
	for _, x := range raw {
		for _, y := range raw {
			check(x, y)
		}
	}

	n := 1_000_000
	if testing.Short() {
		n = 100_000
	}
	rng := rand.New(rand.NewPCG(11, 12))
	for range n {
		x, y := randomRaw(rng, q, ql), randomRaw(rng, q, ql)
		check(x, y)
		// Square against Mul(x, x) (cheap) for every random x, and against
		// math/big for a sample.
		a := E(x)
		var s, m E
		PE(&s).Square(&a)
		PE(&m).Mul(&a, &a)
		if s != m {
			t.Fatalf("Square(%x) = %x, Mul(x, x) = %x", x, s, m)
		}
		if rng.IntN(8) == 0 {
			check(x, x)
		}
	}
}

// Benchmarks of the public API, runnable unchanged on a tree without the
// Pasta kernel (before/after comparisons).

func BenchmarkPastaMul(b *testing.B) {
	rng := rand.New(rand.NewPCG(21, 22))
	b.Run("fp", func(b *testing.B) {
		var x [8]fp.Element
		for i := range x {
			x[i] = fp.Element(randomRaw(rng, pModulus, bigLimbs(pModulus)))
		}
		benchMulKernels(b, x, fp.Element(randomRaw(rng, pModulus, bigLimbs(pModulus))))
	})
	b.Run("fq", func(b *testing.B) {
		var x [8]fq.Element
		for i := range x {
			x[i] = fq.Element(randomRaw(rng, qModulus, bigLimbs(qModulus)))
		}
		benchMulKernels(b, x, fq.Element(randomRaw(rng, qModulus, bigLimbs(qModulus))))
	})
}

// mulElement is what benchMulKernels needs of a field element pointer.
type mulElement[E any] interface {
	*E
	Mul(x, y *E) *E
	Square(x *E) *E
}

// benchMulKernels times a dependent chain z = z·y, eight independent
// products, and the same two shapes for squaring.
func benchMulKernels[E any, PE mulElement[E]](b *testing.B, x [8]E, y E) {
	b.Run("chain", func(b *testing.B) {
		z := x[0]
		for b.Loop() {
			PE(&z).Mul(&z, &y)
		}
	})
	b.Run("indep8", func(b *testing.B) {
		z := x
		for b.Loop() {
			for i := range z {
				PE(&z[i]).Mul(&z[i], &y)
			}
		}
	})
	b.Run("square-chain", func(b *testing.B) {
		z := x[0]
		for b.Loop() {
			PE(&z).Square(&z)
		}
	})
	b.Run("square-indep8", func(b *testing.B) {
		z := x
		for b.Loop() {
			for i := range z {
				PE(&z[i]).Square(&z[i])
			}
		}
	})
}
