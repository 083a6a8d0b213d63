package onnx

import (
	"path/filepath"
	"testing"
)

// BenchmarkFloatEval times one float64 evaluation of the shared benchmark
// models on a sample-like input.
func BenchmarkFloatEval(b *testing.B) {
	for _, name := range []string{"lenet5", "mnist28_mlp"} {
		b.Run(name, func(b *testing.B) {
			m, err := LoadFile(filepath.Join(sharedDir(b), "models", name, "model.onnx"))
			if err != nil {
				b.Fatal(err)
			}
			row := make([]float64, m.Graph.Inputs[0].Shape.Size())
			for i := range row {
				row[i] = float64(i%17) / 17
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := m.Graph.RunFlat(row); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
