package mina

import (
	"math/big"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
)

// fieldBits is the bit size of both Pasta fields.
const fieldBits = 255

// packed is a value of a given bit size to be packed into field elements.
type packed struct {
	v    fp.Element
	size int
}

// hashInput is o1js's HashInput: whole field elements plus small values that
// packToFields packs into as few field elements as possible.
type hashInput struct {
	fields []fp.Element
	packed []packed
}

func (h *hashInput) field(e fp.Element) { h.fields = append(h.fields, e) }

func (h *hashInput) pack(e fp.Element, size int) { h.packed = append(h.packed, packed{e, size}) }

func (h *hashInput) bool(b bool) {
	var e fp.Element
	if b {
		e.SetOne()
	}
	h.pack(e, 1)
}

func (h *hashInput) uint(v uint64, size int) {
	var e fp.Element
	e.SetUint64(v)
	h.pack(e, size)
}

func (h *hashInput) publicKey(pk PublicKey) {
	h.field(pk.X)
	h.bool(pk.IsOdd)
}

// toFields is mina-signer's packToFields: the fields, then the packed values
// concatenated big-endian-first into elements of at most 254 bits.
func (h *hashInput) toFields() []fp.Element {
	out := append([]fp.Element(nil), h.fields...)
	if len(h.packed) == 0 {
		return out
	}
	var cur fp.Element
	size := 0
	for _, p := range h.packed {
		size += p.size
		if size < fieldBits {
			var shift fp.Element
			shift.SetBigInt(new(big.Int).Lsh(big.NewInt(1), uint(p.size)))
			cur.Mul(&cur, &shift).Add(&cur, &p.v)
		} else {
			out = append(out, cur)
			size = p.size
			cur = p.v
		}
	}
	return append(out, cur)
}

// legacyInput is mina-signer's HashInputLegacy: field elements and bits.
type legacyInput struct {
	fields []fp.Element
	bits   []bool
}

// toFields is packToFieldsLegacy: the fields, then the bits in chunks of 254
// read little-endian.
func (h *legacyInput) toFields() []fp.Element {
	return append(append([]fp.Element(nil), h.fields...), bitsToFields(h.bits)...)
}

// toBits is inputToBitsLegacy: every field as 255 little-endian bits, then
// the bits.
func (h *legacyInput) toBits() []bool {
	out := make([]bool, 0, fieldBits*len(h.fields)+len(h.bits))
	for i := range h.fields {
		out = append(out, fpBits(&h.fields[i])...)
	}
	return append(out, h.bits...)
}

// bitsToFields reads bits little-endian in chunks of 254 bits.
func bitsToFields(bits []bool) []fp.Element {
	var out []fp.Element
	for len(bits) > 0 {
		n := min(len(bits), fieldBits-1)
		var le [32]byte
		copy(le[:], bitsToBytes(bits[:n]))
		e, _ := fp.LittleEndian.Element(&le) // < 2^254 < p
		out = append(out, e)
		bits = bits[n:]
	}
	return out
}

// fpBits returns the 255 little-endian bits of e (o1js Field.toBits).
func fpBits(e *fp.Element) []bool {
	b := fpToLE(e)
	return bytesToBits(b[:])[:fieldBits]
}

// fqBits returns the 255 little-endian bits of s (Scalar.toBits).
func fqBits(s *fq.Element) []bool {
	b := fqToLE(s)
	return bytesToBits(b[:])[:fieldBits]
}

// uintBits returns the low n bits of v, little-endian.
func uintBits(v uint64, n int) []bool {
	out := make([]bool, n)
	for i := range n {
		out[i] = v>>i&1 == 1
	}
	return out
}

// bytesToBits expands bytes to bits, least significant bit first.
func bytesToBits(b []byte) []bool {
	out := make([]bool, 0, 8*len(b))
	for _, x := range b {
		for i := range 8 {
			out = append(out, x>>i&1 == 1)
		}
	}
	return out
}

// bitsToBytes packs bits into bytes, least significant bit first; a final
// partial byte is zero-padded.
func bitsToBytes(bits []bool) []byte {
	out := make([]byte, (len(bits)+7)/8)
	for i, b := range bits {
		if b {
			out[i/8] |= 1 << (i % 8)
		}
	}
	return out
}
