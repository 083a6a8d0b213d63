package mina

import (
	"encoding/json"
	"errors"
	"fmt"

	"golang.org/x/crypto/blake2b"

	"github.com/zkml-mina/zkml/kimchi/curve/pallas"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
	"github.com/zkml-mina/zkml/kimchi/poseidon"
)

// Signature is a Mina Schnorr signature: R's x coordinate and the scalar s.
type Signature struct {
	R fp.Element
	S fq.Element
}

// ParseSignature decodes a base58check signature: version byte 0x9A,
// version number 1, then r and s as 32 little-endian bytes each.
func ParseSignature(s string) (Signature, error) {
	p, err := decodeVersioned(s, VersionSignature, 64)
	if err != nil {
		return Signature{}, fmt.Errorf("signature: %w", err)
	}
	r, err := fpFromLE(p[:32])
	if err != nil {
		return Signature{}, fmt.Errorf("signature: r: %w", err)
	}
	sc, err := fqFromLE(p[32:])
	if err != nil {
		return Signature{}, fmt.Errorf("signature: s: %w", err)
	}
	return Signature{R: r, S: sc}, nil
}

// Base58 returns the base58check encoding used in zkApp commands.
func (sig Signature) Base58() string {
	r, s := fpToLE(&sig.R), fqToLE(&sig.S)
	b := make([]byte, 0, 65)
	b = append(b, versionNumber)
	b = append(b, r[:]...)
	b = append(b, s[:]...)
	return EncodeBase58Check(VersionSignature, b)
}

// String returns the base58check encoding.
func (sig Signature) String() string { return sig.Base58() }

// SignatureJSON is the {field, scalar} decimal form mina-signer returns for
// payments, delegations and string messages.
type SignatureJSON struct {
	Field  string `json:"field"`
	Scalar string `json:"scalar"`
}

// JSON returns the {field, scalar} form.
func (sig Signature) JSON() SignatureJSON {
	return SignatureJSON{Field: sig.R.Text(10), Scalar: sig.S.Text(10)}
}

// MarshalJSON encodes the {field, scalar} form.
func (sig Signature) MarshalJSON() ([]byte, error) { return json.Marshal(sig.JSON()) }

// UnmarshalJSON decodes the {field, scalar} form with canonical values.
func (sig *Signature) UnmarshalJSON(b []byte) error {
	var j SignatureJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return fmt.Errorf("signature: %w", err)
	}
	s, err := SignatureFromJSON(j)
	if err != nil {
		return err
	}
	*sig = s
	return nil
}

// SignatureFromJSON decodes the {field, scalar} form.
func SignatureFromJSON(j SignatureJSON) (Signature, error) {
	r, err := parseFp(j.Field)
	if err != nil {
		return Signature{}, fmt.Errorf("signature: %w", err)
	}
	s, err := parseFq(j.Scalar)
	if err != nil {
		return Signature{}, fmt.Errorf("signature: %w", err)
	}
	return Signature{R: r, S: s}, nil
}

// errZeroNonce is practically unreachable (probability 2^-254).
var errZeroNonce = errors.New("sign: derived nonce is zero")

// schnorr holds the two hash-dependent steps that distinguish Kimchi-style
// ("chunked") from legacy signatures.
type schnorr interface {
	nonce(pub pallas.Affine, k *fq.Element, n NetworkID) fq.Element
	challenge(pub pallas.Affine, rx fp.Element, n NetworkID) (fq.Element, error)
}

func sign(msg schnorr, key PrivateKey, n NetworkID) (Signature, error) {
	if err := n.Validate(); err != nil {
		return Signature{}, err
	}
	pub := key.point()
	k := msg.nonce(pub, &key.s, n)
	if k.IsZero() {
		return Signature{}, errZeroNonce
	}
	g := pallas.Generator()
	var r pallas.Affine
	r.ScalarMul(&g, &k)
	if fpIsOdd(&r.Y) {
		k.Neg(&k)
	}
	e, err := msg.challenge(pub, r.X, n)
	if err != nil {
		return Signature{}, err
	}
	var s fq.Element
	s.Mul(&e, &key.s).Add(&s, &k)
	return Signature{R: r.X, S: s}, nil
}

func verify(msg schnorr, sig Signature, pk PublicKey, n NetworkID) bool {
	if n.Validate() != nil {
		return false
	}
	pub, err := pk.Point()
	if err != nil {
		return false
	}
	e, err := msg.challenge(pub, sig.R, n)
	if err != nil {
		return false
	}
	// R = s·G − e·pk
	var sg, epk pallas.Jacobian
	g := pallas.GeneratorJacobian()
	sg.ScalarMul(&g, &sig.S)
	var pj pallas.Jacobian
	pj.FromAffine(&pub)
	epk.ScalarMul(&pj, &e)
	epk.Neg(&epk)
	sg.Add(&epk)
	if sg.IsInfinity() {
		return false
	}
	var r pallas.Affine
	r.FromJacobian(&sg)
	return !fpIsOdd(&r.Y) && r.X.Equal(&sig.R)
}

