package graphql

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	gql "github.com/Khan/genqlient/graphql"
)

// Defaults used by New; each can be changed with an Option.
const (
	DefaultTimeout          = 60 * time.Second
	DefaultAttemptTimeout   = 20 * time.Second
	DefaultMaxAttempts      = 4
	DefaultBaseBackoff      = 250 * time.Millisecond
	DefaultMaxBackoff       = 8 * time.Second
	DefaultMaxRetryAfter    = 30 * time.Second
	DefaultInclusionTimeout = 30 * time.Minute
	DefaultPollInterval     = 15 * time.Second
	DefaultScanDepth        = 50
	DefaultMaxResponseBytes = 64 << 20
)

// Client talks to one Mina daemon GraphQL endpoint. It is safe for concurrent
// use; all state is fixed at construction.
type Client struct {
	endpoint         string
	httpClient       *http.Client
	header           http.Header
	timeout          time.Duration
	attemptTimeout   time.Duration
	maxAttempts      int
	baseBackoff      time.Duration
	maxBackoff       time.Duration
	maxRetryAfter    time.Duration
	inclusionTimeout time.Duration
	scanDepth        int
	maxResponseBytes int64

	// sleep waits for d or until ctx ends; tests replace it to avoid real delays.
	sleep func(ctx context.Context, d time.Duration) error
	// jitter maps a backoff ceiling to the actual delay.
	jitter func(d time.Duration) time.Duration
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sets the HTTP client (transport, proxies, TLS). Its own
// Timeout, if any, also bounds each attempt.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.httpClient = hc
		}
	}
}

// WithTimeout sets the deadline applied to a call whose context has none.
func WithTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// WithAttemptTimeout bounds each individual HTTP attempt within a call.
func WithAttemptTimeout(d time.Duration) Option { return func(c *Client) { c.attemptTimeout = d } }

// WithRetry sets the maximum number of attempts per call (1 disables retries)
// and the exponential backoff's base and ceiling.
func WithRetry(maxAttempts int, base, ceiling time.Duration) Option {
	return func(c *Client) {
		c.maxAttempts, c.baseBackoff, c.maxBackoff = maxAttempts, base, ceiling
	}
}

// WithMaxRetryAfter sets the longest Retry-After the client will honour; a
// longer one ends the call with the *HTTPStatusError.
func WithMaxRetryAfter(d time.Duration) Option { return func(c *Client) { c.maxRetryAfter = d } }

// WithInclusionTimeout sets the deadline WaitForInclusion applies when its
// context has none.
func WithInclusionTimeout(d time.Duration) Option {
	return func(c *Client) { c.inclusionTimeout = d }
}

// WithScanDepth sets how many best-chain blocks (from the tip) are searched
// for a command by SendZkapp's duplicate check and by WaitForInclusion.
func WithScanDepth(n int) Option { return func(c *Client) { c.scanDepth = n } }

// WithHeader adds an HTTP header to every request (e.g. an API key for a
// hosted endpoint).
func WithHeader(key, value string) Option {
	return func(c *Client) { c.header.Add(key, value) }
}

// WithMaxResponseBytes caps the size of a response body.
func WithMaxResponseBytes(n int64) Option { return func(c *Client) { c.maxResponseBytes = n } }

// New returns a Client for the daemon's GraphQL endpoint, e.g.
// "http://localhost:3085/graphql".
func New(endpoint string, opts ...Option) (*Client, error) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return nil, fmt.Errorf("graphql: parse endpoint: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" || u.Host == "" {
		return nil, fmt.Errorf("graphql: endpoint %q: want an http(s) URL with a host", endpoint)
	}
	c := &Client{
		endpoint:         endpoint,
		httpClient:       &http.Client{},
		header:           make(http.Header),
		timeout:          DefaultTimeout,
		attemptTimeout:   DefaultAttemptTimeout,
		maxAttempts:      DefaultMaxAttempts,
		baseBackoff:      DefaultBaseBackoff,
		maxBackoff:       DefaultMaxBackoff,
		maxRetryAfter:    DefaultMaxRetryAfter,
		inclusionTimeout: DefaultInclusionTimeout,
		scanDepth:        DefaultScanDepth,
		maxResponseBytes: DefaultMaxResponseBytes,
		sleep:            sleepCtx,
		jitter:           equalJitter,
	}
	for _, o := range opts {
		o(c)
	}
	if c.maxAttempts < 1 {
		c.maxAttempts = 1
	}
	if c.scanDepth < 1 {
		c.scanDepth = 1
	}
	return c, nil
}

