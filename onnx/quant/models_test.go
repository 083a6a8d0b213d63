package quant

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/onnx"
)

// sharedDir returns ../shared beside the module root.
func sharedDir(t testing.TB) string {
	t.Helper()
	return oracle.SharedDir(t)
}

type samples struct {
	InputShape []int       `json:"input_shape"`
	Inputs     [][]float64 `json:"inputs"`
	Outputs    [][]float64 `json:"outputs"`
}

type sharedModel struct {
	name    string
	graph   *onnx.Graph
	samples samples
}

func loadModels(t testing.TB) []sharedModel {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(sharedDir(t), "models", "*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no shared models (%v)", err)
	}
	var ms []sharedModel
	for _, d := range dirs {
		m, err := onnx.LoadFile(filepath.Join(d, "model.onnx"))
		if err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		b, err := os.ReadFile(filepath.Join(d, "samples.json"))
		if err != nil {
			t.Fatal(err)
		}
		var s samples
		if err := json.Unmarshal(b, &s); err != nil {
			t.Fatalf("%s: %v", d, err)
		}
		if len(s.Inputs) == 0 || len(s.Inputs) != len(s.Outputs) {
			t.Fatalf("%s: %d inputs and %d outputs", d, len(s.Inputs), len(s.Outputs))
		}
		ms = append(ms, sharedModel{name: filepath.Base(d), graph: m.Graph, samples: s})
	}
	return ms
}

func loadModel(t testing.TB, name string) sharedModel {
	t.Helper()
	for _, m := range loadModels(t) {
		if m.name == name {
			return m
		}
	}
	t.Fatalf("no shared model %s", name)
	return sharedModel{}
}

// accuracy compares a program's dequantized first output with the PyTorch
// float outputs: class agreement (argmax, or the 0.5 side for a
// single-output sigmoid) and the largest absolute error.
func accuracy(p *Program, m sharedModel) (agree, maxErr float64, err error) {
	n := 0
	for i, row := range m.samples.Inputs {
		got, err := p.RunFloat(row)
		if err != nil {
			return 0, 0, fmt.Errorf("row %d: %w", i, err)
		}
		want := m.samples.Outputs[i]
		if len(got) != len(want) {
			return 0, 0, fmt.Errorf("row %d: %d outputs, want %d", i, len(got), len(want))
		}
		for j := range got {
			maxErr = max(maxErr, math.Abs(got[j]-want[j]))
		}
		if Class(got, 0.5) == Class(want, 0.5) {
			n++
		}
	}
	return float64(n) / float64(len(m.samples.Inputs)), maxErr, nil
}

// TestSharedModelsDefault checks every shared model at DefaultConfig:
// classifiers agree with PyTorch on ≥ 99 % of rows, single-output models
// (the regression and the sigmoid risk score) stay within 0.05.
func TestSharedModelsDefault(t *testing.T) {
	for _, m := range loadModels(t) {
		t.Run(m.name, func(t *testing.T) {
			p, err := Compile(m.graph, DefaultConfig())
			if err != nil {
				t.Fatal(err)
			}
			agree, maxErr, err := accuracy(p, m)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("agreement %.4f, max abs err %.5f", agree, maxErr)
			if len(m.samples.Outputs[0]) > 1 {
				if agree < 0.99 {
					t.Errorf("argmax agreement %.4f < 0.99", agree)
				}
			} else {
				if maxErr > 0.05 {
					t.Errorf("max abs error %.5f > 0.05", maxErr)
				}
				if agree < 0.99 {
					t.Errorf("threshold agreement %.4f < 0.99", agree)
				}
			}
		})
	}
}

// TestScaleSweep prints agreement and max abs error per model per scale
// (run with -v); it asserts that accuracy never collapses above the default.
func TestScaleSweep(t *testing.T) {
	if testing.Short() {
		t.Skip("sweep")
	}
	ms := loadModels(t)
	var sb strings.Builder
	fmt.Fprintf(&sb, "%-16s", "model \\ S")
	for s := 6; s <= 16; s++ {
		fmt.Fprintf(&sb, " %13d", s)
	}
	sb.WriteString("\n")
	for _, m := range ms {
		fmt.Fprintf(&sb, "%-16s", m.name)
		for s := 6; s <= 16; s++ {
			p, err := Compile(m.graph, Config{Scale: s, ParamScale: s})
			if err != nil {
				t.Fatal(err)
			}
			agree, maxErr, err := accuracy(p, m)
			if err != nil {
				fmt.Fprintf(&sb, " %13s", "range error")
				if s >= DefaultScale {
					t.Errorf("%s at scale %d: %v", m.name, s, err)
				}
				continue
			}
			fmt.Fprintf(&sb, "  %5.3f/%6.4f", agree, maxErr)
		}
		sb.WriteString("\n")
	}
	t.Logf("agreement/max abs error vs PyTorch:\n%s", sb.String())
}
