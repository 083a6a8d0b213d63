package lanes

import (
	"math/big"
	mrand "math/rand"
	"math/rand/v2"
	"testing"
	"unsafe"
)

// The Pasta moduli (kimchi/field/fp and fq, which import this package).
var pallasP, vestaP = hexInt("40000000000000000000000000000000224698fc094cf91b992d30ed00000001"),
	hexInt("40000000000000000000000000000000224698fc0994a8dd8c46eb2100000001")

func hexInt(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 16)
	if !ok {
		panic("bad hex " + s)
	}
	return v
}

// pastaModuli are the two fields Mul is for.
var pastaModuli = []struct {
	name string
	p    *big.Int
}{
	{"fp", pallasP},
	{"fq", vestaP},
}

// impls are Mul's two code paths; the assembly one only where the CPU has
// AVX2.
var impls = []struct {
	name string
	avx2 bool
}{{"go", false}, {"avx2", true}}

// edgeValues are operands at the ends of Mul's input range: 0, 1, p - 1,
// p, 2p - 1 and the largest value the package comment allows.
func edgeValues(p *big.Int) []*big.Int {
	one := big.NewInt(1)
	twoP := new(big.Int).Lsh(p, 1)
	bound := new(big.Int).Lsh(big.NewInt(11), 254)
	return []*big.Int{
		big.NewInt(0), one, new(big.Int).Sub(p, one), new(big.Int).Set(p),
		new(big.Int).Sub(twoP, one), new(big.Int).Sub(bound, one),
		new(big.Int).Lsh(one, 256), // R of kimchi/field's Montgomery form
	}
}

// randomBelow returns a uniform value below 2p, or an edge value one time
// in four.
func randomBelow(r *rand.Rand, p *big.Int, edges []*big.Int) *big.Int {
	if r.IntN(4) == 0 {
		return edges[r.IntN(len(edges))]
	}
	buf := make([]byte, 33)
	for i := range buf {
		buf[i] = byte(r.Uint32())
	}
	return new(big.Int).Mod(new(big.Int).SetBytes(buf), new(big.Int).Lsh(p, 1))
}

// TestMul checks both code paths against math/big: the result is a·b·2⁻²⁶¹
// mod p, below 2p, with normalised limbs, and both paths agree bit for bit.
func TestMul(t *testing.T) {
	for _, mod := range pastaModuli {
		m, err := NewModulus(mod.p)
		if err != nil {
			t.Fatal(err)
		}
		rInv := new(big.Int).ModInverse(new(big.Int).Lsh(big.NewInt(1), 261), mod.p)
		twoP := new(big.Int).Lsh(mod.p, 1)
		edges := edgeValues(mod.p)
		r := rand.New(rand.NewPCG(0x1a9e5, uint64(len(mod.name))))
		for trial := range 3000 {
			var a, b Vec
			var av, bv [4]*big.Int
			for l := range 4 {
				av[l], bv[l] = randomBelow(r, mod.p, edges), randomBelow(r, mod.p, edges)
				a.SetLane(l, av[l])
				b.SetLane(l, bv[l])
			}
			var outs [2]Vec
			for k, impl := range impls {
				if impl.avx2 && !useAVX2 {
					outs[k] = outs[0]
					continue
				}
				saved := useAVX2
				setAVX2(impl.avx2)
				m.Mul(&outs[k], &a, &b)
				setAVX2(saved)
				for l := range 4 {
					got := outs[k].Lane(l)
					want := new(big.Int).Mul(av[l], bv[l])
					want.Mul(want, rInv).Mod(want, mod.p)
					if got.Cmp(twoP) >= 0 || new(big.Int).Mod(got, mod.p).Cmp(want) != 0 {
						t.Fatalf("%s/%s trial %d lane %d: %#x·%#x gave %#x, want %#x (mod p, below 2p)",
							mod.name, impl.name, trial, l, av[l], bv[l], got, want)
					}
					for i := range Limbs {
						if outs[k][i][l] > mask {
							t.Fatalf("%s/%s: limb %d of lane %d is not normalised: %#x", mod.name, impl.name, i, l, outs[k][i][l])
						}
					}
				}
			}
			if outs[0] != outs[1] {
				t.Fatalf("%s trial %d: the Go loop and the AVX2 kernel disagree", mod.name, trial)
			}
		}
	}
}

