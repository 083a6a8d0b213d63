package main

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zkml-mina/zkml/graphql"
	"github.com/zkml-mina/zkml/internal/logbuf"
	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/mina"
)

// secretForms returns the ways a private key could leak into output: its
// base58 form, the scalar in decimal and in hex (both byte orders).
func secretForms(key mina.PrivateKey) []string {
	s := key.Scalar()
	be := s.Bytes()
	le := make([]byte, len(be))
	for i := range be {
		le[i] = be[len(be)-1-i]
	}
	return []string{key.Base58(), s.String(), s.Text(16), hex.EncodeToString(be[:]), hex.EncodeToString(le)}
}

// assertNoSecret fails if any output contains a form of the key.
func assertNoSecret(t *testing.T, key mina.PrivateKey, outputs ...string) {
	t.Helper()
	for _, out := range outputs {
		low := strings.ToLower(out)
		for _, s := range secretForms(key) {
			if strings.Contains(low, strings.ToLower(s)) {
				t.Fatalf("output leaks the private key (as %.6s…):\n%s", s, out)
			}
		}
	}
}

// readKeyJSON returns the private key stored in a key file.
func readKeyJSON(t *testing.T, path string) mina.PrivateKey {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var kf keyFileJSON
	if err := json.Unmarshal(b, &kf); err != nil {
		t.Fatal(err)
	}
	k, err := mina.ParsePrivateKey(kf.PrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	if kf.PublicKey != k.PublicKey().Base58() {
		t.Fatalf("key file public key %s does not match its private key", kf.PublicKey)
	}
	return k
}

func TestKeyFiles(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "alice.json")
	code, out, errOut := zkml(t, "keys", "new", "-o", file)
	if code != exitOK {
		t.Fatalf("keys new: exit %d: %s", code, errOut)
	}
	st, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %04o, want 0600", st.Mode().Perm())
	}
	key := readKeyJSON(t, file)
	pk := key.PublicKey().Base58()
	if strings.TrimSpace(out) != pk {
		t.Fatalf("keys new printed %q, want the public key %s", out, pk)
	}
	outputs := []string{out, errOut}

	write := func(name, content string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, mode); err != nil { // WriteFile's mode is filtered by the umask
			t.Fatal(err)
		}
		return p
	}
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	other, err := mina.GeneratePrivateKey()
	if err != nil {
		t.Fatal(err)
	}
	swapped := strings.Replace(string(good), pk, other.PublicKey().Base58(), 1)
	keyInPublicField := `{"publicKey": "` + key.Base58() + `", "privateKey": "` + key.Base58() + `"}`
	truncated := strings.Replace(string(good), key.Base58(), key.Base58()[:20], 1)

	cases := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string // substring of stdout
		wantErr  string // substring of stderr
	}{
		{"show", []string{"keys", "show", file}, exitOK, pk, ""},
		{"show json", []string{"keys", "show", file, "--json"}, exitOK, `"publicKey": "` + pk, ""},
		{"new refuses to overwrite", []string{"keys", "new", "-o", file}, exitBadInput, "", "refusing to overwrite"},
		{"new needs -o", []string{"keys", "new"}, exitBadInput, "", "usage"},
		{"unknown action", []string{"keys", "print", file}, exitBadInput, "", "usage"},
		{"world-readable", []string{"keys", "show", write("0644.json", string(good), 0o644)}, exitBadInput, "", "accessible by others (mode 0644)"},
		{"group-readable", []string{"keys", "show", write("0640.json", string(good), 0o640)}, exitBadInput, "", "chmod 600"},
		{"other-writable", []string{"keys", "show", write("0602.json", string(good), 0o602)}, exitBadInput, "", "accessible by others"},
		{"missing", []string{"keys", "show", filepath.Join(dir, "none.json")}, exitBadInput, "", "no such file"},
		{"directory", []string{"keys", "show", dir}, exitBadInput, "", "not a regular file"},
		{"not JSON", []string{"keys", "show", write("junk.json", "EK "+key.Base58(), 0o600)}, exitBadInput, "", "is not {"},
		{"wrong public key", []string{"keys", "show", write("swapped.json", swapped, 0o600)}, exitBadInput, "", "does not belong"},
		{"private key as public key", []string{"keys", "show", write("inpub.json", keyInPublicField, 0o600)}, exitBadInput, "", "does not belong"},
		{"truncated private key", []string{"keys", "show", write("trunc.json", truncated, 0o600)}, exitBadInput, "", "not a valid EK"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := zkml(t, tc.args...)
			outputs = append(outputs, out, errOut)
			if code != tc.wantCode || !strings.Contains(out, tc.wantOut) || !strings.Contains(errOut, tc.wantErr) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d, stdout ∋ %q, stderr ∋ %q",
					code, out, errOut, tc.wantCode, tc.wantOut, tc.wantErr)
			}
			if code != exitOK && (strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "zkml: ")) {
				t.Fatalf("want one error line prefixed zkml:, got %q", errOut)
			}
		})
	}
	assertNoSecret(t, key, outputs...)
}

