package onnx

import (
	"fmt"
	"slices"
)

// Data-movement ops. Their kernels only move or select values, so they are
// exact on integer-valued tensors. Each op has one planning function shared
// by shape inference and the kernel.

func init() {
	register("Flatten", opSpec{minIn: 1, maxIn: 1, infer: viewInfer(planFlatten), eval: viewEval(planFlatten)})
	register("Reshape", opSpec{minIn: 2, maxIn: 2, infer: viewInfer(planReshape), eval: viewEval(planReshape)})
	register("Squeeze", opSpec{minIn: 1, maxIn: 2, infer: viewInfer(planSqueeze), eval: viewEval(planSqueeze)})
	register("Unsqueeze", opSpec{minIn: 1, maxIn: 2, infer: viewInfer(planUnsqueeze), eval: viewEval(planUnsqueeze)})
	register("Identity", opSpec{minIn: 1, maxIn: 1, infer: viewInfer(planIdentity), eval: viewEval(planIdentity)})
	register("Transpose", opSpec{minIn: 1, maxIn: 1, infer: stridedInfer(planTranspose), eval: stridedEval(planTranspose)})
	register("Slice", opSpec{minIn: 1, maxIn: 5, infer: stridedInfer(planSlice), eval: stridedEval(planSlice)})
	register("Concat", opSpec{minIn: 1, maxIn: 1 << 16, infer: inferConcat, eval: evalConcat})
	register("Split", opSpec{minIn: 1, maxIn: 2, infer: inferSplit, eval: evalSplit})
	register("Gather", opSpec{minIn: 2, maxIn: 2, infer: inferGather, eval: evalGather})
	register("Pad", opSpec{minIn: 1, maxIn: 4, infer: inferPad, eval: evalPad})
}

// infosOf describes runtime tensors as constant ValueInfos, so that kernels
// can reuse the planning functions of shape inference.
func infosOf(in []*Tensor) []ValueInfo {
	out := make([]ValueInfo, len(in))
	for i, t := range in {
		if t != nil {
			out[i] = ValueInfo{DType: t.DType, Shape: t.Shape, Const: t}
		}
	}
	return out
}

// A viewPlan computes the output shape of an op that keeps the row-major
// element order (a reshape).
type viewPlan func(n *Node, in []ValueInfo, opset int) (Shape, error)

func viewInfer(plan viewPlan) func(*Node, []ValueInfo, int) ([]ValueInfo, error) {
	return func(n *Node, in []ValueInfo, opset int) ([]ValueInfo, error) {
		s, err := plan(n, in, opset)
		if err != nil {
			return nil, err
		}
		if s.Size() != in[0].Shape.Size() {
			return nil, invalidf("cannot reshape %v (%d elements) to %v", in[0].Shape, in[0].Shape.Size(), s)
		}
		return []ValueInfo{{DType: in[0].DType, Shape: s}}, nil
	}
}

func viewEval(plan viewPlan) func(*Node, []*Tensor, int) ([]*Tensor, error) {
	return func(n *Node, in []*Tensor, opset int) ([]*Tensor, error) {
		s, err := plan(n, infosOf(in), opset)
		if err != nil {
			return nil, err
		}
		if s.Size() != len(in[0].Data) {
			return nil, invalidf("cannot reshape %v to %v", in[0].Shape, s)
		}
		return []*Tensor{{DType: in[0].DType, Shape: s, Data: slices.Clone(in[0].Data)}}, nil
	}
}

func planIdentity(n *Node, in []ValueInfo, opset int) (Shape, error) {
	return in[0].Shape.Clone(), nil
}

func planFlatten(n *Node, in []ValueInfo, opset int) (Shape, error) {
	s := in[0].Shape
	axis, err := n.Attrs.Int("axis", 1)
	if err != nil {
		return nil, err
	}
	if axis < -len(s) || axis > len(s) {
		return nil, invalidf("Flatten axis %d is out of range for rank %d", axis, len(s))
	}
	if axis < 0 {
		axis += len(s)
	}
	return Shape{s[:axis].Size(), s[axis:].Size()}, nil
}

