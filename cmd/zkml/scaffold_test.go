package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"google.golang.org/protobuf/proto"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/onnxpb"
	"github.com/zkml-mina/zkml/onnx/quant"
	"github.com/zkml-mina/zkml/verifierkey"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"zkml"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

func sharedModel(t *testing.T, name string) string {
	return filepath.Join(oracle.SharedDir(t), "models", name, "model.onnx")
}

func TestScaffoldRefusesNonEmptyDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "keep.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	model := sharedModel(t, "digits_mlp")
	code, _, stderr := runCLI(t, "scaffold", model, "-o", dir)
	if code != exitBadInput || !strings.Contains(stderr, "not empty") || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "package.json")); err == nil {
		t.Fatal("wrote into a non-empty directory")
	}
	if code, _, stderr := runCLI(t, "scaffold", model, "-o", dir, "--force"); code != 0 {
		t.Fatalf("--force: exit %d: %s", code, stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "keep.txt")); string(b) != "mine" {
		t.Fatal("--force removed an unrelated file")
	}
	for _, bad := range [][]string{
		{"--name", "Bad Name"}, {"--input-visibility", "secret"}, {"--param-visibility", "secret"}, {"--max-rows", "10"},
	} {
		args := append([]string{"scaffold", model, "-o", t.TempDir()}, bad...)
		if code, _, stderr := runCLI(t, args...); code != exitBadInput {
			t.Errorf("%v: exit %d: %s", bad, code, stderr)
		}
	}
}

