package mina

import (
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/mr-tron/base58"
)

// Base58check version bytes (mina-signer bindings/crypto/constants.ts
// versionBytes), the first byte of every encoded payload.
const (
	VersionPublicKey  byte = 0xCB // 203, "B62…"
	VersionPrivateKey byte = 0x5A // 90, "EK…"
	VersionSignature  byte = 0x9A // 154, "7mX…"
	VersionMemo       byte = 0x14 // 20, userCommandMemo
	VersionTokenID    byte = 0x1C // 28, tokenIdKey
	VersionStateHash  byte = 0x10 // 16, stateHash (votingFor)
)

// versionNumber is the binable version number that mina-signer writes after
// the version byte of keys, signatures and state hashes (versionNumbers.*).
const versionNumber byte = 0x01

// Decoding errors, returned wrapped with context.
var (
	ErrBase58        = errors.New("invalid base58")
	ErrChecksum      = errors.New("invalid base58check checksum")
	ErrVersionByte   = errors.New("wrong base58check version byte")
	ErrVersionNumber = errors.New("wrong binable version number")
	ErrLength        = errors.New("wrong payload length")
	ErrNonCanonical  = errors.New("non-canonical field element")
)

// checksum is the first four bytes of SHA-256(SHA-256(b)).
func checksum(b []byte) [4]byte {
	h1 := sha256.Sum256(b)
	h2 := sha256.Sum256(h1[:])
	return [4]byte{h2[0], h2[1], h2[2], h2[3]}
}

// EncodeBase58Check returns base58(version ‖ payload ‖ checksum), the
// base58check encoding that mina-signer's toBase58Check produces.
func EncodeBase58Check(version byte, payload []byte) string {
	b := make([]byte, 0, 1+len(payload)+4)
	b = append(b, version)
	b = append(b, payload...)
	c := checksum(b)
	b = append(b, c[:]...)
	return base58.Encode(b)
}

// DecodeBase58Check decodes s, verifies its checksum and version byte and
// returns the payload after the version byte.
func DecodeBase58Check(s string, version byte) ([]byte, error) {
	b, err := base58.Decode(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBase58, err)
	}
	if len(b) < 5 {
		return nil, fmt.Errorf("%w: %d bytes is shorter than version byte and checksum", ErrLength, len(b))
	}
	body, sum := b[:len(b)-4], b[len(b)-4:]
	if c := checksum(body); string(c[:]) != string(sum) {
		return nil, ErrChecksum
	}
	if body[0] != version {
		return nil, fmt.Errorf("%w: got 0x%02x, want 0x%02x", ErrVersionByte, body[0], version)
	}
	return body[1:], nil
}

// decodeVersioned decodes a base58check string whose payload is a version
// number followed by exactly n bytes.
func decodeVersioned(s string, version byte, n int) ([]byte, error) {
	p, err := DecodeBase58Check(s, version)
	if err != nil {
		return nil, err
	}
	if len(p) != n+1 {
		return nil, fmt.Errorf("%w: got %d bytes, want %d", ErrLength, len(p), n+1)
	}
	if p[0] != versionNumber {
		return nil, fmt.Errorf("%w: got %d, want %d", ErrVersionNumber, p[0], versionNumber)
	}
	return p[1:], nil
}
