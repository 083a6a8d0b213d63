package gates

// Poseidon gate (kimchi/src/circuits/polynomials/poseidon.rs): five full
// rounds of the width-3 Kimchi permutation (S-box x^7) per row.
//
// Layout: the row holds five states of three elements; state k lives in
// columns 3·stateOrder[k] .. 3·stateOrder[k]+2 with stateOrder = [0, 2, 3,
// 4, 1], so the last state sits next to the first. State 5 is the first
// state of the next row. Coefficient 3k+j is the round constant of element
// j of round k.

// PoseidonConstraints is the number of Poseidon constraints.
const PoseidonConstraints = 15

var poseidonStateOrder = [5]int{0, 2, 3, 4, 1}

// PoseidonChecks returns, for rounds k = 0..4 and elements j = 0..2,
// next_state[j] - (rc[3k+j] + Σ_i mds[j][i]·state[i]^7).
func PoseidonChecks[T any](o Ops[T]) []T {
	res := make([]T, 0, PoseidonConstraints)
	idx := 0
	for k := range 5 {
		src := 3 * poseidonStateOrder[k]
		var sboxed [3]T
		for i := range 3 {
			sboxed[i] = pow(o, wCurr(o, src+i), 7)
		}
		row, dst := Curr, 0
		if k == 4 {
			row, dst = Next, 0
		} else {
			dst = 3 * poseidonStateOrder[k+1]
		}
		for j := range 3 {
			acc := coeff(o, idx)
			idx++
			for i := range 3 {
				acc = o.Add(acc, o.Mul(o.Mds(j, i), sboxed[i]))
			}
			res = append(res, o.Sub(o.Cell(Column{Witness, dst + j}, row), acc))
		}
	}
	return res
}
