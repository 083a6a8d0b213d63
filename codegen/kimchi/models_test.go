package kcircuit

import (
	"fmt"
	"slices"
	"testing"
	"time"
)

// modelCase is a shared model and how many of its samples to check.
type modelCase struct {
	name    string
	samples int // 0: all
	large   bool
}

// TestModels compiles every shared model at the default config with each
// range-check backend and checks, for several samples per model, that the
// witness satisfies the circuit and that the public outputs decode to
// Program.Run's integers bit for bit.
func TestModels(t *testing.T) {
	cases := []modelCase{
		{"credit_mlp", 0, false},
		{"digits_cnn", 16, false},
		{"digits_mlp", 0, false},
		{"game_master", 0, false},
		{"linreg_diabetes", 0, false},
		{"trading_bot", 0, false},
		{"mnist28_mlp", 4, false},
		{"lenet5", 2, true},
	}
	seen := map[string]bool{}
	for _, bits := range backends {
		for _, tc := range cases {
			seen[tc.name] = true
			t.Run(fmt.Sprintf("L=%d/%s", bits, tc.name), func(t *testing.T) { testModel(t, bits, tc) })
		}
	}
	for _, m := range loadModels(t) {
		if !seen[m.name] {
			t.Errorf("shared model %s has no test case", m.name)
		}
	}
}

// testModel compiles a shared model with the backend of bits-bit limbs and
// checks the witnesses of its first samples.
func testModel(t *testing.T, bits int, tc modelCase) {
	if tc.large && testing.Short() {
		t.Skip("large model: skipped with -short")
	}
	m := loadModel(t, tc.name)
	start := time.Now()
	cc, err := Compile(m.prog, Options{RangeLimbBits: bits})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: compiled in %v: %v", tc.name, time.Since(start).Round(time.Millisecond), cc.Stats)
	n := len(m.samples.Inputs)
	if tc.samples > 0 {
		n = min(n, tc.samples)
	}
	start = time.Now()
	for i := range n {
		in := m.quantInputs(t, i)
		tr, err := m.prog.Run(in)
		if err != nil {
			t.Fatalf("sample %d: %v", i, err)
		}
		a, err := cc.WitnessFromTrace(tr)
		if err != nil {
			t.Fatalf("sample %d: %v", i, err)
		}
		if err := cc.Circuit.Check(a.Columns, a.RuntimeTables...); err != nil {
			t.Fatalf("sample %d: %v", i, err)
		}
		if bits < limbBits12 && i == 0 {
			assertNoKimchiRange(t, cc.Circuit, a.Columns)
		}
		outs, err := cc.Outputs(a.Public)
		if err != nil {
			t.Fatalf("sample %d: %v", i, err)
		}
		for k, o := range tr.Outputs {
			if !slices.Equal(outs[k], o.Data) {
				t.Fatalf("sample %d output %d: circuit %v, evaluator %v", i, k, outs[k], o.Data)
			}
		}
	}
	t.Logf("%s: %d samples witnessed and checked in %v", tc.name, n, time.Since(start).Round(time.Millisecond))
}
