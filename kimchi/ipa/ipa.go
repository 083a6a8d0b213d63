package ipa

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/zkml-mina/zkml/kimchi/poseidon"
)

// ErrFinalCheck is returned when the batched IPA equation does not hold.
var ErrFinalCheck = errors.New("ipa: final check failed")

// SRS is the part of an IPA SRS the verifier needs: the commitment bases G
// and the blinding base H.
type SRS[G any] struct {
	G []G
	H G
}

// Opening is an IPA opening proof (poly-commitment/src/ipa.rs OpeningProof).
type Opening[F, G any] struct {
	L, R   []G
	Delta  G
	Z1, Z2 F
	SG     G
}

// Evaluation is a (chunked) commitment with its evaluations: Evals[i][c]
// is chunk c's value at evaluation point i (commitment.rs Evaluation).
type Evaluation[F, G any] struct {
	Commitment []G
	Evals      [][]F
}

// Curve bundles everything curve-specific the IPA verifier needs: point
// arithmetic, the sponge parameters over the base field, the endomorphism
// scalar endo_r, the SRS and the group map used to derive the U base.
type Curve[F any, PF Field[F], B any, PB Field[B], G any, C Group[F, B, G]] struct {
	Group    C
	FqParams *poseidon.Params[B, PB]
	FrParams *poseidon.Params[F, PF]
	EndoR    F
	SRS      *SRS[G]
	// ToGroup is the group map (groupmap.Map.ToGroup) from the base field.
	ToGroup func(t *B) (x, y B, err error)
}

// Batch is one proof's deferred opening (commitment.rs BatchEvaluationProof):
// the Fq-sponge at the end of the Kimchi transcript, the evaluated
// commitments, the evaluation points, polyscale (v), evalscale (u), the
// opening proof and the combined inner product.
type Batch[F any, PF Field[F], B any, PB Field[B], G any] struct {
	Sponge               *poseidon.FqSponge[B, PB, F, PF]
	Evaluations          []Evaluation[F, G]
	Points               []F
	Polyscale, Evalscale F
	Opening              *Opening[F, G]
	CombinedInnerProduct F
}

// BPoly evaluates the challenge polynomial b(X) = Π_i (1 + chals[i]·X^(2^(k-1-i)))
// at x (commitment.rs b_poly).
func BPoly[F any, PF Field[F]](chals []F, x F) F {
	k := len(chals)
	pows := make([]F, k)
	if k > 0 {
		pows[0] = x
	}
	for i := 1; i < k; i++ {
		PF(&pows[i]).Square(&pows[i-1])
	}
	var res F
	PF(&res).SetOne()
	for i := range k {
		var t F
		PF(&t).Mul(&chals[i], &pows[k-1-i])
		var one F
		PF(&one).SetOne()
		PF(&t).Add(&t, &one)
		PF(&res).Mul(&res, &t)
	}
	return res
}

// BPolyCoefficients returns the 2^k coefficients of b(X): s_i is the
// product of chals[k-1-j] over the set bits j of i (commitment.rs
// b_poly_coefficients).
func BPolyCoefficients[F any, PF Field[F]](chals []F) []F {
	k := len(chals)
	s := make([]F, 1<<k)
	PF(&s[0]).SetOne()
	for j := range k {
		// Indices with highest set bit j: s[2^j + r] = s[r]·chals[k-1-j].
		base := 1 << j
		for r := range base {
			PF(&s[base+r]).Mul(&s[r], &chals[k-1-j])
		}
	}
	return s
}

// CombinedInnerProduct returns Σ_k Σ_c polyscale^(idx) Σ_j evals[k][j][c]·evalscale^j,
// skipping polynomials without chunks (commitment.rs combined_inner_product).
func CombinedInnerProduct[F any, PF Field[F]](polyscale, evalscale F, polys [][][]F) F {
	var res, ps F
	PF(&ps).SetOne()
	for _, p := range polys {
		if len(p) == 0 || len(p[0]) == 0 {
			continue
		}
		for c := range p[0] {
			// Horner over evaluation points.
			var term F
			for j := len(p) - 1; j >= 0; j-- {
				PF(&term).Mul(&term, &evalscale)
				if c < len(p[j]) {
					PF(&term).Add(&term, &p[j][c])
				}
			}
			PF(&term).Mul(&term, &ps)
			PF(&res).Add(&res, &term)
			PF(&ps).Mul(&ps, &polyscale)
		}
	}
	return res
}

