package onnx

import "fmt"

// Conv (1-D and 2-D).

func init() {
	register("Conv", opSpec{minIn: 2, maxIn: 3, infer: inferConv, eval: evalConv})
}

// ConvGeometry describes a grouped 1-D or 2-D convolution of an [N,C,(H,)W]
// input with [M,C/Group,(KH,)KW] weights into an [N,M,(OH,)OW] output.
type ConvGeometry struct {
	Window2D
	N, C, M, Group int
	Rank           int // number of spatial dimensions, 1 or 2
}

// NewConvGeometry reads a Conv node's attributes and checks them against the
// input shape x and the weight shape w.
func NewConvGeometry(n *Node, x, w Shape) (*ConvGeometry, error) {
	if len(x) == 5 {
		return nil, &UnsupportedError{What: "3-D convolution"}
	}
	if len(x) < 3 || len(x) > 4 {
		return nil, invalidf("Conv input has shape %v, want [N,C,W] or [N,C,H,W]", x)
	}
	if len(w) != len(x) {
		return nil, invalidf("Conv weights %v do not match input %v", w, x)
	}
	group, err := n.Attrs.Int("group", 1)
	if err != nil {
		return nil, err
	}
	g := &ConvGeometry{N: x[0], C: x[1], M: w[0], Group: group, Rank: len(x) - 2}
	if group < 1 || group > maxAttrValue || g.C%group != 0 || g.M%group != 0 {
		return nil, invalidf("group %d does not divide %d input and %d output channels", group, g.C, g.M)
	}
	if w[1] != g.C/group {
		return nil, invalidf("Conv weights %v need %d input channels per group, got %d", w, g.C/group, w[1])
	}
	kernel := []int(w[2:])
	if n.Attrs.Has("kernel_shape") {
		ks, err := n.Attrs.Ints("kernel_shape", nil)
		if err != nil {
			return nil, err
		}
		if !Shape(ks).Equal(w[2:]) {
			return nil, invalidf("kernel_shape %v differs from the weights' %v", ks, w[2:])
		}
	}
	if g.Window2D, err = newWindow(n, x[2:], kernel, false); err != nil {
		return nil, err
	}
	return g, nil
}

// OutShape is the shape of the convolution's output.
func (g *ConvGeometry) OutShape() Shape {
	if g.Rank == 1 {
		return Shape{g.N, g.M, g.OW}
	}
	return Shape{g.N, g.M, g.OH, g.OW}
}

func inferConv(n *Node, in []ValueInfo, opset int) ([]ValueInfo, error) {
	if err := sameTypes(in, 0, 1, 2); err != nil {
		return nil, err
	}
	if err := needFloat(in[0], "input"); err != nil {
		return nil, err
	}
	g, err := NewConvGeometry(n, in[0].Shape, in[1].Shape)
	if err != nil {
		return nil, err
	}
	if hasInput(in, 2) && !in[2].Shape.Equal(Shape{g.M}) {
		return nil, invalidf("Conv bias has shape %v, want [%d]", in[2].Shape, g.M)
	}
	return []ValueInfo{{DType: in[0].DType, Shape: g.OutShape()}}, nil
}

func evalConv(n *Node, in []*Tensor, opset int) ([]*Tensor, error) {
	x, w := in[0], in[1]
	g, err := NewConvGeometry(n, x.Shape, w.Shape)
	if err != nil {
		return nil, err
	}
	var bias []float64
	if len(in) > 2 && in[2] != nil {
		if len(in[2].Data) != g.M {
			return nil, fmt.Errorf("conv bias has %d values, want %d", len(in[2].Data), g.M)
		}
		bias = in[2].Data
	}
	out := NewTensor(x.DType, g.OutShape())
	cg, mg := g.C/g.Group, g.M/g.Group
	inPlane, outPlane, kSize := g.H*g.W, g.OH*g.OW, g.KH*g.KW
	rows, cols := make([][2]int, g.KH), make([][2]int, g.KW)
	for kh := range rows {
		rows[kh][0], rows[kh][1] = g.RowRange(kh)
	}
	for kw := range cols {
		cols[kw][0], cols[kw][1] = g.ColRange(kw)
	}
	for b := 0; b < g.N; b++ {
		for m := 0; m < g.M; m++ {
			dst := out.Data[(b*g.M+m)*outPlane : (b*g.M+m+1)*outPlane]
			if bias != nil {
				for i := range dst {
					dst[i] = bias[m]
				}
			}
			c0 := (m / mg) * cg
			for c := 0; c < cg; c++ {
				src := x.Data[(b*g.C+c0+c)*inPlane : (b*g.C+c0+c+1)*inPlane]
				wk := w.Data[(m*cg+c)*kSize : (m*cg+c+1)*kSize]
				for kh := 0; kh < g.KH; kh++ {
					for kw := 0; kw < g.KW; kw++ {
						wv := wk[kh*g.KW+kw]
						colLo, colHi := cols[kw][0], cols[kw][1]
						colOff := kw*g.DW - g.PadLeft
						for oh := rows[kh][0]; oh < rows[kh][1]; oh++ {
							srow := src[(oh*g.SH-g.PadTop+kh*g.DH)*g.W:]
							drow := dst[oh*g.OW : (oh+1)*g.OW]
							if g.SW == 1 {
								s := srow[colLo+colOff : colHi+colOff]
								d := drow[colLo:colHi]
								for i := range d {
									d[i] += wv * s[i]
								}
								continue
							}
							for ow := colLo; ow < colHi; ow++ {
								drow[ow] += wv * srow[ow*g.SW+colOff]
							}
						}
					}
				}
			}
		}
	}
	return []*Tensor{out}, nil
}
