package pallas

import (
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	base "github.com/zkml-mina/zkml/kimchi/field/fp"
	scalar "github.com/zkml-mina/zkml/kimchi/field/fq"
)

// naiveMSM is the reference Σ [k_i] P_i via double-and-add per term.
func naiveMSM(points []Affine, scalars []scalar.Element) Jacobian {
	var acc Jacobian
	acc.SetInfinity()
	for i := range points {
		var t Jacobian
		t.FromAffine(&points[i])
		t.ScalarMul(&t, &scalars[i])
		acc.Add(&t)
	}
	return acc
}

// pooledInput is an MSM input whose points are drawn from a small pool,
// possibly negated or at infinity, so that its sum can be checked with one
// scalar multiplication per pool point.
type pooledInput struct {
	pool    []Affine
	which   []int  // pool index of each point, -1 for infinity
	negated []bool // point i is -pool[which[i]]
	points  []Affine
	scalars []scalar.Element
}

// newPooledInput draws n points from pool: every 13th at infinity, every
// 3rd negated, the others as they are.
func newPooledInput(rng *rand.Rand, pool []Affine, n int) *pooledInput {
	in := &pooledInput{pool: pool, which: make([]int, n), negated: make([]bool, n),
		points: make([]Affine, n), scalars: make([]scalar.Element, n)}
	for i := range n {
		k := rng.IntN(len(pool))
		switch {
		case i%13 == 12:
			k = -1
		case i%3 == 1:
			in.negated[i] = true
			in.points[i].Neg(&pool[k])
		default:
			in.points[i] = pool[k]
		}
		in.which[i] = k
	}
	return in
}

// want returns Σ s_i P_i by first adding up the scalars of each pool point.
func (in *pooledInput) want() Jacobian {
	agg := make([]scalar.Element, len(in.pool))
	for i, k := range in.which {
		switch {
		case k < 0:
		case in.negated[i]:
			agg[k].Sub(&agg[k], &in.scalars[i])
		default:
			agg[k].Add(&agg[k], &in.scalars[i])
		}
	}
	return naiveMSM(in.pool, agg)
}

// seqPoints returns n distinct points P, P+G, P+2G, … in affine form.
func seqPoints(rng *rand.Rand, n int) []Affine {
	start := randPoint(rng)
	jac := make([]Jacobian, n)
	if n == 0 {
		return nil
	}
	jac[0].FromAffine(&start)
	g := Generator()
	for i := 1; i < n; i++ {
		jac[i] = jac[i-1]
		jac[i].AddMixed(&g)
	}
	return BatchJacobianToAffine(jac)
}

// halfOrder returns (r-1)/2 + delta.
func halfOrder(delta int64) scalar.Element {
	var h, d scalar.Element
	h.SetBigInt(new(big.Int).Rsh(scalar.Modulus(), 1))
	d.SetInt64(delta)
	h.Add(&h, &d)
	return h
}

// smallSigned returns a uniform integer in (-2^bits, 2^bits) as a field
// element (negatives are r - |x|).
func smallSigned(rng *rand.Rand, bits int) scalar.Element {
	var s scalar.Element
	v := int64(rng.Uint64N(1 << bits))
	if rng.IntN(2) == 0 {
		v = -v
	}
	s.SetInt64(v)
	return s
}

