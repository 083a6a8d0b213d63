package mina

import (
	"errors"
	"fmt"
)

// Sign fills in the signatures that keys can make, as mina-signer 4's
// signZkappCommand does for each key: the fee payer's (over the full
// commitment) when a key matches the fee payer, and the signature of every
// account update with authorizationKind.isSigned whose public key matches
// (over the full commitment if useFullCommitment, else the commitment).
// Updates not owned by any key are left untouched.
func (c *ZkappCommand) Sign(era Era, n NetworkID, keys ...PrivateKey) error {
	cm, full, err := c.Commitments(era, n)
	if err != nil {
		return fmt.Errorf("sign zkapp command: %w", err)
	}
	for _, k := range keys {
		pk := k.PublicKey()
		if c.FeePayer.Body.PublicKey.Equal(pk) {
			sig, err := SignFields(k, []Field{full}, n)
			if err != nil {
				return fmt.Errorf("sign zkapp command: fee payer: %w", err)
			}
			c.FeePayer.Authorization = sig.Base58()
		}
		for i := range c.AccountUpdates {
			u := &c.AccountUpdates[i]
			if !u.Body.AuthorizationKind.IsSigned || !u.Body.PublicKey.Equal(pk) {
				continue
			}
			msg := cm
			if u.Body.UseFullCommitment {
				msg = full
			}
			sig, err := SignFields(k, []Field{msg}, n)
			if err != nil {
				return fmt.Errorf("sign zkapp command: update %d: %w", i, err)
			}
			s := sig.Base58()
			u.Authorization.Signature = &s
		}
	}
	return nil
}

// Verify checks the fee payer's signature and the signature of every
// account update with authorizationKind.isSigned; proofs are not checked.
func (c *ZkappCommand) Verify(era Era, n NetworkID) error {
	cm, full, err := c.Commitments(era, n)
	if err != nil {
		return fmt.Errorf("verify zkapp command: %w", err)
	}
	check := func(what, s string, msg Field, pk PublicKey) error {
		sig, err := ParseSignature(s)
		if err != nil {
			return fmt.Errorf("verify zkapp command: %s: %w", what, err)
		}
		if !VerifyFields(sig, []Field{msg}, pk, n) {
			return fmt.Errorf("verify zkapp command: %s: %w", what, ErrBadSignature)
		}
		return nil
	}
	if err := check("fee payer", c.FeePayer.Authorization, full, c.FeePayer.Body.PublicKey); err != nil {
		return err
	}
	for i, u := range c.AccountUpdates {
		if !u.Body.AuthorizationKind.IsSigned {
			continue
		}
		what := fmt.Sprintf("update %d", i)
		if u.Authorization.Signature == nil {
			return fmt.Errorf("verify zkapp command: %s: missing signature", what)
		}
		msg := cm
		if u.Body.UseFullCommitment {
			msg = full
		}
		if err := check(what, *u.Authorization.Signature, msg, u.Body.PublicKey); err != nil {
			return err
		}
	}
	return nil
}

// ErrBadSignature reports a signature that does not verify.
var ErrBadSignature = errors.New("signature does not verify")