// TestMulAliasing checks that r may be a or b.
func TestMulAliasing(t *testing.T) {
	m, err := NewModulus(pallasP)
	if err != nil {
		t.Fatal(err)
	}
	var a, b Vec
	for l := range 4 {
		a.SetLane(l, big.NewInt(int64(3+l)))
		b.SetLane(l, new(big.Int).Sub(m.P(), big.NewInt(int64(5+l))))
	}
	var want Vec
	m.Mul(&want, &a, &b)
	x, y := a, b
	m.Mul(&x, &x, &b)
	m.Mul(&y, &a, &y)
	if x != want || y != want {
		t.Fatal("an aliased product differs")
	}
}

// TestMontgomeryForm checks the package comment's bridge to kimchi/field:
// Mul of 32·(aR) and bR, R = 2²⁵⁶, is the Montgomery product abR mod p.
func TestMontgomeryForm(t *testing.T) {
	m, err := NewModulus(pallasP)
	if err != nil {
		t.Fatal(err)
	}
	R := new(big.Int).Lsh(big.NewInt(1), 256)
	r := rand.New(rand.NewPCG(5, 6))
	var a, b Vec
	var xs, ys [4]*big.Int
	edges := edgeValues(m.P())
	for l := range 4 {
		xs[l] = new(big.Int).Mod(randomBelow(r, m.P(), edges), m.P()) // aR, canonical
		ys[l] = new(big.Int).Mod(randomBelow(r, m.P(), edges), m.P())
		a.SetLane(l, new(big.Int).Lsh(xs[l], 5))
		b.SetLane(l, ys[l])
	}
	var out Vec
	m.Mul(&out, &a, &b)
	rInv := new(big.Int).ModInverse(R, m.P())
	for l := range 4 {
		want := new(big.Int).Mul(xs[l], ys[l])
		want.Mul(want, rInv).Mod(want, m.P())
		if got := new(big.Int).Mod(out.Lane(l), m.P()); got.Cmp(want) != 0 {
			t.Fatalf("lane %d: %#x, want %#x", l, got, want)
		}
	}
}

func TestNewModulusRejects(t *testing.T) {
	two254 := new(big.Int).Lsh(big.NewInt(1), 254)
	for _, c := range []struct {
		name string
		p    *big.Int
	}{
		{"2^254 itself", two254},
		{"below 2^254", new(big.Int).Sub(two254, big.NewInt(1))},
		{"c too wide", new(big.Int).Add(two254, new(big.Int).Lsh(big.NewInt(1), 150))},
		{"not 1 mod 2^29", new(big.Int).Add(two254, big.NewInt(3))},
		{"bn254", func() *big.Int {
			p, _ := new(big.Int).SetString("21888242871839275222246405745257275088548364400416034343698204186575808495617", 10)
			return p
		}()},
	} {
		if _, err := NewModulus(c.p); err == nil {
			t.Errorf("%s: NewModulus accepted %#x", c.name, c.p)
		}
	}
}

