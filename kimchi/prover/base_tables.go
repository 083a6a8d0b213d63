package prover

import (
	"fmt"
	"sync"

	"github.com/zkml-mina/zkml/kimchi/curve/vesta"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/srs"
)

// Fixed-base tables (Options.BaseTables): every proof commits with two
// fixed bases, the index's Lagrange basis (witness, permutation and lookup
// columns) and the SRS itself (the quotient's chunks and the opening's
// first round). A vesta.FixedBases table of the multiples 2^(c·j)·P (c =
// 13 up to 2^14 points, 20 rows; c = 15 from 2^15, 17 rows: 68 MiB and
// about 1.5 s on 2 cores for 2^16 points) lets each such MSM sum all digit
// windows in one set of buckets, which saves 5–15% of an MSM's CPU on
// full-width scalars (kimchi/curve's BenchmarkFixedBases; at 2^16, c = 15
// takes 13% less than c = 13) and 5–7% of a 2^14 prove.

// lazyBases builds a FixedBases once, on demand; nil when it cannot be
// built (the plain MSM is then used).
type lazyBases struct {
	once sync.Once
	fb   *vesta.FixedBases
}

func (l *lazyBases) get(points []vesta.Affine) *vesta.FixedBases {
	l.once.Do(func() {
		if fb, err := vesta.NewFixedBases(points); err == nil {
			l.fb = fb
		}
	})
	return l.fb
}

// srsBaseTable returns the SRS's fixed-base table, shared by every index
// using that SRS (see foldTables).
func srsBaseTable(s *srs.Vesta) *vesta.FixedBases {
	e := srsEntry(s)
	if e == nil {
		return nil
	}
	return e.bases.get(s.G)
}

// loadBaseTables builds the index's Lagrange-basis table and gets its
// SRS's shared one; an MSM without a table (one could not be built) uses
// the plain MultiExp.
func (ix *Index) loadBaseTables() {
	if ix.chunks == 1 { // chunked, the basis serves sparse columns only
		if fb, err := vesta.NewFixedBases(ix.lagrange[0]); err == nil {
			ix.lagBases = fb
		}
	}
	ix.srsBases = srsBaseTable(ix.srs)
}

// fixedMSM is Σ scalars[i]·points[i] where points = fb's points from
// offset on when fb is set, else points itself (the plain MSM, zero terms
// skipped).
func fixedMSM(fb *vesta.FixedBases, offset int, points []vesta.Affine, scalars []fp.Element) (vesta.Affine, error) {
	if fb == nil {
		return msmNonZero(points, scalars)
	}
	var r vesta.Affine
	j, err := fb.MultiExp(offset, scalars)
	if err != nil {
		return r, fmt.Errorf("prover: fixed-base msm: %w", err)
	}
	r.FromJacobian(&j)
	return r, nil
}
