package wire

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// vectorsDir returns ../shared/kimchi-vectors relative to the module root
// (the directory holding go.mod), or skips the test if it is absent.
func vectorsDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
	v := filepath.Join(dir, "..", "shared", "kimchi-vectors")
	if _, err := os.Stat(v); err != nil {
		t.Skipf("test vectors not available: %v", err)
	}
	return v
}

type namedFile struct {
	name string
	data []byte
}

// fixtureFiles reads every fixtures/*.bin file, sorted by name.
func fixtureFiles(t testing.TB) []namedFile {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(vectorsDir(t), "fixtures", "*.bin"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	if len(paths) == 0 {
		t.Fatal("no fixtures found")
	}
	out := make([]namedFile, len(paths))
	for i, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = namedFile{name: filepath.Base(p), data: b}
	}
	return out
}
