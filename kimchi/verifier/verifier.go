// Package verifier verifies Kimchi proofs produced by o1-labs/proof-systems
// (kimchi/src/verifier.rs at commit 136c1df): it rebuilds the linearization
// from the circuit's feature flags, replays the Fiat–Shamir transcript,
// checks the permutation, gate and lookup constraints through ft(ζ) and
// batches the IPA opening into one multi-scalar multiplication.
package verifier

import (
	"errors"
	"fmt"

	"github.com/zkml-mina/zkml/kimchi/curve/pallas"
	"github.com/zkml-mina/zkml/kimchi/curve/vesta"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
	"github.com/zkml-mina/zkml/kimchi/groupmap"
	"github.com/zkml-mina/zkml/kimchi/ipa"
	"github.com/zkml-mina/zkml/kimchi/poseidon"
	"github.com/zkml-mina/zkml/kimchi/srs"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// Curve names the commitment curve of a proof system.
type Curve int

// Commitment curves.
const (
	Vesta  Curve = iota // scalars in Fp, commitments on Vesta (most Kimchi proofs)
	Pallas              // scalars in Fq, commitments on Pallas
)

func (c Curve) String() string {
	if c == Pallas {
		return "pallas"
	}
	return "vesta"
}

// SRS holds the IPA SRS for each curve; only the one a verifier index needs
// has to be set.
type SRS struct {
	Vesta  *srs.Vesta
	Pallas *srs.Pallas
}

type (
	vestaCurve  = ipa.Curve[fp.Element, *fp.Element, fq.Element, *fq.Element, vesta.Affine, ipa.Vesta]
	pallasCurve = ipa.Curve[fq.Element, *fq.Element, fp.Element, *fp.Element, pallas.Affine, ipa.Pallas]
	vestaIndex  = index[fp.Element, *fp.Element, fq.Element, *fq.Element, vesta.Affine, ipa.Vesta]
	pallasIndex = index[fq.Element, *fq.Element, fp.Element, *fp.Element, pallas.Affine, ipa.Pallas]
)

// Index is a prepared verifier index: decoded commitments, domain, shifts,
// digest and the rebuilt linearization's feature flags.
type Index struct {
	curve  Curve
	vesta  *vestaIndex
	pallas *pallasIndex
}

// Curve returns the index's commitment curve.
func (ix *Index) Curve() Curve { return ix.curve }

// DetectCurve finds a serialized index's commitment curve from its domain:
// size·size_inv = 1 holds in the curve's scalar field.
func DetectCurve(vi *wire.VerifierIndex) (Curve, error) {
	if isInverse[fp.Element](&vi.Domain) {
		return Vesta, nil
	}
	if isInverse[fq.Element](&vi.Domain) {
		return Pallas, nil
	}
	return 0, fmt.Errorf("%w: domain size_inv is not an inverse in either Pasta field", ErrIndex)
}

func isInverse[F any, PF ipa.Field[F]](d *wire.Domain) bool {
	inv, err := ipa.ScalarFromWire[F, PF](&d.SizeInv)
	if err != nil {
		return false
	}
	var n F
	PF(&n).SetUint64(d.Size)
	PF(&n).Mul(&n, &inv)
	var one F
	PF(&one).SetOne()
	return PF(&n).Equal(&one)
}

// NewIndex prepares a serialized verifier index. flags are the circuit's
// feature flags (the linearization is not serialized); endo is the
// EndoMul coefficient (VerifierIndex.endo, a #[serde(skip)] field) or nil
// for the default, the other curve's endo_q.
func NewIndex(vi *wire.VerifierIndex, flags *wire.FeatureFlags, endo *wire.Scalar, s *SRS) (*Index, error) {
	if vi == nil || flags == nil || s == nil {
		return nil, fmt.Errorf("%w: nil argument", ErrIndex)
	}
	c, err := DetectCurve(vi)
	if err != nil {
		return nil, err
	}
	switch c {
	case Vesta:
		if s.Vesta == nil {
			return nil, fmt.Errorf("%w: no Vesta SRS", ErrIndex)
		}
		m, err := groupmap.NewVesta()
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrIndex, err)
		}
		cv := &vestaCurve{
			FqParams: poseidon.KimchiFq(), FrParams: poseidon.KimchiFp(), EndoR: vesta.EndoScalar(),
			SRS: &ipa.SRS[vesta.Affine]{G: s.Vesta.G, H: s.Vesta.H}, ToGroup: m.ToGroup,
		}
		e := pallas.EndoBase()
		if endo != nil {
			if e, err = ipa.ScalarFromWire[fp.Element](endo); err != nil {
				return nil, fmt.Errorf("%w: endo: %v", ErrIndex, err)
			}
		}
		ix, err := newIndex(cv, vi, flags, e)
		if err != nil {
			return nil, err
		}
		return &Index{curve: Vesta, vesta: ix}, nil
	default:
		if s.Pallas == nil {
			return nil, fmt.Errorf("%w: no Pallas SRS", ErrIndex)
		}
		m, err := groupmap.NewPallas()
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrIndex, err)
		}
		cv := &pallasCurve{
			FqParams: poseidon.KimchiFp(), FrParams: poseidon.KimchiFq(), EndoR: pallas.EndoScalar(),
			SRS: &ipa.SRS[pallas.Affine]{G: s.Pallas.G, H: s.Pallas.H}, ToGroup: m.ToGroup,
		}
		e := vesta.EndoBase()
		if endo != nil {
			if e, err = ipa.ScalarFromWire[fq.Element](endo); err != nil {
				return nil, fmt.Errorf("%w: endo: %v", ErrIndex, err)
			}
		}
		ix, err := newIndex(cv, vi, flags, e)
		if err != nil {
			return nil, err
		}
		return &Index{curve: Pallas, pallas: ix}, nil
	}
}

