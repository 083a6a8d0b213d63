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
// # Range-check backends
//
// The gadgets above use Kimchi's 12-bit table (id 1, 4,096 rows, implied
// by the RangeCheck0 rows), which alone sets a domain of 2^13 even for a
// 34-row circuit. Options.RangeLimbBits = L ∈ [2, 11] replaces it by a
// fixed one-column table 0..2^L−1 (the id after the activation tables; no
// RangeCheck0/RangeCheck1 gate, no lookup into table 1). Every range
// check keeps its shape with L in place of 12: a k-bit check with k ≤ L
// is one or two lookups (x and x·2^(L−k)); a range record U ∈ [0, 2^w) is
// n = ceil(w/L) hinted limbs, each looked up, with U = Σ limbᵢ·2^(iL) by
// generic gates (n − 1 of them for n ≥ 3, one otherwise), and the limb
// holding bit w−1 (position j) is tightened (limb·2^(L−1−j) looked up;
// nothing when j = L−1) or split for a sign (s·2^j + t, t·2^(L−j) looked
// up) exactly as above; rangeLoose checks ceil(need/L) full limbs.
//
// Soundness: every limb, the top one included, is looked up, so it is an
// integer in [0, 2^L); Σ limbᵢ·2^(iL) < 2^(nL) ≤ 2^75 is far below p, so
// U equals it over the integers and U < 2^(nL). As the top limb is below
// 2^L, limb·2^(L−1−j) < 2^(2L) does not wrap, and its lookup gives
// limb < 2^(j+1), so U < 2^w; for a sign, t = limb − s·2^j lies in
// (−2^j, 2^L) and t·2^(L−j) < 2^L gives t ∈ [0, 2^j), so s is bit w−1.
// The top limb's own lookup is needed: with the scaled lookup alone,
// top = z/2^(L−1−j) passes for every z < 2^L, and then U = lower +
// z·2^((n−1)L−(L−1−j)) reaches past 2^w (TestRangeGadgets forges such
// splits). The decomposition is unique, so witnesses stay unique.
//
// RangeLimbBits = 12 is the 12-bit backend; 0 (auto) compiles with it
// and, only when the circuit without the 4,096-row table would fit a
// smaller domain, also with L = 4, 5, 6, 7 and 8, keeping the smallest
// domain (ties: fewest rows, then the 12-bit backend, then the smaller
// L). The choice depends only on the program and options, so recompiling
// gives the same circuit. Stats.RangeLimbBits reports it. The EZKL peer
// network (Gemm 3→4, Relu) goes from 34 rows in 2^13 to 62 rows in 2^7
// (L = 6), digits_mlp from 1 537 rows in 2^13 to 1 739 rows in 2^11
// (L = 8).
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
// With L-bit limbs, the range checks in these costs change as follows
// (rows; a range record is a 32-bit output or input element's check, the
// remainder that of a rescale by 2^12, the deferred tightening the "+⅚"
// above; signs cost the same in every backend):
//
//	                     12-bit  L=4   L=5   L=6   L=7   L=8
//	32-bit range record  1       6⅙    5⅓    4½    3⅔    2⅚
//	deferred tightening  ⅚       0     ⅚     ⅚     ⅚     0
//	12-bit remainder     ⅓       2     2⅚    1⅙    2     2
//	table rows           4 096   16    32    64    128   256
//
// In general a k-bit check (k > L) costs ceil(k/L) lookups, the generic
// gates of its limb sum and, unless bit k−1 tops its limb, one more lookup
// and half a row for the scaled limb. So the limb backends pay 2–5 rows
// more per range record for a table 16–256 times smaller: they win only
// where the 12-bit table sets the domain.
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
