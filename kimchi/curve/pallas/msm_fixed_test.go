package pallas

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	scalar "github.com/zkml-mina/zkml/kimchi/field/fq"
)

// fixedModes are the ways the tests run FixedBases.MultiExp.
var fixedModes = []struct {
	name string
	mode fixedMode
}{{"auto", fixedAuto}, {"table", fixedTable}, {"plain", fixedPlain}}

// subInput returns the terms [off, off+n) of in, with the given scalars.
func (in *pooledInput) subInput(off, n int, scalars []scalar.Element) *pooledInput {
	return &pooledInput{pool: in.pool, which: in.which[off : off+n], negated: in.negated[off : off+n],
		points: in.points[off : off+n], scalars: scalars}
}

func TestFixedBasesMatchesPooled(t *testing.T) {
	// Table points drawn from a pool (repeated, negated, every 13th at ∞),
	// every scalar kind, offsets at the start, middle and end of the table:
	// the table method, the plain one and the automatic choice all equal
	// the pooled naive sum and MultiExp.
	rng := rand.New(rand.NewPCG(51, 52))
	pool := make([]Affine, 48)
	for i := range pool {
		pool[i] = randPoint(rng)
	}
	const length = 5000 + 61
	all := newPooledInput(rng, pool, length)
	fb, err := NewFixedBases(all.points)
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range scalarKinds {
		for _, n := range []int{0, 1, 2, 3, 100, 1000, 5000} {
			scalars := make([]scalar.Element, n)
			for i := range scalars {
				scalars[i] = kind.gen(rng, i)
			}
			for _, off := range []int{0, (length - n) / 2, length - n} {
				t.Run(fmt.Sprintf("%s/%d/off=%d", kind.name, n, off), func(t *testing.T) {
					in := all.subInput(off, n, scalars)
					want := in.want()
					plain, err := MultiExp(in.points, scalars)
					if err != nil || !plain.Equal(&want) {
						t.Fatalf("MultiExp differs from the pooled naive sum (err %v)", err)
					}
					for _, md := range fixedModes {
						got, err := fb.multiExp(off, scalars, md.mode)
						if err != nil {
							t.Fatalf("%s: %v", md.name, err)
						}
						if !got.Equal(&want) {
							t.Fatalf("%s: differs from the naive sum", md.name)
						}
					}
				})
			}
		}
	}
}

func TestFixedBasesMatchesNaive(t *testing.T) {
	// Distinct points with some at ∞, every scalar kind, against naiveMSM
	// and MultiExp, at every offset kind.
	rng := rand.New(rand.NewPCG(53, 54))
	const length = 1000 + 23
	points := seqPoints(rng, length)
	for i := 5; i < length; i += 37 {
		points[i] = Affine{}
	}
	fb, err := NewFixedBases(points)
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range scalarKinds {
		for _, n := range []int{0, 1, 2, 3, 100, 1000} {
			scalars := make([]scalar.Element, n)
			for i := range scalars {
				scalars[i] = kind.gen(rng, i)
			}
			for _, off := range []int{0, (length - n) / 2, length - n} {
				t.Run(fmt.Sprintf("%s/%d/off=%d", kind.name, n, off), func(t *testing.T) {
					pts := points[off : off+n]
					want := naiveMSM(pts, scalars)
					plain, err := MultiExp(pts, scalars)
					if err != nil || !plain.Equal(&want) {
						t.Fatalf("MultiExp differs from the naive sum (err %v)", err)
					}
					for _, md := range fixedModes {
						got, err := fb.multiExp(off, scalars, md.mode)
						if err != nil {
							t.Fatalf("%s: %v", md.name, err)
						}
						if !got.Equal(&want) || !got.IsOnCurve() {
							t.Fatalf("%s: differs from the naive sum", md.name)
						}
					}
				})
			}
		}
	}
}

