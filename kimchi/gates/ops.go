// Package gates holds Kimchi's gate constraints, one file per gate, written
// once against the Ops interface so that the same code can be evaluated at a
// point (the verifier's linearization) or, later, over witness rows (the
// prover). Every constraint, its order and its sign follow proof-systems at
// commit 136c1df (kimchi/src/circuits/polynomials/*.rs); each file cites its
// source.
package gates

import "math/bits"

// Row selects the current or the next row of the execution trace
// (proof-systems' CurrOrNext).
type Row int

// The two rows a constraint can reference.
const (
	Curr Row = iota
	Next
)

// ColumnKind is the kind of a column that constraints reference
// (proof-systems kimchi/src/circuits/berkeley_columns.rs Column).
type ColumnKind int

// Column kinds.
const (
	Witness ColumnKind = iota
	Coefficient
	Index // gate selector; Column.Index holds the GateType
	LookupSorted
	LookupAggreg
	LookupTable
	LookupKindIndex // lookup pattern selector; Column.Index holds the LookupPattern
	LookupRuntimeSelector
	LookupRuntimeTable
)

// Column identifies a column: its kind and, for indexed kinds, its index.
type Column struct {
	Kind  ColumnKind
	Index int
}

// GateType enumerates the gates whose selectors constraints reference, with
// proof-systems' names (kimchi/src/circuits/gate.rs).
type GateType int

// Gate types that own a selector column.
const (
	Generic GateType = iota
	Poseidon
	CompleteAdd
	VarBaseMul
	EndoMul
	EndoMulScalar
	RangeCheck0
	RangeCheck1
	ForeignFieldAdd
	ForeignFieldMul
	Xor16
	Rot64
)

// LookupPattern enumerates the lookup patterns
// (kimchi/src/circuits/lookup/lookups.rs LookupPattern).
type LookupPattern int

// Lookup patterns in proof-systems' order.
const (
	PatternXor LookupPattern = iota
	PatternLookup
	PatternRangeCheck
	PatternForeignFieldMul
)

// Challenge names a verifier challenge an expression can reference.
type Challenge int

// Challenges (kimchi/src/circuits/berkeley_columns.rs BerkeleyChallengeTerm).
const (
	Alpha Challenge = iota
	Beta
	Gamma
	JointCombiner
)

// Ops is the arithmetic and the environment constraints are written against
// (proof-systems' ExprOps plus ArgumentEnv). T is the value type: a field
// element when evaluating at a point.
type Ops[T any] interface {
	Add(a, b T) T
	Sub(a, b T) T
	Mul(a, b T) T
	Neg(a T) T
	// Const is a small integer literal (negative values allowed).
	Const(c int64) T
	// Frac is the literal num/den in the field.
	Frac(num, den int64) T
	// Pow2 is the literal 2^n.
	Pow2(n uint) T
	// Literal is an arbitrary literal given as a decimal string.
	Literal(dec string) T
	// Cell is a column's value on a row.
	Cell(c Column, r Row) T
	// Chal is a verifier challenge.
	Chal(c Challenge) T
	// AlphaPow is alpha^i.
	AlphaPow(i int) T
	// EndoCoefficient is the endomorphism coefficient of the EndoMul gate.
	EndoCoefficient() T
	// Mds is the Poseidon MDS matrix entry (row, col).
	Mds(row, col int) T
	// VanishesOnZeroKnowledgeAndPreviousRows is the polynomial vanishing on
	// the last zk_rows+1 rows.
	VanishesOnZeroKnowledgeAndPreviousRows() T
	// UnnormalizedLagrangeBasis is the unnormalized Lagrange polynomial of
	// row offset (counted from the end minus zk_rows when zkRows is set).
	UnnormalizedLagrangeBasis(zkRows bool, offset int) T
}

// Helpers built from Ops.

func wCurr[T any](o Ops[T], col int) T { return o.Cell(Column{Witness, col}, Curr) }
func wNext[T any](o Ops[T], col int) T { return o.Cell(Column{Witness, col}, Next) }
func coeff[T any](o Ops[T], i int) T   { return o.Cell(Column{Coefficient, i}, Curr) }

func square[T any](o Ops[T], x T) T { return o.Mul(x, x) }
func double[T any](o Ops[T], x T) T { return o.Add(x, x) }

func pow[T any](o Ops[T], x T, n uint64) T {
	if n == 0 {
		return o.Const(1)
	}
	res := x
	for i := bits.Len64(n) - 2; i >= 0; i-- {
		res = o.Mul(res, res)
		if n>>uint(i)&1 == 1 {
			res = o.Mul(res, x)
		}
	}
	return res
}

// boolean is b^2 - b (expr.rs constraints::boolean).
func boolean[T any](o Ops[T], b T) T { return o.Sub(square(o, b), b) }

// crumb is x(x-1)(x-2)(x-3) (expr.rs constraints::crumb).
func crumb[T any](o Ops[T], x T) T {
	return o.Mul(o.Mul(o.Mul(x, o.Sub(x, o.Const(1))), o.Sub(x, o.Const(2))), o.Sub(x, o.Const(3)))
}

func sum[T any](o Ops[T], xs ...T) T {
	res := xs[0]
	for _, x := range xs[1:] {
		res = o.Add(res, x)
	}
	return res
}
