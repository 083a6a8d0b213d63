package srs

import (
	"fmt"
	"math/big"
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/zkml-mina/zkml/kimchi/curve/pallas"
	"github.com/zkml-mina/zkml/kimchi/curve/vesta"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
)

// LagrangeBasis returns the commitments to the Lagrange polynomials of the
// domain of size n (a power of two) as proof-systems' SRS::lagrange_basis
// computes them: res[c][i] is chunk c of the commitment to L_i. With
// n ≤ len(G) there is one chunk and res[0][i] = (1/n)·Σ_j ω^(-ij)·G_j.
func (s *Pallas) LagrangeBasis(n int) ([][]pallas.Affine, error) {
	c := curveFFT[pallas.Affine]{
		lambda:    pallasLambda(),
		newEngine: func() engine[pallas.Affine] { return newPallasEngine() },
	}
	res, err := lagrangeBasis[pallas.Affine, fq.Element](s.G, n, fq.Modulus(), &c)
	if err != nil {
		return nil, fmt.Errorf("srs: pallas: %w", err)
	}
	return res, nil
}

// LagrangeBasis returns the commitments to the Lagrange polynomials of the
// domain of size n (a power of two); see (*Pallas).LagrangeBasis.
func (s *Vesta) LagrangeBasis(n int) ([][]vesta.Affine, error) {
	c := curveFFT[vesta.Affine]{
		lambda:    vestaLambda(),
		newEngine: func() engine[vesta.Affine] { return newVestaEngine() },
	}
	res, err := lagrangeBasis[vesta.Affine, fp.Element](s.G, n, fp.Modulus(), &c)
	if err != nil {
		return nil, fmt.Errorf("srs: vesta: %w", err)
	}
	return res, nil
}

// pallasLambda returns Pallas' endomorphism eigenvalue λ as an integer.
func pallasLambda() *big.Int {
	l := pallas.EndoScalar()
	return l.BigInt(new(big.Int))
}

// vestaLambda returns Vesta's endomorphism eigenvalue λ as an integer.
func vestaLambda() *big.Int {
	l := vesta.EndoScalar()
	return l.BigInt(new(big.Int))
}

// curveFFT is what the group FFT needs to know about one curve.
type curveFFT[A any] struct {
	lambda    *big.Int // φ(P) = [λ]P
	newEngine func() engine[A]
}

// engine is one worker's batch-affine arithmetic on points of type A
// (batch_pallas.go, batch_vesta.go); the zero A is the point at infinity.
type engine[A any] interface {
	// msm sets out[j] = Σ_t [±s_t]·pts[slot_t] over the terms
	// terms[start[j]:start[j+1]] of each job j.
	msm(pts []A, terms []term, start []int32, out []A)
	// addSub sets a[x], b[x] = a[x] + b[x], a[x] - b[x].
	addSub(a, b []A)
}

// term is one summand [±s]·P of an engine job.
type term struct {
	slot int32      // index of P in the engine's points
	naf  []nafEntry // s, recoded (glvScalar.appendNAF)
	neg  bool       // the summand is [-s]·P
}

// addEvent is one addition of a job: at digit position pos, add digit·P or
// digit·φ(P) for the point P at slot, with code = 2·digit + (1 if φ).
type addEvent struct {
	slot uint16
	pos  uint8
	code int8
}

// entry returns the table index of the event's multiple (odd multiples of
// P first, then their images under φ) and whether it is subtracted.
func (ev addEvent) entry() (idx int, sub bool) {
	d, endo := nafEntry{code: ev.code}.digit()
	idx = int(max(d, -d) >> 1)
	if endo {
		idx += tableSize
	}
	return idx, d < 0
}

// maxJobTerms is the most terms an engine job may have: 2^(s-1) for a
// block of s ≤ 4 stages.
const maxJobTerms = 8

// jobCursor is where an engine job stands: its next event and end in the
// engine's event list, and its current digit position.
type jobCursor struct {
	ev, end, pos int32
}

// scalarField is what the group FFT needs from the scalar field.
type scalarField[S any] interface {
	*S
	SetOne() *S
	SetUint64(v uint64) *S
	Mul(x, y *S) *S
	Inverse(x *S) *S
	Exp(x S, k *big.Int) *S
}

// bigScalar is a scalarField element that converts to big.Int.
type bigScalar[S any] interface {
	scalarField[S]
	BigInt(res *big.Int) *big.Int
}

