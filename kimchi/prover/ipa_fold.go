package prover

import (
	"math/big"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/zkml-mina/zkml/kimchi/curve/vesta"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
)

// IPA base folding: each round of the opening replaces the bases G by
// G'[i] = G[i] + u·G[i+m] (poly-commitment/src/ipa.rs SRS::open, which
// folds with combine_one_endo in poly-commitment/src/combine.rs). Like
// proof-systems this uses u = a·λ + b with the ~66-bit integers a, b of
// the challenge's bit walk, so u·P = a·φ(P) + b·P, φ(P) = (β·x, y), needs
// half the doublings of a full scalar multiplication; and it works in
// affine coordinates on chunks of points sharing one batch inversion per
// step (batchEngine).

// foldBases returns lo[i] + u·hi[i], u = ToField(uPre) (uPre's inner
// 128-bit value).
func foldBases(lo, hi []vesta.Affine, uPre fp.Element, u, endoR *fp.Element) []vesta.Affine {
	if a, b, ok := endoSplit(uPre, u, endoR); ok {
		if out, ok := foldBasesAffine(lo, hi, a, b); ok {
			return out
		}
	}
	return foldJacobian(lo, hi, u)
}

// endoSplit returns endoDecompose(uPre) after checking a·λ + b = u (false,
// not expected, if not: the caller then multiplies by u itself).
func endoSplit(uPre fp.Element, u, endoR *fp.Element) (*big.Int, *big.Int, bool) {
	a, b := endoDecompose(uPre)
	var chk, t fp.Element
	chk.SetBigInt(a)
	chk.Mul(&chk, endoR)
	t.SetBigInt(b)
	chk.Add(&chk, &t)
	return a, b, chk.Equal(u)
}

// foldJacobian is lo[i] + u·hi[i] by plain Jacobian scalar
// multiplications: the fallback for the (probability ~2^-250) exceptional
// additions of the affine paths.
func foldJacobian(lo, hi []vesta.Affine, u *fp.Element) []vesta.Affine {
	js := make([]vesta.Jacobian, len(lo))
	parallelFor(len(lo), func(s, e int) {
		for i := s; i < e; i++ {
			js[i].FromAffine(&hi[i])
			js[i].ScalarMul(&js[i], u)
			js[i].AddMixed(&lo[i])
		}
	})
	return vesta.BatchJacobianToAffine(js)
}

// endoDecompose replays ScalarChallenge.ToField's bit walk (poseidon
// challenge.go, proof-systems sponge.rs to_field_with_length) on the
// 128-bit challenge, returning the integers a, b with u = a·λ + b.
func endoDecompose(inner fp.Element) (*big.Int, *big.Int) {
	r := inner.Bits()
	bit := func(i int) uint64 { return (r[i/64] >> (i % 64)) & 1 }
	a, b := big.NewInt(2), big.NewInt(2)
	one := big.NewInt(1)
	for i := 63; i >= 0; i-- {
		a.Lsh(a, 1)
		b.Lsh(b, 1)
		dst := b
		if bit(2*i+1) == 1 {
			dst = a
		}
		if bit(2*i) == 1 {
			dst.Add(dst, one)
		} else {
			dst.Sub(dst, one)
		}
	}
	return a, b
}

// jsf returns the joint sparse form of the non-negative a, b (Solinas;
// Guide to ECC Alg. 3.50): signed digits da[i], db[i] ∈ {-1, 0, 1},
// little-endian, with Σ da[i]·2^i = a, Σ db[i]·2^i = b and at most half of
// the digit pairs non-zero on average (plain binary: three quarters).
func jsf(a, b *big.Int) (da, db []int8) {
	x, y := new(big.Int).Set(a), new(big.Int).Set(b)
	mod8 := func(v *big.Int) int {
		if v.Sign() == 0 {
			return 0
		}
		return int(v.Bits()[0] & 7)
	}
	var t big.Int
	for x.Sign() > 0 || y.Sign() > 0 {
		x8, y8 := mod8(x), mod8(y)
		var u0, u1 int
		if x8&1 == 1 {
			u0 = 2 - x8&3
			if (x8 == 3 || x8 == 5) && y8&3 == 2 {
				u0 = -u0
			}
		}
		if y8&1 == 1 {
			u1 = 2 - y8&3
			if (y8 == 3 || y8 == 5) && x8&3 == 2 {
				u1 = -u1
			}
		}
		da, db = append(da, int8(u0)), append(db, int8(u1))
		x.Sub(x, t.SetInt64(int64(u0)))
		x.Rsh(x, 1)
		y.Sub(y, t.SetInt64(int64(u1)))
		y.Rsh(y, 1)
	}
	return da, db
}

