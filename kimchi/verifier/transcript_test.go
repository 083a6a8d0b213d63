package verifier

import (
	"testing"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
	"github.com/zkml-mina/zkml/kimchi/ipa"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// TestTranscriptExports checks the exported transcript helpers against the
// verifier's own decoded forms on every fixture: AbsorptionOrder lists the
// same evaluations as evals.absorptionOrder, ComputeShifts matches the
// serialized shifts, and Digest is the prepared index's digest.
func TestTranscriptExports(t *testing.T) {
	for _, fx := range loadFixtures(t) {
		t.Run(fx.name, func(t *testing.T) {
			ix, err := newIndexFor(t, fx)
			if err != nil {
				t.Fatalf("index: %v", err)
			}
			wireOrder := AbsorptionOrder(&fx.f.Proof.Evals)
			switch ix.curve {
			case Vesta:
				checkTranscript[fp.Element](t, ix.vesta, fx, wireOrder)
			default:
				checkTranscript[fq.Element](t, ix.pallas, fx, wireOrder)
			}
		})
	}
}

func checkTranscript[F any, PF ipa.Field[F], B any, PB ipa.Field[B], G any, C ipa.Group[F, B, G]](
	t *testing.T, ix *index[F, PF, B, PB, G, C], fx fixture, wireOrder []*wire.PointEvaluations,
) {
	t.Helper()
	var e evals[F]
	if err := decodeEvals[F, PF](&fx.f.Proof.Evals, &e); err != nil {
		t.Fatal(err)
	}
	dec := e.absorptionOrder()
	if len(dec) != len(wireOrder) {
		t.Fatalf("AbsorptionOrder has %d entries, decoded order %d", len(wireOrder), len(dec))
	}
	for i := range dec {
		got, err := decodePE[F, PF](wireOrder[i], "order")
		if err != nil {
			t.Fatal(err)
		}
		if len(got.zeta) != len(dec[i].zeta) || !PF(&got.zeta[0]).Equal(&dec[i].zeta[0]) {
			t.Fatalf("entry %d differs", i)
		}
	}
	shifts := ComputeShifts[F, PF](ix.n)
	for i := range shifts {
		if !PF(&shifts[i]).Equal(&ix.shift[i]) {
			t.Fatalf("shift %d differs", i)
		}
	}
	d, err := Digest(ix.curve, fx.f.VerifierIndex)
	if err != nil {
		t.Fatal(err)
	}
	if !PB(&d).Equal(&ix.digest) {
		t.Fatal("Digest differs from the index digest")
	}
}
