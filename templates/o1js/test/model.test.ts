// End-to-end test on Mina.LocalBlockchain with proofs: prove the sample,
// check the output against zkml's integer evaluator (data/sample.json),
// deploy the contract, submit the proof, read the state back, and check that
// a tampered proof, another program's proof and a mismatched output are
// rejected by both the contract and verify().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Field, ZkProgram } from 'o1js';
import { initBackend } from '../src/backend.js';
import { Link, MODEL, PARAMS, FinalProof, model, projectRoot } from '../src/model.js';
import { compileCached, compileChunks, proveQuantized, verify } from '../src/run.js';
import { deployLocal, outputHash, submit } from '../src/local.js';

const sample = JSON.parse(readFileSync(path.join(projectRoot, 'data', 'sample.json'), 'utf8'));

async function rejects(what: string, f: () => Promise<unknown>) {
  let err: unknown;
  try {
    await f();
  } catch (e) {
    err = e;
  }
  assert.ok(err !== undefined, `${what} was accepted`);
  console.error(`zkml: rejected as expected: ${what}: ${String((err as Error).message ?? err).split('\n')[0].slice(0, 160)}`);
}

test('prove, deploy, submit, reject forgeries', { timeout: 3600_000 }, async () => {
  const backend = await initBackend();
  const compiled = await compileChunks();
  const finalVk = compiled[compiled.length - 1].verificationKey;

  // 1. Prove the sample; the output must equal the Go integer evaluator's.
  const r = await proveQuantized(sample.inputQ.map((s: string) => BigInt(s)));
  assert.deepEqual(r.output.map(String), sample.expectedQ, 'proved output differs from the integer evaluator');
  if (model.classifier) assert.equal(r.label, sample.label);
  const h = outputHash(r.output);
  assert.equal(r.proof.publicOutput.acts.toString(), h.toString());
  assert.equal(r.proof.publicOutput.model.toString(), MODEL.toString());
  // The input and weights commitments equal the ones zkml computed in Go.
  if (sample.inputCommitment) assert.equal(r.proof.publicOutput.input.toString(), sample.inputCommitment);
  assert.equal(r.proof.publicOutput.params.toString(), PARAMS.toString());
  assert.ok(await verify(r.proof, finalVk), 'verify(proof) failed');

  // 2. Forgeries, off-chain.
  const json = r.proof.toJSON();
  const wrongLabel = { ...json, publicOutput: json.publicOutput.map((v: string, i: number) => (i === 3 ? String(BigInt(v) + 1n) : v)) };
  assert.equal(await verify(wrongLabel, finalVk).catch(() => false), false, 'proof with a changed output verified');
  const bytes = Buffer.from(json.proof, 'base64');
  bytes[bytes.length >> 1] ^= 1;
  const flipped = { ...json, proof: bytes.toString('base64') };
  assert.equal(await verify(flipped, finalVk).catch(() => false), false, 'tampered proof verified');

  // A different program that claims this model's output.
  const Impostor = ZkProgram({
    name: 'zkml-impostor',
    publicOutput: Link,
    methods: {
      run: {
        privateInputs: [Field, Field],
        async method(acts: Field, label: Field) {
          return { publicOutput: new Link({ model: MODEL, input: Field(0), acts, label, params: PARAMS }) };
        },
      },
    },
  });
  await compileCached('impostor', Impostor);
  const fake = (await Impostor.run(h, Field(r.label))).proof;
  assert.equal(await verify(fake.toJSON(), finalVk).catch(() => false), false, 'impostor proof verified');

  // 3. On-chain.
  const local = await deployLocal();
  await rejects('mismatched output', () => submit(local, r.proof, h, Field(r.label + 1)));
  const forged = await FinalProof.fromJSON(wrongLabel);
  await rejects('tampered proof', () => submit(local, forged, h, Field(r.label + 1)));
  const fakeAsFinal = await FinalProof.fromJSON(fake.toJSON());
  await rejects('proof of another program', () => submit(local, fakeAsFinal, h, Field(r.label)));
  const submitSeconds = await submit(local, r.proof, h, Field(r.label));
  assert.equal(local.app.label.get().toString(), String(r.label));
  assert.equal(local.app.output.get().toString(), h.toString());
  assert.equal(local.app.model.get().toString(), MODEL.toString());
  assert.equal(local.app.count.get().toString(), '1');
  assert.equal(local.app.params.get().toString(), PARAMS.toString());
  const events = await local.app.fetchEvents();
  assert.equal(events.length, 1);

  console.log(
    'ZKML_RESULT ' +
      JSON.stringify({
        backend,
        chunks: model.chunks.length,
        predictedRows: model.chunks.map((c) => c.rows),
        compile: [...compiled, local.compiled].map((c) => ({ name: c.name, seconds: c.seconds, fromCache: c.fromCache })),
        proveSeconds: r.seconds,
        totalProveSeconds: r.total,
        submitSeconds,
        output: r.output.map(String),
        label: r.label,
        stateLabel: local.app.label.get().toString(),
      })
  );
});