// scalarKinds are the scalar columns MultiExp must handle, term by term.
var scalarKinds = []struct {
	name string
	gen  func(rng *rand.Rand, i int) scalar.Element
}{
	{"random", func(rng *rand.Rand, _ int) scalar.Element { return randScalar(rng) }},
	{"minus-one", func(*rand.Rand, int) scalar.Element {
		var s scalar.Element
		s.SetOne().Neg(&s)
		return s
	}},
	{"half", func(*rand.Rand, int) scalar.Element { return halfOrder(0) }},
	{"half+1", func(*rand.Rand, int) scalar.Element { return halfOrder(1) }},
	{"small32", func(rng *rand.Rand, _ int) scalar.Element { return smallSigned(rng, 32) }},
	{"tiny", func(rng *rand.Rand, _ int) scalar.Element { return smallSigned(rng, 2) }},
	{"mixed", func(rng *rand.Rand, i int) scalar.Element {
		if i%97 == 5 {
			return randScalar(rng)
		}
		return smallSigned(rng, 16)
	}},
	{"zeros-repeats", func(rng *rand.Rand, i int) scalar.Element {
		var s scalar.Element
		if i%2 == 0 {
			return s
		}
		s.SetInt64([]int64{5, -5, 7, 1 << 20, -(1 << 31), 1}[rng.IntN(6)])
		return s
	}},
	{"edges", func(_ *rand.Rand, i int) scalar.Element {
		var s scalar.Element
		switch i % 8 {
		case 0:
			s.SetOne().Neg(&s)
		case 1:
			s = halfOrder(0)
		case 2:
			s = halfOrder(1)
		case 3:
			s = halfOrder(-1)
		case 4:
			s.SetOne()
		case 5:
			s.SetBigInt(new(big.Int).Lsh(big.NewInt(1), 253))
		case 6:
			s.SetInt64(-(1 << 32))
		}
		return s
	}},
}

func TestMultiExpScalarKinds(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	pool := make([]Affine, 48)
	for i := range pool {
		pool[i] = randPoint(rng)
	}
	for _, kind := range scalarKinds {
		for _, n := range []int{1, 2, 17, 300, 2500} {
			t.Run(fmt.Sprintf("%s/%d", kind.name, n), func(t *testing.T) {
				in := newPooledInput(rng, pool, n)
				for i := range in.scalars {
					in.scalars[i] = kind.gen(rng, i)
				}
				got, err := MultiExp(in.points, in.scalars)
				if err != nil {
					t.Fatal(err)
				}
				if want := in.want(); !got.Equal(&want) {
					t.Fatalf("MultiExp differs from the pooled naive sum")
				}
			})
		}
	}
}

func TestMultiExpMatchesNaive(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	// A pool of distinct points, reused to build larger inputs cheaply.
	pool := make([]Affine, 64)
	for i := range pool {
		pool[i] = randPoint(rng)
	}
	var minusOne scalar.Element
	minusOne.SetOne().Neg(&minusOne)
	for _, n := range []int{0, 1, 2, 3, 17, 100, 1000, 3000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			points := make([]Affine, n)
			scalars := make([]scalar.Element, n)
			for i := range n {
				points[i] = pool[rng.IntN(len(pool))]
				switch i % 11 {
				case 0:
					points[i] = Affine{} // infinity
					scalars[i] = randScalar(rng)
				case 1:
					// zero scalar
				case 2:
					scalars[i] = minusOne
				case 3:
					scalars[i].SetUint64(1)
				case 4:
					// same point twice with the same digit pattern: exercises
					// bucket doubling; and its negation: bucket cancellation.
					points[i] = pool[0]
					scalars[i].SetUint64(7)
				case 5:
					points[i].Neg(&pool[0])
					scalars[i].SetUint64(7)
				default:
					scalars[i] = randScalar(rng)
				}
			}
			got, err := MultiExp(points, scalars)
			if err != nil {
				t.Fatal(err)
			}
			want := naiveMSM(points, scalars)
			if !got.Equal(&want) {
				t.Fatalf("MultiExp(n=%d) differs from the naive sum", n)
			}
			if !got.IsOnCurve() {
				t.Fatalf("result not on curve")
			}
		})
	}
}

// msmWithPlan sums all the terms with one forced plan.
func msmWithPlan(points []Affine, scalars []scalar.Element, c, chunks int, affine bool) Jacobian {
	fs := foldScalars(points, scalars)
	maxBits := 0
	var sel []uint32
	for i, l := range fs.bitLen {
		if l != 0 {
			sel = append(sel, uint32(i))
			maxBits = max(maxBits, int(l))
		}
	}
	if maxBits == 0 {
		var inf Jacobian
		return *inf.SetInfinity()
	}
	p := msmPlan{bits: maxBits, c: c, windows: (maxBits + c) / c, chunks: chunks, affine: affine}
	return runGroup(points, fs, termGroup{sel: sel, plan: p}, 2, nil)
}