func planReshape(n *Node, in []ValueInfo, opset int) (Shape, error) {
	dims, err := constInts(in, 1, "shape")
	if err != nil {
		return nil, err
	}
	if len(in[1].Shape) != 1 {
		return nil, invalidf("Reshape shape input has shape %v, want 1-D", in[1].Shape)
	}
	allowZero := 0
	if opset >= 14 {
		if allowZero, err = n.Attrs.Int("allowzero", 0); err != nil {
			return nil, err
		}
	}
	src := in[0].Shape
	out := make(Shape, len(dims))
	infer := -1
	known := 1
	for i, d := range dims {
		switch {
		case d == -1:
			if infer >= 0 {
				return nil, invalidf("Reshape shape %v has more than one -1", dims)
			}
			infer = i
			continue
		case d == 0 && allowZero == 0:
			if i >= len(src) {
				return nil, invalidf("Reshape shape %v copies dimension %d of %v", dims, i, src)
			}
			d = src[i]
		case d < 0 || d > maxElements:
			return nil, invalidf("Reshape shape %v has dimension %d", dims, d)
		}
		out[i] = d
		if d != 0 && known > maxElements/d {
			return nil, invalidf("Reshape shape %v is too large", dims)
		}
		known *= d
	}
	if infer >= 0 {
		if known == 0 || src.Size()%known != 0 {
			return nil, invalidf("cannot reshape %v to %v", src, dims)
		}
		out[infer] = src.Size() / known
	}
	return out, nil
}

// axesInput reads the axes of Squeeze or Unsqueeze: an attribute before
// opset 13, an optional constant input from 13. It reports whether axes were given.
func axesInput(n *Node, in []ValueInfo, opset int) ([]int, bool, error) {
	if opset < 13 {
		axes, err := n.Attrs.Ints("axes", nil)
		return axes, axes != nil, err
	}
	if !hasInput(in, 1) {
		return nil, false, nil
	}
	axes, err := constInts(in, 1, "axes")
	return axes, true, err
}

// normAxes normalizes axes against rank and rejects duplicates.
func normAxes(axes []int, rank int) ([]bool, error) {
	seen := make([]bool, rank)
	for _, a := range axes {
		na, err := NormAxis(a, rank)
		if err != nil {
			return nil, err
		}
		if seen[na] {
			return nil, invalidf("axis %d is repeated in %v", a, axes)
		}
		seen[na] = true
	}
	return seen, nil
}

func planSqueeze(n *Node, in []ValueInfo, opset int) (Shape, error) {
	s := in[0].Shape
	axes, given, err := axesInput(n, in, opset)
	if err != nil {
		return nil, err
	}
	drop := make([]bool, len(s))
	if given {
		if drop, err = normAxes(axes, len(s)); err != nil {
			return nil, err
		}
	}
	out := Shape{}
	for i, d := range s {
		if given && drop[i] && d != 1 {
			return nil, invalidf("cannot squeeze axis %d of %v", i, s)
		}
		if (given && drop[i]) || (!given && d == 1) {
			continue
		}
		out = append(out, d)
	}
	return out, nil
}

func planUnsqueeze(n *Node, in []ValueInfo, opset int) (Shape, error) {
	s := in[0].Shape
	axes, given, err := axesInput(n, in, opset)
	if err != nil {
		return nil, err
	}
	if !given {
		return nil, invalidf("Unsqueeze needs axes")
	}
	rank := len(s) + len(axes)
	if rank > 64 {
		return nil, invalidf("Unsqueeze to rank %d", rank)
	}
	ins, err := normAxes(axes, rank)
	if err != nil {
		return nil, err
	}
	out := make(Shape, 0, rank)
	j := 0
	for i := 0; i < rank; i++ {
		if ins[i] {
			out = append(out, 1)
		} else {
			out = append(out, s[j])
			j++
		}
	}
	return out, nil
}

// A stridedPlan computes the output shape of an op that reads its input at
// base + Σ idx[d]·strides[d] (transpositions and strided slices).
type stridedPlan func(n *Node, in []ValueInfo, opset int) (out Shape, base int, strides []int, err error)

