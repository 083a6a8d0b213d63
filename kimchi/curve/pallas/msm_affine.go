package pallas

import (
	"sync"
	"unsafe"

	"github.com/zkml-mina/zkml/internal/prefetch"

	base "github.com/zkml-mina/zkml/kimchi/field/fp"
)

// affineWindow sums one window's terms into buckets with affine additions
// whose denominators share one field inversion (Montgomery's trick).
//
// The terms are taken in blocks. A block's points, signed by their digits,
// are sorted by bucket into buf, after the bucket sums carried from the
// previous block; then each bucket's run is halved in place, round after
// round, by adding neighbouring pairs, until one point per bucket is left.
// The pairs of a round are independent, so batches are never cut short by
// two additions into the same bucket, and a bucket hit by many terms (a
// column of repeated values) costs the same per addition as any other.
type affineWindow struct {
	acc []Affine // bucket sums carried between blocks
	has []bool   // acc[b] holds a finite sum
	cnt []int32  // points left in each bucket's run
	off []int32  // start of each bucket's run in buf
	buf []Affine // the block's points grouped by bucket, summed in place
	act []int32  // buckets whose run has two points or more

	laneRun, laneTot []bool // reduceLanes: run_l, tot_l hold a sum

	// sawInf is set once a pair sums to ∞ (P + (-P)); until then no
	// operand can be ∞ and the checks are skipped.
	sawInf bool
	batch  pairBatch

	// flushSplit's special pairs: their operands, two points a pair, and
	// where their sums go.
	side    []Affine
	sideDst []int32
}

// pairBatchSize is the number of pair additions sharing one inversion.
const pairBatchSize = 1024

// pairBatch is the queue of pending additions buf[src] + buf[src+1] → buf[dst].
type pairBatch struct {
	n    int
	src  [pairBatchSize]int32
	dst  [pairBatchSize]int32
	kind [pairBatchSize]pairKind
	den  [pairBatchSize]base.Element
	inv  [pairBatchSize]base.Element // prefix products, then inverses
}

// pairKind is how a pair is added.
type pairKind uint8

const (
	pairAdd    pairKind = iota // distinct x: the chord
	pairDouble                 // equal points: the tangent
	pairInf                    // opposite points (or ∞ + ∞): the result is ∞
	pairFirst                  // second operand ∞: the result is the first
	pairSecond                 // first operand ∞: the result is the second
)

// sortAhead is how many terms ahead sumBlock's sort prefetches the slot a
// term will be written to.
const sortAhead = 16

// blockLen returns how many terms affineWindow sorts at a time for nb
// buckets: about four points per bucket, so that the block's passes over
// the buckets (carrying their sums in and out, listing the active ones)
// are spread over four terms each, while the block (64 bytes a point) stays
// well within the shared L3 cache. Four measured about 7% faster than two
// for a 2^16-point fixed-base MSM (2^14 buckets; BenchmarkFixedBases,
// alternating binaries, 2026-11-26); three, four and six were within
// noise of each other. (Summing the buckets in ranges of 2^12, after
// partitioning the terms by range, measured 12% slower.)
func blockLen(nb int) int {
	return max(1<<12, 4*nb)
}

var affineWindowPool = sync.Pool{New: func() any { return new(affineWindow) }}

func getAffineWindow() *affineWindow  { return affineWindowPool.Get().(*affineWindow) }
func putAffineWindow(w *affineWindow) { affineWindowPool.Put(w) }

// resize makes room for nb buckets and blocks of blk terms.
func (w *affineWindow) resize(nb, blk int) {
	if len(w.acc) < nb+1 {
		w.acc = make([]Affine, nb+1)
		w.has = make([]bool, nb+1)
		w.cnt = make([]int32, nb+1)
		w.off = make([]int32, nb+1)
		w.act = make([]int32, 0, nb)
		w.laneRun = make([]bool, maxLanes)
		w.laneTot = make([]bool, maxLanes)
	}
	if len(w.buf) < blk+nb {
		w.buf = make([]Affine, blk+nb)
	}
}

