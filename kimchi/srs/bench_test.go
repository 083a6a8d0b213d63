package srs

import (
	"fmt"
	"testing"

	"github.com/zkml-mina/zkml/internal/procstat"
)

func BenchmarkCreate(b *testing.B) {
	const depth = 1 << 16
	b.Run("pallas/2^16", func(b *testing.B) {
		for b.Loop() {
			if _, err := CreatePallas(depth); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("vesta/2^16", func(b *testing.B) {
		for b.Loop() {
			if _, err := CreateVesta(depth); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkLagrangeBasis times the batch-affine LagrangeBasis ("new") and
// the reference Jacobian implementation ("old") on a Pallas SRS of depth
// 2^16, alternating the two at each size so that both see the same load.
// cpu-ns/op (CPU time of all cores) is less sensitive than ns/op to other
// processes on a shared machine.
func BenchmarkLagrangeBasis(b *testing.B) {
	s, err := CreatePallas(1 << 16)
	if err != nil {
		b.Fatal(err)
	}
	impls := []struct {
		name  string
		basis func(n int) error
	}{
		{"new", func(n int) error { _, err := s.LagrangeBasis(n); return err }},
		{"old", func(n int) error { _, err := refLagrangeBasisPallas(s, n); return err }},
	}
	for _, logN := range []int{12, 14, 16} {
		for _, impl := range impls {
			b.Run(fmt.Sprintf("pallas/2^%d/%s", logN, impl.name), func(b *testing.B) {
				start := procstat.CPUTime()
				for b.Loop() {
					if err := impl.basis(1 << logN); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(procstat.CPUTime()-start)/float64(b.N), "cpu-ns/op")
			})
		}
	}
}