// rootOfUnity returns arkworks' Radix2EvaluationDomain::new(n).group_gen for
// a power of two n: TWO_ADIC_ROOT_OF_UNITY^(2^(32 - log n)) with
// TWO_ADIC_ROOT_OF_UNITY = 5^T, i.e. 5^((p-1)/n).
func rootOfUnity[S any, PS scalarField[S]](n int, modulus *big.Int) S {
	var e big.Int
	e.Sub(modulus, big.NewInt(1))
	e.Rsh(&e, uint(bits.TrailingZeros(uint(n))))
	var g, w S
	PS(&g).SetUint64(5)
	PS(&w).Exp(g, &e)
	return w
}

// lagrangeBasis follows SRS::lagrange_basis (poly-commitment/src/ipa.rs): for
// each chunk c of ceil(n/len(g)) it sets u_{c·len(g)+j} = G_j for the
// len(g) (or fewer, in the last chunk) slots of that chunk, zero elsewhere,
// and applies the domain's IFFT to u.
func lagrangeBasis[A, S any, PS bigScalar[S]](g []A, n int, modulus *big.Int, c *curveFFT[A]) ([][]A, error) {
	if n <= 0 || n&(n-1) != 0 {
		return nil, fmt.Errorf("%w: %d is not a power of two", ErrDomain, n)
	}
	if bits.TrailingZeros(uint(n)) > 32 {
		return nil, fmt.Errorf("%w: %d exceeds the 2-adicity 2^32", ErrDomain, n)
	}
	if len(g) == 0 {
		return nil, fmt.Errorf("%w: empty SRS", ErrDepth)
	}
	plan, err := newIFFTPlan[S, PS](n, modulus, newGLVSplitter(modulus, c.lambda))
	if err != nil {
		return nil, err
	}
	workers := make([]*fftWorker[A], runtime.GOMAXPROCS(0))
	for w := range workers {
		workers[w] = &fftWorker[A]{eng: c.newEngine()}
	}
	chunks := (n + len(g) - 1) / len(g)
	res := make([][]A, chunks)
	for ch := range chunks {
		u := make([]A, n) // all at infinity
		start := ch * len(g)
		copy(u[start:], g[:min(len(g), n-start)])
		groupIFFT(u, plan, workers)
		res[ch] = u
	}
	return res, nil
}

// ifftPlan holds the recoded scalars of a size-n inverse group FFT, as
// powers of g = ω^(-1) (g^(n/2) = -1).
type ifftPlan struct {
	// tw[m] = g^(2m) for m < n/4: every block but the last only uses even
	// powers of g.
	tw [][]nafEntry
	// last[e] = g^e/n for e < n/2: the last block's scalars, with the
	// division by n folded in.
	last [][]nafEntry
}

// term returns the summand [g^e]·P, divided by n when fold, for P at slot
// (e < n, and even unless fold).
func (p *ifftPlan) term(slot int32, e, n int, fold bool) term {
	neg := e >= n/2
	if neg {
		e -= n / 2
	}
	if fold {
		return term{slot: slot, naf: p.last[e], neg: neg}
	}
	return term{slot: slot, naf: p.tw[e/2], neg: neg}
}

// newIFFTPlan computes, splits and recodes the scalars of the size-n
// inverse FFT on all cores.
func newIFFTPlan[S any, PS bigScalar[S]](n int, modulus *big.Int, sp *glvSplitter) (*ifftPlan, error) {
	if n == 1 {
		return &ifftPlan{}, nil
	}
	omega := rootOfUnity[S, PS](n, modulus)
	var omegaInv, nInv, nEl S
	PS(&omegaInv).Inverse(&omega)
	PS(&nEl).SetUint64(uint64(n))
	PS(&nInv).Inverse(&nEl)
	// pows[e] = g^e/n, and g^(2m) = n·pows[2m].
	pows := make([]S, n/2)
	pows[0] = nInv
	for e := 1; e < n/2; e++ {
		PS(&pows[e]).Mul(&pows[e-1], &omegaInv)
	}
	p := &ifftPlan{tw: make([][]nafEntry, n/4), last: make([][]nafEntry, n/2)}
	var (
		errOnce  sync.Once
		firstErr error
	)
	parallel(n/2, func(lo, hi int) {
		// One backing array per range; entries are appended in order and
		// sliced afterwards so that growth cannot strand earlier slices.
		var (
			buf  []nafEntry
			ends []int
			b    big.Int
		)
		recode := func(k *S) error {
			g, err := sp.split(PS(k).BigInt(&b))
			if err != nil {
				return err
			}
			buf = g.appendNAF(buf)
			ends = append(ends, len(buf))
			return nil
		}
		for e := lo; e < hi; e++ {
			err := recode(&pows[e])
			if err == nil && e%2 == 0 && e/2 < len(p.tw) {
				var t S
				PS(&t).Mul(&pows[e], &nEl)
				err = recode(&t)
			}
			if err != nil {
				errOnce.Do(func() { firstErr = err })
				return
			}
		}
		start := 0
		next := func() []nafEntry {
			s := buf[start:ends[0]:ends[0]]
			start, ends = ends[0], ends[1:]
			return s
		}
		for e := lo; e < hi; e++ {
			p.last[e] = next()
			if e%2 == 0 && e/2 < len(p.tw) {
				p.tw[e/2] = next()
			}
		}
	})
	if firstErr != nil {
		return nil, firstErr
	}
	return p, nil
}

