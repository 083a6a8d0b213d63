package wire

import (
	"encoding/binary"
	"fmt"
	"math"
)

// Domain is ark-poly 0.5's Radix2EvaluationDomain, which kimchi serializes
// with ark's CanonicalSerialize (derived: fields in order, integers
// little-endian) inside one msgpack bin of DomainSize bytes.
type Domain struct {
	Size               uint64
	LogSizeOfGroup     uint32
	SizeAsFieldElement Scalar
	SizeInv            Scalar
	GroupGen           Scalar
	GroupGenInv        Scalar
	Offset             Scalar
	OffsetInv          Scalar
	OffsetPowSize      Scalar
}

// DomainSize is the length of a serialized Domain: 8 + 4 + 7*32 bytes.
const DomainSize = 8 + 4 + 7*ScalarSize

func (dom *Domain) scalars() []*Scalar {
	return []*Scalar{
		&dom.SizeAsFieldElement, &dom.SizeInv, &dom.GroupGen, &dom.GroupGenInv,
		&dom.Offset, &dom.OffsetInv, &dom.OffsetPowSize,
	}
}

// MarshalBinary returns ark's CanonicalSerialize bytes of the domain.
func (dom *Domain) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, DomainSize)
	b = binary.LittleEndian.AppendUint64(b, dom.Size)
	b = binary.LittleEndian.AppendUint32(b, dom.LogSizeOfGroup)
	for _, s := range dom.scalars() {
		b = append(b, s[:]...)
	}
	return b, nil
}

// UnmarshalBinary parses ark's CanonicalSerialize bytes of a domain.
func (dom *Domain) UnmarshalBinary(b []byte) error {
	if len(b) != DomainSize {
		return fmt.Errorf("domain: expected %d bytes, found %d", DomainSize, len(b))
	}
	dom.Size = binary.LittleEndian.Uint64(b)
	dom.LogSizeOfGroup = binary.LittleEndian.Uint32(b[8:])
	if dom.LogSizeOfGroup >= 64 || dom.Size != 1<<dom.LogSizeOfGroup {
		return fmt.Errorf("domain: size %d is not 2^%d", dom.Size, dom.LogSizeOfGroup)
	}
	for i, s := range dom.scalars() {
		copy(s[:], b[12+i*ScalarSize:])
		if s[31]&0x80 != 0 {
			return fmt.Errorf("domain: scalar %d exceeds 255 bits", i)
		}
	}
	return nil
}

// VerifierIndex is kimchi's VerifierIndex as serialized (kimchi/src/verifier_index.rs).
// The fields marked #[serde(skip)] there (srs, permutation vanishing
// polynomial, w, endo, linearization, powers_of_alpha) are not on the wire.
type VerifierIndex struct {
	Domain            Domain
	MaxPolySize       uint64
	ZkRows            uint64
	Public            uint64
	PrevChallenges    uint64
	SigmaComm         [Permuts]PolyComm
	CoefficientsComm  [Columns]PolyComm
	GenericComm       PolyComm
	PsmComm           PolyComm
	CompleteAddComm   PolyComm
	MulComm           PolyComm
	EmulComm          PolyComm
	EndomulScalarComm PolyComm

	RangeCheck0Comm     *PolyComm
	RangeCheck1Comm     *PolyComm
	ForeignFieldAddComm *PolyComm
	ForeignFieldMulComm *PolyComm
	XorComm             *PolyComm
	RotComm             *PolyComm

	Shift       [Permuts]Scalar
	LookupIndex *LookupVerifierIndex
}

// numVerifierIndexFields is the number of serialized VerifierIndex fields.
const numVerifierIndexFields = 21

// LookupVerifierIndex is the lookup part of the verifier index.
type LookupVerifierIndex struct {
	JointLookupUsed       bool
	LookupTable           []PolyComm
	LookupSelectors       LookupSelectors
	TableIDs              *PolyComm
	LookupInfo            LookupInfo
	RuntimeTablesSelector *PolyComm
}

// LookupSelectors are the commitments to the per-pattern lookup selectors
// (kimchi/src/circuits/lookup/index.rs).
type LookupSelectors struct {
	Xor        *PolyComm
	Lookup     *PolyComm
	RangeCheck *PolyComm
	Ffmul      *PolyComm
}

// LookupInfo describes the lookup configuration (kimchi/src/circuits/lookup/lookups.rs).
type LookupInfo struct {
	MaxPerRow    uint64
	MaxJointSize uint32
	Features     LookupFeatures
}

