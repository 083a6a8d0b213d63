package prover

import (
	"fmt"
	"math/big"

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
	// b_init[j] = Σ_e evalscale^e·pts[e]^j.
	b := make([]fp.Element, size)
	var scale fp.Element
	scale.SetOne()
	for _, e := range pts {
		pw := powers(e, size)
		s := scale
		parallelFor(size, func(lo, hi int) {
			var t fp.Element
			for i := lo; i < hi; i++ {
				t.Mul(&pw[i], &s)
				b[i].Add(&b[i], &t)
			}
		})
		scale.Mul(&scale, &evalscale)
	}
	a = append([]fp.Element(nil), a...)
	cip := innerProduct(a, b)
	sp.AbsorbFr(ipa.ShiftScalar[fp.Element, *fp.Element, fq.Element, *fq.Element](cip))
	t := sp.ChallengeFq()
	ux, uy, err := ix.curve.ToGroup(&t)
	if err != nil {
		return nil, fmt.Errorf("prover: group map: %w", err)
	}
	uBase := vesta.Affine{X: ux, Y: uy}
	h := ix.srs.H

	g := append([]vesta.Affine(nil), ix.srs.G...)
	var lr []wire.LRPair
	rPrime := blinding
	for len(g) > 1 {
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
		var l, r vesta.Affine
		var errL, errR error
		ipL, ipR := innerProduct(aHi, bLo), innerProduct(aLo, bHi)
		l, errL = msmNonZero(append(append([]vesta.Affine(nil), gLo...), h, uBase), append(append([]fp.Element(nil), aHi...), randL, ipL))
		r, errR = msmNonZero(append(append([]vesta.Affine(nil), gHi...), h, uBase), append(append([]fp.Element(nil), aLo...), randR, ipR))
		if errL != nil || errR != nil {
			return nil, fmt.Errorf("prover: ipa round: %v %v", errL, errR)
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
		g = foldBases(gLo, gHi, uPre.Inner(), &u, &ix.curve.EndoR)
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

// foldBases returns lo[i] + u·hi[i], u = ToField(uPre): like
// proof-systems' combine_one_endo it uses u = a·λ + b with the ~66-bit a, b
// of the challenge's bit walk (poseidon ScalarChallenge.ToField), so
// u·P = a·φ(P) + b·P needs half the doublings of a full scalar
// multiplication; φ(P) = (β·x, y) and P + φ(P) are shared across the loop.
func foldBases(lo, hi []vesta.Affine, uPre fp.Element, u, endoR *fp.Element) []vesta.Affine {
	m := len(lo)
	a, b := endoDecompose(uPre)
	var chk, t fp.Element
	chk.SetBigInt(a)
	chk.Mul(&chk, endoR)
	t.SetBigInt(b)
	chk.Add(&chk, &t)
	js := make([]vesta.Jacobian, m)
	if !chk.Equal(u) {
		// Not expected; fall back to the generic scalar multiplication.
		parallelFor(m, func(s, e int) {
			for i := s; i < e; i++ {
				js[i].FromAffine(&hi[i])
				js[i].ScalarMul(&js[i], u)
				js[i].AddMixed(&lo[i])
			}
		})
		return vesta.BatchJacobianToAffine(js)
	}
	if out, ok := foldBasesAffine(lo, hi, a, b); ok {
		return out
	}
	// Tables: φ(P) and P + φ(P) in affine.
	phi := make([]vesta.Affine, m)
	sumJ := make([]vesta.Jacobian, m)
	parallelFor(m, func(s, e int) {
		for i := s; i < e; i++ {
			phi[i].Endo(&hi[i])
			sumJ[i].FromAffine(&hi[i])
			sumJ[i].AddMixed(&phi[i])
		}
	})
	sum := vesta.BatchJacobianToAffine(sumJ)
	nb := max(a.BitLen(), b.BitLen())
	parallelFor(m, func(s, e int) {
		for i := s; i < e; i++ {
			var acc vesta.Jacobian
			acc.SetInfinity()
			for k := nb - 1; k >= 0; k-- {
				acc.Double(&acc)
				switch a.Bit(k)<<1 | b.Bit(k) {
				case 1:
					acc.AddMixed(&hi[i])
				case 2:
					acc.AddMixed(&phi[i])
				case 3:
					acc.AddMixed(&sum[i])
				}
			}
			acc.AddMixed(&lo[i])
			js[i] = acc
		}
	})
	return vesta.BatchJacobianToAffine(js)
}

// endoDecompose replays ScalarChallenge.ToField's bit walk (poseidon
// challenge.go, proof-systems sponge.rs to_field_with_length) on the
// 128-bit challenge, returning the integers a, b with u = a·λ + b.
func endoDecompose(inner fp.Element) (*big.Int, *big.Int) {
	r := inner.Bits()
	bit := func(i int) uint64 { return (r[i/64] >> (i % 64)) & 1 }
	a, b := big.NewInt(2), big.NewInt(2)
	one := big.NewInt(1)
	for i := 63; i >= 0; i-- {
		a.Lsh(a, 1)
		b.Lsh(b, 1)
		dst := b
		if bit(2*i+1) == 1 {
			dst = a
		}
		if bit(2*i) == 1 {
			dst.Add(dst, one)
		} else {
			dst.Sub(dst, one)
		}
	}
	return a, b
}

// foldChunk is the number of points sharing one batch inversion.
const foldChunk = 256

// foldBasesAffine computes lo[i] + (a·φ + b)(hi[i]) like foldBases, but
// in affine coordinates with one batch inversion per chunk and step: the
// bits of a and b are shared by every point, so each step is one batch
// doubling and (when the bit pair is non-zero) one batch addition of P,
// φ(P) or P + φ(P), about 6 multiplications each instead of Jacobian's
// 9–11 (proof-systems' combine_one_endo uses the same batch-affine idea,
// poly-commitment/src/ipa.rs / combine.rs). It reports false on an
// exceptional addition (equal or opposite x, probability ~2^-250), and
// the caller then uses the Jacobian path.
func foldBasesAffine(lo, hi []vesta.Affine, a, b *big.Int) ([]vesta.Affine, bool) {
	m := len(lo)
	out := make([]vesta.Affine, m)
	nb := max(a.BitLen(), b.BitLen())
	if nb == 0 {
		return nil, false
	}
	sel := make([]uint, nb)
	for k := range nb {
		sel[k] = a.Bit(k)<<1 | b.Bit(k)
	}
	if sel[nb-1] == 0 {
		return nil, false
	}
	ok := make([]bool, (m+foldChunk-1)/foldChunk)
	parallelTasks(len(ok), func(c int) {
		lo0, hi0 := c*foldChunk, min((c+1)*foldChunk, m)
		ok[c] = foldAffineChunk(out[lo0:hi0], lo[lo0:hi0], hi[lo0:hi0], sel)
	})
	for _, v := range ok {
		if !v {
			return nil, false
		}
	}
	return out, true
}

func foldAffineChunk(out, lo, hi []vesta.Affine, sel []uint) bool {
	k := len(out)
	phi := make([]vesta.Affine, k)
	sum := make([]vesta.Affine, k)
	den := make([]fq.Element, k)
	scratch := make([]fq.Element, k)
	for i := range k {
		phi[i].Endo(&hi[i])
	}
	// sum = P + φ(P).
	for i := range k {
		den[i].Sub(&phi[i].X, &hi[i].X)
	}
	if !batchInvertFq(den, scratch) {
		return false
	}
	for i := range k {
		addAffineWith(&sum[i], &hi[i], &phi[i], &den[i])
	}
	table := func(s uint, i int) *vesta.Affine {
		switch s {
		case 1:
			return &hi[i]
		case 2:
			return &phi[i]
		}
		return &sum[i]
	}
	acc := out
	top := len(sel) - 1
	for i := range k {
		acc[i] = *table(sel[top], i)
	}
	var t, l fq.Element
	for bit := top - 1; bit >= 0; bit-- {
		// Doubling: λ = 3x²/(2y).
		for i := range k {
			den[i].Double(&acc[i].Y)
		}
		if !batchInvertFq(den, scratch) {
			return false
		}
		for i := range k {
			p := &acc[i]
			t.Square(&p.X)
			l.Double(&t)
			l.Add(&l, &t)
			l.Mul(&l, &den[i])
			var x3 fq.Element
			x3.Square(&l)
			x3.Sub(&x3, &p.X)
			x3.Sub(&x3, &p.X)
			t.Sub(&p.X, &x3)
			t.Mul(&t, &l)
			p.Y.Sub(&t, &p.Y)
			p.X = x3
		}
		s := sel[bit]
		if s == 0 {
			continue
		}
		for i := range k {
			den[i].Sub(&table(s, i).X, &acc[i].X)
		}
		if !batchInvertFq(den, scratch) {
			return false
		}
		for i := range k {
			addAffineWith(&acc[i], &acc[i], table(s, i), &den[i])
		}
	}
	for i := range k {
		den[i].Sub(&lo[i].X, &acc[i].X)
	}
	if !batchInvertFq(den, scratch) {
		return false
	}
	for i := range k {
		addAffineWith(&acc[i], &acc[i], &lo[i], &den[i])
	}
	return true
}

// addAffineWith sets r = p + q given inv = 1/(q.x - p.x) (p ≠ ±q); r may
// alias p.
func addAffineWith(r, p, q *vesta.Affine, inv *fq.Element) {
	var l, x3, t fq.Element
	l.Sub(&q.Y, &p.Y)
	l.Mul(&l, inv)
	x3.Square(&l)
	x3.Sub(&x3, &p.X)
	x3.Sub(&x3, &q.X)
	t.Sub(&p.X, &x3)
	t.Mul(&t, &l)
	r.Y.Sub(&t, &p.Y)
	r.X = x3
}

// batchInvertFq inverts a in place (Montgomery's trick, one inversion)
// using scratch (len ≥ len(a)); it reports false if some a[i] is zero.
func batchInvertFq(a, scratch []fq.Element) bool {
	if len(a) == 0 {
		return true
	}
	var acc fq.Element
	acc.SetOne()
	for i := range a {
		if a[i].IsZero() {
			return false
		}
		scratch[i] = acc
		acc.Mul(&acc, &a[i])
	}
	acc.Inverse(&acc)
	for i := len(a) - 1; i >= 0; i-- {
		var t fq.Element
		t.Mul(&acc, &scratch[i])
		acc.Mul(&acc, &a[i])
		a[i] = t
	}
	return true
}
