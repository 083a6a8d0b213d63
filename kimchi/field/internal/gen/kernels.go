package main

import (
	"embed"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// kernelTemplates are the hand-written Go sides of the amd64 kernels in
// pasta_amd64.s.inc: AddAffinePairs (pairs*: kimchi/curve's MSM bucket
// additions; pairs_lanes on kimchi/field/internal/lanes' AVX2 kernels where
// the CPU has AVX2) and AffineBatch (affine*: kimchi/prover's IPA base folding),
// with their Go fallbacks and tests (kernels_ref_test: their shared
// math/big reference). A template <file>.tmpl names its
// package PKG and has one "// HEADER" line for ourHeader.
//
//go:embed pairs*.go.tmpl affine*.go.tmpl kernels_ref_test.go.tmpl
var kernelTemplates embed.FS

// writeKernels writes every kernel template into one field package.
func writeKernels(pkg, pkgDir string) error {
	entries, err := kernelTemplates.ReadDir(".")
	if err != nil {
		return fmt.Errorf("kernel templates: %w", err)
	}
	for _, e := range entries {
		raw, err := kernelTemplates.ReadFile(e.Name())
		if err != nil {
			return fmt.Errorf("kernel templates: %w", err)
		}
		tmpl := string(raw)
		if strings.Count(tmpl, "\npackage PKG\n") != 1 || strings.Count(tmpl, "// HEADER\n") != 1 {
			return fmt.Errorf("kernel template %s: want one \"package PKG\" and one \"// HEADER\" line", e.Name())
		}
		body := strings.Replace(tmpl, "\npackage PKG\n", "\npackage "+pkg+"\n", 1)
		body = strings.Replace(body, "// HEADER\n", ourHeader+"\n", 1)
		name := strings.TrimSuffix(e.Name(), ".tmpl")
		if err := os.WriteFile(filepath.Join(pkgDir, name), []byte(body), 0o644); err != nil {
			return fmt.Errorf("kernel template %s: %w", e.Name(), err)
		}
	}
	return nil
}