// BenchmarkMul times Mul per product, chained and over independent
// vectors (kimchi/field/fq's BenchmarkPastaKernels and BenchmarkPastaVector
// time the scalar product the same ways).
func BenchmarkMul(b *testing.B) {
	m, err := NewModulus(pallasP)
	if err != nil {
		b.Fatal(err)
	}
	const n = 256
	r := rand.New(rand.NewPCG(7, 8))
	edges := edgeValues(m.P())
	xs, res := make([]Vec, n), make([]Vec, n)
	var y Vec
	for i := range xs {
		for l := range 4 {
			xs[i].SetLane(l, randomBelow(r, m.P(), edges[:5]))
			y.SetLane(l, randomBelow(r, m.P(), edges[:5]))
		}
	}
	perProduct := func(b *testing.B, products int) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*products), "ns/product")
	}
	b.Run("chain", func(b *testing.B) {
		x := xs[0]
		for b.Loop() {
			m.Mul(&x, &x, &y)
		}
		perProduct(b, 4)
	})
	b.Run("indep", func(b *testing.B) {
		for b.Loop() {
			for i := range xs {
				m.Mul(&res[i], &xs[i], &y)
			}
		}
		perProduct(b, 4*n)
	})
}

// words returns x's little-endian 64-bit words (x < 2²⁵⁶).
func words(x *big.Int) [4]uint64 {
	var w [4]uint64
	v := new(big.Int).Set(x)
	for i := range w {
		w[i] = new(big.Int).And(v, new(big.Int).SetUint64(^uint64(0))).Uint64()
		v.Rsh(v, 64)
	}
	return w
}

// TestConversions checks SetWords (shifts 0 and 5), Words (reduction of
// values below 2p) and Shift against math/big.
func TestConversions(t *testing.T) {
	m, err := NewModulus(vestaP)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(11, 12))
	edges := edgeValues(m.P())
	max256 := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))
	for trial := range 2000 {
		var xs [4]*big.Int
		for l := range xs {
			xs[l] = randomBelow(r, m.P(), edges[:5]) // below 2p
			if trial%7 == 0 {
				xs[l] = max256 // SetWords takes any 256-bit value
			}
		}
		for _, shift := range []uint{0, 5} {
			var v Vec
			for l, x := range xs {
				w := words(x)
				v.SetWords(l, &w, shift)
			}
			for l, x := range xs {
				if want := new(big.Int).Lsh(x, shift); v.Lane(l).Cmp(want) != 0 {
					t.Fatalf("SetWords(%#x, %d) = %#x", x, shift, v.Lane(l))
				}
				for i := range Limbs {
					if v[i][l] > mask {
						t.Fatalf("SetWords(%#x, %d): limb %d not normalised", x, shift, i)
					}
				}
			}
			if shift == 0 && trial%7 != 0 {
				var s Vec
				m.Shift(&s, &v)
				for l, x := range xs {
					if want := new(big.Int).Lsh(x, 5); s.Lane(l).Cmp(want) != 0 {
						t.Fatalf("Shift(%#x, 5) = %#x", x, s.Lane(l))
					}
				}
				for l, x := range xs {
					var out [4]uint64
					m.Words(&v, l, &out)
					if want := words(new(big.Int).Mod(x, m.P())); out != want {
						t.Fatalf("Words(%#x) = %x, want %x", x, out, want)
					}
				}
			}
		}
	}
}

