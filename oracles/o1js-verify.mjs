// o1js acceptance of zkml's pipeline artifacts: loads a verifier index
// written by `zkml compile` (verifier-index.txt) with o1js 2.15.0's
// KimchiVerificationKey.fromString and verifies KimchiProof.toJSON() proofs
// (PROOF.json's "proof" field) against it.
//
// stdin:  { "vk": string, "proofs": [{ proof, publicInputFields }, ...] }
// stdout: { "loaded": bool, "roundTrip": bool (toString() gives the input
//           back), "loadError": string, "results": [bool, ...],
//           "errors": [string, ...] }
//
// In a fresh process KimchiVerificationKey.fromString needs the SRS loaded
// inside the thread pool first (shared/o1js-vectors/README.md).
import { Experimental } from 'o1js';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const req = JSON.parse(Buffer.concat(chunks).toString('utf8'));

// bindings.js is not in o1js's package exports: import it by file path.
const B = await import(new URL('../node_modules/o1js/dist/node/bindings.js', import.meta.url).href);
const { KimchiProof, KimchiVerificationKey } = Experimental;

await B.initializeBindings();
await B.withThreadPool(async () => B.Pickles.loadSrsFp());

const out = { loaded: false, roundTrip: false, loadError: '', results: [], errors: [] };
let vk;
try {
  vk = KimchiVerificationKey.fromString(req.vk);
  out.loaded = true;
  out.roundTrip = vk.toString() === req.vk;
} catch (e) {
  out.loadError = String(e?.message ?? e);
}
for (const p of req.proofs ?? []) {
  if (!vk) {
    out.results.push(false);
    out.errors.push('verification key not loaded');
    continue;
  }
  try {
    const proof = KimchiProof.fromJSON(p);
    out.results.push((await proof.verify(vk)) === true);
    out.errors.push('');
  } catch (e) {
    out.results.push(false);
    out.errors.push(String(e?.message ?? e));
  }
}
process.stdout.write(JSON.stringify(out));
process.exit(0);
