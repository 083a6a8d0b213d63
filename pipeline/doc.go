// Package pipeline compiles ONNX models to Kimchi circuits, proves
// inferences and verifies them, with every artifact on disk.
//
// # Artifact directory
//
// Compile produces an Artifact; Write stores it in a directory holding:
//
//   - manifest.json: format and tool versions, the model's SHA-256, the
//     fixed-point scales, the visibility modes, rows, domain size, gates by
//     type, the public-input count and layout, the expected weights
//     commitment (hashed parameters), the SRS depth, a prove-time estimate,
//     and the SHA-256 of every other file;
//   - model.onnx: a copy of the model;
//   - circuit.json: the circuit's gates in o1js's gate JSON
//     ({type, wires, coeffs}) with the public-input count;
//   - verifier-index.txt: the verifier index as o1js's
//     KimchiVerificationKey.toString() (base64 of serde_json).
//
// The prover index is not stored: it is rebuilt deterministically from the
// model copy (quant.Compile then kcircuit.Compile, whose gates must hash to
// the recorded circuit hash) and the SRS, and the rebuilt verifier index must
// equal verifier-index.txt byte for byte. The expensive parts of the rebuild
// are cached with content checks under the cache directory: the SRS
// (proof-systems' SRS::create, whose SHA-256 is checked) and its Lagrange
// bases (kimchi/srs.Cache). Load checks every file hash.
//
// # Proofs
//
// Prove writes a Proof (PROOF.json): format version, model hash, verifier
// index hash, public inputs, integer and dequantized outputs, and the Kimchi
// proof as o1js's KimchiProof.toJSON(). Verify checks, in order, the format,
// the model and verifier-index hashes, that the listed public inputs are the
// proof's, that the outputs are the ones the public inputs encode, the
// weights commitment (hashed parameters), and finally the Kimchi proof
// against verifier-index.txt; the error names the first failed check.
//
// Domains up to 2^16 use the 2^16 SRS by default, as o1js does, so their
// verifier indexes are the ones o1js would compile; SRSDomain sizes the SRS
// to the domain instead, and o1js verifies those proofs too (its 2^16 SRS
// begins with every smaller one). Larger domains use an SRS of the domain's
// size (no chunking), which o1js does not hold.
package pipeline
