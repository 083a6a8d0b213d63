package circuit

import (
	"testing"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

// genericChain builds 2^17 multiplications: 2^16 double-generic rows.
func genericChain() *Builder {
	b := NewBuilder()
	y := b.PublicInput()
	acc := b.PrivateInput()
	for range 1<<17 - 1 {
		acc = b.Mul(acc, acc)
	}
	b.AssertEqual(acc, y)
	return b
}

func BenchmarkBuildCompile65536(b *testing.B) {
	for b.Loop() {
		if _, err := genericChain().Compile(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWitness65536(b *testing.B) {
	c, err := genericChain().Compile()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(len(c.Gates)), "rows")
	for b.Loop() {
		if _, err := c.Witness([]fp.Element{{}}, []fp.Element{fe(3)}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheck65536(b *testing.B) {
	c, err := genericChain().Compile()
	if err != nil {
		b.Fatal(err)
	}
	w, err := c.Witness([]fp.Element{{}}, []fp.Element{fe(3)})
	if err != nil {
		b.Fatal(err)
	}
	w[0][0] = w[2][len(w[2])-1] // the public output, so that Check passes
	if err := c.Check(w); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		_ = c.Check(w)
	}
}

func TestGenericChainRows(t *testing.T) {
	c, err := genericChain().Compile()
	if err != nil {
		t.Fatal(err)
	}
	s := c.Stats()
	if s.Rows != 1<<16+1 || s.Generic != 1<<17-1+1 {
		t.Fatalf("rows %d generic gates %d", s.Rows, s.Generic)
	}
}
