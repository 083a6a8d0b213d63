package pallas

import (
	"errors"
	"fmt"
	"math/big"
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"

	scalar "github.com/zkml-mina/zkml/kimchi/field/fq"
)

// ErrMSMLength is returned when points and scalars differ in length.
var ErrMSMLength = errors.New("points and scalars have different lengths")

// ErrMSMSize is returned for inputs with 2^32 terms or more.
var ErrMSMSize = errors.New("too many terms")

// MultiExp returns Σ [scalars[i]] points[i].
//
// Every scalar s is first folded to ±|s| with |s| ≤ (r-1)/2, the sign moving
// to the point, so that a small negative integer stored as r - |x| costs as
// much as |x|. Digit windows above the largest |s| are skipped; when a few
// long scalars would make many nearly empty windows, the terms are split by
// bit length into two bucket MSMs (see splitTerms). Each one is Pippenger's
// method with signed c-bit digits over (window, point chunk) tasks spread
// over all cores, the buckets summed by batched affine additions
// (affineWindow) or, for tiny inputs, XYZZ mixed additions (xyzzWindow).
func MultiExp(points []Affine, scalars []scalar.Element) (Jacobian, error) {
	var res Jacobian
	res.SetInfinity()
	if len(points) != len(scalars) {
		return res, fmt.Errorf("%s: msm: %w (%d points, %d scalars)", curveName, ErrMSMLength, len(points), len(scalars))
	}
	if uint64(len(points)) > maxTerms {
		return res, fmt.Errorf("%s: msm: %w (%d)", curveName, ErrMSMSize, len(points))
	}
	if len(points) == 0 {
		return res, nil
	}
	workers := runtime.GOMAXPROCS(0)
	sc := scratchPool.Get().(*msmScratch)
	defer scratchPool.Put(sc)
	sc.fs.fold(points, scalars)
	for _, g := range splitTerms(&sc.fs, workers, &sc.sel) {
		part := runGroup(points, &sc.fs, g, workers, &sc.digits)
		res.Add(&part)
	}
	return res, nil
}

// msmScratch is the working memory of one MultiExp, kept in scratchPool
// for the next call: the prover runs many MultiExps of the same sizes.
type msmScratch struct {
	fs     foldedScalars
	sel    []uint32
	digits []int16
}

var scratchPool = sync.Pool{New: func() any { return new(msmScratch) }}

// grow returns (*buf)[:n], reallocating *buf when it is too small; a nil
// buf gives a fresh slice.
func grow[T any](buf *[]T, n int) []T {
	if buf == nil {
		return make([]T, n)
	}
	if cap(*buf) < n {
		*buf = make([]T, n)
	}
	return (*buf)[:n]
}

// maxTerms bounds MultiExp's input: term indices are stored as uint32.
const maxTerms = 1<<32 - 1

// ---------------------------------------------------------------- scalars

// signBit marks a negative term in limb 3 of a folded magnitude, whose bit
// 255 is otherwise 0 since |s| ≤ (r-1)/2 < 2^254.
const signBit = 1 << 63

// Canonical limbs of r and (r-1)/2.
var (
	scalarOrderLimbs = limbsOf(scalar.Modulus())
	halfOrderLimbs   = limbsOf(new(big.Int).Rsh(scalar.Modulus(), 1))
)

// limbsOf returns x < 2^256 as little-endian 64-bit limbs.
func limbsOf(x *big.Int) [4]uint64 {
	var l [4]uint64
	var t big.Int
	mask := new(big.Int).SetUint64(^uint64(0))
	for i := range l {
		l[i] = t.Rsh(x, uint(64*i)).And(&t, mask).Uint64()
	}
	return l
}

// foldedScalars holds the scalars of one MultiExp in signed-magnitude form.
type foldedScalars struct {
	// mag[i] = |s_i| in canonical little-endian limbs with s_i ≡ ±|s_i|
	// and |s_i| ≤ (r-1)/2; the sign is signBit of mag[i][3].
	mag [][4]uint64
	// bitLen[i] is the bit length of |s_i|, and 0 when the term vanishes
	// (s_i = 0 or points[i] = ∞).
	bitLen []uint8
	// hist[b] counts the terms of bit length b ≥ 1.
	hist [scalar.Bits + 1]int
}

// foldScalars returns the signed magnitudes and bit lengths of the terms.
func foldScalars(points []Affine, scalars []scalar.Element) *foldedScalars {
	fs := new(foldedScalars)
	fs.fold(points, scalars)
	return fs
}

// fold sets fs to the signed magnitudes and bit lengths of the terms,
// reusing its buffers.
func (fs *foldedScalars) fold(points []Affine, scalars []scalar.Element) {
	n := len(scalars)
	if cap(fs.mag) < n {
		fs.mag = make([][4]uint64, n)
		fs.bitLen = make([]uint8, n)
	}
	fs.mag, fs.bitLen = fs.mag[:n], fs.bitLen[:n]
	fs.hist = [scalar.Bits + 1]int{}
	var mu sync.Mutex
	parallelChunks(n, func(start, end int) {
		var hist [scalar.Bits + 1]int
		for i := start; i < end; i++ {
			if points[i].IsInfinity() {
				fs.bitLen[i] = 0
				continue
			}
			k := scalars[i].Bits()
			neg := foldLimbs(&k)
			l := bitLenLimbs(&k)
			k[3] |= neg << 63 // signBit
			fs.mag[i] = k
			fs.bitLen[i] = uint8(l)
			hist[l]++
		}
		mu.Lock()
		for b := 1; b < len(hist); b++ {
			fs.hist[b] += hist[b]
		}
		mu.Unlock()
	})
}

