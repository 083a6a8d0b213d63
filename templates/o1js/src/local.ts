// Deploying the contract and submitting a proof on Mina.LocalBlockchain.
import { AccountUpdate, Field, Mina, PrivateKey, Poseidon } from 'o1js';
import { ModelContract } from './contract.js';
import { compileCached, Compiled } from './run.js';

export type Local = { app: ModelContract; sender: any; deployer: any; compiled: Compiled; deploySeconds: number };

export async function deployLocal(): Promise<Local> {
  const compiled = await compileCached('contract', ModelContract);
  const chain = await Mina.LocalBlockchain({ proofsEnabled: true });
  Mina.setActiveInstance(chain);
  const [deployer, sender] = chain.testAccounts;
  const key = PrivateKey.random();
  const app = new ModelContract(key.toPublicKey());
  const t = performance.now();
  const tx = await Mina.transaction(deployer, async () => {
    AccountUpdate.fundNewAccount(deployer);
    await app.deploy();
  });
  await tx.prove();
  await tx.sign([deployer.key, key]).send();
  const deploySeconds = (performance.now() - t) / 1000;
  console.error(`zkml: deployed at ${key.toPublicKey().toBase58()} in ${deploySeconds.toFixed(1)} s`);
  return { app, sender, deployer, compiled, deploySeconds };
}

/** Submits a final proof; throws when the transaction is rejected. */
export async function submit(l: Local, proof: any, outputHash: Field, label: Field): Promise<number> {
  const t = performance.now();
  const tx = await Mina.transaction(l.sender, async () => {
    await l.app.submit(proof, outputHash, label);
  });
  await tx.prove();
  const sent = await tx.sign([l.sender.key]).send();
  if (sent.status === 'rejected') throw Error(`transaction ${sent.status}: ${JSON.stringify(sent.errors)}`);
  return (performance.now() - t) / 1000;
}

export function outputHash(output: bigint[]): Field {
  const P = Field.ORDER;
  return Poseidon.hash(output.map((v) => Field(((v % P) + P) % P)));
}
