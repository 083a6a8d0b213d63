package circuit

import (
	"errors"
	"strings"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/poseidon"
)

type gadgetCase struct {
	name    string
	build   func(b *Builder)
	public  []fp.Element
	private []fp.Element
	// bad inputs that must be refused by Witness or Check
	badPublic, badPrivate []fp.Element
	rows                  int // expected row count (0: not checked)
}

func neg(v int64) fp.Element { return felt(-v) }

var gadgetCases = []gadgetCase{
	{
		name: "polynomial",
		build: func(b *Builder) {
			y := b.PublicInput()
			x := b.PrivateInput()
			p := b.Add(b.Mul(b.Mul(x, x), x), b.MulConst(x, fe(2)), b.ConstantInt(5))
			b.AssertEqual(p, y)
		},
		public: []fp.Element{fe(38)}, private: []fp.Element{fe(3)},
		badPublic: []fp.Element{fe(39)}, badPrivate: []fp.Element{fe(3)},
	},
	{
		name: "bool-and-inverse",
		build: func(b *Builder) {
			x, s := b.PrivateInput(), b.PrivateInput()
			b.AssertBool(s)
			b.AssertEqual(b.Mul(x, b.Inverse(x)), b.ConstantInt(1))
			b.AssertEqual(b.Div(b.MulConst(x, fe(6)), x), b.ConstantInt(6))
		},
		private:    []fp.Element{fe(7), fe(1)},
		badPrivate: []fp.Element{fe(7), fe(2)},
	},
	{
		name: "poseidon",
		build: func(b *Builder) {
			h := b.PublicInput()
			x, y := b.PrivateInput(), b.PrivateInput()
			b.AssertEqual(b.Poseidon(x, y), h)
		},
		public:    []fp.Element{poseidon.KimchiFp().Hash([]fp.Element{fe(1), fe(2)})},
		private:   []fp.Element{fe(1), fe(2)},
		badPublic: []fp.Element{poseidon.KimchiFp().Hash([]fp.Element{fe(2), fe(1)})}, badPrivate: []fp.Element{fe(1), fe(2)},
		rows: 1 + 12 + 1,
	},
	{
		name:       "rangecheck64",
		build:      func(b *Builder) { b.RangeCheck64(b.PrivateInput()) },
		private:    []fp.Element{pow2m1(64)},
		badPrivate: []fp.Element{pow2(64)},
		rows:       2, // RangeCheck0 + the constant-0 generic row
	},
	{
		name:       "multirangecheck",
		build:      func(b *Builder) { b.MultiRangeCheck(b.PrivateInput(), b.PrivateInput(), b.PrivateInput()) },
		private:    []fp.Element{pow2m1(88), fe(12345), pow2m1(88)},
		badPrivate: []fp.Element{fe(1), fe(2), pow2(88)},
		rows:       4 + 1, // + the generic row holding the constant 0
	},
	{
		name:       "bits8-lookup",
		build:      func(b *Builder) { b.RangeCheckBits(b.PrivateInput(), 8) },
		private:    []fp.Element{fe(255)},
		badPrivate: []fp.Element{fe(256)},
		rows:       1 + 2, // Lookup row (2 lookups) + 3 generic gates (scale, constants 0 and 1)
	},
	{
		name: "bits12-lookup-x3",
		build: func(b *Builder) {
			for range 3 {
				b.RangeCheckBits(b.PrivateInput(), 12)
			}
		},
		private:    []fp.Element{fe(4095), fe(0), fe(17)},
		badPrivate: []fp.Element{fe(4095), fe(4096), fe(17)},
	},
	{
		name:       "bits16",
		build:      func(b *Builder) { b.RangeCheckBits(b.PrivateInput(), 16) },
		private:    []fp.Element{fe(65535)},
		badPrivate: []fp.Element{fe(65536)},
		rows:       2,
	},
	{
		name:       "bits31",
		build:      func(b *Builder) { b.RangeCheckBits(b.PrivateInput(), 31) },
		private:    []fp.Element{pow2m1(31)},
		badPrivate: []fp.Element{pow2(31)},
		rows:       3,
	},
	{
		name: "relu",
		build: func(b *Builder) {
			y := b.PublicInput()
			x := b.PrivateInput()
			b.AssertEqual(b.ReLU(b.MulConst(x, fe(1))), y)
		},
		public: []fp.Element{fe(0)}, private: []fp.Element{neg(5)},
		badPublic: []fp.Element{neg(5)}, badPrivate: []fp.Element{neg(5)},
	},
	{
		name: "relu-positive-edge",
		build: func(b *Builder) {
			y := b.PublicInput()
			b.AssertEqual(b.ReLU(b.PrivateInput()), y)
		},
		public: []fp.Element{pow2m1(31)}, private: []fp.Element{pow2m1(31)},
		badPublic: []fp.Element{pow2(31)}, badPrivate: []fp.Element{pow2(31)}, // out of range
	},
	{
		name: "fixed-table",
		build: func(b *Builder) {
			idx, val := squaresTable()
			if err := b.AddLookupTable(7, idx, val); err != nil {
				panic(err)
			}
			x := b.PrivateInput()
			b.Lookup(7, x, b.Square(x))
			b.Lookup(7, b.Add(x, b.ConstantInt(1)), b.PrivateInput())
		},
		private:    []fp.Element{fe(3), fe(16)},
		badPrivate: []fp.Element{fe(3), fe(17)},
	},
	{
		name: "runtime-table",
		build: func(b *Builder) {
			x, y := b.PrivateInput(), b.PrivateInput()
			first := []fp.Element{fe(0), fe(1), fe(2)}
			if err := b.AddRuntimeTable(9, first, []Variable{x, b.Add(x, y), b.MulConst(y, fe(2))}); err != nil {
				panic(err)
			}
			b.Lookup(9, b.ConstantInt(1), b.Add(x, y))
			b.Lookup(9, b.ConstantInt(2), y) // holds only when y = 0
		},
		private:    []fp.Element{fe(3), fe(0)},
		badPrivate: []fp.Element{fe(3), fe(4)},
	},
}

