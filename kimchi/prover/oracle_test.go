package prover

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/verifier"
	"github.com/zkml-mina/zkml/kimchi/vk"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

type verifyItem struct {
	VK    string          `json:"vk"`
	Proof json.RawMessage `json:"proof"`
}

// tamperings returns named copies of a proof with one value changed.
func tamperings(p *wire.ProverProof, pub []wire.Scalar) map[string]func() (*wire.ProverProof, []wire.Scalar) {
	clone := func() *wire.ProverProof {
		q, err := wire.DecodeProof(p.Encode())
		if err != nil {
			panic(err)
		}
		return q
	}
	return map[string]func() (*wire.ProverProof, []wire.Scalar){
		"w_comm swapped": func() (*wire.ProverProof, []wire.Scalar) {
			q := clone()
			q.Commitments.WComm[0], q.Commitments.WComm[1] = q.Commitments.WComm[1], q.Commitments.WComm[0]
			return q, pub
		},
		"t_comm swapped": func() (*wire.ProverProof, []wire.Scalar) {
			q := clone()
			q.Commitments.TComm.Chunks[0] = q.Commitments.ZComm.Chunks[0]
			return q, pub
		},
		"evaluation w0": func() (*wire.ProverProof, []wire.Scalar) {
			q := clone()
			q.Evals.W[0].Zeta[0][0] ^= 1
			return q, pub
		},
		"ft_eval1": func() (*wire.ProverProof, []wire.Scalar) {
			q := clone()
			q.FtEval1[0] ^= 1
			return q, pub
		},
		"public input": func() (*wire.ProverProof, []wire.Scalar) {
			pp := append([]wire.Scalar(nil), pub...)
			pp[0][0] ^= 1
			return clone(), pp
		},
	}
}

// TestO1jsVerifiesGoProofs has o1js verify our proof of the tiny circuit
// and reject tampered copies, once with o1js's 2^16 SRS and once with an SRS
// of the domain's size (8 points: max_poly_size 8, three IPA rounds).
func TestO1jsVerifiesGoProofs(t *testing.T) {
	oracle.RequireNode(t)
	c := tinyCircuit(t)
	full := loadSRS(t)
	var names []string
	var items []verifyItem
	for _, depth := range []int{len(full.G), c.DomainSize()} {
		s, err := full.Prefix(depth)
		if err != nil {
			t.Fatal(err)
		}
		ix, p, pub := proveAndVerifyWith(t, s, c, []fp.Element{felt(81)}, []fp.Element{felt(3)})
		key, err := vk.EncodeString(ix.VerifierIndex())
		if err != nil {
			t.Fatal(err)
		}
		proofJSON, err := vk.EncodeProof(p, pub)
		if err != nil {
			t.Fatal(err)
		}
		prefix := fmt.Sprintf("SRS %d: ", depth)
		names = append(names, prefix+"genuine")
		items = append(items, verifyItem{key, proofJSON})
		for name, f := range tamperings(p, pub) {
			q, qp := f()
			j, err := vk.EncodeProof(q, qp)
			if err != nil {
				t.Fatal(err)
			}
			names = append(names, prefix+name)
			items = append(items, verifyItem{key, j})
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	var out struct {
		Results []bool   `json:"results"`
		Errors  []string `json:"errors"`
	}
	if err := oracle.Run(ctx, "o1js-kimchi.mjs", map[string]any{"cmd": "verify", "items": items}, &out); err != nil {
		t.Fatal(err)
	}
	if len(out.Results) != len(items) {
		t.Fatalf("%d results for %d items", len(out.Results), len(items))
	}
	for i, name := range names {
		want := strings.HasSuffix(name, "genuine")
		if out.Results[i] != want {
			t.Errorf("%s: o1js verify = %v, want %v (%s)", name, out.Results[i], want, out.Errors[i])
		}
	}
}

func TestGoVerifiesO1jsProofs(t *testing.T) {
	oracle.RequireNode(t)
	s := loadSRS(t)
	for _, tc := range []struct {
		name            string
		req             map[string]any
		build           func(testing.TB) *Index
		public, private int64
	}{
		{"tiny", map[string]any{"cmd": "prove", "circuit": "tiny", "public": "81", "private": "3"}, nil, 81, 3},
		{"chain-100", map[string]any{"cmd": "prove", "circuit": "chain", "reps": 100, "public": "0", "private": "5"}, nil, 0, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			// chain: compute the public output in Go first.
			c := tinyCircuit(t)
			if tc.req["circuit"] == "chain" {
				c = chainCircuit(t, tc.req["reps"].(int))
				x := felt(tc.private)
				seven := felt(7)
				for range tc.req["reps"].(int) {
					x.Mul(&x, &x)
					x.Add(&x, &seven)
				}
				tc.req["public"] = x.String()
			}
			var out struct {
				VK    string          `json:"vk"`
				Proof json.RawMessage `json:"proof"`
			}
			if err := oracle.Run(ctx, "o1js-kimchi.mjs", tc.req, &out); err != nil {
				t.Fatal(err)
			}
			// Same circuit with our builder: identical verifier index.
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
			vi, err := vk.DecodeString(out.VK)
			if err != nil {
				t.Fatal(err)
			}
			p, pub, err := vk.DecodeProof(out.Proof)
			if err != nil {
				t.Fatal(err)
			}
			vix, err := verifier.NewIndex(vi, &wire.FeatureFlags{}, nil, &verifier.SRS{Vesta: s})
			if err != nil {
				t.Fatal(err)
			}
			if err := verifier.Verify(vix, p, pub); err != nil {
				t.Errorf("Go rejects o1js's proof: %v", err)
			}
			for name, f := range tamperings(p, pub) {
				q, qp := f()
				if err := verifier.Verify(vix, q, qp); err == nil {
					t.Errorf("%s: tampered o1js proof accepted", name)
				}
			}
		})
	}
}
