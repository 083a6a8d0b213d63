package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/zkml-mina/zkml/onnx/quant"
	"github.com/zkml-mina/zkml/pipeline"
)

// compileReport is what `zkml compile` prints.
type compileReport struct {
	Dir            string  `json:"dir"`
	CompileSeconds float64 `json:"compileSeconds"`
	pipeline.Manifest
}

func compileCommand() *cli.Command {
	return &cli.Command{
		Name:      "compile",
		Usage:     "compile an ONNX model to a Kimchi circuit with its prover and verifier indexes",
		ArgsUsage: "MODEL",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "o", Usage: "artifact directory (`DIR`)", Required: true},
			&cli.IntFlag{Name: "scale", Usage: fmt.Sprintf("fixed-point scale exponent S of activations and weights (default %d)", quant.DefaultScale)},
			&cli.StringFlag{Name: "input-visibility", Value: "public", Usage: "public | private | hashed (Poseidon commitment public)"},
			&cli.StringFlag{Name: "param-visibility", Value: "fixed", Usage: "fixed (in the verifier index) | private | hashed (weights committed)"},
			&cli.IntFlag{Name: "range-bits", Usage: "range-check backend: 0 picks the smallest domain, 12 Kimchi's RangeCheck0 gates and " +
				"4,096-row table, 2–11 a custom limb table (smaller domains for small models)"},
			srsFlag("domain"),
			jsonFlag(),
		},
		Action: func(c *cli.Context) error {
			path, err := oneArg(c, "compile MODEL -o DIR")
			if err != nil {
				return err
			}
			opts := pipeline.Options{Scale: c.Int("scale"), RangeLimbBits: c.Int("range-bits")}
			if c.IsSet("scale") && opts.Scale == 0 {
				return badInput(errors.New("--scale 0: want 1 to 30"))
			}
			if opts.InputVisibility, err = pipeline.ParseInputVisibility(c.String("input-visibility")); err != nil {
				return badInput(err)
			}
			if opts.ParamVisibility, err = pipeline.ParseParamVisibility(c.String("param-visibility")); err != nil {
				return badInput(err)
			}
			if opts.SRS, err = pipeline.ParseSRSMode(c.String("srs")); err != nil {
				return badInput(err)
			}
			model, err := os.ReadFile(path)
			if err != nil {
				return badInput(err)
			}
			prog := newProgress(c)
			t0 := time.Now()
			a, err := pipeline.Compile(model, opts, pipelineEnv(prog))
			if err == nil {
				prog.Stage("writing " + c.String("o"))
				err = a.Write(c.String("o"))
			}
			prog.Done()
			if err != nil {
				return pipelineError(err)
			}
			rep := &compileReport{Dir: c.String("o"), CompileSeconds: time.Since(t0).Seconds(), Manifest: a.Manifest}
			if c.Bool("json") {
				return printJSON(c.App.Writer, rep)
			}
			printCompile(c.App.Writer, rep)
			return nil
		},
	}
}

// srsFlag chooses the SRS size, def by default. Both modes give proofs
// o1js verifies for domains up to 2^16 (its 2^16 SRS begins with every
// smaller one); "o1js" also gives the verifier index o1js itself compiles,
// and chunks larger domains over the 2^16 SRS as o1js does.
func srsFlag(def string) cli.Flag {
	return &cli.StringFlag{Name: "srs", Value: def, Usage: "SRS size: domain (the domain's size: small circuits prove and verify " +
		"up to ~10x faster) | o1js (2^16, larger domains in 2^16-point chunks: the verifier index o1js itself compiles); " +
		"o1js verifies both up to 2^16, and o1js above it"}
}

// pipelineEnv is the pipeline environment of the CLI: caches under
// $ZKML_CACHE_DIR (default: the user cache directory) and stage reports to
// the progress display.
func pipelineEnv(p *progress) *pipeline.Env {
	return &pipeline.Env{CacheDir: os.Getenv("ZKML_CACHE_DIR"), Progress: p.Stage, ToolVersion: version}
}

// pipelineError classifies pipeline errors: rejected proofs are check
// failures (exit 1), the model's own problems and bad artifacts are bad
// input (exit 2), the rest is returned as is.
func pipelineError(err error) error {
	if errors.Is(err, pipeline.ErrRejected) {
		return &exitError{code: exitCheckFailed, err: err}
	}
	if errors.Is(err, pipeline.ErrArtifact) {
		return badInput(err)
	}
	return inputOrInternal(err)
}

func printCompile(w io.Writer, r *compileReport) {
	m := &r.Manifest
	fmt.Fprintf(w, "compiled %s in %s → %s\n", m.ModelSHA256[:12], fmtDuration(time.Duration(r.CompileSeconds*float64(time.Second))), r.Dir)
	fmt.Fprintf(w, "  scale          2^-%d (weights 2^-%d), input %s, params %s\n", m.Scale, m.ParamScale, m.InputVisibility, m.ParamVisibility)
	fmt.Fprintf(w, "  rows           %d\n", m.Rows)
	rc := "Kimchi RangeCheck0 gates, 12-bit table"
	if m.RangeLimbBits != 12 {
		rc = fmt.Sprintf("%d-bit limbs in a %d-row table", m.RangeLimbBits, 1<<m.RangeLimbBits)
	}
	fmt.Fprintf(w, "  range checks   %s\n", rc)
	o1js := "o1js-compatible"
	if !m.O1js {
		o1js = "an SRS above o1js's 2^16"
	}
	chunks := ""
	if k := m.DomainSize >> m.SRSDepth; k > 1 {
		chunks = fmt.Sprintf(" in %d chunks", k)
	}
	fmt.Fprintf(w, "  domain         %d = 2^%d (SRS 2^%d%s, %s)\n", m.DomainSize, log2(m.DomainSize), m.SRSDepth, chunks, o1js)
	fmt.Fprintf(w, "  gates          %s\n", formatGates(m.Gates))
	fmt.Fprintf(w, "  public inputs  %d\n", m.PublicInputs)
	if m.WeightsCommitment != "" {
		fmt.Fprintf(w, "  weights commitment %s\n", m.WeightsCommitment)
	}
	fmt.Fprintf(w, "  expected prove ≈ %.1f s, ≈ %.0f MB peak\n", m.Estimate.ProveSeconds, m.Estimate.MemoryMB)
	fmt.Fprintf(w, "                 (%s)\n", m.Estimate.Basis)
}

func formatGates(g map[string]int) string {
	names := make([]string, 0, len(g))
	for n := range g {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		return g[names[i]] > g[names[j]] || g[names[i]] == g[names[j]] && names[i] < names[j]
	})
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = fmt.Sprintf("%s %d", n, g[n])
	}
	return strings.Join(parts, ", ")
}

func log2(n int) int {
	k := 0
	for 1<<k < n {
		k++
	}
	return k
}
