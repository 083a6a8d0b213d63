package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/zkml-mina/zkml/graphql"
	"github.com/zkml-mina/zkml/mina"
	"github.com/zkml-mina/zkml/verifierkey"
)

// stateReport is what `zkml state` prints.
type stateReport struct {
	PublicKey           string         `json:"publicKey"`
	TokenID             string         `json:"tokenId,omitempty"`
	NetworkID           string         `json:"networkID"`
	Era                 string         `json:"era"`
	Nonce               string         `json:"nonce"`
	InferredNonce       string         `json:"inferredNonce,omitempty"`
	Balance             string         `json:"balance"` // nanomina
	ZkApp               bool           `json:"zkapp"`
	AppState            []string       `json:"appState,omitempty"`
	ProvedState         bool           `json:"provedState"`
	VerificationKeyHash string         `json:"verificationKeyHash,omitempty"`
	ZkappURI            string         `json:"zkappUri,omitempty"`
	VKCheck             *stateVKReport `json:"vkCheck,omitempty"`
}

// stateVKReport compares the on-chain verification key with a project's.
type stateVKReport struct {
	File  string `json:"file"`
	Hash  string `json:"hash"`
	Match bool   `json:"match"`
}

func stateCommand() *cli.Command {
	return &cli.Command{
		Name:      "state",
		Usage:     "read an account's nonce, balance, zkApp state and verification-key hash from the node",
		ArgsUsage: "ADDRESS\n\n   With --vk DIR, exit status 1 unless the on-chain verification-key hash equals DIR/verification-key.json's.",
		Flags: append(chainFlags(),
			&cli.StringFlag{Name: "vk", Usage: "compare with the hash in `DIR`/verification-key.json (as `zkml vk` writes it)"},
			&cli.StringFlag{Name: "token", Usage: "token `ID` (default: MINA)"},
		),
		Action: func(c *cli.Context) error {
			addr, err := oneArg(c, "state ADDRESS")
			if err != nil {
				return err
			}
			pk, err := mina.ParsePublicKey(addr)
			if err != nil {
				return badInput(fmt.Errorf("ADDRESS %q is not a B62… public key: %w", addr, err))
			}
			cc, err := newChainConfig(c)
			if err != nil {
				return err
			}
			var want *verifierkey.File
			var wantFile string
			if dir := c.String("vk"); dir != "" {
				wantFile = filepath.Join(dir, "verification-key.json")
				if want, err = verifierkey.ReadFile(wantFile); err != nil {
					return badInput(fmt.Errorf("--vk: %w", err))
				}
			}
			ctx := c.Context
			if err := cc.checkNetwork(ctx); err != nil {
				return err
			}
			acc, err := cc.client.Account(ctx, graphql.PublicKey(pk.Base58()), graphql.TokenID(c.String("token")))
			if errors.Is(err, graphql.ErrAccountNotFound) {
				return checkFailed("%s has no account on %s", pk.Base58(), cc.networkID())
			}
			if err != nil {
				return cc.nodeError(err)
			}
			rep := stateReport{
				PublicKey: pk.Base58(), TokenID: string(acc.TokenID), NetworkID: cc.networkID(), Era: cc.era.String(),
				Nonce: string(acc.Nonce), InferredNonce: string(acc.InferredNonce), Balance: string(acc.Balance.Total),
				ZkApp: acc.ZkappState != nil, ProvedState: acc.ProvedState,
				VerificationKeyHash: string(acc.VerificationKeyHash), ZkappURI: acc.ZkappURI,
			}
			if rep.ZkApp {
				if n := cc.era.AppStateLength(); len(acc.ZkappState) != n {
					return badInput(fmt.Errorf("the node reports %d app-state fields but --era %s has %d: pass the node's --era",
						len(acc.ZkappState), cc.era, n))
				}
				for _, f := range acc.ZkappState {
					rep.AppState = append(rep.AppState, string(f))
				}
			}
			var vkErr error
			if want != nil {
				rep.VKCheck = &stateVKReport{File: wantFile, Hash: want.Hash}
				switch {
				case rep.VerificationKeyHash == "":
					vkErr = checkFailed("%s has no verification key on chain (expected %s from %s)", pk.Base58(), want.Hash, wantFile)
				case !sameField(rep.VerificationKeyHash, want.Hash):
					vkErr = checkFailed("on-chain verification-key hash %s differs from %s in %s", rep.VerificationKeyHash, want.Hash, wantFile)
				default:
					rep.VKCheck.Match = true
				}
			}
			if err := printState(c, &rep); err != nil {
				return err
			}
			return vkErr
		},
	}
}

// sameField compares two decimal field elements by value.
func sameField(a, b string) bool {
	fa, errA := mina.ParseField(a)
	fb, errB := mina.ParseField(b)
	if errA != nil || errB != nil {
		return a == b
	}
	return fa.String() == fb.String()
}

func printState(c *cli.Context, r *stateReport) error {
	if c.Bool("json") {
		return printJSON(c.App.Writer, r)
	}
	w := c.App.Writer
	fmt.Fprintf(w, "account   %s on %s\n", r.PublicKey, r.NetworkID)
	nonce := r.Nonce
	if r.InferredNonce != "" && r.InferredNonce != r.Nonce {
		nonce += fmt.Sprintf(" (inferred %s)", r.InferredNonce)
	}
	fmt.Fprintf(w, "nonce     %s\n", nonce)
	if bal, err := graphql.UInt64(r.Balance).Uint64(); err == nil {
		fmt.Fprintf(w, "balance   %s MINA\n", formatMina(bal))
	} else {
		fmt.Fprintf(w, "balance   %s nanomina\n", r.Balance)
	}
	if !r.ZkApp {
		fmt.Fprintln(w, "zkapp     no (plain account)")
	} else {
		fmt.Fprintf(w, "zkapp     yes (%s era, proved state %v)\n", r.Era, r.ProvedState)
		for i, f := range r.AppState {
			fmt.Fprintf(w, "%-10s%s\n", fmt.Sprintf("state[%d]", i), f)
		}
		if r.ZkappURI != "" {
			fmt.Fprintf(w, "uri       %s\n", r.ZkappURI)
		}
	}
	vk := r.VerificationKeyHash
	if vk == "" {
		vk = "none"
	}
	fmt.Fprintf(w, "vk hash   %s\n", vk)
	if r.VKCheck != nil {
		verdict := "MISMATCH"
		if r.VKCheck.Match {
			verdict = "OK"
		}
		fmt.Fprintf(w, "vk check  %s against %s\n", verdict, r.VKCheck.File)
	}
	return nil
}
