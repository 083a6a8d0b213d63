package o1js

import (
	"fmt"
	"math/big"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/poseidon"
)

// Commitments as the generated circuits compute them, with o1js
// Poseidon.hash (= kimchi/poseidon.Hash over Fp); a signed integer q is the
// field element q mod p.

func element(v *big.Int) fp.Element {
	var e fp.Element
	e.SetBigInt(new(big.Int).Mod(v, fieldModulus))
	return e
}

func elements(v []int64) []fp.Element {
	out := make([]fp.Element, len(v))
	for i, x := range v {
		out[i].SetInt64(x)
	}
	return out
}

// InputCommitment is the Link.input of a proof of the quantized input q:
// Poseidon(q) for the public and hashed visibilities, Poseidon(salt, q) for
// private ones (salt is then required).
func InputCommitment(visibility string, q []int64, salt *fp.Element) (string, error) {
	vals := elements(q)
	switch visibility {
	case "public", "hashed":
	case "private":
		if salt == nil {
			return "", fmt.Errorf("o1js: a private input commitment needs its salt")
		}
		vals = append([]fp.Element{*salt}, vals...)
	default:
		return "", fmt.Errorf("o1js: input visibility %q", visibility)
	}
	h := poseidon.Hash(vals)
	return decimal(&h), nil
}

// OutputHash is the Link.acts of the final proof: Poseidon(output).
func OutputHash(out []int64) string {
	h := poseidon.Hash(elements(out))
	return decimal(&h)
}

// ParamsCommitmentWith is the weights commitment of witnessed weights:
// h = salt (0 when nil), then for every chunk h = Poseidon(h, w...) over the
// tensors in Chunk.Params. Fixed weights have no commitment ("0").
func (m *Model) ParamsCommitmentWith(salt *fp.Element) (string, error) {
	if m.ParamVisibility == "" || m.ParamVisibility == "fixed" {
		return "0", nil
	}
	var h fp.Element
	if salt != nil {
		h = *salt
	}
	for _, ch := range m.Chunks {
		vals := []fp.Element{h}
		for _, id := range ch.Params {
			for _, s := range m.Tensors[id] {
				v, ok := new(big.Int).SetString(s, 10)
				if !ok {
					return "", fmt.Errorf("o1js: tensor %d holds %q", id, s)
				}
				vals = append(vals, element(v))
			}
		}
		h = poseidon.Hash(vals)
	}
	return decimal(&h), nil
}

// SetParamSalt fixes the secret salt of private weights and records the
// resulting commitment in the model (the contract stores it).
func (m *Model) SetParamSalt(salt fp.Element) error {
	if m.ParamVisibility != "private" {
		return fmt.Errorf("o1js: a params salt needs private weights, not %q", m.ParamVisibility)
	}
	c, err := m.ParamsCommitmentWith(&salt)
	if err != nil {
		return err
	}
	m.ParamsCommitment = c
	return nil
}

// decimal is e in canonical decimal, 0 ≤ e < p (fp's String writes small
// negatives with a minus sign).
func decimal(e *fp.Element) string {
	return e.BigInt(new(big.Int)).String()
}
