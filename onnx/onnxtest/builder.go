package onnxtest

import (
	"testing"

	"github.com/zkml-mina/zkml/onnx"
)

// Builder builds a graph one value at a time; each method returns the
// Builder so calls chain, and any error fails the test.
type Builder struct {
	t testing.TB
	g *onnx.Graph
}

// NewBuilder starts an empty graph at the given opset.
func NewBuilder(t testing.TB, opset int) *Builder {
	return &Builder{t: t, g: &onnx.Graph{Opset: opset, Consts: map[string]*onnx.Tensor{},
		Shapes: map[string]onnx.Shape{}, Types: map[string]onnx.DataType{}}}
}

// Input adds a graph input of type dt and the given shape.
func (b *Builder) Input(name string, dt onnx.DataType, shape ...int) *Builder {
	b.g.Inputs = append(b.g.Inputs, onnx.Value{Name: name, DType: dt, Shape: shape})
	b.g.Shapes[name], b.g.Types[name] = shape, dt
	return b
}

// Constant adds an initializer of type dt; data must hold exactly
// shape.Size() values.
func (b *Builder) Constant(name string, dt onnx.DataType, shape onnx.Shape, data ...float64) *Builder {
	if len(data) != shape.Size() {
		b.t.Fatalf("constant %s: %d values for shape %v", name, len(data), shape)
	}
	b.g.Consts[name] = &onnx.Tensor{DType: dt, Shape: shape, Data: data}
	b.g.Shapes[name], b.g.Types[name] = shape, dt
	return b
}

// Node adds a node named out+"_node" with one output, out, whose shape and
// type come from onnx.EvalNode on zero inputs (constants keep their values;
// an input named "" is an omitted optional input). Nil attrs means none.
func (b *Builder) Node(op string, attrs onnx.Attrs, out string, inputs ...string) *Builder {
	if attrs == nil {
		attrs = onnx.Attrs{}
	}
	n := &onnx.Node{Name: out + "_node", Op: op, Inputs: inputs, Outputs: []string{out}, Attrs: attrs}
	in := make([]*onnx.Tensor, len(inputs))
	for i, name := range inputs {
		switch {
		case name == "":
		case b.g.Consts[name] != nil:
			in[i] = b.g.Consts[name]
		default:
			in[i] = onnx.NewTensor(b.g.Types[name], b.g.Shapes[name])
		}
	}
	res, err := onnx.EvalNode(n, in, b.g.Opset)
	if err != nil {
		b.t.Fatalf("shape of %s: %v", op, err)
	}
	b.g.Nodes = append(b.g.Nodes, n)
	b.g.Shapes[out], b.g.Types[out] = res[0].Shape, res[0].DType
	return b
}

// Graph returns the graph built so far, for tests that edit it by hand
// (such as rewiring a node after its shape was inferred).
func (b *Builder) Graph() *onnx.Graph { return b.g }

// Output marks the named values as graph outputs, in order, and returns the
// finished graph.
func (b *Builder) Output(names ...string) *onnx.Graph {
	for _, n := range names {
		b.g.Outputs = append(b.g.Outputs, onnx.Value{Name: n, DType: b.g.Types[n], Shape: b.g.Shapes[n]})
	}
	return b.g
}
