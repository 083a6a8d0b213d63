package prover

import (
	"math/big"
	"runtime"
	"sync"
	"weak"

	"github.com/zkml-mina/zkml/kimchi/curve/vesta"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/srs"
)

// The first IPA round folds the SRS itself: G'[i] = G[i] + u·G[m+i] with
// the same G in every proof. A foldTable keeps the multiples
// 2^(s·j)·G[m+i] so that round computes u·P = a·φ(P) + b·P by additions
// only: with the non-adjacent forms of a and b, digit d at position s·j+r
// adds ±T_j (or ±φ(T_j), φ being free) to the accumulator S_r, and
// Σ_r 2^r·S_r costs s-1 doublings at the end (a comb). About 44 additions
// replace the 66 doublings and 33 additions of the joint-sparse-form
// ladder.

// foldTableStride is the comb's stride: 8 keeps ⌈67/8⌉ = 9 rows (8 besides
// the SRS itself: 16 MiB for the 2^16-point SRS) for about 14 more
// operations per point than a full 67-row table, which measured the same.
const foldTableStride = 8

// foldTables caches one fold table (and one fixed-base MSM table) per SRS,
// shared by every index using it; an entry goes when its SRS is garbage
// collected (the weak key does not keep the SRS alive; the tables
// reference only its points).
var foldTables = struct {
	sync.Mutex
	m map[weak.Pointer[srs.Vesta]]*foldTableEntry
}{m: map[weak.Pointer[srs.Vesta]]*foldTableEntry{}}

type foldTableEntry struct {
	once  sync.Once
	t     *foldTable
	bases lazyBases // the SRS's fixed-base MSM table (base_tables.go)
}

// srsFoldTable returns the SRS's fold table, building it on first use
// (nil if it cannot be built).
func srsFoldTable(s *srs.Vesta) *foldTable {
	e := srsEntry(s)
	if e == nil {
		return nil
	}
	e.once.Do(func() { e.t = newFoldTable(s.G[len(s.G)/2:], foldTableStride) })
	return e.t
}

// srsEntry returns the SRS's entry in foldTables, adding it on first use
// (nil for an SRS of fewer than 2 points).
func srsEntry(s *srs.Vesta) *foldTableEntry {
	if s == nil || len(s.G) < 2 {
		return nil
	}
	key := weak.Make(s)
	foldTables.Lock()
	e := foldTables.m[key]
	if e == nil {
		e = new(foldTableEntry)
		foldTables.m[key] = e
		runtime.AddCleanup(s, func(k weak.Pointer[srs.Vesta]) {
			foldTables.Lock()
			delete(foldTables.m, k)
			foldTables.Unlock()
		}, key)
	}
	foldTables.Unlock()
	return e
}

// foldTable returns the fold table of the index's SRS, or nil when
// Options.NoFoldTable is set.
func (ix *Index) foldTable() *foldTable {
	if ix.noFoldTable {
		return nil
	}
	return srsFoldTable(ix.srs)
}

// foldTable holds rows[j][i] = 2^(stride·j)·hi[i] for the first round's
// upper half hi (rows[0] is hi itself).
type foldTable struct {
	stride int
	rows   [][]vesta.Affine
}

// nafDigits returns the non-adjacent form of v ≥ 0 (little-endian digits
// in {-1, 0, 1}, no two adjacent non-zero; a third of them non-zero on
// average).
func nafDigits(v *big.Int) []int8 {
	x := new(big.Int).Set(v)
	var d []int8
	one := big.NewInt(1)
	for x.Sign() > 0 {
		var z int8
		if x.Bit(0) == 1 {
			z = 2 - int8(x.Bits()[0]&3)
			if z < 0 {
				x.Add(x, one)
			} else {
				x.Sub(x, one)
			}
		}
		d = append(d, z)
		x.Rsh(x, 1)
	}
	return d
}

// tableBits is the number of digit positions a table must cover: a and b
// are below 2^66 (endoDecompose), their NAFs have at most 67 digits.
const tableBits = 67

