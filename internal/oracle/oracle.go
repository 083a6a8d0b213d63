// Package oracle finds the repository's test data and runs the Node scripts
// in oracles/ (o1js, mina-signer, onnxruntime-node) that tests use as
// independent implementations.
package oracle

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// RepoRoot returns the directory holding go.mod, searching upward from the
// working directory.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

// SharedDir returns ../shared beside the repository root, where the
// project's shared test data lives, failing the test when it is missing.
func SharedDir(t testing.TB) string {
	t.Helper()
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(filepath.Dir(root), "shared")
	if _, err := os.Stat(dir); err != nil {
		t.Fatalf("shared test data: %v (the checkout must sit beside shared/)", err)
	}
	return dir
}

// RequireNode skips the test when node or the npm packages are missing,
// except under CI (CI=true), where their absence fails the test.
func RequireNode(t testing.TB) string {
	t.Helper()
	root, err := RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	_, errNode := exec.LookPath("node")
	_, errMods := os.Stat(filepath.Join(root, "node_modules", "o1js"))
	if errNode != nil || errMods != nil {
		msg := "node or node_modules missing: run `ONNXRUNTIME_NODE_INSTALL=skip npm ci`"
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return root
}

// Run executes oracles/SCRIPT with node, writing in as JSON to its stdin and
// decoding its stdout as JSON into out.
func Run(ctx context.Context, script string, in, out any) error {
	root, err := RepoRoot()
	if err != nil {
		return err
	}
	payload, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("oracle %s: encode input: %w", script, err)
	}
	cmd := exec.CommandContext(ctx, "node", filepath.Join(root, "oracles", script))
	cmd.Dir = root
	cmd.Stdin = bytes.NewReader(payload)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("oracle %s: %w: %s", script, err, stderr.String())
	}
	if err := json.Unmarshal(stdout.Bytes(), out); err != nil {
		return fmt.Errorf("oracle %s: decode output: %w", script, err)
	}
	return nil
}
