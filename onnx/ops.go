package onnx

import (
	"errors"
	"fmt"
)

// ValueInfo is what shape inference knows of one node input: its type, its
// static shape, and its value when it is a constant (nil otherwise).
type ValueInfo struct {
	DType DataType
	Shape Shape
	Const *Tensor
}

// opSpec describes one supported operator: its input arity, its static shape
// and type inference, and its float64 reference kernel.
type opSpec struct {
	minIn, maxIn int
	// infer returns the output types and shapes. It rejects unsupported
	// attribute values with an *UnsupportedError and inconsistent inputs with
	// a *ValidationError. It may require some inputs to be constant.
	infer func(n *Node, in []ValueInfo, opset int) ([]ValueInfo, error)
	// eval computes the outputs from the inputs; absent optional inputs are nil.
	eval func(n *Node, in []*Tensor, opset int) ([]*Tensor, error)
}

// opTable lists every supported op. It is read-only after package initialization.
var opTable = map[string]opSpec{}

func register(op string, s opSpec) {
	if _, dup := opTable[op]; dup {
		panic("onnx: op registered twice: " + op) // programming error at init time
	}
	opTable[op] = s
}

// SupportedOps reports whether op (default domain) is implemented.
func SupportedOps(op string) bool {
	_, ok := opTable[op]
	return ok
}

// EvalNode runs the float64 reference kernel of one node. Absent optional
// inputs are nil. Evaluators of other number systems call it for ops that
// only move or select values, which are exact on any integers below 2^53.
func EvalNode(n *Node, in []*Tensor, opset int) ([]*Tensor, error) {
	spec, ok := opTable[n.Op]
	if !ok {
		return nil, &UnsupportedError{Node: n.Name, Op: n.Op, Opset: opset}
	}
	if len(in) < spec.minIn || len(in) > spec.maxIn {
		return nil, wrapNodeErr(n, opset, invalidf("has %d inputs, want %d to %d", len(in), spec.minIn, spec.maxIn))
	}
	for i, t := range in {
		switch {
		case t == nil && i < spec.minIn:
			return nil, wrapNodeErr(n, opset, invalidf("input %d is missing", i))
		case t != nil && (checkShape(t.Shape) != nil || len(t.Data) != t.Shape.Size()):
			return nil, wrapNodeErr(n, opset, invalidf("input %d has %d values for shape %v", i, len(t.Data), t.Shape))
		}
	}
	out, err := spec.eval(n, in, opset)
	if err != nil {
		return nil, wrapNodeErr(n, opset, err)
	}
	return out, nil
}

// wrapNodeErr puts the node's name in err and completes an UnsupportedError.
func wrapNodeErr(n *Node, opset int, err error) error {
	var ue *UnsupportedError
	if errors.As(err, &ue) {
		if ue.Node == "" {
			ue.Node, ue.Op, ue.Opset = n.Name, n.Op, opset
		}
		return err
	}
	return fmt.Errorf("%s: %w", n, err)
}

// infer runs shape and type inference over the sorted nodes and folds into
// Consts every Shape and Constant node and every node whose inputs are all
// constant, within the budgets maxFoldWork and maxFoldElements.
func (g *Graph) infer(nodes []*Node, opset int) error {
	foldBudget := maxFoldElements
	for _, n := range nodes {
		spec := opTable[n.Op]
		present := 0
		for _, in := range n.Inputs {
			if in != "" {
				present++
			}
		}
		if len(n.Inputs) < spec.minIn || len(n.Inputs) > spec.maxIn {
			return wrapNodeErr(n, opset, invalidf("has %d inputs, want %d to %d", len(n.Inputs), spec.minIn, spec.maxIn))
		}
		for i := 0; i < spec.minIn; i++ {
			if n.Inputs[i] == "" {
				return wrapNodeErr(n, opset, invalidf("required input %d is empty", i))
			}
		}
		infos := make([]ValueInfo, len(n.Inputs))
		allConst := true
		for i, name := range n.Inputs {
			if name == "" {
				continue
			}
			infos[i] = ValueInfo{DType: g.Types[name], Shape: g.Shapes[name], Const: g.Consts[name]}
			if infos[i].Const == nil {
				allConst = false
			}
		}
		outs, err := spec.infer(n, infos, opset)
		if err != nil {
			return wrapNodeErr(n, opset, err)
		}
		if len(outs) == 0 {
			return wrapNodeErr(n, opset, invalidf("defines no outputs"))
		}
		for i, o := range outs {
			if err := checkShape(o.Shape); err != nil {
				return wrapNodeErr(n, opset, fmt.Errorf("output %d: %w", i, err))
			}
		}
		if len(outs) < len(n.Outputs) {
			// Optional outputs beyond what the op defines (e.g. Dropout's mask) are not supported.
			for _, o := range n.Outputs[len(outs):] {
				if o != "" {
					return wrapNodeErr(n, opset, &UnsupportedError{What: fmt.Sprintf("output %q", o)})
				}
			}
		}
		for i, o := range n.Outputs {
			if o == "" {
				continue
			}
			g.Shapes[o] = outs[i].Shape
			g.Types[o] = outs[i].DType
			if outs[i].Const != nil {
				g.Consts[o] = outs[i].Const
			}
		}
		folded := outs[0].Const != nil
		size := 0
		for _, o := range outs {
			size += o.Shape.Size()
		}
		if !folded && allConst && present > 0 && size <= foldBudget && estimateWork(n, infos, outs) <= maxFoldWork {
			foldBudget -= size
			in := make([]*Tensor, len(n.Inputs))
			for i := range infos {
				in[i] = infos[i].Const
			}
			vals, err := EvalNode(n, in, opset)
			if err != nil {
				return err
			}
			for i, o := range n.Outputs {
				if o != "" && i < len(vals) {
					g.Consts[o] = vals[i]
				}
			}
			folded = true
		}
		if !folded {
			g.Nodes = append(g.Nodes, n)
		}
	}
	return nil
}

