package pallas

import (
	"math"
	"math/bits"
)

// msmPlan says how one bucket MSM runs.
type msmPlan struct {
	bits    int     // largest bit length of the terms
	c       int     // digit width
	windows int     // ⌈(bits+1)/c⌉: the extra bit takes the last signed carry
	chunks  int     // point chunks per window, each its own task
	affine  bool    // batch-affine buckets (affineWindow), else XYZZ
	cost    float64 // estimated wall time in field multiplications
}

// buckets returns how many buckets window w needs: 2^(c-1), or fewer in the
// top window, whose digits are at most 2^(bits-(windows-1)·c).
func (p msmPlan) buckets(w int) int {
	if w == p.windows-1 {
		return 1 << (p.bits - (p.windows-1)*p.c)
	}
	return 1 << (p.c - 1)
}

// Cost model in field multiplications (about 25 ns each on the reference
// machine), fitted to single-window measurements of affineWindow and
// xyzzWindow (terms per bucket from 1/64 to 4096).
const (
	costSort      = 1   // affineWindow: counting and placing one term
	costAffineAdd = 8   // batched affine addition
	costXYZZAdd   = 13  // XYZZ mixed addition
	costTotalAdd  = 14  // reduction, per bucket: total += running (XYZZ)
	costRunAdd    = 14  // reduction, per non-empty bucket: running += bucket
	costLaneTotal = 13  // lane reduction, per bucket: tot_l += run_l
	costLaneRun   = 8   // lane reduction, per non-empty bucket: run_l += B
	costLane      = 45  // lane reduction, per lane: the final XYZZ sums
	costCopy      = 1   // carrying a bucket sum from one block to the next
	costInverse   = 90  // field inversion
	costJacobian  = 12  // Horner: Jacobian doubling or addition (average)
	costDigit     = 0.5 // one signed digit of one term
	// costCacheAdd is added to an affine addition per doubling of the
	// buckets beyond 2^12, whose sums then outgrow the core's cache.
	costCacheAdd = 1.2
	// costFixedCacheAdd is costCacheAdd for FixedBases' single bucket set,
	// fitted to BenchmarkFixedBasesWindowBits (random scalars, 2 cores,
	// 2026-11-26): from c = 13 to 15 the time per addition grew by about
	// 5% at 2^16 points, so 15 wins there by its 15% fewer digits.
	costFixedCacheAdd = 0.4
)

// maxXYZZTerms bounds the inputs for which planMSM considers XYZZ buckets,
// far beyond the sizes where they are cheaper.
const maxXYZZTerms = 1 << 12

// maxWindowBits bounds the digit width so that digits fit in an int16
// (2^14 buckets; wider windows measured no faster).
const maxWindowBits = 15

// windowCost estimates one task: m terms into nb buckets, then the
// running-sum reduction. Of m uniform digits about nb·(1-e^(-m/nb)) land in
// distinct buckets, the others are additions.
func windowCost(m, nb int, affine bool) float64 {
	return windowCostCache(m, nb, affine, costCacheAdd)
}

// windowCostCache is windowCost with the cache penalty cacheAdd per
// doubling of the buckets beyond 2^12 (see costCacheAdd).
func windowCostCache(m, nb int, affine bool, cacheAdd float64) float64 {
	filled := float64(nb) * -math.Expm1(-float64(m)/float64(nb))
	adds := float64(m) - filled
	reduce := float64(nb)*costTotalAdd + filled*costRunAdd
	if !affine {
		return adds*costXYZZAdd + reduce
	}
	if nb >= minLaneBuckets {
		reduce = float64(nb)*costLaneTotal + filled*costLaneRun + float64(laneCount(nb))*costLane
	}
	blk := blockLen(nb)
	blocks := (m + blk - 1) / blk
	// Tree rounds per block: log2 of the terms per bucket, plus one.
	rounds := bits.Len(uint(min(m, blk)/nb)) + 1
	perBlock := float64(rounds)*costInverse + 2*float64(nb)*costCopy
	add := costAffineAdd + float64(max(0, bits.Len(uint(nb))-13))*cacheAdd
	return float64(m)*costSort + adds*add + reduce + float64(blocks)*perBlock
}

