package pallas

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	base "github.com/zkml-mina/zkml/kimchi/field/fp"
	scalar "github.com/zkml-mina/zkml/kimchi/field/fq"
)

// ErrPointNotOnCurve is returned by NewFixedBases for a point that is
// neither on the curve nor the point at infinity.
var ErrPointNotOnCurve = errors.New("point not on the curve")

// FixedBases holds multiples 2^(c·w)·P_i of fixed points so that MultiExp
// over them sums all digit windows in one set of buckets.
//
// A term s·P_i with signed base-2^c digits d_w is Σ_w d_w·(2^(c·w)·P_i):
// every (window, point) pair with a non-zero digit is one term of a single
// bucket MSM over the table, with the bucket additions of Pippenger's
// method but one bucket reduction instead of one per window, and no
// doublings between windows. The table has ⌊(254+c)/c⌋ rows of 64-byte
// points: on two cores the cost model picks c = 13 (20 rows) for 2^12 to
// 2^14 points and c = 15 (17 rows: 68 MiB for 2^16 points) from 2^15 on.
// A FixedBases is read-only once built: any number of MultiExps may run on
// it at once.
type FixedBases struct {
	n       int      // points
	c       int      // digit width
	windows int      // table rows: enough for any scalar, see fixedMaxBits
	tab     []Affine // tab[w·n+i] = 2^(c·w)·P_i
}

// fixedMaxBits is the largest bit length of a folded scalar |s| ≤ (r-1)/2.
var fixedMaxBits = bitLenLimbs(&halfOrderLimbs)

// minFixedBits is the narrowest digit width NewFixedBases considers:
// narrower ones only add table rows at the sizes a table is worth building
// for.
const minFixedBits = 8

// NewFixedBases precomputes the table for points, using all cores
// (batch-affine doublings, one inversion per batch). The digit width is
// chosen by the cost model for MultiExps over all the points with
// full-width scalars (fixedWindowBits). Points at infinity are allowed;
// a point off the curve is an error.
func NewFixedBases(points []Affine) (*FixedBases, error) {
	return newFixedBases(points, fixedWindowBits(len(points), runtime.GOMAXPROCS(0)))
}

// newFixedBases builds the table with digit width 2 ≤ c ≤ maxWindowBits.
func newFixedBases(points []Affine, c int) (*FixedBases, error) {
	n := len(points)
	windows := (fixedMaxBits + c) / c
	if uint64(windows)*uint64(n) > maxTerms {
		return nil, fmt.Errorf("%s: fixed bases: %w (%d points × %d windows)", curveName, ErrMSMSize, n, windows)
	}
	fb := &FixedBases{n: n, c: c, windows: windows, tab: make([]Affine, windows*n)}
	copy(fb.tab, points)
	var bad atomic.Int64
	bad.Store(math.MaxInt64)
	parallelChunks(n, func(start, end int) {
		for i := start; i < end; i++ {
			if !points[i].IsOnCurve() {
				for {
					old := bad.Load()
					if int64(i) >= old || bad.CompareAndSwap(old, int64(i)) {
						return
					}
				}
			}
		}
		// Block by block (in cache), row w is c doublings of row w-1.
		var inv [doublingBatch]base.Element
		for lo := start; lo < end; lo += doublingBatch {
			hi := min(lo+doublingBatch, end)
			for w := 1; w < windows; w++ {
				row := fb.tab[w*n+lo : w*n+hi]
				copy(row, fb.tab[(w-1)*n+lo:(w-1)*n+hi])
				for range c {
					doubleBatch(row, inv[:len(row)])
				}
			}
		}
	})
	if i := bad.Load(); i != math.MaxInt64 {
		return nil, fmt.Errorf("%s: fixed bases: point %d: %w", curveName, i, ErrPointNotOnCurve)
	}
	return fb, nil
}

// doublingBatch is the number of doublings sharing one inversion.
const doublingBatch = 1024

// doubleBatch sets every pts[i] = 2·pts[i] with one field inversion; inv
// is scratch of the same length. Points must be on the curve, where y ≠ 0
// (the group has no point of order 2); ∞ stays ∞.
func doubleBatch(pts []Affine, inv []base.Element) {
	var acc base.Element
	acc.SetOne()
	for i := range pts {
		inv[i] = acc // product of the 2y before i
		if !pts[i].IsInfinity() {
			var d base.Element
			d.Double(&pts[i].Y)
			acc.Mul(&acc, &d)
		}
	}
	acc.Inverse(&acc)
	for i := len(pts) - 1; i >= 0; i-- {
		p := &pts[i]
		if p.IsInfinity() {
			continue
		}
		var d, lambda, x2, x3, y3 base.Element
		inv[i].Mul(&inv[i], &acc) // 1/(2y)
		d.Double(&p.Y)
		acc.Mul(&acc, &d)
		x2.Square(&p.X)
		lambda.Double(&x2).Add(&lambda, &x2).Mul(&lambda, &inv[i]) // 3x²/(2y)
		x3.Square(&lambda)
		addModulusIf(&x3, subBorrow(&x3, &x3, &p.X))
		addModulusIf(&x3, subBorrow(&x3, &x3, &p.X))
		addModulusIf(&y3, subBorrow(&y3, &p.X, &x3))
		y3.Mul(&y3, &lambda)
		addModulusIf(&y3, subBorrow(&y3, &y3, &p.Y))
		p.X, p.Y = x3, y3
	}
}

