package mina

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

// The Go types below JSON-encode exactly like o1js's ZkappCommand.toJSON()
// (the form GraphQL's sendZkapp takes): numbers as decimal strings, public
// keys as B62…, token ids and memos as base58check, absent options as null.

// ZkappCommand is a zkApp transaction: the fee payer, the account updates in
// pre-order with call depths, and the memo.
type ZkappCommand struct {
	FeePayer       FeePayer        `json:"feePayer"`
	AccountUpdates []AccountUpdate `json:"accountUpdates"`
	Memo           Memo            `json:"memo"`
}

// FeePayer is the fee payer part of a zkApp command. Authorization is its
// base58 signature ("" before signing).
type FeePayer struct {
	Body          FeePayerBody `json:"body"`
	Authorization string       `json:"authorization"`
}

// FeePayerBody is the fee payer's key, fee, optional slot bound and nonce.
type FeePayerBody struct {
	PublicKey  PublicKey `json:"publicKey"`
	Fee        UInt64    `json:"fee"`
	ValidUntil *UInt32   `json:"validUntil"`
	Nonce      UInt32    `json:"nonce"`
}

// AccountUpdate is one account update with its authorization.
type AccountUpdate struct {
	Body          AccountUpdateBody `json:"body"`
	Authorization Control           `json:"authorization"`
}

// Control is an account update's authorization: a base64 proof, a base58
// signature, or neither.
type Control struct {
	Proof     *string `json:"proof"`
	Signature *string `json:"signature"`
}

// AccountUpdateBody is the hashed part of an account update.
type AccountUpdateBody struct {
	PublicKey                  PublicKey         `json:"publicKey"`
	TokenID                    TokenID           `json:"tokenId"`
	Update                     Update            `json:"update"`
	BalanceChange              BalanceChange     `json:"balanceChange"`
	IncrementNonce             bool              `json:"incrementNonce"`
	Events                     FieldRows         `json:"events"`
	Actions                    FieldRows         `json:"actions"`
	CallData                   Field             `json:"callData"`
	CallDepth                  int               `json:"callDepth"`
	Preconditions              Preconditions     `json:"preconditions"`
	UseFullCommitment          bool              `json:"useFullCommitment"`
	ImplicitAccountCreationFee bool              `json:"implicitAccountCreationFee"`
	MayUseToken                MayUseToken       `json:"mayUseToken"`
	AuthorizationKind          AuthorizationKind `json:"authorizationKind"`
}

// Update lists the account fields to set; nil means keep.
type Update struct {
	AppState        []*Field                 `json:"appState"`
	Delegate        *PublicKey               `json:"delegate"`
	VerificationKey *VerificationKeyWithHash `json:"verificationKey"`
	Permissions     *Permissions             `json:"permissions"`
	ZkappURI        *string                  `json:"zkappUri"`
	TokenSymbol     *string                  `json:"tokenSymbol"`
	Timing          *Timing                  `json:"timing"`
	VotingFor       *StateHash               `json:"votingFor"`
}

// VerificationKeyWithHash is a base64 verification key and its hash; only
// the hash enters the account-update hash.
type VerificationKeyWithHash struct {
	Data string `json:"data"`
	Hash Field  `json:"hash"`
}

// Permissions are an account's authorization requirements.
type Permissions struct {
	EditState          AuthRequired              `json:"editState"`
	Access             AuthRequired              `json:"access"`
	Send               AuthRequired              `json:"send"`
	Receive            AuthRequired              `json:"receive"`
	SetDelegate        AuthRequired              `json:"setDelegate"`
	SetPermissions     AuthRequired              `json:"setPermissions"`
	SetVerificationKey VerificationKeyPermission `json:"setVerificationKey"`
	SetZkappURI        AuthRequired              `json:"setZkappUri"`
	EditActionState    AuthRequired              `json:"editActionState"`
	SetTokenSymbol     AuthRequired              `json:"setTokenSymbol"`
	IncrementNonce     AuthRequired              `json:"incrementNonce"`
	SetVotingFor       AuthRequired              `json:"setVotingFor"`
	SetTiming          AuthRequired              `json:"setTiming"`
}

// VerificationKeyPermission is the setVerificationKey permission with the
// transaction version it was set under.
type VerificationKeyPermission struct {
	Auth       AuthRequired `json:"auth"`
	TxnVersion UInt32       `json:"txnVersion"`
}

// Timing is a vesting schedule.
type Timing struct {
	InitialMinimumBalance UInt64 `json:"initialMinimumBalance"`
	CliffTime             UInt32 `json:"cliffTime"`
	CliffAmount           UInt64 `json:"cliffAmount"`
	VestingPeriod         UInt32 `json:"vestingPeriod"`
	VestingIncrement      UInt64 `json:"vestingIncrement"`
}