func TestFixedBasesWindowBits(t *testing.T) {
	// Every digit width: the table rows are 2^(c·w)·P, and the table method
	// matches the pooled naive sum on edge, mixed and small scalars.
	rng := rand.New(rand.NewPCG(55, 56))
	pool := make([]Affine, 16)
	for i := range pool {
		pool[i] = randPoint(rng)
	}
	const n = 600
	in := newPooledInput(rng, pool, n)
	for c := 2; c <= maxWindowBits; c++ {
		fb, err := newFixedBases(in.points, c)
		if err != nil {
			t.Fatal(err)
		}
		if want := (fixedMaxBits + c) / c; fb.windows != want || fb.MemoryBytes() != want*n*64 || fb.Len() != n {
			t.Fatalf("c=%d: %d windows, %d bytes, len %d", c, fb.windows, fb.MemoryBytes(), fb.Len())
		}
		for _, i := range []int{0, 1, 12, n - 1} {
			var q Jacobian
			q.FromAffine(&in.points[i])
			for w := range fb.windows {
				var got Jacobian
				got.FromAffine(&fb.tab[w*n+i])
				if !got.Equal(&q) {
					t.Fatalf("c=%d: table[%d][%d] ≠ 2^(c·w)·P", c, w, i)
				}
				for range c {
					q.Double(&q)
				}
			}
		}
		for _, kind := range []string{"edges", "mixed", "small32", "tiny", "random"} {
			scalars := make([]scalar.Element, n)
			for _, k := range scalarKinds {
				if k.name == kind {
					for i := range scalars {
						scalars[i] = k.gen(rng, i)
					}
				}
			}
			want := in.subInput(0, n, scalars).want()
			if got, err := fb.multiExp(0, scalars, fixedTable); err != nil || !got.Equal(&want) {
				t.Fatalf("c=%d %s: differs from the naive sum (err %v)", c, kind, err)
			}
		}
	}
}

func TestFixedBasesErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(57, 58))
	points := seqPoints(rng, 10)
	fb, err := NewFixedBases(points)
	if err != nil {
		t.Fatal(err)
	}
	if fb.Len() != 10 {
		t.Fatalf("Len = %d", fb.Len())
	}
	for _, tc := range []struct {
		name   string
		offset int
		n      int
	}{
		{"too-long", 0, 11},
		{"past-end", 5, 6},
		{"offset-past-end", 11, 0},
		{"negative-offset", -1, 3},
		{"negative-offset-empty", -1, 0},
	} {
		_, err := fb.MultiExp(tc.offset, make([]scalar.Element, tc.n))
		if !errors.Is(err, ErrMSMLength) {
			t.Errorf("%s: err = %v, want ErrMSMLength", tc.name, err)
		}
	}
	for _, tc := range []struct{ offset, n int }{{10, 0}, {0, 10}, {4, 6}, {0, 0}} {
		got, err := fb.MultiExp(tc.offset, make([]scalar.Element, tc.n))
		if err != nil || !got.IsInfinity() {
			t.Errorf("offset %d, %d zero scalars: %v, err %v", tc.offset, tc.n, got, err)
		}
	}
	// Empty table.
	empty, err := NewFixedBases(nil)
	if err != nil || empty.Len() != 0 || empty.MemoryBytes() != 0 {
		t.Fatalf("empty table: %v", err)
	}
	if got, err := empty.MultiExp(0, nil); err != nil || !got.IsInfinity() {
		t.Fatalf("empty table: %v, err %v", got, err)
	}
	// A point off the curve.
	bad := append([]Affine(nil), points...)
	bad[7].X.SetUint64(3)
	bad[7].Y.SetUint64(4)
	if _, err := NewFixedBases(bad); !errors.Is(err, ErrPointNotOnCurve) {
		t.Fatalf("off-curve point: err = %v, want ErrPointNotOnCurve", err)
	}
}

