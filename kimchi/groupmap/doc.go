// Package groupmap implements proof-systems' SvdW group map (Shallue–van de
// Woestijne, groupmap/src/lib.rs, BWParameters) for the Pasta curves
// y² = x³ + 5, the map Kimchi uses to turn hash outputs into SRS points.
//
// Facts, checked against o1-labs/proof-systems at commit 136c1df and
// arkworks-rs/algebra v0.5.0 (ark-ff 0.5, the version in proof-systems'
// Cargo.lock), and confirmed by the SRS files in shared/kimchi-vectors:
//
//   - setup: u is the first of 1, 2, ... with f(u) = u³ + b ≠ 0, so u = 1
//     and f(u) = 6 for both curves. The constants are 1/(3u²), √(-3u²) (the
//     root arkworks' sqrt returns) and (√(-3u²) - u)/2.
//   - For t: α = 1/((t² + f(u))·t²) (0 if that is 0);
//     x1 = (√(-3u²) - u)/2 - t⁴·α·√(-3u²); x2 = -u - x1;
//     x3 = u - (t² + f(u))³·α/(3u²). The result is the first xi with f(xi) a
//     square and y = sqrt(f(xi)). No sign normalisation is applied.
//   - sqrt is arkworks' Tonelli–Shanks (ff/src/fields/sqrt.rs) with
//     two_adicity 32 and non-residue GENERATOR^T where GENERATOR = 5 for both
//     Pasta fields (curves/src/pasta/fields/{fp,fq}.rs) and p - 1 = 2^32·T.
//     Its output is a deterministic function of the input, so the choice of
//     root matters: it is neither "the even one" nor "the smaller one". This
//     package reimplements those exact steps rather than rely on the
//     generated field code: gnark-crypto's SqrtTonelliShanks is the same
//     algorithm with the same non-residue 5^T (TestSqrt checks they agree),
//     and its default Sqrt (Sarkar) agreed on every sample tested, but that
//     is not part of its contract. The SRS files contain both y signs, so no
//     canonical-sign rule ("smaller root") could replace this.
//     Swapping √(-3u²) for its negative would swap x1 and x2.
//
// Map is generic over the field element type; Pallas and Vesta are the two
// instantiations.
package groupmap
