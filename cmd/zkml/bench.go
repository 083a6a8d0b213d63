package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/zkml-mina/zkml/examples"
	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/internal/procstat"
	"github.com/zkml-mina/zkml/onnx/samples"
	"github.com/zkml-mina/zkml/pipeline"
)

// benchRow is one model's measurements.
type benchRow struct {
	Model          string  `json:"model"`
	Rows           int     `json:"rows"`
	DomainSize     int     `json:"domainSize"`
	CompileSeconds float64 `json:"compileSeconds"`
	// ProveSeconds is the fastest of ProveRuns proofs of the same input.
	ProveSeconds  float64 `json:"proveSeconds"`
	ProveRuns     int     `json:"proveRuns"`
	VerifySeconds float64 `json:"verifySeconds"`
	// SRSDepth is log2 of the SRS size the model was compiled with.
	SRSDepth   int `json:"srsDepth"`
	ProofBytes int `json:"proofBytes"`
	// PeakHeapMB is the largest Go heap sampled during compile, prove and
	// verify; MaxRSSMB is getrusage's maxrss of the process so far (so it
	// never decreases from one model to the next).
	PeakHeapMB float64 `json:"peakHeapMB"`
	MaxRSSMB   float64 `json:"maxRssMB"`
	Estimate   float64 `json:"estimatedProveSeconds"`
}

// ezklResult is oracles/ezkl-bench.mjs's output.
type ezklResult struct {
	GenVkMs      []float64 `json:"genVkMs"`
	GenPkMs      []float64 `json:"genPkMs"`
	GenWitnessMs []float64 `json:"genWitnessMs"`
	ProveMs      []float64 `json:"proveMs"`
	VerifyMs     []float64 `json:"verifyMs"`
	Verified     bool      `json:"verified"`
	ProofBytes   int       `json:"proofBytes"`
	Logrows      int       `json:"logrows"`
	RSSMB        float64   `json:"rssMB"`
}

// peerReport compares zkml with EZKL on the same network. Prove times are
// the best of the same number of runs on both sides.
type peerReport struct {
	Zkml *benchRow   `json:"zkml"`
	EZKL *ezklResult `json:"ezkl"`
	// ProveSpeedup is EZKL's prove time over ours (> 1: ours is faster).
	ProveSpeedup float64 `json:"proveSpeedup"`
	// SetupSpeedup compares EZKL genVk+genPk with our compile.
	SetupSpeedup float64 `json:"setupSpeedup"`
	// ZkmlDomainSRS is the same network compiled with an SRS of the
	// domain's size (as EZKL sizes its KZG SRS to the circuit); it is
	// measured when the main run used o1js's 2^16 SRS.
	ZkmlDomainSRS         *benchRow `json:"zkmlDomainSRS,omitempty"`
	ProveSpeedupDomainSRS float64   `json:"proveSpeedupDomainSRS,omitempty"`
}

// bestMs is the smallest of a list of timings (0 when empty).
func bestMs(ms []float64) float64 {
	if len(ms) == 0 {
		return 0
	}
	b := ms[0]
	for _, m := range ms[1:] {
		b = min(b, m)
	}
	return b
}

type benchReport struct {
	SRS    string       `json:"srs"`
	Models []*benchRow  `json:"models"`
	Peer   *peerReport  `json:"peer,omitempty"`
	Env    benchMachine `json:"machine"`
}

type benchMachine struct {
	CPUs      int    `json:"cpus"`
	GOMAXPROC int    `json:"gomaxprocs"`
	GoVersion string `json:"goVersion"`
}

func benchCommand() *cli.Command {
	return &cli.Command{
		Name:      "bench",
		Usage:     "compile, prove and verify models and report times, proof size and memory",
		ArgsUsage: "[MODEL…]",
		Description: "MODEL is an .onnx file or a directory holding model.onnx; the input is the first row of " +
			"samples.json (or EZKL's input.json) beside it, else zeros. Without MODEL: the embedded " + examples.DefaultName + ".\n" +
			"--ezkl DIR also runs the EZKL engine (npm @ezkljs/engine, wasm) on an EZKL network directory " +
			"(network.onnx, model.compiled, kzg, settings.json, input.json) next to zkml on the same network.onnx; " +
			"it needs this repository's node_modules.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "ezkl", Usage: "EZKL network `DIR` to compare with"},
			&cli.IntFlag{Name: "runs", Value: 1, Usage: "prove each model `N` times and report the fastest (EZKL too)"},
			srsFlag("o1js"), // the peer comparison adds the other mode
			jsonFlag(),
		},
		Action: func(c *cli.Context) error {
			prog := newProgress(c)
			rep := &benchReport{Env: benchMachine{CPUs: runtime.NumCPU(), GOMAXPROC: runtime.GOMAXPROCS(0), GoVersion: runtime.Version()}}
			srs, err := pipeline.ParseSRSMode(c.String("srs"))
			if err != nil {
				prog.Done()
				return badInput(err)
			}
			rep.SRS = srs.String()
			runs := c.Int("runs")
			if runs < 1 || runs > 100 {
				prog.Done()
				return badInput(fmt.Errorf("--runs %d: want 1 to 100", runs))
			}
			rep.Models, rep.Peer, err = runBench(c.Context, c.Args().Slice(), c.String("ezkl"), pipeline.Options{SRS: srs}, runs, prog)
			prog.Done()
			if err != nil {
				return pipelineError(err)
			}
			if c.Bool("json") {
				return printJSON(c.App.Writer, rep)
			}
			printBench(c.App.Writer, rep)
			return nil
		},
	}
}

