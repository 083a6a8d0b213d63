package mina

import (
	"fmt"
	"math"
)

// Payment is a signed-command payment (mina-signer Client.signPayment).
// A nil ValidUntil means 4294967295, mina-signer's default.
type Payment struct {
	From, To   PublicKey
	Fee        UInt64
	Amount     UInt64
	Nonce      UInt32
	ValidUntil *UInt32
	Memo       string
}

// Delegation is a stake delegation (mina-signer Client.signStakeDelegation).
type Delegation struct {
	From, To   PublicKey
	Fee        UInt64
	Nonce      UInt32
	ValidUntil *UInt32
	Memo       string
}

// legacyTokenID is token id 1 on 64 little-endian bits.
var legacyTokenID = uintBits(1, 64)

// userCommand builds Transaction_union_payload's legacy hash input.
func userCommand(tag uint, fee UInt64, feePayer PublicKey, nonce UInt32, validUntil *UInt32, memo string, receiver PublicKey, amount UInt64) (legacy, error) {
	m, err := MemoFromString(memo)
	if err != nil {
		return legacy{}, err
	}
	until := uint64(math.MaxUint32)
	if validUntil != nil {
		until = uint64(*validUntil)
	}
	var in legacyInput
	pk := func(p PublicKey) {
		in.fields = append(in.fields, p.X)
		in.bits = append(in.bits, p.IsOdd)
	}
	bits := func(b []bool) { in.bits = append(in.bits, b...) }
	// common
	bits(uintBits(uint64(fee), 64))
	bits(legacyTokenID)
	pk(feePayer)
	bits(uintBits(uint64(nonce), 32))
	bits(uintBits(until, 32))
	bits(bytesToBits(m[:]))
	// body
	bits([]bool{tag&4 != 0, tag&2 != 0, tag&1 != 0})
	pk(feePayer) // source
	pk(receiver)
	bits(legacyTokenID)
	bits(uintBits(uint64(amount), 64))
	bits([]bool{false}) // token_locked
	return legacy{in}, nil
}

func (p Payment) message() (legacy, error) {
	return userCommand(0, p.Fee, p.From, p.Nonce, p.ValidUntil, p.Memo, p.To, p.Amount)
}

func (d Delegation) message() (legacy, error) {
	return userCommand(1, d.Fee, d.From, d.Nonce, d.ValidUntil, d.Memo, d.To, 0)
}

// SignPayment signs a payment with a legacy signature.
func SignPayment(key PrivateKey, p Payment, n NetworkID) (Signature, error) {
	if !key.PublicKey().Equal(p.From) {
		return Signature{}, fmt.Errorf("sign payment: key does not belong to sender %s", p.From)
	}
	m, err := p.message()
	if err != nil {
		return Signature{}, fmt.Errorf("sign payment: %w", err)
	}
	sig, err := sign(m, key, n)
	if err != nil {
		return Signature{}, fmt.Errorf("sign payment: %w", err)
	}
	return sig, nil
}

// VerifyPayment verifies a payment signature against the sender's key.
func VerifyPayment(sig Signature, p Payment, n NetworkID) bool {
	m, err := p.message()
	return err == nil && verify(m, sig, p.From, n)
}

// SignDelegation signs a stake delegation with a legacy signature.
func SignDelegation(key PrivateKey, d Delegation, n NetworkID) (Signature, error) {
	if !key.PublicKey().Equal(d.From) {
		return Signature{}, fmt.Errorf("sign delegation: key does not belong to delegator %s", d.From)
	}
	m, err := d.message()
	if err != nil {
		return Signature{}, fmt.Errorf("sign delegation: %w", err)
	}
	sig, err := sign(m, key, n)
	if err != nil {
		return Signature{}, fmt.Errorf("sign delegation: %w", err)
	}
	return sig, nil
}

// VerifyDelegation verifies a delegation signature against the delegator's
// key.
func VerifyDelegation(sig Signature, d Delegation, n NetworkID) bool {
	m, err := d.message()
	return err == nil && verify(m, sig, d.From, n)
}
