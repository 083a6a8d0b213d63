package quant

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/zkml-mina/zkml/onnx"
)

func TestRescale(t *testing.T) {
	for _, c := range []struct {
		q    int64
		k    int
		want int64
	}{
		{3, 1, 2}, {-3, 1, -1}, {-5, 1, -2}, {5, 1, 3}, {1, 1, 1}, {-1, 1, 0},
		{7, 2, 2}, {-6, 2, -1}, {-7, 2, -2}, {6, 2, 2}, {-2, 2, 0}, {-3, 2, -1},
		{100, 0, 100}, {3, -2, 12}, {-3, -2, -12},
	} {
		if got := rescale(c.q, c.k); got != c.want {
			t.Errorf("rescale(%d, %d) = %d, want %d", c.q, c.k, got, c.want)
		}
	}
}

func TestQuantize(t *testing.T) {
	for _, c := range []struct {
		x    float64
		s    int
		want int64
		ok   bool
	}{
		{0.5, 0, 1, true}, {-0.5, 0, -1, true}, {2.5, 0, 3, true}, {0.1, 8, 26, true},
		{-0.3, 8, -77, true}, {1, 31, 0, false}, {-1, 31, -1 << 31, true},
		{math.NaN(), 4, 0, false}, {math.Inf(1), 4, 0, false},
	} {
		got, ok := quantize(c.x, c.s, ValueBits)
		if got != c.want || ok != c.ok {
			t.Errorf("quantize(%v, %d) = %d, %v; want %d, %v", c.x, c.s, got, ok, c.want, c.ok)
		}
	}
}

var cfg4 = Config{Scale: 4, ParamScale: 4}

// opCase is a one-node graph run on integer inputs at scale 4 with the
// integers it must produce.
type opCase struct {
	name  string
	graph func(t *testing.T) *onnx.Graph
	in    map[string][]int64
	want  []int64
	scale int // expected output scale
}

