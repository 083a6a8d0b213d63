package localnet_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/localnet"
)

// TestServerProtocol checks the HTTP and GraphQL error surface of the server.
func TestServerProtocol(t *testing.T) {
	n, _ := startNet(t)
	pk := n.Accounts[0].PublicKey.Base58()
	cases := []struct {
		name       string
		method     string
		path       string
		body       string
		wantStatus int
		want       string // substring of the response body
	}{
		{"networkID", "POST", "/graphql", `{"query":"{networkID}"}`, 200, `"networkID":"mina:testnet"`},
		{"account by variable", "POST", "/graphql",
			`{"query":"query($p:PublicKey!){account(publicKey:$p){nonce balance{total}}}","variables":{"p":"` + pk + `"}}`,
			200, `"balance":{"total":"1000000000000"}`},
		{"pool is empty", "POST", "/graphql", `{"query":"{pooledZkappCommands{id}}"}`, 200, `"pooledZkappCommands":[]`},
		{"unknown field", "POST", "/graphql", `{"query":"{networkId}"}`, 400, `Cannot query field \"networkId\"`},
		{"unsupported field", "POST", "/graphql", `{"query":"{daemonStatus{numAccounts}}"}`, 200, `localnet does not support Query.daemonStatus`},
		{"unsupported mutation", "POST", "/graphql", `{"query":"mutation{sendPayment(input:{from:\"x\",to:\"y\",amount:\"1\",fee:\"1\"}){payment{id}}}","variables":{}}`, 200, `localnet does not support Mutation.sendPayment`},
		{"syntax error", "POST", "/graphql", `{"query":"{networkID"}`, 400, `Syntax Error`},
		{"not JSON", "POST", "/graphql", `networkID`, 400, `not JSON`},
		{"no query", "POST", "/graphql", `{"variables":{}}`, 400, `needs a \"query\"`},
		{"bad public key", "POST", "/graphql", `{"query":"{account(publicKey:\"B62nope\"){nonce}}"}`, 200, `invalid public key`},
		{"malformed command", "POST", "/graphql", `{"query":"mutation($c:ZkappCommandInput!){sendZkapp(input:{zkappCommand:$c}){zkapp{id}}}","variables":{"c":{"feePayer":{}}}}`, 400, `"errors"`},
		{"payment status", "POST", "/graphql", `{"query":"{transactionStatus(payment:\"abc\")}"}`, 200, `no payments`},
		{"GET", "GET", "/graphql", ``, 405, `use POST`},
		{"other path", "POST", "/metrics", `{"query":"{networkID}"}`, 404, `use /graphql`},
	}
	base := strings.TrimSuffix(n.URL, "/graphql")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, base+tc.path, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("content-type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				t.Fatal(err)
			}
			if resp.StatusCode != tc.wantStatus || !strings.Contains(string(b), tc.want) {
				t.Fatalf("HTTP %d %s; want %d containing %s", resp.StatusCode, b, tc.wantStatus, tc.want)
			}
			var v map[string]any
			if err := json.Unmarshal(b, &v); err != nil {
				t.Fatalf("response is not JSON: %s", b)
			}
			if resp.StatusCode != 200 {
				if _, ok := v["errors"]; !ok {
					t.Fatalf("error response without errors: %s", b)
				}
			}
		})
	}
	if err := n.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	select {
	case <-n.Done():
	default:
		t.Fatal("server still running after Close")
	}
	if err := n.Err(); err != nil {
		t.Fatalf("server exit: %v", err)
	}
	if _, err := http.Post(n.URL, "application/json", strings.NewReader(`{"query":"{networkID}"}`)); err == nil {
		t.Fatal("server still answers after Close")
	}
}

// TestStartFailures checks that a server that cannot start is reported.
func TestStartFailures(t *testing.T) {
	oracle.RequireNode(t)
	root, err := oracle.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(root, "localnet", "server.mjs")
	cases := []struct {
		name string
		opts localnet.Options
		want string
	}{
		{"missing script", localnet.Options{Script: filepath.Join(t.TempDir(), "server.mjs")}, "exited before listening"},
		{"bad network id", localnet.Options{Script: script, NetworkID: "two words"}, "bad network id"},
		{"bad port", localnet.Options{Script: script, Port: 70000}, "out of range"},
		{"missing node", localnet.Options{Script: script, Node: filepath.Join(t.TempDir(), "node")}, "start"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			n, err := localnet.Start(ctx, tc.opts)
			if err == nil {
				n.Close()
				t.Fatal("started")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q, want it to mention %q", err, tc.want)
			}
		})
	}
}
