package graphql

import (
	"fmt"
	"strings"
)

// Account is the on-chain state of one (public key, token) account.
type Account struct {
	PublicKey PublicKey
	TokenID   TokenID
	// Nonce is the ledger nonce at the best tip; InferredNonce also counts the
	// fee payer's commands waiting in the pool. Empty if the node did not say.
	Nonce         UInt32
	InferredNonce UInt32
	Balance       Balance
	// ZkappState holds the 8 app-state field elements; nil for non-zkApp accounts.
	ZkappState  []Field
	ProvedState bool
	ZkappURI    string
	// VerificationKeyHash is empty when the account has no verification key.
	VerificationKeyHash Field
	// Permissions is nil when the node did not report them.
	Permissions *Permissions
	ActionState []Field
}

// Balance is an account's balance in nanomina at a given block.
type Balance struct {
	Total UInt64
	// Liquid is empty while the node is bootstrapping.
	Liquid      UInt64
	BlockHeight UInt32
	StateHash   StateHash
}

// Permissions are the authorizations an account requires for each kind of update.
type Permissions struct {
	EditState          AccountAuthRequired
	Send               AccountAuthRequired
	Receive            AccountAuthRequired
	Access             AccountAuthRequired
	SetDelegate        AccountAuthRequired
	SetPermissions     AccountAuthRequired
	SetVerificationKey VerificationKeyPermission
	SetZkappURI        AccountAuthRequired
	EditActionState    AccountAuthRequired
	SetTokenSymbol     AccountAuthRequired
	IncrementNonce     AccountAuthRequired
	SetVotingFor       AccountAuthRequired
	SetTiming          AccountAuthRequired
}

// VerificationKeyPermission is the authorization for replacing the
// verification key and the transaction version it applies to.
type VerificationKeyPermission struct {
	Auth       AccountAuthRequired
	TxnVersion string
}

// ZkappCommand is a zkApp command as the node reports it (sendZkapp payload,
// pool or block), reduced to what zkml tracks.
type ZkappCommand struct {
	ID         TransactionID
	Hash       TransactionHash
	FeePayer   PublicKey
	Nonce      UInt32
	Fee        UInt64
	ValidUntil UInt32 // empty when unbounded
	Memo       string
	// Failures is the node's failureReason; nil means success or not yet known.
	Failures []FailureReason
}

// Ref returns the identifiers WaitForInclusion needs.
func (z ZkappCommand) Ref() ZkappRef { return ZkappRef{ID: z.ID, Hash: z.Hash} }

// FailureReason is one entry of a zkApp command's failureReason: the index of
// the failing account update (empty if the node gave none) and its failures.
type FailureReason struct {
	Index    string
	Failures []string
}

// String renders the value for messages and logs.
func (f FailureReason) String() string {
	idx := f.Index
	if idx == "" {
		idx = "?"
	}
	return fmt.Sprintf("account update %s: %s", idx, strings.Join(f.Failures, ", "))
}

// Block is one block of the best chain with the zkApp commands it contains.
type Block struct {
	StateHash         StateHash
	PreviousStateHash StateHash
	Height            UInt32
	SlotSinceGenesis  UInt32
	ZkappCommands     []ZkappCommand
}

// PoolFilter narrows PooledZkappCommands; the zero value lists the whole pool.
type PoolFilter struct {
	FeePayer PublicKey
	Hashes   []TransactionHash
	IDs      []TransactionID
}

// ZkappRef identifies a sent zkApp command: ID (Base64) for transactionStatus,
// Hash for the pool and the best chain. At least one must be set.
type ZkappRef struct {
	ID   TransactionID
	Hash TransactionHash
}

// String renders the value for messages and logs.
func (r ZkappRef) String() string {
	if r.Hash != "" {
		return string(r.Hash)
	}
	id := string(r.ID)
	if len(id) > 16 {
		id = id[:16] + "…"
	}
	return "id:" + id
}

func (r ZkappRef) matches(z ZkappCommand) bool {
	return (r.Hash != "" && z.Hash == r.Hash) || (r.ID != "" && z.ID == r.ID)
}

// conversions from generated types.

func fromGenerated(g *zkappCommandResultFields) ZkappCommand {
	body := g.ZkappCommand.FeePayer.Body
	z := ZkappCommand{
		ID:       g.Id,
		Hash:     g.Hash,
		FeePayer: body.PublicKey,
		Nonce:    body.Nonce,
		Fee:      body.Fee,
		Memo:     g.ZkappCommand.Memo,
	}
	if body.ValidUntil != nil {
		z.ValidUntil = *body.ValidUntil
	}
	for _, fr := range g.FailureReason {
		if fr == nil {
			continue
		}
		f := FailureReason{Failures: append([]string(nil), fr.Failures...)}
		if fr.Index != nil {
			f.Index = *fr.Index
		}
		z.Failures = append(z.Failures, f)
	}
	return z
}

func accountFromGenerated(a *accountAccount) *Account {
	out := &Account{
		PublicKey:   a.PublicKey,
		TokenID:     a.TokenId,
		ZkappState:  a.ZkappState,
		ActionState: a.ActionState,
		Balance: Balance{
			Total:       a.Balance.Total,
			BlockHeight: a.Balance.BlockHeight,
		},
	}
	if a.Nonce != nil {
		out.Nonce = *a.Nonce
	}
	if a.InferredNonce != nil {
		out.InferredNonce = *a.InferredNonce
	}
	if a.Balance.Liquid != nil {
		out.Balance.Liquid = *a.Balance.Liquid
	}
	if a.Balance.StateHash != nil {
		out.Balance.StateHash = *a.Balance.StateHash
	}
	if a.ProvedState != nil {
		out.ProvedState = *a.ProvedState
	}
	if a.ZkappUri != nil {
		out.ZkappURI = *a.ZkappUri
	}
	if a.VerificationKey != nil {
		out.VerificationKeyHash = a.VerificationKey.Hash
	}
	if p := a.Permissions; p != nil {
		out.Permissions = &Permissions{
			EditState:      p.EditState,
			Send:           p.Send,
			Receive:        p.Receive,
			Access:         p.Access,
			SetDelegate:    p.SetDelegate,
			SetPermissions: p.SetPermissions,
			SetVerificationKey: VerificationKeyPermission{
				Auth:       p.SetVerificationKey.Auth,
				TxnVersion: p.SetVerificationKey.TxnVersion,
			},
			SetZkappURI:     p.SetZkappUri,
			EditActionState: p.EditActionState,
			SetTokenSymbol:  p.SetTokenSymbol,
			IncrementNonce:  p.IncrementNonce,
			SetVotingFor:    p.SetVotingFor,
			SetTiming:       p.SetTiming,
		}
	}
	return out
}

func blockFromGenerated(b *bestChainBestChainBlock) Block {
	out := Block{
		StateHash:         b.StateHash,
		PreviousStateHash: b.ProtocolState.PreviousStateHash,
		Height:            b.ProtocolState.ConsensusState.BlockHeight,
		SlotSinceGenesis:  b.ProtocolState.ConsensusState.SlotSinceGenesis,
	}
	for i := range b.Transactions.ZkappCommands {
		out.ZkappCommands = append(out.ZkappCommands, fromGenerated(&b.Transactions.ZkappCommands[i].zkappCommandResultFields))
	}
	return out
}
