package verifier

import (
	"fmt"

	"github.com/zkml-mina/zkml/kimchi/ipa"
	"github.com/zkml-mina/zkml/kimchi/poseidon"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// Transcript helpers shared with kimchi/prover: one definition of the
// shifts, the verifier-index digest and the evaluation absorption order.

// ComputeShifts returns permutation.rs Shifts::new for a domain of size n
// over the scalar field F.
func ComputeShifts[F any, PF ipa.Field[F]](n uint64) [permuts]F { return computeShifts[F, PF](n) }

// DigestOrder lists a verifier index's commitments in the order
// verifier_index.rs digest absorbs them: σ, coefficients, the six mandatory
// selectors, the optional gate selectors (range_check0, range_check1,
// foreign_field_mul BEFORE foreign_field_add, xor, rot), then the lookup
// table columns, table ids, runtime selector and the lookup selectors (xor,
// lookup, range_check, ffmul). Absent optional commitments are skipped.
func DigestOrder(vi *wire.VerifierIndex) []*wire.PolyComm {
	var out []*wire.PolyComm
	for i := range vi.SigmaComm {
		out = append(out, &vi.SigmaComm[i])
	}
	for i := range vi.CoefficientsComm {
		out = append(out, &vi.CoefficientsComm[i])
	}
	out = append(out, &vi.GenericComm, &vi.PsmComm, &vi.CompleteAddComm, &vi.MulComm, &vi.EmulComm, &vi.EndomulScalarComm)
	opt := []*wire.PolyComm{vi.RangeCheck0Comm, vi.RangeCheck1Comm, vi.ForeignFieldMulComm,
		vi.ForeignFieldAddComm, vi.XorComm, vi.RotComm}
	if li := vi.LookupIndex; li != nil {
		for i := range li.LookupTable {
			opt = append(opt, &li.LookupTable[i])
		}
		opt = append(opt, li.TableIDs, li.RuntimeTablesSelector, li.LookupSelectors.Xor,
			li.LookupSelectors.Lookup, li.LookupSelectors.RangeCheck, li.LookupSelectors.Ffmul)
	}
	for _, c := range opt {
		if c != nil {
			out = append(out, c)
		}
	}
	return out
}

// Digest returns verifier_index.rs digest of a serialized verifier index:
// every commitment of DigestOrder absorbed into a fresh Fq-sponge, then
// squeezed as a base-field element.
func Digest[F any, PF ipa.Field[F], B any, PB ipa.Field[B], G any, C ipa.Group[F, B, G]](
	curve *ipa.Curve[F, PF, B, PB, G, C], vi *wire.VerifierIndex,
) (B, error) {
	sp := poseidon.NewFqSponge[B, PB, F, PF](curve.FqParams)
	for i, pc := range DigestOrder(vi) {
		c, err := decodeComm[F, B, G](curve.Group, pc, fmt.Sprintf("digest commitment %d", i))
		if err != nil {
			var zero B
			return zero, err
		}
		curve.AbsorbCommitment(sp, c)
	}
	return sp.DigestFq(), nil
}

// AbsorptionOrder lists a proof's evaluations (without public) in the order
// plonk_sponge.rs absorb_evaluations absorbs them: z, the six selectors, w,
// coefficients, σ_0..σ_5, the optional gate selectors, then the lookup
// aggregation, table, sorted, runtime table and lookup selector columns.
// Absent optional evaluations are skipped.
func AbsorptionOrder(e *wire.ProofEvaluations) []*wire.PointEvaluations {
	out := []*wire.PointEvaluations{&e.Z, &e.GenericSelector, &e.PoseidonSelector, &e.CompleteAddSelector,
		&e.MulSelector, &e.EmulSelector, &e.EndomulScalarSelector}
	for i := range e.W {
		out = append(out, &e.W[i])
	}
	for i := range e.Coefficients {
		out = append(out, &e.Coefficients[i])
	}
	for i := range e.S {
		out = append(out, &e.S[i])
	}
	opt := []*wire.PointEvaluations{e.RangeCheck0Selector, e.RangeCheck1Selector, e.ForeignFieldAddSelector,
		e.ForeignFieldMulSelector, e.XorSelector, e.RotSelector, e.LookupAggregation, e.LookupTable}
	opt = append(opt, e.LookupSorted[:]...)
	opt = append(opt, e.RuntimeLookupTable, e.RuntimeLookupTableSelector, e.XorLookupSelector,
		e.LookupGateLookupSelector, e.RangeCheckLookupSelector, e.ForeignFieldMulLookupSelector)
	for _, p := range opt {
		if p != nil {
			out = append(out, p)
		}
	}
	return out
}
