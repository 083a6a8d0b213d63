package kcircuit

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/onnxtest"
	"github.com/zkml-mina/zkml/onnx/quant"
)

// opCase is one small graph per Step kind (and the data-movement ops).
type opCase struct {
	name  string
	kinds []quant.Kind
	graph func(t testing.TB) *onnx.Graph
}

// opCases returns the graphs TestOps lowers.
func opCases() []opCase {
	const F = onnx.Float
	w := func(i int) float64 { return float64((i*37)%19-9) / 7 }
	return []opCase{
		{"matmul computed×computed", []quant.Kind{quant.KindMatMul}, func(t testing.TB) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("a", F, 2, 3).Input("b", F, 3, 4).Node("MatMul", nil, "y", "a", "b").Output("y")
		}},
		{"matmul batched const", []quant.Kind{quant.KindMatMul}, func(t testing.TB) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("a", F, 2, 2, 3).Constant("w", F, onnx.Shape{3, 2}, onnxtest.Seq(6, w)...).Node("MatMul", nil, "y", "a", "w").Output("y")
		}},
		{"gemm transA computed bias", []quant.Kind{quant.KindGemm}, func(t testing.TB) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("a", F, 3, 2).Input("c", F, 2, 4).Constant("w", F, onnx.Shape{3, 4}, onnxtest.Seq(12, w)...).
				Node("Gemm", onnx.Attrs{"transA": onnxtest.IntAttr(1), "alpha": onnxtest.FloatAttr(0.5)}, "y", "a", "w", "c").Output("y")
		}},
		{"conv grouped strided", []quant.Kind{quant.KindConv}, func(t testing.TB) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", F, 1, 4, 5, 5).Constant("w", F, onnx.Shape{4, 2, 3, 3}, onnxtest.Seq(72, w)...).Constant("b", F, onnx.Shape{4}, 0.5, -0.25, 1, 0).
				Node("Conv", onnx.Attrs{"group": onnxtest.IntAttr(2), "strides": onnxtest.IntsAttr(2, 2), "pads": onnxtest.IntsAttr(1, 1, 1, 1)}, "y", "x", "w", "b").Output("y")
		}},
		{"conv 1-D", []quant.Kind{quant.KindConv}, func(t testing.TB) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", F, 1, 2, 7).Constant("w", F, onnx.Shape{3, 2, 3}, onnxtest.Seq(18, w)...).
				Node("Conv", onnx.Attrs{"dilations": onnxtest.IntsAttr(2)}, "y", "x", "w").Output("y")
		}},
		{"add computed, broadcast", []quant.Kind{quant.KindAdd}, func(t testing.TB) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("a", F, 2, 3).Input("b", F, 3).Node("Add", nil, "y", "a", "b").Output("y")
		}},
		{"add integer input (alignment shift)", []quant.Kind{quant.KindAdd}, func(t testing.TB) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("a", F, 4).Input("n", onnx.Int64, 4).Node("Add", nil, "y", "a", "n").Output("y")
		}},
		{"sub constant", []quant.Kind{quant.KindSub}, func(t testing.TB) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("a", F, 5).Constant("c", F, onnx.Shape{5}, 1, -2, 0.5, 3, -0.125).Node("Sub", nil, "y", "c", "a").Output("y")
		}},
		{"mul constant and computed", []quant.Kind{quant.KindMul}, func(t testing.TB) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("a", F, 4).Input("b", F, 4).Constant("c", F, onnx.Shape{4}, 0.3, -1.7, 2, 0).
				Node("Mul", nil, "m", "a", "c").Node("Mul", nil, "y", "m", "b").Output("y")
		}},
		{"div integer and fractional", []quant.Kind{quant.KindDivRound, quant.KindMul}, func(t testing.TB) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("a", F, 4).Constant("d", F, onnx.Shape{4}, 3, -2, 7, 1).Constant("h", F, onnx.Shape{}, 0.5).
				Node("Div", nil, "q", "a", "d").Node("Div", nil, "y", "q", "h").Output("y")
		}},
		{"relu leaky clip", []quant.Kind{quant.KindRelu, quant.KindLeakyRelu, quant.KindClip}, func(t testing.TB) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("a", F, 6).Constant("lo", F, onnx.Shape{}, -1.5).Constant("hi", F, onnx.Shape{}, 2.25).
				Node("LeakyRelu", onnx.Attrs{"alpha": onnxtest.FloatAttr(0.1)}, "l", "a").
				Node("Clip", nil, "c", "l", "lo", "hi").Node("Relu", nil, "y", "c").Output("y", "l", "c")
		}},
		{"leaky alpha 3", []quant.Kind{quant.KindLeakyRelu}, func(t testing.TB) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("a", F, 6).Node("LeakyRelu", onnx.Attrs{"alpha": onnxtest.FloatAttr(3)}, "y", "a").Output("y")
		}},
		{"sigmoid tanh", []quant.Kind{quant.KindTable}, func(t testing.TB) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("a", F, 6).Node("Sigmoid", nil, "s", "a").Node("Tanh", nil, "y", "a").Output("s", "y")
		}},
		{"softmax axis 0", []quant.Kind{quant.KindSoftmax}, func(t testing.TB) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("a", F, 3, 4).Node("Softmax", onnx.Attrs{"axis": onnxtest.IntAttr(0)}, "y", "a").Output("y")
		}},
		{"pools", []quant.Kind{quant.KindMaxPool, quant.KindAvgPool}, func(t testing.TB) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", F, 1, 2, 5, 5).
				Node("MaxPool", onnx.Attrs{"kernel_shape": onnxtest.IntsAttr(3, 3), "strides": onnxtest.IntsAttr(2, 2), "pads": onnxtest.IntsAttr(1, 1, 1, 1)}, "m", "x").
				Node("AveragePool", onnx.Attrs{"kernel_shape": onnxtest.IntsAttr(2, 2), "pads": onnxtest.IntsAttr(1, 1, 0, 0)}, "a", "x").
				Node("AveragePool", onnx.Attrs{"kernel_shape": onnxtest.IntsAttr(3, 3), "pads": onnxtest.IntsAttr(1, 1, 1, 1), "count_include_pad": onnxtest.IntAttr(1)}, "c", "x").
				Node("GlobalAveragePool", nil, "g", "x").Node("GlobalMaxPool", nil, "h", "x").Output("m", "a", "c", "g", "h")
		}},
		{"batchnorm", []quant.Kind{quant.KindBatchNorm}, func(t testing.TB) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", F, 1, 2, 3).Constant("s", F, onnx.Shape{2}, 1.5, -0.5).Constant("b", F, onnx.Shape{2}, 0.25, 1).
				Constant("m", F, onnx.Shape{2}, 0.1, -0.2).Constant("v", F, onnx.Shape{2}, 2, 0.5).
				Node("BatchNormalization", nil, "y", "x", "s", "b", "m", "v").Output("y")
		}},
		{"moves", []quant.Kind{quant.KindMove}, func(t testing.TB) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", F, 2, 3).Constant("c", F, onnx.Shape{2, 1}, 0.5, -0.75).
				Constant("pads", onnx.Int64, onnx.Shape{4}, 0, 1, 1, 0).Constant("pv", F, onnx.Shape{}, 1.25).
				Constant("idx", onnx.Int64, onnx.Shape{2}, 2, 0).Constant("shape", onnx.Int64, onnx.Shape{2}, 1, -1).
				Node("Transpose", onnx.Attrs{"perm": onnxtest.IntsAttr(1, 0)}, "t", "x").
				Node("Transpose", onnx.Attrs{"perm": onnxtest.IntsAttr(1, 0)}, "tt", "t").
				Node("Concat", onnx.Attrs{"axis": onnxtest.IntAttr(1)}, "cc", "tt", "c", "x").
				Node("Pad", nil, "p", "cc", "pads", "pv").
				Node("Gather", onnx.Attrs{"axis": onnxtest.IntAttr(1)}, "g", "p", "idx").
				Node("Reshape", nil, "y", "g", "shape").Output("y")
		}},
	}
}

