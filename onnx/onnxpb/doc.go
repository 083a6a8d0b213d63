// Package onnxpb holds the Go types of the ONNX protobuf format, generated
// by protoc-gen-go from onnx.proto (zkml's own transcription of the subset of
// the ONNX schema it reads). A build needs no protoc: the generated code is
// committed.
package onnxpb

//go:generate protoc --go_out=. --go_opt=paths=source_relative onnx.proto
