package onnx

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/zkml-mina/zkml/onnx/onnxpb"
)

func randTensor(r *rand.Rand, name string, dims ...int64) *onnxpb.TensorProto {
	n := 1
	for _, d := range dims {
		n *= int(d)
	}
	data := make([]float32, n)
	for i := range data {
		data[i] = float32(r.NormFloat64())
	}
	return floatTensor(name, dims, data...)
}

// TestFoldBatchNorm checks that folding BatchNormalization into Conv and
// Gemm keeps the outputs (within 1e-9) on random inputs, and that it folds
// only where that is exact.
func TestFoldBatchNorm(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	bn := func(c int64) []*onnxpb.TensorProto {
		v := randTensor(r, "v", c)
		for i := range v.FloatData {
			v.FloatData[i] = float32(math.Abs(float64(v.FloatData[i]))) + 0.1
		}
		return []*onnxpb.TensorProto{randTensor(r, "s", c), randTensor(r, "bb", c), randTensor(r, "m", c), v}
	}
	bnNode := mkNode("BatchNormalization", []string{"p", "s", "bb", "m", "v"}, []string{"y"}, attrF("epsilon", 1e-3))
	cases := []struct {
		name   string
		in     []int64
		prod   *onnxpb.NodeProto
		consts []*onnxpb.TensorProto
		fold   bool
	}{
		{"Conv with bias, grouped", []int64{2, 4, 5, 5},
			mkNode("Conv", []string{"x", "w", "b"}, []string{"p"}, attrI("group", 2), attrIs("pads", 1, 1, 1, 1)),
			append([]*onnxpb.TensorProto{randTensor(r, "w", 6, 2, 3, 3), randTensor(r, "b", 6)}, bn(6)...), true},
		{"Conv 1-D without bias", []int64{1, 3, 7},
			mkNode("Conv", []string{"x", "w"}, []string{"p"}),
			append([]*onnxpb.TensorProto{randTensor(r, "w", 2, 3, 2)}, bn(2)...), true},
		{"Gemm transB, C [N]", []int64{3, 4},
			mkNode("Gemm", []string{"x", "w", "b"}, []string{"p"}, attrI("transB", 1)),
			append([]*onnxpb.TensorProto{randTensor(r, "w", 5, 4), randTensor(r, "b", 5)}, bn(5)...), true},
		{"Gemm C [M,1], alpha, beta", []int64{2, 4},
			mkNode("Gemm", []string{"x", "w", "b"}, []string{"p"}, attrF("alpha", 2), attrF("beta", 0.5)),
			append([]*onnxpb.TensorProto{randTensor(r, "w", 4, 3), randTensor(r, "b", 2, 1)}, bn(3)...), true},
		{"Gemm transA without C", []int64{4, 2},
			mkNode("Gemm", []string{"x", "w"}, []string{"p"}, attrI("transA", 1)),
			append([]*onnxpb.TensorProto{randTensor(r, "w", 4, 3)}, bn(3)...), true},
		{"Gemm with scalar C", []int64{2, 4},
			mkNode("Gemm", []string{"x", "w", "b"}, []string{"p"}),
			append([]*onnxpb.TensorProto{randTensor(r, "w", 4, 3), randTensor(r, "b")}, bn(3)...), true},
		{"MatMul is not folded", []int64{2, 4},
			mkNode("MatMul", []string{"x", "w"}, []string{"p"}),
			append([]*onnxpb.TensorProto{randTensor(r, "w", 4, 3)}, bn(3)...), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			nodes := []*onnxpb.NodeProto{c.prod, bnNode}
			ins := []*onnxpb.ValueInfoProto{vinfo("x", Float, c.in...)}
			folded, err := Decode(marshal(t, model(15, nodes, c.consts, ins, []*onnxpb.ValueInfoProto{anyShape("y", Float)})))
			if err != nil {
				t.Fatal(err)
			}
			// Exposing the producer's output keeps the BatchNormalization.
			plain, err := Decode(marshal(t, model(15, nodes, c.consts, ins, []*onnxpb.ValueInfoProto{anyShape("y", Float), anyShape("p", Float)})))
			if err != nil {
				t.Fatal(err)
			}
			if n := plain.Graph.OpCounts()["BatchNormalization"]; n != 1 {
				t.Fatalf("unfolded graph has %d BatchNormalization nodes", n)
			}
			if n := folded.Graph.OpCounts()["BatchNormalization"]; (n == 0) != c.fold {
				t.Fatalf("folded graph has %d BatchNormalization nodes, want folding %v", n, c.fold)
			}
			for trial := 0; trial < 5; trial++ {
				row := make([]float64, Shape(folded.Graph.Inputs[0].Shape).Size())
				for i := range row {
					row[i] = r.NormFloat64()
				}
				got, err := folded.Graph.RunFlat(row)
				if err != nil {
					t.Fatal(err)
				}
				want, err := plain.Graph.RunFlat(row)
				if err != nil {
					t.Fatal(err)
				}
				for i := range want {
					if math.Abs(got[i]-want[i]) > 1e-9 {
						t.Fatalf("y[%d] = %v folded, %v unfolded", i, got[i], want[i])
					}
				}
			}
		})
	}
}
