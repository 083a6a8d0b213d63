package quant

import (
	"errors"
	"fmt"
	"math"

	"github.com/zkml-mina/zkml/onnx"
)

// Compile decides the scale of every value, quantizes every constant for
// each use, builds the lookup tables and records one Step per node. Features
// fixed point does not support return an *onnx.UnsupportedError; constants
// that do not fit their width return a *RangeError.
func Compile(g *onnx.Graph, cfg Config) (*Program, error) {
	if g == nil {
		return nil, errors.New("quant: nil graph")
	}
	cfg, err := cfg.resolved()
	if err != nil {
		return nil, err
	}
	p := &Program{Graph: g, Config: cfg, Inputs: g.Inputs, Outputs: g.Outputs, Scales: map[string]int{}}
	for _, in := range g.Inputs {
		p.Scales[in.Name] = inputScale(in.DType, cfg)
	}
	c := &compiler{p: p, g: g, tables: map[string]*Table{}, used: map[string]bool{}}
	for _, n := range g.Nodes {
		for _, in := range n.Inputs {
			c.used[in] = true
		}
	}
	for _, o := range g.Outputs {
		c.used[o.Name] = true
	}
	for _, n := range g.Nodes {
		st, err := c.node(n)
		if err != nil {
			return nil, nodeErr(n, g.Opset, err)
		}
		p.Steps = append(p.Steps, st)
		p.Scales[st.Output] = st.OutScale
	}
	for _, o := range g.Outputs {
		if _, ok := p.Scales[o.Name]; !ok {
			return nil, &onnx.UnsupportedError{What: fmt.Sprintf("graph output %q that does not depend on an input", o.Name)}
		}
	}
	return p, nil
}

// inputScale is the scale of a graph input: S for real-valued inputs, 0 for
// integer and boolean ones (their values are taken as exact integers).
func inputScale(dt onnx.DataType, cfg Config) int {
	if dt.IsFloat() || dt == onnx.Undefined {
		return cfg.Scale
	}
	return 0
}

// nodeErr completes an error with the node it belongs to.
func nodeErr(n *onnx.Node, opset int, err error) error {
	var ue *onnx.UnsupportedError
	if errors.As(err, &ue) {
		if ue.Node == "" {
			ue.Node, ue.Op, ue.Opset = n.Name, n.Op, opset
		}
		return err
	}
	var re *RangeError
	if errors.As(err, &re) {
		if re.Node == "" {
			re.Node, re.Op = n.Name, n.Op
		}
		return err
	}
	return fmt.Errorf("quant: %s: %w", n, err)
}

type compiler struct {
	p      *Program
	g      *onnx.Graph
	tables map[string]*Table
	used   map[string]bool
}

func unsupported(format string, args ...any) error {
	return &onnx.UnsupportedError{What: fmt.Sprintf(format, args...)}
}

// quantize rounds x·2^s half away from zero and checks it fits a signed
// width of bits.
func quantize(x float64, s, bits int) (int64, bool) {
	q := math.Round(math.Ldexp(x, s))
	lim := math.Ldexp(1, bits-1)
	if !(q >= -lim && q < lim) { // also rejects NaN
		return 0, false
	}
	return int64(q), true
}

// quantizeConst quantizes data at scale s into a signed width of bits.
func quantizeConst(name string, shape onnx.Shape, data []float64, s, bits int) (*QTensor, error) {
	q := make([]int64, len(data))
	for i, x := range data {
		v, ok := quantize(x, s, bits)
		if !ok {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("constant %q element %d is %v", name, i, x)
			}
			return nil, &RangeError{Value: name, What: "constant", Index: i, Got: math.Round(math.Ldexp(x, s)), Bits: bits}
		}
		q[i] = v
	}
	return &QTensor{Shape: shape.Clone(), Scale: s, Data: q}, nil
}