// Blocks of the group FFT: midStages stages per block, lastStages in the
// last one (which also divides by n); maxBlockPoints is the most points one
// engine call handles. Fewer, larger blocks trade doublings for additions:
// per point and stage a radix-2 stage costs about 90 group operations, a
// 2-stage block about 78. The sizes were chosen by measurement.
const (
	midStages      = 2
	lastStages     = 3
	maxBlockPoints = 256
)

// Compile-time checks: an engine call addresses its points as uint16, and
// a job of an s-stage block has 2^(s-1) ≤ maxJobTerms terms.
var (
	_ [1<<16 - maxBlockPoints]struct{}
	_ [maxJobTerms - 1<<(max(midStages, lastStages)-1)]struct{}
)

// groupIFFT replaces u by its inverse DFT over the group: u'_i =
// (1/n)·Σ_j ω^(-ij)·u_j. It computes the radix-2 decimation-in-time FFT
// (bit-reversal permutation, then log n butterfly stages) in blocks of a
// few stages (see fftBlocks and fftWorker.block), the last block also
// dividing by n. Each block's groups are spread over the workers, one per
// core.
func groupIFFT[A any](u []A, p *ifftPlan, workers []*fftWorker[A]) {
	n := len(u)
	if n <= 1 {
		return // 1/n = 1
	}
	logN := bits.TrailingZeros(uint(n))
	for i := range n {
		if j := int(bits.Reverse(uint(i)) >> (bits.UintSize - logN)); i < j {
			u[i], u[j] = u[j], u[i]
		}
	}
	for _, b := range fftBlocks(logN) {
		groups := n >> b.s
		// Groups per engine call: enough calls to keep every worker busy,
		// few enough points per call to stay in cache.
		chunk := max(1, min(maxBlockPoints>>b.s, (groups+len(workers)-1)/len(workers)))
		chunks := (groups + chunk - 1) / chunk
		var (
			next atomic.Int64
			wg   sync.WaitGroup
		)
		for _, w := range workers[:min(len(workers), chunks)] {
			wg.Go(func() {
				for {
					ch := int(next.Add(1) - 1)
					if ch >= chunks {
						return
					}
					lo := ch * chunk
					w.block(u, p, b, lo, min(lo+chunk, groups))
				}
			})
		}
		wg.Wait()
	}
}

// fftBlock is s consecutive stages whose first has half size h0; the last
// block (fold) also divides its outputs by n.
type fftBlock struct {
	s, h0 int
	fold  bool
}

// fftBlocks cuts the log n stages of a size-n FFT into blocks: the last
// block takes lastStages stages (fewer if log n is smaller), the others
// midStages, the first block the remainder.
func fftBlocks(logN int) []fftBlock {
	var sizes []int // from the last block backwards
	for left := logN; left > 0; {
		s := min(left, midStages)
		if len(sizes) == 0 {
			s = min(left, lastStages)
		}
		sizes = append(sizes, s)
		left -= s
	}
	bs := make([]fftBlock, 0, len(sizes))
	done := 0
	for i := len(sizes) - 1; i >= 0; i-- {
		bs = append(bs, fftBlock{s: sizes[i], h0: 1 << done, fold: i == 0})
		done += sizes[i]
	}
	return bs
}