// nonceFromBytes hashes with Blake2b-256, drops the top two bits and reads
// the result as a little-endian scalar.
func nonceFromBytes(b []byte) fq.Element {
	h := blake2b.Sum256(b)
	h[31] &= 0x3f
	s, _ := fq.LittleEndian.Element(&h) // < 2^254 < q
	return s
}

// chunked is a Kimchi-style message: a hash input of fields and packed
// values, hashed with Kimchi Poseidon (mina-signer sign/verify).
type chunked struct{ in hashInput }

func (m chunked) nonce(pub pallas.Affine, k *fq.Element, n NetworkID) fq.Element {
	in := hashInput{
		fields: append(append([]fp.Element(nil), m.in.fields...), pub.X, pub.Y, fqToFp(k)),
		packed: append([]packed(nil), m.in.packed...),
	}
	id, size := n.idInput()
	var idf fp.Element
	idf.SetBigInt(id)
	in.pack(idf, size)
	var bits []bool
	for _, f := range in.toFields() {
		bits = append(bits, fpBits(&f)...)
	}
	return nonceFromBytes(bitsToBytes(bits))
}

func (m chunked) challenge(pub pallas.Affine, rx fp.Element, n NetworkID) (fq.Element, error) {
	in := hashInput{
		fields: append(append([]fp.Element(nil), m.in.fields...), pub.X, pub.Y, rx),
		packed: m.in.packed,
	}
	h, err := poseidon.HashWithPrefix(n.SignaturePrefix(), in.toFields())
	if err != nil {
		return fq.Element{}, fmt.Errorf("signature challenge: %w", err)
	}
	return fpToFq(&h), nil
}

// legacy is a legacy message: fields and bits, hashed with legacy Poseidon
// (mina-signer signLegacy/verifyLegacy).
type legacy struct{ in legacyInput }

func (m legacy) nonce(pub pallas.Affine, k *fq.Element, n NetworkID) fq.Element {
	in := legacyInput{
		fields: append(append([]fp.Element(nil), m.in.fields...), pub.X, pub.Y),
		bits:   append(append(append([]bool(nil), m.in.bits...), fqBits(k)...), bytesToBits([]byte{n.legacyIDByte()})...),
	}
	return nonceFromBytes(bitsToBytes(in.toBits()))
}

func (m legacy) challenge(pub pallas.Affine, rx fp.Element, n NetworkID) (fq.Element, error) {
	in := legacyInput{
		fields: append(append([]fp.Element(nil), m.in.fields...), pub.X, pub.Y, rx),
		bits:   m.in.bits,
	}
	h, err := poseidon.HashWithPrefixLegacy(n.SignaturePrefix(), in.toFields())
	if err != nil {
		return fq.Element{}, fmt.Errorf("signature challenge: %w", err)
	}
	return fpToFq(&h), nil
}

// SignFields signs a message of field elements (mina-signer sign({fields})
// and Client.signFields, which always uses the testnet domain).
func SignFields(key PrivateKey, fields []Field, n NetworkID) (Signature, error) {
	sig, err := sign(fieldsMessage(fields), key, n)
	if err != nil {
		return Signature{}, fmt.Errorf("sign fields: %w", err)
	}
	return sig, nil
}

// VerifyFields verifies a SignFields signature.
func VerifyFields(sig Signature, fields []Field, pk PublicKey, n NetworkID) bool {
	return verify(fieldsMessage(fields), sig, pk, n)
}

func fieldsMessage(fields []Field) chunked {
	in := hashInput{fields: make([]fp.Element, len(fields))}
	for i, f := range fields {
		in.fields[i] = fp.Element(f)
	}
	return chunked{in}
}

// SignMessage signs a string with a legacy signature (mina-signer
// Client.signMessage): the UTF-8 bytes, each byte's bits most significant
// first.
func SignMessage(key PrivateKey, message string, n NetworkID) (Signature, error) {
	sig, err := sign(stringMessage(message), key, n)
	if err != nil {
		return Signature{}, fmt.Errorf("sign message: %w", err)
	}
	return sig, nil
}

// VerifyMessage verifies a SignMessage signature.
func VerifyMessage(sig Signature, message string, pk PublicKey, n NetworkID) bool {
	return verify(stringMessage(message), sig, pk, n)
}

func stringMessage(s string) legacy {
	bits := make([]bool, 0, 8*len(s))
	for i := 0; i < len(s); i++ {
		for j := 7; j >= 0; j-- {
			bits = append(bits, s[i]>>j&1 == 1)
		}
	}
	return legacy{legacyInput{bits: bits}}
}
