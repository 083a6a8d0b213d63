package mina

import (
	"crypto/rand"
	"errors"
	"fmt"
	"io"

	"github.com/zkml-mina/zkml/kimchi/curve/pallas"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
)

// ErrInvalidPublicKey reports an x coordinate with no Pallas point.
var ErrInvalidPublicKey = errors.New("not a valid Pallas public key")

// PrivateKey is a Mina private key: a scalar sk in Fq (the Pallas scalar
// field). Its String, GoString and Format never print the key.
type PrivateKey struct {
	s fq.Element
}

// GeneratePrivateKey draws a uniformly random non-zero private key from
// crypto/rand.
func GeneratePrivateKey() (PrivateKey, error) { return generatePrivateKey(rand.Reader) }

func generatePrivateKey(r io.Reader) (PrivateKey, error) {
	var buf [32]byte
	for range 64 {
		if _, err := io.ReadFull(r, buf[:]); err != nil {
			return PrivateKey{}, fmt.Errorf("generate private key: %w", err)
		}
		buf[31] &= 0x3f // 254 bits < q: rejection sampling almost never loops
		s, err := fq.LittleEndian.Element(&buf)
		if err == nil && !s.IsZero() {
			return PrivateKey{s: s}, nil
		}
	}
	return PrivateKey{}, errors.New("generate private key: random source keeps producing invalid scalars")
}

// PrivateKeyFromScalar wraps a non-zero scalar as a private key.
func PrivateKeyFromScalar(s fq.Element) (PrivateKey, error) {
	if s.IsZero() {
		return PrivateKey{}, errors.New("private key: zero scalar")
	}
	return PrivateKey{s: s}, nil
}

// ParsePrivateKey decodes an "EK…" base58check private key: version byte
// 0x5A, version number 1, then the scalar as 32 little-endian bytes.
// Non-canonical scalars (≥ q) are rejected, as mina-signer does.
func ParsePrivateKey(s string) (PrivateKey, error) {
	p, err := decodeVersioned(s, VersionPrivateKey, 32)
	if err != nil {
		return PrivateKey{}, fmt.Errorf("private key: %w", err)
	}
	k, err := fqFromLE(p)
	if err != nil {
		return PrivateKey{}, fmt.Errorf("private key: %w", err)
	}
	if k.IsZero() {
		return PrivateKey{}, errors.New("private key: zero scalar")
	}
	return PrivateKey{s: k}, nil
}

// Base58 returns the "EK…" base58check encoding of the key.
func (k PrivateKey) Base58() string {
	b := fqToLE(&k.s)
	return EncodeBase58Check(VersionPrivateKey, append([]byte{versionNumber}, b[:]...))
}

// Scalar returns the secret scalar.
func (k PrivateKey) Scalar() fq.Element { return k.s }

// PublicKey returns the compressed public key of G·sk, with G the Pallas
// generator.
func (k PrivateKey) PublicKey() PublicKey { return publicKeyFromPoint(k.point()) }

func (k PrivateKey) point() pallas.Affine {
	g := pallas.Generator()
	var p pallas.Affine
	p.ScalarMul(&g, &k.s)
	return p
}

// String redacts the key.
func (k PrivateKey) String() string { return "mina.PrivateKey(redacted)" }

// GoString redacts the key.
func (k PrivateKey) GoString() string { return k.String() }

// Format redacts the key for every verb.
func (k PrivateKey) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, k.String()) }

// PublicKey is a compressed Pallas point as Mina stores it: x and the parity
// of y. Its JSON form is the "B62…" base58check string.
type PublicKey struct {
	X     fp.Element
	IsOdd bool
}

func publicKeyFromPoint(p pallas.Affine) PublicKey {
	return PublicKey{X: p.X, IsOdd: fpIsOdd(&p.Y)}
}

// ParsePublicKey decodes a "B62…" public key: version byte 0xCB, version
// number 1, then the field x (its own version number 1 and 32 little-endian
// bytes) and an isOdd byte (0 or 1). x must be canonical and x³ + 5 a square.
func ParsePublicKey(s string) (PublicKey, error) {
	p, err := decodeVersioned(s, VersionPublicKey, 34)
	if err != nil {
		return PublicKey{}, fmt.Errorf("public key: %w", err)
	}
	if p[0] != versionNumber {
		return PublicKey{}, fmt.Errorf("public key: x: %w: got %d", ErrVersionNumber, p[0])
	}
	x, err := fpFromLE(p[1:33])
	if err != nil {
		return PublicKey{}, fmt.Errorf("public key: x: %w", err)
	}
	if p[33] > 1 {
		return PublicKey{}, fmt.Errorf("public key: isOdd byte is %d, want 0 or 1", p[33])
	}
	pk := PublicKey{X: x, IsOdd: p[33] == 1}
	if _, err := pk.Point(); err != nil {
		return PublicKey{}, fmt.Errorf("public key: %w", err)
	}
	return pk, nil
}

// Base58 returns the "B62…" encoding.
func (pk PublicKey) Base58() string {
	x := fpToLE(&pk.X)
	b := make([]byte, 0, 35)
	b = append(b, versionNumber, versionNumber)
	b = append(b, x[:]...)
	if pk.IsOdd {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	return EncodeBase58Check(VersionPublicKey, b)
}

// String returns the "B62…" encoding.
func (pk PublicKey) String() string { return pk.Base58() }

// Equal reports whether two public keys are the same.
func (pk PublicKey) Equal(o PublicKey) bool { return pk.X.Equal(&o.X) && pk.IsOdd == o.IsOdd }

// Point decompresses the key: y = ±sqrt(x³ + 5) with the stored parity.
func (pk PublicKey) Point() (pallas.Affine, error) {
	var rhs, five fp.Element
	five.SetUint64(5)
	rhs.Square(&pk.X).Mul(&rhs, &pk.X).Add(&rhs, &five)
	var y fp.Element
	if y.Sqrt(&rhs) == nil {
		return pallas.Affine{}, ErrInvalidPublicKey
	}
	if fpIsOdd(&y) != pk.IsOdd {
		y.Neg(&y)
	}
	return pallas.Affine{X: pk.X, Y: y}, nil
}

// MarshalText encodes the key as "B62…".
func (pk PublicKey) MarshalText() ([]byte, error) { return []byte(pk.Base58()), nil }

// UnmarshalText decodes a "B62…" key.
func (pk *PublicKey) UnmarshalText(b []byte) error {
	k, err := ParsePublicKey(string(b))
	if err != nil {
		return err
	}
	*pk = k
	return nil
}