// process returns Σ_j digits[j]·points[sel[j]]: term j goes to bucket
// |digits[j]| with the sign of digits[j]; every |digits[j]| ≤ nb.
func (w *affineWindow) process(points []Affine, sel []uint32, digits []int16, nb int) Jacobian {
	blk := blockLen(nb)
	w.resize(nb, blk)
	clear(w.has[:nb+1])
	w.sawInf = false
	for start := 0; start < len(digits); start += blk {
		end := min(start+blk, len(digits))
		w.sumBlock(points, sel[start:end], digits[start:end], nb, start > 0)
	}
	return w.reduce(nb)
}

// sumBlock adds one block of terms to the bucket sums acc. Buckets are
// numbered from 1 (|d|) so that slot 0 can count the zero digits without a
// branch.
func (w *affineWindow) sumBlock(points []Affine, sel []uint32, digits []int16, nb int, carry bool) {
	cnt, off, buf := w.cnt[:nb+1], w.off[:nb+1], w.buf
	clear(cnt)
	if carry {
		for k := 1; k <= nb; k++ {
			if w.has[k] {
				cnt[k] = 1
			}
		}
	}
	for _, d := range digits {
		s := d >> 15
		cnt[(d^s)-s]++
	}
	// off[k] is first a write cursor, then rewound to the run's start.
	var pos int32
	for k := 1; k <= nb; k++ {
		off[k] = pos
		pos += cnt[k]
	}
	if carry {
		for k := 1; k <= nb; k++ {
			if w.has[k] {
				buf[off[k]] = w.acc[k]
				off[k]++
			}
		}
	}
	for j, d := range digits {
		// The writes land at scattered places of a buffer larger than
		// L2: ask for the line of the term sortAhead terms on early.
		if a := j + sortAhead; a < len(digits) {
			s := digits[a] >> 15
			prefetch.Write(unsafe.Pointer(&buf[off[(digits[a]^s)-s]]))
		}
		if d == 0 {
			continue
		}
		s := d >> 15
		k := (d ^ s) - s
		setSigned(&buf[off[k]], &points[sel[j]], uint64(s&1))
		off[k]++
	}
	act := w.act[:0]
	for k := 1; k <= nb; k++ {
		off[k] -= cnt[k]
		if cnt[k] >= 2 {
			act = append(act, int32(k))
		}
	}
	w.sumRuns(act)
	for k := 1; k <= nb; k++ {
		w.has[k] = false
		if cnt[k] == 1 {
			w.acc[k] = buf[off[k]]
			w.has[k] = !w.sawInf || !w.acc[k].IsInfinity()
		}
	}
}

// sumRuns reduces the runs of the active buckets to one point each. A run
// of m points keeps its first point when m is odd and replaces the pairs
// after it by their sums, written from the run's start: every write lands
// at or before the pair it comes from, so the rounds work in place.
func (w *affineWindow) sumRuns(act []int32) {
	cnt, off := w.cnt, w.off
	bt := &w.batch
	for len(act) > 0 {
		k := 0
		for _, b := range act {
			m := cnt[b]
			first := off[b] + m&1
			for j := range m / 2 {
				bt.src[bt.n] = first + 2*j
				bt.dst[bt.n] = first + j
				bt.n++
				if bt.n == pairBatchSize {
					w.flush()
				}
			}
			m = (m + 1) / 2
			cnt[b] = m
			if m >= 2 {
				act[k] = b
				k++
			}
		}
		act = act[:k]
		w.flush() // the next round reads this round's sums
	}
}

// flush performs the queued pair additions with one inversion.
func (w *affineWindow) flush() {
	bt := &w.batch
	n := bt.n
	if n == 0 {
		return
	}
	bt.n = 0
	// Common case: no operand at ∞ (sawInf unset) and no pair with equal x,
	// all chords. base.AddAffinePairs does them in one call (the amd64
	// kernels keep the modular subtractions in registers and make no call per
	// product); it returns false, changing nothing, if some pair has equal x.
	if !w.sawInf && base.AddAffinePairs(Coordinates(w.buf), bt.src[:n], bt.dst[:n], bt.den[:n], bt.inv[:n]) {
		return
	}
	w.flushSplit(n)
}

