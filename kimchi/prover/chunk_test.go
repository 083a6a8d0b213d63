package prover

import (
	"errors"
	"strconv"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/circuit"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/verifier"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// chunkTamperings are changes to a chunked proof that touch a chunk past
// the first, which an unchunked proof does not have.
func chunkTamperings(p *wire.ProverProof, pub []wire.Scalar) map[string]func() (*wire.ProverProof, []wire.Scalar) {
	m := tamperings(p, pub)
	if len(pub) == 0 {
		delete(m, "public input")
	}
	edit := func(f func(q *wire.ProverProof)) func() (*wire.ProverProof, []wire.Scalar) {
		return func() (*wire.ProverProof, []wire.Scalar) {
			q := cloneProof(p)
			f(q)
			return q, pub
		}
	}
	m["w_comm[0] chunk 1"] = edit(func(q *wire.ProverProof) { q.Commitments.WComm[0].Chunks[1] = q.Commitments.WComm[0].Chunks[0] })
	m["z_comm chunks swapped"] = edit(func(q *wire.ProverProof) {
		c := q.Commitments.ZComm.Chunks
		c[0], c[1] = c[1], c[0]
	})
	m["t_comm last chunk"] = edit(func(q *wire.ProverProof) {
		c := q.Commitments.TComm.Chunks
		c[len(c)-1] = c[0]
	})
	m["w0 evaluation chunk 1"] = edit(func(q *wire.ProverProof) { q.Evals.W[0].Zeta[1][0] ^= 1 })
	m["z evaluation at ζω chunk 1"] = edit(func(q *wire.ProverProof) { q.Evals.Z.ZetaOmega[1][0] ^= 1 })
	m["σ0 evaluation chunk 1"] = edit(func(q *wire.ProverProof) { q.Evals.S[0].Zeta[1][0] ^= 1 })
	m["public evaluation chunk 1"] = edit(func(q *wire.ProverProof) { q.Evals.Public.Zeta[1][0] ^= 1 })
	m["one chunk dropped"] = edit(func(q *wire.ProverProof) { q.Evals.W[3].Zeta = q.Evals.W[3].Zeta[:1] })
	return m
}

// TestProveChunked proves circuits of every gate family over an SRS
// smaller than their domain (2 or 4 chunks per polynomial, more
// zero-knowledge rows), checks the proofs with kimchi/verifier, and checks
// that tampered proofs, public inputs and witnesses are refused.
func TestProveChunked(t *testing.T) {
	full := loadSRS(t)
	type tc struct {
		name        string
		c           *circuit.Circuit
		public      []fp.Element
		good, bad   []fp.Element
		chunksWants []int
	}
	cases := []tc{
		{"generic", sumCircuit(2)(t), []fp.Element{felt(5), felt(6)}, []fp.Element{felt(3)}, []fp.Element{felt(4)}, []int{2}},
		// 17 public inputs: the verifier commits them through an inverse FFT.
		{"public-17", sumCircuit(17)(t), repeat(felt(1), 17), []fp.Element{felt(0)}, []fp.Element{felt(2)}, []int{2}},
		{"chain", chainCircuit(t, 40), []fp.Element{chainOutput(5, 40)}, []fp.Element{felt(5)}, []fp.Element{felt(6)}, []int{2, 4}},
	}
	pc := poseidonCircuit(t)
	cases = append(cases, tc{"poseidon", pc, []fp.Element{poseidonOutput(t, pc)}, []fp.Element{felt(3)}, []fp.Element{felt(4)}, []int{2}})
	for _, lc := range lookupCases {
		cases = append(cases, tc{"lookup/" + lc.name, buildLookupCase(t, lc.build), nil, lc.good, lc.bad, []int{2}})
	}
	for _, tc := range cases {
		for _, chunks := range tc.chunksWants {
			t.Run(tc.name+"/"+strconv.Itoa(chunks), func(t *testing.T) {
				s, err := full.Prefix(tc.c.DomainSize() / chunks)
				if err != nil {
					t.Fatal(err)
				}
				ix, err := NewIndex(tc.c, s, testOptions(t))
				if err != nil {
					t.Fatal(err)
				}
				if ix.chunks < chunks || ix.zkRows <= 3 {
					t.Fatalf("index has %d chunks and %d zk rows, want ≥ %d chunks and > 3 rows", ix.chunks, ix.zkRows, chunks)
				}
				if got := len(ix.VerifierIndex().SigmaComm[0].Chunks); got != ix.chunks {
					t.Fatalf("sigma_comm has %d chunks, want %d", got, ix.chunks)
				}
				p, pub := proveSolved(t, ix, tc.c, tc.public, tc.good)
				if got := len(p.Commitments.TComm.Chunks); got != 7*ix.chunks {
					t.Fatalf("t_comm has %d chunks, want %d", got, 7*ix.chunks)
				}
				vix, err := verifier.NewIndex(ix.VerifierIndex(), ix.FeatureFlags(), nil, &verifier.SRS{Vesta: s})
				if err != nil {
					t.Fatal(err)
				}
				if err := verifier.Verify(vix, p, pub); err != nil {
					t.Fatalf("verify: %v", err)
				}
				if len(pub) > 0 {
					// Like proof-systems, a verifier holding a larger SRS
					// commits the public input in fewer chunks than the
					// proof's evaluations: rejected, not a panic.
					big, err := verifier.NewIndex(ix.VerifierIndex(), ix.FeatureFlags(), nil, &verifier.SRS{Vesta: full})
					if err != nil {
						t.Fatal(err)
					}
					if err := verifier.Verify(big, p, pub); err == nil {
						t.Error("verified with public inputs over an SRS larger than max_poly_size")
					}
				}
				for name, f := range chunkTamperings(p, pub) {
					q, qp := f()
					if err := verifier.Verify(vix, q, qp); err == nil {
						t.Errorf("%s: tampered proof accepted", name)
					}
				}
				if tc.bad != nil {
					bad, err := tc.c.Solve(tc.public, tc.bad)
					if err != nil {
						t.Fatal(err)
					}
					if _, _, err := ix.ProveAssignment(bad); !errors.Is(err, ErrWitness) {
						t.Errorf("bad witness: err = %v, want ErrWitness", err)
					}
				}
			})
		}
	}
}

func repeat(e fp.Element, n int) []fp.Element {
	out := make([]fp.Element, n)
	for i := range out {
		out[i] = e
	}
	return out
}
