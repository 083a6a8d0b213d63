package graphql

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

// fault is one scripted misbehaviour of the fake node for one request.
type fault struct {
	status     int    // answer with this HTTP status and a non-GraphQL body
	retryAfter string // Retry-After header sent with status
	body       string // answer 200 with this raw body
	hang       bool   // never answer (until the client leaves or the test ends)
	hangup     bool   // close the connection without answering
	// sendZkapp only: process the command (pool, or a best-chain block with
	// include) before misbehaving, i.e. the request did reach the node.
	accept  bool
	include bool
}

type cmdRec struct {
	id, hash, feePayer, nonce string
	failures                  []any
}

type blockRec struct {
	stateHash string
	height    int
	cmds      []cmdRec
}

type acctRec struct{ nonce, inferred int }

// fakeNode is a scriptable Mina daemon GraphQL endpoint.
type fakeNode struct {
	mu         sync.Mutex
	networkID  string
	faults     map[string][]fault // per operation, consumed one per request
	always     map[string]fault   // per operation, once the queue is empty
	gqlErrors  map[string][]map[string]any
	pool       []cmdRec
	chain      []blockRec
	accounts   map[string]*acctRec
	requests   map[string]int
	bodies     map[string][][]byte
	accepted   int   // sendZkapp commands the node admitted
	sendFail   []any // failureReason returned in the sendZkapp payload
	statuses   []string
	onBestTick func(n *fakeNode) // called (locked) on every bestChain request
	// afterAnswer is called (locked) after every well-behaved answer.
	afterAnswer func(n *fakeNode, op string)
	stop        chan struct{}
}

func newFakeNode(t *testing.T) (*fakeNode, string) {
	t.Helper()
	n := &fakeNode{
		networkID: "mina:devnet",
		faults:    map[string][]fault{},
		always:    map[string]fault{},
		gqlErrors: map[string][]map[string]any{},
		accounts:  map[string]*acctRec{},
		requests:  map[string]int{},
		bodies:    map[string][][]byte{},
		stop:      make(chan struct{}),
		chain:     []blockRec{{stateHash: "3NKgenesis", height: 100}},
	}
	srv := httptest.NewServer(n)
	// Cleanups run last-in first-out: release hanging handlers, then close.
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(n.stop) })
	return n, srv.URL + "/graphql"
}

// closedEndpoint returns a loopback URL nothing listens on.
func closedEndpoint(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatalf("close listener: %v", err)
	}
	return "http://" + addr + "/graphql"
}

func hashOf(feePayer string, nonce int) string { return fmt.Sprintf("5Jhash-%s-%d", feePayer, nonce) }
func idOf(feePayer string, nonce int) string   { return fmt.Sprintf("ID64-%s-%d", feePayer, nonce) }

func testCommand(feePayer string, nonce int) json.RawMessage {
	return json.RawMessage(fmt.Sprintf(`{"feePayer":{"body":{"publicKey":%q,"fee":"100000000","validUntil":null,"nonce":"%d"},"authorization":"7mXsignature"},"accountUpdates":[{"body":{"publicKey":"B62qzkapp","tokenId":"wSHV2S4qX9jFsLjQo8r1BsMLH2ZRKsZx6EJd1sbozGPieEC4Jf","update":{"appState":["1","2",null,null,null,null,null,null]}},"authorization":{"proof":"KChzdGF0ZW1lbnQ"}}],"memo":"E4YM2vTHhWEg66xpj52JErHUBU4pZ1yageL4TVDDpTTSsv8mK6YaH"}`, feePayer, nonce))
}

func (n *fakeNode) count(op string) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.requests[op]
}

func (n *fakeNode) acceptedCount() int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.accepted
}

func (n *fakeNode) lastBody(op string) []byte {
	n.mu.Lock()
	defer n.mu.Unlock()
	b := n.bodies[op]
	if len(b) == 0 {
		return nil
	}
	return b[len(b)-1]
}

func (n *fakeNode) account(pk string) *acctRec {
	a, ok := n.accounts[pk]
	if !ok {
		a = &acctRec{}
		n.accounts[pk] = a
	}
	return a
}

// admit puts a command into the pool (or straight into a new best-chain block).
func (n *fakeNode) admit(c cmdRec, include bool) {
	n.accepted++
	nonce, _ := strconv.Atoi(c.nonce)
	a := n.account(c.feePayer)
	if nonce+1 > a.inferred {
		a.inferred = nonce + 1
	}
	if include {
		tip := n.chain[len(n.chain)-1]
		n.chain = append(n.chain, blockRec{stateHash: fmt.Sprintf("3NKblock%d", tip.height+1), height: tip.height + 1, cmds: []cmdRec{c}})
		if nonce+1 > a.nonce {
			a.nonce = nonce + 1
		}
		return
	}
	n.pool = append(n.pool, c)
}

