// Package codegen lowers the fixed-point model program produced by package
// onnx into Kimchi circuits and into o1js TypeScript.
package codegen
