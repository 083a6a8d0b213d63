package verifier

import (
	"fmt"
	"math/big"

	"github.com/zkml-mina/zkml/kimchi/gates"
	"github.com/zkml-mina/zkml/kimchi/ipa"
)

// pe is one column's combined evaluation at ζ and ζω.
type pe[F any] struct{ zeta, zetaOmega F }

// pointOps evaluates constraints at ζ from the proof's (chunk-combined)
// evaluations: it implements gates.Ops[F] the way PolishToken::evaluate
// does (kimchi/src/circuits/expr.rs).
type pointOps[F any, PF ipa.Field[F]] struct {
	cols     map[gates.Column]pe[F]
	alphas   []F
	chals    [4]F // alpha, beta, gamma, joint combiner
	endo     F
	mds      [3][3]F
	zeta     F
	omega    F
	n        uint64
	zkRows   uint64
	zetaPowN F // ζ^n
	err      error
}

func (o *pointOps[F, PF]) fail(err error) {
	if o.err == nil {
		o.err = err
	}
}

func (o *pointOps[F, PF]) Add(a, b F) F { var r F; PF(&r).Add(&a, &b); return r }
func (o *pointOps[F, PF]) Sub(a, b F) F { var r F; PF(&r).Sub(&a, &b); return r }
func (o *pointOps[F, PF]) Mul(a, b F) F { var r F; PF(&r).Mul(&a, &b); return r }
func (o *pointOps[F, PF]) Neg(a F) F    { var r F; PF(&r).Neg(&a); return r }

func (o *pointOps[F, PF]) Const(c int64) F { var r F; PF(&r).SetInt64(c); return r }

func (o *pointOps[F, PF]) Frac(num, den int64) F {
	n, d := o.Const(num), o.Const(den)
	PF(&d).Inverse(&d)
	return o.Mul(n, d)
}

func (o *pointOps[F, PF]) Pow2(n uint) F {
	var r F
	PF(&r).SetBigInt(new(big.Int).Lsh(big.NewInt(1), n))
	return r
}

func (o *pointOps[F, PF]) Literal(dec string) F {
	var r F
	if _, err := PF(&r).SetString(dec); err != nil {
		o.fail(fmt.Errorf("%w: literal %q: %v", ErrIndex, dec, err))
	}
	return r
}

func (o *pointOps[F, PF]) Cell(c gates.Column, r gates.Row) F {
	v, ok := o.cols[c]
	if !ok {
		o.fail(fmt.Errorf("%w: column %v", ErrMissingEvaluation, c))
		var zero F
		return zero
	}
	if r == gates.Next {
		return v.zetaOmega
	}
	return v.zeta
}

func (o *pointOps[F, PF]) Chal(c gates.Challenge) F { return o.chals[c] }

func (o *pointOps[F, PF]) AlphaPow(i int) F {
	if i < 0 || i >= len(o.alphas) {
		o.fail(fmt.Errorf("%w: alpha^%d not registered", ErrIndex, i))
		var zero F
		return zero
	}
	return o.alphas[i]
}

func (o *pointOps[F, PF]) EndoCoefficient() F { return o.endo }
func (o *pointOps[F, PF]) Mds(r, c int) F     { return o.mds[r][c] }

// VanishesOnZeroKnowledgeAndPreviousRows is eval_vanishes_on_last_n_rows(zk_rows+1).
func (o *pointOps[F, PF]) VanishesOnZeroKnowledgeAndPreviousRows() F {
	return vanishesOnLastRows[F, PF](o.omega, o.n, o.zkRows+1, o.zeta)
}

// UnnormalizedLagrangeBasis is (ζ^n - 1)/(ζ - ω^i) with i = offset - zk_rows
// when zkRows is set (expr.rs unnormalized_lagrange_basis).
func (o *pointOps[F, PF]) UnnormalizedLagrangeBasis(zk bool, offset int) F {
	i := int64(offset)
	if zk {
		i -= int64(o.zkRows)
	}
	var w F
	if i < 0 {
		w = ipa.Pow[F, PF](o.omega, uint64(-i))
		PF(&w).Inverse(&w)
	} else {
		w = ipa.Pow[F, PF](o.omega, uint64(i))
	}
	var one, num, den F
	PF(&one).SetOne()
	PF(&num).Sub(&o.zetaPowN, &one)
	PF(&den).Sub(&o.zeta, &w)
	if PF(&den).IsZero() {
		o.fail(fmt.Errorf("%w: ζ is a domain element", ErrDegenerate))
		return den
	}
	PF(&den).Inverse(&den)
	return o.Mul(num, den)
}

// vanishesOnLastRows is Π_{k=n-i}^{n-1} (x - ω^k) (permutation.rs
// eval_vanishes_on_last_n_rows); 1 when i = 0.
func vanishesOnLastRows[F any, PF ipa.Field[F]](omega F, n, i uint64, x F) F {
	var acc F
	PF(&acc).SetOne()
	if i == 0 {
		return acc
	}
	term := ipa.Pow[F, PF](omega, n-i)
	for k := uint64(0); k < i; k++ {
		var d F
		PF(&d).Sub(&x, &term)
		PF(&acc).Mul(&acc, &d)
		PF(&term).Mul(&term, &omega)
	}
	return acc
}
