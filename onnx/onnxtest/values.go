package onnxtest

import "github.com/zkml-mina/zkml/onnx"

// IntsAttr is an INTS attribute.
func IntsAttr(v ...int64) onnx.Attr { return onnx.Attr{Type: onnx.AttrInts, Ints: v} }

// IntAttr is an INT attribute.
func IntAttr(v int64) onnx.Attr { return onnx.Attr{Type: onnx.AttrInt, I: v} }

// FloatAttr is a FLOAT attribute.
func FloatAttr(v float64) onnx.Attr { return onnx.Attr{Type: onnx.AttrFloat, F: v} }

// Seq returns the n values f(0), ..., f(n-1), for constant and input data.
func Seq(n int, f func(i int) float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}
