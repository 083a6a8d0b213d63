package quant

import (
	"fmt"
	"math"

	"github.com/zkml-mina/zkml/onnx"
)

// Trace is the result of one integer evaluation: every value's integer
// tensor (the circuit's witness) and the graph outputs.
type Trace struct {
	// Values holds every graph input and node output by name.
	Values map[string]*QTensor
	// Outputs are the graph outputs in Program.Outputs order.
	Outputs []*QTensor
}

// QuantizeInput quantizes a graph input at its scale: round half away from
// zero of x·2^s. It rejects an unknown name, a wrong length, NaN or infinite
// elements, non-integers for integer-typed inputs and values outside the
// ValueBits range.
func (p *Program) QuantizeInput(name string, x []float64) ([]int64, error) {
	var in *onnx.Value
	for i := range p.Inputs {
		if p.Inputs[i].Name == name {
			in = &p.Inputs[i]
		}
	}
	if in == nil {
		return nil, &onnx.InputError{Msg: fmt.Sprintf("no graph input %q", name)}
	}
	if len(x) != in.Shape.Size() {
		return nil, &onnx.InputError{Msg: fmt.Sprintf("input %q has %d values, want %d (shape %v)", name, len(x), in.Shape.Size(), in.Shape)}
	}
	s := p.Scales[name]
	q := make([]int64, len(x))
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, &onnx.InputError{Msg: fmt.Sprintf("input %q element %d is %v", name, i, v)}
		}
		if s == 0 && !in.DType.IsFloat() && v != math.Trunc(v) {
			return nil, &onnx.InputError{Msg: fmt.Sprintf("input %q element %d is %v, not an integer", name, i, v)}
		}
		qv, ok := quantize(v, s, ValueBits)
		if !ok {
			return nil, &RangeError{Value: name, What: "input", Index: i, Got: math.Round(math.Ldexp(v, s)), Bits: ValueBits}
		}
		q[i] = qv
	}
	return q, nil
}

// Dequantize converts the integers of a graph input or node output to reals:
// q / 2^s at the value's scale.
func (p *Program) Dequantize(name string, q []int64) ([]float64, error) {
	s, ok := p.Scales[name]
	if !ok {
		return nil, fmt.Errorf("quant: no value %q", name)
	}
	return dequantize(q, s), nil
}

// RunFloat quantizes a flat row for the graph's only input, runs the
// program and returns the first output dequantized.
func (p *Program) RunFloat(row []float64) ([]float64, error) {
	if len(p.Inputs) != 1 {
		return nil, &onnx.InputError{Msg: fmt.Sprintf("model has %d inputs; a flat row feeds exactly one", len(p.Inputs))}
	}
	name := p.Inputs[0].Name
	q, err := p.QuantizeInput(name, row)
	if err != nil {
		return nil, err
	}
	tr, err := p.Run(map[string][]int64{name: q})
	if err != nil {
		return nil, err
	}
	return tr.Outputs[0].Float(), nil
}

// Run is the integer evaluator: it checks the inputs (present, right length,
// inside the ValueBits range), runs every step in order and returns the full
// trace. Any element leaving its width stops it with a *RangeError.
func (p *Program) Run(inputs map[string][]int64) (*Trace, error) {
	tr := &Trace{Values: make(map[string]*QTensor, len(p.Inputs)+len(p.Steps))}
	for _, in := range p.Inputs {
		q, ok := inputs[in.Name]
		if !ok {
			return nil, &onnx.InputError{Msg: fmt.Sprintf("missing input %q", in.Name)}
		}
		if len(q) != in.Shape.Size() {
			return nil, &onnx.InputError{Msg: fmt.Sprintf("input %q has %d values, want %d (shape %v)", in.Name, len(q), in.Shape.Size(), in.Shape)}
		}
		for i, v := range q {
			if v < valueMin || v > valueMax {
				return nil, &RangeError{Value: in.Name, What: "input", Index: i, Got: float64(v), Bits: ValueBits}
			}
		}
		tr.Values[in.Name] = &QTensor{Shape: in.Shape.Clone(), Scale: p.Scales[in.Name], Data: append([]int64(nil), q...)}
	}
	for _, st := range p.Steps {
		out, err := p.evalStep(st, tr.Values)
		if err != nil {
			return nil, err
		}
		tr.Values[st.Output] = out
	}
	for _, o := range p.Outputs {
		t, ok := tr.Values[o.Name]
		if !ok {
			return nil, fmt.Errorf("quant: graph output %q was not computed", o.Name)
		}
		tr.Outputs = append(tr.Outputs, t)
	}
	return tr, nil
}

