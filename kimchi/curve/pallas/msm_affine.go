package pallas

import (
	base "github.com/zkml-mina/zkml/kimchi/field/fp"
)

// batchSize is the number of independent affine bucket additions that share
// one field inversion (Montgomery's trick).
const batchSize = 256

// affineWindow holds the per-worker state of the batch-affine bucket method:
// buckets in affine form updated with batched inversions, plus XYZZ overflow
// buckets taking the additions that would hit a bucket already in the batch.
type affineWindow struct {
	buckets  []Affine
	overflow []xyzz
	busy     []bool
	// pending additions: bucket index and the (possibly negated) point.
	idx  [batchSize]int32
	q    [batchSize]Affine
	den  [batchSize]base.Element
	pref [batchSize]base.Element
	n    int
}

func newAffineWindow(nbBuckets int) *affineWindow {
	return &affineWindow{
		buckets:  make([]Affine, nbBuckets),
		overflow: make([]xyzz, nbBuckets),
		busy:     make([]bool, nbBuckets),
	}
}

// process returns Σ_k (k+1)·bucket[k] for one window's digits.
func (w *affineWindow) process(points []Affine, digits []int32) Jacobian {
	for i := range w.buckets {
		w.buckets[i] = Affine{}
		w.overflow[i].setInfinity()
	}
	for i, d := range digits {
		if d == 0 || points[i].IsInfinity() {
			continue
		}
		b, neg := d-1, false
		if d < 0 {
			b, neg = -d-1, true
		}
		q := points[i]
		if neg {
			q.Y.Neg(&q.Y)
		}
		switch {
		case w.busy[b]:
			w.overflow[b].addMixed(&q, false)
		case w.buckets[b].IsInfinity():
			w.buckets[b] = q
		default:
			w.push(b, &q)
		}
	}
	w.flush()
	var running, total xyzz
	running.setInfinity()
	total.setInfinity()
	for k := len(w.buckets) - 1; k >= 0; k-- {
		running.addMixed(&w.buckets[k], false)
		running.add(&w.overflow[k])
		total.add(&running)
	}
	return total.toJacobian()
}

// push queues bucket[b] += q, where bucket[b] is finite; same-x cases are
// resolved at once so every queued addition has a non-zero denominator.
func (w *affineWindow) push(b int32, q *Affine) {
	p := &w.buckets[b]
	if p.X.Equal(&q.X) {
		if p.Y.Equal(&q.Y) { // doubling: hand it to the overflow bucket
			w.overflow[b].addMixed(q, false)
			return
		}
		*p = Affine{} // p + (-p)
		return
	}
	w.idx[w.n] = b
	w.q[w.n] = *q
	w.den[w.n].Sub(&q.X, &p.X)
	w.busy[b] = true
	w.n++
	if w.n == batchSize {
		w.flush()
	}
}

// flush performs the queued affine additions with one inversion.
func (w *affineWindow) flush() {
	n := w.n
	if n == 0 {
		return
	}
	var acc base.Element
	acc.SetOne()
	for i := range n {
		w.pref[i] = acc
		acc.Mul(&acc, &w.den[i])
	}
	acc.Inverse(&acc)
	for i := n - 1; i >= 0; i-- {
		var inv base.Element
		inv.Mul(&acc, &w.pref[i])
		acc.Mul(&acc, &w.den[i])
		p := &w.buckets[w.idx[i]]
		q := &w.q[i]
		var lambda, x3 base.Element
		lambda.Sub(&q.Y, &p.Y).Mul(&lambda, &inv)
		x3.Square(&lambda).Sub(&x3, &p.X).Sub(&x3, &q.X)
		y1 := p.Y
		p.Y.Sub(&p.X, &x3).Mul(&p.Y, &lambda).Sub(&p.Y, &y1)
		p.X = x3
		w.busy[w.idx[i]] = false
	}
	w.n = 0
}
