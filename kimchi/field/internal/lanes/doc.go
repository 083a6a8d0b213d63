// Package lanes multiplies Pasta field elements four at a time with AVX2:
// Montgomery multiplication in radix 2²⁹, one element per 64-bit lane.
//
// kimchi/field's AddAffinePairs, the batch-affine bucket additions of
// kimchi/curve's MSM, runs on it where the CPU has AVX2 (PairDens, Invs,
// PairChords: four pairs a group, one per lane); kimchi/prover's IPA folding
// does not yet.
//
// Why: on the 2-vCPU AMD EPYC (Zen 3) development box kimchi/field's scalar
// MULX/ADCX/ADOX product is bound by the throughput of the integer
// multiplier and carry ports, not by its dependency chain: it costs about
// 19-20 ns chained, over independent operands, in Vector.Mul's loop, and
// also with two products interleaved instruction group by group (measured
// 2026-11-27). This package's product runs on the vector units instead and
// takes about half as long in the same run (BenchmarkMul: 9.5-10.6 against
// 18.5-20 ns in a fast spell of the box, 13.3 against 19.3-22 ns in a slow
// one). A block of eight VPMULUDQ and eight MULX also took no longer than
// the eight MULX alone, so vector and scalar products may overlap as well;
// that is not measured for whole products yet.
//
// # Representation
//
// A Vec holds four field elements: Vec[i][l] is limb i of the element in
// lane l, a = Σ_i Vec[i][l]·2^(29i) with 9 limbs. Mul takes limbs below
// 2³⁰ and returns normalised limbs and a value congruent to a·b·2⁻²⁶¹ and
// below a·b/2²⁶¹ + p (Montgomery multiplication with R = 2²⁶¹): below 2p
// when a·b < p·2²⁶¹, for example for a < 32p and b < 2p.
//
// kimchi/field keeps elements in Montgomery form with R = 2²⁵⁶. Feeding Mul
// one operand multiplied by 2⁵ (a shift, done while packing the limbs)
// gives the product in that same form: (32·aR)·(bR)/2²⁶¹ = abR.
//
// # The modulus
//
// Both Pasta moduli are p = 2²⁵⁴ + c with c < 2¹²⁶ and p ≡ 1 mod 2³². In
// radix 2²⁹ that makes limbs 5 to 7 of p zero and limb 8 equal to 2²², and
// -p⁻¹ ≡ -1 mod 2²⁹, so a reduction step needs no multiplication for its
// digit m (m = -t₀ mod 2²⁹) and five for m·p (m·2²² is a shift).
// NewModulus refuses any other shape.
package lanes
