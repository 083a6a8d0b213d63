package o1js

import (
	"math"

	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/quant"
)

// Elementwise and data-movement kernels, lowered onto a few circuit kernels:
// an affine map with rescale ("sparse": y[o] = rescale(b[o] + Σ w·x[idx], k)),
// a concatenation/gather of several values ("gather" with xs), a product of
// two computed elements ("mul"), "divround", "leakyrelu" and "clip".

// bcast maps every element of an output of shape out to the element of an
// operand of shape in that numpy broadcasting reads.
func bcast(in, out onnx.Shape) []int {
	n := out.Size()
	idx := make([]int, n)
	r := len(out)
	// stride of each output axis in the operand (0 when broadcast)
	strides := make([]int, r)
	s := 1
	for i := len(in) - 1; i >= 0; i-- {
		oi := r - len(in) + i
		if in[i] != 1 {
			strides[oi] = s
		}
		s *= in[i]
	}
	for o := 0; o < n; o++ {
		rem, off := o, 0
		for a := r - 1; a >= 0; a-- {
			off += (rem % out[a]) * strides[a]
			rem /= out[a]
		}
		idx[o] = off
	}
	return idx
}

// sparseStep builds a "sparse" step over value x: output o has the taps
// taps[o] (index, weight) and bias bias[o]; zero weights are dropped.
func (b *builder) sparseStep(x int, taps [][][2]int64, bias []int64, shift int) Step {
	start := []int64{0}
	var idx, ws []int64
	for _, tp := range taps {
		for _, t := range tp {
			if t[1] != 0 {
				idx = append(idx, t[0])
				ws = append(ws, t[1])
			}
		}
		start = append(start, int64(len(idx)))
	}
	return Step{Op: "sparse", X: x, N: len(taps), Start: b.tensor(start), Idx: b.tensor(idx), W: b.weights(ws), B: b.weights(bias), Shift: shift}
}

// concat appends a gather step whose output is the concatenation of xs and
// returns its id and the offset of each part.
func (b *builder) concat(xs []int) (int, []int) {
	off := make([]int, len(xs))
	n := 0
	for i, x := range xs {
		off[i] = n
		n += b.m.Sizes[x]
	}
	idx := make([]int64, n)
	for i := range idx {
		idx[i] = int64(i)
	}
	return b.push(Step{Op: "gather", Xs: xs, N: n, Idx: b.tensor(idx)}, n), off
}

func (b *builder) addSub(st *quant.Step) error {
	sign := int64(1)
	if st.Kind == quant.KindSub {
		sign = -1
	}
	n := st.OutShape.Size()
	a, c := st.Inputs[0], st.Inputs[1]
	ia, ic := bcast(a.Shape, st.OutShape), bcast(c.Shape, st.OutShape)
	wa, wc := int64(1)<<(st.OutScale-a.Scale), sign<<(st.OutScale-c.Scale)
	taps := make([][][2]int64, n)
	bias := make([]int64, n)
	switch {
	case a.Kind == quant.OperandValue && c.Kind == quant.OperandValue:
		xa, err := b.value(st, 0)
		if err != nil {
			return err
		}
		xc, err := b.value(st, 1)
		if err != nil {
			return err
		}
		x, off := b.concat([]int{xa, xc})
		for o := range taps {
			taps[o] = [][2]int64{{int64(ia[o]), wa}, {int64(off[1] + ic[o]), wc}}
		}
		b.emit(st, b.sparseStep(x, taps, bias, 0))
	case a.Kind == quant.OperandValue && c.Kind == quant.OperandConst:
		x, err := b.value(st, 0)
		if err != nil {
			return err
		}
		for o := range taps {
			taps[o] = [][2]int64{{int64(ia[o]), wa}}
			bias[o] = c.Const.Data[ic[o]] * wc
		}
		b.emit(st, b.sparseStep(x, taps, bias, 0))
	case a.Kind == quant.OperandConst && c.Kind == quant.OperandValue:
		x, err := b.value(st, 1)
		if err != nil {
			return err
		}
		for o := range taps {
			taps[o] = [][2]int64{{int64(ic[o]), wc}}
			bias[o] = a.Const.Data[ia[o]] * wa
		}
		b.emit(st, b.sparseStep(x, taps, bias, 0))
	default:
		return unsupported(st, "operands are not a computed value and a constant or two values")
	}
	return nil
}

