package mina

import (
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/poseidon"
)

// Empty-list hashes: the first cell of the Poseidon state salted with the
// prefix (o1js emptyHashWithPrefix). Computed once, read-only afterwards.
var emptyHashes = sync.OnceValue(func() map[string]fp.Element {
	out := map[string]fp.Element{}
	for _, p := range []string{prefixEventsEmpty, prefixActionsEmpty, prefixActionStateEmpty} {
		s, err := poseidon.KimchiFp().Salt(p)
		if err != nil {
			panic(err) // constant prefixes
		}
		out[p] = s[0]
	}
	h, err := poseidon.HashWithPrefix(prefixZkappURI, make([]fp.Element, 2))
	if err != nil {
		panic(err)
	}
	out[prefixZkappURI] = h
	return out
})

// EmptyActionState is the action state of an account without actions.
func EmptyActionState() Field { return Field(emptyHashes()[prefixActionStateEmpty]) }

func hashPrefixed(prefix string, in []fp.Element) fp.Element {
	h, err := poseidon.HashWithPrefix(prefix, in)
	if err != nil {
		panic(err) // only constant prefixes reach here
	}
	return h
}

// EventsHash returns the hash of a list of events: starting from the empty
// hash, for the last event first, h = H(events, [h, H(event, fields)]).
func EventsHash(events FieldRows) Field {
	return Field(listHash(events, prefixEventsEmpty, prefixEvents))
}

// ActionsHash is EventsHash with the actions prefixes.
func ActionsHash(actions FieldRows) Field {
	return Field(listHash(actions, prefixActionsEmpty, prefixSequenceEvents))
}

func listHash(rows FieldRows, empty, cons string) fp.Element {
	h := emptyHashes()[empty]
	for i := len(rows) - 1; i >= 0; i-- {
		row := make([]fp.Element, len(rows[i]))
		for j, f := range rows[i] {
			row[j] = fp.Element(f)
		}
		e := hashPrefixed(prefixEvent, row)
		h = hashPrefixed(cons, []fp.Element{h, e})
	}
	return h
}

// ZkappURIHash returns the hash of a zkApp URI: its UTF-8 bits and a final 1
// bit, packed, hashed with "MinaZkappUri********".
func ZkappURIHash(uri string) Field {
	var in hashInput
	for _, b := range bytesToBits([]byte(uri)) {
		in.bool(b)
	}
	in.bool(true)
	return Field(hashPrefixed(prefixZkappURI, in.toFields()))
}

// tokenSymbolField packs a token symbol of at most 6 bytes little-endian.
func tokenSymbolField(s string) (fp.Element, error) {
	var e fp.Element
	if len(s) > 6 {
		return e, fmt.Errorf("token symbol %q: %d bytes, at most 6 allowed", truncate(s), len(s))
	}
	var v uint64
	for i := len(s) - 1; i >= 0; i-- {
		v = v<<8 | uint64(s[i])
	}
	e.SetUint64(v)
	return e, nil
}

// optionField appends a flagged optional field: the isSome bit, then the
// field (zero when absent unless a different empty value is given).
func (h *hashInput) optionField(f *Field, empty fp.Element) {
	h.bool(f != nil)
	if f != nil {
		h.field(fp.Element(*f))
	} else {
		h.field(empty)
	}
}

func (h *hashInput) optionPublicKey(pk *PublicKey) {
	h.bool(pk != nil)
	if pk != nil {
		h.publicKey(*pk)
	} else {
		h.publicKey(PublicKey{})
	}
}

func (h *hashInput) range32(r *RangeUInt32) {
	h.bool(r != nil)
	lo, hi := uint64(0), uint64(math.MaxUint32)
	if r != nil {
		lo, hi = uint64(r.Lower), uint64(r.Upper)
	}
	h.uint(lo, 32)
	h.uint(hi, 32)
}

func (h *hashInput) range64(r *RangeUInt64) {
	h.bool(r != nil)
	lo, hi := uint64(0), uint64(math.MaxUint64)
	if r != nil {
		lo, hi = uint64(r.Lower), uint64(r.Upper)
	}
	h.uint(lo, 64)
	h.uint(hi, 64)
}

func (h *hashInput) optionBool(b *bool) {
	h.bool(b != nil)
	h.bool(b != nil && *b)
}

func (h *hashInput) auth(a AuthRequired) error {
	bits, err := a.bits()
	if err != nil {
		return err
	}
	for _, b := range bits {
		h.bool(b)
	}
	return nil
}

func (h *hashInput) appState(state []*Field, era Era, what string) error {
	if len(state) != era.AppStateLength() {
		return fmt.Errorf("%s: %d fields, the %s era has %d", what, len(state), era, era.AppStateLength())
	}
	for _, f := range state {
		h.optionField(f, fp.Element{})
	}
	return nil
}

