// Package vk reads and writes the o1js text forms of Kimchi artifacts:
// the verifier index as KimchiVerificationKey.toString()/fromString()
// expect it (base64 of serde_json of proof-systems' VerifierIndex), and
// proofs as KimchiProof.toJSON()/fromJSON() expect them ({proof: base64 of
// the rmp_serde bytes, publicInputFields: decimal strings}).
//
// serde_json facts (o1js 2.15.0 vectors in shared/o1js-vectors, checked by
// the tests; struct definitions in proof-systems 136c1df
// kimchi/src/verifier_index.rs, kimchi/src/circuits/lookup/{index,lookups}.rs,
// poly-commitment/src/commitment.rs): compact JSON, fields in struct order,
// the serde(skip) fields absent, None as null, field elements, points and the
// domain as lower-case hex of their arkworks compressed bytes (o1_utils
// SerdeAs in human-readable mode), PolyComm as {"chunks":[...]}.
package vk

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strconv"

	"github.com/zkml-mina/zkml/kimchi/wire"
)

// ErrFormat reports a verification key or proof text that does not have
// the expected layout.
var ErrFormat = errors.New("vk: bad format")

// EncodeJSON returns serde_json's bytes of a verifier index.
func EncodeJSON(vi *wire.VerifierIndex) ([]byte, error) {
	if vi == nil {
		return nil, fmt.Errorf("%w: nil verifier index", ErrFormat)
	}
	var b bytes.Buffer
	dom, err := vi.Domain.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("vk: domain: %w", err)
	}
	b.WriteString(`{"domain":`)
	writeHex(&b, dom)
	fmt.Fprintf(&b, `,"max_poly_size":%d,"zk_rows":%d,"public":%d,"prev_challenges":%d`,
		vi.MaxPolySize, vi.ZkRows, vi.Public, vi.PrevChallenges)
	b.WriteString(`,"sigma_comm":[`)
	for i := range vi.SigmaComm {
		if i > 0 {
			b.WriteByte(',')
		}
		writeComm(&b, &vi.SigmaComm[i])
	}
	b.WriteString(`],"coefficients_comm":[`)
	for i := range vi.CoefficientsComm {
		if i > 0 {
			b.WriteByte(',')
		}
		writeComm(&b, &vi.CoefficientsComm[i])
	}
	b.WriteByte(']')
	mand := []*wire.PolyComm{&vi.GenericComm, &vi.PsmComm, &vi.CompleteAddComm, &vi.MulComm, &vi.EmulComm, &vi.EndomulScalarComm}
	for i, c := range mand {
		fmt.Fprintf(&b, `,"%s":`, mandatoryNames[i])
		writeComm(&b, c)
	}
	opts := []*wire.PolyComm{vi.RangeCheck0Comm, vi.RangeCheck1Comm, vi.ForeignFieldAddComm, vi.ForeignFieldMulComm, vi.XorComm, vi.RotComm}
	for i, c := range opts {
		fmt.Fprintf(&b, `,"%s":`, optionalNames[i])
		writeOptComm(&b, c)
	}
	b.WriteString(`,"shift":[`)
	for i := range vi.Shift {
		if i > 0 {
			b.WriteByte(',')
		}
		writeHex(&b, vi.Shift[i][:])
	}
	b.WriteString(`],"lookup_index":`)
	if li := vi.LookupIndex; li == nil {
		b.WriteString("null")
	} else {
		fmt.Fprintf(&b, `{"joint_lookup_used":%t,"lookup_table":[`, li.JointLookupUsed)
		for i := range li.LookupTable {
			if i > 0 {
				b.WriteByte(',')
			}
			writeComm(&b, &li.LookupTable[i])
		}
		b.WriteString(`],"lookup_selectors":{"xor":`)
		writeOptComm(&b, li.LookupSelectors.Xor)
		b.WriteString(`,"lookup":`)
		writeOptComm(&b, li.LookupSelectors.Lookup)
		b.WriteString(`,"range_check":`)
		writeOptComm(&b, li.LookupSelectors.RangeCheck)
		b.WriteString(`,"ffmul":`)
		writeOptComm(&b, li.LookupSelectors.Ffmul)
		b.WriteString(`},"table_ids":`)
		writeOptComm(&b, li.TableIDs)
		f := &li.LookupInfo.Features
		fmt.Fprintf(&b, `,"lookup_info":{"max_per_row":%d,"max_joint_size":%d,"features":{"patterns":{"xor":%t,"lookup":%t,"range_check":%t,"foreign_field_mul":%t},"joint_lookup_used":%t,"uses_runtime_tables":%t}}`,
			li.LookupInfo.MaxPerRow, li.LookupInfo.MaxJointSize,
			f.Patterns.Xor, f.Patterns.Lookup, f.Patterns.RangeCheck, f.Patterns.ForeignFieldMul,
			f.JointLookupUsed, f.UsesRuntimeTables)
		b.WriteString(`,"runtime_tables_selector":`)
		writeOptComm(&b, li.RuntimeTablesSelector)
		b.WriteByte('}')
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

var (
	mandatoryNames = [...]string{"generic_comm", "psm_comm", "complete_add_comm", "mul_comm", "emul_comm", "endomul_scalar_comm"}
	optionalNames  = [...]string{"range_check0_comm", "range_check1_comm", "foreign_field_add_comm", "foreign_field_mul_comm", "xor_comm", "rot_comm"}
)

func writeHex(b *bytes.Buffer, x []byte) {
	b.WriteByte('"')
	b.WriteString(hex.EncodeToString(x))
	b.WriteByte('"')
}

func writeComm(b *bytes.Buffer, c *wire.PolyComm) {
	b.WriteString(`{"chunks":[`)
	for i := range c.Chunks {
		if i > 0 {
			b.WriteByte(',')
		}
		writeHex(b, c.Chunks[i][:])
	}
	b.WriteString("]}")
}

func writeOptComm(b *bytes.Buffer, c *wire.PolyComm) {
	if c == nil {
		b.WriteString("null")
		return
	}
	writeComm(b, c)
}

// JSON mirror types for decoding.
type (
	jsonComm struct {
		Chunks []hexBytes `json:"chunks"`
	}
	jsonPatterns struct {
		Xor             bool `json:"xor"`
		Lookup          bool `json:"lookup"`
		RangeCheck      bool `json:"range_check"`
		ForeignFieldMul bool `json:"foreign_field_mul"`
	}
	jsonFeatures struct {
		Patterns          jsonPatterns `json:"patterns"`
		JointLookupUsed   bool         `json:"joint_lookup_used"`
		UsesRuntimeTables bool         `json:"uses_runtime_tables"`
	}
	jsonLookupInfo struct {
		MaxPerRow    *uint64       `json:"max_per_row"`
		MaxJointSize *uint32       `json:"max_joint_size"`
		Features     *jsonFeatures `json:"features"`
	}
	jsonSelectors struct {
		Xor        *jsonComm `json:"xor"`
		Lookup     *jsonComm `json:"lookup"`
		RangeCheck *jsonComm `json:"range_check"`
		Ffmul      *jsonComm `json:"ffmul"`
	}
	jsonLookup struct {
		JointLookupUsed       bool            `json:"joint_lookup_used"`
		LookupTable           []jsonComm      `json:"lookup_table"`
		LookupSelectors       *jsonSelectors  `json:"lookup_selectors"`
		TableIDs              *jsonComm       `json:"table_ids"`
		LookupInfo            *jsonLookupInfo `json:"lookup_info"`
		RuntimeTablesSelector *jsonComm       `json:"runtime_tables_selector"`
	}
	jsonIndex struct {
		Domain              hexBytes    `json:"domain"`
		MaxPolySize         *uint64     `json:"max_poly_size"`
		ZkRows              *uint64     `json:"zk_rows"`
		Public              *uint64     `json:"public"`
		PrevChallenges      *uint64     `json:"prev_challenges"`
		SigmaComm           []jsonComm  `json:"sigma_comm"`
		CoefficientsComm    []jsonComm  `json:"coefficients_comm"`
		GenericComm         *jsonComm   `json:"generic_comm"`
		PsmComm             *jsonComm   `json:"psm_comm"`
		CompleteAddComm     *jsonComm   `json:"complete_add_comm"`
		MulComm             *jsonComm   `json:"mul_comm"`
		EmulComm            *jsonComm   `json:"emul_comm"`
		EndomulScalarComm   *jsonComm   `json:"endomul_scalar_comm"`
		RangeCheck0Comm     *jsonComm   `json:"range_check0_comm"`
		RangeCheck1Comm     *jsonComm   `json:"range_check1_comm"`
		ForeignFieldAddComm *jsonComm   `json:"foreign_field_add_comm"`
		ForeignFieldMulComm *jsonComm   `json:"foreign_field_mul_comm"`
		XorComm             *jsonComm   `json:"xor_comm"`
		RotComm             *jsonComm   `json:"rot_comm"`
		Shift               []hexBytes  `json:"shift"`
		LookupIndex         *jsonLookup `json:"lookup_index"`
	}
)

type hexBytes []byte

func (h *hexBytes) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := hex.DecodeString(s)
	if err != nil {
		return err
	}
	*h = v
	return nil
}

