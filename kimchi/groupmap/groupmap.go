package groupmap

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
)

// Field is the set of methods the map needs from a gnark-crypto generated
// prime-field element type E (used through *E).
type Field[E any] interface {
	*E
	SetZero() *E
	SetOne() *E
	SetUint64(v uint64) *E
	Set(x *E) *E
	Add(x, y *E) *E
	Sub(x, y *E) *E
	Neg(x *E) *E
	Mul(x, y *E) *E
	Square(x *E) *E
	Inverse(x *E) *E
	Exp(x E, k *big.Int) *E
	// ExpBySqrtExp raises x to (T-1)/2 where p-1 = 2^s·T with T odd.
	ExpBySqrtExp(x E) *E
	IsZero() bool
	IsOne() bool
	Equal(x *E) bool
}

// Errors returned by Setup and ToGroup.
var (
	ErrSetup    = errors.New("groupmap: unsupported curve parameters")
	ErrNoSquare = errors.New("groupmap: none of the three candidates is on the curve")
)

// Map is the SvdW map of proof-systems' BWParameters for a curve
// y² = x³ + b over the field of E (a = 0). It is immutable after New and safe
// for concurrent use.
type Map[E any, PE Field[E]] struct {
	b E // curve coefficient B
	// BWParameters (groupmap/src/lib.rs).
	u, fu                             E
	sqrtNegThreeUSquaredMinusUOver2   E
	sqrtNegThreeUSquared, invThreeUSq E
	sqrt                              sqrtParams[E, PE]
}

// Pallas is the map onto Pallas (y² = x³ + 5 over Fp).
type Pallas = Map[fp.Element, *fp.Element]

// Vesta is the map onto Vesta (y² = x³ + 5 over Fq).
type Vesta = Map[fq.Element, *fq.Element]

// NewPallas returns BWParameters::<PallasParameters>::setup().
func NewPallas() (*Pallas, error) { return New[fp.Element](5, fp.Modulus(), 32) }

// NewVesta returns BWParameters::<VestaParameters>::setup().
func NewVesta() (*Vesta, error) { return New[fq.Element](5, fq.Modulus(), 32) }

// New runs proof-systems' BWParameters::setup for y² = x³ + b over the prime
// field with the given modulus, whose multiplicative group has 2-adicity s and
// generator-based non-residue 5 (arkworks' MontConfig GENERATOR for both
// Pasta fields).
func New[E any, PE Field[E]](b uint64, modulus *big.Int, s uint) (*Map[E, PE], error) {
	m := new(Map[E, PE])
	PE(&m.b).SetUint64(b)
	if err := m.sqrt.init(modulus, s, 5); err != nil {
		return nil, err
	}

	// find_first: u = 1, 2, ... with f(u) ≠ 0. f has at most three roots, so
	// this stops within four steps.
	PE(&m.u).SetOne()
	var one E
	PE(&one).SetOne()
	for {
		m.curveEqn(&m.fu, &m.u)
		if !PE(&m.fu).IsZero() {
			break
		}
		PE(&m.u).Add(&m.u, &one)
	}

	var three, threeUSq, negThreeUSq, twoInv E
	PE(&three).SetUint64(3)
	PE(&threeUSq).Square(&m.u)
	PE(&threeUSq).Mul(&threeUSq, &three)
	if PE(&threeUSq).IsZero() {
		return nil, fmt.Errorf("%w: 3u² = 0", ErrSetup)
	}
	PE(&m.invThreeUSq).Inverse(&threeUSq)
	PE(&negThreeUSq).Neg(&threeUSq)
	if !m.sqrt.sqrt(&m.sqrtNegThreeUSquared, &negThreeUSq) {
		return nil, fmt.Errorf("%w: -3u² is not a square", ErrSetup)
	}
	PE(&twoInv).SetUint64(2)
	PE(&twoInv).Inverse(&twoInv)
	PE(&m.sqrtNegThreeUSquaredMinusUOver2).Sub(&m.sqrtNegThreeUSquared, &m.u)
	PE(&m.sqrtNegThreeUSquaredMinusUOver2).Mul(&m.sqrtNegThreeUSquaredMinusUOver2, &twoInv)
	return m, nil
}

// U returns the parameter u (1 for the Pasta curves).
func (m *Map[E, PE]) U() E { return m.u }

// SqrtNegThreeUSquared returns the setup's arkworks square root of -3u².
func (m *Map[E, PE]) SqrtNegThreeUSquared() E { return m.sqrtNegThreeUSquared }

// curveEqn sets z = x³ + b.
func (m *Map[E, PE]) curveEqn(z, x *E) {
	var r E
	PE(&r).Square(x)
	PE(&r).Mul(&r, x)
	PE(z).Add(&r, &m.b)
}

