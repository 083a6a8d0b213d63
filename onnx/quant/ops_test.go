package quant

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/onnxtest"
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
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 1, 2).
				Constant("w", onnx.Float, onnx.Shape{2, 2}, 0.5, 0.25, -1, 0.125).Constant("b", onnx.Float, onnx.Shape{2}, 0.1, -0.3).
				Node("Gemm", onnx.Attrs{"transB": onnxtest.IntAttr(1)}, "y", "x", "w", "b").Output("y")
		}, map[string][]int64{"x": {16, -8}}, []int64{8, -22}, 4},
		{"Gemm alpha beta", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 1, 2).
				Constant("w", onnx.Float, onnx.Shape{2, 2}, 0.5, 0.25, -1, 0.125).Constant("b", onnx.Float, onnx.Shape{2}, 0.1, -0.3).
				Node("Gemm", onnx.Attrs{"transB": onnxtest.IntAttr(1), "alpha": onnxtest.FloatAttr(2), "beta": onnxtest.FloatAttr(0.5)}, "y", "x", "w", "b").Output("y")
		}, map[string][]int64{"x": {16, -8}}, []int64{13, -36}, 4},
		{"MatMul", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 1, 2).Constant("w", onnx.Float, onnx.Shape{2, 1}, 0.5, 0.25).
				Node("MatMul", nil, "y", "x", "w").Output("y")
		}, map[string][]int64{"x": {16, -8}}, []int64{6}, 4},
		{"Add const", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 1, 3).Constant("c", onnx.Float, onnx.Shape{3}, 0.5, -0.03125, 0.1).
				Node("Add", nil, "y", "x", "c").Output("y")
		}, map[string][]int64{"x": {1, 2, -3}}, []int64{9, 1, -1}, 4},
		{"Sub const left", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 1, 3).Constant("c", onnx.Float, onnx.Shape{3}, 0.5, -0.03125, 0.1).
				Node("Sub", nil, "y", "c", "x").Output("y")
		}, map[string][]int64{"x": {1, 2, -3}}, []int64{7, -3, 5}, 4},
		{"Add aligns scales", func(t *testing.T) *onnx.Graph {
			// The INT64 input has scale 0 and is multiplied by 2^4.
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 2).Input("i", onnx.Int64, 2).
				Node("Cast", onnx.Attrs{"to": onnxtest.IntAttr(int64(onnx.Float))}, "c", "i").
				Node("Add", nil, "y", "x", "c").Output("y")
		}, map[string][]int64{"x": {3, -5}, "i": {1, -2}}, []int64{19, -37}, 4},
		{"Mul const", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 3).Constant("c", onnx.Float, onnx.Shape{}, 0.75).
				Node("Mul", nil, "y", "x", "c").Output("y")
		}, map[string][]int64{"x": {5, -5, 7}}, []int64{4, -4, 5}, 4},
		{"Mul values", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 3).Node("Mul", nil, "y", "x", "x").Output("y")
		}, map[string][]int64{"x": {5, -5, 7}}, []int64{2, 2, 3}, 4},
		{"Div by 2", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 6).Constant("d", onnx.Float, onnx.Shape{}, 2).
				Node("Div", nil, "y", "x", "d").Output("y")
		}, map[string][]int64{"x": {3, -3, -5, 5, 1, -1}}, []int64{2, -1, -2, 3, 1, 0}, 4},
		{"Div by -2", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 6).Constant("d", onnx.Float, onnx.Shape{}, -2).
				Node("Div", nil, "y", "x", "d").Output("y")
		}, map[string][]int64{"x": {3, -3, -5, 5, 1, -1}}, []int64{-1, 2, 3, -2, 0, 1}, 4},
		{"Div by 0.5", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 2).Constant("d", onnx.Float, onnx.Shape{}, 0.5).
				Node("Div", nil, "y", "x", "d").Output("y")
		}, map[string][]int64{"x": {3, -3}}, []int64{6, -6}, 4},
		{"Relu", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 3).Node("Relu", nil, "y", "x").Output("y")
		}, map[string][]int64{"x": {-3, 0, 5}}, []int64{0, 0, 5}, 4},
		{"LeakyRelu", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 3).Node("LeakyRelu", onnx.Attrs{"alpha": onnxtest.FloatAttr(0.1)}, "y", "x").Output("y")
		}, map[string][]int64{"x": {-8, 8, -3}}, []int64{-1, 8, 0}, 4},
		{"Clip inputs", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 3).Constant("lo", onnx.Float, onnx.Shape{}, -0.5).Constant("hi", onnx.Float, onnx.Shape{}, 1).
				Node("Clip", nil, "y", "x", "lo", "hi").Output("y")
		}, map[string][]int64{"x": {-20, 0, 20}}, []int64{-8, 0, 16}, 4},
		{"Clip attrs", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 9).Input("x", onnx.Float, 3).
				Node("Clip", onnx.Attrs{"min": onnxtest.FloatAttr(0), "max": onnxtest.FloatAttr(0.25)}, "y", "x").Output("y")
		}, map[string][]int64{"x": {-1, 3, 9}}, []int64{0, 3, 4}, 4},
		{"Sigmoid", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 4).Node("Sigmoid", nil, "y", "x").Output("y")
		}, map[string][]int64{"x": {0, 1000, -1000, 16}}, []int64{8, 16, 0, 12}, 4},
		{"Tanh", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 3).Node("Tanh", nil, "y", "x").Output("y")
		}, map[string][]int64{"x": {8, -8, 1000}}, []int64{7, -7, 16}, 4},
		{"Softmax", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 3, 2).Node("Softmax", nil, "y", "x").Output("y")
		}, map[string][]int64{"x": {0, 0, 16, 0, 0, -300}}, []int64{8, 8, 12, 4, 16, 0}, 4},
		{"Softmax axis 0", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 2, 3).Node("Softmax", onnx.Attrs{"axis": onnxtest.IntAttr(0)}, "y", "x").Output("y")
		}, map[string][]int64{"x": {0, 16, 0, 0, 0, -300}}, []int64{8, 12, 16, 8, 4, 0}, 4},
		{"AveragePool", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 1, 1, 2, 4).
				Node("AveragePool", onnx.Attrs{"kernel_shape": onnxtest.IntsAttr(2, 2), "strides": onnxtest.IntsAttr(2, 2)}, "y", "x").Output("y")
		}, map[string][]int64{"x": {1, 2, -1, -2, 3, 4, -3, -4}}, []int64{3, -2}, 4},
		{"AveragePool count_include_pad", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 1, 1, 2, 2).
				Node("AveragePool", onnx.Attrs{"kernel_shape": onnxtest.IntsAttr(2, 2), "strides": onnxtest.IntsAttr(2, 2), "pads": onnxtest.IntsAttr(1, 1, 1, 1),
					"count_include_pad": onnxtest.IntAttr(1)}, "y", "x").Output("y")
		}, map[string][]int64{"x": {4, 5, 6, 7}}, []int64{1, 1, 2, 2}, 4},
		{"AveragePool exclude pad", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 1, 1, 2, 2).
				Node("AveragePool", onnx.Attrs{"kernel_shape": onnxtest.IntsAttr(2, 2), "strides": onnxtest.IntsAttr(2, 2), "pads": onnxtest.IntsAttr(1, 1, 1, 1)}, "y", "x").Output("y")
		}, map[string][]int64{"x": {4, 5, 6, 7}}, []int64{4, 5, 6, 7}, 4},
		{"GlobalAveragePool", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 1, 2, 1, 3).Node("GlobalAveragePool", nil, "y", "x").Output("y")
		}, map[string][]int64{"x": {1, 2, 4, -1, -2, -2}}, []int64{2, -2}, 4},
		{"MaxPool", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 1, 1, 2, 4).
				Node("MaxPool", onnx.Attrs{"kernel_shape": onnxtest.IntsAttr(2, 2), "strides": onnxtest.IntsAttr(2, 2)}, "y", "x").Output("y")
		}, map[string][]int64{"x": {1, 2, -1, -2, 3, 4, -3, -4}}, []int64{4, -1}, 4},
		{"MaxPool padding never wins", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 1, 1, 2, 2).
				Node("MaxPool", onnx.Attrs{"kernel_shape": onnxtest.IntsAttr(2, 2), "strides": onnxtest.IntsAttr(2, 2), "pads": onnxtest.IntsAttr(1, 1, 1, 1)}, "y", "x").Output("y")
		}, map[string][]int64{"x": {-4, -5, -6, -7}}, []int64{-4, -5, -6, -7}, 4},
		{"Conv", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 1, 1, 3, 3).
				Constant("w", onnx.Float, onnx.Shape{1, 1, 2, 2}, 1, 0, 0, -0.5).Constant("b", onnx.Float, onnx.Shape{1}, 0.25).
				Node("Conv", nil, "y", "x", "w", "b").Output("y")
		}, map[string][]int64{"x": {1, 2, 3, 4, 5, 6, 7, 8, 9}}, []int64{3, 3, 4, 5}, 4},
		{"BatchNormalization", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 1, 2, 1, 1).
				Constant("g", onnx.Float, onnx.Shape{2}, 2, 1).Constant("be", onnx.Float, onnx.Shape{2}, 0.5, 0).
				Constant("mu", onnx.Float, onnx.Shape{2}, 0, 1).Constant("v", onnx.Float, onnx.Shape{2}, 4, 1).
				Node("BatchNormalization", onnx.Attrs{"epsilon": onnxtest.FloatAttr(0)}, "y", "x", "g", "be", "mu", "v").Output("y")
		}, map[string][]int64{"x": {16, -16}}, []int64{24, -32}, 4},
		{"Concat const", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 1, 2).Constant("c", onnx.Float, onnx.Shape{1, 1}, -0.5).
				Node("Concat", onnx.Attrs{"axis": onnxtest.IntAttr(1)}, "y", "x", "c").Output("y")
		}, map[string][]int64{"x": {3, 4}}, []int64{3, 4, -8}, 4},
		{"Concat aligns scales", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 1, 1).Input("i", onnx.Int64, 1, 1).
				Node("Cast", onnx.Attrs{"to": onnxtest.IntAttr(int64(onnx.Float))}, "c", "i").
				Node("Concat", onnx.Attrs{"axis": onnxtest.IntAttr(0)}, "y", "x", "c").Output("y")
		}, map[string][]int64{"x": {3}, "i": {-1}}, []int64{3, -16}, 4},
		{"Reshape Slice Squeeze", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 6).Constant("s", onnx.Float, onnx.Shape{2}, 2, 3).
				Constant("st", onnx.Float, onnx.Shape{1}, 1).Constant("en", onnx.Float, onnx.Shape{1}, 2).Constant("ax", onnx.Float, onnx.Shape{1}, 0).
				Node("Reshape", nil, "r", "x", "s").Node("Slice", nil, "l", "r", "st", "en", "ax").
				Node("Squeeze", nil, "y", "l", "ax").Output("y")
		}, map[string][]int64{"x": {1, 2, 3, 4, 5, 6}}, []int64{4, 5, 6}, 4},
		{"Transpose", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 2, 3).Node("Transpose", nil, "y", "x").Output("y")
		}, map[string][]int64{"x": {1, 2, 3, 4, 5, 6}}, []int64{1, 4, 2, 5, 3, 6}, 4},
		{"Pad constant", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 1, 2).Constant("p", onnx.Float, onnx.Shape{4}, 0, 1, 0, 0).
				Constant("v", onnx.Float, onnx.Shape{}, 0.5).Node("Pad", nil, "y", "x", "p", "v").Output("y")
		}, map[string][]int64{"x": {3, 4}}, []int64{8, 3, 4}, 4},
		{"Gather", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 4).Constant("i", onnx.Float, onnx.Shape{2}, 3, -4).
				Node("Gather", nil, "y", "x", "i").Output("y")
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
	g := onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 2).Node("Sigmoid", nil, "y", "x").Output("y")
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
	g := onnxtest.NewBuilder(t, 11).Input("x", onnx.Float, 1, 2, 2).Node("Softmax", nil, "y", "x").Output("y")
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
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 1, 2).Constant("w", onnx.Float, onnx.Shape{2, 1}, 0, 2).
				Node("MatMul", nil, "y", "x", "w").Output("y")
		}, map[string][]int64{"x": {0, 1 << 30}}, "output", "y_node", 0},
		{"accumulator", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 1, 4).Constant("w", onnx.Float, onnx.Shape{4, 2}, 0, 1<<26, 0, 1<<26, 0, 1<<26, 0, 1<<26).
				Node("MatMul", nil, "y", "x", "w").Output("y")
		}, map[string][]int64{"x": {1<<31 - 1, 1<<31 - 1, 1<<31 - 1, 1<<31 - 1}}, "accumulator", "y_node", 1},
		{"add overflow", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 3).Node("Add", nil, "y", "x", "x").Output("y")
		}, map[string][]int64{"x": {0, 5, 1 << 30}}, "output", "y_node", 2},
		{"input", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 2).Node("Relu", nil, "y", "x").Output("y")
		}, map[string][]int64{"x": {0, 1 << 40}}, "input", "", 1},
		{"constant", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 1, 2).Constant("w", onnx.Float, onnx.Shape{2, 1}, 1, 1e10).
				Node("MatMul", nil, "y", "x", "w").Output("y")
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
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 2).Node("Div", nil, "y", "x", "x").Output("y")
		}},
		{"Conv computed weights", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 1, 1, 2, 2).Input("w", onnx.Float, 1, 1, 1, 1).
				Node("Conv", nil, "y", "x", "w").Output("y")
		}},
		{"Gemm alpha without constant", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("a", onnx.Float, 1, 2).Input("b", onnx.Float, 2, 1).
				Node("Gemm", onnx.Attrs{"alpha": onnxtest.FloatAttr(2)}, "y", "a", "b").Output("y")
		}},
		{"Cast to int at scale > 0", func(t *testing.T) *onnx.Graph {
			return onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 2).
				Node("Cast", onnx.Attrs{"to": onnxtest.IntAttr(int64(onnx.Int64))}, "y", "x").Output("y")
		}},
		{"Reshape to a computed shape", func(t *testing.T) *onnx.Graph {
			b := onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 2).Input("s", onnx.Int64, 1)
			b.Graph().Consts["tmp"] = &onnx.Tensor{DType: onnx.Int64, Shape: onnx.Shape{1}, Data: []float64{2}}
			b.Node("Reshape", nil, "y", "x", "tmp")
			b.Graph().Nodes[0].Inputs[1] = "s"
			return b.Output("y")
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
	g := onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 2).Output("x")
	g.Nodes = append(g.Nodes, &onnx.Node{Name: "e", Op: "Erf", Inputs: []string{"x"}, Outputs: []string{"z"}})
	g.Shapes["z"] = onnx.Shape{2}
	if _, err := Compile(g, cfg4); err == nil || !strings.Contains(err.Error(), "Erf") {
		t.Errorf("unknown op: got %v", err)
	}
}

func TestQuantizeInputAndRunFloat(t *testing.T) {
	g := onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 3).Node("Relu", nil, "y", "x").Output("y")
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
		g := onnxtest.NewBuilder(t, 13).Input("x", onnx.Float, 1).Node("Relu", nil, "y", "x").Output("y")
		p, err := Compile(g, c.cfg)
		if (err == nil) != c.ok {
			t.Errorf("Compile at %+v: %v", c.cfg, err)
		}
		if err == nil && p.Config.ParamScale == 0 {
			t.Errorf("ParamScale not resolved: %+v", p.Config)
		}
	}
}