func (h *hashInput) permissions(p *Permissions, era Era) error {
	h.bool(p != nil)
	q := Permissions{
		EditState: AuthNone, Access: AuthNone, Send: AuthNone, Receive: AuthNone,
		SetDelegate: AuthNone, SetPermissions: AuthNone,
		SetVerificationKey: VerificationKeyPermission{Auth: AuthNone, TxnVersion: UInt32(era.TxnVersion())},
		SetZkappURI:        AuthNone, EditActionState: AuthNone, SetTokenSymbol: AuthNone,
		IncrementNonce: AuthNone, SetVotingFor: AuthNone, SetTiming: AuthNone,
	}
	if p != nil {
		q = *p
	}
	for _, a := range []AuthRequired{q.EditState, q.Access, q.Send, q.Receive, q.SetDelegate, q.SetPermissions, q.SetVerificationKey.Auth} {
		if err := h.auth(a); err != nil {
			return fmt.Errorf("permissions: %w", err)
		}
	}
	h.uint(uint64(q.SetVerificationKey.TxnVersion), 32)
	for _, a := range []AuthRequired{q.SetZkappURI, q.EditActionState, q.SetTokenSymbol, q.IncrementNonce, q.SetVotingFor, q.SetTiming} {
		if err := h.auth(a); err != nil {
			return fmt.Errorf("permissions: %w", err)
		}
	}
	return nil
}

func (h *hashInput) epochData(d *EpochDataPrecondition) {
	h.optionField(d.Ledger.Hash, fp.Element{})
	h.range64(d.Ledger.TotalCurrency)
	h.optionField(d.Seed, fp.Element{})
	h.optionField(d.StartCheckpoint, fp.Element{})
	h.optionField(d.LockCheckpoint, fp.Element{})
	h.range32(d.EpochLength)
}

// errAuthorizationKind reports an invalid authorizationKind.
var errAuthorizationKind = errors.New("invalid authorization kind")

// hashInput lays the body out as o1js's AccountUpdate.toInput does: the
// layout's leaves in order, whole fields in one list and bits/integers in
// another (callDepth and the verification key data are not hashed).
func (b *AccountUpdateBody) hashInput(era Era) (hashInput, error) {
	var h hashInput
	if err := era.Validate(); err != nil {
		return h, err
	}
	ak := b.AuthorizationKind
	if ak.IsSigned && ak.IsProved {
		return h, fmt.Errorf("%w: isSigned and isProved are both set", errAuthorizationKind)
	}
	if !ak.IsProved && fp.Element(ak.VerificationKeyHash) != fp.Element(DummyVerificationKeyHash()) {
		return h, fmt.Errorf("%w: without a proof the verification key hash must be %s", errAuthorizationKind, DummyVerificationKeyHash())
	}
	h.publicKey(b.PublicKey)
	h.field(fp.Element(b.TokenID))

	u := &b.Update
	if err := h.appState(u.AppState, era, "update.appState"); err != nil {
		return h, err
	}
	h.optionPublicKey(u.Delegate)
	h.bool(u.VerificationKey != nil)
	if u.VerificationKey != nil {
		h.field(fp.Element(u.VerificationKey.Hash))
	} else {
		h.field(fp.Element{})
	}
	if err := h.permissions(u.Permissions, era); err != nil {
		return h, fmt.Errorf("update.%w", err)
	}
	h.bool(u.ZkappURI != nil)
	if u.ZkappURI != nil {
		h.field(fp.Element(ZkappURIHash(*u.ZkappURI)))
	} else {
		h.field(emptyHashes()[prefixZkappURI])
	}
	h.bool(u.TokenSymbol != nil)
	var sym fp.Element
	if u.TokenSymbol != nil {
		var err error
		if sym, err = tokenSymbolField(*u.TokenSymbol); err != nil {
			return h, fmt.Errorf("update.%w", err)
		}
	}
	h.pack(sym, 48)
	h.bool(u.Timing != nil)
	var t Timing
	if u.Timing != nil {
		t = *u.Timing
	}
	h.uint(uint64(t.InitialMinimumBalance), 64)
	h.uint(uint64(t.CliffTime), 32)
	h.uint(uint64(t.CliffAmount), 64)
	h.uint(uint64(t.VestingPeriod), 32)
	h.uint(uint64(t.VestingIncrement), 64)
	h.optionField((*Field)(u.VotingFor), fp.Element{})

	h.uint(uint64(b.BalanceChange.Magnitude), 64)
	h.bool(b.BalanceChange.Sgn != Negative)
	h.bool(b.IncrementNonce)
	h.field(fp.Element(EventsHash(b.Events)))
	h.field(fp.Element(ActionsHash(b.Actions)))
	h.field(fp.Element(b.CallData))

	n := &b.Preconditions.Network
	h.optionField(n.SnarkedLedgerHash, fp.Element{})
	h.range32(n.BlockchainLength)
	h.range32(n.MinWindowDensity)
	h.range64(n.TotalCurrency)
	h.range32(n.GlobalSlotSinceGenesis)
	h.epochData(&n.StakingEpochData)
	h.epochData(&n.NextEpochData)

	a := &b.Preconditions.Account
	h.range64(a.Balance)
	h.range32(a.Nonce)
	h.optionField(a.ReceiptChainHash, fp.Element{})
	h.optionPublicKey(a.Delegate)
	if err := h.appState(a.State, era, "preconditions.account.state"); err != nil {
		return h, err
	}
	h.optionField(a.ActionState, emptyHashes()[prefixActionStateEmpty])
	h.optionBool(a.ProvedState)
	h.optionBool(a.IsNew)
	h.range32(b.Preconditions.ValidWhile)

	h.bool(b.UseFullCommitment)
	h.bool(b.ImplicitAccountCreationFee)
	h.bool(b.MayUseToken.ParentsOwnToken)
	h.bool(b.MayUseToken.InheritFromParent)
	h.bool(ak.IsSigned)
	h.bool(ak.IsProved)
	h.field(fp.Element(ak.VerificationKeyHash))
	return h, nil
}

