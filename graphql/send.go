package graphql

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	gql "github.com/Khan/genqlient/graphql"
)

// ZkappSubmission is a signed, proved zkApp command ready to send.
type ZkappSubmission struct {
	// Command is the zkappCommand JSON object ({"feePayer":…,
	// "accountUpdates":[…],"memo":…}) exactly as o1js Transaction.toJSON() or
	// mina-signer produce it. It is sent as the GraphQL variable
	// $zkappCommand, unmodified.
	Command json.RawMessage
	// Hash is the command's transaction hash (5J…), if the caller computed
	// it. With it, the duplicate check after an ambiguous failure identifies
	// this exact command; without it, the check matches on fee payer + nonce.
	Hash TransactionHash
}

// Source says where SendZkapp obtained the command's record.
type Source string

// Sources of a SendResult.
const (
	SourceSend      Source = "sendZkapp" // the node's reply to our send
	SourcePool      Source = "pool"      // found in the pool after an ambiguous failure
	SourceBestChain Source = "bestChain" // found in a best-chain block after an ambiguous failure
)

// SendResult is the node's record of a sent zkApp command.
type SendResult struct {
	ZkappCommand
	// Sends is how many times the command was transmitted to the node.
	Sends int
	// Source is SourceSend unless the reply was lost and the command was then
	// found in the pool or the best chain.
	Source Source
}

// errNonceInFlux marks a duplicate check that saw the fee payer's nonce taken
// by a pending command it could not find: the pool changed under it. The
// check is repeated; the command is not resent.
var errNonceInFlux = errors.New("graphql: sendZkapp: fee payer nonce pending but command not visible yet")

type submission struct {
	ZkappSubmission
	feePayer PublicKey
	nonce    uint32
}

func parseSubmission(s ZkappSubmission) (submission, error) {
	var probe struct {
		FeePayer *struct {
			Body struct {
				PublicKey PublicKey       `json:"publicKey"`
				Nonce     json.RawMessage `json:"nonce"`
			} `json:"body"`
		} `json:"feePayer"`
	}
	if len(s.Command) == 0 {
		return submission{}, errors.New("graphql: sendZkapp: empty zkApp command")
	}
	if err := json.Unmarshal(s.Command, &probe); err != nil {
		return submission{}, fmt.Errorf("graphql: sendZkapp: zkApp command is not a JSON object: %w", err)
	}
	if probe.FeePayer == nil || probe.FeePayer.Body.PublicKey == "" || len(probe.FeePayer.Body.Nonce) == 0 {
		return submission{}, errors.New("graphql: sendZkapp: zkApp command lacks feePayer.body.publicKey/nonce")
	}
	nonceText := string(probe.FeePayer.Body.Nonce)
	var str string
	if json.Unmarshal(probe.FeePayer.Body.Nonce, &str) == nil {
		nonceText = str
	}
	n, err := strconv.ParseUint(nonceText, 10, 32)
	if err != nil {
		return submission{}, fmt.Errorf("graphql: sendZkapp: fee payer nonce %s: %w", probe.FeePayer.Body.Nonce, err)
	}
	return submission{ZkappSubmission: s, feePayer: probe.FeePayer.Body.PublicKey, nonce: uint32(n)}, nil
}

// match finds this submission among cmds. A command with the same fee payer
// and nonce but another hash (when Hash is known) is returned as conflict.
func (s submission) match(cmds []ZkappCommand) (found, conflict *ZkappCommand) {
	for i := range cmds {
		z := &cmds[i]
		if s.Hash != "" && z.Hash == s.Hash {
			return z, nil
		}
		if z.FeePayer != s.feePayer {
			continue
		}
		if n, err := z.Nonce.Uint32(); err != nil || n != s.nonce {
			continue
		}
		if s.Hash == "" {
			return z, nil
		}
		conflict = z
	}
	return nil, conflict
}

