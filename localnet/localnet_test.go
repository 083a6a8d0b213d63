package localnet_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/zkml-mina/zkml/graphql"
	"github.com/zkml-mina/zkml/internal/logbuf"
	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/localnet"
	"github.com/zkml-mina/zkml/mina"
)

const (
	minaUnit    = 1_000_000_000 // nanomina per MINA
	creationFee = 1 * minaUnit  // LocalBlockchain's account creation fee
	testFee     = minaUnit / 10
)

// startNet starts a local network on a free port and stops it when the test ends.
func startNet(t *testing.T) (*localnet.Net, *logbuf.Buffer) {
	t.Helper()
	oracle.RequireNode(t)
	root, err := oracle.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	logs := &logbuf.Buffer{}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	start := time.Now()
	n, err := localnet.Start(ctx, localnet.Options{Script: root + "/localnet/server.mjs", Stderr: logs})
	if err != nil {
		t.Fatalf("start: %v\n%s", err, logs.String())
	}
	t.Logf("localnet up in %v at %s", time.Since(start).Round(time.Millisecond), n.URL)
	t.Cleanup(func() {
		if err := n.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return n, logs
}

// transfer builds a zkApp command in which the fee payer (from) sends amount
// nanomina to `to` through one signed account update; newAccount pays the
// account creation fee out of the receiver's credit.
func transfer(t *testing.T, from mina.PrivateKey, nonce uint32, to mina.PublicKey, amount uint64, newAccount bool) *mina.ZkappCommand {
	t.Helper()
	era := mina.EraBerkeley
	send := mina.NewAccountUpdateBody(era, from.PublicKey())
	send.BalanceChange = mina.BalanceChange{Magnitude: mina.UInt64(amount), Sgn: mina.Negative}
	send.UseFullCommitment = true
	send.AuthorizationKind.IsSigned = true
	recv := mina.NewAccountUpdateBody(era, to)
	recv.BalanceChange = mina.BalanceChange{Magnitude: mina.UInt64(amount), Sgn: mina.Positive}
	recv.ImplicitAccountCreationFee = newAccount
	memo, err := mina.MemoFromString("zkml localnet test")
	if err != nil {
		t.Fatal(err)
	}
	return &mina.ZkappCommand{
		FeePayer: mina.FeePayer{Body: mina.FeePayerBody{
			PublicKey: from.PublicKey(), Fee: testFee, Nonce: mina.UInt32(nonce),
		}},
		AccountUpdates: []mina.AccountUpdate{{Body: send}, {Body: recv}},
		Memo:           memo,
	}
}

func marshal(t *testing.T, c *mina.ZkappCommand) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func balanceOf(t *testing.T, ctx context.Context, cl *graphql.Client, pk mina.PublicKey) (uint64, uint32) {
	t.Helper()
	a, err := cl.Account(ctx, graphql.PublicKey(pk.Base58()), "")
	if err != nil {
		t.Fatalf("account %s: %v", pk.Base58(), err)
	}
	bal, err := a.Balance.Total.Uint64()
	if err != nil {
		t.Fatal(err)
	}
	nonce, err := a.Nonce.Uint32()
	if err != nil {
		t.Fatal(err)
	}
	return bal, nonce
}

// TestEndToEnd runs real signed zkApp commands through the GraphQL client
// against the o1js LocalBlockchain behind the server.
func TestEndToEnd(t *testing.T) {
	n, logs := startNet(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cl, err := graphql.New(n.URL, graphql.WithRetry(1, time.Millisecond, time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}

	if err := cl.CheckNetwork(ctx, "mina:testnet"); err != nil {
		t.Fatalf("network: %v", err)
	}
	var mismatch *graphql.NetworkMismatchError
	if err := cl.CheckNetwork(ctx, "mina:mainnet"); !errors.As(err, &mismatch) {
		t.Fatalf("mainnet check: got %v, want NetworkMismatchError", err)
	}
	if s, err := cl.SyncStatus(ctx); err != nil || s != graphql.SyncStatusSynced {
		t.Fatalf("sync status %q, %v", s, err)
	}
	if len(n.Accounts) != 10 {
		t.Fatalf("%d funded accounts, want 10", len(n.Accounts))
	}
	alice, bob := n.Accounts[0], n.Accounts[1]
	bal0, nonce0 := balanceOf(t, ctx, cl, alice.PublicKey)
	if bal0 != alice.Balance || nonce0 != 0 {
		t.Fatalf("alice: balance %d nonce %d, want %d and 0", bal0, nonce0, alice.Balance)
	}
	fresh, err := mina.GeneratePrivateKey()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cl.Account(ctx, graphql.PublicKey(fresh.PublicKey().Base58()), ""); !errors.Is(err, graphql.ErrAccountNotFound) {
		t.Fatalf("fresh account: got %v, want ErrAccountNotFound", err)
	}

	// A good transfer to a new account.
	const amount = 5 * minaUnit
	good := transfer(t, alice.PrivateKey, 0, fresh.PublicKey(), amount, true)
	if err := good.Sign(mina.EraBerkeley, mina.Testnet, alice.PrivateKey); err != nil {
		t.Fatal(err)
	}
	res, err := cl.SendZkapp(ctx, graphql.ZkappSubmission{Command: marshal(t, good)})
	if err != nil {
		t.Fatalf("send: %v\n%s", err, logs.String())
	}
	if res.ID == "" || !strings.HasPrefix(string(res.Hash), "5J") || res.FeePayer != graphql.PublicKey(alice.PublicKey.Base58()) {
		t.Fatalf("send result %+v", res.ZkappCommand)
	}
	inc, err := cl.WaitForInclusion(ctx, res.Ref(), 100*time.Millisecond, nil)
	if err != nil {
		t.Fatalf("wait: %v", err)
	}
	if inc.StateHash == "" || inc.Command.Hash != res.Hash {
		t.Fatalf("inclusion %+v", inc)
	}
	if st, err := cl.TransactionStatus(ctx, res.ID); err != nil || st != graphql.TransactionStatusIncluded {
		t.Fatalf("status %q, %v", st, err)
	}
	if got, _ := balanceOf(t, ctx, cl, fresh.PublicKey()); got != amount-creationFee {
		t.Fatalf("fresh balance %d, want %d", got, amount-creationFee)
	}
	if got, nonce := balanceOf(t, ctx, cl, alice.PublicKey); got != bal0-amount-testFee || nonce != 1 {
		t.Fatalf("alice balance %d nonce %d, want %d and 1", got, nonce, bal0-amount-testFee)
	}

	// Commands the node must refuse or apply as failed.
	tamperUpdate := func(c *mina.ZkappCommand) {
		other := transfer(t, alice.PrivateKey, 1, bob.PublicKey, 2, false)
		if err := other.Sign(mina.EraBerkeley, mina.Testnet, alice.PrivateKey); err != nil {
			t.Fatal(err)
		}
		c.AccountUpdates[0].Authorization.Signature = other.AccountUpdates[0].Authorization.Signature
	}
	cases := []struct {
		name    string
		cmd     func() *mina.ZkappCommand
		wantErr string // GraphQL error containing this text; "" means applied as failed
		failure string // expected failure name when applied as failed
	}{
		{
			name: "fee payer signed for mainnet",
			cmd: func() *mina.ZkappCommand {
				c := transfer(t, alice.PrivateKey, 1, bob.PublicKey, minaUnit, false)
				if err := c.Sign(mina.EraBerkeley, mina.Mainnet, alice.PrivateKey); err != nil {
					t.Fatal(err)
				}
				return c
			},
			wantErr: "signature",
		},
		{
			name: "account update signature of another command",
			cmd: func() *mina.ZkappCommand {
				c := transfer(t, alice.PrivateKey, 1, bob.PublicKey, minaUnit, false)
				if err := c.Sign(mina.EraBerkeley, mina.Testnet, alice.PrivateKey); err != nil {
					t.Fatal(err)
				}
				tamperUpdate(c)
				return c
			},
			wantErr: "signature",
		},
		{
			name: "replayed nonce",
			cmd: func() *mina.ZkappCommand {
				c := transfer(t, alice.PrivateKey, 0, bob.PublicKey, minaUnit, false)
				if err := c.Sign(mina.EraBerkeley, mina.Testnet, alice.PrivateKey); err != nil {
					t.Fatal(err)
				}
				return c
			},
			wantErr: "nonce",
		},
		{
			name: "overdraft applied as failed",
			cmd: func() *mina.ZkappCommand {
				c := transfer(t, alice.PrivateKey, 1, bob.PublicKey, 5000*minaUnit, false)
				if err := c.Sign(mina.EraBerkeley, mina.Testnet, alice.PrivateKey); err != nil {
					t.Fatal(err)
				}
				return c
			},
			failure: "Overflow",
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before, beforeNonce := balanceOf(t, ctx, cl, alice.PublicKey)
			res, err := cl.SendZkapp(ctx, graphql.ZkappSubmission{Command: marshal(t, tc.cmd())})
			t.Logf("node said: %v", err)
			if tc.wantErr != "" {
				var ge *graphql.GraphQLError
				if !errors.As(err, &ge) || !strings.Contains(strings.ToLower(ge.Error()), tc.wantErr) {
					t.Fatalf("got %v, want a GraphQL error mentioning %q", err, tc.wantErr)
				}
				if after, afterNonce := balanceOf(t, ctx, cl, alice.PublicKey); after != before || afterNonce != beforeNonce {
					t.Fatalf("refused command changed the ledger: %d/%d → %d/%d", before, beforeNonce, after, afterNonce)
				}
				return
			}
			var rej *graphql.RejectedError
			if !errors.As(err, &rej) {
				t.Fatalf("got %v, want RejectedError", err)
			}
			if !strings.Contains(rej.Error(), tc.failure) {
				t.Fatalf("failures %v, want %s", rej.Failures, tc.failure)
			}
			inc, err := cl.WaitForInclusion(ctx, res.Ref(), 100*time.Millisecond, nil)
			if !errors.As(err, &rej) || !rej.Included || inc == nil || inc.StateHash == "" {
				t.Fatalf("wait: %v (inclusion %+v)", err, inc)
			}
			// Applied as failed: the fee is charged and the nonce used.
			if after, afterNonce := balanceOf(t, ctx, cl, alice.PublicKey); after != before-testFee || afterNonce != beforeNonce+1 {
				t.Fatalf("alice %d/%d → %d/%d, want fee charged and nonce bumped", before, beforeNonce, after, afterNonce)
			}
		})
	}

	chain, err := cl.BestChain(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(chain) != 3 { // genesis, the transfer, the failed overdraft
		t.Fatalf("best chain has %d blocks, want 3", len(chain))
	}
	for i := 1; i < len(chain); i++ {
		if chain[i].PreviousStateHash != chain[i-1].StateHash {
			t.Fatalf("block %d does not link to block %d", i, i-1)
		}
	}
	for _, a := range n.Accounts {
		if strings.Contains(logs.String(), a.PrivateKey.Base58()) {
			t.Fatal("the server logged a private key")
		}
	}
}
