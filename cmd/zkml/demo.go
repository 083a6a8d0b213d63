package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/zkml-mina/zkml/examples"
	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/samples"
	"github.com/zkml-mina/zkml/pipeline"
)

// demoReport is what `zkml demo` prints.
type demoReport struct {
	Model          string      `json:"model"`
	Sample         int         `json:"sample"`
	Label          *float64    `json:"label,omitempty"`
	Predicted      int         `json:"predicted"`
	Outputs        [][]float64 `json:"outputs"`
	IntegerOutputs [][]int64   `json:"integerOutputs"`
	FloatReference []float64   `json:"floatReference,omitempty"`
	Rows           int         `json:"rows"`
	DomainSize     int         `json:"domainSize"`
	PublicInputs   int         `json:"publicInputs"`
	ProofBytes     int         `json:"proofBytes"`
	CompileSeconds float64     `json:"compileSeconds"`
	ProveSeconds   float64     `json:"proveSeconds"`
	VerifySeconds  float64     `json:"verifySeconds"`
	Verified       bool        `json:"verified"`
	Dir            string      `json:"dir,omitempty"`
	// FixedPoint is the accuracy of the fixed-point model (the one the
	// circuit proves) against float inference over every embedded sample.
	FixedPoint *evalReport `json:"fixedPoint"`
}

func demoCommand() *cli.Command {
	return &cli.Command{
		Name: "demo",
		Usage: "compile the embedded " + examples.DefaultName + " model to a Kimchi circuit, prove one embedded sample " +
			"and verify the proof",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "sample", Usage: "which embedded sample to prove (`N`)"},
			&cli.StringFlag{Name: "o", Usage: "also write the compiled artifacts and PROOF.json to `DIR`"},
			jsonFlag(),
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 0 {
				return badInput(fmt.Errorf("usage: zkml demo takes no arguments"))
			}
			ex, err := examples.Load(examples.DefaultName)
			if err != nil {
				return err
			}
			set, err := samples.Decode(ex.Samples)
			if err != nil {
				return fmt.Errorf("embedded samples: %w", err)
			}
			k := c.Int("sample")
			if k < 0 || k >= len(set.Inputs) {
				return badInput(fmt.Errorf("--sample %d: the example has samples 0 to %d", k, len(set.Inputs)-1))
			}
			prog := newProgress(c)
			rep, err := demo(ex, set, k, c.String("o"), pipelineEnv(prog))
			prog.Done()
			if err != nil {
				return pipelineError(err)
			}
			if c.Bool("json") {
				return printJSON(c.App.Writer, rep)
			}
			printDemo(c.App.Writer, rep)
			return nil
		},
	}
}