// Endpoint returns the GraphQL URL the client talks to.
func (c *Client) Endpoint() string { return c.endpoint }

// NetworkID returns the node's chain-agnostic network identifier, e.g.
// "mina:devnet".
func (c *Client) NetworkID(ctx context.Context) (string, error) {
	var out string
	err := c.call(ctx, "networkID", func(ctx context.Context, gc gql.Client) error {
		r, err := networkID(ctx, gc)
		if err == nil {
			out = r.NetworkID
		}
		return err
	})
	return out, err
}

// CheckNetwork fails with *NetworkMismatchError unless the node's network id
// equals want (e.g. "mina:devnet", "mina:mainnet").
func (c *Client) CheckNetwork(ctx context.Context, want string) error {
	got, err := c.NetworkID(ctx)
	if err != nil {
		return fmt.Errorf("graphql: check network: %w", err)
	}
	if got != want {
		return &NetworkMismatchError{Want: want, Got: got}
	}
	return nil
}

// SyncStatus returns the daemon's synchronisation status (SYNCED when usable).
func (c *Client) SyncStatus(ctx context.Context) (SyncStatus, error) {
	var out SyncStatus
	err := c.call(ctx, "syncStatus", func(ctx context.Context, gc gql.Client) error {
		r, err := syncStatus(ctx, gc)
		if err == nil {
			out = r.SyncStatus
		}
		return err
	})
	return out, err
}

// Account returns the account for publicKey and token (empty token: MINA);
// a missing account yields an error wrapping ErrAccountNotFound.
func (c *Client) Account(ctx context.Context, publicKey PublicKey, token TokenID) (*Account, error) {
	var out *Account
	err := c.call(ctx, "account", func(ctx context.Context, gc gql.Client) error {
		r, err := c.accountOnce(ctx, gc, publicKey, token)
		out = r
		return err
	})
	if err != nil {
		return nil, err
	}
	if out == nil {
		return nil, fmt.Errorf("graphql: account %s: %w", publicKey, ErrAccountNotFound)
	}
	return out, nil
}

// accountOnce returns nil, nil for a missing account.
func (c *Client) accountOnce(ctx context.Context, gc gql.Client, publicKey PublicKey, token TokenID) (*Account, error) {
	var tok *TokenID
	if token != "" {
		tok = &token
	}
	r, err := account(ctx, gc, publicKey, tok)
	if err != nil || r.Account == nil {
		return nil, err
	}
	return accountFromGenerated(r.Account), nil
}

// TransactionStatus returns PENDING, INCLUDED or UNKNOWN for the zkApp command
// with the given Base64 id (ZkappCommand.ID, not its hash).
func (c *Client) TransactionStatus(ctx context.Context, id TransactionID) (TransactionStatus, error) {
	var out TransactionStatus
	err := c.call(ctx, "transactionStatus", func(ctx context.Context, gc gql.Client) error {
		r, err := transactionStatus(ctx, gc, string(id))
		if err == nil {
			out = r.TransactionStatus
		}
		return err
	})
	return out, err
}

// PooledZkappCommands lists the zkApp commands in the node's transaction pool
// matching the filter.
func (c *Client) PooledZkappCommands(ctx context.Context, f PoolFilter) ([]ZkappCommand, error) {
	var out []ZkappCommand
	err := c.call(ctx, "pooledZkappCommands", func(ctx context.Context, gc gql.Client) error {
		r, err := pooledOnce(ctx, gc, f)
		out = r
		return err
	})
	return out, err
}

func pooledOnce(ctx context.Context, gc gql.Client, f PoolFilter) ([]ZkappCommand, error) {
	var pk *PublicKey
	if f.FeePayer != "" {
		pk = &f.FeePayer
	}
	hashes := make([]string, len(f.Hashes))
	for i, h := range f.Hashes {
		hashes[i] = string(h)
	}
	ids := make([]string, len(f.IDs))
	for i, id := range f.IDs {
		ids[i] = string(id)
	}
	r, err := pooledZkappCommands(ctx, gc, pk, hashes, ids)
	if err != nil {
		return nil, err
	}
	out := make([]ZkappCommand, len(r.PooledZkappCommands))
	for i := range r.PooledZkappCommands {
		out[i] = fromGenerated(&r.PooledZkappCommands[i].zkappCommandResultFields)
	}
	return out, nil
}

