package pallas

import (
	"errors"
	"fmt"
	"runtime"
	"sync"

	base "github.com/zkml-mina/zkml/kimchi/field/fp"
	scalar "github.com/zkml-mina/zkml/kimchi/field/fq"
)

// ErrMSMLength is returned when points and scalars differ in length.
var ErrMSMLength = errors.New("points and scalars have different lengths")

// MultiExp returns Σ [scalars[i]] points[i] using Pippenger's bucket method
// with signed c-bit digits, buckets in extended Jacobian (XYZZ) coordinates
// fed by mixed additions, and the windows spread over all cores.
func MultiExp(points []Affine, scalars []scalar.Element) (Jacobian, error) {
	var res Jacobian
	res.SetInfinity()
	if len(points) != len(scalars) {
		return res, fmt.Errorf("%s: msm: %w (%d points, %d scalars)", curveName, ErrMSMLength, len(points), len(scalars))
	}
	n := len(points)
	if n == 0 {
		return res, nil
	}
	c, batchAffine := bestWindow(n)
	nbWindows := (scalar.Bits + 1 + c - 1) / c // +1 bit for the final signed carry
	digits := signedDigits(scalars, c, nbWindows)

	windows := make([]Jacobian, nbWindows)
	var wg sync.WaitGroup
	next := make(chan int, nbWindows)
	for w := nbWindows - 1; w >= 0; w-- { // high windows first: they may be empty
		next <- w
	}
	close(next)
	workers := min(runtime.GOMAXPROCS(0), nbWindows)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if batchAffine {
				aw := newAffineWindow(1 << (c - 1))
				for w := range next {
					windows[w] = aw.process(points, digits[w*n:(w+1)*n])
				}
				return
			}
			buckets := make([]xyzz, 1<<(c-1))
			for w := range next {
				windows[w] = processWindow(points, digits[w*n:(w+1)*n], buckets)
			}
		}()
	}
	wg.Wait()

	// res = Σ windows[w] · 2^(c·w), Horner from the top window.
	for w := nbWindows - 1; w >= 0; w-- {
		for range c {
			if !res.IsInfinity() {
				res.Double(&res)
			}
		}
		res.Add(&windows[w])
	}
	return res, nil
}

// bestWindow picks the digit width c and bucket representation minimising
// the estimated cost in field multiplications: windows·(n bucket additions +
// 2^(c-1) buckets summed). An XYZZ mixed addition costs about 10
// multiplications and a batch-affine one about 6.5, but affine buckets need a
// mixed plus a full addition each in the final sum.
func bestWindow(n int) (c int, batchAffine bool) {
	bestCost := ^uint64(0)
	for w := 2; w <= 16; w++ {
		windows := uint64((scalar.Bits + 1 + w - 1) / w)
		buckets := uint64(1) << (w - 1)
		if cost := windows * (uint64(n)*20 + buckets*2*28); cost < bestCost {
			c, batchAffine, bestCost = w, false, cost
		}
		if n < 1<<10 {
			continue
		}
		if cost := windows * (uint64(n)*13 + buckets*2*38); cost < bestCost {
			c, batchAffine, bestCost = w, true, cost
		}
	}
	return c, batchAffine
}

// signedDigits returns, window-major, each scalar's base-2^c digits in
// [-2^(c-1), 2^(c-1)); the top window absorbs the final carry and may hold
// 2^(c-1).
func signedDigits(scalars []scalar.Element, c, nbWindows int) []int32 {
	n := len(scalars)
	digits := make([]int32, n*nbWindows)
	mask := uint64(1)<<c - 1
	half := uint64(1) << (c - 1)
	parallelChunks(n, func(start, end int) {
		for i := start; i < end; i++ {
			k := scalars[i].Bits() // canonical limbs
			carry := uint64(0)
			for w := range nbWindows {
				bit := w * c
				limb, shift := bit/64, uint(bit%64)
				var d uint64
				if limb < len(k) {
					d = k[limb] >> shift
					if shift+uint(c) > 64 && limb+1 < len(k) {
						d |= k[limb+1] << (64 - shift)
					}
				}
				d = d&mask + carry
				carry = 0
				// The top window keeps d ≤ 2^(c-1) (it covers bit 255,
				// which is always 0, so no carry can leave it).
				if d >= half && w < nbWindows-1 {
					carry = 1
					digits[w*n+i] = int32(d) - int32(mask+1)
				} else {
					digits[w*n+i] = int32(d)
				}
			}
		}
	})
	return digits
}

// parallelChunks runs f over [0, n) split into one chunk per core.
func parallelChunks(n int, f func(start, end int)) {
	workers := min(runtime.GOMAXPROCS(0), max(1, n/1024))
	if workers <= 1 {
		f(0, n)
		return
	}
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for start := 0; start < n; start += chunk {
		wg.Add(1)
		go func(start, end int) {
			defer wg.Done()
			f(start, end)
		}(start, min(start+chunk, n))
	}
	wg.Wait()
}

// processWindow accumulates one window's digits into buckets and returns
// Σ_k (k+1)·bucket[k] via the running-sum trick.
func processWindow(points []Affine, digits []int32, buckets []xyzz) Jacobian {
	for i := range buckets {
		buckets[i].setInfinity()
	}
	for i, d := range digits {
		switch {
		case d > 0:
			buckets[d-1].addMixed(&points[i], false)
		case d < 0:
			buckets[-d-1].addMixed(&points[i], true)
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
