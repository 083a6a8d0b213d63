package verifier

import (
	"fmt"

	"github.com/zkml-mina/zkml/kimchi/gates"
	"github.com/zkml-mina/zkml/kimchi/ipa"
)

// checkShapes is check_proof_evals_len plus the commitment shape checks a
// malformed proof could otherwise slip past: every evaluation has chunk
// entries at ζ and ζω, every witness/z commitment has chunk chunks.
func (ix *index[F, PF, B, PB, G, C]) checkShapes(p *proof[F, G], chunk int) error {
	check := func(e *pointEvals[F], what string) error {
		if len(e.zeta) != chunk || len(e.zetaOmega) != chunk {
			return fmt.Errorf("%w: %s has %d/%d chunks, want %d", ErrEvalChunks, what, len(e.zeta), len(e.zetaOmega), chunk)
		}
		return nil
	}
	for i, e := range p.evals.absorptionOrder() {
		if err := check(e, fmt.Sprintf("evaluation %d", i)); err != nil {
			return err
		}
	}
	if p.evals.public != nil {
		if err := check(p.evals.public, "public"); err != nil {
			return err
		}
	}
	for i := range p.w {
		if len(p.w[i]) != chunk {
			return fmt.Errorf("%w: w_comm[%d] has %d chunks, want %d", ErrCommitmentShape, i, len(p.w[i]), chunk)
		}
	}
	if len(p.z) != chunk {
		return fmt.Errorf("%w: z_comm has %d chunks, want %d", ErrCommitmentShape, len(p.z), chunk)
	}
	if len(p.t) == 0 {
		return fmt.Errorf("%w: empty t_comm", ErrCommitmentShape)
	}
	if l := ix.lookup; l != nil && p.lookup != nil {
		if len(p.lookup.sorted) != l.maxPerRow+1 {
			return fmt.Errorf("%w: %d sorted lookup commitments, want %d", ErrCommitmentShape, len(p.lookup.sorted), l.maxPerRow+1)
		}
	}
	if ix.lookup == nil && p.lookup != nil {
		return fmt.Errorf("%w: lookup commitments without a lookup index", ErrCommitmentShape)
	}
	if len(p.opening.L) == 0 {
		return fmt.Errorf("%w: opening proof without rounds", ErrCommitmentShape)
	}
	return nil
}

// lagrangeCommitments returns the chunks of comm(L_i) for the first count
// rows, indexed [c][i]: chunk c of L_i is (1/n)·Σ_{j<m} ω^(-i(cm+j))·G_j.
// Like SRS::get_lagrange_basis, it chunks by the SRS's length m, not by
// max_poly_size: the two differ only for an index whose max_poly_size is
// below its SRS's size, whose public input commitment then has fewer chunks
// than its evaluations, and proof-systems and this verifier both reject
// its proofs.
func (ix *index[F, PF, B, PB, G, C]) lagrangeCommitments(count int) ([][]G, error) {
	m := ix.lagrangeChunkLen()
	out := make([][]G, (int(ix.n)+m-1)/m)
	omegaInv := ix.omega
	PF(&omegaInv).Inverse(&omegaInv)
	for c := range out {
		out[c] = make([]G, count)
		var wi F // ω^(-i)
		PF(&wi).SetOne()
		for i := range count {
			coeffs := make([]F, m)
			wij := ipa.Pow[F, PF](wi, uint64(c*m)) // ω^(-i(cm+j))/n
			PF(&wij).Mul(&wij, &ix.sizeInv)
			for j := range m {
				coeffs[j] = wij
				PF(&wij).Mul(&wij, &wi)
			}
			r, err := msm(ix.curve.Group, append([]G(nil), ix.curve.SRS.G[:m]...), coeffs)
			if err != nil {
				return nil, fmt.Errorf("%w: lagrange commitment %d, chunk %d: %v", ErrIndex, i, c, err)
			}
			out[c][i] = r
			PF(&wi).Mul(&wi, &omegaInv)
		}
	}
	return out, nil
}

// maxPrecomputedLagrange bounds the Lagrange commitments NewIndex
// precomputes; larger public inputs go through an inverse FFT instead.
const maxPrecomputedLagrange = 16