// BestChain returns up to maxLength blocks closest to the best tip, oldest
// first (maxLength <= 0: the whole transition frontier).
func (c *Client) BestChain(ctx context.Context, maxLength int) ([]Block, error) {
	var out []Block
	err := c.call(ctx, "bestChain", func(ctx context.Context, gc gql.Client) error {
		r, err := bestChainOnce(ctx, gc, maxLength)
		out = r
		return err
	})
	return out, err
}

func bestChainOnce(ctx context.Context, gc gql.Client, maxLength int) ([]Block, error) {
	var ml *int
	if maxLength > 0 {
		ml = &maxLength
	}
	r, err := bestChain(ctx, gc, ml)
	if err != nil {
		return nil, err
	}
	out := make([]Block, len(r.BestChain))
	for i := range r.BestChain {
		out[i] = blockFromGenerated(&r.BestChain[i])
	}
	return out, nil
}

// ---- retry engine ----

// withDefaultTimeout applies d when ctx has no deadline.
func withDefaultTimeout(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	if _, ok := ctx.Deadline(); ok || d <= 0 {
		return context.WithCancel(ctx)
	}
	return context.WithTimeout(ctx, d)
}

// call runs fn (one generated operation) with the default timeout and retries
// retryable failures. Only idempotent operations go through call; sendZkapp
// has its own loop in send.go.
func (c *Client) call(ctx context.Context, op string, fn func(context.Context, gql.Client) error) error {
	ctx, cancel := withDefaultTimeout(ctx, c.timeout)
	defer cancel()
	for attempt := 1; ; attempt++ {
		err := c.once(ctx, op, fn)
		if err == nil {
			return nil
		}
		delay, retry := c.retryDelay(err, attempt)
		if !retry || ctx.Err() != nil {
			return err
		}
		if serr := c.sleep(ctx, delay); serr != nil {
			return c.ctxError(ctx, op, err)
		}
	}
}

// once runs fn as a single HTTP attempt bounded by the attempt timeout.
func (c *Client) once(ctx context.Context, op string, fn func(context.Context, gql.Client) error) error {
	actx := ctx
	if c.attemptTimeout > 0 {
		var cancel context.CancelFunc
		actx, cancel = context.WithTimeout(ctx, c.attemptTimeout)
		defer cancel()
	}
	return fn(actx, &transport{c: c, op: op})
}

// ctxError converts the end of the call's context into the error to return,
// keeping the last attempt's failure as context.
func (c *Client) ctxError(ctx context.Context, op string, last error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		var te *TimeoutError
		if errors.As(last, &te) {
			return last
		}
		return &TimeoutError{Op: op, Endpoint: c.endpoint, Err: fmt.Errorf("%w (last attempt: %v)", ctx.Err(), last)}
	}
	return fmt.Errorf("graphql: %s: %w (last attempt: %v)", op, ctx.Err(), last)
}

// retryDelay says whether err is transient and how long to wait before the
// next attempt (attempt counts from 1).
func (c *Client) retryDelay(err error, attempt int) (time.Duration, bool) {
	if attempt >= c.maxAttempts || !retryable(err) {
		return 0, false
	}
	var he *HTTPStatusError
	if errors.As(err, &he) && he.RetryAfter > 0 {
		if he.RetryAfter > c.maxRetryAfter {
			return 0, false
		}
		return he.RetryAfter, true
	}
	return c.backoff(attempt), true
}

// backoff is base·2^(attempt-1), capped, then jittered.
func (c *Client) backoff(attempt int) time.Duration {
	d := c.baseBackoff
	for i := 1; i < attempt && d < c.maxBackoff; i++ {
		d *= 2
	}
	if d > c.maxBackoff {
		d = c.maxBackoff
	}
	return c.jitter(d)
}

// retryable reports transport failures, timeouts of one attempt, 408, 429 and
// 5xx as transient.
func retryable(err error) bool {
	var (
		ue *UnreachableError
		te *TimeoutError
		he *HTTPStatusError
	)
	switch {
	case errors.As(err, &ue), errors.As(err, &te):
		return true
	case errors.As(err, &he):
		return he.StatusCode == http.StatusRequestTimeout ||
			he.StatusCode == http.StatusTooManyRequests || he.StatusCode >= 500
	}
	return false
}

// requestMayHaveArrived reports whether the node may have acted on the
// request that failed with err.
func requestMayHaveArrived(err error) bool {
	var (
		ue *UnreachableError
		te *TimeoutError
	)
	switch {
	case errors.As(err, &ue):
		return ue.RequestSent
	case errors.As(err, &te):
		return te.RequestSent
	}
	return true // an HTTP response (of any kind) came back
}

