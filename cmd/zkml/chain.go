package main

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/zkml-mina/zkml/graphql"
	"github.com/zkml-mina/zkml/localnet"
	"github.com/zkml-mina/zkml/mina"
)

// chainFlags returns the flags of every command that talks to a Mina node:
// --graphql, --network, --era and --json.
func chainFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{
			Name: "graphql", Value: localnet.DefaultURL, EnvVars: []string{"ZKML_GRAPHQL"},
			Usage: "the Mina daemon's GraphQL `URL` (default: a `zkml localnet` on this machine)",
		},
		&cli.StringFlag{
			Name: "network", Value: localnet.DefaultNetworkID, EnvVars: []string{"ZKML_NETWORK"},
			Usage: "the network the node must serve: devnet, mainnet, testnet or another `ID` (the node reports mina:ID)",
		},
		&cli.StringFlag{
			Name: "era", Value: mina.EraBerkeley.String(),
			Usage: "the protocol `ERA`: berkeley (8 app-state fields) or mesa (32)",
		},
		jsonFlag(),
	}
}

// chainConfig is what chainFlags select: a client for the node, the network
// it must serve and the era of the zkApp layout.
type chainConfig struct {
	client  *graphql.Client
	url     string
	network mina.NetworkID // without the "mina:" prefix; also the signature domain
	era     mina.Era
}

// networkID is the identifier the node reports for the selected network.
func (cc *chainConfig) networkID() string { return "mina:" + string(cc.network) }

// newChainConfig validates the chain flags and builds the client.
func newChainConfig(c *cli.Context) (*chainConfig, error) {
	raw := c.String("graphql")
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, badInput(fmt.Errorf("--graphql %q: want an http:// or https:// URL", raw))
	}
	network := mina.NetworkID(strings.TrimPrefix(c.String("network"), "mina:"))
	if err := network.Validate(); err != nil {
		return nil, badInput(fmt.Errorf("--network %q: %w", c.String("network"), err))
	}
	era, err := parseEra(c.String("era"))
	if err != nil {
		return nil, err
	}
	cl, err := graphql.New(raw)
	if err != nil {
		return nil, badInput(fmt.Errorf("--graphql: %w", err))
	}
	return &chainConfig{client: cl, url: raw, network: network, era: era}, nil
}

func parseEra(s string) (mina.Era, error) {
	for _, e := range []mina.Era{mina.EraBerkeley, mina.EraMesa} {
		if strings.EqualFold(s, e.String()) {
			return e, nil
		}
	}
	return 0, badInput(fmt.Errorf("--era %q: want berkeley or mesa", s))
}

// checkNetwork fails unless the node serves the selected network.
func (cc *chainConfig) checkNetwork(ctx context.Context) error {
	err := cc.client.CheckNetwork(ctx, cc.networkID())
	var mm *graphql.NetworkMismatchError
	if errors.As(err, &mm) {
		return badInput(fmt.Errorf("the node at %s serves %s, not %s: pass --network %s or another --graphql",
			cc.url, mm.Got, mm.Want, strings.TrimPrefix(mm.Got, "mina:")))
	}
	if err != nil {
		return cc.nodeError(err)
	}
	return nil
}

// nodeError reports a failure to talk to the node (exit 1).
func (cc *chainConfig) nodeError(err error) error {
	var un *graphql.UnreachableError
	if errors.As(err, &un) && !un.RequestSent && cc.url == localnet.DefaultURL {
		return checkFailed("no node at %s (start one with `zkml localnet`, or pass --graphql): %v", cc.url, err)
	}
	return checkFailed("%v", err)
}

// formatMina renders nanomina as MINA with up to nine decimals.
func formatMina(nano uint64) string {
	whole, frac := nano/1_000_000_000, nano%1_000_000_000
	if frac == 0 {
		return strconv.FormatUint(whole, 10)
	}
	return strings.TrimRight(fmt.Sprintf("%d.%09d", whole, frac), "0")
}
