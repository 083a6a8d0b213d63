package mina

import (
	"fmt"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/poseidon"
)

// MemoSize is the length of an encoded memo.
const MemoSize = 34

// MaxMemoLength is the longest memo text in bytes.
const MaxMemoLength = 32

// Memo is an encoded user-command memo: 0x01, the text length, the UTF-8
// text and zero padding to 34 bytes. Its JSON form is base58check with
// version byte 0x14.
type Memo [MemoSize]byte

// MemoFromString encodes a text memo of at most 32 bytes.
func MemoFromString(s string) (Memo, error) {
	var m Memo
	if len(s) > MaxMemoLength {
		return m, fmt.Errorf("memo: %d bytes, at most %d allowed", len(s), MaxMemoLength)
	}
	m[0] = 1
	m[1] = byte(len(s))
	copy(m[2:], s)
	return m, nil
}

// ParseMemo decodes a base58check memo.
func ParseMemo(s string) (Memo, error) {
	var m Memo
	p, err := DecodeBase58Check(s, VersionMemo)
	if err != nil {
		return m, fmt.Errorf("memo: %w", err)
	}
	if len(p) != MemoSize {
		return m, fmt.Errorf("memo: %w: got %d bytes, want %d", ErrLength, len(p), MemoSize)
	}
	copy(m[:], p)
	return m, nil
}

// Base58 returns the base58check encoding.
func (m Memo) Base58() string { return EncodeBase58Check(VersionMemo, m[:]) }

// Text returns the memo text, or an error for a memo not made by
// MemoFromString.
func (m Memo) Text() (string, error) {
	if m[0] != 1 || m[1] > MaxMemoLength {
		return "", fmt.Errorf("memo: not a text memo (header 0x%02x 0x%02x)", m[0], m[1])
	}
	return string(m[2 : 2+int(m[1])]), nil
}

// Hash returns Poseidon("MinaZkappMemo*******", memo bits packed 254 per
// field), the memo hash of zkApp commitments.
func (m Memo) Hash() fp.Element {
	h, _ := poseidon.HashWithPrefix(prefixZkappMemo, bitsToFields(bytesToBits(m[:]))) // constant prefix: cannot fail
	return h
}

// MarshalText encodes the memo as base58check.
func (m Memo) MarshalText() ([]byte, error) { return []byte(m.Base58()), nil }

// UnmarshalText decodes a base58check memo.
func (m *Memo) UnmarshalText(b []byte) error {
	v, err := ParseMemo(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}