// publicCommitment is -Σ pub_i·L_i + H chunk by chunk (mask_custom with
// blinders 1), or H alone per chunk for an empty public input
// (blinding_commitment).
func (ix *index[F, PF, B, PB, G, C]) publicCommitment(public []F) ([]G, error) {
	m := ix.lagrangeChunkLen()
	k := (int(ix.n) + m - 1) / m
	out := make([]G, k)
	var c []F
	if len(ix.lagrange) == 0 || len(public) > len(ix.lagrange[0]) {
		// Σ -pub_i·L_i = Σ_j c_j·X^j with c = IDFT(-pub padded to n).
		c = make([]F, ix.n)
		for i := range public {
			PF(&c[i]).Neg(&public[i])
		}
		omegaInv := ix.omega
		PF(&omegaInv).Inverse(&omegaInv)
		fft[F, PF](c, omegaInv)
		for j := range c {
			PF(&c[j]).Mul(&c[j], &ix.sizeInv)
		}
	}
	for ch := range k {
		var pts []G
		var scs []F
		if c == nil {
			pts = append([]G{ix.curve.SRS.H}, ix.lagrange[ch][:len(public)]...)
			scs = make([]F, len(pts))
			for i := range public {
				PF(&scs[i+1]).Neg(&public[i])
			}
		} else {
			pts = append([]G{ix.curve.SRS.H}, ix.curve.SRS.G[:m]...)
			scs = append(make([]F, 1), c[ch*m:(ch+1)*m]...)
		}
		PF(&scs[0]).SetOne()
		r, err := msm(ix.curve.Group, pts, scs)
		if err != nil {
			return nil, fmt.Errorf("public input commitment: %w", err)
		}
		out[ch] = r
	}
	return out, nil
}

// lagrangeChunkLen is the chunk length of the SRS's Lagrange basis over
// the domain: min(n, |G|).
func (ix *index[F, PF, B, PB, G, C]) lagrangeChunkLen() int {
	return min(int(ix.n), len(ix.curve.SRS.G))
}

// fft replaces a (length a power of two) with its DFT over the root w:
// a_k ← Σ_j a_j·w^(jk).
func fft[F any, PF ipa.Field[F]](a []F, w F) {
	n := len(a)
	for i, j := 1, 0; i < n; i++ {
		bit := n >> 1
		for ; j&bit != 0; bit >>= 1 {
			j ^= bit
		}
		j ^= bit
		if i < j {
			a[i], a[j] = a[j], a[i]
		}
	}
	for size := 2; size <= n; size <<= 1 {
		wl := ipa.Pow[F, PF](w, uint64(n/size))
		for start := 0; start < n; start += size {
			var wk F
			PF(&wk).SetOne()
			for k := range size / 2 {
				u, v := a[start+k], a[start+k+size/2]
				PF(&v).Mul(&v, &wk)
				PF(&a[start+k]).Add(&u, &v)
				PF(&a[start+k+size/2]).Sub(&u, &v)
				PF(&wk).Mul(&wk, &wl)
			}
		}
	}
}

// publicEvals evaluates the negated public polynomial at ζ and ζω
// (oracles(), for a proof without public evaluations):
// p(x) = (x^n - 1)/n · Σ_i -pub_i·ω^i/(x - ω^i).
func (ix *index[F, PF, B, PB, G, C]) publicEvals(public []F, zeta, zetaw, zeta1 F) [2][]F {
	var zero F
	if len(public) == 0 {
		return [2][]F{{zero}, {zero}}
	}
	var one F
	PF(&one).SetOne()
	eval := func(x, xn F) F {
		var acc, w F
		PF(&w).SetOne()
		dens := make([]F, len(public))
		for i := range public {
			PF(&dens[i]).Sub(&x, &w)
			PF(&w).Mul(&w, &ix.omega)
		}
		ipa.BatchInvert[F, PF](dens)
		PF(&w).SetOne()
		for i := range public {
			var t F
			PF(&t).Mul(&dens[i], &public[i])
			PF(&t).Mul(&t, &w)
			PF(&acc).Sub(&acc, &t)
			PF(&w).Mul(&w, &ix.omega)
		}
		var f F
		PF(&f).Sub(&xn, &one)
		PF(&acc).Mul(&acc, &f)
		PF(&acc).Mul(&acc, &ix.sizeInv)
		return acc
	}
	return [2][]F{{eval(zeta, zeta1)}, {eval(zetaw, ipa.Pow[F, PF](zetaw, ix.n))}}
}