func (b *builder) mul(st *quant.Step) error {
	n := st.OutShape.Size()
	a, c := st.Inputs[0], st.Inputs[1]
	ia, ic := bcast(a.Shape, st.OutShape), bcast(c.Shape, st.OutShape)
	switch {
	case a.Kind == quant.OperandValue && c.Kind == quant.OperandValue:
		xa, err := b.value(st, 0)
		if err != nil {
			return err
		}
		xc, err := b.value(st, 1)
		if err != nil {
			return err
		}
		x, off := b.concat([]int{xa, xc})
		A, C := make([]int64, n), make([]int64, n)
		for o := range A {
			A[o], C[o] = int64(ia[o]), int64(off[1]+ic[o])
		}
		b.emit(st, Step{Op: "mul", X: x, N: n, IA: b.tensor(A), IB: b.tensor(C), Shift: st.Shift})
		return nil
	case a.Kind == quant.OperandConst && c.Kind == quant.OperandValue:
		a, c, ia, ic = c, a, ic, ia
		fallthrough
	case a.Kind == quant.OperandValue && c.Kind == quant.OperandConst:
		vi := 0
		if st.Inputs[0].Kind != quant.OperandValue {
			vi = 1
		}
		x, err := b.value(st, vi)
		if err != nil {
			return err
		}
		taps := make([][][2]int64, n)
		for o := range taps {
			taps[o] = [][2]int64{{int64(ia[o]), c.Const.Data[ic[o]]}}
		}
		b.emit(st, b.sparseStep(x, taps, make([]int64, n), st.Shift))
		return nil
	}
	return unsupported(st, "operands are not a computed value and a constant or two values")
}

func (b *builder) divRound(st *quant.Step) error {
	x, err := b.value(st, 0)
	if err != nil {
		return err
	}
	d := st.Inputs[1]
	if d.Kind != quant.OperandConst {
		return unsupported(st, "divisor is not a constant")
	}
	n := st.OutShape.Size()
	ix, id := bcast(st.Inputs[0].Shape, st.OutShape), bcast(d.Shape, st.OutShape)
	start, idx, sign, den := make([]int64, n+1), make([]int64, n), make([]int64, n), make([]int64, n)
	for o := 0; o < n; o++ {
		start[o+1] = int64(o + 1)
		idx[o] = int64(ix[o])
		v := d.Const.Data[id[o]]
		sign[o], den[o] = 1, v
		if v < 0 {
			sign[o], den[o] = -1, -v
		}
		if v == 0 {
			return unsupported(st, "zero divisor")
		}
	}
	b.emit(st, Step{Op: "divround", X: x, N: n, Start: b.tensor(start), Idx: b.tensor(idx), Sign: b.tensor(sign), Den: b.tensor(den)})
	return nil
}

func (b *builder) batchNorm(st *quant.Step) error {
	x, err := b.value(st, 0)
	if err != nil {
		return err
	}
	xs := st.Inputs[0].Shape
	if len(xs) < 2 || st.Inputs[1].Kind != quant.OperandConst || st.Inputs[2].Kind != quant.OperandConst {
		return unsupported(st, "operand layout")
	}
	C, inner := xs[1], onnx.Shape(xs[2:]).Size()
	n := xs.Size()
	start, idx, ci := make([]int64, n+1), make([]int64, n), make([]int64, n)
	for i := range idx {
		start[i+1], idx[i], ci[i] = int64(i+1), int64(i), int64((i/inner)%C)
	}
	chans := b.tensor(ci)
	b.emit(st, Step{Op: "sparse", X: x, N: n, Start: b.tensor(start), Idx: b.tensor(idx),
		W: b.weights(st.Inputs[1].Const.Data), WI: chans, B: b.weights(st.Inputs[2].Const.Data), BI: chans, Shift: st.Shift})
	return nil
}

