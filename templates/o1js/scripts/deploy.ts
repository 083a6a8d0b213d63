// npm run deploy: deploys the contract on a local Mina.LocalBlockchain (with
// proofs) and submits the proof of data/sample.json. Deploying to a network
// is the same transaction with Mina.Network(url) and a funded fee payer.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Field } from 'o1js';
import { compileChunks, proveQuantized, quantize } from '../src/run.js';
import { model, projectRoot } from '../src/model.js';
import { deployLocal, outputHash, submit } from '../src/local.js';

const sample = JSON.parse(readFileSync(path.join(projectRoot, 'data', 'sample.json'), 'utf8'));
const q: bigint[] = sample.inputQ ? sample.inputQ.map((s: string) => BigInt(s)) : quantize(sample.input, model.input.scale);
await compileChunks();
const local = await deployLocal();
const r = await proveQuantized(q);
const h = outputHash(r.output);
const secs = await submit(local, r.proof, h, Field(r.label));
console.log(
  JSON.stringify({
    label: local.app.label.get().toString(),
    output: local.app.output.get().toString(),
    count: local.app.count.get().toString(),
    submitSeconds: secs,
  })
);
