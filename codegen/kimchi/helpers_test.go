package kcircuit

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/quant"
)

// backends are the range-check backends the tests run: Kimchi's 12-bit
// table and a 6-bit limb table.
var backends = []int{12, 6}

type samples struct {
	Inputs [][]float64 `json:"inputs"`
}

type model struct {
	name    string
	prog    *quant.Program
	samples samples
}

var (
	modelsOnce sync.Once
	modelsErr  error
	modelsAll  []model
)

// loadModels compiles every shared model at the default config (once per
// test binary; the programs are read-only afterwards).
func loadModels(t testing.TB) []model {
	t.Helper()
	dir := filepath.Join(oracle.SharedDir(t), "models")
	modelsOnce.Do(func() {
		dirs, err := filepath.Glob(filepath.Join(dir, "*"))
		if err != nil || len(dirs) == 0 {
			modelsErr = err
			return
		}
		for _, d := range dirs {
			m, err := onnx.LoadFile(filepath.Join(d, "model.onnx"))
			if err != nil {
				modelsErr = err
				return
			}
			p, err := quant.Compile(m.Graph, quant.DefaultConfig())
			if err != nil {
				modelsErr = err
				return
			}
			raw, err := os.ReadFile(filepath.Join(d, "samples.json"))
			if err != nil {
				modelsErr = err
				return
			}
			var s samples
			if err := json.Unmarshal(raw, &s); err != nil {
				modelsErr = err
				return
			}
			modelsAll = append(modelsAll, model{name: filepath.Base(d), prog: p, samples: s})
		}
	})
	if modelsErr != nil || len(modelsAll) == 0 {
		t.Fatalf("shared models: %v (%d found)", modelsErr, len(modelsAll))
	}
	return modelsAll
}

func loadModel(t testing.TB, name string) model {
	t.Helper()
	for _, m := range loadModels(t) {
		if m.name == name {
			return m
		}
	}
	t.Fatalf("no shared model %s", name)
	return model{}
}

// quantInputs quantizes sample row i for the model's only input.
func (m model) quantInputs(t testing.TB, i int) map[string][]int64 {
	t.Helper()
	name := m.prog.Inputs[0].Name
	q, err := m.prog.QuantizeInput(name, m.samples.Inputs[i])
	if err != nil {
		t.Fatalf("%s sample %d: %v", m.name, i, err)
	}
	return map[string][]int64{name: q}
}
