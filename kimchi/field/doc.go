// Package field owns the Pasta prime fields used by Kimchi, generated with
// gnark-crypto's field generator (assembly + radix-2 FFT):
//
//   - fp: p = 0x40000000000000000000000000000000224698fc094cf91b992d30ed00000001,
//     the Pallas base field and Vesta scalar field;
//   - fq: q = 0x40000000000000000000000000000000224698fc0994a8dd8c46eb2100000001,
//     the Vesta base field and Pallas scalar field.
//
// Both have 2-adicity 32; the FFT packages use arkworks' multiplicative
// generator 5 and its 2^32-th root of unity 5^((p-1)/2^32), so evaluation
// domains match proof-systems'. asm/ holds the shared assembly the two field
// packages #include. Everything under fp/, fq/ and asm/ is generated: run
// `go generate ./kimchi/field` (internal/gen) to rebuild it.
//
// # Pasta-specialised Mul and Square (amd64)
//
// Both moduli have 64-bit limbs (q0, q1, 0, 2⁶²), so in a Montgomery
// reduction step m·q = m·q0 + m·q1·2⁶⁴ + (m·2⁶²)·2¹⁹² needs two MULX and two
// shifts instead of gnark's four MULX. On amd64 with ADX/BMI2, Element.Mul and
// Element.Square therefore call the hand-written kernels of
// internal/gen/pasta_amd64.s.inc (copied to asm/pasta/ and #included by
// fp/ and fq/element_pasta_amd64.s): a CIOS product with 24 instead of 32 MULX
// and a squaring with 10 product MULX, both returning canonical (< q)
// results exactly like gnark's kernel. gnark's mul is still generated; it is
// the fallback without ADX (tail-called by the kernel) and the baseline of
// fp/fq's BenchmarkPastaKernels. With ADX/BMI2, Vector.Mul (the FFT's
// twiddle products) and Vector.ScalarMul run the same product in an
// assembly loop (mulVecPasta, scalarMulVecPasta; two products per iteration,
// no call per element) instead of calling Element.Mul per element.
// internal/gen refuses a modulus of any other shape. purego and arm64 builds
// are unchanged.
//
// # AVX-512 IFMA kernels are disabled
//
// gnark-crypto v0.22.0's IFMA kernels (Vector.Mul, Vector.ScalarMul) compute a
// radix-52 Montgomery product x in [0, 32q) and reduce it with a Barrett step
// k = ⌊⌊x/2^228⌋·μ/2^38⌋, μ = ⌊2^58/⌊q/2^208⌋⌋, then subtract k·q and do a
// single conditional subtraction. That is only safe if k never exceeds ⌊x/q⌋,
// i.e. if μ ≤ 2^266/q; for ordinary moduli the truncation of q>>208 is absorbed
// by the floor in μ. A Pasta modulus is 2^254 + c with c < 2^126, so
// ⌊q/2^208⌋ = 2^46 exactly, μ = 2^12 exactly, and k = ⌊x/2^254⌋, which is one
// too large whenever j·2^254 ≤ x < j·q for some j in 1..31. Then x − k·q is
// negative, the borrow out of the top 52-bit limb is masked away and the
// result comes back unreduced and wrong (e.g. Mont(1)·Mont(1), whose
// pre-Barrett value is exactly 2^256 = 4·2^254 < 4q). Random inputs hit that
// window with probability about 2^-129, which is why only the edge-case test
// fails; the purego/ADX paths never use this code. internal/gen therefore
// forces Mul and ScalarMul onto the scalar path for Pasta (ifmaEnabled =
// false in vector_amd64.go); internal/gen's emulation test shows the exact
// constant μ = ⌊2^266/q⌋ (4095) would repair the kernel.
package field

//go:generate go run ./internal/gen