// recode checks that the signed digits d (little-endian) give back v.
func recode(d []int8, v *big.Int) bool {
	r := new(big.Int)
	var t big.Int
	for i := len(d) - 1; i >= 0; i-- {
		r.Lsh(r, 1).Add(r, t.SetInt64(int64(d[i])))
	}
	return r.Cmp(v) == 0
}

// foldStep is one digit pair of the fold's scalar: which table entry to
// add (0: none, 1: P, 2: φ(P), 3: φ(P)+P, 4: φ(P)-P) and its sign.
type foldStep struct {
	entry uint8
	neg   bool
}

// foldSteps is the joint sparse form of (a, b) as table entries, most
// significant step last; false if a and b are both zero.
func foldSteps(a, b *big.Int) ([]foldStep, bool) {
	da, db := jsf(a, b)
	if len(da) == 0 || !recode(da, a) || !recode(db, b) {
		return nil, false
	}
	steps := make([]foldStep, len(da))
	for i := range da {
		// u·P = a·φ(P) + b·P.
		switch x, y := da[i], db[i]; {
		case x == 0 && y == 0:
		case x == 0:
			steps[i] = foldStep{1, y < 0}
		case y == 0:
			steps[i] = foldStep{2, x < 0}
		case x == y:
			steps[i] = foldStep{3, x < 0}
		default:
			steps[i] = foldStep{4, x < 0}
		}
	}
	if steps[len(steps)-1].entry == 0 {
		return nil, false
	}
	return steps, true
}

// foldChunk is the number of points sharing one batch inversion.
const foldChunk = 512

// foldBasesAffine computes lo[i] + (a·φ + b)(hi[i]) like foldBases in
// affine coordinates: the joint-sparse-form digits of a and b are shared by
// every point, so each step is one batch doubling and (for a non-zero
// digit pair, half of them) one batch addition of ±P, ±φ(P), ±(φ(P)+P) or
// ±(φ(P)-P). It reports false on an exceptional addition (equal or
// opposite x, or a point at infinity), and the caller then uses the
// Jacobian path.
func foldBasesAffine(lo, hi []vesta.Affine, a, b *big.Int) ([]vesta.Affine, bool) {
	steps, ok := foldSteps(a, b)
	if !ok {
		return nil, false
	}
	out := make([]vesta.Affine, len(lo))
	ok = forChunks(len(lo), func(w *foldWorker, s, e int) bool {
		return w.foldJSF(out[s:e], lo[s:e], hi[s:e], steps)
	})
	return out, ok
}

// forChunks runs f on the chunks [s, e) of foldChunk points of [0, m) on
// the available cores, each worker with its own scratch space; it reports
// false as soon as one call does.
func forChunks(m int, f func(w *foldWorker, s, e int) bool) bool {
	chunks := (m + foldChunk - 1) / foldChunk
	workers := min(runtime.GOMAXPROCS(0), chunks)
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := new(foldWorker)
			for {
				c := int(next.Add(1) - 1)
				if c >= chunks || failed.Load() {
					return
				}
				s, e := c*foldChunk, min((c+1)*foldChunk, m)
				if !f(w, s, e) {
					failed.Store(true)
				}
			}
		}()
	}
	wg.Wait()
	return !failed.Load()
}

// foldWorker is one worker's scratch space.
type foldWorker struct {
	tab  [3][foldChunk]vesta.Affine // φ(P), φ(P)+P, φ(P)-P
	accs []vesta.Affine             // the comb's accumulators S_1.. (foldComb)
	acc  [][]vesta.Affine
	used []bool
	ops  []batchOp
	eng  batchEngine
}

// accRows returns n (reused) accumulator slice headers.
func (w *foldWorker) accRows(n int) [][]vesta.Affine {
	if cap(w.acc) < n {
		w.acc = make([][]vesta.Affine, n)
	}
	return w.acc[:n]
}

// usedFlags returns n (reused) cleared flags.
func (w *foldWorker) usedFlags(n int) []bool {
	if cap(w.used) < n {
		w.used = make([]bool, n)
	}
	u := w.used[:n]
	clear(u)
	return u
}

