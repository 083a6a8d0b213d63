package pallas

import "math/bits"

// Lane reduction bounds: affineWindow.reduce runs lanes of the running-sum
// trick side by side once there are minLaneBuckets buckets, with between
// minLanes and maxLanes lanes of at least 16 buckets.
const (
	minLaneBuckets = 512
	minLanes       = 32
	maxLanes       = 256
)

// laneCount returns the number of lanes reduceLanes uses for nb buckets.
func laneCount(nb int) int {
	return min(maxLanes, max(minLanes, nb/16))
}

// reduce returns Σ_k k·acc[k] over the buckets k = 1..nb.
func (w *affineWindow) reduce(nb int) Jacobian {
	if nb < minLaneBuckets {
		return w.reduceSerial(nb)
	}
	return w.reduceLanes(nb)
}

// reduceSerial is the running-sum trick in XYZZ coordinates: two additions
// per bucket.
func (w *affineWindow) reduceSerial(nb int) Jacobian {
	var running, total xyzz
	running.setInfinity()
	total.setInfinity()
	for k := nb; k >= 1; k-- {
		if w.has[k] {
			running.addMixed(&w.acc[k], false)
		}
		total.add(&running)
	}
	return total.toJacobian()
}

// reduceLanes is the running-sum trick with batched affine additions. The
// buckets are cut into L lanes of S, lane l holding k = l·S + i for
// i = 1..S, and the lanes step through i together, so that each step's L
// additions share one inversion:
//
//	run_l = Σ_i B_{lS+i},  tot_l = Σ_i i·B_{lS+i},
//	Σ_k k·B_k = Σ_l tot_l + S·Σ_l l·run_l,
//
// the last sum by a short XYZZ running sum over the lanes. Lane l keeps
// tot_l, run_l and the incoming bucket at buf[3l], buf[3l+1], buf[3l+2],
// so both additions of a step are neighbouring pairs for flush.
func (w *affineWindow) reduceLanes(nb int) Jacobian {
	lanes := laneCount(nb)
	span := nb / lanes // a power of two, as nb and lanes are
	buf, bt := w.buf, &w.batch
	runSet, totSet := w.laneRun[:lanes], w.laneTot[:lanes]
	clear(runSet)
	clear(totSet)
	for i := span; i >= 1; i-- {
		for l := range lanes { // run_l += B_{lS+i}
			k := l*span + i
			if !w.has[k] {
				continue
			}
			r := int32(3*l + 1)
			if !runSet[l] {
				buf[r], runSet[l] = w.acc[k], true
				continue
			}
			buf[r+1] = w.acc[k]
			bt.src[bt.n], bt.dst[bt.n] = r, r
			bt.n++
		}
		w.flush()
		for l := range lanes { // tot_l += run_l
			if !runSet[l] {
				continue
			}
			t := int32(3 * l)
			if !totSet[l] {
				buf[t], totSet[l] = buf[t+1], true
				continue
			}
			bt.src[bt.n], bt.dst[bt.n] = t, t
			bt.n++
		}
		w.flush()
	}
	// A sum that cancelled to ∞ is (0, 0), which addMixed skips.
	var total, running, weighted xyzz
	total.setInfinity()
	running.setInfinity()
	weighted.setInfinity()
	for l := lanes - 1; l >= 0; l-- {
		if totSet[l] {
			total.addMixed(&buf[3*l], false)
		}
		if runSet[l] {
			running.addMixed(&buf[3*l+1], false)
		}
		if l > 0 {
			weighted.add(&running) // Σ_l l·run_l
		}
	}
	for range bits.TrailingZeros(uint(span)) {
		weighted.double()
	}
	total.add(&weighted)
	return total.toJacobian()
}
