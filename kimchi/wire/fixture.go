package wire

import "fmt"

// FeatureFlags is kimchi's FeatureFlags (kimchi/src/circuits/constraints.rs):
// which optional gates and lookup features a circuit enables.
type FeatureFlags struct {
	RangeCheck0     bool
	RangeCheck1     bool
	ForeignFieldAdd bool
	ForeignFieldMul bool
	Xor             bool
	Rot             bool
	LookupFeatures  LookupFeatures
}

// Fixture is proof-systems' RawFixture (kimchi/src/tests/fixtures.rs) with
// its byte fields decoded: the proof, its verifier index, the public inputs
// and the endomorphism scalar.
type Fixture struct {
	Proof           *ProverProof
	VerifierIndex   *VerifierIndex
	PublicInputs    []Scalar
	NumPublicInputs uint64
	FeatureFlags    FeatureFlags
	// Endo is the verifier index's endo scalar (a #[serde(skip)] field of
	// VerifierIndex); nil when the fixture stores None or predates it.
	Endo *Scalar
	// NoEndoField records a five-element fixture written before the endo
	// field existed, so that Encode reproduces it.
	NoEndoField bool
}

// DecodeFixture decodes a fixture file. Byte vectors are serde Vec<u8>
// (msgpack arrays of integers); proof and verifier index inside them are
// rmp_serde, the public inputs concatenated ark CanonicalSerialize scalars.
func DecodeFixture(b []byte) (*Fixture, error) {
	f, err := decodeFixture(b)
	if err != nil {
		return nil, fmt.Errorf("decode fixture: %w", err)
	}
	return f, nil
}

func decodeFixture(b []byte) (*Fixture, error) {
	d := &decoder{b: b}
	start := d.off
	n, err := d.arrayLen(1)
	if err != nil {
		return nil, err
	}
	if n != 5 && n != 6 {
		d.off = start
		return nil, d.errorf("expected array of 5 or 6 items, found %d", n)
	}
	f := &Fixture{NoEndoField: n == 5}
	proofBytes, err := d.byteSeq()
	if err != nil {
		return nil, fmt.Errorf("proof_bytes: %w", err)
	}
	if f.Proof, err = DecodeProof(proofBytes); err != nil {
		return nil, err
	}
	viBytes, err := d.byteSeq()
	if err != nil {
		return nil, fmt.Errorf("verifier_index_bytes: %w", err)
	}
	if f.VerifierIndex, err = DecodeVerifierIndex(viBytes); err != nil {
		return nil, err
	}
	pub, err := d.byteSeq()
	if err != nil {
		return nil, fmt.Errorf("public_inputs_bytes: %w", err)
	}
	if f.PublicInputs, err = UnmarshalScalars(pub); err != nil {
		return nil, fmt.Errorf("public_inputs_bytes: %w", err)
	}
	if f.NumPublicInputs, err = d.uint(^uint64(0)); err != nil {
		return nil, fmt.Errorf("num_public_inputs: %w", err)
	}
	if err = d.array(7, "feature_flags"); err != nil {
		return nil, err
	}
	ff := &f.FeatureFlags
	if err = d.bools(&ff.RangeCheck0, &ff.RangeCheck1, &ff.ForeignFieldAdd, &ff.ForeignFieldMul, &ff.Xor, &ff.Rot); err != nil {
		return nil, fmt.Errorf("feature_flags: %w", err)
	}
	if ff.LookupFeatures, err = d.lookupFeatures(); err != nil {
		return nil, fmt.Errorf("feature_flags: %w", err)
	}
	if n == 6 && !d.optNil() {
		endo, err := d.byteSeq()
		if err != nil {
			return nil, fmt.Errorf("endo: %w", err)
		}
		if len(endo) != ScalarSize {
			return nil, fmt.Errorf("endo: expected %d bytes, found %d", ScalarSize, len(endo))
		}
		s := Scalar(endo)
		if s[31]&0x80 != 0 {
			return nil, fmt.Errorf("endo: scalar exceeds 255 bits")
		}
		f.Endo = &s
	}
	if err := d.done(); err != nil {
		return nil, err
	}
	return f, nil
}

// Encode serializes the fixture exactly as proof-systems' rmp_serde does;
// Proof and VerifierIndex must be set.
func (f *Fixture) Encode() []byte {
	e := &encoder{}
	if f.NoEndoField {
		e.array(5)
	} else {
		e.array(6)
	}
	e.byteSeq(f.Proof.Encode())
	e.byteSeq(f.VerifierIndex.Encode())
	e.byteSeq(MarshalScalars(f.PublicInputs))
	e.uint(f.NumPublicInputs)
	e.array(7)
	ff := &f.FeatureFlags
	for _, b := range []bool{ff.RangeCheck0, ff.RangeCheck1, ff.ForeignFieldAdd, ff.ForeignFieldMul, ff.Xor, ff.Rot} {
		e.bool(b)
	}
	e.lookupFeatures(&ff.LookupFeatures)
	switch {
	case f.NoEndoField:
	case f.Endo == nil:
		e.writeNil()
	default:
		e.byteSeq(f.Endo[:])
	}
	return e.b
}

// UnmarshalScalars parses concatenated ark CanonicalSerialize scalars (32
// bytes each, no length prefix), as RawFixture stores the public inputs.
func UnmarshalScalars(b []byte) ([]Scalar, error) {
	if len(b)%ScalarSize != 0 {
		return nil, fmt.Errorf("scalars: %d bytes is not a multiple of %d", len(b), ScalarSize)
	}
	out := make([]Scalar, len(b)/ScalarSize)
	for i := range out {
		copy(out[i][:], b[i*ScalarSize:])
		if out[i][31]&0x80 != 0 {
			return nil, fmt.Errorf("scalars: element %d exceeds 255 bits", i)
		}
	}
	return out, nil
}

// MarshalScalars concatenates the 32-byte encodings of s.
func MarshalScalars(s []Scalar) []byte {
	b := make([]byte, 0, len(s)*ScalarSize)
	for i := range s {
		b = append(b, s[i][:]...)
	}
	return b
}
