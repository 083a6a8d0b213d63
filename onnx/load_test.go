package onnx

import (
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/zkml-mina/zkml/onnx/onnxpb"
)

// reluModel is x[1,4] -> Relu -> y, the base the bad models are mutated from.
func reluModel() *onnxpb.ModelProto {
	return model(13,
		[]*onnxpb.NodeProto{mkNode("Relu", []string{"x"}, []string{"y"})},
		nil,
		[]*onnxpb.ValueInfoProto{vinfo("x", Float, 1, 4)},
		[]*onnxpb.ValueInfoProto{vinfo("y", Float, 1, 4)})
}

func TestDecodeErrors(t *testing.T) {
	cases := []struct {
		name    string
		mutate  func(m *onnxpb.ModelProto)
		want    string // substring of the error
		unsupp  bool   // want an *UnsupportedError
		invalid bool   // want a *ValidationError
	}{
		{name: "undefined input", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Node[0].Input[0] = "nope"
		}, want: `reads undefined value "nope"`, invalid: true},
		{name: "duplicate output", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Node = append(m.Graph.Node, mkNode("Relu", []string{"x"}, []string{"y"}))
		}, want: `value "y" is produced twice`, invalid: true},
		{name: "cycle", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Node = []*onnxpb.NodeProto{
				mkNode("Add", []string{"x", "b"}, []string{"a"}),
				mkNode("Relu", []string{"a"}, []string{"b"}),
				mkNode("Relu", []string{"a"}, []string{"y"}),
			}
		}, want: "cycle", invalid: true},
		{name: "opset 8", mutate: func(m *onnxpb.ModelProto) {
			m.OpsetImport[0].Version = proto.Int64(8)
		}, want: "opset 8 (supported: 9 to 21)", unsupp: true},
		{name: "opset 22", mutate: func(m *onnxpb.ModelProto) {
			m.OpsetImport[0].Version = proto.Int64(22)
		}, want: "opset 22", unsupp: true},
		{name: "no opset", mutate: func(m *onnxpb.ModelProto) {
			m.OpsetImport = nil
		}, want: "without a default-domain opset", unsupp: true},
		{name: "unknown op", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Node[0].OpType = proto.String("Erf")
			m.Graph.Node[0].Name = proto.String("my_erf")
		}, want: `unsupported op Erf (opset 13) at node "my_erf"`, unsupp: true},
		{name: "foreign domain", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Node[0].Domain = proto.String("com.microsoft")
		}, want: "com.microsoft.Relu", unsupp: true},
		{name: "raw_data of the wrong length", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Node[0] = mkNode("Add", []string{"x", "w"}, []string{"y"})
			m.Graph.Initializer = []*onnxpb.TensorProto{{Name: proto.String("w"), Dims: []int64{4}, DataType: proto.Int32(int32(Float)), RawData: make([]byte, 15)}}
		}, want: "raw_data has 15 bytes, want 16"},
		{name: "typed data of the wrong length", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Node[0] = mkNode("Add", []string{"x", "w"}, []string{"y"})
			m.Graph.Initializer = []*onnxpb.TensorProto{floatTensor("w", []int64{4}, 1, 2, 3)}
		}, want: "has 3 elements, want 4"},
		{name: "string initializer", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Initializer = []*onnxpb.TensorProto{{Name: proto.String("s"), Dims: []int64{1}, DataType: proto.Int32(int32(String)), StringData: [][]byte{[]byte("a")}}}
		}, want: "of type STRING", unsupp: true},
		{name: "shape mismatch", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Node[0] = mkNode("Add", []string{"x", "w"}, []string{"y"})
			m.Graph.Initializer = []*onnxpb.TensorProto{floatTensor("w", []int64{3}, 1, 2, 3)}
		}, want: "do not broadcast", invalid: true},
		{name: "declared output shape differs", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Output[0] = vinfo("y", Float, 1, 5)
		}, want: "declared [1 5] but inferred [1 4]", invalid: true},
		{name: "missing output", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Output[0] = vinfo("z", Float, 1, 4)
		}, want: `graph output "z" is never produced`, invalid: true},
		{name: "symbolic inner dimension", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Input[0] = vinfo("x", Float, 1, -1)
		}, want: "symbolic dimension 1", unsupp: true},
		{name: "unsupported auto_pad", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Input[0] = vinfo("x", Float, 1, 1, 4, 4)
			m.Graph.Output[0] = anyShape("y", Float)
			m.Graph.Node[0] = mkNode("MaxPool", []string{"x"}, []string{"y"}, attrIs("kernel_shape", 2, 2), attrS("auto_pad", "WHATEVER"))
		}, want: `auto_pad "WHATEVER"`, unsupp: true},
		{name: "3-D conv", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Input[0] = vinfo("x", Float, 1, 1, 2, 2, 2)
			m.Graph.Output[0] = anyShape("y", Float)
			m.Graph.Initializer = []*onnxpb.TensorProto{floatTensor("w", []int64{1, 1, 1, 1, 1}, 1)}
			m.Graph.Node[0] = mkNode("Conv", []string{"x", "w"}, []string{"y"})
		}, want: "3-D convolution", unsupp: true},
		{name: "group does not divide channels", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Input[0] = vinfo("x", Float, 1, 3, 2, 2)
			m.Graph.Output[0] = anyShape("y", Float)
			m.Graph.Initializer = []*onnxpb.TensorProto{floatTensor("w", []int64{2, 1, 1, 1}, 1, 1)}
			m.Graph.Node[0] = mkNode("Conv", []string{"x", "w"}, []string{"y"}, attrI("group", 2))
		}, want: "group 2 does not divide", invalid: true},
		{name: "zero stride", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Input[0] = vinfo("x", Float, 1, 1, 4, 4)
			m.Graph.Output[0] = anyShape("y", Float)
			m.Graph.Node[0] = mkNode("MaxPool", []string{"x"}, []string{"y"}, attrIs("kernel_shape", 2, 2), attrIs("strides", 0, 1))
		}, want: "strides[0] = 0", invalid: true},
		{name: "huge pads", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Input[0] = vinfo("x", Float, 1, 1, 4, 4)
			m.Graph.Output[0] = anyShape("y", Float)
			m.Graph.Initializer = []*onnxpb.TensorProto{floatTensor("w", []int64{1, 1, 1, 1}, 1)}
			m.Graph.Node[0] = mkNode("Conv", []string{"x", "w"}, []string{"y"}, attrIs("pads", 1<<40, 0, 0, 0))
		}, want: "pads[0]", invalid: true},
		{name: "axis out of range", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Node[0] = mkNode("Softmax", []string{"x"}, []string{"y"}, attrI("axis", 5))
		}, want: "axis 5 is out of range for rank 2", invalid: true},
		{name: "reshape size mismatch", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Initializer = []*onnxpb.TensorProto{{Name: proto.String("s"), Dims: []int64{2}, DataType: proto.Int32(int32(Int64)), Int64Data: []int64{3, 2}}}
			m.Graph.Node[0] = mkNode("Reshape", []string{"x", "s"}, []string{"y"})
			m.Graph.Output[0] = anyShape("y", Float)
		}, want: "cannot reshape [1 4] (4 elements) to [3 2]", invalid: true},
		{name: "non-constant reshape shape", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Input = append(m.Graph.Input, vinfo("s", Int64, 2))
			m.Graph.Node[0] = mkNode("Reshape", []string{"x", "s"}, []string{"y"})
			m.Graph.Output[0] = anyShape("y", Float)
		}, want: "non-constant shape input", unsupp: true},
		{name: "pad mode reflect", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Initializer = []*onnxpb.TensorProto{{Name: proto.String("p"), Dims: []int64{4}, DataType: proto.Int32(int32(Int64)), Int64Data: []int64{0, 1, 0, 1}}}
			m.Graph.Node[0] = mkNode("Pad", []string{"x", "p"}, []string{"y"}, attrS("mode", "reflect"))
			m.Graph.Output[0] = anyShape("y", Float)
		}, want: `Pad mode "reflect"`, unsupp: true},
		{name: "batchnorm training", mutate: func(m *onnxpb.ModelProto) {
			m.OpsetImport[0].Version = proto.Int64(15)
			m.Graph.Initializer = []*onnxpb.TensorProto{floatTensor("s", []int64{4}, 1, 1, 1, 1)}
			m.Graph.Node[0] = mkNode("BatchNormalization", []string{"x", "s", "s", "s", "s"}, []string{"y"}, attrI("training_mode", 1))
		}, want: "training mode", unsupp: true},
		{name: "constant sparse", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Node = []*onnxpb.NodeProto{mkNode("Constant", nil, []string{"c"}, attrS("value_string", "s")), mkNode("Relu", []string{"x"}, []string{"y"})}
		}, want: `Constant attribute "value_string"`, unsupp: true},
		{name: "gather index out of range", mutate: func(m *onnxpb.ModelProto) {
			m.Graph.Initializer = []*onnxpb.TensorProto{floatTensor("d", []int64{3}, 1, 2, 3), {Name: proto.String("i"), Dims: []int64{1}, DataType: proto.Int32(int32(Int64)), Int64Data: []int64{3}}}
			m.Graph.Node = append(m.Graph.Node, mkNode("Gather", []string{"d", "i"}, []string{"g"}))
		}, want: "Gather index 3 (element 0) is out of range for dimension 3", invalid: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := reluModel()
			c.mutate(m)
			_, err := Decode(marshal(t, m))
			if err == nil {
				t.Fatalf("decoded; want an error containing %q", c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not contain %q", err, c.want)
			}
			var ue *UnsupportedError
			if got := errors.As(err, &ue); got != c.unsupp {
				t.Errorf("UnsupportedError: %v, want %v (%v)", got, c.unsupp, err)
			}
			var ve *ValidationError
			if got := errors.As(err, &ve); got != c.invalid {
				t.Errorf("ValidationError: %v, want %v (%v)", got, c.invalid, err)
			}
		})
	}
}

