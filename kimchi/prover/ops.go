package prover

import (
	"fmt"
	"math/big"
	"sync"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/gates"
)

// vec is a value of the constraint expressions over a block of rows:
// either one constant or one element per row.
type vec struct {
	c bool
	k fp.Element
	v []fp.Element
}

func (x *vec) at(i int) *fp.Element {
	if x.c {
		return &x.k
	}
	return &x.v[i]
}

func (x *vec) isZero() bool { return x.c && x.k.IsZero() }

// recorder collects what an expression reads (the dry run of quotient).
type recorder struct {
	cols     map[gates.Column]bool
	lagrange map[[2]int]bool
	vanish   bool
}

// blockOps implements gates.Ops over a block of rows [lo, lo+size) of one
// quotient slice; constants stay scalars. With rec set it only records the
// columns and domain polynomials an expression reads.
type blockOps struct {
	ix     *Index
	rec    *recorder
	size   int
	lo, n  int
	cols   map[gates.Column][]fp.Element
	alphas []fp.Element
	chals  [4]fp.Element
	lagr   map[[2]int][]fp.Element
	vanish []fp.Element
	slab   []fp.Element
	pooled []*[]fp.Element // slabs from slabPool, for release
	err    error
}

var _ gates.Ops[*vec] = (*blockOps)(nil)

func newBlockOps(ix *Index, rec *recorder, size int) *blockOps {
	return &blockOps{ix: ix, rec: rec, size: size}
}

// constraints evaluates constraintExpr over o's block, returning the first
// error of either.
func (o *blockOps) constraints() (*vec, error) {
	e, err := constraintExpr(o.ix, o)
	if err == nil {
		err = o.err
	}
	return e, err
}

func (o *blockOps) fail(err error) {
	if o.err == nil {
		o.err = err
	}
}

// slabVecs is the number of block vectors one slab holds.
const slabVecs = 64

// slabPool recycles the slabs of quotient blocks (slabVecs·quotientBlock
// elements): every block of every slice needs a few, which would
// otherwise be garbage at once.
var slabPool = sync.Pool{New: func() any {
	s := make([]fp.Element, slabVecs*quotientBlock)
	return &s
}}

func (o *blockOps) alloc() *vec {
	if len(o.slab) < o.size {
		if o.size <= quotientBlock {
			p := slabPool.Get().(*[]fp.Element)
			o.pooled = append(o.pooled, p)
			o.slab = (*p)[:slabVecs*o.size]
		} else {
			o.slab = make([]fp.Element, slabVecs*o.size)
		}
	}
	v := &vec{v: o.slab[:o.size:o.size]}
	o.slab = o.slab[o.size:]
	return v
}

// release returns the pooled slabs: no vec of this blockOps may be used
// afterwards.
func (o *blockOps) release() {
	for _, p := range o.pooled {
		slabPool.Put(p)
	}
	o.pooled, o.slab = nil, nil
}

func (o *blockOps) konst(k fp.Element) *vec { return &vec{c: true, k: k} }

func (o *blockOps) Add(a, b *vec) *vec {
	switch {
	case a.isZero():
		return b
	case b.isZero():
		return a
	case a.c && b.c:
		var r fp.Element
		r.Add(&a.k, &b.k)
		return o.konst(r)
	case a.c:
		a, b = b, a
		fallthrough
	case b.c:
		r := o.alloc()
		for i := range r.v {
			r.v[i].Add(&a.v[i], &b.k)
		}
		return r
	}
	r := o.alloc()
	(*fp.Vector)(&r.v).Add(a.v, b.v)
	return r
}

func (o *blockOps) Sub(a, b *vec) *vec {
	switch {
	case b.isZero():
		return a
	case a.c && b.c:
		var r fp.Element
		r.Sub(&a.k, &b.k)
		return o.konst(r)
	case a.c:
		r := o.alloc()
		for i := range r.v {
			r.v[i].Sub(&a.k, &b.v[i])
		}
		return r
	case b.c:
		r := o.alloc()
		for i := range r.v {
			r.v[i].Sub(&a.v[i], &b.k)
		}
		return r
	}
	r := o.alloc()
	(*fp.Vector)(&r.v).Sub(a.v, b.v)
	return r
}

