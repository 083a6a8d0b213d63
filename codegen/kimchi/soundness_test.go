package kcircuit

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/circuit"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

// honest compiles a model with the range-check backend of bits-bit limbs
// and returns its witness for sample i.
func honest(t *testing.T, name string, i, bits int) (*Compiled, *circuit.Assignment, map[string][]int64) {
	t.Helper()
	m := loadModel(t, name)
	cc, err := Compile(m.prog, Options{RangeLimbBits: bits})
	if err != nil {
		t.Fatal(err)
	}
	in := m.quantInputs(t, i)
	a, err := cc.Witness(in)
	if err != nil {
		t.Fatal(err)
	}
	if err := cc.Circuit.Check(a.Columns, a.RuntimeTables...); err != nil {
		t.Fatalf("honest witness refused: %v", err)
	}
	return cc, a, in
}

// constrained reports whether cell (r, col) takes part in a constraint of
// its gate or in a copy constraint, so that changing it must be caught.
func constrained(c *circuit.Circuit, r, col int) bool {
	g := c.Gates[r]
	if col < circuit.PermutationColumns && g.Wires[col] != (circuit.Wire{Row: r, Col: col}) {
		return true
	}
	nz := func(i int) bool { return i < len(g.Coeffs) && !g.Coeffs[i].IsZero() }
	switch g.Type {
	case circuit.Generic:
		if r < c.PublicInputs {
			return col == 0
		}
		if col >= 6 {
			return false
		}
		h, j := col/3, col%3
		return nz(5*h+j) || (j < 2 && nz(5*h+3))
	case circuit.Lookup:
		return col <= 6
	case circuit.RangeCheck0, circuit.RangeCheck1, circuit.Poseidon:
		return true
	}
	return false
}

// TestCellMutations changes single witness cells of game_master (Gemm,
// Relu, Softmax with its exp table) and expects Check to refuse every
// change of a constrained cell, with each range-check backend.
func TestCellMutations(t *testing.T) {
	for _, bits := range backends {
		t.Run(fmt.Sprintf("L=%d", bits), func(t *testing.T) { testCellMutations(t, bits) })
	}
}

func testCellMutations(t *testing.T, bits int) {
	cc, a, _ := honest(t, "game_master", 3, bits)
	rng := rand.New(rand.NewPCG(1, 2))
	var cells [][2]int
	for r := range cc.Circuit.Gates {
		for col := range circuit.Columns {
			if constrained(cc.Circuit, r, col) {
				cells = append(cells, [2]int{r, col})
			}
		}
	}
	rng.Shuffle(len(cells), func(i, j int) { cells[i], cells[j] = cells[j], cells[i] })
	n := min(len(cells), 400)
	if testing.Short() {
		n = min(n, 100)
	}
	kinds := map[string]int{}
	var one fp.Element
	one.SetOne()
	for _, rc := range cells[:n] {
		r, col := rc[0], rc[1]
		old := a.Columns[col][r]
		a.Columns[col][r].Add(&old, &one)
		err := cc.Circuit.Check(a.Columns, a.RuntimeTables...)
		a.Columns[col][r] = old
		if err == nil {
			t.Fatalf("cell (%d,%d) of a %v gate changed, Check accepted", r, col, cc.Circuit.Gates[r].Type)
		}
		var ge *circuit.GateError
		var ce *circuit.CopyError
		var le *circuit.LookupError
		switch {
		case errors.As(err, &ge):
			kinds["gate"]++
		case errors.As(err, &ce):
			kinds["copy"]++
		case errors.As(err, &le):
			kinds["lookup"]++
		default:
			kinds["other"]++
		}
	}
	t.Logf("%d of %d constrained cells changed, all refused: %v", n, len(cells), kinds)
}

// TestEditedOutputs changes each public output in turn and expects Check
// to refuse, with each range-check backend.
func TestEditedOutputs(t *testing.T) {
	for _, bits := range backends {
		t.Run(fmt.Sprintf("L=%d", bits), func(t *testing.T) {
			cc, a, _ := honest(t, "game_master", 0, bits)
			var one fp.Element
			one.SetOne()
			for _, seg := range cc.Layout.Outputs {
				for j := range seg.Len {
					r := seg.Offset + j // public inputs sit in column 0 of the first rows
					old := a.Columns[0][r]
					a.Columns[0][r].Add(&old, &one)
					err := cc.Circuit.Check(a.Columns, a.RuntimeTables...)
					a.Columns[0][r] = old
					if err == nil {
						t.Fatalf("output %q element %d edited, Check accepted", seg.Name, j)
					}
				}
			}
		})
	}
}

