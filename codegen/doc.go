// Package codegen lowers the fixed-point model program produced by package
// onnx/quant into its two back ends.
//
// Subpackage codegen/kimchi (package kcircuit) lowers a quant.Program to a
// kimchi/circuit Circuit with public, private or hashed inputs and fixed or
// hashed weights; its doc lists the row cost of each op and the public-input
// layout. Subpackage codegen/o1js turns the same program into the data and
// code of an o1js zkApp project (see templates).
package codegen
