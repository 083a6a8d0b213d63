package pallas

import (
	"math/rand/v2"
	"testing"

	"github.com/zkml-mina/zkml/internal/procstat"
	scalar "github.com/zkml-mina/zkml/kimchi/field/fq"
)

// Benchmark helpers shared by bench_test.go (pallas only) and the
// benchmarks the generator copies to vesta (msm_fixed_bench_test.go).

// benchPoints returns n distinct points P, P+G, P+2G, … in affine form.
func benchPoints(n int) []Affine {
	return seqPoints(rand.New(rand.NewPCG(41, 42)), n)
}

// benchKinds are BenchmarkMultiExp's scalar columns: uniform field
// elements; "ml32", ML-like witness values, uniform signed integers with
// |x| < 2^32 (negatives as r - |x|); "sparse", half zeros and the rest
// drawn from 64 signed integers with |x| < 2^16.
var benchKinds = []string{"random", "ml32", "sparse"}

// benchScalars returns n scalars of the given kind: a benchKinds name or a
// scalarKinds one.
func benchScalars(rng *rand.Rand, kind string, n int) []scalar.Element {
	scs := make([]scalar.Element, n)
	switch kind {
	case "ml32":
		kind = "small32"
	case "sparse":
		var values [64]scalar.Element
		for i := range values {
			values[i] = smallSigned(rng, 16)
		}
		for i := 1; i < n; i += 2 {
			scs[i] = values[rng.IntN(len(values))]
		}
		return scs
	}
	for _, k := range scalarKinds {
		if k.name == kind {
			for i := range scs {
				scs[i] = k.gen(rng, i)
			}
			return scs
		}
	}
	panic("unknown scalar kind " + kind)
}

// loopWithCPU runs f b.N times and reports, besides ns/op, the process CPU
// time per operation: on a machine shared with other jobs it moves less
// than wall time.
func loopWithCPU(b *testing.B, f func()) {
	start := procstat.CPUTime()
	for b.Loop() {
		f()
	}
	b.ReportMetric(float64(procstat.CPUTime()-start)/float64(b.N), "cpu-ns/op")
}
