package prover

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/internal/procstat"
	"github.com/zkml-mina/zkml/kimchi/circuit"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/srs"
	"github.com/zkml-mina/zkml/kimchi/vk"
	"github.com/zkml-mina/zkml/kimchi/wire"
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

// BenchmarkProveChain proves the chain circuits with each of srsModes
// (sub-benchmarks 2^k/domain-srs and 2^k/o1js-srs; one at 2^16).
func BenchmarkProveChain(b *testing.B) {
	full := loadSRS(b)
	for _, cr := range chainReps {
		for _, cs := range chainSRSs(b, full, cr.log) {
			name := "2^" + strconv.Itoa(cr.log) + "/" + strings.ReplaceAll(cs.mode, " ", "-")
			b.Run(name, func(b *testing.B) { benchProveChain(b, cs.s, cr.log, cr.reps) })
		}
	}
}

// chainSRS is an SRS a chain circuit is proved with, and its srsModes name.
type chainSRS struct {
	mode string
	s    *srs.Vesta
}

// chainSRSs returns the SRSs of srsModes for the domain 2^log that full
// holds, each once (at 2^16 both modes are full itself).
func chainSRSs(tb testing.TB, full *srs.Vesta, log int) []chainSRS {
	var out []chainSRS
	for _, m := range srsModes {
		depth := m.depth(log)
		if depth > len(full.G) || (len(out) > 0 && depth == len(out[0].s.G)) {
			continue
		}
		s, err := full.Prefix(depth)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, chainSRS{m.name, s})
	}
	return out
}

// warmIndex builds c's index over s with fixed-base tables and proves w
// twice: the index fills its caches on its first two proves, so later ones
// are what the benchmarks measure. It returns NewIndex's time too.
func warmIndex(tb testing.TB, c *circuit.Circuit, s *srs.Vesta, w [circuit.Columns][]fp.Element) (*Index, time.Duration) {
	tb.Helper()
	opts := testOptions(tb)
	opts.BaseTables = true
	t0 := time.Now()
	ix, err := NewIndex(c, s, opts)
	if err != nil {
		tb.Fatal(err)
	}
	built := time.Since(t0)
	for range 2 {
		if _, _, err := ix.Prove(w); err != nil {
			tb.Fatal(err)
		}
	}
	return ix, built
}