func (o *blockOps) Mul(a, b *vec) *vec {
	switch {
	case a.isZero() || b.isZero():
		return o.konst(fp.Element{})
	case a.c && b.c:
		var r fp.Element
		r.Mul(&a.k, &b.k)
		return o.konst(r)
	case a.c:
		a, b = b, a
		fallthrough
	case b.c:
		if b.k.IsOne() {
			return a
		}
		r := o.alloc()
		(*fp.Vector)(&r.v).ScalarMul(a.v, &b.k)
		return r
	}
	r := o.alloc()
	(*fp.Vector)(&r.v).Mul(a.v, b.v)
	return r
}

func (o *blockOps) Neg(a *vec) *vec {
	if a.c {
		var r fp.Element
		r.Neg(&a.k)
		return o.konst(r)
	}
	r := o.alloc()
	for i := range r.v {
		r.v[i].Neg(&a.v[i])
	}
	return r
}

func (o *blockOps) Const(c int64) *vec {
	var r fp.Element
	r.SetInt64(c)
	return o.konst(r)
}

func (o *blockOps) Frac(num, den int64) *vec {
	var n, d fp.Element
	n.SetInt64(num)
	d.SetInt64(den)
	d.Inverse(&d)
	n.Mul(&n, &d)
	return o.konst(n)
}

func (o *blockOps) Pow2(n uint) *vec {
	var r fp.Element
	r.SetBigInt(new(big.Int).Lsh(big.NewInt(1), n))
	return o.konst(r)
}

func (o *blockOps) Literal(dec string) *vec {
	var r fp.Element
	if _, err := r.SetString(dec); err != nil {
		o.fail(fmt.Errorf("prover: literal %q: %w", dec, err))
	}
	return o.konst(r)
}

func (o *blockOps) Cell(c gates.Column, r gates.Row) *vec {
	if o.rec != nil {
		o.rec.cols[c] = true
		return o.Const(1)
	}
	col, ok := o.cols[c]
	if !ok {
		// Zero polynomials (absent coefficients or selectors) are not
		// evaluated.
		return o.konst(fp.Element{})
	}
	if r == gates.Curr {
		return &vec{v: col[o.lo : o.lo+o.size]}
	}
	if o.lo+o.size < o.n {
		return &vec{v: col[o.lo+1 : o.lo+o.size+1]}
	}
	v := o.alloc()
	for i := range v.v {
		v.v[i] = col[(o.lo+i+1)%o.n]
	}
	return v
}

func (o *blockOps) Chal(c gates.Challenge) *vec {
	if c < 0 || int(c) >= len(o.chals) {
		o.fail(fmt.Errorf("prover: challenge %d", c))
		return o.Const(0)
	}
	return o.konst(o.chals[c])
}

func (o *blockOps) AlphaPow(i int) *vec {
	if o.rec != nil {
		return o.Const(1)
	}
	if i < 0 || i >= len(o.alphas) {
		o.fail(fmt.Errorf("prover: alpha^%d not available", i))
		return o.Const(0)
	}
	return o.konst(o.alphas[i])
}

func (o *blockOps) EndoCoefficient() *vec { return o.konst(o.ix.endo) }

func (o *blockOps) Mds(r, c int) *vec { return o.konst(o.ix.mds[r][c]) }

func (o *blockOps) VanishesOnZeroKnowledgeAndPreviousRows() *vec {
	if o.rec != nil {
		o.rec.vanish = true
		return o.Const(1)
	}
	return &vec{v: o.vanish[o.lo : o.lo+o.size]}
}

func (o *blockOps) UnnormalizedLagrangeBasis(zk bool, offset int) *vec {
	key := [2]int{0, offset}
	if zk {
		key[0] = 1
	}
	if o.rec != nil {
		o.rec.lagrange[key] = true
		return o.Const(1)
	}
	return &vec{v: o.lagr[key][o.lo : o.lo+o.size]}
}
