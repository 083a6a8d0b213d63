// Package circuit builds Kimchi circuits over the Vesta scalar field
// (kimchi/field/fp, o1js's Field, the field of Experimental.ZkFunction's
// Vesta-based proofs) and generates and checks their witnesses.
//
// # Builder
//
// A Builder records variables and gates in the style of gnark's frontend API
// while following o1js 2.15.0 / snarky's emission rules exactly, so that a
// circuit written the same way gives the same gates, wires and coefficients
// (checked against o1js for arithmetic, constants, linear combinations,
// Poseidon, rangeCheck64 and multiRangeCheck):
//
//   - Variables are linear combinations; Add, Sub, Neg, MulConst and
//     LinearCombination are free. Mul, Square, Inverse, the assertions and
//     the gadgets reduce operands to single cells as o1js's
//     reduceToScaledVar does (one Generic gate per extra term or constant).
//   - Generic gates are queued and packed two per row, the newer one in
//     columns 0..2 (snarky's pending generic gate).
//   - AssertEqual of two variables with equal scale is a copy constraint;
//     equality with a constant reuses a cached variable per constant.
//   - Public inputs occupy the first rows (Generic, coefficient 1 on column
//     0), whatever the order of allocation.
//   - Copy constraints: every class of equal variables is a permutation
//     cycle through its cells in (row, column) order, the last cell pointing
//     to the first, as o1js 2.15.0 produces.
//
// Deviation from o1js: a linear combination whose terms cancel (x − x) is a
// constant here, whereas o1js treats it as a variable in Mul.
//
// # Gadgets
//
// Rows per gadget: Poseidon 12 per permutation (11 Poseidon + Zero);
// RangeCheck64 1 RangeCheck0 row; MultiRangeCheck 4 rows (RangeCheck0,
// RangeCheck0, RangeCheck1, Zero); RangeCheckBits(k) k ≤ 12: 1–2 lookups in
// the 12-bit table (three per Lookup row) and half a Generic row, k in {16,
// 28, 40, 52, 64}: one RangeCheck0 row, other k ≤ 64: two RangeCheck0 rows
// and half a Generic row; IsNonNegative/ReLU on [−2^31, 2^31): two
// RangeCheck0 rows and 1.5 (2 for ReLU) Generic rows; Lookup: three lookups
// per Lookup row. Constants used by gadgets (0, table ids) cost one Generic
// half-row each, once per circuit.
//
// # Errors
//
// Building never panics on values: errors (for example asserting two
// different constants equal) are recorded and returned by Compile. Using a
// Variable with a Builder that did not create it, or using a Builder after
// Compile, panics.
//
// # Witness and checks
//
// Circuit.Witness runs the hints and fills the fifteen columns;
// Circuit.Check evaluates every gate's constraints with the single
// definitions in kimchi/gates (through an Ops implementation over concrete
// rows), then the copy constraints and the lookups, and names the first
// failure.
package circuit
