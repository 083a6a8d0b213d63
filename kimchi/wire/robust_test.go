package wire

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"testing"
)

// smallFixtures returns the two smallest fixtures (one without lookups, one
// with), to keep the exhaustive tests fast.
func smallFixtures(t testing.TB) []namedFile {
	var out []namedFile
	for _, f := range fixtureFiles(t) {
		if f.name == "ec_test.bin" || f.name == "test_runtime_table.bin" {
			out = append(out, f)
		}
	}
	if len(out) != 2 {
		t.Fatalf("found %d of the 2 small fixtures", len(out))
	}
	return out
}

// innerBytes extracts proof_bytes and verifier_index_bytes of a fixture.
func innerBytes(t testing.TB, data []byte) (proof, index []byte) {
	t.Helper()
	fx, err := DecodeFixture(data)
	if err != nil {
		t.Fatal(err)
	}
	return fx.Proof.Encode(), fx.VerifierIndex.Encode()
}

func TestTruncationFails(t *testing.T) {
	for _, f := range smallFixtures(t) {
		proof, index := innerBytes(t, f.data)
		decoders := []struct {
			name   string
			data   []byte
			decode func([]byte) error
		}{
			{"fixture", f.data, func(b []byte) error { _, err := DecodeFixture(b); return err }},
			{"proof", proof, func(b []byte) error { _, err := DecodeProof(b); return err }},
			{"verifier index", index, func(b []byte) error { _, err := DecodeVerifierIndex(b); return err }},
			{"value", f.data, func(b []byte) error { _, err := DecodeValue(b); return err }},
		}
		for _, dc := range decoders {
			t.Run(f.name+"/"+dc.name, func(t *testing.T) {
				// Every prefix of the proof and index, every 7th of the fixture.
				step := 1
				if dc.name == "fixture" || dc.name == "value" {
					step = 7
				}
				for n := 0; n < len(dc.data); n += step {
					if err := dc.decode(dc.data[:n]); err == nil {
						t.Fatalf("decoding %d of %d bytes succeeded", n, len(dc.data))
					}
				}
				if err := dc.decode(dc.data); err != nil {
					t.Fatalf("decoding the whole input failed: %v", err)
				}
			})
		}
	}
}

func TestTruncatedSRSFails(t *testing.T) {
	data := readSRSFile(t, "vesta.srs")
	for _, n := range []int{0, 1, 5, 6, 40, 41, len(data) / 2, len(data) - 36, len(data) - 35, len(data) - 1} {
		if _, err := DecodeSRS(data[:n]); err == nil {
			t.Errorf("decoding %d bytes succeeded", n)
		}
	}
}

// TestByteFlips flips random bytes: decoding must never panic, and whatever
// still decodes must re-encode to the mutated bytes.
func TestByteFlips(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, f := range smallFixtures(t) {
		t.Run(f.name, func(t *testing.T) {
			accepted, rejected := 0, 0
			buf := make([]byte, len(f.data))
			for i := 0; i < 3000; i++ {
				copy(buf, f.data)
				for k := 0; k <= i%3; k++ {
					buf[rng.IntN(len(buf))] ^= byte(1 + rng.IntN(255))
				}
				fx, err := DecodeFixture(buf)
				if err != nil {
					rejected++
					continue
				}
				accepted++
				if !bytes.Equal(fx.Encode(), buf) {
					t.Fatalf("flip %d: accepted input does not re-encode identically", i)
				}
			}
			t.Logf("%d mutants accepted (payload bytes), %d rejected", accepted, rejected)
			if rejected == 0 {
				t.Error("no mutant was rejected")
			}
		})
	}
}

