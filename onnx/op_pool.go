package onnx

import (
	"fmt"
	"math"
)

// MaxPool, AveragePool and the global pools.

func init() {
	register("MaxPool", opSpec{minIn: 1, maxIn: 1, infer: inferPool, eval: evalPool})
	register("AveragePool", opSpec{minIn: 1, maxIn: 1, infer: inferPool, eval: evalPool})
	register("GlobalAveragePool", opSpec{minIn: 1, maxIn: 1, infer: inferGlobalPool, eval: evalGlobalPool})
	register("GlobalMaxPool", opSpec{minIn: 1, maxIn: 1, infer: inferGlobalPool, eval: evalGlobalPool})
}

// PoolGeometry describes a 1-D or 2-D MaxPool or AveragePool over an
// [N,C,(H,)W] input. Padding is never selected by MaxPool; AveragePool
// divides by the number of input taps, or with CountIncludePad by the number
// of taps inside the padded input.
type PoolGeometry struct {
	Window2D
	N, C            int
	Rank            int // number of spatial dimensions, 1 or 2
	CountIncludePad bool
}

// NewPoolGeometry reads a MaxPool or AveragePool node's attributes and checks
// them against the input shape x.
func NewPoolGeometry(n *Node, x Shape, opset int) (*PoolGeometry, error) {
	kernel, err := n.Attrs.Ints("kernel_shape", nil)
	if err != nil {
		return nil, err
	}
	if kernel == nil {
		return nil, invalidf("%s needs kernel_shape", n.Op)
	}
	if len(x) == 5 {
		return nil, &UnsupportedError{What: "3-D pooling"}
	}
	if len(x) < 3 || len(x) > 4 {
		return nil, invalidf("%s input has shape %v, want [N,C,W] or [N,C,H,W]", n.Op, x)
	}
	ceil, err := n.Attrs.Int("ceil_mode", 0)
	if err != nil {
		return nil, err
	}
	cip, err := n.Attrs.Int("count_include_pad", 0)
	if err != nil {
		return nil, err
	}
	g := &PoolGeometry{N: x[0], C: x[1], Rank: len(x) - 2, CountIncludePad: cip != 0 && n.Op == "AveragePool"}
	if g.Window2D, err = newWindow(n, x[2:], kernel, ceil != 0); err != nil {
		return nil, err
	}
	if err := g.checkCoverage(); err != nil {
		return nil, err
	}
	return g, nil
}

// OutShape is the shape of the pool's output.
func (g *PoolGeometry) OutShape() Shape {
	if g.Rank == 1 {
		return Shape{g.N, g.C, g.OW}
	}
	return Shape{g.N, g.C, g.OH, g.OW}
}

// Divisor is what AveragePool divides the sum of output (oh, ow)'s window by:
// the number of its taps inside the input, or with CountIncludePad inside the
// padded input (taps past the end padding under ceil_mode never count).
func (g *PoolGeometry) Divisor(oh, ow int) int {
	top, bottom, left, right := 0, g.H, 0, g.W
	if g.CountIncludePad {
		top, bottom, left, right = -g.PadTop, g.H+g.PadBottom, -g.PadLeft, g.W+g.PadRight
	}
	return axisTaps(oh*g.SH-g.PadTop, g.KH, g.DH, top, bottom) * axisTaps(ow*g.SW-g.PadLeft, g.KW, g.DW, left, right)
}

// axisTaps counts the k in [0, n) with start + k*d in [lo, hi).
func axisTaps(start, n, d, lo, hi int) int {
	c := 0
	for k := range n {
		if p := start + k*d; p >= lo && p < hi {
			c++
		}
	}
	return c
}

func inferPool(n *Node, in []ValueInfo, opset int) ([]ValueInfo, error) {
	if len(n.Outputs) > 1 && n.Outputs[1] != "" {
		return nil, &UnsupportedError{What: "MaxPool Indices output"}
	}
	if in[0].DType == Bool || (n.Op == "AveragePool" && !in[0].DType.IsFloat()) {
		return nil, invalidf("%s of %s", n.Op, in[0].DType)
	}
	g, err := NewPoolGeometry(n, in[0].Shape, opset)
	if err != nil {
		return nil, err
	}
	return []ValueInfo{{DType: in[0].DType, Shape: g.OutShape()}}, nil
}

func evalPool(n *Node, in []*Tensor, opset int) ([]*Tensor, error) {
	x := in[0]
	g, err := NewPoolGeometry(n, x.Shape, opset)
	if err != nil {
		return nil, err
	}
	isMax := n.Op == "MaxPool"
	out := NewTensor(x.DType, g.OutShape())
	inPlane, outPlane := g.H*g.W, g.OH*g.OW
	for p := 0; p < g.N*g.C; p++ {
		src, dst := x.Data[p*inPlane:(p+1)*inPlane], out.Data[p*outPlane:(p+1)*outPlane]
		for oh := 0; oh < g.OH; oh++ {
			for ow := 0; ow < g.OW; ow++ {
				acc, taps := math.Inf(-1), 0
				if !isMax {
					acc = 0
				}
				g.Taps(oh, ow, func(ih, iw, _, _ int) {
					v := src[ih*g.W+iw]
					taps++
					if isMax {
						acc = math.Max(acc, v)
					} else {
						acc += v
					}
				})
				if taps == 0 {
					return nil, fmt.Errorf("pool window (%d,%d) is all padding", oh, ow)
				}
				if !isMax {
					acc /= float64(g.Divisor(oh, ow))
				}
				dst[oh*g.OW+ow] = acc
			}
		}
	}
	return []*Tensor{out}, nil
}

func inferGlobalPool(n *Node, in []ValueInfo, opset int) ([]ValueInfo, error) {
	if err := needFloat(in[0], "input"); err != nil {
		return nil, err
	}
	s := in[0].Shape
	if len(s) < 3 {
		return nil, invalidf("%s input has shape %v, want [N,C,spatial...]", n.Op, s)
	}
	return []ValueInfo{{DType: in[0].DType, Shape: globalPoolShape(s)}}, nil
}

func globalPoolShape(s Shape) Shape {
	out := s.Clone()
	for i := 2; i < len(out); i++ {
		out[i] = 1
	}
	return out
}

func evalGlobalPool(n *Node, in []*Tensor, opset int) ([]*Tensor, error) {
	x := in[0]
	if len(x.Shape) < 3 {
		return nil, invalidf("%s input has shape %v", n.Op, x.Shape)
	}
	out := NewTensor(x.DType, globalPoolShape(x.Shape))
	plane := x.Shape[2:].Size()
	if plane == 0 {
		return nil, invalidf("%s of an empty plane", n.Op)
	}
	for p := range out.Data {
		src := x.Data[p*plane : (p+1)*plane]
		if n.Op == "GlobalMaxPool" {
			m := math.Inf(-1)
			for _, v := range src {
				m = math.Max(m, v)
			}
			out.Data[p] = m
			continue
		}
		s := 0.0
		for _, v := range src {
			s += v
		}
		out.Data[p] = s / float64(plane)
	}
	return []*Tensor{out}, nil
}
