package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// Format is the concrete MessagePack encoding of one value: which marker
// family was used (e.g. positive fixint versus uint8 for the same number).
type Format uint8

// The MessagePack formats, one per marker family of the specification.
const (
	FormatInvalid Format = iota
	FormatPosFixint
	FormatNegFixint
	FormatUint8
	FormatUint16
	FormatUint32
	FormatUint64
	FormatInt8
	FormatInt16
	FormatInt32
	FormatInt64
	FormatNil
	FormatFalse
	FormatTrue
	FormatFloat32
	FormatFloat64
	FormatFixStr
	FormatStr8
	FormatStr16
	FormatStr32
	FormatBin8
	FormatBin16
	FormatBin32
	FormatFixArray
	FormatArray16
	FormatArray32
	FormatFixMap
	FormatMap16
	FormatMap32
	FormatFixExt1
	FormatFixExt2
	FormatFixExt4
	FormatFixExt8
	FormatFixExt16
	FormatExt8
	FormatExt16
	FormatExt32
)

var formatNames = [...]string{
	"invalid", "positive fixint", "negative fixint", "uint8", "uint16", "uint32", "uint64",
	"int8", "int16", "int32", "int64", "nil", "false", "true", "float32", "float64",
	"fixstr", "str8", "str16", "str32", "bin8", "bin16", "bin32",
	"fixarray", "array16", "array32", "fixmap", "map16", "map32",
	"fixext1", "fixext2", "fixext4", "fixext8", "fixext16", "ext8", "ext16", "ext32",
}

// String returns the specification's name of the format.
func (f Format) String() string {
	if int(f) < len(formatNames) {
		return formatNames[f]
	}
	return fmt.Sprintf("Format(%d)", uint8(f))
}

// IsUnsigned reports whether f is one of the non-negative integer formats.
func (f Format) IsUnsigned() bool {
	return f == FormatPosFixint || (f >= FormatUint8 && f <= FormatUint64)
}

// IsSigned reports whether f is one of the signed integer formats.
func (f Format) IsSigned() bool { return f == FormatNegFixint || (f >= FormatInt8 && f <= FormatInt64) }

// IsStr reports whether f is a string format.
func (f Format) IsStr() bool { return f >= FormatFixStr && f <= FormatStr32 }

// IsBin reports whether f is a binary format.
func (f Format) IsBin() bool { return f >= FormatBin8 && f <= FormatBin32 }

// IsArray reports whether f is an array format.
func (f Format) IsArray() bool { return f >= FormatFixArray && f <= FormatArray32 }

// IsMap reports whether f is a map format.
func (f Format) IsMap() bool { return f >= FormatFixMap && f <= FormatMap32 }

// IsExt reports whether f is an extension format.
func (f Format) IsExt() bool { return f >= FormatFixExt1 && f <= FormatExt32 }

// MaxDepth bounds the nesting of arrays and maps accepted by DecodeValue.
const MaxDepth = 1024

// Errors returned by the MessagePack layer; they are wrapped with context.
var (
	ErrTruncated    = errors.New("msgpack: unexpected end of input")
	ErrTrailing     = errors.New("msgpack: trailing bytes after value")
	ErrReserved     = errors.New("msgpack: reserved marker 0xc1")
	ErrTooDeep      = errors.New("msgpack: nesting too deep")
	ErrNonCanonical = errors.New("msgpack: non-canonical encoding")
)

// head is one parsed MessagePack header: its format, its integer argument
// (an unsigned value, a signed value's two's-complement bits, float bits, or
// a length) and the header size in bytes. For ext formats ext holds the type.
type head struct {
	f   Format
	arg uint64
	ext int8
	n   int
}

