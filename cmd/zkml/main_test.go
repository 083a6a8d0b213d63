package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/onnx/onnxpb"
)

// zkml runs the CLI in-process and returns its exit code, stdout and stderr.
func zkml(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), append([]string{"zkml"}, args...), &out, &errb)
	return code, out.String(), errb.String()
}

// writeModel serializes a one-node model whose op is op, with input x of shape [1, 4].
func writeModel(t *testing.T, dir, op string) string {
	t.Helper()
	dim := func(n int64) *onnxpb.TensorShapeProto_Dimension {
		return &onnxpb.TensorShapeProto_Dimension{Value: &onnxpb.TensorShapeProto_Dimension_DimValue{DimValue: n}}
	}
	vi := func(name string) *onnxpb.ValueInfoProto {
		return &onnxpb.ValueInfoProto{Name: proto.String(name), Type: &onnxpb.TypeProto{Value: &onnxpb.TypeProto_TensorType{
			TensorType: &onnxpb.TypeProto_Tensor{ElemType: proto.Int32(1), Shape: &onnxpb.TensorShapeProto{Dim: []*onnxpb.TensorShapeProto_Dimension{dim(1), dim(4)}}},
		}}}
	}
	m := &onnxpb.ModelProto{
		IrVersion:   proto.Int64(8),
		OpsetImport: []*onnxpb.OperatorSetIdProto{{Domain: proto.String(""), Version: proto.Int64(13)}},
		Graph: &onnxpb.GraphProto{
			Name:   proto.String("g"),
			Node:   []*onnxpb.NodeProto{{Name: proto.String("mystery"), OpType: proto.String(op), Input: []string{"x"}, Output: []string{"y"}}},
			Input:  []*onnxpb.ValueInfoProto{vi("x")},
			Output: []*onnxpb.ValueInfoProto{vi("y")},
		},
	}
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, op+".onnx")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestBadInput(t *testing.T) {
	shared := oracle.SharedDir(t)
	model := filepath.Join(shared, "models", "digits_mlp", "model.onnx")
	good := filepath.Join(shared, "models", "digits_mlp", "samples.json")
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	full, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	truncated := write("truncated.onnx", string(full[:len(full)/2]))
	corrupt := append([]byte(nil), full...)
	for i := 0; i < 40; i++ {
		corrupt[i*7] ^= 0xff
	}
	corruptPath := write("corrupt.onnx", string(corrupt))
	notONNX := write("readme.txt", "hello, this is not a model\n")
	relu := writeModel(t, dir, "Relu")
	unknown := writeModel(t, dir, "FancyAttention")
	row := func(n int, v string) string {
		vals := make([]string, n)
		for i := range vals {
			vals[i] = "0.5"
		}
		if v != "" {
			vals[n-1] = v
		}
		return `{"inputs": [[` + strings.Join(vals, ",") + `]]}`
	}
	shortRow := write("short.json", row(63, ""))
	badShape := write("shape.json", `{"input_shape":[1,8,8],`+row(64, "")[1:])
	nanRow := write("nan.json", row(64, "NaN"))
	infRow := write("inf.json", row(64, "Infinity"))

	cases := []struct {
		name    string
		args    []string
		code    int
		wantErr string
	}{
		{"no args", []string{"eval"}, 2, "Required flag"},
		{"unknown flag", []string{"inspect", "--nope", model}, 2, "flag provided but not defined"},
		{"missing file", []string{"inspect", filepath.Join(dir, "absent.onnx")}, 2, "no such file"},
		{"truncated model", []string{"inspect", truncated}, 2, "not an ONNX model"},
		{"corrupt model", []string{"eval", corruptPath, "--samples", good}, 2, "load " + corruptPath},
		{"not onnx", []string{"inspect", notONNX}, 2, "not an ONNX model"},
		{"unknown op", []string{"inspect", unknown}, 2, `unsupported op FancyAttention (opset 13) at node "mystery"`},
		{"unknown op eval", []string{"eval", unknown, "--samples", good}, 2, "unsupported op FancyAttention (opset 13)"},
		{"wrong input length", []string{"eval", model, "--samples", shortRow}, 2, "rows have 63 values but input"},
		{"wrong input shape", []string{"eval", model, "--samples", badShape}, 2, "input_shape [1 8 8], but input"},
		{"nan input", []string{"eval", model, "--samples", nanRow}, 2, "inputs row 0 element 63 is NaN"},
		{"inf input", []string{"eval", model, "--samples", infRow}, 2, "inputs row 0 element 63 is +Inf"},
		{"scale and calibrate", []string{"eval", model, "--samples", good, "--scale", "8", "--calibrate"}, 2, "exclude each other"},
		{"scale out of range", []string{"eval", model, "--samples", good, "--scale", "99"}, 2, "Scale 99"},
		{"check failed", []string{"eval", model, "--samples", good, "--scale", "2", "--max-err", "1e-9"}, 1, "exceeds --max-err"},
		{"ok relu", []string{"inspect", relu}, 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := zkml(t, c.args...)
			if code != c.code {
				t.Fatalf("exit code %d, want %d (stderr %q)", code, c.code, stderr)
			}
			if c.wantErr == "" {
				if stderr != "" {
					t.Fatalf("unexpected stderr %q", stderr)
				}
				return
			}
			if !strings.Contains(stderr, c.wantErr) {
				t.Fatalf("stderr %q does not contain %q", stderr, c.wantErr)
			}
			if strings.Count(strings.TrimSpace(stderr), "\n") != 0 || !strings.HasPrefix(stderr, "zkml: ") {
				t.Fatalf("error is not one line prefixed zkml: %q", stderr)
			}
			if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
				t.Fatalf("panic: %s", stderr)
			}
		})
	}
}

