package o1js

import (
	"math/rand"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/quant"
	"github.com/zkml-mina/zkml/onnx/samples"
)

// gb builds small graphs for tests; each node's output shape comes from the
// float reference kernel run on zeros.
type gb struct {
	t testing.TB
	g *onnx.Graph
}

func newGB(t testing.TB) *gb {
	return &gb{t: t, g: &onnx.Graph{Opset: 17, Consts: map[string]*onnx.Tensor{},
		Shapes: map[string]onnx.Shape{}, Types: map[string]onnx.DataType{}}}
}

func (b *gb) input(name string, dt onnx.DataType, shape ...int) *gb {
	b.g.Inputs = append(b.g.Inputs, onnx.Value{Name: name, DType: dt, Shape: shape})
	b.g.Shapes[name], b.g.Types[name] = shape, dt
	return b
}

func (b *gb) constant(name string, dt onnx.DataType, shape onnx.Shape, data ...float64) *gb {
	if len(data) != shape.Size() {
		b.t.Fatalf("constant %s: %d values for shape %v", name, len(data), shape)
	}
	b.g.Consts[name] = &onnx.Tensor{DType: dt, Shape: shape, Data: data}
	b.g.Shapes[name], b.g.Types[name] = shape, dt
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

func (b *gb) output(name string) *onnx.Graph {
	b.g.Outputs = append(b.g.Outputs, onnx.Value{Name: name, DType: b.g.Types[name], Shape: b.g.Shapes[name]})
	return b.g
}

func fl(v float64) onnx.Attr    { return onnx.Attr{Type: onnx.AttrFloat, F: v} }
func in64(v int64) onnx.Attr    { return onnx.Attr{Type: onnx.AttrInt, I: v} }
func ints(v ...int64) onnx.Attr { return onnx.Attr{Type: onnx.AttrInts, Ints: v} }

func seq(n int, f func(i int) float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = f(i)
	}
	return v
}

