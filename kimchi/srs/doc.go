// Package srs builds, loads and extends Kimchi's IPA structured reference
// strings over Pallas and Vesta, agreeing point for point with
// o1-labs/proof-systems (poly-commitment/src/ipa.rs at commit 136c1df).
//
// Facts (checked by TestCreateMatchesFiles against
// shared/kimchi-vectors/srs/{pallas,vesta}.srs, 2^16 points each plus H;
// pallas.srs holds Pallas points with x, y in Fp and vesta.srs Vesta points
// over Fq):
//
//   - SRS::create(depth) / create_parallel: G_i = point_of_random_bytes(
//     Blake2b-512(u32_be(i))) for i < depth, and H = point_of_random_bytes(
//     Blake2b-512("srs_misc" ‖ u32_be(0))).
//   - point_of_random_bytes: of the 64 hash bytes only the first 31 are
//     used; bits[8i+j] = bit j (least significant first) of byte i, and
//     BigInteger::from_bits_be reads bits[0] as the most significant bit
//     (ark-ff 0.5 biginteger from_bits_be reverses, then packs little-endian).
//     So t = Σ reverse8(byte_i)·256^(30-i) < 2^248, always canonical. Then
//     (x, y) = groupmap.ToGroup(t) with arkworks' square root for y, and
//     mul_by_cofactor is the identity (cofactor 1).
//   - The files are rmp_serde [g[], h] with compressed points (kimchi/wire);
//     the Lagrange-basis cache is not serialized.
//   - SRS::lagrange_basis(domain): for chunk c < ceil(n/len(G)), u is the
//     length-n vector with u_{c·len(G)+j} = G_j (as far as it fits) and the
//     point at infinity elsewhere; the chunk is domain.ifft(u), i.e. L_i =
//     (1/n)·Σ_j ω^(-ij)·u_j with ω = Radix2EvaluationDomain group_gen =
//     5^((r-1)/n) in the scalar field r. With n ≤ len(G) there is one chunk.
//     The result is independent of the FFT algorithm, so this package uses
//     its own radix-2 group FFT (lagrange.go): stages are merged into blocks
//     whose outputs are small multi-scalar sums sharing their doublings, all
//     points stay affine with one field inversion per round of independent
//     additions (batch_pallas.go), and scalars are split with the curve's
//     cube-root endomorphism and recoded in w-NAF (glv.go).
//
// Cache stores bases on disk keyed by curve, SRS depth and domain size, with
// an SRS digest and a content hash (proof-systems' optional
// LAGRANGE_CACHE_DIR cache in lagrange_basis.rs plays the same role; the
// formats differ).
package srs