func stridedInfer(plan stridedPlan) func(*Node, []ValueInfo, int) ([]ValueInfo, error) {
	return func(n *Node, in []ValueInfo, opset int) ([]ValueInfo, error) {
		s, _, _, err := plan(n, in, opset)
		if err != nil {
			return nil, err
		}
		return []ValueInfo{{DType: in[0].DType, Shape: s}}, nil
	}
}

func stridedEval(plan stridedPlan) func(*Node, []*Tensor, int) ([]*Tensor, error) {
	return func(n *Node, in []*Tensor, opset int) ([]*Tensor, error) {
		s, base, st, err := plan(n, infosOf(in), opset)
		if err != nil {
			return nil, err
		}
		out := NewTensor(in[0].DType, s)
		for i, o := range StridedOffsets(s, base, st) {
			out.Data[i] = in[0].Data[o]
		}
		return []*Tensor{out}, nil
	}
}

func planTranspose(n *Node, in []ValueInfo, opset int) (Shape, int, []int, error) {
	s := in[0].Shape
	r := len(s)
	perm, err := n.Attrs.Ints("perm", nil)
	if err != nil {
		return nil, 0, nil, err
	}
	if perm == nil {
		for i := r - 1; i >= 0; i-- {
			perm = append(perm, i)
		}
	}
	if len(perm) != r {
		return nil, 0, nil, invalidf("perm %v does not match rank %d", perm, r)
	}
	seen := make([]bool, r)
	out, st, inSt := make(Shape, r), make([]int, r), s.Strides()
	for i, p := range perm {
		if p < 0 || p >= r || seen[p] {
			return nil, 0, nil, invalidf("perm %v is not a permutation", perm)
		}
		seen[p] = true
		out[i], st[i] = s[p], inSt[p]
	}
	return out, 0, st, nil
}

// sliceParams reads the starts, ends, axes and steps of a Slice node:
// attributes before opset 10, constant inputs 1 to 4 from opset 10.
func sliceParams(n *Node, in []ValueInfo, opset int) (starts, ends, axes, steps []int, err error) {
	if opset < 10 {
		if starts, err = n.Attrs.Ints("starts", nil); err != nil {
			return
		}
		if ends, err = n.Attrs.Ints("ends", nil); err != nil {
			return
		}
		axes, err = n.Attrs.Ints("axes", nil)
		return
	}
	if starts, err = constInts(in, 1, "starts"); err != nil {
		return
	}
	if ends, err = constInts(in, 2, "ends"); err != nil {
		return
	}
	if hasInput(in, 3) {
		if axes, err = constInts(in, 3, "axes"); err != nil {
			return
		}
	}
	if hasInput(in, 4) {
		steps, err = constInts(in, 4, "steps")
	}
	return
}

func planSlice(n *Node, in []ValueInfo, opset int) (Shape, int, []int, error) {
	s := in[0].Shape
	starts, ends, axes, steps, err := sliceParams(n, in, opset)
	if err != nil {
		return nil, 0, nil, err
	}
	k := len(starts)
	if axes == nil {
		for i := 0; i < k; i++ {
			axes = append(axes, i)
		}
	}
	if steps == nil {
		steps = make([]int, k)
		for i := range steps {
			steps[i] = 1
		}
	}
	if len(ends) != k || len(axes) != k || len(steps) != k {
		return nil, 0, nil, invalidf("Slice has %d starts, %d ends, %d axes and %d steps", k, len(ends), len(axes), len(steps))
	}
	if _, err := normAxes(axes, len(s)); err != nil {
		return nil, 0, nil, err
	}
	out, inSt := s.Clone(), s.Strides()
	st := slices.Clone(inSt)
	base := 0
	for i, a := range axes {
		a, _ = NormAxis(a, len(s))
		dim, step := s[a], steps[i]
		if step == 0 {
			return nil, 0, nil, invalidf("Slice step is 0 on axis %d", a)
		}
		// Bound the values first so that the arithmetic below cannot overflow.
		start := min(max(starts[i], -maxElements-1), maxElements+1)
		end := min(max(ends[i], -maxElements-1), maxElements+1)
		step = min(max(step, -maxElements-1), maxElements+1)
		if start < 0 {
			start += dim
		}
		if end < 0 {
			end += dim
		}
		count := 0
		if step > 0 {
			start, end = min(max(start, 0), dim), min(max(end, 0), dim)
			count = max(0, ceilDiv(end-start, step))
		} else {
			start, end = min(max(start, 0), dim-1), min(max(end, -1), dim-1)
			count = max(0, ceilDiv(start-end, -step))
		}
		out[a] = count
		if count > 0 {
			base += start * inSt[a]
		}
		st[a] = inSt[a] * step
	}
	return out, base, st, nil
}

