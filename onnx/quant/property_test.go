package quant

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/onnxtest"
)

// propCase is a random one-node graph and the largest error its
// dequantized output may show against the float kernel, given the
// dequantized input (an exact float) and the configuration.
type propCase struct {
	g     *onnx.Graph
	bound func(x []float64, c Config) float64
}

func half(s int) float64 { return math.Ldexp(1, -s-1) }

func l1(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += math.Abs(v)
	}
	return s
}

func maxAbs(x []float64) float64 {
	m := 0.0
	for _, v := range x {
		m = max(m, math.Abs(v))
	}
	return m
}

func randData(r *rand.Rand, n int, lim float64) []float64 {
	d := make([]float64, n)
	for i := range d {
		d[i] = (2*r.Float64() - 1) * lim
	}
	return d
}

// linearBound is the error of a dot product with weights at S_w, a bias at
// s + S_w and a rescale to S, for activations with sum of magnitudes sx.
func linearBound(sx float64, c Config) float64 {
	return sx*half(c.ParamScale) + half(c.Scale+c.ParamScale) + half(c.Scale)
}

func randCase(t *testing.T, r *rand.Rand) (string, propCase) {
	ri := func(lo, hi int) int { return lo + r.IntN(hi-lo+1) }
	b := onnxtest.NewBuilder(t, 13)
	switch fam := r.IntN(12); fam {
	case 0:
		m, k, n := ri(1, 3), ri(1, 8), ri(1, 5)
		tb := ri(0, 1)
		wShape := onnx.Shape{k, n}
		if tb == 1 {
			wShape = onnx.Shape{n, k}
		}
		alpha, beta := []float64{1, 0.5, 1.5}[r.IntN(3)], []float64{1, 0.5, 2}[r.IntN(3)]
		b.Input("x", onnx.Float, m, k).Constant("w", onnx.Float, wShape, randData(r, k*n, 2)...).Constant("c", onnx.Float, onnx.Shape{n}, randData(r, n, 2)...).
			Node("Gemm", onnx.Attrs{"transB": onnxtest.IntAttr(int64(tb)), "alpha": onnxtest.FloatAttr(alpha), "beta": onnxtest.FloatAttr(beta)}, "y", "x", "w", "c")
		return "Gemm", propCase{b.Output("y"), func(x []float64, c Config) float64 {
			return linearBound(l1(x), c) // alpha·w and beta·c are each rounded once
		}}
	case 1:
		m, k, n := ri(1, 3), ri(1, 8), ri(1, 5)
		b.Input("x", onnx.Float, 2, m, k).Constant("w", onnx.Float, onnx.Shape{k, n}, randData(r, k*n, 2)...).Node("MatMul", nil, "y", "x", "w")
		return "MatMul", propCase{b.Output("y"), func(x []float64, c Config) float64 { return linearBound(l1(x), c) }}
	case 2:
		ch, m, h, w, k := ri(1, 3), ri(1, 3), ri(3, 6), ri(3, 6), ri(1, 3)
		p, s := ri(0, k-1), ri(1, 2)
		b.Input("x", onnx.Float, 1, ch, h, w).Constant("w", onnx.Float, onnx.Shape{m, ch, k, k}, randData(r, m*ch*k*k, 1)...).
			Constant("b", onnx.Float, onnx.Shape{m}, randData(r, m, 1)...).
			Node("Conv", onnx.Attrs{"pads": onnxtest.IntsAttr(int64(p), int64(p), int64(p), int64(p)), "strides": onnxtest.IntsAttr(int64(s), int64(s))}, "y", "x", "w", "b")
		return "Conv", propCase{b.Output("y"), func(x []float64, c Config) float64 { return linearBound(l1(x), c) }}
	case 3, 4:
		op := []string{"Add", "Sub"}[fam-3]
		b.Input("x", onnx.Float, 2, 3).Constant("c", onnx.Float, onnx.Shape{3}, randData(r, 3, 3)...).Node(op, nil, "y", "x", "c").Node(op, nil, "z", "y", "x")
		return op, propCase{b.Output("z"), func(x []float64, c Config) float64 { return half(c.Scale) }}
	case 5:
		b.Input("x", onnx.Float, 2, 3).Constant("c", onnx.Float, onnx.Shape{3}, randData(r, 3, 3)...).Node("Mul", nil, "y", "x", "c").Node("Mul", nil, "z", "y", "x")
		return "Mul", propCase{b.Output("z"), func(x []float64, c Config) float64 {
			mx := maxAbs(x)
			e1 := mx*half(c.ParamScale) + half(c.Scale) // error of y
			return e1*mx + half(c.Scale)
		}}
	case 6:
		d := []float64{3, -7, 0.3, 2.5}[r.IntN(4)]
		b.Input("x", onnx.Float, 2, 3).Constant("d", onnx.Float, onnx.Shape{}, d).Node("Div", nil, "y", "x", "d")
		return fmt.Sprintf("Div %v", d), propCase{b.Output("y"), func(x []float64, c Config) float64 {
			if d == math.Trunc(d) {
				return half(c.Scale)
			}
			return maxAbs(x)*half(c.ParamScale) + half(c.Scale)
		}}
	case 7:
		op := []string{"Relu", "LeakyRelu", "Sigmoid", "Tanh"}[r.IntN(4)]
		b.Input("x", onnx.Float, 7).Node(op, onnx.Attrs{"alpha": onnxtest.FloatAttr(0.07)}, "y", "x")
		if op == "Relu" {
			b.Graph().Nodes[0].Attrs = onnx.Attrs{}
		}
		return op, propCase{b.Output("y"), func(x []float64, c Config) float64 {
			t := min(c.Scale, TableScaleMax)
			switch op {
			case "Relu":
				return 0
			case "LeakyRelu":
				return maxAbs(x)*half(c.ParamScale) + half(c.Scale)
			case "Sigmoid":
				return 0.25*half(t) + half(c.Scale)
			}
			return half(t) + half(c.Scale) + 1 - math.Tanh(TanhRange-math.Ldexp(1, -t))
		}}
	case 8:
		l := ri(2, 6)
		b.Input("x", onnx.Float, 2, l).Node("Softmax", nil, "y", "x")
		return "Softmax", propCase{b.Output("y"), func(x []float64, c Config) float64 {
			t := min(c.Scale, TableScaleMax)
			return 2*half(t) + float64(l+2)*math.Ldexp(1, -c.Scale)
		}}
	case 9:
		op := []string{"MaxPool", "AveragePool"}[r.IntN(2)]
		p := int64(ri(0, 1))
		b.Input("x", onnx.Float, 1, 2, 4, 5).Node(op, onnx.Attrs{"kernel_shape": onnxtest.IntsAttr(2, 2), "strides": onnxtest.IntsAttr(int64(ri(1, 2)), 1),
			"pads": onnxtest.IntsAttr(p, 0, p, p), "count_include_pad": onnxtest.IntAttr(int64(ri(0, 1)))}, "y", "x")
		if op == "MaxPool" {
			delete(b.Graph().Nodes[0].Attrs, "count_include_pad")
		}
		return op, propCase{b.Output("y"), func(x []float64, c Config) float64 { return half(c.Scale) }}
	case 10:
		b.Input("x", onnx.Float, 1, 3, 2, 3).Node("GlobalAveragePool", nil, "y", "x")
		return "GlobalAveragePool", propCase{b.Output("y"), func(x []float64, c Config) float64 { return half(c.Scale) }}
	default:
		b.Input("x", onnx.Float, 1, 3, 2, 2).Constant("g", onnx.Float, onnx.Shape{3}, randData(r, 3, 2)...).Constant("be", onnx.Float, onnx.Shape{3}, randData(r, 3, 1)...).
			Constant("mu", onnx.Float, onnx.Shape{3}, randData(r, 3, 1)...).Constant("v", onnx.Float, onnx.Shape{3}, 0.5, 1, 2).
			Node("BatchNormalization", nil, "y", "x", "g", "be", "mu", "v")
		return "BatchNormalization", propCase{b.Output("y"), func(x []float64, c Config) float64 {
			// |a| ≤ 2/√0.5 so the rounding of b also carries the mean's product.
			return maxAbs(x)*half(c.ParamScale) + half(c.Scale+c.ParamScale) + half(c.Scale)
		}}
	}
}

