package mina

import (
	"errors"
	"fmt"
	"math/big"
)

// NetworkID selects the signature domain: "mainnet", "devnet" or "testnet"
// (devnet and testnet are the same domain), or any other ASCII string naming
// a custom network, as mina-signer's NetworkId allows.
type NetworkID string

// The predefined networks.
const (
	Mainnet NetworkID = "mainnet"
	Devnet  NetworkID = "devnet"
	Testnet NetworkID = "testnet"
)

// maxCustomNetworkLength keeps a custom id's packed value below 2^248 (one
// field element), the case mina-signer's packing handles.
const maxCustomNetworkLength = 31

// Validate reports whether n is usable: non-empty, ASCII and at most 31
// bytes long.
func (n NetworkID) Validate() error {
	if n == "" {
		return errors.New("network id: empty")
	}
	if len(n) > maxCustomNetworkLength {
		return fmt.Errorf("network id: %d bytes, at most %d supported", len(n), maxCustomNetworkLength)
	}
	for i := 0; i < len(n); i++ {
		if n[i] == 0 || n[i] >= 0x80 {
			return fmt.Errorf("network id: byte %d is not printable ASCII", i)
		}
	}
	return nil
}

func (n NetworkID) kind() NetworkID {
	switch n {
	case Mainnet:
		return Mainnet
	case Devnet, Testnet:
		return Testnet
	}
	return ""
}

// Hash prefixes (o1js bindings/crypto/constants.ts prefixes).
const (
	prefixEvent             = "MinaZkappEvent******"
	prefixEvents            = "MinaZkappEvents*****"
	prefixSequenceEvents    = "MinaZkappSeqEvents**"
	prefixZkappBodyMainnet  = "MainnetZkappBody****"
	prefixZkappBodyTestnet  = "TestnetZkappBody****"
	prefixAccountUpdateCons = "MinaAcctUpdateCons**"
	prefixAccountUpdateNode = "MinaAcctUpdateNode**"
	prefixZkappMemo         = "MinaZkappMemo*******"
	prefixSignatureMainnet  = "MinaSignatureMainnet"
	prefixSignatureTestnet  = "CodaSignature*******"
	prefixZkappURI          = "MinaZkappUri********"
	prefixDeriveTokenID     = "MinaDeriveTokenId***"
	prefixEventsEmpty       = "MinaZkappEventsEmpty"
	prefixActionsEmpty      = "MinaZkappActionsEmpty"
	prefixActionStateEmpty  = "MinaZkappActionStateEmptyElt"
)

// customPrefix pads s with '*' to 20 characters or cuts it to 20.
func customPrefix(s string) string {
	const n = 20
	for len(s) < n {
		s += "*"
	}
	return s[:n]
}

// SignaturePrefix returns the Poseidon prefix of Schnorr challenges on n:
// "MinaSignatureMainnet", "CodaSignature*******", or for a custom network
// its name followed by "Signature", padded or cut to 20 characters.
func (n NetworkID) SignaturePrefix() string {
	switch n.kind() {
	case Mainnet:
		return prefixSignatureMainnet
	case Testnet:
		return prefixSignatureTestnet
	}
	return customPrefix(string(n) + "Signature")
}

// ZkappBodyPrefix returns the prefix of account-update body hashes on n:
// "MainnetZkappBody****", "TestnetZkappBody****", or the custom name
// followed by "ZkappBody", padded or cut to 20 characters.
func (n NetworkID) ZkappBodyPrefix() string {
	switch n.kind() {
	case Mainnet:
		return prefixZkappBodyMainnet
	case Testnet:
		return prefixZkappBodyTestnet
	}
	return customPrefix(string(n) + "ZkappBody")
}

// idInput returns the network id as the packed value mixed into nonce
// derivation: 0x01 (mainnet) or 0x00 (devnet/testnet) on 8 bits, and for a
// custom name the integer whose little-endian bytes are the name, on 8 bits
// per character (mina-signer networkIdOfString).
func (n NetworkID) idInput() (*big.Int, int) {
	switch n.kind() {
	case Mainnet:
		return big.NewInt(1), 8
	case Testnet:
		return big.NewInt(0), 8
	}
	v := new(big.Int)
	for i := len(n) - 1; i >= 0; i-- {
		v.Lsh(v, 8)
		v.Or(v, big.NewInt(int64(n[i])))
	}
	return v, 8 * len(n)
}

// legacyIDByte returns the byte mina-signer's legacy nonce derivation mixes
// in: bytesToBits([Number(id)]) keeps the low 8 bits of ToInt32 of the id
// converted to a double (rounded to nearest, ties to even).
func (n NetworkID) legacyIDByte() byte {
	v, _ := n.idInput()
	if v.BitLen() <= 53 {
		return byte(v.Uint64())
	}
	f := new(big.Float).SetPrec(53).SetMode(big.ToNearestEven).SetInt(v)
	r, _ := f.Int(nil)
	return byte(r.Uint64()) // low 64 bits, of which the low 8 survive
}
