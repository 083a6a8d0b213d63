package graphql

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestQueryFaults(t *testing.T) {
	type check func(t *testing.T, err error, n *fakeNode, sl *sleepLog)
	tests := []struct {
		name   string
		closed bool // point the client at a closed listener
		faults []fault
		always fault
		gqlErr []map[string]any
		opts   []Option
		want   string // networkID expected on success
		check  check
	}{
		{
			name:   "connection refused",
			closed: true,
			check: func(t *testing.T, err error, _ *fakeNode, sl *sleepLog) {
				var ue *UnreachableError
				if !errors.As(err, &ue) {
					t.Fatalf("err = %v, want *UnreachableError", err)
				}
				if ue.RequestSent {
					t.Errorf("RequestSent = true for a refused connection")
				}
				if got := len(sl.all()); got != 3 {
					t.Errorf("backoff sleeps = %d, want 3 (4 attempts)", got)
				}
			},
		},
		{
			name:   "hang past attempt timeout",
			always: fault{hang: true},
			opts:   []Option{WithAttemptTimeout(100 * time.Millisecond), WithRetry(2, 10*time.Millisecond, 10*time.Millisecond)},
			check: func(t *testing.T, err error, n *fakeNode, _ *sleepLog) {
				var te *TimeoutError
				if !errors.As(err, &te) {
					t.Fatalf("err = %v, want *TimeoutError", err)
				}
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Errorf("err does not unwrap to context.DeadlineExceeded: %v", err)
				}
				if !te.RequestSent {
					t.Errorf("RequestSent = false, the request was written")
				}
				if got := n.count("networkID"); got != 2 {
					t.Errorf("requests = %d, want 2", got)
				}
			},
		},
		{
			name:   "hang past call timeout",
			always: fault{hang: true},
			opts:   []Option{WithTimeout(150 * time.Millisecond), WithAttemptTimeout(time.Minute)},
			check: func(t *testing.T, err error, n *fakeNode, _ *sleepLog) {
				var te *TimeoutError
				if !errors.As(err, &te) {
					t.Fatalf("err = %v, want *TimeoutError", err)
				}
				if got := n.count("networkID"); got != 1 {
					t.Errorf("requests = %d, want 1 (no retry once the call deadline passed)", got)
				}
			},
		},
		{
			name:   "500 then success",
			faults: []fault{{status: http.StatusInternalServerError}},
			want:   "mina:devnet",
			check: func(t *testing.T, _ error, n *fakeNode, sl *sleepLog) {
				if got := n.count("networkID"); got != 2 {
					t.Errorf("requests = %d, want 2", got)
				}
				if d := sl.all(); len(d) != 1 || d[0] != 100*time.Millisecond {
					t.Errorf("backoff = %v, want [100ms]", d)
				}
			},
		},
		{
			name:   "502 503 504 then success with exponential backoff",
			faults: []fault{{status: 502}, {status: 503}, {status: 504}},
			want:   "mina:devnet",
			check: func(t *testing.T, _ error, n *fakeNode, sl *sleepLog) {
				want := []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond}
				if d := sl.all(); !equalDurations(d, want) {
					t.Errorf("backoff = %v, want %v", d, want)
				}
			},
		},
		{
			name:   "429 Retry-After seconds then success",
			faults: []fault{{status: http.StatusTooManyRequests, retryAfter: "1"}},
			want:   "mina:devnet",
			check: func(t *testing.T, _ error, n *fakeNode, sl *sleepLog) {
				if d := sl.all(); len(d) != 1 || d[0] != time.Second {
					t.Errorf("delays = %v, want [1s] from Retry-After", d)
				}
				if got := n.count("networkID"); got != 2 {
					t.Errorf("requests = %d, want 2", got)
				}
			},
		},
		{
			name:   "429 Retry-After HTTP-date then success",
			faults: []fault{{status: http.StatusTooManyRequests, retryAfter: time.Now().Add(3 * time.Second).UTC().Format(http.TimeFormat)}},
			want:   "mina:devnet",
			check: func(t *testing.T, _ error, _ *fakeNode, sl *sleepLog) {
				d := sl.all()
				if len(d) != 1 || d[0] <= time.Second || d[0] > 3*time.Second {
					t.Errorf("delays = %v, want one in (1s, 3s] from the HTTP-date", d)
				}
			},
		},
		{
			name:   "429 Retry-After beyond the limit is not honoured",
			faults: []fault{{status: http.StatusTooManyRequests, retryAfter: "3600"}},
			check: func(t *testing.T, err error, n *fakeNode, _ *sleepLog) {
				var he *HTTPStatusError
				if !errors.As(err, &he) || he.StatusCode != 429 || he.RetryAfter != time.Hour {
					t.Fatalf("err = %v, want *HTTPStatusError 429 with RetryAfter 1h", err)
				}
				if got := n.count("networkID"); got != 1 {
					t.Errorf("requests = %d, want 1", got)
				}
			},
		},
		{
			name:   "persistent 503 exhausts attempts",
			always: fault{status: http.StatusServiceUnavailable},
			check: func(t *testing.T, err error, n *fakeNode, _ *sleepLog) {
				var he *HTTPStatusError
				if !errors.As(err, &he) || he.StatusCode != 503 {
					t.Fatalf("err = %v, want *HTTPStatusError 503", err)
				}
				if !strings.Contains(he.Body, "upstream trouble") {
					t.Errorf("Body = %q, want the response body", he.Body)
				}
				if got := n.count("networkID"); got != 4 {
					t.Errorf("requests = %d, want 4", got)
				}
			},
		},
		{
			name:   "404 is not retried",
			faults: []fault{{status: http.StatusNotFound}},
			check: func(t *testing.T, err error, n *fakeNode, _ *sleepLog) {
				var he *HTTPStatusError
				if !errors.As(err, &he) || he.StatusCode != 404 {
					t.Fatalf("err = %v, want *HTTPStatusError 404", err)
				}
				if got := n.count("networkID"); got != 1 {
					t.Errorf("requests = %d, want 1", got)
				}
			},
		},
		{
			name:   "malformed JSON",
			faults: []fault{{body: `{"data": {"networkID": "mina:dev`}},
			check: func(t *testing.T, err error, n *fakeNode, _ *sleepLog) {
				var me *MalformedResponseError
				if !errors.As(err, &me) {
					t.Fatalf("err = %v, want *MalformedResponseError", err)
				}
				if got := n.count("networkID"); got != 1 {
					t.Errorf("requests = %d, want 1 (malformed responses are not retried)", got)
				}
			},
		},
		{
			name:   "wrong data shape",
			faults: []fault{{body: `{"data": {"networkID": 42}}`}},
			check: func(t *testing.T, err error, _ *fakeNode, _ *sleepLog) {
				var me *MalformedResponseError
				if !errors.As(err, &me) {
					t.Fatalf("err = %v, want *MalformedResponseError", err)
				}
			},
		},
		{
			name:   "neither data nor errors",
			faults: []fault{{body: `{}`}},
			check: func(t *testing.T, err error, _ *fakeNode, _ *sleepLog) {
				var me *MalformedResponseError
				if !errors.As(err, &me) {
					t.Fatalf("err = %v, want *MalformedResponseError", err)
				}
			},
		},
		{
			name: "GraphQL errors surfaced verbatim",
			gqlErr: []map[string]any{
				{"message": "Could not find \"networkID\": daemon is bootstrapping", "path": []any{"networkID"}, "locations": []any{map[string]any{"line": 3, "column": 2}}},
				{"message": "second <error> & more", "path": []any{"networkID", 0, "x"}},
			},
			check: func(t *testing.T, err error, n *fakeNode, _ *sleepLog) {
				var ge *GraphQLError
				if !errors.As(err, &ge) {
					t.Fatalf("err = %v, want *GraphQLError", err)
				}
				msgs := ge.Messages()
				if len(msgs) != 2 || msgs[0] != "Could not find \"networkID\": daemon is bootstrapping" || msgs[1] != "second <error> & more" {
					t.Errorf("messages = %q", msgs)
				}
				if p := ge.Errors[1].PathString(); p != "networkID.0.x" {
					t.Errorf("path = %q, want networkID.0.x", p)
				}
				if ge.Errors[0].Locations[0] != (GraphQLErrorLocation{Line: 3, Column: 2}) {
					t.Errorf("locations = %v", ge.Errors[0].Locations)
				}
				if !strings.Contains(err.Error(), `Could not find "networkID": daemon is bootstrapping (path networkID)`) {
					t.Errorf("Error() = %q lacks the verbatim message", err.Error())
				}
				if got := n.count("networkID"); got != 1 {
					t.Errorf("requests = %d, want 1", got)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, endpoint := newFakeNode(t)
			if tc.closed {
				endpoint = closedEndpoint(t)
			}
			n.faults["networkID"] = tc.faults
			n.always["networkID"] = tc.always
			n.gqlErrors["networkID"] = tc.gqlErr
			c, sl := newTestClient(t, endpoint, tc.opts...)
			got, err := c.NetworkID(context.Background())
			if tc.want != "" {
				if err != nil || got != tc.want {
					t.Fatalf("NetworkID = %q, %v; want %q", got, err, tc.want)
				}
			} else if err == nil {
				t.Fatalf("NetworkID = %q, want an error", got)
			}
			tc.check(t, err, n, sl)
		})
	}
}