func pow2m1(n uint) fp.Element {
	e := pow2(n)
	o := one()
	e.Sub(&e, &o)
	return e
}

func squaresTable() (idx, val []fp.Element) {
	for i := range 16 {
		idx = append(idx, fe(int64(i)))
		val = append(val, fe(int64(i*i)))
	}
	return idx, val
}

func solveAndCheck(c *Circuit, pub, priv []fp.Element) (*Assignment, error) {
	a, err := c.Solve(pub, priv)
	if err != nil {
		return nil, err
	}
	return a, c.Check(a.Columns, a.RuntimeTables...)
}

func TestGadgets(t *testing.T) {
	for _, tc := range gadgetCases {
		t.Run(tc.name, func(t *testing.T) {
			b := NewBuilder()
			tc.build(b)
			c, err := b.Compile()
			if err != nil {
				t.Fatal(err)
			}
			if tc.rows != 0 && len(c.Gates) != tc.rows {
				t.Errorf("rows = %d, want %d (%v)", len(c.Gates), tc.rows, c.Stats().ByType)
			}
			a, err := solveAndCheck(c, tc.public, tc.private)
			if err != nil {
				t.Fatalf("valid witness refused: %v", err)
			}
			if tc.badPrivate != nil {
				if _, err := solveAndCheck(c, tc.badPublic, tc.badPrivate); err == nil {
					t.Errorf("bad input accepted")
				} else {
					t.Logf("bad input refused: %v", err)
				}
			}
			// Soundness: changing any cell that holds a variable is refused
			// with a gate, copy or lookup error, except an input occupying a
			// single cell (another value of the input may be valid).
			occurrences := map[int32]int{}
			for r := range c.rowVars {
				for col := range PermutationColumns {
					if v := c.rowVars[r][col]; v >= 0 {
						occurrences[b.find(v)]++
					}
				}
			}
			mutated := 0
			for r := range c.rowVars {
				for col := range Columns {
					v := c.rowVars[r][col]
					if v < 0 {
						continue
					}
					if k := c.vars[v].kind; (k == vPrivate || k == vPublic) && occurrences[b.find(v)] == 1 {
						continue
					}
					w := a.Columns
					orig := w[col][r]
					var bumped fp.Element
					o := one()
					bumped.Add(&orig, &o)
					w[col] = append([]fp.Element(nil), w[col]...)
					w[col][r] = bumped
					err := c.Check(w, a.RuntimeTables...)
					var ge *GateError
					var ce *CopyError
					var le *LookupError
					if err == nil || !(errors.As(err, &ge) || errors.As(err, &ce) || errors.As(err, &le)) {
						t.Fatalf("cell (%d,%d) of a %v row changed from %s to %s: got %v, want a gate/copy/lookup error",
							r, col, c.Gates[r].Type, dec(orig), dec(bumped), err)
					}
					mutated++
				}
			}
			if mutated == 0 {
				t.Fatal("no cell mutated")
			}
		})
	}
}

func TestCheckErrorsNameTheFailure(t *testing.T) {
	b := NewBuilder()
	x := b.PrivateInput()
	b.AssertEqual(b.Mul(x, x), b.ConstantInt(9))
	c, err := b.Compile()
	if err != nil {
		t.Fatal(err)
	}
	w, err := c.Witness(nil, []fp.Element{fe(4)})
	if err != nil {
		t.Fatal(err)
	}
	err = c.Check(w)
	for _, want := range []string{"row 0", "Generic", "constraint 0", "is 7"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not mention %q", err, want)
		}
	}
}

func TestBuilderErrors(t *testing.T) {
	tests := []struct {
		name  string
		build func(b *Builder)
	}{
		{"constant-equal", func(b *Builder) { b.AssertEqual(b.ConstantInt(1), b.ConstantInt(2)) }},
		{"constant-bool", func(b *Builder) { b.AssertBool(b.ConstantInt(2)) }},
		{"inverse-zero", func(b *Builder) { b.Inverse(b.ConstantInt(0)) }},
		{"bits-range", func(b *Builder) { b.RangeCheckBits(b.PrivateInput(), 65) }},
		{"unknown-table", func(b *Builder) { b.Lookup(42, b.PrivateInput(), b.PrivateInput()) }},
		{"constant-rc64", func(b *Builder) { b.RangeCheck64(b.Constant(pow2(64))) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := NewBuilder()
			tc.build(b)
			if _, err := b.Compile(); err == nil {
				t.Fatal("Compile succeeded")
			}
		})
	}
}

func TestMixingBuildersPanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	b1, b2 := NewBuilder(), NewBuilder()
	b2.Mul(b1.PrivateInput(), b2.PrivateInput())
}

func TestWitnessInputCounts(t *testing.T) {
	c, err := tiny().Compile()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Witness(nil, []fp.Element{fe(3)}); err == nil {
		t.Error("missing public input accepted")
	}
	if _, err := c.Witness([]fp.Element{fe(81)}, nil); err == nil {
		t.Error("missing private input accepted")
	}
}
