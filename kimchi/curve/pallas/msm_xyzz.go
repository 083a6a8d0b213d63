package pallas

import (
	base "github.com/zkml-mina/zkml/kimchi/field/fp"
)

// xyzzWindow sums one window's terms into buckets in extended Jacobian
// coordinates, one mixed addition per term: no inversions, so it suits the
// smallest inputs, where affineWindow's batches would be short.
type xyzzWindow struct {
	buckets []xyzz
}

func newXYZZWindow(nb int) *xyzzWindow {
	return &xyzzWindow{buckets: make([]xyzz, nb)}
}

// process returns Σ_k (k+1)·bucket[k] for the terms sel with window digits
// digits (bucket |d|-1, sign of d); every |d| ≤ nb.
func (w *xyzzWindow) process(points []Affine, sel []uint32, digits []int16, nb int) Jacobian {
	buckets := w.buckets[:nb]
	for i := range buckets {
		buckets[i].setInfinity()
	}
	for j, d := range digits {
		switch {
		case d > 0:
			buckets[d-1].addMixed(&points[sel[j]], false)
		case d < 0:
			buckets[-d-1].addMixed(&points[sel[j]], true)
		}
	}
	var running, total xyzz
	running.setInfinity()
	total.setInfinity()
	for k := len(buckets) - 1; k >= 0; k-- {
		running.add(&buckets[k])
		total.add(&running)
	}
	return total.toJacobian()
}

// xyzz is a point in extended Jacobian coordinates: x = X/ZZ, y = Y/ZZZ with
// ZZ³ = ZZZ²; infinity has ZZ = 0.
type xyzz struct {
	X, Y, ZZ, ZZZ base.Element
}

func (p *xyzz) setInfinity() {
	p.X.SetOne()
	p.Y.SetOne()
	p.ZZ.SetZero()
	p.ZZZ.SetZero()
}

func (p *xyzz) toJacobian() Jacobian {
	var j Jacobian
	if p.ZZ.IsZero() {
		return *j.SetInfinity()
	}
	// With Z = ZZZ: Z² = ZZ³, so X_jac = X·ZZ² and Y_jac = Y·ZZZ².
	j.X.Square(&p.ZZ).Mul(&j.X, &p.X)
	j.Y.Square(&p.ZZZ).Mul(&j.Y, &p.Y)
	j.Z = p.ZZZ
	return j
}

// addMixed sets p += ±q for an affine q (madd-2008-s).
func (p *xyzz) addMixed(q *Affine, negate bool) {
	if q.IsInfinity() {
		return
	}
	var qy base.Element
	qy = q.Y
	if negate {
		qy.Neg(&qy)
	}
	if p.ZZ.IsZero() {
		p.X = q.X
		p.Y = qy
		p.ZZ.SetOne()
		p.ZZZ.SetOne()
		return
	}
	var pp, r base.Element
	pp.Mul(&q.X, &p.ZZ).Sub(&pp, &p.X) // P = U2 - X1
	r.Mul(&qy, &p.ZZZ).Sub(&r, &p.Y)   // R = S2 - Y1
	if pp.IsZero() {
		if r.IsZero() {
			p.doubleMixed(&q.X, &qy)
		} else {
			p.setInfinity()
		}
		return
	}
	var ppp, qq, tmp base.Element
	tmp.Square(&pp)    // PP
	ppp.Mul(&pp, &tmp) // PPP
	qq.Mul(&p.X, &tmp) // Q = X1·PP
	p.ZZ.Mul(&p.ZZ, &tmp)
	p.ZZZ.Mul(&p.ZZZ, &ppp)
	p.X.Square(&r).Sub(&p.X, &ppp).Sub(&p.X, &qq).Sub(&p.X, &qq)
	ppp.Mul(&ppp, &p.Y)
	p.Y.Sub(&qq, &p.X).Mul(&p.Y, &r).Sub(&p.Y, &ppp)
}

// doubleMixed sets p = 2·(x, y) (mdbl-2008-s, a = 0).
func (p *xyzz) doubleMixed(x, y *base.Element) {
	var u, v, w, s, m base.Element
	u.Double(y)
	v.Square(&u)
	w.Mul(&u, &v)
	s.Mul(x, &v)
	m.Square(x)
	var m3 base.Element
	m3.Double(&m).Add(&m3, &m)
	p.X.Square(&m3).Sub(&p.X, &s).Sub(&p.X, &s)
	w.Mul(&w, y)
	p.Y.Sub(&s, &p.X).Mul(&p.Y, &m3).Sub(&p.Y, &w)
	p.ZZ = v
	p.ZZZ.Mul(&u, &v)
}

// double sets p = 2p (dbl-2008-s-1, a = 0).
func (p *xyzz) double() {
	if p.ZZ.IsZero() {
		return
	}
	var u, v, w, s, m base.Element
	u.Double(&p.Y)
	v.Square(&u)
	w.Mul(&u, &v)
	s.Mul(&p.X, &v)
	m.Square(&p.X)
	var m3 base.Element
	m3.Double(&m).Add(&m3, &m)
	p.X.Square(&m3).Sub(&p.X, &s).Sub(&p.X, &s)
	var wy base.Element
	wy.Mul(&w, &p.Y)
	p.Y.Sub(&s, &p.X).Mul(&p.Y, &m3).Sub(&p.Y, &wy)
	p.ZZ.Mul(&p.ZZ, &v)
	p.ZZZ.Mul(&p.ZZZ, &w)
}

// add sets p += q (add-2008-s).
func (p *xyzz) add(q *xyzz) {
	if q.ZZ.IsZero() {
		return
	}
	if p.ZZ.IsZero() {
		*p = *q
		return
	}
	var u1, u2, s1, s2 base.Element
	u1.Mul(&p.X, &q.ZZ)
	u2.Mul(&q.X, &p.ZZ)
	s1.Mul(&p.Y, &q.ZZZ)
	s2.Mul(&q.Y, &p.ZZZ)
	var pp, r base.Element
	pp.Sub(&u2, &u1)
	r.Sub(&s2, &s1)
	if pp.IsZero() {
		if r.IsZero() {
			p.double()
		} else {
			p.setInfinity()
		}
		return
	}
	var ppsq, ppp, qq base.Element
	ppsq.Square(&pp)
	ppp.Mul(&pp, &ppsq)
	qq.Mul(&u1, &ppsq)
	p.X.Square(&r).Sub(&p.X, &ppp).Sub(&p.X, &qq).Sub(&p.X, &qq)
	s1.Mul(&s1, &ppp)
	p.Y.Sub(&qq, &p.X).Mul(&p.Y, &r).Sub(&p.Y, &s1)
	p.ZZ.Mul(&p.ZZ, &q.ZZ).Mul(&p.ZZ, &ppsq)
	p.ZZZ.Mul(&p.ZZZ, &q.ZZZ).Mul(&p.ZZZ, &ppp)
}
