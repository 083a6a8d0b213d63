package quant

import (
	"testing"

	"github.com/zkml-mina/zkml/onnx"
)

// gb builds small graphs for tests; each node's output shape comes from the
// float reference kernel run on zeros.
type gb struct {
	t testing.TB
	g *onnx.Graph
}

func newGB(t testing.TB, opset int) *gb {
	return &gb{t: t, g: &onnx.Graph{Opset: opset, Consts: map[string]*onnx.Tensor{},
		Shapes: map[string]onnx.Shape{}, Types: map[string]onnx.DataType{}}}
}

func (b *gb) input(name string, dt onnx.DataType, shape ...int) *gb {
	b.g.Inputs = append(b.g.Inputs, onnx.Value{Name: name, DType: dt, Shape: shape})
	b.g.Shapes[name], b.g.Types[name] = shape, dt
	return b
}

func (b *gb) constant(name string, shape onnx.Shape, data ...float64) *gb {
	if len(data) != shape.Size() {
		b.t.Fatalf("constant %s: %d values for shape %v", name, len(data), shape)
	}
	b.g.Consts[name] = &onnx.Tensor{DType: onnx.Float, Shape: shape, Data: data}
	b.g.Shapes[name], b.g.Types[name] = shape, onnx.Float
	return b
}

func (b *gb) node(op string, attrs onnx.Attrs, out string, inputs ...string) *gb {
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

func (b *gb) output(names ...string) *onnx.Graph {
	for _, n := range names {
		b.g.Outputs = append(b.g.Outputs, onnx.Value{Name: n, DType: b.g.Types[n], Shape: b.g.Shapes[n]})
	}
	return b.g
}

func ints(v ...int64) onnx.Attr {
	return onnx.Attr{Type: onnx.AttrInts, Ints: v}
}

func intAttr(v int64) onnx.Attr     { return onnx.Attr{Type: onnx.AttrInt, I: v} }
func floatAttr(v float64) onnx.Attr { return onnx.Attr{Type: onnx.AttrFloat, F: v} }

// runInts compiles g at cfg and runs it on integer inputs, returning the
// first output.
func runInts(t testing.TB, g *onnx.Graph, cfg Config, inputs map[string][]int64) ([]int64, *Program, error) {
	t.Helper()
	p, err := Compile(g, cfg)
	if err != nil {
		return nil, nil, err
	}
	tr, err := p.Run(inputs)
	if err != nil {
		return nil, p, err
	}
	return tr.Outputs[0].Data, p, nil
}
