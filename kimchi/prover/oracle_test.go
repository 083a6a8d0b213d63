package prover

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/kimchi/circuit"
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
	clone := func() *wire.ProverProof { return cloneProof(p) }
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
	var batch o1jsBatch
	for _, depth := range []int{len(full.G), c.DomainSize()} {
		s, err := full.Prefix(depth)
		if err != nil {
			t.Fatal(err)
		}
		ix, p, pub := proveAndVerifyWith(t, s, c, []fp.Element{felt(81)}, []fp.Element{felt(3)})
		batch.add(t, fmt.Sprintf("SRS %d: ", depth), ix, p, pub, tamperings(p, pub))
	}
	batch.verify(t)
}

// o1jsBatch is a list of proofs for o1js to verify in one run, each named;
// only the names ending in "genuine" must verify.
type o1jsBatch struct {
	names   []string
	items   []verifyItem
	timeout time.Duration // added to 10 minutes
}

// add queues the genuine proof p (with ix's verifier index) and each of
// its tampered copies, their names prefixed.
func (b *o1jsBatch) add(t *testing.T, prefix string, ix *Index, p *wire.ProverProof, pub []wire.Scalar,
	tampered map[string]func() (*wire.ProverProof, []wire.Scalar)) {
	t.Helper()
	key, err := vk.EncodeString(ix.VerifierIndex())
	if err != nil {
		t.Fatal(err)
	}
	queue := func(name string, q *wire.ProverProof, qp []wire.Scalar) {
		j, err := vk.EncodeProof(q, qp)
		if err != nil {
			t.Fatal(err)
		}
		b.names = append(b.names, prefix+name)
		b.items = append(b.items, verifyItem{key, j})
	}
	queue("genuine", p, pub)
	for name, f := range tampered {
		q, qp := f()
		queue(name, q, qp)
	}
}

// verify has o1js verify every item and checks that exactly the items
// whose name ends in "genuine" are accepted.
func (b *o1jsBatch) verify(t *testing.T) {
	t.Helper()
	names, items := b.names, b.items
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute+b.timeout)
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

// chunkedChainReps makes chainCircuit a little over 2^16 rows: a 2^17
// domain, two chunks with o1js's SRS.
const chunkedChainReps = 50000

// TestO1jsVerifiesChunkedGoProofs has o1js (proof-systems' verifier) check
// our chunked proofs and reject every tampered copy. The lookup circuits,
// which have no public input, are proved over an SRS of half their domain
// (max_poly_size set to it in the verifier index; o1js pairs the index with
// its 2^16 SRS, whose first points are ours). A circuit with public inputs
// needs an SRS of max_poly_size points, because proof-systems commits the
// public input over its SRS's Lagrange basis, chunked by the SRS's length:
// that case is the chain circuit on a 2^17 domain over the 2^16 SRS, what a
// model larger than 2^16 rows compiles to (with ZKML_E2E=full).
func TestO1jsVerifiesChunkedGoProofs(t *testing.T) {
	oracle.RequireNode(t)
	full := loadSRS(t)
	type tc struct {
		name         string
		c            *circuit.Circuit
		public, priv []fp.Element
		srs          int
		genuineOnly  bool // no tamperings: each o1js verify takes long
	}
	var cases []tc
	for _, lc := range lookupCases {
		if lc.name == "multirangecheck" || lc.name == "fixed-table" || lc.name == "runtime-table" {
			c := buildLookupCase(t, lc.build)
			cases = append(cases, tc{"lookup/" + lc.name, c, nil, lc.good, c.DomainSize() / 2, false})
		}
	}
	// o1js's wasm verifier took 25 minutes (23 of CPU) for one proof on a
	// 2^17 domain here, and its native backend cannot load a KimchiProof:
	// ZKML_E2E=full only, the genuine proof only.
	if os.Getenv("ZKML_E2E") != "full" {
		t.Log("the 2^17 chain case runs with ZKML_E2E=full")
	} else {
		cases = append(cases, tc{"chain", chainCircuit(t, chunkedChainReps), []fp.Element{chainOutput(5, chunkedChainReps)},
			[]fp.Element{felt(5)}, len(full.G), true})
	}
	var batch o1jsBatch
	for _, tc := range cases {
		s, err := full.Prefix(tc.srs)
		if err != nil {
			t.Fatal(err)
		}
		ix, err := NewIndex(tc.c, s, testOptions(t))
		if err != nil {
			t.Fatal(err)
		}
		p, pub := proveSolved(t, ix, tc.c, tc.public, tc.priv)
		tampered := chunkTamperings(p, pub)
		if tc.genuineOnly {
			tampered = nil
			batch.timeout += 45 * time.Minute
		}
		batch.add(t, fmt.Sprintf("%s (%d chunks of %d): ", tc.name, ix.chunks, len(s.G)), ix, p, pub, tampered)
	}
	batch.verify(t)
}