// includePool moves every pooled command into a new best-chain block.
func (n *fakeNode) includePool(failures []any) {
	tip := n.chain[len(n.chain)-1]
	b := blockRec{stateHash: fmt.Sprintf("3NKblock%d", tip.height+1), height: tip.height + 1}
	for _, c := range n.pool {
		c.failures = failures
		b.cmds = append(b.cmds, c)
		nonce, _ := strconv.Atoi(c.nonce)
		if a := n.account(c.feePayer); nonce+1 > a.nonce {
			a.nonce = nonce + 1
		}
	}
	n.pool = nil
	n.chain = append(n.chain, b)
}

func cmdJSON(c cmdRec) map[string]any {
	return map[string]any{
		"id":            c.id,
		"hash":          c.hash,
		"failureReason": c.failures,
		"zkappCommand": map[string]any{
			"feePayer": map[string]any{"body": map[string]any{
				"publicKey": c.feePayer, "nonce": c.nonce, "fee": "100000000", "validUntil": nil,
			}},
			"memo": "E4YM2vTHhWEg66xpj52JErHUBU4pZ1yageL4TVDDpTTSsv8mK6YaH",
		},
	}
}

type wireRequest struct {
	Query         string                     `json:"query"`
	Variables     map[string]json.RawMessage `json:"variables"`
	OperationName string                     `json:"operationName"`
}

