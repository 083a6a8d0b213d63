package graphql

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

const feePayer = "B62qfeepayer"

func TestSendZkappFaults(t *testing.T) {
	const nonce = 7
	hash := TransactionHash(hashOf(feePayer, nonce))
	tests := []struct {
		name      string
		closed    bool
		withHash  bool
		setup     func(n *fakeNode)
		faults    []fault
		opts      []Option
		wantSends int // sendZkapp requests the server received
		wantAdmit int // times the server admitted the command
		wantSrc   Source
		check     func(t *testing.T, res *SendResult, err error)
	}{
		{
			name:      "success",
			wantSends: 1, wantAdmit: 1, wantSrc: SourceSend,
		},
		{
			name:      "connection refused never reaches the node",
			closed:    true,
			wantSends: 0,
			check: func(t *testing.T, res *SendResult, err error) {
				var ue *UnreachableError
				var ae *AmbiguousSendError
				if !errors.As(err, &ue) || errors.As(err, &ae) {
					t.Fatalf("err = %v, want *UnreachableError and not ambiguous", err)
				}
				if !strings.Contains(err.Error(), "did not receive") {
					t.Errorf("err = %q should say the node did not receive the command", err)
				}
			},
		},
		{
			name: "GraphQL error is final",
			setup: func(n *fakeNode) {
				n.gqlErrors["sendZkapp"] = []map[string]any{{"message": "Insufficient_funds", "path": []any{"sendZkapp"}}}
			},
			wantSends: 1, wantAdmit: 0,
			check: func(t *testing.T, _ *SendResult, err error) {
				var ge *GraphQLError
				if !errors.As(err, &ge) || ge.Errors[0].Message != "Insufficient_funds" {
					t.Fatalf("err = %v, want *GraphQLError Insufficient_funds", err)
				}
			},
		},
		{
			name: "rejected with failureReason",
			setup: func(n *fakeNode) {
				n.sendFail = []any{
					map[string]any{"index": "0", "failures": []string{"Fee_payer_nonce_must_increase"}},
					map[string]any{"index": "2", "failures": []string{"Account_app_state_precondition_unsatisfied", "Cancelled"}},
				}
			},
			wantSends: 1, wantAdmit: 1, wantSrc: SourceSend,
			check: func(t *testing.T, res *SendResult, err error) {
				var re *RejectedError
				if !errors.As(err, &re) {
					t.Fatalf("err = %v, want *RejectedError", err)
				}
				if re.Included || len(re.Failures) != 2 || re.Failures[1].Index != "2" ||
					re.Failures[1].Failures[1] != "Cancelled" || re.Hash != hash {
					t.Errorf("rejection = %+v", re)
				}
				if !strings.Contains(err.Error(), "Account_app_state_precondition_unsatisfied") {
					t.Errorf("Error() = %q lacks the failure", err)
				}
			},
		},
		{
			name:      "500 after the node admitted it: found in pool, not resent",
			faults:    []fault{{status: 500, accept: true}},
			wantSends: 1, wantAdmit: 1, wantSrc: SourcePool,
		},
		{
			name:      "500 after the node admitted it, hash known: found in pool",
			withHash:  true,
			faults:    []fault{{status: 500, accept: true}},
			wantSends: 1, wantAdmit: 1, wantSrc: SourcePool,
		},
		{
			name:      "500 before the node admitted it: no record, resent",
			faults:    []fault{{status: 500}},
			wantSends: 2, wantAdmit: 1, wantSrc: SourceSend,
		},
		{
			name:      "503 twice without record: resent each time",
			withHash:  true,
			faults:    []fault{{status: 503}, {status: 503}},
			wantSends: 3, wantAdmit: 1, wantSrc: SourceSend,
		},
		{
			name:      "429 Retry-After without record: resent after the delay",
			faults:    []fault{{status: 429, retryAfter: "1"}},
			wantSends: 2, wantAdmit: 1, wantSrc: SourceSend,
		},
		{
			name:      "timeout after the node admitted it: found in pool",
			faults:    []fault{{hang: true, accept: true}},
			opts:      []Option{WithAttemptTimeout(100 * time.Millisecond)},
			wantSends: 1, wantAdmit: 1, wantSrc: SourcePool,
		},
		{
			name:      "timeout without record: resent",
			faults:    []fault{{hang: true}},
			opts:      []Option{WithAttemptTimeout(100 * time.Millisecond)},
			wantSends: 2, wantAdmit: 1, wantSrc: SourceSend,
		},
		{
			name:      "connection dropped after admission: found in pool",
			faults:    []fault{{hangup: true, accept: true}},
			wantSends: 1, wantAdmit: 1, wantSrc: SourcePool,
		},
		{
			name:      "connection dropped before admission: resent",
			faults:    []fault{{hangup: true}},
			wantSends: 2, wantAdmit: 1, wantSrc: SourceSend,
		},
		{
			name:      "500 after admission and inclusion, hash known: found in best chain",
			withHash:  true,
			faults:    []fault{{status: 500, include: true}},
			wantSends: 1, wantAdmit: 1, wantSrc: SourceBestChain,
		},
		{
			name:      "500 after inclusion, no hash: matched by fee payer and nonce in best chain",
			faults:    []fault{{status: 502, include: true}},
			wantSends: 1, wantAdmit: 1, wantSrc: SourceBestChain,
		},
		{
			name:     "included as failed after a lost reply",
			withHash: true,
			setup: func(n *fakeNode) {
				n.onBestTick = func(n *fakeNode) {
					if len(n.pool) > 0 {
						n.includePool([]any{map[string]any{"index": "1", "failures": []string{"Account_nonce_precondition_unsatisfied"}}})
					}
				}
				n.always["pooledZkappCommands"] = fault{body: `{"data":{"pooledZkappCommands":[]}}`}
			},
			faults:    []fault{{status: 504, accept: true}},
			wantSends: 1, wantAdmit: 1, wantSrc: SourceBestChain,
			check: func(t *testing.T, res *SendResult, err error) {
				var re *RejectedError
				if !errors.As(err, &re) || !re.Included || re.Failures[0].Failures[0] != "Account_nonce_precondition_unsatisfied" {
					t.Fatalf("err = %v, want *RejectedError included", err)
				}
			},
		},
		{
			name:     "another command holds the nonce in the pool: not resent",
			withHash: true,
			setup: func(n *fakeNode) {
				n.pool = []cmdRec{{id: "other", hash: "5Jother", feePayer: feePayer, nonce: "7"}}
			},
			faults:    []fault{{status: 500}},
			wantSends: 1, wantAdmit: 0,
			check: func(t *testing.T, _ *SendResult, err error) {
				var ne *NonceConflictError
				if !errors.As(err, &ne) || ne.Nonce != nonce || !strings.Contains(ne.Reason, "5Jother") {
					t.Fatalf("err = %v, want *NonceConflictError naming 5Jother", err)
				}
			},
		},
		{
			name:      "ledger nonce already past ours: not resent",
			setup:     func(n *fakeNode) { n.accounts[feePayer] = &acctRec{nonce: 9, inferred: 9} },
			faults:    []fault{{status: 500}},
			wantSends: 1, wantAdmit: 0,
			check: func(t *testing.T, _ *SendResult, err error) {
				var ne *NonceConflictError
				if !errors.As(err, &ne) || !strings.Contains(ne.Reason, "ledger nonce is already 9") {
					t.Fatalf("err = %v, want *NonceConflictError on the ledger nonce", err)
				}
			},
		},
		{
			name:      "duplicate check impossible (node keeps failing): ambiguous, not resent",
			setup:     func(n *fakeNode) { n.always["pooledZkappCommands"] = fault{status: 503} },
			faults:    []fault{{status: 500, accept: true}},
			wantSends: 1, wantAdmit: 1,
			check: func(t *testing.T, res *SendResult, err error) {
				var ae *AmbiguousSendError
				if !errors.As(err, &ae) || ae.Sends != 1 {
					t.Fatalf("err = %v, want *AmbiguousSendError after 1 send", err)
				}
				var he *HTTPStatusError
				if !errors.As(ae.CheckErr, &he) || he.StatusCode != 503 {
					t.Errorf("CheckErr = %v, want the pool query's 503", ae.CheckErr)
				}
			},
		},
		{
			name: "pending nonce not yet visible: checked again, not resent",
			setup: func(n *fakeNode) {
				// The account already counts the command but the pool does not
				// show it yet; the next check finds it.
				n.accounts[feePayer] = &acctRec{nonce: 7, inferred: 8}
				n.faults["pooledZkappCommands"] = []fault{{body: `{"data":{"pooledZkappCommands":[]}}`}}
			},
			faults:    []fault{{status: 500, accept: true}},
			wantSends: 1, wantAdmit: 1, wantSrc: SourcePool,
		},
		{
			name:     "included between the chain scan and the account query: found on rescan",
			withHash: true,
			setup: func(n *fakeNode) {
				n.faults["pooledZkappCommands"] = []fault{{body: `{"data":{"pooledZkappCommands":[]}}`}}
				n.afterAnswer = func(n *fakeNode, op string) {
					if op == "bestChain" && len(n.pool) > 0 {
						n.includePool(nil)
					}
				}
			},
			faults:    []fault{{status: 500, accept: true}},
			wantSends: 1, wantAdmit: 1, wantSrc: SourceBestChain,
		},
		{
			name:      "malformed reply after admission: not resent",
			faults:    []fault{{body: `<html>proxy error</html>`, accept: true}},
			wantSends: 1, wantAdmit: 1,
			check: func(t *testing.T, _ *SendResult, err error) {
				var me *MalformedResponseError
				if !errors.As(err, &me) {
					t.Fatalf("err = %v, want *MalformedResponseError", err)
				}
			},
		},
		{
			name:      "always 500 without record: gives up, says safe to resend",
			setup:     func(n *fakeNode) { n.always["sendZkapp"] = fault{status: 500} },
			opts:      []Option{WithRetry(3, 10*time.Millisecond, 10*time.Millisecond)},
			wantSends: 3, wantAdmit: 0,
			check: func(t *testing.T, _ *SendResult, err error) {
				var he *HTTPStatusError
				if !errors.As(err, &he) || !strings.Contains(err.Error(), "no record") {
					t.Fatalf("err = %v, want the 500 with a no-record verdict", err)
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
			n.accounts[feePayer] = &acctRec{nonce: nonce, inferred: nonce}
			if tc.setup != nil {
				tc.setup(n)
			}
			n.faults["sendZkapp"] = tc.faults
			c, _ := newTestClient(t, endpoint, tc.opts...)
			sub := ZkappSubmission{Command: testCommand(feePayer, nonce)}
			if tc.withHash {
				sub.Hash = hash
			}
			res, err := c.SendZkapp(context.Background(), sub)

			if got := n.count("sendZkapp"); got != tc.wantSends {
				t.Errorf("server received the command %d times, want %d", got, tc.wantSends)
			}
			if got := n.acceptedCount(); got != tc.wantAdmit {
				t.Errorf("server admitted the command %d times, want %d", got, tc.wantAdmit)
			}
			if n.acceptedCount() > 1 {
				t.Errorf("command admitted twice")
			}
			if tc.wantSrc != "" {
				if res == nil {
					t.Fatalf("SendZkapp = nil, %v; want a result", err)
				}
				if res.Source != tc.wantSrc || res.Hash != hash || res.ID == "" || res.FeePayer != feePayer || res.Nonce != "7" {
					t.Errorf("result = %+v, want source %s and hash %s", res, tc.wantSrc, hash)
				}
				if res.Sends != tc.wantSends {
					t.Errorf("result.Sends = %d, want %d", res.Sends, tc.wantSends)
				}
			}
			if tc.check != nil {
				tc.check(t, res, err)
			} else if err != nil {
				t.Fatalf("SendZkapp: %v", err)
			}
		})
	}
}

// The zkApp command must travel as a GraphQL variable, byte for byte, and
// never appear in the query text.
func TestSendZkappUsesVariables(t *testing.T) {
	n, endpoint := newFakeNode(t)
	c, _ := newTestClient(t, endpoint)
	cmd := testCommand(feePayer, 3)
	if _, err := c.SendZkapp(context.Background(), ZkappSubmission{Command: cmd}); err != nil {
		t.Fatal(err)
	}
	var req wireRequest
	if err := json.Unmarshal(n.lastBody("sendZkapp"), &req); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		ok   bool
	}{
		{"operation name", req.OperationName == "sendZkapp"},
		{"query declares $zkappCommand", strings.Contains(req.Query, "$zkappCommand: ZkappCommandInput!")},
		{"query passes the variable", strings.Contains(strings.Join(strings.Fields(req.Query), ""), "sendZkapp(input:{zkappCommand:$zkappCommand})")},
		{"query lacks the fee payer key", !strings.Contains(req.Query, feePayer)},
		{"query lacks the memo", !strings.Contains(req.Query, "E4YM2vTHhWEg66xpj52JErHUBU4pZ1yageL4TVDDpTTSsv8mK6YaH")},
		{"query lacks the proof", !strings.Contains(req.Query, "KChzdGF0ZW1lbnQ")},
		{"variable is the command verbatim", bytes.Equal(req.Variables["zkappCommand"], cmd)},
		{"only one variable", len(req.Variables) == 1},
	}
	for _, tc := range tests {
		if !tc.ok {
			t.Errorf("%s: query %q variables %s", tc.name, req.Query, req.Variables)
		}
	}
}

