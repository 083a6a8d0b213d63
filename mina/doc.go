// Package mina holds Mina's transaction-side formats: keys, base58check,
// zkApp command hashing and Schnorr signatures.
package mina
