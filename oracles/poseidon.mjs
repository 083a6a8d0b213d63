// Oracle for kimchi/poseidon: o1js 2.15.0 Poseidon (Kimchi parameters over
// the Pallas base field Fp) and PoseidonLegacy.
//
// stdin:  { "hash":           [[field, ...], ...],
//           "prefixed":       [{ "prefix": string, "input": [field, ...] }, ...],
//           "legacy":         [[field, ...], ...],
//           "legacyPrefixed": [{ "prefix": string, "input": [field, ...] }, ...],
//           "sponge":         [[{ "absorb": field } | { "squeeze": true }, ...], ...] }
// stdout: { "hash": [field], "prefixed": [field], "legacy": [field],
//           "legacyPrefixed": [field], "sponge": [[field, ...], ...] }
// Fields are decimal strings. "sponge" runs each op list on a fresh
// Poseidon.Sponge (snarky's sponge, which needs the wasm bindings) and returns
// the squeezed values in order. Every key is optional.
import { Poseidon, Field, initializeBindings } from 'o1js';

// PoseidonLegacy and the bigint hashWithPrefix helpers are not exported from
// the package root; load them from o1js's own dist files.
const dist = new URL('../node_modules/o1js/dist/node/', import.meta.url);
const { PoseidonLegacy } = await import(new URL('bindings/crypto/poseidon.js', dist));
const { HashLegacy } = await import(new URL('mina-signer/src/poseidon-bigint.js', dist));

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const req = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const toFields = (xs) => xs.map((x) => Field(BigInt(x)));
const str = (x) => x.toString();
const out = {};

if (req.hash) out.hash = req.hash.map((xs) => str(Poseidon.hash(toFields(xs))));
if (req.prefixed) {
  out.prefixed = req.prefixed.map(({ prefix, input }) =>
    str(Poseidon.hashWithPrefix(prefix, toFields(input)))
  );
}
if (req.legacy) out.legacy = req.legacy.map((xs) => str(PoseidonLegacy.hash(xs.map(BigInt))));
if (req.legacyPrefixed) {
  out.legacyPrefixed = req.legacyPrefixed.map(({ prefix, input }) =>
    str(HashLegacy.hashWithPrefix(prefix, input.map(BigInt)))
  );
}
if (req.sponge && req.sponge.length > 0) {
  await initializeBindings();
  out.sponge = req.sponge.map((ops) => {
    const s = new Poseidon.Sponge();
    const squeezed = [];
    for (const op of ops) {
      if ('absorb' in op) s.absorb(Field(BigInt(op.absorb)));
      else squeezed.push(str(s.squeeze()));
    }
    return squeezed;
  });
}

process.stdout.write(JSON.stringify(out));