// readHead parses the header at the start of b. It does not check that the
// payload announced by a length is present.
func readHead(b []byte) (head, error) {
	if len(b) == 0 {
		return head{}, ErrTruncated
	}
	m := b[0]
	switch {
	case m <= 0x7f:
		return head{f: FormatPosFixint, arg: uint64(m), n: 1}, nil
	case m <= 0x8f:
		return head{f: FormatFixMap, arg: uint64(m & 0x0f), n: 1}, nil
	case m <= 0x9f:
		return head{f: FormatFixArray, arg: uint64(m & 0x0f), n: 1}, nil
	case m <= 0xbf:
		return head{f: FormatFixStr, arg: uint64(m & 0x1f), n: 1}, nil
	case m >= 0xe0:
		return head{f: FormatNegFixint, arg: uint64(int64(int8(m))), n: 1}, nil
	}
	need := func(k int) ([]byte, error) {
		if len(b) < 1+k {
			return nil, ErrTruncated
		}
		return b[1 : 1+k], nil
	}
	fixed := func(f Format, k int, signed bool) (head, error) {
		p, err := need(k)
		if err != nil {
			return head{}, err
		}
		var v uint64
		switch k {
		case 1:
			v = uint64(p[0])
			if signed {
				v = uint64(int64(int8(p[0])))
			}
		case 2:
			v = uint64(binary.BigEndian.Uint16(p))
			if signed {
				v = uint64(int64(int16(v)))
			}
		case 4:
			v = uint64(binary.BigEndian.Uint32(p))
			if signed {
				v = uint64(int64(int32(v)))
			}
		case 8:
			v = binary.BigEndian.Uint64(p)
		}
		return head{f: f, arg: v, n: 1 + k}, nil
	}
	switch m {
	case 0xc0:
		return head{f: FormatNil, n: 1}, nil
	case 0xc1:
		return head{}, ErrReserved
	case 0xc2:
		return head{f: FormatFalse, n: 1}, nil
	case 0xc3:
		return head{f: FormatTrue, n: 1}, nil
	case 0xc4:
		return fixed(FormatBin8, 1, false)
	case 0xc5:
		return fixed(FormatBin16, 2, false)
	case 0xc6:
		return fixed(FormatBin32, 4, false)
	case 0xc7, 0xc8, 0xc9:
		f := [...]Format{FormatExt8, FormatExt16, FormatExt32}[m-0xc7]
		k := [...]int{1, 2, 4}[m-0xc7]
		h, err := fixed(f, k, false)
		if err != nil {
			return head{}, err
		}
		if len(b) < h.n+1 {
			return head{}, ErrTruncated
		}
		h.ext = int8(b[h.n])
		h.n++
		return h, nil
	case 0xca:
		return fixed(FormatFloat32, 4, false)
	case 0xcb:
		return fixed(FormatFloat64, 8, false)
	case 0xcc:
		return fixed(FormatUint8, 1, false)
	case 0xcd:
		return fixed(FormatUint16, 2, false)
	case 0xce:
		return fixed(FormatUint32, 4, false)
	case 0xcf:
		return fixed(FormatUint64, 8, false)
	case 0xd0:
		return fixed(FormatInt8, 1, true)
	case 0xd1:
		return fixed(FormatInt16, 2, true)
	case 0xd2:
		return fixed(FormatInt32, 4, true)
	case 0xd3:
		return fixed(FormatInt64, 8, true)
	case 0xd4, 0xd5, 0xd6, 0xd7, 0xd8:
		f := FormatFixExt1 + Format(m-0xd4)
		if len(b) < 2 {
			return head{}, ErrTruncated
		}
		return head{f: f, arg: 1 << (m - 0xd4), ext: int8(b[1]), n: 2}, nil
	case 0xd9:
		return fixed(FormatStr8, 1, false)
	case 0xda:
		return fixed(FormatStr16, 2, false)
	case 0xdb:
		return fixed(FormatStr32, 4, false)
	case 0xdc:
		return fixed(FormatArray16, 2, false)
	case 0xdd:
		return fixed(FormatArray32, 4, false)
	case 0xde:
		return fixed(FormatMap16, 2, false)
	case 0xdf:
		return fixed(FormatMap32, 4, false)
	}
	return head{}, fmt.Errorf("msgpack: unknown marker %#x", m) // unreachable
}

// markers maps the formats that have a single marker byte to it.
var markers = [...]byte{
	FormatNil: 0xc0, FormatFalse: 0xc2, FormatTrue: 0xc3,
	FormatBin8: 0xc4, FormatBin16: 0xc5, FormatBin32: 0xc6,
	FormatExt8: 0xc7, FormatExt16: 0xc8, FormatExt32: 0xc9,
	FormatFloat32: 0xca, FormatFloat64: 0xcb,
	FormatUint8: 0xcc, FormatUint16: 0xcd, FormatUint32: 0xce, FormatUint64: 0xcf,
	FormatInt8: 0xd0, FormatInt16: 0xd1, FormatInt32: 0xd2, FormatInt64: 0xd3,
	FormatFixExt1: 0xd4, FormatFixExt2: 0xd5, FormatFixExt4: 0xd6, FormatFixExt8: 0xd7, FormatFixExt16: 0xd8,
	FormatStr8: 0xd9, FormatStr16: 0xda, FormatStr32: 0xdb,
	FormatArray16: 0xdc, FormatArray32: 0xdd, FormatMap16: 0xde, FormatMap32: 0xdf,
}

// argSizes is the size in bytes of the big-endian argument after the marker.
var argSizes = [...]int{
	FormatBin8: 1, FormatBin16: 2, FormatBin32: 4,
	FormatExt8: 1, FormatExt16: 2, FormatExt32: 4,
	FormatFloat32: 4, FormatFloat64: 8,
	FormatUint8: 1, FormatUint16: 2, FormatUint32: 4, FormatUint64: 8,
	FormatInt8: 1, FormatInt16: 2, FormatInt32: 4, FormatInt64: 8,
	FormatStr8: 1, FormatStr16: 2, FormatStr32: 4,
	FormatArray16: 2, FormatArray32: 4, FormatMap16: 2, FormatMap32: 4,
}

