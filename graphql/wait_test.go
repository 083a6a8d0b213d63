package graphql

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestWaitForInclusion(t *testing.T) {
	const nonce = 2
	pending := cmdRec{id: idOf(feePayer, nonce), hash: hashOf(feePayer, nonce), feePayer: feePayer, nonce: "2"}
	ref := ZkappRef{ID: TransactionID(pending.id), Hash: TransactionHash(pending.hash)}
	failure := []any{map[string]any{"index": "1", "failures": []string{"Account_app_state_precondition_unsatisfied"}}}

	tests := []struct {
		name     string
		ref      ZkappRef
		statuses []string
		// tick runs on every client sleep (i.e. between polls) with the poll
		// number just finished; it advances the fake chain.
		tick        func(n *fakeNode, poll int)
		alwaysFault map[string]fault
		wantPolls   int
		wantStatus  []TransactionStatus
		check       func(t *testing.T, inc *Inclusion, err error)
	}{
		{
			name:       "pending then included",
			ref:        ref,
			statuses:   []string{"PENDING", "PENDING", "INCLUDED"},
			tick:       func(n *fakeNode, poll int) { includeAfter(n, poll, 2, nil) },
			wantPolls:  3,
			wantStatus: []TransactionStatus{TransactionStatusPending, TransactionStatusPending, TransactionStatusIncluded},
			check: func(t *testing.T, inc *Inclusion, err error) {
				if err != nil {
					t.Fatal(err)
				}
				if inc.Height != "101" || inc.StateHash != "3NKblock101" || inc.Command.Hash != ref.Hash || inc.Confirmations != 0 {
					t.Errorf("inclusion = %+v", inc)
				}
			},
		},
		{
			name:       "included as failed carries the node's failure reason",
			ref:        ref,
			statuses:   []string{"PENDING", "INCLUDED"},
			tick:       func(n *fakeNode, poll int) { includeAfter(n, poll, 1, failure) },
			wantPolls:  2,
			wantStatus: []TransactionStatus{TransactionStatusPending, TransactionStatusIncluded},
			check: func(t *testing.T, inc *Inclusion, err error) {
				var re *RejectedError
				if !errors.As(err, &re) || !re.Included || re.Failures[0].Failures[0] != "Account_app_state_precondition_unsatisfied" {
					t.Fatalf("err = %v, want *RejectedError included", err)
				}
				if inc == nil || inc.Height != "101" {
					t.Errorf("inclusion = %+v, want the block", inc)
				}
			},
		},
		{
			name:       "hash only: pool then best chain",
			ref:        ZkappRef{Hash: ref.Hash},
			tick:       func(n *fakeNode, poll int) { includeAfter(n, poll, 2, nil) },
			wantPolls:  3,
			wantStatus: []TransactionStatus{TransactionStatusPending, TransactionStatusPending, TransactionStatusIncluded},
			check: func(t *testing.T, inc *Inclusion, err error) {
				if err != nil || inc.Command.ID != ref.ID {
					t.Fatalf("inclusion = %+v, %v", inc, err)
				}
			},
		},
		{
			name:     "dropped from the pool",
			ref:      ref,
			statuses: []string{"PENDING", "UNKNOWN"},
			tick: func(n *fakeNode, poll int) {
				if poll == 1 {
					n.pool = nil
				}
			},
			wantPolls:  1 + unknownLimit,
			wantStatus: []TransactionStatus{TransactionStatusPending, TransactionStatusUnknown, TransactionStatusUnknown, TransactionStatusUnknown},
			check: func(t *testing.T, _ *Inclusion, err error) {
				var de *DroppedError
				if !errors.As(err, &de) || de.Ref != ref {
					t.Fatalf("err = %v, want *DroppedError", err)
				}
			},
		},
		{
			name:        "transient poll errors are reported and polling continues",
			ref:         ref,
			statuses:    []string{"PENDING"},
			alwaysFault: map[string]fault{"transactionStatus": {status: 503}},
			tick:        func(n *fakeNode, poll int) { includeAfter(n, poll, 2, nil) },
			wantPolls:   3,
			wantStatus:  []TransactionStatus{"", "", TransactionStatusIncluded},
			check: func(t *testing.T, inc *Inclusion, err error) {
				if err != nil || inc.Height != "101" {
					t.Fatalf("inclusion = %+v, %v", inc, err)
				}
			},
		},
		{
			name:        "permanent error ends the wait",
			ref:         ref,
			alwaysFault: map[string]fault{"transactionStatus": {body: `{"data":null,"errors":[{"message":"Invalid zkApp transaction id","path":["transactionStatus"]}]}`}},
			wantPolls:   1,
			wantStatus:  []TransactionStatus{""},
			check: func(t *testing.T, _ *Inclusion, err error) {
				var ge *GraphQLError
				if !errors.As(err, &ge) || ge.Errors[0].Message != "Invalid zkApp transaction id" {
					t.Fatalf("err = %v, want *GraphQLError", err)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, endpoint := newFakeNode(t)
			n.pool = []cmdRec{pending}
			n.statuses = tc.statuses
			for op, f := range tc.alwaysFault {
				n.always[op] = f
			}
			c, sl := newTestClient(t, endpoint, WithRetry(2, time.Millisecond, time.Millisecond))
			var progress []InclusionProgress
			sl.hook = func() {
				// Sleeps between polls only: retries within a poll also sleep,
				// so key the tick on the number of polls seen so far.
				if tc.tick != nil && len(progress) > 0 {
					n.mu.Lock()
					tc.tick(n, len(progress))
					n.mu.Unlock()
				}
			}
			inc, err := c.WaitForInclusion(context.Background(), tc.ref, time.Second, func(p InclusionProgress) {
				progress = append(progress, p)
			})
			tc.check(t, inc, err)
			if len(progress) != tc.wantPolls {
				t.Fatalf("polls = %d, want %d (%+v)", len(progress), tc.wantPolls, progress)
			}
			for i, p := range progress {
				if p.Poll != i+1 {
					t.Errorf("progress[%d].Poll = %d", i, p.Poll)
				}
				if p.Status != tc.wantStatus[i] {
					t.Errorf("progress[%d].Status = %q, want %q", i, p.Status, tc.wantStatus[i])
				}
				if p.TipHeight == "" && p.Err == nil && tc.wantStatus[i] != "" {
					t.Errorf("progress[%d].TipHeight empty", i)
				}
			}
			if tc.alwaysFault["transactionStatus"].status != 0 && progress[0].Err == nil {
				t.Errorf("progress[0].Err = nil, want the transient failure")
			}
		})
	}
}

// includeAfter moves the pool into a block once poll reaches at.
func includeAfter(n *fakeNode, poll, at int, failures []any) {
	if poll == at && len(n.pool) > 0 {
		n.includePool(failures)
	}
}

func TestWaitForInclusionContextEnds(t *testing.T) {
	tests := []struct {
		name    string
		cancel  bool
		timeout bool
	}{
		{name: "deadline", timeout: true},
		{name: "cancel", cancel: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, endpoint := newFakeNode(t)
			n.statuses = []string{"PENDING"}
			n.pool = []cmdRec{{id: "ID", hash: "5Jwait", feePayer: feePayer, nonce: "1"}}
			c, err := New(endpoint)
			if err != nil {
				t.Fatal(err)
			}
			// Windows wide enough for several 20 ms polls even when CI's
			// other test binaries leave this one a fraction of a core.
			ctx, cancel := context.WithTimeout(context.Background(), 800*time.Millisecond)
			defer cancel()
			if tc.cancel {
				time.AfterFunc(400*time.Millisecond, cancel)
			}
			polls := 0
			_, err = c.WaitForInclusion(ctx, ZkappRef{ID: "ID", Hash: "5Jwait"}, 20*time.Millisecond, func(InclusionProgress) { polls++ })
			var te *TimeoutError
			switch {
			case tc.timeout && !errors.As(err, &te):
				t.Fatalf("err = %v, want *TimeoutError", err)
			case tc.cancel && !errors.Is(err, context.Canceled):
				t.Fatalf("err = %v, want context.Canceled", err)
			}
			if polls < 2 {
				t.Errorf("polls = %d, want several", polls)
			}
		})
	}
}

func TestWaitForInclusionNeedsRef(t *testing.T) {
	c, err := New("http://127.0.0.1:1/graphql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitForInclusion(context.Background(), ZkappRef{}, time.Second, nil); err == nil {
		t.Fatal("WaitForInclusion accepted an empty reference")
	}
}