func TestMultiExpPlans(t *testing.T) {
	// Every digit width, both bucket kinds and several chunkings, on distinct
	// points with the edge scalars, full-width ones and small ones; the
	// largest bit length decides the windows, so each column also checks the
	// top window's reduced bucket count.
	rng := rand.New(rand.NewPCG(23, 24))
	const n = 200
	points := seqPoints(rng, n)
	columns := map[string][]scalar.Element{}
	for _, kind := range []string{"edges", "mixed", "small32", "tiny"} {
		for _, k := range scalarKinds {
			if k.name == kind {
				col := make([]scalar.Element, n)
				for i := range col {
					col[i] = k.gen(rng, i)
				}
				columns[kind] = col
			}
		}
	}
	for kind, scalars := range columns {
		want := naiveMSM(points, scalars)
		for c := 2; c <= maxWindowBits; c++ {
			for _, affine := range []bool{false, true} {
				for _, chunks := range []int{1, 3, 4} {
					got := msmWithPlan(points, scalars, c, chunks, affine)
					if !got.Equal(&want) {
						t.Fatalf("%s: c=%d affine=%v chunks=%d: differs from the naive sum", kind, c, affine, chunks)
					}
				}
			}
		}
	}
}

func TestAffineWindowSpecialCases(t *testing.T) {
	// Runs of one bucket (every scalar 1) built to hit each pair kind: equal
	// points (doubling), opposite points (∞), then ∞ meeting ∞, a point on
	// either side, and a bucket that cancels out entirely.
	rng := rand.New(rand.NewPCG(27, 28))
	p, q, r := randPoint(rng), randPoint(rng), randPoint(rng)
	var np, nq Affine
	np.Neg(&p)
	nq.Neg(&q)
	cases := []struct {
		name   string
		points []Affine
	}{
		{"double", []Affine{p, p}},
		{"double-twice", []Affine{p, p, p, p}},
		{"cancel", []Affine{p, np}},
		{"inf-inf", []Affine{p, np, q, nq}},
		{"inf-first", []Affine{p, np, q, r}},
		{"inf-second", []Affine{q, r, p, np}},
		{"odd-run", []Affine{r, p, np, q, q}},
		{"long", []Affine{p, p, np, q, r, nq, p, p, p, r, np, np, q}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			scalars := make([]scalar.Element, len(tc.points))
			for i := range scalars {
				scalars[i].SetOne()
			}
			want := naiveMSM(tc.points, scalars)
			for _, c := range []int{2, 5, 11} {
				got := msmWithPlan(tc.points, scalars, c, 1, true)
				if !got.Equal(&want) {
					t.Fatalf("c=%d: differs from the naive sum", c)
				}
			}
		})
	}
}

func TestAffineWindowReduce(t *testing.T) {
	// The lane reduction against the serial one, on bucket patterns that
	// make lane sums meet equal or opposite points: one bucket, equal
	// buckets, buckets cancelling in pairs, sparse and full ones.
	rng := rand.New(rand.NewPCG(37, 38))
	const maxNB = 1 << 14
	distinct := seqPoints(rng, maxNB+1)
	p := distinct[0]
	var np Affine
	np.Neg(&p)
	patterns := []struct {
		name   string
		bucket func(k, nb int) (Affine, bool)
	}{
		{"one", func(k, _ int) (Affine, bool) { return p, k == 7 }},
		{"top", func(k, nb int) (Affine, bool) { return p, k == nb }},
		{"equal", func(int, int) (Affine, bool) { return p, true }},
		{"cancel", func(k, _ int) (Affine, bool) {
			if k%2 == 0 {
				return np, true
			}
			return p, true
		}},
		{"sparse", func(k, _ int) (Affine, bool) { return distinct[k], k%97 == 3 }},
		{"full", func(k, _ int) (Affine, bool) { return distinct[k], true }},
	}
	for _, nb := range []int{minLaneBuckets, 1 << 11, maxNB} {
		for _, pat := range patterns {
			w := new(affineWindow)
			w.resize(nb, blockLen(nb))
			for k := 1; k <= nb; k++ {
				w.acc[k], w.has[k] = pat.bucket(k, nb)
			}
			want := w.reduceSerial(nb)
			if got := w.reduceLanes(nb); !got.Equal(&want) {
				t.Errorf("nb=%d %s: lane reduction differs from the serial one", nb, pat.name)
			}
		}
	}
}

