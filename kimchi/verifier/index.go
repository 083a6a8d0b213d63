package verifier

import (
	"fmt"
	"math/big"

	"golang.org/x/crypto/blake2b"

	"github.com/zkml-mina/zkml/kimchi/gates"
	"github.com/zkml-mina/zkml/kimchi/ipa"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

const (
	columns = wire.Columns
	permuts = wire.Permuts
)

// lookupIndex is the decoded LookupVerifierIndex.
type lookupIndex[G any] struct {
	jointLookupUsed bool
	table           [][]G
	selectors       [4]*[]G // xor, lookup, range_check, ffmul
	tableIDs        *[]G
	runtimeSelector *[]G
	maxPerRow       int
	maxJointSize    uint32
	features        gates.LookupFeatures
}

// index is a verifier index with every element decoded, for one curve.
type index[F any, PF ipa.Field[F], B any, PB ipa.Field[B], G any, C ipa.Group[F, B, G]] struct {
	curve *ipa.Curve[F, PF, B, PB, G, C]

	n, logN        uint64
	omega, sizeInv F
	maxPolySize    uint64
	zkRows         uint64
	public         uint64
	prevChallenges uint64

	sigma                                          [permuts][]G
	coefficients                                   [columns][]G
	generic, psm, completeAdd, mul, emul, endomulS []G
	optional                                       [6]*[]G // rc0, rc1, ffadd, ffmul, xor, rot
	shift                                          [permuts]F
	lookup                                         *lookupIndex[G]

	endo  F // EndoMul coefficient (the other curve's endo_q)
	mds   [3][3]F
	flags gates.FeatureFlags

	digest   B
	lagrange [][]G // chunks of the commitments to L_0 .. L_{public-1}
}

// chunkSize is the number of chunks per polynomial (verifier.rs chunk_size).
func (ix *index[F, PF, B, PB, G, C]) chunkSize() uint64 {
	if ix.n < ix.maxPolySize {
		return 1
	}
	return ix.n / ix.maxPolySize
}

// chunkLen is the number of coefficients per chunk: min(n, max_poly_size).
func (ix *index[F, PF, B, PB, G, C]) chunkLen() uint64 { return min(ix.n, ix.maxPolySize) }

func decodeComm[F any, B any, G any, C ipa.Group[F, B, G]](g C, pc *wire.PolyComm, what string) ([]G, error) {
	out := make([]G, len(pc.Chunks))
	for i := range pc.Chunks {
		p, err := g.Decompress(&pc.Chunks[i])
		if err != nil {
			return nil, fmt.Errorf("%w: %s chunk %d: %v", ErrDecode, what, i, err)
		}
		out[i] = p
	}
	return out, nil
}

func decodeOptComm[F any, B any, G any, C ipa.Group[F, B, G]](g C, pc *wire.PolyComm, what string) (*[]G, error) {
	if pc == nil {
		return nil, nil
	}
	c, err := decodeComm[F, B, G](g, pc, what)
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// rootOfUnity returns arkworks' group_gen for a domain of size 2^logN:
// TWO_ADIC_ROOT_OF_UNITY^(2^(32-logN)) with TWO_ADIC_ROOT_OF_UNITY =
// 5^((p-1)/2^32) (GENERATOR = 5 for both Pasta fields,
// curves/src/pasta/fields/{fp,fq}.rs).
func rootOfUnity[F any, PF ipa.Field[F]](logN uint64) (F, error) {
	var r F
	if logN > 32 {
		return r, fmt.Errorf("%w: domain 2^%d exceeds the two-adicity 32", ErrIndex, logN)
	}
	p := modulus[F, PF]()
	t := new(big.Int).Sub(p, big.NewInt(1))
	t.Rsh(t, 32)
	var five F
	PF(&five).SetUint64(5)
	PF(&r).Exp(five, t)
	for range 32 - logN {
		PF(&r).Square(&r)
	}
	return r, nil
}

func modulus[F any, PF ipa.Field[F]]() *big.Int {
	var m F
	PF(&m).SetOne()
	PF(&m).Neg(&m)
	b := PF(&m).BigInt(new(big.Int))
	return b.Add(b, big.NewInt(1))
}

// computeShifts is permutation.rs Shifts::new: k0 = 1, then for each next
// shift hash u32_be(i) for i = 8, 9, ... with Blake2b-512, read the first
// 31 bytes little-endian, and keep the first value that is a quadratic
// non-residue, not a root of the domain's vanishing polynomial and not a
// previous shift.
func computeShifts[F any, PF ipa.Field[F]](n uint64) [permuts]F {
	var shifts [permuts]F
	PF(&shifts[0]).SetOne()
	ctr := uint32(7)
	sample := func() F {
		for {
			ctr++
			h := blake2b.Sum512([]byte{byte(ctr >> 24), byte(ctr >> 16), byte(ctr >> 8), byte(ctr)})
			var be [31]byte
			for i := range be {
				be[i] = h[30-i]
			}
			var s F
			PF(&s).SetBigInt(new(big.Int).SetBytes(be[:]))
			if PF(&s).Legendre() != -1 {
				continue
			}
			v := ipa.Pow[F, PF](s, n)
			var one F
			PF(&one).SetOne()
			if PF(&v).Equal(&one) {
				continue
			}
			return s
		}
	}
	for i := 1; i < permuts; i++ {
	retry:
		s := sample()
		for j := range i {
			if PF(&shifts[j]).Equal(&s) {
				goto retry
			}
		}
		shifts[i] = s
	}
	return shifts
}

func flagsFromWire(f *wire.FeatureFlags) gates.FeatureFlags {
	lf := f.LookupFeatures
	return gates.FeatureFlags{
		RangeCheck0: f.RangeCheck0, RangeCheck1: f.RangeCheck1,
		ForeignFieldAdd: f.ForeignFieldAdd, ForeignFieldMul: f.ForeignFieldMul,
		Xor: f.Xor, Rot: f.Rot,
		Lookup: gates.LookupFeatures{
			Xor: lf.Patterns.Xor, Lookup: lf.Patterns.Lookup,
			RangeCheck: lf.Patterns.RangeCheck, ForeignFieldMul: lf.Patterns.ForeignFieldMul,
			JointLookupUsed: lf.JointLookupUsed, UsesRuntimeTables: lf.UsesRuntimeTables,
		},
	}
}

// newIndex decodes and checks a wire verifier index for one curve. endo is
// the EndoMul coefficient.
func newIndex[F any, PF ipa.Field[F], B any, PB ipa.Field[B], G any, C ipa.Group[F, B, G]](
	curve *ipa.Curve[F, PF, B, PB, G, C], vi *wire.VerifierIndex, flags *wire.FeatureFlags, endo F,
) (*index[F, PF, B, PB, G, C], error) {
	ix := &index[F, PF, B, PB, G, C]{curve: curve, endo: endo, flags: flagsFromWire(flags)}
	d := &vi.Domain
	if d.Size == 0 || d.Size&(d.Size-1) != 0 || d.Size != 1<<d.LogSizeOfGroup {
		return nil, fmt.Errorf("%w: domain size %d", ErrIndex, d.Size)
	}
	ix.n, ix.logN = d.Size, uint64(d.LogSizeOfGroup)
	omega, err := rootOfUnity[F, PF](ix.logN)
	if err != nil {
		return nil, err
	}
	ser, err := ipa.ScalarFromWire[F, PF](&d.GroupGen)
	if err != nil || !PF(&ser).Equal(&omega) {
		return nil, fmt.Errorf("%w: domain generator differs from the 2^%d-th root of unity", ErrIndex, ix.logN)
	}
	ix.omega = omega
	PF(&ix.sizeInv).SetUint64(ix.n)
	PF(&ix.sizeInv).Inverse(&ix.sizeInv)
	if vi.MaxPolySize == 0 || vi.MaxPolySize&(vi.MaxPolySize-1) != 0 {
		return nil, fmt.Errorf("%w: max_poly_size %d", ErrIndex, vi.MaxPolySize)
	}
	ix.maxPolySize = vi.MaxPolySize
	if uint64(len(curve.SRS.G)) < ix.chunkLen() {
		return nil, fmt.Errorf("%w: SRS has %d points, chunks of domain %d need %d", ErrIndex, len(curve.SRS.G), ix.n, ix.chunkLen())
	}
	if vi.ZkRows == 0 || vi.ZkRows >= ix.n {
		return nil, fmt.Errorf("%w: zk_rows %d for domain %d", ErrIndex, vi.ZkRows, ix.n)
	}
	ix.zkRows = vi.ZkRows
	if vi.Public > ix.n {
		return nil, fmt.Errorf("%w: %d public inputs for domain %d", ErrIndex, vi.Public, ix.n)
	}
	ix.public = vi.Public
	ix.prevChallenges = vi.PrevChallenges

	g := curve.Group
	for i := range vi.SigmaComm {
		if ix.sigma[i], err = decodeComm[F, B, G](g, &vi.SigmaComm[i], fmt.Sprintf("sigma_comm[%d]", i)); err != nil {
			return nil, err
		}
	}
	for i := range vi.CoefficientsComm {
		if ix.coefficients[i], err = decodeComm[F, B, G](g, &vi.CoefficientsComm[i], fmt.Sprintf("coefficients_comm[%d]", i)); err != nil {
			return nil, err
		}
	}
	mand := []struct {
		dst  *[]G
		src  *wire.PolyComm
		name string
	}{
		{&ix.generic, &vi.GenericComm, "generic_comm"}, {&ix.psm, &vi.PsmComm, "psm_comm"},
		{&ix.completeAdd, &vi.CompleteAddComm, "complete_add_comm"}, {&ix.mul, &vi.MulComm, "mul_comm"},
		{&ix.emul, &vi.EmulComm, "emul_comm"}, {&ix.endomulS, &vi.EndomulScalarComm, "endomul_scalar_comm"},
	}
	for _, m := range mand {
		if *m.dst, err = decodeComm[F, B, G](g, m.src, m.name); err != nil {
			return nil, err
		}
	}
	opts := []*wire.PolyComm{vi.RangeCheck0Comm, vi.RangeCheck1Comm, vi.ForeignFieldAddComm,
		vi.ForeignFieldMulComm, vi.XorComm, vi.RotComm}
	on := []bool{ix.flags.RangeCheck0, ix.flags.RangeCheck1, ix.flags.ForeignFieldAdd,
		ix.flags.ForeignFieldMul, ix.flags.Xor, ix.flags.Rot}
	for i, pc := range opts {
		if (pc != nil) != on[i] {
			return nil, fmt.Errorf("%w: optional gate %d commitment presence disagrees with the feature flags", ErrIndex, i)
		}
		if ix.optional[i], err = decodeOptComm[F, B, G](g, pc, fmt.Sprintf("optional gate %d", i)); err != nil {
			return nil, err
		}
	}
	for i := range vi.Shift {
		if ix.shift[i], err = ipa.ScalarFromWire[F, PF](&vi.Shift[i]); err != nil {
			return nil, fmt.Errorf("%w: shift[%d]: %v", ErrIndex, i, err)
		}
	}
	want := computeShifts[F, PF](ix.n)
	for i := range want {
		if !PF(&want[i]).Equal(&ix.shift[i]) {
			return nil, fmt.Errorf("%w: shift[%d] differs from Shifts::new", ErrIndex, i)
		}
	}
	if li := vi.LookupIndex; li != nil {
		if !ix.flags.Lookup.AnyPattern() {
			return nil, fmt.Errorf("%w: lookup index without lookup features", ErrIndex)
		}
		l := &lookupIndex[G]{jointLookupUsed: li.JointLookupUsed, maxJointSize: li.LookupInfo.MaxJointSize}
		if li.LookupInfo.MaxPerRow > 64 {
			return nil, fmt.Errorf("%w: lookup max_per_row %d", ErrIndex, li.LookupInfo.MaxPerRow)
		}
		l.maxPerRow = int(li.LookupInfo.MaxPerRow)
		l.features = flagsFromWire(&wire.FeatureFlags{LookupFeatures: li.LookupInfo.Features}).Lookup
		if l.features != ix.flags.Lookup {
			return nil, fmt.Errorf("%w: lookup features disagree with the feature flags", ErrIndex)
		}
		if mpr, mjs := l.features.LookupInfo(); mpr != l.maxPerRow || uint32(mjs) != l.maxJointSize {
			return nil, fmt.Errorf("%w: lookup info (%d per row, joint size %d) differs from LookupInfo::create (%d, %d)",
				ErrIndex, l.maxPerRow, l.maxJointSize, mpr, mjs)
		}
		if (li.RuntimeTablesSelector != nil) != l.features.UsesRuntimeTables {
			return nil, fmt.Errorf("%w: runtime table selector presence disagrees with the lookup features", ErrIndex)
		}
		l.table = make([][]G, len(li.LookupTable))
		for i := range li.LookupTable {
			if l.table[i], err = decodeComm[F, B, G](g, &li.LookupTable[i], fmt.Sprintf("lookup_table[%d]", i)); err != nil {
				return nil, err
			}
		}
		sels := []*wire.PolyComm{li.LookupSelectors.Xor, li.LookupSelectors.Lookup, li.LookupSelectors.RangeCheck, li.LookupSelectors.Ffmul}
		for i, pc := range sels {
			if l.selectors[i], err = decodeOptComm[F, B, G](g, pc, fmt.Sprintf("lookup selector %d", i)); err != nil {
				return nil, err
			}
		}
		if l.tableIDs, err = decodeOptComm[F, B, G](g, li.TableIDs, "table_ids"); err != nil {
			return nil, err
		}
		if l.runtimeSelector, err = decodeOptComm[F, B, G](g, li.RuntimeTablesSelector, "runtime_tables_selector"); err != nil {
			return nil, err
		}
		ix.lookup = l
	} else if ix.flags.Lookup.AnyPattern() {
		return nil, fmt.Errorf("%w: lookup features without a lookup index", ErrIndex)
	}
	ix.mds = curve.FrParams.MDS()
	// Larger public inputs are committed through an inverse FFT, which needs
	// no precomputed commitments (publicCommitment).
	if ix.public <= maxPrecomputedLagrange {
		if ix.lagrange, err = ix.lagrangeCommitments(int(ix.public)); err != nil {
			return nil, err
		}
	}
	if ix.digest, err = Digest(curve, vi); err != nil {
		return nil, err
	}
	return ix, nil
}