// rangeErr builds a RangeError for an element of this step's output.
func (st *Step) rangeErr(what string, idx int, got float64, bits int) *RangeError {
	return &RangeError{Node: st.Node.Name, Op: st.Node.Op, Value: st.Output, What: what, Index: idx, Got: got, Bits: bits}
}

// operandData returns the integers input i holds.
func operandData(op *Operand, vals map[string]*QTensor) ([]int64, error) {
	switch op.Kind {
	case OperandConst:
		return op.Const.Data, nil
	case OperandValue:
		v, ok := vals[op.Name]
		if !ok {
			return nil, fmt.Errorf("value %q not computed", op.Name)
		}
		if len(v.Data) != op.Shape.Size() {
			return nil, fmt.Errorf("value %q has %d elements, want %d", op.Name, len(v.Data), op.Shape.Size())
		}
		return v.Data, nil
	}
	return nil, fmt.Errorf("input %q holds no fixed-point data", op.Name)
}

func (p *Program) evalStep(st *Step, vals map[string]*QTensor) (*QTensor, error) {
	in := make([][]int64, len(st.Inputs))
	for i := range st.Inputs {
		op := &st.Inputs[i]
		if op.Kind == OperandConst || (op.Kind == OperandValue && st.Kind != KindMove) {
			d, err := operandData(op, vals)
			if err != nil {
				return nil, fmt.Errorf("quant: %s: %w", st.Node, err)
			}
			in[i] = d
		}
	}
	var out []int64
	var err error
	switch st.Kind {
	case KindMove:
		out, err = p.evalMove(st, vals)
	case KindMatMul:
		out, err = evalMatMul(st, in)
	case KindGemm:
		out, err = evalGemm(st, in)
	case KindConv:
		out, err = evalConv(st, in)
	case KindAdd, KindSub:
		out = evalAddSub(st, in)
	case KindMul:
		out, err = evalMul(st, in)
	case KindDivRound:
		out = evalDivRound(st, in)
	case KindRelu, KindLeakyRelu, KindClip:
		out, err = evalActivation(st, in[0])
	case KindTable:
		out = make([]int64, len(in[0]))
		for i, q := range in[0] {
			out[i] = st.Table.Lookup(rescale(q, st.Shift))
		}
	case KindSoftmax:
		out = evalSoftmax(st, in[0])
	case KindMaxPool, KindAvgPool:
		out = evalPool(st, in[0])
	case KindBatchNorm:
		out, err = evalBatchNorm(st, in)
	default:
		err = fmt.Errorf("unknown kernel %v", st.Kind)
	}
	if err != nil {
		if _, ok := err.(*RangeError); ok {
			return nil, err
		}
		return nil, fmt.Errorf("quant: %s: %w", st.Node, err)
	}
	for i, q := range out {
		if q < valueMin || q > valueMax {
			return nil, st.rangeErr("output", i, float64(q), ValueBits)
		}
	}
	return &QTensor{Shape: st.OutShape, Scale: st.OutScale, Data: out}, nil
}

// rescale divides by 2^k rounding half up (k > 0): floor((q + 2^(k−1)) / 2^k),
// or multiplies by 2^−k (k ≤ 0). Callers bound q so that neither overflows.
func rescale(q int64, k int) int64 {
	if k > 0 {
		return (q + 1<<(k-1)) >> k
	}
	return q << -k
}

// rescaleAcc rescales an accumulator; an upward rescale must keep it below
// 2^AccBits.
func (st *Step) rescaleAcc(acc int64, idx int) (int64, error) {
	if k := st.Shift; k < 0 {
		if lim := accLimit >> -k; acc >= lim || acc <= -lim {
			return 0, st.rangeErr("accumulator", idx, float64(acc)*math.Ldexp(1, -k), AccBits)
		}
	}
	return rescale(acc, st.Shift), nil
}

func abs64(x int64) int64 {
	m := x >> 63
	return (x ^ m) - m
}

