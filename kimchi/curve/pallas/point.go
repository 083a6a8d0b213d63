package pallas

import (
	"math/big"
	"unsafe"

	"github.com/consensys/gnark-crypto/ecc"

	base "github.com/zkml-mina/zkml/kimchi/field/fp"
	scalar "github.com/zkml-mina/zkml/kimchi/field/fq"
)

// Affine is a point in affine coordinates. The point at infinity is (0, 0),
// which is not on the curve since b = 5 ≠ 0.
type Affine struct {
	X, Y base.Element
}

// Coordinates views pts as their coordinates x0, y0, x1, y1, … without
// copying, the layout the field package's batch-affine kernels
// (AddAffinePairs, AffineBatch) work on; nil stays nil.
func Coordinates(pts []Affine) []base.Element {
	return unsafe.Slice((*base.Element)(unsafe.Pointer(unsafe.SliceData(pts))), 2*len(pts))
}

// This fails to compile unless Affine is X then Y with nothing else, which
// Coordinates relies on.
var _ = [1]struct{}{}[unsafe.Sizeof(Affine{})-2*unsafe.Sizeof(base.Element{})+
	unsafe.Offsetof(Affine{}.Y)-unsafe.Sizeof(base.Element{})]

// Jacobian is a point in Jacobian coordinates (x = X/Z², y = Y/Z³). The point
// at infinity has Z = 0.
type Jacobian struct {
	X, Y, Z base.Element
}

// Read-only values derived from params.go once at start-up.
var (
	curveB      base.Element // b = 5
	generator   Affine
	endoBaseEl  base.Element // β
	endoLambda  big.Int      // λ
	glvLattice  ecc.Lattice
	scalarOrder big.Int
)

func init() {
	curveB.SetUint64(5)
	mustSetString(&generator.X, generatorX)
	mustSetString(&generator.Y, generatorY)
	mustSetString(&endoBaseEl, endoBase)
	if _, ok := endoLambda.SetString(endoScalar, 10); !ok {
		panic(curveName + ": bad endomorphism scalar")
	}
	scalarOrder.Set(scalar.Modulus())
	ecc.PrecomputeLattice(&scalarOrder, &endoLambda, &glvLattice)
}

func mustSetString(e *base.Element, s string) {
	if _, err := e.SetString(s); err != nil {
		panic(curveName + ": bad constant " + s)
	}
}

// Generator returns proof-systems' generator of the group.
func Generator() Affine { return generator }

// GeneratorJacobian returns the generator in Jacobian coordinates.
func GeneratorJacobian() Jacobian {
	var g Jacobian
	g.FromAffine(&generator)
	return g
}

// EndoBase returns β, the cube root of unity in the base field with
// φ(x, y) = (β·x, y) (proof-systems' endo_q).
func EndoBase() base.Element { return endoBaseEl }

// EndoScalar returns λ in the scalar field with φ(P) = [λ]P (proof-systems'
// endo_r).
func EndoScalar() scalar.Element {
	var l scalar.Element
	l.SetBigInt(&endoLambda)
	return l
}

// ---------------------------------------------------------------- affine

// IsInfinity reports whether p is the point at infinity.
func (p *Affine) IsInfinity() bool { return p.X.IsZero() && p.Y.IsZero() }

// IsOnCurve reports whether p satisfies y² = x³ + 5 or is the point at infinity.
func (p *Affine) IsOnCurve() bool {
	if p.IsInfinity() {
		return true
	}
	var lhs, rhs base.Element
	lhs.Square(&p.Y)
	rhs.Square(&p.X).Mul(&rhs, &p.X).Add(&rhs, &curveB)
	return lhs.Equal(&rhs)
}

// Equal reports whether p and q are the same point.
func (p *Affine) Equal(q *Affine) bool { return p.X.Equal(&q.X) && p.Y.Equal(&q.Y) }

// Neg sets p = -q and returns p.
func (p *Affine) Neg(q *Affine) *Affine {
	p.X = q.X
	p.Y.Neg(&q.Y) // -0 = 0 keeps infinity at (0, 0)
	return p
}

// FromJacobian sets p to the affine form of q and returns p.
func (p *Affine) FromJacobian(q *Jacobian) *Affine {
	if q.Z.IsZero() {
		*p = Affine{}
		return p
	}
	var zInv, zInv2 base.Element
	zInv.Inverse(&q.Z)
	zInv2.Square(&zInv)
	p.X.Mul(&q.X, &zInv2)
	p.Y.Mul(&q.Y, &zInv2).Mul(&p.Y, &zInv)
	return p
}

// Add sets p = a + b and returns p.
func (p *Affine) Add(a, b *Affine) *Affine {
	var j Jacobian
	j.FromAffine(a)
	j.AddMixed(b)
	return p.FromJacobian(&j)
}

// ScalarMul sets p = [k]a and returns p.
func (p *Affine) ScalarMul(a *Affine, k *scalar.Element) *Affine {
	var j Jacobian
	j.FromAffine(a)
	j.ScalarMul(&j, k)
	return p.FromJacobian(&j)
}

