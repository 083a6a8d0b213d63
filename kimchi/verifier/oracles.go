package verifier

import (
	"fmt"

	"github.com/zkml-mina/zkml/kimchi/gates"
	"github.com/zkml-mina/zkml/kimchi/ipa"
	"github.com/zkml-mina/zkml/kimchi/poseidon"
)

// toBatch is verifier.rs to_batch together with oracles(): it checks the
// proof's shape, replays the Fiat–Shamir transcript, computes ft(ζ) and the
// combined inner product, and returns the deferred IPA opening.
func (ix *index[F, PF, B, PB, G, C]) toBatch(p *proof[F, G], public []F) (*ipa.Batch[F, PF, B, PB, G], error) {
	cv := ix.curve
	grp := cv.Group
	one := func() F { var o F; PF(&o).SetOne(); return o }()

	if uint64(len(p.prev)) != ix.prevChallenges {
		return nil, fmt.Errorf("%w: index expects %d, proof has %d", ErrPrevChallengeCount, ix.prevChallenges, len(p.prev))
	}
	if uint64(len(public)) != ix.public {
		return nil, fmt.Errorf("%w: index expects %d, got %d", ErrPublicInputCount, ix.public, len(public))
	}
	chunk := int(ix.chunkSize())
	if err := ix.checkShapes(p, chunk); err != nil {
		return nil, err
	}

	// Public input commitment: -Σ pub_i·L_i + H (mask_custom with blinder 1);
	// H alone for an empty public input (blinding_commitment).
	publicComm, err := ix.publicCommitment(public)
	if err != nil {
		return nil, err
	}

	// ---- Fq-sponge part of oracles().
	sp := poseidon.NewFqSponge[B, PB, F, PF](cv.FqParams)
	sp.AbsorbFq(ix.digest)
	for i := range p.prev {
		cv.AbsorbCommitment(sp, p.prev[i].comm)
	}
	cv.AbsorbCommitment(sp, publicComm)
	for i := range p.w {
		cv.AbsorbCommitment(sp, p.w[i])
	}
	var joint F
	if l := ix.lookup; l != nil {
		if p.lookup == nil {
			return nil, fmt.Errorf("%w: lookup commitments missing", ErrCommitmentShape)
		}
		if l.runtimeSelector != nil {
			if p.lookup.runtime == nil {
				return nil, fmt.Errorf("%w: runtime table commitment missing", ErrCommitmentShape)
			}
			cv.AbsorbCommitment(sp, *p.lookup.runtime)
		}
		var jc F
		if l.jointLookupUsed {
			jc = sp.Challenge()
		}
		joint = poseidon.NewScalarChallenge[F, PF](jc).ToField(cv.EndoR)
		for _, s := range p.lookup.sorted {
			cv.AbsorbCommitment(sp, s)
		}
	}
	beta := sp.Challenge()
	gamma := sp.Challenge()
	if ix.lookup != nil {
		cv.AbsorbCommitment(sp, p.lookup.aggreg)
	}
	cv.AbsorbCommitment(sp, p.z)
	alpha := sp.ScalarChallenge().ToField(cv.EndoR)
	if len(p.t) > chunk*7 {
		return nil, fmt.Errorf("%w: t_comm has %d chunks, at most %d", ErrCommitmentShape, len(p.t), chunk*7)
	}
	cv.AbsorbCommitment(sp, p.t)
	zeta := sp.ScalarChallenge().ToField(cv.EndoR)

	// ---- Fr-sponge part.
	digest := sp.Clone().Digest()
	fr := poseidon.NewFrSponge[F, PF](cv.FrParams)
	fr.Absorb(digest)
	prevFr := poseidon.NewFrSponge[F, PF](cv.FrParams)
	for i := range p.prev {
		prevFr.AbsorbMultiple(p.prev[i].chals)
	}
	fr.Absorb(prevFr.Digest())

	zeta1 := ipa.Pow[F, PF](zeta, ix.n)
	var zetaw F
	PF(&zetaw).Mul(&zeta, &ix.omega)
	evalPoints := []F{zeta, zetaw}
	chunkPow := [2]F{ipa.Pow[F, PF](zeta, ix.maxPolySize), ipa.Pow[F, PF](zetaw, ix.maxPolySize)}

	prevEvals := make([][][]F, len(p.prev))
	for i := range p.prev {
		// b(X) has 2^len(chals) coefficients; more than the SRS holds could
		// not be committed in one chunk, and would cost a huge vector.
		if len(p.prev[i].chals) > 30 || 1<<len(p.prev[i].chals) > len(cv.SRS.G) {
			return nil, fmt.Errorf("%w: prev_challenges[%d] has %d challenges for an SRS of %d points",
				ErrCommitmentShape, i, len(p.prev[i].chals), len(cv.SRS.G))
		}
		if prevEvals[i], err = recursionEvals[F, PF](p.prev[i].chals, ix.maxPolySize, evalPoints, chunkPow); err != nil {
			return nil, err
		}
	}

	var publicEvals [2][]F
	if p.evals.public != nil {
		publicEvals = [2][]F{p.evals.public.zeta, p.evals.public.zetaOmega}
	} else if chunk > 1 {
		return nil, fmt.Errorf("%w: a chunked proof must carry its public input evaluations", ErrEvalChunks)
	} else {
		publicEvals = ix.publicEvals(public, zeta, zetaw, zeta1)
	}

	fr.Absorb(p.ftEval1)
	fr.AbsorbMultiple(publicEvals[0])
	fr.AbsorbMultiple(publicEvals[1])
	for _, e := range p.evals.absorptionOrder() {
		fr.AbsorbPointEvaluations(e.zeta, e.zetaOmega)
	}
	v := fr.Challenge().ToField(cv.EndoR)
	u := fr.Challenge().ToField(cv.EndoR)

	// ---- ft(ζ).
	cols := ix.combinedColumns(&p.evals, chunkPow)
	alphas := make([]F, gates.LookupAlphaStart+16)
	PF(&alphas[0]).SetOne()
	for i := 1; i < len(alphas); i++ {
		PF(&alphas[i]).Mul(&alphas[i-1], &alpha)
	}
	ops := &pointOps[F, PF]{
		cols: cols, alphas: alphas, chals: [4]F{alpha, beta, gamma, joint},
		endo: ix.endo, mds: ix.mds, zeta: zeta, omega: ix.omega, n: ix.n, zkRows: ix.zkRows, zetaPowN: zeta1,
	}
	constantTerm, err := gates.Linearization[F](ops, ix.flags)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrUnsupported, err)
	}
	if ops.err != nil {
		return nil, ops.err
	}
	ce := func(e *pointEvals[F]) pe[F] {
		return pe[F]{evalChunks[F, PF](e.zeta, chunkPow[0]), evalChunks[F, PF](e.zetaOmega, chunkPow[1])}
	}
	var wz [columns]pe[F]
	for i := range p.evals.w {
		wz[i] = ce(&p.evals.w[i])
	}
	var sz [permuts - 1]pe[F]
	for i := range p.evals.s {
		sz[i] = ce(&p.evals.s[i])
	}
	zz := ce(&p.evals.z)
	zkp := permutationVanishing[F, PF](ix.omega, ix.n, ix.zkRows, zeta)
	a0, a1, a2 := alphas[gates.PermutationAlphaStart], alphas[gates.PermutationAlphaStart+1], alphas[gates.PermutationAlphaStart+2]

	mul := func(xs ...F) F {
		r := xs[0]
		for _, x := range xs[1:] {
			PF(&r).Mul(&r, &x)
		}
		return r
	}
	add := func(xs ...F) F {
		r := xs[0]
		for _, x := range xs[1:] {
			PF(&r).Add(&r, &x)
		}
		return r
	}
	sub := func(a, b F) F { PF(&a).Sub(&a, &b); return a }

	// perm_scalars' product Π_{i<6} (γ + β·σ_i(ζ) + w_i(ζ)).
	sigmaProd := one
	for i := range sz {
		sigmaProd = mul(sigmaProd, add(mul(beta, sz[i].zeta), wz[i].zeta, gamma))
	}
	ft0 := mul(add(wz[permuts-1].zeta, gamma), zz.zetaOmega, a0, zkp, sigmaProd)
	ft0 = sub(ft0, evalChunks[F, PF](publicEvals[0], chunkPow[0]))
	shiftProd := mul(a0, zkp, zz.zeta)
	bz := mul(beta, zeta)
	for i := range permuts {
		shiftProd = mul(shiftProd, add(gamma, mul(bz, ix.shift[i]), wz[i].zeta))
	}
	ft0 = sub(ft0, shiftProd)
	zkW := ipa.Pow[F, PF](ix.omega, ix.n-ix.zkRows)
	zeta1m1 := sub(zeta1, one)
	zMinusW, zMinus1 := sub(zeta, zkW), sub(zeta, one)
	num := mul(add(mul(zeta1m1, a1, zMinusW), mul(zeta1m1, a2, zMinus1)), sub(one, zz.zeta))
	den := mul(zMinusW, zMinus1)
	if PF(&den).IsZero() {
		return nil, fmt.Errorf("%w: ζ hits the permutation boundary", ErrDegenerate)
	}
	PF(&den).Inverse(&den)
	ft0 = add(ft0, mul(num, den))
	ft0 = sub(ft0, constantTerm)

	// ---- Combined inner product, in oracles() order.
	es := append([][][]F(nil), prevEvals...)
	es = append(es, [][]F{publicEvals[0], publicEvals[1]})
	es = append(es, [][]F{{ft0}, {p.ftEval1}})
	rest, err := ix.evaluatedColumns(p)
	if err != nil {
		return nil, err
	}
	for _, r := range rest {
		es = append(es, [][]F{r.evals.zeta, r.evals.zetaOmega})
	}
	cip := ipa.CombinedInnerProduct[F, PF](v, u, es)

	// ---- Commitments (to_batch).
	permScalar := mul(zz.zetaOmega, beta, a0, zkp, sigmaProd)
	PF(&permScalar).Neg(&permScalar)
	// ft_comm = chunk(f_comm) - chunk(t_comm)·(ζ^n - 1), f_comm = perm·σ_6.
	var pts []G
	var scs []F
	zc := one
	for _, s := range ix.sigma[permuts-1] {
		pts = append(pts, s)
		scs = append(scs, mul(permScalar, zc))
		PF(&zc).Mul(&zc, &chunkPow[0])
	}
	zc = one
	negZ1m1 := zeta1m1
	PF(&negZ1m1).Neg(&negZ1m1)
	for _, t := range p.t {
		pts = append(pts, t)
		scs = append(scs, mul(negZ1m1, zc))
		PF(&zc).Mul(&zc, &chunkPow[0])
	}
	ftComm, err := msm(grp, pts, scs)
	if err != nil {
		return nil, err
	}

	evs := make([]ipa.Evaluation[F, G], 0, len(es))
	for i := range p.prev {
		evs = append(evs, ipa.Evaluation[F, G]{Commitment: p.prev[i].comm, Evals: prevEvals[i]})
	}
	evs = append(evs, ipa.Evaluation[F, G]{Commitment: publicComm, Evals: publicEvals[:]})
	evs = append(evs, ipa.Evaluation[F, G]{Commitment: []G{ftComm}, Evals: [][]F{{ft0}, {p.ftEval1}}})
	batchCols, err := ix.batchColumns(p, joint)
	if err != nil {
		return nil, err
	}
	for _, r := range batchCols {
		evs = append(evs, ipa.Evaluation[F, G]{Commitment: r.comm, Evals: [][]F{r.evals.zeta, r.evals.zetaOmega}})
	}
	return &ipa.Batch[F, PF, B, PB, G]{
		Sponge: sp, Evaluations: evs, Points: evalPoints,
		Polyscale: v, Evalscale: u, Opening: &p.opening, CombinedInnerProduct: cip,
	}, nil
}

