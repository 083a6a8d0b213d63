package srs

import (
	"math/big"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/curve/pallas"
	"github.com/zkml-mina/zkml/kimchi/curve/vesta"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
)

// engineCurve is one curve for the engine tests: an engine, some points,
// and reference arithmetic from the curve package (Jacobian ScalarMul).
type engineCurve[A any] struct {
	eng       engine[A]
	pts       []A
	r, lambda *big.Int
	// mulSum returns Σ [k_i]P_i.
	mulSum func(ps []A, ks []*big.Int) A
	neg    func(A) A
	equal  func(a, b A) bool
}

func pallasEngineCurve(t *testing.T) engineCurve[pallas.Affine] {
	s, err := CreatePallas(8)
	if err != nil {
		t.Fatal(err)
	}
	return engineCurve[pallas.Affine]{
		eng: newPallasEngine(), pts: s.G, r: fq.Modulus(), lambda: pallasLambda(),
		mulSum: func(ps []pallas.Affine, ks []*big.Int) pallas.Affine {
			var acc pallas.Jacobian
			acc.SetInfinity()
			for i := range ps {
				var j pallas.Jacobian
				var k fq.Element
				k.SetBigInt(ks[i])
				j.FromAffine(&ps[i])
				acc.Add(j.ScalarMul(&j, &k))
			}
			var a pallas.Affine
			return *a.FromJacobian(&acc)
		},
		neg:   func(a pallas.Affine) pallas.Affine { return *a.Neg(&a) },
		equal: func(a, b pallas.Affine) bool { return a.Equal(&b) },
	}
}

func vestaEngineCurve(t *testing.T) engineCurve[vesta.Affine] {
	s, err := CreateVesta(8)
	if err != nil {
		t.Fatal(err)
	}
	return engineCurve[vesta.Affine]{
		eng: newVestaEngine(), pts: s.G, r: fp.Modulus(), lambda: vestaLambda(),
		mulSum: func(ps []vesta.Affine, ks []*big.Int) vesta.Affine {
			var acc vesta.Jacobian
			acc.SetInfinity()
			for i := range ps {
				var j vesta.Jacobian
				var k fp.Element
				k.SetBigInt(ks[i])
				j.FromAffine(&ps[i])
				acc.Add(j.ScalarMul(&j, &k))
			}
			var a vesta.Affine
			return *a.FromJacobian(&acc)
		},
		neg:   func(a vesta.Affine) vesta.Affine { return *a.Neg(&a) },
		equal: func(a, b vesta.Affine) bool { return a.Equal(&b) },
	}
}

// testTerm is a job term: [±k]·P with P the test point pt (-1: infinity)
// and k a random scalar when rnd is set.
type testTerm struct {
	pt  int
	k   int64
	rnd bool
	neg bool
}

// engineJobs are the msm test jobs. Together they hit the cases the engine
// resolves without an inversion: operands at infinity, sums that cancel and
// sums that double.
var engineJobs = []struct {
	name  string
	terms []testTerm
}{
	{"random", []testTerm{{pt: 0, rnd: true}}},
	{"random negated", []testTerm{{pt: 1, rnd: true, neg: true}}},
	{"zero", []testTerm{{pt: 2, k: 0}}},
	{"one", []testTerm{{pt: 2, k: 1}}},
	{"minus one", []testTerm{{pt: 3, k: 1, neg: true}}},
	{"largest table entries", []testTerm{{pt: 4, k: 15}, {pt: 5, k: -13}}},
	{"four terms", []testTerm{{pt: 0, rnd: true}, {pt: 1, rnd: true}, {pt: 2, rnd: true, neg: true}, {pt: 3, rnd: true}}},
	{"point at infinity", []testTerm{{pt: -1, rnd: true}}},
	{"infinity and a point", []testTerm{{pt: -1, rnd: true}, {pt: 6, rnd: true}}},
	{"cancelling terms", []testTerm{{pt: 7, k: 5}, {pt: 7, k: 5, neg: true}}},
	{"doubling terms", []testTerm{{pt: 7, k: 3}, {pt: 7, k: 3}}},
	{"cancel, then more", []testTerm{{pt: 6, k: 1}, {pt: 6, k: 1, neg: true}, {pt: 5, rnd: true}}},
	{"same point twice", []testTerm{{pt: 4, rnd: true}, {pt: 4, rnd: true}}},
}

