package pallas

import (
	"encoding/binary"
	"errors"
	"math/big"
	"math/rand/v2"
	"os"
	"testing"

	base "github.com/zkml-mina/zkml/kimchi/field/fp"
)

func TestCompressRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	g := Generator()
	var negG Affine
	negG.Neg(&g)
	points := []Affine{{}, g, negG}
	for range 50 {
		points = append(points, randPoint(rng))
	}
	negatives := 0
	for i, p := range points {
		enc := p.Compress()
		got, err := Decompress(enc[:])
		if err != nil {
			t.Fatalf("point %d: %v", i, err)
		}
		if !got.Equal(&p) {
			t.Fatalf("point %d: round trip mismatch", i)
		}
		if enc[CompressedSize-1]&flagYNegative != 0 {
			negatives++
			// arkworks: the flag means y > -y.
			var negY base.Element
			negY.Neg(&p.Y)
			if p.Y.BigInt(new(big.Int)).Cmp(negY.BigInt(new(big.Int))) <= 0 {
				t.Fatalf("point %d: sign flag set but y <= -y", i)
			}
		}
	}
	if negatives == 0 || negatives == len(points) {
		t.Fatalf("sign flag never varies (%d of %d)", negatives, len(points))
	}
	inf := (&Affine{}).Compress()
	if inf != ([CompressedSize]byte{CompressedSize - 1: flagInfinity}) {
		t.Fatalf("infinity encodes as %x", inf)
	}
}

func TestDecompressRejects(t *testing.T) {
	g := Generator()
	good := g.Compress()
	mod := base.Modulus()
	var pBytes [CompressedSize]byte
	mod.FillBytes(pBytes[:base.Bytes])
	reverse(pBytes[:base.Bytes]) // little-endian x = p
	// An x with no curve point: search small x with x³+5 a non-residue.
	var offCurve [CompressedSize]byte
	for x := uint64(2); ; x++ {
		var xe, rhs base.Element
		xe.SetUint64(x)
		rhs.Square(&xe).Mul(&rhs, &xe).Add(&rhs, &curveB)
		if rhs.Legendre() == -1 {
			binary.LittleEndian.PutUint64(offCurve[:], x)
			break
		}
	}
	with := func(b [CompressedSize]byte, i int, v byte) []byte { b[i] = v; return b[:] }
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, ErrEncodingLength},
		{"short", good[:32], ErrEncodingLength},
		{"long", append(good[:], 0), ErrEncodingLength},
		{"both flags", with(good, CompressedSize-1, flagMask), ErrEncodingFlags},
		{"low flag bits", with(good, CompressedSize-1, 0x01), ErrEncodingFlags},
		{"infinity with x", with(good, CompressedSize-1, flagInfinity), ErrEncodingFlags},
		{"x = p", pBytes[:], ErrNonCanonical},
		{"x = 2^256-1", func() []byte {
			var b [CompressedSize]byte
			for i := range 32 {
				b[i] = 0xff
			}
			return b[:]
		}(), ErrNonCanonical},
		{"not on curve", offCurve[:], ErrNotOnCurve},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decompress(tc.in)
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func reverse(b []byte) {
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
}

// srsPoints reads the first n points of proof-systems' SRS msgpack file
// ([g: array32 of bin8(33)], h) without a general msgpack decoder.
func srsPoints(t *testing.T, n int) [][]byte {
	t.Helper()
	data, err := os.ReadFile(srsFile)
	if err != nil {
		t.Skipf("SRS vectors not available: %v", err)
	}
	if len(data) < 6 || data[0] != 0x92 || data[1] != 0xdd {
		t.Fatalf("unexpected SRS header % x", data[:min(6, len(data))])
	}
	count := int(binary.BigEndian.Uint32(data[2:6]))
	if count != 1<<16 {
		t.Fatalf("SRS has %d points, want 2^16", count)
	}
	var out [][]byte
	off := 6
	for range n {
		if off+2+CompressedSize > len(data) || data[off] != 0xc4 || data[off+1] != CompressedSize {
			t.Fatalf("unexpected msgpack at offset %d", off)
		}
		out = append(out, data[off+2:off+2+CompressedSize])
		off += 2 + CompressedSize
	}
	return out
}

func TestDecompressSRSPoints(t *testing.T) {
	encs := srsPoints(t, 64)
	signs := map[byte]int{}
	for i, enc := range encs {
		p, err := Decompress(enc)
		if err != nil {
			t.Fatalf("SRS point %d: %v", i, err)
		}
		if p.IsInfinity() || !p.IsOnCurve() {
			t.Fatalf("SRS point %d is not a finite curve point", i)
		}
		re := p.Compress()
		if string(re[:]) != string(enc) {
			t.Fatalf("SRS point %d: re-encoding %x != %x", i, re, enc)
		}
		signs[enc[CompressedSize-1]]++
	}
	// Real data uses exactly the two y-sign flag values.
	if len(signs) != 2 || signs[0] == 0 || signs[flagYNegative] == 0 {
		t.Fatalf("unexpected flag bytes in SRS: %v", signs)
	}
}