func TestAffineWindowBlocks(t *testing.T) {
	// More terms than one block (blockLen) with few buckets and few distinct
	// points: bucket sums are carried across blocks, with doublings and
	// cancellations throughout.
	rng := rand.New(rand.NewPCG(25, 26))
	pool := []Affine{randPoint(rng), randPoint(rng), randPoint(rng)}
	const n = 20000
	in := newPooledInput(rng, pool, n)
	for i := range in.scalars {
		if i%5 == 0 {
			in.scalars[i].SetUint64(uint64(i % 3))
		} else {
			in.scalars[i] = smallSigned(rng, 12)
		}
	}
	want := in.want()
	for _, c := range []int{4, 8, 13} {
		if got := msmWithPlan(in.points, in.scalars, c, 1, true); !got.Equal(&want) {
			t.Fatalf("c=%d: batch-affine bucket method differs from the naive sum", c)
		}
	}
	if got, err := MultiExp(in.points, in.scalars); err != nil || !got.Equal(&want) {
		t.Fatalf("MultiExp differs from the naive sum (err %v)", err)
	}
}

func TestFoldScalars(t *testing.T) {
	var minusOne, minus2p32, twoP32 scalar.Element
	minusOne.SetOne().Neg(&minusOne)
	minus2p32.SetInt64(-(1 << 32))
	twoP32.SetUint64(1 << 32)
	halfBits := scalar.Modulus().BitLen() - 1 // (r-1)/2
	cases := []struct {
		name string
		s    scalar.Element
		mag  *big.Int
		neg  bool
	}{
		{"zero", scalar.Element{}, big.NewInt(0), false},
		{"one", scalar.One(), big.NewInt(1), false},
		{"minus-one", minusOne, big.NewInt(1), true},
		{"2^32", twoP32, big.NewInt(1 << 32), false},
		{"-2^32", minus2p32, big.NewInt(1 << 32), true},
		{"half", halfOrder(0), new(big.Int).Rsh(scalar.Modulus(), 1), false},
		{"half+1", halfOrder(1), new(big.Int).Rsh(scalar.Modulus(), 1), true},
		{"half-1", halfOrder(-1), new(big.Int).Sub(new(big.Int).Rsh(scalar.Modulus(), 1), big.NewInt(1)), false},
	}
	points := make([]Affine, len(cases))
	scalars := make([]scalar.Element, len(cases))
	for i, tc := range cases {
		points[i] = Generator()
		scalars[i] = tc.s
	}
	fs := foldScalars(points, scalars)
	for i, tc := range cases {
		k := fs.mag[i]
		neg := k[3]&signBit != 0
		k[3] &^= signBit
		got := new(big.Int)
		for l := 3; l >= 0; l-- {
			got.Lsh(got, 64).Or(got, new(big.Int).SetUint64(k[l]))
		}
		if got.Cmp(tc.mag) != 0 || neg != tc.neg || int(fs.bitLen[i]) != tc.mag.BitLen() {
			t.Errorf("%s: got |s| = %v neg %v bits %d, want %v neg %v bits %d",
				tc.name, got, neg, fs.bitLen[i], tc.mag, tc.neg, tc.mag.BitLen())
		}
		if tc.name == "half" && tc.mag.BitLen() != halfBits {
			t.Errorf("(r-1)/2 has %d bits, want %d", tc.mag.BitLen(), halfBits)
		}
	}
	// A point at infinity makes its term vanish whatever the scalar.
	fs = foldScalars([]Affine{{}}, []scalar.Element{minusOne})
	if fs.bitLen[0] != 0 || fs.hist[1] != 0 {
		t.Errorf("term with P = ∞ not dropped")
	}
}

