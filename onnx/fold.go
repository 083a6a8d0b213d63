package onnx

import "fmt"

// foldBatchNorm folds each BatchNormalization that directly follows a Conv or
// Gemm with constant weights into that node's weights and bias. It folds only
// where that is exact: the producer's output feeds nothing but the
// BatchNormalization, every parameter is constant, and the normalized
// channel axis (axis 1) is the producer's output-channel axis.
func foldBatchNorm(g *Graph) error {
	producer := map[string]*Node{}
	uses := map[string]int{}
	for _, n := range g.Nodes {
		for _, o := range n.Outputs {
			producer[o] = n
		}
		for _, in := range n.Inputs {
			uses[in]++
		}
	}
	for _, o := range g.Outputs {
		uses[o.Name]++
	}
	kept := g.Nodes[:0]
	for _, bn := range g.Nodes {
		if bn.Op == "BatchNormalization" {
			folded, err := g.foldInto(bn, producer, uses)
			if err != nil {
				return wrapNodeErr(bn, g.Opset, err)
			}
			if folded {
				continue
			}
		}
		kept = append(kept, bn)
	}
	g.Nodes = kept
	return nil
}

// foldInto folds bn into the node producing its input, when exact, and
// reports whether it did.
func (g *Graph) foldInto(bn *Node, producer map[string]*Node, uses map[string]int) (bool, error) {
	x := bn.Inputs[0]
	p := producer[x]
	if p == nil || (p.Op != "Conv" && p.Op != "Gemm") || uses[x] != 1 || len(p.Outputs) != 1 {
		return false, nil
	}
	for _, o := range bn.Outputs[1:] {
		if o != "" {
			return false, nil
		}
	}
	params := make([]*Tensor, 4)
	for i := range params {
		if params[i] = g.Consts[bn.Inputs[i+1]]; params[i] == nil {
			return false, nil
		}
	}
	w := g.Consts[p.Input(1)]
	var b *Tensor
	if name := p.Input(2); name != "" {
		if b = g.Consts[name]; b == nil {
			return false, nil
		}
	}
	if w == nil || !g.Types[x].IsFloat() {
		return false, nil
	}
	scale, shift, err := BatchNormParams(bn, params[0], params[1], params[2], params[3])
	if err != nil {
		return false, err
	}
	c := len(scale)
	if c == 0 {
		return false, nil
	}
	newW := w.Clone()
	var newB *Tensor
	attrs := Attrs{}
	for k, v := range p.Attrs {
		attrs[k] = v
	}
	switch p.Op {
	case "Conv":
		// W is [M, C/group, k...]; output channel m scales W[m] and the bias.
		if len(w.Shape) < 1 || w.Shape[0] != c {
			return false, nil
		}
		per := len(w.Data) / c
		for i := range newW.Data {
			newW.Data[i] *= scale[i/per]
		}
		newB = &Tensor{DType: w.DType, Shape: Shape{c}, Data: make([]float64, c)}
		for m := 0; m < c; m++ {
			bm := 0.0
			if b != nil {
				bm = b.Data[m]
			}
			newB.Data[m] = bm*scale[m] + shift[m]
		}
	case "Gemm":
		// Y = alpha·A'·B' + beta·C is [M, N]; column n scales column n of B'
		// (row n of B when transB) and column n of beta·C.
		gg, err := NewGemmGeometry(p, g.Shapes[p.Input(0)], w.Shape, shapeOf(b))
		if err != nil || gg.N != c {
			return false, err
		}
		for i := range newW.Data {
			col := i % gg.N
			if gg.TransB {
				col = i / gg.K
			}
			newW.Data[i] *= scale[col]
		}
		// The new bias varies along rows only when C did.
		cs := Shape{c}
		if b != nil {
			if cs, err = BroadcastShape(b.Shape, Shape{c}); err != nil {
				return false, err
			}
		}
		newB = NewTensor(w.DType, cs)
		var offs []int
		if b != nil {
			offs = BroadcastOffsets(b.Shape, cs)
		}
		for i := range newB.Data {
			bv := 0.0
			if b != nil {
				bv = gg.Beta * b.Data[offs[i]]
			}
			col := i % c
			newB.Data[i] = bv*scale[col] + shift[col]
		}
		attrs["beta"] = Attr{Type: AttrFloat, F: 1}
	}
	wName, bName := g.freshName(p.Outputs[0]+"_bnfold_W"), g.freshName(p.Outputs[0]+"_bnfold_B")
	g.setConst(wName, newW)
	g.setConst(bName, newB)
	p.Inputs = []string{p.Inputs[0], wName, bName}
	p.Attrs = attrs
	p.Outputs = []string{bn.Outputs[0]}
	return true, nil
}

func shapeOf(t *Tensor) Shape {
	if t == nil {
		return nil
	}
	return t.Shape
}

// freshName returns base, or base with a numeric suffix, unused in the graph.
func (g *Graph) freshName(base string) string {
	name := base
	for i := 1; ; i++ {
		if _, used := g.Types[name]; !used {
			return name
		}
		name = fmt.Sprintf("%s_%d", base, i)
	}
}

func (g *Graph) setConst(name string, t *Tensor) {
	g.Consts[name] = t
	g.Shapes[name] = t.Shape
	g.Types[name] = t.DType
}
