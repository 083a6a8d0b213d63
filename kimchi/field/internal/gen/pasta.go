package main

import (
	_ "embed"
	"fmt"
	"hash/fnv"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// pastaKernel is the hand-written amd64 Montgomery multiplication and squaring
// for moduli with q[2] = 0 and q[3] = 2^62 (see the file's comments). It is
// written to asm/pasta/pasta_amd64.s.inc and included by every field package.
//
//go:embed pasta_amd64.s.inc
var pastaKernel string

// pastaDir is the directory under asm/ that receives the kernel.
const pastaDir = "pasta"

// checkPastaShape returns an error unless q's 64-bit limbs are
// (q0, q1, 0, 2^62): the shape the kernel's reduction relies on (m*q2 = 0 and
// m*q3 = m<<62 as two shifts) and that keeps its accumulator within five
// words and the top input word within 62 bits.
func checkPastaShape(q *big.Int) error {
	if q.Sign() <= 0 || q.Bit(0) == 0 {
		return fmt.Errorf("modulus %#x is not odd and positive", q)
	}
	if q.BitLen() > 256 {
		return fmt.Errorf("modulus %#x has more than four 64-bit limbs", q)
	}
	var limbs [4]uint64
	mask := new(big.Int).SetUint64(^uint64(0))
	for i := range limbs {
		limbs[i] = new(big.Int).And(new(big.Int).Rsh(q, 64*uint(i)), mask).Uint64()
	}
	if limbs[2] != 0 || limbs[3] != 1<<62 {
		return fmt.Errorf("modulus %#x has limbs q2 = %#x, q3 = %#x; the Pasta kernel (asm/pasta) needs q2 = 0 and q3 = 2^62",
			q, limbs[2], limbs[3])
	}
	return nil
}

// writePastaShared writes asm/pasta: the kernel and a placeholder Go package,
// which the field packages import so that `go mod vendor` keeps the directory
// (the same workaround as gnark-crypto's asm/element_4w).
func writePastaShared(asmDir string) error {
	dir := filepath.Join(asmDir, pastaDir)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("pasta kernel: %w", err)
	}
	files := map[string]string{
		"pasta_amd64.s.inc": ourHeader + "\n\n" + pastaKernel,
		"asm.go":            ourHeader + "\n\n" + pastaPlaceholder,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			return fmt.Errorf("pasta kernel: %w", err)
		}
	}
	return nil
}

const pastaPlaceholder = `// Package pasta holds pasta_amd64.s.inc, the amd64 Montgomery multiplication
// and squaring that kimchi/field/fp and kimchi/field/fq use for Element.Mul and
// Element.Square, and the loops of their AddAffinePairs (see that file for the
// algorithms). It has no Go API: the field
// packages import it only so that go mod vendor keeps the directory.
package pasta
`

// elementImportRE finds the import of gnark's shared asm package in the
// generated element_amd64.go; its module prefix is reused for asm/pasta.
var elementImportRE = regexp.MustCompile(`_ "([^"]+)/asm/element_4w"`)