// combinedColumns maps every evaluated column to its chunk-combined
// evaluations (ProofEvaluations::combine).
func (ix *index[F, PF, B, PB, G, C]) combinedColumns(e *evals[F], pows [2]F) map[gates.Column]pe[F] {
	m := make(map[gates.Column]pe[F], 64)
	put := func(c gates.Column, p *pointEvals[F]) {
		if p != nil {
			m[c] = pe[F]{evalChunks[F, PF](p.zeta, pows[0]), evalChunks[F, PF](p.zetaOmega, pows[1])}
		}
	}
	for i := range e.w {
		put(gates.Column{Kind: gates.Witness, Index: i}, &e.w[i])
	}
	for i := range e.coefficients {
		put(gates.Column{Kind: gates.Coefficient, Index: i}, &e.coefficients[i])
	}
	for i := range e.selectors {
		put(gates.Column{Kind: gates.Index, Index: int(gates.Generic) + i}, &e.selectors[i])
	}
	for i := range e.optional {
		put(gates.Column{Kind: gates.Index, Index: int(gates.RangeCheck0) + i}, e.optional[i])
	}
	for i := range e.lookupSorted {
		put(gates.Column{Kind: gates.LookupSorted, Index: i}, e.lookupSorted[i])
	}
	put(gates.Column{Kind: gates.LookupAggreg}, e.lookupAggregation)
	put(gates.Column{Kind: gates.LookupTable}, e.lookupTable)
	put(gates.Column{Kind: gates.LookupRuntimeTable}, e.runtimeLookupTable)
	put(gates.Column{Kind: gates.LookupRuntimeSelector}, e.runtimeLookupTableSelect)
	for i := range e.lookupSelectors {
		put(gates.Column{Kind: gates.LookupKindIndex, Index: i}, e.lookupSelectors[i])
	}
	return m
}

type evaluated[F, G any] struct {
	comm  []G
	evals *pointEvals[F]
}

// commonColumns lists z, the six mandatory selectors, w, coefficients,
// s[0..5], the optional gate selectors present in the index and, with
// lookups, the sorted and aggregation columns: the part of the list shared
// by the combined inner product and to_batch.
func (ix *index[F, PF, B, PB, G, C]) commonColumns(p *proof[F, G]) ([]evaluated[F, G], error) {
	e := &p.evals
	out := []evaluated[F, G]{{p.z, &e.z}}
	for i, c := range [][]G{ix.generic, ix.psm, ix.completeAdd, ix.mul, ix.emul, ix.endomulS} {
		out = append(out, evaluated[F, G]{c, &e.selectors[i]})
	}
	for i := range e.w {
		out = append(out, evaluated[F, G]{p.w[i], &e.w[i]})
	}
	for i := range e.coefficients {
		out = append(out, evaluated[F, G]{ix.coefficients[i], &e.coefficients[i]})
	}
	for i := range e.s {
		out = append(out, evaluated[F, G]{ix.sigma[i], &e.s[i]})
	}
	for i, c := range ix.optional {
		if c == nil {
			continue
		}
		if e.optional[i] == nil {
			return nil, fmt.Errorf("%w: optional gate selector %d", ErrMissingEvaluation, i)
		}
		out = append(out, evaluated[F, G]{*c, e.optional[i]})
	}
	if l := ix.lookup; l != nil {
		for i := 0; i <= l.maxPerRow; i++ {
			if i >= len(e.lookupSorted) || e.lookupSorted[i] == nil {
				return nil, fmt.Errorf("%w: lookup_sorted[%d]", ErrMissingEvaluation, i)
			}
			out = append(out, evaluated[F, G]{p.lookup.sorted[i], e.lookupSorted[i]})
		}
		if e.lookupAggregation == nil {
			return nil, fmt.Errorf("%w: lookup_aggregation", ErrMissingEvaluation)
		}
		out = append(out, evaluated[F, G]{p.lookup.aggreg, e.lookupAggregation})
	}
	return out, nil
}

