package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zkml-mina/zkml/graphql"
	"github.com/zkml-mina/zkml/internal/logbuf"
	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/localnet"
	"github.com/zkml-mina/zkml/mina"
	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/quant"
)

func TestParseMina(t *testing.T) {
	cases := []struct {
		in   string
		want uint64
		bad  bool
	}{
		{"0.1", 100_000_000, false},
		{"1", 1_000_000_000, false},
		{".5", 500_000_000, false},
		{"0.000000001", 1, false},
		{"12.25", 12_250_000_000, false},
		{"", 0, true},
		{".", 0, true},
		{"1.", 0, true},
		{"-1", 0, true},
		{"1e3", 0, true},
		{"0.0000000001", 0, true},
		{"abc", 0, true},
		{"18446744074", 0, true}, // overflows nanomina
	}
	for _, c := range cases {
		got, err := parseMina(c.in)
		if (err != nil) != c.bad || got != c.want {
			t.Errorf("parseMina(%q) = %d, %v; want %d, bad %v", c.in, got, err, c.want, c.bad)
		}
	}
}

func TestNamedState(t *testing.T) {
	state := []graphql.Field{"11", "22", "33", "4", "1", "0", "0", "0"}
	layout := map[string]int{"model": 0, "input": 1, "output": 2, "label": 3, "count": 4, "params": 5}
	cases := []struct {
		name  string
		hash  string
		label int
		match bool
	}{
		{"same", "33", 4, true},
		{"other label", "33", 5, false},
		{"other hash", "34", 4, false},
	}
	for _, c := range cases {
		named, ok := namedState(state, layout, c.hash, c.label)
		if ok != c.match || named["label"] != "4" || named["count"] != "1" || len(named) != len(layout) {
			t.Errorf("%s: %v, %v", c.name, named, ok)
		}
	}
	if _, ok := namedState(state, map[string]int{"x": 9}, "33", 4); ok {
		t.Error("a layout without output and label matched")
	}
}

