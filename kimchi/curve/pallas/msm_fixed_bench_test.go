package pallas

import (
	"fmt"
	"math/rand/v2"
	"testing"

	scalar "github.com/zkml-mina/zkml/kimchi/field/fq"
)

// fixedBenchInputs returns 2^maxLog points and, per benchKinds kind, as
// many scalars.
func fixedBenchInputs(maxLog int) ([]Affine, map[string][]scalar.Element) {
	rng := rand.New(rand.NewPCG(43, 44))
	cols := map[string][]scalar.Element{}
	for _, kind := range benchKinds {
		cols[kind] = benchScalars(rng, kind, 1<<maxLog)
	}
	return benchPoints(1 << maxLog), cols
}

// BenchmarkFixedBases compares FixedBases.MultiExp ("fixed", over a table
// of exactly the MSM's points) with MultiExp ("plain") in the same run, per
// size and scalar kind; "table" forces the table method where "fixed"
// would fall back to MultiExp. "build" times NewFixedBases and reports the
// chosen digit width and the table's size.
func BenchmarkFixedBases(b *testing.B) {
	pts, cols := fixedBenchInputs(16)
	for _, logN := range []int{12, 14, 16} {
		n := 1 << logN
		var fb *FixedBases
		b.Run(fmt.Sprintf("build/2^%d", logN), func(b *testing.B) {
			loopWithCPU(b, func() {
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
		for _, kind := range benchKinds {
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
					loopWithCPU(b, func() {
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
	pts, cols := fixedBenchInputs(16)
	for _, logN := range []int{12, 14, 16} {
		n := 1 << logN
		for c := 11; c <= maxWindowBits; c++ {
			fb, err := newFixedBases(pts[:n], c)
			if err != nil {
				b.Fatal(err)
			}
			for _, kind := range benchKinds {
				scs := cols[kind][:n]
				b.Run(fmt.Sprintf("%s/2^%d/c=%d", kind, logN, c), func(b *testing.B) {
					loopWithCPU(b, func() {
						if _, err := fb.multiExp(0, scs, fixedTable); err != nil {
							b.Fatal(err)
						}
					})
				})
			}
		}
	}
}
