package prover

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/zkml-mina/zkml/internal/atomicfile"
	"github.com/zkml-mina/zkml/kimchi/circuit"
	"github.com/zkml-mina/zkml/kimchi/verifier"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// Cache keeps prover indexes' verifier indexes (all fixed-column
// commitments, the costly part of NewIndex) on disk in Dir, one file per
// content key: SHA-256 of the format version, the circuit (gates, wiring,
// coefficients, public inputs, lookup and runtime tables) and the SRS
// (depth and every point). Files end with a SHA-256 of their contents; a
// corrupted or mismatching file is ignored and rewritten. The polynomials
// themselves are recomputed (FFTs only).
type Cache struct {
	Dir string
}

// Cache file layout: magic "ZKMLPIX1" | key [32] | payload length u64 LE |
// payload (wire.VerifierIndex.Encode) | SHA-256 of all preceding bytes.
const (
	indexCacheMagic   = "ZKMLPIX1"
	indexCacheVersion = "zkml kimchi/prover index cache v1"
)

// Path returns the cache file of a content key.
func (c *Cache) Path(key [32]byte) string {
	return filepath.Join(c.Dir, fmt.Sprintf("prover-index-%x.bin", key[:16]))
}

// indexKey hashes everything the verifier index depends on.
func (ix *Index) indexKey(c *circuit.Circuit) [32]byte {
	h := sha256.New()
	var buf [8]byte
	u64 := func(x uint64) {
		binary.LittleEndian.PutUint64(buf[:], x)
		h.Write(buf[:])
	}
	fe := func(e interface{ Bytes() [32]byte }) {
		b := e.Bytes()
		h.Write(b[:])
	}
	h.Write([]byte(indexCacheVersion))
	u64(uint64(len(ix.srs.G)))
	for i := range ix.srs.G {
		p := ix.srs.G[i].Compress()
		h.Write(p[:])
	}
	hp := ix.srs.H.Compress()
	h.Write(hp[:])
	u64(uint64(c.PublicInputs))
	u64(uint64(len(ix.gates)))
	for _, g := range ix.gates {
		u64(uint64(g.Type))
		for _, w := range g.Wires {
			u64(uint64(w.Row))
			u64(uint64(w.Col))
		}
		u64(uint64(len(g.Coeffs)))
		for i := range g.Coeffs {
			fe(&g.Coeffs[i])
		}
	}
	u64(uint64(len(c.LookupTables)))
	for _, t := range c.LookupTables {
		u64(uint64(int64(t.ID)))
		u64(uint64(len(t.Columns)))
		for _, col := range t.Columns {
			u64(uint64(len(col)))
			for i := range col {
				fe(&col[i])
			}
		}
	}
	u64(uint64(len(c.RuntimeTables)))
	for _, t := range c.RuntimeTables {
		u64(uint64(int64(t.ID)))
		u64(uint64(len(t.FirstColumn)))
		for i := range t.FirstColumn {
			fe(&t.FirstColumn[i])
		}
	}
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// verifierIndexCached sets ix.vi (from the cache when possible) and the
// digest.
func (ix *Index) verifierIndexCached(c *circuit.Circuit, cache *Cache) error {
	var key [32]byte
	var path string
	hit := false
	if cache != nil {
		key = ix.indexKey(c)
		path = cache.Path(key)
		b, err := os.ReadFile(path)
		switch {
		case err == nil:
			if vi, derr := decodeIndexCache(b, &key); derr == nil && ix.plausible(vi) {
				ix.vi, hit = vi, true
			}
		case !errors.Is(err, fs.ErrNotExist):
			return fmt.Errorf("prover: index cache: %w", err)
		}
	}
	if !hit {
		if err := ix.buildVerifierIndex(); err != nil {
			return err
		}
		if cache != nil {
			if err := atomicfile.Write(path, encodeIndexCache(ix.vi, &key)); err != nil {
				return fmt.Errorf("prover: index cache: %w", err)
			}
		}
	}
	dg, err := verifier.Digest(ix.curve, ix.vi)
	if err != nil {
		return fmt.Errorf("prover: verifier index digest: %w", err)
	}
	ix.digest = dg
	return nil
}

// plausible checks a cached verifier index against the facts the prover
// index knows without commitments.
func (ix *Index) plausible(vi *wire.VerifierIndex) bool {
	if vi.Domain.Size != uint64(ix.d1.n) || vi.Public != uint64(ix.public) || vi.ZkRows != uint64(ix.zkRows) ||
		vi.MaxPolySize != uint64(len(ix.srs.G)) || (vi.LookupIndex != nil) != (ix.lookup != nil) {
		return false
	}
	for i := range ix.shifts {
		if vi.Shift[i] != scalarToWire(&ix.shifts[i]) {
			return false
		}
	}
	return true
}

func encodeIndexCache(vi *wire.VerifierIndex, key *[32]byte) []byte {
	payload := vi.Encode()
	var b bytes.Buffer
	b.WriteString(indexCacheMagic)
	b.Write(key[:])
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(payload)))
	b.Write(n[:])
	b.Write(payload)
	sum := sha256.Sum256(b.Bytes())
	b.Write(sum[:])
	return b.Bytes()
}

func decodeIndexCache(b []byte, key *[32]byte) (*wire.VerifierIndex, error) {
	head := len(indexCacheMagic) + 32 + 8
	if len(b) < head+32 {
		return nil, errors.New("short file")
	}
	body, sum := b[:len(b)-32], b[len(b)-32:]
	if want := sha256.Sum256(body); !bytes.Equal(want[:], sum) {
		return nil, errors.New("checksum mismatch")
	}
	if string(b[:len(indexCacheMagic)]) != indexCacheMagic || !bytes.Equal(b[len(indexCacheMagic):len(indexCacheMagic)+32], key[:]) {
		return nil, errors.New("magic or key mismatch")
	}
	n := binary.LittleEndian.Uint64(b[head-8 : head])
	if n != uint64(len(body)-head) {
		return nil, errors.New("length mismatch")
	}
	return wire.DecodeVerifierIndex(body[head:])
}