func TestFixedBasesConcurrent(t *testing.T) {
	// MultiExps at once on one table, over different ranges and columns.
	rng := rand.New(rand.NewPCG(59, 60))
	const n = 3000
	points := seqPoints(rng, n)
	fb, err := NewFixedBases(points)
	if err != nil {
		t.Fatal(err)
	}
	type job struct {
		off     int
		scalars []scalar.Element
		want    Jacobian
	}
	var jobs []job
	for i, kind := range []string{"random", "small32", "mixed", "zeros-repeats"} {
		for _, k := range scalarKinds {
			if k.name != kind {
				continue
			}
			off, m := 100*i, n-300*i
			scalars := make([]scalar.Element, m)
			for j := range scalars {
				scalars[j] = k.gen(rng, j)
			}
			want, err := MultiExp(points[off:off+m], scalars)
			if err != nil {
				t.Fatal(err)
			}
			jobs = append(jobs, job{off, scalars, want})
		}
	}
	var wg sync.WaitGroup
	errs := make(chan error, 4*len(jobs))
	for range 4 {
		for _, j := range jobs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got, err := fb.multiExp(j.off, j.scalars, fixedTable)
				if err == nil && !got.Equal(&j.want) {
					err = fmt.Errorf("offset %d: differs from MultiExp", j.off)
				}
				if err != nil {
					errs <- err
				}
			}()
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestFixedBasesPlan(t *testing.T) {
	// The cost model sends full-width columns of the table's size to the
	// table; few terms and columns of small integers (with or without a
	// few full-width values) to the plain MultiExp. The digit width does
	// not shrink as the table grows.
	rng := rand.New(rand.NewPCG(63, 64))
	column := func(n int, gen func(i int) scalar.Element) []scalar.Element {
		scs := make([]scalar.Element, n)
		for i := range scs {
			scs[i] = gen(i)
		}
		return scs
	}
	random := func(int) scalar.Element { return randScalar(rng) }
	small32 := func(int) scalar.Element { return smallSigned(rng, 32) }
	mixed32 := func(i int) scalar.Element {
		if i%97 == 5 {
			return randScalar(rng)
		}
		return smallSigned(rng, 32)
	}
	cases := []struct {
		name  string
		n     int
		gen   func(int) scalar.Element
		table bool
	}{
		{"random/2^12", 1 << 12, random, true},
		{"random/2^14", 1 << 14, random, true},
		{"random/2^16", 1 << 16, random, true},
		{"random/2", 2, random, false},
		{"random/100", 100, random, false},
		{"small32/2^16", 1 << 16, small32, false},
		{"mixed32/2^16", 1 << 16, mixed32, false},
	}
	for _, tc := range cases {
		points := make([]Affine, tc.n)
		for i := range points {
			points[i] = Generator()
		}
		fs := foldScalars(points, column(tc.n, tc.gen))
		c := fixedWindowBits(max(tc.n, 1<<12), 2)
		got := tableCheaper(planFixed(&fs.hist, c, 2), splitTerms(fs, 2, nil))
		if got != tc.table {
			t.Errorf("%s: table chosen %v, want %v", tc.name, got, tc.table)
		}
	}
	for logN := 10; logN < 20; logN++ {
		if fixedWindowBits(1<<logN, 2) > fixedWindowBits(1<<(logN+1), 2) {
			t.Errorf("digit width shrinks from 2^%d to 2^%d points", logN, logN+1)
		}
	}
}

func TestFixedBasesAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(61, 62))
	const n = 1 << 12
	fb, err := NewFixedBases(seqPoints(rng, n))
	if err != nil {
		t.Fatal(err)
	}
	scalars := make([]scalar.Element, n)
	for i := range scalars {
		scalars[i] = randScalar(rng)
	}
	allocs := testing.AllocsPerRun(5, func() {
		if _, err := fb.multiExp(0, scalars, fixedTable); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 16 {
		t.Errorf("%v allocations per MultiExp", allocs)
	}
	t.Logf("%v allocations per MultiExp", allocs)
}
