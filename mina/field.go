package mina

import (
	"fmt"
	"math/big"
	"strconv"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
)

// Field is an element of the Pallas base field Fp (o1js Field). It
// JSON-encodes as a decimal string, as o1js does.
type Field fp.Element

// NewField returns the field element v.
func NewField(v uint64) Field {
	var e fp.Element
	e.SetUint64(v)
	return Field(e)
}

// ParseField parses a canonical decimal field element.
func ParseField(s string) (Field, error) {
	e, err := parseFp(s)
	return Field(e), err
}

// Fp returns f as a kimchi/field/fp element.
func (f Field) Fp() fp.Element { return fp.Element(f) }

// String returns f in decimal.
func (f Field) String() string { e := fp.Element(f); return e.Text(10) }

// MarshalText encodes f in decimal.
func (f Field) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// UnmarshalText decodes a canonical decimal field element.
func (f *Field) UnmarshalText(b []byte) error {
	e, err := parseFp(string(b))
	if err != nil {
		return err
	}
	*f = Field(e)
	return nil
}

// parseDecimal parses a non-negative decimal integer below limit.
func parseDecimal(s string, limit *big.Int, what string) (*big.Int, error) {
	if s == "" || len(s) > 100 {
		return nil, fmt.Errorf("%s: invalid decimal %q", what, truncate(s))
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return nil, fmt.Errorf("%s: invalid decimal %q", what, truncate(s))
		}
	}
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return nil, fmt.Errorf("%s: invalid decimal %q", what, truncate(s))
	}
	if v.Cmp(limit) >= 0 {
		return nil, fmt.Errorf("%s: %w: %s is not below the modulus", what, ErrNonCanonical, truncate(s))
	}
	return v, nil
}

func truncate(s string) string {
	if len(s) > 90 {
		return s[:90] + "…"
	}
	return s
}

func parseFp(s string) (fp.Element, error) {
	var e fp.Element
	v, err := parseDecimal(s, fp.Modulus(), "field")
	if err != nil {
		return e, err
	}
	e.SetBigInt(v)
	return e, nil
}

func parseFq(s string) (fq.Element, error) {
	var e fq.Element
	v, err := parseDecimal(s, fq.Modulus(), "scalar")
	if err != nil {
		return e, err
	}
	e.SetBigInt(v)
	return e, nil
}

// fpToLE returns the canonical 32-byte little-endian encoding of e.
func fpToLE(e *fp.Element) [32]byte {
	var b [32]byte
	fp.LittleEndian.PutElement(&b, *e)
	return b
}

// fqToLE returns the canonical 32-byte little-endian encoding of e.
func fqToLE(e *fq.Element) [32]byte {
	var b [32]byte
	fq.LittleEndian.PutElement(&b, *e)
	return b
}

// fpFromLE decodes 32 little-endian bytes, rejecting values ≥ p.
func fpFromLE(b []byte) (fp.Element, error) {
	var a [32]byte
	if len(b) != 32 {
		return fp.Element{}, fmt.Errorf("%w: field element has %d bytes, want 32", ErrLength, len(b))
	}
	copy(a[:], b)
	e, err := fp.LittleEndian.Element(&a)
	if err != nil {
		return e, fmt.Errorf("field: %w", ErrNonCanonical)
	}
	return e, nil
}

// fqFromLE decodes 32 little-endian bytes, rejecting values ≥ q.
func fqFromLE(b []byte) (fq.Element, error) {
	var a [32]byte
	if len(b) != 32 {
		return fq.Element{}, fmt.Errorf("%w: scalar has %d bytes, want 32", ErrLength, len(b))
	}
	copy(a[:], b)
	e, err := fq.LittleEndian.Element(&a)
	if err != nil {
		return e, fmt.Errorf("scalar: %w", ErrNonCanonical)
	}
	return e, nil
}

// fpIsOdd reports whether the canonical integer of e is odd.
func fpIsOdd(e *fp.Element) bool { return e.Bits()[0]&1 == 1 }

// fpToFq reinterprets a base-field element as a scalar (p < q, so every Fp
// value is a canonical Fq value).
func fpToFq(e *fp.Element) fq.Element {
	b := fpToLE(e)
	s, _ := fq.LittleEndian.Element(&b) // p < q: always canonical
	return s
}

// fqToFp reduces a scalar modulo p (o1js Field(scalar)).
func fqToFp(s *fq.Element) fp.Element {
	var v big.Int
	s.BigInt(&v)
	var e fp.Element
	e.SetBigInt(&v) // SetBigInt reduces modulo p
	return e
}

// UInt64 is an unsigned 64-bit amount (o1js UInt64); it JSON-encodes as a
// decimal string.
type UInt64 uint64

// MarshalText encodes u in decimal.
func (u UInt64) MarshalText() ([]byte, error) { return strconv.AppendUint(nil, uint64(u), 10), nil }

// UnmarshalText decodes a decimal below 2^64.
func (u *UInt64) UnmarshalText(b []byte) error {
	v, err := parseUint(string(b), 64)
	*u = UInt64(v)
	return err
}

// UInt32 is an unsigned 32-bit number (o1js UInt32); it JSON-encodes as a
// decimal string.
type UInt32 uint32

// MarshalText encodes u in decimal.
func (u UInt32) MarshalText() ([]byte, error) { return strconv.AppendUint(nil, uint64(u), 10), nil }

// UnmarshalText decodes a decimal below 2^32.
func (u *UInt32) UnmarshalText(b []byte) error {
	v, err := parseUint(string(b), 32)
	*u = UInt32(v)
	return err
}

func parseUint(s string, bits int) (uint64, error) {
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("uint%d: invalid decimal %q", bits, truncate(s))
		}
	}
	v, err := strconv.ParseUint(s, 10, bits)
	if err != nil {
		return 0, fmt.Errorf("uint%d: invalid decimal %q", bits, truncate(s))
	}
	return v, nil
}