// node compiles one node into a Step.
func (c *compiler) node(n *onnx.Node) (*Step, error) {
	if len(n.Outputs) == 0 || n.Outputs[0] == "" {
		return nil, fmt.Errorf("no first output")
	}
	for _, o := range n.Outputs[1:] {
		if o != "" && c.used[o] {
			return nil, unsupported("use of secondary output %q", o)
		}
	}
	st := &Step{Node: n, Output: n.Outputs[0], Inputs: make([]Operand, len(n.Inputs))}
	var ok bool
	if st.OutShape, ok = c.g.Shapes[st.Output]; !ok {
		return nil, fmt.Errorf("output %q has no shape", st.Output)
	}
	for i, name := range n.Inputs {
		op := &st.Inputs[i]
		op.Name = name
		switch {
		case name == "":
			op.Kind = OperandAbsent
		case c.g.Consts[name] != nil:
			op.Kind, op.Raw = OperandParam, c.g.Consts[name]
			op.Shape = op.Raw.Shape
			if len(op.Raw.Data) != op.Shape.Size() {
				return nil, fmt.Errorf("constant %q has %d elements for shape %v", name, len(op.Raw.Data), op.Shape)
			}
		default:
			s, ok := c.p.Scales[name]
			if !ok {
				return nil, fmt.Errorf("input %q is not defined before use", name)
			}
			op.Kind, op.Scale, op.Shape = OperandValue, s, c.g.Shapes[name]
		}
	}
	if st.OutShape.Size() == 0 {
		return nil, unsupported("empty output %q of shape %v", st.Output, st.OutShape)
	}
	for _, op := range st.Inputs {
		if op.Kind == OperandValue && op.Shape.Size() == 0 {
			return nil, unsupported("empty input %q of shape %v", op.Name, op.Shape)
		}
	}
	cfg := c.p.Config
	switch n.Op {
	case "MatMul":
		return st, c.matmul(st)
	case "Gemm":
		return st, c.gemm(st)
	case "Conv":
		return st, c.conv(st)
	case "Add", "Sub":
		return st, c.addSub(st)
	case "Mul":
		return st, c.mul(st)
	case "Div":
		return st, c.div(st)
	case "Relu", "LeakyRelu", "Clip":
		return st, c.activation(st)
	case "Sigmoid", "Tanh", "Softmax":
		s, err := c.valueScale(st, 0)
		if err != nil {
			return nil, err
		}
		t := min(s, TableScaleMax)
		st.AccScale, st.Shift, st.OutScale = s, s-t, cfg.Scale
		switch n.Op {
		case "Sigmoid":
			st.Kind, st.Table = KindTable, c.table("sigmoid", t)
		case "Tanh":
			st.Kind, st.Table = KindTable, c.table("tanh", t)
		default:
			st.Kind, st.Table = KindSoftmax, c.table("exp", t)
			outer, dim, inner, err := onnx.SoftmaxLayout(n, st.Inputs[0].Shape, c.g.Opset)
			if err != nil {
				return nil, err
			}
			st.Softmax = &SoftmaxParams{Outer: outer, Len: dim, Inner: inner}
		}
		return st, c.sameShape(st)
	case "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool":
		return st, c.pool(st)
	case "BatchNormalization":
		return st, c.batchNorm(st)
	case "Identity", "Dropout", "Flatten", "Reshape", "Transpose", "Squeeze", "Unsqueeze",
		"Slice", "Concat", "Gather", "Pad", "Cast":
		return st, c.move(st)
	}
	return nil, &onnx.UnsupportedError{Node: n.Name, Op: n.Op, Opset: c.g.Opset}
}

// valueScale requires input i to be a value and returns its scale.
func (c *compiler) valueScale(st *Step, i int) (int, error) {
	if i >= len(st.Inputs) || st.Inputs[i].Kind == OperandAbsent {
		return 0, fmt.Errorf("missing input %d", i)
	}
	if st.Inputs[i].Kind != OperandValue {
		return 0, unsupported("constant input %d %q where fixed point needs a computed value", i, st.Inputs[i].Name)
	}
	return st.Inputs[i].Scale, nil
}

