package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/zkml-mina/zkml/graphql"
)

// statusReport is what `zkml status` prints.
type statusReport struct {
	ID            string          `json:"id,omitempty"`
	Hash          string          `json:"hash,omitempty"`
	Status        string          `json:"status"` // INCLUDED, PENDING, UNKNOWN or DROPPED
	Failed        bool            `json:"failed"`
	Failures      []statusFailure `json:"failures,omitempty"`
	BlockHeight   string          `json:"blockHeight,omitempty"`
	StateHash     string          `json:"stateHash,omitempty"`
	Confirmations *int            `json:"confirmations,omitempty"`
}

func statusCommand() *cli.Command {
	return &cli.Command{
		Name:      "status",
		Usage:     "show whether a zkApp command is pending, included (and whether it failed) or unknown",
		ArgsUsage: "ID|HASH\n\n   ID is the Base64 id sendZkapp returned; HASH the 5J… transaction hash.\n   Exit status: 0 included or pending, 1 failed, dropped or unknown.",
		Flags: append(chainFlags(),
			&cli.BoolFlag{Name: "wait", Usage: "poll until the command is in a block (progress on stderr)"},
			&cli.DurationFlag{Name: "interval", Value: 5 * time.Second, Usage: "polling `INTERVAL` with --wait"},
			&cli.DurationFlag{Name: "timeout", Value: 30 * time.Minute, Usage: "give up waiting after `DURATION`"},
		),
		Action: func(c *cli.Context) error {
			arg, err := oneArg(c, "status ID|HASH")
			if err != nil {
				return err
			}
			ref := parseRef(arg)
			if c.Duration("interval") <= 0 || c.Duration("timeout") <= 0 {
				return badInput(errors.New("--interval and --timeout must be positive"))
			}
			cc, err := newChainConfig(c)
			if err != nil {
				return err
			}
			ctx := c.Context
			if err := cc.checkNetwork(ctx); err != nil {
				return err
			}
			rep := statusReport{ID: string(ref.ID), Hash: string(ref.Hash)}
			if c.Bool("wait") {
				wctx, cancel := context.WithTimeout(ctx, c.Duration("timeout"))
				defer cancel()
				progress := func(p graphql.InclusionProgress) {
					line := fmt.Sprintf("poll %d: %s", p.Poll, orDash(string(p.Status)))
					if p.TipHeight != "" {
						line += fmt.Sprintf(", tip at height %s", p.TipHeight)
					}
					if p.Err != nil {
						line += fmt.Sprintf(" (%v)", p.Err)
					}
					fmt.Fprintln(c.App.ErrWriter, line)
				}
				inc, err := cc.client.WaitForInclusion(wctx, ref, c.Duration("interval"), progress)
				var rej *graphql.RejectedError
				var dropped *graphql.DroppedError
				switch {
				case errors.As(err, &dropped):
					rep.Status = "DROPPED"
				case err != nil && !errors.As(err, &rej):
					return cc.nodeError(err)
				default:
					rep.Status = string(graphql.TransactionStatusIncluded)
					rep.fromInclusion(inc)
				}
			} else if err := rep.lookup(ctx, cc, ref); err != nil {
				return err
			}
			if err := printStatus(c, &rep); err != nil {
				return err
			}
			switch {
			case rep.Failed:
				return checkFailed("the command was included but failed: %s", joinFailures(rep.Failures))
			case rep.Status == "DROPPED":
				return checkFailed("the command left the pool without being included")
			case rep.Status == string(graphql.TransactionStatusUnknown):
				return checkFailed("the node does not know %s", ref)
			}
			return nil
		},
	}
}

// parseRef reads a 5J… transaction hash or a Base64 transaction id.
func parseRef(s string) graphql.ZkappRef {
	if strings.HasPrefix(s, "5J") && len(s) >= 50 && len(s) <= 53 && !strings.ContainsAny(s, "+/=") {
		return graphql.ZkappRef{Hash: graphql.TransactionHash(s)}
	}
	return graphql.ZkappRef{ID: graphql.TransactionID(s)}
}

// lookup asks the node once: transactionStatus for an id, the pool for a
// hash, then the best chain for the block.
func (r *statusReport) lookup(ctx context.Context, cc *chainConfig, ref graphql.ZkappRef) error {
	if ref.ID != "" {
		st, err := cc.client.TransactionStatus(ctx, ref.ID)
		if err != nil {
			return cc.nodeError(err)
		}
		r.Status = string(st)
	} else {
		pooled, err := cc.client.PooledZkappCommands(ctx, graphql.PoolFilter{Hashes: []graphql.TransactionHash{ref.Hash}})
		if err != nil {
			return cc.nodeError(err)
		}
		r.Status = string(graphql.TransactionStatusUnknown)
		if len(pooled) > 0 {
			r.Status = string(graphql.TransactionStatusPending)
			r.ID = string(pooled[0].ID)
		}
	}
	if r.Status == string(graphql.TransactionStatusPending) {
		return nil
	}
	blocks, err := cc.client.BestChain(ctx, graphql.DefaultScanDepth)
	if err != nil {
		return cc.nodeError(err)
	}
	for i := len(blocks) - 1; i >= 0; i-- {
		for _, zc := range blocks[i].ZkappCommands {
			if (ref.ID != "" && zc.ID == ref.ID) || (ref.Hash != "" && zc.Hash == ref.Hash) {
				r.Status = string(graphql.TransactionStatusIncluded)
				r.fromInclusion(&graphql.Inclusion{
					Command: zc, StateHash: blocks[i].StateHash, Height: blocks[i].Height,
					Confirmations: len(blocks) - 1 - i,
				})
				return nil
			}
		}
	}
	return nil
}

func (r *statusReport) fromInclusion(inc *graphql.Inclusion) {
	if inc == nil {
		return
	}
	r.ID, r.Hash = string(inc.Command.ID), string(inc.Command.Hash)
	r.Failures = nil
	for _, f := range inc.Command.Failures {
		r.Failures = append(r.Failures, statusFailure{Index: f.Index, Failures: f.Failures, text: f.String()})
	}
	r.Failed = len(inc.Command.Failures) > 0
	r.BlockHeight, r.StateHash = string(inc.Height), string(inc.StateHash)
	if inc.StateHash != "" {
		conf := inc.Confirmations
		r.Confirmations = &conf
	}
}

func printStatus(c *cli.Context, r *statusReport) error {
	if c.Bool("json") {
		return printJSON(c.App.Writer, r)
	}
	w := c.App.Writer
	status := r.Status
	if r.Failed {
		status += " (failed)"
	}
	fmt.Fprintf(w, "status    %s\n", status)
	if r.ID != "" {
		fmt.Fprintf(w, "id        %s\n", r.ID)
	}
	if r.Hash != "" {
		fmt.Fprintf(w, "hash      %s\n", r.Hash)
	}
	if r.StateHash != "" {
		fmt.Fprintf(w, "block     %s at height %s, %d confirmation(s)\n", r.StateHash, r.BlockHeight, *r.Confirmations)
	}
	for _, f := range r.Failures {
		fmt.Fprintf(w, "failure   %s\n", f)
	}
	return nil
}

// statusFailure is one entry of the node's failureReason.
type statusFailure struct {
	Index    string   `json:"index"`
	Failures []string `json:"failures"`
	text     string
}

func (f statusFailure) String() string { return f.text }

func joinFailures(fs []statusFailure) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.text
	}
	return strings.Join(parts, "; ")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
