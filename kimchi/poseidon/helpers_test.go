package poseidon

import (
	"encoding/hex"
	"fmt"
	"math/big"
	"slices"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
)

// fromHexLE decodes a field element written as little-endian bytes in hex
// (proof-systems' FieldHelpers::from_hex / to_hex).
func fromHexLE[E any, P FieldPointer[E]](s string) (E, error) {
	var z E
	b, err := hex.DecodeString(s)
	if err != nil {
		return z, fmt.Errorf("hex %q: %w", s, err)
	}
	if len(b) != 32 {
		return z, fmt.Errorf("hex %q: %d bytes, want 32", s, len(b))
	}
	slices.Reverse(b)
	if err := P(&z).SetBytesCanonical(b); err != nil {
		return z, fmt.Errorf("hex %q: %w", s, err)
	}
	return z, nil
}

func mustHexFp(t testing.TB, s string) fp.Element {
	t.Helper()
	x, err := fromHexLE[fp.Element](s)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func mustHexFq(t testing.TB, s string) fq.Element {
	t.Helper()
	x, err := fromHexLE[fq.Element](s)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func mustDec[E any, P FieldPointer[E]](t testing.TB, s string) E {
	t.Helper()
	var z E
	if _, err := P(&z).SetString(s); err != nil {
		t.Fatalf("parse %q: %v", s, err)
	}
	return z
}

func toBig[E any, P FieldPointer[E]](x E) *big.Int {
	l := P(&x).Bits()
	v := new(big.Int)
	for i := 3; i >= 0; i-- {
		v.Lsh(v, 64)
		v.Or(v, new(big.Int).SetUint64(l[i]))
	}
	return v
}

func fromBig[E any, P FieldPointer[E]](t testing.TB, v *big.Int) E {
	t.Helper()
	var l [4]uint64
	w := new(big.Int).Set(v)
	mask := new(big.Int).SetUint64(^uint64(0))
	for i := range 4 {
		l[i] = new(big.Int).And(w, mask).Uint64()
		w.Rsh(w, 64)
	}
	z, err := fromLimbs[E, P](l)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

func decStrings[E any, P FieldPointer[E]](xs []E) []string {
	out := make([]string, len(xs))
	for i := range xs {
		out[i] = toBig[E, P](xs[i]).String()
	}
	return out
}