func toComm(c *jsonComm, what string) (wire.PolyComm, error) {
	if c == nil {
		return wire.PolyComm{}, fmt.Errorf("%w: %s missing", ErrFormat, what)
	}
	out := wire.PolyComm{Chunks: make([]wire.Point, len(c.Chunks))}
	for i, ch := range c.Chunks {
		if len(ch) != wire.PointSize {
			return out, fmt.Errorf("%w: %s chunk %d has %d bytes", ErrFormat, what, i, len(ch))
		}
		copy(out.Chunks[i][:], ch)
	}
	return out, nil
}

func toOptComm(c *jsonComm, what string) (*wire.PolyComm, error) {
	if c == nil {
		return nil, nil
	}
	pc, err := toComm(c, what)
	if err != nil {
		return nil, err
	}
	return &pc, nil
}

// DecodeJSON parses serde_json bytes of a verifier index. Unknown or
// missing fields are errors; the result is re-checked with kimchi/wire's
// msgpack decoder, so points and scalars are structurally valid.
func DecodeJSON(data []byte) (*wire.VerifierIndex, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var j jsonIndex
	if err := dec.Decode(&j); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: trailing data", ErrFormat)
	}
	vi := &wire.VerifierIndex{}
	if err := vi.Domain.UnmarshalBinary(j.Domain); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	for _, f := range []struct {
		src  *uint64
		dst  *uint64
		name string
	}{{j.MaxPolySize, &vi.MaxPolySize, "max_poly_size"}, {j.ZkRows, &vi.ZkRows, "zk_rows"},
		{j.Public, &vi.Public, "public"}, {j.PrevChallenges, &vi.PrevChallenges, "prev_challenges"}} {
		if f.src == nil {
			return nil, fmt.Errorf("%w: %s missing", ErrFormat, f.name)
		}
		*f.dst = *f.src
	}
	if len(j.SigmaComm) != wire.Permuts || len(j.CoefficientsComm) != wire.Columns || len(j.Shift) != wire.Permuts {
		return nil, fmt.Errorf("%w: %d sigma, %d coefficient commitments, %d shifts", ErrFormat,
			len(j.SigmaComm), len(j.CoefficientsComm), len(j.Shift))
	}
	var err error
	for i := range j.SigmaComm {
		if vi.SigmaComm[i], err = toComm(&j.SigmaComm[i], fmt.Sprintf("sigma_comm[%d]", i)); err != nil {
			return nil, err
		}
	}
	for i := range j.CoefficientsComm {
		if vi.CoefficientsComm[i], err = toComm(&j.CoefficientsComm[i], fmt.Sprintf("coefficients_comm[%d]", i)); err != nil {
			return nil, err
		}
	}
	mandSrc := []*jsonComm{j.GenericComm, j.PsmComm, j.CompleteAddComm, j.MulComm, j.EmulComm, j.EndomulScalarComm}
	mandDst := []*wire.PolyComm{&vi.GenericComm, &vi.PsmComm, &vi.CompleteAddComm, &vi.MulComm, &vi.EmulComm, &vi.EndomulScalarComm}
	for i := range mandSrc {
		if *mandDst[i], err = toComm(mandSrc[i], mandatoryNames[i]); err != nil {
			return nil, err
		}
	}
	optSrc := []*jsonComm{j.RangeCheck0Comm, j.RangeCheck1Comm, j.ForeignFieldAddComm, j.ForeignFieldMulComm, j.XorComm, j.RotComm}
	optDst := []**wire.PolyComm{&vi.RangeCheck0Comm, &vi.RangeCheck1Comm, &vi.ForeignFieldAddComm, &vi.ForeignFieldMulComm, &vi.XorComm, &vi.RotComm}
	for i := range optSrc {
		if *optDst[i], err = toOptComm(optSrc[i], optionalNames[i]); err != nil {
			return nil, err
		}
	}
	for i, s := range j.Shift {
		if len(s) != wire.ScalarSize {
			return nil, fmt.Errorf("%w: shift[%d] has %d bytes", ErrFormat, i, len(s))
		}
		copy(vi.Shift[i][:], s)
	}
	if l := j.LookupIndex; l != nil {
		if l.LookupSelectors == nil || l.LookupInfo == nil || l.LookupInfo.Features == nil ||
			l.LookupInfo.MaxPerRow == nil || l.LookupInfo.MaxJointSize == nil {
			return nil, fmt.Errorf("%w: incomplete lookup_index", ErrFormat)
		}
		li := &wire.LookupVerifierIndex{JointLookupUsed: l.JointLookupUsed}
		li.LookupTable = make([]wire.PolyComm, len(l.LookupTable))
		for i := range l.LookupTable {
			if li.LookupTable[i], err = toComm(&l.LookupTable[i], fmt.Sprintf("lookup_table[%d]", i)); err != nil {
				return nil, err
			}
		}
		s := l.LookupSelectors
		if li.LookupSelectors.Xor, err = toOptComm(s.Xor, "lookup_selectors.xor"); err != nil {
			return nil, err
		}
		if li.LookupSelectors.Lookup, err = toOptComm(s.Lookup, "lookup_selectors.lookup"); err != nil {
			return nil, err
		}
		if li.LookupSelectors.RangeCheck, err = toOptComm(s.RangeCheck, "lookup_selectors.range_check"); err != nil {
			return nil, err
		}
		if li.LookupSelectors.Ffmul, err = toOptComm(s.Ffmul, "lookup_selectors.ffmul"); err != nil {
			return nil, err
		}
		if li.TableIDs, err = toOptComm(l.TableIDs, "table_ids"); err != nil {
			return nil, err
		}
		if li.RuntimeTablesSelector, err = toOptComm(l.RuntimeTablesSelector, "runtime_tables_selector"); err != nil {
			return nil, err
		}
		f := l.LookupInfo.Features
		li.LookupInfo = wire.LookupInfo{
			MaxPerRow: *l.LookupInfo.MaxPerRow, MaxJointSize: *l.LookupInfo.MaxJointSize,
			Features: wire.LookupFeatures{
				Patterns: wire.LookupPatterns{Xor: f.Patterns.Xor, Lookup: f.Patterns.Lookup,
					RangeCheck: f.Patterns.RangeCheck, ForeignFieldMul: f.Patterns.ForeignFieldMul},
				JointLookupUsed: f.JointLookupUsed, UsesRuntimeTables: f.UsesRuntimeTables,
			},
		}
		vi.LookupIndex = li
	}
	// Structural validation (255-bit x, flag bytes, canonical scalars) by
	// kimchi/wire's msgpack decoder.
	if _, err := wire.DecodeVerifierIndex(vi.Encode()); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return vi, nil
}