func TestChainFlagErrors(t *testing.T) {
	key, err := mina.GeneratePrivateKey()
	if err != nil {
		t.Fatal(err)
	}
	pk := key.PublicKey().Base58()
	// Nothing listens on port 1 of loopback.
	dead := "http://127.0.0.1:1/graphql"
	cases := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"state without address", []string{"state"}, exitBadInput, "usage"},
		{"state bad address", []string{"state", "B62notakey"}, exitBadInput, "not a B62"},
		{"state bad era", []string{"state", pk, "--era", "shanghai", "--graphql", dead}, exitBadInput, "--era"},
		{"state bad network", []string{"state", pk, "--network", "", "--graphql", dead}, exitBadInput, "--network"},
		{"state bad url", []string{"state", pk, "--graphql", "ftp://example.org/graphql"}, exitBadInput, "--graphql"},
		{"state missing vk dir", []string{"state", pk, "--graphql", dead, "--vk", t.TempDir()}, exitBadInput, "verification-key.json"},
		{"state unreachable node", []string{"state", pk, "--graphql", dead}, exitCheckFailed, "unreachable"},
		{"status without id", []string{"status"}, exitBadInput, "usage"},
		{"status bad interval", []string{"status", "abc", "--interval", "0s", "--graphql", dead}, exitBadInput, "positive"},
		{"status unreachable node", []string{"status", "abc", "--graphql", dead}, exitCheckFailed, "unreachable"},
		{"localnet bad port", []string{"localnet", "--port", "70000"}, exitBadInput, "out of range"},
		{"localnet stray argument", []string{"localnet", "now"}, exitBadInput, "no arguments"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := zkml(t, tc.args...)
			if code != tc.wantCode || !strings.Contains(errOut, tc.wantErr) {
				t.Fatalf("exit %d, stderr %q; want exit %d, stderr ∋ %q", code, errOut, tc.wantCode, tc.wantErr)
			}
		})
	}
}