// TestKernelsAgree runs Shift, Pack4, Words4 and Invs on both code paths
// over random inputs in their ranges and checks the values with math/big:
// the Go loops are the specification of the assembly.
func TestKernelsAgree(t *testing.T) {
	for _, mod := range pastaModuli {
		m, err := NewModulus(mod.p)
		if err != nil {
			t.Fatal(err)
		}
		r := rand.New(rand.NewPCG(21, uint64(len(mod.name))))
		edges := edgeValues(m.P())
		rInv := new(big.Int).ModInverse(new(big.Int).Lsh(big.NewInt(1), 261), m.P())
		// run returns f's result on each path (the AVX2 one only where the
		// CPU has it) after checking they agree.
		run := func(name string, f func() any) any {
			saved := useAVX2
			defer setAVX2(saved)
			setAVX2(false)
			want := f()
			if saved {
				setAVX2(true)
				if got := f(); got != want {
					t.Fatalf("%s/%s: the AVX2 kernel gives %v, the Go loop %v", mod.name, name, got, want)
				}
			}
			return want
		}
		for trial := range 300 {
			var xs [4][4]uint64
			var vals [4]*big.Int
			for l := range xs {
				vals[l] = new(big.Int).Mod(randomBelow(r, m.P(), edges[:5]), m.P())
				xs[l] = words(vals[l])
			}
			for _, s := range []uint{0, 5} {
				v := run("Pack4", func() any { var v Vec; m.Pack4(&v, &xs, s); return v }).(Vec)
				for l := range 4 {
					if v.Lane(l).Cmp(new(big.Int).Lsh(vals[l], s)) != 0 {
						t.Fatalf("%s: Pack4 lane %d, shift %d: %#x", mod.name, l, s, v.Lane(l))
					}
				}
			}
			var a Vec
			for l := range 4 {
				a.SetLane(l, randomBelow(r, m.P(), edges[:5]))
			}
			sh := run("Shift", func() any { var o Vec; m.Shift(&o, &a); return o }).(Vec)
			for l := range 4 {
				if sh.Lane(l).Cmp(new(big.Int).Lsh(a.Lane(l), 5)) != 0 {
					t.Fatalf("%s: Shift lane %d", mod.name, l)
				}
			}
			ws := run("Words4", func() any { var o [4][4]uint64; m.Words4(&o, &a); return o }).([4][4]uint64)
			for l := range 4 {
				if ws[l] != words(new(big.Int).Mod(a.Lane(l), m.P())) {
					t.Fatalf("%s: Words4 lane %d", mod.name, l)
				}
			}
			if trial%30 == 0 {
				groups := 1 + r.IntN(5)
				pref, den := make([]Vec, groups), make([]Vec, groups)
				var acc Vec
				for g := range groups {
					for l := range 4 {
						pref[g].SetLane(l, randomBelow(r, m.P(), edges[:5]))
						den[g].SetLane(l, randomBelow(r, m.P(), edges[:5]))
					}
				}
				for l := range 4 {
					acc.SetLane(l, randomBelow(r, m.P(), edges[:5]))
				}
				type state struct {
					pref, den [5]Vec
					acc       Vec
				}
				out := run("Invs", func() any {
					p, d, ac := append([]Vec(nil), pref...), append([]Vec(nil), den...), acc
					m.Invs(p, d, &ac)
					var st state
					copy(st.pref[:], p)
					copy(st.den[:], d)
					st.acc = ac
					return st
				}).(state)
				// The same walk with math/big.
				for l := range 4 {
					ac := acc.Lane(l)
					for g := groups - 1; g >= 0; g-- {
						want := new(big.Int).Mul(pref[g].Lane(l), ac)
						want.Mul(want, rInv).Mod(want, m.P())
						if new(big.Int).Mod(out.pref[g].Lane(l), m.P()).Cmp(want) != 0 {
							t.Fatalf("%s: Invs group %d lane %d", mod.name, g, l)
						}
						ac.Mul(ac, den[g].Lane(l)).Mul(ac, rInv).Mod(ac, m.P())
					}
					if new(big.Int).Mod(out.acc.Lane(l), m.P()).Cmp(ac) != 0 {
						t.Fatalf("%s: Invs acc lane %d", mod.name, l)
					}
				}
			}
		}
	}
}

