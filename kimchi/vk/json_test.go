package vk

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zkml-mina/zkml/internal/oracle"
)

func TestVerificationKeyRoundTrip(t *testing.T) {
	dir := filepath.Join(oracle.SharedDir(t), "o1js-vectors")
	for _, name := range []string{"tiny_vk.txt", "vk-12.txt"} {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			want := strings.TrimSpace(string(raw))
			vi, err := DecodeString(want)
			if err != nil {
				t.Fatal(err)
			}
			if vi.MaxPolySize != 1<<16 || vi.ZkRows != 3 || vi.Public != 1 {
				t.Errorf("max_poly_size %d zk_rows %d public %d", vi.MaxPolySize, vi.ZkRows, vi.Public)
			}
			got, err := EncodeString(vi)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("re-encoded key differs (%d vs %d chars)", len(got), len(want))
			}
		})
	}
}

func TestProofJSONRoundTrip(t *testing.T) {
	dir := filepath.Join(oracle.SharedDir(t), "o1js-vectors")
	for _, name := range []string{"tiny_proof.json", "proof-12.json"} {
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			p, pub, err := DecodeProof(raw)
			if err != nil {
				t.Fatal(err)
			}
			if len(pub) != 1 || len(p.Proof.LR) != 16 {
				t.Errorf("%d public inputs, %d IPA rounds", len(pub), len(p.Proof.LR))
			}
			got, err := EncodeProof(p, pub)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, bytes.TrimSpace(raw)) {
				t.Errorf("re-encoded proof differs")
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"empty", ""},
		{"not base64", "!!!"},
		{"not json", "bm90IGpzb24="},
		{"unknown field", "eyJmb28iOjF9"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := DecodeString(tc.in); err == nil {
				t.Error("accepted")
			}
		})
	}
	for _, in := range []string{`{}`, `{"proof":"!!","publicInputFields":[]}`, `{"proof":"","publicInputFields":["x"]}`} {
		if _, _, err := DecodeProof([]byte(in)); err == nil {
			t.Errorf("proof %q accepted", in)
		}
	}
}
