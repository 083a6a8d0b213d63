package gates

// Lookup argument (kimchi/src/circuits/lookup/constraints.rs constraints,
// lookups.rs LookupPattern::lookups, runtime_tables.rs constraints).
//
// Queries per pattern (all on the current row):
//   - Xor: four joint lookups (w3+i, w7+i, w11+i) in table 0 (XOR_TABLE_ID).
//   - Lookup: three joint lookups (w(2i+1), w(2i+2)) in the table whose id
//     is w0.
//   - RangeCheck: w3..w6, each alone, in table 1 (RANGE_CHECK_TABLE_ID).
//   - ForeignFieldMul: w7..w10 in table 1.
//
// A joint lookup (e_0, e_1, ...) with table id t combines to
// e_0 + j·e_1 + j²·e_2 + ... + j^max_joint_size·t (j = joint combiner). The
// dummy lookup is the empty entry in table 0, i.e. 0.

const (
	xorTableID        = 0
	rangeCheckTableID = 1
)

// jointLookup is one query: entries given as witness columns, and either a
// constant table id or (tableCol >= 0) a witness column holding it.
type jointLookup struct {
	entries  []int
	tableID  int64
	tableCol int
}

func patternLookups(p LookupPattern) []jointLookup {
	var out []jointLookup
	switch p {
	case PatternXor:
		for i := range 4 {
			out = append(out, jointLookup{[]int{3 + i, 7 + i, 11 + i}, xorTableID, -1})
		}
	case PatternLookup:
		for i := range 3 {
			out = append(out, jointLookup{[]int{2*i + 1, 2*i + 2}, 0, 0})
		}
	case PatternRangeCheck:
		for c := 3; c <= 6; c++ {
			out = append(out, jointLookup{[]int{c}, rangeCheckTableID, -1})
		}
	case PatternForeignFieldMul:
		for c := 7; c <= 10; c++ {
			out = append(out, jointLookup{[]int{c}, rangeCheckTableID, -1})
		}
	}
	return out
}

func (l LookupFeatures) patterns() []LookupPattern {
	var ps []LookupPattern
	for p, on := range [4]bool{l.Xor, l.Lookup, l.RangeCheck, l.ForeignFieldMul} {
		if on {
			ps = append(ps, LookupPattern(p))
		}
	}
	return ps
}

// LookupInfo returns max_per_row and max_joint_size for the features
// (lookups.rs LookupInfo::create).
func (l LookupFeatures) LookupInfo() (maxPerRow, maxJointSize int) {
	for _, p := range l.patterns() {
		ls := patternLookups(p)
		maxPerRow = max(maxPerRow, len(ls))
		for _, q := range ls {
			maxJointSize = max(maxJointSize, len(q.entries))
		}
	}
	return maxPerRow, maxJointSize
}

// LookupConstraints returns the number of lookup constraints: the
// aggregation, its two boundary checks, four compatibility slots and the
// runtime-table check when runtime tables are used.
func LookupConstraints(l LookupFeatures) int {
	if l.UsesRuntimeTables {
		return 8
	}
	return 7
}

// LookupChecks returns the lookup constraints in proof-systems' order.
func LookupChecks[T any](o Ops[T], l LookupFeatures) ([]T, error) {
	maxPerRow, maxJointSize := l.LookupInfo()
	one := o.Const(1)
	beta, gamma, joint := o.Chal(Beta), o.Chal(Gamma), o.Chal(JointCombiner)
	gammaBeta1 := o.Mul(gamma, o.Add(beta, one))
	tableIDCombiner := pow(o, joint, uint64(maxJointSize))
	beta1PerRow := pow(o, o.Add(beta, one), uint64(maxPerRow))
	// dummy lookup value is 0, so each padding factor is γ.
	fTerm := func(spec []jointLookup) T {
		acc := o.Mul(pow(o, gamma, uint64(maxPerRow-len(spec))), beta1PerRow)
		for _, q := range spec {
			v := o.Const(0)
			for i := len(q.entries) - 1; i >= 0; i-- {
				v = o.Add(o.Mul(joint, v), wCurr(o, q.entries[i]))
			}
			var id T
			if q.tableCol >= 0 {
				id = wCurr(o, q.tableCol)
			} else {
				id = o.Const(q.tableID)
			}
			v = o.Add(v, o.Mul(tableIDCombiner, id))
			acc = o.Mul(acc, o.Add(gamma, v))
		}
		return acc
	}
	indicator := o.Const(0)
	for _, p := range l.patterns() {
		indicator = o.Add(indicator, o.Cell(Column{LookupKindIndex, int(p)}, Curr))
	}
	fChunk := o.Mul(o.Sub(one, indicator), fTerm(nil))
	for _, p := range l.patterns() {
		fChunk = o.Add(fChunk, o.Mul(o.Cell(Column{LookupKindIndex, int(p)}, Curr), fTerm(patternLookups(p))))
	}
	tChunk := sum(o, gammaBeta1, o.Cell(Column{LookupTable, 0}, Curr), o.Mul(beta, o.Cell(Column{LookupTable, 0}, Next)))
	numerator := o.Mul(fChunk, tChunk)

	denominator := one
	for i := 0; i <= maxPerRow; i++ {
		s1, s2 := Curr, Next
		if i%2 == 1 {
			s1, s2 = Next, Curr
		}
		c := Column{LookupSorted, i}
		denominator = o.Mul(denominator, sum(o, gammaBeta1, o.Cell(c, s1), o.Mul(beta, o.Cell(c, s2))))
	}
	aggCurr, aggNext := o.Cell(Column{LookupAggreg, 0}, Curr), o.Cell(Column{LookupAggreg, 0}, Next)
	aggEq := o.Sub(o.Mul(aggNext, denominator), o.Mul(aggCurr, numerator))
	res := []T{
		o.Mul(o.VanishesOnZeroKnowledgeAndPreviousRows(), aggEq),
		o.Mul(o.UnnormalizedLagrangeBasis(false, 0), o.Sub(aggCurr, one)),
		o.Mul(o.UnnormalizedLagrangeBasis(true, -1), o.Sub(aggCurr, one)),
	}
	for i := range maxPerRow {
		var lb T
		if i%2 == 0 {
			lb = o.UnnormalizedLagrangeBasis(true, -1)
		} else {
			lb = o.UnnormalizedLagrangeBasis(false, 0)
		}
		res = append(res, o.Mul(lb, o.Sub(o.Cell(Column{LookupSorted, i}, Curr), o.Cell(Column{LookupSorted, i + 1}, Curr))))
	}
	for range 4 - maxPerRow {
		res = append(res, o.Const(0))
	}
	if l.UsesRuntimeTables {
		res = append(res, o.Mul(o.Cell(Column{LookupRuntimeTable, 0}, Curr), o.Cell(Column{LookupRuntimeSelector, 0}, Curr)))
	}
	return res, nil
}
