package onnx

import (
	"os"
	"path/filepath"
	"testing"
)

// fuzzSeedCases are conformance cases whose models seed FuzzDecode.
var fuzzSeedCases = []string{
	"test_conv_with_strides_and_asymmetric_padding", "test_maxpool_2d_ceil", "test_averagepool_2d_pads_count_include_pad",
	"test_gemm_all_attributes", "test_matmul_4d", "test_reshape_negative_extended_dims", "test_slice_neg_steps",
	"test_constant_pad", "test_gather_negative_indices", "test_concat_3d_axis_negative_1", "test_split_variable_parts_2d",
	"test_softmax_axis_0", "test_batchnorm_epsilon", "test_unsqueeze_unsorted_axes", "test_transpose_all_permutations_3",
	"test_cast_FLOAT_to_FLOAT16", "test_clip_default_min", "test_dropout_default_mask_ratio", "test_shape_start_1_end_negative_1",
	"test_flatten_negative_axis2", "test_squeeze_negative_axes", "test_constant", "test_add_bcast",
}

// graphWork estimates the scalar operations of one run of g.
func graphWork(g *Graph) float64 {
	work := 0.0
	for _, n := range g.Nodes {
		in := make([]ValueInfo, len(n.Inputs))
		for i, name := range n.Inputs {
			in[i] = ValueInfo{DType: g.Types[name], Shape: g.Shapes[name]}
		}
		out := make([]ValueInfo, len(n.Outputs))
		for i, name := range n.Outputs {
			out[i] = ValueInfo{Shape: g.Shapes[name]}
		}
		work += estimateWork(n, in, out)
	}
	return work
}

// FuzzDecode feeds arbitrary bytes to Decode and runs every graph it accepts
// (within a work bound) on zero inputs. Neither may panic.
func FuzzDecode(f *testing.F) {
	shared := sharedDir(f)
	var seeds []string
	models, _ := filepath.Glob(filepath.Join(shared, "models", "*", "model.onnx"))
	seeds = append(seeds, models...)
	for _, c := range fuzzSeedCases {
		seeds = append(seeds, filepath.Join(shared, "onnx-node-tests", c, "model.onnx"))
	}
	for _, p := range seeds {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		if len(b) > 1<<16 {
			b = b[:1<<16] // keep the corpus small; the head holds the graph structure
		}
		f.Add(b)
		f.Add(b[:len(b)/2])
		f.Add(b[:len(b)*9/10])
	}
	f.Add(marshal(f, reluModel()))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(b)
		if err != nil {
			return
		}
		g := m.Graph
		if len(g.Nodes) > 256 || graphWork(g) > 1<<24 {
			return
		}
		inputs := map[string]*Tensor{}
		for _, in := range g.Inputs {
			if in.Shape.Size() > 1<<16 {
				return
			}
			inputs[in.Name] = NewTensor(in.DType, in.Shape)
		}
		res, err := g.Run(inputs)
		if err != nil {
			return
		}
		for _, o := range g.Outputs {
			got := res[o.Name]
			if got == nil || !got.Shape.Equal(o.Shape) || len(got.Data) != o.Shape.Size() {
				t.Fatalf("output %q is %+v, inferred %v", o.Name, got, o.Shape)
			}
		}
	})
}