// Statement is one proof to verify with its index and public inputs.
type Statement struct {
	Index        *Index
	Proof        *wire.ProverProof
	PublicInputs []wire.Scalar
}

// Verify checks a proof against an index and public inputs. The error
// names the failed check (see the Err* values).
func Verify(ix *Index, p *wire.ProverProof, public []wire.Scalar) error {
	return VerifyBatch([]Statement{{ix, p, public}})
}

// VerifyBatch checks several proofs on the same curve with one combined
// multi-scalar multiplication, scaling each proof's IPA equation by a fresh
// random factor; it fails if any proof is invalid.
func VerifyBatch(stmts []Statement) error {
	if len(stmts) == 0 {
		return nil
	}
	for i := range stmts {
		if stmts[i].Index == nil || stmts[i].Proof == nil {
			return fmt.Errorf("statement %d: %w: nil index or proof", i, ErrIndex)
		}
	}
	switch stmts[0].Index.curve {
	case Vesta:
		return verifyBatch(stmts, func(ix *Index) *vestaIndex { return ix.vesta })
	default:
		return verifyBatch(stmts, func(ix *Index) *pallasIndex { return ix.pallas })
	}
}

func verifyBatch[F any, PF ipa.Field[F], B any, PB ipa.Field[B], G any, C ipa.Group[F, B, G]](
	stmts []Statement, get func(*Index) *index[F, PF, B, PB, G, C],
) error {
	var curve *ipa.Curve[F, PF, B, PB, G, C]
	batch := make([]ipa.Batch[F, PF, B, PB, G], 0, len(stmts))
	for i, st := range stmts {
		ix := get(st.Index)
		if ix == nil {
			return fmt.Errorf("statement %d: %w: proofs on different curves", i, ErrIndex)
		}
		if curve == nil {
			curve = ix.curve
		} else if len(curve.SRS.G) != len(ix.curve.SRS.G) {
			return fmt.Errorf("statement %d: %w: different SRS sizes", i, ErrIndex)
		}
		p, err := decodeProof[F, PF, B, G](ix.curve.Group, st.Proof)
		if err != nil {
			return fmt.Errorf("statement %d: %w", i, err)
		}
		public, err := decodeScalars[F, PF](st.PublicInputs, "public input")
		if err != nil {
			return fmt.Errorf("statement %d: %w", i, err)
		}
		b, err := ix.toBatch(p, public)
		if err != nil {
			return fmt.Errorf("statement %d: %w", i, err)
		}
		batch = append(batch, *b)
	}
	if err := curve.Verify(batch); err != nil {
		if errors.Is(err, ipa.ErrFinalCheck) {
			return err
		}
		return fmt.Errorf("ipa: %w", err)
	}
	return nil
}
