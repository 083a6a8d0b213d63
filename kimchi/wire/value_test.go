package wire

import (
	"bytes"
	"encoding/hex"
	"errors"
	"math"
	"strings"
	"testing"
)

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestValueFormats decodes one encoding of each format, checks the
// recorded format and content, and that re-encoding is byte-identical
// (including non-canonical choices such as uint16 for 1).
func TestValueFormats(t *testing.T) {
	tests := []struct {
		hex    string
		format Format
		check  func(Value) bool
	}{
		{"00", FormatPosFixint, func(v Value) bool { return v.Uint == 0 }},
		{"7f", FormatPosFixint, func(v Value) bool { return v.Uint == 127 }},
		{"ff", FormatNegFixint, func(v Value) bool { return v.Int == -1 }},
		{"e0", FormatNegFixint, func(v Value) bool { return v.Int == -32 }},
		{"cc 80", FormatUint8, func(v Value) bool { return v.Uint == 128 }},
		{"cc 01", FormatUint8, func(v Value) bool { return v.Uint == 1 }},
		{"cd 0001", FormatUint16, func(v Value) bool { return v.Uint == 1 }},
		{"ce 00010000", FormatUint32, func(v Value) bool { return v.Uint == 65536 }},
		{"cf ffffffffffffffff", FormatUint64, func(v Value) bool { return v.Uint == math.MaxUint64 }},
		{"d0 80", FormatInt8, func(v Value) bool { return v.Int == -128 }},
		{"d0 05", FormatInt8, func(v Value) bool { return v.Int == 5 }},
		{"d1 8000", FormatInt16, func(v Value) bool { return v.Int == math.MinInt16 }},
		{"d2 80000000", FormatInt32, func(v Value) bool { return v.Int == math.MinInt32 }},
		{"d3 8000000000000000", FormatInt64, func(v Value) bool { return v.Int == math.MinInt64 }},
		{"c0", FormatNil, nil},
		{"c2", FormatFalse, nil},
		{"c3", FormatTrue, nil},
		{"ca 3fc00000", FormatFloat32, func(v Value) bool { return math.Float32frombits(uint32(v.Uint)) == 1.5 }},
		{"ca 7f800001", FormatFloat32, func(v Value) bool { return v.Uint == 0x7f800001 }}, // signalling NaN kept bit-exact
		{"cb 3ff8000000000000", FormatFloat64, func(v Value) bool { return math.Float64frombits(v.Uint) == 1.5 }},
		{"a3 616263", FormatFixStr, func(v Value) bool { return string(v.Bytes) == "abc" }},
		{"d9 03 616263", FormatStr8, func(v Value) bool { return string(v.Bytes) == "abc" }},
		{"da 0000", FormatStr16, func(v Value) bool { return len(v.Bytes) == 0 }},
		{"db 00000001 7a", FormatStr32, func(v Value) bool { return string(v.Bytes) == "z" }},
		{"c4 02 0102", FormatBin8, func(v Value) bool { return bytes.Equal(v.Bytes, []byte{1, 2}) }},
		{"c5 0001 ff", FormatBin16, func(v Value) bool { return v.Bytes[0] == 0xff }},
		{"c6 00000000", FormatBin32, func(v Value) bool { return len(v.Bytes) == 0 }},
		{"92 01 c0", FormatFixArray, func(v Value) bool { return len(v.Items) == 2 }},
		{"dc 0001 01", FormatArray16, func(v Value) bool { return len(v.Items) == 1 }},
		{"dd 00000000", FormatArray32, func(v Value) bool { return len(v.Items) == 0 }},
		{"81 a1 61 01", FormatFixMap, func(v Value) bool { return len(v.Items) == 2 && v.Items[1].Uint == 1 }},
		{"de 0001 01 02", FormatMap16, func(v Value) bool { return len(v.Items) == 2 }},
		{"df 00000000", FormatMap32, func(v Value) bool { return len(v.Items) == 0 }},
		{"d4 05 aa", FormatFixExt1, func(v Value) bool { return v.ExtType == 5 && v.Bytes[0] == 0xaa }},
		{"d5 ff aabb", FormatFixExt2, func(v Value) bool { return v.ExtType == -1 }},
		{"d6 01 00000000", FormatFixExt4, nil},
		{"d7 01 0000000000000000", FormatFixExt8, nil},
		{"d8 01 00000000000000000000000000000000", FormatFixExt16, nil},
		{"c7 03 07 010203", FormatExt8, func(v Value) bool { return v.ExtType == 7 && len(v.Bytes) == 3 }},
		{"c8 0001 07 01", FormatExt16, nil},
		{"c9 00000000 07", FormatExt32, nil},
	}
	for _, tc := range tests {
		t.Run(tc.hex, func(t *testing.T) {
			in := mustHex(t, tc.hex)
			v, err := DecodeValue(in)
			if err != nil {
				t.Fatal(err)
			}
			if v.Format != tc.format {
				t.Errorf("format %v, want %v", v.Format, tc.format)
			}
			if tc.check != nil && !tc.check(v) {
				t.Errorf("unexpected content %+v", v)
			}
			out, err := EncodeValue(v)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out, in) {
				t.Errorf("re-encoded %x, want %x", out, in)
			}
		})
	}
}

func TestValueDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		hex  string
		want error
	}{
		{"empty", "", ErrTruncated},
		{"reserved marker", "c1", ErrReserved},
		{"short uint16", "cd 01", ErrTruncated},
		{"short str", "a3 6162", ErrTruncated},
		{"bin32 length beyond input", "c6 ffffffff 00", ErrTruncated},
		{"array32 count beyond input", "dd ffffffff 00", ErrTruncated},
		{"map16 count beyond input", "de 0002 01 02 03", ErrTruncated},
		{"ext missing type", "c7 01", ErrTruncated},
		{"trailing bytes", "01 02", ErrTrailing},
		{"too deep", strings.Repeat("91", MaxDepth+1) + "c0", ErrTooDeep},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeValue(mustHex(t, tc.hex))
			if !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
}

