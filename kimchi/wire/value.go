package wire

import (
	"fmt"
	"math"
)

// Value is one decoded MessagePack value together with the exact format it
// was encoded in, so that EncodeValue reproduces the original bytes.
type Value struct {
	// Format is the encoding of the value.
	Format Format
	// Uint holds unsigned integers, and the raw IEEE-754 bits of floats.
	Uint uint64
	// Int holds signed integers (negative fixint and int8..int64).
	Int int64
	// Bytes holds the payload of str, bin and ext values.
	Bytes []byte
	// ExtType is the application type of ext values.
	ExtType int8
	// Items holds array elements, or map entries as key, value, key, value...
	Items []Value
}

// Nil returns a nil value.
func Nil() Value { return Value{Format: FormatNil} }

// Bool returns a boolean value.
func Bool(b bool) Value {
	if b {
		return Value{Format: FormatTrue}
	}
	return Value{Format: FormatFalse}
}

// Uint returns v in the smallest unsigned format, as rmp's write_uint does.
func Uint(v uint64) Value { return Value{Format: UintFormat(v), Uint: v} }

// Int returns v in the format rmp's write_sint chooses (unsigned formats for
// non-negative values).
func Int(v int64) Value {
	if v >= 0 {
		return Uint(uint64(v))
	}
	return Value{Format: IntFormat(v), Int: v}
}

// Float32 returns a float32 value; Float64 a float64 value.
func Float32(v float32) Value {
	return Value{Format: FormatFloat32, Uint: uint64(math.Float32bits(v))}
}

// Float64 returns a float64 value.
func Float64(v float64) Value { return Value{Format: FormatFloat64, Uint: math.Float64bits(v)} }

// Str returns a string value in the smallest string format.
func Str(s string) Value { return Value{Format: StrFormat(len(s)), Bytes: []byte(s)} }

// Bin returns a binary value in the smallest bin format (serde's serialize_bytes).
func Bin(b []byte) Value { return Value{Format: BinFormat(len(b)), Bytes: b} }

// Ext returns an extension value in the format rmp's write_ext_meta chooses.
func Ext(typ int8, data []byte) Value {
	return Value{Format: ExtFormat(len(data)), ExtType: typ, Bytes: data}
}

// Array returns an array value in the smallest array format.
func Array(items ...Value) Value { return Value{Format: ArrayFormat(len(items)), Items: items} }

// Map returns a map value from alternating keys and values, in the smallest
// map format. It panics if kv has odd length (a programming error).
func Map(kv ...Value) Value {
	if len(kv)%2 != 0 {
		panic("wire.Map: odd number of key/value items")
	}
	return Value{Format: MapFormat(len(kv) / 2), Items: kv}
}

// ByteSeq returns b as serde serializes a Vec<u8> without serde_bytes: an
// array of unsigned integers.
func ByteSeq(b []byte) Value {
	items := make([]Value, len(b))
	for i, c := range b {
		items[i] = Uint(uint64(c))
	}
	return Array(items...)
}

// Canonical returns a copy of v with every format replaced by rmp's smallest
// choice for the same content.
func (v Value) Canonical() Value {
	switch {
	case v.Format.IsUnsigned():
		v.Format = UintFormat(v.Uint)
	case v.Format.IsSigned():
		if v.Int >= 0 {
			v.Format, v.Uint, v.Int = UintFormat(uint64(v.Int)), uint64(v.Int), 0
		} else {
			v.Format = IntFormat(v.Int)
		}
	case v.Format.IsStr():
		v.Format = StrFormat(len(v.Bytes))
	case v.Format.IsBin():
		v.Format = BinFormat(len(v.Bytes))
	case v.Format.IsExt():
		v.Format = ExtFormat(len(v.Bytes))
	case v.Format.IsArray(), v.Format.IsMap():
		items := make([]Value, len(v.Items))
		for i, it := range v.Items {
			items[i] = it.Canonical()
		}
		v.Items = items
		if v.Format.IsArray() {
			v.Format = ArrayFormat(len(items))
		} else {
			v.Format = MapFormat(len(items) / 2)
		}
	}
	return v
}