// floorDiv is floor(a / b) for b > 0.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// dot is a running dot-product accumulator that enforces the AccBits bound
// on the sum of the absolute values of its terms.
type dot struct {
	acc, l1 int64
}

func (d *dot) add(t int64) bool {
	d.acc += t
	d.l1 += abs64(t)
	return d.l1 < accLimit
}

func evalMatMul(st *Step, in [][]int64) ([]int64, error) {
	g := st.MatMul
	a, b := in[0], in[1]
	M, K, N := g.M, g.K, g.N
	out := make([]int64, 0, st.OutShape.Size())
	for bi := range g.AOffsets {
		ao, bo := g.AOffsets[bi], g.BOffsets[bi]
		for m := range M {
			for n := range N {
				var d dot
				for k := range K {
					if !d.add(a[ao+m*K+k] * b[bo+k*N+n]) {
						return nil, st.rangeErr("accumulator", len(out), float64(d.l1), AccBits)
					}
				}
				y, err := st.rescaleAcc(d.acc, len(out))
				if err != nil {
					return nil, err
				}
				out = append(out, y)
			}
		}
	}
	return out, nil
}

func evalGemm(st *Step, in [][]int64) ([]int64, error) {
	g := st.Gemm
	a, b := in[0], in[1]
	// Element strides of A[m,k] and B[k,n] in their stored layouts.
	amS, akS := g.K, 1
	if g.TransA {
		amS, akS = 1, g.M
	}
	bkS, bnS := g.N, 1
	if g.TransB {
		bkS, bnS = 1, g.K
	}
	var bias []int64
	biasShift := 0
	if len(in) > 2 && in[2] != nil {
		bias = in[2]
		biasShift = st.AccScale - st.Inputs[2].Scale
	}
	safe := st.accSafe
	out := make([]int64, g.M*g.N)
	for m := range g.M {
		for n := range g.N {
			idx := m*g.N + n
			var d dot
			if bias != nil {
				d.add(bias[g.COffsets[idx]] << biasShift) // |bias| < 2^61 by construction
			}
			ai, bj := m*amS, n*bnS
			if safe && akS == 1 && bkS == 1 { // both rows contiguous (transB, the exported-Linear layout)
				arow, brow := a[ai:ai+g.K], b[bj:bj+g.K]
				for k, av := range arow {
					d.acc += av * brow[k]
				}
			} else {
				for k := range g.K {
					t := a[ai+k*akS] * b[bj+k*bkS]
					if safe {
						d.acc += t
					} else if !d.add(t) {
						return nil, st.rangeErr("accumulator", idx, float64(d.l1), AccBits)
					}
				}
			}
			y, err := st.rescaleAcc(d.acc, idx)
			if err != nil {
				return nil, err
			}
			out[idx] = y
		}
	}
	return out, nil
}

func evalConv(st *Step, in [][]int64) ([]int64, error) {
	if st.accSafe {
		return evalConvBounded(st, in)
	}
	g := st.Conv
	x, w := in[0], in[1]
	var bias []int64
	if len(in) > 2 {
		bias = in[2]
	}
	Cg, Mg := g.C/g.Group, g.M/g.Group
	safe := st.accSafe
	H, W, KH, KW := g.H, g.W, g.KH, g.KW
	out := make([]int64, st.OutShape.Size())
	idx := 0
	for n := range g.N {
		for m := range g.M {
			grp := m / Mg
			for oh := range g.OH {
				for ow := range g.OW {
					var d dot
					if bias != nil {
						d.add(bias[m])
					}
					for c := range Cg {
						xb := (n*g.C + grp*Cg + c) * H * W
						wb := (m*Cg + c) * KH * KW
						for kh := range KH {
							ih := oh*g.SH - g.PadTop + kh*g.DH
							if ih < 0 || ih >= H {
								continue
							}
							for kw := range KW {
								iw := ow*g.SW - g.PadLeft + kw*g.DW
								if iw < 0 || iw >= W {
									continue
								}
								t := x[xb+ih*W+iw] * w[wb+kh*KW+kw]
								if safe {
									d.acc += t
								} else if !d.add(t) {
									return nil, st.rangeErr("accumulator", idx, float64(d.l1), AccBits)
								}
							}
						}
					}
					y, err := st.rescaleAcc(d.acc, idx)
					if err != nil {
						return nil, err
					}
					out[idx] = y
					idx++
				}
			}
		}
	}
	return out, nil
}

