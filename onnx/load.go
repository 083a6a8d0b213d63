package onnx

import (
	"errors"
	"fmt"
	"os"

	"google.golang.org/protobuf/proto"

	"github.com/zkml-mina/zkml/onnx/onnxpb"
)

// Supported default-domain opset versions.
const (
	MinOpset = 9
	MaxOpset = 21
)

// LoadFile reads, validates and shapes the ONNX model at path.
func LoadFile(path string) (*Model, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	m, err := Decode(b)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", path, err)
	}
	return m, nil
}

// ErrNotONNX reports bytes that are not an ONNX model.
var ErrNotONNX = errors.New("not an ONNX model")

// Decode parses a serialized ModelProto, then validates it, infers every
// shape, folds constants and folds BatchNormalization where exact.
func Decode(b []byte) (*Model, error) {
	var p onnxpb.ModelProto
	if err := proto.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotONNX, err)
	}
	if p.Graph == nil || p.IrVersion == nil {
		return nil, fmt.Errorf("%w: no graph or IR version", ErrNotONNX)
	}
	m := &Model{IRVersion: p.GetIrVersion(), Producer: p.GetProducerName()}
	opset := -1
	for _, o := range p.OpsetImport {
		if d := o.GetDomain(); d == "" || d == "ai.onnx" {
			opset = int(o.GetVersion())
		}
	}
	if opset < 0 {
		// IR version 1-2 models had no opset import; the default domain was implied.
		return nil, &UnsupportedError{What: "model without a default-domain opset import"}
	}
	if opset < MinOpset || opset > MaxOpset {
		return nil, &UnsupportedError{What: fmt.Sprintf("opset %d (supported: %d to %d)", opset, MinOpset, MaxOpset)}
	}
	m.Opset = opset
	g, err := buildGraph(p.Graph, opset)
	if err != nil {
		return nil, err
	}
	m.Graph = g
	return m, nil
}

// buildGraph converts the protobuf graph into the IR and runs every pass.
func buildGraph(pg *onnxpb.GraphProto, opset int) (*Graph, error) {
	g := &Graph{
		Name:   pg.GetName(),
		Opset:  opset,
		Consts: map[string]*Tensor{},
		Shapes: map[string]Shape{},
		Types:  map[string]DataType{},
	}
	for _, init := range pg.Initializer {
		name := init.GetName()
		if name == "" {
			return nil, invalidf("initializer without a name")
		}
		if _, dup := g.Consts[name]; dup {
			return nil, invalidf("duplicate initializer %q", name)
		}
		t, err := TensorFromProto(init)
		if err != nil {
			return nil, fmt.Errorf("initializer: %w", err)
		}
		g.Consts[name] = t
	}
	for _, vi := range pg.Input {
		name := vi.GetName()
		if _, isConst := g.Consts[name]; isConst {
			continue // IR < 4 lists initializers among the inputs
		}
		v, err := valueFromProto(vi, true)
		if err != nil {
			return nil, err
		}
		if _, dup := g.Types[name]; dup {
			return nil, invalidf("duplicate graph input %q", name)
		}
		g.Inputs = append(g.Inputs, v)
		g.Shapes[name] = v.Shape
		g.Types[name] = v.DType
	}
	for name, t := range g.Consts {
		g.Shapes[name] = t.Shape
		g.Types[name] = t.DType
	}
	nodes := make([]*Node, 0, len(pg.Node))
	for i, pn := range pg.Node {
		n, err := nodeFromProto(pn, i, opset)
		if err != nil {
			return nil, err
		}
		nodes = append(nodes, n)
	}
	sorted, err := topoSort(nodes, g)
	if err != nil {
		return nil, err
	}
	if err := g.infer(sorted, opset); err != nil {
		return nil, err
	}
	for _, vo := range pg.Output {
		name := vo.GetName()
		s, ok := g.Shapes[name]
		if !ok {
			return nil, invalidf("graph output %q is never produced", name)
		}
		declared, err := valueFromProto(vo, false)
		if err != nil {
			return nil, err
		}
		if declared.Shape != nil && !declared.Shape.Equal(s) {
			return nil, invalidf("graph output %q is declared %v but inferred %v", name, declared.Shape, s)
		}
		g.Outputs = append(g.Outputs, Value{Name: name, DType: g.Types[name], Shape: s})
	}
	if len(g.Outputs) == 0 {
		return nil, invalidf("graph has no outputs")
	}
	if err := foldBatchNorm(g); err != nil {
		return nil, err
	}
	g.prune()
	return g, nil
}

