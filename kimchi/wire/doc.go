// Package wire reads and writes o1-labs/proof-systems' MessagePack wire
// format (rmp_serde) for Kimchi proofs, verifier indexes, IPA SRS files and
// the test fixtures that bundle them, reproducing rmp_serde's bytes exactly.
//
// It has two layers. DecodeValue/EncodeValue handle arbitrary MessagePack as
// a Value tree that records each value's concrete Format (fixint versus
// uint8, fixarray versus array16, ...), so any input re-encodes
// identically; Uint, Int, Bin, Array, ... build values in rmp's canonical
// (smallest) formats. The typed layer (DecodeFixture, DecodeProof,
// DecodeVerifierIndex, DecodeSRS and the Encode methods) works on Go structs
// that mirror proof-systems' types field for field. It accepts only
// canonical encodings (ErrNonCanonical otherwise), so whatever it decodes
// re-encodes to the same bytes. Field elements and points stay as raw
// bytes (Scalar, Point); arithmetic lives elsewhere. Every length read from
// the input is bounded by the bytes that remain, and nesting is bounded by
// MaxDepth, so corrupt input yields an error, not a panic or a huge
// allocation.
//
// # Layout facts
//
// Checked against o1-labs/proof-systems at commit 136c1df and against the
// 40 fixtures and two SRS files in shared/kimchi-vectors (the tests
// TestFixturesRoundTrip, TestLayoutFacts and TestSRSRoundTrip verify them):
//
//   - rmp_serde 1.2 (Cargo.lock) with its default configuration:
//     structs, tuples and fixed-size arrays are positional MessagePack
//     arrays; None is nil and Some(x) is x itself; integers take rmp's
//     smallest format (write_uint, write_sint); serialize_bytes is the
//     smallest bin. Every fixture is in this canonical form.
//   - Field elements and points go through o1_utils' SerdeAs
//     (utils/src/serialization.rs): arkworks serialize_compressed into a
//     buffer, then serde_with::Bytes, i.e. a MessagePack bin.
//   - Scalars (ark-ff 0.5): bin8 of 32 bytes, little-endian, canonical
//     (below the modulus; not Montgomery form).
//   - Points (ark-ec 0.5 short Weierstrass, compressed): bin8 of 33 bytes.
//     The 255-bit Pasta modulus plus ark's 2 flag bits need 257 bits, so
//     bytes 0..31 are x little-endian and byte 32 holds only the flags:
//     0x00 y is the smaller root (y <= -y), 0x80 y is the larger one, 0x40
//     the point at infinity with x = 0 (ark-ec's SWFlags). The fixtures
//     contain all three; every x lies on y^2 = x^3 + 5. Infinity shows up
//     only in verifier-index coefficient commitments of unused columns.
//   - PolyComm (poly-commitment/src/commitment.rs) is a struct with the
//     single field chunks: Vec<G>, so it is [[point, ...]]; there is no
//     shifted field at this commit.
//   - ProverProof (kimchi/src/proof.rs) is [commitments, proof, evals,
//     ft_eval1, prev_challenges]; commitments are [w_comm[15], z_comm,
//     t_comm, lookup?] with lookup = [sorted[], aggreg, runtime?];
//     RecursionChallenge is [chals[], comm].
//   - The IPA OpeningProof (poly-commitment/src/ipa.rs) is [lr, delta, z1,
//     z2, sg] with lr an array of [L, R] pairs.
//   - ProofEvaluations has 26 fields: public?, w[15], z, s[6],
//     coefficients[15], six mandatory selectors, six optional gate
//     selectors, lookup_aggregation?, lookup_table?, lookup_sorted[5] (each
//     optional), runtime_lookup_table?, five optional lookup selectors.
//     Each column is PointEvaluations [zeta[], zeta_omega[]] with one
//     scalar per chunk (one in all fixtures).
//   - VerifierIndex (kimchi/src/verifier_index.rs) serializes 21 fields:
//     domain, max_poly_size, zk_rows, public, prev_challenges, sigma_comm[7],
//     coefficients_comm[15], six selector commitments, six optional gate
//     commitments, shift[7], lookup_index?. srs, the permutation vanishing
//     polynomial, w, endo, linearization and powers_of_alpha are
//     #[serde(skip)]: the linearization is not on the wire and is rebuilt
//     from the fixture's feature flags; endo travels in the fixture.
//   - domain is one SerdeAs bin of 236 bytes: ark-poly 0.5's derived
//     CanonicalSerialize of Radix2EvaluationDomain, i.e. size u64 LE,
//     log_size_of_group u32 LE, then size_as_field_element, size_inv,
//     group_gen, group_gen_inv, offset, offset_inv, offset_pow_size.
//   - LookupVerifierIndex is [joint_lookup_used, lookup_table[],
//     lookup_selectors [xor?, lookup?, range_check?, ffmul?], table_ids?,
//     lookup_info [max_per_row, max_joint_size, features],
//     runtime_tables_selector?] (kimchi/src/circuits/lookup/index.rs and
//     lookups.rs); LookupFeatures is [[xor, lookup, range_check,
//     foreign_field_mul], joint_lookup_used, uses_runtime_tables].
//   - The fixture (RawFixture in kimchi/src/tests/fixtures.rs, written by
//     kimchi/src/tests/framework.rs) is [proof_bytes, verifier_index_bytes,
//     public_inputs_bytes, num_public_inputs, feature_flags, endo?]. The
//     byte fields are plain Vec<u8>, so they are MessagePack arrays of
//     integers, not bin. public_inputs_bytes is the concatenation of
//     32-byte scalars with no length prefix. feature_flags
//     (kimchi/src/circuits/constraints.rs) is [range_check0, range_check1,
//     foreign_field_add, foreign_field_mul, xor, rot, LookupFeatures]. Some
//     fixtures predate endo and are 5-element arrays (Fixture.NoEndoField).
//   - SRS (poly-commitment/src/ipa.rs) is [g[], h] (lagrange_bases is
//     skipped); both files hold 2^16 g points (array32) plus h.
//     vesta.srs holds Vesta points (x over Fq), pallas.srs Pallas points.
//
// README.md lists what each fixture contains; TestFixtureTable derives that
// table from the data and checks it is current.
package wire
