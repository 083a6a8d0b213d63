package srs

import (
	"errors"
	"fmt"
	"math"
	"math/bits"
	"os"
	"runtime"
	"sync"
	"sync/atomic"

	"golang.org/x/crypto/blake2b"

	"github.com/zkml-mina/zkml/kimchi/curve/pallas"
	"github.com/zkml-mina/zkml/kimchi/curve/vesta"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
	"github.com/zkml-mina/zkml/kimchi/groupmap"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// Errors returned (wrapped) by this package.
var (
	ErrDepth  = errors.New("srs: invalid depth")
	ErrDomain = errors.New("srs: invalid domain size")
)

// MaxDepth is the largest depth Create accepts: indices are hashed as u32.
const MaxDepth = math.MaxUint32 + 1

// Pallas is an IPA SRS over Pallas (commitments to polynomials over Fq): the
// commitment bases G and the blinding base H (poly-commitment's SRS<Pallas>).
type Pallas struct {
	G []pallas.Affine
	H pallas.Affine
}

// Vesta is an IPA SRS over Vesta (commitments to polynomials over Fp).
type Vesta struct {
	G []vesta.Affine
	H vesta.Affine
}

// CreatePallas returns proof-systems' SRS::<Pallas>::create(depth), computed
// on all cores.
func CreatePallas(depth int) (*Pallas, error) {
	m, err := groupmap.NewPallas()
	if err != nil {
		return nil, fmt.Errorf("srs: pallas: %w", err)
	}
	g, h, err := create(m, depth, func(x, y *fp.Element) pallas.Affine { return pallas.Affine{X: *x, Y: *y} })
	if err != nil {
		return nil, fmt.Errorf("srs: pallas: %w", err)
	}
	return &Pallas{G: g, H: h}, nil
}

// CreateVesta returns proof-systems' SRS::<Vesta>::create(depth), computed on
// all cores.
func CreateVesta(depth int) (*Vesta, error) {
	m, err := groupmap.NewVesta()
	if err != nil {
		return nil, fmt.Errorf("srs: vesta: %w", err)
	}
	g, h, err := create(m, depth, func(x, y *fq.Element) vesta.Affine { return vesta.Affine{X: *x, Y: *y} })
	if err != nil {
		return nil, fmt.Errorf("srs: vesta: %w", err)
	}
	return &Vesta{G: g, H: h}, nil
}

// Prefix returns the SRS of depth n sharing this one's first n points. It
// equals CreateVesta(n): G_i is hashed from i alone and H from a fixed seed
// (TestCreateSmall), so a domain-sized SRS needs no second file.
func (s *Vesta) Prefix(n int) (*Vesta, error) {
	if n < 0 || n > len(s.G) {
		return nil, fmt.Errorf("srs: vesta: %w: prefix %d of %d points", ErrDepth, n, len(s.G))
	}
	return &Vesta{G: s.G[:n:n], H: s.H}, nil
}

// DecodePallas decodes proof-systems' msgpack SRS bytes as a Pallas SRS.
func DecodePallas(b []byte) (*Pallas, error) {
	g, h, err := decode(b, pallas.Decompress)
	if err != nil {
		return nil, fmt.Errorf("srs: pallas: %w", err)
	}
	return &Pallas{G: g, H: h}, nil
}

// DecodeVesta decodes proof-systems' msgpack SRS bytes as a Vesta SRS.
func DecodeVesta(b []byte) (*Vesta, error) {
	g, h, err := decode(b, vesta.Decompress)
	if err != nil {
		return nil, fmt.Errorf("srs: vesta: %w", err)
	}
	return &Vesta{G: g, H: h}, nil
}

// LoadPallas reads and decodes a Pallas SRS file (e.g. pallas.srs).
func LoadPallas(path string) (*Pallas, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("srs: %w", err)
	}
	return DecodePallas(b)
}

// LoadVesta reads and decodes a Vesta SRS file (e.g. vesta.srs).
func LoadVesta(path string) (*Vesta, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("srs: %w", err)
	}
	return DecodeVesta(b)
}

// Encode returns the SRS in proof-systems' msgpack format.
func (s *Pallas) Encode() []byte { return encode(s.G, &s.H) }

// Encode returns the SRS in proof-systems' msgpack format.
func (s *Vesta) Encode() []byte { return encode(s.G, &s.H) }

// baseField is what hashing to a curve needs from the base field.
type baseField[E any] interface {
	groupmap.Field[E]
	SetBytes(e []byte) *E
}

