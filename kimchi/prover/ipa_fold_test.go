package prover

import (
	"math/big"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/zkml-mina/zkml/internal/procstat"
	"github.com/zkml-mina/zkml/kimchi/curve/vesta"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/poseidon"
)

// TestFoldBasesAffine checks every folding path (the joint-sparse-form
// ladder, the table comb for several strides, and foldBases/foldRound0
// which pick one) against lo + u·hi by plain scalar multiplication, for
// several challenges and sizes (including a partial chunk).
func TestFoldBasesAffine(t *testing.T) {
	s := loadSRS(t)
	endoR := vesta.EndoScalar()
	for _, tc := range []struct {
		name string
		m    int
		pre  uint64
	}{
		{"one point", 1, 12345},
		{"partial chunk", foldChunk + 44, 0xdeadbeefcafebabe},
		{"two chunks", 2 * foldChunk, 1},
		{"zero challenge", 17, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var inner fp.Element
			inner.SetUint64(tc.pre)
			inner.Mul(&inner, &inner) // spread bits over 128
			limbs := inner.Bits()
			pre := poseidon.ScalarChallengeFromLimbs[fp.Element]([2]uint64{limbs[0], limbs[1]})
			u := pre.ToField(endoR)
			lo, hi := s.G[:tc.m], s.G[tc.m:2*tc.m]
			want := make([]vesta.Affine, tc.m)
			for i := range lo {
				want[i].ScalarMul(&hi[i], &u)
				want[i].Add(&want[i], &lo[i])
			}
			a, b := endoDecompose(pre.Inner())
			paths := map[string]func() ([]vesta.Affine, bool){
				"foldBases": func() ([]vesta.Affine, bool) { return foldBases(lo, hi, pre.Inner(), &u, &endoR), true },
				"jsf":       func() ([]vesta.Affine, bool) { return foldBasesAffine(lo, hi, a, b) },
				"jacobian":  func() ([]vesta.Affine, bool) { return foldJacobian(lo, hi, &u), true },
			}
			for _, stride := range []int{1, 2, 3, 4, 8} {
				tab := newFoldTable(hi, stride)
				if tab == nil {
					t.Fatalf("stride %d: table refused", stride)
				}
				paths["table/"+strconv.Itoa(stride)] = func() ([]vesta.Affine, bool) { return tab.fold(lo, a, b) }
				paths["round0/"+strconv.Itoa(stride)] = func() ([]vesta.Affine, bool) {
					return foldRound0(tab, lo, hi, pre.Inner(), &u, &endoR), true
				}
			}
			for name, f := range paths {
				got, ok := f()
				if !ok {
					t.Fatalf("%s reported an exceptional case", name)
				}
				for i := range want {
					if !got[i].Equal(&want[i]) {
						t.Fatalf("%s: point %d differs", name, i)
					}
				}
			}
		})
	}
}

// TestFoldExceptional checks that the affine paths refuse points at
// infinity (their formulas would be wrong) and a sum at infinity (a zero
// denominator), and that foldBases then still returns lo + u·hi through
// the Jacobian fallback.
func TestFoldExceptional(t *testing.T) {
	s := loadSRS(t)
	endoR := vesta.EndoScalar()
	pre := poseidon.ScalarChallengeFromLimbs[fp.Element]([2]uint64{0x0123456789abcdef, 0xfedcba9876543210})
	u := pre.ToField(endoR)
	a, b := endoDecompose(pre.Inner())
	for _, tc := range []struct {
		name string
		hole func(lo, hi []vesta.Affine)
	}{
		{"lo at infinity", func(lo, _ []vesta.Affine) { lo[3] = vesta.Affine{} }},
		{"hi at infinity", func(_, hi []vesta.Affine) { hi[5] = vesta.Affine{} }},
		{"result at infinity", func(lo, hi []vesta.Affine) {
			lo[7].ScalarMul(&hi[7], &u)
			lo[7].Neg(&lo[7])
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lo := append([]vesta.Affine(nil), s.G[:20]...)
			hi := append([]vesta.Affine(nil), s.G[20:40]...)
			tc.hole(lo, hi)
			got := foldBases(lo, hi, pre.Inner(), &u, &endoR)
			for i := range lo {
				var want vesta.Jacobian
				want.FromAffine(&hi[i])
				want.ScalarMul(&want, &u)
				want.AddMixed(&lo[i])
				var w vesta.Affine
				w.FromJacobian(&want)
				if !got[i].Equal(&w) {
					t.Fatalf("point %d differs", i)
				}
			}
			if _, ok := foldBasesAffine(lo, hi, a, b); ok {
				t.Error("jsf path accepted an exceptional case")
			}
			if tab := newFoldTable(hi, 4); tab != nil {
				if _, ok := tab.fold(lo, a, b); ok {
					t.Error("table path accepted an exceptional case")
				}
			}
		})
	}
}