// fftWorker is one core's engine and buffers.
type fftWorker[A any] struct {
	eng   engine[A]
	pts   []A // the groups' points, then their outputs
	out   []A // job results
	a, b  []A // addSub operands
	terms []term
	start []int32
}

// block runs groups [lo, hi) of block b. A group is the 2^s positions
// base + k + m·h0 (m < 2^s, k < h0, base a multiple of 2^s·h0) that the
// block's stages mix; with x_m the point at base + k + m·h0 before, the
// block leaves at base + k + q·h0
//
//	z_q = Σ_m W^(rev_s(m)·(k + q·h0))·x_m,  W = ω^(-n/(2^s·h0)),
//
// divided by n when folding (rev_s reverses s bits). Rather than stage by
// stage, z is built level by level: with v the level-(l-1) outputs of
// x_0 … x_(2^(l-1)-1), level l sets z_q, z_(q+2^(l-1)) = v_q ± S_q for
// q < 2^(l-1), where S_q, the sum over the inputs 2^(l-1) … 2^l-1, is one
// engine job whose terms share their doublings (Straus). For s = 2 that is
// 3 jobs per 4 points instead of 4 single multiplications, for s = 3 it is
// 7 jobs per 8 points instead of 12.
func (w *fftWorker[A]) block(u []A, p *ifftPlan, b fftBlock, lo, hi int) {
	n, size := len(u), 1<<b.s
	groups := hi - lo
	w.pts = grown(w.pts, groups*size)
	w.terms, w.start = w.terms[:0], w.start[:0]
	for g := range groups {
		k := (lo + g) % b.h0
		base := (lo+g-k)*size + k
		for m := range size {
			w.pts[g*size+m] = u[base+m*b.h0]
		}
		w.groupJobs(n, p, b, k, int32(g*size))
	}
	w.start = append(w.start, int32(len(w.terms)))
	jobs := len(w.start) - 1
	w.out = grown(w.out, jobs)
	w.eng.msm(w.pts, w.terms, w.start, w.out)

	// Jobs per group: [x_0/n when folding], then the S_q of levels 1..s.
	perGroup := size - 1
	if b.fold {
		perGroup++
		for g := range groups {
			w.pts[g*size] = w.out[g*perGroup]
		}
	}
	for l := 1; l <= b.s; l++ {
		hl := 1 << (l - 1)
		w.a, w.b = grown(w.a, groups*hl), grown(w.b, groups*hl)
		for g := range groups {
			job := g*perGroup + perGroup - size + hl // level l's S_0
			for q := range hl {
				w.a[g*hl+q], w.b[g*hl+q] = w.pts[g*size+q], w.out[job+q]
			}
		}
		w.eng.addSub(w.a, w.b)
		for g := range groups {
			for q := range hl {
				w.pts[g*size+q], w.pts[g*size+q+hl] = w.a[g*hl+q], w.b[g*hl+q]
			}
		}
	}
	for g := range groups {
		k := (lo + g) % b.h0
		base := (lo+g-k)*size + k
		for m := range size {
			u[base+m*b.h0] = w.pts[g*size+m]
		}
	}
}

// groupJobs appends the jobs of the group with offset k whose points start
// at slot: x_0/n when folding, then for l = 1..s and q < 2^(l-1) the job
// S_q = Σ_(2^(l-1) ≤ m < 2^l) W_l^(rev_l(m)·(k + q·h0))·x_m with W_l =
// ω^(-n/(2^l·h0)) = g^(n/(2^l·h0)).
func (w *fftWorker[A]) groupJobs(n int, p *ifftPlan, b fftBlock, k int, slot int32) {
	if b.fold {
		w.start = append(w.start, int32(len(w.terms)))
		w.terms = append(w.terms, p.term(slot, 0, n, true))
	}
	for l := 1; l <= b.s; l++ {
		hl := 1 << (l - 1)
		unit := uint64(n >> l / b.h0)
		for q := range hl {
			w.start = append(w.start, int32(len(w.terms)))
			idx := uint64(k + q*b.h0)
			for m := hl; m < 2*hl; m++ {
				rev := uint64(bits.Reverse(uint(m)) >> (bits.UintSize - l))
				// n divides 2^64, so the wrapped product is right mod n.
				e := int(unit * rev * idx & uint64(n-1))
				w.terms = append(w.terms, p.term(slot+int32(m), e, n, b.fold))
			}
		}
	}
}

// grown returns s with length n, reallocating only when its capacity is
// short.
func grown[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}
