package quant

import (
	"slices"
	"testing"
)

// BenchmarkQuantEval measures one integer evaluation (quantize, run,
// dequantize) of a sample row at DefaultConfig.
func BenchmarkQuantEval(b *testing.B) {
	for _, name := range []string{"lenet5", "mnist28_mlp"} {
		b.Run(name, func(b *testing.B) {
			m := loadModel(b, name)
			p, err := Compile(m.graph, DefaultConfig())
			if err != nil {
				b.Fatal(err)
			}
			row := m.samples.Inputs[0]
			b.ResetTimer()
			for range b.N {
				if _, err := p.RunFloat(row); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestBoundedPathsAgree checks that the statically bounded fast paths of
// Conv and Gemm produce the same integers as the per-term checked ones.
func TestBoundedPathsAgree(t *testing.T) {
	for _, name := range []string{"lenet5", "digits_cnn"} {
		m := loadModel(t, name)
		fast, err := Compile(m.graph, DefaultConfig())
		if err != nil {
			t.Fatal(err)
		}
		slow, _ := Compile(m.graph, DefaultConfig())
		n := 0
		for _, st := range slow.Steps {
			if st.accSafe {
				n++
			}
			st.accSafe = false
		}
		if n == 0 {
			t.Fatalf("%s: no step uses the bounded path", name)
		}
		for i, row := range m.samples.Inputs[:8] {
			q, err := fast.QuantizeInput(fast.Inputs[0].Name, row)
			if err != nil {
				t.Fatal(err)
			}
			in := map[string][]int64{fast.Inputs[0].Name: q}
			a, err1 := fast.Run(in)
			b, err2 := slow.Run(in)
			if err1 != nil || err2 != nil {
				t.Fatal(err1, err2)
			}
			for name, v := range a.Values {
				if !slices.Equal(v.Data, b.Values[name].Data) {
					t.Fatalf("row %d: value %s differs between the paths", i, name)
				}
			}
		}
	}
}