// evalConvBounded is evalConv when the weights bound every accumulator
// statically: it sums weight by weight over the valid output ranges, which
// gives the same integers (exact int64 sums, no overflow possible).
func evalConvBounded(st *Step, in [][]int64) ([]int64, error) {
	g := st.Conv
	x, w := in[0], in[1]
	var bias []int64
	if len(in) > 2 {
		bias = in[2]
	}
	Cg, Mg := g.C/g.Group, g.M/g.Group
	H, W, KH, KW, OH, OW := g.H, g.W, g.KH, g.KW, g.OH, g.OW
	out := make([]int64, st.OutShape.Size())
	for n := range g.N {
		for m := range g.M {
			acc := out[(n*g.M+m)*OH*OW : (n*g.M+m+1)*OH*OW]
			if bias != nil {
				for i := range acc {
					acc[i] = bias[m]
				}
			}
			grp := m / Mg
			for c := range Cg {
				xb := x[(n*g.C+grp*Cg+c)*H*W : (n*g.C+grp*Cg+c+1)*H*W]
				wb := w[(m*Cg+c)*KH*KW : (m*Cg+c+1)*KH*KW]
				for kh := range KH {
					ohLo, ohHi := g.RowRange(kh)
					for kw := range KW {
						wv := wb[kh*KW+kw]
						if wv == 0 {
							continue
						}
						owLo, owHi := g.ColRange(kw)
						for oh := ohLo; oh < ohHi; oh++ {
							xrow := xb[(oh*g.SH-g.PadTop+kh*g.DH)*W:]
							arow := acc[oh*OW : (oh+1)*OW]
							ix := owLo*g.SW - g.PadLeft + kw*g.DW
							for ow := owLo; ow < owHi; ow++ {
								arow[ow] += wv * xrow[ix]
								ix += g.SW
							}
						}
					}
				}
			}
			for i, a := range acc {
				acc[i] = rescale(a, st.Shift) // Shift ≥ 0 here: accSafe implies a bounded rescale
			}
		}
	}
	return out, nil
}

// at returns element i of a broadcasting operand.
func at(data []int64, idx []int, i int) int64 {
	if idx != nil {
		return data[idx[i]]
	}
	return data[i]
}

func evalAddSub(st *Step, in [][]int64) []int64 {
	da, db := st.OutScale-st.Inputs[0].Scale, st.OutScale-st.Inputs[1].Scale
	out := make([]int64, st.OutShape.Size())
	for i := range out {
		a := at(in[0], st.bidx[0], i) << da
		b := at(in[1], st.bidx[1], i) << db
		if st.Kind == KindSub {
			out[i] = a - b
		} else {
			out[i] = a + b
		}
	}
	return out
}

func evalMul(st *Step, in [][]int64) ([]int64, error) {
	out := make([]int64, st.OutShape.Size())
	for i := range out {
		y, err := st.rescaleAcc(at(in[0], st.bidx[0], i)*at(in[1], st.bidx[1], i), i)
		if err != nil {
			return nil, err
		}
		out[i] = y
	}
	return out, nil
}

func evalDivRound(st *Step, in [][]int64) []int64 {
	out := make([]int64, st.OutShape.Size())
	for i := range out {
		q, d := at(in[0], st.bidx[0], i), at(in[1], st.bidx[1], i)
		if d < 0 {
			q, d = -q, -d
		}
		out[i] = floorDiv(2*q+d, 2*d)
	}
	return out
}

func evalActivation(st *Step, x []int64) ([]int64, error) {
	out := make([]int64, len(x))
	for i, q := range x {
		switch st.Kind {
		case KindRelu:
			q = max(q, 0)
		case KindLeakyRelu:
			if q < 0 {
				y, err := st.rescaleAcc(q*st.Multiplier, i)
				if err != nil {
					return nil, err
				}
				q = y
			}
		case KindClip:
			q = min(max(q, st.Lo), st.Hi)
		}
		out[i] = q
	}
	return out, nil
}

