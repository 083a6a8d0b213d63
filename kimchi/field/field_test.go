package field_test

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	fpfft "github.com/zkml-mina/zkml/kimchi/field/fp/fft"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
	fqfft "github.com/zkml-mina/zkml/kimchi/field/fq/fft"
)

// element is the subset of the generated Element API the tests exercise, so
// one generic harness covers both fp and fq.
type element[E any] interface {
	*E
	SetBigInt(*big.Int) *E
	BigInt(*big.Int) *big.Int
	Add(*E, *E) *E
	Sub(*E, *E) *E
	Mul(*E, *E) *E
	Square(*E) *E
	Neg(*E) *E
	Double(*E) *E
	Inverse(*E) *E
	Sqrt(*E) *E
	Legendre() int
	Exp(E, *big.Int) *E
	Equal(*E) bool
	IsZero() bool
}

// vector is the subset of the generated Vector API (implemented in assembly
// on amd64) compared against element-by-element arithmetic.
type vector[E any, V ~[]E] interface {
	*V
	Add(a, b V)
	Sub(a, b V)
	Mul(a, b V)
	ScalarMul(a V, b *E)
	Sum() E
	InnerProduct(other V) E
}

type fieldCase struct {
	name    string
	modulus *big.Int
	run     func(t *testing.T, modulus *big.Int)
}

func mustHex(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 16)
	if !ok {
		panic("bad hex " + s)
	}
	return v
}

var (
	pModulus = mustHex("40000000000000000000000000000000224698fc094cf91b992d30ed00000001")
	qModulus = mustHex("40000000000000000000000000000000224698fc0994a8dd8c46eb2100000001")
)

func TestModuli(t *testing.T) {
	tests := []struct {
		name string
		got  *big.Int
		want *big.Int
	}{
		{"fp", fp.Modulus(), pModulus},
		{"fq", fq.Modulus(), qModulus},
	}
	for _, tc := range tests {
		if tc.got.Cmp(tc.want) != 0 {
			t.Errorf("%s: modulus %x, want %x", tc.name, tc.got, tc.want)
		}
		if fp.Bits != 255 || fq.Bits != 255 {
			t.Errorf("want 255-bit moduli, got %d and %d", fp.Bits, fq.Bits)
		}
	}
}

// edgeValues returns canonical values that stress reductions: 0, 1, small,
// p-1..p-3, values around 2^254 (just below the 0x4000… top of the modulus),
// powers of two, Montgomery-special constants and random values.
func edgeValues(m *big.Int, rng *rand.Rand, nRandom int) []*big.Int {
	one := big.NewInt(1)
	two254 := new(big.Int).Lsh(one, 254)
	r := new(big.Int).Lsh(one, 256)
	vals := []*big.Int{
		big.NewInt(0), big.NewInt(1), big.NewInt(2), big.NewInt(3),
		new(big.Int).Sub(m, one),
		new(big.Int).Sub(m, big.NewInt(2)),
		new(big.Int).Sub(m, big.NewInt(3)),
		new(big.Int).Sub(two254, one),
		new(big.Int).Set(two254),
		new(big.Int).Add(two254, one),
		new(big.Int).Sub(two254, big.NewInt(1<<32)),
		new(big.Int).Rsh(m, 1),
		new(big.Int).Add(new(big.Int).Rsh(m, 1), one),
		new(big.Int).Mod(r, m), // Montgomery one
		new(big.Int).Mod(new(big.Int).Mul(r, r), m),
		new(big.Int).ModInverse(new(big.Int).Mod(r, m), m),
	}
	for s := uint(0); s < 255; s += 17 {
		x := new(big.Int).Lsh(one, s)
		vals = append(vals, new(big.Int).Mod(x, m), new(big.Int).Sub(m, new(big.Int).Mod(x, m)))
	}
	for range nRandom {
		vals = append(vals, randBig(rng, m))
	}
	for i := range vals {
		vals[i].Mod(vals[i], m)
	}
	return vals
}

func randBig(rng *rand.Rand, m *big.Int) *big.Int {
	var b [32]byte
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return new(big.Int).Mod(new(big.Int).SetBytes(b[:]), m)
}

func TestElementAgainstBig(t *testing.T) {
	for _, tc := range []fieldCase{
		{"fp", pModulus, elementAgainstBig[fp.Element]},
		{"fq", qModulus, elementAgainstBig[fq.Element]},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, tc.modulus) })
	}
}

