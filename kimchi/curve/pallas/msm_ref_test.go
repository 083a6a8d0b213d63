// This file keeps the MultiExp of commit 71fd3a9 (before sign folding and the
// sorted batch-affine buckets) under ref* names, verbatim apart from the
// renaming, so benchmarks can compare old and new in the same run and tests
// can cross-check the two on inputs too large for the naive sum. It is a
// pallas-only file (see kimchi/curve/internal/gen).

package pallas

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"

	base "github.com/zkml-mina/zkml/kimchi/field/fp"
	scalar "github.com/zkml-mina/zkml/kimchi/field/fq"
)

// refMultiExp returns Σ [scalars[i]] points[i] using Pippenger's bucket method
// with signed c-bit digits, buckets in extended Jacobian (XYZZ) coordinates
// fed by mixed additions, and the windows spread over all cores.
func refMultiExp(points []Affine, scalars []scalar.Element) (Jacobian, error) {
	var res Jacobian
	res.SetInfinity()
	if len(points) != len(scalars) {
		return res, fmt.Errorf("%s: msm: %w (%d points, %d scalars)", curveName, ErrMSMLength, len(points), len(scalars))
	}
	n := len(points)
	if n == 0 {
		return res, nil
	}
	c, batchAffine := refBestWindow(n)
	nbWindows := (scalar.Bits + 1 + c - 1) / c // +1 bit for the final signed carry
	digits := refSignedDigits(scalars, c, nbWindows)

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
				aw := newRefAffineWindow(1 << (c - 1))
				for w := range next {
					windows[w] = aw.process(points, digits[w*n:(w+1)*n])
				}
				return
			}
			buckets := make([]xyzz, 1<<(c-1))
			for w := range next {
				windows[w] = refProcessWindow(points, digits[w*n:(w+1)*n], buckets)
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

// refBestWindow picks the digit width c and bucket representation minimising
// the estimated cost in field multiplications: windows·(n bucket additions +
// 2^(c-1) buckets summed). An XYZZ mixed addition costs about 10
// multiplications and a batch-affine one about 6.5, but affine buckets need a
// mixed plus a full addition each in the final sum.
func refBestWindow(n int) (c int, batchAffine bool) {
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

// refSignedDigits returns, window-major, each scalar's base-2^c digits in
// [-2^(c-1), 2^(c-1)); the top window absorbs the final carry and may hold
// 2^(c-1).
func refSignedDigits(scalars []scalar.Element, c, nbWindows int) []int32 {
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

// refProcessWindow accumulates one window's digits into buckets and returns
// Σ_k (k+1)·bucket[k] via the running-sum trick.
func refProcessWindow(points []Affine, digits []int32, buckets []xyzz) Jacobian {
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

// refBatchSize is the old batch size.
const refBatchSize = 256

// refAffineWindow holds the per-worker state of the batch-affine bucket method:
// buckets in affine form updated with batched inversions, plus XYZZ overflow
// buckets taking the additions that would hit a bucket already in the batch.
type refAffineWindow struct {
	buckets  []Affine
	overflow []xyzz
	busy     []bool
	// pending additions: bucket index and the (possibly negated) point.
	idx  [refBatchSize]int32
	q    [refBatchSize]Affine
	den  [refBatchSize]base.Element
	pref [refBatchSize]base.Element
	n    int
}

func newRefAffineWindow(nbBuckets int) *refAffineWindow {
	return &refAffineWindow{
		buckets:  make([]Affine, nbBuckets),
		overflow: make([]xyzz, nbBuckets),
		busy:     make([]bool, nbBuckets),
	}
}

// process returns Σ_k (k+1)·bucket[k] for one window's digits.
func (w *refAffineWindow) process(points []Affine, digits []int32) Jacobian {
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
func (w *refAffineWindow) push(b int32, q *Affine) {
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
	if w.n == refBatchSize {
		w.flush()
	}
}

// flush performs the queued affine additions with one inversion.
func (w *refAffineWindow) flush() {
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

func TestMultiExpMatchesRef(t *testing.T) {
	// The new MultiExp against the old one on distinct points, sizes where
	// the naive sum is too slow and both take their batch-affine paths.
	rng := rand.New(rand.NewPCG(35, 36))
	const n = 1 << 14
	points := seqPoints(rng, n)
	for _, kind := range []string{"random", "small32", "mixed", "zeros-repeats", "edges"} {
		scalars := benchScalars(rng, kind, n)
		for _, m := range []int{1 << 11, n} {
			got, err := MultiExp(points[:m], scalars[:m])
			if err != nil {
				t.Fatal(err)
			}
			want, err := refMultiExp(points[:m], scalars[:m])
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(&want) {
				t.Fatalf("%s/%d: MultiExp differs from the old implementation", kind, m)
			}
		}
	}
}