// fakeProject makes a directory that passes checkProjectDir (no node needed
// for the checks that fail before node runs).
func fakeProject(t *testing.T) string {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "zkml.json"), []byte("{}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "node_modules", "o1js"), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestDeploySubmitFlagErrors(t *testing.T) {
	dir := fakeProject(t)
	tmp := t.TempDir()
	key, err := mina.GeneratePrivateKey()
	if err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(tmp, "payer.json")
	if err := writeKeyFile(keyFile, key); err != nil {
		t.Fatal(err)
	}
	open := filepath.Join(tmp, "open.json")
	b, _ := os.ReadFile(keyFile)
	if err := os.WriteFile(open, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o644); err != nil {
		t.Fatal(err)
	}
	input := filepath.Join(tmp, "input.json")
	if err := os.WriteFile(input, []byte(`{"input": [0, 0.5, 1]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	badInput := filepath.Join(tmp, "bad-input.json")
	if err := os.WriteFile(badInput, []byte(`{"input": "seven"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	emptyInput := filepath.Join(tmp, "empty-input.json")
	if err := os.WriteFile(emptyInput, []byte(`{"input": []}`), 0o644); err != nil {
		t.Fatal(err)
	}
	zk, _ := mina.GeneratePrivateKey()
	zkAddr := zk.PublicKey().Base58()
	dead := "http://127.0.0.1:1/graphql"
	notProject := t.TempDir()
	cases := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"deploy without dir", []string{"deploy", "--key", keyFile}, exitBadInput, "usage: zkml deploy DIR"},
		{"deploy missing dir", []string{"deploy", filepath.Join(tmp, "nope"), "--key", keyFile}, exitBadInput, "no such file"},
		{"deploy not a project", []string{"deploy", notProject, "--key", keyFile}, exitBadInput, "not a zkml project"},
		{"deploy without key", []string{"deploy", dir, "--graphql", dead}, exitBadInput, "--key KEYFILE"},
		{"deploy open key file", []string{"deploy", dir, "--key", open, "--graphql", dead}, exitBadInput, "accessible by others"},
		{"deploy missing key file", []string{"deploy", dir, "--key", filepath.Join(tmp, "none.json"), "--graphql", dead}, exitBadInput, "key file"},
		{"deploy bad fee", []string{"deploy", dir, "--key", keyFile, "--fee", "-1", "--graphql", dead}, exitBadInput, "--fee"},
		{"deploy long memo", []string{"deploy", dir, "--key", keyFile, "--memo", strings.Repeat("m", 33), "--graphql", dead}, exitBadInput, "--memo"},
		{"deploy bad interval", []string{"deploy", dir, "--key", keyFile, "--interval", "0s", "--graphql", dead}, exitBadInput, "positive"},
		{"deploy mesa", []string{"deploy", dir, "--key", keyFile, "--era", "mesa", "--graphql", dead}, exitBadInput, "berkeley"},
		{"deploy bad url", []string{"deploy", dir, "--key", keyFile, "--graphql", "ftp://x/graphql"}, exitBadInput, "--graphql"},
		{"deploy same zkapp key", []string{"deploy", dir, "--key", keyFile, "--zkapp-key", keyFile, "--graphql", dead}, exitBadInput, "must differ"},
		{"deploy unreachable node", []string{"deploy", dir, "--key", keyFile, "--graphql", dead}, exitCheckFailed, "unreachable"},
		{"submit without input", []string{"submit", dir, "--key", keyFile, "--graphql", dead}, exitBadInput, "--input is required"},
		{"submit missing input", []string{"submit", dir, "--key", keyFile, "--input", filepath.Join(tmp, "x.json"), "--graphql", dead}, exitBadInput, "--input"},
		{"submit malformed input", []string{"submit", dir, "--key", keyFile, "--input", badInput, "--graphql", dead}, exitBadInput, "want {\"input\""},
		{"submit empty input", []string{"submit", dir, "--key", keyFile, "--input", emptyInput, "--graphql", dead}, exitBadInput, "at least one"},
		{"submit no zkapp key", []string{"submit", dir, "--key", keyFile, "--input", input, "--graphql", dead}, exitBadInput, "run zkml deploy first"},
		{"submit bad zkapp", []string{"submit", dir, "--key", keyFile, "--input", input, "--zkapp", "B62qnotakey", "--graphql", dead}, exitBadInput, "B62"},
		{"submit open zkapp key", []string{"submit", dir, "--key", keyFile, "--input", input, "--zkapp", open, "--graphql", dead}, exitBadInput, "accessible by others"},
		{"submit unreachable node", []string{"submit", dir, "--key", keyFile, "--input", input, "--zkapp", zkAddr, "--graphql", dead}, exitCheckFailed, "unreachable"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := zkml(t, tc.args...)
			if code != tc.wantCode || !strings.Contains(errOut, tc.wantErr) || strings.Count(errOut, "\n") != 1 {
				t.Fatalf("exit %d, stderr %q; want exit %d and one line ∋ %q", code, errOut, tc.wantCode, tc.wantErr)
			}
			assertNoSecret(t, key, out, errOut)
		})
	}
	if _, err := os.Stat(filepath.Join(dir, zkappKeyFile)); err == nil {
		t.Error("a failed deploy created the zkApp key file")
	}
}

