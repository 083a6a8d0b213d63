// Package onnxtest owns the helpers that build small ONNX graphs in tests:
// a chaining Builder that infers each node's output shape and type from the
// float reference kernel, constructors for node attributes, and Seq for
// constant data.
package onnxtest
