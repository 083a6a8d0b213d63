package onnx

import "fmt"

// AttrType is the kind of value an attribute holds (AttributeProto.AttributeType).
type AttrType int

// Attribute kinds zkml reads. Values are the ONNX enum numbers.
const (
	AttrFloat   AttrType = 1
	AttrInt     AttrType = 2
	AttrString  AttrType = 3
	AttrTensor  AttrType = 4
	AttrGraph   AttrType = 5
	AttrFloats  AttrType = 6
	AttrInts    AttrType = 7
	AttrStrings AttrType = 8
)

// Attr is one node attribute.
type Attr struct {
	Type    AttrType
	F       float64
	I       int64
	S       string
	T       *Tensor
	Floats  []float64
	Ints    []int64
	Strings []string
}

// Attrs maps attribute names to values, with typed accessors that apply ONNX defaults.
type Attrs map[string]Attr

// Has reports whether the attribute is present.
func (a Attrs) Has(name string) bool { _, ok := a[name]; return ok }

// Int returns an INT attribute, or def when absent.
func (a Attrs) Int(name string, def int) (int, error) {
	v, ok := a[name]
	if !ok {
		return def, nil
	}
	if v.Type != AttrInt {
		return 0, fmt.Errorf("attribute %s: want INT, got type %d", name, v.Type)
	}
	return int(v.I), nil
}

// Float returns a FLOAT attribute, or def when absent.
func (a Attrs) Float(name string, def float64) (float64, error) {
	v, ok := a[name]
	if !ok {
		return def, nil
	}
	if v.Type != AttrFloat {
		return 0, fmt.Errorf("attribute %s: want FLOAT, got type %d", name, v.Type)
	}
	return v.F, nil
}

// String returns a STRING attribute, or def when absent.
func (a Attrs) String(name, def string) (string, error) {
	v, ok := a[name]
	if !ok {
		return def, nil
	}
	if v.Type != AttrString {
		return "", fmt.Errorf("attribute %s: want STRING, got type %d", name, v.Type)
	}
	return v.S, nil
}

// Ints returns an INTS attribute as ints, or def when absent.
func (a Attrs) Ints(name string, def []int) ([]int, error) {
	v, ok := a[name]
	if !ok {
		return def, nil
	}
	if v.Type != AttrInts {
		return nil, fmt.Errorf("attribute %s: want INTS, got type %d", name, v.Type)
	}
	out := make([]int, len(v.Ints))
	for i, x := range v.Ints {
		out[i] = int(x)
	}
	return out, nil
}

// Floats returns a FLOATS attribute, or def when absent.
func (a Attrs) Floats(name string, def []float64) ([]float64, error) {
	v, ok := a[name]
	if !ok {
		return def, nil
	}
	if v.Type != AttrFloats {
		return nil, fmt.Errorf("attribute %s: want FLOATS, got type %d", name, v.Type)
	}
	return v.Floats, nil
}

// Tensor returns a TENSOR attribute, or nil when absent.
func (a Attrs) Tensor(name string) (*Tensor, error) {
	v, ok := a[name]
	if !ok {
		return nil, nil
	}
	if v.Type != AttrTensor {
		return nil, fmt.Errorf("attribute %s: want TENSOR, got type %d", name, v.Type)
	}
	return v.T, nil
}
