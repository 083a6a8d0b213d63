package wire

import "fmt"

// Circuit dimensions of Kimchi (kimchi/src/circuits/wires.rs).
const (
	Columns = 15 // COLUMNS: witness columns
	Permuts = 7  // PERMUTS: columns taking part in the permutation
)

// ProverProof is kimchi's ProverProof<G, OpeningProof> with the IPA opening
// proof, fields in serialization order (kimchi/src/proof.rs).
type ProverProof struct {
	Commitments    ProverCommitments
	Proof          OpeningProof
	Evals          ProofEvaluations
	FtEval1        Scalar
	PrevChallenges []RecursionChallenge
}

// ProverCommitments are the commitments to the witness, permutation
// aggregation, quotient and lookup polynomials.
type ProverCommitments struct {
	WComm  [Columns]PolyComm
	ZComm  PolyComm
	TComm  PolyComm
	Lookup *LookupCommitments
}

// LookupCommitments are the commitments of the lookup argument.
type LookupCommitments struct {
	Sorted  []PolyComm
	Aggreg  PolyComm
	Runtime *PolyComm
}

// OpeningProof is poly-commitment's IPA OpeningProof (poly-commitment/src/ipa.rs).
type OpeningProof struct {
	LR    []LRPair
	Delta Point
	Z1    Scalar
	Z2    Scalar
	SG    Point
}

// LRPair is one round's (L, R) commitment pair of the IPA.
type LRPair struct{ L, R Point }

// RecursionChallenge is an accumulated IPA challenge vector with the
// commitment to its b polynomial.
type RecursionChallenge struct {
	Chals []Scalar
	Comm  PolyComm
}

// PointEvaluations are a polynomial's evaluations at zeta and zeta*omega,
// one element per chunk.
type PointEvaluations struct {
	Zeta      []Scalar
	ZetaOmega []Scalar
}

// ProofEvaluations are all column evaluations of a proof, in
// serialization order; optional columns are nil when absent.
type ProofEvaluations struct {
	Public                  *PointEvaluations
	W                       [Columns]PointEvaluations
	Z                       PointEvaluations
	S                       [Permuts - 1]PointEvaluations
	Coefficients            [Columns]PointEvaluations
	GenericSelector         PointEvaluations
	PoseidonSelector        PointEvaluations
	CompleteAddSelector     PointEvaluations
	MulSelector             PointEvaluations
	EmulSelector            PointEvaluations
	EndomulScalarSelector   PointEvaluations
	RangeCheck0Selector     *PointEvaluations
	RangeCheck1Selector     *PointEvaluations
	ForeignFieldAddSelector *PointEvaluations
	ForeignFieldMulSelector *PointEvaluations
	XorSelector             *PointEvaluations
	RotSelector             *PointEvaluations
	LookupAggregation       *PointEvaluations
	LookupTable             *PointEvaluations
	LookupSorted            [5]*PointEvaluations
	RuntimeLookupTable      *PointEvaluations

	RuntimeLookupTableSelector    *PointEvaluations
	XorLookupSelector             *PointEvaluations
	LookupGateLookupSelector      *PointEvaluations
	RangeCheckLookupSelector      *PointEvaluations
	ForeignFieldMulLookupSelector *PointEvaluations
}

// numProofEvaluationFields is the number of fields of ProofEvaluations.
const numProofEvaluationFields = 26

// optionalBefore lists the optional evaluation columns in serialization
// order after the mandatory ones (lookup_sorted sits between LookupTable
// and RuntimeLookupTable).
func (ev *ProofEvaluations) optionalBefore() []**PointEvaluations {
	return []**PointEvaluations{
		&ev.RangeCheck0Selector, &ev.RangeCheck1Selector, &ev.ForeignFieldAddSelector,
		&ev.ForeignFieldMulSelector, &ev.XorSelector, &ev.RotSelector,
		&ev.LookupAggregation, &ev.LookupTable,
	}
}

func (ev *ProofEvaluations) optionalAfter() []**PointEvaluations {
	return []**PointEvaluations{
		&ev.RuntimeLookupTable, &ev.RuntimeLookupTableSelector, &ev.XorLookupSelector,
		&ev.LookupGateLookupSelector, &ev.RangeCheckLookupSelector, &ev.ForeignFieldMulLookupSelector,
	}
}

// Field names in proof-systems, for error messages.
var (
	selectorNames = [...]string{
		"generic_selector", "poseidon_selector", "complete_add_selector",
		"mul_selector", "emul_selector", "endomul_scalar_selector",
	}
	optionalBeforeNames = [...]string{
		"range_check0_selector", "range_check1_selector", "foreign_field_add_selector",
		"foreign_field_mul_selector", "xor_selector", "rot_selector",
		"lookup_aggregation", "lookup_table",
	}
	optionalAfterNames = [...]string{
		"runtime_lookup_table", "runtime_lookup_table_selector", "xor_lookup_selector",
		"lookup_gate_lookup_selector", "range_check_lookup_selector", "foreign_field_mul_lookup_selector",
	}
)

