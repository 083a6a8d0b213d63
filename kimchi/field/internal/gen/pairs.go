package main

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The batch affine addition AddAffinePairs (kimchi/curve's MSM buckets):
// hand-written Go templates, whose amd64 kernels live in pasta_amd64.s.inc.
// A template names its package PKG and has a "// HEADER" line for ourHeader.
var (
	//go:embed pairs.go.tmpl
	pairsGo string
	//go:embed pairs_amd64.go.tmpl
	pairsAmd64Go string
	//go:embed pairs_other.go.tmpl
	pairsOtherGo string
	//go:embed pairs_test.go.tmpl
	pairsTestGo string
	//go:embed pairs_amd64_test.go.tmpl
	pairsAmd64TestGo string
)

// writePairs writes AddAffinePairs and its tests into one field package.
func writePairs(pkg, pkgDir string) error {
	files := map[string]string{
		"pairs.go":            pairsGo,
		"pairs_amd64.go":      pairsAmd64Go,
		"pairs_other.go":      pairsOtherGo,
		"pairs_test.go":       pairsTestGo,
		"pairs_amd64_test.go": pairsAmd64TestGo,
	}
	for name, tmpl := range files {
		if strings.Count(tmpl, "\npackage PKG\n") != 1 || strings.Count(tmpl, "// HEADER\n") != 1 {
			return fmt.Errorf("pairs template %s: want one \"package PKG\" and one \"// HEADER\" line", name)
		}
		body := strings.Replace(tmpl, "\npackage PKG\n", "\npackage "+pkg+"\n", 1)
		body = strings.Replace(body, "// HEADER\n", ourHeader+"\n", 1)
		if err := os.WriteFile(filepath.Join(pkgDir, name), []byte(body), 0o644); err != nil {
			return fmt.Errorf("pairs: %w", err)
		}
	}
	return nil
}