func TestSignedDigits(t *testing.T) {
	// The digits recombine to ±|s|, lie in [-2^(c-1), 2^(c-1)], and the top
	// window's fit in the plan's reduced bucket count.
	rng := rand.New(rand.NewPCG(29, 30))
	var scalars []scalar.Element
	for _, k := range scalarKinds {
		for i := range 16 {
			scalars = append(scalars, k.gen(rng, i))
		}
	}
	points := make([]Affine, len(scalars))
	for i := range points {
		points[i] = Generator()
	}
	fs := foldScalars(points, scalars)
	for _, bitLen := range []int{254, 40, 3} {
		var sel []uint32
		for i, l := range fs.bitLen {
			if l != 0 && int(l) <= bitLen {
				sel = append(sel, uint32(i))
			}
		}
		for c := 2; c <= maxWindowBits; c++ {
			p := msmPlan{bits: bitLen, c: c, windows: (bitLen + c) / c}
			digits := signedDigits(fs, sel, c, p.windows, nil)
			m := len(sel)
			for j, i := range sel {
				sum := new(big.Int)
				for w := p.windows - 1; w >= 0; w-- {
					d := digits[w*m+j]
					if mag := int(max(d, -d)); mag > p.buckets(w) {
						t.Fatalf("bits %d c=%d: digit %d in window %d exceeds %d buckets", bitLen, c, d, w, p.buckets(w))
					}
					sum.Lsh(sum, uint(c)).Add(sum, big.NewInt(int64(d)))
				}
				var want scalar.Element
				want.SetBigInt(sum)
				if !want.Equal(&scalars[i]) {
					t.Fatalf("bits %d c=%d: digits of term %d recombine to %v", bitLen, c, i, sum)
				}
			}
		}
	}
}

func TestSplitTerms(t *testing.T) {
	// A column of small integers with a few full-width values is summed as
	// two groups; uniform columns as one.
	rng := rand.New(rand.NewPCG(33, 34))
	const n = 1 << 12
	points := make([]Affine, n)
	for i := range points {
		points[i] = Generator()
	}
	cases := []struct {
		kind   string
		groups int
	}{{"mixed", 2}, {"random", 1}, {"small32", 1}}
	for _, tc := range cases {
		for _, k := range scalarKinds {
			if k.name != tc.kind {
				continue
			}
			scalars := make([]scalar.Element, n)
			for i := range scalars {
				scalars[i] = k.gen(rng, i)
			}
			groups := splitTerms(foldScalars(points, scalars), 2, nil)
			if len(groups) != tc.groups {
				t.Errorf("%s: %d groups, want %d", tc.kind, len(groups), tc.groups)
			}
			total := 0
			for _, g := range groups {
				total += len(g.sel)
			}
			if total != n {
				t.Errorf("%s: groups hold %d terms, want %d", tc.kind, total, n)
			}
		}
	}
}

func TestBranchFreeFieldHelpers(t *testing.T) {
	// subBorrow+addModulusIf and setSigned against the field package, on
	// values at both ends of the field and random ones.
	rng := rand.New(rand.NewPCG(39, 40))
	var minusOne, two base.Element
	minusOne.SetOne().Neg(&minusOne)
	two.SetUint64(2)
	values := []base.Element{{}, base.One(), two, minusOne}
	for range 8 {
		p := randPoint(rng)
		values = append(values, p.X, p.Y)
	}
	for _, x := range values {
		for _, y := range values {
			var got, want base.Element
			addModulusIf(&got, subBorrow(&got, &x, &y))
			want.Sub(&x, &y)
			if !got.Equal(&want) || got.Bits() != want.Bits() {
				t.Fatalf("%v - %v: got %v, want %v", x.String(), y.String(), got.String(), want.String())
			}
		}
	}
	for range 8 {
		q := randPoint(rng)
		var pos, neg, want Affine
		setSigned(&pos, &q, 0)
		setSigned(&neg, &q, 1)
		want.Neg(&q)
		if !pos.Equal(&q) || !neg.Equal(&want) {
			t.Fatalf("setSigned: got %v / %v", pos, neg)
		}
	}
	// limbsOf: r rebuilt from its limbs.
	r := new(big.Int)
	for i := 3; i >= 0; i-- {
		r.Lsh(r, 64).Or(r, new(big.Int).SetUint64(scalarOrderLimbs[i]))
	}
	if r.Cmp(scalar.Modulus()) != 0 {
		t.Fatalf("limbsOf(r) = %v", r)
	}
}

func TestMultiExpLengthMismatch(t *testing.T) {
	_, err := MultiExp(make([]Affine, 2), make([]scalar.Element, 3))
	if !errors.Is(err, ErrMSMLength) {
		t.Fatalf("err = %v, want ErrMSMLength", err)
	}
}