func (ev *ProofEvaluations) selectors() []*PointEvaluations {
	return []*PointEvaluations{
		&ev.GenericSelector, &ev.PoseidonSelector, &ev.CompleteAddSelector,
		&ev.MulSelector, &ev.EmulSelector, &ev.EndomulScalarSelector,
	}
}

// DecodeProof decodes rmp_serde bytes of a ProverProof.
func DecodeProof(b []byte) (*ProverProof, error) {
	d := &decoder{b: b}
	p, err := d.proof()
	if err == nil {
		err = d.done()
	}
	if err != nil {
		return nil, fmt.Errorf("decode proof: %w", err)
	}
	return p, nil
}

// Encode serializes the proof exactly as rmp_serde does.
func (p *ProverProof) Encode() []byte {
	e := &encoder{}
	e.proof(p)
	return e.b
}

func (d *decoder) proof() (*ProverProof, error) {
	p := &ProverProof{}
	var err error
	if err = d.array(5, "proof"); err != nil {
		return nil, err
	}
	if p.Commitments, err = d.commitments(); err != nil {
		return nil, fmt.Errorf("commitments: %w", err)
	}
	if p.Proof, err = d.openingProof(); err != nil {
		return nil, fmt.Errorf("opening proof: %w", err)
	}
	if p.Evals, err = d.evaluations(); err != nil {
		return nil, fmt.Errorf("evals: %w", err)
	}
	if p.FtEval1, err = d.scalar("ft_eval1"); err != nil {
		return nil, err
	}
	n, err := d.arrayLen(3)
	if err != nil {
		return nil, fmt.Errorf("prev_challenges: %w", err)
	}
	p.PrevChallenges = make([]RecursionChallenge, n)
	for i := range p.PrevChallenges {
		rc := &p.PrevChallenges[i]
		what := fmt.Sprintf("prev_challenges[%d]", i)
		if err = d.array(2, what); err != nil {
			return nil, err
		}
		if rc.Chals, err = d.scalars(what + ".chals"); err != nil {
			return nil, err
		}
		if rc.Comm, err = d.polyComm(what + ".comm"); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (e *encoder) proof(p *ProverProof) {
	e.array(5)
	e.commitments(&p.Commitments)
	e.openingProof(&p.Proof)
	e.evaluations(&p.Evals)
	e.bin(p.FtEval1[:])
	e.array(len(p.PrevChallenges))
	for _, rc := range p.PrevChallenges {
		e.array(2)
		e.scalars(rc.Chals)
		e.polyComm(rc.Comm)
	}
}

func (d *decoder) commitments() (ProverCommitments, error) {
	var c ProverCommitments
	var err error
	if err = d.array(4, "commitments"); err != nil {
		return c, err
	}
	if err = d.array(Columns, "w_comm"); err != nil {
		return c, err
	}
	for i := range c.WComm {
		if c.WComm[i], err = d.polyComm(fmt.Sprintf("w_comm[%d]", i)); err != nil {
			return c, err
		}
	}
	if c.ZComm, err = d.polyComm("z_comm"); err != nil {
		return c, err
	}
	if c.TComm, err = d.polyComm("t_comm"); err != nil {
		return c, err
	}
	if d.optNil() {
		return c, nil
	}
	l := &LookupCommitments{}
	if err = d.array(3, "lookup"); err != nil {
		return c, err
	}
	if l.Sorted, err = d.polyComms("lookup.sorted"); err != nil {
		return c, err
	}
	if l.Aggreg, err = d.polyComm("lookup.aggreg"); err != nil {
		return c, err
	}
	if l.Runtime, err = d.optPolyComm("lookup.runtime"); err != nil {
		return c, err
	}
	c.Lookup = l
	return c, nil
}

func (e *encoder) commitments(c *ProverCommitments) {
	e.array(4)
	e.array(Columns)
	for _, pc := range c.WComm {
		e.polyComm(pc)
	}
	e.polyComm(c.ZComm)
	e.polyComm(c.TComm)
	if c.Lookup == nil {
		e.writeNil()
		return
	}
	e.array(3)
	e.polyComms(c.Lookup.Sorted)
	e.polyComm(c.Lookup.Aggreg)
	e.optPolyComm(c.Lookup.Runtime)
}

func (d *decoder) openingProof() (OpeningProof, error) {
	var o OpeningProof
	var err error
	if err = d.array(5, "opening proof"); err != nil {
		return o, err
	}
	n, err := d.arrayLen(1 + 2*(2+PointSize))
	if err != nil {
		return o, fmt.Errorf("lr: %w", err)
	}
	o.LR = make([]LRPair, n)
	for i := range o.LR {
		what := fmt.Sprintf("lr[%d]", i)
		if err = d.array(2, what); err != nil {
			return o, err
		}
		if o.LR[i].L, err = d.point(what + ".l"); err != nil {
			return o, err
		}
		if o.LR[i].R, err = d.point(what + ".r"); err != nil {
			return o, err
		}
	}
	if o.Delta, err = d.point("delta"); err != nil {
		return o, err
	}
	if o.Z1, err = d.scalar("z1"); err != nil {
		return o, err
	}
	if o.Z2, err = d.scalar("z2"); err != nil {
		return o, err
	}
	if o.SG, err = d.point("sg"); err != nil {
		return o, err
	}
	return o, nil
}

func (e *encoder) openingProof(o *OpeningProof) {
	e.array(5)
	e.array(len(o.LR))
	for _, lr := range o.LR {
		e.array(2)
		e.bin(lr.L[:])
		e.bin(lr.R[:])
	}
	e.bin(o.Delta[:])
	e.bin(o.Z1[:])
	e.bin(o.Z2[:])
	e.bin(o.SG[:])
}

func (d *decoder) pointEvals(what string) (PointEvaluations, error) {
	var pe PointEvaluations
	var err error
	if err = d.array(2, what); err != nil {
		return pe, err
	}
	if pe.Zeta, err = d.scalars(what + ".zeta"); err != nil {
		return pe, err
	}
	if pe.ZetaOmega, err = d.scalars(what + ".zeta_omega"); err != nil {
		return pe, err
	}
	return pe, nil
}

func (d *decoder) optPointEvals(what string) (*PointEvaluations, error) {
	if d.optNil() {
		return nil, nil
	}
	pe, err := d.pointEvals(what)
	if err != nil {
		return nil, err
	}
	return &pe, nil
}

func (e *encoder) pointEvals(pe *PointEvaluations) {
	e.array(2)
	e.scalars(pe.Zeta)
	e.scalars(pe.ZetaOmega)
}

func (e *encoder) optPointEvals(pe *PointEvaluations) {
	if pe == nil {
		e.writeNil()
		return
	}
	e.pointEvals(pe)
}

func (d *decoder) evaluations() (ProofEvaluations, error) {
	var ev ProofEvaluations
	var err error
	if err = d.array(numProofEvaluationFields, "evaluations"); err != nil {
		return ev, err
	}
	if ev.Public, err = d.optPointEvals("public"); err != nil {
		return ev, err
	}
	fixed := func(dst []PointEvaluations, name string) error {
		if err := d.array(len(dst), name); err != nil {
			return err
		}
		for i := range dst {
			if dst[i], err = d.pointEvals(fmt.Sprintf("%s[%d]", name, i)); err != nil {
				return err
			}
		}
		return nil
	}
	if err = fixed(ev.W[:], "w"); err != nil {
		return ev, err
	}
	if ev.Z, err = d.pointEvals("z"); err != nil {
		return ev, err
	}
	if err = fixed(ev.S[:], "s"); err != nil {
		return ev, err
	}
	if err = fixed(ev.Coefficients[:], "coefficients"); err != nil {
		return ev, err
	}
	for i, sel := range ev.selectors() {
		if *sel, err = d.pointEvals(selectorNames[i]); err != nil {
			return ev, err
		}
	}
	for i, opt := range ev.optionalBefore() {
		if *opt, err = d.optPointEvals(optionalBeforeNames[i]); err != nil {
			return ev, err
		}
	}
	if err = d.array(len(ev.LookupSorted), "lookup_sorted"); err != nil {
		return ev, err
	}
	for i := range ev.LookupSorted {
		if ev.LookupSorted[i], err = d.optPointEvals(fmt.Sprintf("lookup_sorted[%d]", i)); err != nil {
			return ev, err
		}
	}
	for i, opt := range ev.optionalAfter() {
		if *opt, err = d.optPointEvals(optionalAfterNames[i]); err != nil {
			return ev, err
		}
	}
	return ev, nil
}

func (e *encoder) evaluations(ev *ProofEvaluations) {
	e.array(numProofEvaluationFields)
	e.optPointEvals(ev.Public)
	e.array(len(ev.W))
	for i := range ev.W {
		e.pointEvals(&ev.W[i])
	}
	e.pointEvals(&ev.Z)
	e.array(len(ev.S))
	for i := range ev.S {
		e.pointEvals(&ev.S[i])
	}
	e.array(len(ev.Coefficients))
	for i := range ev.Coefficients {
		e.pointEvals(&ev.Coefficients[i])
	}
	for _, sel := range ev.selectors() {
		e.pointEvals(sel)
	}
	for _, opt := range ev.optionalBefore() {
		e.optPointEvals(*opt)
	}
	e.array(len(ev.LookupSorted))
	for _, pe := range ev.LookupSorted {
		e.optPointEvals(pe)
	}
	for _, opt := range ev.optionalAfter() {
		e.optPointEvals(*opt)
	}
}