func inferConcat(n *Node, in []ValueInfo, opset int) ([]ValueInfo, error) {
	var shapes []Shape
	for i := range in {
		if !hasInput(in, i) {
			return nil, invalidf("Concat input %d is empty", i)
		}
		shapes = append(shapes, in[i].Shape)
	}
	idx := make([]int, len(in))
	for i := range idx {
		idx[i] = i
	}
	if err := sameTypes(in, idx...); err != nil {
		return nil, err
	}
	out, _, err := planConcat(n, shapes)
	if err != nil {
		return nil, err
	}
	return []ValueInfo{{DType: in[0].DType, Shape: out}}, nil
}

// planConcat checks the input shapes of a Concat and returns the output
// shape and the normalized axis.
func planConcat(n *Node, shapes []Shape) (Shape, int, error) {
	if !n.Attrs.Has("axis") {
		return nil, 0, invalidf("Concat needs an axis")
	}
	axis, err := n.Attrs.Int("axis", 0)
	if err != nil {
		return nil, 0, err
	}
	r := len(shapes[0])
	if axis, err = NormAxis(axis, r); err != nil {
		return nil, 0, err
	}
	out := shapes[0].Clone()
	for _, s := range shapes[1:] {
		if len(s) != r {
			return nil, 0, invalidf("Concat of ranks %d and %d", r, len(s))
		}
		for d := range s {
			if d != axis && s[d] != out[d] {
				return nil, 0, invalidf("Concat of shapes %v and %v on axis %d", shapes[0], s, axis)
			}
		}
		out[axis] += s[axis]
		if out[axis] > maxElements {
			return nil, 0, invalidf("Concat output is too large")
		}
	}
	return out, axis, nil
}

func evalConcat(n *Node, in []*Tensor, opset int) ([]*Tensor, error) {
	shapes := make([]Shape, len(in))
	for i, t := range in {
		if t == nil {
			return nil, invalidf("Concat input %d is empty", i)
		}
		shapes[i] = t.Shape
	}
	s, axis, err := planConcat(n, shapes)
	if err != nil {
		return nil, err
	}
	out := NewTensor(in[0].DType, s)
	outer := s[:axis].Size()
	inner := s[axis+1:].Size()
	pos := 0
	for o := 0; o < outer; o++ {
		for _, t := range in {
			blk := t.Shape[axis] * inner
			pos += copy(out.Data[pos:], t.Data[o*blk:(o+1)*blk])
		}
	}
	return []*Tensor{out}, nil
}

// planSplit returns the normalized axis and the part sizes of a Split node
// with the given number of outputs: the split attribute before opset 13, the
// constant split input from 13, else equal parts (the last one smaller from
// opset 18, num_outputs).
func planSplit(n *Node, in []ValueInfo, outputs, opset int) (int, []int, error) {
	s := in[0].Shape
	axis, err := n.Attrs.Int("axis", 0)
	if err != nil {
		return 0, nil, err
	}
	if axis, err = NormAxis(axis, len(s)); err != nil {
		return 0, nil, err
	}
	var parts []int
	switch {
	case opset < 13:
		parts, err = n.Attrs.Ints("split", nil)
	case hasInput(in, 1):
		parts, err = constInts(in, 1, "split")
	}
	if err != nil {
		return 0, nil, err
	}
	dim := s[axis]
	if parts == nil {
		k := outputs
		if opset >= 18 && n.Attrs.Has("num_outputs") {
			if k, err = n.Attrs.Int("num_outputs", 0); err != nil {
				return 0, nil, err
			}
		}
		if k < 1 || k != outputs {
			return 0, nil, invalidf("Split into %d parts with %d outputs", k, outputs)
		}
		size := dim / k
		if dim%k != 0 {
			if opset < 18 {
				return 0, nil, invalidf("Split of %d into %d equal parts", dim, k)
			}
			size = ceilDiv(dim, k)
		}
		for i := 0; i < k; i++ {
			p := min(size, dim-i*size)
			if p < 0 {
				return 0, nil, invalidf("Split of %d into %d parts leaves an empty tail", dim, k)
			}
			parts = append(parts, p)
		}
	}
	if len(parts) != outputs {
		return 0, nil, invalidf("Split has %d sizes for %d outputs", len(parts), outputs)
	}
	sum := 0
	for _, p := range parts {
		if p < 0 || p > dim {
			return 0, nil, invalidf("Split size %d", p)
		}
		sum += p
	}
	if sum != dim {
		return 0, nil, invalidf("Split sizes %v do not add up to %d", parts, dim)
	}
	return axis, parts, nil
}

