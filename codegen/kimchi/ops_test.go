package kcircuit

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/quant"
)

// gb builds small graphs; each node's output shape comes from the float
// reference kernel run on zeros.
type gb struct {
	t testing.TB
	g *onnx.Graph
}

func newGB(t testing.TB) *gb {
	return &gb{t: t, g: &onnx.Graph{Opset: 13, Consts: map[string]*onnx.Tensor{},
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

func (b *gb) output(names ...string) *onnx.Graph {
	for _, n := range names {
		b.g.Outputs = append(b.g.Outputs, onnx.Value{Name: n, DType: b.g.Types[n], Shape: b.g.Shapes[n]})
	}
	return b.g
}

func ints(v ...int64) onnx.Attr     { return onnx.Attr{Type: onnx.AttrInts, Ints: v} }
func intAttr(v int64) onnx.Attr     { return onnx.Attr{Type: onnx.AttrInt, I: v} }
func floatAttr(v float64) onnx.Attr { return onnx.Attr{Type: onnx.AttrFloat, F: v} }

func seq(n int, f func(i int) float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

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
			return newGB(t).input("a", F, 2, 3).input("b", F, 3, 4).node("MatMul", nil, "y", "a", "b").output("y")
		}},
		{"matmul batched const", []quant.Kind{quant.KindMatMul}, func(t testing.TB) *onnx.Graph {
			return newGB(t).input("a", F, 2, 2, 3).constant("w", F, onnx.Shape{3, 2}, seq(6, w)...).node("MatMul", nil, "y", "a", "w").output("y")
		}},
		{"gemm transA computed bias", []quant.Kind{quant.KindGemm}, func(t testing.TB) *onnx.Graph {
			return newGB(t).input("a", F, 3, 2).input("c", F, 2, 4).constant("w", F, onnx.Shape{3, 4}, seq(12, w)...).
				node("Gemm", onnx.Attrs{"transA": intAttr(1), "alpha": floatAttr(0.5)}, "y", "a", "w", "c").output("y")
		}},
		{"conv grouped strided", []quant.Kind{quant.KindConv}, func(t testing.TB) *onnx.Graph {
			return newGB(t).input("x", F, 1, 4, 5, 5).constant("w", F, onnx.Shape{4, 2, 3, 3}, seq(72, w)...).constant("b", F, onnx.Shape{4}, 0.5, -0.25, 1, 0).
				node("Conv", onnx.Attrs{"group": intAttr(2), "strides": ints(2, 2), "pads": ints(1, 1, 1, 1)}, "y", "x", "w", "b").output("y")
		}},
		{"conv 1-D", []quant.Kind{quant.KindConv}, func(t testing.TB) *onnx.Graph {
			return newGB(t).input("x", F, 1, 2, 7).constant("w", F, onnx.Shape{3, 2, 3}, seq(18, w)...).
				node("Conv", onnx.Attrs{"dilations": ints(2)}, "y", "x", "w").output("y")
		}},
		{"add computed, broadcast", []quant.Kind{quant.KindAdd}, func(t testing.TB) *onnx.Graph {
			return newGB(t).input("a", F, 2, 3).input("b", F, 3).node("Add", nil, "y", "a", "b").output("y")
		}},
		{"add integer input (alignment shift)", []quant.Kind{quant.KindAdd}, func(t testing.TB) *onnx.Graph {
			return newGB(t).input("a", F, 4).input("n", onnx.Int64, 4).node("Add", nil, "y", "a", "n").output("y")
		}},
		{"sub constant", []quant.Kind{quant.KindSub}, func(t testing.TB) *onnx.Graph {
			return newGB(t).input("a", F, 5).constant("c", F, onnx.Shape{5}, 1, -2, 0.5, 3, -0.125).node("Sub", nil, "y", "c", "a").output("y")
		}},
		{"mul constant and computed", []quant.Kind{quant.KindMul}, func(t testing.TB) *onnx.Graph {
			return newGB(t).input("a", F, 4).input("b", F, 4).constant("c", F, onnx.Shape{4}, 0.3, -1.7, 2, 0).
				node("Mul", nil, "m", "a", "c").node("Mul", nil, "y", "m", "b").output("y")
		}},
		{"div integer and fractional", []quant.Kind{quant.KindDivRound, quant.KindMul}, func(t testing.TB) *onnx.Graph {
			return newGB(t).input("a", F, 4).constant("d", F, onnx.Shape{4}, 3, -2, 7, 1).constant("h", F, onnx.Shape{}, 0.5).
				node("Div", nil, "q", "a", "d").node("Div", nil, "y", "q", "h").output("y")
		}},
		{"relu leaky clip", []quant.Kind{quant.KindRelu, quant.KindLeakyRelu, quant.KindClip}, func(t testing.TB) *onnx.Graph {
			return newGB(t).input("a", F, 6).constant("lo", F, onnx.Shape{}, -1.5).constant("hi", F, onnx.Shape{}, 2.25).
				node("LeakyRelu", onnx.Attrs{"alpha": floatAttr(0.1)}, "l", "a").
				node("Clip", nil, "c", "l", "lo", "hi").node("Relu", nil, "y", "c").output("y", "l", "c")
		}},
		{"leaky alpha 3", []quant.Kind{quant.KindLeakyRelu}, func(t testing.TB) *onnx.Graph {
			return newGB(t).input("a", F, 6).node("LeakyRelu", onnx.Attrs{"alpha": floatAttr(3)}, "y", "a").output("y")
		}},
		{"sigmoid tanh", []quant.Kind{quant.KindTable}, func(t testing.TB) *onnx.Graph {
			return newGB(t).input("a", F, 6).node("Sigmoid", nil, "s", "a").node("Tanh", nil, "y", "a").output("s", "y")
		}},
		{"softmax axis 0", []quant.Kind{quant.KindSoftmax}, func(t testing.TB) *onnx.Graph {
			return newGB(t).input("a", F, 3, 4).node("Softmax", onnx.Attrs{"axis": intAttr(0)}, "y", "a").output("y")
		}},
		{"pools", []quant.Kind{quant.KindMaxPool, quant.KindAvgPool}, func(t testing.TB) *onnx.Graph {
			return newGB(t).input("x", F, 1, 2, 5, 5).
				node("MaxPool", onnx.Attrs{"kernel_shape": ints(3, 3), "strides": ints(2, 2), "pads": ints(1, 1, 1, 1)}, "m", "x").
				node("AveragePool", onnx.Attrs{"kernel_shape": ints(2, 2), "pads": ints(1, 1, 0, 0)}, "a", "x").
				node("AveragePool", onnx.Attrs{"kernel_shape": ints(3, 3), "pads": ints(1, 1, 1, 1), "count_include_pad": intAttr(1)}, "c", "x").
				node("GlobalAveragePool", nil, "g", "x").node("GlobalMaxPool", nil, "h", "x").output("m", "a", "c", "g", "h")
		}},
		{"batchnorm", []quant.Kind{quant.KindBatchNorm}, func(t testing.TB) *onnx.Graph {
			return newGB(t).input("x", F, 1, 2, 3).constant("s", F, onnx.Shape{2}, 1.5, -0.5).constant("b", F, onnx.Shape{2}, 0.25, 1).
				constant("m", F, onnx.Shape{2}, 0.1, -0.2).constant("v", F, onnx.Shape{2}, 2, 0.5).
				node("BatchNormalization", nil, "y", "x", "s", "b", "m", "v").output("y")
		}},
		{"moves", []quant.Kind{quant.KindMove}, func(t testing.TB) *onnx.Graph {
			return newGB(t).input("x", F, 2, 3).constant("c", F, onnx.Shape{2, 1}, 0.5, -0.75).
				constant("pads", onnx.Int64, onnx.Shape{4}, 0, 1, 1, 0).constant("pv", F, onnx.Shape{}, 1.25).
				constant("idx", onnx.Int64, onnx.Shape{2}, 2, 0).constant("shape", onnx.Int64, onnx.Shape{2}, 1, -1).
				node("Transpose", onnx.Attrs{"perm": ints(1, 0)}, "t", "x").
				node("Transpose", onnx.Attrs{"perm": ints(1, 0)}, "tt", "t").
				node("Concat", onnx.Attrs{"axis": intAttr(1)}, "cc", "tt", "c", "x").
				node("Pad", nil, "p", "cc", "pads", "pv").
				node("Gather", onnx.Attrs{"axis": intAttr(1)}, "g", "p", "idx").
				node("Reshape", nil, "y", "g", "shape").output("y")
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