func TestDecodeNotONNX(t *testing.T) {
	good := marshal(t, reluModel())
	for _, c := range []struct {
		name string
		b    []byte
	}{
		{"garbage", []byte("this is not a protobuf \xff\xff\xff")},
		{"empty", nil},
		{"truncated", good[:len(good)/2]},
		{"truncated by one", good[:len(good)-1]},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Decode(c.b)
			if err == nil {
				t.Fatal("decoded")
			}
			var ve *ValidationError
			if !errors.Is(err, ErrNotONNX) && !errors.As(err, &ve) {
				t.Errorf("error %v is neither ErrNotONNX nor a ValidationError", err)
			}
		})
	}
}

// TestInitializerTypes reads initializers of several types from the typed
// fields and raw_data and checks the values the graph computes with.
func TestInitializerTypes(t *testing.T) {
	raw := func(dt DataType, b []byte) *onnxpb.TensorProto {
		return &onnxpb.TensorProto{Dims: []int64{2}, DataType: proto.Int32(int32(dt)), RawData: b}
	}
	le := binary.LittleEndian
	cases := []struct {
		name string
		t    *onnxpb.TensorProto
		want []float64
	}{
		{"float typed", floatTensor("", []int64{2}, 1.5, -2), []float64{1.5, -2}},
		{"double typed", &onnxpb.TensorProto{Dims: []int64{2}, DataType: proto.Int32(int32(Double)), DoubleData: []float64{0.1, 1e300}}, []float64{0.1, 1e300}},
		{"int64 typed", &onnxpb.TensorProto{Dims: []int64{2}, DataType: proto.Int32(int32(Int64)), Int64Data: []int64{-7, 1 << 40}}, []float64{-7, 1 << 40}},
		{"int32 typed", &onnxpb.TensorProto{Dims: []int64{2}, DataType: proto.Int32(int32(Int32)), Int32Data: []int32{-3, 9}}, []float64{-3, 9}},
		{"int8 typed", &onnxpb.TensorProto{Dims: []int64{2}, DataType: proto.Int32(int32(Int8)), Int32Data: []int32{-128, 127}}, []float64{-128, 127}},
		{"float16 typed", &onnxpb.TensorProto{Dims: []int64{2}, DataType: proto.Int32(int32(Float16)), Int32Data: []int32{0x3c00, 0xc000}}, []float64{1, -2}},
		{"bool typed", &onnxpb.TensorProto{Dims: []int64{2}, DataType: proto.Int32(int32(Bool)), Int32Data: []int32{0, 5}}, []float64{0, 1}},
		{"uint64 typed", &onnxpb.TensorProto{Dims: []int64{2}, DataType: proto.Int32(int32(Uint64)), Uint64Data: []uint64{3, 1 << 50}}, []float64{3, 1 << 50}},
		{"float raw", raw(Float, le.AppendUint32(le.AppendUint32(nil, math.Float32bits(0.25)), math.Float32bits(-8))), []float64{0.25, -8}},
		{"int64 raw", raw(Int64, le.AppendUint64(le.AppendUint64(nil, 5), uint64(1<<64-3))), []float64{5, -3}},
		{"float16 raw", raw(Float16, le.AppendUint16(le.AppendUint16(nil, 0x3800), 0x7c00)), []float64{0.5, math.Inf(1)}},
		{"bfloat16 raw", raw(BFloat16, le.AppendUint16(le.AppendUint16(nil, 0x3f80), 0xc040)), []float64{1, -3}},
		{"uint8 raw", raw(Uint8, []byte{0, 255}), []float64{0, 255}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.t.Name = proto.String("w")
			// Identity keeps the initializer's type; the output is a folded constant.
			m := model(13, []*onnxpb.NodeProto{mkNode("Identity", []string{"w"}, []string{"y"})},
				[]*onnxpb.TensorProto{c.t}, nil, []*onnxpb.ValueInfoProto{vinfo("y", DataType(c.t.GetDataType()), 2)})
			mod, err := Decode(marshal(t, m))
			if err != nil {
				t.Fatal(err)
			}
			got := mod.Graph.Consts["y"]
			if got == nil || got.DType != DataType(c.t.GetDataType()) {
				t.Fatalf("output %+v, want a folded %s constant", got, DataType(c.t.GetDataType()))
			}
			for i, w := range c.want {
				if got.Data[i] != w {
					t.Errorf("element %d = %v, want %v", i, got.Data[i], w)
				}
			}
		})
	}
}