// TestAgainstFloatKernels checks, for random one-op graphs, inputs and
// scales, that every dequantized output is within the documented
// quantization error of the float reference kernel.
func TestAgainstFloatKernels(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	seen := map[string]int{}
	for trial := range 600 {
		name, pc := randCase(t, r)
		seen[name]++
		cfg := Config{Scale: 4 + r.IntN(11), ParamScale: 4 + r.IntN(11)}
		p, err := Compile(pc.g, cfg)
		if err != nil {
			t.Fatalf("trial %d %s: %v", trial, name, err)
		}
		in := p.Inputs[0]
		q, err := p.QuantizeInput(in.Name, randData(r, in.Shape.Size(), 4))
		if err != nil {
			t.Fatal(err)
		}
		x := dequantize(q, p.Scales[in.Name])
		tr, err := p.Run(map[string][]int64{in.Name: q})
		if err != nil {
			t.Fatalf("trial %d %s: %v", trial, name, err)
		}
		want, err := pc.g.Run(map[string]*onnx.Tensor{in.Name: {DType: onnx.Float, Data: x}})
		if err != nil {
			t.Fatal(err)
		}
		got := tr.Outputs[0].Float()
		ref := want[pc.g.Outputs[0].Name].Data
		bound := pc.bound(x, p.Config) + 1e-12
		for i := range got {
			if d := math.Abs(got[i] - ref[i]); d > bound {
				t.Errorf("trial %d %s at %+v: element %d is %v, float %v (error %.3g > bound %.3g)",
					trial, name, p.Config, i, got[i], ref[i], d, bound)
				break
			}
		}
	}
	if len(seen) < 15 {
		t.Errorf("only %d op kinds exercised: %v", len(seen), seen)
	}
}
