package srs

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"

	"golang.org/x/crypto/blake2b"

	"github.com/zkml-mina/zkml/internal/atomicfile"
	"github.com/zkml-mina/zkml/kimchi/curve/pallas"
	"github.com/zkml-mina/zkml/kimchi/curve/vesta"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// ErrCacheCorrupt reports a cache file that fails its checks; LagrangeBasis
// methods of Cache recompute and overwrite such files instead of failing.
var ErrCacheCorrupt = errors.New("srs: corrupt lagrange cache file")

// Cache keeps Lagrange bases on disk in Dir, one file per (curve, SRS depth,
// domain size). A file records a digest of the SRS it was computed from and
// ends with a Blake2b-256 hash of its contents; a file that does not match is
// recomputed. Distinct Cache values may share a directory; writes are atomic
// renames.
type Cache struct {
	Dir string
}

// Cache file layout (all integers little-endian):
//
//	magic "ZKMLLAG1" | curve u8 (1 pallas, 2 vesta) | depth u64 | n u64 |
//	chunks u32 | srs digest [32] | chunks·n points of x ‖ y (32 bytes each,
//	canonical little-endian; infinity is x = y = 0) | Blake2b-256 of all
//	preceding bytes [32]
const (
	cacheMagic      = "ZKMLLAG1"
	cacheHeaderSize = len(cacheMagic) + 1 + 8 + 8 + 4 + 32
	cachePointSize  = 64
)

// PallasLagrangeBasis returns s.LagrangeBasis(n), read from the cache when a
// matching file exists and computed and stored otherwise.
func (c *Cache) PallasLagrangeBasis(s *Pallas, n int) ([][]pallas.Affine, error) {
	return cachedBasis(c, pallasCodec(), s.G, &s.H, n, s.LagrangeBasis)
}

// VestaLagrangeBasis returns s.LagrangeBasis(n), read from the cache when a
// matching file exists and computed and stored otherwise.
func (c *Cache) VestaLagrangeBasis(s *Vesta, n int) ([][]vesta.Affine, error) {
	return cachedBasis(c, vestaCodec(), s.G, &s.H, n, s.LagrangeBasis)
}

func pallasCodec() pointCodec[pallas.Affine] {
	return pointCodec[pallas.Affine]{
		curve: 1, name: "pallas",
		put: func(dst *[cachePointSize]byte, p *pallas.Affine) {
			fp.LittleEndian.PutElement((*[32]byte)(dst[:32]), p.X)
			fp.LittleEndian.PutElement((*[32]byte)(dst[32:]), p.Y)
		},
		get: func(src *[cachePointSize]byte) (p pallas.Affine, err error) {
			if p.X, err = fp.LittleEndian.Element((*[32]byte)(src[:32])); err != nil {
				return p, err
			}
			if p.Y, err = fp.LittleEndian.Element((*[32]byte)(src[32:])); err != nil {
				return p, err
			}
			if !p.IsOnCurve() {
				return p, errors.New("point not on pallas")
			}
			return p, nil
		},
		compress: func(p *pallas.Affine) [wire.PointSize]byte { return p.Compress() },
	}
}

func vestaCodec() pointCodec[vesta.Affine] {
	return pointCodec[vesta.Affine]{
		curve: 2, name: "vesta",
		put: func(dst *[cachePointSize]byte, p *vesta.Affine) {
			fq.LittleEndian.PutElement((*[32]byte)(dst[:32]), p.X)
			fq.LittleEndian.PutElement((*[32]byte)(dst[32:]), p.Y)
		},
		get: func(src *[cachePointSize]byte) (p vesta.Affine, err error) {
			if p.X, err = fq.LittleEndian.Element((*[32]byte)(src[:32])); err != nil {
				return p, err
			}
			if p.Y, err = fq.LittleEndian.Element((*[32]byte)(src[32:])); err != nil {
				return p, err
			}
			if !p.IsOnCurve() {
				return p, errors.New("point not on vesta")
			}
			return p, nil
		},
		compress: func(p *vesta.Affine) [wire.PointSize]byte { return p.Compress() },
	}
}

// pointCodec is one curve's cache encoding.
type pointCodec[A any] struct {
	curve    byte
	name     string
	put      func(dst *[cachePointSize]byte, p *A)
	get      func(src *[cachePointSize]byte) (A, error)
	compress func(p *A) [wire.PointSize]byte
}

// Path returns the file that holds the basis for the given curve ("pallas"
// or "vesta"), SRS depth and domain size.
func (c *Cache) Path(curve string, depth, n int) string {
	return filepath.Join(c.Dir, fmt.Sprintf("lagrange-%s-d%d-n%d.bin", curve, depth, n))
}

