package main

import (
	"fmt"
	"math"

	"github.com/zkml-mina/zkml/onnx/samples"
)

// Accuracy compares float inference, fixed-point inference, the
// reference outputs and the labels of a sample set. Pointer fields are
// omitted where they do not apply.
type Accuracy struct {
	Samples int    `json:"samples"`
	Task    string `json:"task"` // multiclass, binary or regression
	// FloatMaxAbsErr is our float evaluator against the file's outputs.
	FloatMaxAbsErr *float64 `json:"float_max_abs_err,omitempty"`
	// QuantMaxAbsErr is the dequantized fixed-point output against the file's outputs.
	QuantMaxAbsErr *float64 `json:"quant_max_abs_err,omitempty"`
	// QuantVsFloatMaxAbsErr is the dequantized fixed-point output against our float evaluator.
	QuantVsFloatMaxAbsErr float64 `json:"quant_vs_float_max_abs_err"`
	// ArgmaxAgreement is the share of rows whose quantized argmax equals the float argmax.
	ArgmaxAgreement *float64 `json:"argmax_agreement,omitempty"`
	// DecisionAgreement is the same for a single-output binary classifier, thresholded.
	DecisionAgreement  *float64 `json:"decision_agreement,omitempty"`
	LabelAccuracyFloat *float64 `json:"label_accuracy_float,omitempty"`
	LabelAccuracyQuant *float64 `json:"label_accuracy_quant,omitempty"`
	// LabelMAEFloat and LabelMAEQuant are the mean absolute errors against regression targets.
	LabelMAEFloat *float64 `json:"label_mae_float,omitempty"`
	LabelMAEQuant *float64 `json:"label_mae_quant,omitempty"`
}

// inferFn runs one flattened input row through a model.
type inferFn func(row []float64) ([]float64, error)

// measure runs every row through both evaluators. threshold is the decision
// threshold of a single-output binary classifier.
func measure(set *samples.Set, float, quant inferFn, threshold float64) (*Accuracy, error) {
	r := &Accuracy{Samples: len(set.Inputs)}
	var floatErr, quantErr, qfErr float64
	var agree, floatRight, quantRight int
	var floatAbs, quantAbs float64
	binaryLabels := isBinary(set.Labels)
	for i, row := range set.Inputs {
		f, err := float(row)
		if err != nil {
			return nil, fmt.Errorf("row %d: float: %w", i, err)
		}
		q, err := quant(row)
		if err != nil {
			return nil, fmt.Errorf("row %d: fixed point: %w", i, err)
		}
		if len(f) != len(q) {
			return nil, fmt.Errorf("row %d: float gives %d outputs, fixed point %d", i, len(f), len(q))
		}
		if i == 0 {
			switch {
			case len(f) > 1:
				r.Task = "multiclass"
			case binaryLabels:
				r.Task = "binary"
			default:
				r.Task = "regression"
			}
		}
		qfErr = math.Max(qfErr, maxAbsDiff(f, q))
		if set.Outputs != nil {
			if len(set.Outputs[i]) != len(f) {
				return nil, fmt.Errorf("row %d: sample file has %d outputs, model gives %d", i, len(set.Outputs[i]), len(f))
			}
			floatErr = math.Max(floatErr, maxAbsDiff(f, set.Outputs[i]))
			quantErr = math.Max(quantErr, maxAbsDiff(q, set.Outputs[i]))
		}
		var fc, qc int
		switch r.Task {
		case "multiclass":
			fc, qc = argmax(f), argmax(q)
		case "binary":
			fc, qc = b2i(f[0] >= threshold), b2i(q[0] >= threshold)
		}
		if fc == qc {
			agree++
		}
		if len(set.Labels) > 0 {
			switch r.Task {
			case "regression":
				floatAbs += math.Abs(f[0] - set.Labels[i])
				quantAbs += math.Abs(q[0] - set.Labels[i])
			default:
				floatRight += b2i(float64(fc) == set.Labels[i])
				quantRight += b2i(float64(qc) == set.Labels[i])
			}
		}
	}
	n := float64(len(set.Inputs))
	r.QuantVsFloatMaxAbsErr = qfErr
	if set.Outputs != nil {
		r.FloatMaxAbsErr, r.QuantMaxAbsErr = ptr(floatErr), ptr(quantErr)
	}
	switch r.Task {
	case "multiclass":
		r.ArgmaxAgreement = ptr(float64(agree) / n)
	case "binary":
		r.DecisionAgreement = ptr(float64(agree) / n)
	}
	if len(set.Labels) > 0 {
		if r.Task == "regression" {
			r.LabelMAEFloat, r.LabelMAEQuant = ptr(floatAbs/n), ptr(quantAbs/n)
		} else {
			r.LabelAccuracyFloat, r.LabelAccuracyQuant = ptr(float64(floatRight)/n), ptr(float64(quantRight)/n)
		}
	}
	return r, nil
}

// agreement is the classification agreement of the report, or -1 for regression.
func (r *Accuracy) agreement() float64 {
	switch {
	case r.ArgmaxAgreement != nil:
		return *r.ArgmaxAgreement
	case r.DecisionAgreement != nil:
		return *r.DecisionAgreement
	}
	return -1
}

func maxAbsDiff(a, b []float64) float64 {
	m := 0.0
	for i := range a {
		m = math.Max(m, math.Abs(a[i]-b[i]))
	}
	return m
}

func argmax(v []float64) int {
	best := 0
	for i := range v {
		if v[i] > v[best] {
			best = i
		}
	}
	return best
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func ptr(f float64) *float64 { return &f }

// isBinary reports whether there are labels and all of them are 0 or 1.
func isBinary(labels []float64) bool {
	for _, l := range labels {
		if l != 0 && l != 1 {
			return false
		}
	}
	return len(labels) > 0
}
