// Package poseidon implements the Poseidon permutation and hashes of Mina and
// o1js, and the Fiat–Shamir sponges of Kimchi, over the two Pasta fields:
// Fp (kimchi/field/fp, the Pallas base field = Vesta scalar field, o1js
// Field) and Fq (kimchi/field/fq, the Vesta base field = Pallas scalar
// field).
//
// # Parameters
//
// Four parameter sets, transcribed in constants.go from
// github.com/o1-labs/proof-systems at commit 136c1df
// (poseidon/src/pasta/{fp,fq}_{kimchi,legacy}.rs, poseidon/src/constants.rs):
//
//   - Kimchi (KimchiFp, KimchiFq): width 3, rate 2, capacity 1, S-box x^7,
//     55 full rounds, no partial rounds, no initial round constant. Each round
//     is S-box on all three cells, then the MDS matrix, then the round's
//     constants (poseidon/src/permutation.rs full_round).
//   - Legacy (LegacyFp, LegacyFq): width 3, rate 2, S-box x^5, 63 full rounds
//     preceded by adding round-constant row 0 (PERM_INITIAL_ARK); round r
//     uses row r+1. The source lists 100 rows (pasta/mod.rs LEGACY_ROUNDS),
//     of which rows 0..63 are used.
//
// The Fp tables equal o1js 2.15.0's src/bindings/crypto/constants.ts
// (poseidonParamsKimchiFp, poseidonParamsLegacyFp). Parameter sets are parsed
// once on first use and are read-only afterwards.
//
// # Hashing (o1js)
//
// Params.Update is o1js Poseidon.update (src/bindings/crypto/poseidon.ts):
// an empty input permutes once; otherwise the input is zero-padded to an even
// length and each pair is added into state[0..1] followed by a permutation.
// Hash, HashLegacy and Params.Hash return Update from the zero state, cell 0;
// for every input this equals proof-systems' ArithmeticSponge absorb then
// squeeze. HashWithPrefix is o1js hashWithPrefix: the state is first salted
// with update(0, [PrefixToField(prefix)]), then Update(salt, input)[0] is
// returned (so an empty input permutes the salt once more). PrefixToField
// packs the ASCII prefix (at most 31 characters; Mina's prefixes are
// '*'-padded to 20 already) little-endian, byte i at bits 8i..8i+7.
//
// # Fiat–Shamir sponges (proof-systems)
//
// Sponge is ArithmeticSponge (poseidon/src/poseidon.rs) with its
// Absorbed(n)/Squeezed(n) state machine: absorbing after a squeeze adds into
// state[0] without permuting; a squeeze permutes only from Absorbed or after
// rate outputs.
//
// FqSponge is DefaultFqSponge (poseidon/src/sponge.rs), over the base field
// of the commitment curve. Points are absorbed as x then y (infinity as
// (0, 0)); scalars are absorbed whole when the scalar modulus is below the
// base modulus and otherwise as (value >> 1, value & 1); Challenge returns
// the low two 64-bit limbs (128 bits) of a squeezed element as a scalar,
// buffering limbs as squeeze_limbs does (two limbs per squeeze, so each
// challenge squeezes once); ChallengeFq and DigestFq squeeze a base element;
// Digest reinterprets a squeezed base element as a scalar, or zero when it
// does not fit.
//
// FrSponge is DefaultFrSponge with kimchi/src/plonk_sponge.rs: absorbs scalar
// evaluations, Challenge returns a 128-bit ScalarChallenge, Digest squeezes a
// full element. ScalarChallenge.ToField is to_field_with_length(128, endo_r),
// the endomorphism decoding a·endo_r + b.
//
// Which is which:
//
//   - Vesta proof system (commitments are Vesta points over Fq, scalars in
//     Fp; most kimchi fixtures, "*_vesta"): NewVestaFqSponge (Kimchi Fq
//     parameters, scalars absorbed whole since p < q), NewVestaFrSponge
//     (Kimchi Fp parameters); ScalarChallenge over Fp decoded with Vesta's
//     endo_r in Fp.
//   - Pallas proof system ("*_pallas"): NewPallasFqSponge (Kimchi Fp
//     parameters, scalars split since q > p), NewPallasFrSponge (Kimchi Fq
//     parameters); ScalarChallenge over Fq decoded with Pallas's endo_r in Fq.
//
// # Implementation
//
// The code is generic over the element type (FieldPointer). The permutation
// is additionally written out per field (permute_fp.go, and permute_fq.go
// generated from it) because generic method calls make temporaries escape to
// the heap.
package poseidon
