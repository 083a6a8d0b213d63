package prover

import (
	"fmt"

	"github.com/zkml-mina/zkml/kimchi/curve/vesta"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
	"github.com/zkml-mina/zkml/kimchi/ipa"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// open is the IPA opening proof (poly-commitment/src/ipa.rs SRS::open) of
// the combined polynomial a (len(a) = |SRS|) with combined blinder
// blinding at the points pts, evaluations combined with evalscale. sp is
// the Fq-sponge after ζ was squeezed.
func (ix *Index) open(sp *fqSponge, a []fp.Element, blinding fp.Element, pts []fp.Element, evalscale fp.Element) (*wire.OpeningProof, error) {
	size := len(ix.srs.G)
	if len(a) != size || size&(size-1) != 0 {
		return nil, fmt.Errorf("%w: opening a polynomial of %d coefficients with an SRS of %d", ErrInput, len(a), size)
	}
	// b_init[j] = Σ_e evalscale^e·pts[e]^j; a is not modified (each
	// round allocates the folded vectors).
	b := evalVector(pts, evalscale, size)
	cip := innerProduct(a, b)
	sp.AbsorbFr(ipa.ShiftScalar[fp.Element, *fp.Element, fq.Element, *fq.Element](cip))
	t := sp.ChallengeFq()
	ux, uy, err := ix.curve.ToGroup(&t)
	if err != nil {
		return nil, fmt.Errorf("prover: group map: %w", err)
	}
	uBase := vesta.Affine{X: ux, Y: uy}
	h := ix.srs.H

	g := ix.srs.G // read only: every round's fold allocates its output
	var lr []wire.LRPair
	rPrime := blinding
	for round := 0; len(g) > 1; round++ {
		m := len(g) / 2
		gLo, gHi := g[:m], g[m:]
		aLo, aHi := a[:m], a[m:]
		bLo, bHi := b[:m], b[m:]
		randL, err := randomScalar()
		if err != nil {
			return nil, err
		}
		randR, err := randomScalar()
		if err != nil {
			return nil, err
		}
		// L = <a_hi, G_lo> + rand_l·H + <a_hi, b_lo>·U, R likewise.
		// Round 0 commits over the SRS itself: through its table, if any.
		var fixed *vesta.FixedBases
		if round == 0 {
			fixed = ix.srsBases
		}
		l, err := lrCommitment(fixed, 0, gLo, aHi, bLo, h, uBase, randL)
		if err != nil {
			return nil, fmt.Errorf("prover: ipa round %d: L: %w", round, err)
		}
		r, err := lrCommitment(fixed, m, gHi, aLo, bHi, h, uBase, randR)
		if err != nil {
			return nil, fmt.Errorf("prover: ipa round %d: R: %w", round, err)
		}
		lr = append(lr, wire.LRPair{L: pointToWire(&l), R: pointToWire(&r)})
		sp.AbsorbPoint(l.X, l.Y)
		sp.AbsorbPoint(r.X, r.Y)
		uPre := sp.ScalarChallenge()
		u := uPre.ToField(ix.curve.EndoR)
		var uInv fp.Element
		uInv.Inverse(&u)
		var t1, t2 fp.Element
		t1.Mul(&randL, &uInv)
		t2.Mul(&randR, &u)
		rPrime.Add(&rPrime, &t1)
		rPrime.Add(&rPrime, &t2)

		na := make([]fp.Element, m)
		nb := make([]fp.Element, m)
		parallelFor(m, func(lo, hi int) {
			var t fp.Element
			for i := lo; i < hi; i++ {
				t.Mul(&aHi[i], &uInv)
				na[i].Add(&aLo[i], &t)
				t.Mul(&bHi[i], &u)
				nb[i].Add(&bLo[i], &t)
			}
		})
		a, b = na, nb
		if round == 0 {
			// The first round folds the SRS itself: through its table.
			g = foldRound0(ix.foldTable(), gLo, gHi, uPre.Inner(), &u, &ix.curve.EndoR)
		} else {
			g = foldBases(gLo, gHi, uPre.Inner(), &u, &ix.curve.EndoR)
		}
	}
	d, err := randomScalar()
	if err != nil {
		return nil, err
	}
	rDelta, err := randomScalar()
	if err != nil {
		return nil, err
	}
	g0 := g[0]
	// delta = d·(G0 + b0·U) + r_delta·H.
	var ub, sum, delta vesta.Affine
	ub.ScalarMul(&uBase, &b[0])
	sum.Add(&g0, &ub)
	var dj, hj vesta.Jacobian
	dj.FromAffine(&sum)
	dj.ScalarMul(&dj, &d)
	hj.FromAffine(&h)
	hj.ScalarMul(&hj, &rDelta)
	dj.Add(&hj)
	delta.FromJacobian(&dj)
	sp.AbsorbPoint(delta.X, delta.Y)
	c := sp.ScalarChallenge().ToField(ix.curve.EndoR)
	var z1, z2 fp.Element
	z1.Mul(&a[0], &c)
	z1.Add(&z1, &d)
	z2.Mul(&rPrime, &c)
	z2.Add(&z2, &rDelta)
	return &wire.OpeningProof{
		LR: lr, Delta: pointToWire(&delta),
		Z1: scalarToWire(&z1), Z2: scalarToWire(&z2), SG: pointToWire(&g0),
	}, nil
}

// lrCommitment is <s, g> + blind·h + <s, b>·u, one of an IPA round's
// L and R (ipa.rs SRS::open): the big MSM runs on g itself, without
// copying it to append h and u, or through fixed when g is fixed's points
// from offset on.
func lrCommitment(fixed *vesta.FixedBases, offset int, g []vesta.Affine, s, b []fp.Element, h, u vesta.Affine, blind fp.Element) (vesta.Affine, error) {
	main, err := fixedMSM(fixed, offset, g, s)
	if err != nil {
		return vesta.Affine{}, err
	}
	ip := innerProduct(s, b)
	extra, err := msmNonZero([]vesta.Affine{h, u}, []fp.Element{blind, ip})
	if err != nil {
		return vesta.Affine{}, err
	}
	var sum vesta.Affine
	sum.Add(&main, &extra)
	return sum, nil
}

// evalVector returns b[j] = Σ_e scale^e·pts[e]^j for j < size, the IPA's
// initial b (ipa.rs SRS::open b_init), in one parallel pass.
func evalVector(pts []fp.Element, scale fp.Element, size int) []fp.Element {
	b := make([]fp.Element, size)
	scales := powers(scale, len(pts))
	parallelFor(size, func(lo, hi int) {
		for e := range pts {
			// p = scale^e·pts[e]^lo, then times pts[e] per index.
			p := pow(pts[e], uint64(lo))
			p.Mul(&p, &scales[e])
			for i := lo; i < hi; i++ {
				b[i].Add(&b[i], &p)
				p.Mul(&p, &pts[e])
			}
		}
	})
	return b
}

func innerProduct(a, b []fp.Element) fp.Element {
	n := min(len(a), len(b))
	var res fp.Element
	var t fp.Element
	for i := range n {
		if a[i].IsZero() {
			continue
		}
		t.Mul(&a[i], &b[i])
		res.Add(&res, &t)
	}
	return res
}