// LookupFeatures says which lookup patterns and options a circuit uses.
type LookupFeatures struct {
	Patterns          LookupPatterns
	JointLookupUsed   bool
	UsesRuntimeTables bool
}

// LookupPatterns are the enabled lookup patterns.
type LookupPatterns struct {
	Xor             bool
	Lookup          bool
	RangeCheck      bool
	ForeignFieldMul bool
}

func (vi *VerifierIndex) selectorComms() []*PolyComm {
	return []*PolyComm{
		&vi.GenericComm, &vi.PsmComm, &vi.CompleteAddComm,
		&vi.MulComm, &vi.EmulComm, &vi.EndomulScalarComm,
	}
}

func (vi *VerifierIndex) optionalComms() []**PolyComm {
	return []**PolyComm{
		&vi.RangeCheck0Comm, &vi.RangeCheck1Comm, &vi.ForeignFieldAddComm,
		&vi.ForeignFieldMulComm, &vi.XorComm, &vi.RotComm,
	}
}

var (
	selectorCommNames = [...]string{
		"generic_comm", "psm_comm", "complete_add_comm", "mul_comm", "emul_comm", "endomul_scalar_comm",
	}
	optionalCommNames = [...]string{
		"range_check0_comm", "range_check1_comm", "foreign_field_add_comm",
		"foreign_field_mul_comm", "xor_comm", "rot_comm",
	}
)

// DecodeVerifierIndex decodes rmp_serde bytes of a VerifierIndex.
func DecodeVerifierIndex(b []byte) (*VerifierIndex, error) {
	d := &decoder{b: b}
	vi, err := d.verifierIndex()
	if err == nil {
		err = d.done()
	}
	if err != nil {
		return nil, fmt.Errorf("decode verifier index: %w", err)
	}
	return vi, nil
}

// Encode serializes the verifier index exactly as rmp_serde does.
func (vi *VerifierIndex) Encode() []byte {
	e := &encoder{}
	e.verifierIndex(vi)
	return e.b
}

func (d *decoder) verifierIndex() (*VerifierIndex, error) {
	vi := &VerifierIndex{}
	var err error
	if err = d.array(numVerifierIndexFields, "verifier index"); err != nil {
		return nil, err
	}
	dom, err := d.bin()
	if err != nil {
		return nil, fmt.Errorf("domain: %w", err)
	}
	if err = vi.Domain.UnmarshalBinary(dom); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		dst  *uint64
		name string
	}{
		{&vi.MaxPolySize, "max_poly_size"}, {&vi.ZkRows, "zk_rows"},
		{&vi.Public, "public"}, {&vi.PrevChallenges, "prev_challenges"},
	} {
		if *f.dst, err = d.uint(math.MaxUint64); err != nil {
			return nil, fmt.Errorf("%s: %w", f.name, err)
		}
	}
	if err = d.array(Permuts, "sigma_comm"); err != nil {
		return nil, err
	}
	for i := range vi.SigmaComm {
		if vi.SigmaComm[i], err = d.polyComm(fmt.Sprintf("sigma_comm[%d]", i)); err != nil {
			return nil, err
		}
	}
	if err = d.array(Columns, "coefficients_comm"); err != nil {
		return nil, err
	}
	for i := range vi.CoefficientsComm {
		if vi.CoefficientsComm[i], err = d.polyComm(fmt.Sprintf("coefficients_comm[%d]", i)); err != nil {
			return nil, err
		}
	}
	for i, pc := range vi.selectorComms() {
		if *pc, err = d.polyComm(selectorCommNames[i]); err != nil {
			return nil, err
		}
	}
	for i, pc := range vi.optionalComms() {
		if *pc, err = d.optPolyComm(optionalCommNames[i]); err != nil {
			return nil, err
		}
	}
	if err = d.array(Permuts, "shift"); err != nil {
		return nil, err
	}
	for i := range vi.Shift {
		if vi.Shift[i], err = d.scalar(fmt.Sprintf("shift[%d]", i)); err != nil {
			return nil, err
		}
	}
	if d.optNil() {
		return vi, nil
	}
	if vi.LookupIndex, err = d.lookupIndex(); err != nil {
		return nil, fmt.Errorf("lookup_index: %w", err)
	}
	return vi, nil
}