// TestEvalSharedModels is acceptance item 1: every shared model's float
// evaluator matches PyTorch within 1e-4, and the default fixed point keeps
// argmax agreement ≥ 0.99 (classifiers) or stays within 0.05 of float (regression).
func TestEvalSharedModels(t *testing.T) {
	shared := oracle.SharedDir(t)
	dirs, _ := filepath.Glob(filepath.Join(shared, "models", "*"))
	if len(dirs) < 8 {
		t.Fatalf("found %d shared models, want 8", len(dirs))
	}
	for _, dir := range dirs {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			code, out, stderr := zkml(t, "eval", filepath.Join(dir, "model.onnx"), "--samples", filepath.Join(dir, "samples.json"), "--json")
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var r map[string]any
			if err := json.Unmarshal([]byte(out), &r); err != nil {
				t.Fatalf("bad JSON %q: %v", out, err)
			}
			for _, k := range []string{"samples", "float_max_abs_err", "quant_max_abs_err", "scale"} {
				if _, ok := r[k]; !ok {
					t.Errorf("JSON lacks %q", k)
				}
			}
			if r["samples"].(float64) != 64 {
				t.Errorf("samples = %v", r["samples"])
			}
			if e := r["float_max_abs_err"].(float64); e > 1e-4 {
				t.Errorf("float_max_abs_err %g > 1e-4", e)
			}
			switch r["task"] {
			case "multiclass":
				if a := r["argmax_agreement"].(float64); a < 0.99 {
					t.Errorf("argmax_agreement %g < 0.99", a)
				}
				if _, ok := r["label_accuracy_quant"]; !ok {
					t.Error("no label_accuracy_quant")
				}
			case "binary":
				if a := r["decision_agreement"].(float64); a < 0.99 {
					t.Errorf("decision_agreement %g < 0.99", a)
				}
			case "regression":
				if e := r["quant_vs_float_max_abs_err"].(float64); e > 0.05 {
					t.Errorf("quantized regression output off by %g > 0.05", e)
				}
			default:
				t.Errorf("task %v", r["task"])
			}
		})
	}
}

func TestCalibrate(t *testing.T) {
	shared := oracle.SharedDir(t)
	dir := filepath.Join(shared, "models", "game_master")
	code, out, stderr := zkml(t, "eval", filepath.Join(dir, "model.onnx"), "--samples", filepath.Join(dir, "samples.json"), "--calibrate", "--target", "0.99", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var r evalReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Calibration) == 0 {
		t.Fatal("no calibration steps reported")
	}
	last := r.Calibration[len(r.Calibration)-1]
	if !last.Met || last.Scale != r.Scale || last.Agreement < 0.99 {
		t.Fatalf("calibration ended on %+v, report scale %d", last, r.Scale)
	}
	for _, s := range r.Calibration[:len(r.Calibration)-1] {
		if s.Met {
			t.Fatalf("scale %d met the target but calibration went on", s.Scale)
		}
	}
	if *r.ArgmaxAgreement < 0.99 {
		t.Fatalf("calibrated agreement %v", *r.ArgmaxAgreement)
	}
}

func TestDemoAndInspect(t *testing.T) {
	code, out, stderr := zkml(t, "demo")
	if code != 0 || !strings.Contains(out, "argmax agreement") {
		t.Fatalf("demo: exit %d, out %q, err %q", code, out, stderr)
	}
	shared := oracle.SharedDir(t)
	code, out, stderr = zkml(t, "inspect", "--json", filepath.Join(shared, "models", "lenet5", "model.onnx"))
	if code != 0 {
		t.Fatalf("inspect: exit %d: %s", code, stderr)
	}
	var r inspectReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if r.Opset != 13 || r.Params != 61706 || r.Ops["Conv"] != 2 || len(r.Unsupported) != 0 {
		t.Fatalf("inspect lenet5: %+v", r)
	}
	if len(r.Inputs) != 1 || len(r.Inputs[0].Shape) != 4 || r.Inputs[0].Shape[2] != 28 {
		t.Fatalf("inspect lenet5 input: %+v", r.Inputs)
	}
}