// msm is Σ scalars[i]·points[i], skipping points at infinity.
func msm[F any, B any, G any, C ipa.Group[F, B, G]](grp C, pts []G, scs []F) (G, error) {
	k := 0
	for i := range pts {
		if grp.IsZero(&pts[i]) {
			continue
		}
		pts[k], scs[k] = pts[i], scs[i]
		k++
	}
	r, err := grp.MSM(pts[:k], scs[:k])
	if err != nil {
		return r, fmt.Errorf("msm: %w", err)
	}
	return r, nil
}

// evalChunks is DensePolynomial::eval_polynomial(chunks, x).
func evalChunks[F any, PF ipa.Field[F]](chunks []F, x F) F {
	var r F
	for i := len(chunks) - 1; i >= 0; i-- {
		PF(&r).Mul(&r, &x)
		PF(&r).Add(&r, &chunks[i])
	}
	return r
}

// recursionEvals is proof.rs RecursionChallenge::evals.
func recursionEvals[F any, PF ipa.Field[F]](chals []F, maxPolySize uint64, pts []F, pows [2]F) ([][]F, error) {
	if len(chals) > 24 {
		return nil, fmt.Errorf("%w: %d recursion challenges", ErrCommitmentShape, len(chals))
	}
	bLen := uint64(1) << len(chals)
	var coeffs []F
	out := make([][]F, 2)
	for i := range 2 {
		full := ipa.BPoly[F, PF](chals, pts[i])
		if maxPolySize == bLen {
			out[i] = []F{full}
			continue
		}
		var diff, acc F
		PF(&acc).SetOne()
		for j := maxPolySize; j < bLen; j++ {
			if coeffs == nil {
				coeffs = ipa.BPolyCoefficients[F, PF](chals)
			}
			var t F
			PF(&t).Mul(&acc, &coeffs[j])
			PF(&diff).Add(&diff, &t)
			PF(&acc).Mul(&acc, &pts[i])
		}
		var t F
		PF(&t).Mul(&diff, &pows[i])
		PF(&t).Sub(&full, &t)
		out[i] = []F{t, diff}
	}
	return out, nil
}

// permutationVanishing is permutation.rs
// eval_permutation_vanishing_polynomial: (x - ω^(n-zk))·(x - ω^(n-zk+1))·
// (x - ω^(n-1)), three factors whatever zk_rows is.
func permutationVanishing[F any, PF ipa.Field[F]](omega F, n, zkRows uint64, x F) F {
	var acc, d F
	PF(&acc).SetOne()
	for _, e := range []uint64{n - zkRows, n - zkRows + 1, n - 1} {
		r := ipa.Pow[F, PF](omega, e)
		PF(&d).Sub(&x, &r)
		PF(&acc).Mul(&acc, &d)
	}
	return acc
}
