package poseidon

import (
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
)

// Sponge is proof-systems' ArithmeticSponge (poseidon/src/poseidon.rs): a
// width-3, rate-2 duplex whose mode is Absorbed(n) or Squeezed(n). Absorbing
// in Absorbed(n) adds into state[n], permuting first when n = rate; absorbing
// after a squeeze adds into state[0] without permuting and moves to
// Absorbed(1). Squeezing from Absorbed permutes and returns state[0];
// squeezing in Squeezed(n) returns state[n], permuting first when n = rate.
// The zero value is not usable; copy a Sponge by value to fork it.
type Sponge[E any, P FieldPointer[E]] struct {
	params   *Params[E, P]
	state    [3]E
	squeezed bool // mode: false = Absorbed(offset), true = Squeezed(offset)
	offset   int
}

// SpongeFp is an ArithmeticSponge over Fp.
type SpongeFp = Sponge[fp.Element, *fp.Element]

// SpongeFq is an ArithmeticSponge over Fq.
type SpongeFq = Sponge[fq.Element, *fq.Element]

// NewSponge returns a sponge in its initial state: zero state, Absorbed(0).
func NewSponge[E any, P FieldPointer[E]](params *Params[E, P]) *Sponge[E, P] {
	return &Sponge[E, P]{params: params}
}

// Absorb adds the elements into the state one at a time.
func (s *Sponge[E, P]) Absorb(xs ...E) {
	for i := range xs {
		switch {
		case s.squeezed:
			P(&s.state[0]).Add(&s.state[0], &xs[i])
			s.squeezed, s.offset = false, 1
		case s.offset == Rate:
			s.params.Permute(&s.state)
			P(&s.state[0]).Add(&s.state[0], &xs[i])
			s.offset = 1
		default:
			P(&s.state[s.offset]).Add(&s.state[s.offset], &xs[i])
			s.offset++
		}
	}
}

// Squeeze returns the next output element.
func (s *Sponge[E, P]) Squeeze() E {
	switch {
	case !s.squeezed:
		s.params.Permute(&s.state)
		s.squeezed, s.offset = true, 1
		return s.state[0]
	case s.offset == Rate:
		s.params.Permute(&s.state)
		s.offset = 1
		return s.state[0]
	default:
		out := s.state[s.offset]
		s.offset++
		return out
	}
}

// Reset returns the sponge to its initial state.
func (s *Sponge[E, P]) Reset() {
	s.state = [3]E{}
	s.squeezed, s.offset = false, 0
}

// State returns a copy of the three state cells.
func (s Sponge[E, P]) State() [3]E { return s.state }

// Mode reports the sponge mode as proof-systems' SpongeState: squeezed is
// false for Absorbed(n) and true for Squeezed(n); n is returned as offset.
func (s Sponge[E, P]) Mode() (squeezed bool, offset int) { return s.squeezed, s.offset }

// Params returns the parameter set the sponge permutes with.
func (s Sponge[E, P]) Params() *Params[E, P] { return s.params }