// marker is the traced value of element j of the concatenated computed
// inputs of a move: far above any quantized constant (< 2^31), exact in a
// float64.
const marker = 1 << 40

// move handles data movement: the node runs on element markers to find, for
// every output element, the computed input element it copies (or the
// constant it holds). A plain copy becomes a gather; alignment shifts and
// constants become a "sparse" step with one weight-2^k tap (or none) per
// output, and several computed inputs are concatenated first.
func (b *builder) move(st *quant.Step) error {
	var xs, shifts []int
	ins := make([]*onnx.Tensor, len(st.Inputs))
	base := 0
	var offs []int
	for i, op := range st.Inputs {
		switch op.Kind {
		case quant.OperandValue:
			x, err := b.value(st, i)
			if err != nil {
				return err
			}
			if st.Node.Op == "Gather" && i == 1 {
				return unsupported(st, "computed gather indices")
			}
			t := &onnx.Tensor{DType: onnx.Float, Shape: op.Shape, Data: make([]float64, op.Shape.Size())}
			for j := range t.Data {
				t.Data[j] = float64(marker + base + j)
			}
			ins[i] = t
			xs = append(xs, x)
			offs = append(offs, base)
			shifts = append(shifts, st.OutScale-op.Scale)
			base += op.Shape.Size()
		case quant.OperandParam:
			ins[i] = op.Raw
		case quant.OperandConst:
			t := &onnx.Tensor{DType: onnx.Float, Shape: op.Const.Shape, Data: make([]float64, len(op.Const.Data))}
			for j, v := range op.Const.Data {
				t.Data[j] = float64(v)
			}
			ins[i] = t
		case quant.OperandAbsent:
		}
	}
	if len(xs) == 0 {
		return unsupported(st, "a move of constants only")
	}
	var out []float64
	switch st.Node.Op {
	case "Identity", "Dropout", "Cast":
		out = ins[0].Data
	default:
		res, err := onnx.EvalNode(st.Node, ins, b.p.Graph.Opset)
		if err != nil || len(res) == 0 || res[0] == nil {
			return unsupported(st, "cannot trace the move: %v", err)
		}
		out = res[0].Data
	}
	if len(out) != st.OutShape.Size() {
		return unsupported(st, "traced %d elements, want %d", len(out), st.OutShape.Size())
	}
	plain := true
	src := make([]int, len(out)) // input part of each element, −1 for a constant
	for o, v := range out {
		src[o] = -1
		if v >= marker/2 {
			g := int(v) - marker
			for p := len(offs) - 1; p >= 0; p-- {
				if g >= offs[p] {
					src[o] = p
					break
				}
			}
			if shifts[src[o]] != 0 {
				plain = false
			}
		} else {
			plain = false
		}
	}
	x := xs[0]
	if len(xs) > 1 {
		x, _ = b.concat(xs)
	}
	if plain {
		idx := make([]int64, len(out))
		for o, v := range out {
			idx[o] = int64(v) - marker
		}
		b.emit(st, Step{Op: "gather", X: x, N: len(idx), Idx: b.tensor(idx)})
		return nil
	}
	taps := make([][][2]int64, len(out))
	bias := make([]int64, len(out))
	for o, v := range out {
		if src[o] < 0 {
			c := int64(v)
			if st.Node.Op == "Pad" {
				c = st.PadValue
			}
			if v != math.Trunc(v) {
				return unsupported(st, "non-integer constant %v", v)
			}
			bias[o] = c
			continue
		}
		taps[o] = [][2]int64{{int64(v) - marker, int64(1) << shifts[src[o]]}}
	}
	b.emit(st, b.sparseStep(x, taps, bias, 0))
	return nil
}