// Len returns the number of points.
func (fb *FixedBases) Len() int { return fb.n }

// MemoryBytes returns the size of the table.
func (fb *FixedBases) MemoryBytes() int { return len(fb.tab) * int(sizeofAffine) }

// sizeofAffine is the size of an Affine in bytes.
const sizeofAffine = 2 * 4 * 8

// MultiExp returns Σ_i scalars[i]·points[offset+i] for the points the
// table was built from; offset+len(scalars) must not exceed Len().
//
// The scalars are folded as in the package's MultiExp and their signed
// digits computed up to the longest one; the non-zero digits of all
// windows are summed in one bucket MSM over the table, the terms split
// into chunks (one per core at most, as the cost model says), each with
// its own buckets. When the cost model finds the plain MultiExp over the
// points cheaper (few terms, or short scalars such as ML witness values,
// whose few windows the table's 2^(c-1) buckets do not help), that is what
// runs, with the same result.
func (fb *FixedBases) MultiExp(offset int, scalars []scalar.Element) (Jacobian, error) {
	return fb.multiExp(offset, scalars, fixedAuto)
}

// fixedMode selects the method of multiExp; tests and benchmarks force
// either.
type fixedMode int

const (
	fixedAuto  fixedMode = iota // the cheaper method by the cost model
	fixedTable                  // always the table
	fixedPlain                  // always the plain MultiExp
)

func (fb *FixedBases) multiExp(offset int, scalars []scalar.Element, mode fixedMode) (Jacobian, error) {
	var res Jacobian
	res.SetInfinity()
	m := len(scalars)
	if offset < 0 || offset > fb.n || m > fb.n-offset {
		return res, fmt.Errorf("%s: fixed-base msm: %w (offset %d, %d scalars, %d points)",
			curveName, ErrMSMLength, offset, m, fb.n)
	}
	if m == 0 {
		return res, nil
	}
	workers := runtime.GOMAXPROCS(0)
	points := fb.tab[offset : offset+m] // row 0: the points themselves
	sc := scratchPool.Get().(*msmScratch)
	defer scratchPool.Put(sc)
	fs := &sc.fs
	fs.fold(points, scalars)
	p := planFixed(&fs.hist, fb.c, workers)
	if p.chunks == 0 { // every term vanishes
		return res, nil
	}
	if mode != fixedTable {
		groups := splitTerms(fs, workers, &sc.sel)
		if mode == fixedPlain || !tableCheaper(p, groups) {
			for _, g := range groups {
				part := runGroup(points, fs, g, workers, &sc.digits)
				res.Add(&part)
			}
			return res, nil
		}
	}
	return fb.run(offset, fs, p, sc), nil
}

// fixedGain is the estimated cost ratio, table to plain MultiExp, below
// which the table is used: near a tie the plain method runs, its estimate
// being the better fitted (columns of 32-bit integers with a few
// full-width values are estimated 2% cheaper on the table and measure
// 5-10% dearer).
const fixedGain = 0.95

// tableCheaper reports whether the table plan p beats the plain MultiExp's
// groups by the margin fixedGain.
func tableCheaper(p fixedPlan, groups []termGroup) bool {
	plain := 0.0
	for _, g := range groups {
		plain += g.plan.cost
	}
	return p.cost <= fixedGain*plain
}

// fixedPlan says how one MultiExp runs over a table.
type fixedPlan struct {
	windows int     // digit windows: ⌈(bits+1)/c⌉ for the longest scalar
	nb      int     // buckets: 2^(c-1), fewer when one window suffices
	chunks  int     // term chunks, each a task with its own buckets
	cost    float64 // estimated wall time in field multiplications
}

// planFixed estimates a MultiExp over a table of digit width c for terms
// with the bit-length histogram hist, and picks the number of chunks.
func planFixed(hist *[scalar.Bits + 1]int, c, workers int) fixedPlan {
	maxBits, total, digitCount := 0, 0, 0
	pairs := 0.0 // non-zero digits
	for b, k := range hist {
		if k == 0 || b == 0 {
			continue
		}
		maxBits, total = b, total+k
		digitCount += k * ((b + c) / c)
		pairs += float64(k * ((b + c) / c))
		if b%c == 0 { // the top digit is the final carry, 0 half the time
			pairs -= float64(k) / 2
		}
	}
	p := fixedPlan{cost: math.Inf(1)}
	if total == 0 {
		return p
	}
	mp := msmPlan{bits: maxBits, c: c, windows: (maxBits + c) / c}
	p.windows = mp.windows
	p.nb = mp.buckets(0) // the top window's when it is the only one
	digits := float64(digitCount) * costDigit / float64(workers)
	for h := 1; h <= min(workers, maxFixedChunks); h++ {
		perTask := windowCostCache(int(pairs)/h+1, p.nb, true, costFixedCacheAdd)
		if cost := perTask + digits + float64(h)*costJacobian; cost < p.cost {
			p.chunks, p.cost = h, cost
		}
	}
	return p
}

