package poseidon

// Permute applies the Poseidon permutation to state in place, as
// proof-systems poseidon/src/permutation.rs poseidon_block_cipher: with an
// initial ARK (legacy) round-constant row 0 is added first and round r uses
// row r+1; each full round is S-box on all three cells, MDS, then add the
// round's constants.
func (p *Params[E, P]) Permute(state *[3]E) {
	if p.permute != nil {
		p.permute(state)
		return
	}
	permuteGeneric(p, state)
}

// permuteGeneric is the permutation for any field; the parameter sets of this
// package install a field-specific copy (permute_fp.go, permute_fq.go)
// because calls through the generic dictionary make every temporary escape
// to the heap.
func permuteGeneric[E any, P FieldPointer[E]](p *Params[E, P], state *[3]E) {
	offset := 0
	if p.initialARK {
		rc := &p.roundConstants[0]
		for i := range 3 {
			P(&state[i]).Add(&state[i], &rc[i])
		}
		offset = 1
	}
	m := &p.mds
	for r := range p.fullRounds {
		if p.sbox == kimchiSBox {
			sbox7[E, P](&state[0])
			sbox7[E, P](&state[1])
			sbox7[E, P](&state[2])
		} else {
			sbox5[E, P](&state[0])
			sbox5[E, P](&state[1])
			sbox5[E, P](&state[2])
		}
		rc := &p.roundConstants[r+offset]
		var next [3]E
		var t E
		for i := range 3 {
			n := P(&next[i])
			n.Mul(&m[i][0], &state[0])
			P(&t).Mul(&m[i][1], &state[1])
			n.Add(n, &t)
			P(&t).Mul(&m[i][2], &state[2])
			n.Add(n, &t)
			n.Add(n, &rc[i])
		}
		*state = next
	}
}

// sbox7 sets x to x^7 (x·x²·x⁴).
func sbox7[E any, P FieldPointer[E]](x *E) {
	var sq E
	P(&sq).Square(x)
	P(x).Mul(x, &sq)
	P(&sq).Square(&sq)
	P(x).Mul(x, &sq)
}

// sbox5 sets x to x^5 (x·x⁴).
func sbox5[E any, P FieldPointer[E]](x *E) {
	var sq E
	P(&sq).Square(x)
	P(&sq).Square(&sq)
	P(x).Mul(x, &sq)
}