// benchModel is a model to measure, with one input row.
type benchModel struct {
	name  string
	model []byte
	input []float64
}

func runBench(ctx context.Context, args []string, ezklDir string, opts pipeline.Options, runs int, prog *progress) ([]*benchRow, *peerReport, error) {
	var models []benchModel
	for _, a := range args {
		m, err := loadBenchModel(a)
		if err != nil {
			return nil, nil, badInput(err)
		}
		models = append(models, m)
	}
	if len(args) == 0 && ezklDir == "" {
		ex, err := examples.Load(examples.DefaultName)
		if err != nil {
			return nil, nil, err
		}
		set, err := samples.Decode(ex.Samples)
		if err != nil {
			return nil, nil, err
		}
		models = append(models, benchModel{name: ex.Name, model: ex.Model, input: set.Inputs[0]})
	}
	var rows []*benchRow
	for _, m := range models {
		r, err := benchOne(m, opts, runs, prog)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", m.name, err)
		}
		rows = append(rows, r)
	}
	if ezklDir == "" {
		return rows, nil, nil
	}
	m, err := loadBenchModel(filepath.Join(ezklDir, "network.onnx"))
	if err != nil {
		return nil, nil, badInput(err)
	}
	ours, err := benchOne(m, opts, runs, prog)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", m.name, err)
	}
	var oursDomain *benchRow
	if opts.SRS == pipeline.SRSO1js {
		d := opts
		d.SRS = pipeline.SRSDomain
		if oursDomain, err = benchOne(m, d, runs, prog); err != nil {
			return nil, nil, fmt.Errorf("%s (domain-sized SRS): %w", m.name, err)
		}
	}
	prog.Stage("EZKL engine: genVk, genPk, genWitness, prove, verify")
	abs, err := filepath.Abs(ezklDir)
	if err != nil {
		return nil, nil, err
	}
	var ez ezklResult
	if err := oracle.Run(ctx, "ezkl-bench.mjs", map[string]any{"dir": abs, "runs": runs}, &ez); err != nil {
		return nil, nil, fmt.Errorf("ezkl: %w", err)
	}
	if !ez.Verified || len(ez.ProveMs) == 0 {
		return nil, nil, errors.New("ezkl: its proof did not verify")
	}
	ezProve := bestMs(ez.ProveMs) / 1000
	peer := &peerReport{Zkml: ours, EZKL: &ez,
		ProveSpeedup: ezProve / ours.ProveSeconds,
		SetupSpeedup: (bestMs(ez.GenVkMs) + bestMs(ez.GenPkMs)) / 1000 / ours.CompileSeconds}
	if oursDomain != nil {
		peer.ZkmlDomainSRS = oursDomain
		peer.ProveSpeedupDomainSRS = ezProve / oursDomain.ProveSeconds
	}
	return rows, peer, nil
}

// loadBenchModel reads a model and an input row beside it.
func loadBenchModel(arg string) (benchModel, error) {
	path := arg
	if st, err := os.Stat(arg); err == nil && st.IsDir() {
		path = filepath.Join(arg, "model.onnx")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return benchModel{}, err
	}
	name := strings.TrimSuffix(filepath.Base(path), ".onnx")
	if name == "model" || name == "network" {
		name = filepath.Base(filepath.Dir(path))
	}
	m := benchModel{name: name, model: b}
	dir := filepath.Dir(path)
	if set, err := samples.Load(filepath.Join(dir, "samples.json")); err == nil && len(set.Inputs) > 0 {
		m.input = set.Inputs[0]
		return m, nil
	}
	if raw, err := os.ReadFile(filepath.Join(dir, "input.json")); err == nil {
		var ez struct {
			InputData [][]float64 `json:"input_data"`
		}
		if json.Unmarshal(raw, &ez) == nil && len(ez.InputData) > 0 {
			m.input = ez.InputData[0]
		}
	}
	return m, nil
}

