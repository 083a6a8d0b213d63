// Package kcircuit (import path codegen/kimchi) lowers a fixed-point
// quant.Program to a Kimchi circuit built with kimchi/circuit, whose
// satisfying witnesses are exactly the integer evaluations of the program
// (onnx/quant/doc.go is the contract): Compile returns the circuit, its
// public-input Layout and Stats; (*Compiled).Witness runs Program.Run and
// fills the witness; (*Compiled).Outputs decodes the public outputs.
//
// # Representation
//
// Every tensor element is an affine value a·cell + k of one witness cell
// (or a constant), with integer bounds the circuit proves. Scaling,
// adding constants and every data-movement op (Reshape, Transpose,
// Concat, Slice, Gather with constant indices, Pad, ...) are therefore
// free: Move steps run the reference kernel on element ids and rewire.
// Every node output is proven to lie in [−2^31, 2^31) (B = 32), as the
// evaluator requires, either by a range check or by construction (ReLU,
// MaxPool, Clip, tables, Softmax of in-range inputs).
//
// # Gadgets
//
// Linear relations: a relation Σ cᵢxᵢ + k = 0 over m cells costs one
// generic gate for m ≤ 3 and m − 2 otherwise (a chain of partial sums; the
// last gate takes two terms and the constant). This is optimal for
// three-cell gates, and Kimchi has no wider linear gate, so a dot product
// with constant weights costs half a row per multiply-accumulate.
//
// Division by a constant d (rescale d = 2^k, DivRound, AvgPool): hints y
// and r with N + d·2^31 = d·U + r, U = y + 2^31, in one chain with the
// dot product (n + 2 terms: n gates for n products); r ∈ [0, d) by one
// 12-bit lookup for d = 2^12 (two lookups for smaller powers of two, two
// one-row checks of r and d−1−r otherwise); U ∈ [0, 2^32) by one
// RangeCheck0 row (RangeCheck64 with its limbs above bit 40 wired to 0)
// plus a lookup of 2^8·limb₂₈. Since |N| < 2^200 (checked at compile
// time), r < d and |y| < 2^31, N = y·d + r holds over the integers, so
// y = floor(N/d) is the only solution.
//
// Signs (ReLU, LeakyRelu, Clip, table clamping): for x with
// U = x + 2^(w−1) range-checked as above, the limb holding bit w−1 is
// split as s·2^j + t with s boolean and t·2^(12−j) looked up, so s is
// [x ≥ 0] and the same lookup completes the range check: a ReLU right
// after a rescale reuses the rescale's RangeCheck0 row. ReLU is then
// y = s·U − 2^(w−1)·s, one generic gate.
//
// Maximum of n taps (MaxPool, Softmax): a hinted m with m − xᵢ ∈ [0, 2^40)
// (one RangeCheck0 row each) and Π(m − xᵢ) = 0 (n − 1 multiplications).
//
// Tables (Sigmoid, Tanh, Softmax's exp): one fixed two-column lookup table
// (index, entry) per quant.Table, ids from 2; the index is clamped to the
// table's domain by the sign gadget only where the bounds require it,
// which reproduces Table.Lookup's saturation.
//
// Softmax: e_j from the exp table of rescale(x_j − max); Z = Σe_j = 2h +
// z₀; y_j·Z + r_j = e_j·2^S + h with r_j, Z − 1 − r_j, y_j range-checked.
// An odd/even cheat of z₀ makes h = (Z − z₀)/2 a non-integer, i.e. a field
// element near p/2, which no small y_j·Z + r_j can match.
//
// # Row costs
//
// With S = 12 (rescale by 2^12), counting rows (two generic gates per
// row, three lookups per Lookup row); n = products of one output,
// "+⅚ deferred" is the tightening lookup of a range record that no sign
// consumer absorbed:
//
//	op                         rows per output element
//	input element              1.5 (+⅚ deferred)
//	MatMul/Gemm/Conv (fixed)   n/2 + 1⅓ (+⅚ deferred)
//	MatMul/Gemm/Conv (hashed)  n + 1⅓ (+⅚ deferred); + 6 per weight (Poseidon)
//	Mul by a constant          1.8 (+⅚);  computed×computed 2.3 (+⅚)
//	BatchNorm                  1.8 (+⅚)
//	DivRound                   ≈ 2.5–3 (+⅚)
//	Add/Sub                    0 with a constant in range; else 2 (+⅚)
//	Relu after a rescale       1.8;  otherwise 3.3
//	LeakyRelu                  ≈ 6
//	Clip                       3.3 per active bound
//	MaxPool (n taps)           2n − ½
//	AvgPool (n taps)           n/2 + ≈ 2.5 (+⅚)
//	Sigmoid/Tanh               ≈ 9 (rescale, two clamps, lookup)
//	Softmax (row of L)         ≈ 15 per element
//	Move                       0
//	graph output               ½ (0 when the value is a bare cell)
//	hashed input               + 6 per element (Poseidon, 12 rows per pair)
//
// Fixed tables add their length to the lookup domain (16 384 rows for
// Sigmoid and exp at the default scale, so the domain is at least 2^15).
//
// # Visibility and public inputs
//
// The public inputs are, in order (Layout): the input elements (InputPublic;
// graph inputs in Program order, row major), the input commitment
// (InputHashed), the weights commitment (WeightsHashed), then the output
// elements of every graph output in Program order. A commitment is o1js
// Poseidon.hash over Fp of the integers as field elements (negative q is
// p − |q|), the same as Commitment and kimchi/poseidon's KimchiFp().Hash:
// inputs in Program order, row major; weights are the constant operands of
// the MatMul, Gemm, Conv and BatchNorm steps in step order, then operand
// order, row major (WeightValues). Other constants (elementwise operands,
// Clip bounds, tables, divisors) stay fixed. Input elements are range
// checked to 32 bits in every mode; hashed weights are bound by their
// commitment and not range checked.
//
// # Deviations
//
// The evaluator also refuses accumulators with Σ|term| ≥ 2^62; the circuit
// does not re-prove that bound (it proves the exact result, which fits
// when every output is in range). Gather with computed indices is not
// supported (data-dependent rewiring).
package kcircuit