func elementAgainstBig[E any, PE element[E]](t *testing.T, m *big.Int) {
	rng := rand.New(rand.NewPCG(1, 2))
	vals := edgeValues(m, rng, 400)
	conv := func(x *big.Int) E {
		var e E
		PE(&e).SetBigInt(x)
		return e
	}
	back := func(e *E) *big.Int { return PE(e).BigInt(new(big.Int)) }
	mod := func(x *big.Int) *big.Int { return x.Mod(x, m) }

	type binop struct {
		name string
		got  func(z, x, y *E)
		want func(x, y *big.Int) *big.Int
	}
	binops := []binop{
		{"add", func(z, x, y *E) { PE(z).Add(x, y) }, func(x, y *big.Int) *big.Int { return mod(new(big.Int).Add(x, y)) }},
		{"sub", func(z, x, y *E) { PE(z).Sub(x, y) }, func(x, y *big.Int) *big.Int { return mod(new(big.Int).Sub(x, y)) }},
		{"mul", func(z, x, y *E) { PE(z).Mul(x, y) }, func(x, y *big.Int) *big.Int { return mod(new(big.Int).Mul(x, y)) }},
	}
	checks := 0
	for i, xb := range vals {
		x := conv(xb)
		if got := back(&x); got.Cmp(xb) != 0 {
			t.Fatalf("round trip %x -> %x", xb, got)
		}
		// Pair every value with a few partners (edges x edges is too many).
		for _, j := range []int{i, (i*7 + 3) % len(vals), (i*13 + 5) % len(vals), rng.IntN(len(vals))} {
			yb := vals[j]
			y := conv(yb)
			for _, op := range binops {
				var z E
				op.got(&z, &x, &y)
				if got, want := back(&z), op.want(xb, yb); got.Cmp(want) != 0 {
					t.Fatalf("%s(%x, %x) = %x, want %x", op.name, xb, yb, got, want)
				}
				checks++
			}
		}
		var z E
		if got, want := back(PE(&z).Square(&x)), mod(new(big.Int).Mul(xb, xb)); got.Cmp(want) != 0 {
			t.Fatalf("square(%x) = %x, want %x", xb, got, want)
		}
		if got, want := back(PE(&z).Neg(&x)), mod(new(big.Int).Neg(xb)); got.Cmp(want) != 0 {
			t.Fatalf("neg(%x) = %x, want %x", xb, got, want)
		}
		if got, want := back(PE(&z).Double(&x)), mod(new(big.Int).Lsh(xb, 1)); got.Cmp(want) != 0 {
			t.Fatalf("double(%x) = %x, want %x", xb, got, want)
		}
		inv := new(big.Int).ModInverse(xb, m)
		if inv == nil {
			inv = new(big.Int) // gnark defines 0^-1 = 0
		}
		if got := back(PE(&z).Inverse(&x)); got.Cmp(inv) != 0 {
			t.Fatalf("inverse(%x) = %x, want %x", xb, got, inv)
		}
		e := randBig(rng, m)
		if got, want := back(PE(&z).Exp(x, e)), new(big.Int).Exp(xb, e, m); got.Cmp(want) != 0 {
			t.Fatalf("exp(%x, %x) = %x, want %x", xb, e, got, want)
		}
		leg := big.Jacobi(xb, m)
		if got := PE(&x).Legendre(); got != leg {
			t.Fatalf("legendre(%x) = %d, want %d", xb, got, leg)
		}
		if s := PE(&z).Sqrt(&x); (s != nil) != (leg >= 0) {
			t.Fatalf("sqrt(%x) existence = %v, legendre %d", xb, s != nil, leg)
		} else if s != nil {
			sb := back(s)
			if got := mod(new(big.Int).Mul(sb, sb)); got.Cmp(xb) != 0 {
				t.Fatalf("sqrt(%x)^2 = %x", xb, got)
			}
		}
		checks += 6
	}
	if checks < 1000 {
		t.Fatalf("only %d checks ran", checks)
	}
}

func TestVectorOpsMatchScalar(t *testing.T) {
	for _, tc := range []fieldCase{
		{"fp", pModulus, vectorOpsMatchScalar[fp.Element, fp.Vector]},
		{"fq", qModulus, vectorOpsMatchScalar[fq.Element, fq.Vector]},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.run(t, tc.modulus) })
	}
}

