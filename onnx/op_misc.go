package onnx

import (
	"fmt"
	"math"
)

// Constant, Shape, Cast, Dropout and BatchNormalization.

func init() {
	register("Constant", opSpec{minIn: 0, maxIn: 0, infer: inferConstant, eval: evalConstant})
	register("Shape", opSpec{minIn: 1, maxIn: 1, infer: inferShape, eval: evalShape})
	register("Cast", opSpec{minIn: 1, maxIn: 1, infer: inferCast, eval: evalCast})
	register("Dropout", opSpec{minIn: 1, maxIn: 3, infer: inferDropout, eval: evalDropout})
	register("BatchNormalization", opSpec{minIn: 5, maxIn: 5, infer: inferBatchNorm, eval: evalBatchNorm})
}

// constantValue returns the tensor a Constant node holds.
func constantValue(n *Node) (*Tensor, error) {
	if len(n.Attrs) != 1 {
		return nil, invalidf("Constant needs exactly one value attribute, has %d", len(n.Attrs))
	}
	for name, a := range n.Attrs {
		switch name {
		case "value":
			t, err := n.Attrs.Tensor(name)
			if err != nil {
				return nil, err
			}
			return t.Clone(), nil
		case "value_float":
			v, err := n.Attrs.Float(name, 0)
			return &Tensor{DType: Float, Shape: Shape{}, Data: []float64{v}}, err
		case "value_floats":
			v, err := n.Attrs.Floats(name, nil)
			return &Tensor{DType: Float, Shape: Shape{len(v)}, Data: append([]float64{}, v...)}, err
		case "value_int":
			if a.Type != AttrInt {
				return nil, invalidf("attribute value_int has type %d", a.Type)
			}
			return &Tensor{DType: Int64, Shape: Shape{}, Data: []float64{float64(a.I)}}, nil
		case "value_ints":
			if a.Type != AttrInts {
				return nil, invalidf("attribute value_ints has type %d", a.Type)
			}
			t := &Tensor{DType: Int64, Shape: Shape{len(a.Ints)}, Data: make([]float64, len(a.Ints))}
			for i, v := range a.Ints {
				t.Data[i] = float64(v)
			}
			return t, nil
		default:
			return nil, &UnsupportedError{What: fmt.Sprintf("Constant attribute %q", name)}
		}
	}
	return nil, invalidf("Constant has no value")
}

func inferConstant(n *Node, in []ValueInfo, opset int) ([]ValueInfo, error) {
	t, err := constantValue(n)
	if err != nil {
		return nil, err
	}
	return []ValueInfo{{DType: t.DType, Shape: t.Shape.Clone(), Const: t}}, nil
}

func evalConstant(n *Node, in []*Tensor, opset int) ([]*Tensor, error) {
	t, err := constantValue(n)
	if err != nil {
		return nil, err
	}
	return []*Tensor{t}, nil
}

// shapeSlice returns the dimensions a Shape node reports: all of them, or
// from opset 15 the clamped [start, end) range.
func shapeSlice(n *Node, s Shape, opset int) (Shape, error) {
	if opset < 15 {
		return s, nil
	}
	r := len(s)
	bound := func(name string, def int) (int, error) {
		v, err := n.Attrs.Int(name, def)
		if v < 0 {
			v += r
		}
		return min(max(v, 0), r), err
	}
	start, err := bound("start", 0)
	if err != nil {
		return nil, err
	}
	end, err := bound("end", r)
	if err != nil {
		return nil, err
	}
	if end < start {
		end = start
	}
	return s[start:end], nil
}

func shapeTensor(n *Node, s Shape, opset int) (*Tensor, error) {
	dims, err := shapeSlice(n, s, opset)
	if err != nil {
		return nil, err
	}
	t := &Tensor{DType: Int64, Shape: Shape{len(dims)}, Data: make([]float64, len(dims))}
	for i, d := range dims {
		t.Data[i] = float64(d)
	}
	return t, nil
}

