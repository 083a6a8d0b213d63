// Run by `zkml deploy`: builds the transaction that deploys the contract
// (verification key from the request, as `zkml vk` wrote it; account
// creation fee paid by the fee payer when the account is new) and prints it
// unsigned. Request on stdin, see zkml-chain.ts; extra field:
// verificationKey {data, hash}.
import { AccountUpdate, Field, Mina, PublicKey } from 'o1js';
import { initBackend } from '../src/backend.js';
import { ModelContract } from '../src/contract.js';
import { ChainRequest, feePayerSpec, printResult, readRequest, runMain, stateLayout, useRequestAccounts } from './zkml-chain.js';

type DeployRequest = ChainRequest & { verificationKey: { data: string; hash: string } };

runMain(async () => {
  const req = await readRequest<DeployRequest>();
  if (!req.verificationKey?.data || !req.verificationKey?.hash) throw Error('request: missing verificationKey');
  await initBackend();
  await useRequestAccounts(req, req.verificationKey);
  const address = PublicKey.fromBase58(req.zkapp);
  const feePayer = PublicKey.fromBase58(req.feePayer.publicKey);
  const app = new ModelContract(address);
  const isNew = !Mina.hasAccount(address);
  const verificationKey = { data: req.verificationKey.data, hash: Field(req.verificationKey.hash) };
  const tx = await Mina.transaction(feePayerSpec(req), async () => {
    if (isNew) AccountUpdate.fundNewAccount(feePayer);
    await app.deploy({ verificationKey });
  });
  await tx.prove();
  printResult({
    command: JSON.parse(tx.toJSON()),
    isNew,
    verificationKeyHash: req.verificationKey.hash,
    stateLayout: stateLayout(new ModelContract(address), req.zkapp),
  });
});
