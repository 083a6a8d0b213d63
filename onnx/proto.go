package onnx

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/zkml-mina/zkml/onnx/onnxpb"
)

// maxElements bounds the element count of one tensor, so that a forged
// header cannot make the loader allocate without limit.
const maxElements = 1 << 24

// TensorFromProto converts a TensorProto to a Tensor, reading raw_data or the
// typed data fields as the ONNX format prescribes.
func TensorFromProto(p *onnxpb.TensorProto) (*Tensor, error) {
	if p == nil {
		return nil, invalidf("missing tensor")
	}
	dt := DataType(p.GetDataType())
	shape := make(Shape, len(p.Dims))
	for i, d := range p.Dims {
		if d < 0 || d > maxElements {
			return nil, fmt.Errorf("tensor %q: dimension %d is %d", p.GetName(), i, d)
		}
		shape[i] = int(d)
	}
	if err := checkShape(shape); err != nil {
		return nil, fmt.Errorf("tensor %q: %w", p.GetName(), err)
	}
	n := shape.Size()
	if p.GetDataLocation() == onnxpb.TensorProto_EXTERNAL || len(p.ExternalData) > 0 {
		return nil, fmt.Errorf("tensor %q: external data is not supported", p.GetName())
	}
	if !dt.Numeric() {
		return nil, &UnsupportedError{What: fmt.Sprintf("tensor %q of type %s", p.GetName(), dt)}
	}
	var data []float64
	var err error
	if p.RawData != nil {
		data, err = decodeRaw(dt, p.RawData, n)
	} else {
		data, err = decodeTyped(dt, p, n)
	}
	if err != nil {
		return nil, fmt.Errorf("tensor %q (%s %v): %w", p.GetName(), dt, shape, err)
	}
	return &Tensor{DType: dt, Shape: shape, Data: data}, nil
}

func elemSize(dt DataType) int {
	switch dt {
	case Bool, Int8, Uint8:
		return 1
	case Int16, Uint16, Float16, BFloat16:
		return 2
	case Int32, Uint32, Float:
		return 4
	default:
		return 8
	}
}

func decodeRaw(dt DataType, raw []byte, n int) ([]float64, error) {
	size := elemSize(dt)
	if len(raw) != n*size {
		return nil, fmt.Errorf("raw_data has %d bytes, want %d", len(raw), n*size)
	}
	out := make([]float64, n)
	le := binary.LittleEndian
	for i := range out {
		b := raw[i*size:]
		switch dt {
		case Float:
			out[i] = float64(math.Float32frombits(le.Uint32(b)))
		case Double:
			out[i] = math.Float64frombits(le.Uint64(b))
		case Float16:
			out[i] = halfToFloat(le.Uint16(b))
		case BFloat16:
			out[i] = float64(math.Float32frombits(uint32(le.Uint16(b)) << 16))
		case Int8:
			out[i] = float64(int8(b[0]))
		case Uint8:
			out[i] = float64(b[0])
		case Bool:
			out[i] = boolf(b[0] != 0)
		case Int16:
			out[i] = float64(int16(le.Uint16(b)))
		case Uint16:
			out[i] = float64(le.Uint16(b))
		case Int32:
			out[i] = float64(int32(le.Uint32(b)))
		case Uint32:
			out[i] = float64(le.Uint32(b))
		case Int64:
			out[i] = float64(int64(le.Uint64(b)))
		case Uint64:
			out[i] = float64(le.Uint64(b))
		}
	}
	return out, nil
}

func decodeTyped(dt DataType, p *onnxpb.TensorProto, n int) ([]float64, error) {
	out := make([]float64, 0, n)
	var got int
	switch dt {
	case Float:
		got = len(p.FloatData)
		for _, v := range p.FloatData {
			out = append(out, float64(v))
		}
	case Double:
		got = len(p.DoubleData)
		out = append(out, p.DoubleData...)
	case Int64:
		got = len(p.Int64Data)
		for _, v := range p.Int64Data {
			out = append(out, float64(v))
		}
	case Uint32, Uint64:
		got = len(p.Uint64Data)
		for _, v := range p.Uint64Data {
			out = append(out, float64(v))
		}
	default: // int32_data carries the narrow integer, bool and 16-bit float types
		got = len(p.Int32Data)
		for _, v := range p.Int32Data {
			switch dt {
			case Float16:
				out = append(out, halfToFloat(uint16(v)))
			case BFloat16:
				out = append(out, float64(math.Float32frombits(uint32(uint16(v))<<16)))
			case Bool:
				out = append(out, boolf(v != 0))
			default:
				out = append(out, float64(v))
			}
		}
	}
	if got != n {
		return nil, fmt.Errorf("has %d elements, want %d", got, n)
	}
	return out, nil
}

func boolf(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// halfToFloat converts IEEE 754 binary16 bits to float64.
func halfToFloat(h uint16) float64 {
	sign := 1.0
	if h&0x8000 != 0 {
		sign = -1
	}
	exp := int(h>>10) & 0x1f
	frac := float64(h & 0x3ff)
	switch exp {
	case 0:
		return sign * frac * math.Ldexp(1, -24)
	case 0x1f:
		if frac == 0 {
			return math.Inf(int(sign))
		}
		return math.NaN()
	}
	return sign * (1 + frac/1024) * math.Ldexp(1, exp-15)
}

func attrFromProto(p *onnxpb.AttributeProto) (Attr, error) {
	a := Attr{Type: AttrType(p.GetType())}
	if p.GetRefAttrName() != "" {
		return a, &UnsupportedError{What: fmt.Sprintf("attribute %q referring to a function attribute", p.GetName())}
	}
	// Old exporters leave type unset; infer it from the populated field.
	if a.Type == 0 {
		switch {
		case p.F != nil:
			a.Type = AttrFloat
		case p.I != nil:
			a.Type = AttrInt
		case p.S != nil:
			a.Type = AttrString
		case p.T != nil:
			a.Type = AttrTensor
		case p.G != nil:
			a.Type = AttrGraph
		case len(p.Floats) > 0:
			a.Type = AttrFloats
		case len(p.Ints) > 0:
			a.Type = AttrInts
		case len(p.Strings) > 0:
			a.Type = AttrStrings
		}
	}
	switch a.Type {
	case AttrFloat:
		a.F = float64(p.GetF())
	case AttrInt:
		a.I = p.GetI()
	case AttrString:
		a.S = string(p.GetS())
	case AttrTensor:
		t, err := TensorFromProto(p.GetT())
		if err != nil {
			return a, fmt.Errorf("attribute %q: %w", p.GetName(), err)
		}
		a.T = t
	case AttrFloats:
		for _, f := range p.Floats {
			a.Floats = append(a.Floats, float64(f))
		}
	case AttrInts:
		a.Ints = append([]int64(nil), p.Ints...)
	case AttrStrings:
		for _, s := range p.Strings {
			a.Strings = append(a.Strings, string(s))
		}
	default:
		return a, &UnsupportedError{What: fmt.Sprintf("attribute %q of type %d", p.GetName(), a.Type)}
	}
	return a, nil
}