// fixedWindowBits returns the digit width with the least estimated cost
// for a MultiExp over n points with full-width scalars.
func fixedWindowBits(n, workers int) int {
	var hist [scalar.Bits + 1]int
	hist[fixedMaxBits] = max(n, 1)
	best, bestCost := maxWindowBits, math.Inf(1)
	for c := minFixedBits; c <= maxWindowBits; c++ {
		if cost := planFixed(&hist, c, workers).cost; cost < bestCost {
			best, bestCost = c, cost
		}
	}
	return best
}

// fixedChunk is the working memory of one chunk task: its (table index,
// digit) pairs.
type fixedChunk struct {
	sel []uint32
	ds  []int16
}

var fixedChunkPool = sync.Pool{New: func() any { return new(fixedChunk) }}

// run is MultiExp over the table with plan p for the folded scalars fs of
// the points from offset on.
//
// The terms are sorted by their window count k = ⌊(bits+c)/c⌋ (their own
// bit length, not the longest) and each class's digits computed for its k
// windows only, so that a column of small integers with a few full-width
// values costs no digits above the integers' windows. Each of the
// p.chunks tasks then takes a range of the sorted terms (balanced by
// their window counts) with all their non-zero digits, sums them into its
// own buckets and reduces them; the tasks' sums are added.
//
// (Splitting the buckets between the tasks instead, so that they are
// reduced once in all, measured no faster: every task then reads a sparse
// half of the table's rows.)
func (fb *FixedBases) run(offset int, fs *foldedScalars, p fixedPlan, sc *msmScratch) Jacobian {
	c := fb.c
	// Terms of class k are sel[off[k]:off[k+1]], in index order; their
	// digits are at doff[k], window-major.
	var off, doff [maxFixedWindows + 2]int
	for b, k := range fs.hist[1:] {
		off[(b+1+c)/c+1] += k
	}
	for k := 1; k <= p.windows+1; k++ {
		doff[k] = doff[k-1] + (k-1)*off[k]
		off[k] += off[k-1]
	}
	total := off[p.windows+1]
	sel := grow(&sc.sel, total)
	pos := off
	for i, l := range fs.bitLen {
		if l != 0 {
			k := (int(l) + c) / c
			sel[pos[k]] = uint32(i)
			pos[k]++
		}
	}
	all := grow(&sc.digits, doff[p.windows+1])
	for k := 1; k <= p.windows; k++ {
		if off[k] < off[k+1] {
			d := all[doff[k]:doff[k+1]:doff[k+1]]
			signedDigits(fs, sel[off[k]:off[k+1]], c, k, &d)
		}
	}
	// Chunk h is sel[bounds[h]:bounds[h+1]].
	chunks := min(p.chunks, maxFixedChunks)
	var bounds [maxFixedChunks + 1]int
	weight := doff[p.windows+1]
	h, acc, k := 1, 0, 1
	for j := range sel {
		if h == chunks {
			break
		}
		for j >= off[k+1] {
			k++
		}
		acc += k
		if acc*chunks >= h*weight {
			bounds[h] = j + 1
			h++
		}
	}
	for ; h <= chunks; h++ {
		bounds[h] = total
	}
	var results [maxFixedChunks]Jacobian
	task := func(h int) {
		lo, hi := bounds[h], bounds[h+1]
		fc := fixedChunkPool.Get().(*fixedChunk)
		defer fixedChunkPool.Put(fc)
		sz := 0
		for k := 1; k <= p.windows; k++ {
			sz += k * max(0, min(hi, off[k+1])-max(lo, off[k]))
		}
		tsel, tds := grow(&fc.sel, sz), grow(&fc.ds, sz)
		pairs := 0
		for k := 1; k <= p.windows; k++ {
			a, b := max(lo, off[k]), min(hi, off[k+1])
			if a >= b {
				continue
			}
			m := off[k+1] - off[k]
			// Window-major, so that the table is read row by row.
			for w := range k {
				row := uint32(w*fb.n + offset)
				at := doff[k] + w*m - off[k] // digit of term sel[j] at at+j
				for j, d := range all[at+a : at+b] {
					tsel[pairs], tds[pairs] = row+sel[a+j], d
					if d != 0 {
						pairs++
					}
				}
			}
		}
		aw := getAffineWindow()
		results[h] = aw.process(fb.tab, tsel[:pairs], tds[:pairs], p.nb)
		putAffineWindow(aw)
	}
	var wg sync.WaitGroup
	for h := 1; h < chunks; h++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			task(h)
		}()
	}
	task(0)
	wg.Wait()
	res := results[0]
	for h := 1; h < chunks; h++ {
		res.Add(&results[h])
	}
	return res
}

// maxFixedWindows bounds the windows of a table: ⌊(fixedMaxBits+c)/c⌋ for
// the narrowest digits, c = 2.
const maxFixedWindows = (scalar.Bits + 2) / 2

// maxFixedChunks bounds the chunks of one MultiExp over a table.
const maxFixedChunks = 64