func inferShape(n *Node, in []ValueInfo, opset int) ([]ValueInfo, error) {
	t, err := shapeTensor(n, in[0].Shape, opset)
	if err != nil {
		return nil, err
	}
	return []ValueInfo{{DType: Int64, Shape: t.Shape.Clone(), Const: t}}, nil
}

func evalShape(n *Node, in []*Tensor, opset int) ([]*Tensor, error) {
	t, err := shapeTensor(n, in[0].Shape, opset)
	if err != nil {
		return nil, err
	}
	return []*Tensor{t}, nil
}

func castTarget(n *Node) (DataType, error) {
	if !n.Attrs.Has("to") {
		return 0, invalidf("Cast needs a 'to' attribute")
	}
	to, err := n.Attrs.Int("to", 0)
	if err != nil {
		return 0, err
	}
	dt := DataType(to)
	if !dt.Numeric() {
		return 0, &UnsupportedError{What: fmt.Sprintf("Cast to %s", dt)}
	}
	return dt, nil
}

func inferCast(n *Node, in []ValueInfo, opset int) ([]ValueInfo, error) {
	dt, err := castTarget(n)
	if err != nil {
		return nil, err
	}
	return []ValueInfo{{DType: dt, Shape: in[0].Shape.Clone()}}, nil
}

func evalCast(n *Node, in []*Tensor, opset int) ([]*Tensor, error) {
	dt, err := castTarget(n)
	if err != nil {
		return nil, err
	}
	out := NewTensor(dt, in[0].Shape)
	for i, v := range in[0].Data {
		out.Data[i] = RoundTo(dt, v)
	}
	return []*Tensor{out}, nil
}

// RoundTo converts v to the nearest value of type dt the way Cast does:
// floats round to nearest even at the type's precision, integers truncate
// toward zero and wrap to the type's width, BOOL is v != 0.
func RoundTo(dt DataType, v float64) float64 {
	switch dt {
	case Double:
		return v
	case Float:
		return float64(float32(v))
	case Float16:
		return roundBinary(v, 11, -14, 65504)
	case BFloat16:
		return roundBinary(v, 8, -126, math.Float32frombits(0x7f7f0000))
	case Bool:
		return boolf(v != 0)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0
	}
	t := math.Trunc(v)
	if t >= 0x1p63 || t < -0x1p63 {
		return 0
	}
	i := int64(t)
	switch dt {
	case Int8:
		return float64(int8(i))
	case Uint8:
		return float64(uint8(i))
	case Int16:
		return float64(int16(i))
	case Uint16:
		return float64(uint16(i))
	case Int32:
		return float64(int32(i))
	case Uint32:
		return float64(uint32(i))
	case Uint64:
		return float64(uint64(i))
	}
	return float64(i)
}

// roundBinary rounds v to a binary float format with the given significand
// precision (bits, including the implicit one), minimum normal exponent and
// largest finite value, to nearest even; overflow gives ±Inf.
func roundBinary(v float64, prec, minExp int, maxFinite float32) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	_, exp := math.Frexp(math.Abs(v)) // |v| = f·2^exp, f in [0.5, 1)
	e := max(exp-1, minExp)           // exponent of the leading bit, at least the normal minimum
	q := math.Ldexp(1, e-prec+1)      // spacing of representable values there
	r := math.RoundToEven(v/q) * q
	// Values at or beyond max + half an ulp round to infinity.
	if math.Abs(r) > float64(maxFinite) {
		return math.Copysign(math.Inf(1), v)
	}
	return r
}