// applyPasta points Element.Mul and Element.Square of one generated field
// package at the Pasta kernel: it writes element_pasta_amd64.{s,go} and the
// in-package test, and rewrites the two method bodies in element_amd64.go.
// gnark's mul stays: it is the non-ADX fallback and the benchmark baseline.
func applyPasta(pkg, pkgDir, asmDir string) error {
	amd64Go := filepath.Join(pkgDir, "element_amd64.go")
	src, err := os.ReadFile(amd64Go)
	if err != nil {
		return fmt.Errorf("pasta kernel: %w", err)
	}
	s := string(src)
	m := elementImportRE.FindStringSubmatch(s)
	if m == nil {
		return fmt.Errorf("pasta kernel: no asm/element_4w import in %s (generator changed?)", amd64Go)
	}
	importPath := m[1] + "/asm/" + pastaDir
	s, err = replaceOnce(s, amd64Go, []replacement{
		{pastaGnarkMulBody, pastaMulBody},
		{pastaGnarkSquareBody, pastaSquareBody},
	})
	if err != nil {
		return fmt.Errorf("pasta kernel: %w", err)
	}
	if err := os.WriteFile(amd64Go, []byte(s), 0o644); err != nil {
		return fmt.Errorf("pasta kernel: %w", err)
	}
	if err := applyPastaVector(filepath.Join(pkgDir, "vector_amd64.go")); err != nil {
		return err
	}

	relAsm, err := filepath.Rel(pkgDir, asmDir)
	if err != nil {
		return fmt.Errorf("pasta kernel: %w", err)
	}
	h := fnv.New64a()
	h.Write([]byte(pastaKernel))
	files := map[string]string{
		"element_pasta_amd64.s": fmt.Sprintf(pastaAsmStub, ourHeader, h.Sum64(),
			filepath.ToSlash(filepath.Join(relAsm, pastaDir, "pasta_amd64.s.inc"))),
		"element_pasta_amd64.go":      fmt.Sprintf(pastaGoDecls, ourHeader, pkg, importPath),
		"element_pasta_amd64_test.go": fmt.Sprintf(pastaGoTest, ourHeader, pkg),
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(pkgDir, name), []byte(body), 0o644); err != nil {
			return fmt.Errorf("pasta kernel: %w", err)
		}
	}
	return nil
}

// replacement is a piece of gnark's generated code and what replaces it.
type replacement struct{ old, new string }

// replaceOnce applies each replacement to s, the contents of file, and
// fails unless gnark's code appears exactly once (a generator whose output
// changed must not be patched blindly).
func replaceOnce(s, file string, reps []replacement) (string, error) {
	for _, r := range reps {
		if n := strings.Count(s, r.old); n != 1 {
			return "", fmt.Errorf("found %d copies of gnark's\n%s\nin %s, want 1 (generator changed?)", n, r.old, file)
		}
		s = strings.Replace(s, r.old, r.new, 1)
	}
	return s, nil
}

// applyPastaVector makes Vector.Mul and Vector.ScalarMul of the generated
// vector_amd64.go call the kernel's loops (mulVecPasta, scalarMulVecPasta)
// instead of a Go loop of Element.Mul when the IFMA path is not taken and the
// CPU has ADX/BMI2.
func applyPastaVector(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("pasta vector kernel: %w", err)
	}
	s, err := replaceOnce(string(src), path, []replacement{
		{pastaGnarkMulVecTail, pastaMulVecTail},
		{pastaGnarkScalarMulVecTail, pastaScalarMulVecTail},
	})
	if err != nil {
		return fmt.Errorf("pasta vector kernel: %w", err)
	}
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		return fmt.Errorf("pasta vector kernel: %w", err)
	}
	return nil
}

const (
	pastaGnarkMulVecTail = `
	mulVecGeneric(*vector, a, b)
}
`
	pastaMulVecTail = `
	if supportAdx {
		// Loop of the Pasta Mul kernel (kimchi/field/asm/pasta), no call
		// per element.
		mulVecPasta(&(*vector)[0], &a[0], &b[0], n)
		return
	}
	mulVecGeneric(*vector, a, b)
}
`
	pastaGnarkScalarMulVecTail = `
	scalarMulVecGeneric(*vector, a, b)
}
`
	pastaScalarMulVecTail = `
	if supportAdx {
		// Loop of the Pasta Mul kernel (kimchi/field/asm/pasta), no call
		// per element.
		scalarMulVecPasta(&(*vector)[0], &a[0], b, n)
		return
	}
	scalarMulVecGeneric(*vector, a, b)
}
`
)

const (
	pastaGnarkMulBody = `
	// Algorithm 2 of "Faster Montgomery Multiplication and Multi-Scalar-Multiplication for SNARKS"
	// by Y. El Housni and G. Botrel https://doi.org/10.46586/tches.v2023.i3.504-521

	mul(z, x, y)
	return z
`
	pastaMulBody = `
	// Pasta-specialised CIOS Montgomery product (kimchi/field/asm/pasta): with
	// q[2] = 0 and q[3] = 2⁶² each reduction step needs 2 MULX instead of 4.
	// Falls back to gnark's mul (same algorithm family) without ADX/BMI2.

	mulPasta(z, x, y)
	return z
`
	pastaGnarkSquareBody = `	// see Mul for doc.
	mul(z, x, x)
	return z
`
	pastaSquareBody = `	// 10-MULX product + the reduction of Mul (kimchi/field/asm/pasta).
	squarePasta(z, x)
	return z
`
)

