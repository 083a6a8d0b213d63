package circuit

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/zkml-mina/zkml/internal/oracle"
)

// o1jsCircuits are written exactly as in oracles/o1js-circuit.mjs.
var o1jsCircuits = map[string]func(b *Builder){
	"arith": func(b *Builder) {
		a, bb := b.PrivateInput(), b.PrivateInput()
		c := b.Sub(b.Add(b.Mul(a, bb), b.Mul(a, b.ConstantInt(3))), b.ConstantInt(7))
		d := b.Mul(c, b.Add(c, bb))
		b.AssertEqual(d, b.Add(b.Add(a, bb), b.ConstantInt(5)))
	},
	"consts": func(b *Builder) {
		x, y := b.PrivateInput(), b.PrivateInput()
		b.AssertEqual(b.Add(b.Mul(x, b.ConstantInt(2)), b.ConstantInt(1)), b.ConstantInt(11))
		b.AssertEqual(b.Mul(x, x), b.ConstantInt(25))
		b.AssertEqual(b.Mul(b.Add(x, b.ConstantInt(1)), b.Sub(x, b.ConstantInt(1))), b.ConstantInt(24))
		b.AssertEqual(x, b.ConstantInt(5))
		b.AssertEqual(y, b.ConstantInt(5))
		b.AssertEqual(b.Mul(y, b.ConstantInt(3)), b.Mul(x, b.ConstantInt(3)))
		b.AssertEqual(b.Mul(y, b.ConstantInt(3)), b.Mul(x, b.ConstantInt(2)))
		b.AssertEqual(b.Square(x), b.Square(y))
		b.AssertEqual(b.Inverse(x), b.Div(y, x))
		b.AssertBool(b.Sub(y, b.ConstantInt(4)))
		b.AssertEqual(b.Mul(b.Seal(b.Add(x, y)), x), b.ConstantInt(50))
	},
	"lincomb": func(b *Builder) {
		a, bb, c, d, e := b.PrivateInput(), b.PrivateInput(), b.PrivateInput(), b.PrivateInput(), b.PrivateInput()
		b.AssertEqual(b.Add(a, b.MulConst(bb, fe(2)), b.MulConst(c, fe(3)), d, b.ConstantInt(4)), e)
		b.AssertEqual(b.Mul(b.Add(a, bb, c), b.Add(b.Sub(d, e), a)), b.ConstantInt(0))
		b.AssertEqual(b.Add(e, b.MulConst(d, fe(-1)), c), b.Add(a, bb))
	},
	"poseidon": func(b *Builder) {
		x, y, z := b.PrivateInput(), b.PrivateInput(), b.PrivateInput()
		b.AssertEqual(b.Poseidon(x), y)
		b.AssertEqual(b.Poseidon(x, y, z), b.Poseidon(b.Add(z, b.ConstantInt(1)), b.MulConst(x, fe(2))))
	},
	"rangecheck": func(b *Builder) {
		x, y, z := b.PrivateInput(), b.PrivateInput(), b.PrivateInput()
		b.RangeCheck64(x)
		b.RangeCheck64(b.Add(x, y))
		b.MultiRangeCheck(x, y, z)
		b.MultiRangeCheck(b.Add(x, b.ConstantInt(1)), y, b.MulConst(z, fe(2)))
	},
}

func TestO1jsLiveOracle(t *testing.T) {
	oracle.RequireNode(t)
	names := []string{"arith", "consts", "lincomb", "poseidon", "rangecheck"}
	var out map[string]struct {
		PublicInputSize int             `json:"publicInputSize"`
		Rows            int             `json:"rows"`
		Gates           json.RawMessage `json:"gates"`
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := oracle.Run(ctx, "o1js-circuit.mjs", map[string]any{"circuits": names}, &out); err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			o, ok := out[name]
			if !ok {
				t.Fatalf("oracle returned no circuit %q", name)
			}
			want, err := ParseGatesJSON(o.Gates)
			if err != nil {
				t.Fatal(err)
			}
			b := NewBuilder()
			o1jsCircuits[name](b)
			c, err := b.Compile()
			if err != nil {
				t.Fatal(err)
			}
			if c.PublicInputs != o.PublicInputSize {
				t.Errorf("public inputs %d, want %d", c.PublicInputs, o.PublicInputSize)
			}
			if d := DiffGates(c.Gates, want); d != "" {
				t.Errorf("gates differ from o1js: %s", d)
			}
		})
	}
}
