// Package verifierkey reads, writes and checks verification keys: the Kimchi
// verifier index in o1js's string form and the Pickles side-loaded key
// {data, hash} that Mina stores on-chain.
package verifierkey
