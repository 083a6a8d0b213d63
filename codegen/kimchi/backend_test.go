package kcircuit

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/kimchi/circuit"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/quant"
)

// ezklProgram quantizes the EZKL peer network (Gemm 3→4, Relu).
func ezklProgram(t *testing.T) *quant.Program {
	t.Helper()
	m, err := onnx.LoadFile(filepath.Join(oracle.SharedDir(t), "peers", "ezkl-v21-network", "network.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := quant.Compile(m.Graph, quant.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// circuitBytes serializes the gates and lookup tables of a circuit.
func circuitBytes(t *testing.T, c *circuit.Circuit) []byte {
	t.Helper()
	g, err := circuit.GatesJSON(c.Gates)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	buf.Write(g)
	for _, tb := range c.LookupTables {
		fmt.Fprintf(&buf, "table %d:", tb.ID)
		for _, col := range tb.Columns {
			for _, e := range col {
				buf.WriteString(e.String())
				buf.WriteByte(',')
			}
		}
	}
	return buf.Bytes()
}

// TestAutoBackend compiles models with RangeLimbBits = 0 and checks the
// choice: the limb table where Kimchi's 4,096-row table sets the domain
// (the EZKL network gets a domain of at most 2^9), the 12-bit backend
// otherwise; the domain is the smallest of the candidates, and compiling
// twice gives the same circuit.
func TestAutoBackend(t *testing.T) {
	cases := []struct {
		name      string
		prog      func(t *testing.T) *quant.Program
		small     bool // a limb backend is expected
		maxDomain int
	}{
		{"ezkl network", ezklProgram, true, 1 << 9},
		{"linreg_diabetes", func(t *testing.T) *quant.Program { return loadModel(t, "linreg_diabetes").prog }, true, 1 << 8},
		{"digits_mlp", func(t *testing.T) *quant.Program { return loadModel(t, "digits_mlp").prog }, true, 1 << 11},
		{"credit_mlp (sigmoid table sets the domain)", func(t *testing.T) *quant.Program { return loadModel(t, "credit_mlp").prog }, false, 1 << 15},
		{"mnist28_mlp (gates set the domain)", func(t *testing.T) *quant.Program { return loadModel(t, "mnist28_mlp").prog }, false, 1 << 15},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.prog(t)
			cc, err := Compile(p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			again, err := Compile(p, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(circuitBytes(t, cc.Circuit), circuitBytes(t, again.Circuit)) {
				t.Fatal("auto mode compiled two different circuits")
			}
			st := cc.Stats
			t.Logf("auto: %v", st)
			if small := st.RangeLimbBits < limbBits12; small != tc.small {
				t.Fatalf("auto chose %d-bit range limbs", st.RangeLimbBits)
			}
			if st.DomainSize > tc.maxDomain {
				t.Fatalf("domain %d above %d", st.DomainSize, tc.maxDomain)
			}
			if cc.Options.RangeLimbBits != 0 {
				t.Fatalf("Options.RangeLimbBits rewritten to %d", cc.Options.RangeLimbBits)
			}
			for _, bits := range append([]int{limbBits12}, autoLimbBits...) {
				alt, err := Compile(p, Options{RangeLimbBits: bits})
				if err != nil {
					t.Fatal(err)
				}
				a := alt.Stats
				if a.DomainSize < st.DomainSize || (a.DomainSize == st.DomainSize && a.Rows < st.Rows) {
					t.Fatalf("%d-bit limbs give %d rows (domain %d), auto chose %d bits: %d rows (domain %d)",
						bits, a.Rows, a.DomainSize, st.RangeLimbBits, st.Rows, st.DomainSize)
				}
				if bits == st.RangeLimbBits && !bytes.Equal(circuitBytes(t, alt.Circuit), circuitBytes(t, cc.Circuit)) {
					t.Fatalf("auto differs from an explicit RangeLimbBits = %d", bits)
				}
			}
		})
	}
}

// TestRangeLimbBitsOption refuses backends other than 0, 12 and 2..11.
func TestRangeLimbBitsOption(t *testing.T) {
	p := ezklProgram(t)
	for _, bits := range []int{-1, 1, 13, 64} {
		if _, err := Compile(p, Options{RangeLimbBits: bits}); err == nil {
			t.Errorf("RangeLimbBits %d accepted", bits)
		}
	}
	for _, bits := range []int{2, 3, 7, 9, 10, 11} {
		cc, err := Compile(p, Options{RangeLimbBits: bits})
		if err != nil {
			t.Fatalf("RangeLimbBits %d: %v", bits, err)
		}
		if cc.Stats.RangeLimbBits != bits {
			t.Fatalf("RangeLimbBits %d: stats say %d", bits, cc.Stats.RangeLimbBits)
		}
	}
}

// TestForgedInputRange feeds the EZKL network (private input, limb
// backend) an input element of 2^31, outside the 32-bit value range, so
// that its range record holds U = 2^32: Check must refuse the honest limb
// hint and every forged split of U (limbs ≥ 2^L, negative limbs, top
// limbs overlapping the limbs below), whatever outputs are claimed.
func TestForgedInputRange(t *testing.T) {
	p := ezklProgram(t)
	for _, bits := range []int{4, 6, 8} {
		cc, err := Compile(p, Options{Input: InputPrivate, RangeLimbBits: bits})
		if err != nil {
			t.Fatal(err)
		}
		priv := []fp.Element{fe(1 << 31), fe(-300), fe(4096)}
		U := fe(1 << 32)
		n := (32 + bits - 1) / bits
		splits := append([][]fp.Element{nil}, limbForgeries(U, n, bits, 32)...)
		for si, split := range splits {
			calls := 0
			cc.c.tamper = func(site string, param int64, in, out []fp.Element) {
				if site != "limbs" {
					return
				}
				if calls == 0 {
					if !in[0].Equal(&U) {
						t.Fatalf("first range record holds %s, not 2^32", in[0].String())
					}
					if split != nil {
						copy(out, split)
					}
				}
				calls++
			}
			a, err := cc.Circuit.Solve(make([]fp.Element, cc.Layout.Total), priv)
			cc.c.tamper = nil
			if err != nil {
				t.Fatalf("L=%d split %d: solve: %v", bits, si, err)
			}
			claimComputedOutputs(cc, a)
			err = cc.Circuit.Check(a.Columns, a.RuntimeTables...)
			if err == nil {
				t.Fatalf("L=%d split %d: input 2^31 accepted", bits, si)
			}
			var ce *circuit.CopyError
			if errors.As(err, &ce) {
				t.Fatalf("L=%d split %d: refused only by a copy constraint: %v", bits, si, err)
			}
		}
		t.Logf("L=%d: honest hint and %d forged splits refused", bits, len(splits)-1)
	}
}

// assertNoKimchiRange fails when a limb-backend circuit has RangeCheck
// gates or looks up Kimchi's 12-bit table.
func assertNoKimchiRange(t *testing.T, c *circuit.Circuit, w [circuit.Columns][]fp.Element) {
	t.Helper()
	one := fe(circuit.RangeCheckTableID)
	for r, g := range c.Gates {
		switch g.Type {
		case circuit.RangeCheck0, circuit.RangeCheck1:
			t.Fatalf("row %d: %v gate with the limb backend", r, g.Type)
		case circuit.Lookup:
			if w[0][r].Equal(&one) {
				t.Fatalf("row %d: lookup into Kimchi's 12-bit table with the limb backend", r)
			}
		}
	}
	if slices.ContainsFunc(c.LookupTables, func(tb circuit.LookupTable) bool { return tb.ID == circuit.RangeCheckTableID }) {
		t.Fatal("limb backend circuit carries the 12-bit table")
	}
}