func TestCheckNetwork(t *testing.T) {
	tests := []struct {
		node, want string
		mismatch   bool
	}{
		{"mina:devnet", "mina:devnet", false},
		{"mina:mainnet", "mina:mainnet", false},
		{"mina:devnet", "mina:mainnet", true},
		{"mina:testnet-custom", "mina:devnet", true},
	}
	for _, tc := range tests {
		t.Run(tc.node+"/"+tc.want, func(t *testing.T) {
			n, endpoint := newFakeNode(t)
			n.networkID = tc.node
			c, _ := newTestClient(t, endpoint)
			err := c.CheckNetwork(context.Background(), tc.want)
			var me *NetworkMismatchError
			switch {
			case tc.mismatch && !errors.As(err, &me):
				t.Fatalf("err = %v, want *NetworkMismatchError", err)
			case tc.mismatch && (me.Got != tc.node || me.Want != tc.want):
				t.Errorf("mismatch = %+v", me)
			case !tc.mismatch && err != nil:
				t.Fatalf("err = %v", err)
			}
		})
	}
}

func TestCheckNetworkUnreachable(t *testing.T) {
	c, _ := newTestClient(t, closedEndpoint(t), WithRetry(1, 0, 0))
	err := c.CheckNetwork(context.Background(), "mina:devnet")
	var ue *UnreachableError
	if !errors.As(err, &ue) {
		t.Fatalf("err = %v, want *UnreachableError", err)
	}
}

