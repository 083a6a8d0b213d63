// Package ipa verifies batches of proof-systems' inner-product-argument
// opening proofs (poly-commitment/src/ipa.rs SRS::verify) over the Pasta
// curves, generically over the commitment curve.
package ipa

import (
	"fmt"
	"math/big"

	"github.com/zkml-mina/zkml/kimchi/poseidon"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// Field is the method set this package needs on a pointer to a gnark-crypto
// style field element E; *fp.Element and *fq.Element satisfy it.
type Field[E any] interface {
	poseidon.FieldPointer[E]
	Sub(x, y *E) *E
	Inverse(x *E) *E
	Exp(x E, k *big.Int) *E
	SetBigInt(v *big.Int) *E
	SetInt64(v int64) *E
	SetRandom() (*E, error)
	BigInt(res *big.Int) *big.Int
	Legendre() int
}

// ScalarFromWire decodes a little-endian canonical scalar, rejecting values
// not below the modulus.
func ScalarFromWire[E any, P Field[E]](s *wire.Scalar) (E, error) {
	var be [32]byte
	for i := range be {
		be[i] = s[31-i]
	}
	var e E
	if err := P(&e).SetBytesCanonical(be[:]); err != nil {
		return e, fmt.Errorf("non-canonical scalar: %w", err)
	}
	return e, nil
}

// ScalarToWire encodes a field element as arkworks does: canonical, little-endian.
func ScalarToWire[E any, P Field[E]](e *E) wire.Scalar {
	var s wire.Scalar
	l := P(e).Bits()
	for i, limb := range l {
		for j := range 8 {
			s[8*i+j] = byte(limb >> (8 * j))
		}
	}
	return s
}

// Pow returns x^n.
func Pow[E any, P Field[E]](x E, n uint64) E {
	var r E
	P(&r).Exp(x, new(big.Int).SetUint64(n))
	return r
}

// BatchInvert inverts every element in place; zeros stay zero.
func BatchInvert[E any, P Field[E]](xs []E) {
	acc := make([]E, len(xs))
	var run E
	P(&run).SetOne()
	for i := range xs {
		acc[i] = run
		if !P(&xs[i]).IsZero() {
			P(&run).Mul(&run, &xs[i])
		}
	}
	P(&run).Inverse(&run)
	for i := len(xs) - 1; i >= 0; i-- {
		if P(&xs[i]).IsZero() {
			continue
		}
		var t E
		P(&t).Mul(&run, &acc[i])
		P(&run).Mul(&run, &xs[i])
		xs[i] = t
	}
}
