package onnx_test

import (
	"context"
	"math"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/samples"
)

// TestFloatAgainstOnnxruntime checks the float evaluator against
// onnxruntime-node, an independent implementation, on 20 random inputs per
// shared model drawn from the range of that model's sample inputs.
func TestFloatAgainstOnnxruntime(t *testing.T) {
	oracle.RequireNode(t)
	shared := oracle.SharedDir(t)
	dirs, err := filepath.Glob(filepath.Join(shared, "models", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no shared models: %v", err)
	}
	const rowsPerModel = 20
	checked := 0
	for _, dir := range dirs {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			m, err := onnx.LoadFile(filepath.Join(dir, "model.onnx"))
			if err != nil {
				t.Fatal(err)
			}
			set, err := samples.Load(filepath.Join(dir, "samples.json"))
			if err != nil {
				t.Fatal(err)
			}
			lo, hi := math.Inf(1), math.Inf(-1)
			for _, r := range set.Inputs {
				for _, v := range r {
					lo, hi = math.Min(lo, v), math.Max(hi, v)
				}
			}
			rng := rand.New(rand.NewPCG(uint64(len(name)), 7))
			rows := make([][]float64, rowsPerModel)
			for i := range rows {
				rows[i] = make([]float64, len(set.Inputs[0]))
				for j := range rows[i] {
					// float32-representable, as onnxruntime receives float32
					rows[i][j] = float64(float32(lo + (hi-lo)*rng.Float64()))
				}
			}
			var resp struct {
				Outputs [][]float64 `json:"outputs"`
			}
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			req := map[string]any{"model": filepath.Join(dir, "model.onnx"), "shape": m.Graph.Inputs[0].Shape, "rows": rows}
			if err := oracle.Run(ctx, "ort-infer.mjs", req, &resp); err != nil {
				t.Fatal(err)
			}
			if len(resp.Outputs) != rowsPerModel {
				t.Fatalf("onnxruntime returned %d rows", len(resp.Outputs))
			}
			for i, row := range rows {
				got, err := m.Graph.RunFlat(row)
				if err != nil {
					t.Fatal(err)
				}
				want := resp.Outputs[i]
				if len(got) != len(want) {
					t.Fatalf("row %d: %d outputs, onnxruntime %d", i, len(got), len(want))
				}
				for j := range got {
					if d := math.Abs(got[j] - want[j]); d > 1e-4 {
						t.Errorf("row %d output %d: ours %v, onnxruntime %v (diff %.3g)", i, j, got[j], want[j], d)
					}
				}
			}
			checked++
		})
	}
	if checked != len(dirs) {
		t.Errorf("checked %d of %d models", checked, len(dirs))
	}
	t.Logf("onnxruntime agreed on %d models × %d rows", checked, rowsPerModel)
}
