package onnx

import (
	"fmt"
	"math"
	"strings"
)

// DataType is an ONNX tensor element type (TensorProto.DataType).
type DataType int32

// The element types zkml distinguishes. Values are the ONNX enum numbers.
const (
	Undefined DataType = 0
	Float     DataType = 1
	Uint8     DataType = 2
	Int8      DataType = 3
	Uint16    DataType = 4
	Int16     DataType = 5
	Int32     DataType = 6
	Int64     DataType = 7
	String    DataType = 8
	Bool      DataType = 9
	Float16   DataType = 10
	Double    DataType = 11
	Uint32    DataType = 12
	Uint64    DataType = 13
	BFloat16  DataType = 16
)

var dataTypeNames = map[DataType]string{
	Undefined: "UNDEFINED", Float: "FLOAT", Uint8: "UINT8", Int8: "INT8", Uint16: "UINT16",
	Int16: "INT16", Int32: "INT32", Int64: "INT64", String: "STRING", Bool: "BOOL",
	Float16: "FLOAT16", Double: "DOUBLE", Uint32: "UINT32", Uint64: "UINT64", BFloat16: "BFLOAT16",
}

func (d DataType) String() string {
	if s, ok := dataTypeNames[d]; ok {
		return s
	}
	return fmt.Sprintf("DataType(%d)", int32(d))
}

// Numeric reports whether zkml can hold values of this type in a Tensor.
func (d DataType) Numeric() bool {
	switch d {
	case Float, Double, Float16, BFloat16, Int8, Uint8, Int16, Uint16, Int32, Uint32, Int64, Uint64, Bool:
		return true
	}
	return false
}

// IsFloat reports whether the type is a floating-point type.
func (d DataType) IsFloat() bool {
	return d == Float || d == Double || d == Float16 || d == BFloat16
}

// Shape is a static tensor shape; every dimension is known.
type Shape []int

// Size is the number of elements of the shape (1 for a scalar).
func (s Shape) Size() int {
	n := 1
	for _, d := range s {
		n *= d
	}
	return n
}

// Equal reports whether two shapes are identical.
func (s Shape) Equal(o Shape) bool {
	if len(s) != len(o) {
		return false
	}
	for i := range s {
		if s[i] != o[i] {
			return false
		}
	}
	return true
}

// Clone returns a copy of the shape.
func (s Shape) Clone() Shape { return append(Shape{}, s...) }

// Strides returns the row-major element strides of the shape.
func (s Shape) Strides() []int {
	st := make([]int, len(s))
	acc := 1
	for i := len(s) - 1; i >= 0; i-- {
		st[i] = acc
		acc *= s[i]
	}
	return st
}

func (s Shape) String() string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = fmt.Sprint(d)
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// Tensor is a dense row-major tensor. Every numeric element type is held as
// float64, which is exact for all float32 values and for integers below 2^53;
// DType remembers the declared type.
type Tensor struct {
	DType DataType
	Shape Shape
	Data  []float64
}

// NewTensor returns a zero tensor of the given type and shape.
func NewTensor(dt DataType, shape Shape) *Tensor {
	return &Tensor{DType: dt, Shape: shape.Clone(), Data: make([]float64, shape.Size())}
}

// Clone returns a deep copy of the tensor.
func (t *Tensor) Clone() *Tensor {
	return &Tensor{DType: t.DType, Shape: t.Shape.Clone(), Data: append([]float64(nil), t.Data...)}
}

// Ints returns the elements as ints, failing on any non-integral value.
// Values at or beyond ±2^63 saturate to the int64 limits, since INT64_MAX
// and INT64_MIN (common "to the end" markers) round to ±2^63 in a float64.
func (t *Tensor) Ints() ([]int, error) {
	out := make([]int, len(t.Data))
	for i, v := range t.Data {
		switch {
		case v >= 0x1p63:
			out[i] = math.MaxInt64
		case v <= -0x1p63:
			out[i] = math.MinInt64
		case v != math.Trunc(v): // also NaN
			return nil, fmt.Errorf("element %d is %v, not an integer", i, v)
		default:
			out[i] = int(v)
		}
	}
	return out, nil
}