// TestChainCommandsOnLocalnet runs `zkml localnet` in-process and drives
// keys, state and status against it, including a verification key set on
// chain by a signed zkApp command built with package mina.
func TestChainCommandsOnLocalnet(t *testing.T) {
	oracle.RequireNode(t)
	root, err := oracle.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("ZKML_LOCALNET_SCRIPT", filepath.Join(root, "localnet", "server.mjs"))
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "funded.json")

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	var lnOut, lnErr logbuf.Buffer
	exited := make(chan int, 1)
	start := time.Now()
	go func() {
		exited <- run(ctx, []string{"zkml", "localnet", "--port", "0", "--json", "--key-out", keyFile}, &lnOut, &lnErr)
	}()
	var rep localnetReport
	for {
		if err := json.Unmarshal([]byte(lnOut.String()), &rep); err == nil && rep.GraphQL != "" {
			break
		}
		select {
		case code := <-exited:
			t.Fatalf("zkml localnet exited %d: %s", code, lnErr.String())
		case <-time.After(100 * time.Millisecond):
		}
		if time.Since(start) > 3*time.Minute {
			t.Fatalf("zkml localnet did not start: %s", lnErr.String())
		}
	}
	t.Logf("zkml localnet up in %v", time.Since(start).Round(time.Millisecond))
	stopped := false
	defer func() {
		if !stopped {
			stop()
			<-exited
		}
	}()

	st, err := os.Stat(keyFile)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("--key-out file: %v, mode %v", err, st.Mode())
	}
	alice := readKeyJSON(t, keyFile)
	pk := alice.PublicKey().Base58()
	if len(rep.Accounts) != 10 || rep.Accounts[0].PublicKey != pk || rep.NetworkID != "mina:testnet" {
		t.Fatalf("report %+v does not list the key-out account %s first", rep, pk)
	}
	outputs := []string{lnOut.String()}
	url := rep.GraphQL
	cli := func(args ...string) (int, string, string) {
		if args[0] == "state" || args[0] == "status" {
			args = append(args, "--graphql", url)
		}
		code, out, errOut := zkml(t, args...)
		outputs = append(outputs, out, errOut)
		return code, out, errOut
	}

	// Set a real verification key on alice's account with a signed update.
	vkFile := func(name string) (string, mina.VerificationKeyWithHash) {
		b, err := os.ReadFile(filepath.Join(root, "verifierkey", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		var vk mina.VerificationKeyWithHash
		if err := json.Unmarshal(b, &vk); err != nil {
			t.Fatal(err)
		}
		d := filepath.Join(dir, strings.TrimSuffix(name, ".json"))
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, "verification-key.json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
		return d, vk
	}
	mlpDir, mlpVK := vkFile("generated-digits_mlp.json")
	dummyDir, _ := vkFile("dummy.json")

	code, out, errOut := cli("state", pk, "--vk", mlpDir)
	if code != exitCheckFailed || !strings.Contains(errOut, "no verification key") || !strings.Contains(out, "plain account") {
		t.Fatalf("state --vk before deploy: exit %d\n%s%s", code, out, errOut)
	}

	body := mina.NewAccountUpdateBody(mina.EraBerkeley, alice.PublicKey())
	body.Update.VerificationKey = &mlpVK
	body.UseFullCommitment = true
	body.AuthorizationKind.IsSigned = true
	cmd := &mina.ZkappCommand{
		FeePayer:       mina.FeePayer{Body: mina.FeePayerBody{PublicKey: alice.PublicKey(), Fee: 100_000_000}},
		AccountUpdates: []mina.AccountUpdate{{Body: body}},
	}
	if cmd.Memo, err = mina.MemoFromString(""); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Sign(mina.EraBerkeley, mina.Testnet, alice); err != nil {
		t.Fatal(err)
	}
	raw, err := json.Marshal(cmd)
	if err != nil {
		t.Fatal(err)
	}
	gql, err := graphql.New(url)
	if err != nil {
		t.Fatal(err)
	}
	sent, err := gql.SendZkapp(ctx, graphql.ZkappSubmission{Command: raw})
	if err != nil {
		t.Fatalf("send vk update: %v\n%s", err, lnErr.String())
	}

	cases := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  []string
		wantErr  string
	}{
		{"status by id", []string{"status", string(sent.ID)}, exitOK, []string{"INCLUDED", string(sent.Hash), "at height 2, 0 confirmation"}, ""},
		{"status by hash, waiting", []string{"status", string(sent.Hash), "--wait", "--interval", "100ms", "--json"}, exitOK, []string{`"status": "INCLUDED"`, `"failed": false`}, ""},
		{"status unknown id", []string{"status", "emttbC1sb2NhbG5ldDpub3BlCg=="}, exitCheckFailed, []string{"UNKNOWN"}, "does not know"},
		{"state json", []string{"state", pk, "--json"}, exitOK, []string{`"zkapp": true`, `"nonce": "1"`, `"verificationKeyHash": "` + mlpVK.Hash.String()}, ""},
		{"state text", []string{"state", pk}, exitOK, []string{"state[7]", "vk hash   " + mlpVK.Hash.String(), "balance   999.9 MINA"}, ""},
		{"state vk match", []string{"state", pk, "--vk", mlpDir}, exitOK, []string{"vk check  OK"}, ""},
		{"state vk mismatch", []string{"state", pk, "--vk", dummyDir}, exitCheckFailed, []string{"vk check  MISMATCH"}, "differs"},
		{"state vk mismatch json", []string{"state", pk, "--vk", dummyDir, "--json"}, exitCheckFailed, []string{`"match": false`}, "differs"},
		{"state wrong era", []string{"state", pk, "--era", "mesa"}, exitBadInput, nil, "--era mesa has 32"},
		{"state wrong network", []string{"state", pk, "--network", "mainnet"}, exitBadInput, nil, "serves mina:testnet, not mina:mainnet"},
		{"state unknown account", []string{"state", mina.PublicKey{}.Base58()}, exitBadInput, nil, "not a B62"},
		{"keys show the funded key", []string{"keys", "show", keyFile}, exitOK, []string{pk}, ""},
	}
	fresh, err := mina.GeneratePrivateKey()
	if err != nil {
		t.Fatal(err)
	}
	cases = append(cases, struct {
		name     string
		args     []string
		wantCode int
		wantOut  []string
		wantErr  string
	}{"state absent account", []string{"state", fresh.PublicKey().Base58()}, exitCheckFailed, nil, "has no account on mina:testnet"})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := cli(tc.args...)
			ok := code == tc.wantCode && strings.Contains(errOut, tc.wantErr)
			for _, w := range tc.wantOut {
				ok = ok && strings.Contains(out, w)
			}
			if !ok {
				t.Fatalf("exit %d, stdout:\n%s\nstderr: %s\nwant exit %d, stdout ∋ %q, stderr ∋ %q", code, out, errOut, tc.wantCode, tc.wantOut, tc.wantErr)
			}
		})
	}

	stop()
	stopped = true
	select {
	case code := <-exited:
		if code != exitOK {
			t.Fatalf("zkml localnet exited %d after cancel: %s", code, lnErr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("zkml localnet did not stop")
	}
	outputs = append(outputs, lnOut.String(), lnErr.String())
	assertNoSecret(t, alice, outputs...)
}