// prune drops nodes whose outputs no graph output needs, and unused constants.
func (g *Graph) prune() {
	live := map[string]bool{}
	for _, o := range g.Outputs {
		live[o.Name] = true
	}
	kept := make([]*Node, 0, len(g.Nodes))
	for i := len(g.Nodes) - 1; i >= 0; i-- {
		n := g.Nodes[i]
		used := false
		for _, o := range n.Outputs {
			used = used || live[o]
		}
		if !used {
			continue
		}
		for _, in := range n.Inputs {
			if in != "" {
				live[in] = true
			}
		}
		kept = append(kept, n)
	}
	for i, j := 0, len(kept)-1; i < j; i, j = i+1, j-1 {
		kept[i], kept[j] = kept[j], kept[i]
	}
	g.Nodes = kept
	for name := range g.Consts {
		if !live[name] {
			delete(g.Consts, name)
		}
	}
}

// maxAttrValue bounds integer attributes and shape inputs (kernel sizes,
// strides, pads, axes, dimensions) so that geometry arithmetic cannot overflow.
const maxAttrValue = 1 << 24

// checkShape rejects negative dimensions and shapes whose nonzero
// dimensions multiply to more than maxElements, without overflowing. Bounding
// the nonzero product also bounds the loops over empty tensors' other axes.
func checkShape(s Shape) error {
	n := 1
	for i, d := range s {
		if d < 0 {
			return invalidf("dimension %d of %v is negative", i, s)
		}
		if d == 0 {
			continue
		}
		if n > maxElements/d {
			return invalidf("shape %v has more than %d elements", s, maxElements)
		}
		n *= d
	}
	return nil
}

// checkRange rejects integer attribute values outside [lo, hi].
func checkRange(name string, vals []int, lo, hi int) error {
	for i, v := range vals {
		if v < lo || v > hi {
			return invalidf("%s[%d] = %d is outside [%d, %d]", name, i, v, lo, hi)
		}
	}
	return nil
}

// constInts returns the integer values of input i, which must be a constant
// because it determines a static shape.
func constInts(in []ValueInfo, i int, what string) ([]int, error) {
	if i >= len(in) || in[i].Const == nil {
		return nil, &UnsupportedError{What: fmt.Sprintf("non-constant %s input (static shapes are required)", what)}
	}
	v, err := in[i].Const.Ints()
	if err != nil {
		return nil, fmt.Errorf("%s input: %w", what, err)
	}
	return v, nil
}

// hasInput reports whether optional input i is present.
func hasInput(in []ValueInfo, i int) bool {
	return i < len(in) && (in[i].Shape != nil || in[i].Const != nil || in[i].DType != Undefined)
}

// NormAxis maps an ONNX axis in [-rank, rank) to [0, rank).
func NormAxis(axis, rank int) (int, error) {
	if axis < -rank || axis >= rank {
		return 0, invalidf("axis %d is out of range for rank %d", axis, rank)
	}
	if axis < 0 {
		axis += rank
	}
	return axis, nil
}

// sameTypes checks that the present inputs listed all have the type of the first.
func sameTypes(in []ValueInfo, idx ...int) error {
	var dt DataType
	for _, i := range idx {
		if !hasInput(in, i) {
			continue
		}
		if dt == Undefined {
			dt = in[i].DType
		} else if in[i].DType != dt {
			return invalidf("input %d has type %s, want %s", i, in[i].DType, dt)
		}
	}
	return nil
}

// needFloat rejects non-float element types for float-only ops.
func needFloat(in ValueInfo, what string) error {
	if !in.DType.IsFloat() {
		return invalidf("%s has type %s, want a float type", what, in.DType)
	}
	return nil
}

// same returns one output with the type and shape of input 0.
func same(in []ValueInfo) []ValueInfo {
	return []ValueInfo{{DType: in[0].DType, Shape: in[0].Shape.Clone()}}
}

// maxFoldElements bounds the elements of all the values folded while loading.
const maxFoldElements = 1 << 25

// maxFoldWork bounds the work of evaluating one node while loading: costlier
// nodes with constant inputs stay in the graph and run with it.
const maxFoldWork = 1 << 26

// estimateWork is an upper estimate of the scalar operations a node's kernel
// performs: the elements it reads and writes, times the reduction length of
// the ops that reduce (Conv, pools, MatMul, Gemm).
func estimateWork(n *Node, in []ValueInfo, outs []ValueInfo) float64 {
	work := 0.0
	for _, v := range in {
		work += float64(v.Shape.Size())
	}
	outSize := 0.0
	for _, o := range outs {
		outSize += float64(o.Shape.Size())
	}
	reduce := 1.0
	switch n.Op {
	case "Conv":
		if len(in) > 1 && len(in[1].Shape) > 0 && in[1].Shape[0] > 0 {
			reduce = float64(in[1].Shape.Size() / in[1].Shape[0])
		}
	case "MaxPool", "AveragePool":
		k, _ := n.Attrs.Ints("kernel_shape", nil)
		for _, d := range k {
			reduce *= float64(max(d, 1))
		}
	case "MatMul", "Gemm":
		for _, d := range in[0].Shape {
			reduce = max(reduce, float64(d))
		}
	}
	return work + outSize*reduce
}
