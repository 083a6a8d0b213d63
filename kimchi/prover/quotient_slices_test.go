package prover

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/circuit"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

// TestInterpolateSlices recovers random polynomials of fewer than k·n
// coefficients from their values on k slices, for every k below 8; the
// values come from Horner's rule at each point, not from an FFT.
func TestInterpolateSlices(t *testing.T) {
	ix, err := NewIndex(tinyCircuit(t), loadSRS(t), testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	n := ix.d1.n
	for k := 1; k < 8; k++ {
		t.Run("k="+strconv.Itoa(k), func(t *testing.T) {
			ix.qSlices = k
			want := make([]fp.Element, k*n)
			for i := range want {
				if _, err := want[i].SetRandom(); err != nil {
					t.Fatal(err)
				}
			}
			vals := make([]fp.Element, k*n)
			for s := range k {
				shift := ix.sliceShift(s)
				for r := range n {
					var x fp.Element
					x.Mul(&shift, &ix.sid[r])
					vals[s*n+bitRev(r, uint(ix.d1.log))] = evalPoly(want, &x)
				}
			}
			got := ix.interpolateSlices(vals)
			if len(got) != len(want) {
				t.Fatalf("%d coefficients, want %d", len(got), len(want))
			}
			for i := range want {
				if !got[i].Equal(&want[i]) {
					t.Fatalf("coefficient %d differs", i)
				}
			}
		})
	}
}

// TestQuotientSlices checks which columns the index finds unused and on how
// many slices it evaluates the quotient, per circuit family, and that the
// proofs of the families it shortens verify.
func TestQuotientSlices(t *testing.T) {
	s := loadSRS(t)
	upper := [columns]bool{7: true, 8: true, 9: true, 10: true, 11: true, 12: true, 13: true, 14: true}
	genericUnused := upper
	genericUnused[6] = true
	wired6 := func(t testing.TB) *circuit.Circuit {
		c := tinyCircuit(t)
		// Wire cell (1, 6) to (2, 6) and back: column 6 still has no
		// value constraint but its σ is no longer the identity.
		a, b := circuit.Wire{Row: 1, Col: 6}, circuit.Wire{Row: 2, Col: 6}
		c.Gates[1].Wires[6], c.Gates[2].Wires[6] = b, a
		return c
	}
	for _, tc := range []struct {
		name    string
		circuit func(testing.TB) *circuit.Circuit
		unused  [columns]bool
		slices  int
	}{
		{"generic", tinyCircuit, genericUnused, 6},
		{"generic, 17 public inputs", sumCircuit(17), genericUnused, 6},
		{"generic, column 6 wired", wired6, upper, 7},
		{"poseidon", poseidonCircuit, [columns]bool{}, 7},
		{"range check (lookups)", rangeCheckCircuit, [columns]bool{}, 8},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ix, err := NewIndex(tc.circuit(t), s, testOptions(t))
			if err != nil {
				t.Fatal(err)
			}
			if ix.unused != tc.unused {
				t.Errorf("unused columns %v, want %v", ix.unused, tc.unused)
			}
			if ix.qSlices != tc.slices {
				t.Errorf("%d slices, want %d", ix.qSlices, tc.slices)
			}
		})
	}
	// The other families are proved by TestProveGeneric, TestProveGadgets
	// and TestProveLookups.
	proveAndVerify(t, wired6(t), []fp.Element{felt(81)}, []fp.Element{felt(3)})
}

// TestCheckGatesNamesRow: with fewer than eight slices a gate violation is
// caught on D1, before any commitment, and the error names its row.
func TestCheckGatesNamesRow(t *testing.T) {
	c := tinyCircuit(t)
	ix, err := NewIndex(c, loadSRS(t), testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	if ix.qSlices == 8 {
		t.Fatal("the tiny circuit should need fewer than eight slices")
	}
	w, err := c.Witness([]fp.Element{felt(81)}, []fp.Element{felt(3)})
	if err != nil {
		t.Fatal(err)
	}
	for r := 1; r < len(c.Gates); r++ {
		one := felt(1)
		bad := w
		bad[2] = append([]fp.Element(nil), w[2]...)
		bad[2][r].Add(&bad[2][r], &one)
		_, _, err := ix.Prove(bad)
		if !errors.Is(err, ErrWitness) {
			t.Fatalf("row %d: err = %v, want ErrWitness", r, err)
		}
		// Column 2 is a gate output on every row of this circuit.
		if !strings.Contains(err.Error(), "row "+strconv.Itoa(r)) && !strings.Contains(err.Error(), "copy") {
			t.Errorf("row %d: error %q names neither the row nor a copy constraint", r, err)
		}
	}
}