func (n *fakeNode) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var req wireRequest
	if err := json.Unmarshal(raw, &req); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	op := req.OperationName

	n.mu.Lock()
	n.requests[op]++
	n.bodies[op] = append(n.bodies[op], raw)
	var f fault
	if q := n.faults[op]; len(q) > 0 {
		f, n.faults[op] = q[0], q[1:]
	} else {
		f = n.always[op]
	}
	var rec cmdRec
	if op == "sendZkapp" {
		rec = parseCmd(req.Variables["zkappCommand"])
		if f.accept || f.include {
			n.admit(rec, f.include)
		}
	}
	var data any
	var gerrs []map[string]any
	if f == (fault{}) {
		data, gerrs = n.answer(op, req, rec)
		if n.afterAnswer != nil {
			n.afterAnswer(n, op)
		}
	}
	n.mu.Unlock()

	switch {
	case f.hang:
		select {
		case <-r.Context().Done():
		case <-n.stop:
		}
		return
	case f.hangup:
		hj, ok := w.(http.Hijacker)
		if !ok {
			http.Error(w, "no hijack", http.StatusInternalServerError)
			return
		}
		conn, _, err := hj.Hijack()
		if err == nil {
			_ = conn.Close()
		}
		return
	case f.status != 0:
		if f.retryAfter != "" {
			w.Header().Set("Retry-After", f.retryAfter)
		}
		w.WriteHeader(f.status)
		_, _ = io.WriteString(w, "<html>upstream trouble</html>")
		return
	case f.body != "":
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, f.body)
		return
	}
	out := map[string]any{"data": data}
	if len(gerrs) > 0 {
		out = map[string]any{"data": nil, "errors": gerrs}
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

func parseCmd(raw json.RawMessage) cmdRec {
	var c struct {
		FeePayer struct {
			Body struct {
				PublicKey string `json:"publicKey"`
				Nonce     string `json:"nonce"`
			} `json:"body"`
		} `json:"feePayer"`
	}
	_ = json.Unmarshal(raw, &c)
	nonce, _ := strconv.Atoi(c.FeePayer.Body.Nonce)
	pk := c.FeePayer.Body.PublicKey
	return cmdRec{id: idOf(pk, nonce), hash: hashOf(pk, nonce), feePayer: pk, nonce: c.FeePayer.Body.Nonce}
}

// answer computes a well-behaved response; n.mu is held.
func (n *fakeNode) answer(op string, req wireRequest, rec cmdRec) (any, []map[string]any) {
	if e := n.gqlErrors[op]; len(e) > 0 {
		return nil, e
	}
	str := func(name string) string {
		var s string
		_ = json.Unmarshal(req.Variables[name], &s)
		return s
	}
	switch op {
	case "networkID":
		return map[string]any{"networkID": n.networkID}, nil
	case "syncStatus":
		return map[string]any{"syncStatus": "SYNCED"}, nil
	case "account":
		a, ok := n.accounts[str("publicKey")]
		if !ok {
			return map[string]any{"account": nil}, nil
		}
		return map[string]any{"account": map[string]any{
			"publicKey":     str("publicKey"),
			"tokenId":       "wSHV2S4qX9jFsLjQo8r1BsMLH2ZRKsZx6EJd1sbozGPieEC4Jf",
			"nonce":         strconv.Itoa(a.nonce),
			"inferredNonce": strconv.Itoa(a.inferred),
			"balance":       map[string]any{"total": "1500000000000", "liquid": "1500000000000", "blockHeight": "101", "stateHash": "3NKtip"},
			"zkappState":    []string{"1", "2", "0", "0", "0", "0", "0", "0"},
			"provedState":   true,
			"zkappUri":      "",
			"verificationKey": map[string]any{
				"hash": "2161532786343257627386149185582325893839735236609498416209427010102102137012",
			},
			"permissions": map[string]any{
				"editState": "Proof", "send": "Signature", "receive": "None", "access": "None",
				"setDelegate": "Signature", "setPermissions": "Signature",
				"setVerificationKey": map[string]any{"auth": "Signature", "txnVersion": "3"},
				"setZkappUri":        "Signature", "editActionState": "Proof", "setTokenSymbol": "Signature",
				"incrementNonce": "Signature", "setVotingFor": "Signature", "setTiming": "Signature",
			},
			"actionState": []string{"25079927036070901246064867767436987657692091363973573142121686150614948079097"},
		}}, nil
	case "sendZkapp":
		for _, p := range n.pool {
			if p.hash == rec.hash {
				return nil, []map[string]any{{"message": "Couldn't send zkApp command: duplicate", "path": []any{"sendZkapp"}}}
			}
		}
		rec.failures = n.sendFail
		n.admit(rec, false)
		return map[string]any{"sendZkapp": map[string]any{"zkapp": cmdJSON(rec)}}, nil
	case "transactionStatus":
		if len(n.statuses) == 0 {
			return map[string]any{"transactionStatus": "UNKNOWN"}, nil
		}
		s := n.statuses[0]
		if len(n.statuses) > 1 {
			n.statuses = n.statuses[1:]
		}
		return map[string]any{"transactionStatus": s}, nil
	case "pooledZkappCommands":
		pk := str("publicKey")
		var hashes []string
		_ = json.Unmarshal(req.Variables["hashes"], &hashes)
		out := []any{}
		for _, c := range n.pool {
			if pk != "" && c.feePayer != pk {
				continue
			}
			if len(hashes) > 0 && !contains(hashes, c.hash) {
				continue
			}
			out = append(out, cmdJSON(c))
		}
		return map[string]any{"pooledZkappCommands": out}, nil
	case "bestChain":
		if n.onBestTick != nil {
			n.onBestTick(n)
		}
		var maxLength int
		_ = json.Unmarshal(req.Variables["maxLength"], &maxLength)
		blocks := n.chain
		if maxLength > 0 && len(blocks) > maxLength {
			blocks = blocks[len(blocks)-maxLength:]
		}
		out := []any{}
		prev := "3NKparent"
		for _, b := range blocks {
			cmds := []any{}
			for _, c := range b.cmds {
				cmds = append(cmds, cmdJSON(c))
			}
			out = append(out, map[string]any{
				"stateHash": b.stateHash,
				"protocolState": map[string]any{
					"previousStateHash": prev,
					"consensusState":    map[string]any{"blockHeight": strconv.Itoa(b.height), "slotSinceGenesis": strconv.Itoa(b.height * 2)},
				},
				"transactions": map[string]any{"zkappCommands": cmds},
			})
			prev = b.stateHash
		}
		return map[string]any{"bestChain": out}, nil
	}
	return nil, []map[string]any{{"message": "unknown operation " + op}}
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// sleepLog replaces the client's sleep: it records the requested delays and
// returns at once (or with ctx's error if ctx has ended).
type sleepLog struct {
	mu     sync.Mutex
	delays []time.Duration
	hook   func() // optional, run on every sleep
}

func (s *sleepLog) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.delays = append(s.delays, d)
	hook := s.hook
	s.mu.Unlock()
	if hook != nil {
		hook()
	}
	return ctx.Err()
}

func (s *sleepLog) all() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.delays...)
}

// newTestClient builds a client with fast timeouts, no jitter and a recording
// sleep.
func newTestClient(t *testing.T, endpoint string, opts ...Option) (*Client, *sleepLog) {
	t.Helper()
	base := []Option{WithTimeout(3 * time.Second), WithAttemptTimeout(time.Second), WithRetry(4, 100*time.Millisecond, time.Second)}
	c, err := New(endpoint, append(base, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	sl := &sleepLog{}
	c.sleep = sl.sleep
	c.jitter = func(d time.Duration) time.Duration { return d }
	return c, sl
}