func equalJitter(d time.Duration) time.Duration {
	if d <= 1 {
		return d
	}
	half := d / 2
	return half + time.Duration(rand.Int64N(int64(d-half)+1))
}

func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// parseRetryAfter reads delay-seconds or an HTTP-date; zero if absent/invalid.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// ---- one HTTP attempt ----

// transport implements genqlient's graphql.Client for a single attempt and
// turns every failure into one of the package's typed errors.
type transport struct {
	c  *Client
	op string
}

type wireResponse struct {
	Data       json.RawMessage     `json:"data"`
	Errors     []GraphQLErrorEntry `json:"errors"`
	Extensions map[string]any      `json:"extensions"`
}

func snippet(b []byte) string {
	const max = 512
	if len(b) > max {
		return string(b[:max]) + "…"
	}
	return string(b)
}

func (t *transport) MakeRequest(ctx context.Context, req *gql.Request, resp *gql.Response) error {
	c := t.c
	body, err := json.Marshal(req)
	if err != nil {
		return fmt.Errorf("graphql: %s: encode request: %w", t.op, err)
	}
	var sent atomic.Bool
	trace := &httptrace.ClientTrace{
		WroteRequest: func(info httptrace.WroteRequestInfo) {
			if info.Err == nil {
				sent.Store(true)
			}
		},
	}
	hreq, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), http.MethodPost, c.endpoint, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("graphql: %s: build request: %w", t.op, err)
	}
	for k, vs := range c.header {
		for _, v := range vs {
			hreq.Header.Add(k, v)
		}
	}
	hreq.Header.Set("Content-Type", "application/json")
	hreq.Header.Set("Accept", "application/json")

	hresp, err := c.httpClient.Do(hreq)
	if err != nil {
		return t.transportError(ctx, err, sent.Load())
	}
	defer hresp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(hresp.Body, c.maxResponseBytes+1))
	if err != nil {
		return t.transportError(ctx, fmt.Errorf("read response: %w", err), true)
	}
	if int64(len(raw)) > c.maxResponseBytes {
		return &MalformedResponseError{Op: t.op, StatusCode: hresp.StatusCode, Body: snippet(raw),
			Err: fmt.Errorf("response larger than %d bytes", c.maxResponseBytes)}
	}

	var wr wireResponse
	decodeErr := json.Unmarshal(raw, &wr)
	if hresp.StatusCode < 200 || hresp.StatusCode > 299 {
		// A 4xx carrying GraphQL errors is the node speaking (e.g. a query
		// that failed validation); anything else is an HTTP-level failure.
		if decodeErr == nil && len(wr.Errors) > 0 && hresp.StatusCode < 500 && hresp.StatusCode != http.StatusTooManyRequests {
			return &GraphQLError{Op: t.op, StatusCode: hresp.StatusCode, Errors: wr.Errors}
		}
		return &HTTPStatusError{
			Op:         t.op,
			StatusCode: hresp.StatusCode,
			Status:     hresp.Status,
			RetryAfter: parseRetryAfter(hresp.Header.Get("Retry-After"), time.Now()),
			Body:       snippet(raw),
		}
	}
	if decodeErr != nil {
		return &MalformedResponseError{Op: t.op, StatusCode: hresp.StatusCode, Body: snippet(raw), Err: decodeErr}
	}
	resp.Extensions = wr.Extensions
	if len(wr.Errors) > 0 {
		return &GraphQLError{Op: t.op, StatusCode: hresp.StatusCode, Errors: wr.Errors}
	}
	if len(wr.Data) == 0 || string(wr.Data) == "null" {
		return &MalformedResponseError{Op: t.op, StatusCode: hresp.StatusCode, Body: snippet(raw),
			Err: errors.New(`neither "data" nor "errors" in response`)}
	}
	if err := json.Unmarshal(wr.Data, resp.Data); err != nil {
		return &MalformedResponseError{Op: t.op, StatusCode: hresp.StatusCode, Body: snippet(raw),
			Err: fmt.Errorf("decode data: %w", err)}
	}
	return nil
}

func (t *transport) transportError(ctx context.Context, err error, sent bool) error {
	var ne net.Error
	if ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.As(err, &ne) && ne.Timeout() {
		return &TimeoutError{Op: t.op, Endpoint: t.c.endpoint, RequestSent: sent, Err: err}
	}
	if ctx.Err() != nil {
		// Cancelled by the caller: not transient.
		return fmt.Errorf("graphql: %s: %w", t.op, ctx.Err())
	}
	return &UnreachableError{Op: t.op, Endpoint: t.c.endpoint, RequestSent: sent, Err: err}
}