// runEngineMSM checks every engineJobs job alone and all of them in one
// call against the curve's reference arithmetic.
func runEngineMSM[A any](t *testing.T, c engineCurve[A]) {
	rng := rand.New(rand.NewPCG(11, 12))
	sp := newGLVSplitter(c.r, c.lambda)
	var inf A
	// Slot i of the engine holds pts[i]; the last slot is infinity.
	slots := append(append([]A(nil), c.pts...), inf)
	type job struct {
		terms []term
		want  A
	}
	var jobs []job
	for _, tc := range engineJobs {
		var j job
		var ps []A
		var ks []*big.Int
		for _, tt := range tc.terms {
			k := big.NewInt(tt.k)
			if tt.rnd {
				var b [32]byte
				for i := range b {
					b[i] = byte(rng.Uint32())
				}
				k.SetBytes(b[:])
			}
			k.Mod(k, c.r)
			g, err := sp.split(k)
			if err != nil {
				t.Fatal(err)
			}
			slot := tt.pt
			if slot < 0 {
				slot = len(slots) - 1
			}
			j.terms = append(j.terms, term{slot: int32(slot), naf: g.appendNAF(nil), neg: tt.neg})
			p := slots[slot]
			if tt.neg {
				p = c.neg(p)
			}
			ps, ks = append(ps, p), append(ks, k)
		}
		j.want = c.mulSum(ps, ks)
		jobs = append(jobs, j)
	}
	var all []term
	var starts []int32
	for i, j := range jobs {
		t.Run(engineJobs[i].name, func(t *testing.T) {
			out := make([]A, 1)
			c.eng.msm(slots, j.terms, []int32{0, int32(len(j.terms))}, out)
			if !c.equal(out[0], j.want) {
				t.Error("msm differs from the reference")
			}
		})
		starts = append(starts, int32(len(all)))
		all = append(all, j.terms...)
	}
	starts = append(starts, int32(len(all)))
	out := make([]A, len(jobs))
	c.eng.msm(slots, all, starts, out)
	for i, j := range jobs {
		if !c.equal(out[i], j.want) {
			t.Errorf("all jobs at once: %s differs from the reference", engineJobs[i].name)
		}
	}
}

// runEngineAddSub checks addSub, including equal, opposite and infinite
// operands.
func runEngineAddSub[A any](t *testing.T, c engineCurve[A]) {
	var inf A
	p, q := c.pts[0], c.pts[1]
	tests := []struct {
		name string
		a, b A
	}{
		{"distinct", p, q},
		{"equal", p, p},
		{"opposite", p, c.neg(p)},
		{"a at infinity", inf, q},
		{"b at infinity", p, inf},
		{"both at infinity", inf, inf},
	}
	one, minusOne := big.NewInt(1), new(big.Int).Sub(c.r, big.NewInt(1))
	a := make([]A, len(tests))
	b := make([]A, len(tests))
	for i, tc := range tests {
		a[i], b[i] = tc.a, tc.b
	}
	c.eng.addSub(a, b)
	for i, tc := range tests {
		sum := c.mulSum([]A{tc.a, tc.b}, []*big.Int{one, one})
		diff := c.mulSum([]A{tc.a, tc.b}, []*big.Int{one, minusOne})
		if !c.equal(a[i], sum) || !c.equal(b[i], diff) {
			t.Errorf("%s: addSub differs from the reference", tc.name)
		}
	}
}

func TestEngineMSM(t *testing.T) {
	t.Run("pallas", func(t *testing.T) { runEngineMSM(t, pallasEngineCurve(t)) })
	t.Run("vesta", func(t *testing.T) { runEngineMSM(t, vestaEngineCurve(t)) })
}

func TestEngineAddSub(t *testing.T) {
	t.Run("pallas", func(t *testing.T) { runEngineAddSub(t, pallasEngineCurve(t)) })
	t.Run("vesta", func(t *testing.T) { runEngineAddSub(t, vestaEngineCurve(t)) })
}

// TestFFTBlocks checks that the blocks cover the stages in order, that
// only the last one folds in 1/n, and their sizes.
func TestFFTBlocks(t *testing.T) {
	for logN := 1; logN <= 32; logN++ {
		bs := fftBlocks(logN)
		done := 0
		for i, b := range bs {
			if b.h0 != 1<<done {
				t.Fatalf("log n=%d: block %d starts at half %d, want %d", logN, i, b.h0, 1<<done)
			}
			want := midStages
			switch {
			case i == len(bs)-1:
				want = min(logN, lastStages)
			case i == 0:
				want = (logN - min(logN, lastStages)) % midStages
				if want == 0 {
					want = midStages
				}
			}
			if b.s != want {
				t.Errorf("log n=%d: block %d has %d stages, want %d", logN, i, b.s, want)
			}
			if b.fold != (i == len(bs)-1) {
				t.Errorf("log n=%d: block %d fold = %v", logN, i, b.fold)
			}
			done += b.s
		}
		if done != logN {
			t.Errorf("log n=%d: blocks cover %d stages", logN, done)
		}
	}
}

// TestBatchVestaGenerated checks that batch_vesta.go is what go generate
// makes of batch_pallas.go.
func TestBatchVestaGenerated(t *testing.T) {
	src, err := os.ReadFile("batch_pallas.go")
	if err != nil {
		t.Fatal(err)
	}
	gen, err := os.ReadFile("batch_vesta.go")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"// Code generated by go generate from batch_pallas.go; DO NOT EDIT.", ""}
	lines := strings.Split(string(src), "\n")
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		if strings.Contains(line, "go:generate") {
			i++ // the directive and the line after it
			continue
		}
		line = strings.ReplaceAll(line, "pallas", "vesta")
		line = strings.ReplaceAll(line, "Pallas", "Vesta")
		want = append(want, strings.ReplaceAll(line, "fp", "fq"))
	}
	if strings.Join(want, "\n") != string(gen) {
		t.Error("batch_vesta.go is stale: run go generate ./kimchi/srs/")
	}
}