// Hash returns the account-update body hash on network n: Poseidon with the
// network's ZkappBody prefix over the packed hash input.
func (b *AccountUpdateBody) Hash(era Era, n NetworkID) (Field, error) {
	if err := n.Validate(); err != nil {
		return Field{}, err
	}
	in, err := b.hashInput(era)
	if err != nil {
		return Field{}, fmt.Errorf("account update %s: %w", b.PublicKey, err)
	}
	h, err := poseidon.HashWithPrefix(n.ZkappBodyPrefix(), in.toFields())
	if err != nil {
		return Field{}, fmt.Errorf("account update hash: %w", err)
	}
	return Field(h), nil
}

// Body returns the fee payer as the account update it stands for: fee as a
// negative balance change, nonce incremented and pinned, global slot at most
// validUntil, full commitment, signed.
func (f *FeePayerBody) Body(era Era) AccountUpdateBody {
	b := NewAccountUpdateBody(era, f.PublicKey)
	b.BalanceChange = BalanceChange{Magnitude: f.Fee, Sgn: Negative}
	b.IncrementNonce = true
	until := UInt32(math.MaxUint32)
	if f.ValidUntil != nil {
		until = *f.ValidUntil
	}
	b.Preconditions.Network.GlobalSlotSinceGenesis = &RangeUInt32{Lower: 0, Upper: until}
	b.Preconditions.Account.Nonce = &RangeUInt32{Lower: f.Nonce, Upper: f.Nonce}
	b.UseFullCommitment = true
	b.ImplicitAccountCreationFee = true
	b.AuthorizationKind = AuthorizationKind{IsSigned: true, VerificationKeyHash: DummyVerificationKeyHash()}
	return b
}

// ErrCallDepth reports account updates whose call depths do not form a
// forest (the first must be 0; each may exceed its predecessor by at most 1).
var ErrCallDepth = errors.New("zkapp command: invalid call depth")

// Commitments returns the transaction commitment (the hash of the account
// update forest) and the full commitment H(Cons, [memo hash, fee payer hash,
// commitment]) that the fee payer and full-commitment updates sign.
func (c *ZkappCommand) Commitments(era Era, n NetworkID) (commitment, full Field, err error) {
	prev := 0
	for i, u := range c.AccountUpdates {
		d := u.Body.CallDepth
		if (i == 0 && d != 0) || d < 0 || d-prev > 1 {
			return Field{}, Field{}, fmt.Errorf("%w: update %d has depth %d after %d", ErrCallDepth, i, d, prev)
		}
		prev = d
	}
	hashes := make([]fp.Element, len(c.AccountUpdates))
	for i := range c.AccountUpdates {
		h, err := c.AccountUpdates[i].Body.Hash(era, n)
		if err != nil {
			return Field{}, Field{}, fmt.Errorf("zkapp command: update %d: %w", i, err)
		}
		hashes[i] = fp.Element(h)
	}
	depths := make([]int, len(c.AccountUpdates))
	for i, u := range c.AccountUpdates {
		depths[i] = u.Body.CallDepth
	}
	cm, _ := forestHash(hashes, depths, 0, 0)
	fb := c.FeePayer.Body.Body(era)
	fph, err := fb.Hash(era, n)
	if err != nil {
		return Field{}, Field{}, fmt.Errorf("zkapp command: fee payer: %w", err)
	}
	memo := c.Memo.Hash()
	fc := hashPrefixed(prefixAccountUpdateCons, []fp.Element{memo, fp.Element(fph), cm})
	return Field(cm), Field(fc), nil
}

// forestHash hashes the trees starting at index i whose roots have depth d,
// returning the hash and the index after the forest. A tree's node hash is
// H(Node, [update hash, children's forest hash]); a forest folds its trees
// from the last, h = H(Cons, [node, h]), starting at 0.
func forestHash(hashes []fp.Element, depths []int, i, d int) (fp.Element, int) {
	var nodes []fp.Element
	for i < len(hashes) && depths[i] >= d {
		self := hashes[i]
		var children fp.Element
		children, i = forestHash(hashes, depths, i+1, d+1)
		nodes = append(nodes, hashPrefixed(prefixAccountUpdateNode, []fp.Element{self, children}))
	}
	var h fp.Element
	for j := len(nodes) - 1; j >= 0; j-- {
		h = hashPrefixed(prefixAccountUpdateCons, []fp.Element{nodes[j], h})
	}
	return h, i
}
