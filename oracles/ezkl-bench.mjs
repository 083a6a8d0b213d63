// Peer benchmark: the EZKL engine 21.0.0 (npm @ezkljs/engine, wasm, one
// thread) on an EZKL test network directory (network.onnx's compiled circuit
// model.compiled, the KZG SRS kzg, settings.json and input.json). The
// directory's pk/vk are stale, so they are regenerated with genVk/genPk.
//
// stdin:  { "dir": path, "runs": k (default 1) }
// stdout: { "genVkMs", "genPkMs", "genWitnessMs", "proveMs", "verifyMs"
//           (arrays of k timings), "verified": bool, "proofBytes": n,
//           "logrows": n, "rssMB": peak RSS, "outputs": [floats] }
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const ezkl = require('@ezkljs/engine/nodejs/ezkl.js');

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const req = JSON.parse(Buffer.concat(chunks).toString('utf8'));
const runs = req.runs ?? 1;

const clamped = (b) => new Uint8ClampedArray(b.buffer, b.byteOffset, b.byteLength);
const read = (name) => clamped(readFileSync(join(req.dir, name)));
const compiled = read('model.compiled');
const srs = read('kzg');
const settings = read('settings.json');
const input = read('input.json');

const time = (f) => {
  const t0 = performance.now();
  const r = f();
  return [r, performance.now() - t0];
};

const out = { genVkMs: [], genPkMs: [], genWitnessMs: [], proveMs: [], verifyMs: [], verified: true };
let peak = process.memoryUsage().rss;
for (let i = 0; i < runs; i++) {
  const [vk, tVk] = time(() => ezkl.genVk(compiled, srs, true));
  const [pk, tPk] = time(() => ezkl.genPk(clamped(vk), compiled, srs));
  const [witness, tW] = time(() => ezkl.genWitness(compiled, input));
  const [proof, tP] = time(() => ezkl.prove(clamped(witness), clamped(pk), compiled, srs));
  const [ok, tV] = time(() => ezkl.verify(clamped(proof), clamped(vk), settings, srs));
  out.genVkMs.push(tVk);
  out.genPkMs.push(tPk);
  out.genWitnessMs.push(tW);
  out.proveMs.push(tP);
  out.verifyMs.push(tV);
  out.verified &&= ok === true;
  const pj = JSON.parse(new TextDecoder().decode(proof));
  // The proof field is a hex string (0x…) or a byte array, by version.
  out.proofBytes = typeof pj.proof === 'string' ? (pj.proof.length - 2) / 2 : pj.proof.length;
  const wj = JSON.parse(new TextDecoder().decode(witness));
  const outScale = JSON.parse(new TextDecoder().decode(settings)).model_output_scales[0];
  // Witness felts are JSON strings; feltToFloat takes their JSON bytes.
  out.outputs = (wj.outputs?.[0] ?? []).map((f) => ezkl.feltToFloat(clamped(new TextEncoder().encode(JSON.stringify(f))), outScale));
  peak = Math.max(peak, process.memoryUsage().rss);
}
out.logrows = JSON.parse(new TextDecoder().decode(settings)).run_args.logrows;
out.rssMB = Math.round(peak / 2 ** 20);
process.stdout.write(JSON.stringify(out));