// TestDishonestHints replaces honest hint outputs by wrong values that
// satisfy every linear relation of their gadget and expects Check to refuse
// each, with each range-check backend: a shifted rescale
// quotient/remainder pair, a flipped ReLU sign, a wrong table entry, a
// non-maximal maximum, a shifted softmax division, and (limb backends) a
// limb ≥ 2^L whose carry keeps the limb sum.
func TestDishonestHints(t *testing.T) {
	var one fp.Element
	one.SetOne()
	add := func(x *fp.Element, v int64) {
		f := fe(v)
		x.Add(x, &f)
	}
	cases := []hintCase{
		{"rescale q'+1, r-2^k", "game_master", "div", 5, func(d int64, in, out []fp.Element) {
			add(&out[0], 1)
			add(&out[1], -d)
		}},
		{"rescale q'-1, r+2^k", "game_master", "div", 7, func(d int64, in, out []fp.Element) {
			add(&out[0], -1)
			add(&out[1], d)
		}},
		{"avgpool-free division q'+1 on last layer", "digits_mlp", "div", 40, func(d int64, in, out []fp.Element) {
			add(&out[0], 1)
			add(&out[1], -d)
		}},
		{"ReLU sign flipped", "game_master", "sign", 0, func(_ int64, in, out []fp.Element) {
			out[0].Sub(&one, &out[0])
		}},
		{"ReLU sign flipped (negative input)", "game_master", "sign", 3, func(_ int64, in, out []fp.Element) {
			out[0].Sub(&one, &out[0])
		}},
		{"sigmoid entry +1", "credit_mlp", "lookup", 0, func(_ int64, in, out []fp.Element) { add(&out[0], 1) }},
		{"exp entry -1", "game_master", "lookup", 2, func(_ int64, in, out []fp.Element) { add(&out[0], -1) }},
		{"max not maximal", "digits_cnn", "max", 10, func(_ int64, in, out []fp.Element) {
			// the smallest tap
			best := in[0]
			for _, v := range in[1:] {
				if signedBig(&v).Cmp(signedBig(&best)) < 0 {
					best = v
				}
			}
			if best.Equal(&out[0]) {
				add(&out[0], -1)
				return
			}
			out[0] = best
		}},
		{"max above every tap", "digits_cnn", "max", 11, func(_ int64, in, out []fp.Element) { add(&out[0], 1) }},
		{"softmax y+1, r-Z", "game_master", "softmax", 1, func(z int64, in, out []fp.Element) {
			add(&out[0], 1)
			add(&out[1], -z)
		}},
		{"softmax y-1, r+Z", "game_master", "softmax", 2, func(z int64, in, out []fp.Element) {
			add(&out[0], -1)
			add(&out[1], z)
		}},
		{"lowest limb + 2^L, next limb - 1", "game_master", "limbs", 4, func(L int64, in, out []fp.Element) {
			add(&out[0], 1<<L)
			add(&out[1], -1)
		}},
		{"top limb + 1, limb below - 2^L", "digits_mlp", "limbs", 9, func(L int64, in, out []fp.Element) {
			n := len(out)
			add(&out[n-1], 1)
			add(&out[n-2], -(1 << L))
		}},
		{"second limb from the top - 2^L, top limb + 1", "game_master", "limbs", 30, func(L int64, in, out []fp.Element) {
			n := len(out)
			add(&out[n-2], -(1 << L))
			add(&out[n-1], 1)
		}},
	}
	for _, bits := range backends {
		for _, tc := range cases {
			if tc.site == "limbs" && bits == limbBits12 {
				continue // the 12-bit backend's limbs are RangeCheck0's
			}
			t.Run(fmt.Sprintf("L=%d/%s", bits, tc.name), func(t *testing.T) {
				testDishonestHint(t, bits, tc)
			})
		}
	}
}

// hintCase tampers the nth call of a hint site of a model's witness.
type hintCase struct {
	name, model, site string
	nth               int // which call of the site to tamper
	edit              func(param int64, in, out []fp.Element)
}

