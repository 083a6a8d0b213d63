package wire

import (
	"math/big"
	"testing"
)

// Pasta moduli: Pallas is defined over Fp and Vesta over Fq; each curve's
// scalar field is the other's base field.
var (
	pastaP, _ = new(big.Int).SetString("40000000000000000000000000000000224698fc094cf91b992d30ed00000001", 16)
	pastaQ, _ = new(big.Int).SetString("40000000000000000000000000000000224698fc0994a8dd8c46eb2100000001", 16)
)

func leInt(b []byte) *big.Int {
	r := make([]byte, len(b))
	for i := range b {
		r[len(b)-1-i] = b[i]
	}
	return new(big.Int).SetBytes(r)
}

// fixtureCurve identifies the commitment curve of a verifier index from its
// domain: size * size_inv must be 1 in the scalar field.
func fixtureCurve(vi *VerifierIndex) (name string, base, scalar *big.Int) {
	n := new(big.Int).SetUint64(vi.Domain.Size)
	prod := new(big.Int).Mul(n, leInt(vi.Domain.SizeInv[:]))
	switch {
	case new(big.Int).Mod(prod, pastaP).Cmp(big.NewInt(1)) == 0:
		return "vesta", pastaQ, pastaP
	case new(big.Int).Mod(prod, pastaQ).Cmp(big.NewInt(1)) == 0:
		return "pallas", pastaP, pastaQ
	}
	return "unknown", nil, nil
}

// onCurve reports whether a non-infinity point's x is a canonical base-field
// element with x^3 + 5 a square (both Pasta curves are y^2 = x^3 + 5).
func onCurve(p Point, base *big.Int) bool {
	x := p.X()
	xi := leInt(x[:])
	if xi.Cmp(base) >= 0 {
		return false
	}
	rhs := new(big.Int).Exp(xi, big.NewInt(3), base)
	rhs.Add(rhs, big.NewInt(5)).Mod(rhs, base)
	return big.Jacobi(rhs, base) >= 0
}

func proofPoints(p *ProverProof) []Point {
	var pts []Point
	add := func(pcs ...PolyComm) {
		for _, pc := range pcs {
			pts = append(pts, pc.Chunks...)
		}
	}
	c := &p.Commitments
	add(c.WComm[:]...)
	add(c.ZComm, c.TComm)
	if c.Lookup != nil {
		add(c.Lookup.Sorted...)
		add(c.Lookup.Aggreg)
		if c.Lookup.Runtime != nil {
			add(*c.Lookup.Runtime)
		}
	}
	for _, lr := range p.Proof.LR {
		pts = append(pts, lr.L, lr.R)
	}
	pts = append(pts, p.Proof.Delta, p.Proof.SG)
	for _, rc := range p.PrevChallenges {
		add(rc.Comm)
	}
	return pts
}

func indexPoints(vi *VerifierIndex) []Point {
	var pts []Point
	add := func(pcs ...*PolyComm) {
		for _, pc := range pcs {
			if pc != nil {
				pts = append(pts, pc.Chunks...)
			}
		}
	}
	for i := range vi.SigmaComm {
		add(&vi.SigmaComm[i])
	}
	for i := range vi.CoefficientsComm {
		add(&vi.CoefficientsComm[i])
	}
	add(vi.selectorComms()...)
	for _, pc := range vi.optionalComms() {
		add(*pc)
	}
	if li := vi.LookupIndex; li != nil {
		for i := range li.LookupTable {
			add(&li.LookupTable[i])
		}
		for _, pc := range li.LookupSelectors.all() {
			add(*pc)
		}
		add(li.TableIDs, li.RuntimeTablesSelector)
	}
	return pts
}

func proofScalars(p *ProverProof) []Scalar {
	s := []Scalar{p.FtEval1, p.Proof.Z1, p.Proof.Z2}
	ev := &p.Evals
	add := func(pe *PointEvaluations) {
		if pe != nil {
			s = append(s, pe.Zeta...)
			s = append(s, pe.ZetaOmega...)
		}
	}
	add(ev.Public)
	for i := range ev.W {
		add(&ev.W[i])
	}
	add(&ev.Z)
	for i := range ev.S {
		add(&ev.S[i])
	}
	for i := range ev.Coefficients {
		add(&ev.Coefficients[i])
	}
	for _, pe := range ev.selectors() {
		add(pe)
	}
	for _, pe := range ev.optionalBefore() {
		add(*pe)
	}
	for _, pe := range ev.LookupSorted {
		add(pe)
	}
	for _, pe := range ev.optionalAfter() {
		add(*pe)
	}
	for _, rc := range p.PrevChallenges {
		s = append(s, rc.Chals...)
	}
	return s
}