// setConst quantizes the float data of input i (the constant scaled as the
// op requires) at scale s into the given width.
func (c *compiler) setConst(st *Step, i int, data []float64, s, bits int) error {
	op := &st.Inputs[i]
	q, err := quantizeConst(op.Name, op.Shape, data, s, bits)
	if err != nil {
		return err
	}
	op.Kind, op.Const, op.Scale = OperandConst, q, s
	return nil
}

// weight returns the scale of input i, quantizing it at ParamScale (times
// factor) when it is a constant.
func (c *compiler) weight(st *Step, i int, factor float64) (int, error) {
	op := &st.Inputs[i]
	switch op.Kind {
	case OperandValue:
		return op.Scale, nil
	case OperandParam:
		s := c.p.Config.ParamScale
		return s, c.setConst(st, i, scaled(op.Raw.Data, factor), s, ValueBits)
	}
	return 0, fmt.Errorf("missing input %d", i)
}

func scaled(data []float64, f float64) []float64 {
	if f == 1 {
		return data
	}
	out := make([]float64, len(data))
	for i, x := range data {
		out[i] = x * f
	}
	return out
}

// setRescale records an accumulator at scale acc rescaled to out.
func (st *Step) setRescale(acc, out int) {
	st.AccScale, st.OutScale, st.Shift = acc, out, acc-out
}

func (c *compiler) checkOut(st *Step, want onnx.Shape) error {
	if !want.Equal(st.OutShape) {
		return fmt.Errorf("output shape %v, but the graph says %v", want, st.OutShape)
	}
	return nil
}

func (c *compiler) sameShape(st *Step) error {
	return c.checkOut(st, st.Inputs[0].Shape)
}

func (c *compiler) matmul(st *Step) error {
	if len(st.Inputs) != 2 {
		return fmt.Errorf("MatMul needs 2 inputs")
	}
	sa, err := c.weight(st, 0, 1)
	if err != nil {
		return err
	}
	sb, err := c.weight(st, 1, 1)
	if err != nil {
		return err
	}
	if st.MatMul, err = onnx.NewMatMulGeometry(st.Inputs[0].Shape, st.Inputs[1].Shape); err != nil {
		return err
	}
	st.Kind = KindMatMul
	st.setRescale(sa+sb, c.p.Config.Scale)
	return c.checkOut(st, st.MatMul.Out)
}

func (c *compiler) gemm(st *Step) error {
	if len(st.Inputs) < 2 {
		return fmt.Errorf("Gemm needs 2 inputs")
	}
	var cShape onnx.Shape
	hasC := len(st.Inputs) > 2 && st.Inputs[2].Kind != OperandAbsent
	if hasC {
		cShape = st.Inputs[2].Shape
	}
	g, err := onnx.NewGemmGeometry(st.Node, st.Inputs[0].Shape, st.Inputs[1].Shape, cShape)
	if err != nil {
		return err
	}
	alpha, beta := g.Alpha, g.Beta
	g.Alpha, g.Beta = 1, 1
	st.Kind, st.Gemm = KindGemm, g
	// alpha goes into whichever factor is constant, B first.
	fa, fb := 1.0, alpha
	switch {
	case st.Inputs[1].Kind == OperandParam:
	case st.Inputs[0].Kind == OperandParam:
		fa, fb = alpha, 1
	case alpha != 1:
		return unsupported("Gemm alpha %v with no constant factor", alpha)
	}
	sa, err := c.weight(st, 0, fa)
	if err != nil {
		return err
	}
	sb, err := c.weight(st, 1, fb)
	if err != nil {
		return err
	}
	st.setRescale(sa+sb, c.p.Config.Scale)
	if err := c.checkOut(st, onnx.Shape{g.M, g.N}); err != nil {
		return err
	}
	if hasC {
		op := &st.Inputs[2]
		if op.Kind == OperandParam {
			if err := c.setConst(st, 2, scaled(op.Raw.Data, beta), st.AccScale, AccBits); err != nil {
				return err
			}
		} else if beta != 1 {
			return unsupported("Gemm beta %v with a computed bias", beta)
		} else if d := st.AccScale - op.Scale; d < 0 || d > AccBits-ValueBits {
			return unsupported("computed Gemm bias at scale %d for a product at scale %d", op.Scale, st.AccScale)
		}
	}
	// With one constant factor and a constant (or no) bias the accumulator
	// bound may hold statically.
	w := opConst(st, 1)
	if st.Inputs[0].Kind == OperandConst {
		w = opConst(st, 0)
	}
	computedC := hasC && st.Inputs[2].Kind == OperandValue
	st.accSafe = st.Shift >= 0 && w != nil && !computedC && accBounded(w, maxAbsOf(opConst(st, 2)))
	return nil
}

