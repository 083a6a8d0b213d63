// Package onnx loads ONNX models into zkml's graph IR.
//
// Decode parses the protobuf, checks the opset (9 to 21), sorts the nodes
// topologically, rejects undefined and duplicate names, reads initializers
// (raw_data and the typed fields) and Constant nodes, infers every static
// shape, folds every node whose inputs are constant (shape plumbing such as
// Shape, Gather, Unsqueeze, Concat and Cast on constants), and folds
// BatchNormalization into a preceding Conv or Gemm. Graph.Run is the float64
// reference evaluator; package quant builds the fixed-point program on top.
package onnx