// BalanceChange is a signed amount.
type BalanceChange struct {
	Magnitude UInt64 `json:"magnitude"`
	Sgn       Sign   `json:"sgn"`
}

// MayUseToken says whether the update may use its parent's token.
type MayUseToken struct {
	ParentsOwnToken   bool `json:"parentsOwnToken"`
	InheritFromParent bool `json:"inheritFromParent"`
}

// AuthorizationKind declares how the update is authorized. Without a proof,
// VerificationKeyHash must be DummyVerificationKeyHash().
type AuthorizationKind struct {
	IsSigned            bool  `json:"isSigned"`
	IsProved            bool  `json:"isProved"`
	VerificationKeyHash Field `json:"verificationKeyHash"`
}

// Preconditions are the network, account and slot conditions of an update.
type Preconditions struct {
	Network    NetworkPrecondition `json:"network"`
	Account    AccountPrecondition `json:"account"`
	ValidWhile *RangeUInt32        `json:"validWhile"`
}

// NetworkPrecondition constrains the protocol state; nil means ignore.
type NetworkPrecondition struct {
	SnarkedLedgerHash      *Field                `json:"snarkedLedgerHash"`
	BlockchainLength       *RangeUInt32          `json:"blockchainLength"`
	MinWindowDensity       *RangeUInt32          `json:"minWindowDensity"`
	TotalCurrency          *RangeUInt64          `json:"totalCurrency"`
	GlobalSlotSinceGenesis *RangeUInt32          `json:"globalSlotSinceGenesis"`
	StakingEpochData       EpochDataPrecondition `json:"stakingEpochData"`
	NextEpochData          EpochDataPrecondition `json:"nextEpochData"`
}

// EpochDataPrecondition constrains an epoch's data.
type EpochDataPrecondition struct {
	Ledger          EpochLedgerPrecondition `json:"ledger"`
	Seed            *Field                  `json:"seed"`
	StartCheckpoint *Field                  `json:"startCheckpoint"`
	LockCheckpoint  *Field                  `json:"lockCheckpoint"`
	EpochLength     *RangeUInt32            `json:"epochLength"`
}

// EpochLedgerPrecondition constrains an epoch ledger.
type EpochLedgerPrecondition struct {
	Hash          *Field       `json:"hash"`
	TotalCurrency *RangeUInt64 `json:"totalCurrency"`
}

// AccountPrecondition constrains the account; nil means ignore.
type AccountPrecondition struct {
	Balance          *RangeUInt64 `json:"balance"`
	Nonce            *RangeUInt32 `json:"nonce"`
	ReceiptChainHash *Field       `json:"receiptChainHash"`
	Delegate         *PublicKey   `json:"delegate"`
	State            []*Field     `json:"state"`
	ActionState      *Field       `json:"actionState"`
	ProvedState      *bool        `json:"provedState"`
	IsNew            *bool        `json:"isNew"`
}

// RangeUInt32 is a closed interval of 32-bit numbers.
type RangeUInt32 struct {
	Lower UInt32 `json:"lower"`
	Upper UInt32 `json:"upper"`
}

// RangeUInt64 is a closed interval of 64-bit amounts.
type RangeUInt64 struct {
	Lower UInt64 `json:"lower"`
	Upper UInt64 `json:"upper"`
}

// FieldRows is a list of events or actions, each a list of fields. It
// JSON-encodes as [] when empty, never null.
type FieldRows [][]Field

// MarshalJSON encodes the rows, with empty rows as [].
func (r FieldRows) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('[')
	for i, row := range r {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('[')
		for j, f := range row {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('"')
			b.WriteString(f.String())
			b.WriteByte('"')
		}
		b.WriteByte(']')
	}
	b.WriteByte(']')
	return b.Bytes(), nil
}

// MarshalJSON encodes the command; a nil update list is written as [].
func (c ZkappCommand) MarshalJSON() ([]byte, error) {
	type plain ZkappCommand
	p := plain(c)
	if p.AccountUpdates == nil {
		p.AccountUpdates = []AccountUpdate{}
	}
	return json.Marshal(p)
}

// ParseZkappCommand decodes the JSON of a zkApp command, rejecting unknown
// fields and malformed values.
func ParseZkappCommand(data []byte) (*ZkappCommand, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c ZkappCommand
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("zkapp command: %w", err)
	}
	return &c, nil
}

// Sign is the sign of a balance change.
type Sign int8

// The two signs.
const (
	Positive Sign = 1
	Negative Sign = -1
)

// MarshalText encodes "Positive" or "Negative"; the zero Sign is Positive.
func (s Sign) MarshalText() ([]byte, error) {
	if s == Negative {
		return []byte("Negative"), nil
	}
	return []byte("Positive"), nil
}