// foldJSF sets out = lo + (a·φ + b)(hi) for one chunk, steps being the
// joint sparse form of (a, b).
func (w *foldWorker) foldJSF(out, lo, hi []vesta.Affine, steps []foldStep) bool {
	k := len(out)
	if anyInfinity(lo) || anyInfinity(hi) {
		return false
	}
	phi, sum, diff := w.tab[0][:k], w.tab[1][:k], w.tab[2][:k]
	for i := range k {
		phi[i].Endo(&hi[i])
	}
	copy(sum, phi)
	copy(diff, phi)
	// Table: sum = φ(P) + P, diff = φ(P) - P.
	ops := append(w.ops[:0], batchOp{dst: sum, src: hi}, batchOp{dst: diff, src: hi, neg: true})
	table := func(e uint8) []vesta.Affine {
		switch e {
		case 1:
			return hi
		case 2:
			return phi
		case 3:
			return sum
		}
		return diff
	}
	top := len(steps) - 1
	// The accumulator starts as the top digit's entry, copied once the
	// table is ready (an assign op).
	ops = append(ops, batchOp{dst: out, src: table(steps[top].entry), neg: steps[top].neg, assign: true})
	for bit := top - 1; bit >= 0; bit-- {
		ops = append(ops, batchOp{dst: out})
		if st := steps[bit]; st.entry != 0 {
			ops = append(ops, batchOp{dst: out, src: table(st.entry), neg: st.neg})
		}
	}
	ops = append(ops, batchOp{dst: out, src: lo})
	w.ops = ops
	return w.eng.run(ops, k)
}

func anyInfinity(ps []vesta.Affine) bool {
	for i := range ps {
		if ps[i].IsInfinity() {
			return true
		}
	}
	return false
}

// endoBeta is β of φ(x, y) = (β·x, y) on Vesta.
var endoBeta = func() fq.Element {
	g := vesta.Generator()
	var p vesta.Affine
	p.Endo(&g)
	var inv fq.Element
	inv.Inverse(&g.X)
	p.X.Mul(&p.X, &inv)
	return p.X
}()

// batchOp is one step applied to every point of a chunk: dst[i] =
// 2·dst[i] (src nil), dst[i] = dst[i] ± ψ(src[i]) (neg selects the sign; ψ
// is φ when endo is set, else the identity), or, with assign set, dst[i] =
// ±ψ(src[i]) (no inversion).
type batchOp struct {
	dst, src          []vesta.Affine
	neg, endo, assign bool
}

// batchEngine runs a sequence of batchOps on the points of one chunk with
// fq.AffineBatch (Montgomery's batch inversion, one field inversion per
// op, each op's pass over the chunk also preparing the next op's
// denominators; an assembly loop on amd64).
type batchEngine struct {
	batch *fq.AffineBatch // scratch for foldChunk points, made on first use
}

// affineOp is op as an fq.AffineOp: the points as (x, y) Element pairs
// and the endomorphism as its β.
func affineOp(op *batchOp) fq.AffineOp {
	a := fq.AffineOp{Dst: vesta.Coordinates(op.dst), Src: vesta.Coordinates(op.src), Neg: op.neg}
	if op.endo {
		a.Beta = &endoBeta
	}
	return a
}

// copyOp performs an assign op (dst = ±ψ(src)) on the points [0, k).
func copyOp(op *batchOp, k int) {
	copy(op.dst[:k], op.src[:k])
	if op.endo {
		for i := range k {
			op.dst[i].X.Mul(&op.dst[i].X, &endoBeta)
		}
	}
	if op.neg {
		for i := range k {
			op.dst[i].Y.Neg(&op.dst[i].Y)
		}
	}
}

// run applies ops in order to the points [0, k); false if some
// denominator is zero (an exceptional case: the points are then partly
// updated).
func (e *batchEngine) run(ops []batchOp, k int) bool {
	if e.batch == nil {
		e.batch = fq.NewAffineBatch(foldChunk)
	}
	var prod, inv fq.Element
	var cur, next fq.AffineOp
	pending := -1 // the op whose denominators and prefix products are ready
	for o := 0; o < len(ops); o++ {
		op := &ops[o]
		if op.assign {
			copyOp(op, k)
			continue
		}
		if pending == o {
			cur = next
		} else {
			// First pass of op (the previous op was an assign or none).
			cur = affineOp(op)
			prod = e.batch.Prepare(&cur, k)
		}
		if prod.IsZero() {
			return false
		}
		inv.Inverse(&prod)
		nextOp := (*fq.AffineOp)(nil)
		if o+1 < len(ops) && !ops[o+1].assign {
			next = affineOp(&ops[o+1])
			nextOp = &next
			pending = o + 1
		}
		prod = e.batch.Step(&cur, nextOp, k, &inv)
	}
	return true
}
