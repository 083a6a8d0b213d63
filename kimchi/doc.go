// Package kimchi is the root of zkml's native implementation of Kimchi, Mina's
// PLONK proof system over the Pasta curves: fields, curves, Poseidon, the SRS,
// proof-systems' wire format, and (in later work) the circuit builder, prover
// and verifier. Everything here must agree byte for byte with
// o1-labs/proof-systems and with o1js.
package kimchi
