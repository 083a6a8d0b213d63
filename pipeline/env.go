package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/zkml-mina/zkml/internal/atomicfile"
	"github.com/zkml-mina/zkml/kimchi/curve/vesta"
	"github.com/zkml-mina/zkml/kimchi/srs"
)

// MinSRSDepth is the depth of o1js's SRS (max_poly_size 65536), which
// --srs o1js uses for every domain, chunking those above 2^16.
const MinSRSDepth = 16

// Env is the environment of the pipeline's operations: where caches live
// and who hears about progress. The zero value (or nil) uses the user cache
// directory and reports nothing.
type Env struct {
	// CacheDir holds the SRS and Lagrange-basis caches; empty means
	// os.UserCacheDir()/zkml (or a temporary directory when there is none).
	CacheDir string
	// SRSFile, when set, is a 2^16 Vesta SRS file in proof-systems' format
	// used instead of creating one (its SHA-256 is checked).
	SRSFile string
	// Progress, when set, is told when each stage of a long operation
	// starts.
	Progress func(stage string)
	// ToolVersion is recorded in manifests and proofs ("dev" when empty).
	ToolVersion string
}

func (e *Env) toolVersion() string {
	if e == nil || e.ToolVersion == "" {
		return "dev"
	}
	return e.ToolVersion
}

func (e *Env) stage(name string) {
	if e != nil && e.Progress != nil {
		e.Progress(name)
	}
}

// cacheDir returns the cache directory, creating it.
func (e *Env) cacheDir() (string, error) {
	dir := ""
	if e != nil {
		dir = e.CacheDir
	}
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			base = os.TempDir()
		}
		dir = filepath.Join(base, "zkml")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("cache directory: %w", err)
	}
	return dir, nil
}

func (e *Env) lagrangeCache() (*srs.Cache, error) {
	dir, err := e.cacheDir()
	if err != nil {
		return nil, err
	}
	dir = filepath.Join(dir, "lagrange")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("lagrange cache: %w", err)
	}
	return &srs.Cache{Dir: dir}, nil
}

// knownSRS returns the SHA-256 of proof-systems' SRS::<Vesta>::create(depth)
// in its msgpack encoding (the 2^16 one is o1js's vesta.srs), so that a
// cached SRS is checked against a constant rather than against itself; ""
// for depths not recorded.
func knownSRS(depth int) string {
	switch depth {
	case 16:
		return "243e3e33605281f5e8abcbd924066f55cdfda15b952b4ab373ecadcb4f002db5"
	}
	return ""
}

// SRS returns proof-systems' Vesta SRS of the given depth. The SRS is
// cached in an uncompressed form (no square roots to load) whose SHA-256 is
// recorded beside it; a missing or mismatching cache is rebuilt from
// Env.SRSFile (depth 16) or by srs.CreateVesta, whose msgpack encoding is
// checked against the known hash of o1js's SRS for depth 16.
func (e *Env) SRS(depth int) (*srs.Vesta, error) {
	if depth < 1 || depth > 24 {
		return nil, fmt.Errorf("SRS depth %d out of range", depth)
	}
	dir, err := e.cacheDir()
	if err != nil {
		return nil, err
	}
	dir = filepath.Join(dir, "srs")
	path := filepath.Join(dir, fmt.Sprintf("vesta-%d.raw", depth))
	if s, err := loadRawSRS(path, depth); err == nil {
		return s, nil
	}
	var s *srs.Vesta
	if e != nil && e.SRSFile != "" && depth == MinSRSDepth {
		if s, err = loadSRSFile(e.SRSFile, knownSRS(depth)); err != nil {
			return nil, err
		}
	} else {
		e.stage(fmt.Sprintf("creating the 2^%d SRS (cached afterwards)", depth))
		if s, err = srs.CreateVesta(1 << depth); err != nil {
			return nil, fmt.Errorf("create SRS 2^%d: %w", depth, err)
		}
		if k := knownSRS(depth); k != "" {
			if got := sha256Hex(s.Encode()); got != k {
				return nil, fmt.Errorf("created SRS 2^%d has SHA-256 %s, want %s", depth, got, k)
			}
		}
	}
	// The cache is an optimisation: failing to write it is not an error.
	if os.MkdirAll(dir, 0o755) == nil {
		raw := encodeRawSRS(s)
		if atomicfile.Write(path, raw) == nil {
			_ = atomicfile.Write(path+".sha256", []byte(sha256Hex(raw)+"\n"))
		}
	}
	return s, nil
}

var errSRSHash = errors.New("SRS file hash mismatch")

func loadSRSFile(path, want string) (*srs.Vesta, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("SRS: %w", err)
	}
	if got := sha256Hex(b); want != "" && got != want {
		return nil, fmt.Errorf("%w: %s has SHA-256 %s, want %s", errSRSHash, path, got, want)
	}
	s, err := srs.DecodeVesta(b)
	if err != nil {
		return nil, fmt.Errorf("SRS %s: %w", path, err)
	}
	return s, nil
}

// encodeRawSRS writes the points of s uncompressed: X and Y of every G_i,
// then of H, each 32 bytes big-endian canonical.
func encodeRawSRS(s *srs.Vesta) []byte {
	out := make([]byte, 0, (len(s.G)+1)*64)
	put := func(p *vesta.Affine) {
		x, y := p.X.Bytes(), p.Y.Bytes()
		out = append(append(out, x[:]...), y[:]...)
	}
	for i := range s.G {
		put(&s.G[i])
	}
	put(&s.H)
	return out
}

// loadRawSRS reads an encodeRawSRS file, checking its SHA-256 against the
// sidecar file and every point against the curve equation.
func loadRawSRS(path string, depth int) (*srs.Vesta, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	want, err := os.ReadFile(path + ".sha256")
	if err != nil {
		return nil, err
	}
	if sha256Hex(b) != strings.TrimSpace(string(want)) {
		return nil, errSRSHash
	}
	n := 1 << depth
	if len(b) != (n+1)*64 {
		return nil, fmt.Errorf("%w: %s has %d bytes", errSRSHash, path, len(b))
	}
	pts := make([]vesta.Affine, n+1)
	for i := range pts {
		p := &pts[i]
		if err := p.X.SetBytesCanonical(b[64*i : 64*i+32]); err != nil {
			return nil, fmt.Errorf("SRS cache %s: point %d: %w", path, i, err)
		}
		if err := p.Y.SetBytesCanonical(b[64*i+32 : 64*i+64]); err != nil {
			return nil, fmt.Errorf("SRS cache %s: point %d: %w", path, i, err)
		}
		if !p.IsOnCurve() {
			return nil, fmt.Errorf("SRS cache %s: point %d is not on Vesta", path, i)
		}
	}
	return &srs.Vesta{G: pts[:n], H: pts[n]}, nil
}
