package circuit

import (
	"fmt"
	"math/big"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/gates"
	"github.com/zkml-mina/zkml/kimchi/poseidon"
)

// rowOps evaluates kimchi/gates constraints on concrete witness rows: Cell
// reads the witness at the current or next row and the gate's
// coefficients. Challenges and the selector-independent polynomials are not
// used by gate constraints and evaluate to 0.
type rowOps struct {
	w      *[Columns][]fp.Element
	row    int
	coeffs []fp.Element
	mds    *[3][3]fp.Element
}

var _ gates.Ops[fp.Element] = (*rowOps)(nil)

func (o *rowOps) Add(a, b fp.Element) fp.Element { a.Add(&a, &b); return a }
func (o *rowOps) Sub(a, b fp.Element) fp.Element { a.Sub(&a, &b); return a }
func (o *rowOps) Mul(a, b fp.Element) fp.Element { a.Mul(&a, &b); return a }
func (o *rowOps) Neg(a fp.Element) fp.Element    { a.Neg(&a); return a }
func (o *rowOps) Const(c int64) fp.Element       { return felt(c) }
func (o *rowOps) Frac(num, den int64) fp.Element {
	n, d := felt(num), felt(den)
	n.Div(&n, &d)
	return n
}
func (o *rowOps) Pow2(n uint) fp.Element {
	var e fp.Element
	e.SetBigInt(new(big.Int).Lsh(big.NewInt(1), n))
	return e
}
func (o *rowOps) Literal(dec string) fp.Element {
	var e fp.Element
	if _, err := e.SetString(dec); err != nil {
		panic("circuit: bad literal in kimchi/gates: " + dec)
	}
	return e
}
func (o *rowOps) Cell(c gates.Column, r gates.Row) fp.Element {
	switch c.Kind {
	case gates.Witness:
		i := o.row
		if r == gates.Next {
			i++
		}
		if i >= len(o.w[c.Index]) {
			return fp.Element{}
		}
		return o.w[c.Index][i]
	case gates.Coefficient:
		if c.Index < len(o.coeffs) {
			return o.coeffs[c.Index]
		}
	}
	return fp.Element{}
}
func (o *rowOps) Chal(gates.Challenge) fp.Element { return fp.Element{} }
func (o *rowOps) AlphaPow(int) fp.Element         { return fp.Element{} }
func (o *rowOps) EndoCoefficient() fp.Element     { return fp.Element{} }
func (o *rowOps) Mds(r, c int) fp.Element         { return o.mds[r][c] }
func (o *rowOps) VanishesOnZeroKnowledgeAndPreviousRows() fp.Element {
	return fp.Element{}
}
func (o *rowOps) UnnormalizedLagrangeBasis(bool, int) fp.Element { return fp.Element{} }

// gateChecks returns the constraints of a gate type, or nil for gates
// without constraints of their own (Zero, Lookup).
func gateChecks(t GateType, o *rowOps) ([]fp.Element, error) {
	switch t {
	case Zero, Lookup:
		return nil, nil
	case Generic:
		return gates.GenericChecks[fp.Element](o), nil
	case Poseidon:
		return gates.PoseidonChecks[fp.Element](o), nil
	case CompleteAdd:
		return gates.CompleteAddChecks[fp.Element](o), nil
	case VarBaseMul:
		return gates.VarBaseMulChecks[fp.Element](o), nil
	case EndoMulScalar:
		return gates.EndoMulScalarChecks[fp.Element](o), nil
	case RangeCheck0:
		return gates.RangeCheck0Checks[fp.Element](o), nil
	case RangeCheck1:
		return gates.RangeCheck1Checks[fp.Element](o), nil
	case ForeignFieldAdd:
		return gates.ForeignFieldAddChecks[fp.Element](o), nil
	case ForeignFieldMul:
		return gates.ForeignFieldMulChecks[fp.Element](o), nil
	case Xor16:
		return gates.XorChecks[fp.Element](o), nil
	case Rot64:
		return gates.RotChecks[fp.Element](o), nil
	}
	return nil, fmt.Errorf("gate type %v is not supported by Check", t)
}

