package examples

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestDefaultIsSharedCopy checks the embedded default against its source in ../shared/models.
func TestDefaultIsSharedCopy(t *testing.T) {
	e, err := Load(DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	src := filepath.Join("..", "..", "shared", "models", DefaultName)
	for name, got := range map[string][]byte{"model.onnx": e.Model, "samples.json": e.Samples, "meta.json": e.Meta} {
		want, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatalf("read shared copy: %v", err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s differs from %s", name, filepath.Join(src, name))
		}
	}
	if _, err := Load("nope"); err == nil {
		t.Error("Load of an unknown example succeeded")
	}
}
