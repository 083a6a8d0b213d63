package wire

import (
	"fmt"
	"math"
)

// decoder reads the typed structures of this package straight from
// MessagePack bytes. It accepts only rmp's canonical (smallest) encodings,
// so that anything it accepts re-encodes to the same bytes.
type decoder struct {
	b   []byte
	off int
}

func (d *decoder) rest() int { return len(d.b) - d.off }

func (d *decoder) errorf(format string, args ...any) error {
	return fmt.Errorf("at offset %d: %s", d.off, fmt.Sprintf(format, args...))
}

// head reads one header and checks that its format is the canonical one
// for its argument.
func (d *decoder) head() (head, error) {
	h, err := readHead(d.b[d.off:])
	if err != nil {
		return h, fmt.Errorf("at offset %d: %w", d.off, err)
	}
	var want Format
	switch {
	case h.f.IsUnsigned():
		want = UintFormat(h.arg)
	case h.f.IsSigned():
		want = IntFormat(int64(h.arg))
	case h.f.IsStr():
		want = StrFormat(int(min(h.arg, math.MaxInt32)))
	case h.f.IsBin():
		want = BinFormat(int(min(h.arg, math.MaxInt32)))
	case h.f.IsArray():
		want = ArrayFormat(int(min(h.arg, math.MaxInt32)))
	case h.f.IsMap():
		want = MapFormat(int(min(h.arg, math.MaxInt32)))
	case h.f.IsExt():
		want = ExtFormat(int(min(h.arg, math.MaxInt32)))
	default:
		want = h.f
	}
	if want != h.f {
		return h, fmt.Errorf("at offset %d: %w: %v for %d", d.off, ErrNonCanonical, h.f, h.arg)
	}
	d.off += h.n
	return h, nil
}

// arrayLen reads an array header; the length is bounded by the remaining
// input (every element takes at least minItem bytes).
func (d *decoder) arrayLen(minItem int) (int, error) {
	start := d.off
	h, err := d.head()
	if err != nil {
		return 0, err
	}
	if !h.f.IsArray() {
		d.off = start
		return 0, d.errorf("expected array, found %v", h.f)
	}
	if h.arg > uint64(d.rest()/minItem) {
		return 0, fmt.Errorf("at offset %d: array of %d items: %w", start, h.arg, ErrTruncated)
	}
	return int(h.arg), nil
}

// array reads an array header and checks it has exactly n items.
func (d *decoder) array(n int, what string) error {
	start := d.off
	got, err := d.arrayLen(1)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if got != n {
		d.off = start
		return fmt.Errorf("%s: %w", what, d.errorf("expected array of %d items, found %d", n, got))
	}
	return nil
}

// optNil consumes a nil if one is next and reports whether it did.
func (d *decoder) optNil() bool {
	if d.off < len(d.b) && d.b[d.off] == 0xc0 {
		d.off++
		return true
	}
	return false
}

func (d *decoder) bool() (bool, error) {
	if d.off >= len(d.b) {
		return false, d.errorf("bool: %v", ErrTruncated)
	}
	switch d.b[d.off] {
	case 0xc2:
		d.off++
		return false, nil
	case 0xc3:
		d.off++
		return true, nil
	}
	return false, d.errorf("expected bool, found marker %#x", d.b[d.off])
}

// uint reads an unsigned integer no larger than max.
func (d *decoder) uint(max uint64) (uint64, error) {
	start := d.off
	h, err := d.head()
	if err != nil {
		return 0, err
	}
	if !h.f.IsUnsigned() {
		d.off = start
		return 0, d.errorf("expected unsigned integer, found %v", h.f)
	}
	if h.arg > max {
		d.off = start
		return 0, d.errorf("integer %d out of range (max %d)", h.arg, max)
	}
	return h.arg, nil
}

// bin reads a bin value (serde's serialize_bytes); the payload aliases the input.
func (d *decoder) bin() ([]byte, error) {
	start := d.off
	h, err := d.head()
	if err != nil {
		return nil, err
	}
	if !h.f.IsBin() {
		d.off = start
		return nil, d.errorf("expected bin, found %v", h.f)
	}
	if h.arg > uint64(d.rest()) {
		return nil, fmt.Errorf("at offset %d: bin of %d bytes: %w", start, h.arg, ErrTruncated)
	}
	p := d.b[d.off : d.off+int(h.arg)]
	d.off += int(h.arg)
	return p, nil
}

// binN reads a bin value that must be exactly len(dst) bytes into dst.
func (d *decoder) binN(dst []byte, what string) error {
	start := d.off
	p, err := d.bin()
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if len(p) != len(dst) {
		d.off = start
		return fmt.Errorf("%s: %w", what, d.errorf("expected %d bytes, found %d", len(dst), len(p)))
	}
	copy(dst, p)
	return nil
}

// byteSeq reads a Vec<u8> serialized by serde without serde_bytes: an
// array of integers 0..255.
func (d *decoder) byteSeq() ([]byte, error) {
	n, err := d.arrayLen(1)
	if err != nil {
		return nil, err
	}
	out := make([]byte, n)
	for i := range out {
		c, err := d.uint(math.MaxUint8)
		if err != nil {
			return nil, fmt.Errorf("byte %d: %w", i, err)
		}
		out[i] = byte(c)
	}
	return out, nil
}

// done checks that the whole input was consumed.
func (d *decoder) done() error {
	if d.off != len(d.b) {
		return fmt.Errorf("at offset %d: %w (%d bytes)", d.off, ErrTrailing, d.rest())
	}
	return nil
}

// encoder writes rmp_serde's canonical encodings.
type encoder struct{ b []byte }

func (e *encoder) head(f Format, arg uint64) {
	// Canonical formats always fit their argument, so this cannot fail.
	e.b, _ = appendHead(e.b, f, arg, 0)
}

func (e *encoder) array(n int) { e.head(ArrayFormat(n), uint64(n)) }
func (e *encoder) writeNil()   { e.b = append(e.b, 0xc0) }
func (e *encoder) uint(v uint64) {
	e.head(UintFormat(v), v)
}

func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 0xc3)
	} else {
		e.b = append(e.b, 0xc2)
	}
}

func (e *encoder) bin(p []byte) {
	e.head(BinFormat(len(p)), uint64(len(p)))
	e.b = append(e.b, p...)
}

func (e *encoder) byteSeq(p []byte) {
	e.array(len(p))
	for _, c := range p {
		e.uint(uint64(c))
	}
}