// GateError reports an unsatisfied gate constraint.
type GateError struct {
	Row        int
	Type       GateType
	Constraint int        // index in kimchi/gates' constraint list
	Value      fp.Element // the constraint's (non-zero) value
	Cells      []fp.Element
	Coeffs     []fp.Element
}

func (e *GateError) Error() string {
	return fmt.Sprintf("circuit: row %d: %v gate constraint %d is %s, not 0 (cells %s; coefficients %s)",
		e.Row, e.Type, e.Constraint, dec(e.Value), fmtElems(e.Cells), fmtElems(e.Coeffs))
}

// CopyError reports a violated copy constraint.
type CopyError struct {
	From, To    Wire
	FromV, ToV  fp.Element
	CycleStart  Wire
	CycleLength int
}

func (e *CopyError) Error() string {
	return fmt.Sprintf("circuit: copy constraint: cell (%d,%d) = %s but the next cell of its cycle (%d,%d) = %s (cycle of %d cells starting at (%d,%d))",
		e.From.Row, e.From.Col, dec(e.FromV), e.To.Row, e.To.Col, dec(e.ToV), e.CycleLength, e.CycleStart.Row, e.CycleStart.Col)
}

// LookupError reports a lookup whose entry is not in its table.
type LookupError struct {
	Row     int
	Type    GateType
	Table   int32
	Entry   []fp.Element
	Columns []int
}

func (e *LookupError) Error() string {
	return fmt.Sprintf("circuit: row %d (%v): lookup of columns %v = %s is not in table %d", e.Row, e.Type, e.Columns, fmtElems(e.Entry), e.Table)
}

// dec formats e as its canonical decimal representative.
func dec(e fp.Element) string {
	var bi big.Int
	return e.BigInt(&bi).String()
}

func fmtElems(es []fp.Element) string {
	s := "["
	for i, e := range es {
		if i > 0 {
			s += " "
		}
		s += dec(e)
	}
	return s + "]"
}

// Check verifies that the witness satisfies every gate, copy constraint and
// lookup of the circuit. The public input is read from column 0 of the
// first rows, as Kimchi's witness holds it. runtime gives the runtime tables' data (needed only
// when the circuit looks up runtime tables). The error is a *GateError,
// *CopyError or *LookupError naming the first failure.
func (c *Circuit) Check(w [Columns][]fp.Element, runtime ...RuntimeTableData) error {
	n := len(c.Gates)
	for col := range w {
		if len(w[col]) != n {
			return fmt.Errorf("circuit: check: column %d has %d rows, the circuit %d", col, len(w[col]), n)
		}
	}
	mds := poseidon.KimchiFp().MDS()
	o := &rowOps{w: &w, mds: &mds}
	for r, g := range c.Gates {
		o.row, o.coeffs = r, g.Coeffs
		cs, err := gateChecks(g.Type, o)
		if err != nil {
			return fmt.Errorf("circuit: check: row %d: %w", r, err)
		}
		if r < c.PublicInputs && len(cs) > 0 {
			// Kimchi adds the public-input polynomial −Σ pubᵢ·Lᵢ to the
			// first rows; the public value is column 0 of the row.
			cs[0].Sub(&cs[0], &w[0][r])
		}
		for i, v := range cs {
			if !v.IsZero() {
				cells := make([]fp.Element, 0, 2*Columns)
				for col := range Columns {
					cells = append(cells, w[col][r])
				}
				if g.Type != Generic && r+1 < n {
					for col := range Columns {
						cells = append(cells, w[col][r+1])
					}
				}
				return &GateError{Row: r, Type: g.Type, Constraint: i, Value: v, Cells: cells, Coeffs: g.Coeffs}
			}
		}
	}
	for r, g := range c.Gates {
		for col, to := range g.Wires {
			if to.Row < 0 || to.Row >= n || to.Col < 0 || to.Col >= PermutationColumns {
				return fmt.Errorf("circuit: check: row %d col %d wired outside the circuit to (%d,%d)", r, col, to.Row, to.Col)
			}
			if !w[col][r].Equal(&w[to.Col][to.Row]) {
				start, length := c.cycle(Wire{r, col})
				return &CopyError{From: Wire{r, col}, To: to, FromV: w[col][r], ToV: w[to.Col][to.Row], CycleStart: start, CycleLength: length}
			}
		}
	}
	return c.checkLookups(&w, runtime)
}