// TestForgedLengths checks that huge announced lengths fail fast as
// truncation instead of allocating.
func TestForgedLengths(t *testing.T) {
	tests := []struct {
		name   string
		hex    string
		decode func([]byte) error
	}{
		{"fixture array32", "dd7fffffff", func(b []byte) error { _, err := DecodeFixture(b); return err }},
		{"proof_bytes array32", "96dd7fffffff00", func(b []byte) error { _, err := DecodeFixture(b); return err }},
		{"srs g array32", "92ddffffffff", func(b []byte) error { _, err := DecodeSRS(b); return err }},
		{"proof w_comm chunks", "95949f91ddffffffff", func(b []byte) error { _, err := DecodeProof(b); return err }},
		{"index domain bin32", "dc0015c6ffffffff", func(b []byte) error { _, err := DecodeVerifierIndex(b); return err }},
		{"value map32", "df7fffffff0101", func(b []byte) error { _, err := DecodeValue(b); return err }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.decode(mustHex(t, tc.hex))
			if !errors.Is(err, ErrTruncated) {
				t.Errorf("got %v, want %v", err, ErrTruncated)
			}
		})
	}
}

// TestNonCanonicalRejected re-encodes one field of a fixture in a wider
// format: the generic layer keeps it, the typed decoder refuses it.
func TestNonCanonicalRejected(t *testing.T) {
	f := smallFixtures(t)[0]
	v, err := DecodeValue(f.data)
	if err != nil {
		t.Fatal(err)
	}
	small := 0 // a proof byte below 128, encoded as a positive fixint
	for small < len(v.Items[0].Items) && v.Items[0].Items[small].Format != FormatPosFixint {
		small++
	}
	tests := []struct {
		name   string
		mutate func(v *Value)
	}{
		{"num_public_inputs as uint16", func(v *Value) { v.Items[3].Format = FormatUint16 }},
		{"feature_flags as array16", func(v *Value) { v.Items[4].Format = FormatArray16 }},
		{"proof byte as uint8", func(v *Value) { v.Items[0].Items[small].Format = FormatUint8 }},
		{"proof byte as int8", func(v *Value) {
			v.Items[0].Items[small] = Value{Format: FormatInt8, Int: int64(v.Items[0].Items[small].Uint)}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := v
			m.Items = append([]Value{}, v.Items...)
			m.Items[0].Items = append([]Value{}, v.Items[0].Items...)
			tc.mutate(&m)
			b, err := EncodeValue(m)
			if err != nil {
				t.Fatal(err)
			}
			if back, err := DecodeValue(b); err != nil || back.Items[3].Format != m.Items[3].Format {
				t.Fatalf("generic layer lost the format: %v", err)
			}
			if _, err := DecodeFixture(b); !errors.Is(err, ErrNonCanonical) {
				t.Errorf("got %v, want %v", err, ErrNonCanonical)
			}
		})
	}
}

func TestPointValidation(t *testing.T) {
	x := make([]byte, 32)
	x[0] = 7
	pt := func(x []byte, flags byte) []byte { return append(append([]byte{0xc4, 33}, x...), flags) }
	tests := []struct {
		name string
		in   []byte
		ok   bool
	}{
		{"y positive", pt(x, 0x00), true},
		{"y negative", pt(x, 0x80), true},
		{"infinity", pt(make([]byte, 32), 0x40), true},
		{"infinity with x", pt(x, 0x40), false},
		{"both flags", pt(x, 0xc0), false},
		{"low bits in flags byte", pt(x, 0x01), false},
		{"x over 255 bits", pt(append(make([]byte, 31), 0x80), 0), false},
		{"32 bytes", append([]byte{0xc4, 32}, x...), false},
		{"str instead of bin", append([]byte{0xd9, 33}, pt(x, 0)[2:]...), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := &decoder{b: tc.in}
			_, err := d.point("p")
			if (err == nil) != tc.ok {
				t.Errorf("err = %v, want ok=%v", err, tc.ok)
			}
		})
	}
}

func TestErrorContext(t *testing.T) {
	f := smallFixtures(t)[0]
	proof, _ := innerBytes(t, f.data)
	// Cut the proof inside the evaluations: the error names the field.
	_, err := DecodeProof(proof[:len(proof)-200])
	if err == nil {
		t.Fatal("truncated proof decoded")
	}
	for _, want := range []string{"decode proof", "evals", "offset"} {
		if !bytes.Contains([]byte(err.Error()), []byte(want)) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}