// vectorOpsMatchScalar checks every Vector operation against a loop of scalar
// Element operations and against math/big, for sizes around the 8-lane and
// 16*7 thresholds where the amd64 assembly kernels take over. On a machine
// with AVX-512/IFMA this exercises the assembly; elsewhere the generic path.
func vectorOpsMatchScalar[E any, V ~[]E, PE element[E], PV vector[E, V]](t *testing.T, m *big.Int) {
	rng := rand.New(rand.NewPCG(3, 4))
	edges := edgeValues(m, rng, 32)
	for _, size := range []int{0, 1, 7, 8, 9, 16, 64, 113, 257, 1024} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			a, b := make(V, size), make(V, size)
			ab, bb := make([]*big.Int, size), make([]*big.Int, size)
			for i := range size {
				// Cover every (edge, edge) pairing over the larger sizes,
				// then random values.
				ab[i] = edges[i%len(edges)]
				bb[i] = edges[(i/len(edges)+i)%len(edges)]
				if i >= len(edges)*len(edges) {
					ab[i], bb[i] = randBig(rng, m), randBig(rng, m)
				}
				PE(&a[i]).SetBigInt(ab[i])
				PE(&b[i]).SetBigInt(bb[i])
			}
			scalar := make(V, 1)
			PE(&scalar[0]).SetBigInt(new(big.Int).Sub(m, big.NewInt(1)))
			if size > 0 {
				scalar[0] = b[0]
			}

			type vecop struct {
				name   string
				vector func(res PV)
				scalar func(z *E, i int)
			}
			ops := []vecop{
				{"Add", func(res PV) { res.Add(a, b) }, func(z *E, i int) { PE(z).Add(&a[i], &b[i]) }},
				{"Sub", func(res PV) { res.Sub(a, b) }, func(z *E, i int) { PE(z).Sub(&a[i], &b[i]) }},
				{"Mul", func(res PV) { res.Mul(a, b) }, func(z *E, i int) { PE(z).Mul(&a[i], &b[i]) }},
				{"ScalarMul", func(res PV) { res.ScalarMul(a, &scalar[0]) }, func(z *E, i int) { PE(z).Mul(&a[i], &scalar[0]) }},
			}
			for _, op := range ops {
				got := make(V, size)
				op.vector(PV(&got))
				for i := range size {
					var want E
					op.scalar(&want, i)
					if !PE(&got[i]).Equal(&want) {
						t.Fatalf("%s[%d] (a=%x, b=%x): vector %x, scalar %x", op.name, i, ab[i], bb[i],
							PE(&got[i]).BigInt(new(big.Int)), PE(&want).BigInt(new(big.Int)))
					}
				}
			}

			// Sum and InnerProduct against math/big.
			sum, ip := new(big.Int), new(big.Int)
			for i := range size {
				sum.Add(sum, ab[i])
				ip.Add(ip, new(big.Int).Mul(ab[i], bb[i]))
			}
			sum.Mod(sum, m)
			ip.Mod(ip, m)
			gotSum := PV(&a).Sum()
			if got := PE(&gotSum).BigInt(new(big.Int)); got.Cmp(sum) != 0 {
				t.Fatalf("Sum = %x, want %x", got, sum)
			}
			gotIP := PV(&a).InnerProduct(b)
			if got := PE(&gotIP).BigInt(new(big.Int)); got.Cmp(ip) != 0 {
				t.Fatalf("InnerProduct = %x, want %x", got, ip)
			}
		})
	}
}

func TestTwoAdicRootMatchesProofSystems(t *testing.T) {
	// proof-systems curves/src/pasta/fields/fp.rs TWO_ADIC_ROOT_OF_UNITY, in
	// Montgomery form (R = 2^256), little-endian limbs 0xa28db849bad6dbf0,
	// 0x9083cd03d3b539df, 0xfba6b9ca9dc8448e, 0x3ec928747b89c6da.
	pRootMont := mustHex("3ec928747b89c6dafba6b9ca9dc8448e9083cd03d3b539dfa28db849bad6dbf0")
	rInv := new(big.Int).ModInverse(new(big.Int).Lsh(big.NewInt(1), 256), pModulus)
	pRoot := new(big.Int).Mod(new(big.Int).Mul(pRootMont, rInv), pModulus)

	tests := []struct {
		name string
		m    *big.Int
		gen  func(uint64) (*big.Int, error)
		want *big.Int // 5^((m-1)/2^32), arkworks' TWO_ADIC_ROOT_OF_UNITY
	}{
		{"fp", pModulus, func(n uint64) (*big.Int, error) {
			g, err := fpfft.Generator(n)
			return g.BigInt(new(big.Int)), err
		}, pRoot},
		{"fq", qModulus, func(n uint64) (*big.Int, error) {
			g, err := fqfft.Generator(n)
			return g.BigInt(new(big.Int)), err
		}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			qm1 := new(big.Int).Sub(tc.m, big.NewInt(1))
			root := new(big.Int).Exp(big.NewInt(5), new(big.Int).Rsh(qm1, 32), tc.m)
			if tc.want != nil && root.Cmp(tc.want) != 0 {
				t.Fatalf("5^t = %x, proof-systems root %x", root, tc.want)
			}
			// arkworks' Radix2EvaluationDomain of size 2^k uses root^(2^(32-k)).
			for _, k := range []uint{1, 4, 16, 32} {
				got, err := tc.gen(1 << k)
				if err != nil {
					t.Fatalf("Generator(2^%d): %v", k, err)
				}
				want := new(big.Int).Exp(root, new(big.Int).Lsh(big.NewInt(1), 32-k), tc.m)
				if got.Cmp(want) != 0 {
					t.Errorf("Generator(2^%d) = %x, want %x", k, got, want)
				}
			}
		})
	}
}