// ShiftScalar is commitment.rs shift_scalar: (x - (2^255 + 1))/2 when the
// scalar modulus is below the base modulus, x - 2^255 otherwise.
func ShiftScalar[F any, PF Field[F], B any, PB Field[B]](x F) F {
	var two, twoPow, r F
	PF(&two).SetUint64(2)
	PF(&twoPow).SetBigInt(new(big.Int).Lsh(big.NewInt(1), 255))
	if scalarBelowBase[F, PF, B, PB]() {
		var one F
		PF(&one).SetOne()
		PF(&r).Sub(&x, &twoPow)
		PF(&r).Sub(&r, &one)
		PF(&two).Inverse(&two)
		PF(&r).Mul(&r, &two)
		return r
	}
	PF(&r).Sub(&x, &twoPow)
	return r
}

func modulusOf[E any, P Field[E]]() *big.Int {
	var m E
	P(&m).SetOne()
	P(&m).Neg(&m)
	b := P(&m).BigInt(new(big.Int))
	return b.Add(b, big.NewInt(1))
}

func scalarBelowBase[F any, PF Field[F], B any, PB Field[B]]() bool {
	return modulusOf[F, PF]().Cmp(modulusOf[B, PB]()) < 0
}

// challenges absorbs each (L, R) round and squeezes the endo-mapped round
// challenges (ipa.rs OpeningProof::challenges).
func (c *Curve[F, PF, B, PB, G, C]) challenges(sp *poseidon.FqSponge[B, PB, F, PF], op *Opening[F, G]) []F {
	chal := make([]F, len(op.L))
	for i := range op.L {
		c.absorbPoint(sp, &op.L[i])
		c.absorbPoint(sp, &op.R[i])
		chal[i] = sp.ScalarChallenge().ToField(c.EndoR)
	}
	return chal
}

func (c *Curve[F, PF, B, PB, G, C]) absorbPoint(sp *poseidon.FqSponge[B, PB, F, PF], g *G) {
	x, y := c.Group.Coords(g)
	sp.AbsorbPoint(x, y)
}

// AbsorbCommitment absorbs every chunk of a commitment (absorb_commitment).
func (c *Curve[F, PF, B, PB, G, C]) AbsorbCommitment(sp *poseidon.FqSponge[B, PB, F, PF], chunks []G) {
	for i := range chunks {
		c.absorbPoint(sp, &chunks[i])
	}
}

