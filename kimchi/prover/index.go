// Package prover builds Kimchi prover and verifier indexes from a
// kimchi/circuit Circuit and creates Kimchi proofs over Vesta (Fp scalars),
// following o1-labs/proof-systems at commit 136c1df (kimchi/src/prover.rs,
// prover_index.rs, verifier_index.rs, circuits/constraints.rs,
// circuits/polynomials/permutation.rs, poly-commitment/src/ipa.rs). Proofs
// are in proof-systems' wire layout (kimchi/wire) and verify with
// kimchi/verifier and with o1js (KimchiProof / KimchiVerificationKey).
//
// Two departures from proof-systems make proving faster, with the same
// proof format and the same checks for the verifier: the quotient is
// evaluated on as few coset slices as its degree needs (quotient.go,
// quotient_slices.go), and witness columns that constrain nothing are zero
// instead of random (degree.go).
package prover

import (
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/zkml-mina/zkml/kimchi/circuit"
	"github.com/zkml-mina/zkml/kimchi/curve/pallas"
	"github.com/zkml-mina/zkml/kimchi/curve/vesta"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
	"github.com/zkml-mina/zkml/kimchi/gates"
	"github.com/zkml-mina/zkml/kimchi/groupmap"
	"github.com/zkml-mina/zkml/kimchi/ipa"
	"github.com/zkml-mina/zkml/kimchi/poseidon"
	"github.com/zkml-mina/zkml/kimchi/srs"
	"github.com/zkml-mina/zkml/kimchi/verifier"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// Errors reported by the prover.
var (
	// ErrUnsupported reports a circuit feature the prover does not handle.
	ErrUnsupported = errors.New("prover: unsupported")
	// ErrWitness reports a witness that does not satisfy the circuit.
	ErrWitness = errors.New("prover: witness does not satisfy the circuit")
	// ErrInput reports malformed arguments.
	ErrInput = errors.New("prover: bad input")
)

const (
	columns = wire.Columns
	permuts = wire.Permuts
)

type vestaCurve = ipa.Curve[fp.Element, *fp.Element, fq.Element, *fq.Element, vesta.Affine, ipa.Vesta]

// selectorGates maps kimchi/gates' selector gate types to circuit gate types.
var selectorGates = [...]circuit.GateType{
	gates.Generic: circuit.Generic, gates.Poseidon: circuit.Poseidon, gates.CompleteAdd: circuit.CompleteAdd,
	gates.VarBaseMul: circuit.VarBaseMul, gates.EndoMul: circuit.EndoMul, gates.EndoMulScalar: circuit.EndoMulScalar,
	gates.RangeCheck0: circuit.RangeCheck0, gates.RangeCheck1: circuit.RangeCheck1,
	gates.ForeignFieldAdd: circuit.ForeignFieldAdd, gates.ForeignFieldMul: circuit.ForeignFieldMul,
	gates.Xor16: circuit.Xor16, gates.Rot64: circuit.Rot64,
}

// poly is a polynomial of degree < n kept both as its values on the
// domain and as coefficients; zero marks the zero polynomial.
type poly struct {
	evals, coeffs []fp.Element
	zero          bool
}

// Index is a prover index: the circuit's fixed polynomials over its
// domain, the SRS and the verifier index derived from them.
type Index struct {
	gates  []circuit.Gate // padded to the domain size
	public int
	zkRows int // 3, more for a chunked domain (circuit.Domain)
	chunks int // n / |SRS| when the domain exceeds the SRS, else 1
	d1     *domain
	d8     *domain

	shifts    [permuts]fp.Element
	sid       []fp.Element // ω^i
	sigma     [permuts]poly
	coeffs    [columns]poly
	selectors [len(selectorGates)]poly // by gates.GateType
	flags     gates.FeatureFlags
	lookup    *lookupIndex  // nil without lookups
	unused    [columns]bool // witness columns that constrain nothing: zero in every proof (degree.go)
	qSlices   int           // coset slices the quotient is evaluated on (degree.go)
	endo      fp.Element    // EndoMul coefficient: Pallas' endo_q (prover_index.rs other_curve_endo)
	mds       [3][3]fp.Element

	srs      *srs.Vesta
	lagrange [][]vesta.Affine // commitments to L_0..L_{n-1}, chunk by chunk
	curve    *vestaCurve

	vi     *wire.VerifierIndex
	digest fq.Element

	noFoldTable     bool              // Options.NoFoldTable
	proves          atomic.Int64      // Prove calls so far
	lagBases        *vesta.FixedBases // Lagrange basis table (Options.BaseTables), or nil
	srsBases        *vesta.FixedBases // the SRS's shared table (Options.BaseTables), or nil
	sliceCacheBytes int64             // budget of slices (Options.SliceCacheMB)
	slices          sliceCache        // fixed polynomials on the quotient's slices
}

// Options configures NewIndex.
type Options struct {
	// LagrangeCache, when set, keeps the SRS's Lagrange bases on disk.
	LagrangeCache *srs.Cache
	// Cache, when set, keeps the verifier index (every fixed commitment)
	// on disk, keyed by a hash of the circuit and the SRS.
	Cache *Cache
	// SliceCacheMB bounds the memory (MiB) the index may keep for the
	// fixed polynomials' evaluations on the quotient's six to eight coset
	// slices (σ, coefficient columns, selectors: up to 8·n·32 bytes each,
	// 16 MiB at n = 2^16), computed on the second Prove and reused by every later
	// one, saving one size-n FFT per polynomial and slice. Polynomials
	// beyond the budget are evaluated in each Prove. What the budget has
	// left keeps the slices' points (four n-element vectors a slice: x,
	// 1/(x-1), the permutation's vanishing factor, the shift's powers)
	// if they fit. 0 means
	// DefaultSliceCacheMB; negative disables the cache.
	SliceCacheMB int
	// NoFoldTable turns off the SRS's fold table: by default the first
	// Prove with an SRS computes 2^(8j)·G[i] for the upper half of its
	// points (j = 1..8: 16 MiB for 2^16 points, shared by every index
	// using that SRS and freed with it) so that the opening's first
	// folding round, which folds the SRS itself, needs no doublings
	// (about a quarter less folding work per proof).
	NoFoldTable bool
	// BaseTables precomputes fixed-base MSM tables for the index's
	// Lagrange basis and its SRS (shared by every index using that SRS):
	// 68 MiB and about 1.5 s per 2^16 points in NewIndex, after which each
	// proof saves 5–15% (base_tables.go). Worth it for an index that proves
	// many times.
	BaseTables bool
}

// NewIndex builds the prover index of a compiled circuit with the given
// SRS (o1js uses the 2^16 Vesta SRS: max_poly_size = 65536). A domain
// larger than the SRS is chunked as Kimchi chunks it: every polynomial is
// committed and evaluated in n/|SRS| pieces, with more zero-knowledge rows.
func NewIndex(c *circuit.Circuit, s *srs.Vesta, opts *Options) (*Index, error) {
	if c == nil || s == nil {
		return nil, fmt.Errorf("%w: nil circuit or SRS", ErrInput)
	}
	if len(c.Gates) < 2 {
		return nil, fmt.Errorf("%w: circuit has %d gates, kimchi needs at least 2", ErrInput, len(c.Gates))
	}
	ix := &Index{public: c.PublicInputs, srs: s, sliceCacheBytes: DefaultSliceCacheMB << 20}
	if opts != nil {
		ix.noFoldTable = opts.NoFoldTable
	}
	if opts != nil && opts.SliceCacheMB != 0 {
		ix.sliceCacheBytes = max(int64(opts.SliceCacheMB), 0) << 20
	}
	m := len(s.G)
	if m < 2 || m&(m-1) != 0 {
		return nil, fmt.Errorf("%w: SRS of %d points (want a power of two)", ErrInput, m)
	}
	n, zk := c.DomainFor(m)
	if n > 1<<28 || n < len(c.Gates)+zk {
		return nil, fmt.Errorf("%w: no domain fits %d gates with an SRS of %d points", ErrInput, len(c.Gates), m)
	}
	ix.gates, ix.zkRows, ix.chunks = c.PaddedGatesTo(n), zk, max(1, n/m)
	var err error
	if ix.d1, err = newDomain(n); err != nil {
		return nil, err
	}
	if ix.d8, err = newDomain(8 * n); err != nil {
		return nil, err
	}
	ix.flags = featureFlags(ix.gates, len(c.RuntimeTables) > 0)
	ix.endo = pallas.EndoBase()
	ix.mds = poseidon.KimchiFp().MDS()
	ix.shifts = verifier.ComputeShifts[fp.Element](uint64(n))
	ix.sid = powers(ix.d1.omega, n)

	// Permutation: σ_c(row) = shift[wire.col]·ω^wire.row (constraints.rs
	// evaluated_column_coefficients; the zk-row zeroing range
	// n+2-zk_rows..n-1 is empty for zk_rows = 3).
	parallelTasks(permuts, func(col int) {
		ev := make([]fp.Element, n)
		for row, g := range ix.gates {
			w := g.Wires[col]
			ev[row].Mul(&ix.shifts[w.Col], &ix.sid[w.Row])
		}
		for row := n + 2 - ix.zkRows; row < n-1; row++ {
			ev[row] = fp.Element{}
		}
		ix.sigma[col] = ix.newPoly(ev)
	})
	parallelTasks(columns, func(i int) {
		ev := make([]fp.Element, n)
		for row, g := range ix.gates {
			if i < len(g.Coeffs) {
				ev[row] = g.Coeffs[i]
			}
		}
		ix.coeffs[i] = ix.newPoly(ev)
	})
	parallelTasks(len(selectorGates), func(i int) {
		ev := make([]fp.Element, n)
		for row, g := range ix.gates {
			if g.Type == selectorGates[i] {
				ev[row].SetOne()
			}
		}
		ix.selectors[i] = ix.newPoly(ev)
	})

	if err := ix.buildLookup(c); err != nil {
		return nil, err
	}
	_, rec, err := ix.quotientReads()
	if err != nil {
		return nil, err
	}
	ix.unused = ix.unusedColumns(rec.cols)
	// With lookups the quotient keeps its eight slices, whose interpolation
	// also checks the witness (quotient); without, the gates are checked on
	// D1 (checkGates) and fewer slices may do.
	ix.qSlices = 8
	if ix.lookup == nil {
		if ix.qSlices, err = ix.quotientSlices(); err != nil {
			return nil, err
		}
	}

	if opts != nil && opts.LagrangeCache != nil {
		basis, err := opts.LagrangeCache.VestaLagrangeBasis(s, n)
		if err != nil {
			return nil, fmt.Errorf("prover: lagrange basis: %w", err)
		}
		ix.lagrange = basis
	} else {
		basis, err := s.LagrangeBasis(n)
		if err != nil {
			return nil, fmt.Errorf("prover: lagrange basis: %w", err)
		}
		ix.lagrange = basis
	}
	if len(ix.lagrange) != ix.chunks {
		return nil, fmt.Errorf("prover: lagrange basis has %d chunks, want %d", len(ix.lagrange), ix.chunks)
	}
	gm, err := groupmap.NewVesta()
	if err != nil {
		return nil, fmt.Errorf("prover: group map: %w", err)
	}
	ix.curve = &vestaCurve{
		FqParams: poseidon.KimchiFq(), FrParams: poseidon.KimchiFp(), EndoR: vesta.EndoScalar(),
		SRS: &ipa.SRS[vesta.Affine]{G: s.G, H: s.H}, ToGroup: gm.ToGroup,
	}
	if opts != nil && opts.BaseTables {
		ix.loadBaseTables()
	}
	var cache *Cache
	if opts != nil {
		cache = opts.Cache
	}
	if err := ix.verifierIndexCached(c, cache); err != nil {
		return nil, err
	}
	return ix, nil
}

func log2(n int) int {
	l := 0
	for 1<<l < n {
		l++
	}
	return l
}

func (ix *Index) newPoly(ev []fp.Element) poly {
	zero := true
	for i := range ev {
		if !ev[i].IsZero() {
			zero = false
			break
		}
	}
	p := poly{evals: ev, zero: zero}
	if zero {
		p.coeffs = make([]fp.Element, 0)
	} else {
		p.coeffs = ix.d1.interpolate(ev)
	}
	return p
}

// featureFlags is FeatureFlags::from_gates (constraints.rs) with
// LookupFeatures::from_gates (lookup/lookups.rs).
func featureFlags(gs []circuit.Gate, runtimeTables bool) gates.FeatureFlags {
	var f gates.FeatureFlags
	f.Lookup.UsesRuntimeTables = runtimeTables
	for _, g := range gs {
		switch g.Type {
		case circuit.RangeCheck0:
			f.RangeCheck0 = true
			f.Lookup.RangeCheck = true
		case circuit.RangeCheck1:
			f.RangeCheck1 = true
			f.Lookup.RangeCheck = true
		case circuit.ForeignFieldAdd:
			f.ForeignFieldAdd = true
		case circuit.ForeignFieldMul:
			f.ForeignFieldMul = true
			f.Lookup.ForeignFieldMul = true
		case circuit.Xor16:
			f.Xor = true
			f.Lookup.Xor = true
		case circuit.Rot64:
			f.Rot = true
			f.Lookup.RangeCheck = true
		case circuit.Lookup:
			f.Lookup.Lookup = true
		}
	}
	// Joint lookups: the Xor and Lookup patterns combine several columns.
	f.Lookup.JointLookupUsed = f.Lookup.Xor || f.Lookup.Lookup
	return f
}

// msmNonZero is Σ s_i·P_i over the non-zero scalars.
func msmNonZero(pts []vesta.Affine, scs []fp.Element) (vesta.Affine, error) {
	var p []vesta.Affine
	var s []fp.Element
	nz := 0
	for i := range scs {
		if !scs[i].IsZero() {
			nz++
		}
	}
	if nz == len(scs) {
		p, s = pts, scs
	} else {
		p = make([]vesta.Affine, 0, nz)
		s = make([]fp.Element, 0, nz)
		for i := range scs {
			if !scs[i].IsZero() && !pts[i].IsInfinity() {
				p = append(p, pts[i])
				s = append(s, scs[i])
			}
		}
	}
	var r vesta.Affine
	if len(p) == 0 {
		return r, nil
	}
	j, err := vesta.MultiExp(p, s)
	if err != nil {
		return r, fmt.Errorf("prover: msm: %w", err)
	}
	r.FromJacobian(&j)
	return r, nil
}

func scalarToWire(e *fp.Element) wire.Scalar { return ipa.ScalarToWire[fp.Element](e) }

// buildVerifierIndex is ProverIndex::verifier_index (verifier_index.rs).
func (ix *Index) buildVerifierIndex() error {
	n := ix.d1.n
	d := wire.Domain{Size: uint64(n), LogSizeOfGroup: uint32(ix.d1.log)}
	var sz, gi, one fp.Element
	sz.SetUint64(uint64(n))
	gi.Inverse(&ix.d1.omega)
	one.SetOne()
	d.SizeAsFieldElement = scalarToWire(&sz)
	d.SizeInv = scalarToWire(&ix.d1.nInv)
	d.GroupGen = scalarToWire(&ix.d1.omega)
	d.GroupGenInv = scalarToWire(&gi)
	d.Offset, d.OffsetInv, d.OffsetPowSize = scalarToWire(&one), scalarToWire(&one), scalarToWire(&one)

	vi := &wire.VerifierIndex{
		Domain: d, MaxPolySize: uint64(len(ix.srs.G)), ZkRows: uint64(ix.zkRows),
		Public: uint64(ix.public), PrevChallenges: 0,
	}
	var jobs []commitJob
	for i := range ix.sigma {
		jobs = append(jobs, commitJob{ix.sigma[i].evals, false, &vi.SigmaComm[i]})
	}
	for i := range ix.coeffs {
		jobs = append(jobs, commitJob{ix.coeffs[i].evals, false, &vi.CoefficientsComm[i]})
	}
	mand := []*wire.PolyComm{&vi.GenericComm, &vi.PsmComm, &vi.CompleteAddComm, &vi.MulComm, &vi.EmulComm, &vi.EndomulScalarComm}
	for i, dst := range mand {
		jobs = append(jobs, commitJob{ix.selectors[gates.Generic+gates.GateType(i)].evals, true, dst})
	}
	opt := []struct {
		on  bool
		g   gates.GateType
		dst **wire.PolyComm
	}{
		{ix.flags.RangeCheck0, gates.RangeCheck0, &vi.RangeCheck0Comm},
		{ix.flags.RangeCheck1, gates.RangeCheck1, &vi.RangeCheck1Comm},
		{ix.flags.ForeignFieldAdd, gates.ForeignFieldAdd, &vi.ForeignFieldAddComm},
		{ix.flags.ForeignFieldMul, gates.ForeignFieldMul, &vi.ForeignFieldMulComm},
		{ix.flags.Xor, gates.Xor16, &vi.XorComm},
		{ix.flags.Rot, gates.Rot64, &vi.RotComm},
	}
	for _, o := range opt {
		if o.on {
			*o.dst = &wire.PolyComm{}
			jobs = append(jobs, commitJob{ix.selectors[o.g].evals, false, *o.dst})
		}
	}
	if err := ix.commitFixed(jobs); err != nil {
		return fmt.Errorf("prover: verifier index: %w", err)
	}
	for i := range ix.shifts {
		vi.Shift[i] = scalarToWire(&ix.shifts[i])
	}
	if ix.lookup != nil {
		li, err := ix.lookupVerifierIndex()
		if err != nil {
			return err
		}
		vi.LookupIndex = li
	}
	ix.vi = vi
	return nil
}

// VerifierIndex returns the verifier index (the same value on every call;
// do not modify it).
func (ix *Index) VerifierIndex() *wire.VerifierIndex { return ix.vi }

// FeatureFlags returns the circuit's feature flags in kimchi/wire form (what
// kimchi/verifier.NewIndex needs besides the verifier index).
func (ix *Index) FeatureFlags() *wire.FeatureFlags {
	f := ix.flags
	return &wire.FeatureFlags{
		RangeCheck0: f.RangeCheck0, RangeCheck1: f.RangeCheck1,
		ForeignFieldAdd: f.ForeignFieldAdd, ForeignFieldMul: f.ForeignFieldMul, Xor: f.Xor, Rot: f.Rot,
		LookupFeatures: wire.LookupFeatures{
			Patterns: wire.LookupPatterns{Xor: f.Lookup.Xor, Lookup: f.Lookup.Lookup,
				RangeCheck: f.Lookup.RangeCheck, ForeignFieldMul: f.Lookup.ForeignFieldMul},
			JointLookupUsed: f.Lookup.JointLookupUsed, UsesRuntimeTables: f.Lookup.UsesRuntimeTables,
		},
	}
}

// DomainSize returns the evaluation domain size n.
func (ix *Index) DomainSize() int { return ix.d1.n }