func (e *encoder) verifierIndex(vi *VerifierIndex) {
	e.array(numVerifierIndexFields)
	dom, _ := vi.Domain.MarshalBinary()
	e.bin(dom)
	e.uint(vi.MaxPolySize)
	e.uint(vi.ZkRows)
	e.uint(vi.Public)
	e.uint(vi.PrevChallenges)
	e.array(Permuts)
	for _, pc := range vi.SigmaComm {
		e.polyComm(pc)
	}
	e.array(Columns)
	for _, pc := range vi.CoefficientsComm {
		e.polyComm(pc)
	}
	for _, pc := range vi.selectorComms() {
		e.polyComm(*pc)
	}
	for _, pc := range vi.optionalComms() {
		e.optPolyComm(*pc)
	}
	e.array(Permuts)
	for _, s := range vi.Shift {
		e.bin(s[:])
	}
	if vi.LookupIndex == nil {
		e.writeNil()
		return
	}
	e.lookupIndex(vi.LookupIndex)
}

func (d *decoder) lookupIndex() (*LookupVerifierIndex, error) {
	li := &LookupVerifierIndex{}
	var err error
	if err = d.array(6, "lookup verifier index"); err != nil {
		return nil, err
	}
	if li.JointLookupUsed, err = d.bool(); err != nil {
		return nil, fmt.Errorf("joint_lookup_used: %w", err)
	}
	if li.LookupTable, err = d.polyComms("lookup_table"); err != nil {
		return nil, err
	}
	if err = d.array(4, "lookup_selectors"); err != nil {
		return nil, err
	}
	for i, pc := range li.LookupSelectors.all() {
		if *pc, err = d.optPolyComm(fmt.Sprintf("lookup_selectors[%d]", i)); err != nil {
			return nil, err
		}
	}
	if li.TableIDs, err = d.optPolyComm("table_ids"); err != nil {
		return nil, err
	}
	if err = d.array(3, "lookup_info"); err != nil {
		return nil, err
	}
	if li.LookupInfo.MaxPerRow, err = d.uint(math.MaxUint64); err != nil {
		return nil, fmt.Errorf("max_per_row: %w", err)
	}
	mjs, err := d.uint(math.MaxUint32)
	if err != nil {
		return nil, fmt.Errorf("max_joint_size: %w", err)
	}
	li.LookupInfo.MaxJointSize = uint32(mjs)
	if li.LookupInfo.Features, err = d.lookupFeatures(); err != nil {
		return nil, err
	}
	if li.RuntimeTablesSelector, err = d.optPolyComm("runtime_tables_selector"); err != nil {
		return nil, err
	}
	return li, nil
}

func (s *LookupSelectors) all() []**PolyComm {
	return []**PolyComm{&s.Xor, &s.Lookup, &s.RangeCheck, &s.Ffmul}
}

func (e *encoder) lookupIndex(li *LookupVerifierIndex) {
	e.array(6)
	e.bool(li.JointLookupUsed)
	e.polyComms(li.LookupTable)
	e.array(4)
	for _, pc := range li.LookupSelectors.all() {
		e.optPolyComm(*pc)
	}
	e.optPolyComm(li.TableIDs)
	e.array(3)
	e.uint(li.LookupInfo.MaxPerRow)
	e.uint(uint64(li.LookupInfo.MaxJointSize))
	e.lookupFeatures(&li.LookupInfo.Features)
	e.optPolyComm(li.RuntimeTablesSelector)
}

func (d *decoder) bools(dst ...*bool) error {
	for _, p := range dst {
		v, err := d.bool()
		if err != nil {
			return err
		}
		*p = v
	}
	return nil
}

func (d *decoder) lookupFeatures() (LookupFeatures, error) {
	var f LookupFeatures
	if err := d.array(3, "lookup features"); err != nil {
		return f, err
	}
	if err := d.array(4, "lookup patterns"); err != nil {
		return f, err
	}
	p := &f.Patterns
	if err := d.bools(&p.Xor, &p.Lookup, &p.RangeCheck, &p.ForeignFieldMul, &f.JointLookupUsed, &f.UsesRuntimeTables); err != nil {
		return f, fmt.Errorf("lookup features: %w", err)
	}
	return f, nil
}

func (e *encoder) lookupFeatures(f *LookupFeatures) {
	e.array(3)
	e.array(4)
	p := &f.Patterns
	for _, b := range []bool{p.Xor, p.Lookup, p.RangeCheck, p.ForeignFieldMul, f.JointLookupUsed, f.UsesRuntimeTables} {
		e.bool(b)
	}
}