// hostileCopy rewrites every name and doc string of a model into hostile
// text (quotes, backticks, ${…}, newlines, */, non-ASCII) and returns the path.
func hostileCopy(t *testing.T, src string) string {
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var m onnxpb.ModelProto
	if err := proto.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	names := map[string]string{}
	evil := func(s string) string {
		if s == "" {
			return s
		}
		if n, ok := names[s]; ok {
			return n
		}
		n := fmt.Sprintf("x\"'`${zkmlPwned(7)}*/\n</script>\u202e日本%d\\", len(names))
		names[s] = n
		return n
	}
	doc := "*/ `${require('child_process')}` \"\n<!--"
	m.DocString = &doc
	g := m.Graph
	g.Name = proto.String(evil(g.GetName()))
	g.DocString = &doc
	for _, v := range append(append(append([]*onnxpb.ValueInfoProto{}, g.Input...), g.Output...), g.ValueInfo...) {
		v.Name = proto.String(evil(v.GetName()))
		v.DocString = &doc
	}
	for _, init := range g.Initializer {
		init.Name = proto.String(evil(init.GetName()))
	}
	for _, n := range g.Node {
		n.Name = proto.String(evil(n.GetName() + "#node"))
		n.DocString = &doc
		for i := range n.Input {
			n.Input[i] = evil(n.Input[i])
		}
		for i := range n.Output {
			n.Output[i] = evil(n.Output[i])
		}
	}
	out, err := proto.Marshal(&m)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "model.onnx")
	if err := os.WriteFile(p, out, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestScaffoldHostileNames: a model whose names are hostile generates the
// same project, byte for byte, as the model with plain names (apart from the
// model file's own hash in zkml.json), so it compiles and behaves the same;
// no hostile text reaches any file.
func TestScaffoldHostileNames(t *testing.T) {
	for _, name := range []string{"digits_mlp", "game_master"} {
		plain := sharedModel(t, name)
		hostile := hostileCopy(t, plain)
		samples := filepath.Join(filepath.Dir(plain), "samples.json")
		if _, err := onnx.LoadFile(hostile); err != nil {
			t.Fatalf("%s: hostile copy does not load: %v", name, err)
		}
		a, b := t.TempDir(), t.TempDir()
		if code, _, stderr := runCLI(t, "scaffold", plain, "-o", a, "--force"); code != 0 {
			t.Fatal(stderr)
		}
		if code, _, stderr := runCLI(t, "scaffold", hostile, "-o", b, "--force", "--samples", samples); code != 0 {
			t.Fatal(stderr)
		}
		fa, fb := treeFiles(t, a), treeFiles(t, b)
		if len(fa) != len(fb) {
			t.Fatalf("%s: %d files vs %d", name, len(fa), len(fb))
		}
		for p, da := range fa {
			db := fb[p]
			for _, bad := range []string{"zkmlPwned", "child_process", "</script>", "\u202e", "日本"} {
				if bytes.Contains(db, []byte(bad)) {
					t.Errorf("%s: %s contains hostile text %q", name, p, bad)
				}
			}
			if p == "zkml.json" {
				var ra, rb map[string]any
				json.Unmarshal(da, &ra)
				json.Unmarshal(db, &rb)
				delete(ra, "model_sha256")
				delete(rb, "model_sha256")
				ja, _ := json.Marshal(ra)
				jb, _ := json.Marshal(rb)
				da, db = ja, jb
			}
			if !bytes.Equal(da, db) {
				t.Errorf("%s: %s differs between plain and hostile names", name, p)
			}
		}
	}
}

func treeFiles(t *testing.T, root string) map[string][]byte {
	out := map[string][]byte{}
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	return out
}

// ---- end to end (node, o1js, LocalBlockchain with proofs) ----

// linkDeps gives a generated project a node_modules of symlinks into the
// repository's installed packages (o1js 2.15.0 and its dependencies, pinned
// by the repository's package-lock.json) plus typescript, instead of a
// network install.
func linkDeps(t *testing.T, root, dir string) {
	t.Helper()
	nm := filepath.Join(dir, "node_modules")
	if err := os.MkdirAll(nm, 0o755); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "node_modules", "typescript")); err != nil {
		t.Fatalf("typescript is missing from the repository's node_modules (a devDependency): %v", err)
	}
	ents, err := os.ReadDir(filepath.Join(root, "node_modules"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if err := os.Symlink(filepath.Join(root, "node_modules", e.Name()), filepath.Join(nm, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
}

func nodeRun(t *testing.T, dir string, env []string, args ...string) string {
	t.Helper()
	cmd := exec.Command("node", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	t.Logf("node %s (%.0f s):\n%s", strings.Join(args, " "), time.Since(start).Seconds(), errb.String())
	if err != nil {
		t.Fatalf("node %v: %v\nstdout: %s", args, err, out.String())
	}
	return out.String()
}

// e2e scaffolds a model, builds the project, compares the predicted rows
// with analyzeMethods(), writes and checks the verification keys, and runs
// the generated test (prove, verify, deploy, submit, forgeries rejected).
func e2e(t *testing.T, model string, wantChunks int, extra ...string) {
	e2eModel(t, model, sharedModel(t, model), wantChunks, extra...)
}

func e2eModel(t *testing.T, model, modelPath string, wantChunks int, extra ...string) {
	root := oracle.RequireNode(t)
	if testing.Short() || os.Getenv("ZKML_E2E") == "" {
		t.Skip("end-to-end o1js proving takes minutes: set ZKML_E2E=1 (CI does)")
	}
	dir := filepath.Join(t.TempDir(), "app")
	args := append([]string{"scaffold", modelPath, "-o", dir, "--json"}, extra...)
	code, stdout, stderr := runCLI(t, args...)
	if code != 0 {
		t.Fatalf("scaffold: %s", stderr)
	}
	var rep scaffoldReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Chunks) != wantChunks {
		t.Fatalf("%d chunks, want %d", len(rep.Chunks), wantChunks)
	}
	linkDeps(t, root, dir)
	// Keys are cached per model across runs on the same machine.
	cache, _ := os.UserCacheDir()
	env := []string{"ZKML_CACHE=" + filepath.Join(cache, "zkml-o1js-keys", rep.ModelField[:16]+fmt.Sprint(len(rep.Chunks)))}
	nodeRun(t, dir, nil, filepath.Join("node_modules", "typescript", "bin", "tsc"), "-p", ".")

	// Predicted rows against analyzeMethods(): within 10% + 50 rows.
	var rows struct {
		Rows []struct{ Chunk, Rows, Predicted int }
	}
	if err := json.Unmarshal(lastJSONLine([]byte(nodeRun(t, dir, env, "dist/scripts/rows.js"))), &rows); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows.Rows {
		d := r.Rows - r.Predicted
		if d < 0 {
			d = -d
		}
		if float64(d) > 0.10*float64(r.Rows)+50 {
			t.Errorf("chunk %d: predicted %d rows, analyzeMethods %d", r.Chunk, r.Predicted, r.Rows)
		}
		t.Logf("chunk %d: predicted %d rows, analyzeMethods %d", r.Chunk, r.Predicted, r.Rows)
	}

	// The generated end-to-end test.
	out := nodeRun(t, dir, env, "--test", "--test-reporter=spec", "dist/test/model.test.js")
	var res struct {
		Chunks            int
		Output            []string
		Label             int
		StateLabel        string
		Compile           []vkCompileStep
		ProveSeconds      []float64
		TotalProveSeconds float64
		Backend           string
	}
	for _, l := range strings.Split(out, "\n") {
		if s, ok := strings.CutPrefix(strings.TrimSpace(l), "ZKML_RESULT "); ok {
			if err := json.Unmarshal([]byte(s), &res); err != nil {
				t.Fatal(err)
			}
		}
	}
	if res.Chunks != wantChunks || res.StateLabel != fmt.Sprint(res.Label) {
		t.Fatalf("result %+v", res)
	}
	// Bit for bit against the Go integer evaluator.
	m, err := onnx.LoadFile(modelPath)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := quant.Compile(m.Graph, quant.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	var sample projectSample
	b, _ := os.ReadFile(filepath.Join(dir, "data", "sample.json"))
	json.Unmarshal(b, &sample)
	q, _ := prog.QuantizeInput(prog.Inputs[0].Name, sample.Input)
	tr, err := prog.Run(map[string][]int64{prog.Inputs[0].Name: q})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(res.Output, ","), strings.Join(ints(tr.Outputs[0].Data), ","); got != want {
		t.Fatalf("proved output %s, Go evaluator %s", got, want)
	}
	t.Logf("RESULT %s: backend %s, chunks %d, rows %v, compile %+v, prove %v s, total prove %.1f s",
		model, res.Backend, res.Chunks, rows.Rows, res.Compile, res.ProveSeconds, res.TotalProveSeconds)

	// zkml vk: every key checks out in Go (keys come from the cache now).
	os.Setenv("ZKML_CACHE", strings.TrimPrefix(env[0], "ZKML_CACHE="))
	defer os.Unsetenv("ZKML_CACHE")
	code, stdout, stderr = runCLI(t, "vk", dir, "--json")
	if code != 0 {
		t.Fatalf("vk: exit %d: %s", code, lastLine(stderr))
	}
	vf, err := verifierkey.ReadFile(filepath.Join(dir, "verification-key.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(vf.Chunks) != wantChunks {
		t.Fatalf("%d chunk keys", len(vf.Chunks))
	}
	if !strings.Contains(stdout, `"fromCache": true`) {
		t.Errorf("vk did not report cached compiles: %s", stdout)
	}
	keys := append([]verifierkey.Key{vf.Key}, vf.Chunks...)
	for i, k := range keys {
		if _, err := k.Check(); err != nil {
			t.Errorf("key %d: %v", i, err)
		}
	}
	// A corrupted key is rejected with a clear error.
	bad := vf.Key
	// Change the last digit, so the hash is another number for sure.
	last := bad.Hash[len(bad.Hash)-1]
	bad.Hash = bad.Hash[:len(bad.Hash)-1] + string('0'+(last-'0'+1)%10)
	if _, err := bad.Check(); err == nil || !strings.Contains(err.Error(), "hash mismatch") {
		t.Errorf("corrupted hash: %v", err)
	}
}

// TestScaffoldDigitsMLP: one chunk (Gemm, Relu, Gemm).
func TestScaffoldDigitsMLP(t *testing.T) { e2e(t, "digits_mlp", 1) }

// TestScaffoldGameMasterChunked: Gemm/Relu ×2, Gemm, Softmax (Merkle-checked
// exp table), cut into two recursive chunks by a lowered row budget.
func TestScaffoldGameMasterChunked(t *testing.T) { e2e(t, "game_master", 2, "--max-rows", "1500") }

// tinyOpsModel writes a small classifier that exercises the kernels lowered
// onto the circuit's affine, product and activation gadgets — Conv, LeakyRelu,
// MaxPool, GlobalAveragePool, an unfolded BatchNormalization, Clip, Flatten, Gemm, Add of a constant,
// Mul of two computed values (x·sigmoid(x)), Div by an integer constant,
// Concat of two values and Tanh — with samples.json beside it.
func tinyOpsModel(t *testing.T) string {
	t.Helper()
	dim := func(n int64) *onnxpb.TensorShapeProto_Dimension {
		return &onnxpb.TensorShapeProto_Dimension{Value: &onnxpb.TensorShapeProto_Dimension_DimValue{DimValue: n}}
	}
	vi := func(name string, dims ...int64) *onnxpb.ValueInfoProto {
		var d []*onnxpb.TensorShapeProto_Dimension
		for _, n := range dims {
			d = append(d, dim(n))
		}
		return &onnxpb.ValueInfoProto{Name: proto.String(name), Type: &onnxpb.TypeProto{Value: &onnxpb.TypeProto_TensorType{
			TensorType: &onnxpb.TypeProto_Tensor{ElemType: proto.Int32(1), Shape: &onnxpb.TensorShapeProto{Dim: d}},
		}}}
	}
	wave := func(n int, scale float32) []float32 {
		v := make([]float32, n)
		for i := range v {
			v[i] = scale * float32((i*37)%11-5) / 5
		}
		return v
	}
	tensor := func(name string, data []float32, dims ...int64) *onnxpb.TensorProto {
		return &onnxpb.TensorProto{Name: proto.String(name), DataType: proto.Int32(1), Dims: dims, FloatData: data}
	}
	node := func(op, out string, attrs []*onnxpb.AttributeProto, in ...string) *onnxpb.NodeProto {
		return &onnxpb.NodeProto{Name: proto.String(out), OpType: proto.String(op), Input: in, Output: []string{out}, Attribute: attrs}
	}
	fattr := func(name string, f float32) *onnxpb.AttributeProto {
		return &onnxpb.AttributeProto{Name: proto.String(name), F: proto.Float32(f), Type: onnxpb.AttributeProto_FLOAT.Enum()}
	}
	ints := func(name string, v ...int64) *onnxpb.AttributeProto {
		return &onnxpb.AttributeProto{Name: proto.String(name), Ints: v, Type: onnxpb.AttributeProto_INTS.Enum()}
	}
	iattr := func(name string, i int64) *onnxpb.AttributeProto {
		return &onnxpb.AttributeProto{Name: proto.String(name), I: proto.Int64(i), Type: onnxpb.AttributeProto_INT.Enum()}
	}
	g := &onnxpb.GraphProto{
		Name: proto.String("tiny_ops"),
		Initializer: []*onnxpb.TensorProto{
			tensor("cw", wave(8*1*3*3, 0.6), 8, 1, 3, 3), tensor("cb", wave(8, 0.2), 8),
			tensor("bn_s", []float32{1.5, 0.75, 1, -0.5, 1.25, 0.5, -1, 2}, 8), tensor("bn_b", wave(8, 0.5), 8),
			tensor("bn_m", wave(8, 0.1), 8), tensor("bn_v", []float32{0.8, 1.2, 1, 0.5, 1, 1, 2, 0.25}, 8),
			tensor("lo", []float32{-1}), tensor("hi", []float32{2}),
			tensor("gw", wave(3*8, 0.5), 3, 8), tensor("gb", []float32{0.05, -0.05, 0.1}, 3),
			tensor("add_c", []float32{0.5, -0.25, 0.125}, 1, 3), tensor("div_c", []float32{2}, 1),
		},
		Node: []*onnxpb.NodeProto{
			node("Conv", "conv", nil, "x", "cw", "cb"),
			node("LeakyRelu", "leaky", []*onnxpb.AttributeProto{fattr("alpha", 0.1)}, "conv"),
			node("MaxPool", "pool", []*onnxpb.AttributeProto{ints("kernel_shape", 2, 2), ints("strides", 2, 2)}, "leaky"),
			node("GlobalAveragePool", "gap", nil, "pool"),
			node("BatchNormalization", "bn", nil, "gap", "bn_s", "bn_b", "bn_m", "bn_v"),
			node("Clip", "clip", nil, "bn", "lo", "hi"),
			node("Flatten", "flat", nil, "clip"),
			node("Gemm", "gemm", []*onnxpb.AttributeProto{iattr("transB", 1)}, "flat", "gw", "gb"),
			node("Add", "add", nil, "gemm", "add_c"),
			node("Sigmoid", "sig", nil, "add"),
			node("Mul", "swish", nil, "add", "sig"),
			node("Div", "half", nil, "swish", "div_c"),
			node("Tanh", "th", nil, "half"),
			node("Concat", "y", []*onnxpb.AttributeProto{iattr("axis", 1)}, "th", "add"),
		},
		Input:  []*onnxpb.ValueInfoProto{vi("x", 1, 1, 10, 10)},
		Output: []*onnxpb.ValueInfoProto{vi("y", 1, 6)},
	}
	m := &onnxpb.ModelProto{IrVersion: proto.Int64(8), Graph: g,
		OpsetImport: []*onnxpb.OperatorSetIdProto{{Domain: proto.String(""), Version: proto.Int64(13)}}}
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "model.onnx")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	in := make([]float64, 100)
	for i := range in {
		in[i] = float64((i*7)%13-6) / 4
	}
	js, _ := json.Marshal(map[string]any{"input_shape": []int{1, 1, 10, 10}, "inputs": [][]float64{in}})
	if err := os.WriteFile(filepath.Join(dir, "samples.json"), js, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestScaffoldTinyOpsPlan: the tiny model scaffolds (every kernel lowered),
// and a lowered row budget splits its convolution across two recursive
// chunks; the visibility flags reach model.json and zkml.json.
func TestScaffoldTinyOpsPlan(t *testing.T) {
	model := tinyOpsModel(t)
	for _, c := range []struct {
		args   []string
		chunks int
	}{
		{nil, 1},
		{[]string{"--max-rows", tinyBudget, "--input-visibility", "public", "--param-visibility", "hashed"}, 2},
		{[]string{"--max-rows", tinyBudget, "--param-visibility", "private"}, 2},
	} {
		dir := t.TempDir()
		code, stdout, stderr := runCLI(t, append([]string{"scaffold", model, "-o", dir, "--json"}, c.args...)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", c.args, code, stderr)
		}
		var rep scaffoldReport
		if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
			t.Fatal(err)
		}
		if len(rep.Chunks) != c.chunks {
			t.Errorf("%v: %d chunks %+v, want %d", c.args, len(rep.Chunks), rep.Chunks, c.chunks)
		}
		var sample projectSample
		b, _ := os.ReadFile(filepath.Join(dir, "data", "sample.json"))
		if err := json.Unmarshal(b, &sample); err != nil {
			t.Fatal(err)
		}
		_, err := os.Stat(filepath.Join(dir, "data", "params-salt.json"))
		switch rep.ParamVisibility {
		case "private":
			if err != nil || rep.ParamsCommit == "0" || sample.InputCommitment != "" {
				t.Errorf("private weights: salt file %v, commitment %s, input commitment %q", err, rep.ParamsCommit, sample.InputCommitment)
			}
		case "hashed":
			if err == nil || rep.ParamsCommit == "0" || sample.InputCommitment == "" {
				t.Errorf("hashed weights: salt file %v, commitment %s, input commitment %q", err, rep.ParamsCommit, sample.InputCommitment)
			}
		default:
			if err == nil || rep.ParamsCommit != "0" {
				t.Errorf("fixed weights: salt file %v, commitment %s", err, rep.ParamsCommit)
			}
		}
	}
}

// tinyBudget is the row budget that cuts the tiny model's convolution run
// into two parts proved in two chunks.
const tinyBudget = "10000"

// TestScaffoldTinyOpsSplit proves the tiny model end to end with its
// convolution split across two recursive chunks, a public input and hashed
// weights (the contract stores their Poseidon commitment, recomputed in Go).
// It takes over ten minutes on two cores, so CI leaves it out: it runs with
// ZKML_E2E=full.
func TestScaffoldTinyOpsSplit(t *testing.T) {
	if os.Getenv("ZKML_E2E") != "full" {
		t.Skip("splits a conv across recursive chunks (over ten minutes): set ZKML_E2E=full")
	}
	e2eModel(t, "tiny_ops", tinyOpsModel(t), 2, "--max-rows", tinyBudget, "--input-visibility", "public", "--param-visibility", "hashed")
}

// TestScaffoldLenet5Plan: lenet5 (≈ 200k predicted rows, one convolution
// alone above 2^16) scaffolds into recursive chunks that each fit the row
// budget, its convolutions split across chunks. Proving all of them takes
// about 14 × (compile ≈ 130 s + prove ≈ 30 s) here, so CI checks the plan and
// TestScaffoldTinyOpsSplit proves a split step end to end.
func TestScaffoldLenet5Plan(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := runCLI(t, "scaffold", sharedModel(t, "lenet5"), "-o", dir, "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var rep scaffoldReport
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Chunks) < 2 {
		t.Fatalf("%d chunks", len(rep.Chunks))
	}
	for i, c := range rep.Chunks {
		if c.Rows > rep.RowBudget {
			t.Errorf("chunk %d: %d predicted rows, budget %d", i, c.Rows, rep.RowBudget)
		}
	}
	t.Logf("lenet5: %d chunks, %+v", len(rep.Chunks), rep.Chunks)
}