// EncodeString returns KimchiVerificationKey.toString(): base64 (standard,
// padded) of the serde_json bytes.
func EncodeString(vi *wire.VerifierIndex) (string, error) {
	b, err := EncodeJSON(vi)
	if err != nil {
		return "", err
	}
	return base64.StdEncoding.EncodeToString(b), nil
}

// DecodeString parses KimchiVerificationKey.toString() output.
func DecodeString(s string) (*wire.VerifierIndex, error) {
	b, err := base64.StdEncoding.DecodeString(string(bytes.TrimSpace([]byte(s))))
	if err != nil {
		return nil, fmt.Errorf("%w: base64: %v", ErrFormat, err)
	}
	return DecodeJSON(b)
}

// Proof is KimchiProof.toJSON(): the base64 rmp_serde proof and the public
// inputs as decimal strings.
type Proof struct {
	Proof             string   `json:"proof"`
	PublicInputFields []string `json:"publicInputFields"`
}

// EncodeProof returns KimchiProof.toJSON() text for a proof and its public
// inputs.
func EncodeProof(p *wire.ProverProof, public []wire.Scalar) ([]byte, error) {
	if p == nil {
		return nil, fmt.Errorf("%w: nil proof", ErrFormat)
	}
	j := Proof{Proof: base64.StdEncoding.EncodeToString(p.Encode()), PublicInputFields: make([]string, len(public))}
	for i := range public {
		j.PublicInputFields[i] = scalarDecimal(&public[i])
	}
	b, err := json.Marshal(j)
	if err != nil {
		return nil, fmt.Errorf("vk: proof json: %w", err)
	}
	return b, nil
}