// demo compiles the example, proves sample k, verifies the proof (after a
// round trip through its JSON form) and checks the verified integers against
// the integer evaluator.
func demo(ex *examples.Example, set *samples.Set, k int, dir string, env *pipeline.Env) (*demoReport, error) {
	rep := &demoReport{Model: ex.Name, Sample: k, Dir: dir}
	m, err := onnx.Decode(ex.Model)
	if err != nil {
		return nil, fmt.Errorf("embedded model: %w", err)
	}
	if rep.FixedPoint, err = evaluate(ex.Name, m, set, evalOptions{}); err != nil {
		return nil, err
	}
	if k < len(set.Labels) {
		rep.Label = &set.Labels[k]
	}
	if k < len(set.Outputs) {
		rep.FloatReference = set.Outputs[k]
	}
	t0 := time.Now()
	a, err := pipeline.Compile(ex.Model, pipeline.Options{SRS: pipeline.SRSDomain}, env)
	if err != nil {
		return nil, err
	}
	if dir != "" {
		if err := a.Write(dir); err != nil {
			return nil, err
		}
	}
	rep.CompileSeconds = time.Since(t0).Seconds()
	rep.Rows, rep.DomainSize, rep.PublicInputs = a.Manifest.Rows, a.Manifest.DomainSize, a.Manifest.PublicInputs

	t0 = time.Now()
	p, err := a.Prove(set.Inputs[k])
	if err != nil {
		return nil, err
	}
	rep.ProveSeconds = time.Since(t0).Seconds()
	b, err := p.Marshal()
	if err != nil {
		return nil, err
	}
	if dir != "" {
		if err := os.WriteFile(filepath.Join(dir, "PROOF.json"), b, 0o644); err != nil {
			return nil, fmt.Errorf("write proof: %w", err)
		}
	}
	rep.ProofBytes = kimchiProofBytes(p)

	t0 = time.Now()
	back, err := pipeline.ParseProof(b)
	if err != nil {
		return nil, err
	}
	v, err := a.Verify(back)
	if err != nil {
		return nil, err
	}
	rep.VerifySeconds = time.Since(t0).Seconds()
	rep.Verified = true
	rep.Outputs, rep.IntegerOutputs = v.Outputs, v.IntegerOutputs

	// The verified integers must be the integer evaluator's.
	cc, err := a.Compiled()
	if err != nil {
		return nil, err
	}
	x, err := cc.Program.QuantizeInput(cc.Program.Inputs[0].Name, set.Inputs[k])
	if err != nil {
		return nil, err
	}
	tr, err := cc.Program.Run(map[string][]int64{cc.Program.Inputs[0].Name: x})
	if err != nil {
		return nil, err
	}
	for i, o := range tr.Outputs {
		if i >= len(v.IntegerOutputs) || !slices.Equal(o.Data, v.IntegerOutputs[i]) {
			return nil, checkFailed("verified output %d differs from the integer evaluator", i)
		}
	}
	if len(v.Outputs) > 0 {
		rep.Predicted = argmax(v.Outputs[0])
	}
	return rep, nil
}

func printDemo(w io.Writer, r *demoReport) {
	fmt.Fprintf(w, "zkml demo: %s, sample %d", r.Model, r.Sample)
	if r.Label != nil {
		fmt.Fprintf(w, " (label %g)", *r.Label)
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  compile  %8s   %d rows, domain 2^%d, %d public inputs\n",
		fmtDuration(secs(r.CompileSeconds)), r.Rows, log2(r.DomainSize), r.PublicInputs)
	fmt.Fprintf(w, "  prove    %8s   Kimchi proof, %d bytes\n", fmtDuration(secs(r.ProveSeconds)), r.ProofBytes)
	fmt.Fprintf(w, "  verify   %8s   ok\n", fmtDuration(secs(r.VerifySeconds)))
	fmt.Fprintf(w, "verified prediction: class %d", r.Predicted)
	if r.Label != nil {
		if float64(r.Predicted) == *r.Label {
			fmt.Fprint(w, " (correct)")
		} else {
			fmt.Fprint(w, " (label differs)")
		}
	}
	fmt.Fprintln(w)
	if len(r.Outputs) > 0 {
		fmt.Fprintf(w, "  proven outputs   %s\n", fmtFloats(r.Outputs[0]))
	}
	if r.FloatReference != nil {
		fmt.Fprintf(w, "  float reference  %s\n", fmtFloats(r.FloatReference))
	}
	if a := r.FixedPoint; a != nil && a.ArgmaxAgreement != nil {
		fmt.Fprintf(w, "fixed point (scale 2^-%d) over %d embedded samples: argmax agreement %.4f with float",
			a.Scale, a.Samples, *a.ArgmaxAgreement)
		if a.LabelAccuracyQuant != nil {
			fmt.Fprintf(w, ", label accuracy %.4f (float %.4f)", *a.LabelAccuracyQuant, *a.LabelAccuracyFloat)
		}
		fmt.Fprintln(w)
	}
	if r.Dir != "" {
		fmt.Fprintf(w, "artifacts and PROOF.json in %s\n", r.Dir)
	}
}

func secs(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

func fmtFloats(v []float64) string {
	s := "["
	for i, x := range v {
		if i > 0 {
			s += " "
		}
		s += fmt.Sprintf("%.3f", x)
	}
	return s + "]"
}