// appendHead appends the header of format f with argument arg (and ext type
// for ext formats). It fails if arg does not fit in f.
func appendHead(dst []byte, f Format, arg uint64, ext int8) ([]byte, error) {
	bad := func() ([]byte, error) {
		if f.IsSigned() {
			return dst, fmt.Errorf("msgpack: %d does not fit in %v", int64(arg), f)
		}
		return dst, fmt.Errorf("msgpack: %d does not fit in %v", arg, f)
	}
	switch f {
	case FormatPosFixint:
		if arg > 0x7f {
			return bad()
		}
		return append(dst, byte(arg)), nil
	case FormatNegFixint:
		if v := int64(arg); v < -32 || v > -1 {
			return bad()
		}
		return append(dst, byte(arg)), nil
	case FormatFixMap, FormatFixArray, FormatFixStr:
		max, m := uint64(15), byte(0x80)
		if f == FormatFixArray {
			m = 0x90
		} else if f == FormatFixStr {
			max, m = 31, 0xa0
		}
		if arg > max {
			return bad()
		}
		return append(dst, m|byte(arg)), nil
	case FormatNil, FormatFalse, FormatTrue:
		return append(dst, markers[f]), nil
	case FormatFixExt1, FormatFixExt2, FormatFixExt4, FormatFixExt8, FormatFixExt16:
		if want := uint64(1) << (f - FormatFixExt1); arg != want {
			return dst, fmt.Errorf("msgpack: %v needs %d data bytes, got %d", f, want, arg)
		}
		return append(dst, markers[f], byte(ext)), nil
	case FormatInvalid:
		return dst, fmt.Errorf("msgpack: cannot encode %v", f)
	}
	if int(f) >= len(argSizes) {
		return dst, fmt.Errorf("msgpack: cannot encode %v", f)
	}
	size := argSizes[f]
	if f.IsSigned() {
		if v, bits := int64(arg), uint(8*size-1); size < 8 && (v < -1<<bits || v >= 1<<bits) {
			return bad()
		}
	} else if size < 8 && arg >= 1<<(8*size) {
		return bad()
	}
	dst = append(dst, markers[f])
	switch size {
	case 1:
		dst = append(dst, byte(arg))
	case 2:
		dst = binary.BigEndian.AppendUint16(dst, uint16(arg))
	case 4:
		dst = binary.BigEndian.AppendUint32(dst, uint32(arg))
	case 8:
		dst = binary.BigEndian.AppendUint64(dst, arg)
	}
	if f.IsExt() {
		dst = append(dst, byte(ext))
	}
	return dst, nil
}

// Canonical format choices, as made by rmp (rmp/src/encode): the smallest
// representation of the value or length.

// UintFormat returns the format rmp's write_uint chooses for v.
func UintFormat(v uint64) Format {
	switch {
	case v < 128:
		return FormatPosFixint
	case v < 1<<8:
		return FormatUint8
	case v < 1<<16:
		return FormatUint16
	case v < 1<<32:
		return FormatUint32
	}
	return FormatUint64
}

// IntFormat returns the format rmp's write_sint chooses for v (non-negative
// values use the unsigned formats).
func IntFormat(v int64) Format {
	switch {
	case v >= 0:
		return UintFormat(uint64(v))
	case v >= -32:
		return FormatNegFixint
	case v >= -1<<7:
		return FormatInt8
	case v >= -1<<15:
		return FormatInt16
	case v >= -1<<31:
		return FormatInt32
	}
	return FormatInt64
}

func lenFormat(n uint64, fix uint64, fixF, f8, f16, f32 Format) Format {
	switch {
	case n <= fix && fixF != FormatInvalid:
		return fixF
	case n < 1<<8 && f8 != FormatInvalid:
		return f8
	case n < 1<<16:
		return f16
	}
	return f32
}

// StrFormat returns the format rmp's write_str chooses for a string of n bytes.
func StrFormat(n int) Format {
	return lenFormat(uint64(n), 31, FormatFixStr, FormatStr8, FormatStr16, FormatStr32)
}

// BinFormat returns the format rmp's write_bin chooses for n bytes.
func BinFormat(n int) Format {
	return lenFormat(uint64(n), 0, FormatInvalid, FormatBin8, FormatBin16, FormatBin32)
}

// ArrayFormat returns the format rmp's write_array_len chooses for n items.
func ArrayFormat(n int) Format {
	return lenFormat(uint64(n), 15, FormatFixArray, FormatInvalid, FormatArray16, FormatArray32)
}

// MapFormat returns the format rmp's write_map_len chooses for n pairs.
func MapFormat(n int) Format {
	return lenFormat(uint64(n), 15, FormatFixMap, FormatInvalid, FormatMap16, FormatMap32)
}

// ExtFormat returns the format rmp's write_ext_meta chooses for n data bytes.
func ExtFormat(n int) Format {
	switch n {
	case 1, 2, 4, 8, 16:
		f := FormatFixExt1
		for k := 1; k < n; k <<= 1 {
			f++
		}
		return f
	}
	return lenFormat(uint64(n), 0, FormatInvalid, FormatExt8, FormatExt16, FormatExt32)
}