func inferDropout(n *Node, in []ValueInfo, opset int) ([]ValueInfo, error) {
	if opset >= 12 && hasInput(in, 2) {
		if in[2].Const == nil {
			return nil, &UnsupportedError{What: "Dropout with a non-constant training_mode"}
		}
		if len(in[2].Const.Data) != 1 || in[2].Const.Data[0] != 0 {
			return nil, &UnsupportedError{What: "Dropout in training mode"}
		}
	}
	if opset < 12 && len(n.Inputs) > 1 {
		return nil, invalidf("Dropout takes one input before opset 12")
	}
	if hasInput(in, 1) && in[1].Shape.Size() != 1 {
		return nil, invalidf("Dropout ratio has shape %v, want a scalar", in[1].Shape)
	}
	return []ValueInfo{
		{DType: in[0].DType, Shape: in[0].Shape.Clone()},
		{DType: Bool, Shape: in[0].Shape.Clone()},
	}, nil
}

// evalDropout is the inference-mode Dropout: the identity, and an all-true mask.
func evalDropout(n *Node, in []*Tensor, opset int) ([]*Tensor, error) {
	y := in[0].Clone()
	mask := NewTensor(Bool, in[0].Shape)
	for i := range mask.Data {
		mask.Data[i] = 1
	}
	return []*Tensor{y, mask}, nil
}

// BatchNormParams returns the per-channel affine map of an inference-mode
// BatchNormalization: y = x·Scale[c] + Shift[c], with
// Scale = scale/√(var+ε) and Shift = bias − mean·Scale.
func BatchNormParams(n *Node, scale, bias, mean, variance *Tensor) (Scale, Shift []float64, err error) {
	eps, err := n.Attrs.Float("epsilon", 1e-5)
	if err != nil {
		return nil, nil, err
	}
	c := len(scale.Data)
	for _, t := range []*Tensor{bias, mean, variance} {
		if len(t.Data) != c {
			return nil, nil, invalidf("BatchNormalization parameters have %d and %d values", c, len(t.Data))
		}
	}
	Scale, Shift = make([]float64, c), make([]float64, c)
	for i := range Scale {
		Scale[i] = scale.Data[i] / math.Sqrt(variance.Data[i]+eps)
		Shift[i] = bias.Data[i] - mean.Data[i]*Scale[i]
	}
	return Scale, Shift, nil
}

func inferBatchNorm(n *Node, in []ValueInfo, opset int) ([]ValueInfo, error) {
	if opset >= 14 {
		tm, err := n.Attrs.Int("training_mode", 0)
		if err != nil {
			return nil, err
		}
		if tm != 0 {
			return nil, &UnsupportedError{What: "BatchNormalization in training mode"}
		}
	}
	if err := needFloat(in[0], "input"); err != nil {
		return nil, err
	}
	x := in[0].Shape
	if len(x) < 2 {
		return nil, invalidf("BatchNormalization input has shape %v, want [N,C,...]", x)
	}
	for i := 1; i < 5; i++ {
		if !hasInput(in, i) || !in[i].Shape.Equal(Shape{x[1]}) {
			return nil, invalidf("BatchNormalization input %d has shape %v, want [%d]", i, in[i].Shape, x[1])
		}
		if err := needFloat(in[i], "parameter"); err != nil {
			return nil, err
		}
	}
	return same(in), nil
}

func evalBatchNorm(n *Node, in []*Tensor, opset int) ([]*Tensor, error) {
	x := in[0]
	for _, t := range in[1:] {
		if t == nil {
			return nil, invalidf("BatchNormalization needs five inputs")
		}
	}
	if len(x.Shape) < 2 {
		return nil, invalidf("BatchNormalization input has shape %v", x.Shape)
	}
	scale, shift, err := BatchNormParams(n, in[1], in[2], in[3], in[4])
	if err != nil {
		return nil, err
	}
	c := x.Shape[1]
	if len(scale) != c {
		return nil, invalidf("BatchNormalization has %d parameters for %d channels", len(scale), c)
	}
	inner := x.Shape[2:].Size()
	out := NewTensor(x.DType, x.Shape)
	for i, v := range x.Data {
		ch := (i / inner) % c
		out.Data[i] = v*scale[ch] + shift[ch]
	}
	return []*Tensor{out}, nil
}