func inferSplit(n *Node, in []ValueInfo, opset int) ([]ValueInfo, error) {
	axis, parts, err := planSplit(n, in, len(n.Outputs), opset)
	if err != nil {
		return nil, err
	}
	outs := make([]ValueInfo, len(parts))
	for i, p := range parts {
		s := in[0].Shape.Clone()
		s[axis] = p
		outs[i] = ValueInfo{DType: in[0].DType, Shape: s}
	}
	return outs, nil
}

func evalSplit(n *Node, in []*Tensor, opset int) ([]*Tensor, error) {
	x := in[0]
	axis, parts, err := planSplit(n, infosOf(in), len(n.Outputs), opset)
	if err != nil {
		return nil, err
	}
	outer, inner := x.Shape[:axis].Size(), x.Shape[axis+1:].Size()
	outs := make([]*Tensor, len(parts))
	off := 0
	for i, p := range parts {
		s := x.Shape.Clone()
		s[axis] = p
		t := NewTensor(x.DType, s)
		for o := 0; o < outer; o++ {
			src := x.Data[(o*x.Shape[axis]+off)*inner:]
			copy(t.Data[o*p*inner:(o+1)*p*inner], src[:p*inner])
		}
		off += p
		outs[i] = t
	}
	return outs, nil
}

// gatherPlan returns the normalized axis and output shape of a Gather.
func gatherPlan(n *Node, data, indices Shape) (int, Shape, error) {
	axis, err := n.Attrs.Int("axis", 0)
	if err != nil {
		return 0, nil, err
	}
	if axis, err = NormAxis(axis, len(data)); err != nil {
		return 0, nil, err
	}
	out := append(append(data[:axis].Clone(), indices...), data[axis+1:]...)
	return axis, out, nil
}

func inferGather(n *Node, in []ValueInfo, opset int) ([]ValueInfo, error) {
	if t := in[1].DType; t != Int64 && t != Int32 {
		return nil, invalidf("Gather indices have type %s, want INT32 or INT64", t)
	}
	_, s, err := gatherPlan(n, in[0].Shape, in[1].Shape)
	if err != nil {
		return nil, err
	}
	return []ValueInfo{{DType: in[0].DType, Shape: s}}, nil
}

func evalGather(n *Node, in []*Tensor, opset int) ([]*Tensor, error) {
	x, idx := in[0], in[1]
	axis, s, err := gatherPlan(n, x.Shape, idx.Shape)
	if err != nil {
		return nil, err
	}
	if err := checkShape(s); err != nil {
		return nil, err
	}
	dim := x.Shape[axis]
	outer, inner := x.Shape[:axis].Size(), x.Shape[axis+1:].Size()
	out := NewTensor(x.DType, s)
	pos := 0
	for o := 0; o < outer; o++ {
		for j, v := range idx.Data {
			k := int(v)
			if v != float64(k) || k < -dim || k >= dim {
				return nil, invalidf("Gather index %v (element %d) is out of range for dimension %d", v, j, dim)
			}
			if k < 0 {
				k += dim
			}
			pos += copy(out.Data[pos:pos+inner], x.Data[(o*dim+k)*inner:])
		}
	}
	return []*Tensor{out}, nil
}

