// Run by `zkml submit`: proves one inference through the chunk programs
// (keys from the compile cache), then builds the transaction calling the
// contract's submit method with the final proof, proves it and prints it
// unsigned with the proved output. Request on stdin, see zkml-chain.ts;
// extra fields: input (floats, quantized at the model's input scale) or
// inputQ (already quantized integers as strings).
import { Field, Mina, PublicKey } from 'o1js';
import { ModelContract } from '../src/contract.js';
import { outputHash } from '../src/local.js';
import { model } from '../src/model.js';
import { compileCached, compileChunks, proveQuantized, quantize, verify } from '../src/run.js';
import { ChainRequest, feePayerSpec, printResult, readRequest, runMain, stateLayout, useRequestAccounts } from './zkml-chain.js';

type SubmitRequest = ChainRequest & { input?: number[]; inputQ?: string[] };

runMain(async () => {
  const req = await readRequest<SubmitRequest>();
  let q: bigint[];
  if (req.inputQ) q = req.inputQ.map((s) => BigInt(s));
  else if (req.input) q = quantize(req.input, model.input.scale);
  else throw Error('request: missing input');
  if (q.length !== model.input.size) throw Error(`the input has ${q.length} values, the model takes ${model.input.size}`);

  const chunks = await compileChunks();
  const contract = await compileCached('contract', ModelContract);
  const vkHash = contract.verificationKey.hash.toString();
  await useRequestAccounts(req, { data: contract.verificationKey.data, hash: vkHash });
  const address = PublicKey.fromBase58(req.zkapp);
  if (!Mina.hasAccount(address)) throw Error(`the node has no account ${req.zkapp}: run zkml deploy first`);
  const onChain = Mina.getAccount(address).zkapp?.verificationKey?.hash.toString();
  if (onChain !== vkHash) {
    throw Error(`the zkApp at ${req.zkapp} has verification key ${onChain ?? 'none'}, this project's contract has ${vkHash}: deploy it first`);
  }
  const app = new ModelContract(address);

  const r = await proveQuantized(q);
  if (!(await verify(r.proof, chunks[chunks.length - 1].verificationKey))) throw Error('the final chunk proof does not verify');
  const h = outputHash(r.output);
  const t = performance.now();
  const tx = await Mina.transaction(feePayerSpec(req), async () => {
    await app.submit(r.proof, h, Field(r.label));
  });
  await tx.prove();
  const txProveSeconds = (performance.now() - t) / 1000;
  console.error(`zkml: proved the transaction in ${txProveSeconds.toFixed(1)} s`);
  printResult({
    command: JSON.parse(tx.toJSON()),
    output: r.output.map(String),
    outputHash: h.toString(),
    label: r.label,
    verificationKeyHash: vkHash,
    stateLayout: stateLayout(new ModelContract(address), req.zkapp),
    compile: [...chunks, contract].map((c) => ({ name: c.name, seconds: c.seconds, fromCache: c.fromCache })),
    proveSeconds: r.seconds,
    txProveSeconds,
  });
});