func (c *compiler) conv(st *Step) error {
	sx, err := c.valueScale(st, 0)
	if err != nil {
		return err
	}
	if len(st.Inputs) < 2 || st.Inputs[1].Kind != OperandParam {
		return unsupported("Conv weights that are not constant")
	}
	if st.Conv, err = onnx.NewConvGeometry(st.Node, st.Inputs[0].Shape, st.Inputs[1].Shape); err != nil {
		return err
	}
	sw, err := c.weight(st, 1, 1)
	if err != nil {
		return err
	}
	st.Kind = KindConv
	st.setRescale(sx+sw, c.p.Config.Scale)
	if len(st.Inputs) > 2 && st.Inputs[2].Kind != OperandAbsent {
		op := st.Inputs[2]
		if op.Kind != OperandParam {
			return unsupported("Conv bias that is not constant")
		}
		if op.Shape.Size() != st.Conv.M {
			return fmt.Errorf("Conv bias shape %v, want [%d]", op.Shape, st.Conv.M)
		}
		if err := c.setConst(st, 2, op.Raw.Data, st.AccScale, AccBits); err != nil {
			return err
		}
	}
	st.accSafe = st.Shift >= 0 && accBounded(st.Inputs[1].Const.Data, maxAbsOf(opConst(st, 2)))
	return c.checkOut(st, st.Conv.OutShape())
}

// opConst returns the quantized constant of input i, or nil.
func opConst(st *Step, i int) []int64 {
	if i < len(st.Inputs) && st.Inputs[i].Kind == OperandConst {
		return st.Inputs[i].Const.Data
	}
	return nil
}

// accBounded reports whether every accumulator of a product with constant
// weights w plus a bias stays below 2^AccBits for any inputs in the B-bit
// range: 2^(B−1)·Σ|w| + max|bias| < 2^AccBits (a whole-tensor bound).
func accBounded(w []int64, maxBias int64) bool {
	lim := (accLimit - maxBias) >> (ValueBits - 1)
	var s int64
	for _, v := range w {
		if s += abs64(v); s >= lim {
			return false
		}
	}
	return true
}

func maxAbsOf(q []int64) int64 {
	var m int64
	for _, v := range q {
		m = max(m, abs64(v))
	}
	return m
}

// elementwise checks two broadcasting operands against the output shape and
// records their index maps.
func (c *compiler) elementwise(st *Step) error {
	if len(st.Inputs) != 2 {
		return fmt.Errorf("%s needs 2 inputs", st.Node.Op)
	}
	want, err := onnx.BroadcastShape(st.Inputs[0].Shape, st.Inputs[1].Shape)
	if err != nil {
		return err
	}
	if err := c.checkOut(st, want); err != nil {
		return err
	}
	st.bidx = make([][]int, 2)
	for i := range 2 {
		if s := st.Inputs[i].Shape; !s.Equal(want) {
			st.bidx[i] = onnx.BroadcastOffsets(s, want)
		}
	}
	return nil
}

func (c *compiler) addSub(st *Step) error {
	if err := c.elementwise(st); err != nil {
		return err
	}
	st.Kind = KindAdd
	if st.Node.Op == "Sub" {
		st.Kind = KindSub
	}
	a, b := &st.Inputs[0], &st.Inputs[1]
	switch {
	case a.Kind == OperandValue && b.Kind == OperandValue:
		st.OutScale = max(a.Scale, b.Scale)
	case a.Kind == OperandValue && b.Kind == OperandParam:
		st.OutScale = a.Scale
		return c.setConst(st, 1, b.Raw.Data, a.Scale, ValueBits)
	case b.Kind == OperandValue && a.Kind == OperandParam:
		st.OutScale = b.Scale
		return c.setConst(st, 0, a.Raw.Data, b.Scale, ValueBits)
	default:
		return fmt.Errorf("missing input")
	}
	st.AccScale = st.OutScale
	return nil
}