// SendZkapp submits a zkApp command and returns the node's record of it. A
// failure the node reports (GraphQL errors) is returned as *GraphQLError and a
// non-empty failureReason as *RejectedError alongside the result. Transient
// failures are retried, but the command is sent again only when the node
// demonstrably has no record of it (see the package documentation).
func (c *Client) SendZkapp(ctx context.Context, sub ZkappSubmission) (*SendResult, error) {
	s, err := parseSubmission(sub)
	if err != nil {
		return nil, err
	}
	ctx, cancel := withDefaultTimeout(ctx, c.timeout)
	defer cancel()

	var (
		sends     int
		last      error
		mustCheck bool  // the last send may have reached the node
		checkErr  error // why the last duplicate check could not decide
		delay     time.Duration
	)
	for attempt := 1; attempt <= c.maxAttempts; attempt++ {
		if attempt > 1 {
			if err := c.sleep(ctx, delay); err != nil {
				return c.sendGiveUp(ctx, s, sends, mustCheck, last, checkErr)
			}
		}
		if mustCheck {
			found, src, err := c.lookup(ctx, s)
			switch {
			case err == nil && found != nil:
				return sendResult(*found, sends, src)
			case err == nil:
				mustCheck = false // the node has no record: resend below
			default:
				var nc *NonceConflictError
				if errors.As(err, &nc) {
					return nil, err
				}
				// Still unknown: never resend; look again later.
				checkErr = err
				var ok bool
				if delay, ok = c.lookupRetryDelay(err, attempt); !ok || ctx.Err() != nil {
					return nil, &AmbiguousSendError{Sends: sends, Err: last, CheckErr: checkErr}
				}
				continue
			}
		}

		sends++
		var res ZkappCommand
		err := c.once(ctx, "sendZkapp", func(ctx context.Context, gc gql.Client) error {
			r, err := sendZkapp(ctx, gc, s.Command)
			if err == nil {
				res = fromGenerated(&r.SendZkapp.Zkapp.zkappCommandResultFields)
			}
			return err
		})
		if err == nil {
			return sendResult(res, sends, SourceSend)
		}
		last = err
		mustCheck = requestMayHaveArrived(err)
		if !retryable(err) {
			return nil, fmt.Errorf("graphql: sendZkapp: %w", err)
		}
		if ctx.Err() != nil {
			return c.sendGiveUp(ctx, s, sends, mustCheck, last, checkErr)
		}
		var ok bool
		if delay, ok = c.retryDelay(err, attempt); !ok {
			break
		}
	}
	return c.sendGiveUp(ctx, s, sends, mustCheck, last, checkErr)
}

// lookupRetryDelay is retryDelay for a failed duplicate check.
func (c *Client) lookupRetryDelay(err error, attempt int) (time.Duration, bool) {
	if errors.Is(err, errNonceInFlux) {
		if attempt >= c.maxAttempts {
			return 0, false
		}
		return c.backoff(attempt), true
	}
	return c.retryDelay(err, attempt)
}

// sendGiveUp builds the outcome once no attempts (or no time) remain. If the
// last send may have reached the node, one final duplicate check is made
// while the context allows, so that the caller learns a definite outcome
// where possible; the command is not sent again.
func (c *Client) sendGiveUp(ctx context.Context, s submission, sends int, mustCheck bool, last, checkErr error) (*SendResult, error) {
	if !mustCheck {
		if ctx.Err() != nil {
			return nil, c.ctxError(ctx, "sendZkapp", last)
		}
		return nil, fmt.Errorf("graphql: sendZkapp: gave up after %d send(s); the node did not receive the command: %w", sends, last)
	}
	if ctx.Err() == nil {
		found, src, err := c.lookup(ctx, s)
		switch {
		case err == nil && found != nil:
			return sendResult(*found, sends, src)
		case err == nil:
			return nil, fmt.Errorf("graphql: sendZkapp: gave up after %d send(s); the node has no record of the command, so it may be sent again: %w", sends, last)
		}
		var nc *NonceConflictError
		if errors.As(err, &nc) {
			return nil, err
		}
		checkErr = err
	}
	return nil, &AmbiguousSendError{Sends: sends, Err: last, CheckErr: checkErr}
}

