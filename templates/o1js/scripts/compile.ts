// npm run compile: compiles every chunk program and the contract (keys are
// cached in ./cache) and prints their verification-key hashes.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { initBackend } from '../src/backend.js';
import { compileChunks, compileCached } from '../src/run.js';
import { ModelContract } from '../src/contract.js';
import { projectRoot } from '../src/model.js';

const backend = await initBackend();
const chunks = await compileChunks();
const contract = await compileCached('contract', ModelContract);
const vk = (c: typeof contract) => ({ data: c.verificationKey.data, hash: c.verificationKey.hash.toString() });
const out = {
  ...vk(contract),
  chunks: chunks.map(vk),
};
const file = process.argv[2] === '--vk' ? process.argv[3] : undefined;
if (file) writeFileSync(path.resolve(projectRoot, file), JSON.stringify(out, null, 2) + '\n');
console.log(
  JSON.stringify({
    backend,
    compile: [...chunks, contract].map((c) => ({ name: c.name, seconds: c.seconds, fromCache: c.fromCache })),
    contractVkHash: out.hash,
    chunkVkHashes: out.chunks.map((c) => c.hash),
  })
);