const pastaAsmStub = `//go:build !purego

%s

// Pasta-specialised Element.Mul and Element.Square and the AddAffinePairs
// loops, shared with the other field package. We include the hash to force the Go compiler to recompile: %d
#include "%s"
`

const pastaGoDecls = `//go:build !purego

%s

package %s

import _ "%s"

// mulPasta sets res = x·y·2⁻²⁵⁶ mod q, fully reduced, with the amd64 kernel in
// kimchi/field/asm/pasta, which relies on q[2] = 0 and q[3] = 2⁶²
// (kimchi/field/internal/gen checks the modulus). Without ADX/BMI2 it
// tail-calls mul.
//
//go:noescape
func mulPasta(res, x, y *Element)

// squarePasta sets res = x²·2⁻²⁵⁶ mod q, fully reduced (kimchi/field/asm/pasta).
// Without ADX/BMI2 it tail-calls squareGeneric.
//
//go:noescape
func squarePasta(res, x *Element)

// mulVecPasta sets res[i] = a[i]·b[i]·2⁻²⁵⁶ mod q for i < n, fully reduced
// and equal to mulPasta's results, in one assembly loop
// (kimchi/field/asm/pasta). It needs ADX/BMI2 (the caller checks supportAdx)
// and n ≥ 1; res may alias a or b.
//
//go:noescape
func mulVecPasta(res, a, b *Element, n uint64)

// scalarMulVecPasta sets res[i] = a[i]·b·2⁻²⁵⁶ mod q for i < n, like
// mulVecPasta with a fixed multiplier.
//
//go:noescape
func scalarMulVecPasta(res, a, b *Element, n uint64)

// squareGeneric is squarePasta's fallback on CPUs without ADX/BMI2.
func squareGeneric(z, x *Element) {
	_mulGeneric(z, x, x)
}
`

