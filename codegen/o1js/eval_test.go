package o1js

import (
	"math/rand"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/onnxtest"
	"github.com/zkml-mina/zkml/onnx/quant"
	"github.com/zkml-mina/zkml/onnx/samples"
)

// opGraphs are small graphs, one per kernel the generator lowers, with the
// broadcasting and scale-alignment cases.
func opGraphs(t *testing.T) map[string]*onnx.Graph {
	F, I := onnx.Float, onnx.Int64
	w := func(i int) float64 { return float64((i*37)%11-5) / 4 }
	gs := map[string]*onnx.Graph{}
	gs["add_values"] = onnxtest.NewBuilder(t, 17).Input("x", F, 2, 3).Node("Relu", nil, "r", "x").Node("Add", nil, "y", "x", "r").Output("y")
	gs["add_const_broadcast"] = onnxtest.NewBuilder(t, 17).Input("x", F, 2, 3).Constant("c", F, onnx.Shape{3}, 0.5, -1.25, 2).
		Node("Add", nil, "y", "x", "c").Output("y")
	gs["sub_const_first"] = onnxtest.NewBuilder(t, 17).Input("x", F, 2, 3).Constant("c", F, onnx.Shape{2, 1}, 1.5, -0.75).
		Node("Sub", nil, "y", "c", "x").Output("y")
	gs["sub_values_broadcast"] = onnxtest.NewBuilder(t, 17).Input("x", F, 2, 3).Constant("st", I, onnx.Shape{1}, 0).Constant("en", I, onnx.Shape{1}, 1).
		Constant("ax", I, onnx.Shape{1}, 1).Node("Slice", nil, "m", "x", "st", "en", "ax").
		Node("Sub", nil, "y", "x", "m").Output("y")
	gs["mul_values"] = onnxtest.NewBuilder(t, 17).Input("x", F, 2, 3).Node("Sigmoid", nil, "s", "x").Node("Mul", nil, "y", "x", "s").Output("y")
	gs["mul_const"] = onnxtest.NewBuilder(t, 17).Input("x", F, 2, 3).Constant("c", F, onnx.Shape{1, 3}, 0.3, -1.7, 2.25).
		Node("Mul", nil, "y", "c", "x").Output("y")
	gs["div_int_const"] = onnxtest.NewBuilder(t, 17).Input("x", F, 2, 3).Constant("d", F, onnx.Shape{3}, 2, -3, 7).
		Node("Div", nil, "y", "x", "d").Output("y")
	gs["div_frac_const"] = onnxtest.NewBuilder(t, 17).Input("x", F, 2, 3).Constant("d", F, onnx.Shape{1}, 0.3).
		Node("Div", nil, "y", "x", "d").Output("y")
	gs["leakyrelu"] = onnxtest.NewBuilder(t, 17).Input("x", F, 2, 3).Node("LeakyRelu", onnx.Attrs{"alpha": onnxtest.FloatAttr(0.1)}, "y", "x").Output("y")
	gs["clip_both"] = onnxtest.NewBuilder(t, 17).Input("x", F, 2, 3).Constant("lo", F, onnx.Shape{}, -0.5).Constant("hi", F, onnx.Shape{}, 1.5).
		Node("Clip", nil, "y", "x", "lo", "hi").Output("y")
	gs["clip_low_only"] = onnxtest.NewBuilder(t, 17).Input("x", F, 2, 3).Constant("lo", F, onnx.Shape{}, 0.25).
		Node("Clip", nil, "y", "x", "lo").Output("y")
	gs["batchnorm"] = onnxtest.NewBuilder(t, 17).Input("x", F, 1, 2, 2, 2).
		Constant("g", F, onnx.Shape{2}, 1.5, -0.5).Constant("b", F, onnx.Shape{2}, 0.25, 1).
		Constant("mu", F, onnx.Shape{2}, 0.1, -0.2).Constant("var", F, onnx.Shape{2}, 2, 0.5).
		Node("BatchNormalization", nil, "y", "x", "g", "b", "mu", "var").Output("y")
	gs["tanh"] = onnxtest.NewBuilder(t, 17).Input("x", F, 2, 3).Node("Tanh", nil, "y", "x").Output("y")
	gs["concat_values"] = onnxtest.NewBuilder(t, 17).Input("x", F, 2, 3).Node("Relu", nil, "r", "x").
		Node("Concat", onnx.Attrs{"axis": onnxtest.IntAttr(1)}, "y", "x", "r").Output("y")
	gs["concat_aligned"] = onnxtest.NewBuilder(t, 17).Input("x", I, 2, 3).Node("Sigmoid", nil, "s", "x").
		Node("Concat", onnx.Attrs{"axis": onnxtest.IntAttr(0)}, "y", "x", "s").Output("y")
	gs["add_aligned"] = onnxtest.NewBuilder(t, 17).Input("x", I, 2, 3).Node("Sigmoid", nil, "s", "x").Node("Add", nil, "y", "s", "x").Output("y")
	gs["concat_const"] = onnxtest.NewBuilder(t, 17).Input("x", F, 2, 3).Constant("c", F, onnx.Shape{1, 3}, 0.5, -2, 3.25).
		Node("Concat", onnx.Attrs{"axis": onnxtest.IntAttr(0)}, "y", "x", "c").Output("y")
	gs["pad_const"] = onnxtest.NewBuilder(t, 17).Input("x", F, 1, 1, 2, 3).Constant("p", I, onnx.Shape{8}, 0, 0, 1, 0, 0, 0, 0, 2).
		Constant("v", F, onnx.Shape{}, -1.5).Node("Pad", nil, "y", "x", "p", "v").Output("y")
	gs["transpose_softmax"] = onnxtest.NewBuilder(t, 17).Input("x", F, 2, 3).Node("Transpose", nil, "tt", "x").
		Node("Softmax", onnx.Attrs{"axis": onnxtest.IntAttr(0)}, "y", "tt").Output("y")
	gs["conv_bn_leaky_avgpool"] = onnxtest.NewBuilder(t, 17).Input("x", F, 1, 2, 5, 5).Constant("w", F, onnx.Shape{3, 2, 3, 3}, onnxtest.Seq(54, w)...).
		Constant("cb", F, onnx.Shape{3}, 0.5, -0.25, 0).
		Node("Conv", onnx.Attrs{"pads": onnxtest.IntsAttr(1, 1, 1, 1)}, "c", "x", "w", "cb").
		Node("LeakyRelu", onnx.Attrs{"alpha": onnxtest.FloatAttr(0.2)}, "l", "c").
		Node("AveragePool", onnx.Attrs{"kernel_shape": onnxtest.IntsAttr(2, 2), "strides": onnxtest.IntsAttr(2, 2)}, "y", "l").Output("y")
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
