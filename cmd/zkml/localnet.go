package main

import (
	"errors"
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/zkml-mina/zkml/localnet"
)

// localnetReport is what `zkml localnet` prints once the network listens.
// Private keys are not printed: --key-out writes one to a key file.
type localnetReport struct {
	GraphQL   string            `json:"graphql"`
	NetworkID string            `json:"networkID"`
	Accounts  []localnetAccount `json:"accounts"`
	KeyFile   string            `json:"keyFile,omitempty"`
	KeyIndex  *int              `json:"keyIndex,omitempty"`
}

type localnetAccount struct {
	PublicKey string `json:"publicKey"`
	Balance   string `json:"balance"` // nanomina
}

func localnetCommand() *cli.Command {
	return &cli.Command{
		Name:  "localnet",
		Usage: "run a local Mina network (o1js LocalBlockchain behind the daemon's GraphQL API) until Ctrl-C",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "port", Value: localnet.DefaultPort, Usage: "loopback `PORT` to listen on (0: any free port)"},
			&cli.StringFlag{Name: "network-id", Value: localnet.DefaultNetworkID, Usage: "network `ID` to report (mina:ID); signatures are always checked in the testnet domain"},
			&cli.StringFlag{Name: "key-out", Usage: "write the key of a funded account to `KEYFILE` (mode 0600)"},
			&cli.IntFlag{Name: "key-index", Value: 0, Usage: "which funded account (`N`, 0-9) --key-out writes"},
			jsonFlag(),
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 0 {
				return badInput(errors.New("usage: zkml localnet [--port N] [--key-out KEYFILE] takes no arguments"))
			}
			port := c.Int("port")
			if port < 0 || port > 65535 {
				return badInput(fmt.Errorf("--port %d out of range", port))
			}
			ctx := c.Context
			n, err := localnet.Start(ctx, localnet.Options{Port: port, NetworkID: c.String("network-id"), Stderr: c.App.ErrWriter})
			if err != nil {
				return checkFailed("%v", err)
			}
			defer n.Close()
			rep := localnetReport{GraphQL: n.URL, NetworkID: n.NetworkID}
			for _, a := range n.Accounts {
				rep.Accounts = append(rep.Accounts, localnetAccount{PublicKey: a.PublicKey.Base58(), Balance: fmt.Sprint(a.Balance)})
			}
			if file := c.String("key-out"); file != "" {
				i := c.Int("key-index")
				if i < 0 || i >= len(n.Accounts) {
					return badInput(fmt.Errorf("--key-index %d: the network has accounts 0 to %d", i, len(n.Accounts)-1))
				}
				if err := writeKeyFile(file, n.Accounts[i].PrivateKey); err != nil {
					return err
				}
				rep.KeyFile, rep.KeyIndex = file, &i
			}
			if c.Bool("json") {
				if err := printJSON(c.App.Writer, rep); err != nil {
					return err
				}
			} else {
				w := c.App.Writer
				fmt.Fprintf(w, "graphql   %s (%s)\n", rep.GraphQL, rep.NetworkID)
				for i, a := range n.Accounts {
					fmt.Fprintf(w, "account %d %s  %s MINA\n", i, a.PublicKey.Base58(), formatMina(a.Balance))
				}
				if rep.KeyFile != "" {
					fmt.Fprintf(w, "wrote     the key of account %d to %s (mode 0600)\n", *rep.KeyIndex, rep.KeyFile)
				}
				fmt.Fprintln(w, "running   until Ctrl-C")
			}
			select {
			case <-ctx.Done():
				if err := n.Close(); err != nil {
					return checkFailed("%v", err)
				}
				return nil
			case <-n.Done():
				return checkFailed("localnet: the server stopped unexpectedly: %v", n.Err())
			}
		},
	}
}