// opGraphs are small graphs, one per kernel the generator lowers, with the
// broadcasting and scale-alignment cases.
func opGraphs(t *testing.T) map[string]*onnx.Graph {
	F, I := onnx.Float, onnx.Int64
	w := func(i int) float64 { return float64((i*37)%11-5) / 4 }
	gs := map[string]*onnx.Graph{}
	gs["add_values"] = newGB(t).input("x", F, 2, 3).node("Relu", nil, "r", "x").node("Add", nil, "y", "x", "r").output("y")
	gs["add_const_broadcast"] = newGB(t).input("x", F, 2, 3).constant("c", F, onnx.Shape{3}, 0.5, -1.25, 2).
		node("Add", nil, "y", "x", "c").output("y")
	gs["sub_const_first"] = newGB(t).input("x", F, 2, 3).constant("c", F, onnx.Shape{2, 1}, 1.5, -0.75).
		node("Sub", nil, "y", "c", "x").output("y")
	gs["sub_values_broadcast"] = newGB(t).input("x", F, 2, 3).constant("st", I, onnx.Shape{1}, 0).constant("en", I, onnx.Shape{1}, 1).
		constant("ax", I, onnx.Shape{1}, 1).node("Slice", nil, "m", "x", "st", "en", "ax").
		node("Sub", nil, "y", "x", "m").output("y")
	gs["mul_values"] = newGB(t).input("x", F, 2, 3).node("Sigmoid", nil, "s", "x").node("Mul", nil, "y", "x", "s").output("y")
	gs["mul_const"] = newGB(t).input("x", F, 2, 3).constant("c", F, onnx.Shape{1, 3}, 0.3, -1.7, 2.25).
		node("Mul", nil, "y", "c", "x").output("y")
	gs["div_int_const"] = newGB(t).input("x", F, 2, 3).constant("d", F, onnx.Shape{3}, 2, -3, 7).
		node("Div", nil, "y", "x", "d").output("y")
	gs["div_frac_const"] = newGB(t).input("x", F, 2, 3).constant("d", F, onnx.Shape{1}, 0.3).
		node("Div", nil, "y", "x", "d").output("y")
	gs["leakyrelu"] = newGB(t).input("x", F, 2, 3).node("LeakyRelu", onnx.Attrs{"alpha": fl(0.1)}, "y", "x").output("y")
	gs["clip_both"] = newGB(t).input("x", F, 2, 3).constant("lo", F, onnx.Shape{}, -0.5).constant("hi", F, onnx.Shape{}, 1.5).
		node("Clip", nil, "y", "x", "lo", "hi").output("y")
	gs["clip_low_only"] = newGB(t).input("x", F, 2, 3).constant("lo", F, onnx.Shape{}, 0.25).
		node("Clip", nil, "y", "x", "lo").output("y")
	gs["batchnorm"] = newGB(t).input("x", F, 1, 2, 2, 2).
		constant("g", F, onnx.Shape{2}, 1.5, -0.5).constant("b", F, onnx.Shape{2}, 0.25, 1).
		constant("mu", F, onnx.Shape{2}, 0.1, -0.2).constant("var", F, onnx.Shape{2}, 2, 0.5).
		node("BatchNormalization", nil, "y", "x", "g", "b", "mu", "var").output("y")
	gs["tanh"] = newGB(t).input("x", F, 2, 3).node("Tanh", nil, "y", "x").output("y")
	gs["concat_values"] = newGB(t).input("x", F, 2, 3).node("Relu", nil, "r", "x").
		node("Concat", onnx.Attrs{"axis": in64(1)}, "y", "x", "r").output("y")
	gs["concat_aligned"] = newGB(t).input("x", I, 2, 3).node("Sigmoid", nil, "s", "x").
		node("Concat", onnx.Attrs{"axis": in64(0)}, "y", "x", "s").output("y")
	gs["add_aligned"] = newGB(t).input("x", I, 2, 3).node("Sigmoid", nil, "s", "x").node("Add", nil, "y", "s", "x").output("y")
	gs["concat_const"] = newGB(t).input("x", F, 2, 3).constant("c", F, onnx.Shape{1, 3}, 0.5, -2, 3.25).
		node("Concat", onnx.Attrs{"axis": in64(0)}, "y", "x", "c").output("y")
	gs["pad_const"] = newGB(t).input("x", F, 1, 1, 2, 3).constant("p", I, onnx.Shape{8}, 0, 0, 1, 0, 0, 0, 0, 2).
		constant("v", F, onnx.Shape{}, -1.5).node("Pad", nil, "y", "x", "p", "v").output("y")
	gs["transpose_softmax"] = newGB(t).input("x", F, 2, 3).node("Transpose", nil, "tt", "x").
		node("Softmax", onnx.Attrs{"axis": in64(0)}, "y", "tt").output("y")
	gs["conv_bn_leaky_avgpool"] = newGB(t).input("x", F, 1, 2, 5, 5).constant("w", F, onnx.Shape{3, 2, 3, 3}, seq(54, w)...).
		constant("cb", F, onnx.Shape{3}, 0.5, -0.25, 0).
		node("Conv", onnx.Attrs{"pads": ints(1, 1, 1, 1)}, "c", "x", "w", "cb").
		node("LeakyRelu", onnx.Attrs{"alpha": fl(0.2)}, "l", "c").
		node("AveragePool", onnx.Attrs{"kernel_shape": ints(2, 2), "strides": ints(2, 2)}, "y", "l").output("y")
	return gs
}

func randInput(r *rand.Rand, p *quant.Program, lim float64) []int64 {
	in := p.Inputs[0]
	q := make([]int64, in.Shape.Size())
	s := p.Scales[in.Name]
	for i := range q {
		q[i] = int64((r.Float64()*2 - 1) * lim * float64(int64(1)<<s))
	}
	return q
}