// TestCanonicalFormats checks rmp's smallest-representation choices at the
// boundaries of each size class.
func TestCanonicalFormats(t *testing.T) {
	tests := []struct {
		name string
		v    Value
		hex  string
	}{
		{"uint 127", Uint(127), "7f"},
		{"uint 128", Uint(128), "cc80"},
		{"uint 255", Uint(255), "ccff"},
		{"uint 256", Uint(256), "cd0100"},
		{"uint 65535", Uint(65535), "cdffff"},
		{"uint 65536", Uint(65536), "ce00010000"},
		{"uint 2^32", Uint(1 << 32), "cf0000000100000000"},
		{"int 5 uses unsigned", Int(5), "05"},
		{"int 200 uses uint8", Int(200), "ccc8"},
		{"int -1", Int(-1), "ff"},
		{"int -32", Int(-32), "e0"},
		{"int -33", Int(-33), "d0df"},
		{"int -129", Int(-129), "d1ff7f"},
		{"int -32769", Int(-32769), "d2ffff7fff"},
		{"int min", Int(math.MinInt64), "d38000000000000000"},
		{"nil", Nil(), "c0"},
		{"bool", Bool(true), "c3"},
		{"float32", Float32(1.5), "ca3fc00000"},
		{"float64", Float64(1.5), "cb3ff8000000000000"},
		{"str 31", Str(strings.Repeat("a", 31)), "bf" + strings.Repeat("61", 31)},
		{"str 32", Str(strings.Repeat("a", 32)), "d920" + strings.Repeat("61", 32)},
		{"bin 0", Bin(nil), "c400"},
		{"bin 33", Bin(make([]byte, 33)), "c421" + strings.Repeat("00", 33)},
		{"bin 256", Bin(make([]byte, 256)), "c50100" + strings.Repeat("00", 256)},
		{"array 15", Array(zeros(15)...), "9f" + strings.Repeat("00", 15)},
		{"array 16", Array(zeros(16)...), "dc0010" + strings.Repeat("00", 16)},
		{"map 16", Map(zeros(32)...), "de0010" + strings.Repeat("00", 32)},
		{"byte seq 16", ByteSeq(make([]byte, 16)), "dc0010" + strings.Repeat("00", 16)},
		{"byte seq high", ByteSeq([]byte{0x7f, 0x80}), "927fcc80"},
		{"map 1", Map(Str("a"), Uint(1)), "81a16101"},
		{"ext 4", Ext(1, make([]byte, 4)), "d60100000000"},
		{"ext 3", Ext(1, make([]byte, 3)), "c70301000000"},
		{"canonicalize", Value{Format: FormatArray32, Items: []Value{{Format: FormatUint64, Uint: 3}, {Format: FormatInt16, Int: 7}, {Format: FormatBin32}}}.Canonical(), "930307c400"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := EncodeValue(tc.v)
			if err != nil {
				t.Fatal(err)
			}
			if want := mustHex(t, tc.hex); !bytes.Equal(got, want) {
				t.Errorf("got %x, want %x", got, want)
			}
		})
	}
}

func TestEncodeValueRejectsMisfit(t *testing.T) {
	tests := []Value{
		{Format: FormatPosFixint, Uint: 128},
		{Format: FormatNegFixint, Int: -33},
		{Format: FormatNegFixint, Int: 0},
		{Format: FormatUint8, Uint: 256},
		{Format: FormatInt8, Int: 128},
		{Format: FormatInt16, Int: -40000},
		{Format: FormatFixStr, Bytes: make([]byte, 32)},
		{Format: FormatFixArray, Items: make([]Value, 16)},
		{Format: FormatFixMap, Items: make([]Value, 3)},
		{Format: FormatFixExt2, Bytes: make([]byte, 3)},
		{Format: FormatInvalid},
		{Format: Format(200)},
	}
	for _, v := range tests {
		t.Run(v.Format.String(), func(t *testing.T) {
			if _, err := EncodeValue(v); err == nil {
				t.Errorf("encoding %+v succeeded", v)
			}
		})
	}
}

// TestFixturesGenericRoundTrip runs every fixture, and the proof and
// verifier index nested in it, through the generic value layer.
func TestFixturesGenericRoundTrip(t *testing.T) {
	for _, f := range fixtureFiles(t) {
		v, err := DecodeValue(f.data)
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		out, err := EncodeValue(v)
		if err != nil || !bytes.Equal(out, f.data) {
			t.Fatalf("%s: generic re-encoding differs (err %v)", f.name, err)
		}
		if c, _ := EncodeValue(v.Canonical()); !bytes.Equal(c, f.data) {
			t.Errorf("%s: fixture is not in rmp's canonical form", f.name)
		}
		for i := 0; i < 2; i++ {
			inner := make([]byte, len(v.Items[i].Items))
			for j, it := range v.Items[i].Items {
				inner[j] = byte(it.Uint)
			}
			iv, err := DecodeValue(inner)
			if err != nil {
				t.Fatalf("%s: item %d: %v", f.name, i, err)
			}
			if c, _ := EncodeValue(iv.Canonical()); !bytes.Equal(c, inner) {
				t.Errorf("%s: item %d is not in rmp's canonical form", f.name, i)
			}
		}
	}
}

func zeros(n int) []Value {
	v := make([]Value, n)
	for i := range v {
		v[i] = Uint(0)
	}
	return v
}