// cycle returns the smallest position of p's permutation cycle and its length.
func (c *Circuit) cycle(p Wire) (Wire, int) {
	start, n := p, 1
	for q := c.Gates[p.Row].Wires[p.Col]; q != p && n <= len(c.Gates)*PermutationColumns; q = c.Gates[q.Row].Wires[q.Col] {
		if q.Row < start.Row || (q.Row == start.Row && q.Col < start.Col) {
			start = q
		}
		n++
	}
	return start, n
}

type tableKey struct {
	id   int32
	a, b fp.Element
}

func (c *Circuit) checkLookups(w *[Columns][]fp.Element, runtime []RuntimeTableData) error {
	set := map[tableKey]bool{}
	for _, t := range c.LookupTables {
		for i := range t.Columns[0] {
			k := tableKey{id: t.ID, a: t.Columns[0][i]}
			if len(t.Columns) > 1 {
				k.b = t.Columns[1][i]
			}
			set[k] = true
		}
	}
	for _, t := range runtime {
		for i := range t.FirstColumn {
			set[tableKey{t.ID, t.FirstColumn[i], t.Data[i]}] = true
		}
	}
	in12 := func(x fp.Element) bool { return x.IsUint64() && x.Uint64() < 1<<12 }
	n := len(c.Gates)
	for r, g := range c.Gates {
		rangeRows := []int{}
		switch g.Type {
		case RangeCheck0, Rot64:
			rangeRows = append(rangeRows, r)
		case RangeCheck1:
			rangeRows = append(rangeRows, r, r+1)
		case ForeignFieldMul:
			for col := 7; col <= 10; col++ {
				if !in12(w[col][r]) {
					return &LookupError{Row: r, Type: g.Type, Table: RangeCheckTableID, Entry: []fp.Element{w[col][r]}, Columns: []int{col}}
				}
			}
		case Xor16:
			for i := range 4 {
				a, bb, cc := w[3+i][r], w[7+i][r], w[11+i][r]
				ok := a.IsUint64() && bb.IsUint64() && cc.IsUint64() && a.Uint64() < 16 && bb.Uint64() < 16 && cc.Uint64() == a.Uint64()^bb.Uint64()
				if !ok {
					return &LookupError{Row: r, Type: g.Type, Table: XorTableID, Entry: []fp.Element{a, bb, cc}, Columns: []int{3 + i, 7 + i, 11 + i}}
				}
			}
		case Lookup:
			id := w[0][r]
			if !id.IsUint64() || id.Uint64() > 1<<31 {
				return &LookupError{Row: r, Type: g.Type, Table: -1, Entry: []fp.Element{id}, Columns: []int{0}}
			}
			tid := int32(id.Uint64())
			for i := range 3 {
				a, bb := w[2*i+1][r], w[2*i+2][r]
				ok := set[tableKey{tid, a, bb}]
				if tid == RangeCheckTableID {
					ok = in12(a) && bb.IsZero()
				}
				if !ok {
					return &LookupError{Row: r, Type: g.Type, Table: tid, Entry: []fp.Element{a, bb}, Columns: []int{2*i + 1, 2*i + 2}}
				}
			}
		}
		for _, rr := range rangeRows {
			if rr >= n {
				continue
			}
			for col := 3; col <= 6; col++ {
				if !in12(w[col][rr]) {
					return &LookupError{Row: rr, Type: g.Type, Table: RangeCheckTableID, Entry: []fp.Element{w[col][rr]}, Columns: []int{col}}
				}
			}
		}
	}
	return nil
}
