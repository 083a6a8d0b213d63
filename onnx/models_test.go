package onnx

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// sampleFile is the part of samples.json the float evaluator is checked on.
type sampleFile struct {
	InputShape []int       `json:"input_shape"`
	Inputs     [][]float64 `json:"inputs"`
	Outputs    [][]float64 `json:"outputs"`
}

// TestSharedModels loads every shared model and checks the float evaluator
// against PyTorch's outputs on its sample rows.
func TestSharedModels(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join(sharedDir(t), "models", "*", "model.onnx"))
	if len(paths) == 0 {
		t.Fatal("no shared models")
	}
	for _, path := range paths {
		dir := filepath.Dir(path)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			m, err := LoadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(filepath.Join(dir, "samples.json"))
			if err != nil {
				t.Fatal(err)
			}
			var s sampleFile
			if err := json.Unmarshal(b, &s); err != nil {
				t.Fatal(err)
			}
			if len(s.Inputs) == 0 || len(s.Inputs) != len(s.Outputs) {
				t.Fatalf("%d input rows, %d output rows", len(s.Inputs), len(s.Outputs))
			}
			if want := Shape(s.InputShape); !m.Graph.Inputs[0].Shape.Equal(want) {
				t.Errorf("input shape %v, samples say %v", m.Graph.Inputs[0].Shape, want)
			}
			worst := 0.0
			for i, row := range s.Inputs {
				got, err := m.Graph.RunFlat(row)
				if err != nil {
					t.Fatalf("row %d: %v", i, err)
				}
				if len(got) != len(s.Outputs[i]) {
					t.Fatalf("row %d: %d outputs, want %d", i, len(got), len(s.Outputs[i]))
				}
				for j, w := range s.Outputs[i] {
					worst = math.Max(worst, math.Abs(got[j]-w))
				}
			}
			if worst > 1e-4 {
				t.Errorf("largest deviation from PyTorch is %g, want <= 1e-4", worst)
			}
			t.Logf("%d rows, largest deviation %.2g", len(s.Inputs), worst)
		})
	}
}