// UnmarshalText decodes "Positive" or "Negative".
func (s *Sign) UnmarshalText(b []byte) error {
	switch string(b) {
	case "Positive":
		*s = Positive
	case "Negative":
		*s = Negative
	default:
		return fmt.Errorf("sign: %q is neither Positive nor Negative", truncate(string(b)))
	}
	return nil
}

// AuthRequired is a permission's requirement.
type AuthRequired string

// The five requirements.
const (
	AuthNone       AuthRequired = "None"
	AuthEither     AuthRequired = "Either"
	AuthProof      AuthRequired = "Proof"
	AuthSignature  AuthRequired = "Signature"
	AuthImpossible AuthRequired = "Impossible"
)

// bits returns (constant, signatureNecessary, signatureSufficient).
func (a AuthRequired) bits() ([3]bool, error) {
	switch a {
	case AuthImpossible:
		return [3]bool{true, true, false}, nil
	case AuthNone:
		return [3]bool{true, false, true}, nil
	case AuthProof:
		return [3]bool{false, false, false}, nil
	case AuthSignature:
		return [3]bool{false, true, true}, nil
	case AuthEither:
		return [3]bool{false, false, true}, nil
	}
	return [3]bool{}, fmt.Errorf("unknown permission %q", truncate(string(a)))
}

// UnmarshalText accepts the five requirement names.
func (a *AuthRequired) UnmarshalText(b []byte) error {
	v := AuthRequired(b)
	if _, err := v.bits(); err != nil {
		return err
	}
	*a = v
	return nil
}

// TokenID is a token id; its JSON form is base58check with version byte
// 0x1C and no version number.
type TokenID Field

// DefaultTokenID returns the MINA token's id, 1.
func DefaultTokenID() TokenID { return TokenID(NewField(1)) }

// ParseTokenID decodes a base58check token id.
func ParseTokenID(s string) (TokenID, error) {
	p, err := DecodeBase58Check(s, VersionTokenID)
	if err != nil {
		return TokenID{}, fmt.Errorf("token id: %w", err)
	}
	e, err := fpFromLE(p)
	if err != nil {
		return TokenID{}, fmt.Errorf("token id: %w", err)
	}
	return TokenID(e), nil
}

// Base58 returns the base58check encoding.
func (t TokenID) Base58() string {
	e := fp.Element(t)
	b := fpToLE(&e)
	return EncodeBase58Check(VersionTokenID, b[:])
}

// String returns the base58check encoding.
func (t TokenID) String() string { return t.Base58() }

// MarshalText encodes base58check.
func (t TokenID) MarshalText() ([]byte, error) { return []byte(t.Base58()), nil }

// UnmarshalText decodes base58check.
func (t *TokenID) UnmarshalText(b []byte) error {
	v, err := ParseTokenID(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// StateHash is a protocol state hash (votingFor); its JSON form is
// base58check with version byte 0x10 and version number 1.
type StateHash Field

// Base58 returns the base58check encoding.
func (h StateHash) Base58() string {
	e := fp.Element(h)
	b := fpToLE(&e)
	return EncodeBase58Check(VersionStateHash, append([]byte{versionNumber}, b[:]...))
}

// MarshalText encodes base58check.
func (h StateHash) MarshalText() ([]byte, error) { return []byte(h.Base58()), nil }

// UnmarshalText decodes base58check.
func (h *StateHash) UnmarshalText(b []byte) error {
	p, err := decodeVersioned(string(b), VersionStateHash, 32)
	if err != nil {
		return fmt.Errorf("state hash: %w", err)
	}
	e, err := fpFromLE(p)
	if err != nil {
		return fmt.Errorf("state hash: %w", err)
	}
	*h = StateHash(e)
	return nil
}

// dummyVKHash is mocks.dummyVerificationKeyHash in decimal.
const dummyVKHash = "3392518251768960475377392625298437850623664973002200885669375116181514017494"

// DummyVerificationKeyHash returns the verification-key hash of updates
// without a proof (mocks.dummyVerificationKeyHash).
func DummyVerificationKeyHash() Field {
	f, _ := ParseField(dummyVKHash) // constant below p
	return f
}

// NewAccountUpdateBody returns the empty body of an era (o1js
// AccountUpdate.empty()): app state and state preconditions of the era's
// length, all kept or ignored, token 1, no balance change, no authorization.
func NewAccountUpdateBody(era Era, pk PublicKey) AccountUpdateBody {
	n := era.AppStateLength()
	return AccountUpdateBody{
		PublicKey:         pk,
		TokenID:           DefaultTokenID(),
		Update:            Update{AppState: make([]*Field, n)},
		BalanceChange:     BalanceChange{Sgn: Positive},
		Events:            FieldRows{},
		Actions:           FieldRows{},
		Preconditions:     Preconditions{Account: AccountPrecondition{State: make([]*Field, n)}},
		AuthorizationKind: AuthorizationKind{VerificationKeyHash: DummyVerificationKeyHash()},
	}
}