func benchProveChain(b *testing.B, s *srs.Vesta, log, reps int) {
	c := chainCircuit(b, reps)
	w, err := c.Witness([]fp.Element{chainOutput(5, reps)}, []fp.Element{felt(5)})
	if err != nil {
		b.Fatal(err)
	}
	ix, _ := warmIndex(b, c, s, w)
	if ix.DomainSize() != 1<<log {
		b.Fatalf("domain %d", ix.DomainSize())
	}
	out := chainOutput(5, reps)
	stop := startProveProfile(b)
	b.ResetTimer()
	cpu0 := procstat.CPUTime()
	for range b.N {
		if _, _, err := proveChain(c, ix, out); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64((procstat.CPUTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/op")
	stop()
	b.ReportMetric(procstat.MaxRSSMB(), "peakRSS-MB")
}

// proveChain generates the chain circuit's witness for the input 5 and
// output out and proves it: what o1js's ZkFunction prove does, so both
// sides time the same work.
func proveChain(c *circuit.Circuit, ix *Index, out fp.Element) (*wire.ProverProof, []wire.Scalar, error) {
	w, err := c.Witness([]fp.Element{out}, []fp.Element{felt(5)})
	if err != nil {
		return nil, nil, err
	}
	return ix.Prove(w)
}

// startProveProfile starts a CPU profile of the Prove calls only (not the
// SRS load or NewIndex) when ZKML_PROVE_CPUPROFILE is set: the profile goes
// to that path with "-<log>-<srs mode>" appended (e.g. -2_12-domain-SRS). It
// returns the function stopping it.
func startProveProfile(b *testing.B) func() {
	path := os.Getenv("ZKML_PROVE_CPUPROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path + "-" + strings.NewReplacer("/", "-", "^", "_").Replace(strings.TrimPrefix(b.Name(), "BenchmarkProveChain/")))
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

// srsModes are the two SRS sizes a chain circuit is proved with: o1js's
// 2^16 SRS (the verifier index is byte-identical to what o1js compiles) and
// the domain's own size (the SRS's first n points; o1js still verifies the
// proofs, only max_poly_size differs). At 2^16 the two are the same.
var srsModes = []struct {
	name  string
	depth func(log int) int
}{
	{"domain SRS", func(log int) int { return 1 << log }},
	{"o1js SRS", func(log int) int { return 1 << max(log, 16) }},
}

// speedRun is one interleaved measurement of TestProveSpeedVsO1js: Go's
// and o1js's proves of one chain circuit, taking turns.
type speedRun struct {
	mode    string
	index   time.Duration   // NewIndex, fixed-base tables included
	goProve []time.Duration // per round
	goCPU   []time.Duration // CPU time per round
	peakMB  float64         // Go's peak RSS over index, warm-up and timed proves
	item    verifyItem      // the last Go proof, for o1js to verify

	o1jsCompileMs float64
	o1jsProveMs   []float64 // per round
	o1jsRssMB     float64
}

// speedRounds is the number of timed proves on each side.
const speedRounds = 3

// TestProveSpeedVsO1js measures, in one run, Go's prove time and o1js's
// (ZkFunction, native backend) for the same generic-gate chain circuits,
// and has o1js verify the Go proofs it timed. Go proves with both srsModes
// (index with fixed-base tables, two warm-up proves that fill its caches),
// o1js after one warm-up prove. The timed proves take turns (Go, o1js, Go,
// o1js, ...; the idle side waits), so that a machine whose speed drifts
// over minutes slows both alike: the log gives each round's ratio besides
// the best-of ratio. Set ZKML_BENCH=1 (takes minutes); ZKML_BENCH_LOGS=12,14
// limits sizes.
func TestProveSpeedVsO1js(t *testing.T) {
	if os.Getenv("ZKML_BENCH") == "" {
		t.Skip("set ZKML_BENCH=1 to run the prover benchmark against o1js")
	}
	oracle.RequireNode(t)
	full := loadSRS(t)
	logs := os.Getenv("ZKML_BENCH_LOGS")
	for _, cr := range chainReps {
		if logs != "" && !strings.Contains(logs, strconv.Itoa(cr.log)) {
			continue
		}
		c := chainCircuit(t, cr.reps)
		out := chainOutput(5, cr.reps)
		w, err := c.Witness([]fp.Element{out}, []fp.Element{felt(5)})
		if err != nil {
			t.Fatal(err)
		}
		var runs []speedRun
		for _, cs := range chainSRSs(t, full, cr.log) {
			r := proveChainInterleaved(t, c, cs.s, w, out, cr.reps)
			r.mode = cs.mode
			runs = append(runs, r)
		}
		items := make([]verifyItem, len(runs))
		for i, r := range runs {
			items[i] = r.item
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
		var v struct {
			Results []bool   `json:"results"`
			Errors  []string `json:"errors"`
		}
		err = oracle.Run(ctx, "o1js-kimchi.mjs", map[string]any{"cmd": "verify", "items": items}, &v)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range runs {
			ok := i < len(v.Results) && v.Results[i]
			if !ok {
				t.Errorf("2^%d, %s: o1js does not verify the Go proof (%v)", cr.log, r.mode, v.Errors)
			}
			goBest, o1Best := slices.Min(r.goProve), slices.Min(r.o1jsProveMs)
			goMs := float64(goBest.Microseconds()) / 1000
			cpu := r.goCPU[slices.Index(r.goProve, goBest)]
			ratios := make([]string, len(r.goProve))
			for j, d := range r.goProve {
				ratios[j] = fmt.Sprintf("%.0f/%.0f ms = %.2fx", r.o1jsProveMs[j], float64(d.Microseconds())/1000,
					r.o1jsProveMs[j]*1000/float64(d.Microseconds()))
			}
			t.Logf("2^%d, %s: go index %.0f ms, prove %.0f ms (CPU %.0f ms, peak RSS %.0f MB), o1js verifies it: %v; "+
				"o1js native compile %.0f ms, prove %.0f ms (RSS %.0f MB); speed-up %.2fx (best of %d each); rounds (o1js/go): %s",
				cr.log, r.mode, float64(r.index.Milliseconds()), goMs, float64(cpu.Microseconds())/1000, r.peakMB,
				ok, r.o1jsCompileMs, o1Best, r.o1jsRssMB, o1Best/goMs, speedRounds, strings.Join(ratios, ", "))
		}
	}
}

// proveChainInterleaved warms up an index of c over s (warmIndex, proving
// w), starts o1js's bench of the same circuit and then alternates: one
// timed Go proveChain (witness generation included, as in o1js's prove),
// one timed o1js prove, speedRounds times.
func proveChainInterleaved(t *testing.T, c *circuit.Circuit, s *srs.Vesta, w [circuit.Columns][]fp.Element, out fp.Element, reps int) speedRun {
	t.Helper()
	runtime.GC()
	if err := procstat.ResetPeakRSS(); err != nil {
		t.Log(err)
	}
	ix, built := warmIndex(t, c, s, w)
	r := speedRun{index: built}

	dir := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	type bench struct {
		CompileMs float64   `json:"compileMs"`
		ProveMs   []float64 `json:"proveMs"`
		RssMB     float64   `json:"rssMB"`
	}
	done := make(chan error, 1)
	var o bench
	go func() {
		done <- oracle.Run(ctx, "o1js-kimchi.mjs", map[string]any{
			"cmd": "bench", "circuit": "chain", "reps": reps, "backend": "native",
			"public": out.String(), "private": "5", "runs": speedRounds, "sync": dir,
		}, &o)
	}()
	exited := false
	wait := func(name string) {
		for {
			if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
				return
			}
			select {
			case err := <-done:
				exited = true
				t.Fatalf("o1js bench ended before %s: %v", name, err)
			case <-time.After(10 * time.Millisecond):
			}
		}
	}
	wait("ready")
	for i := range speedRounds {
		runtime.GC()
		cpu0, t0 := procstat.CPUTime(), time.Now()
		p, pub, err := proveChain(c, ix, out)
		if err != nil {
			t.Fatal(err)
		}
		r.goProve = append(r.goProve, time.Since(t0))
		r.goCPU = append(r.goCPU, procstat.CPUTime()-cpu0)
		if i == speedRounds-1 {
			r.peakMB = procstat.MaxRSSMB()
			key, err := vk.EncodeString(ix.VerifierIndex())
			if err != nil {
				t.Fatal(err)
			}
			pj, err := vk.EncodeProof(p, pub)
			if err != nil {
				t.Fatal(err)
			}
			r.item.VK, r.item.Proof = key, pj
		}
		if err := os.WriteFile(filepath.Join(dir, "go-"+strconv.Itoa(i)), nil, 0o644); err != nil {
			t.Fatal(err)
		}
		wait("done-" + strconv.Itoa(i))
	}
	if !exited {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if len(o.ProveMs) != speedRounds {
		t.Fatalf("o1js bench: %d proves, want %d", len(o.ProveMs), speedRounds)
	}
	r.o1jsCompileMs, r.o1jsProveMs, r.o1jsRssMB = o.CompileMs, o.ProveMs, o.RssMB
	return r
}