func (c *compiler) mul(st *Step) error {
	if err := c.elementwise(st); err != nil {
		return err
	}
	st.Kind = KindMul
	a, b := st.Inputs[0], st.Inputs[1]
	if a.Kind == OperandValue && b.Kind == OperandValue {
		st.setRescale(a.Scale+b.Scale, c.p.Config.Scale)
		return nil
	}
	return c.mulConst(st, false)
}

// mulConst compiles value × constant (or × 1/constant when recip): the
// factor at ParamScale, the product rescaled back to the value's scale.
func (c *compiler) mulConst(st *Step, recip bool) error {
	vi, ci := 0, 1
	if st.Inputs[0].Kind != OperandValue {
		vi, ci = 1, 0
	}
	if st.Inputs[vi].Kind != OperandValue || st.Inputs[ci].Kind != OperandParam {
		return fmt.Errorf("missing input")
	}
	sw := c.p.Config.ParamScale
	data := st.Inputs[ci].Raw.Data
	if recip {
		inv := make([]float64, len(data))
		for i, x := range data {
			inv[i] = 1 / x
		}
		data = inv
	}
	if err := c.setConst(st, ci, data, sw, ValueBits); err != nil {
		return err
	}
	sx := st.Inputs[vi].Scale
	st.setRescale(sx+sw, sx)
	return nil
}

func (c *compiler) div(st *Step) error {
	if err := c.elementwise(st); err != nil {
		return err
	}
	if st.Inputs[0].Kind != OperandValue {
		return unsupported("division of a constant by a computed value")
	}
	d := st.Inputs[1]
	if d.Kind != OperandParam {
		return unsupported("division by a computed value")
	}
	integral := true
	for i, x := range d.Raw.Data {
		if x == 0 {
			return fmt.Errorf("division by zero (divisor %q element %d)", d.Name, i)
		}
		integral = integral && x == math.Trunc(x) && math.Abs(x) <= MaxDivisor
	}
	sx := st.Inputs[0].Scale
	if integral {
		st.Kind = KindDivRound
		st.setRescale(sx, sx)
		return c.setConst(st, 1, d.Raw.Data, 0, ValueBits)
	}
	st.Kind = KindMul
	return c.mulConst(st, true)
}

func (c *compiler) activation(st *Step) error {
	n := st.Node
	s, err := c.valueScale(st, 0)
	if err != nil {
		return err
	}
	st.setRescale(s, s)
	switch n.Op {
	case "Relu":
		st.Kind = KindRelu
	case "LeakyRelu":
		alpha, err := n.Attrs.Float("alpha", 0.01)
		if err != nil {
			return err
		}
		sw := c.p.Config.ParamScale
		m, ok := quantize(alpha, sw, ValueBits)
		if !ok {
			return &RangeError{Value: "alpha", What: "constant", Got: math.Round(math.Ldexp(alpha, sw)), Bits: ValueBits}
		}
		st.Kind, st.Multiplier = KindLeakyRelu, m
		st.setRescale(s+sw, s)
	case "Clip":
		st.Kind = KindClip
		var bounds [2]*onnx.Tensor
		for i := range bounds {
			if i+1 >= len(st.Inputs) || st.Inputs[i+1].Kind == OperandAbsent {
				continue
			}
			if st.Inputs[i+1].Kind != OperandParam {
				return unsupported("Clip bound %q that is not constant", st.Inputs[i+1].Name)
			}
			bounds[i] = st.Inputs[i+1].Raw
		}
		lo, hi, err := onnx.ClipBounds(n, bounds[0], bounds[1], c.g.Opset)
		if err != nil {
			return err
		}
		if math.IsNaN(lo) || math.IsNaN(hi) {
			return fmt.Errorf("Clip bound is NaN")
		}
		st.Lo, st.Hi = clampQuant(lo, s), clampQuant(hi, s)
	}
	return c.sameShape(st)
}

