package onnx

import (
	"fmt"
	"math"
)

// Activations: element-wise maps and Softmax.

// unaryOp is an element-wise activation: its float kernel, given the node's
// attributes already read, and whether it accepts non-float types.
type unaryOp struct {
	anyType bool
	kernel  func(n *Node) (func(float64) float64, error)
}

func fixed(f func(float64) float64) func(*Node) (func(float64) float64, error) {
	return func(*Node) (func(float64) float64, error) { return f, nil }
}

func init() {
	for op, u := range map[string]unaryOp{
		"Relu":    {anyType: true, kernel: fixed(func(x float64) float64 { return math.Max(x, 0) })},
		"Sigmoid": {kernel: fixed(sigmoid)},
		"Tanh":    {kernel: fixed(math.Tanh)},
		"LeakyRelu": {kernel: func(n *Node) (func(float64) float64, error) {
			alpha, err := n.Attrs.Float("alpha", 0.01)
			if err != nil {
				return nil, err
			}
			return func(x float64) float64 {
				if x < 0 {
					return alpha * x
				}
				return x
			}, nil
		}},
	} {
		register(op, opSpec{minIn: 1, maxIn: 1, infer: unaryInfer(u), eval: unaryEval(u)})
	}
	register("Clip", opSpec{minIn: 1, maxIn: 3, infer: inferClip, eval: evalClip})
	register("Softmax", opSpec{minIn: 1, maxIn: 1, infer: inferSoftmax, eval: evalSoftmax})
}

func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

func unaryInfer(u unaryOp) func(*Node, []ValueInfo, int) ([]ValueInfo, error) {
	return func(n *Node, in []ValueInfo, opset int) ([]ValueInfo, error) {
		if !u.anyType {
			if err := needFloat(in[0], "input"); err != nil {
				return nil, err
			}
		} else if in[0].DType == Bool {
			return nil, invalidf("input has type BOOL")
		}
		if _, err := u.kernel(n); err != nil {
			return nil, err
		}
		return same(in), nil
	}
}

func unaryEval(u unaryOp) func(*Node, []*Tensor, int) ([]*Tensor, error) {
	return func(n *Node, in []*Tensor, opset int) ([]*Tensor, error) {
		f, err := u.kernel(n)
		if err != nil {
			return nil, err
		}
		out := NewTensor(in[0].DType, in[0].Shape)
		for i, x := range in[0].Data {
			out.Data[i] = f(x)
		}
		return []*Tensor{out}, nil
	}
}

// ClipBounds returns the lower and upper bounds of a Clip node: attributes
// before opset 11, optional scalar inputs (given as min, max, possibly nil)
// from opset 11. Absent bounds are infinite.
func ClipBounds(n *Node, min, max *Tensor, opset int) (lo, hi float64, err error) {
	lo, hi = math.Inf(-1), math.Inf(1)
	if opset < 11 {
		if lo, err = n.Attrs.Float("min", lo); err != nil {
			return 0, 0, err
		}
		hi, err = n.Attrs.Float("max", hi)
		return lo, hi, err
	}
	for _, b := range []struct {
		t    *Tensor
		dst  *float64
		name string
	}{{min, &lo, "min"}, {max, &hi, "max"}} {
		if b.t == nil {
			continue
		}
		if len(b.t.Data) != 1 {
			return 0, 0, invalidf("Clip %s has %d elements, want a scalar", b.name, len(b.t.Data))
		}
		*b.dst = b.t.Data[0]
	}
	return lo, hi, nil
}

func inferClip(n *Node, in []ValueInfo, opset int) ([]ValueInfo, error) {
	if opset < 11 && len(n.Inputs) > 1 {
		return nil, invalidf("Clip takes min and max as attributes before opset 11")
	}
	if in[0].DType == Bool {
		return nil, invalidf("input has type BOOL")
	}
	for i := 1; i < len(in); i++ {
		if !hasInput(in, i) {
			continue
		}
		if in[i].Shape.Size() != 1 || len(in[i].Shape) > 1 {
			return nil, invalidf("Clip input %d has shape %v, want a scalar", i, in[i].Shape)
		}
	}
	if err := sameTypes(in, 0, 1, 2); err != nil {
		return nil, err
	}
	if opset < 11 {
		if _, _, err := ClipBounds(n, nil, nil, opset); err != nil {
			return nil, err
		}
	}
	return same(in), nil
}

func evalClip(n *Node, in []*Tensor, opset int) ([]*Tensor, error) {
	var min, max *Tensor
	if len(in) > 1 {
		min = in[1]
	}
	if len(in) > 2 {
		max = in[2]
	}
	lo, hi, err := ClipBounds(n, min, max, opset)
	if err != nil {
		return nil, err
	}
	out := NewTensor(in[0].DType, in[0].Shape)
	for i, x := range in[0].Data {
		out.Data[i] = math.Min(math.Max(x, lo), hi)
	}
	return []*Tensor{out}, nil
}

// SoftmaxLayout views the input of a Softmax node as [outer, dim, inner] with
// the normalization running over dim: before opset 13 the input is coerced to
// 2-D at axis (default 1), from opset 13 it runs along axis (default -1).
func SoftmaxLayout(n *Node, shape Shape, opset int) (outer, dim, inner int, err error) {
	def := -1
	if opset < 13 {
		def = 1
	}
	axis, err := n.Attrs.Int("axis", def)
	if err != nil {
		return 0, 0, 0, err
	}
	r := len(shape)
	if r == 0 {
		return 0, 0, 0, invalidf("Softmax of a scalar")
	}
	if axis, err = NormAxis(axis, r); err != nil {
		return 0, 0, 0, err
	}
	outer = shape[:axis].Size()
	if opset < 13 {
		return outer, shape[axis:].Size(), 1, nil
	}
	return outer, shape[axis], shape[axis+1:].Size(), nil
}

func inferSoftmax(n *Node, in []ValueInfo, opset int) ([]ValueInfo, error) {
	if err := needFloat(in[0], "input"); err != nil {
		return nil, err
	}
	if _, _, _, err := SoftmaxLayout(n, in[0].Shape, opset); err != nil {
		return nil, err
	}
	return same(in), nil
}

func evalSoftmax(n *Node, in []*Tensor, opset int) ([]*Tensor, error) {
	x := in[0]
	outer, dim, inner, err := SoftmaxLayout(n, x.Shape, opset)
	if err != nil {
		return nil, fmt.Errorf("softmax: %w", err)
	}
	out := NewTensor(x.DType, x.Shape)
	for o := 0; o < outer; o++ {
		for j := 0; j < inner; j++ {
			base := o*dim*inner + j
			m := math.Inf(-1)
			for k := 0; k < dim; k++ {
				m = math.Max(m, x.Data[base+k*inner])
			}
			sum := 0.0
			for k := 0; k < dim; k++ {
				e := math.Exp(x.Data[base+k*inner] - m)
				out.Data[base+k*inner] = e
				sum += e
			}
			for k := 0; k < dim; k++ {
				out.Data[base+k*inner] /= sum
			}
		}
	}
	return []*Tensor{out}, nil
}
