package onnx

import (
	"fmt"
	"math"
)

// InputError reports graph inputs that do not fit the model: a missing
// input, a wrong length or shape, or a NaN or infinite value.
type InputError struct {
	Msg string
}

func (e *InputError) Error() string { return "bad input: " + e.Msg }

// CheckInputs validates inputs against the graph's declared inputs.
func (g *Graph) CheckInputs(inputs map[string]*Tensor) error {
	for _, in := range g.Inputs {
		t, ok := inputs[in.Name]
		if !ok || t == nil {
			return &InputError{Msg: fmt.Sprintf("missing input %q", in.Name)}
		}
		if len(t.Data) != in.Shape.Size() {
			return &InputError{Msg: fmt.Sprintf("input %q has %d values, want %d (shape %v)", in.Name, len(t.Data), in.Shape.Size(), in.Shape)}
		}
		if t.Shape != nil && !t.Shape.Equal(in.Shape) {
			return &InputError{Msg: fmt.Sprintf("input %q has shape %v, want %v", in.Name, t.Shape, in.Shape)}
		}
		for i, v := range t.Data {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return &InputError{Msg: fmt.Sprintf("input %q element %d is %v", in.Name, i, v)}
			}
		}
	}
	return nil
}

// Run evaluates the graph in float64 and returns every graph output by name.
// Inputs are keyed by input name; a tensor whose Shape is nil takes the
// declared shape.
func (g *Graph) Run(inputs map[string]*Tensor) (map[string]*Tensor, error) {
	if err := g.CheckInputs(inputs); err != nil {
		return nil, err
	}
	return g.run(inputs)
}

// run evaluates the graph on inputs that fit it, without rejecting
// non-finite values.
func (g *Graph) run(inputs map[string]*Tensor) (map[string]*Tensor, error) {
	env := make(map[string]*Tensor, len(g.Consts)+len(g.Nodes)+len(g.Inputs))
	for k, v := range g.Consts {
		env[k] = v
	}
	for _, in := range g.Inputs {
		t := inputs[in.Name]
		env[in.Name] = &Tensor{DType: in.DType, Shape: in.Shape.Clone(), Data: t.Data}
	}
	for _, n := range g.Nodes {
		in := make([]*Tensor, len(n.Inputs))
		for i, name := range n.Inputs {
			if name != "" {
				in[i] = env[name]
			}
		}
		out, err := EvalNode(n, in, g.Opset)
		if err != nil {
			return nil, err
		}
		for i, name := range n.Outputs {
			if name != "" && i < len(out) {
				env[name] = out[i]
			}
		}
	}
	res := make(map[string]*Tensor, len(g.Outputs))
	for _, o := range g.Outputs {
		t := env[o.Name]
		if _, isConst := g.Consts[o.Name]; isConst {
			t = t.Clone() // callers may modify results; constants stay intact
		}
		res[o.Name] = t
	}
	return res, nil
}

// RunFlat evaluates a single-input graph on a flattened input row and
// returns the first output, flattened.
func (g *Graph) RunFlat(row []float64) ([]float64, error) {
	if len(g.Inputs) != 1 {
		return nil, &InputError{Msg: fmt.Sprintf("model has %d inputs; a flat row feeds exactly one", len(g.Inputs))}
	}
	in := g.Inputs[0]
	out, err := g.Run(map[string]*Tensor{in.Name: {DType: in.DType, Data: row}})
	if err != nil {
		return nil, err
	}
	return out[g.Outputs[0].Name].Data, nil
}
