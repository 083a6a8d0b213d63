package mina

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"
)

// zkappGen draws random zkApp commands that exercise every part of the
// account-update layout.
type zkappGen struct {
	r    *rand.Rand
	era  Era
	keys []PrivateKey // keys[0] pays fees; keys[1] signs some updates; others never sign
}

func (g *zkappGen) maybe() bool { return g.r.IntN(3) == 0 }

func (g *zkappGen) field() *Field { f := randomField(g.r); return &f }

func (g *zkappGen) optField() *Field {
	if g.maybe() {
		return g.field()
	}
	return nil
}

func (g *zkappGen) pk() PublicKey { return g.keys[g.r.IntN(len(g.keys))].PublicKey() }

func (g *zkappGen) u32() UInt32 {
	if g.r.IntN(4) == 0 {
		return UInt32(g.r.Uint32())
	}
	return UInt32(g.r.IntN(1000))
}

func (g *zkappGen) u64() UInt64 {
	if g.r.IntN(4) == 0 {
		return UInt64(g.r.Uint64())
	}
	return UInt64(g.r.IntN(1_000_000_000))
}

func (g *zkappGen) range32() *RangeUInt32 {
	if !g.maybe() {
		return nil
	}
	lo := g.u32()
	return &RangeUInt32{Lower: lo, Upper: lo + UInt32(g.r.IntN(100))}
}

func (g *zkappGen) range64() *RangeUInt64 {
	if !g.maybe() {
		return nil
	}
	lo := g.u64()
	return &RangeUInt64{Lower: lo, Upper: lo + UInt64(g.r.IntN(100))}
}

func (g *zkappGen) optBool() *bool {
	if !g.maybe() {
		return nil
	}
	b := g.r.IntN(2) == 0
	return &b
}

func (g *zkappGen) rows() FieldRows {
	rows := FieldRows{}
	if g.r.IntN(2) == 0 {
		return rows
	}
	for range g.r.IntN(4) {
		row := []Field{}
		for range g.r.IntN(4) {
			row = append(row, *g.field())
		}
		rows = append(rows, row)
	}
	return rows
}

func (g *zkappGen) auth() AuthRequired {
	return []AuthRequired{AuthNone, AuthEither, AuthProof, AuthSignature, AuthImpossible}[g.r.IntN(5)]
}

func (g *zkappGen) epoch() EpochDataPrecondition {
	return EpochDataPrecondition{
		Ledger:          EpochLedgerPrecondition{Hash: g.optField(), TotalCurrency: g.range64()},
		Seed:            g.optField(),
		StartCheckpoint: g.optField(),
		LockCheckpoint:  g.optField(),
		EpochLength:     g.range32(),
	}
}

func (g *zkappGen) update(depth int) AccountUpdate {
	r := g.r
	owner := r.IntN(len(g.keys))
	b := NewAccountUpdateBody(g.era, g.keys[owner].PublicKey())
	if g.maybe() {
		b.TokenID = TokenID(*g.field())
		b.MayUseToken = [...]MayUseToken{{ParentsOwnToken: true}, {InheritFromParent: true}}[r.IntN(2)]
	}
	u := &b.Update
	if r.IntN(2) == 0 {
		for i := range u.AppState {
			if r.IntN(3) == 0 {
				u.AppState[i] = g.field()
			}
		}
	}
	if g.maybe() {
		pk := g.pk()
		u.Delegate = &pk
	}
	if g.maybe() {
		u.VerificationKey = &VerificationKeyWithHash{Data: randomText(r, 40), Hash: *g.field()}
	}
	if g.maybe() {
		u.Permissions = &Permissions{
			EditState: g.auth(), Access: g.auth(), Send: g.auth(), Receive: g.auth(),
			SetDelegate: g.auth(), SetPermissions: g.auth(),
			SetVerificationKey: VerificationKeyPermission{Auth: g.auth(), TxnVersion: UInt32(r.IntN(6))},
			SetZkappURI:        g.auth(), EditActionState: g.auth(), SetTokenSymbol: g.auth(),
			IncrementNonce: g.auth(), SetVotingFor: g.auth(), SetTiming: g.auth(),
		}
	}
	if g.maybe() {
		s := randomText(r, 60)
		u.ZkappURI = &s
	}
	if g.maybe() {
		s := randomText(r, 6)
		u.TokenSymbol = &s
	}
	if g.maybe() {
		u.Timing = &Timing{InitialMinimumBalance: g.u64(), CliffTime: g.u32(), CliffAmount: g.u64(),
			VestingPeriod: g.u32() + 1, VestingIncrement: g.u64()}
	}
	if g.maybe() {
		h := StateHash(*g.field())
		u.VotingFor = &h
	}
	b.BalanceChange = BalanceChange{Magnitude: g.u64(), Sgn: [...]Sign{Positive, Negative}[r.IntN(2)]}
	b.IncrementNonce = r.IntN(2) == 0
	b.Events = g.rows()
	b.Actions = g.rows()
	if g.maybe() {
		b.CallData = *g.field()
	}
	b.CallDepth = depth
	n := &b.Preconditions.Network
	if r.IntN(2) == 0 {
		n.SnarkedLedgerHash = g.optField()
		n.BlockchainLength = g.range32()
		n.MinWindowDensity = g.range32()
		n.TotalCurrency = g.range64()
		n.GlobalSlotSinceGenesis = g.range32()
		n.StakingEpochData = g.epoch()
		n.NextEpochData = g.epoch()
	}
	a := &b.Preconditions.Account
	if r.IntN(2) == 0 {
		a.Balance = g.range64()
		a.Nonce = g.range32()
		a.ReceiptChainHash = g.optField()
		if g.maybe() {
			pk := g.pk()
			a.Delegate = &pk
		}
		for i := range a.State {
			if r.IntN(4) == 0 {
				a.State[i] = g.field()
			}
		}
		a.ActionState = g.optField()
		a.ProvedState = g.optBool()
		a.IsNew = g.optBool()
	}
	b.Preconditions.ValidWhile = g.range32()
	b.UseFullCommitment = r.IntN(2) == 0
	b.ImplicitAccountCreationFee = r.IntN(2) == 0
	var auth Control
	switch r.IntN(3) {
	case 0: // signed; keys other than 0 and 1 never sign, leaving a null signature
		b.AuthorizationKind.IsSigned = true
	case 1: // proved
		b.AuthorizationKind = AuthorizationKind{IsProved: true, VerificationKeyHash: *g.field()}
		p := "KChzdGF0ZW1lbnQ" + randomText(r, 8)
		auth.Proof = &p
	}
	return AccountUpdate{Body: b, Authorization: auth}
}

