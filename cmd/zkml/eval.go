package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/quant"
	"github.com/zkml-mina/zkml/onnx/samples"
)

// evalReport is what `zkml eval` and `zkml demo` print.
type evalReport struct {
	Model      string `json:"model"`
	Scale      int    `json:"scale"`
	ParamScale int    `json:"param_scale"`
	*Accuracy
	Calibration   []calibrationStep `json:"calibration,omitempty"`
	FloatSeconds  float64           `json:"float_seconds"`
	QuantSeconds  float64           `json:"quant_seconds"`
	CompileMillis float64           `json:"quant_compile_ms"`
}

// calibrationStep records one scale tried by --calibrate.
type calibrationStep struct {
	Scale     int     `json:"scale"`
	Agreement float64 `json:"agreement,omitempty"`
	MaxAbsErr float64 `json:"quant_vs_float_max_abs_err"`
	Met       bool    `json:"met"`
}

func evalCommand() *cli.Command {
	return &cli.Command{
		Name:      "eval",
		Usage:     "run float and fixed-point inference on a sample file and report the accuracy lost",
		ArgsUsage: "MODEL",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "samples", Usage: "sample file (`SAMPLES.json`)", Required: true},
			&cli.IntFlag{Name: "scale", Usage: fmt.Sprintf("fixed-point scale exponent S (values are q/2^S); default %d", quant.DefaultScale)},
			&cli.BoolFlag{Name: "calibrate", Usage: "pick the smallest scale meeting --target (classifiers) or --tolerance (regression)"},
			&cli.Float64Flag{Name: "target", Value: 0.99, Usage: "calibration target: agreement of quantized and float classes"},
			&cli.Float64Flag{Name: "tolerance", Value: 0.05, Usage: "calibration target: max |quantized − float| for regression"},
			&cli.Float64Flag{Name: "min-agreement", Usage: "fail (exit 1) when class agreement is below this"},
			&cli.Float64Flag{Name: "max-err", Usage: "fail (exit 1) when max |quantized − reference| exceeds this"},
			jsonFlag(),
		},
		Action: func(c *cli.Context) error {
			path, err := oneArg(c, "eval MODEL --samples SAMPLES.json")
			if err != nil {
				return err
			}
			if c.IsSet("scale") && c.Bool("calibrate") {
				return badInput(errors.New("--scale and --calibrate exclude each other"))
			}
			m, err := onnx.LoadFile(path)
			if err != nil {
				return badInput(err)
			}
			set, err := samples.Load(c.String("samples"))
			if err != nil {
				return badInput(err)
			}
			opts := evalOptions{
				scale: c.Int("scale"), calibrate: c.Bool("calibrate"),
				target: c.Float64("target"), tolerance: c.Float64("tolerance"),
			}
			rep, err := evaluate(path, m, set, opts)
			if err != nil {
				return err
			}
			if c.Bool("json") {
				err = printJSON(c.App.Writer, rep)
			} else {
				printEval(c.App.Writer, rep)
			}
			if err != nil {
				return err
			}
			return checkThresholds(rep, c.Float64("min-agreement"), c.Float64("max-err"))
		},
	}
}

type evalOptions struct {
	scale             int
	calibrate         bool
	target, tolerance float64
}

// evaluate checks the sample file against the model, then measures float and
// fixed-point inference on every row.
func evaluate(name string, m *onnx.Model, set *samples.Set, o evalOptions) (*evalReport, error) {
	g := m.Graph
	if len(g.Inputs) != 1 || len(g.Outputs) < 1 {
		return nil, badInput(fmt.Errorf("model has %d inputs; eval needs exactly one", len(g.Inputs)))
	}
	in := g.Inputs[0]
	if len(set.Inputs[0]) != in.Shape.Size() {
		return nil, badInput(fmt.Errorf("samples: rows have %d values but input %q has shape %v (%d values)",
			len(set.Inputs[0]), in.Name, in.Shape, in.Shape.Size()))
	}
	if len(set.InputShape) > 0 && !onnx.Shape(set.InputShape).Equal(in.Shape) {
		return nil, badInput(fmt.Errorf("samples: input_shape %v, but input %q has shape %v", set.InputShape, in.Name, in.Shape))
	}
	threshold := 0.0
	if last := g.Nodes; len(last) > 0 && last[len(last)-1].Op == "Sigmoid" {
		threshold = 0.5
	}
	cfg := quant.DefaultConfig()
	if o.scale != 0 {
		cfg = quant.Config{Scale: o.scale, ParamScale: o.scale}
	}
	var steps []calibrationStep
	if o.calibrate {
		task := "regression"
		if g.Outputs[0].Shape.Size() > 1 || isBinary(set.Labels) {
			task = "classification"
		}
		var err error
		cfg, steps, err = calibrate(g, set, threshold, task, o)
		if err != nil {
			return nil, err
		}
	}
	start := time.Now()
	prog, err := quant.Compile(g, cfg)
	if err != nil {
		return nil, inputOrInternal(fmt.Errorf("quantize: %w", err))
	}
	compile := time.Since(start)
	var floatDur, quantDur time.Duration
	timed := func(f inferFn, d *time.Duration) inferFn {
		return func(row []float64) ([]float64, error) {
			t := time.Now()
			out, err := f(row)
			*d += time.Since(t)
			return out, err
		}
	}
	acc, err := measure(set, timed(g.RunFlat, &floatDur), timed(prog.RunFloat, &quantDur), threshold)
	if err != nil {
		return nil, inputOrInternal(err)
	}
	return &evalReport{
		Model: name, Scale: cfg.Scale, ParamScale: cfg.ParamScale, Accuracy: acc, Calibration: steps,
		FloatSeconds: floatDur.Seconds(), QuantSeconds: quantDur.Seconds(),
		CompileMillis: float64(compile.Microseconds()) / 1000,
	}, nil
}

