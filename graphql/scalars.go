package graphql

import (
	"fmt"
	"strconv"
)

// The Mina daemon serialises every custom scalar as a JSON string, including
// the numeric ones, so each binding below is a named string. genqlient.yaml
// maps the GraphQL scalars onto these types; see doc.go for the full table.

// PublicKey is a Base58Check-encoded Mina public key (B62q…).
type PublicKey string

// TokenID is a token identifier exactly as the daemon prints it (current
// daemons use Base58Check; the schema's description still says "UInt64
// string"), kept opaque. The empty value means the default MINA token.
type TokenID string

// StateHash is a Base58Check-encoded protocol state (block) hash.
type StateHash string

// TransactionHash is the Base58Check-encoded hash of a transaction (5J…).
type TransactionHash string

// TransactionID is the Base64-encoded serialised transaction; the daemon's
// transactionStatus query identifies zkApp commands by it.
type TransactionID string

// Field is a Pallas base-field element as a base-10 string.
type Field string

// UInt32 is a stringified base-10 unsigned 32-bit integer (nonces, lengths,
// slots).
type UInt32 string

// Uint32 parses the value; it fails on an empty or out-of-range string.
func (u UInt32) Uint32() (uint32, error) {
	v, err := strconv.ParseUint(string(u), 10, 32)
	if err != nil {
		return 0, fmt.Errorf("graphql: UInt32 %q: %w", string(u), err)
	}
	return uint32(v), nil
}

// UInt64 is a stringified base-10 unsigned 64-bit integer (balances, fees and
// amounts in nanomina, block times in milliseconds).
type UInt64 string

// Uint64 parses the value; it fails on an empty or out-of-range string.
func (u UInt64) Uint64() (uint64, error) {
	v, err := strconv.ParseUint(string(u), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("graphql: UInt64 %q: %w", string(u), err)
	}
	return v, nil
}