func TestOpsHandComputed(t *testing.T) {
	cases := []opCase{
		{"Gemm", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 1, 2).
				constant("w", onnx.Shape{2, 2}, 0.5, 0.25, -1, 0.125).constant("b", onnx.Shape{2}, 0.1, -0.3).
				node("Gemm", onnx.Attrs{"transB": intAttr(1)}, "y", "x", "w", "b").output("y")
		}, map[string][]int64{"x": {16, -8}}, []int64{8, -22}, 4},
		{"Gemm alpha beta", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 1, 2).
				constant("w", onnx.Shape{2, 2}, 0.5, 0.25, -1, 0.125).constant("b", onnx.Shape{2}, 0.1, -0.3).
				node("Gemm", onnx.Attrs{"transB": intAttr(1), "alpha": floatAttr(2), "beta": floatAttr(0.5)}, "y", "x", "w", "b").output("y")
		}, map[string][]int64{"x": {16, -8}}, []int64{13, -36}, 4},
		{"MatMul", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 1, 2).constant("w", onnx.Shape{2, 1}, 0.5, 0.25).
				node("MatMul", nil, "y", "x", "w").output("y")
		}, map[string][]int64{"x": {16, -8}}, []int64{6}, 4},
		{"Add const", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 1, 3).constant("c", onnx.Shape{3}, 0.5, -0.03125, 0.1).
				node("Add", nil, "y", "x", "c").output("y")
		}, map[string][]int64{"x": {1, 2, -3}}, []int64{9, 1, -1}, 4},
		{"Sub const left", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 1, 3).constant("c", onnx.Shape{3}, 0.5, -0.03125, 0.1).
				node("Sub", nil, "y", "c", "x").output("y")
		}, map[string][]int64{"x": {1, 2, -3}}, []int64{7, -3, 5}, 4},
		{"Add aligns scales", func(t *testing.T) *onnx.Graph {
			// The INT64 input has scale 0 and is multiplied by 2^4.
			return newGB(t, 13).input("x", onnx.Float, 2).input("i", onnx.Int64, 2).
				node("Cast", onnx.Attrs{"to": intAttr(int64(onnx.Float))}, "c", "i").
				node("Add", nil, "y", "x", "c").output("y")
		}, map[string][]int64{"x": {3, -5}, "i": {1, -2}}, []int64{19, -37}, 4},
		{"Mul const", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 3).constant("c", onnx.Shape{}, 0.75).
				node("Mul", nil, "y", "x", "c").output("y")
		}, map[string][]int64{"x": {5, -5, 7}}, []int64{4, -4, 5}, 4},
		{"Mul values", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 3).node("Mul", nil, "y", "x", "x").output("y")
		}, map[string][]int64{"x": {5, -5, 7}}, []int64{2, 2, 3}, 4},
		{"Div by 2", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 6).constant("d", onnx.Shape{}, 2).
				node("Div", nil, "y", "x", "d").output("y")
		}, map[string][]int64{"x": {3, -3, -5, 5, 1, -1}}, []int64{2, -1, -2, 3, 1, 0}, 4},
		{"Div by -2", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 6).constant("d", onnx.Shape{}, -2).
				node("Div", nil, "y", "x", "d").output("y")
		}, map[string][]int64{"x": {3, -3, -5, 5, 1, -1}}, []int64{-1, 2, 3, -2, 0, 1}, 4},
		{"Div by 0.5", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 2).constant("d", onnx.Shape{}, 0.5).
				node("Div", nil, "y", "x", "d").output("y")
		}, map[string][]int64{"x": {3, -3}}, []int64{6, -6}, 4},
		{"Relu", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 3).node("Relu", nil, "y", "x").output("y")
		}, map[string][]int64{"x": {-3, 0, 5}}, []int64{0, 0, 5}, 4},
		{"LeakyRelu", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 3).node("LeakyRelu", onnx.Attrs{"alpha": floatAttr(0.1)}, "y", "x").output("y")
		}, map[string][]int64{"x": {-8, 8, -3}}, []int64{-1, 8, 0}, 4},
		{"Clip inputs", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 3).constant("lo", onnx.Shape{}, -0.5).constant("hi", onnx.Shape{}, 1).
				node("Clip", nil, "y", "x", "lo", "hi").output("y")
		}, map[string][]int64{"x": {-20, 0, 20}}, []int64{-8, 0, 16}, 4},
		{"Clip attrs", func(t *testing.T) *onnx.Graph {
			return newGB(t, 9).input("x", onnx.Float, 3).
				node("Clip", onnx.Attrs{"min": floatAttr(0), "max": floatAttr(0.25)}, "y", "x").output("y")
		}, map[string][]int64{"x": {-1, 3, 9}}, []int64{0, 3, 4}, 4},
		{"Sigmoid", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 4).node("Sigmoid", nil, "y", "x").output("y")
		}, map[string][]int64{"x": {0, 1000, -1000, 16}}, []int64{8, 16, 0, 12}, 4},
		{"Tanh", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 3).node("Tanh", nil, "y", "x").output("y")
		}, map[string][]int64{"x": {8, -8, 1000}}, []int64{7, -7, 16}, 4},
		{"Softmax", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 3, 2).node("Softmax", nil, "y", "x").output("y")
		}, map[string][]int64{"x": {0, 0, 16, 0, 0, -300}}, []int64{8, 8, 12, 4, 16, 0}, 4},
		{"Softmax axis 0", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 2, 3).node("Softmax", onnx.Attrs{"axis": intAttr(0)}, "y", "x").output("y")
		}, map[string][]int64{"x": {0, 16, 0, 0, 0, -300}}, []int64{8, 12, 16, 8, 4, 0}, 4},
		{"AveragePool", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 1, 1, 2, 4).
				node("AveragePool", onnx.Attrs{"kernel_shape": ints(2, 2), "strides": ints(2, 2)}, "y", "x").output("y")
		}, map[string][]int64{"x": {1, 2, -1, -2, 3, 4, -3, -4}}, []int64{3, -2}, 4},
		{"AveragePool count_include_pad", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 1, 1, 2, 2).
				node("AveragePool", onnx.Attrs{"kernel_shape": ints(2, 2), "strides": ints(2, 2), "pads": ints(1, 1, 1, 1),
					"count_include_pad": intAttr(1)}, "y", "x").output("y")
		}, map[string][]int64{"x": {4, 5, 6, 7}}, []int64{1, 1, 2, 2}, 4},
		{"AveragePool exclude pad", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 1, 1, 2, 2).
				node("AveragePool", onnx.Attrs{"kernel_shape": ints(2, 2), "strides": ints(2, 2), "pads": ints(1, 1, 1, 1)}, "y", "x").output("y")
		}, map[string][]int64{"x": {4, 5, 6, 7}}, []int64{4, 5, 6, 7}, 4},
		{"GlobalAveragePool", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 1, 2, 1, 3).node("GlobalAveragePool", nil, "y", "x").output("y")
		}, map[string][]int64{"x": {1, 2, 4, -1, -2, -2}}, []int64{2, -2}, 4},
		{"MaxPool", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 1, 1, 2, 4).
				node("MaxPool", onnx.Attrs{"kernel_shape": ints(2, 2), "strides": ints(2, 2)}, "y", "x").output("y")
		}, map[string][]int64{"x": {1, 2, -1, -2, 3, 4, -3, -4}}, []int64{4, -1}, 4},
		{"MaxPool padding never wins", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 1, 1, 2, 2).
				node("MaxPool", onnx.Attrs{"kernel_shape": ints(2, 2), "strides": ints(2, 2), "pads": ints(1, 1, 1, 1)}, "y", "x").output("y")
		}, map[string][]int64{"x": {-4, -5, -6, -7}}, []int64{-4, -5, -6, -7}, 4},
		{"Conv", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 1, 1, 3, 3).
				constant("w", onnx.Shape{1, 1, 2, 2}, 1, 0, 0, -0.5).constant("b", onnx.Shape{1}, 0.25).
				node("Conv", nil, "y", "x", "w", "b").output("y")
		}, map[string][]int64{"x": {1, 2, 3, 4, 5, 6, 7, 8, 9}}, []int64{3, 3, 4, 5}, 4},
		{"BatchNormalization", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 1, 2, 1, 1).
				constant("g", onnx.Shape{2}, 2, 1).constant("be", onnx.Shape{2}, 0.5, 0).
				constant("mu", onnx.Shape{2}, 0, 1).constant("v", onnx.Shape{2}, 4, 1).
				node("BatchNormalization", onnx.Attrs{"epsilon": floatAttr(0)}, "y", "x", "g", "be", "mu", "v").output("y")
		}, map[string][]int64{"x": {16, -16}}, []int64{24, -32}, 4},
		{"Concat const", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 1, 2).constant("c", onnx.Shape{1, 1}, -0.5).
				node("Concat", onnx.Attrs{"axis": intAttr(1)}, "y", "x", "c").output("y")
		}, map[string][]int64{"x": {3, 4}}, []int64{3, 4, -8}, 4},
		{"Concat aligns scales", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 1, 1).input("i", onnx.Int64, 1, 1).
				node("Cast", onnx.Attrs{"to": intAttr(int64(onnx.Float))}, "c", "i").
				node("Concat", onnx.Attrs{"axis": intAttr(0)}, "y", "x", "c").output("y")
		}, map[string][]int64{"x": {3}, "i": {-1}}, []int64{3, -16}, 4},
		{"Reshape Slice Squeeze", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 6).constant("s", onnx.Shape{2}, 2, 3).
				constant("st", onnx.Shape{1}, 1).constant("en", onnx.Shape{1}, 2).constant("ax", onnx.Shape{1}, 0).
				node("Reshape", nil, "r", "x", "s").node("Slice", nil, "l", "r", "st", "en", "ax").
				node("Squeeze", nil, "y", "l", "ax").output("y")
		}, map[string][]int64{"x": {1, 2, 3, 4, 5, 6}}, []int64{4, 5, 6}, 4},
		{"Transpose", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 2, 3).node("Transpose", nil, "y", "x").output("y")
		}, map[string][]int64{"x": {1, 2, 3, 4, 5, 6}}, []int64{1, 4, 2, 5, 3, 6}, 4},
		{"Pad constant", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 1, 2).constant("p", onnx.Shape{4}, 0, 1, 0, 0).
				constant("v", onnx.Shape{}, 0.5).node("Pad", nil, "y", "x", "p", "v").output("y")
		}, map[string][]int64{"x": {3, 4}}, []int64{8, 3, 4}, 4},
		{"Gather", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 4).constant("i", onnx.Shape{2}, 3, -4).
				node("Gather", nil, "y", "x", "i").output("y")
		}, map[string][]int64{"x": {1, 2, 3, 4}}, []int64{4, 1}, 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, p, err := runInts(t, c.graph(t), cfg4, c.in)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
			if s := p.Steps[len(p.Steps)-1].OutScale; s != c.scale {
				t.Errorf("output scale %d, want %d", s, c.scale)
			}
		})
	}
}