// Endo sets p = φ(a) = (β·x, y) and returns p; φ(a) = [λ]a.
func (p *Affine) Endo(a *Affine) *Affine {
	p.X.Mul(&a.X, &endoBaseEl)
	p.Y = a.Y
	return p
}

// -------------------------------------------------------------- jacobian

// FromAffine sets p to q and returns p.
func (p *Jacobian) FromAffine(q *Affine) *Jacobian {
	if q.IsInfinity() {
		*p = Jacobian{}
		p.X.SetOne()
		p.Y.SetOne()
		return p
	}
	p.X, p.Y = q.X, q.Y
	p.Z.SetOne()
	return p
}

// SetInfinity sets p to the point at infinity (1:1:0) and returns p.
func (p *Jacobian) SetInfinity() *Jacobian {
	p.X.SetOne()
	p.Y.SetOne()
	p.Z.SetZero()
	return p
}

// IsInfinity reports whether p is the point at infinity.
func (p *Jacobian) IsInfinity() bool { return p.Z.IsZero() }

// IsOnCurve reports whether p satisfies Y² = X³ + 5·Z⁶ or is at infinity.
func (p *Jacobian) IsOnCurve() bool {
	if p.IsInfinity() {
		return true
	}
	var lhs, rhs, z6 base.Element
	lhs.Square(&p.Y)
	rhs.Square(&p.X).Mul(&rhs, &p.X)
	z6.Square(&p.Z).Square(&z6).Mul(&z6, &p.Z).Mul(&z6, &p.Z).Mul(&z6, &curveB)
	rhs.Add(&rhs, &z6)
	return lhs.Equal(&rhs)
}

// Equal reports whether p and q represent the same point.
func (p *Jacobian) Equal(q *Jacobian) bool {
	if p.IsInfinity() || q.IsInfinity() {
		return p.IsInfinity() && q.IsInfinity()
	}
	var pz2, qz2, l, r base.Element
	pz2.Square(&p.Z)
	qz2.Square(&q.Z)
	l.Mul(&p.X, &qz2)
	r.Mul(&q.X, &pz2)
	if !l.Equal(&r) {
		return false
	}
	l.Mul(&p.Y, &qz2).Mul(&l, &q.Z)
	r.Mul(&q.Y, &pz2).Mul(&r, &p.Z)
	return l.Equal(&r)
}

// Neg sets p = -q and returns p.
func (p *Jacobian) Neg(q *Jacobian) *Jacobian {
	*p = *q
	p.Y.Neg(&q.Y)
	return p
}

// Double sets p = 2q and returns p (dbl-2009-l, a = 0).
func (p *Jacobian) Double(q *Jacobian) *Jacobian {
	var a, b, c, d, e, f base.Element
	a.Square(&q.X)
	b.Square(&q.Y)
	c.Square(&b)
	d.Add(&q.X, &b).Square(&d).Sub(&d, &a).Sub(&d, &c).Double(&d)
	e.Double(&a).Add(&e, &a)
	f.Square(&e)
	var z3 base.Element
	z3.Mul(&q.Y, &q.Z).Double(&z3)
	p.X.Sub(&f, &d).Sub(&p.X, &d)
	c.Double(&c).Double(&c).Double(&c)
	p.Y.Sub(&d, &p.X).Mul(&p.Y, &e).Sub(&p.Y, &c)
	p.Z = z3
	return p
}

// Add sets p = p + q and returns p; it handles every special case
// (infinity, p = q, p = -q) (add-2007-bl).
func (p *Jacobian) Add(q *Jacobian) *Jacobian {
	if q.IsInfinity() {
		return p
	}
	if p.IsInfinity() {
		*p = *q
		return p
	}
	var z1z1, z2z2, u1, u2, s1, s2 base.Element
	z1z1.Square(&p.Z)
	z2z2.Square(&q.Z)
	u1.Mul(&p.X, &z2z2)
	u2.Mul(&q.X, &z1z1)
	s1.Mul(&p.Y, &q.Z).Mul(&s1, &z2z2)
	s2.Mul(&q.Y, &p.Z).Mul(&s2, &z1z1)
	if u1.Equal(&u2) {
		if s1.Equal(&s2) {
			return p.Double(p)
		}
		return p.SetInfinity()
	}
	var h, i, j, r, v base.Element
	h.Sub(&u2, &u1)
	i.Double(&h).Square(&i)
	j.Mul(&h, &i)
	r.Sub(&s2, &s1).Double(&r)
	v.Mul(&u1, &i)
	p.X.Square(&r).Sub(&p.X, &j).Sub(&p.X, &v).Sub(&p.X, &v)
	s1.Mul(&s1, &j).Double(&s1)
	v.Sub(&v, &p.X).Mul(&v, &r)
	p.Z.Add(&p.Z, &q.Z).Square(&p.Z).Sub(&p.Z, &z1z1).Sub(&p.Z, &z2z2).Mul(&p.Z, &h)
	p.Y.Sub(&v, &s1)
	return p
}

