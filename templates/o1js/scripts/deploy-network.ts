// npm run deploy:network -- --fee-payer KEYFILE [--zkapp KEYFILE] [--url URL]
//                            [--fee MINA] [--submit [INPUT.json]]
// Deploys the contract to a real Mina network (default: devnet) and, with
// --submit, proves an input (default: data/sample.json) and submits the proof.
// Key files are zkml's format, {"publicKey": "B62…", "privateKey": "EK…"},
// mode 0600 (`zkml keys new FILE` writes one). The fee payer must be funded;
// the zkApp key file is created (0600) when it does not exist. Nothing is
// printed about the keys but their public keys.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AccountUpdate, Field, Mina, PrivateKey, fetchAccount } from 'o1js';
import { initBackend } from '../src/backend.js';
import { compileCached, compileChunks, proveQuantized, quantize } from '../src/run.js';
import { ModelContract } from '../src/contract.js';
import { model, projectRoot } from '../src/model.js';
import { outputHash } from '../src/local.js';

const DEVNET = 'https://api.minascan.io/node/devnet/v1/graphql';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  if (i < 0) return undefined;
  const v = process.argv[i + 1];
  return v === undefined || v.startsWith('--') ? '' : v;
}

function readKey(file: string): PrivateKey {
  const st = statSync(file);
  if (process.platform !== 'win32' && (st.mode & 0o077) !== 0)
    throw Error(`key file ${file} is accessible by others: run chmod 600 ${file}`);
  let key: string | undefined;
  try {
    key = JSON.parse(readFileSync(file, 'utf8')).privateKey;
  } catch {
    // never echo the file's content
  }
  if (typeof key !== 'string') throw Error(`key file ${file} is not {"publicKey": "B62…", "privateKey": "EK…"}`);
  return PrivateKey.fromBase58(key);
}

function zkappKey(file: string): PrivateKey {
  if (existsSync(file)) return readKey(file);
  const key = PrivateKey.random();
  writeFileSync(file, JSON.stringify({ publicKey: key.toPublicKey().toBase58(), privateKey: key.toBase58() }, null, 2) + '\n', {
    mode: 0o600,
    flag: 'wx',
  });
  console.error(`zkml: wrote a new zkApp key to ${file}`);
  return key;
}

const feePayerFile = arg('--fee-payer');
if (!feePayerFile) {
  console.error('usage: npm run deploy:network -- --fee-payer KEYFILE [--zkapp KEYFILE] [--url URL] [--fee MINA] [--submit [INPUT.json]]');
  process.exit(2);
}
const url = arg('--url') || process.env.ZKML_MINA_URL || DEVNET;
const fee = Math.round(Number(arg('--fee') || '0.1') * 1e9);
const feePayer = readKey(feePayerFile);
const appKey = zkappKey(arg('--zkapp') || path.join(projectRoot, 'zkapp-key.json'));
const sender = feePayer.toPublicKey();
const address = appKey.toPublicKey();

await initBackend();
Mina.setActiveInstance(Mina.Network({ networkId: 'testnet', mina: url }));
console.error(`zkml: network ${url}, fee payer ${sender.toBase58()}, zkApp ${address.toBase58()}`);
const payer = await fetchAccount({ publicKey: sender });
if (payer.error) throw Error(`fee payer ${sender.toBase58()} not found on ${url}: fund it first`);

await compileChunks();
await compileCached('contract', ModelContract);
const app = new ModelContract(address);

async function send(what: string, body: () => Promise<void>, keys: PrivateKey[]) {
  const tx = await Mina.transaction({ sender, fee }, body);
  await tx.prove();
  const pending = await tx.sign([feePayer, ...keys]).send();
  if (pending.status !== 'pending') throw Error(`${what}: ${JSON.stringify(pending.errors)}`);
  console.error(`zkml: ${what} sent: ${pending.hash}; waiting for inclusion`);
  await pending.wait();
  return pending.hash;
}

const existing = await fetchAccount({ publicKey: address });
let deployHash: string | undefined;
if (existing.error) {
  deployHash = await send(
    'deploy',
    async () => {
      AccountUpdate.fundNewAccount(sender);
      await app.deploy();
    },
    [appKey]
  );
} else {
  console.error('zkml: the zkApp account exists already; not redeploying');
}

let submitHash: string | undefined;
const submit = arg('--submit');
if (submit !== undefined) {
  const sample = JSON.parse(readFileSync(submit || path.join(projectRoot, 'data', 'sample.json'), 'utf8'));
  const q: bigint[] = sample.inputQ ? sample.inputQ.map((s: string) => BigInt(s)) : quantize(sample.input, model.input.scale);
  const r = await proveQuantized(q);
  await fetchAccount({ publicKey: address });
  submitHash = await send('submit', async () => app.submit(r.proof, outputHash(r.output), Field(r.label)), []);
}
await fetchAccount({ publicKey: address });
console.log(
  JSON.stringify({
    url,
    zkapp: address.toBase58(),
    deployHash,
    submitHash,
    label: app.label.get().toString(),
    count: app.count.get().toString(),
  })
);