const pastaGoTest = `//go:build !purego

%s

package %s

import (
	"math/rand/v2"
	"testing"
)

// pastaInputs returns canonical elements (raw Montgomery limbs < q): edge
// cases first, then n random ones.
func pastaInputs(n int) []Element {
	const m = ^uint64(0)
	in := []Element{
		{0, 0, 0, 0}, {1, 0, 0, 0}, {2, 0, 0, 0}, {1 << 63, 0, 0, 0},
		{m, 0, 0, 0}, {m, m, 0, 0}, {m, m, m, 0}, {m, m, m, q3 - 1},
		{1 << 63, 1 << 63, 1 << 63, 1 << 61}, {0, 0, 0, q3}, {m, q1 - 1, m, q3 - 1},
		{q0 - 1, q1, q2, q3}, {q0 - 2, q1, q2, q3}, {0, q1, q2, q3}, {m, q1 - 1, q2, q3},
		rSquare,
	}
	var one Element
	one.SetOne()
	in = append(in, one)
	r := rand.New(rand.NewPCG(0x9a57a, 1))
	for base := len(in); len(in) < base+n; {
		e := Element{r.Uint64(), r.Uint64(), r.Uint64(), r.Uint64() >> 1}
		if e.smallerThanModulus() {
			in = append(in, e)
		}
	}
	return in
}

// TestPastaKernels compares mulPasta and squarePasta with gnark's generic
// Go product, including the non-ADX fallback path.
func TestPastaKernels(t *testing.T) {
	in := pastaInputs(100000)
	check := func(fallback bool) {
		for i := range in {
			x := &in[i]
			var want, got Element
			_mulGeneric(&want, x, x)
			squarePasta(&got, x)
			if got != want {
				t.Fatalf("squarePasta(%%x) = %%x, want %%x (fallback %%v)", *x, got, want, fallback)
			}
			for _, j := range []int{i, (i*7 + 3) %% len(in), (i*13 + 5) %% len(in), i %% 17} {
				y := &in[j]
				_mulGeneric(&want, x, y)
				mulPasta(&got, x, y)
				if got != want {
					t.Fatalf("mulPasta(%%x, %%x) = %%x, want %%x (fallback %%v)", *x, *y, got, want, fallback)
				}
				mul(&got, x, y)
				if got != want {
					t.Fatalf("mul(%%x, %%x) = %%x, want %%x", *x, *y, got, want)
				}
			}
		}
	}
	check(false)
	// Aliased operands, as in z.Mul(z, z) and z.Square(z).
	for i := range in[:1000] {
		x, want := in[i], Element{}
		_mulGeneric(&want, &x, &x)
		z := x
		mulPasta(&z, &z, &z)
		if z != want {
			t.Fatalf("mulPasta aliased %%x = %%x, want %%x", x, z, want)
		}
		z = x
		squarePasta(&z, &z)
		if z != want {
			t.Fatalf("squarePasta aliased %%x = %%x, want %%x", x, z, want)
		}
	}
	saved := supportAdx
	supportAdx = false
	defer func() { supportAdx = saved }()
	in = in[:2000]
	check(true)
}

// TestPastaVectorKernels compares Vector.Mul and Vector.ScalarMul (the
// assembly loops mulVecPasta and scalarMulVecPasta, and the generic fallback)
// with Element.Mul and gnark's generic product, element by element, for
// lengths with odd tails, edge-value operands at every offset and aliased
// results.
func TestPastaVectorKernels(t *testing.T) {
	in := pastaInputs(2000)
	const edges = 17 // pastaInputs' edge cases come first
	check := func(name string, got, a, b Vector, scalar bool) {
		t.Helper()
		for i := range got {
			y := &b[0]
			if !scalar {
				y = &b[i]
			}
			var want, ref Element
			want.Mul(&a[i], y)
			_mulGeneric(&ref, &a[i], y)
			if want != ref {
				t.Fatalf("Element.Mul(%%x, %%x) = %%x, want %%x", a[i], *y, want, ref)
			}
			if got[i] != want || !got[i].smallerThanModulus() {
				t.Fatalf("%%s, n = %%d, element %%d: got %%x, want %%x (a %%x, b %%x)", name, len(got), i, got[i], want, a[i], *y)
			}
		}
	}
	run := func() {
		for _, n := range []int{0, 1, 2, 3, 7, 8, 9, 1000} {
			for o1 := 0; o1 < edges; o1++ {
				for o2 := 0; o2 < edges; o2++ {
					if n == 1000 && (o1+o2)%%5 != 0 {
						continue
					}
					a := Vector(in[o1 : o1+n])
					b := Vector(in[len(in)-o2-n : len(in)-o2])
					if n > 0 {
						// Make b's head an edge value too.
						b = append(Vector{in[o2]}, b[1:]...)
					}
					got := make(Vector, n)
					got.Mul(a, b)
					check("Mul", got, a, b, false)
					ra := append(Vector(nil), a...)
					ra.Mul(ra, b)
					check("Mul, res = a", ra, a, b, false)
					rb := append(Vector(nil), b...)
					rb.Mul(a, rb)
					check("Mul, res = b", rb, a, b, false)
					rr := append(Vector(nil), a...)
					rr.Mul(rr, rr)
					check("Mul, res = a = b", rr, a, a, false)
					s := Vector{in[o2]}
					got.ScalarMul(a, &s[0])
					check("ScalarMul", got, a, s, true)
					ra = append(ra[:0], a...)
					ra.ScalarMul(ra, &s[0])
					check("ScalarMul, res = a", ra, a, s, true)
					if n > 0 {
						// b aliases res[0], so later elements use the
						// updated value, as in the generic loop.
						rs := append(Vector(nil), a...)
						rs.ScalarMul(rs, &rs[0])
						want := append(Vector(nil), a...)
						scalarMulVecGeneric(want, want, &want[0])
						for i := range rs {
							if rs[i] != want[i] {
								t.Fatalf("ScalarMul, b = &res[0], n = %%d, element %%d: got %%x, want %%x", n, i, rs[i], want[i])
							}
						}
					}
				}
			}
		}
	}
	run()
	saved := supportAdx
	supportAdx = false
	defer func() { supportAdx = saved }()
	run()
}

// BenchmarkPastaVector compares Vector.Mul and Vector.ScalarMul on 2¹⁴
// elements with the Go loop of Element.Mul they replace.
func BenchmarkPastaVector(b *testing.B) {
	const n = 1 << 14
	in := pastaInputs(2 * n)
	x, y := Vector(in[:n]), Vector(in[n:2*n])
	res := make(Vector, n)
	b.Run("mul/generic", func(b *testing.B) {
		for b.Loop() {
			mulVecGeneric(res, x, y)
		}
	})
	b.Run("mul/pasta", func(b *testing.B) {
		for b.Loop() {
			res.Mul(x, y)
		}
	})
	b.Run("scalarMul/generic", func(b *testing.B) {
		for b.Loop() {
			scalarMulVecGeneric(res, x, &y[0])
		}
	})
	b.Run("scalarMul/pasta", func(b *testing.B) {
		for b.Loop() {
			res.ScalarMul(x, &y[0])
		}
	})
}

// BenchmarkPastaKernels compares gnark's generic mul with the Pasta kernels in
// one binary: a dependent chain x = x·y, eight independent products per
// iteration, and the same for squaring.
func BenchmarkPastaKernels(b *testing.B) {
	in := pastaInputs(16)
	y := in[len(in)-1]
	var xs [8]Element
	copy(xs[:], in[len(in)-9:])
	b.Run("mul/chain/gnark", func(b *testing.B) {
		x := xs[0]
		for b.Loop() {
			mul(&x, &x, &y)
		}
	})
	b.Run("mul/chain/pasta", func(b *testing.B) {
		x := xs[0]
		for b.Loop() {
			mulPasta(&x, &x, &y)
		}
	})
	b.Run("mul/indep8/gnark", func(b *testing.B) {
		x := xs
		for b.Loop() {
			mul(&x[0], &x[0], &y)
			mul(&x[1], &x[1], &y)
			mul(&x[2], &x[2], &y)
			mul(&x[3], &x[3], &y)
			mul(&x[4], &x[4], &y)
			mul(&x[5], &x[5], &y)
			mul(&x[6], &x[6], &y)
			mul(&x[7], &x[7], &y)
		}
	})
	b.Run("mul/indep8/pasta", func(b *testing.B) {
		x := xs
		for b.Loop() {
			mulPasta(&x[0], &x[0], &y)
			mulPasta(&x[1], &x[1], &y)
			mulPasta(&x[2], &x[2], &y)
			mulPasta(&x[3], &x[3], &y)
			mulPasta(&x[4], &x[4], &y)
			mulPasta(&x[5], &x[5], &y)
			mulPasta(&x[6], &x[6], &y)
			mulPasta(&x[7], &x[7], &y)
		}
	})
	b.Run("square/chain/gnark", func(b *testing.B) {
		x := xs[0]
		for b.Loop() {
			mul(&x, &x, &x)
		}
	})
	b.Run("square/chain/pasta", func(b *testing.B) {
		x := xs[0]
		for b.Loop() {
			squarePasta(&x, &x)
		}
	})
	b.Run("square/indep8/gnark", func(b *testing.B) {
		x := xs
		for b.Loop() {
			mul(&x[0], &x[0], &x[0])
			mul(&x[1], &x[1], &x[1])
			mul(&x[2], &x[2], &x[2])
			mul(&x[3], &x[3], &x[3])
			mul(&x[4], &x[4], &x[4])
			mul(&x[5], &x[5], &x[5])
			mul(&x[6], &x[6], &x[6])
			mul(&x[7], &x[7], &x[7])
		}
	})
	b.Run("square/indep8/pasta", func(b *testing.B) {
		x := xs
		for b.Loop() {
			squarePasta(&x[0], &x[0])
			squarePasta(&x[1], &x[1])
			squarePasta(&x[2], &x[2])
			squarePasta(&x[3], &x[3])
			squarePasta(&x[4], &x[4])
			squarePasta(&x[5], &x[5])
			squarePasta(&x[6], &x[6])
			squarePasta(&x[7], &x[7])
		}
	})
}
`