// TestOps lowers every opCases graph with each range-check backend and
// checks random and edge inputs: the witness satisfies the circuit and the
// outputs are Program.Run's integers.
func TestOps(t *testing.T) {
	for _, bits := range backends {
		rng := rand.New(rand.NewPCG(5, 6))
		for _, tc := range opCases() {
			t.Run(fmt.Sprintf("L=%d/%s", bits, tc.name), func(t *testing.T) {
				testOp(t, tc, bits, rng)
			})
		}
	}
}

func testOp(t *testing.T, tc opCase, bits int, rng *rand.Rand) {
	p, err := quant.Compile(tc.graph(t), quant.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range tc.kinds {
		if !slices.ContainsFunc(p.Steps, func(s *quant.Step) bool { return s.Kind == k }) {
			t.Fatalf("program has no %v step: %v", k, p.Steps)
		}
	}
	cc, err := Compile(p, Options{Input: InputPrivate, RangeLimbBits: bits})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%v", cc.Stats)
	ran := 0
	for trial := range 12 {
		in := map[string][]int64{}
		for _, v := range p.Inputs {
			q := make([]int64, v.Shape.Size())
			s := p.Scales[v.Name]
			for i := range q {
				switch {
				case trial == 0:
					q[i] = 0
				case trial == 1 && s > 0:
					// saturating and extreme values
					q[i] = []int64{1 << 20, -(1 << 20), 20 << s, -(20 << s), 1, -1}[i%6]
				default:
					q[i] = int64(rng.IntN(8<<s+1)) - 4<<s
				}
			}
			in[v.Name] = q
		}
		tr, err := p.Run(in)
		if err != nil {
			continue // the evaluator's range errors are not circuit cases
		}
		ran++
		a, err := cc.WitnessFromTrace(tr)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		if err := cc.Circuit.Check(a.Columns, a.RuntimeTables...); err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		outs, err := cc.Outputs(a.Public)
		if err != nil {
			t.Fatal(err)
		}
		for k, o := range tr.Outputs {
			if !slices.Equal(outs[k], o.Data) {
				t.Fatalf("trial %d output %d: circuit %v, evaluator %v", trial, k, outs[k], o.Data)
			}
		}
	}
	if ran < 8 {
		t.Fatalf("only %d of 12 trials ran", ran)
	}
}
