package graphql

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// unknownLimit is how many consecutive polls may find a command neither
// pending nor in the best chain before WaitForInclusion reports it dropped.
const unknownLimit = 3

// InclusionProgress describes one poll of WaitForInclusion.
type InclusionProgress struct {
	Poll int
	// Status is the node's transactionStatus (derived from the pool when
	// only a hash is known); empty if it could not be read this poll.
	Status TransactionStatus
	// TipHeight is the height of the best tip seen this poll, if any.
	TipHeight UInt32
	// Err is a transient failure of this poll; polling continues.
	Err error
}

// Inclusion is the block of the best chain that contains a zkApp command.
type Inclusion struct {
	Command   ZkappCommand
	StateHash StateHash // empty if the node says INCLUDED but the block was not found
	Height    UInt32
	// Confirmations counts the blocks on top of it in the scanned chain.
	Confirmations int
}

// WaitForInclusion polls transactionStatus and bestChain every interval until
// the command is in a best-chain block (returning *RejectedError alongside the
// Inclusion if it was applied as failed), is dropped (*DroppedError), a
// permanent error occurs, or ctx ends. progress, if non-nil, is called after
// each poll. Without a ctx deadline, the client's inclusion timeout applies.
func (c *Client) WaitForInclusion(ctx context.Context, ref ZkappRef, interval time.Duration, progress func(InclusionProgress)) (*Inclusion, error) {
	if ref.ID == "" && ref.Hash == "" {
		return nil, errors.New("graphql: waitForInclusion: empty command reference")
	}
	if interval <= 0 {
		interval = DefaultPollInterval
	}
	ctx, cancel := withDefaultTimeout(ctx, c.inclusionTimeout)
	defer cancel()

	var (
		unknown int
		last    InclusionProgress
	)
	for poll := 1; ; poll++ {
		p, inc, err := c.pollInclusion(ctx, ref)
		p.Poll = poll
		if progress != nil {
			progress(p)
		}
		last = p
		if inc != nil || err != nil {
			return inc, err
		}
		if p.Err == nil && p.Status == TransactionStatusUnknown {
			unknown++
			if unknown >= unknownLimit {
				return nil, &DroppedError{Ref: ref}
			}
		} else if p.Err == nil {
			unknown = 0
		}
		if serr := c.sleep(ctx, interval); serr != nil {
			break
		}
	}
	err := fmt.Errorf("%w (last status %q, last poll error: %v)", ctx.Err(), last.Status, last.Err)
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return nil, &TimeoutError{Op: "waitForInclusion", Endpoint: c.endpoint, Err: err}
	}
	return nil, fmt.Errorf("graphql: waitForInclusion %s: %w", ref, err)
}

// pollInclusion performs one poll. It returns a non-nil Inclusion or a
// permanent error to stop; transient failures are reported in the progress.
func (c *Client) pollInclusion(ctx context.Context, ref ZkappRef) (InclusionProgress, *Inclusion, error) {
	var p InclusionProgress
	if ref.ID != "" {
		st, err := c.TransactionStatus(ctx, ref.ID)
		if err != nil {
			if !transient(ctx, err) {
				return p, nil, err
			}
			p.Err = err
		}
		p.Status = st
	} else {
		pool, err := c.PooledZkappCommands(ctx, PoolFilter{Hashes: []TransactionHash{ref.Hash}})
		if err != nil {
			if !transient(ctx, err) {
				return p, nil, err
			}
			p.Err = err
		} else {
			p.Status = TransactionStatusUnknown
			for _, z := range pool {
				if ref.matches(z) {
					p.Status = TransactionStatusPending
				}
			}
		}
	}

	depth := c.scanDepth
	for {
		blocks, err := c.BestChain(ctx, depth)
		if err != nil {
			if !transient(ctx, err) {
				return p, nil, err
			}
			if p.Err == nil {
				p.Err = err
			}
			// A failed best-chain read says nothing about UNKNOWN.
			if p.Status == TransactionStatusUnknown {
				p.Status = ""
			}
			return p, nil, nil
		}
		if n := len(blocks); n > 0 {
			p.TipHeight = blocks[n-1].Height
		}
		for i := len(blocks) - 1; i >= 0; i-- {
			for _, z := range blocks[i].ZkappCommands {
				if !ref.matches(z) {
					continue
				}
				inc := &Inclusion{Command: z, StateHash: blocks[i].StateHash, Height: blocks[i].Height,
					Confirmations: len(blocks) - 1 - i}
				p.Status = TransactionStatusIncluded
				if len(z.Failures) > 0 {
					return p, inc, &RejectedError{Hash: z.Hash, ID: z.ID, Failures: z.Failures, Included: true}
				}
				return p, inc, nil
			}
		}
		if p.Status != TransactionStatusIncluded || depth == 0 {
			break
		}
		depth = 0 // INCLUDED but outside the window: scan the whole frontier once
	}
	if p.Status == TransactionStatusIncluded {
		return p, &Inclusion{Command: ZkappCommand{ID: ref.ID, Hash: ref.Hash}}, nil
	}
	return p, nil, nil
}

// transient reports whether a failed poll should be retried at the next
// interval rather than end the wait.
func transient(ctx context.Context, err error) bool {
	return ctx.Err() == nil && retryable(err)
}