// TestChunkedIndexMatchesO1js compiles the chain circuit on 2^17 rows with
// o1js (ZkFunction over its 2^16 SRS: two chunks, five zero-knowledge rows)
// and checks that our verifier index for it is byte-identical. o1js takes
// five to nine minutes for it here: ZKML_E2E=full only.
func TestChunkedIndexMatchesO1js(t *testing.T) {
	oracle.RequireNode(t)
	if os.Getenv("ZKML_E2E") != "full" {
		t.Skip("o1js compiles a 2^17 circuit in minutes: ZKML_E2E=full")
	}
	ix, err := NewIndex(chainCircuit(t, chunkedChainReps), loadSRS(t), testOptions(t))
	if err != nil {
		t.Fatal(err)
	}
	if ix.chunks != 2 {
		t.Fatalf("%d chunks, want 2", ix.chunks)
	}
	ours, err := vk.EncodeString(ix.VerifierIndex())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	var out struct {
		VK    string `json:"vk"`
		Error string `json:"error"`
	}
	req := map[string]any{"cmd": "compile", "circuit": "chain", "reps": chunkedChainReps, "backend": "native"}
	if err := oracle.Run(ctx, "o1js-kimchi.mjs", req, &out); err != nil {
		t.Fatal(err)
	}
	if out.Error != "" {
		t.Fatalf("o1js: %s", out.Error)
	}
	if ours != out.VK {
		t.Errorf("verifier index differs from o1js's (%d and %d bytes)", len(ours), len(out.VK))
	}
}

// TestGoVerifiesO1jsProofs has o1js prove ZkFunction circuits and our
// verifier check the proofs (and reject tampered copies); the same
// circuits built with our builder give o1js's verifier index byte for
// byte. With ZKML_E2E=full also the chain on 2^17 rows, which o1js chunks
// over its 2^16 SRS (native backend: 4 min 13 s for compile, prove and
// our checks on an idle box here).
func TestGoVerifiesO1jsProofs(t *testing.T) {
	oracle.RequireNode(t)
	s := loadSRS(t)
	full := os.Getenv("ZKML_E2E") == "full"
	for _, tc := range []struct {
		name            string
		req             map[string]any
		build           func(testing.TB) *Index
		public, private int64
		onlyFull        bool
	}{
		{"tiny", map[string]any{"cmd": "prove", "circuit": "tiny", "public": "81", "private": "3"}, nil, 81, 3, false},
		{"chain-100", map[string]any{"cmd": "prove", "circuit": "chain", "reps": 100, "public": "0", "private": "5"}, nil, 0, 5, false},
		{"chain-2^17, 2 chunks", map[string]any{"cmd": "prove", "circuit": "chain", "reps": chunkedChainReps,
			"backend": "native", "public": "0", "private": "5"}, nil, 0, 5, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.onlyFull && !full {
				t.Skip("o1js proves a 2^17 circuit in minutes: ZKML_E2E=full")
			}
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
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
