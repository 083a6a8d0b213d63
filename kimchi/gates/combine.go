package gates

import (
	"errors"
	"fmt"
)

// ErrUnsupported reports a feature whose constraints are not implemented yet.
var ErrUnsupported = errors.New("gates: unsupported feature")

// LookupFeatures mirrors kimchi's LookupFeatures
// (kimchi/src/circuits/lookup/lookups.rs).
type LookupFeatures struct {
	Xor, Lookup, RangeCheck, ForeignFieldMul bool // patterns
	JointLookupUsed                          bool
	UsesRuntimeTables                        bool
}

// AnyPattern reports whether any lookup pattern is enabled.
func (l LookupFeatures) AnyPattern() bool {
	return l.Xor || l.Lookup || l.RangeCheck || l.ForeignFieldMul
}

// FeatureFlags mirrors kimchi's FeatureFlags
// (kimchi/src/circuits/constraints.rs): the optional gates and lookups.
type FeatureFlags struct {
	RangeCheck0, RangeCheck1         bool
	ForeignFieldAdd, ForeignFieldMul bool
	Xor, Rot                         bool
	Lookup                           LookupFeatures
}

// Powers of alpha (kimchi/src/linearization.rs constraints_expr and
// kimchi/src/alphas.rs): all gates share alpha^0.. alpha^20 (the maximum,
// VarBaseMul's 21 constraints), the permutation takes the next 3, the lookup
// argument the ones after.
const (
	GateAlphas            = VarBaseMulConstraints
	PermutationAlphaStart = GateAlphas
	PermutationAlphas     = 3
	LookupAlphaStart      = PermutationAlphaStart + PermutationAlphas
)

type gateDef[T any] struct {
	typ    GateType
	checks func(Ops[T]) []T
	n      int
	on     func(FeatureFlags) bool
}

func gateDefs[T any]() []gateDef[T] {
	always := func(FeatureFlags) bool { return true }
	// Order of constraints_expr: Poseidon, VarBaseMul, CompleteAdd,
	// EndoMul, EndoMulScalar, then optional gates, then Generic. The order
	// only matters for the symbolic form; the value is a sum.
	return []gateDef[T]{
		{Poseidon, PoseidonChecks[T], PoseidonConstraints, always},
		{VarBaseMul, VarBaseMulChecks[T], VarBaseMulConstraints, always},
		{CompleteAdd, CompleteAddChecks[T], CompleteAddConstraints, always},
		{EndoMul, EndoMulChecks[T], EndoMulConstraints, always},
		{EndoMulScalar, EndoMulScalarChecks[T], EndoMulScalarConstraints, always},
		{RangeCheck0, RangeCheck0Checks[T], RangeCheck0Constraints, func(f FeatureFlags) bool { return f.RangeCheck0 }},
		{RangeCheck1, RangeCheck1Checks[T], RangeCheck1Constraints, func(f FeatureFlags) bool { return f.RangeCheck1 }},
		{ForeignFieldAdd, ForeignFieldAddChecks[T], ForeignFieldAddConstraints, func(f FeatureFlags) bool { return f.ForeignFieldAdd }},
		{ForeignFieldMul, ForeignFieldMulChecks[T], ForeignFieldMulConstraints, func(f FeatureFlags) bool { return f.ForeignFieldMul }},
		{Xor16, XorChecks[T], XorConstraints, func(f FeatureFlags) bool { return f.Xor }},
		{Rot64, RotChecks[T], RotConstraints, func(f FeatureFlags) bool { return f.Rot }},
		{Generic, GenericChecks[T], GenericConstraints, always},
	}
}

// CombineConstraints returns Σ_i alpha^(start+i)·cs[i] (Expr::combine_constraints).
func CombineConstraints[T any](o Ops[T], start int, cs []T) T {
	acc := o.Const(0)
	for i, c := range cs {
		acc = o.Add(acc, o.Mul(o.AlphaPow(start+i), c))
	}
	return acc
}

// Linearization returns the value of the whole constraint expression except
// the permutation (which the verifier handles by hand): for every enabled
// gate, selector·Σ alpha^i·c_i, plus the lookup constraints. Since every
// column is evaluated in the proof, this is proof-systems' linearization
// constant term (expr_linearization asserts index_terms is empty).
func Linearization[T any](o Ops[T], flags FeatureFlags) (T, error) {
	acc := o.Const(0)
	for _, g := range gateDefs[T]() {
		if !g.on(flags) {
			continue
		}
		cs := g.checks(o)
		if len(cs) != g.n {
			var zero T
			return zero, fmt.Errorf("gates: gate %d: %d constraints, want %d", g.typ, len(cs), g.n)
		}
		acc = o.Add(acc, o.Mul(o.Cell(Column{Index, int(g.typ)}, Curr), CombineConstraints(o, 0, cs)))
	}
	if flags.Lookup.AnyPattern() {
		cs, err := LookupChecks(o, flags.Lookup)
		if err != nil {
			var zero T
			return zero, err
		}
		acc = o.Add(acc, CombineConstraints(o, LookupAlphaStart, cs))
	}
	return acc, nil
}
