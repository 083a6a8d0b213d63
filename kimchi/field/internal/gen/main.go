// Command gen regenerates the Pasta field packages kimchi/field/fp and
// kimchi/field/fq with gnark-crypto's field generator, then applies the
// post-generation fix-ups documented in kimchi/field/doc.go: the AVX-512 IFMA
// kernels are disabled, and Element.Mul/Square use the Pasta-specialised
// amd64 kernel of pasta_amd64.s.inc (pasta.go); AddAffinePairs and
// AffineBatch, the batch-affine kernels of kimchi/curve's MSM and
// kimchi/prover's IPA folding, are added from templates (kernels.go).
//
// It is run by `go generate ./kimchi/field` (working directory kimchi/field).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"math/big"
	"os"
	"path/filepath"
	"strings"

	"github.com/consensys/gnark-crypto/field/generator"
)

// pastaField describes one of the two Pasta prime fields.
type pastaField struct {
	pkg     string // package (and directory) name
	modulus string // hex modulus
}

var fields = []pastaField{
	// Pallas base field = Vesta scalar field.
	{pkg: "fp", modulus: "0x40000000000000000000000000000000224698fc094cf91b992d30ed00000001"},
	// Vesta base field = Pallas scalar field.
	{pkg: "fq", modulus: "0x40000000000000000000000000000000224698fc0994a8dd8c46eb2100000001"},
}

const (
	// multiplicativeGenerator is arkworks' GENERATOR for both Pasta fields
	// (proof-systems curves/src/pasta/fields/{fp,fq}.rs: #[generator = "5"]).
	multiplicativeGenerator = 5
	// twoAdicity of both Pasta fields: p-1 = 2^32 * t with t odd.
	twoAdicity = 32
)

func main() {
	out := flag.String("out", ".", "directory that receives fp/, fq/ and asm/ (normally kimchi/field)")
	flag.Parse()
	if err := run(*out); err != nil {
		log.Fatal(err)
	}
}

func run(outDir string) error {
	outDir, err := filepath.Abs(outDir)
	if err != nil {
		return fmt.Errorf("resolving output directory: %w", err)
	}
	asmDir := filepath.Join(outDir, "asm")
	for _, f := range fields {
		if err := generateField(f, outDir, asmDir); err != nil {
			return fmt.Errorf("generating %s: %w", f.pkg, err)
		}
	}
	if err := writePastaShared(asmDir); err != nil {
		return err
	}
	if err := excludeSharedASM(outDir, asmDir); err != nil {
		return err
	}
	for _, dir := range []string{"fp", "fq", "asm"} {
		if err := normalizeHeaders(filepath.Join(outDir, dir)); err != nil {
			return err
		}
	}
	return nil
}

func generateField(f pastaField, outDir, asmDir string) error {
	q, ok := new(big.Int).SetString(f.modulus, 0)
	if !ok {
		return fmt.Errorf("invalid modulus %q", f.modulus)
	}
	// The Pasta Mul/Square kernel is emitted for every field; refuse a modulus
	// it would be wrong for.
	if err := checkPastaShape(q); err != nil {
		return err
	}
	root, err := twoAdicRoot(q)
	if err != nil {
		return err
	}
	pkgDir := filepath.Join(outDir, f.pkg)
	relAsm, err := filepath.Rel(pkgDir, asmDir)
	if err != nil {
		return fmt.Errorf("relative asm path: %w", err)
	}
	err = generator.Generate(f.pkg, "Element", f.modulus, pkgDir,
		generator.WithASM(asmDir, relAsm),
		generator.WithFFT(multiplicativeGenerator, root.Text(10), fmt.Sprint(twoAdicity)),
		generator.WithAddChain(),
	)
	if err != nil {
		return fmt.Errorf("gnark-crypto generator: %w", err)
	}
	if ifmaBarrettOverestimates(q) {
		if err := disableIFMA(filepath.Join(pkgDir, "vector_amd64.go")); err != nil {
			return err
		}
	}
	if err := applyPasta(f.pkg, pkgDir, asmDir); err != nil {
		return err
	}
	return writeKernels(f.pkg, pkgDir)
}

// twoAdicRoot returns g^t mod q, the primitive 2^32-th root of unity arkworks
// (and therefore proof-systems' Radix2EvaluationDomain) uses.
func twoAdicRoot(q *big.Int) (*big.Int, error) {
	qm1 := new(big.Int).Sub(q, big.NewInt(1))
	if qm1.TrailingZeroBits() != twoAdicity {
		return nil, fmt.Errorf("modulus has 2-adicity %d, want %d", qm1.TrailingZeroBits(), twoAdicity)
	}
	t := new(big.Int).Rsh(qm1, twoAdicity)
	root := new(big.Int).Exp(big.NewInt(multiplicativeGenerator), t, q)
	// root must have order exactly 2^32: root^(2^31) == -1.
	half := new(big.Int).Exp(root, new(big.Int).Lsh(big.NewInt(1), twoAdicity-1), q)
	if half.Cmp(qm1) != 0 {
		return nil, errors.New("5^t is not a primitive 2^32-th root of unity")
	}
	return root, nil
}

