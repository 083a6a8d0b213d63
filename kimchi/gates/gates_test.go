package gates

import (
	"math/big"
	"testing"
)

// bigOps evaluates constraints over integers modulo p with a fixed
// assignment, enough to test the gate formulas without a prover.
type bigOps struct {
	p     *big.Int
	cells map[Column][2]*big.Int
}

func (o *bigOps) mod(x *big.Int) *big.Int    { return x.Mod(x, o.p) }
func (o *bigOps) Add(a, b *big.Int) *big.Int { return o.mod(new(big.Int).Add(a, b)) }
func (o *bigOps) Sub(a, b *big.Int) *big.Int { return o.mod(new(big.Int).Sub(a, b)) }
func (o *bigOps) Mul(a, b *big.Int) *big.Int { return o.mod(new(big.Int).Mul(a, b)) }
func (o *bigOps) Neg(a *big.Int) *big.Int    { return o.mod(new(big.Int).Neg(a)) }
func (o *bigOps) Const(c int64) *big.Int     { return o.mod(big.NewInt(c)) }
func (o *bigOps) Frac(n, d int64) *big.Int {
	inv := new(big.Int).ModInverse(o.Const(d), o.p)
	return o.Mul(o.Const(n), inv)
}
func (o *bigOps) Pow2(n uint) *big.Int { return o.mod(new(big.Int).Lsh(big.NewInt(1), n)) }
func (o *bigOps) Literal(s string) *big.Int {
	v, _ := new(big.Int).SetString(s, 10)
	return o.mod(v)
}
func (o *bigOps) Cell(c Column, r Row) *big.Int {
	if v, ok := o.cells[c]; ok && v[r] != nil {
		return v[r]
	}
	return big.NewInt(0)
}
func (o *bigOps) Chal(Challenge) *big.Int { return big.NewInt(3) }
func (o *bigOps) AlphaPow(i int) *big.Int {
	return o.mod(new(big.Int).Exp(big.NewInt(5), big.NewInt(int64(i)), o.p))
}
func (o *bigOps) EndoCoefficient() *big.Int                        { return big.NewInt(7) }
func (o *bigOps) Mds(r, c int) *big.Int                            { return big.NewInt(int64(r*3 + c + 1)) }
func (o *bigOps) VanishesOnZeroKnowledgeAndPreviousRows() *big.Int { return big.NewInt(1) }
func (o *bigOps) UnnormalizedLagrangeBasis(bool, int) *big.Int     { return big.NewInt(1) }

func newBigOps() *bigOps {
	return &bigOps{p: big.NewInt(1_000_000_007), cells: map[Column][2]*big.Int{}}
}

func (o *bigOps) set(kind ColumnKind, i int, r Row, v int64) {
	c := Column{kind, i}
	cur := o.cells[c]
	cur[r] = o.Const(v)
	o.cells[c] = cur
}

func TestConstraintCounts(t *testing.T) {
	o := newBigOps()
	for _, g := range gateDefs[*big.Int]() {
		if got := len(g.checks(o)); got != g.n {
			t.Errorf("gate %d: %d constraints, want %d", g.typ, got, g.n)
		}
	}
	for _, rt := range []bool{false, true} {
		cs, err := LookupChecks[*big.Int](o, LookupFeatures{Xor: true, UsesRuntimeTables: rt})
		if err != nil || len(cs) != LookupConstraints(LookupFeatures{UsesRuntimeTables: rt}) {
			t.Errorf("lookup (runtime %v): %d constraints, %v", rt, len(cs), err)
		}
	}
}

func TestGenericSatisfied(t *testing.T) {
	o := newBigOps()
	// First half: 3·4 = 12 as l·r - o = 0 (mul 1, out -1).
	o.set(Witness, 0, Curr, 3)
	o.set(Witness, 1, Curr, 4)
	o.set(Witness, 2, Curr, 12)
	o.set(Coefficient, 2, Curr, -1)
	o.set(Coefficient, 3, Curr, 1)
	// Second half: 5 + 6 - 11 = 0.
	o.set(Witness, 3, Curr, 5)
	o.set(Witness, 4, Curr, 6)
	o.set(Witness, 5, Curr, 11)
	o.set(Coefficient, 5, Curr, 1)
	o.set(Coefficient, 6, Curr, 1)
	o.set(Coefficient, 7, Curr, -1)
	for i, c := range GenericChecks[*big.Int](o) {
		if c.Sign() != 0 {
			t.Errorf("constraint %d = %v, want 0", i, c)
		}
	}
	o.set(Witness, 2, Curr, 13)
	if GenericChecks[*big.Int](o)[0].Sign() == 0 {
		t.Error("wrong product accepted")
	}
}

func TestXorDecomposition(t *testing.T) {
	o := newBigOps()
	// in1 = 0x1234 + 2^16·7: nybbles 4, 3, 2, 1; next = 7.
	o.set(Witness, 0, Curr, 0x1234+7<<16)
	for i, v := range []int64{4, 3, 2, 1} {
		o.set(Witness, 3+i, Curr, v)
	}
	o.set(Witness, 0, Next, 7)
	if c := XorChecks[*big.Int](o)[0]; c.Sign() != 0 {
		t.Errorf("xor decomposition = %v, want 0", c)
	}
}