// PadParams holds the constant-mode padding of a Pad node: Begin[d] and
// End[d] values added (or, when negative, removed) on each side of axis d.
type PadParams struct {
	Begin, End []int
	Out        Shape
}

// NewPadParams reads the pads and axes of a Pad node (attributes before
// opset 11, constant inputs from 11) for an input of shape s. Modes other
// than "constant" are unsupported.
func NewPadParams(n *Node, in []ValueInfo, opset int) (*PadParams, error) {
	s := in[0].Shape
	mode, err := n.Attrs.String("mode", "constant")
	if err != nil {
		return nil, err
	}
	if mode != "constant" {
		return nil, &UnsupportedError{What: fmt.Sprintf("Pad mode %q", mode)}
	}
	var pads, axes []int
	if opset < 11 {
		if pads, err = n.Attrs.Ints("pads", nil); err != nil {
			return nil, err
		}
	} else {
		if pads, err = constInts(in, 1, "pads"); err != nil {
			return nil, err
		}
		if hasInput(in, 3) {
			if axes, err = constInts(in, 3, "axes"); err != nil {
				return nil, err
			}
		}
	}
	if axes == nil {
		for i := range s {
			axes = append(axes, i)
		}
	}
	if len(pads) != 2*len(axes) {
		return nil, invalidf("Pad has %d pads for %d axes", len(pads), len(axes))
	}
	if err := checkRange("pads", pads, -maxAttrValue, maxAttrValue); err != nil {
		return nil, err
	}
	if _, err := normAxes(axes, len(s)); err != nil {
		return nil, err
	}
	p := &PadParams{Begin: make([]int, len(s)), End: make([]int, len(s)), Out: s.Clone()}
	for i, a := range axes {
		a, _ = NormAxis(a, len(s))
		p.Begin[a], p.End[a] = pads[i], pads[i+len(axes)]
		p.Out[a] += p.Begin[a] + p.End[a]
		if p.Out[a] < 0 {
			return nil, invalidf("Pad removes more than axis %d holds", a)
		}
	}
	return p, checkShape(p.Out)
}

func inferPad(n *Node, in []ValueInfo, opset int) ([]ValueInfo, error) {
	if hasInput(in, 2) && in[2].Shape.Size() != 1 {
		return nil, invalidf("Pad constant_value has shape %v, want a scalar", in[2].Shape)
	}
	if err := sameTypes(in, 0, 2); err != nil {
		return nil, err
	}
	p, err := NewPadParams(n, in, opset)
	if err != nil {
		return nil, err
	}
	return []ValueInfo{{DType: in[0].DType, Shape: p.Out}}, nil
}

func evalPad(n *Node, in []*Tensor, opset int) ([]*Tensor, error) {
	x := in[0]
	p, err := NewPadParams(n, infosOf(in), opset)
	if err != nil {
		return nil, err
	}
	value := 0.0
	if opset < 11 {
		if value, err = n.Attrs.Float("value", 0); err != nil {
			return nil, err
		}
	} else if len(in) > 2 && in[2] != nil {
		if len(in[2].Data) != 1 {
			return nil, invalidf("Pad constant_value has %d elements", len(in[2].Data))
		}
		value = in[2].Data[0]
	}
	out := NewTensor(x.DType, p.Out)
	if value != 0 {
		for i := range out.Data {
			out.Data[i] = value
		}
	}
	// Walk the input; each element lands at its index shifted by Begin when
	// that is inside the output.
	r := len(x.Shape)
	outSt := p.Out.Strides()
	idx := make([]int, r)
	for _, v := range x.Data {
		off, inside := 0, true
		for d := 0; d < r; d++ {
			o := idx[d] + p.Begin[d]
			if o < 0 || o >= p.Out[d] {
				inside = false
				break
			}
			off += o * outSt[d]
		}
		if inside {
			out.Data[off] = v
		}
		for d := r - 1; d >= 0; d-- {
			idx[d]++
			if idx[d] < x.Shape[d] {
				break
			}
			idx[d] = 0
		}
	}
	return []*Tensor{out}, nil
}
