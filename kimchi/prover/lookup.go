package prover

import (
	"errors"
	"fmt"

	"github.com/zkml-mina/zkml/kimchi/circuit"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/gates"
	"github.com/zkml-mina/zkml/kimchi/poseidon"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// Lookup argument (facts from proof-systems 136c1df:
// kimchi/src/circuits/lookup/index.rs LookupConstraintSystem::create,
// lookup/lookups.rs LookupPattern::{from_gate,lookups},
// lookup/constraints.rs sorted/aggregation/zk_patch,
// lookup/tables/{range_check,xor}.rs, prover.rs lookup steps,
// verifier_index.rs lookup_index).

// query is one joint lookup of a pattern, on the current row: entries are
// witness columns; the table id is a constant, or (tableCol ≥ 0) read from
// a witness column. Mirrors gates' (unexported) pattern lookups, which the
// quotient uses through gates.LookupChecks: a mismatch shows up as a
// non-divisible quotient in the tests.
type query struct {
	entries  []int
	tableID  int64
	tableCol int
}

func patternQueries(p gates.LookupPattern) []query {
	var out []query
	switch p {
	case gates.PatternXor:
		for i := range 4 {
			out = append(out, query{[]int{3 + i, 7 + i, 11 + i}, circuit.XorTableID, -1})
		}
	case gates.PatternLookup:
		for i := range 3 {
			out = append(out, query{[]int{2*i + 1, 2*i + 2}, 0, 0})
		}
	case gates.PatternRangeCheck:
		for c := 3; c <= 6; c++ {
			out = append(out, query{[]int{c}, circuit.RangeCheckTableID, -1})
		}
	case gates.PatternForeignFieldMul:
		for c := 7; c <= 10; c++ {
			out = append(out, query{[]int{c}, circuit.RangeCheckTableID, -1})
		}
	}
	return out
}

// gatePatterns is LookupPattern::from_gate: the patterns a gate enables on
// its own row (curr) and on the next row (next); -1 for none.
func gatePatterns(t circuit.GateType) (curr, next gates.LookupPattern) {
	curr, next = -1, -1
	switch t {
	case circuit.Lookup:
		curr = gates.PatternLookup
	case circuit.RangeCheck0, circuit.Rot64:
		curr = gates.PatternRangeCheck
	case circuit.RangeCheck1:
		curr, next = gates.PatternRangeCheck, gates.PatternRangeCheck
	case circuit.ForeignFieldMul:
		curr, next = gates.PatternForeignFieldMul, gates.PatternForeignFieldMul
	case circuit.Xor16:
		curr = gates.PatternXor
	}
	return curr, next
}

// xorTable is tables/xor.rs xor_table: (i, j, i^j) for 4-bit i, j, rows
// reversed (the last row is all zeros).
func xorTable() circuit.LookupTable {
	cols := make([][]fp.Element, 3)
	for i := range 16 {
		for j := range 16 {
			var a, b, c fp.Element
			a.SetUint64(uint64(i))
			b.SetUint64(uint64(j))
			c.SetUint64(uint64(i ^ j))
			cols[0] = append(cols[0], a)
			cols[1] = append(cols[1], b)
			cols[2] = append(cols[2], c)
		}
	}
	for _, c := range cols {
		for l, r := 0, len(c)-1; l < r; l, r = l+1, r-1 {
			c[l], c[r] = c[r], c[l]
		}
	}
	return circuit.LookupTable{ID: circuit.XorTableID, Columns: cols}
}

type runtimeSpec struct {
	id     int32
	length int
}

// lookupIndex is the prover's LookupConstraintSystem.
type lookupIndex struct {
	features     gates.LookupFeatures
	maxPerRow    int
	maxJointSize int
	table        []poly // concatenated table columns (values on D1)
	tableIDs     *poly  // nil when every table id is 0
	selectors    [4]*poly
	runtimeSel   *poly
	runtime      []runtimeSpec
	runtimeOff   int
	rowPattern   []gates.LookupPattern // per row, -1 for no lookups
}

// buildLookup is LookupConstraintSystem::create; it leaves ix.lookup nil
// when no gate uses a lookup pattern.
func (ix *Index) buildLookup(c *circuit.Circuit) error {
	lf := ix.flags.Lookup
	if !lf.AnyPattern() {
		if len(c.RuntimeTables) > 0 {
			return fmt.Errorf("%w: runtime tables without lookup gates", ErrUnsupported)
		}
		return nil
	}
	n := ix.d1.n
	l := &lookupIndex{features: lf, rowPattern: make([]gates.LookupPattern, n)}
	l.maxPerRow, l.maxJointSize = lf.LookupInfo()
	for i := range l.rowPattern {
		l.rowPattern[i] = -1
	}
	var sel [4][]fp.Element
	set := func(p gates.LookupPattern, row int) {
		if p < 0 || row >= n {
			return
		}
		if sel[p] == nil {
			sel[p] = make([]fp.Element, n)
		}
		sel[p][row].SetOne()
		l.rowPattern[row] = p
	}
	for i, g := range ix.gates {
		cur, next := gatePatterns(g.Type)
		set(cur, i)
		set(next, i+1)
	}
	for p := range sel {
		if sel[p] != nil {
			s := ix.newPoly(sel[p])
			l.selectors[p] = &s
		}
	}

	// Tables: the circuit's fixed tables, then the gates' tables (range
	// check before xor), then one placeholder per runtime table.
	tables := append([]circuit.LookupTable(nil), c.LookupTables...)
	if lf.RangeCheck || lf.ForeignFieldMul {
		tables = append(tables, circuit.RangeCheckTable())
	}
	if lf.Xor {
		tables = append(tables, xorTable())
	}
	seen := map[int32]bool{}
	for _, t := range tables {
		if seen[t.ID] {
			return fmt.Errorf("%w: lookup table id %d used twice", ErrInput, t.ID)
		}
		seen[t.ID] = true
	}
	zkr := ix.zkRows
	if len(c.RuntimeTables) > 0 {
		for _, t := range tables {
			l.runtimeOff += len(t.Columns[0])
		}
		rseen := map[int32]bool{}
		rlen := 0
		for _, rt := range c.RuntimeTables {
			if rseen[rt.ID] {
				return fmt.Errorf("%w: runtime table id %d used twice", ErrInput, rt.ID)
			}
			rseen[rt.ID] = true
			rlen += len(rt.FirstColumn)
			l.runtime = append(l.runtime, runtimeSpec{rt.ID, len(rt.FirstColumn)})
			tables = append(tables, circuit.LookupTable{ID: rt.ID,
				Columns: [][]fp.Element{rt.FirstColumn, make([]fp.Element, len(rt.FirstColumn))}})
		}
		if l.runtimeOff+rlen > n-zkr {
			return fmt.Errorf("%w: runtime tables exceed the domain", ErrInput)
		}
		ev := make([]fp.Element, n)
		for i := range n - zkr {
			if i < l.runtimeOff || i >= l.runtimeOff+rlen {
				ev[i].SetOne()
			}
		}
		s := ix.newPoly(ev)
		l.runtimeSel = &s
	}
	width := l.maxJointSize
	for _, t := range tables {
		width = max(width, len(t.Columns))
	}
	maxEntries := n - zkr - 1
	cols := make([][]fp.Element, width)
	for i := range cols {
		cols[i] = make([]fp.Element, 0, n)
	}
	ids := make([]fp.Element, 0, n)
	has0, has0Zero, nonZeroID := false, false, false
	for _, t := range tables {
		if len(t.Columns) == 0 || len(t.Columns[0]) == 0 {
			return fmt.Errorf("%w: lookup table %d is empty", ErrInput, t.ID)
		}
		tl := len(t.Columns[0])
		if t.ID == 0 {
			has0 = true
			if hasZeroRow(t) {
				has0Zero = true
			}
		} else {
			nonZeroID = true
		}
		var id fp.Element
		id.SetInt64(int64(t.ID))
		for range tl {
			ids = append(ids, id)
		}
		for i := range cols {
			if i < len(t.Columns) {
				if len(t.Columns[i]) != tl {
					return fmt.Errorf("%w: lookup table %d has columns of different lengths", ErrInput, t.ID)
				}
				cols[i] = append(cols[i], t.Columns[i]...)
			} else {
				cols[i] = append(cols[i], make([]fp.Element, tl)...)
			}
		}
	}
	if has0 && !has0Zero {
		return fmt.Errorf("%w: the table with id 0 must have an all-zero row", ErrInput)
	}
	if len(ids) >= maxEntries {
		return fmt.Errorf("%w: lookup tables have %d rows, at most %d fit the domain", ErrInput, len(ids), maxEntries-1)
	}
	l.table = make([]poly, width)
	parallelTasks(width, func(i int) {
		ev := make([]fp.Element, n)
		copy(ev, cols[i])
		l.table[i] = ix.newPoly(ev)
	})
	if nonZeroID {
		ev := make([]fp.Element, n)
		copy(ev, ids)
		p := ix.newPoly(ev)
		l.tableIDs = &p
	}
	ix.lookup = l
	return nil
}

func hasZeroRow(t circuit.LookupTable) bool {
	for r := range t.Columns[0] {
		zero := true
		for _, c := range t.Columns {
			if !c[r].IsZero() {
				zero = false
				break
			}
		}
		if zero {
			return true
		}
	}
	return false
}

// lookupVerifierIndex is verifier_index.rs lookup_index: the table
// columns and table ids masked with H, the selectors unmasked.
func (ix *Index) lookupVerifierIndex() (*wire.LookupVerifierIndex, error) {
	l := ix.lookup
	f := ix.FeatureFlags().LookupFeatures
	li := &wire.LookupVerifierIndex{
		JointLookupUsed: f.JointLookupUsed,
		LookupTable:     make([]wire.PolyComm, len(l.table)),
		LookupInfo:      wire.LookupInfo{MaxPerRow: uint64(l.maxPerRow), MaxJointSize: uint32(l.maxJointSize), Features: f},
	}
	var jobs []commitJob
	for i := range l.table {
		jobs = append(jobs, commitJob{l.table[i].evals, true, &li.LookupTable[i]})
	}
	if l.tableIDs != nil {
		li.TableIDs = &wire.PolyComm{}
		jobs = append(jobs, commitJob{l.tableIDs.evals, true, li.TableIDs})
	}
	if l.runtimeSel != nil {
		li.RuntimeTablesSelector = &wire.PolyComm{}
		jobs = append(jobs, commitJob{l.runtimeSel.evals, false, li.RuntimeTablesSelector})
	}
	dsts := []**wire.PolyComm{&li.LookupSelectors.Xor, &li.LookupSelectors.Lookup, &li.LookupSelectors.RangeCheck, &li.LookupSelectors.Ffmul}
	for p, s := range l.selectors {
		if s != nil {
			*dsts[p] = &wire.PolyComm{}
			jobs = append(jobs, commitJob{s.evals, false, *dsts[p]})
		}
	}
	if err := ix.commitFixed(jobs); err != nil {
		return nil, fmt.Errorf("prover: lookup verifier index: %w", err)
	}
	return li, nil
}

// lookupProof holds one proof's lookup polynomials (prover.rs LookupContext);
// their coefficients, which only the quotient reads, are in bit-reversed
// order (domain.interpolateBitRev).
type lookupProof struct {
	joint, tableIDComb fp.Element
	runtime            []fp.Element // runtime table values on D1 (nil without runtime tables)
	runtimeCoeffs      []fp.Element
	runtimeComm        hiding
	table              []fp.Element // joint table on D1
	tableCoeffs        []fp.Element
	sorted             [][]fp.Element // on D1
	sortedCoeffs       [][]fp.Element
	sortedComm         []hiding
	aggreg             []fp.Element
	aggregCoeffs       []fp.Element
	aggregComm         hiding
}

// lookupCommit runs the prover.rs lookup steps before β and γ: runtime
// table commitment, joint combiner, joint table, sorted polynomials and
// their commitments, absorbing into sp.
func (ix *Index) lookupCommit(sp *fqSponge, w *[columns][]fp.Element, rts []circuit.RuntimeTableData) (*lookupProof, error) {
	l := ix.lookup
	n := ix.d1.n
	lp := &lookupProof{}
	if len(rts) != len(l.runtime) {
		return nil, fmt.Errorf("%w: %d runtime tables given, the circuit has %d", ErrInput, len(rts), len(l.runtime))
	}
	if l.runtimeSel != nil {
		lp.runtime = make([]fp.Element, n)
		off := l.runtimeOff
		for i, rt := range rts {
			if rt.ID != l.runtime[i].id || len(rt.Data) != l.runtime[i].length {
				return nil, fmt.Errorf("%w: runtime table %d (id %d, %d rows) does not match the circuit's (id %d, %d rows)",
					ErrInput, i, rt.ID, len(rt.Data), l.runtime[i].id, l.runtime[i].length)
			}
			copy(lp.runtime[off:], rt.Data)
			off += len(rt.Data)
		}
		for r := n - ix.zkRows; r < n; r++ {
			var err error
			if lp.runtime[r], err = randomScalar(); err != nil {
				return nil, err
			}
		}
		lp.runtimeCoeffs = ix.d1.interpolateBitRev(lp.runtime)
		var err error
		if lp.runtimeComm, err = ix.commitHiding(lp.runtime, lp.runtimeCoeffs); err != nil {
			return nil, err
		}
		ix.curve.AbsorbCommitment(sp, lp.runtimeComm.comm)
	}
	var jPrime fp.Element
	if l.features.JointLookupUsed {
		jPrime = sp.Challenge()
	}
	lp.joint = poseidon.NewScalarChallenge[fp.Element](jPrime).ToField(ix.curve.EndoR)
	if l.tableIDs != nil {
		lp.tableIDComb = pow(lp.joint, uint64(l.maxJointSize))
	}
	// Joint table: Σ_i j^i·col_i (+ j·runtime) + table_id_combiner·id
	// (tables/mod.rs combine_table_entry).
	lp.table = make([]fp.Element, n)
	parallelFor(n, func(lo, hi int) {
		var t fp.Element
		for r := lo; r < hi; r++ {
			var acc fp.Element
			for i := len(l.table) - 1; i >= 0; i-- {
				acc.Mul(&acc, &lp.joint)
				acc.Add(&acc, &l.table[i].evals[r])
				if i == 1 && lp.runtime != nil {
					acc.Add(&acc, &lp.runtime[r])
				}
			}
			if l.tableIDs != nil {
				t.Mul(&lp.tableIDComb, &l.tableIDs.evals[r])
				acc.Add(&acc, &t)
			}
			lp.table[r] = acc
		}
	})
	lp.tableCoeffs = ix.d1.interpolateBitRev(lp.table)

	sorted, err := ix.sortedLookups(lp, w)
	if err != nil {
		return nil, err
	}
	k := len(sorted)
	lp.sorted = make([][]fp.Element, k)
	lp.sortedCoeffs = make([][]fp.Element, k)
	lp.sortedComm = make([]hiding, k)
	for i, s := range sorted {
		if lp.sorted[i], err = ix.zkPatch(s); err != nil {
			return nil, err
		}
	}
	errs := make([]error, k)
	parallelTasks(k, func(i int) {
		lp.sortedCoeffs[i] = ix.d1.interpolateBitRev(lp.sorted[i])
		lp.sortedComm[i], errs[i] = ix.commitHiding(lp.sorted[i], lp.sortedCoeffs[i])
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for i := range lp.sortedComm {
		ix.curve.AbsorbCommitment(sp, lp.sortedComm[i].comm)
	}
	return lp, nil
}

// zkPatch pads with zeros up to n - zk_rows and appends zk_rows random
// values (constraints.rs zk_patch).
func (ix *Index) zkPatch(e []fp.Element) ([]fp.Element, error) {
	n := ix.d1.n
	if len(e) > n-ix.zkRows {
		return nil, fmt.Errorf("prover: lookup column of %d rows exceeds %d", len(e), n-ix.zkRows)
	}
	out := make([]fp.Element, n)
	copy(out, e)
	for r := n - ix.zkRows; r < n; r++ {
		var err error
		if out[r], err = randomScalar(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// queryValue is JointLookup::evaluate on a row of the witness.
func queryValue(q *query, w *[columns][]fp.Element, row int, joint, tidc *fp.Element) fp.Element {
	var v fp.Element
	for i := len(q.entries) - 1; i >= 0; i-- {
		v.Mul(&v, joint)
		v.Add(&v, &w[q.entries[i]][row])
	}
	var id fp.Element
	if q.tableCol >= 0 {
		id = w[q.tableCol][row]
	} else {
		id.SetInt64(q.tableID)
	}
	id.Mul(&id, tidc)
	v.Add(&v, &id)
	return v
}

// sortedLookups is constraints.rs sorted: the table and the queries
// (padded with the dummy value 0) merged in table order and cut into
// max_per_row+1 snake-ordered columns of n - zk_rows values.
func (ix *Index) sortedLookups(lp *lookupProof, w *[columns][]fp.Element) ([][]fp.Element, error) {
	l := ix.lookup
	lookupRows := ix.d1.n - ix.zkRows - 1
	counts := make(map[fp.Element]int, lookupRows)
	for _, t := range lp.table[:lookupRows] {
		if _, ok := counts[t]; !ok {
			counts[t] = 1
		}
	}
	specs := [4][]query{}
	for p := range specs {
		specs[p] = patternQueries(gates.LookupPattern(p))
	}
	var dummy fp.Element
	for row := range lookupRows {
		var spec []query
		if p := l.rowPattern[row]; p >= 0 {
			spec = specs[p]
		}
		for i := range spec {
			v := queryValue(&spec[i], w, row, &lp.joint, &lp.tableIDComb)
			c, ok := counts[v]
			if !ok {
				return nil, fmt.Errorf("%w: lookup %d of row %d is not in its table", ErrWitness, i, row)
			}
			counts[v] = c + 1
		}
		counts[dummy] += l.maxPerRow - len(spec)
	}
	sorted := make([][]fp.Element, l.maxPerRow+1)
	for i := range sorted {
		sorted[i] = make([]fp.Element, 0, lookupRows+1)
	}
	idx := 0
	for _, t := range lp.table[:lookupRows] {
		c := counts[t]
		counts[t] = 1
		for j := range c {
			col := (idx + j) / lookupRows
			sorted[col] = append(sorted[col], t)
		}
		idx += c
	}
	for i := range l.maxPerRow {
		sorted[i] = append(sorted[i], sorted[i+1][0])
	}
	last := sorted[l.maxPerRow]
	sorted[l.maxPerRow] = append(last, last[len(last)-1])
	for i := 1; i < len(sorted); i += 2 {
		s := sorted[i]
		for a, b := 0, len(s)-1; a < b; a, b = a+1, b-1 {
			s[a], s[b] = s[b], s[a]
		}
	}
	return sorted, nil
}

// lookupAggregate is constraints.rs aggregation, committed and absorbed.
func (ix *Index) lookupAggregate(sp *fqSponge, lp *lookupProof, w *[columns][]fp.Element, beta, gamma fp.Element) error {
	l := ix.lookup
	n := ix.d1.n
	lookupRows := n - ix.zkRows - 1
	var one, beta1, gb1 fp.Element
	one.SetOne()
	beta1.Add(&one, &beta)
	gb1.Mul(&gamma, &beta1)
	agg := make([]fp.Element, lookupRows+1)
	agg[0].SetOne()
	parallelFor(lookupRows, func(lo, hi int) {
		var t fp.Element
		for row := lo; row < hi; row++ {
			acc := one
			for i, s := range lp.sorted {
				i1, i2 := row, row+1
				if i%2 == 1 {
					i1, i2 = row+1, row
				}
				t.Mul(&beta, &s[i2])
				t.Add(&t, &s[i1])
				t.Add(&t, &gb1)
				acc.Mul(&acc, &t)
			}
			agg[row+1] = acc
		}
	})
	for i := 1; i <= lookupRows; i++ {
		if agg[i].IsZero() {
			return fmt.Errorf("%w: lookup denominator vanishes at row %d", ErrWitness, i-1)
		}
	}
	inv := fp.BatchInvert(agg[1:])
	copy(agg[1:], inv)
	// complements[k] = γ^k·(1+β)^max_per_row (the dummy value is 0).
	comp := make([]fp.Element, l.maxPerRow+1)
	comp[0] = pow(beta1, uint64(l.maxPerRow))
	for i := 1; i <= l.maxPerRow; i++ {
		comp[i].Mul(&comp[i-1], &gamma)
	}
	specs := [4][]query{}
	for p := range specs {
		specs[p] = patternQueries(gates.LookupPattern(p))
	}
	// Numerators in parallel, then the running product.
	num := make([]fp.Element, lookupRows)
	parallelFor(lookupRows, func(lo, hi int) {
		var t fp.Element
		for row := lo; row < hi; row++ {
			var spec []query
			if p := l.rowPattern[row]; p >= 0 {
				spec = specs[p]
			}
			f := comp[l.maxPerRow-len(spec)]
			for i := range spec {
				v := queryValue(&spec[i], w, row, &lp.joint, &lp.tableIDComb)
				v.Add(&v, &gamma)
				f.Mul(&f, &v)
			}
			t.Mul(&beta, &lp.table[row+1])
			t.Add(&t, &lp.table[row])
			t.Add(&t, &gb1)
			f.Mul(&f, &t)
			num[row].Mul(&f, &agg[row+1])
		}
	})
	for row := range lookupRows {
		agg[row+1].Mul(&num[row], &agg[row])
	}
	if !agg[lookupRows].IsOne() {
		return fmt.Errorf("%w: lookup aggregation does not end at 1", ErrWitness)
	}
	var err error
	if lp.aggreg, err = ix.zkPatch(agg); err != nil {
		return err
	}
	lp.aggregCoeffs = ix.d1.interpolateBitRev(lp.aggreg)
	if lp.aggregComm, err = ix.commitHiding(lp.aggreg, lp.aggregCoeffs); err != nil {
		return err
	}
	ix.curve.AbsorbCommitment(sp, lp.aggregComm.comm)
	return nil
}

// quotientColumns returns the lookup columns' coefficients keyed as
// gates.LookupChecks reads them.
func (ix *Index) lookupColumns(lp *lookupProof) map[gates.Column][]fp.Element {
	l := ix.lookup
	m := map[gates.Column][]fp.Element{
		{Kind: gates.LookupTable}:  lp.tableCoeffs,
		{Kind: gates.LookupAggreg}: lp.aggregCoeffs,
	}
	for i, s := range lp.sortedCoeffs {
		m[gates.Column{Kind: gates.LookupSorted, Index: i}] = s
	}
	for p, s := range l.selectors {
		if s != nil {
			m[gates.Column{Kind: gates.LookupKindIndex, Index: p}] = s.coeffs
		}
	}
	if l.runtimeSel != nil {
		m[gates.Column{Kind: gates.LookupRuntimeSelector}] = l.runtimeSel.coeffs
		m[gates.Column{Kind: gates.LookupRuntimeTable}] = lp.runtimeCoeffs
	}
	return m
}

// tableBlinding is the joint table's blinders in the opening, one per
// chunk (prover.rs table_blinding): Σ_{i<width} j^i + table_id_combiner
// (each fixed commitment chunk carries blinder 1), plus j·(the runtime
// table's blinder of that chunk).
func (ix *Index) tableBlinding(lp *lookupProof) []fp.Element {
	var acc, one fp.Element
	one.SetOne()
	if w := len(ix.lookup.table); w > 0 {
		acc.SetOne()
		for range w - 1 {
			acc.Mul(&acc, &lp.joint)
			acc.Add(&acc, &one)
		}
	}
	acc.Add(&acc, &lp.tableIDComb)
	out := make([]fp.Element, ix.chunks)
	for j := range out {
		out[j] = acc
		if lp.runtime != nil {
			var t fp.Element
			t.Mul(&lp.joint, &lp.runtimeComm.blind[j])
			out[j].Add(&out[j], &t)
		}
	}
	return out
}