// clampQuant quantizes x at scale s, saturating at the value range (a bound
// beyond the range clamps nothing a value can hold).
func clampQuant(x float64, s int) int64 {
	q := math.Round(math.Ldexp(x, s))
	switch {
	case q <= float64(valueMin):
		return valueMin
	case q >= float64(valueMax):
		return valueMax
	}
	return int64(q)
}

func (c *compiler) pool(st *Step) error {
	n := st.Node
	s, err := c.valueScale(st, 0)
	if err != nil {
		return err
	}
	st.setRescale(s, s)
	st.Kind = KindAvgPool
	if n.Op == "MaxPool" || n.Op == "GlobalMaxPool" {
		st.Kind = KindMaxPool
	}
	x := st.Inputs[0].Shape
	if n.Op == "GlobalAveragePool" || n.Op == "GlobalMaxPool" {
		if len(x) < 3 || x[2:].Size() == 0 {
			return fmt.Errorf("%s of input %v", n.Op, x)
		}
		p := x[2:].Size()
		st.Pool = &onnx.PoolGeometry{N: x[0], C: x[1], Rank: len(x) - 2, Window2D: onnx.Window2D{
			H: 1, W: p, KH: 1, KW: p, SH: 1, SW: 1, DH: 1, DW: 1, OH: 1, OW: 1}}
		want := x.Clone()
		for i := 2; i < len(want); i++ {
			want[i] = 1
		}
		return c.checkOut(st, want)
	}
	if so, _ := n.Attrs.Int("storage_order", 0); so != 0 {
		return unsupported("storage_order %d", so)
	}
	if st.Pool, err = onnx.NewPoolGeometry(n, x, c.g.Opset); err != nil {
		return err
	}
	return c.checkOut(st, st.Pool.OutShape())
}

func (c *compiler) batchNorm(st *Step) error {
	n := st.Node
	s, err := c.valueScale(st, 0)
	if err != nil {
		return err
	}
	if tm, _ := n.Attrs.Int("training_mode", 0); tm != 0 {
		return unsupported("training_mode %d", tm)
	}
	x := st.Inputs[0].Shape
	if len(st.Inputs) != 5 || len(x) < 2 {
		return fmt.Errorf("BatchNormalization needs 5 inputs and a rank ≥ 2 input")
	}
	var params [4]*onnx.Tensor
	for i := range params {
		op := st.Inputs[i+1]
		if op.Kind != OperandParam {
			return unsupported("BatchNormalization parameter %q that is not constant", op.Name)
		}
		if len(op.Raw.Data) != x[1] {
			return fmt.Errorf("BatchNormalization parameter %q has %d elements, want %d", op.Name, len(op.Raw.Data), x[1])
		}
		params[i] = op.Raw
	}
	a, b, err := onnx.BatchNormParams(n, params[0], params[1], params[2], params[3])
	if err != nil {
		return err
	}
	sw := c.p.Config.ParamScale
	st.Kind = KindBatchNorm
	st.setRescale(s+sw, s)
	if err := c.setConst(st, 1, a, sw, ValueBits); err != nil {
		return err
	}
	if err := c.setConst(st, 2, b, s+sw, AccBits); err != nil {
		return err
	}
	return c.sameShape(st)
}

// MoveData reports, per data-movement op, whether input i holds tensor data
// (a fixed-point number) rather than a structural parameter: every input of
// Concat, inputs 0 and 2 of Pad, input 0 otherwise.
func MoveData(op string, i int) bool {
	switch op {
	case "Concat":
		return true
	case "Pad":
		return i == 0 || i == 2
	}
	return i == 0
}