// TestEvalMatchesProgram: model.json, interpreted as the generated circuit
// computes it (Model.Eval), reproduces Program.Run bit for bit on every
// lowered kernel, whole or split across chunks by a small row budget.
func TestEvalMatchesProgram(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	seen := map[string]bool{}
	for name, g := range opGraphs(t) {
		p, err := quant.Compile(g, quant.DefaultConfig())
		if err != nil {
			t.Errorf("%s: compile: %v", name, err)
			continue
		}
		for _, budget := range []int{0, 150} {
			m, err := Build(p, Options{Budget: budget})
			if err != nil {
				t.Errorf("%s: build: %v", name, err)
				continue
			}
			for _, s := range m.Steps {
				seen[s.Op] = true
				if len(s.Xs) > 0 {
					seen["concat"] = true
				}
			}
			if len(m.Chunks) > 1 {
				seen["chunks"] = true
			}
			if len(m.Steps) > len(p.Steps)+1 && budget > 0 {
				seen["split"] = true
			}
			for k := 0; k < 20; k++ {
				q := randInput(r, p, 6)
				tr, err := p.Run(map[string][]int64{p.Inputs[0].Name: q})
				if err != nil {
					t.Fatalf("%s: run: %v", name, err)
				}
				got, _, err := m.Eval(q)
				if err != nil {
					t.Fatalf("%s budget %d: eval: %v", name, budget, err)
				}
				if !reflect.DeepEqual(got, tr.Outputs[0].Data) {
					t.Fatalf("%s budget %d input %v: eval %v, Program.Run %v", name, budget, q, got, tr.Outputs[0].Data)
				}
			}
		}
	}
	for _, op := range []string{"sparse", "gather", "concat", "mul", "divround", "leakyrelu", "clip", "table", "softmax", "relu", "chunks", "split"} {
		if !seen[op] {
			t.Errorf("no test graph exercises %s", op)
		}
	}
}

// TestEvalSharedModels: the shared models' samples through Model.Eval equal
// Program.Run, with the default budget and with budgets that force chunks
// and split steps.
func TestEvalSharedModels(t *testing.T) {
	for _, c := range []struct {
		model  string
		budget int
	}{
		{"digits_mlp", 0}, {"digits_mlp", 700}, {"digits_cnn", 0}, {"digits_cnn", 1500}, {"game_master", 1500},
		{"credit_mlp", 0}, {"trading_bot", 300}, {"linreg_diabetes", 0}, {"mnist28_mlp", 0}, {"lenet5", 0},
	} {
		p := program(t, c.model)
		m, err := Build(p, Options{Budget: c.budget})
		if err != nil {
			t.Fatalf("%s: %v", c.model, err)
		}
		set, err := samples.Load(filepath.Join(oracle.SharedDir(t), "models", c.model, "samples.json"))
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range set.Inputs[:min(3, len(set.Inputs))] {
			q, err := p.QuantizeInput(p.Inputs[0].Name, row)
			if err != nil {
				t.Fatal(err)
			}
			tr, err := p.Run(map[string][]int64{p.Inputs[0].Name: q})
			if err != nil {
				t.Fatal(err)
			}
			got, label, err := m.Eval(q)
			if err != nil {
				t.Fatalf("%s budget %d sample %d: %v", c.model, c.budget, i, err)
			}
			if !reflect.DeepEqual(got, tr.Outputs[0].Data) {
				t.Fatalf("%s budget %d sample %d: eval %v, Program.Run %v", c.model, c.budget, i, got, tr.Outputs[0].Data)
			}
			if want := argmax(tr.Outputs[0].Data); m.Classifier && label != want {
				t.Errorf("%s: label %d, want %d", c.model, label, want)
			}
		}
	}
}

func argmax(v []int64) int {
	b := 0
	for i, x := range v {
		if x > v[b] {
			b = i
		}
	}
	return b
}