// TestSigmoidFineScale checks the input rescale to TableScaleMax.
func TestSigmoidFineScale(t *testing.T) {
	g := newGB(t, 13).input("x", onnx.Float, 2).node("Sigmoid", nil, "y", "x").output("y")
	got, p, err := runInts(t, g, Config{Scale: 12}, map[string][]int64{"x": {6, -6}})
	if err != nil {
		t.Fatal(err)
	}
	st := p.Steps[0]
	if st.Shift != 2 || st.Table.InScale != TableScaleMax || st.Table.Min != -8<<10 || len(st.Table.Entries) != 16<<10 {
		t.Errorf("shift %d, table scale %d, min %d, len %d", st.Shift, st.Table.InScale, st.Table.Min, len(st.Table.Entries))
	}
	// rescale(6, 2) = 2 → σ(2/1024)·4096 = 2050.0; rescale(−6, 2) = −1 → 2047.0
	if want := []int64{2050, 2047}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestSoftmaxLegacyAxis(t *testing.T) {
	// Opset 11 coerces [1,2,2] to [1,4] at axis 1: one row of four.
	g := newGB(t, 11).input("x", onnx.Float, 1, 2, 2).node("Softmax", nil, "y", "x").output("y")
	got, _, err := runInts(t, g, cfg4, map[string][]int64{"x": {0, 0, 0, 0}})
	if err != nil {
		t.Fatal(err)
	}
	// e = 16 each, Z = 64: floor((256 + 32) / 64) = 4.
	if want := []int64{4, 4, 4, 4}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestRangeErrors(t *testing.T) {
	cases := []struct {
		name  string
		graph func(t *testing.T) *onnx.Graph
		in    map[string][]int64
		what  string
		node  string
		index int
	}{
		{"output overflow", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 1, 2).constant("w", onnx.Shape{2, 1}, 0, 2).
				node("MatMul", nil, "y", "x", "w").output("y")
		}, map[string][]int64{"x": {0, 1 << 30}}, "output", "y_node", 0},
		{"accumulator", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 1, 4).constant("w", onnx.Shape{4, 2}, 0, 1<<26, 0, 1<<26, 0, 1<<26, 0, 1<<26).
				node("MatMul", nil, "y", "x", "w").output("y")
		}, map[string][]int64{"x": {1<<31 - 1, 1<<31 - 1, 1<<31 - 1, 1<<31 - 1}}, "accumulator", "y_node", 1},
		{"add overflow", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 3).node("Add", nil, "y", "x", "x").output("y")
		}, map[string][]int64{"x": {0, 5, 1 << 30}}, "output", "y_node", 2},
		{"input", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 2).node("Relu", nil, "y", "x").output("y")
		}, map[string][]int64{"x": {0, 1 << 40}}, "input", "", 1},
		{"constant", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 1, 2).constant("w", onnx.Shape{2, 1}, 1, 1e10).
				node("MatMul", nil, "y", "x", "w").output("y")
		}, map[string][]int64{"x": {0, 0}}, "constant", "y_node", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := runInts(t, c.graph(t), cfg4, c.in)
			var re *RangeError
			if !errors.As(err, &re) {
				t.Fatalf("got %v, want a RangeError", err)
			}
			if re.What != c.what || re.Node != c.node || re.Index != c.index {
				t.Errorf("got %+v, want what %s node %q index %d", re, c.what, c.node, c.index)
			}
			if c.node != "" && !strings.Contains(err.Error(), c.node) {
				t.Errorf("message %q does not name the node", err)
			}
		})
	}
}

