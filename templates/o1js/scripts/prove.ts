// npm run prove [-- INPUT.json [PROOF.json]]: proves one input (default: the
// sample in data/sample.json) and writes the final proof as JSON.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { compileChunks, proveQuantized, quantize, verify } from '../src/run.js';
import { model, projectRoot } from '../src/model.js';
import { outputHash } from '../src/local.js';

const inFile = process.argv[2] ?? path.join(projectRoot, 'data', 'sample.json');
const outFile = process.argv[3] ?? path.join(projectRoot, 'proof.json');
const sample = JSON.parse(readFileSync(inFile, 'utf8'));
const q: bigint[] = sample.inputQ ? sample.inputQ.map((s: string) => BigInt(s)) : quantize(sample.input, model.input.scale);
const compiled = await compileChunks();
const r = await proveQuantized(q);
const ok = await verify(r.proof, compiled[compiled.length - 1].verificationKey);
writeFileSync(outFile, JSON.stringify(r.proof.toJSON(), null, 2) + '\n');
console.log(
  JSON.stringify({
    verified: ok,
    output: r.output.map(String),
    outputHash: outputHash(r.output).toString(),
    label: r.label,
    proveSeconds: r.seconds,
    totalProveSeconds: r.total,
    proof: outFile,
  })
);
if (!ok) process.exit(1);