// AddMixed sets p = p + q for an affine q and returns p (madd-2007-bl), with
// every special case handled.
func (p *Jacobian) AddMixed(q *Affine) *Jacobian {
	if q.IsInfinity() {
		return p
	}
	if p.IsInfinity() {
		return p.FromAffine(q)
	}
	var z1z1, u2, s2 base.Element
	z1z1.Square(&p.Z)
	u2.Mul(&q.X, &z1z1)
	s2.Mul(&q.Y, &p.Z).Mul(&s2, &z1z1)
	if u2.Equal(&p.X) {
		if s2.Equal(&p.Y) {
			return p.Double(p)
		}
		return p.SetInfinity()
	}
	var h, hh, i, j, r, v base.Element
	h.Sub(&u2, &p.X)
	hh.Square(&h)
	i.Double(&hh).Double(&i)
	j.Mul(&h, &i)
	r.Sub(&s2, &p.Y).Double(&r)
	v.Mul(&p.X, &i)
	p.X.Square(&r).Sub(&p.X, &j).Sub(&p.X, &v).Sub(&p.X, &v)
	j.Mul(&j, &p.Y).Double(&j)
	p.Y.Sub(&v, &p.X).Mul(&p.Y, &r).Sub(&p.Y, &j)
	p.Z.Add(&p.Z, &h).Square(&p.Z).Sub(&p.Z, &z1z1).Sub(&p.Z, &hh)
	return p
}

// ScalarMul sets p = [k]q and returns p, using the GLV decomposition
// k = k1 + k2·λ with |k1|, |k2| ≈ √r and a joint 2-bit-window ladder.
func (p *Jacobian) ScalarMul(q *Jacobian, k *scalar.Element) *Jacobian {
	var kb big.Int
	k.BigInt(&kb)
	return p.scalarMulBig(q, &kb)
}

// scalarMulBig computes [k]q for any integer k (reduced modulo r first).
func (p *Jacobian) scalarMulBig(q *Jacobian, k *big.Int) *Jacobian {
	var kr big.Int
	kr.Mod(k, &scalarOrder)
	parts := ecc.SplitScalar(&kr, &glvLattice)
	var q1, q2 Jacobian
	q1 = *q
	q2 = *q
	q2.X.Mul(&q2.X, &endoBaseEl) // φ in Jacobian coordinates: X·β
	if parts[0].Sign() < 0 {
		parts[0].Neg(&parts[0])
		q1.Neg(&q1)
	}
	if parts[1].Sign() < 0 {
		parts[1].Neg(&parts[1])
		q2.Neg(&q2)
	}
	// table[i + 4j] = [i]q1 + [j]q2 for i, j in 0..3.
	var table [16]Jacobian
	table[0].SetInfinity()
	table[1] = q1
	table[4] = q2
	for j := 0; j < 4; j++ {
		for i := 0; i < 4; i++ {
			idx := i + 4*j
			if idx <= 1 || idx == 4 {
				continue
			}
			if i == 0 {
				table[idx] = table[idx-4]
				table[idx].Add(&q2)
			} else {
				table[idx] = table[idx-1]
				table[idx].Add(&q1)
			}
		}
	}
	n := max(parts[0].BitLen(), parts[1].BitLen())
	var acc Jacobian
	acc.SetInfinity()
	for i := (n + 1) &^ 1; i >= 0; i -= 2 {
		acc.Double(&acc).Double(&acc)
		d1 := parts[0].Bit(i+1)<<1 | parts[0].Bit(i)
		d2 := parts[1].Bit(i+1)<<1 | parts[1].Bit(i)
		if idx := d1 + 4*d2; idx != 0 {
			acc.Add(&table[idx])
		}
	}
	*p = acc
	return p
}

// BatchJacobianToAffine converts points to affine coordinates using a single
// field inversion (Montgomery's trick); infinity maps to (0, 0).
func BatchJacobianToAffine(points []Jacobian) []Affine {
	res := make([]Affine, len(points))
	if len(points) == 0 {
		return res
	}
	zs := make([]base.Element, len(points))
	var acc base.Element
	acc.SetOne()
	for i := range points {
		zs[i] = acc // prefix product of the non-zero Z's before i
		if !points[i].Z.IsZero() {
			acc.Mul(&acc, &points[i].Z)
		}
	}
	acc.Inverse(&acc)
	for i := len(points) - 1; i >= 0; i-- {
		if points[i].Z.IsZero() {
			continue // res[i] stays (0, 0)
		}
		var zInv, zInv2 base.Element
		zInv.Mul(&acc, &zs[i])
		acc.Mul(&acc, &points[i].Z)
		zInv2.Square(&zInv)
		res[i].X.Mul(&points[i].X, &zInv2)
		res[i].Y.Mul(&points[i].Y, &zInv2).Mul(&res[i].Y, &zInv)
	}
	return res
}