// flushSplit performs a batch of n pairs some of which are special: equal x
// (a doubling or P + (-P)) or, once sawInf is set, an operand at ∞. Those
// are rare, but a single ∞ sets sawInf for the rest of the window, so the
// chords of such batches still go to base.AddAffinePairs, and only the
// special pairs to flushCases. Their operands are copied to w.side first and
// their sums written back last: in the batch every operand is read before
// any sum is written, and a chord's sum may land on a special pair's operand
// or the other way round.
func (w *affineWindow) flushSplit(n int) {
	bt := &w.batch
	buf := w.buf
	side, sideDst := w.side[:0], w.sideDst[:0]
	m := 0 // chords kept in bt.src[:m], bt.dst[:m]
	for i := range n {
		s, d := bt.src[i], bt.dst[i]
		a, b := &buf[s], &buf[s+1]
		if a.X != b.X && (!w.sawInf || !a.IsInfinity() && !b.IsInfinity()) {
			bt.src[m], bt.dst[m] = s, d
			m++
			continue
		}
		side = append(side, *a, *b)
		sideDst = append(sideDst, d)
	}
	if !base.AddAffinePairs(Coordinates(buf), bt.src[:m], bt.dst[:m], bt.den[:m], bt.inv[:m]) {
		panic("pallas: chords with distinct x reported equal x") // a field has no zero divisors
	}
	w.side, w.sideDst = side, sideDst
	if len(sideDst) == 0 {
		return
	}
	for j := range sideDst {
		bt.src[j], bt.dst[j] = int32(2*j), int32(2*j)
	}
	w.flushCases(side, len(sideDst))
	for j, d := range sideDst {
		buf[d] = side[2*j]
	}
}

// flushCases performs the n pairs queued in w.batch, over buf, whatever
// their kind: it classifies every pair (pairKind) and adds it accordingly.
func (w *affineWindow) flushCases(buf []Affine, n int) {
	bt := &w.batch
	var acc base.Element
	acc.SetOne()
	for i := range n {
		a, b := &buf[bt.src[i]], &buf[bt.src[i]+1]
		bt.inv[i] = acc
		k := pairAdd
		if w.sawInf {
			k = infKind(a, b)
		}
		if k == pairAdd {
			d := &bt.den[i]
			addModulusIf(d, subBorrow(d, &b.X, &a.X))
			if d.IsZero() {
				if !a.Y.Equal(&b.Y) {
					bt.kind[i] = pairInf
					continue
				}
				k = pairDouble
				d.Double(&a.Y)
			}
			acc.Mul(&acc, d)
		}
		bt.kind[i] = k
	}
	acc.Inverse(&acc)
	for i := n - 1; i >= 0; i-- {
		if bt.kind[i] > pairDouble {
			continue
		}
		bt.inv[i].Mul(&bt.inv[i], &acc)
		acc.Mul(&acc, &bt.den[i])
	}
	for i := range n {
		a, b := &buf[bt.src[i]], &buf[bt.src[i]+1]
		r := &buf[bt.dst[i]]
		var lambda base.Element
		switch bt.kind[i] {
		case pairAdd:
			addModulusIf(&lambda, subBorrow(&lambda, &b.Y, &a.Y))
		case pairDouble:
			var x2 base.Element
			x2.Square(&a.X)
			lambda.Double(&x2).Add(&lambda, &x2) // 3x², over 2y
		case pairInf:
			*r = Affine{}
			w.sawInf = true
			continue
		case pairFirst:
			*r = *a
			continue
		case pairSecond:
			*r = *b
			continue
		}
		lambda.Mul(&lambda, &bt.inv[i])
		var x3, y3 base.Element
		x3.Square(&lambda)
		addModulusIf(&x3, subBorrow(&x3, &x3, &a.X))
		addModulusIf(&x3, subBorrow(&x3, &x3, &b.X))
		addModulusIf(&y3, subBorrow(&y3, &a.X, &x3))
		y3.Mul(&y3, &lambda)
		addModulusIf(&y3, subBorrow(&y3, &y3, &a.Y))
		r.X, r.Y = x3, y3
	}
}

// infKind classifies a pair with an operand at ∞, else returns pairAdd.
func infKind(a, b *Affine) pairKind {
	switch aInf, bInf := a.IsInfinity(), b.IsInfinity(); {
	case aInf && bInf:
		return pairInf
	case aInf:
		return pairSecond
	case bInf:
		return pairFirst
	}
	return pairAdd
}