func evalSoftmax(st *Step, x []int64) []int64 {
	sp := st.Softmax
	out := make([]int64, len(x))
	e := make([]int64, sp.Len)
	one := int64(1) << st.OutScale
	for o := range sp.Outer {
		for in := range sp.Inner {
			base := o*sp.Len*sp.Inner + in
			m := x[base]
			for j := 1; j < sp.Len; j++ {
				m = max(m, x[base+j*sp.Inner])
			}
			var z int64
			for j := range sp.Len {
				e[j] = st.Table.Lookup(rescale(x[base+j*sp.Inner]-m, st.Shift))
				z += e[j]
			}
			for j := range sp.Len {
				out[base+j*sp.Inner] = (e[j]*one + z/2) / z
			}
		}
	}
	return out
}

func evalPool(st *Step, x []int64) []int64 {
	g := st.Pool
	H, W := g.H, g.W
	out := make([]int64, 0, g.N*g.C*g.OH*g.OW)
	for p := range g.N * g.C {
		plane := x[p*H*W : (p+1)*H*W]
		for oh := range g.OH {
			for ow := range g.OW {
				var acc int64
				first := true
				g.Taps(oh, ow, func(ih, iw, _, _ int) {
					v := plane[ih*W+iw]
					switch {
					case st.Kind == KindAvgPool:
						acc += v
					case first || v > acc:
						acc = v
					}
					first = false
				})
				if st.Kind == KindAvgPool {
					count := int64(g.Divisor(oh, ow))
					acc = floorDiv(2*acc+count, 2*count)
				}
				out = append(out, acc)
			}
		}
	}
	return out
}

func evalBatchNorm(st *Step, in [][]int64) ([]int64, error) {
	x, a, b := in[0], in[1], in[2]
	xs := st.Inputs[0].Shape
	C, inner := xs[1], onnx.Shape(xs[2:]).Size()
	out := make([]int64, len(x))
	for i, q := range x {
		c := (i / inner) % C
		var d dot
		d.add(b[c])
		if !d.add(q * a[c]) {
			return nil, st.rangeErr("accumulator", i, float64(d.l1), AccBits)
		}
		y, err := st.rescaleAcc(d.acc, i)
		if err != nil {
			return nil, err
		}
		out[i] = y
	}
	return out, nil
}

// evalMove runs a data-movement op through the float64 reference kernel on
// the integers (exact below 2^53), data inputs aligned to the output scale.
func (p *Program) evalMove(st *Step, vals map[string]*QTensor) ([]int64, error) {
	switch st.Node.Op {
	case "Identity", "Dropout", "Cast":
		// Numeric no-ops in fixed point: a copy (Cast does not round to a
		// narrower float type).
		d, err := operandData(&st.Inputs[0], vals)
		if err != nil {
			return nil, err
		}
		return append([]int64(nil), d...), nil
	}
	in := make([]*onnx.Tensor, len(st.Inputs))
	for i := range st.Inputs {
		op := &st.Inputs[i]
		var q []int64
		shift := 0
		switch op.Kind {
		case OperandAbsent:
			continue
		case OperandParam:
			in[i] = op.Raw
			continue
		case OperandConst:
			q = op.Const.Data
		case OperandValue:
			d, err := operandData(op, vals)
			if err != nil {
				return nil, err
			}
			q = d
			if MoveData(st.Node.Op, i) {
				shift = st.OutScale - op.Scale
			}
		}
		t := &onnx.Tensor{DType: p.Graph.Types[op.Name], Shape: op.Shape.Clone(), Data: make([]float64, len(q))}
		if op.Kind == OperandConst && op.Const != nil {
			t.DType = onnx.Float
		}
		for j, v := range q {
			t.Data[j] = float64(v << shift)
		}
		in[i] = t
	}
	res, err := onnx.EvalNode(st.evalNode, in, p.Graph.Opset)
	if err != nil {
		return nil, err
	}
	if len(res) == 0 || res[0] == nil || len(res[0].Data) != st.OutShape.Size() {
		return nil, fmt.Errorf("reference kernel returned no output of shape %v", st.OutShape)
	}
	out := make([]int64, len(res[0].Data))
	for i, v := range res[0].Data {
		if v != math.Trunc(v) || math.Abs(v) > 1<<53 {
			return nil, fmt.Errorf("reference kernel produced non-integer %v at element %d", v, i)
		}
		out[i] = int64(v)
	}
	return out, nil
}
