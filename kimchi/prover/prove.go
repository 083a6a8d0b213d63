package prover

import (
	"errors"
	"fmt"

	"github.com/zkml-mina/zkml/kimchi/circuit"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
	"github.com/zkml-mina/zkml/kimchi/gates"
	"github.com/zkml-mina/zkml/kimchi/ipa"
	"github.com/zkml-mina/zkml/kimchi/poseidon"
	"github.com/zkml-mina/zkml/kimchi/verifier"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

type fqSponge = poseidon.FqSponge[fq.Element, *fq.Element, fp.Element, *fp.Element]

func randomScalar() (fp.Element, error) {
	var r fp.Element
	if _, err := r.SetRandom(); err != nil {
		return r, fmt.Errorf("prover: randomness: %w", err)
	}
	return r, nil
}

func randomScalars(n int) ([]fp.Element, error) {
	out := make([]fp.Element, n)
	for i := range out {
		var err error
		if out[i], err = randomScalar(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Prove creates a proof for the witness (15 columns, one entry per circuit
// row; the public inputs are witness[0][:public]) following
// ProverProof::create (kimchi/src/prover.rs), with blinders from
// crypto/rand. It returns the proof and its public inputs.
func (ix *Index) Prove(witness [columns][]fp.Element) (*wire.ProverProof, []wire.Scalar, error) {
	return ix.prove(witness, nil)
}

// ProveAssignment is Prove for a solved circuit, with its runtime tables'
// data (circuit.Circuit.Solve).
func (ix *Index) ProveAssignment(a *circuit.Assignment) (*wire.ProverProof, []wire.Scalar, error) {
	if a == nil {
		return nil, nil, fmt.Errorf("%w: nil assignment", ErrInput)
	}
	return ix.prove(a.Columns, a.RuntimeTables)
}

func (ix *Index) prove(witness [columns][]fp.Element, rts []circuit.RuntimeTableData) (*wire.ProverProof, []wire.Scalar, error) {
	proveNo := ix.proves.Add(1)
	n := ix.d1.n
	rows := len(witness[0])
	for c := range witness {
		if len(witness[c]) != rows {
			return nil, nil, fmt.Errorf("%w: witness column %d has %d rows, column 0 has %d", ErrInput, c, len(witness[c]), rows)
		}
	}
	if rows > n-ix.zkRows {
		return nil, nil, fmt.Errorf("%w: %d witness rows leave no room for %d zero-knowledge rows in 2^%d",
			ErrInput, rows, ix.zkRows, ix.d1.log)
	}
	if rows < ix.public {
		return nil, nil, fmt.Errorf("%w: %d witness rows for %d public inputs", ErrInput, rows, ix.public)
	}
	// Pad and randomize the last zk_rows rows; an unused column is zero
	// on every row (degree.go).
	var w [columns][]fp.Element
	errs := make([]error, columns)
	parallelTasks(columns, func(c int) {
		w[c] = make([]fp.Element, n)
		if ix.unused[c] {
			return
		}
		copy(w[c], witness[c])
		for r := n - ix.zkRows; r < n && errs[c] == nil; r++ {
			w[c][r], errs[c] = randomScalar()
		}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	cv := ix.curve
	sp := poseidon.NewFqSponge[fq.Element, *fq.Element, fp.Element, *fp.Element](cv.FqParams)
	sp.AbsorbFq(ix.digest)

	// Public input polynomial: -interpolate(public) (prover.rs public_poly).
	// Its coefficients are needed only when the quotient does not take it
	// from its few Lagrange terms (closedFormTerms).
	pubEvals := make([]fp.Element, n)
	publicWire := make([]wire.Scalar, ix.public)
	for i := range ix.public {
		pubEvals[i].Neg(&w[0][i])
		publicWire[i] = scalarToWire(&w[0][i])
	}
	var pubCoeffs []fp.Element
	var pubRows *sparseColumn
	if ix.public > closedFormTerms {
		pubCoeffs = ix.d1.interpolateBitRev(pubEvals)
	} else {
		pubRows = &sparseColumn{rows: make([]int, ix.public), vals: pubEvals[:ix.public]}
		for i := range pubRows.rows {
			pubRows.rows[i] = i
		}
	}
	if ix.qSlices < 8 {
		if err := ix.checkGates(&w, pubEvals); err != nil {
			return nil, nil, err
		}
	}
	pubComm, err := ix.commitValues(pubEvals[:max(ix.public, 1)], pubCoeffs)
	if err != nil {
		return nil, nil, err
	}
	cv.AbsorbCommitment(sp, ix.maskFixed(pubComm))

	// Witness commitments with random blinders, and the coefficients of
	// the witness columns the quotient reads (the others are evaluated
	// from their values: evaluate.go).
	need, rec, err := ix.quotientReads()
	if err != nil {
		return nil, nil, err
	}
	var wComm [columns]hiding
	var wCoeffs [columns][]fp.Element
	var wSparse [columns]*sparseColumn
	parallelTasks(columns, func(c int) {
		if need[gates.Column{Kind: gates.Witness, Index: c}] {
			if wSparse[c] = sparseValues(w[c]); wSparse[c] == nil {
				wCoeffs[c] = ix.d1.interpolateBitRev(w[c])
			}
		}
	})
	// One commitment at a time, each MSM on every core: two MSMs side by
	// side (one per core) measured slower, their working sets competing
	// for the caches.
	for c := range columns {
		if wComm[c], err = ix.commitHiding(w[c], wCoeffs[c]); err != nil {
			return nil, nil, err
		}
	}
	for c := range wComm {
		cv.AbsorbCommitment(sp, wComm[c].comm)
	}

	// Lookup: runtime table, joint combiner, sorted polynomials.
	var lp *lookupProof
	if ix.lookup != nil {
		if lp, err = ix.lookupCommit(sp, &w, rts); err != nil {
			return nil, nil, err
		}
	} else if len(rts) > 0 {
		return nil, nil, fmt.Errorf("%w: runtime tables given for a circuit without lookups", ErrInput)
	}
	beta := sp.Challenge()
	gamma := sp.Challenge()
	if lp != nil {
		if err := ix.lookupAggregate(sp, lp, &w, beta, gamma); err != nil {
			return nil, nil, err
		}
	}

	// Permutation aggregation z.
	zEvals, err := ix.permAggreg(&w, beta, gamma)
	if err != nil {
		return nil, nil, err
	}
	zCoeffs := ix.d1.interpolateBitRev(zEvals)
	zComm, err := ix.commitHiding(zEvals, zCoeffs)
	if err != nil {
		return nil, nil, err
	}
	cv.AbsorbCommitment(sp, zComm.comm)

	alpha := sp.ScalarChallenge().ToField(cv.EndoR)
	alphas := make([]fp.Element, gates.LookupAlphaStart+16)
	alphas[0].SetOne()
	for i := 1; i < len(alphas); i++ {
		alphas[i].Mul(&alphas[i-1], &alpha)
	}

	// Quotient.
	qin := &quotientInputs{
		w: wCoeffs, wSparse: wSparse, z: zCoeffs, pub: pubCoeffs, pubRows: pubRows,
		alpha: alpha, alphas: alphas, beta: beta, gamma: gamma,
		need: need, rec: rec, fillSlices: proveNo >= 2,
	}
	if lp != nil {
		qin.joint = lp.joint
		qin.lookup = ix.lookupColumns(lp)
	}
	tCoeffs, err := ix.quotient(qin)
	if err != nil {
		return nil, nil, err
	}
	// t is committed in 7·chunks pieces (prover.rs: commit(quotient,
	// 7 * num_chunks)), each with its own blinder.
	maxPoly := len(ix.srs.G)
	tChunks := chunkPoly(tCoeffs, maxPoly)
	if len(tChunks) > 7*ix.chunks {
		return nil, nil, fmt.Errorf("%w: quotient has %d chunks, want at most %d", ErrUnsupported, len(tChunks), 7*ix.chunks)
	}
	for len(tChunks) < 7*ix.chunks {
		tChunks = append(tChunks, nil)
	}
	tParts, err := ix.commitCoeffs(tCoeffs, len(tChunks))
	if err != nil {
		return nil, nil, err
	}
	tComm, err := ix.blind(tParts)
	if err != nil {
		return nil, nil, err
	}
	cv.AbsorbCommitment(sp, tComm.comm)

	zeta := sp.ScalarChallenge().ToField(cv.EndoR)
	var zetaw fp.Element
	zetaw.Mul(&zeta, &ix.d1.omega)

	// Evaluations at ζ and ζω, chunk by chunk, from the polynomials' values
	// on D1 (evaluate.go), all in parallel.
	lambda := ix.baryWeights(zeta)
	type evalJob struct {
		vals []fp.Element
		dst  *wire.PointEvaluations
	}
	var evJobs []evalJob
	on := func(vals []fp.Element, dst *wire.PointEvaluations) { evJobs = append(evJobs, evalJob{vals, dst}) }
	opt := func(vals []fp.Element, dst **wire.PointEvaluations) {
		*dst = new(wire.PointEvaluations)
		on(vals, *dst)
	}
	evals := wire.ProofEvaluations{}
	var pubPE wire.PointEvaluations
	on(pubEvals[:ix.public], &pubPE)
	evals.Public = &pubPE
	for c := range columns {
		on(w[c], &evals.W[c])
		on(ix.coeffs[c].evals, &evals.Coefficients[c])
	}
	on(zEvals, &evals.Z)
	for i := range evals.S {
		on(ix.sigma[i].evals, &evals.S[i])
	}
	sels := []*wire.PointEvaluations{&evals.GenericSelector, &evals.PoseidonSelector, &evals.CompleteAddSelector,
		&evals.MulSelector, &evals.EmulSelector, &evals.EndomulScalarSelector}
	for i, s := range sels {
		on(ix.selectors[gates.Generic+gates.GateType(i)].evals, s)
	}
	optSel := []struct {
		on  bool
		g   gates.GateType
		dst **wire.PointEvaluations
	}{
		{ix.flags.RangeCheck0, gates.RangeCheck0, &evals.RangeCheck0Selector},
		{ix.flags.RangeCheck1, gates.RangeCheck1, &evals.RangeCheck1Selector},
		{ix.flags.ForeignFieldAdd, gates.ForeignFieldAdd, &evals.ForeignFieldAddSelector},
		{ix.flags.ForeignFieldMul, gates.ForeignFieldMul, &evals.ForeignFieldMulSelector},
		{ix.flags.Xor, gates.Xor16, &evals.XorSelector},
		{ix.flags.Rot, gates.Rot64, &evals.RotSelector},
	}
	for _, o := range optSel {
		if o.on {
			opt(ix.selectors[o.g].evals, o.dst)
		}
	}
	var lookupSel []*poly // lookup selectors in opening order
	if lp != nil {
		l := ix.lookup
		opt(lp.aggreg, &evals.LookupAggregation)
		opt(lp.table, &evals.LookupTable)
		for i := range lp.sorted {
			opt(lp.sorted[i], &evals.LookupSorted[i])
		}
		if l.runtimeSel != nil {
			opt(lp.runtime, &evals.RuntimeLookupTable)
			opt(l.runtimeSel.evals, &evals.RuntimeLookupTableSelector)
			lookupSel = append(lookupSel, l.runtimeSel)
		}
		dsts := []**wire.PointEvaluations{&evals.XorLookupSelector, &evals.LookupGateLookupSelector,
			&evals.RangeCheckLookupSelector, &evals.ForeignFieldMulLookupSelector}
		for p, s := range l.selectors {
			if s != nil {
				opt(s.evals, dsts[p])
				lookupSel = append(lookupSel, s)
			}
		}
	}
	parallelTasks(len(evJobs), func(i int) {
		a, b := evalPair(evJobs[i].vals, lambda)
		*evJobs[i].dst = wire.PointEvaluations{Zeta: scalarsToWire(a), ZetaOmega: scalarsToWire(b)}
	})
	// A polynomial's value at ζ or ζω from its chunks: Σ_j x^(max·j)·p_j(x)
	// (ProofEvaluations::combine), Horner's rule in x^max.
	zetaMax, zetawMax := pow(zeta, uint64(maxPoly)), pow(zetaw, uint64(maxPoly))
	atZeta := func(pe *wire.PointEvaluations) *fp.Element { return ptr(evalPoly(vals(pe.Zeta), &zetaMax)) }
	atZetaw := func(pe *wire.PointEvaluations) *fp.Element {
		return ptr(evalPoly(vals(pe.ZetaOmega), &zetawMax))
	}

	// ft = chunk(perm_scalar·σ_6) - (ζ^n - 1)·chunk(t), where chunk(p) =
	// Σ_j ζ^(max·j)·p_j linearizes p's chunks (prover.rs ft).
	zetaN := pow(zeta, uint64(n))
	var one, zn1 fp.Element
	one.SetOne()
	zn1.Sub(&zetaN, &one)
	zkpm := one
	for _, r := range ix.permVanishingRoots() {
		var d fp.Element
		d.Sub(&zeta, &r)
		zkpm.Mul(&zkpm, &d)
	}
	a0 := alphas[gates.PermutationAlphaStart]
	var permScalar fp.Element
	permScalar.Mul(atZetaw(&evals.Z), &beta)
	permScalar.Mul(&permScalar, &a0)
	permScalar.Mul(&permScalar, &zkpm)
	for i := range permuts - 1 {
		var t fp.Element
		t.Mul(&beta, atZeta(&evals.S[i]))
		t.Add(&t, &gamma)
		t.Add(&t, atZeta(&evals.W[i]))
		permScalar.Mul(&permScalar, &t)
	}
	permScalar.Neg(&permScalar)
	ftLen := min(maxPoly, max(n, len(tCoeffs)))
	ft := make([]fp.Element, ftLen)
	var scale fp.Element
	scale.Neg(&zn1)
	tBlindLin := fp.Element{}
	for k := len(tChunks) - 1; k >= 0; k-- {
		// Horner over chunks: Σ_k ζ^(max·k)·t_k, applied coefficient-wise below.
		tBlindLin.Mul(&tBlindLin, &zetaMax)
		tBlindLin.Add(&tBlindLin, &tComm.blind[k])
	}
	zk := make([]fp.Element, len(tChunks)) // -(ζ^n - 1)·ζ^(max·k)
	zk[0] = scale
	for k := 1; k < len(zk); k++ {
		zk[k].Mul(&zk[k-1], &zetaMax)
	}
	sigmaLast := chunkPoly(ix.sigma[permuts-1].coeffs, maxPoly)
	sk := make([]fp.Element, len(sigmaLast)) // perm_scalar·ζ^(max·j)
	sk[0] = permScalar
	for j := 1; j < len(sk); j++ {
		sk[j].Mul(&sk[j-1], &zetaMax)
	}
	parallelFor(ftLen, func(lo, hi int) {
		var t fp.Element
		for i := lo; i < hi; i++ {
			for j := range sigmaLast {
				if i < len(sigmaLast[j]) {
					t.Mul(&sigmaLast[j][i], &sk[j])
					ft[i].Add(&ft[i], &t)
				}
			}
			for k := range tChunks {
				if i < len(tChunks[k]) {
					t.Mul(&tChunks[k][i], &zk[k])
					ft[i].Add(&ft[i], &t)
				}
			}
		}
	})
	var ftBlind fp.Element
	ftBlind.Mul(&scale, &tBlindLin)
	ftEval1 := evalPoly(ft, &zetaw)

	// Fr sponge.
	fqBefore := sp.Clone()
	fr := poseidon.NewFrSponge[fp.Element, *fp.Element](cv.FrParams)
	fr.Absorb(sp.Clone().Digest())
	fr.Absorb(poseidon.NewFrSponge[fp.Element, *fp.Element](cv.FrParams).Digest())
	fr.Absorb(ftEval1)
	fr.AbsorbMultiple(vals(pubPE.Zeta))
	fr.AbsorbMultiple(vals(pubPE.ZetaOmega))
	for _, pe := range verifier.AbsorptionOrder(&evals) {
		fr.AbsorbPointEvaluations(vals(pe.Zeta), vals(pe.ZetaOmega))
	}
	v := fr.Challenge().ToField(cv.EndoR)
	u := fr.Challenge().ToField(cv.EndoR)

	// Polynomials to open, in prover.rs order: public (blinders 1), ft,
	// z, the six selectors (blinders 1), w, coefficients, σ_0..σ_5 and the
	// optional selectors (blinders 0). Each has ix.chunks chunks and one
	// blinder per chunk, except ft: one chunk of at most max coefficients.
	type opened struct {
		d1     []fp.Element // values on D1 (degree < n)
		coeffs []fp.Element // or ft's coefficients
		blind  []fp.Element // per chunk; nil for zeros
	}
	ones := make([]fp.Element, ix.chunks)
	for j := range ones {
		ones[j].SetOne()
	}
	var ps []opened
	ps = append(ps, opened{d1: pubEvals, blind: ones})
	ps = append(ps, opened{coeffs: ft, blind: []fp.Element{ftBlind}})
	ps = append(ps, opened{d1: zEvals, blind: zComm.blind})
	for i := range 6 {
		ps = append(ps, opened{d1: ix.selectors[gates.Generic+gates.GateType(i)].evals, blind: ones})
	}
	for c := range w {
		ps = append(ps, opened{d1: w[c], blind: wComm[c].blind})
	}
	for c := range ix.coeffs {
		ps = append(ps, opened{d1: ix.coeffs[c].evals})
	}
	for i := range permuts - 1 {
		ps = append(ps, opened{d1: ix.sigma[i].evals})
	}
	for _, o := range optSel {
		if o.on {
			ps = append(ps, opened{d1: ix.selectors[o.g].evals})
		}
	}
	// Lookup (prover.rs): sorted, aggregation, joint table, runtime table,
	// then the runtime and pattern selectors (blinders 0).
	if lp != nil {
		for i := range lp.sorted {
			ps = append(ps, opened{d1: lp.sorted[i], blind: lp.sortedComm[i].blind})
		}
		ps = append(ps, opened{d1: lp.aggreg, blind: lp.aggregComm.blind})
		ps = append(ps, opened{d1: lp.table, blind: ix.tableBlinding(lp)})
		if lp.runtime != nil {
			ps = append(ps, opened{d1: lp.runtime, blind: lp.runtimeComm.blind})
		}
		for _, s := range lookupSel {
			ps = append(ps, opened{d1: s.evals})
		}
	}
	// Σ_p Σ_j v^(s_p+j)·p_j, s_p counting the chunks before p (utils.rs
	// combine_polys). The polynomials given on D1 are summed there with
	// v^(s_p), row by row in one pass that skips their zero values; the sum
	// is interpolated once and its chunks folded with v^j.
	type d1Term struct {
		vals  []fp.Element
		scale fp.Element
	}
	var d1Terms []d1Term
	combCoeffs := make([]fp.Element, maxPoly)
	var blinding, vi fp.Element
	vi.SetOne()
	for _, p := range ps {
		chunks := ix.chunks
		if p.d1 != nil {
			d1Terms = append(d1Terms, d1Term{p.d1, vi})
		} else {
			chunks = 1
			var t fp.Element
			for i := range p.coeffs {
				t.Mul(&p.coeffs[i], &vi)
				combCoeffs[i].Add(&combCoeffs[i], &t)
			}
		}
		for j := range chunks {
			if p.blind != nil {
				var t fp.Element
				t.Mul(&p.blind[j], &vi)
				blinding.Add(&blinding, &t)
			}
			vi.Mul(&vi, &v)
		}
	}
	combD1 := make([]fp.Element, n)
	parallelFor(n, func(lo, hi int) {
		var t fp.Element
		for i := lo; i < hi; i++ {
			for k := range d1Terms {
				tk := &d1Terms[k]
				if i < len(tk.vals) && !tk.vals[i].IsZero() {
					t.Mul(&tk.vals[i], &tk.scale)
					combD1[i].Add(&combD1[i], &t)
				}
			}
		}
	})
	combChunks := chunkPoly(ix.d1.interpolate(combD1), maxPoly)
	vj := powers(v, len(combChunks))
	parallelFor(maxPoly, func(lo, hi int) {
		var t fp.Element
		for i := lo; i < hi; i++ {
			for j, c := range combChunks {
				if i < len(c) {
					t.Mul(&c[i], &vj[j])
					combCoeffs[i].Add(&combCoeffs[i], &t)
				}
			}
		}
	})
	op, err := ix.open(fqBefore, combCoeffs, blinding, []fp.Element{zeta, zetaw}, u)
	if err != nil {
		return nil, nil, err
	}

	proof := &wire.ProverProof{
		Commitments: wire.ProverCommitments{
			ZComm: commToWire(zComm.comm...),
			TComm: commToWire(tComm.comm...),
		},
		Proof:   *op,
		Evals:   evals,
		FtEval1: scalarToWire(&ftEval1),
	}
	for c := range wComm {
		proof.Commitments.WComm[c] = commToWire(wComm[c].comm...)
	}
	if lp != nil {
		lc := &wire.LookupCommitments{Aggreg: commToWire(lp.aggregComm.comm...)}
		for i := range lp.sortedComm {
			lc.Sorted = append(lc.Sorted, commToWire(lp.sortedComm[i].comm...))
		}
		if lp.runtime != nil {
			rc := commToWire(lp.runtimeComm.comm...)
			lc.Runtime = &rc
		}
		proof.Commitments.Lookup = lc
	}
	return proof, publicWire, nil
}

func ptr(e fp.Element) *fp.Element { return &e }

func scalarsToWire(es []fp.Element) []wire.Scalar {
	out := make([]wire.Scalar, len(es))
	for i := range es {
		out[i] = scalarToWire(&es[i])
	}
	return out
}

func vals(s []wire.Scalar) []fp.Element {
	out := make([]fp.Element, len(s))
	for i := range s {
		out[i], _ = ipa.ScalarFromWire[fp.Element](&s[i])
	}
	return out
}

// chunkPoly splits coefficients into chunks of size m, dropping trailing
// zero coefficients (commit_non_hiding: at least one chunk).
func chunkPoly(c []fp.Element, m int) [][]fp.Element {
	end := len(c)
	for end > 0 && c[end-1].IsZero() {
		end--
	}
	var out [][]fp.Element
	for lo := 0; lo < end; lo += m {
		out = append(out, c[lo:min(lo+m, end)])
	}
	if len(out) == 0 {
		out = append(out, nil)
	}
	return out
}

// permAggreg is permutation.rs perm_aggreg: z(ω^0) = 1, z(ω^(j+1)) =
// z(ω^j)·Π(w+β·k·ω^j+γ)/Π(w+β·σ+γ), with the last two rows random.
func (ix *Index) permAggreg(w *[columns][]fp.Element, beta, gamma fp.Element) ([]fp.Element, error) {
	n := ix.d1.n
	den := make([]fp.Element, n)
	num := make([]fp.Element, n)
	parallelFor(n-1, func(lo, hi int) {
		var t fp.Element
		for j := lo; j < hi; j++ {
			den[j+1].SetOne()
			num[j+1].SetOne()
			var bx fp.Element
			bx.Mul(&beta, &ix.sid[j])
			for c := range permuts {
				t.Mul(&beta, &ix.sigma[c].evals[j])
				t.Add(&t, &w[c][j])
				t.Add(&t, &gamma)
				den[j+1].Mul(&den[j+1], &t)
				t.Mul(&bx, &ix.shifts[c])
				t.Add(&t, &w[c][j])
				t.Add(&t, &gamma)
				num[j+1].Mul(&num[j+1], &t)
			}
		}
	})
	for j := 1; j < n; j++ {
		if den[j].IsZero() {
			return nil, fmt.Errorf("%w: permutation denominator vanishes at row %d", ErrWitness, j-1)
		}
	}
	inv := fp.BatchInvert(den[1:])
	z := make([]fp.Element, n)
	z[0].SetOne()
	for j := 0; j < n-1; j++ {
		if j != n-ix.zkRows && j != n-ix.zkRows+1 {
			var t fp.Element
			t.Mul(&num[j+1], &inv[j])
			z[j+1].Mul(&z[j], &t)
		} else {
			var err error
			if z[j+1], err = randomScalar(); err != nil {
				return nil, err
			}
		}
	}
	if !z[n-ix.zkRows].IsOne() {
		return nil, fmt.Errorf("%w: copy constraints (permutation product is not 1)", ErrWitness)
	}
	return z, nil
}
