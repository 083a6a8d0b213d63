package circuit

import (
	"fmt"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

// Circuit is a compiled Kimchi circuit: its gates with the permutation
// wiring, the number of public inputs, and its lookup tables. It also keeps
// what Witness needs to fill the execution trace.
type Circuit struct {
	// Gates are the circuit's rows, public-input rows first. They are not
	// padded to the domain size (see PaddedGates).
	Gates []Gate
	// PublicInputs is the number of public inputs (the first rows).
	PublicInputs int
	// LookupTables are the fixed lookup tables the circuit's Lookup gates
	// use. The 12-bit range-check table (id 1) is included when Lookup gates
	// query it and no RangeCheck0/RangeCheck1/Rot64/ForeignFieldMul gate makes
	// Kimchi add it by itself.
	LookupTables []LookupTable
	// RuntimeTables are the runtime table configurations.
	RuntimeTables []RuntimeTableConfig

	rowVars [][Columns]int32
	vars    []varInfo
	hints   []hintCall
	public  []int32
	private []int32
	runtime []runtimeTable
}

// Compile finalizes the circuit: it flushes the pending generic gate and
// lookups, appends the public-input rows in front and computes the
// permutation. The Builder must not be modified afterwards (doing so
// panics); calling Compile again returns the same Circuit.
func (b *Builder) Compile() (*Circuit, error) {
	if b.compiled != nil {
		return b.compiled, nil
	}
	if b.err != nil {
		return nil, fmt.Errorf("circuit: compile: %w", b.err)
	}
	b.flushLookups()
	if p := b.pending; p != nil {
		b.pending = nil
		r := row{typ: Generic, coeffs: p.coeffs[:]}
		for i := range r.vars {
			r.vars[i] = -1
		}
		copy(r.vars[:3], p.vars[:])
		b.rows = append(b.rows, r)
	}
	if b.err != nil {
		return nil, fmt.Errorf("circuit: compile: %w", b.err)
	}
	npub := len(b.public)
	n := npub + len(b.rows)
	c := &Circuit{
		Gates:        make([]Gate, n),
		PublicInputs: npub,
		rowVars:      make([][Columns]int32, n),
		vars:         b.vars,
		hints:        b.hints,
		public:       b.public,
		private:      b.private,
		runtime:      b.runtime,
	}
	for i, v := range b.public {
		for j := range c.rowVars[i] {
			c.rowVars[i][j] = -1
		}
		c.rowVars[i][0] = v
		c.Gates[i] = Gate{Type: Generic, Coeffs: []fp.Element{one(), {}, {}, {}, {}}}
	}
	for i, r := range b.rows {
		c.rowVars[npub+i] = r.vars
		c.Gates[npub+i] = Gate{Type: r.typ, Coeffs: r.coeffs}
	}
	// Permutation: the cells of each class of equal variables, in (row, col)
	// order, each wired to the next and the last to the first (the order
	// o1js 2.15.0 produces).
	type pos struct{ row, col int32 }
	first := make([]pos, len(b.vars))
	last := make([]pos, len(b.vars))
	seen := make([]bool, len(b.vars))
	for r := range c.Gates {
		for col := range PermutationColumns {
			c.Gates[r].Wires[col] = Wire{r, col}
			v := c.rowVars[r][col]
			if v < 0 {
				continue
			}
			root := b.find(v)
			p := pos{int32(r), int32(col)}
			if seen[root] {
				l := last[root]
				c.Gates[l.row].Wires[l.col] = Wire{r, col}
			} else {
				seen[root] = true
				first[root] = p
			}
			last[root] = p
		}
	}
	for root, ok := range seen {
		if ok {
			l, f := last[root], first[root]
			c.Gates[l.row].Wires[l.col] = Wire{int(f.row), int(f.col)}
		}
	}
	c.LookupTables = append(c.LookupTables, b.tables...)
	if b.uses12Bit {
		builtIn := false
		for _, g := range c.Gates {
			switch g.Type {
			case RangeCheck0, RangeCheck1, Rot64, ForeignFieldMul:
				builtIn = true
			}
		}
		if !builtIn {
			c.LookupTables = append(c.LookupTables, RangeCheckTable())
		}
	}
	for _, rt := range b.runtime {
		c.RuntimeTables = append(c.RuntimeTables, RuntimeTableConfig{ID: rt.id, FirstColumn: rt.first})
	}
	b.compiled = c
	return c, nil
}

// RangeCheckTable returns Kimchi's 12-bit range-check table: id 1, the
// values 0..4095.
func RangeCheckTable() LookupTable {
	col := make([]fp.Element, 1<<12)
	for i := range col {
		col[i].SetUint64(uint64(i))
	}
	return LookupTable{ID: RangeCheckTableID, Columns: [][]fp.Element{col}}
}

// Stats counts a circuit's rows and gates by type.
type Stats struct {
	Rows    int
	ByType  map[GateType]int
	Generic int // single generic gates (two per Generic row at most)
}

// Stats returns the circuit's row count and gate counts by type.
func (c *Circuit) Stats() Stats {
	s := Stats{Rows: len(c.Gates), ByType: map[GateType]int{}}
	for _, g := range c.Gates {
		s.ByType[g.Type]++
		if g.Type == Generic {
			s.Generic++
			if len(g.Coeffs) > 5 {
				s.Generic++
			}
		}
	}
	return s
}

// Rows returns the number of rows the builder has emitted so far, counting
// public-input rows and a pending half-filled generic row.
func (b *Builder) Rows() int {
	n := len(b.public) + len(b.rows)
	if b.pending != nil {
		n++
	}
	return n
}

// ZKRows is the number of zero-knowledge rows Kimchi reserves for domains
// up to the maximal polynomial size (one chunk; see Domain).
const ZKRows = 3

// PaddedGates returns the gates padded with Zero gates up to DomainSize, as
// Kimchi's ConstraintSystem::create stores them (and as o1js's prover-index
// JSON shows them).
func (c *Circuit) PaddedGates() []Gate { return c.PaddedGatesTo(c.DomainSize()) }

// PaddedGatesTo returns the gates padded with Zero gates up to d rows (the
// domain DomainFor picks for a smaller SRS; d ≥ len(c.Gates)).
func (c *Circuit) PaddedGatesTo(d int) []Gate {
	out := make([]Gate, 0, d)
	out = append(out, c.Gates...)
	for r := len(c.Gates); r < d; r++ {
		g := Gate{Type: Zero}
		for col := range PermutationColumns {
			g.Wires[col] = Wire{r, col}
		}
		out = append(out, g)
	}
	return out
}