func TestSendZkappValidatesCommand(t *testing.T) {
	tests := []struct {
		name string
		cmd  string
	}{
		{"empty", ""},
		{"not JSON", "feePayer"},
		{"array", "[]"},
		{"no fee payer", `{"accountUpdates":[],"memo":"x"}`},
		{"no nonce", `{"feePayer":{"body":{"publicKey":"B62q"}}}`},
		{"bad nonce", `{"feePayer":{"body":{"publicKey":"B62q","nonce":"-1"}}}`},
	}
	n, endpoint := newFakeNode(t)
	c, _ := newTestClient(t, endpoint)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := c.SendZkapp(context.Background(), ZkappSubmission{Command: json.RawMessage(tc.cmd)}); err == nil {
				t.Fatal("SendZkapp accepted an invalid command")
			}
		})
	}
	if got := n.count("sendZkapp"); got != 0 {
		t.Errorf("invalid commands reached the server %d times", got)
	}
}

func TestSendZkappNumericNonce(t *testing.T) {
	s, err := parseSubmission(ZkappSubmission{Command: json.RawMessage(`{"feePayer":{"body":{"publicKey":"B62q","nonce":12}}}`)})
	if err != nil || s.nonce != 12 || s.feePayer != "B62q" {
		t.Fatalf("parseSubmission = %+v, %v", s, err)
	}
}

func TestSendZkappCallTimeoutIsAmbiguous(t *testing.T) {
	n, endpoint := newFakeNode(t)
	n.accounts[feePayer] = &acctRec{nonce: 1, inferred: 1}
	n.faults["sendZkapp"] = []fault{{hang: true, accept: true}}
	c, _ := newTestClient(t, endpoint, WithTimeout(150*time.Millisecond), WithAttemptTimeout(time.Minute))
	_, err := c.SendZkapp(context.Background(), ZkappSubmission{Command: testCommand(feePayer, 1)})
	var ae *AmbiguousSendError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v, want *AmbiguousSendError", err)
	}
	var te *TimeoutError
	if !errors.As(err, &te) {
		t.Errorf("err = %v, want it to wrap *TimeoutError", err)
	}
	if got := n.count("sendZkapp"); got != 1 {
		t.Errorf("server received the command %d times, want 1", got)
	}
}