// TestDeploySubmitOnLocalnet is the end-to-end test of deploy and submit:
// scaffold digits_mlp, start a local network, deploy the contract, submit
// one inference, and read the state back with zkml state --vk.
func TestDeploySubmitOnLocalnet(t *testing.T) {
	root := oracle.RequireNode(t)
	if testing.Short() || os.Getenv("ZKML_E2E") == "" {
		t.Skip("end-to-end o1js proving takes minutes: set ZKML_E2E=1 (CI does)")
	}
	start := time.Now()
	lap := func(what string) {
		t.Logf("%s done at %.0f s", what, time.Since(start).Seconds())
	}
	model := sharedModel(t, "digits_mlp")
	dir := filepath.Join(t.TempDir(), "app")
	code, stdout, stderr := runCLI(t, "scaffold", model, "-o", dir, "--json")
	if code != 0 {
		t.Fatalf("scaffold: %s", stderr)
	}
	var rep scaffoldReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	linkDeps(t, root, dir)
	// Keys are cached per model across runs on the same machine, as in the
	// scaffold tests (the same directory, so either test warms it).
	cache, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("ZKML_CACHE", filepath.Join(cache, "zkml-o1js-keys", rep.ModelField[:16]+fmt.Sprint(len(rep.Chunks))))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var lnLog logbuf.Buffer
	n, err := localnet.Start(ctx, localnet.Options{Port: 0, Script: filepath.Join(root, "localnet", "server.mjs"), Stderr: &lnLog})
	if err != nil {
		t.Fatal(err)
	}
	defer n.Close()
	lap("localnet")
	tmp := t.TempDir()
	payer := n.Accounts[0].PrivateKey
	keyFile := filepath.Join(tmp, "payer.json")
	if err := writeKeyFile(keyFile, payer); err != nil {
		t.Fatal(err)
	}
	chain := []string{"--graphql", n.URL, "--interval", "1s", "--json"}

	// Deploy.
	code, stdout, stderr = runCLI(t, append([]string{"deploy", dir, "--key", keyFile}, chain...)...)
	if code != 0 {
		t.Fatalf("deploy: exit %d: %s\nlocalnet: %s", code, lastLine(stderr), lastLine(lnLog.String()))
	}
	var dep deployReport
	if err := json.Unmarshal([]byte(stdout), &dep); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(filepath.Join(dir, zkappKeyFile))
	if err != nil || st.Mode().Perm() != 0o600 || !dep.ZkappKeyCreated || !dep.NewAccount {
		t.Fatalf("zkApp key file: %v (report %+v)", err, dep)
	}
	zkKey := readKeyJSON(t, filepath.Join(dir, zkappKeyFile))
	if dep.Zkapp != zkKey.PublicKey().Base58() || dep.Transaction == nil || dep.Transaction.BlockHeight == "" {
		t.Fatalf("deploy report %+v", dep)
	}
	outputs := []string{stdout, stderr}
	lap("deploy")

	// Submit one inference (the project's sample input).
	var sample projectSample
	b, err := os.ReadFile(filepath.Join(dir, "data", "sample.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &sample); err != nil {
		t.Fatal(err)
	}
	inFile := filepath.Join(tmp, "input.json")
	b, _ = json.Marshal(map[string]any{"input": sample.Input})
	if err := os.WriteFile(inFile, b, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = runCLI(t, append([]string{"submit", dir, "--input", inFile, "--key", keyFile}, chain...)...)
	if code != 0 {
		t.Fatalf("submit: exit %d: %s\nlocalnet: %s", code, lastLine(stderr), lastLine(lnLog.String()))
	}
	var sub submitReport
	if err := json.Unmarshal([]byte(stdout), &sub); err != nil {
		t.Fatal(err)
	}
	outputs = append(outputs, stdout, stderr)
	lap("submit")

	// The Go fixed-point evaluator's output and class for that input.
	m, err := onnx.LoadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := quant.Compile(m.Graph, quant.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	q, err := prog.QuantizeInput(prog.Inputs[0].Name, sample.Input)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := prog.Run(map[string][]int64{prog.Inputs[0].Name: q})
	if err != nil {
		t.Fatal(err)
	}
	want := tr.Outputs[0].Data
	class := 0
	for i, v := range want {
		if v > want[class] {
			class = i
		}
	}
	if got := strings.Join(sub.Output, ","); got != strings.Join(ints(want), ",") {
		t.Fatalf("proved output %s, Go evaluator %s", got, strings.Join(ints(want), ","))
	}
	if sub.Label != class || !sub.StateMatches || sub.Zkapp != dep.Zkapp {
		t.Fatalf("submit report %+v; want label %d", sub, class)
	}

	// zkml state reads it back and checks the verification key.
	code, stdout, stderr = runCLI(t, "state", dep.Zkapp, "--vk", dir, "--graphql", n.URL, "--json")
	if code != 0 {
		t.Fatalf("state: exit %d: %s", code, stderr)
	}
	var state stateReport
	if err := json.Unmarshal([]byte(stdout), &state); err != nil {
		t.Fatal(err)
	}
	if state.VKCheck == nil || !state.VKCheck.Match || !sameField(state.VerificationKeyHash, dep.VerificationKeyHash) {
		t.Fatalf("vk check %+v, hash %s, deployed %s", state.VKCheck, state.VerificationKeyHash, dep.VerificationKeyHash)
	}
	// The state fields by the contract's layout (reported by deploy).
	named := map[string]string{}
	for name, i := range dep.StateLayout {
		if i < 0 || i >= len(state.AppState) {
			t.Fatalf("state layout %v does not fit %d fields", dep.StateLayout, len(state.AppState))
		}
		named[name] = state.AppState[i]
	}
	checks := []struct{ name, want string }{
		{"label", fmt.Sprint(class)},
		{"count", "1"},
		{"output", sub.OutputHash},
		{"model", rep.ModelField},
	}
	for _, c := range checks {
		if !sameField(named[c.name], c.want) {
			t.Errorf("state %s = %q, want %s", c.name, named[c.name], c.want)
		}
	}
	outputs = append(outputs, stdout, stderr)
	for _, k := range []mina.PrivateKey{payer, zkKey} {
		assertNoSecret(t, k, outputs...)
	}
	lap("state")
	t.Logf("RESULT deploy+submit digits_mlp: label %d, output %v, prove %v s, tx prove %.1f s, total %.0f s",
		sub.Label, sub.Output, sub.ProveSeconds, sub.TxProveSeconds, time.Since(start).Seconds())
}
