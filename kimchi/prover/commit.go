package prover

import (
	"errors"
	"fmt"

	"github.com/zkml-mina/zkml/kimchi/curve/vesta"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// Commitments (poly-commitment/src/ipa.rs): a polynomial of degree < n is
// committed in ix.chunks pieces, chunk j being Σ_t c_(jm+t)·G_t over its m
// = |SRS| coefficients. With one chunk, the values on D1 go straight into
// an MSM over the Lagrange basis. With several, a column with few non-zero
// values still does (the chunked Lagrange basis: one small MSM per chunk);
// a dense one is interpolated and its coefficient chunks committed over
// the SRS, which costs n terms in all instead of k·n.

// hiding is a commitment with one blinder per chunk (prover.rs blinder):
// chunk j is the plain commitment plus blind[j]·H.
type hiding struct {
	comm  []vesta.Affine
	blind []fp.Element
}

// commitValues is commit_evaluations_non_hiding: the chunks of the
// polynomial with values evals on D1 (missing trailing values are zero).
// coeffsBR, when not nil, holds its coefficients in bit-reversed order
// (domain.interpolateBitRev), which spares the dense chunked case an FFT.
func (ix *Index) commitValues(evals, coeffsBR []fp.Element) ([]vesta.Affine, error) {
	k := ix.chunks
	if k == 1 {
		p, err := fixedMSM(ix.lagBases, 0, ix.lagrange[0][:len(evals)], evals)
		return []vesta.Affine{p}, err
	}
	nonZero := 0
	for i := range evals {
		if !evals[i].IsZero() {
			nonZero++
		}
	}
	n := ix.d1.n
	out := make([]vesta.Affine, k)
	if nonZero*k <= n/2 {
		for j := range k {
			p, err := msmNonZero(ix.lagrange[j][:len(evals)], evals)
			if err != nil {
				return nil, err
			}
			out[j] = p
		}
		return out, nil
	}
	var coeffs []fp.Element
	if coeffsBR != nil {
		coeffs = make([]fp.Element, n)
		bitReverseInto(coeffs, coeffsBR)
	} else {
		full := make([]fp.Element, n)
		copy(full, evals)
		coeffs = ix.d1.interpolate(full)
	}
	return ix.commitCoeffs(coeffs, k)
}

// commitCoeffs is commit_non_hiding: the coefficients' chunks of m =
// |SRS| over the SRS, padded with points at infinity to at least chunks
// chunks.
func (ix *Index) commitCoeffs(coeffs []fp.Element, chunks int) ([]vesta.Affine, error) {
	m := len(ix.srs.G)
	parts := chunkPoly(coeffs, m)
	out := make([]vesta.Affine, max(chunks, len(parts)))
	for j, c := range parts {
		if len(c) == 0 {
			continue
		}
		p, err := fixedMSM(ix.srsBases, 0, ix.srs.G[:len(c)], c)
		if err != nil {
			return nil, err
		}
		out[j] = p
	}
	return out, nil
}

// commitHiding is commitValues masked with a fresh random blinder per
// chunk (prover.rs blinder, mask_custom).
func (ix *Index) commitHiding(evals, coeffsBR []fp.Element) (hiding, error) {
	c, err := ix.commitValues(evals, coeffsBR)
	if err != nil {
		return hiding{}, err
	}
	return ix.blind(c)
}

// blind masks every chunk with its own random blinder.
func (ix *Index) blind(c []vesta.Affine) (hiding, error) {
	b, err := randomScalars(len(c))
	if err != nil {
		return hiding{}, err
	}
	for j := range c {
		c[j] = ix.mask(c[j], &b[j])
	}
	return hiding{comm: c, blind: b}, nil
}

// maskFixed adds H to every chunk (mask_custom with blinders 1,
// verifier_index.rs mask_fixed).
func (ix *Index) maskFixed(c []vesta.Affine) []vesta.Affine {
	for j := range c {
		c[j].Add(&c[j], &ix.srs.H)
	}
	return c
}

// mask is mask_custom for one chunk: p + b·H.
func (ix *Index) mask(p vesta.Affine, b *fp.Element) vesta.Affine {
	var h, r vesta.Affine
	h.ScalarMul(&ix.srs.H, b)
	r.Add(&p, &h)
	return r
}

// commitJob is one fixed column of the verifier index: its evaluations,
// whether the commitment is masked with H, and where it goes.
type commitJob struct {
	evals []fp.Element
	mask  bool
	dst   *wire.PolyComm
}

// commitFixed commits every job's column in parallel (each MSM is itself
// parallel, but most columns are sparse).
func (ix *Index) commitFixed(jobs []commitJob) error {
	errs := make([]error, len(jobs))
	parallelTasks(len(jobs), func(i int) {
		c, err := ix.commitValues(jobs[i].evals, nil)
		if err != nil {
			errs[i] = fmt.Errorf("fixed column %d: %w", i, err)
			return
		}
		if jobs[i].mask {
			c = ix.maskFixed(c)
		}
		*jobs[i].dst = commToWire(c...)
	})
	return errors.Join(errs...)
}

func pointToWire(p *vesta.Affine) wire.Point { return wire.Point(p.Compress()) }

func commToWire(ps ...vesta.Affine) wire.PolyComm {
	out := wire.PolyComm{Chunks: make([]wire.Point, len(ps))}
	for i := range ps {
		out.Chunks[i] = pointToWire(&ps[i])
	}
	return out
}
