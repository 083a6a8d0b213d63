package prover

import (
	"context"
	"os"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/internal/procstat"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

// chainReps are repetitions of x = x*x + 7 giving domains 2^12, 2^14, 2^16
// (three generic gates per repetition, two per row).
var chainReps = []struct {
	log  int
	reps int
}{{12, 2720}, {14, 10900}, {16, 43600}}

func chainOutput(x0 int64, reps int) fp.Element {
	x, seven := felt(x0), felt(7)
	for range reps {
		x.Mul(&x, &x)
		x.Add(&x, &seven)
	}
	return x
}

func BenchmarkProveChain(b *testing.B) {
	s := loadSRS(b)
	for _, cr := range chainReps {
		b.Run("2^"+strconv.Itoa(cr.log), func(b *testing.B) {
			c := chainCircuit(b, cr.reps)
			ix, err := NewIndex(c, s, testOptions(b))
			if err != nil {
				b.Fatal(err)
			}
			if ix.DomainSize() != 1<<cr.log {
				b.Fatalf("domain %d", ix.DomainSize())
			}
			w, err := c.Witness([]fp.Element{chainOutput(5, cr.reps)}, []fp.Element{felt(5)})
			if err != nil {
				b.Fatal(err)
			}
			// One Prove first: later proves with the same index are what
			// is measured (the index fills its caches on the first one).
			if _, _, err := ix.Prove(w); err != nil {
				b.Fatal(err)
			}
			stop := startProveProfile(b, cr.log)
			b.ResetTimer()
			cpu0 := procstat.CPUTime()
			for range b.N {
				if _, _, err := ix.Prove(w); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric(float64((procstat.CPUTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
			stop()
			b.ReportMetric(procstat.MaxRSSMB(), "peakRSS-MB")
		})
	}
}

// startProveProfile starts a CPU profile of the Prove calls only (not the
// SRS load or NewIndex) when ZKML_PROVE_CPUPROFILE is set: the profile goes
// to that path with "-<log>" appended. It returns the function stopping it.
func startProveProfile(b *testing.B, log int) func() {
	path := os.Getenv("ZKML_PROVE_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path + "-" + strconv.Itoa(log))
	if err != nil {
		b.Fatal(err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		b.Fatal(err)
	}
	return func() {
		pprof.StopCPUProfile()
		if err := f.Close(); err != nil {
			b.Error(err)
		}
	}
}

// TestProveSpeedVsO1js measures, in one run, Go's prove time and o1js's
// (ZkFunction, native backend) for the same generic-gate chain circuits.
// Set ZKML_BENCH=1 (takes minutes); ZKML_BENCH_LOGS=12,14 limits sizes.
func TestProveSpeedVsO1js(t *testing.T) {
	if os.Getenv("ZKML_BENCH") == "" {
		t.Skip("set ZKML_BENCH=1 to run the prover benchmark against o1js")
	}
	oracle.RequireNode(t)
	s := loadSRS(t)
	logs := os.Getenv("ZKML_BENCH_LOGS")
	for _, cr := range chainReps {
		if logs != "" && !strings.Contains(logs, strconv.Itoa(cr.log)) {
			continue
		}
		c := chainCircuit(t, cr.reps)
		t0 := time.Now()
		ix, err := NewIndex(c, s, testOptions(t))
		if err != nil {
			t.Fatal(err)
		}
		indexTime := time.Since(t0)
		if ix.DomainSize() != 1<<cr.log {
			t.Fatalf("domain %d, want 2^%d", ix.DomainSize(), cr.log)
		}
		out := chainOutput(5, cr.reps)
		w, err := c.Witness([]fp.Element{out}, []fp.Element{felt(5)})
		if err != nil {
			t.Fatal(err)
		}
		const runs = 2
		var best time.Duration
		for i := range runs {
			runtime.GC()
			t1 := time.Now()
			if _, _, err := ix.Prove(w); err != nil {
				t.Fatal(err)
			}
			if d := time.Since(t1); i == 0 || d < best {
				best = d
			}
		}
		goPeak := procstat.MaxRSSMB()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
		var o struct {
			VK        string    `json:"vk"`
			CompileMs float64   `json:"compileMs"`
			ProveMs   []float64 `json:"proveMs"`
			RssMB     float64   `json:"rssMB"`
		}
		err = oracle.Run(ctx, "o1js-kimchi.mjs", map[string]any{
			"cmd": "bench", "circuit": "chain", "reps": cr.reps, "backend": "native",
			"public": out.String(), "private": "5", "runs": runs,
		}, &o)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		o1 := o.ProveMs[0]
		for _, m := range o.ProveMs {
			o1 = min(o1, m)
		}
		goMs := float64(best.Microseconds()) / 1000
		t.Logf("2^%d: go index %.0f ms, go prove %.0f ms (peak RSS %.0f MB); o1js native prove %.0f ms (RSS %.0f MB); speed-up %.2fx",
			cr.log, float64(indexTime.Milliseconds()), goMs, goPeak, o1, o.RssMB, o1/goMs)
	}
}