// DecodeValue decodes exactly one MessagePack value spanning all of b,
// recording each value's format. Payloads are copied out of b.
func DecodeValue(b []byte) (Value, error) {
	v, n, err := DecodeValuePrefix(b)
	if err != nil {
		return Value{}, err
	}
	if n != len(b) {
		return Value{}, fmt.Errorf("decode value: %w (%d bytes)", ErrTrailing, len(b)-n)
	}
	return v, nil
}

// DecodeValuePrefix decodes one MessagePack value from the start of b and
// returns it with the number of bytes it used.
func DecodeValuePrefix(b []byte) (Value, int, error) {
	return decodeValue(b, 0, 0)
}

func decodeValue(b []byte, off, depth int) (Value, int, error) {
	h, err := readHead(b[off:])
	if err != nil {
		return Value{}, 0, fmt.Errorf("at offset %d: %w", off, err)
	}
	v := Value{Format: h.f, ExtType: h.ext}
	pos := off + h.n
	rest := uint64(len(b) - pos)
	switch {
	case h.f.IsUnsigned(), h.f == FormatFloat32, h.f == FormatFloat64:
		v.Uint = h.arg
	case h.f.IsSigned():
		v.Int = int64(h.arg)
	case h.f.IsStr(), h.f.IsBin(), h.f.IsExt():
		if h.arg > rest {
			return Value{}, 0, fmt.Errorf("at offset %d: %v of %d bytes: %w", off, h.f, h.arg, ErrTruncated)
		}
		v.Bytes = append([]byte{}, b[pos:pos+int(h.arg)]...)
		pos += int(h.arg)
	case h.f.IsArray(), h.f.IsMap():
		if depth >= MaxDepth {
			return Value{}, 0, fmt.Errorf("at offset %d: %w", off, ErrTooDeep)
		}
		n := h.arg
		if h.f.IsMap() {
			n *= 2
		}
		// Every item takes at least one byte: bound the allocation by the input.
		if n > rest {
			return Value{}, 0, fmt.Errorf("at offset %d: %v of %d items: %w", off, h.f, h.arg, ErrTruncated)
		}
		v.Items = make([]Value, n)
		for i := range v.Items {
			it, m, err := decodeValue(b, pos, depth+1)
			if err != nil {
				return Value{}, 0, err
			}
			v.Items[i] = it
			pos += m
		}
	}
	return v, pos - off, nil
}

// EncodeValue encodes v using exactly the formats recorded in it.
func EncodeValue(v Value) ([]byte, error) { return AppendValue(nil, v) }

// AppendValue appends the encoding of v to dst, using the formats recorded
// in v; it fails if a value does not fit its format.
func AppendValue(dst []byte, v Value) ([]byte, error) {
	var err error
	switch {
	case v.Format.IsSigned():
		dst, err = appendHead(dst, v.Format, uint64(v.Int), 0)
	case v.Format.IsStr(), v.Format.IsBin(), v.Format.IsExt():
		if dst, err = appendHead(dst, v.Format, uint64(len(v.Bytes)), v.ExtType); err == nil {
			dst = append(dst, v.Bytes...)
		}
	case v.Format.IsArray(), v.Format.IsMap():
		n := uint64(len(v.Items))
		if v.Format.IsMap() {
			if n%2 != 0 {
				return dst, fmt.Errorf("encode value: map with odd item count %d", n)
			}
			n /= 2
		}
		if dst, err = appendHead(dst, v.Format, n, 0); err != nil {
			break
		}
		for _, it := range v.Items {
			if dst, err = AppendValue(dst, it); err != nil {
				return dst, err
			}
		}
	default:
		dst, err = appendHead(dst, v.Format, v.Uint, 0)
	}
	if err != nil {
		return dst, fmt.Errorf("encode value: %w", err)
	}
	return dst, nil
}