// TestPairsAgree runs PairDens, Invs and PairChords (with the inversion
// between them done in math/big) on both code paths and checks that they
// write the same points, and that those are the chord sums.
func TestPairsAgree(t *testing.T) {
	for _, mod := range pastaModuli {
		m, err := NewModulus(mod.p)
		if err != nil {
			t.Fatal(err)
		}
		R := new(big.Int).Lsh(big.NewInt(1), 256)
		rInv := new(big.Int).ModInverse(R, m.P())
		toMont := func(x *big.Int) [4]uint64 { return words(new(big.Int).Mod(new(big.Int).Mul(x, R), m.P())) }
		fromMont := func(w *[4]uint64) *big.Int {
			v := new(big.Int)
			for i := 3; i >= 0; i-- {
				v.Lsh(v, 64).Add(v, new(big.Int).SetUint64(w[i]))
			}
			return v.Mul(v, rInv).Mod(v, m.P())
		}
		one := toMont(big.NewInt(1))
		r := rand.New(rand.NewPCG(31, uint64(len(mod.name))))
		rng := mrand.New(mrand.NewSource(31))
		for _, n := range []int{1, 3, 4, 5, 8, 13, 64} {
			// The "halving" layout of the MSM's rounds: pair i adds points
			// 1+2i and 2+2i into point 1+i.
			np := 2*n + 1
			vals := make([]*big.Int, 2*np)
			for i := range vals {
				vals[i] = new(big.Int).Mod(randomBelow(r, m.P(), edgeValues(m.P())[:5]), m.P())
			}
			src, dst := make([]int32, n), make([]int32, n)
			for i := range src {
				src[i], dst[i] = int32(1+2*i), int32(1+i)
				for s := src[i]; vals[2*s+2].Cmp(vals[2*s]) == 0; { // distinct x
					vals[2*s+2] = new(big.Int).Rand(rng, m.P())
				}
			}
			// The expected sums, from the values before any write.
			wantX, wantY := make([]*big.Int, n), make([]*big.Int, n)
			for i, s := range src {
				px, py, qx, qy := vals[2*s], vals[2*s+1], vals[2*s+2], vals[2*s+3]
				lam := new(big.Int).Sub(qy, py)
				lam.Mul(lam, new(big.Int).ModInverse(new(big.Int).Sub(qx, px), m.P())).Mod(lam, m.P())
				x := new(big.Int).Mul(lam, lam)
				x.Sub(x, px).Sub(x, qx).Mod(x, m.P())
				y := new(big.Int).Sub(px, x)
				y.Mul(y, lam).Sub(y, py).Mod(y, m.P())
				wantX[i], wantY[i] = x, y
			}
			var outs [2][][4]uint64
			for k, avx := range []bool{false, true} {
				if avx && !useAVX2 {
					outs[k] = outs[0]
					continue
				}
				saved := useAVX2
				setAVX2(avx)
				pts := make([][4]uint64, 2*np)
				for i, v := range vals {
					pts[i] = toMont(v)
				}
				groups := (n + 3) / 4
				den, pref := make([]Vec, groups), make([]Vec, groups)
				var acc Vec
				m.Pack4(&acc, &[4][4]uint64{one, one, one, one}, 0)
				m.PairDens(pts, src, den, pref, &acc, &one)
				var tot, inv [4][4]uint64
				m.Words4(&tot, &acc)
				for l := range 4 {
					inv[l] = toMont(new(big.Int).ModInverse(fromMont(&tot[l]), m.P()))
				}
				m.Pack4(&acc, &inv, 0)
				m.Invs(pref, den, &acc)
				m.PairChords(pts, src, dst, pref)
				setAVX2(saved)
				for i, d := range dst {
					if fromMont(&pts[2*d]).Cmp(wantX[i]) != 0 || fromMont(&pts[2*d+1]).Cmp(wantY[i]) != 0 {
						t.Fatalf("%s avx2=%v n=%d pair %d: wrong sum", mod.name, avx, n, i)
					}
				}
				outs[k] = pts
			}
			for i := range outs[0] {
				if outs[0][i] != outs[1][i] {
					t.Fatalf("%s n=%d: the paths differ at element %d", mod.name, n, i)
				}
			}
		}
	}
}

// TestModulusLayout checks the offsets gen_asm.go's assembly reads the
// Modulus at (maskOff 160, wordsOff 192).
func TestModulusLayout(t *testing.T) {
	var m Modulus
	if mask, words := unsafe.Offsetof(m.mask), unsafe.Offsetof(m.words); mask != 160 || words != 192 {
		t.Fatalf("Modulus.mask at %d, .words at %d: regenerate mul_amd64.s with matching offsets", mask, words)
	}
}