// foldLimbs replaces k ∈ [0, r) by r - k when k > (r-1)/2 and returns 1
// then, else 0, without branches (the sign of a column of random or
// signed values is unpredictable).
func foldLimbs(k *[4]uint64) uint64 {
	h, r := &halfOrderLimbs, &scalarOrderLimbs
	_, b := bits.Sub64(h[0], k[0], 0)
	_, b = bits.Sub64(h[1], k[1], b)
	_, b = bits.Sub64(h[2], k[2], b)
	_, b = bits.Sub64(h[3], k[3], b) // b = 1 iff k > (r-1)/2
	d0, c := bits.Sub64(r[0], k[0], 0)
	d1, c := bits.Sub64(r[1], k[1], c)
	d2, c := bits.Sub64(r[2], k[2], c)
	d3, _ := bits.Sub64(r[3], k[3], c)
	mask := -b
	k[0] ^= (k[0] ^ d0) & mask
	k[1] ^= (k[1] ^ d1) & mask
	k[2] ^= (k[2] ^ d2) & mask
	k[3] ^= (k[3] ^ d3) & mask
	return b
}

// bitLenLimbs returns the bit length of k.
func bitLenLimbs(k *[4]uint64) int {
	for i := 3; i >= 0; i-- {
		if k[i] != 0 {
			return 64*i + bits.Len64(k[i])
		}
	}
	return 0
}

// signedDigits returns, window-major, the base-2^c signed digits of the
// terms sel (len(sel) digits per window): digits lie in [-2^(c-1), 2^(c-1))
// except in the top window, which absorbs the final carry and may hold
// 2^(c-1); a negative term has all its digits negated. nbWindows·c must
// exceed the terms' bit length. The digits are stored in buf (see grow).
func signedDigits(fs *foldedScalars, sel []uint32, c, nbWindows int, buf *[]int16) []int16 {
	m := len(sel)
	digits := grow(buf, m*nbWindows)
	mask := uint64(1)<<c - 1
	half := uint64(1) << (c - 1)
	parallelChunks(m, func(start, end int) {
		for j := start; j < end; j++ {
			k := fs.mag[sel[j]]
			negMask := -int32(k[3] >> 63) // signBit
			k[3] &^= signBit
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
				// d ≤ 2^c; digits from 2^(c-1) up borrow 2^c from the next
				// window. The top window keeps d ≤ 2^(c-1): it covers the bit
				// above the longest scalar, so no carry can leave it.
				d = d&mask + carry
				carry = (d + half) >> c
				if w == nbWindows-1 {
					carry = 0
				}
				digit := int32(d) - int32(carry<<c)
				digit = (digit ^ negMask) - negMask
				digits[w*m+j] = int16(digit) // |digit| ≤ 2^(c-1) ≤ 2^14
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

// ------------------------------------------------------------- execution

// termGroup is a set of terms summed by one bucket MSM.
type termGroup struct {
	sel  []uint32 // term indices
	plan msmPlan
}

// runGroup returns Σ_{i ∈ g.sel} [s_i] points[i]: every (window, chunk)
// task fills its own buckets; tasks are taken by workers in decreasing cost
// order and the window sums are combined by Horner's rule. The digits are
// stored in digitsBuf (see grow).
func runGroup(points []Affine, fs *foldedScalars, g termGroup, workers int, digitsBuf *[]int16) Jacobian {
	p := g.plan
	m := len(g.sel)
	digits := signedDigits(fs, g.sel, p.c, p.windows, digitsBuf)
	chunkLen := (m + p.chunks - 1) / p.chunks
	nbTasks := p.windows * p.chunks
	results := make([]Jacobian, nbTasks)
	// Task t: full windows first (w from the top down), the cheaper top
	// window last; chunk h = t % chunks.
	task := func(t int) (w, h, lo, hi int) {
		w = p.windows - 2 - t/p.chunks
		if w < 0 {
			w = p.windows - 1
		}
		h = t % p.chunks
		lo = min(h*chunkLen, m)
		return w, h, lo, min(lo+chunkLen, m)
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, nbTasks) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var aw *affineWindow
			var xw *xyzzWindow
			if p.affine {
				aw = getAffineWindow()
				defer putAffineWindow(aw)
			} else {
				xw = newXYZZWindow(1 << (p.c - 1))
			}
			for {
				t := int(next.Add(1) - 1)
				if t >= nbTasks {
					return
				}
				w, h, lo, hi := task(t)
				ds := digits[w*m+lo : w*m+hi]
				nb := p.buckets(w)
				if p.affine {
					results[w*p.chunks+h] = aw.process(points, g.sel[lo:hi], ds, nb)
				} else {
					results[w*p.chunks+h] = xw.process(points, g.sel[lo:hi], ds, nb)
				}
			}
		}()
	}
	wg.Wait()

	// res = Σ_w 2^(c·w) Σ_chunks results, Horner from the top window.
	var res Jacobian
	res.SetInfinity()
	for w := p.windows - 1; w >= 0; w-- {
		for range p.c {
			if !res.IsInfinity() {
				res.Double(&res)
			}
		}
		for h := range p.chunks {
			res.Add(&results[w*p.chunks+h])
		}
	}
	return res
}
