package pallas

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/zkml-mina/zkml/internal/procstat"
	scalar "github.com/zkml-mina/zkml/kimchi/field/fq"
)

// This file is copied to vesta with the rest of the package, unlike
// bench_test.go, so it carries its own column generator and CPU timer.

// fixedBenchKinds are BenchmarkMultiExp's scalar columns (bench_test.go's
// benchKinds): uniform field elements; "ml32", uniform signed integers
// with |x| < 2^32; "sparse", half zeros and the rest drawn from 64 signed
// integers with |x| < 2^16.
var fixedBenchKinds = []string{"random", "ml32", "sparse"}

func fixedBenchScalars(rng *rand.Rand, kind string, n int) []scalar.Element {
	scs := make([]scalar.Element, n)
	switch kind {
	case "random":
		for i := range scs {
			scs[i] = randScalar(rng)
		}
	case "ml32":
		for i := range scs {
			scs[i] = smallSigned(rng, 32)
		}
	case "sparse":
		var values [64]scalar.Element
		for i := range values {
			values[i] = smallSigned(rng, 16)
		}
		for i := 1; i < n; i += 2 {
			scs[i] = values[rng.IntN(len(values))]
		}
	default:
		panic("unknown scalar kind " + kind)
	}
	return scs
}

// fixedLoopWithCPU runs f b.N times and reports the process CPU time per
// operation besides ns/op.
func fixedLoopWithCPU(b *testing.B, f func()) {
	start := procstat.CPUTime()
	for b.Loop() {
		f()
	}
	b.ReportMetric(float64(procstat.CPUTime()-start)/float64(b.N), "cpu-ns/op")
}

// BenchmarkFixedBases compares FixedBases.MultiExp ("fixed", over a table
// of exactly the MSM's points) with MultiExp ("plain") in the same run, per
// size and scalar kind; "table" forces the table method where "fixed"
// would fall back to MultiExp. "build" times NewFixedBases and reports the
// chosen digit width and the table's size.
func BenchmarkFixedBases(b *testing.B) {
	const maxLog = 16
	pts := seqPoints(rand.New(rand.NewPCG(41, 42)), 1<<maxLog)
	rng := rand.New(rand.NewPCG(43, 44))
	cols := map[string][]scalar.Element{}
	for _, kind := range fixedBenchKinds {
		cols[kind] = fixedBenchScalars(rng, kind, 1<<maxLog)
	}
	for _, logN := range []int{12, 14, 16} {
		n := 1 << logN
		var fb *FixedBases
		b.Run(fmt.Sprintf("build/2^%d", logN), func(b *testing.B) {
			fixedLoopWithCPU(b, func() {
				var err error
				if fb, err = NewFixedBases(pts[:n]); err != nil {
					b.Fatal(err)
				}
			})
			b.ReportMetric(float64(fb.c), "c")
			b.ReportMetric(float64(fb.MemoryBytes())/(1<<20), "MiB")
		})
		if fb == nil { // build filtered out by -bench
			var err error
			if fb, err = NewFixedBases(pts[:n]); err != nil {
				b.Fatal(err)
			}
		}
		for _, kind := range fixedBenchKinds {
			scs := cols[kind][:n]
			for _, impl := range []struct {
				name string
				f    func() (Jacobian, error)
			}{
				{"fixed", func() (Jacobian, error) { return fb.MultiExp(0, scs) }},
				{"table", func() (Jacobian, error) { return fb.multiExp(0, scs, fixedTable) }},
				{"plain", func() (Jacobian, error) { return MultiExp(pts[:n], scs) }},
			} {
				b.Run(fmt.Sprintf("%s/2^%d/%s", kind, logN, impl.name), func(b *testing.B) {
					b.ReportAllocs()
					fixedLoopWithCPU(b, func() {
						if _, err := impl.f(); err != nil {
							b.Fatal(err)
						}
					})
				})
			}
		}
	}
}

// BenchmarkFixedBasesWindowBits times the table method at each digit width
// (forced, whatever the cost model says), to check fixedWindowBits.
func BenchmarkFixedBasesWindowBits(b *testing.B) {
	const maxLog = 16
	pts := seqPoints(rand.New(rand.NewPCG(41, 42)), 1<<maxLog)
	rng := rand.New(rand.NewPCG(43, 44))
	cols := map[string][]scalar.Element{}
	for _, kind := range fixedBenchKinds {
		cols[kind] = fixedBenchScalars(rng, kind, 1<<maxLog)
	}
	for _, logN := range []int{12, 14, 16} {
		n := 1 << logN
		for c := 11; c <= maxWindowBits; c++ {
			fb, err := newFixedBases(pts[:n], c)
			if err != nil {
				b.Fatal(err)
			}
			for _, kind := range fixedBenchKinds {
				scs := cols[kind][:n]
				b.Run(fmt.Sprintf("%s/2^%d/c=%d", kind, logN, c), func(b *testing.B) {
					fixedLoopWithCPU(b, func() {
						if _, err := fb.multiExp(0, scs, fixedTable); err != nil {
							b.Fatal(err)
						}
					})
				})
			}
		}
	}
}
