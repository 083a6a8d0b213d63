// Package mina holds Mina's transaction-side formats: keys, base58check,
// zkApp command hashing and Schnorr signatures. Everything is checked
// byte-for-byte against mina-signer 3.0.7 (Berkeley) and 4.0.0 (Mesa).
//
// # Keys and base58check
//
// Base58check is base58(version byte ‖ payload ‖ first 4 bytes of
// SHA-256(SHA-256(version ‖ payload))). Version bytes: public key 0xCB
// ("B62…"), private key 0x5A ("EK…"), signature 0x9A, memo 0x14, token id
// 0x1C, state hash 0x10. Keys, signatures and state hashes carry a binable
// version number 1 after the version byte; memos and token ids do not. Field
// elements and scalars are 32 little-endian bytes and must be canonical.
// A public key is (x, isOdd) encoded as 1, 1, x, isOdd-byte; a private key is
// a scalar sk in Fq (the Pallas scalar field) with public key G·sk.
// PrivateKey never prints its value (String, GoString and Format redact).
//
// # Signatures
//
// Schnorr over Pallas as mina-signer signs: the nonce k' is Blake2b-256 of
// the bit-packed input (message, pk.x, pk.y, sk, network id) with the top two
// bits dropped; k = ±k' so that R = k·G has even y; e = Poseidon(prefix,
// [message…, pk.x, pk.y, R.x]); s = k + e·sk; the signature is (R.x, s).
// Two input styles exist:
//
//   - Kimchi ("chunked"): fields first, then packed small values; Kimchi
//     Poseidon. Used for SignFields and zkApp commands. The nonce input is
//     fields [msg…, x, y, sk mod p] with the network id packed last, each
//     resulting field written as 255 bits.
//   - Legacy: fields then bits, bits packed 254 per field; legacy Poseidon.
//     Used for payments, delegations and string messages. The nonce input is
//     msg.fields, x, y as 255 bits each, then msg.bits, sk's 255 bits and the
//     network id byte.
//
// Prefixes and ids by NetworkID: mainnet "MinaSignatureMainnet", id 0x01;
// devnet and testnet "CodaSignature*******", id 0x00; a custom name N uses
// N+"Signature" ('*'-padded or cut to 20) and the name's bytes as a
// little-endian integer of 8·len(N) bits (legacy keeps its low byte).
//
// # zkApp commands
//
// ZkappCommand and its parts JSON-encode like o1js's ZkappCommand.toJSON().
// An account-update body is laid out as o1js's layout toInput: leaves in
// layout order, whole field elements in one list and bits/integers in
// another, the latter packed big-endian-first into ≤254-bit elements and
// appended; options contribute an isSome bit and their value (or the empty
// value); callDepth and verification-key data are not hashed. The body hash
// uses "MainnetZkappBody****" / "TestnetZkappBody****" (or N+"ZkappBody"),
// the forest H(Node, [body, children]) folded from the last tree with
// H(Cons, [node, rest]); the commitment is the forest hash and the full
// commitment H(Cons, [memo hash, fee payer hash, commitment]). The fee payer
// signs the full commitment; a signed update signs the full commitment when
// useFullCommitment is set, else the commitment.
//
// # Eras
//
// The layouts of EraBerkeley and EraMesa differ in two places only: the
// number of app-state fields (8 or 32, in update.appState and
// preconditions.account.state) and the transaction version that empty
// (kept) permissions contribute to every body hash (3 or 4). Everything else
// — prefixes, packing, memo, events and actions hashing, the fee-payer
// update, signatures — is identical.
package mina