// DecodeProof parses KimchiProof.toJSON() text.
func DecodeProof(data []byte) (*wire.ProverProof, []wire.Scalar, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var j Proof
	if err := dec.Decode(&j); err != nil {
		return nil, nil, fmt.Errorf("%w: proof json: %v", ErrFormat, err)
	}
	raw, err := base64.StdEncoding.DecodeString(j.Proof)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: proof base64: %v", ErrFormat, err)
	}
	p, err := wire.DecodeProof(raw)
	if err != nil {
		return nil, nil, fmt.Errorf("vk: proof: %w", err)
	}
	pub := make([]wire.Scalar, len(j.PublicInputFields))
	for i, s := range j.PublicInputFields {
		if pub[i], err = parseDecimal(s); err != nil {
			return nil, nil, fmt.Errorf("%w: publicInputFields[%d]: %v", ErrFormat, i, err)
		}
	}
	return p, pub, nil
}

// scalarDecimal renders a little-endian scalar in decimal.
func scalarDecimal(s *wire.Scalar) string {
	var be [wire.ScalarSize]byte
	for i := range be {
		be[i] = s[wire.ScalarSize-1-i]
	}
	return bigFromBytes(be[:]).String()
}

func parseDecimal(s string) (wire.Scalar, error) {
	var out wire.Scalar
	if s == "" {
		return out, errors.New("empty")
	}
	if _, err := strconv.ParseUint(s[:1], 10, 8); err != nil {
		return out, fmt.Errorf("not a decimal: %q", s)
	}
	v, ok := bigFromDecimal(s)
	if !ok || v.Sign() < 0 || v.BitLen() > 255 {
		return out, fmt.Errorf("not a 255-bit decimal: %q", s)
	}
	be := v.FillBytes(make([]byte, wire.ScalarSize))
	for i := range out {
		out[i] = be[wire.ScalarSize-1-i]
	}
	return out, nil
}

func bigFromBytes(be []byte) *big.Int { return new(big.Int).SetBytes(be) }

func bigFromDecimal(s string) (*big.Int, bool) { return new(big.Int).SetString(s, 10) }