// calibrate runs quant.Calibrate over scales 2 to 20 and reports every
// attempt. Classifiers must meet the agreement target, regressions the
// tolerance against float.
func calibrate(g *onnx.Graph, set *samples.Set, threshold float64, task string, o evalOptions) (quant.Config, []calibrationStep, error) {
	target := quant.Target{Threshold: threshold, MinScale: 2, MaxScale: 20}
	if task == "regression" {
		target.MaxAbsErr = o.tolerance
	} else {
		target.MinAgreement = o.target
	}
	cfg, rep, err := quant.Calibrate(g, set.Inputs, target)
	var steps []calibrationStep
	for _, r := range rep.Results {
		if r.Err != nil {
			continue // a scale too coarse or too fine for this model's value range
		}
		st := calibrationStep{Scale: r.Config.Scale, MaxAbsErr: r.MaxAbsErr, Met: r.Met}
		if !math.IsNaN(r.Agreement) {
			st.Agreement = r.Agreement
		}
		steps = append(steps, st)
	}
	if errors.Is(err, quant.ErrTargetNotMet) {
		return cfg, steps, checkFailed("calibrate: no scale from 2 to 20 meets the target")
	}
	if err != nil {
		return cfg, steps, inputOrInternal(err)
	}
	return cfg, steps, nil
}

// inputOrInternal classifies errors that come from the model or its inputs
// (unsupported features, out-of-range values, bad rows) as bad input.
func inputOrInternal(err error) error {
	var ue *onnx.UnsupportedError
	var re *quant.RangeError
	var ie *onnx.InputError
	if errors.As(err, &ue) || errors.As(err, &re) || errors.As(err, &ie) {
		return badInput(err)
	}
	return err
}

func checkThresholds(r *evalReport, minAgreement, maxErr float64) error {
	if a := r.agreement(); minAgreement > 0 && a >= 0 && a < minAgreement {
		return checkFailed("class agreement %.4f is below --min-agreement %.4f", a, minAgreement)
	}
	if maxErr > 0 {
		e := r.QuantVsFloatMaxAbsErr
		if r.QuantMaxAbsErr != nil {
			e = *r.QuantMaxAbsErr
		}
		if e > maxErr {
			return checkFailed("max |quantized − reference| %.4g exceeds --max-err %.4g", e, maxErr)
		}
	}
	return nil
}

func printEval(w io.Writer, r *evalReport) {
	fmt.Fprintf(w, "model            %s\n", r.Model)
	fmt.Fprintf(w, "samples          %d (%s)\n", r.Samples, r.Task)
	fmt.Fprintf(w, "scale            2^%d (weights 2^%d)\n", r.Scale, r.ParamScale)
	for _, s := range r.Calibration {
		fmt.Fprintf(w, "  calibrate 2^%-2d  agreement %.4f  max err %.4g  %s\n", s.Scale, s.Agreement, s.MaxAbsErr, map[bool]string{true: "met", false: ""}[s.Met])
	}
	if r.FloatMaxAbsErr != nil {
		fmt.Fprintf(w, "float vs ref     max abs err %.3g\n", *r.FloatMaxAbsErr)
		fmt.Fprintf(w, "quant vs ref     max abs err %.3g\n", *r.QuantMaxAbsErr)
	}
	fmt.Fprintf(w, "quant vs float   max abs err %.3g\n", r.QuantVsFloatMaxAbsErr)
	if r.ArgmaxAgreement != nil {
		fmt.Fprintf(w, "argmax agreement %.4f\n", *r.ArgmaxAgreement)
	}
	if r.DecisionAgreement != nil {
		fmt.Fprintf(w, "decision agreement %.4f\n", *r.DecisionAgreement)
	}
	if r.LabelAccuracyFloat != nil {
		fmt.Fprintf(w, "label accuracy   float %.4f, fixed point %.4f\n", *r.LabelAccuracyFloat, *r.LabelAccuracyQuant)
	}
	if r.LabelMAEFloat != nil {
		fmt.Fprintf(w, "label MAE        float %.4f, fixed point %.4f\n", *r.LabelMAEFloat, *r.LabelMAEQuant)
	}
	fmt.Fprintf(w, "time             float %.1f ms, fixed point %.1f ms (%d rows), quantize %.1f ms\n",
		r.FloatSeconds*1000, r.QuantSeconds*1000, r.Samples, r.CompileMillis)
}