func TestAccount(t *testing.T) {
	n, endpoint := newFakeNode(t)
	n.accounts["B62qexists"] = &acctRec{nonce: 4, inferred: 6}
	c, _ := newTestClient(t, endpoint)
	ctx := context.Background()

	tests := []struct {
		name      string
		pk        PublicKey
		token     TokenID
		notFound  bool
		wantToken bool // whether the request carries the token variable
	}{
		{name: "default token", pk: "B62qexists"},
		{name: "explicit token", pk: "B62qexists", token: "wSHV2S4qX9jFsLjQo8r1BsMLH2ZRKsZx6EJd1sbozGPieEC4Jf", wantToken: true},
		{name: "missing account", pk: "B62qnobody", notFound: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := c.Account(ctx, tc.pk, tc.token)
			var req wireRequest
			if jerr := json.Unmarshal(n.lastBody("account"), &req); jerr != nil {
				t.Fatalf("request: %v", jerr)
			}
			if _, has := req.Variables["token"]; has != tc.wantToken {
				t.Errorf("token variable present = %v, want %v", has, tc.wantToken)
			}
			if tc.notFound {
				if !errors.Is(err, ErrAccountNotFound) {
					t.Fatalf("err = %v, want ErrAccountNotFound", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if a.Nonce != "4" || a.InferredNonce != "6" || a.Balance.Total != "1500000000000" {
				t.Errorf("nonce/inferred/balance = %s/%s/%s", a.Nonce, a.InferredNonce, a.Balance.Total)
			}
			if v, err := a.Balance.Total.Uint64(); err != nil || v != 1_500_000_000_000 {
				t.Errorf("Balance.Total.Uint64() = %d, %v", v, err)
			}
			if len(a.ZkappState) != 8 || a.ZkappState[1] != "2" || !a.ProvedState {
				t.Errorf("zkappState = %v provedState = %v", a.ZkappState, a.ProvedState)
			}
			if a.VerificationKeyHash == "" || a.Permissions == nil || a.Permissions.EditState != AccountAuthRequiredProof ||
				a.Permissions.SetVerificationKey.Auth != AccountAuthRequiredSignature || a.Permissions.SetVerificationKey.TxnVersion != "3" {
				t.Errorf("vk hash %q permissions %+v", a.VerificationKeyHash, a.Permissions)
			}
		})
	}
}

func TestSimpleQueries(t *testing.T) {
	n, endpoint := newFakeNode(t)
	n.pool = []cmdRec{
		{id: idOf("B62qa", 1), hash: hashOf("B62qa", 1), feePayer: "B62qa", nonce: "1"},
		{id: idOf("B62qb", 5), hash: hashOf("B62qb", 5), feePayer: "B62qb", nonce: "5"},
	}
	n.chain = append(n.chain, blockRec{stateHash: "3NKblock101", height: 101, cmds: []cmdRec{{id: "ID", hash: "5Jincluded", feePayer: "B62qc", nonce: "0", failures: []any{map[string]any{"index": "1", "failures": []string{"Account_app_state_precondition_unsatisfied"}}}}}})
	n.statuses = []string{"PENDING"}
	c, _ := newTestClient(t, endpoint)
	ctx := context.Background()

	tests := []struct {
		name string
		run  func() (any, error)
		want func(t *testing.T, v any)
	}{
		{"syncStatus", func() (any, error) { return c.SyncStatus(ctx) }, func(t *testing.T, v any) {
			if v.(SyncStatus) != SyncStatusSynced {
				t.Errorf("got %v", v)
			}
		}},
		{"transactionStatus", func() (any, error) { return c.TransactionStatus(ctx, "ID64") }, func(t *testing.T, v any) {
			if v.(TransactionStatus) != TransactionStatusPending {
				t.Errorf("got %v", v)
			}
		}},
		{"pool by fee payer", func() (any, error) { return c.PooledZkappCommands(ctx, PoolFilter{FeePayer: "B62qb"}) }, func(t *testing.T, v any) {
			cmds := v.([]ZkappCommand)
			if len(cmds) != 1 || cmds[0].Hash != TransactionHash(hashOf("B62qb", 5)) || cmds[0].Nonce != "5" || cmds[0].Fee != "100000000" {
				t.Errorf("got %+v", cmds)
			}
		}},
		{"whole pool", func() (any, error) { return c.PooledZkappCommands(ctx, PoolFilter{}) }, func(t *testing.T, v any) {
			if cmds := v.([]ZkappCommand); len(cmds) != 2 {
				t.Errorf("got %d commands, want 2", len(cmds))
			}
		}},
		{"bestChain", func() (any, error) { return c.BestChain(ctx, 5) }, func(t *testing.T, v any) {
			blocks := v.([]Block)
			if len(blocks) != 2 || blocks[1].Height != "101" || blocks[1].PreviousStateHash != "3NKgenesis" {
				t.Fatalf("got %+v", blocks)
			}
			z := blocks[1].ZkappCommands
			if len(z) != 1 || z[0].Hash != "5Jincluded" || len(z[0].Failures) != 1 ||
				z[0].Failures[0].Index != "1" || z[0].Failures[0].Failures[0] != "Account_app_state_precondition_unsatisfied" {
				t.Errorf("zkapp commands = %+v", z)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := tc.run()
			if err != nil {
				t.Fatal(err)
			}
			tc.want(t, v)
		})
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"", 0},
		{"1", time.Second},
		{" 120 ", 2 * time.Minute},
		{"0", 0},
		{"-5", 0},
		{"soon", 0},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{now.Add(-time.Minute).Format(http.TimeFormat), 0},
	}
	for _, tc := range tests {
		if got := parseRetryAfter(tc.in, now); got != tc.want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestBackoffBounds(t *testing.T) {
	c, err := New("http://127.0.0.1:1/graphql", WithRetry(10, 100*time.Millisecond, time.Second))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		attempt  int
		min, max time.Duration
	}{
		{1, 50 * time.Millisecond, 100 * time.Millisecond},
		{2, 100 * time.Millisecond, 200 * time.Millisecond},
		{3, 200 * time.Millisecond, 400 * time.Millisecond},
		{8, 500 * time.Millisecond, time.Second},
	}
	for _, tc := range tests {
		for range 50 {
			if d := c.backoff(tc.attempt); d < tc.min || d > tc.max {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", tc.attempt, d, tc.min, tc.max)
			}
		}
	}
}

func TestNewRejectsBadEndpoint(t *testing.T) {
	for _, ep := range []string{"", "localhost:3085", "ftp://node/graphql", "http://"} {
		if _, err := New(ep); err == nil {
			t.Errorf("New(%q) succeeded, want an error", ep)
		}
	}
}

func TestCallerCancellationIsNotRetried(t *testing.T) {
	n, endpoint := newFakeNode(t)
	n.always["networkID"] = fault{hang: true}
	c, _ := newTestClient(t, endpoint)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := c.NetworkID(ctx)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if got := n.count("networkID"); got != 1 {
		t.Errorf("requests = %d, want 1", got)
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