func (c *compiler) move(st *Step) error {
	n := st.Node
	st.Kind = KindMove
	st.evalNode = n
	out := -1
	for i, op := range st.Inputs {
		if op.Kind == OperandValue && MoveData(n.Op, i) {
			out = max(out, op.Scale)
		}
	}
	if out < 0 {
		out = c.p.Config.Scale // only Gather of a constant table by computed indices
	}
	st.setRescale(out, out)
	for i, op := range st.Inputs {
		switch {
		case op.Kind == OperandParam && MoveData(n.Op, i):
			if err := c.setConst(st, i, op.Raw.Data, out, ValueBits); err != nil {
				return err
			}
		case op.Kind == OperandValue && !MoveData(n.Op, i):
			// Only Gather may take computed indices, and only exact integers;
			// Dropout's ratio does not matter at inference.
			if n.Op == "Dropout" && i == 1 {
				st.Inputs[i].Kind = OperandAbsent
				continue
			}
			if n.Op != "Gather" || op.Scale != 0 {
				return unsupported("computed %s input %d %q (data-dependent shape or parameter)", n.Op, i, op.Name)
			}
		}
	}
	switch n.Op {
	case "Cast":
		to, err := n.Attrs.Int("to", 0)
		if err != nil {
			return err
		}
		dt := onnx.DataType(to)
		if !dt.IsFloat() && !(out == 0 && (dt == onnx.Int32 || dt == onnx.Int64)) {
			return unsupported("Cast to %s of a value at scale %d", dt, out)
		}
	case "Dropout":
		if len(st.Inputs) > 2 && st.Inputs[2].Kind == OperandParam {
			if d := st.Inputs[2].Raw.Data; len(d) == 1 && d[0] != 0 {
				return unsupported("Dropout in training mode")
			}
		}
	case "Pad":
		if c.g.Opset < 11 {
			v, err := n.Attrs.Float("value", 0)
			if err != nil {
				return err
			}
			q, ok := quantize(v, out, ValueBits)
			if !ok {
				return &RangeError{Value: "value", What: "constant", Got: math.Round(math.Ldexp(v, out)), Bits: ValueBits}
			}
			st.PadValue = q
			cp := *n
			cp.Attrs = onnx.Attrs{}
			for k, a := range n.Attrs {
				cp.Attrs[k] = a
			}
			cp.Attrs["value"] = onnx.Attr{Type: onnx.AttrFloat, F: float64(q)}
			st.evalNode = &cp
		} else if len(st.Inputs) > 2 && st.Inputs[2].Kind == OperandConst {
			if len(st.Inputs[2].Const.Data) != 1 {
				return fmt.Errorf("Pad constant_value must be a scalar")
			}
			st.PadValue = st.Inputs[2].Const.Data[0]
		}
	}
	return nil
}

// table returns the shared table of a function at input scale t and output
// scale S, building it on first use.
func (c *compiler) table(name string, t int) *Table {
	key := fmt.Sprintf("%s/%d", name, t)
	if tb, ok := c.tables[key]; ok {
		return tb
	}
	tb := buildTable(name, t, c.p.Config.Scale)
	c.tables[key] = tb
	c.p.Tables = append(c.p.Tables, tb)
	return tb
}

// buildTable tabulates sigmoid or tanh on [−L, L) or exp on [−E, 0] at
// input scale t and output scale s.
func buildTable(name string, t, s int) *Table {
	one := int64(1) << t
	var f func(float64) float64
	var lo, hi int64 // inclusive input range
	switch name {
	case "sigmoid":
		f = func(x float64) float64 { return 1 / (1 + math.Exp(-x)) }
		lo, hi = -SigmoidRange*one, SigmoidRange*one-1
	case "tanh":
		f = math.Tanh
		lo, hi = -TanhRange*one, TanhRange*one-1
	default:
		f = math.Exp
		lo, hi = -ExpRange*one, 0
	}
	tb := &Table{Name: name, InScale: t, OutScale: s, Min: lo, Entries: make([]int64, hi-lo+1)}
	for i := range tb.Entries {
		x := math.Ldexp(float64(lo+int64(i)), -t)
		tb.Entries[i] = int64(math.Round(math.Ldexp(f(x), s)))
	}
	if name == "exp" {
		tb.Entries[0] = 0 // exp saturates to 0 at and below −E
	}
	return tb
}
