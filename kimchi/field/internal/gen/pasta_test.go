package main

import (
	"math/big"
	"strings"
	"testing"
)

func TestCheckPastaShape(t *testing.T) {
	for _, f := range fields {
		q, _ := new(big.Int).SetString(f.modulus, 0)
		if err := checkPastaShape(q); err != nil {
			t.Errorf("%s: %v", f.pkg, err)
		}
	}
	bad := map[string]string{
		"bn254 r":     "0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001",
		"q2 != 0":     "0x40000000000000000000000000000001224698fc094cf91b992d30ed00000001",
		"q3 = 2^63":   "0x80000000000000000000000000000000224698fc094cf91b992d30ed00000001",
		"q3 = 2^62+1": "0x40000000000000010000000000000000224698fc094cf91b992d30ed00000001",
		"even":        "0x40000000000000000000000000000000224698fc094cf91b992d30ed00000000",
		"5 limbs":     "0x1" + strings.Repeat("0", 64) + "1",
	}
	for name, hex := range bad {
		q, ok := new(big.Int).SetString(hex, 0)
		if !ok {
			t.Fatalf("%s: bad hex", name)
		}
		if err := checkPastaShape(q); err == nil {
			t.Errorf("%s (%s): accepted, want an error", name, hex)
		}
	}
}