// makespan estimates the wall time of nFull tasks costing full and nTop
// costing top ≤ full on the given workers, taken largest first.
func makespan(nFull int, full float64, nTop int, top float64, workers int) float64 {
	rounds := (nFull + workers - 1) / workers
	span := float64(rounds) * full
	idle := rounds*workers - nFull // slots left in the last full round
	if rest := nTop - idle; rest > 0 {
		span += float64((rest+workers-1)/workers) * top
	}
	return span
}

// planMSM picks the digit width, bucket kind and point chunking with the
// least estimated wall time for m terms of at most the given bit length.
func planMSM(m, bitLen, workers int) msmPlan {
	best := msmPlan{cost: math.Inf(1)}
	// Chunks of at least 256 terms, at most 4 tasks per worker and window.
	maxChunks := max(1, min(4*workers, m/256))
	for c := 2; c <= maxWindowBits; c++ {
		p := msmPlan{bits: bitLen, c: c, windows: (bitLen + c) / c}
		fullNB, topNB := 1<<(c-1), p.buckets(p.windows-1)
		for _, affine := range [2]bool{false, true} {
			if !affine && m > maxXYZZTerms {
				continue
			}
			for h := 1; h <= maxChunks; h *= 2 {
				mc := (m + h - 1) / h
				span := makespan((p.windows-1)*h, windowCost(mc, fullNB, affine),
					h, windowCost(mc, topNB, affine), workers)
				horner := float64(p.windows*(c+h)) * costJacobian
				digits := float64(m*p.windows) * costDigit / float64(workers)
				if cost := span + horner + digits; cost < best.cost {
					best = p
					best.chunks, best.affine, best.cost = h, affine, cost
				}
			}
		}
		if p.windows == 1 { // wider digits only add buckets
			break
		}
	}
	return best
}

// minSplitTerms is the least number of terms for which splitTerms considers
// two groups.
const minSplitTerms = 1 << 10

// splitGain is the estimated saving below which terms are not split.
const splitGain = 0.9

// splitTerms returns the non-vanishing terms as one group, or as two (bit
// length ≤ t and > t) when the cost model says two bucket MSMs are faster
// (say a column of small integers with a few full-width field elements).
// The groups' indices are stored in selBuf (see grow).
func splitTerms(fs *foldedScalars, workers int, selBuf *[]uint32) []termGroup {
	maxBits, total := 0, 0
	for b, k := range fs.hist {
		if k > 0 {
			maxBits, total = b, total+k
		}
	}
	if total == 0 {
		return nil
	}
	whole := planMSM(total, maxBits, workers)
	split, bestCost := maxBits, whole.cost*splitGain
	low, high := whole, whole
	if total >= minSplitTerms {
		// Thresholds at the end of a run of present bit lengths: at the
		// gaps between clusters (small integers, full-width elements).
		below := 0
		for t := 1; t < maxBits; t++ {
			below += fs.hist[t]
			if fs.hist[t] == 0 || fs.hist[t+1] != 0 {
				continue
			}
			lo := planMSM(below, t, workers)
			hi := planMSM(total-below, maxBits, workers)
			if lo.cost+hi.cost < bestCost {
				split, bestCost, low, high = t, lo.cost+hi.cost, lo, hi
			}
		}
	}
	nLow := 0
	for t := 1; t <= split; t++ {
		nLow += fs.hist[t]
	}
	// Terms of bit length ≤ split fill sel from the front, the others from
	// index nLow on.
	sel := grow(selBuf, total)
	i, j := 0, nLow
	for k, l := range fs.bitLen {
		switch {
		case l == 0:
		case int(l) <= split:
			sel[i] = uint32(k)
			i++
		default:
			sel[j] = uint32(k)
			j++
		}
	}
	if split == maxBits {
		return []termGroup{{sel: sel, plan: whole}}
	}
	return []termGroup{{sel: sel[:nLow], plan: low}, {sel: sel[nLow:], plan: high}}
}
