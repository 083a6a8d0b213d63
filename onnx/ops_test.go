package onnx

import (
	"math"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/zkml-mina/zkml/onnx/onnxpb"
)

// feed is a runtime graph input of an op test.
type feed struct {
	name  string
	shape []int64
	data  []float64
}

func f(name string, shape []int64, data ...float64) feed { return feed{name, shape, data} }

func i64(name string, v ...int64) *onnxpb.TensorProto {
	return &onnxpb.TensorProto{Name: proto.String(name), Dims: []int64{int64(len(v))}, DataType: proto.Int32(int32(Int64)), Int64Data: v}
}

func seq(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = float64(i + 1)
	}
	return out
}

// TestOps covers opset-dependent attribute handling and geometry that the
// conformance cases do not reach. Each case runs one node writing "y".
func TestOps(t *testing.T) {
	cases := []struct {
		name   string
		opset  int64
		node   *onnxpb.NodeProto
		feeds  []feed
		consts []*onnxpb.TensorProto
		shape  Shape
		want   []float64
	}{
		{name: "MatMul 1-D × 2-D", opset: 13, node: mkNode("MatMul", []string{"a", "b"}, []string{"y"}),
			feeds: []feed{f("a", []int64{2}, 1, 2), f("b", []int64{2, 3}, seq(6)...)}, shape: Shape{3}, want: []float64{9, 12, 15}},
		{name: "MatMul 2-D × 1-D", opset: 13, node: mkNode("MatMul", []string{"a", "b"}, []string{"y"}),
			feeds: []feed{f("a", []int64{2, 3}, seq(6)...), f("b", []int64{3}, 1, 0, -1)}, shape: Shape{2}, want: []float64{-2, -2}},
		{name: "MatMul batch broadcast", opset: 13, node: mkNode("MatMul", []string{"a", "b"}, []string{"y"}),
			feeds: []feed{f("a", []int64{2, 1, 2}, 1, 0, 0, 1), f("b", []int64{2, 2}, 1, 2, 3, 4)}, shape: Shape{2, 1, 2}, want: []float64{1, 2, 3, 4}},
		{name: "Gemm C [M,1] transA alpha beta", opset: 13, node: mkNode("Gemm", []string{"a", "b", "c"}, []string{"y"}, attrI("transA", 1), attrF("alpha", 2), attrF("beta", 0.5)),
			feeds: []feed{f("a", []int64{2, 2}, 1, 2, 3, 4), f("b", []int64{2, 1}, 1, 1), f("c", []int64{2, 1}, 10, 20)}, shape: Shape{2, 1}, want: []float64{2*(1+3) + 5, 2*(2+4) + 10}},
		{name: "Div int truncates", opset: 13, node: mkNode("Div", []string{"a", "b"}, []string{"y"}),
			consts: []*onnxpb.TensorProto{i64("a", 7, -7), i64("b", 2, 2)}, shape: Shape{2}, want: []float64{3, -3}},
		{name: "Clip attributes (opset 9)", opset: 9, node: mkNode("Clip", []string{"x"}, []string{"y"}, attrF("min", -1), attrF("max", 1)),
			feeds: []feed{f("x", []int64{3}, -5, 0.5, 5)}, shape: Shape{3}, want: []float64{-1, 0.5, 1}},
		{name: "Clip runtime max only", opset: 13, node: mkNode("Clip", []string{"x", "", "hi"}, []string{"y"}),
			feeds: []feed{f("x", []int64{3}, -5, 0.5, 5), f("hi", nil, 2)}, shape: Shape{3}, want: []float64{-5, 0.5, 2}},
		{name: "LeakyRelu", opset: 13, node: mkNode("LeakyRelu", []string{"x"}, []string{"y"}, attrF("alpha", 0.5)),
			feeds: []feed{f("x", []int64{2}, -4, 3)}, shape: Shape{2}, want: []float64{-2, 3}},
		{name: "Softmax coerced to 2-D (opset 11)", opset: 11, node: mkNode("Softmax", []string{"x"}, []string{"y"}, attrI("axis", 1)),
			feeds: []feed{f("x", []int64{1, 2, 2}, 0, 0, 0, 0)}, shape: Shape{1, 2, 2}, want: []float64{0.25, 0.25, 0.25, 0.25}},
		{name: "Softmax along axis 1 (opset 13)", opset: 13, node: mkNode("Softmax", []string{"x"}, []string{"y"}, attrI("axis", 1)),
			feeds: []feed{f("x", []int64{1, 2, 2}, 0, 0, 0, 0)}, shape: Shape{1, 2, 2}, want: []float64{0.5, 0.5, 0.5, 0.5}},
		{name: "Conv 1-D stride dilation pads", opset: 13, node: mkNode("Conv", []string{"x", "w", "b"}, []string{"y"}, attrIs("strides", 2), attrIs("dilations", 2), attrIs("pads", 1, 1)),
			feeds:  []feed{f("x", []int64{1, 1, 5}, seq(5)...)},
			consts: []*onnxpb.TensorProto{floatTensor("w", []int64{1, 1, 2}, 1, 10), floatTensor("b", []int64{1}, 100)},
			// padded x: 0 1 2 3 4 5 0; taps at p, p+2 for p = 0, 2, 4
			shape: Shape{1, 1, 3}, want: []float64{100 + 0 + 20, 100 + 2 + 40, 100 + 4 + 0}},
		{name: "Conv grouped (depthwise)", opset: 13, node: mkNode("Conv", []string{"x", "w"}, []string{"y"}, attrI("group", 2)),
			feeds:  []feed{f("x", []int64{1, 2, 1, 2}, 1, 2, 3, 4)},
			consts: []*onnxpb.TensorProto{floatTensor("w", []int64{2, 1, 1, 2}, 1, 1, 1, -1)},
			shape:  Shape{1, 2, 1, 1}, want: []float64{3, -1}},
		{name: "Conv SAME_UPPER stride 2", opset: 13, node: mkNode("Conv", []string{"x", "w"}, []string{"y"}, attrS("auto_pad", "SAME_UPPER"), attrIs("strides", 2, 2)),
			feeds:  []feed{f("x", []int64{1, 1, 2, 2}, 1, 2, 3, 4)},
			consts: []*onnxpb.TensorProto{floatTensor("w", []int64{1, 1, 2, 2}, 1, 1, 1, 1)},
			shape:  Shape{1, 1, 1, 1}, want: []float64{10}},
		{name: "MaxPool ceil_mode with pads", opset: 13, node: mkNode("MaxPool", []string{"x"}, []string{"y"}, attrIs("kernel_shape", 2), attrIs("strides", 2), attrIs("pads", 1, 1), attrI("ceil_mode", 1)),
			feeds: []feed{f("x", []int64{1, 1, 4}, -1, -2, -3, -4)}, shape: Shape{1, 1, 3}, want: []float64{-1, -2, -4}},
		{name: "AveragePool count_include_pad", opset: 13, node: mkNode("AveragePool", []string{"x"}, []string{"y"}, attrIs("kernel_shape", 2), attrIs("pads", 1, 0), attrI("count_include_pad", 1)),
			feeds: []feed{f("x", []int64{1, 1, 2}, 2, 4)}, shape: Shape{1, 1, 2}, want: []float64{1, 3}},
		{name: "GlobalAveragePool", opset: 13, node: mkNode("GlobalAveragePool", []string{"x"}, []string{"y"}),
			feeds: []feed{f("x", []int64{1, 2, 1, 2}, 1, 2, 3, 5)}, shape: Shape{1, 2, 1, 1}, want: []float64{1.5, 4}},
		{name: "GlobalMaxPool", opset: 13, node: mkNode("GlobalMaxPool", []string{"x"}, []string{"y"}),
			feeds: []feed{f("x", []int64{1, 2, 2}, 1, 2, 5, 3)}, shape: Shape{1, 2, 1}, want: []float64{2, 5}},
		{name: "Squeeze axes attribute (opset 11)", opset: 11, node: mkNode("Squeeze", []string{"x"}, []string{"y"}, attrIs("axes", -1)),
			feeds: []feed{f("x", []int64{1, 2, 1}, 1, 2)}, shape: Shape{1, 2}, want: []float64{1, 2}},
		{name: "Squeeze all (opset 13)", opset: 13, node: mkNode("Squeeze", []string{"x"}, []string{"y"}),
			feeds: []feed{f("x", []int64{1, 2, 1}, 1, 2)}, shape: Shape{2}, want: []float64{1, 2}},
		{name: "Unsqueeze axes attribute (opset 9)", opset: 9, node: mkNode("Unsqueeze", []string{"x"}, []string{"y"}, attrIs("axes", 0, 2)),
			feeds: []feed{f("x", []int64{2}, 1, 2)}, shape: Shape{1, 2, 1}, want: []float64{1, 2}},
		{name: "Slice attributes (opset 9)", opset: 9, node: mkNode("Slice", []string{"x"}, []string{"y"}, attrIs("starts", 1), attrIs("ends", 1<<62), attrIs("axes", 1)),
			feeds: []feed{f("x", []int64{2, 3}, seq(6)...)}, shape: Shape{2, 2}, want: []float64{2, 3, 5, 6}},
		{name: "Slice INT64_MAX end, negative step", opset: 13, node: mkNode("Slice", []string{"x", "s", "e", "a", "st"}, []string{"y"}),
			feeds:  []feed{f("x", []int64{5}, seq(5)...)},
			consts: []*onnxpb.TensorProto{i64("s", math.MaxInt64), i64("e", math.MinInt64), i64("a", 0), i64("st", -2)},
			shape:  Shape{3}, want: []float64{5, 3, 1}},
		{name: "Pad attributes (opset 9)", opset: 9, node: mkNode("Pad", []string{"x"}, []string{"y"}, attrIs("pads", 1, -1), attrF("value", 7)),
			feeds: []feed{f("x", []int64{3}, 1, 2, 3)}, shape: Shape{3}, want: []float64{7, 1, 2}},
		{name: "Pad with axes (opset 18)", opset: 18, node: mkNode("Pad", []string{"x", "p", "", "ax"}, []string{"y"}),
			feeds:  []feed{f("x", []int64{1, 2}, 1, 2)},
			consts: []*onnxpb.TensorProto{i64("p", 0, 1), i64("ax", -1)},
			shape:  Shape{1, 3}, want: []float64{1, 2, 0}},
		{name: "Split attribute (opset 11)", opset: 11, node: mkNode("Split", []string{"x"}, []string{"y", "z"}, attrIs("split", 1, 2)),
			feeds: []feed{f("x", []int64{3}, 1, 2, 3)}, shape: Shape{1}, want: []float64{1}},
		{name: "Split num_outputs uneven (opset 18)", opset: 18, node: mkNode("Split", []string{"x"}, []string{"y", "z"}, attrI("num_outputs", 2)),
			feeds: []feed{f("x", []int64{3}, 1, 2, 3)}, shape: Shape{2}, want: []float64{1, 2}},
		{name: "Dropout ratio attribute (opset 9)", opset: 9, node: mkNode("Dropout", []string{"x"}, []string{"y"}, attrF("ratio", 0.3)),
			feeds: []feed{f("x", []int64{2}, 1, 2)}, shape: Shape{2}, want: []float64{1, 2}},
		{name: "Dropout training_mode 0 (opset 13)", opset: 13, node: mkNode("Dropout", []string{"x", "", "tm"}, []string{"y"}),
			feeds:  []feed{f("x", []int64{2}, 1, 2)},
			consts: []*onnxpb.TensorProto{{Name: proto.String("tm"), DataType: proto.Int32(int32(Bool)), Int32Data: []int32{0}}},
			shape:  Shape{2}, want: []float64{1, 2}},
		{name: "Gather runtime negative indices", opset: 13, node: mkNode("Gather", []string{"x", "i"}, []string{"y"}, attrI("axis", 1)),
			feeds:  []feed{f("x", []int64{2, 3}, seq(6)...)},
			consts: []*onnxpb.TensorProto{i64("i", -1, 0)},
			shape:  Shape{2, 2}, want: []float64{3, 1, 6, 4}},
		{name: "Cast float to int8 wraps and truncates", opset: 13, node: mkNode("Cast", []string{"x"}, []string{"y"}, attrI("to", int64(Int8))),
			feeds: []feed{f("x", []int64{3}, -1.7, 2.9, 200)}, shape: Shape{3}, want: []float64{-1, 2, -56}},
		{name: "Cast to float16 rounds", opset: 13, node: mkNode("Cast", []string{"x"}, []string{"y"}, attrI("to", int64(Float16))),
			feeds: []feed{f("x", []int64{3}, 1+1.0/4096, 70000, 1e-8)}, shape: Shape{3}, want: []float64{1, math.Inf(1), 0}},
		{name: "Shape start end (opset 15)", opset: 15, node: mkNode("Shape", []string{"x"}, []string{"y"}, attrI("start", -2), attrI("end", 100)),
			feeds: []feed{f("x", []int64{1, 2, 3}, seq(6)...)}, shape: Shape{2}, want: []float64{2, 3}},
		{name: "Reshape 0 and -1", opset: 13, node: mkNode("Reshape", []string{"x", "s"}, []string{"y"}),
			feeds:  []feed{f("x", []int64{2, 3}, seq(6)...)},
			consts: []*onnxpb.TensorProto{i64("s", 0, -1, 1)},
			shape:  Shape{2, 3, 1}, want: seq(6)},
		{name: "Transpose default perm", opset: 13, node: mkNode("Transpose", []string{"x"}, []string{"y"}),
			feeds: []feed{f("x", []int64{2, 3}, seq(6)...)}, shape: Shape{3, 2}, want: []float64{1, 4, 2, 5, 3, 6}},
		{name: "BatchNormalization", opset: 9, node: mkNode("BatchNormalization", []string{"x", "s", "b", "m", "v"}, []string{"y"}, attrF("epsilon", 0)),
			feeds:  []feed{f("x", []int64{1, 2, 1}, 3, 3)},
			consts: []*onnxpb.TensorProto{floatTensor("s", []int64{2}, 2, 1), floatTensor("b", []int64{2}, 1, 0), floatTensor("m", []int64{2}, 1, 3), floatTensor("v", []int64{2}, 4, 1)},
			shape:  Shape{1, 2, 1}, want: []float64{3, 0}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var ins []*onnxpb.ValueInfoProto
			feeds := map[string]*Tensor{}
			for _, fd := range c.feeds {
				ins = append(ins, vinfo(fd.name, Float, fd.shape...))
				feeds[fd.name] = &Tensor{Data: fd.data}
			}
			m := model(c.opset, []*onnxpb.NodeProto{c.node}, c.consts, ins, []*onnxpb.ValueInfoProto{anyShape("y", Float)})
			mod, err := Decode(marshal(t, m))
			if err != nil {
				t.Fatal(err)
			}
			res, err := mod.Graph.Run(feeds)
			if err != nil {
				t.Fatal(err)
			}
			y := res["y"]
			if !y.Shape.Equal(c.shape) {
				t.Fatalf("shape %v, want %v", y.Shape, c.shape)
			}
			for i, w := range c.want {
				if !closeTo(y.Data[i], w, 1e-12) {
					t.Errorf("y[%d] = %v, want %v", i, y.Data[i], w)
				}
			}
		})
	}
}
