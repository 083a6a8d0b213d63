package prover

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/verifier"
	"github.com/zkml-mina/zkml/kimchi/vk"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// TestRangeCheckO1js compares, for o1js's rangeCheck64/multiRangeCheck
// ZkFunction: the verifier index (byte for byte), o1js's proof verified by
// Go, and Go's proof (genuine and with the lookup argument tampered)
// verified by o1js. It takes minutes (o1js compiles and proves a 2^13
// circuit), so it runs with ZKML_E2E=1 only.
func TestRangeCheckO1js(t *testing.T) {
	if os.Getenv("ZKML_E2E") == "" {
		t.Skip("set ZKML_E2E=1 to run the o1js range-check round trip")
	}
	oracle.RequireNode(t)
	s := loadSRS(t)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	var out struct {
		VK    string          `json:"vk"`
		Proof json.RawMessage `json:"proof"`
	}
	req := map[string]any{"cmd": "prove", "circuit": "rangecheck", "public": "7", "private": "5"}
	if err := oracle.Run(ctx, "o1js-kimchi.mjs", req, &out); err != nil {
		t.Fatal(err)
	}
	c := rangeCheckCircuit(t)
	ix, err := NewIndex(c, s, testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	ours, err := vk.EncodeString(ix.VerifierIndex())
	if err != nil {
		t.Fatal(err)
	}
	if ours != out.VK {
		t.Errorf("verifier index differs from o1js's")
	}
	// Go verifies o1js's proof (flags from our index: o1js's text form
	// does not carry them).
	vi, err := vk.DecodeString(out.VK)
	if err != nil {
		t.Fatal(err)
	}
	op, opub, err := vk.DecodeProof(out.Proof)
	if err != nil {
		t.Fatal(err)
	}
	vix, err := verifier.NewIndex(vi, ix.FeatureFlags(), nil, &verifier.SRS{Vesta: s})
	if err != nil {
		t.Fatal(err)
	}
	if err := verifier.Verify(vix, op, opub); err != nil {
		t.Errorf("Go rejects o1js's range-check proof: %v", err)
	}
	for name, f := range lookupTamperings(op) {
		q, err := wire.DecodeProof(op.Encode())
		if err != nil {
			t.Fatal(err)
		}
		f(q)
		if err := verifier.Verify(vix, q, opub); err == nil {
			t.Errorf("%s: tampered o1js proof accepted", name)
		}
	}

	// o1js verifies Go's proof; tampered lookup parts are rejected.
	p, pub := proveSolved(t, ix, c, []fp.Element{felt(7)}, []fp.Element{felt(5)})
	names := []string{"genuine"}
	pj, err := vk.EncodeProof(p, pub)
	if err != nil {
		t.Fatal(err)
	}
	items := []verifyItem{{ours, pj}}
	for name, f := range lookupTamperings(p) {
		q := cloneProof(p)
		f(q)
		j, err := vk.EncodeProof(q, pub)
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, name)
		items = append(items, verifyItem{ours, j})
	}
	var res struct {
		Results []bool   `json:"results"`
		Errors  []string `json:"errors"`
	}
	if err := oracle.Run(ctx, "o1js-kimchi.mjs", map[string]any{"cmd": "verify", "items": items}, &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Results) != len(items) {
		t.Fatalf("%d results for %d items", len(res.Results), len(items))
	}
	for i, name := range names {
		if want := i == 0; res.Results[i] != want {
			t.Errorf("%s: o1js verify = %v, want %v (%s)", name, res.Results[i], want, res.Errors[i])
		}
	}
}
