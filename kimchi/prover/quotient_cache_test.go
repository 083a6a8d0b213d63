package prover

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/zkml-mina/zkml/kimchi/circuit"
	"github.com/zkml-mina/zkml/kimchi/curve/vesta"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/gates"
	"github.com/zkml-mina/zkml/kimchi/srs"
	"github.com/zkml-mina/zkml/kimchi/verifier"
)

// randomQuotientInputs fills every per-proof polynomial the quotient reads
// (witness, z, public, lookup columns) and the challenges with random
// values: the quotient's evaluations need not come from a valid witness.
func randomQuotientInputs(t *testing.T, ix *Index) *quotientInputs {
	t.Helper()
	n := ix.d1.n
	rnd := func() []fp.Element {
		v := make([]fp.Element, n)
		for i := range v {
			if _, err := v[i].SetRandom(); err != nil {
				t.Fatal(err)
			}
		}
		return v
	}
	var one fp.Element
	if _, err := one.SetRandom(); err != nil {
		t.Fatal(err)
	}
	in := &quotientInputs{z: rnd(), pub: rnd(), lookup: map[gates.Column][]fp.Element{}, fillSlices: true}
	for i := range in.w {
		in.w[i] = rnd()
	}
	for _, p := range []*fp.Element{&in.alpha, &in.beta, &in.gamma, &in.joint} {
		if _, err := p.SetRandom(); err != nil {
			t.Fatal(err)
		}
	}
	in.alphas = powers(in.alpha, gates.LookupAlphaStart+16)
	need, rec, err := ix.quotientReads()
	if err != nil {
		t.Fatal(err)
	}
	in.need, in.rec = need, rec
	for c := range need {
		if _, fixed := ix.fixedCoeffs(c); fixed {
			continue
		}
		switch c.Kind {
		case gates.Witness, colZ, colPublic:
		default:
			in.lookup[c] = rnd()
		}
	}
	return in
}

// TestQuotientSliceCache checks that the quotient's evaluations are the
// same whether the fixed polynomials come from the slice cache (fully,
// partly within a small budget) or are evaluated per proof, with the
// slices' points (sliceGeom) cached or not, and that a second call reuses
// the cache.
func TestQuotientSliceCache(t *testing.T) {
	s := loadSRS(t)
	circuits := []struct {
		name  string
		build func(testing.TB) *circuit.Circuit
	}{
		{"tiny", tinyCircuit},
		{"poseidon", poseidonCircuit},
		{"chain", func(t testing.TB) *circuit.Circuit { return chainCircuit(t, 300) }},
	}
	for _, lc := range lookupCases {
		switch lc.name {
		case "multirangecheck", "bits8", "bits12x3+rc64":
			continue // 2^13 domains like rangecheck64's, same selectors
		}
		circuits = append(circuits, struct {
			name  string
			build func(testing.TB) *circuit.Circuit
		}{lc.name, func(t testing.TB) *circuit.Circuit { return buildLookupCase(t, lc.build) }})
	}
	for _, tc := range circuits {
		t.Run(tc.name, func(t *testing.T) {
			ix, err := NewIndex(tc.build(t), s, testOptions(t))
			if err != nil {
				t.Fatal(err)
			}
			in := randomQuotientInputs(t, ix)
			per := int64(8*ix.d1.n) * fp.Bytes
			var want []fp.Element
			for _, budget := range []struct {
				name   string
				bytes  int64
				cached int // -1: all fixed polynomials
			}{
				{"off", 0, 0},
				{"two polynomials", 2 * per, 2},
				{"all", DefaultSliceCacheMB << 20, -1},
			} {
				ix.slices = sliceCache{}
				ix.sliceCacheBytes = budget.bytes
				for call := range 2 {
					got, err := ix.quotientEvals(in)
					if err != nil {
						t.Fatalf("%s: %v", budget.name, err)
					}
					if want == nil {
						want = got
						continue
					}
					for i := range want {
						if !got[i].Equal(&want[i]) {
							t.Fatalf("%s, call %d: evaluation %d differs", budget.name, call, i)
						}
					}
				}
				if budget.cached >= 0 && len(ix.slices.evals) != budget.cached {
					t.Errorf("%s: %d polynomials cached, want %d", budget.name, len(ix.slices.evals), budget.cached)
				}
				if budget.cached < 0 && len(ix.slices.evals) < permuts {
					t.Errorf("%s: only %d polynomials cached", budget.name, len(ix.slices.evals))
				}
				// The slices' points are cached only when the budget holds
				// every polynomial and them.
				wantGeom := 0
				if budget.cached < 0 {
					wantGeom = ix.qSlices
				}
				if got := len(ix.slices.geom); got != wantGeom {
					t.Errorf("%s: %d slices' points cached, want %d", budget.name, got, wantGeom)
				}
			}
			t.Logf("n = %d: %d fixed polynomials cached", ix.d1.n, len(ix.slices.evals))
		})
	}
}