// evaluatedColumns is the column list of oracles()' combined inner product.
func (ix *index[F, PF, B, PB, G, C]) evaluatedColumns(p *proof[F, G]) ([]evaluated[F, G], error) {
	out, err := ix.commonColumns(p)
	if err != nil {
		return nil, err
	}
	e := &p.evals
	if l := ix.lookup; l != nil {
		if e.lookupTable == nil {
			return nil, fmt.Errorf("%w: lookup_table", ErrMissingEvaluation)
		}
		out = append(out, evaluated[F, G]{nil, e.lookupTable})
		if l.runtimeSelector != nil {
			if e.runtimeLookupTable == nil {
				return nil, fmt.Errorf("%w: runtime_lookup_table", ErrMissingEvaluation)
			}
			out = append(out, evaluated[F, G]{nil, e.runtimeLookupTable})
		}
		if e.runtimeLookupTableSelect != nil {
			out = append(out, evaluated[F, G]{nil, e.runtimeLookupTableSelect})
		}
		for _, s := range e.lookupSelectors {
			if s != nil {
				out = append(out, evaluated[F, G]{nil, s})
			}
		}
	}
	return out, nil
}

// batchColumns is to_batch's list of evaluated commitments after the
// public input and ft: the common columns, then the combined lookup table,
// the runtime table, the runtime selector and the lookup selectors present
// in the index.
func (ix *index[F, PF, B, PB, G, C]) batchColumns(p *proof[F, G], joint F) ([]evaluated[F, G], error) {
	out, err := ix.commonColumns(p)
	if err != nil {
		return nil, err
	}
	l := ix.lookup
	if l == nil {
		return out, nil
	}
	e := &p.evals
	if e.lookupTable == nil {
		return nil, fmt.Errorf("%w: lookup_table", ErrMissingEvaluation)
	}
	// combine_table: Σ_k joint^k·table_k + joint^max_joint_size·table_ids + joint·runtime.
	var comms [][]G
	var scs []F
	var j F
	PF(&j).SetOne()
	for k, t := range l.table {
		if k > 0 {
			PF(&j).Mul(&j, &joint)
		}
		comms = append(comms, t)
		scs = append(scs, j)
	}
	if len(comms) == 0 {
		return nil, fmt.Errorf("%w: empty lookup table", ErrIndex)
	}
	if l.tableIDs != nil {
		comms = append(comms, *l.tableIDs)
		scs = append(scs, ipa.Pow[F, PF](joint, uint64(l.maxJointSize)))
	}
	if p.lookup.runtime != nil {
		comms = append(comms, *p.lookup.runtime)
		scs = append(scs, joint)
	}
	tableComm, err := polyCommMSM(ix.curve.Group, comms, scs)
	if err != nil {
		return nil, err
	}
	out = append(out, evaluated[F, G]{tableComm, e.lookupTable})
	if l.runtimeSelector != nil {
		if p.lookup.runtime == nil || e.runtimeLookupTable == nil {
			return nil, fmt.Errorf("%w: runtime table", ErrMissingEvaluation)
		}
		out = append(out, evaluated[F, G]{*p.lookup.runtime, e.runtimeLookupTable})
		if e.runtimeLookupTableSelect == nil {
			return nil, fmt.Errorf("%w: runtime_lookup_table_selector", ErrMissingEvaluation)
		}
		out = append(out, evaluated[F, G]{*l.runtimeSelector, e.runtimeLookupTableSelect})
	}
	for i, s := range l.selectors {
		if s == nil {
			continue
		}
		if e.lookupSelectors[i] == nil {
			return nil, fmt.Errorf("%w: lookup selector %d", ErrMissingEvaluation, i)
		}
		out = append(out, evaluated[F, G]{*s, e.lookupSelectors[i]})
	}
	return out, nil
}

// polyCommMSM is PolyComm::multi_scalar_mul: chunk by chunk, over the
// commitments that have that chunk.
func polyCommMSM[F any, B any, G any, C ipa.Group[F, B, G]](grp C, comms [][]G, scs []F) ([]G, error) {
	n := 0
	for _, c := range comms {
		n = max(n, len(c))
	}
	var zero G
	if n == 0 {
		return []G{zero}, nil
	}
	out := make([]G, n)
	for ch := range n {
		var pts []G
		var ss []F
		for i, c := range comms {
			if ch < len(c) {
				pts = append(pts, c[ch])
				ss = append(ss, scs[i])
			}
		}
		r, err := msm(grp, pts, ss)
		if err != nil {
			return nil, err
		}
		out[ch] = r
	}
	return out, nil
}