// TestLayoutFacts checks the encoding facts documented in doc.go against
// every fixture: scalars are canonical little-endian elements of the
// scalar field, point x coordinates lie on the curve, flags bytes are
// 0x00/0x40/0x80, every evaluation has one chunk per commitment chunk.
func TestLayoutFacts(t *testing.T) {
	flagCounts := map[byte]int{}
	for _, f := range fixtureFiles(t) {
		fx, err := DecodeFixture(f.data)
		if err != nil {
			t.Fatalf("%s: %v", f.name, err)
		}
		vi := fx.VerifierIndex
		curve, base, scalar := fixtureCurve(vi)
		if base == nil {
			t.Errorf("%s: domain size_inv is not 1/size in either Pasta field", f.name)
			continue
		}
		pts := append(proofPoints(fx.Proof), indexPoints(vi)...)
		for i, p := range pts {
			flagCounts[p[32]]++
			if !p.IsInfinity() && !onCurve(p, base) {
				t.Errorf("%s: point %d is not on %s", f.name, i, curve)
			}
		}
		scalars := append(proofScalars(fx.Proof), vi.Shift[:]...)
		scalars = append(scalars, fx.PublicInputs...)
		for _, s := range vi.Domain.scalars() {
			scalars = append(scalars, *s)
		}
		if fx.Endo != nil {
			scalars = append(scalars, *fx.Endo)
		}
		for i, s := range scalars {
			if leInt(s[:]).Cmp(scalar) >= 0 {
				t.Errorf("%s: scalar %d is not canonical", f.name, i)
			}
		}
		if got := new(big.Int).Exp(leInt(vi.Domain.GroupGen[:]), new(big.Int).SetUint64(vi.Domain.Size), scalar); got.Cmp(big.NewInt(1)) != 0 {
			t.Errorf("%s: group_gen^size != 1", f.name)
		}
		// With max_poly_size = 2^16 and small domains nothing is chunked:
		// every commitment but t has one chunk, t has 7 (the quotient
		// degree bound over the domain), and evaluations have one element.
		if n := len(fx.Proof.Evals.W[0].Zeta); n != 1 || len(fx.Proof.Evals.Z.ZetaOmega) != 1 {
			t.Errorf("%s: %d evaluation chunks, want 1", f.name, n)
		}
		if n := len(fx.Proof.Commitments.TComm.Chunks); n != 7 {
			t.Errorf("%s: t_comm has %d chunks, want 7", f.name, n)
		}
		if uint64(len(fx.PublicInputs)) != fx.NumPublicInputs || fx.NumPublicInputs != vi.Public {
			t.Errorf("%s: %d public inputs stored, num_public_inputs %d, index public %d",
				f.name, len(fx.PublicInputs), fx.NumPublicInputs, vi.Public)
		}
		if fx.Proof.Evals.Public == nil {
			t.Errorf("%s: proof has no public evaluations", f.name)
		}
		ff := fx.FeatureFlags
		for i, enabled := range []bool{ff.RangeCheck0, ff.RangeCheck1, ff.ForeignFieldAdd, ff.ForeignFieldMul, ff.Xor, ff.Rot} {
			if has := *vi.optionalComms()[i] != nil; has != enabled {
				t.Errorf("%s: feature flag %s=%v but %s present=%v", f.name, optionalCommNames[i], enabled, optionalCommNames[i], has)
			}
		}
		if li := vi.LookupIndex; li != nil && li.LookupInfo.Features != ff.LookupFeatures {
			t.Errorf("%s: lookup features differ between index and feature flags", f.name)
		}
	}
	for b := range flagCounts {
		if b != 0 && b != FlagYNegative && b != FlagInfinity {
			t.Errorf("unexpected flags byte %#x", b)
		}
	}
	t.Logf("point flags bytes seen: %v", flagCounts)
}

func TestSRSPointsOnCurve(t *testing.T) {
	// vesta.srs holds Vesta points (over Fq), pallas.srs Pallas points (over Fp).
	for _, tc := range []struct {
		name string
		base *big.Int
	}{{"vesta.srs", pastaQ}, {"pallas.srs", pastaP}} {
		t.Run(tc.name, func(t *testing.T) {
			srs := loadSRS(t, tc.name)
			for i := 0; i < len(srs.G); i += 257 {
				if !onCurve(srs.G[i], tc.base) {
					t.Fatalf("g[%d] not on curve", i)
				}
			}
			if !onCurve(srs.H, tc.base) {
				t.Fatal("h not on curve")
			}
		})
	}
}