// alphaInv returns (t², (t² + f(u))·t²).
func (m *Map[E, PE]) alphaInv(t *E) (t2, ai E) {
	PE(&t2).Square(t)
	PE(&ai).Add(&t2, &m.fu)
	PE(&ai).Mul(&ai, &t2)
	return t2, ai
}

// xsHelper is potential_xs_helper: the three SvdW candidates from t² and
// α = 1/((t² + f(u))·t²) (α = 0 when that product is zero).
func (m *Map[E, PE]) xsHelper(t2, alpha *E) [3]E {
	var xs [3]E
	var tmp E
	// x1 = sqrt(-3u²-u)/2 - t⁴·α·sqrt(-3u²)
	PE(&tmp).Square(t2)
	PE(&tmp).Mul(&tmp, alpha)
	PE(&tmp).Mul(&tmp, &m.sqrtNegThreeUSquared)
	PE(&xs[0]).Sub(&m.sqrtNegThreeUSquaredMinusUOver2, &tmp)
	// x2 = -u - x1
	PE(&xs[1]).Neg(&m.u)
	PE(&xs[1]).Sub(&xs[1], &xs[0])
	// x3 = u - (t² + f(u))³·α / (3u²) = u - (t²+f(u))²·(α·(t²+f(u)))/(3u²)
	var s, inv E
	PE(&s).Add(t2, &m.fu)
	PE(&inv).Mul(alpha, &s)
	PE(&tmp).Square(&s)
	PE(&tmp).Mul(&tmp, &inv)
	PE(&tmp).Mul(&tmp, &m.invThreeUSq)
	PE(&xs[2]).Sub(&m.u, &tmp)
	return xs
}

// PotentialXs returns the three candidate x-coordinates for t, in the order
// proof-systems tries them.
func (m *Map[E, PE]) PotentialXs(t *E) [3]E {
	t2, alpha := m.alphaInv(t)
	PE(&alpha).Inverse(&alpha) // gnark's Inverse(0) = 0, like unwrap_or(zero)
	return m.xsHelper(&t2, &alpha)
}

// BatchPotentialXs is batch_to_group_x: PotentialXs for every t with one
// field inversion in total (zero denominators give α = 0, as in arkworks'
// batch_inversion).
func (m *Map[E, PE]) BatchPotentialXs(ts []E) [][3]E {
	t2s := make([]E, len(ts))
	alphas := make([]E, len(ts))
	for i := range ts {
		t2s[i], alphas[i] = m.alphaInv(&ts[i])
	}
	batchInvert[E, PE](alphas)
	out := make([][3]E, len(ts))
	for i := range ts {
		out[i] = m.xsHelper(&t2s[i], &alphas[i])
	}
	return out
}

// GetY returns arkworks' square root of x³ + b and whether it exists
// (proof-systems' get_y).
func (m *Map[E, PE]) GetY(x *E) (E, bool) {
	var fx, y E
	m.curveEqn(&fx, x)
	ok := m.sqrt.sqrt(&y, &fx)
	return y, ok
}

// FromXs is get_xy after the candidates are known: the first candidate with
// x³ + b a square, and arkworks' square root as y.
func (m *Map[E, PE]) FromXs(xs *[3]E) (x, y E, err error) {
	for i := range xs {
		if y, ok := m.GetY(&xs[i]); ok {
			return xs[i], y, nil
		}
	}
	return x, y, ErrNoSquare
}

// ToGroup maps t to a curve point (x, y) exactly as proof-systems'
// GroupMap::to_group does. It fails only if no candidate is on the curve,
// which SvdW rules out except for degenerate t (never seen in practice).
func (m *Map[E, PE]) ToGroup(t *E) (x, y E, err error) {
	xs := m.PotentialXs(t)
	return m.FromXs(&xs)
}

// Sqrt returns arkworks' (ark-ff 0.5 Tonelli–Shanks) square root of a and
// whether a is a square.
func (m *Map[E, PE]) Sqrt(a *E) (E, bool) {
	var r E
	ok := m.sqrt.sqrt(&r, a)
	return r, ok
}

// batchInvert replaces every non-zero element by its inverse with
// Montgomery's trick; zeros stay zero.
func batchInvert[E any, PE Field[E]](a []E) {
	if len(a) == 0 {
		return
	}
	prefix := make([]E, len(a))
	var acc E
	PE(&acc).SetOne()
	for i := range a {
		prefix[i] = acc
		if !PE(&a[i]).IsZero() {
			PE(&acc).Mul(&acc, &a[i])
		}
	}
	PE(&acc).Inverse(&acc)
	for i := len(a) - 1; i >= 0; i-- {
		if PE(&a[i]).IsZero() {
			continue
		}
		var inv E
		PE(&inv).Mul(&acc, &prefix[i])
		PE(&acc).Mul(&acc, &a[i])
		a[i] = inv
	}
}