// testDishonestHint compiles the case's model with the backend of bits-bit
// limbs, tampers the hint and expects Check to refuse the witness by
// something other than the copy constraint to a claimed output.
func testDishonestHint(t *testing.T, bits int, tc hintCase) {
	m := loadModel(t, tc.model)
	cc, err := Compile(m.prog, Options{RangeLimbBits: bits})
	if err != nil {
		t.Fatal(err)
	}
	in := m.quantInputs(t, 1)
	calls, hit := 0, false
	cc.c.tamper = func(site string, param int64, hin, out []fp.Element) {
		if site != tc.site {
			return
		}
		if calls == tc.nth {
			before := append([]fp.Element(nil), out...)
			tc.edit(param, hin, out)
			for i := range out {
				hit = hit || !out[i].Equal(&before[i])
			}
		}
		calls++
	}
	a, err := cc.Witness(in)
	cc.c.tamper = nil
	if err != nil {
		t.Fatal(err)
	}
	if !hit {
		t.Fatalf("site %s call %d never tampered (%d calls)", tc.site, tc.nth, calls)
	}
	// A consistent cheat: the public outputs claim what the dishonest
	// computation produced.
	claimComputedOutputs(cc, a)
	err = cc.Circuit.Check(a.Columns, a.RuntimeTables...)
	if err == nil {
		t.Fatal("dishonest witness accepted")
	}
	var ce *circuit.CopyError
	if errors.As(err, &ce) {
		t.Fatalf("refused only by a copy constraint: %v", err)
	}
	t.Logf("refused: %v", err)
}

// claimComputedOutputs sets every public output to the value of the cell
// its copy constraint ties it to.
func claimComputedOutputs(cc *Compiled, a *circuit.Assignment) {
	for _, seg := range cc.Layout.Outputs {
		for j := range seg.Len {
			r := seg.Offset + j
			to := cc.Circuit.Gates[r].Wires[0]
			a.Columns[0][r] = a.Columns[to.Col][to.Row]
			a.Public[r] = a.Columns[0][r]
		}
	}
}

// TestGateMutations changes one coefficient or one wire of a random gate
// and checks the honest witness against the mutated circuit. A mutation is
// caught exactly when it changes a constraint's value: a coefficient whose
// term is non-zero (its cell, or cell product, is non-zero; the constant
// term always), a wire to a cell holding a different value. The benign
// rest (a coefficient on an empty or zero cell, a wire between equal
// values) is counted and must be of that kind.
func TestGateMutations(t *testing.T) {
	for _, bits := range backends {
		for _, name := range []string{"game_master", "digits_cnn"} {
			t.Run(fmt.Sprintf("L=%d/%s", bits, name), func(t *testing.T) { testGateMutations(t, bits, name) })
		}
	}
}

func testGateMutations(t *testing.T, bits int, name string) {
	cc, a, _ := honest(t, name, 2, bits)
	c := cc.Circuit
	w := a.Columns
	rng := rand.New(rand.NewPCG(3, 4))
	n := 300
	if testing.Short() {
		n = 60
	}
	stats := map[string]int{}
	for range n {
		r := cc.Circuit.PublicInputs + rng.IntN(len(c.Gates)-c.PublicInputs)
		g := c.Gates[r]
		saved := g
		var expectCaught bool
		var what string
		if len(g.Coeffs) > 0 && rng.IntN(2) == 0 {
			i := rng.IntN(len(g.Coeffs))
			co := append([]fp.Element(nil), g.Coeffs...)
			var one fp.Element
			one.SetOne()
			co[i].Add(&co[i], &one)
			c.Gates[r].Coeffs = co
			what = "coeff " + g.Type.String()
			expectCaught = true
			if g.Type == circuit.RangeCheck0 && r+1 < len(c.Gates) {
				// the compact flag adds w1' = w0 + 2^88·w0' on the
				// next row, which may happen to hold (all zero)
				var rhs fp.Element
				p88 := pow2(88)
				rhs.Mul(&p88, &w[0][r+1])
				rhs.Add(&rhs, &w[0][r])
				expectCaught = !rhs.Equal(&w[1][r+1])
			}
			if g.Type == circuit.Generic {
				h, j := i/5, i%5
				var term fp.Element
				switch j {
				case 0, 1, 2:
					term = w[3*h+j][r]
				case 3:
					term.Mul(&w[3*h][r], &w[3*h+1][r])
				case 4:
					term.SetOne()
				}
				expectCaught = !term.IsZero()
			}
		} else {
			col := rng.IntN(circuit.PermutationColumns)
			to := circuit.Wire{Row: rng.IntN(len(c.Gates)), Col: rng.IntN(circuit.PermutationColumns)}
			c.Gates[r].Wires[col] = to
			what = "wire " + g.Type.String()
			expectCaught = !w[col][r].Equal(&w[to.Col][to.Row])
		}
		err := c.Check(w, a.RuntimeTables...)
		c.Gates[r] = saved
		caught := err != nil
		if caught != expectCaught {
			t.Fatalf("row %d %s: caught=%v, expected %v (%v)", r, what, caught, expectCaught, err)
		}
		if caught {
			stats["caught "+what]++
		} else {
			stats["benign "+what]++
		}
	}
	if err := c.Check(w, a.RuntimeTables...); err != nil {
		t.Fatalf("circuit not restored: %v", err)
	}
	t.Logf("%d mutations: %v", n, stats)
}