// valueFromProto reads a ValueInfoProto. For graph inputs the shape must be
// known; a symbolic leading (batch) dimension is taken as 1.
func valueFromProto(vi *onnxpb.ValueInfoProto, requireShape bool) (Value, error) {
	v := Value{Name: vi.GetName()}
	if v.Name == "" {
		return v, invalidf("graph input or output without a name")
	}
	tt := vi.GetType().GetTensorType()
	if tt == nil {
		if requireShape {
			return v, &UnsupportedError{What: fmt.Sprintf("input %q that is not a tensor", v.Name)}
		}
		return v, nil
	}
	v.DType = DataType(tt.GetElemType())
	if requireShape && !v.DType.Numeric() {
		return v, &UnsupportedError{What: fmt.Sprintf("input %q of type %s", v.Name, v.DType)}
	}
	if tt.Shape == nil {
		if requireShape {
			return v, invalidf("input %q has no shape", v.Name)
		}
		return v, nil
	}
	v.Shape = Shape{}
	for i, d := range tt.Shape.Dim {
		_, known := d.GetValue().(*onnxpb.TensorShapeProto_Dimension_DimValue)
		switch {
		case known && (d.GetDimValue() < 0 || d.GetDimValue() > maxElements):
			return v, invalidf("value %q has dimension %d = %d", v.Name, i, d.GetDimValue())
		case known:
			v.Shape = append(v.Shape, int(d.GetDimValue()))
		case i == 0 && requireShape:
			v.Shape = append(v.Shape, 1) // symbolic batch dimension
		case requireShape:
			return v, &UnsupportedError{What: fmt.Sprintf("input %q with a symbolic dimension %d (%q)", v.Name, i, d.GetDimParam())}
		default:
			return Value{Name: v.Name, DType: v.DType}, nil // output with symbolic dims: skip the check
		}
	}
	if err := checkShape(v.Shape); err != nil {
		return v, fmt.Errorf("input %q: %w", v.Name, err)
	}
	return v, nil
}

func nodeFromProto(pn *onnxpb.NodeProto, index, opset int) (*Node, error) {
	n := &Node{Name: pn.GetName(), Op: pn.GetOpType(), Attrs: Attrs{}}
	n.Inputs = append(n.Inputs, pn.Input...)
	n.Outputs = append(n.Outputs, pn.Output...)
	if n.Name == "" {
		n.Name = fmt.Sprintf("#%d", index)
	}
	if d := pn.GetDomain(); d != "" && d != "ai.onnx" {
		return nil, &UnsupportedError{Node: n.Name, Op: d + "." + n.Op, Opset: opset}
	}
	if _, ok := opTable[n.Op]; !ok {
		return nil, &UnsupportedError{Node: n.Name, Op: n.Op, Opset: opset}
	}
	for _, pa := range pn.Attribute {
		a, err := attrFromProto(pa)
		if err != nil {
			var ue *UnsupportedError
			if errors.As(err, &ue) {
				ue.Node, ue.Op, ue.Opset = n.Name, n.Op, opset
			}
			return nil, fmt.Errorf("%s: %w", n, err)
		}
		n.Attrs[pa.GetName()] = a
	}
	return n, nil
}

// topoSort orders the nodes so that every input is defined before use and
// rejects undefined, duplicate and cyclic names.
func topoSort(nodes []*Node, g *Graph) ([]*Node, error) {
	producer := map[string]int{}
	for i, n := range nodes {
		if len(n.Outputs) == 0 {
			return nil, invalidf("%s has no outputs", n)
		}
		for _, o := range n.Outputs {
			if o == "" {
				continue
			}
			if _, dup := producer[o]; dup {
				return nil, invalidf("value %q is produced twice", o)
			}
			if _, isSource := g.Types[o]; isSource {
				return nil, invalidf("%s redefines graph input or initializer %q", n, o)
			}
			producer[o] = i
		}
	}
	for _, n := range nodes {
		for _, in := range n.Inputs {
			if in == "" {
				continue
			}
			if _, ok := producer[in]; !ok {
				if _, ok := g.Types[in]; !ok {
					return nil, invalidf("%s reads undefined value %q", n, in)
				}
			}
		}
	}
	const (
		unvisited = iota
		visiting
		done
	)
	state := make([]int, len(nodes))
	order := make([]*Node, 0, len(nodes))
	var visit func(i int) error
	visit = func(i int) error {
		switch state[i] {
		case visiting:
			return invalidf("graph has a cycle through %s", nodes[i])
		case done:
			return nil
		}
		state[i] = visiting
		for _, in := range nodes[i].Inputs {
			if p, ok := producer[in]; ok && in != "" {
				if err := visit(p); err != nil {
					return err
				}
			}
		}
		state[i] = done
		order = append(order, nodes[i])
		return nil
	}
	for i := range nodes {
		if err := visit(i); err != nil {
			return nil, err
		}
	}
	return order, nil
}