// benchOne compiles, proves (runs times, keeping the fastest) and verifies
// one model, sampling the heap.
func benchOne(m benchModel, opts pipeline.Options, runs int, prog *progress) (*benchRow, error) {
	stop := sampleHeap()
	env := pipelineEnv(prog)
	row := &benchRow{Model: m.name}
	prog.Stage(m.name + ": compile")
	t0 := time.Now()
	a, err := pipeline.Compile(m.model, opts, env)
	if err != nil {
		stop()
		return nil, err
	}
	row.CompileSeconds = time.Since(t0).Seconds()
	row.Rows, row.DomainSize, row.Estimate = a.Manifest.Rows, a.Manifest.DomainSize, a.Manifest.Estimate.ProveSeconds
	row.SRSDepth = a.Manifest.SRSDepth
	input := m.input
	if input == nil {
		cc, err := a.Compiled()
		if err != nil {
			stop()
			return nil, err
		}
		n := 0
		for _, v := range cc.Program.Inputs {
			n += v.Shape.Size()
		}
		input = make([]float64, n)
	}
	var p *pipeline.Proof
	for r := range runs {
		prog.Stage(fmt.Sprintf("%s: prove (%d/%d)", m.name, r+1, runs))
		t0 = time.Now()
		p, err = a.Prove(input)
		if err != nil {
			stop()
			return nil, err
		}
		if d := time.Since(t0).Seconds(); r == 0 || d < row.ProveSeconds {
			row.ProveSeconds = d
		}
	}
	row.ProveRuns = runs
	row.ProofBytes = kimchiProofBytes(p)
	prog.Stage(m.name + ": verify")
	t0 = time.Now()
	if _, err := a.Verify(p); err != nil {
		stop()
		return nil, err
	}
	row.VerifySeconds = time.Since(t0).Seconds()
	row.PeakHeapMB = stop()
	row.MaxRSSMB = procstat.MaxRSSMB()
	return row, nil
}

// sampleHeap samples the Go heap every 50 ms until the returned function is
// called, which returns the peak in MB.
func sampleHeap() func() float64 {
	var (
		mu   sync.Mutex
		peak uint64
	)
	read := func() {
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		mu.Lock()
		peak = max(peak, ms.HeapAlloc)
		mu.Unlock()
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				read()
			}
		}
	}()
	return func() float64 {
		close(done)
		<-finished
		read()
		mu.Lock()
		defer mu.Unlock()
		return float64(peak) / (1 << 20)
	}
}

func verdict(speedup float64) string {
	if speedup < 1 {
		return "EZKL proves faster"
	}
	return "zkml proves faster"
}

func printBench(w io.Writer, r *benchReport) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "model\trows\tdomain\tSRS\tcompile\tprove\t(est.)\tverify\tproof\tpeak heap\tmax RSS\t")
	rows := r.Models
	if r.Peer != nil {
		rows = append(append([]*benchRow{}, rows...), r.Peer.Zkml)
		if r.Peer.ZkmlDomainSRS != nil {
			rows = append(rows, r.Peer.ZkmlDomainSRS)
		}
	}
	for _, m := range rows {
		fmt.Fprintf(tw, "%s\t%d\t2^%d\t2^%d\t%.2f s\t%.2f s\t%.1f s\t%.2f s\t%d B\t%.0f MB\t%.0f MB\t\n", m.Model, m.Rows, log2(m.DomainSize),
			m.SRSDepth, m.CompileSeconds, m.ProveSeconds, m.Estimate, m.VerifySeconds, m.ProofBytes, m.PeakHeapMB, m.MaxRSSMB)
	}
	tw.Flush()
	if p := r.Peer; p != nil {
		e := p.EZKL
		fmt.Fprintf(w, "\nEZKL engine 21.0.0 (wasm) on the same network (logrows %d): genVk %.2f s, genPk %.2f s, witness %.2f s, prove %.2f s, verify %.2f s, proof %d B, RSS %.0f MB\n",
			e.Logrows, bestMs(e.GenVkMs)/1000, bestMs(e.GenPkMs)/1000, bestMs(e.GenWitnessMs)/1000, bestMs(e.ProveMs)/1000, bestMs(e.VerifyMs)/1000, e.ProofBytes, e.RSSMB)
		fmt.Fprintf(w, "prove time ratio EZKL/zkml = %.2f with a 2^%d SRS (%s); setup ratio (genVk+genPk)/compile = %.2f\n",
			p.ProveSpeedup, p.Zkml.SRSDepth, verdict(p.ProveSpeedup), p.SetupSpeedup)
		if d := p.ZkmlDomainSRS; d != nil {
			fmt.Fprintf(w, "prove time ratio EZKL/zkml = %.2f with a domain-sized 2^%d SRS (%s; o1js verifies these proofs too, only Pickles recursion needs 2^16)\n",
				p.ProveSpeedupDomainSRS, d.SRSDepth, verdict(p.ProveSpeedupDomainSRS))
		}
	}
	fmt.Fprintf(w, "SRS: %s\n", r.SRS)
	fmt.Fprintf(w, "machine: %d CPUs, GOMAXPROCS %d, %s\n", r.Env.CPUs, r.Env.GOMAXPROC, r.Env.GoVersion)
}
