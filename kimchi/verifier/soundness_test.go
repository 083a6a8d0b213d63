package verifier

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/wire"
)

// namedErrors are the sentinel errors a rejection must match.
var namedErrors = []error{
	ErrIPA, ErrPublicInputCount, ErrPrevChallengeCount, ErrEvalChunks, ErrCommitmentShape,
	ErrMissingEvaluation, ErrDecode, ErrIndex, ErrDegenerate,
}

func isNamed(err error) bool {
	for _, e := range namedErrors {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

type mutation struct {
	name string
	// apply tampers with a fresh copy of the proof and public inputs.
	apply func(p *wire.ProverProof, pub []wire.Scalar) []wire.Scalar
	// want, when set, is the error the rejection must match.
	want error
}

// negate flips the y-sign flag of a compressed point: -P, a valid point
// different from P, so the cryptographic check itself must catch it.
func negate(p *wire.Point) { p[32] ^= wire.FlagYNegative }

func mutations(numPublic int) []mutation {
	var ms []mutation
	for i := range wire.Columns {
		ms = append(ms,
			mutation{fmt.Sprintf("w_comm[%d] negated", i), func(p *wire.ProverProof, pub []wire.Scalar) []wire.Scalar {
				negate(&p.Commitments.WComm[i].Chunks[0])
				return pub
			}, ErrIPA},
			// Flipping an x bit gives an invalid encoding or another point.
			mutation{fmt.Sprintf("w_comm[%d] x byte flipped", i), func(p *wire.ProverProof, pub []wire.Scalar) []wire.Scalar {
				p.Commitments.WComm[i].Chunks[0][i] ^= 0x01
				return pub
			}, nil},
		)
	}
	ms = append(ms,
		mutation{"z_comm negated", func(p *wire.ProverProof, pub []wire.Scalar) []wire.Scalar {
			negate(&p.Commitments.ZComm.Chunks[0])
			return pub
		}, ErrIPA},
		mutation{"t_comm chunk 3 negated", func(p *wire.ProverProof, pub []wire.Scalar) []wire.Scalar {
			negate(&p.Commitments.TComm.Chunks[3])
			return pub
		}, ErrIPA},
		mutation{"evaluation w[0].zeta byte flipped", func(p *wire.ProverProof, pub []wire.Scalar) []wire.Scalar {
			p.Evals.W[0].Zeta[0][0] ^= 0x01
			return pub
		}, ErrIPA},
		mutation{"evaluation z.zeta_omega byte flipped", func(p *wire.ProverProof, pub []wire.Scalar) []wire.Scalar {
			p.Evals.Z.ZetaOmega[0][5] ^= 0x10
			return pub
		}, ErrIPA},
		mutation{"evaluation coefficients[4].zeta byte flipped", func(p *wire.ProverProof, pub []wire.Scalar) []wire.Scalar {
			p.Evals.Coefficients[4].Zeta[0][0] ^= 0x01
			return pub
		}, ErrIPA},
		mutation{"ft_eval1 byte flipped", func(p *wire.ProverProof, pub []wire.Scalar) []wire.Scalar {
			p.FtEval1[1] ^= 0x01
			return pub
		}, ErrIPA},
		mutation{"opening lr[0].L negated", func(p *wire.ProverProof, pub []wire.Scalar) []wire.Scalar {
			negate(&p.Proof.LR[0].L)
			return pub
		}, ErrIPA},
		mutation{"opening lr[last].R negated", func(p *wire.ProverProof, pub []wire.Scalar) []wire.Scalar {
			negate(&p.Proof.LR[len(p.Proof.LR)-1].R)
			return pub
		}, ErrIPA},
		mutation{"opening delta negated", func(p *wire.ProverProof, pub []wire.Scalar) []wire.Scalar {
			negate(&p.Proof.Delta)
			return pub
		}, ErrIPA},
		mutation{"opening sg negated", func(p *wire.ProverProof, pub []wire.Scalar) []wire.Scalar {
			negate(&p.Proof.SG)
			return pub
		}, ErrIPA},
		mutation{"opening z1 byte flipped", func(p *wire.ProverProof, pub []wire.Scalar) []wire.Scalar {
			p.Proof.Z1[0] ^= 0x01
			return pub
		}, ErrIPA},
		mutation{"opening z2 byte flipped", func(p *wire.ProverProof, pub []wire.Scalar) []wire.Scalar {
			p.Proof.Z2[2] ^= 0x80
			return pub
		}, ErrIPA},
		mutation{"opening lr dropped", func(p *wire.ProverProof, pub []wire.Scalar) []wire.Scalar {
			p.Proof.LR = p.Proof.LR[1:]
			return pub
		}, ErrIPA},
		mutation{"evaluation chunk added", func(p *wire.ProverProof, pub []wire.Scalar) []wire.Scalar {
			p.Evals.W[3].Zeta = append(p.Evals.W[3].Zeta, p.Evals.W[3].Zeta[0])
			return pub
		}, ErrEvalChunks},
		mutation{"non-canonical scalar", func(p *wire.ProverProof, pub []wire.Scalar) []wire.Scalar {
			for i := range p.Proof.Z1 {
				p.Proof.Z1[i] = 0xff
			}
			p.Proof.Z1[31] = 0x7f
			return pub
		}, ErrDecode},
		mutation{"infinity witness commitment", func(p *wire.ProverProof, pub []wire.Scalar) []wire.Scalar {
			p.Commitments.WComm[2].Chunks[0] = wire.Point{32: wire.FlagInfinity}
			return pub
		}, ErrIPA},
		mutation{"empty z_comm", func(p *wire.ProverProof, pub []wire.Scalar) []wire.Scalar {
			p.Commitments.ZComm.Chunks = nil
			return pub
		}, ErrCommitmentShape},
	)
	if numPublic > 0 {
		ms = append(ms, mutation{"public input changed", func(p *wire.ProverProof, pub []wire.Scalar) []wire.Scalar {
			pub[0][0] ^= 0x01
			return pub
		}, ErrIPA})
	}
	ms = append(ms, mutation{"public input appended", func(p *wire.ProverProof, pub []wire.Scalar) []wire.Scalar {
		return append(pub, wire.Scalar{1})
	}, ErrPublicInputCount})
	return ms
}

// TestSoundness tampers with every fixture's proof and checks that each
// change is rejected with an error naming the failed check.
func TestSoundness(t *testing.T) {
	fixtures := loadFixtures(t)
	indexes := make([]*Index, len(fixtures))
	for i, fx := range fixtures {
		ix, err := newIndexFor(t, fx)
		if err != nil {
			t.Fatalf("%s: %v", fx.name, err)
		}
		indexes[i] = ix
	}
	rejected := 0
	for fi, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			for _, m := range mutations(len(fx.f.PublicInputs)) {
				fresh, err := wire.DecodeFixture(fx.raw)
				if err != nil {
					t.Fatal(err)
				}
				pub := m.apply(fresh.Proof, fresh.PublicInputs)
				err = Verify(indexes[fi], fresh.Proof, pub)
				switch {
				case err == nil:
					t.Errorf("%s: accepted", m.name)
				case !isNamed(err):
					t.Errorf("%s: unnamed error %v", m.name, err)
				case m.want != nil && !errors.Is(err, m.want):
					t.Errorf("%s: got %v, want %v", m.name, err, m.want)
				default:
					rejected++
				}
			}
			// The proof against the next fixture with a different circuit
			// (some fixtures share a verifier index byte for byte).
			oi := (fi + 1) % len(fixtures)
			for bytes.Equal(fixtures[oi].f.VerifierIndex.Encode(), fx.f.VerifierIndex.Encode()) {
				oi = (oi + 1) % len(fixtures)
			}
			err := Verify(indexes[oi], fx.f.Proof, fx.f.PublicInputs)
			if err == nil || !isNamed(err) {
				t.Errorf("other index: got %v", err)
			} else {
				rejected++
			}
		})
	}
	t.Logf("%d tampered proofs rejected", rejected)
}