func TestUnsupported(t *testing.T) {
	cases := []struct {
		name  string
		graph func(t *testing.T) *onnx.Graph
	}{
		{"Div by value", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 2).node("Div", nil, "y", "x", "x").output("y")
		}},
		{"Conv computed weights", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 1, 1, 2, 2).input("w", onnx.Float, 1, 1, 1, 1).
				node("Conv", nil, "y", "x", "w").output("y")
		}},
		{"Gemm alpha without constant", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("a", onnx.Float, 1, 2).input("b", onnx.Float, 2, 1).
				node("Gemm", onnx.Attrs{"alpha": floatAttr(2)}, "y", "a", "b").output("y")
		}},
		{"Cast to int at scale > 0", func(t *testing.T) *onnx.Graph {
			return newGB(t, 13).input("x", onnx.Float, 2).
				node("Cast", onnx.Attrs{"to": intAttr(int64(onnx.Int64))}, "y", "x").output("y")
		}},
		{"Reshape to a computed shape", func(t *testing.T) *onnx.Graph {
			b := newGB(t, 13).input("x", onnx.Float, 2).input("s", onnx.Int64, 1)
			b.g.Consts["tmp"] = &onnx.Tensor{DType: onnx.Int64, Shape: onnx.Shape{1}, Data: []float64{2}}
			b.node("Reshape", nil, "y", "x", "tmp")
			b.g.Nodes[0].Inputs[1] = "s"
			return b.output("y")
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Compile(c.graph(t), cfg4)
			var ue *onnx.UnsupportedError
			if !errors.As(err, &ue) {
				t.Fatalf("got %v, want an UnsupportedError", err)
			}
			if ue.Node != "y_node" {
				t.Errorf("error %q does not name the node", err)
			}
		})
	}
	g := newGB(t, 13).input("x", onnx.Float, 2).output("x")
	g.Nodes = append(g.Nodes, &onnx.Node{Name: "e", Op: "Erf", Inputs: []string{"x"}, Outputs: []string{"z"}})
	g.Shapes["z"] = onnx.Shape{2}
	if _, err := Compile(g, cfg4); err == nil || !strings.Contains(err.Error(), "Erf") {
		t.Errorf("unknown op: got %v", err)
	}
}