// TestProveConcurrent proves with one index from several goroutines at
// once, the first Prove of each filling the index's slice cache and the
// SRS's fold table concurrently; every proof must verify (run with -race
// to check the caches' synchronisation).
func TestProveConcurrent(t *testing.T) {
	s := loadSRS(t)
	c := chainCircuit(t, 40)
	ix, err := NewIndex(c, s, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	w, err := c.Witness([]fp.Element{chainOutput(3, 40)}, []fp.Element{felt(3)})
	if err != nil {
		t.Fatal(err)
	}
	vix, err := verifier.NewIndex(ix.VerifierIndex(), ix.FeatureFlags(), nil, &verifier.SRS{Vesta: s})
	if err != nil {
		t.Fatal(err)
	}
	const provers = 3
	errs := make([]error, provers)
	var wg sync.WaitGroup
	for i := range provers {
		wg.Go(func() {
			p, pub, err := ix.Prove(w)
			if err == nil {
				err = verifier.Verify(vix, p, pub)
			}
			errs[i] = err
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("prover %d: %v", i, err)
		}
	}
}

// TestSRSFoldTable checks that the fold table is built once per SRS and
// shared, and that its entry goes with the SRS.
func TestSRSFoldTable(t *testing.T) {
	s := loadSRS(t)
	entries := func() int {
		foldTables.Lock()
		defer foldTables.Unlock()
		return len(foldTables.m)
	}
	// A private SRS, unreachable once shareFoldTable returns.
	shareFoldTable(t, &srs.Vesta{G: append([]vesta.Affine(nil), s.G[:2*foldChunk]...), H: s.H})
	before := entries()
	for range 50 {
		runtime.GC()
		if entries() < before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Errorf("the table's entry outlived its SRS (%d entries)", entries())
}

// shareFoldTable asks for s's fold table from several goroutines at once
// and checks they all get the same one.
func shareFoldTable(t *testing.T, s *srs.Vesta) {
	t.Helper()
	tabs := make([]*foldTable, 4)
	var wg sync.WaitGroup
	for i := range tabs {
		wg.Go(func() { tabs[i] = srsFoldTable(s) })
	}
	wg.Wait()
	for i := range tabs {
		if tabs[i] == nil || tabs[i] != tabs[0] {
			t.Fatalf("call %d: table %p, want %p (non-nil, shared)", i, tabs[i], tabs[0])
		}
	}
	if got := len(tabs[0].rows); got != (tableBits+foldTableStride-1)/foldTableStride {
		t.Errorf("%d rows", got)
	}
}

func TestSparseWitnessColumn(t *testing.T) {
	// A witness column with few non-zero values (a zero column but for the
	// zero-knowledge rows, say) gives the same quotient values taken from
	// its Lagrange terms as interpolated and evaluated by FFT.
	s := loadSRS(t)
	ix, err := NewIndex(tinyCircuit(t), s, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	n := ix.d1.n
	in := randomQuotientInputs(t, ix)
	const col = permuts - 1 // read by the permutation argument
	if !in.need[gates.Column{Kind: gates.Witness, Index: col}] {
		t.Fatalf("the quotient does not read witness column %d", col)
	}
	for _, rows := range [][]int{{}, {0}, {n - 3, n - 2, n - 1}, {0, 1, 2, 3, n / 2, n - 3, n - 2, n - 1}} {
		vals := make([]fp.Element, n)
		for _, r := range rows {
			if _, err := vals[r].SetRandom(); err != nil {
				t.Fatal(err)
			}
		}
		sc := sparseValues(vals)
		if sc == nil || len(sc.rows) != len(rows) {
			t.Fatalf("rows %v: sparseValues = %v", rows, sc)
		}
		in.w[col], in.wSparse[col] = ix.d1.interpolateBitRev(vals), nil
		want, err := ix.quotientEvals(in)
		if err != nil {
			t.Fatal(err)
		}
		in.w[col], in.wSparse[col] = nil, sc
		got, err := ix.quotientEvals(in)
		if err != nil {
			t.Fatal(err)
		}
		for i := range want {
			if !got[i].Equal(&want[i]) {
				t.Fatalf("rows %v: quotient value %d differs", rows, i)
			}
		}
	}
	// More than closedFormTerms values: interpolated.
	dense := make([]fp.Element, 2*closedFormTerms)
	for r := range closedFormTerms + 1 {
		dense[r].SetUint64(uint64(r + 1))
	}
	if sc := sparseValues(dense); sc != nil {
		t.Errorf("%d values taken as sparse", closedFormTerms+1)
	}
}