func sendResult(z ZkappCommand, sends int, src Source) (*SendResult, error) {
	res := &SendResult{ZkappCommand: z, Sends: sends, Source: src}
	if len(z.Failures) > 0 {
		return res, &RejectedError{Hash: z.Hash, ID: z.ID, Failures: z.Failures, Included: src == SourceBestChain}
	}
	return res, nil
}

// lookup decides whether the node has a record of s. It returns the record
// (found in the pool or the best chain), or nil with a nil error when the node
// demonstrably has none, or an error when it cannot tell (*NonceConflictError
// when the nonce is taken by another or unidentifiable command).
//
// Order matters: a command only moves pool → best chain → ledger nonce, so
// querying pool, then best chain, then the account cannot miss a command that
// moved between queries.
func (c *Client) lookup(ctx context.Context, s submission) (*ZkappCommand, Source, error) {
	var pool []ZkappCommand
	err := c.once(ctx, "pooledZkappCommands", func(ctx context.Context, gc gql.Client) error {
		r, err := pooledOnce(ctx, gc, PoolFilter{FeePayer: s.feePayer})
		pool = r
		return err
	})
	if err != nil {
		return nil, "", err
	}
	found, conflict := s.match(pool)
	if found != nil {
		return found, SourcePool, nil
	}
	if conflict != nil {
		return nil, "", &NonceConflictError{FeePayer: s.feePayer, Nonce: s.nonce,
			Reason: fmt.Sprintf("pool holds command %s", conflict.Hash)}
	}

	if found, err := c.lookupChain(ctx, s); err != nil {
		return nil, "", err
	} else if found != nil {
		return found, SourceBestChain, nil
	}

	var acct *Account
	err = c.once(ctx, "account", func(ctx context.Context, gc gql.Client) error {
		a, err := c.accountOnce(ctx, gc, s.feePayer, "")
		acct = a
		return err
	})
	if err != nil {
		return nil, "", err
	}
	if acct == nil {
		return nil, "", nil // no fee payer account: nothing can hold the nonce
	}
	if acct.Nonce != "" {
		n, err := acct.Nonce.Uint32()
		if err != nil {
			return nil, "", fmt.Errorf("graphql: sendZkapp: duplicate check: %w", err)
		}
		if n > s.nonce {
			// The command may have been included since the scan above.
			if found, err := c.lookupChain(ctx, s); err != nil {
				return nil, "", err
			} else if found != nil {
				return found, SourceBestChain, nil
			}
			return nil, "", &NonceConflictError{FeePayer: s.feePayer, Nonce: s.nonce,
				Reason: fmt.Sprintf("ledger nonce is already %d; the command or another with this nonce was applied outside the scanned blocks", n)}
		}
	}
	if acct.InferredNonce != "" {
		n, err := acct.InferredNonce.Uint32()
		if err != nil {
			return nil, "", fmt.Errorf("graphql: sendZkapp: duplicate check: %w", err)
		}
		if n > s.nonce {
			return nil, "", errNonceInFlux
		}
	}
	return nil, "", nil
}

// lookupChain searches the last scanDepth best-chain blocks for s.
func (c *Client) lookupChain(ctx context.Context, s submission) (*ZkappCommand, error) {
	var blocks []Block
	err := c.once(ctx, "bestChain", func(ctx context.Context, gc gql.Client) error {
		r, err := bestChainOnce(ctx, gc, c.scanDepth)
		blocks = r
		return err
	})
	if err != nil {
		return nil, err
	}
	for i := len(blocks) - 1; i >= 0; i-- {
		found, conflict := s.match(blocks[i].ZkappCommands)
		if found != nil {
			return found, nil
		}
		if conflict != nil {
			return nil, &NonceConflictError{FeePayer: s.feePayer, Nonce: s.nonce,
				Reason: fmt.Sprintf("block %s includes command %s", blocks[i].StateHash, conflict.Hash)}
		}
	}
	return nil, nil
}