func TestQuantizeInputAndRunFloat(t *testing.T) {
	g := newGB(t, 13).input("x", onnx.Float, 3).node("Relu", nil, "y", "x").output("y")
	p, err := Compile(g, cfg4)
	if err != nil {
		t.Fatal(err)
	}
	q, err := p.QuantizeInput("x", []float64{0.5, -0.03125, 1.03})
	if err != nil || !slices.Equal(q, []int64{8, -1, 16}) {
		t.Errorf("QuantizeInput = %v, %v", q, err)
	}
	for _, bad := range [][]float64{{1, 2}, {1, math.NaN(), 2}, {math.Inf(-1), 0, 0}} {
		var ie *onnx.InputError
		if _, err := p.QuantizeInput("x", bad); !errors.As(err, &ie) {
			t.Errorf("QuantizeInput(%v): got %v, want an InputError", bad, err)
		}
	}
	if _, err := p.QuantizeInput("nope", []float64{1, 2, 3}); err == nil {
		t.Error("QuantizeInput of an unknown input succeeded")
	}
	y, err := p.RunFloat([]float64{0.5, -2, 1.25})
	if err != nil || !slices.Equal(y, []float64{0.5, 0, 1.25}) {
		t.Errorf("RunFloat = %v, %v", y, err)
	}
	d, err := p.Dequantize("y", []int64{8, -24})
	if err != nil || !slices.Equal(d, []float64{0.5, -1.5}) {
		t.Errorf("Dequantize = %v, %v", d, err)
	}
	if _, err := p.Run(map[string][]int64{}); err == nil {
		t.Error("Run without inputs succeeded")
	}
	if _, err := p.Run(map[string][]int64{"x": {1}}); err == nil {
		t.Error("Run with a short input succeeded")
	}
}

func TestConfig(t *testing.T) {
	for _, c := range []struct {
		cfg Config
		ok  bool
	}{{DefaultConfig(), true}, {Config{Scale: 8}, true}, {Config{}, false}, {Config{Scale: 31}, false}, {Config{Scale: 8, ParamScale: -1}, false}} {
		g := newGB(t, 13).input("x", onnx.Float, 1).node("Relu", nil, "y", "x").output("y")
		p, err := Compile(g, c.cfg)
		if (err == nil) != c.ok {
			t.Errorf("Compile at %+v: %v", c.cfg, err)
		}
		if err == nil && p.Config.ParamScale == 0 {
			t.Errorf("ParamScale not resolved: %+v", p.Config)
		}
	}
}
