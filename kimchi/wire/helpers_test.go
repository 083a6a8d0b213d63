package wire

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/zkml-mina/zkml/internal/oracle"
)

// vectorsDir returns ../shared/kimchi-vectors beside the module root.
func vectorsDir(t testing.TB) string {
	t.Helper()
	return filepath.Join(oracle.SharedDir(t), "kimchi-vectors")
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
