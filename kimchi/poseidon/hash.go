package poseidon

import (
	"fmt"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

// maxPrefixLen is the longest domain prefix o1js accepts: prefixToField in
// src/lib/provable/crypto/poseidon.ts rejects prefix.length*8 >= 255.
const maxPrefixLen = 31

// Update absorbs input into state and returns the new state, as o1js
// Poseidon.update (src/bindings/crypto/poseidon.ts): an empty input permutes
// once; otherwise the input is zero-padded to a multiple of the rate and each
// block is added into state[0..1] followed by a permutation.
func (p *Params[E, P]) Update(state [3]E, input []E) [3]E {
	if len(input) == 0 {
		p.Permute(&state)
		return state
	}
	for i := 0; i < len(input); i += Rate {
		P(&state[0]).Add(&state[0], &input[i])
		if i+1 < len(input) {
			P(&state[1]).Add(&state[1], &input[i+1])
		}
		p.Permute(&state)
	}
	return state
}

// Hash returns o1js Poseidon.hash(input) under these parameters: Update from
// the zero state, then state[0]. It equals proof-systems' ArithmeticSponge
// absorb(input) then squeeze(), including for the empty input (one
// permutation of the zero state). Like both, it pads with zeros, so inputs
// that differ only by one trailing zero to an even length collide.
func (p *Params[E, P]) Hash(input []E) E {
	return p.Update([3]E{}, input)[0]
}

// Salt returns the state after absorbing the domain prefix, o1js
// salt(prefix) = update(initialState, [prefixToField(prefix)]).
func (p *Params[E, P]) Salt(prefix string) ([3]E, error) {
	f, err := PrefixToField[E, P](prefix)
	if err != nil {
		return [3]E{}, err
	}
	return p.Update([3]E{}, []E{f}), nil
}

// HashWithPrefix returns o1js hashWithPrefix(prefix, input) =
// update(salt(prefix), input)[0]. With an empty input this permutes the
// salted state once more (o1js's convention; Rust mina-hasher differs there).
func (p *Params[E, P]) HashWithPrefix(prefix string, input []E) (E, error) {
	salt, err := p.Salt(prefix)
	if err != nil {
		var zero E
		return zero, err
	}
	return p.Update(salt, input)[0], nil
}

// PrefixToField packs an ASCII domain prefix of at most 31 characters into a
// field element: byte i of the string is bits 8i..8i+7 (little-endian), as
// o1js prefixToField and OCaml Random_oracle.prefix_to_field. The prefix is
// not padded; Mina's prefixes are already 20 characters ('*'-padded).
func PrefixToField[E any, P FieldPointer[E]](prefix string) (E, error) {
	var z E
	if len(prefix) > maxPrefixLen {
		return z, fmt.Errorf("poseidon: prefix %q is %d bytes, longer than %d", prefix, len(prefix), maxPrefixLen)
	}
	var l [4]uint64
	for i := 0; i < len(prefix); i++ {
		c := prefix[i]
		if c >= 0x80 {
			return z, fmt.Errorf("poseidon: prefix %q has non-ASCII byte 0x%02x at %d", prefix, c, i)
		}
		l[i/8] |= uint64(c) << (8 * (i % 8))
	}
	z, err := fromLimbs[E, P](l)
	if err != nil {
		return z, fmt.Errorf("poseidon: prefix %q: %w", prefix, err)
	}
	return z, nil
}

// Hash returns o1js Poseidon.hash(input) over Fp (Kimchi parameters).
func Hash(input []fp.Element) fp.Element { return KimchiFp().Hash(input) }

// HashWithPrefix returns o1js Poseidon.hashWithPrefix(prefix, input) over Fp
// (Kimchi parameters).
func HashWithPrefix(prefix string, input []fp.Element) (fp.Element, error) {
	return KimchiFp().HashWithPrefix(prefix, input)
}

// HashLegacy returns o1js PoseidonLegacy.hash(input) over Fp (legacy
// parameters, used by Mina's legacy signatures).
func HashLegacy(input []fp.Element) fp.Element { return LegacyFp().Hash(input) }

// HashWithPrefixLegacy returns mina-signer's HashLegacy.hashWithPrefix(prefix,
// input) over Fp (legacy parameters).
func HashWithPrefixLegacy(prefix string, input []fp.Element) (fp.Element, error) {
	return LegacyFp().HashWithPrefix(prefix, input)
}
