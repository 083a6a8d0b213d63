package o1js

import (
	"math/big"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/poseidon"
)

// TableTree is the Merkle tree over a lookup table, in o1js MerkleTree's
// convention (height h holds 2^(h−1) leaves; a leaf is the entry as a field
// element, q mod p; a node is Poseidon.hash([left, right]); unused leaves are
// 0). The generated circuit proves a lookup by a Merkle path to Root, a
// circuit constant; Levels (leaves excluded, bottom-up) let the prover build
// paths without hashing the whole table in JavaScript.
type TableTree struct {
	Height int        `json:"height"`
	Root   string     `json:"root"`
	Levels [][]string `json:"levels"`
}

func tableTree(entries []string) TableTree {
	h := 1
	for 1<<(h-1) < len(entries) {
		h++
	}
	level := make([]fp.Element, 1<<(h-1))
	for i, e := range entries {
		v, _ := new(big.Int).SetString(e, 10)
		v.Mod(v, fieldModulus)
		level[i].SetBigInt(v)
	}
	t := TableTree{Height: h}
	for len(level) > 1 {
		next := make([]fp.Element, len(level)/2)
		s := make([]string, len(next))
		for i := range next {
			next[i] = poseidon.Hash([]fp.Element{level[2*i], level[2*i+1]})
			s[i] = decimal(&next[i])
		}
		t.Levels = append(t.Levels, s)
		level = next
	}
	t.Root = decimal(&level[0])
	return t
}