func cachedBasis[A any](c *Cache, codec pointCodec[A], g []A, h *A, n int,
	compute func(int) ([][]A, error)) ([][]A, error) {
	if len(g) == 0 || n <= 0 || n&(n-1) != 0 {
		return compute(n) // reports the invalid input
	}
	digest := srsDigest(codec, g, h)
	path := c.Path(codec.name, len(g), n)
	b, err := os.ReadFile(path)
	switch {
	case err == nil:
		res, derr := decodeCache(codec, b, len(g), n, &digest)
		if derr == nil {
			return res, nil
		}
		// Corrupt or stale: fall through and recompute.
	case !errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("srs: cache: %w", err)
	}
	res, err := compute(n)
	if err != nil {
		return nil, err
	}
	if err := atomicfile.Write(path, encodeCache(codec, res, len(g), n, &digest)); err != nil {
		return nil, fmt.Errorf("srs: cache: %w", err)
	}
	return res, nil
}

// srsDigest is Blake2b-256 over the compressed G points and H.
func srsDigest[A any](codec pointCodec[A], g []A, h *A) [32]byte {
	d, _ := blake2b.New256(nil) // only fails for keys over 64 bytes
	for i := range g {
		p := codec.compress(&g[i])
		d.Write(p[:])
	}
	p := codec.compress(h)
	d.Write(p[:])
	var out [32]byte
	d.Sum(out[:0])
	return out
}

func encodeCache[A any](codec pointCodec[A], res [][]A, depth, n int, digest *[32]byte) []byte {
	total := 0
	for _, ch := range res {
		total += len(ch)
	}
	b := make([]byte, cacheHeaderSize, cacheHeaderSize+total*cachePointSize+blake2b.Size256)
	copy(b, cacheMagic)
	off := len(cacheMagic)
	b[off] = codec.curve
	off++
	binary.LittleEndian.PutUint64(b[off:], uint64(depth))
	off += 8
	binary.LittleEndian.PutUint64(b[off:], uint64(n))
	off += 8
	binary.LittleEndian.PutUint32(b[off:], uint32(len(res)))
	off += 4
	copy(b[off:], digest[:])
	body := make([]byte, total*cachePointSize)
	k := 0
	for _, ch := range res {
		for i := range ch {
			codec.put((*[cachePointSize]byte)(body[k*cachePointSize:]), &ch[i])
			k++
		}
	}
	b = append(b, body...)
	sum := blake2b.Sum256(b)
	return append(b, sum[:]...)
}

func decodeCache[A any](codec pointCodec[A], b []byte, depth, n int, digest *[32]byte) ([][]A, error) {
	chunks := (n + depth - 1) / depth
	want := cacheHeaderSize + chunks*n*cachePointSize + blake2b.Size256
	if len(b) != want {
		return nil, fmt.Errorf("%w: %d bytes, want %d", ErrCacheCorrupt, len(b), want)
	}
	body, trailer := b[:len(b)-blake2b.Size256], b[len(b)-blake2b.Size256:]
	if sum := blake2b.Sum256(body); !bytes.Equal(sum[:], trailer) {
		return nil, fmt.Errorf("%w: content hash mismatch", ErrCacheCorrupt)
	}
	var hdr [cacheHeaderSize]byte
	copy(hdr[:], cacheMagic)
	off := len(cacheMagic)
	hdr[off] = codec.curve
	off++
	binary.LittleEndian.PutUint64(hdr[off:], uint64(depth))
	off += 8
	binary.LittleEndian.PutUint64(hdr[off:], uint64(n))
	off += 8
	binary.LittleEndian.PutUint32(hdr[off:], uint32(chunks))
	off += 4
	copy(hdr[off:], digest[:])
	if !bytes.Equal(b[:cacheHeaderSize], hdr[:]) {
		return nil, fmt.Errorf("%w: header does not match this SRS and domain", ErrCacheCorrupt)
	}
	pts := body[cacheHeaderSize:]
	res := make([][]A, chunks)
	var (
		errOnce  sync.Once
		firstErr error
	)
	for c := range res {
		res[c] = make([]A, n)
		ch := res[c]
		base := c * n
		parallel(n, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				src := (*[cachePointSize]byte)(pts[(base+i)*cachePointSize:])
				if *src == ([cachePointSize]byte{}) {
					continue // infinity
				}
				p, err := codec.get(src)
				if err != nil {
					errOnce.Do(func() { firstErr = fmt.Errorf("%w: point %d: %v", ErrCacheCorrupt, base+i, err) })
					return
				}
				ch[i] = p
			}
		})
	}
	if firstErr != nil {
		return nil, firstErr
	}
	return res, nil
}
