package circuit

import (
	"fmt"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

// RuntimeTableData is a runtime table's content for one proof: its id, the
// fixed first column and the prover-supplied second column.
type RuntimeTableData struct {
	ID          int32
	FirstColumn []fp.Element
	Data        []fp.Element
}

// Assignment is a solved circuit: the execution trace, the public input and
// the runtime tables' data.
type Assignment struct {
	Columns       [Columns][]fp.Element
	Public        []fp.Element
	RuntimeTables []RuntimeTableData
}

// Witness runs the hints and fills the circuit's fifteen witness columns
// (one entry per row of Gates) from the public and private inputs.
func (c *Circuit) Witness(public, private []fp.Element) ([Columns][]fp.Element, error) {
	a, err := c.Solve(public, private)
	if err != nil {
		return [Columns][]fp.Element{}, err
	}
	return a.Columns, nil
}

// Solve is Witness returning also the runtime tables' data.
func (c *Circuit) Solve(public, private []fp.Element) (*Assignment, error) {
	if len(public) != len(c.public) {
		return nil, fmt.Errorf("circuit: witness: %d public inputs given, the circuit has %d", len(public), len(c.public))
	}
	if len(private) != len(c.private) {
		return nil, fmt.Errorf("circuit: witness: %d private inputs given, the circuit has %d", len(private), len(c.private))
	}
	vals := make([]fp.Element, len(c.vars))
	eval := func(x Variable) fp.Element {
		r := x.k
		var t fp.Element
		for _, tm := range x.terms {
			t.Mul(&tm.c, &vals[tm.v])
			r.Add(&r, &t)
		}
		return r
	}
	for i := range c.vars {
		info := &c.vars[i]
		switch info.kind {
		case vPublic:
			vals[i] = public[info.index]
		case vPrivate:
			vals[i] = private[info.index]
		case vLC:
			vals[i] = eval(info.x)
		case vMul:
			x, y := eval(info.x), eval(info.y)
			vals[i].Mul(&x, &y)
		case vInv:
			x := eval(info.x)
			if !x.IsZero() {
				vals[i].Inverse(&x)
			}
		case vHint:
			if info.out != 0 {
				continue // filled with output 0
			}
			h := c.hints[info.index]
			in := make([]fp.Element, len(h.inputs))
			for j, x := range h.inputs {
				in[j] = eval(x)
			}
			out := make([]fp.Element, h.n)
			if err := h.fn(in, out); err != nil {
				return nil, fmt.Errorf("circuit: witness: hint %d (variables %d..%d): %w", info.index, h.first, h.first+h.n-1, err)
			}
			copy(vals[h.first:h.first+h.n], out)
		}
	}
	a := &Assignment{Public: append([]fp.Element(nil), public...)}
	n := len(c.rowVars)
	for col := range a.Columns {
		a.Columns[col] = make([]fp.Element, n)
	}
	for r, rv := range c.rowVars {
		for col, v := range rv {
			if v >= 0 {
				a.Columns[col][r] = vals[v]
			}
		}
	}
	for _, rt := range c.runtime {
		d := RuntimeTableData{ID: rt.id, FirstColumn: rt.first, Data: make([]fp.Element, len(rt.first))}
		for i, v := range rt.values {
			d.Data[i] = eval(v)
		}
		a.RuntimeTables = append(a.RuntimeTables, d)
	}
	return a, nil
}
