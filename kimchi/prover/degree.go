package prover

import (
	"fmt"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/gates"
)

// Unused columns and the quotient's degree.
//
// A witness column that no gate or lookup constraint reads, and whose cells
// the permutation wires only to themselves (σ_c(x) = k_c·x, also on the
// zero-knowledge rows), constrains nothing: every value satisfies the
// circuit. The prover sets such a column to zero on every row, zero-knowledge
// rows included. It carries no witness data, so there is nothing for random
// rows to hide (its commitment is still blinded, as Kimchi blinds every
// column). In the permutation product such a column contributes the
// degree-1 factors β·k_c·x + γ on both sides instead of degree-n ones, so a
// generic-gate circuit, which never touches column 6, has a quotient of
// degree below 6n rather than 7n: one chunk of t is zero (its commitment is
// the blinder alone, no MSM), and the quotient needs values on six coset
// slices instead of eight.

// degree is an upper bound on a polynomial's degree in x; noPoly is the
// zero polynomial.
type degree int

const noPoly degree = -1

// degreeOps implements gates.Ops over degree bounds: a column of the domain
// has degree below n (zero for an unused witness column), constants degree
// 0, sums the larger and products the sum of their operands' degrees.
type degreeOps struct {
	n, zkRows int
	zero      func(gates.Column) bool // columns known to be the zero polynomial
}

var _ gates.Ops[degree] = (*degreeOps)(nil)

func (o *degreeOps) Add(a, b degree) degree { return max(a, b) }
func (o *degreeOps) Sub(a, b degree) degree { return max(a, b) }
func (o *degreeOps) Neg(a degree) degree    { return a }

func (o *degreeOps) Mul(a, b degree) degree {
	if a == noPoly || b == noPoly {
		return noPoly
	}
	return a + b
}

func (o *degreeOps) Const(c int64) degree {
	if c == 0 {
		return noPoly
	}
	return 0
}

func (o *degreeOps) Frac(num, _ int64) degree { return o.Const(num) }
func (o *degreeOps) Pow2(uint) degree         { return 0 }
func (o *degreeOps) Literal(string) degree    { return 0 }
func (o *degreeOps) Chal(gates.Challenge) degree {
	return 0
}
func (o *degreeOps) AlphaPow(int) degree     { return 0 }
func (o *degreeOps) EndoCoefficient() degree { return 0 }
func (o *degreeOps) Mds(int, int) degree     { return 0 }

func (o *degreeOps) Cell(c gates.Column, _ gates.Row) degree {
	if o.zero(c) {
		return noPoly
	}
	return degree(o.n - 1)
}

// VanishesOnZeroKnowledgeAndPreviousRows is Π (x - ω^r) over the last
// zk_rows+1 rows.
func (o *degreeOps) VanishesOnZeroKnowledgeAndPreviousRows() degree {
	return degree(o.zkRows + 1)
}

// UnnormalizedLagrangeBasis is (x^n - 1)/(x - ω^i).
func (o *degreeOps) UnnormalizedLagrangeBasis(bool, int) degree { return degree(o.n - 1) }

// unusedColumns returns the witness columns that constrain nothing (see
// above): not read by the constraints (reads, from quotientReads' dry run
// without the permutation's columns), not column 0 when it carries public
// inputs, and for the permuted columns with σ_c the identity k_c·x.
func (ix *Index) unusedColumns(reads map[gates.Column]bool) [columns]bool {
	var unused [columns]bool
	for c := range columns {
		unused[c] = !reads[gates.Column{Kind: gates.Witness, Index: c}] && (c != 0 || ix.public == 0)
	}
	parallelTasks(permuts, func(c int) {
		if !unused[c] {
			return
		}
		var id fp.Element
		for i, s := range ix.sigma[c].evals {
			id.Mul(&ix.shifts[c], &ix.sid[i])
			if !s.Equal(&id) {
				unused[c] = false
				return
			}
		}
	})
	return unused
}

// quotientSlices returns how many size-n coset slices determine t: the
// numerator N = gates + permutation + public has degree at most dN, the
// boundary terms bring t·Z_H to degree below 2n, so t has degree below
// max(dN+1, 2n) - n, i.e. fewer than k·n coefficients for the k returned
// (at most 8: the eight slices of g·D8).
func (ix *Index) quotientSlices() (int, error) {
	n := ix.d1.n
	o := &degreeOps{n: n, zkRows: ix.zkRows, zero: func(c gates.Column) bool {
		switch c.Kind {
		case gates.Witness:
			return ix.unused[c.Index]
		case gates.Index:
			return ix.selectors[c.Index].zero
		case gates.Coefficient:
			return ix.coeffs[c.Index].zero
		}
		return false
	}}
	dN, err := constraintExpr(ix, o)
	if err != nil {
		return 0, err
	}
	// Permutation: zkpl·(z·Π(w + β·k·x + γ) - z(ωx)·Π(w + β·σ + γ)), zkpl
	// of degree 3; an unused column's factors have degree 1.
	perm := degree(n-1) + 3
	for c := range permuts {
		if ix.unused[c] {
			perm++
		} else {
			perm += degree(n - 1)
		}
	}
	dN = max(dN, perm, degree(n-1)) // the public input polynomial
	k := (max(int(dN)+1, 2*n) - n + n - 1) / n
	if k < 1 || k > 8 {
		return 0, fmt.Errorf("prover: quotient of degree bound %d needs %d slices of %d", dN, k, n)
	}
	return k, nil
}