func (g *zkappGen) command() (*ZkappCommand, string) {
	r := g.r
	fee := g.keys[0].PublicKey()
	c := &ZkappCommand{FeePayer: FeePayer{Body: FeePayerBody{PublicKey: fee, Fee: 1 + g.u64()%1e12, Nonce: g.u32()}}}
	if r.IntN(2) == 0 {
		v := g.u32()
		c.FeePayer.Body.ValidUntil = &v
	}
	n := 1 + r.IntN(3)
	depth := 0
	for i := range n {
		if i > 0 {
			depth = r.IntN(depth + 2) // 0..prev+1
		}
		c.AccountUpdates = append(c.AccountUpdates, g.update(depth))
	}
	memo := ""
	if r.IntN(3) != 0 {
		memo = randomText(r, 32)
	}
	m, err := MemoFromString(memo)
	if err != nil {
		panic(err)
	}
	c.Memo = m
	return c, memo
}

func jsonValue(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// zkappCases adds random zkApp commands to req and returns the check of
// mina-signer's commitments, signatures and signed JSON.
func zkappCases(t *testing.T, era Era, req *oracleRequest) func(*testing.T, oracleResponse) {
	perEra := 200
	if testing.Short() {
		perEra = 30
	}
	keys := testKeys(t, 100+uint64(era), 4)
	g := &zkappGen{r: rand.New(rand.NewPCG(uint64(era), 2024)), era: era, keys: keys}
	networks := []NetworkID{Mainnet, Devnet, Mainnet, Testnet, Mainnet, Devnet, Mainnet, Testnet, Mainnet, "zeko"}
	var cmds []*ZkappCommand
	for i := range perEra {
		c, memo := g.command()
		raw, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		cmds = append(cmds, c)
		req.Zkapps = append(req.Zkapps, oracleZkapp{
			Network: networks[i%len(networks)], Command: raw, Memo: memo,
			FeePayerKey: keys[0].Base58(), OtherKeys: []string{keys[1].Base58()},
			ViaClient: i%8 == 0,
		})
	}
	return func(t *testing.T, resp oracleResponse) {
		if len(resp.Zkapps) != len(cmds) {
			t.Fatalf("got %d answers, want %d", len(resp.Zkapps), len(cmds))
		}
		signatures := 0
		count := map[NetworkID]int{}
		for i, c := range cmds {
			n := req.Zkapps[i].Network
			want := resp.Zkapps[i]
			cm, full, err := c.Commitments(era, n)
			if err != nil {
				t.Fatalf("command %d: %v", i, err)
			}
			if cm.String() != want.Commitment || full.String() != want.FullCommitment {
				t.Errorf("command %d (%s): commitments %s, %s; mina-signer %s, %s", i, n, cm, full, want.Commitment, want.FullCommitment)
				continue
			}
			if err := c.Sign(era, n, keys[1], keys[0]); err != nil {
				t.Fatalf("command %d: %v", i, err)
			}
			got, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			wantCmd, err := ParseZkappCommand(want.Signed)
			if err != nil {
				t.Fatalf("command %d: parse mina-signer's JSON: %v", i, err)
			}
			if wantCmd.FeePayer.Authorization != c.FeePayer.Authorization {
				t.Errorf("command %d (%s): fee payer signature %s, mina-signer %s", i, n, c.FeePayer.Authorization, wantCmd.FeePayer.Authorization)
			}
			for j, u := range c.AccountUpdates {
				w := wantCmd.AccountUpdates[j].Authorization.Signature
				if (u.Authorization.Signature == nil) != (w == nil) || (w != nil && *w != *u.Authorization.Signature) {
					t.Errorf("command %d (%s) update %d: signature differs from mina-signer", i, n, j)
				}
				if w != nil {
					signatures++
				}
			}
			signatures++
			if !reflect.DeepEqual(jsonValue(t, got), jsonValue(t, want.Signed)) {
				t.Errorf("command %d: signed JSON differs:\n go   %s\n node %s", i, got, want.Signed)
			}
			if allSigned(c) {
				if err := c.Verify(era, n); err != nil {
					t.Errorf("command %d: %v", i, err)
				}
			}
			count[n]++
		}
		t.Logf("%s: %d commands (%v) and %d signatures match mina-signer", era, len(cmds), count, signatures)
	}
}

// allSigned reports whether every isSigned update carries a signature.
func allSigned(c *ZkappCommand) bool {
	for _, u := range c.AccountUpdates {
		if u.Body.AuthorizationKind.IsSigned && u.Authorization.Signature == nil {
			return false
		}
	}
	return true
}