// TestNAF checks the non-adjacent form: digits in {-1, 0, 1} giving back
// v, never two adjacent non-zero.
func TestNAF(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200 {
		v := new(big.Int).SetUint64(rng.Uint64())
		v.Lsh(v, 2).Add(v, big.NewInt(int64(rng.IntN(4))))
		d := nafDigits(v)
		if !recode(d, v) {
			t.Fatalf("naf(%v) does not reconstruct", v)
		}
		for i := range d {
			if d[i] < -1 || d[i] > 1 || (i > 0 && d[i] != 0 && d[i-1] != 0) {
				t.Fatalf("naf(%v): bad digits %v", v, d)
			}
		}
		if len(d) > v.BitLen()+1 {
			t.Fatalf("naf(%v): %d digits", v, len(d))
		}
	}
}

// TestJSF checks the joint sparse form: digits in {-1, 0, 1} that give
// back a and b, with at most one of any two adjacent digit pairs non-zero
// per column of the form's defining property (non-zero density ≤ 1/2 on
// average).
func TestJSF(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	nonZero, total := 0, 0
	for range 200 {
		a := new(big.Int).SetUint64(rng.Uint64())
		a.Lsh(a, 2).Add(a, big.NewInt(int64(rng.IntN(4))))
		b := new(big.Int).SetUint64(rng.Uint64())
		da, db := jsf(a, b)
		ra, rb := new(big.Int), new(big.Int)
		for i := len(da) - 1; i >= 0; i-- {
			if da[i] < -1 || da[i] > 1 || db[i] < -1 || db[i] > 1 {
				t.Fatalf("digit out of range at %d", i)
			}
			ra.Lsh(ra, 1).Add(ra, big.NewInt(int64(da[i])))
			rb.Lsh(rb, 1).Add(rb, big.NewInt(int64(db[i])))
			if da[i] != 0 || db[i] != 0 {
				nonZero++
			}
			total++
		}
		if ra.Cmp(a) != 0 || rb.Cmp(b) != 0 {
			t.Fatalf("jsf(%v, %v) does not reconstruct", a, b)
		}
		if len(da) > max(a.BitLen(), b.BitLen())+1 {
			t.Fatalf("jsf too long: %d digits for %d bits", len(da), max(a.BitLen(), b.BitLen()))
		}
	}
	if float64(nonZero) > 0.55*float64(total) {
		t.Fatalf("density %d/%d, want about 1/2", nonZero, total)
	}
}

// BenchmarkFoldBases folds the whole SRS (2^16 points) through every IPA
// round, as one opening does, with fixed pseudo-random challenges: the
// first round by the joint-sparse-form ladder ("ladder") or through a
// prebuilt fold table of the given stride ("table/s").
func BenchmarkFoldBases(b *testing.B) {
	s := loadSRS(b)
	endoR := vesta.EndoScalar()
	rng := rand.New(rand.NewPCG(1, 2))
	var pres []poseidon.ScalarChallenge[fp.Element, *fp.Element]
	for g := len(s.G); g > 1; g /= 2 {
		pres = append(pres, poseidon.ScalarChallengeFromLimbs[fp.Element]([2]uint64{rng.Uint64(), rng.Uint64()}))
	}
	half := len(s.G) / 2
	for _, stride := range []int{0, 1, 2, 4, 8} {
		name := "ladder"
		var tab *foldTable
		if stride > 0 {
			name = "table/" + strconv.Itoa(stride)
		}
		b.Run(name, func(b *testing.B) {
			if stride > 0 {
				tab = newFoldTable(s.G[half:], stride)
			}
			b.ResetTimer()
			cpu0 := procstat.CPUTime()
			for range b.N {
				g := s.G
				for _, pre := range pres {
					u := pre.ToField(endoR)
					m := len(g) / 2
					g = foldRound0(tab, g[:m], g[m:], pre.Inner(), &u, &endoR)
					tab = nil
				}
				if stride > 0 {
					b.StopTimer()
					c := procstat.CPUTime()
					tab = newFoldTable(s.G[half:], stride)
					cpu0 += procstat.CPUTime() - c
					b.StartTimer()
				}
			}
			b.ReportMetric(float64((procstat.CPUTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
		})
	}
}