// Verify checks a batch of openings (ipa.rs SRS::verify), returning
// ErrFinalCheck when an opening equation fails. The batch's sponges are
// advanced.
//
// proof-systems folds two equations into one MSM: the opening equation
//
//	c·(P' + Σ u_j⁻¹·L_j + u_j·R_j) + δ = z1·(SG + b0·U) + z2·H
//
// and SG = <s, G>, the latter scaled by a random sg_rand_base that is 1 for
// the first proof. With both scale factors equal to 1 the single combined
// equation leaves SG (which is not absorbed into the transcript) as a free
// variable, so here the two sets of equations are checked separately, each
// combined across proofs with independent random factors. The opening
// equations need only a small MSM and are checked first, so a tampered
// proof is usually rejected without the 2^k-point MSM over G.
func (c *Curve[F, PF, B, PB, G, C]) Verify(batch []Batch[F, PF, B, PB, G]) error {
	if c.SRS == nil || len(c.SRS.G) == 0 {
		return errors.New("ipa: no SRS")
	}
	maxRounds := 0
	for i := range batch {
		op := batch[i].Opening
		if op == nil {
			return fmt.Errorf("ipa: proof %d: missing opening", i)
		}
		if len(op.L) != len(op.R) {
			return fmt.Errorf("ipa: proof %d: %d L and %d R commitments", i, len(op.L), len(op.R))
		}
		if len(op.L) > 30 || 1<<len(op.L) > len(c.SRS.G) {
			return fmt.Errorf("ipa: proof %d: %d rounds exceed the SRS size %d", i, len(op.L), len(c.SRS.G))
		}
		maxRounds = max(maxRounds, len(op.L))
	}
	nG := 1 << maxRounds
	// Opening equations: H first, then per-proof terms.
	points := []G{c.SRS.H}
	scalars := make([]F, 1, 64*len(batch))
	// SG equations: G[0..nG], then each SG.
	sgPoints := append([]G(nil), c.SRS.G[:nG]...)
	sgScalars := make([]F, nG, nG+len(batch))

	var randI, sgRandI F
	PF(&randI).SetOne()
	PF(&sgRandI).SetOne()

	for bi := range batch {
		if bi > 0 {
			if _, err := PF(&randI).SetRandom(); err != nil {
				return fmt.Errorf("ipa: randomness: %w", err)
			}
			if _, err := PF(&sgRandI).SetRandom(); err != nil {
				return fmt.Errorf("ipa: randomness: %w", err)
			}
		}
		b := &batch[bi]
		op := b.Opening
		sp := b.Sponge
		sp.AbsorbFr(ShiftScalar[F, PF, B, PB](b.CombinedInnerProduct))
		t := sp.ChallengeFq()
		ux, uy, err := c.ToGroup(&t)
		if err != nil {
			return fmt.Errorf("ipa: group map: %w", err)
		}
		uBase, err := c.Group.FromCoords(ux, uy)
		if err != nil {
			return fmt.Errorf("ipa: group map: %w", err)
		}
		chal := c.challenges(sp, op)
		chalInv := append([]F(nil), chal...)
		for i := range chalInv {
			if PF(&chalInv[i]).IsZero() {
				return fmt.Errorf("ipa: proof %d: zero round challenge", bi)
			}
		}
		BatchInvert[F, PF](chalInv)
		c.absorbPoint(sp, &op.Delta)
		cc := sp.ScalarChallenge().ToField(c.EndoR)

		// b0 = Σ_i evalscale^i · b(point_i)
		var b0, scale F
		PF(&scale).SetOne()
		for _, e := range b.Points {
			t := BPoly[F, PF](chal, e)
			PF(&t).Mul(&t, &scale)
			PF(&b0).Add(&b0, &t)
			PF(&scale).Mul(&scale, &b.Evalscale)
		}

		var negRand, tmp F
		PF(&negRand).Neg(&randI)

		// -rand·z1·SG
		PF(&tmp).Mul(&negRand, &op.Z1)
		points = append(points, op.SG)
		scalars = append(scalars, tmp)
		// -rand·z2·H
		PF(&tmp).Mul(&randI, &op.Z2)
		PF(&scalars[0]).Sub(&scalars[0], &tmp)
		// -rand·z1·b0·U + rand·c·cip·U
		var randC F
		PF(&randC).Mul(&cc, &randI)
		PF(&tmp).Mul(&op.Z1, &b0)
		PF(&tmp).Mul(&tmp, &negRand)
		var cipTerm F
		PF(&cipTerm).Mul(&randC, &b.CombinedInnerProduct)
		PF(&tmp).Add(&tmp, &cipTerm)
		points = append(points, uBase)
		scalars = append(scalars, tmp)
		for i := range op.L {
			var l, r F
			PF(&l).Mul(&randC, &chalInv[i])
			PF(&r).Mul(&randC, &chal[i])
			points = append(points, op.L[i], op.R[i])
			scalars = append(scalars, l, r)
		}
		// combine_commitments: rand·c·polyscale^i per chunk.
		var ps F
		PF(&ps).SetOne()
		for _, ev := range b.Evaluations {
			for _, ch := range ev.Commitment {
				var v F
				PF(&v).Mul(&randC, &ps)
				points = append(points, ch)
				scalars = append(scalars, v)
				PF(&ps).Mul(&ps, &b.Polyscale)
			}
		}
		points = append(points, op.Delta)
		scalars = append(scalars, randI)

		// sg_rand·(<s, G> - SG)
		s := BPolyCoefficients[F, PF](chal)
		for i := range s {
			var v F
			PF(&v).Mul(&sgRandI, &s[i])
			PF(&sgScalars[i]).Add(&sgScalars[i], &v)
		}
		PF(&tmp).Neg(&sgRandI)
		sgPoints = append(sgPoints, op.SG)
		sgScalars = append(sgScalars, tmp)
	}

	if ok, err := c.msmIsZero(points, scalars); err != nil {
		return err
	} else if !ok {
		return fmt.Errorf("%w: opening equation", ErrFinalCheck)
	}
	if ok, err := c.msmIsZero(sgPoints, sgScalars); err != nil {
		return err
	} else if !ok {
		return fmt.Errorf("%w: sg is not the commitment to the challenge polynomial", ErrFinalCheck)
	}
	return nil
}

// msmIsZero reports whether Σ scalars[i]·points[i] is the identity,
// dropping points at infinity and zero scalars first.
func (c *Curve[F, PF, B, PB, G, C]) msmIsZero(points []G, scalars []F) (bool, error) {
	k := 0
	for i := range points {
		if c.Group.IsZero(&points[i]) || PF(&scalars[i]).IsZero() {
			continue
		}
		points[k], scalars[k] = points[i], scalars[i]
		k++
	}
	res, err := c.Group.MSM(points[:k], scalars[:k])
	if err != nil {
		return false, fmt.Errorf("ipa: msm: %w", err)
	}
	return c.Group.IsZero(&res), nil
}
