package poseidon

import (
	"encoding/binary"
	"fmt"
)

// FieldPointer is the method set, on a pointer to a gnark-crypto style
// element type E, that the generic Poseidon code needs; *fp.Element and
// *fq.Element satisfy it.
type FieldPointer[E any] interface {
	*E
	Set(x *E) *E
	SetZero() *E
	SetOne() *E
	SetUint64(v uint64) *E
	Add(x, y *E) *E
	Neg(x *E) *E
	Double(x *E) *E
	Mul(x, y *E) *E
	Square(x *E) *E
	Equal(x *E) bool
	IsZero() bool
	SetString(s string) (*E, error)
	SetBytesCanonical(b []byte) error
	Bits() [4]uint64
}

// limbs returns the canonical (non-Montgomery) value of x as four 64-bit
// limbs, least significant first, as arkworks' into_bigint does.
func limbs[E any, P FieldPointer[E]](x *E) [4]uint64 {
	return P(x).Bits()
}

// fromLimbs sets an element from canonical little-endian limbs, failing when
// the value is not below the modulus.
func fromLimbs[E any, P FieldPointer[E]](l [4]uint64) (E, error) {
	var be [32]byte
	for i := range 4 {
		binary.BigEndian.PutUint64(be[24-8*i:], l[i])
	}
	var z E
	if err := P(&z).SetBytesCanonical(be[:]); err != nil {
		return z, fmt.Errorf("limbs %x do not encode a field element: %w", l, err)
	}
	return z, nil
}

// modulusLimbs returns the field modulus as little-endian limbs, computed as
// (-1) + 1 so that the generic code needs no per-field constant.
func modulusLimbs[E any, P FieldPointer[E]]() [4]uint64 {
	var m E
	P(&m).SetOne()
	P(&m).Neg(&m)
	l := P(&m).Bits()
	for i := range 4 {
		l[i]++
		if l[i] != 0 {
			break
		}
	}
	return l
}

// lessLimbs reports whether a < b as 256-bit little-endian integers.
func lessLimbs(a, b [4]uint64) bool {
	for i := 3; i >= 0; i-- {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}
