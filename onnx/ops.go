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

// infer runs shape and type inference over the sorted nodes and folds every
// node whose inputs are all constant (and every Shape node) into Consts.
func (g *Graph) infer(nodes []*Node, opset int) error {
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
		if !folded && allConst && present > 0 {
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