// ifmaBarrettOverestimates reports whether the Barrett constant the generator
// bakes into the AVX-512 IFMA kernels, mu = floor(2^58 / (q >> 208)), is larger
// than the exact floor(2^266 / q). When it is, the kernel's quotient estimate
// k = ((x >> 228) * mu) >> 38 can exceed floor(x/q) and x - k*q underflows.
// This happens when q >> 208 is a power of two, as for both Pasta moduli.
func ifmaBarrettOverestimates(q *big.Int) bool {
	generated := new(big.Int).Div(new(big.Int).Lsh(big.NewInt(1), 58), new(big.Int).Rsh(q, 208))
	exact := new(big.Int).Div(new(big.Int).Lsh(big.NewInt(1), 266), q)
	return generated.Cmp(exact) > 0
}

const (
	ifmaGuard    = "cpu.SupportAVX512IFMA"
	ifmaDisabled = "ifmaEnabled"
	ifmaDecl     = `
// ifmaEnabled gates the AVX-512 IFMA kernels (mulVec, scalarMulVec). It is
// forced to false by kimchi/field/internal/gen: the generated kernel's Barrett
// step is wrong for Pasta moduli (see kimchi/field/doc.go).
const ifmaEnabled = false
`
)

// disableIFMA rewrites the generated vector_amd64.go so Mul and ScalarMul never
// dispatch to the IFMA kernels and use the scalar (ADX) path instead.
func disableIFMA(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("disabling IFMA: %w", err)
	}
	s := string(src)
	// Mul and ScalarMul each guard their IFMA call with cpu.SupportAVX512IFMA.
	if n := strings.Count(s, ifmaGuard); n != 2 {
		return fmt.Errorf("disabling IFMA in %s: found %d uses of %s, want 2 (generator changed?)", path, n, ifmaGuard)
	}
	s = strings.ReplaceAll(s, ifmaGuard, ifmaDisabled) + ifmaDecl
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		return fmt.Errorf("disabling IFMA: %w", err)
	}
	return nil
}

// sharedASMExt is the extension given to the shared assembly under asm/.
const sharedASMExt = ".s.inc"

// excludeSharedASM renames the shared assembly files under asm/ from .s to
// .s.inc and points the #include lines of the field packages at the new names.
// Those files are only meant to be included by fp/ and fq/element_*.s; left as
// .s they are also assembled into the placeholder package asm, where they define
// functions without Go declarations and go vet rejects the package. (A
// `//go:build ignore` line cannot be used: the assembler rejects it once the
// file is #included.)
func excludeSharedASM(outDir, asmDir string) error {
	renamed := map[string]string{}
	err := filepath.WalkDir(asmDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(path) != ".s" {
			return err
		}
		rel, err := filepath.Rel(asmDir, path)
		if err != nil {
			return err
		}
		renamed[filepath.ToSlash(rel)] = filepath.ToSlash(rel) + ".inc"
		return os.Rename(path, strings.TrimSuffix(path, ".s")+sharedASMExt)
	})
	if err != nil {
		return fmt.Errorf("renaming shared asm: %w", err)
	}
	for _, f := range fields {
		for _, arch := range []string{"amd64", "arm64"} {
			path := filepath.Join(outDir, f.pkg, "element_"+arch+".s")
			src, err := os.ReadFile(path)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return fmt.Errorf("rewriting asm include: %w", err)
			}
			s, n := string(src), 0
			for from, to := range renamed {
				if strings.Contains(s, from+"\"") {
					s = strings.ReplaceAll(s, from+"\"", to+"\"")
					n++
				}
			}
			if n != 1 {
				return fmt.Errorf("rewriting asm include in %s: matched %d shared files, want 1", path, n)
			}
			if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
				return fmt.Errorf("rewriting asm include: %w", err)
			}
		}
	}
	return nil
}

const (
	gnarkHeader = "// Code generated by consensys/gnark-crypto DO NOT EDIT"
	ourHeader   = "// Code generated by kimchi/field/internal/gen (gnark-crypto field generator). DO NOT EDIT."
)

// normalizeHeaders makes every generated file carry a header matching Go's
// convention (`^// Code generated .* DO NOT EDIT\.$`, which gnark-crypto's
// header misses by one period) so tools recognise it as generated.
func normalizeHeaders(dir string) error {
	return filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if !strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, ".s") && !strings.HasSuffix(path, sharedASMExt) {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("normalizing header: %w", err)
		}
		s := string(src)
		switch {
		case strings.Contains(s, gnarkHeader+"\n"):
			s = strings.Replace(s, gnarkHeader+"\n", ourHeader+"\n", 1)
		case strings.Contains(s, "DO NOT EDIT."):
			return nil
		default:
			s = ourHeader + "\n\n" + s
		}
		if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
			return fmt.Errorf("normalizing header: %w", err)
		}
		return nil
	})
}
