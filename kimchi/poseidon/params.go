package poseidon

import (
	"fmt"
	"sync"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
)

// Width is the Poseidon state size (capacity 1 + rate 2) of every
// parameter set here.
const Width = 3

// Rate is the number of field elements absorbed per permutation.
const Rate = 2

// constantTable holds one parameter set's MDS matrix and round constants as
// decimal strings (see constants.go).
type constantTable struct {
	mds            [3][3]string
	roundConstants [][3]string
}

// Params is an immutable Poseidon parameter set over the field E: S-box
// exponent, number of full rounds, whether an initial round-constant
// addition precedes the rounds, the 3×3 MDS matrix and the round constants.
type Params[E any, P FieldPointer[E]] struct {
	name           string
	sbox           int
	fullRounds     int
	initialARK     bool
	mds            [3][3]E
	roundConstants [][3]E
	// permute, when set, is a field-specific copy of permuteGeneric.
	permute func(state *[3]E)
}

// ParamsFp is a parameter set over Fp, the Pallas base field (o1js Field).
type ParamsFp = Params[fp.Element, *fp.Element]

// ParamsFq is a parameter set over Fq, the Vesta base field.
type ParamsFq = Params[fq.Element, *fq.Element]

// Parameter sets as in proof-systems poseidon/src/constants.rs:
// PlonkSpongeConstantsKimchi (x^7, 55 full rounds, no initial ARK) and
// PlonkSpongeConstantsLegacy (x^5, 63 full rounds, initial ARK).
const (
	kimchiSBox       = 7
	kimchiFullRounds = 55
	legacySBox       = 5
	legacyFullRounds = 63
)

// The four parameter sets are parsed once on first use and never modified.
var (
	kimchiFp = sync.OnceValue(func() *ParamsFp {
		return withPermuteFp(mustParams[fp.Element]("kimchi-fp", &fpKimchiTable, kimchiSBox, kimchiFullRounds, false))
	})
	kimchiFq = sync.OnceValue(func() *ParamsFq {
		return withPermuteFq(mustParams[fq.Element]("kimchi-fq", &fqKimchiTable, kimchiSBox, kimchiFullRounds, false))
	})
	legacyFp = sync.OnceValue(func() *ParamsFp {
		return withPermuteFp(mustParams[fp.Element]("legacy-fp", &fpLegacyTable, legacySBox, legacyFullRounds, true))
	})
	legacyFq = sync.OnceValue(func() *ParamsFq {
		return withPermuteFq(mustParams[fq.Element]("legacy-fq", &fqLegacyTable, legacySBox, legacyFullRounds, true))
	})
)

// KimchiFp returns the Kimchi parameters over Fp (proof-systems
// fp_kimchi.rs; o1js Poseidon). The value is shared and read-only.
func KimchiFp() *ParamsFp { return kimchiFp() }

// KimchiFq returns the Kimchi parameters over Fq (proof-systems
// fq_kimchi.rs). The value is shared and read-only.
func KimchiFq() *ParamsFq { return kimchiFq() }

// LegacyFp returns the legacy parameters over Fp (proof-systems
// fp_legacy.rs; o1js PoseidonLegacy, Mina legacy signatures).
func LegacyFp() *ParamsFp { return legacyFp() }

// LegacyFq returns the legacy parameters over Fq (proof-systems
// fq_legacy.rs). The value is shared and read-only.
func LegacyFq() *ParamsFq { return legacyFq() }

// mustParams parses a compiled-in table. The tables are fixed data covered by
// the package tests, so a failure here is a bug in this package, not bad
// input, and is reported by panicking.
func mustParams[E any, P FieldPointer[E]](name string, t *constantTable, sbox, fullRounds int, initialARK bool) *Params[E, P] {
	p, err := newParams[E, P](name, t, sbox, fullRounds, initialARK)
	if err != nil {
		panic(fmt.Sprintf("poseidon: corrupt compiled-in constants: %v", err))
	}
	return p
}

func newParams[E any, P FieldPointer[E]](name string, t *constantTable, sbox, fullRounds int, initialARK bool) (*Params[E, P], error) {
	need := fullRounds
	if initialARK {
		need++
	}
	if len(t.roundConstants) < need {
		return nil, fmt.Errorf("%s: %d round-constant rows, need %d", name, len(t.roundConstants), need)
	}
	p := &Params[E, P]{
		name:           name,
		sbox:           sbox,
		fullRounds:     fullRounds,
		initialARK:     initialARK,
		roundConstants: make([][3]E, len(t.roundConstants)),
	}
	parse := func(dst *E, s, what string) error {
		if _, err := P(dst).SetString(s); err != nil {
			return fmt.Errorf("%s: %s: %w", name, what, err)
		}
		return nil
	}
	for i := range 3 {
		for j := range 3 {
			if err := parse(&p.mds[i][j], t.mds[i][j], fmt.Sprintf("mds[%d][%d]", i, j)); err != nil {
				return nil, err
			}
		}
	}
	for r, row := range t.roundConstants {
		for j := range 3 {
			if err := parse(&p.roundConstants[r][j], row[j], fmt.Sprintf("round constant [%d][%d]", r, j)); err != nil {
				return nil, err
			}
		}
	}
	return p, nil
}

// Name identifies the parameter set ("kimchi-fp", "legacy-fq", …).
func (p *Params[E, P]) Name() string { return p.name }

// SBox returns the S-box exponent (7 for Kimchi, 5 for legacy).
func (p *Params[E, P]) SBox() int { return p.sbox }

// FullRounds returns the number of full rounds of the permutation.
func (p *Params[E, P]) FullRounds() int { return p.fullRounds }

// InitialARK reports whether the permutation adds round-constant row 0 before
// the first round (legacy) rather than starting with the S-box (Kimchi).
func (p *Params[E, P]) InitialARK() bool { return p.initialARK }

// MDS returns a copy of the MDS matrix; row i gives the coefficients of the
// new state[i].
func (p *Params[E, P]) MDS() [3][3]E { return p.mds }

// RoundConstants returns a copy of all round-constant rows as listed in the
// source (legacy lists 100 rows of which the permutation uses 64).
func (p *Params[E, P]) RoundConstants() [][3]E {
	return append([][3]E(nil), p.roundConstants...)
}
