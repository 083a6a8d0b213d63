package circuit

import (
	"fmt"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

type runtimeTable struct {
	id     int32
	first  []fp.Element
	values []Variable
}

// AddLookupTable registers a fixed lookup table with one or two columns of
// equal length. Ids 0 (XOR) and 1 (12-bit range check) are Kimchi's own.
func (b *Builder) AddLookupTable(id int32, columns ...[]fp.Element) error {
	if id == XorTableID || id == RangeCheckTableID {
		return fmt.Errorf("circuit: lookup table id %d is reserved by Kimchi", id)
	}
	if _, dup := b.tableIDs[id]; dup {
		return fmt.Errorf("circuit: lookup table id %d already used", id)
	}
	if len(columns) == 0 || len(columns) > 2 || len(columns[0]) == 0 {
		return fmt.Errorf("circuit: lookup table %d: need one or two non-empty columns, got %d", id, len(columns))
	}
	for _, c := range columns {
		if len(c) != len(columns[0]) {
			return fmt.Errorf("circuit: lookup table %d: columns of different lengths", id)
		}
	}
	cols := make([][]fp.Element, len(columns))
	for i, c := range columns {
		cols[i] = append([]fp.Element(nil), c...)
	}
	b.tableIDs[id] = len(b.tables)
	b.tables = append(b.tables, LookupTable{ID: id, Columns: cols})
	return nil
}

// AddRuntimeTable declares a runtime table with a fixed first column whose
// second column, values, is computed during witness generation and
// committed by the prover (not constrained otherwise).
func (b *Builder) AddRuntimeTable(id int32, firstColumn []fp.Element, values []Variable) error {
	if id == XorTableID || id == RangeCheckTableID {
		return fmt.Errorf("circuit: runtime table id %d is reserved by Kimchi", id)
	}
	if _, dup := b.tableIDs[id]; dup {
		return fmt.Errorf("circuit: lookup table id %d already used", id)
	}
	if len(firstColumn) == 0 || len(firstColumn) != len(values) {
		return fmt.Errorf("circuit: runtime table %d: %d first-column entries and %d values", id, len(firstColumn), len(values))
	}
	b.own(values...)
	b.tableIDs[id] = -1 - len(b.runtime)
	b.runtime = append(b.runtime, runtimeTable{id: id, first: append([]fp.Element(nil), firstColumn...), values: append([]Variable(nil), values...)})
	return nil
}

// Lookup asserts that (index, value) is a row of table id (a fixed or
// runtime table registered before). Lookups of one table are packed three
// per Lookup gate; a partly filled gate is completed at Compile by
// repeating its first lookup. The table id cell is copy-constrained to the
// constant id.
func (b *Builder) Lookup(id int32, index, value Variable) {
	b.own(index, value)
	if _, ok := b.tableIDs[id]; !ok && id != RangeCheckTableID {
		b.fail(fmt.Errorf("circuit: Lookup into unknown table %d", id))
		return
	}
	iv := b.reduceToV(index)
	vv := b.reduceToV(value)
	b.queueLookup(pendingLookup{table: id, index: iv, val: vv})
}

func (b *Builder) queueLookup(l pendingLookup) {
	b.lookupPending = append(b.lookupPending, l)
	var same []pendingLookup
	for _, p := range b.lookupPending {
		if p.table == l.table {
			same = append(same, p)
		}
	}
	if len(same) < 3 {
		return
	}
	kept := b.lookupPending[:0]
	for _, p := range b.lookupPending {
		if p.table != l.table {
			kept = append(kept, p)
		}
	}
	b.lookupPending = kept
	b.emitLookupRow(same)
}

func (b *Builder) emitLookupRow(ls []pendingLookup) {
	for len(ls) < 3 {
		ls = append(ls, ls[0])
	}
	vars := []int32{b.constVar(felt(int64(ls[0].table)))}
	for _, l := range ls {
		vars = append(vars, l.index, l.val)
	}
	b.addRow(Lookup, vars, nil)
}

func (b *Builder) flushLookups() {
	for len(b.lookupPending) > 0 {
		t := b.lookupPending[0].table
		var same []pendingLookup
		kept := b.lookupPending[:0]
		for _, p := range b.lookupPending {
			if p.table == t {
				same = append(same, p)
			} else {
				kept = append(kept, p)
			}
		}
		b.lookupPending = kept
		b.emitLookupRow(same)
	}
}

// lookup12 queues a lookup of x (a cell) in the 12-bit range-check table.
func (b *Builder) lookup12(x int32) {
	b.uses12Bit = true
	b.queueLookup(pendingLookup{table: RangeCheckTableID, index: x, val: b.constVar(fp.Element{})})
}
