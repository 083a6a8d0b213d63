package verifierkey

import (
	"encoding/base64"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"encoding/json"
)

func readKey(t *testing.T, name string) *Key {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	var k Key
	if err := json.Unmarshal(b, &k); err != nil {
		t.Fatal(err)
	}
	return &k
}

// TestDummyKey: o1js 2.15.0's VerificationKey.dummy() decodes to 1,796
// bytes and hashes to the published value.
func TestDummyKey(t *testing.T) {
	k := readKey(t, "dummy.json")
	if k.Hash != DummyHash {
		t.Fatalf("fixture hash %s", k.Hash)
	}
	raw, _ := base64.StdEncoding.DecodeString(k.Data)
	if len(raw) != 1796 {
		t.Fatalf("dummy key is %d bytes", len(raw))
	}
	sl, err := k.Check()
	if err != nil {
		t.Fatal(err)
	}
	if sl.MaxProofsVerified != 2 || sl.ActualWrapDomainSize != 2 {
		t.Errorf("header %d %d", sl.MaxProofsVerified, sl.ActualWrapDomainSize)
	}
}

// TestGeneratedKeys checks every key in testdata/generated*.json (written by
// `zkml vk` from generated projects).
func TestGeneratedKeys(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "generated*.json"))
	for _, f := range files {
		vf, err := ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, k := range append([]Key{vf.Key}, vf.Chunks...) {
			if _, err := k.Check(); err != nil {
				t.Errorf("%s key %d: %v", f, i, err)
			}
		}
	}
}

func TestCorruptKeysRejected(t *testing.T) {
	k := readKey(t, "dummy.json")
	raw, _ := base64.StdEncoding.DecodeString(k.Data)
	mutate := func(f func(b []byte) []byte) *Key {
		b := f(append([]byte(nil), raw...))
		return &Key{Data: base64.StdEncoding.EncodeToString(b), Hash: k.Hash}
	}
	cases := map[string]struct {
		key  *Key
		want string
	}{
		"flipped y":     {mutate(func(b []byte) []byte { b[2+40] ^= 1; return b }), "not on Pallas"},
		"truncated":     {mutate(func(b []byte) []byte { return b[:len(b)-1] }), "bytes, want 1796"},
		"bad tag":       {mutate(func(b []byte) []byte { b[0] = 3; return b }), "max_proofs_verified"},
		"bad separator": {mutate(func(b []byte) []byte { b[2+7*64] = 1; return b }), "want 0x00"},
		"wrong hash":    {&Key{Data: k.Data, Hash: "12345"}, "hash mismatch"},
		"header change": {mutate(func(b []byte) []byte { b[0] = 1; return b }), "hash mismatch"},
		"not base64":    {&Key{Data: "@@@", Hash: k.Hash}, "base64"},
		"x not canonical": {mutate(func(b []byte) []byte {
			for i := 2; i < 34; i++ {
				b[i] = 0xff
			}
			return b
		}), "canonical"},
	}
	for name, c := range cases {
		_, err := c.key.Check()
		var ke *Error
		if err == nil || !errors.As(err, &ke) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want an error containing %q", name, err, c.want)
		}
	}
}
