package quant

import (
	"errors"
	"fmt"
	"math"

	"github.com/zkml-mina/zkml/onnx"
)

// Target is the accuracy Calibrate asks of a configuration, measured against
// the float64 evaluator on the calibration rows.
type Target struct {
	// MinAgreement is the required fraction of rows whose predicted class
	// matches the float one: the argmax for outputs of more than one
	// element, the side of Threshold for single-element outputs. Zero or
	// less: not checked.
	MinAgreement float64
	// Threshold is the class boundary of single-element outputs.
	Threshold float64
	// MaxAbsErr is the allowed largest |dequantized − float| over every
	// output element of every row. Zero or less: not checked.
	MaxAbsErr float64
	// MinScale and MaxScale bound the scales tried (inclusive); zero
	// values mean 6 and 16.
	MinScale, MaxScale int
}

// ScaleResult is what Calibrate measured at one configuration.
type ScaleResult struct {
	Config     Config
	Agreement  float64 // fraction of rows with the same class (NaN when not measured)
	MaxAbsErr  float64 // largest |dequantized − float| over all output elements
	MeanAbsErr float64 // mean |dequantized − float| over all output elements
	// MinHeadroom is the value closest to overflowing over all rows.
	MinHeadroom NodeStat
	// Err is the error that stopped this configuration (compile or run),
	// if any; its other measurements are then not meaningful.
	Err error
	Met bool
}

// Report lists every configuration Calibrate tried, smallest scale first.
type Report struct {
	Results []ScaleResult
	// Chosen indexes Results; −1 when no configuration met the target.
	Chosen int
}

// ErrTargetNotMet is returned (wrapped) by Calibrate when no scale meets the
// target; the Report still holds every measurement.
var ErrTargetNotMet = errors.New("quant: no scale meets the accuracy target")

// Calibrate tries Scale = ParamScale = MinScale…MaxScale on the rows (flat
// rows of a single-input graph), measuring the first output against the
// float64 evaluator, and returns the smallest configuration that meets the
// target together with every measurement.
func Calibrate(g *onnx.Graph, rows [][]float64, target Target) (Config, Report, error) {
	rep := Report{Chosen: -1}
	lo, hi := target.MinScale, target.MaxScale
	if lo == 0 {
		lo = 6
	}
	if hi == 0 {
		hi = 16
	}
	if g == nil || len(rows) == 0 || lo > hi {
		return Config{}, rep, fmt.Errorf("quant: calibration needs a graph, rows and MinScale ≤ MaxScale")
	}
	want := make([][]float64, len(rows))
	for i, r := range rows {
		y, err := g.RunFlat(r)
		if err != nil {
			return Config{}, rep, fmt.Errorf("quant: float reference on row %d: %w", i, err)
		}
		want[i] = y
	}
	for s := lo; s <= hi; s++ {
		res := measure(g, Config{Scale: s, ParamScale: s}, rows, want, target.Threshold)
		res.Met = res.Err == nil &&
			(target.MinAgreement <= 0 || res.Agreement >= target.MinAgreement) &&
			(target.MaxAbsErr <= 0 || res.MaxAbsErr <= target.MaxAbsErr)
		rep.Results = append(rep.Results, res)
		if res.Met && rep.Chosen < 0 {
			rep.Chosen = len(rep.Results) - 1
			return res.Config, rep, nil
		}
	}
	return Config{}, rep, fmt.Errorf("%w (scales %d to %d)", ErrTargetNotMet, lo, hi)
}

// measure runs one configuration on every row against the float outputs.
func measure(g *onnx.Graph, cfg Config, rows, want [][]float64, threshold float64) ScaleResult {
	res := ScaleResult{Config: cfg, Agreement: math.NaN()}
	p, err := Compile(g, cfg)
	if err != nil {
		res.Err = err
		return res
	}
	res.Config = p.Config
	stats := p.NewStats()
	agree, total, n := 0, 0.0, 0
	for i, r := range rows {
		q, err := p.QuantizeInput(p.Inputs[0].Name, r)
		if err != nil {
			res.Err = fmt.Errorf("row %d: %w", i, err)
			return res
		}
		tr, err := p.Run(map[string][]int64{p.Inputs[0].Name: q})
		if err != nil {
			res.Err = fmt.Errorf("row %d: %w", i, err)
			return res
		}
		stats.Observe(tr)
		got := tr.Outputs[0].Float()
		if len(got) != len(want[i]) {
			res.Err = fmt.Errorf("row %d: %d outputs, float has %d", i, len(got), len(want[i]))
			return res
		}
		for j := range got {
			e := math.Abs(got[j] - want[i][j])
			res.MaxAbsErr = max(res.MaxAbsErr, e)
			total += e
			n++
		}
		if Class(got, threshold) == Class(want[i], threshold) {
			agree++
		}
	}
	res.Agreement = float64(agree) / float64(len(rows))
	res.MeanAbsErr = total / float64(max(n, 1))
	res.MinHeadroom, _ = stats.MinHeadroom()
	return res
}

// Class is the predicted class of an output: its argmax (first on ties)
// when it has several elements, else 1 if its only element exceeds
// threshold and 0 otherwise.
func Class(out []float64, threshold float64) int {
	if len(out) == 1 {
		if out[0] > threshold {
			return 1
		}
		return 0
	}
	best := 0
	for i, v := range out {
		if v > out[best] {
			best = i
		}
	}
	return best
}