// TestConstantNode checks the Constant attributes and the symbolic batch dimension.
func TestConstantNode(t *testing.T) {
	cases := []struct {
		name string
		attr *onnxpb.AttributeProto
		dt   DataType
		want []float64
	}{
		{"value", attrT("value", floatTensor("", []int64{1, 2}, 3, 4)), Float, []float64{4, 6}},
		{"value_float", attrF("value_float", 2), Float, []float64{3, 4}},
		{"value_floats", &onnxpb.AttributeProto{Name: proto.String("value_floats"), Type: onnxpb.AttributeProto_FLOATS.Enum(), Floats: []float32{1, -1}}, Float, []float64{2, 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := model(13, []*onnxpb.NodeProto{
				mkNode("Constant", nil, []string{"c"}, c.attr),
				mkNode("Add", []string{"x", "c"}, []string{"y"}),
			}, nil, []*onnxpb.ValueInfoProto{vinfo("x", c.dt, -1, 2)}, []*onnxpb.ValueInfoProto{vinfo("y", c.dt, -1, 2)})
			mod, err := Decode(marshal(t, m))
			if err != nil {
				t.Fatal(err)
			}
			if in := mod.Graph.Inputs[0].Shape; !in.Equal(Shape{1, 2}) {
				t.Errorf("input shape %v, want the batch dimension taken as 1", in)
			}
			got, err := mod.Graph.RunFlat([]float64{1, 2})
			if err != nil {
				t.Fatal(err)
			}
			for i, w := range c.want {
				if got[i] != w {
					t.Errorf("y[%d] = %v, want %v", i, got[i], w)
				}
			}
		})
	}
	// value_int and value_ints make INT64 constants, used here as a Reshape shape.
	for _, attr := range []*onnxpb.AttributeProto{attrIs("value_ints", 4, 1), attrI("value_int", 4)} {
		m := model(13, []*onnxpb.NodeProto{
			mkNode("Constant", nil, []string{"s"}, attr),
			mkNode("Reshape", []string{"x", "s"}, []string{"y"}),
		}, nil, []*onnxpb.ValueInfoProto{vinfo("x", Float, 1, 4)}, []*onnxpb.ValueInfoProto{anyShape("y", Float)})
		mod, err := Decode(marshal(t, m))
		want := Shape{4, 1}
		if attr.GetName() == "value_int" {
			// A scalar shape input is not 1-D.
			if err == nil || !strings.Contains(err.Error(), "want 1-D") {
				t.Errorf("value_int as a shape: got %v, want a 1-D error", err)
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		if s := mod.Graph.Outputs[0].Shape; !s.Equal(want) {
			t.Errorf("%s: output shape %v, want %v", attr.GetName(), s, want)
		}
	}
}

// TestFileErrors checks LoadFile on a missing file and the input checks of Run.
func TestRunInputErrors(t *testing.T) {
	if _, err := LoadFile(filepath.Join(t.TempDir(), "missing.onnx")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadFile of a missing file: %v", err)
	}
	mod, err := Decode(marshal(t, reluModel()))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		in   map[string]*Tensor
		want string
	}{
		{"missing", map[string]*Tensor{}, `missing input "x"`},
		{"short", map[string]*Tensor{"x": {Data: []float64{1}}}, "has 1 values, want 4"},
		{"shape", map[string]*Tensor{"x": {Shape: Shape{4, 1}, Data: make([]float64, 4)}}, "has shape [4 1], want [1 4]"},
		{"nan", map[string]*Tensor{"x": {Data: []float64{0, math.NaN(), 0, 0}}}, "element 1 is NaN"},
	} {
		_, err := mod.Graph.Run(c.in)
		var ie *InputError
		if !errors.As(err, &ie) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an InputError containing %q", c.name, err, c.want)
		}
	}
}