// newFoldTable doubles hi up to 2^(stride·j) for every row j, with the
// batch-affine engine; nil on an exceptional doubling (never for SRS
// points: their order is prime).
func newFoldTable(hi []vesta.Affine, stride int) *foldTable {
	rowsN := (tableBits + stride - 1) / stride
	t := &foldTable{stride: stride, rows: make([][]vesta.Affine, rowsN)}
	t.rows[0] = hi
	for j := 1; j < rowsN; j++ {
		t.rows[j] = make([]vesta.Affine, len(hi))
	}
	ok := forChunks(len(hi), func(w *foldWorker, s, e int) bool {
		if anyInfinity(hi[s:e]) {
			return false
		}
		ops := w.ops[:0]
		for j := 1; j < rowsN; j++ {
			ops = append(ops, batchOp{dst: t.rows[j][s:e], src: t.rows[j-1][s:e], assign: true})
			for range stride {
				ops = append(ops, batchOp{dst: t.rows[j][s:e]})
			}
		}
		w.ops = ops
		return w.eng.run(ops, e-s)
	})
	if !ok {
		return nil
	}
	return t
}

// fold returns lo[i] + (a·φ + b)(hi[i]) for the table's hi, or false on
// an exceptional addition or digits beyond the table.
func (t *foldTable) fold(lo []vesta.Affine, a, b *big.Int) ([]vesta.Affine, bool) {
	if len(t.rows) == 0 || len(lo) != len(t.rows[0]) {
		return nil, false
	}
	da, db := nafDigits(a), nafDigits(b)
	if max(len(da), len(db)) > len(t.rows)*t.stride || !recode(da, a) || !recode(db, b) {
		return nil, false
	}
	out := make([]vesta.Affine, len(lo))
	ok := forChunks(len(lo), func(w *foldWorker, s, e int) bool {
		return w.foldComb(t, out[s:e], lo[s:e], s, da, db)
	})
	return out, ok
}

// foldComb is fold on the chunk starting at point off.
func (w *foldWorker) foldComb(t *foldTable, out, lo []vesta.Affine, off int, da, db []int8) bool {
	k := len(out)
	if anyInfinity(lo) {
		return false
	}
	st := t.stride
	// Accumulators: S_0 is out (starting as lo), S_r for r ≥ 1 in the
	// worker's buffers, each starting with its first term.
	acc := w.accRows(st)
	used := w.usedFlags(st)
	acc[0], used[0] = out, true
	copy(out, lo)
	if need := (st - 1) * foldChunk; len(w.accs) < need {
		w.accs = make([]vesta.Affine, need)
	}
	for r := 1; r < st; r++ {
		acc[r] = w.accs[(r-1)*foldChunk : (r-1)*foldChunk+k]
	}
	ops := w.ops[:0]
	term := func(d []int8, endo bool) {
		for pos, z := range d {
			if z == 0 {
				continue
			}
			r, j := pos%st, pos/st
			op := batchOp{dst: acc[r], src: t.rows[j][off : off+k], neg: z < 0, endo: endo}
			if !used[r] {
				op.assign, used[r] = true, true
			}
			ops = append(ops, op)
		}
	}
	term(db, false)
	term(da, true)
	// Σ_r 2^r·S_r by Horner from the highest used accumulator.
	top := st - 1
	for top > 0 && !used[top] {
		top--
	}
	if top > 0 {
		h := acc[top]
		for r := top - 1; r >= 1; r-- {
			ops = append(ops, batchOp{dst: h})
			if used[r] {
				ops = append(ops, batchOp{dst: h, src: acc[r]})
			}
		}
		ops = append(ops, batchOp{dst: h}, batchOp{dst: out, src: h})
	}
	w.ops = ops
	return w.eng.run(ops, k)
}

// foldRound0 folds lo + u·hi like foldBases, through the table (which
// must hold hi) when one is given.
func foldRound0(t *foldTable, lo, hi []vesta.Affine, uPre fp.Element, u, endoR *fp.Element) []vesta.Affine {
	if t != nil {
		if a, b, ok := endoSplit(uPre, u, endoR); ok {
			if out, ok := t.fold(lo, a, b); ok {
				return out
			}
		}
	}
	return foldBases(lo, hi, uPre, u, endoR)
}