// fieldOfRandomBytes is the packing step of point_of_random_bytes
// (poly-commitment/src/ipa.rs): bits[8i+j] = bit j of byte i for the first 31
// bytes, read by BigInteger::from_bits_be, i.e. bits[0] is the most
// significant. Equivalently: reverse the bits of each of the 31 bytes and
// read them as a big-endian integer (< 2^248, so always canonical).
func fieldOfRandomBytes[E any, PE baseField[E]](h *[blake2b.Size]byte) E {
	var be [32]byte
	for i := range 31 {
		be[1+i] = bits.Reverse8(h[i])
	}
	var t E
	PE(&t).SetBytes(be[:])
	return t
}

// hashIndex is Blake2b-512(u32_be(i)), the seed of G_i.
func hashIndex(i uint32) [blake2b.Size]byte {
	return blake2b.Sum512([]byte{byte(i >> 24), byte(i >> 16), byte(i >> 8), byte(i)})
}

// hashH is Blake2b-512("srs_misc" ‖ u32_be(0)), the seed of H.
func hashH() [blake2b.Size]byte {
	return blake2b.Sum512([]byte("srs_misc\x00\x00\x00\x00"))
}

// createBlock is the number of points mapped with one batch inversion.
const createBlock = 1024

// create computes G_0..G_{depth-1} and H. The cofactor of both Pasta curves
// is 1, so mul_by_cofactor is the identity.
func create[E any, PE baseField[E], A any](m *groupmap.Map[E, PE], depth int, mk func(x, y *E) A) ([]A, A, error) {
	var h A
	if depth < 0 || uint64(depth) > MaxDepth {
		return nil, h, fmt.Errorf("%w: %d", ErrDepth, depth)
	}
	g := make([]A, depth)
	var (
		next     atomic.Int64
		wg       sync.WaitGroup
		errOnce  sync.Once
		firstErr error
	)
	blocks := int64((depth + createBlock - 1) / createBlock)
	workers := min(runtime.GOMAXPROCS(0), int(blocks))
	for range workers {
		wg.Go(func() {
			ts := make([]E, createBlock)
			for {
				blk := next.Add(1) - 1
				if blk >= blocks {
					return
				}
				lo := int(blk) * createBlock
				hi := min(lo+createBlock, depth)
				for i := lo; i < hi; i++ {
					d := hashIndex(uint32(i))
					ts[i-lo] = fieldOfRandomBytes[E, PE](&d)
				}
				xs := m.BatchPotentialXs(ts[:hi-lo])
				for i := lo; i < hi; i++ {
					x, y, err := m.FromXs(&xs[i-lo])
					if err != nil {
						errOnce.Do(func() { firstErr = fmt.Errorf("g[%d]: %w", i, err) })
						return
					}
					g[i] = mk(&x, &y)
				}
			}
		})
	}
	wg.Wait()
	if firstErr != nil {
		return nil, h, firstErr
	}
	d := hashH()
	t := fieldOfRandomBytes[E, PE](&d)
	x, y, err := m.ToGroup(&t)
	if err != nil {
		return nil, h, fmt.Errorf("h: %w", err)
	}
	return g, mk(&x, &y), nil
}

// compressor is an affine point with arkworks' 33-byte compressed encoding.
type compressor[A any] interface {
	*A
	Compress() [wire.PointSize]byte
}

func encode[A any, PA compressor[A]](g []A, h *A) []byte {
	w := wire.SRS{G: make([]wire.Point, len(g)), H: PA(h).Compress()}
	for i := range g {
		w.G[i] = PA(&g[i]).Compress()
	}
	return w.Encode()
}

// decode parses the msgpack SRS and decompresses its points on all cores.
func decode[A any](b []byte, decompress func([]byte) (A, error)) ([]A, A, error) {
	var h A
	w, err := wire.DecodeSRS(b)
	if err != nil {
		return nil, h, err
	}
	if h, err = decompress(w.H[:]); err != nil {
		return nil, h, fmt.Errorf("h: %w", err)
	}
	g := make([]A, len(w.G))
	var (
		errOnce  sync.Once
		firstErr error
	)
	parallel(len(g), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			p, err := decompress(w.G[i][:])
			if err != nil {
				errOnce.Do(func() { firstErr = fmt.Errorf("g[%d]: %w", i, err) })
				return
			}
			g[i] = p
		}
	})
	if firstErr != nil {
		return nil, h, firstErr
	}
	return g, h, nil
}

// parallel splits [0, n) into one contiguous range per core and runs f on
// each concurrently.
func parallel(n int, f func(lo, hi int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	if workers <= 1 {
		if n > 0 {
			f(0, n)
		}
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*n/workers, (w+1)*n/workers
		wg.Go(func() { f(lo, hi) })
	}
	wg.Wait()
}
