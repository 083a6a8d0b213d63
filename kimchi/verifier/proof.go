package verifier

import (
	"fmt"

	"github.com/zkml-mina/zkml/kimchi/ipa"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// pointEvals is one column's chunked evaluations at ζ and ζω.
type pointEvals[F any] struct {
	zeta, zetaOmega []F
}

// evals mirrors ProofEvaluations (kimchi/src/proof.rs) with nil for absent
// optional columns.
type evals[F any] struct {
	public                   *pointEvals[F]
	w                        [columns]pointEvals[F]
	z                        pointEvals[F]
	s                        [permuts - 1]pointEvals[F]
	coefficients             [columns]pointEvals[F]
	selectors                [6]pointEvals[F]  // generic, poseidon, complete_add, mul, emul, endomul_scalar
	optional                 [6]*pointEvals[F] // rc0, rc1, ffadd, ffmul, xor, rot
	lookupAggregation        *pointEvals[F]
	lookupTable              *pointEvals[F]
	lookupSorted             [5]*pointEvals[F]
	runtimeLookupTable       *pointEvals[F]
	runtimeLookupTableSelect *pointEvals[F]
	lookupSelectors          [4]*pointEvals[F] // xor, lookup, range_check, ffmul
}

type recursionChallenge[F, G any] struct {
	chals []F
	comm  []G
}

// proof is a ProverProof with every element decoded.
type proof[F, G any] struct {
	w       [columns][]G
	z, t    []G
	lookup  *lookupComms[G]
	opening ipa.Opening[F, G]
	evals   evals[F]
	ftEval1 F
	prev    []recursionChallenge[F, G]
}

type lookupComms[G any] struct {
	sorted  [][]G
	aggreg  []G
	runtime *[]G
}

func decodeScalars[F any, PF ipa.Field[F]](s []wire.Scalar, what string) ([]F, error) {
	out := make([]F, len(s))
	for i := range s {
		var err error
		if out[i], err = ipa.ScalarFromWire[F, PF](&s[i]); err != nil {
			return nil, fmt.Errorf("%w: %s[%d]: %v", ErrDecode, what, i, err)
		}
	}
	return out, nil
}

func decodePE[F any, PF ipa.Field[F]](pe *wire.PointEvaluations, what string) (pointEvals[F], error) {
	var r pointEvals[F]
	var err error
	if r.zeta, err = decodeScalars[F, PF](pe.Zeta, what+".zeta"); err != nil {
		return r, err
	}
	r.zetaOmega, err = decodeScalars[F, PF](pe.ZetaOmega, what+".zeta_omega")
	return r, err
}

func decodeOptPE[F any, PF ipa.Field[F]](pe *wire.PointEvaluations, what string) (*pointEvals[F], error) {
	if pe == nil {
		return nil, nil
	}
	r, err := decodePE[F, PF](pe, what)
	if err != nil {
		return nil, err
	}
	return &r, nil
}

func decodeProof[F any, PF ipa.Field[F], B any, G any, C ipa.Group[F, B, G]](g C, p *wire.ProverProof) (*proof[F, G], error) {
	out := &proof[F, G]{}
	var err error
	cm := &p.Commitments
	for i := range cm.WComm {
		if out.w[i], err = decodeComm[F, B, G](g, &cm.WComm[i], fmt.Sprintf("w_comm[%d]", i)); err != nil {
			return nil, err
		}
	}
	if out.z, err = decodeComm[F, B, G](g, &cm.ZComm, "z_comm"); err != nil {
		return nil, err
	}
	if out.t, err = decodeComm[F, B, G](g, &cm.TComm, "t_comm"); err != nil {
		return nil, err
	}
	if l := cm.Lookup; l != nil {
		lc := &lookupComms[G]{sorted: make([][]G, len(l.Sorted))}
		for i := range l.Sorted {
			if lc.sorted[i], err = decodeComm[F, B, G](g, &l.Sorted[i], fmt.Sprintf("lookup.sorted[%d]", i)); err != nil {
				return nil, err
			}
		}
		if lc.aggreg, err = decodeComm[F, B, G](g, &l.Aggreg, "lookup.aggreg"); err != nil {
			return nil, err
		}
		if lc.runtime, err = decodeOptComm[F, B, G](g, l.Runtime, "lookup.runtime"); err != nil {
			return nil, err
		}
		out.lookup = lc
	}
	op := &p.Proof
	out.opening.L = make([]G, len(op.LR))
	out.opening.R = make([]G, len(op.LR))
	for i := range op.LR {
		if out.opening.L[i], err = g.Decompress(&op.LR[i].L); err != nil {
			return nil, fmt.Errorf("%w: opening.lr[%d].L: %v", ErrDecode, i, err)
		}
		if out.opening.R[i], err = g.Decompress(&op.LR[i].R); err != nil {
			return nil, fmt.Errorf("%w: opening.lr[%d].R: %v", ErrDecode, i, err)
		}
	}
	if out.opening.Delta, err = g.Decompress(&op.Delta); err != nil {
		return nil, fmt.Errorf("%w: opening.delta: %v", ErrDecode, err)
	}
	if out.opening.SG, err = g.Decompress(&op.SG); err != nil {
		return nil, fmt.Errorf("%w: opening.sg: %v", ErrDecode, err)
	}
	if out.opening.Z1, err = ipa.ScalarFromWire[F, PF](&op.Z1); err != nil {
		return nil, fmt.Errorf("%w: opening.z1: %v", ErrDecode, err)
	}
	if out.opening.Z2, err = ipa.ScalarFromWire[F, PF](&op.Z2); err != nil {
		return nil, fmt.Errorf("%w: opening.z2: %v", ErrDecode, err)
	}
	if out.ftEval1, err = ipa.ScalarFromWire[F, PF](&p.FtEval1); err != nil {
		return nil, fmt.Errorf("%w: ft_eval1: %v", ErrDecode, err)
	}
	out.prev = make([]recursionChallenge[F, G], len(p.PrevChallenges))
	for i := range p.PrevChallenges {
		rc := &p.PrevChallenges[i]
		if out.prev[i].chals, err = decodeScalars[F, PF](rc.Chals, fmt.Sprintf("prev_challenges[%d].chals", i)); err != nil {
			return nil, err
		}
		if out.prev[i].comm, err = decodeComm[F, B, G](g, &rc.Comm, fmt.Sprintf("prev_challenges[%d].comm", i)); err != nil {
			return nil, err
		}
	}
	if err := decodeEvals[F, PF](&p.Evals, &out.evals); err != nil {
		return nil, err
	}
	return out, nil
}

func decodeEvals[F any, PF ipa.Field[F]](we *wire.ProofEvaluations, e *evals[F]) error {
	var err error
	if e.public, err = decodeOptPE[F, PF](we.Public, "public"); err != nil {
		return err
	}
	for i := range we.W {
		if e.w[i], err = decodePE[F, PF](&we.W[i], fmt.Sprintf("w[%d]", i)); err != nil {
			return err
		}
	}
	if e.z, err = decodePE[F, PF](&we.Z, "z"); err != nil {
		return err
	}
	for i := range we.S {
		if e.s[i], err = decodePE[F, PF](&we.S[i], fmt.Sprintf("s[%d]", i)); err != nil {
			return err
		}
	}
	for i := range we.Coefficients {
		if e.coefficients[i], err = decodePE[F, PF](&we.Coefficients[i], fmt.Sprintf("coefficients[%d]", i)); err != nil {
			return err
		}
	}
	sels := []*wire.PointEvaluations{&we.GenericSelector, &we.PoseidonSelector, &we.CompleteAddSelector,
		&we.MulSelector, &we.EmulSelector, &we.EndomulScalarSelector}
	for i, s := range sels {
		if e.selectors[i], err = decodePE[F, PF](s, fmt.Sprintf("selector[%d]", i)); err != nil {
			return err
		}
	}
	opts := []*wire.PointEvaluations{we.RangeCheck0Selector, we.RangeCheck1Selector, we.ForeignFieldAddSelector,
		we.ForeignFieldMulSelector, we.XorSelector, we.RotSelector}
	for i, s := range opts {
		if e.optional[i], err = decodeOptPE[F, PF](s, fmt.Sprintf("optional selector[%d]", i)); err != nil {
			return err
		}
	}
	if e.lookupAggregation, err = decodeOptPE[F, PF](we.LookupAggregation, "lookup_aggregation"); err != nil {
		return err
	}
	if e.lookupTable, err = decodeOptPE[F, PF](we.LookupTable, "lookup_table"); err != nil {
		return err
	}
	for i, s := range we.LookupSorted {
		if e.lookupSorted[i], err = decodeOptPE[F, PF](s, fmt.Sprintf("lookup_sorted[%d]", i)); err != nil {
			return err
		}
	}
	if e.runtimeLookupTable, err = decodeOptPE[F, PF](we.RuntimeLookupTable, "runtime_lookup_table"); err != nil {
		return err
	}
	if e.runtimeLookupTableSelect, err = decodeOptPE[F, PF](we.RuntimeLookupTableSelector, "runtime_lookup_table_selector"); err != nil {
		return err
	}
	lsels := []*wire.PointEvaluations{we.XorLookupSelector, we.LookupGateLookupSelector,
		we.RangeCheckLookupSelector, we.ForeignFieldMulLookupSelector}
	for i, s := range lsels {
		if e.lookupSelectors[i], err = decodeOptPE[F, PF](s, fmt.Sprintf("lookup selector[%d]", i)); err != nil {
			return err
		}
	}
	return nil
}

// all lists every present column's evaluations except public, in the
// absorption order of plonk_sponge.rs absorb_evaluations.
func (e *evals[F]) absorptionOrder() []*pointEvals[F] {
	out := []*pointEvals[F]{&e.z}
	for i := range e.selectors {
		out = append(out, &e.selectors[i])
	}
	for i := range e.w {
		out = append(out, &e.w[i])
	}
	for i := range e.coefficients {
		out = append(out, &e.coefficients[i])
	}
	for i := range e.s {
		out = append(out, &e.s[i])
	}
	opt := func(p *pointEvals[F]) {
		if p != nil {
			out = append(out, p)
		}
	}
	for _, p := range e.optional {
		opt(p)
	}
	opt(e.lookupAggregation)
	opt(e.lookupTable)
	for _, p := range e.lookupSorted {
		opt(p)
	}
	opt(e.runtimeLookupTable)
	opt(e.runtimeLookupTableSelect)
	for _, p := range e.lookupSelectors {
		opt(p)
	}
	return out
}
