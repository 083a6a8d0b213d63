// Oracle for package mina: mina-signer 4.0.0 (Mesa era, npm "mina-signer")
// or 3.0.7 (Berkeley era, npm alias "mina-signer-berkeley").
//
// stdin:  { "era": "mesa" | "berkeley",
//           "keys":        [privateKeyBase58, ...],
//           "fields":      [{ "key", "network", "fields": [decimal, ...] }, ...],
//           "clientFields":[{ "key", "fields": [decimal, ...] }, ...],
//           "messages":    [{ "key", "network", "message" }, ...],
//           "payments":    [{ "key", "network", "payment": { to, from, fee, amount, nonce, memo, validUntil } }, ...],
//           "delegations": [{ "key", "network", "delegation": { to, from, fee, nonce, memo, validUntil } }, ...],
//           "zkapps":      [{ "network", "command": zkappCommandJSON, "memo": string,
//                             "feePayerKey", "otherKeys": [privateKeyBase58, ...], "viaClient": bool }, ...] }
// stdout: { "publicKeys": [B62, ...], "fields": [base58], "clientFields": [base58],
//           "messages": [{field, scalar}], "payments": [{field, scalar}], "delegations": [{field, scalar}],
//           "zkapps": [{ "commitment", "fullCommitment", "signed": zkappCommandJSON }] }
//
// "fields" signs with signature.js sign({fields}, key, network);
// "clientFields" with Client.signFields (always the devnet/testnet domain).
// zkApp commands: the commitments come from transactionCommitments. With
// "viaClient", the command is signed by each of "otherKeys" with the
// internal signZkappCommand (Mesa; see signUpdates for Berkeley), then by
// the fee payer through Client.signZkappCommand, which re-encodes "memo".
// Otherwise (mina-signer's Poseidon is slow: this avoids hashing the
// command three times) the signatures are made by signFieldElement over the
// commitments, exactly as signZkappCommand does internally.
// mina-signer 3.0.7 knows "testnet" but not "devnet" (it would treat
// "devnet" as a custom network); the Go side's devnet is testnet, so for
// the Berkeley era "devnet" is passed on as "testnet".
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const req = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const pkg = req.era === 'berkeley' ? 'mina-signer-berkeley' : 'mina-signer';
const dist = new URL(`../node_modules/${pkg}/dist/node/`, import.meta.url);
const load = (p) => import(new URL(p, dist));
const { default: Client } = await load('mina-signer/mina-signer.js');
const { sign, Signature } = await load('mina-signer/src/signature.js');
const { PrivateKey, PublicKey } = await load('mina-signer/src/curve-bigint.js');
const { transactionCommitments, signZkappCommand } = await load('mina-signer/src/sign-zkapp-command.js');
const { ZkappCommand } = await load(
  req.era === 'berkeley'
    ? 'bindings/mina-transaction/gen/transaction-bigint.js'
    : 'bindings/mina-transaction/gen/v1/transaction-bigint.js'
);

const net = (n) => (req.era === 'berkeley' && n === 'devnet' ? 'testnet' : n);
const clients = new Map();
const client = (n) => {
  if (!clients.has(n)) clients.set(n, new Client({ network: net(n) }));
  return clients.get(n);
};
const out = {};

if (req.keys) {
  out.publicKeys = req.keys.map((k) => client('mainnet').derivePublicKey(k));
}
if (req.fields) {
  out.fields = req.fields.map(({ key, network, fields }) =>
    Signature.toBase58(sign({ fields: fields.map(BigInt) }, PrivateKey.fromBase58(key), net(network)))
  );
}
if (req.clientFields) {
  out.clientFields = req.clientFields.map(
    ({ key, fields }) => client('mainnet').signFields(fields.map(BigInt), key).signature
  );
}
if (req.messages) {
  out.messages = req.messages.map(({ key, network, message }) => client(network).signMessage(message, key).signature);
}
if (req.payments) {
  out.payments = req.payments.map(({ key, network, payment }) => client(network).signPayment(payment, key).signature);
}
if (req.delegations) {
  out.delegations = req.delegations.map(
    ({ key, network, delegation }) => client(network).signStakeDelegation(delegation, key).signature
  );
}
if (req.zkapps) {
  const { signFieldElement } = await load('mina-signer/src/signature.js');
  // Sign every isSigned update owned by one of keys, as mina-signer 4's
  // signZkappCommand does per key (3.0.7 only signs the fee payer's own
  // updates, so other keys' updates are signed this way in both eras).
  const signUpdates = (cmd, keys, network, commitment, fullCommitment) => {
    for (let k of keys) {
      let sk = PrivateKey.fromBase58(k);
      let pk = PrivateKey.toPublicKey(sk);
      if (PublicKey.equal(cmd.feePayer.body.publicKey, pk)) {
        cmd.feePayer.authorization = Signature.toBase58(signFieldElement(fullCommitment, sk, network));
      }
      for (let u of cmd.accountUpdates) {
        if (!u.body.authorizationKind.isSigned || !PublicKey.equal(u.body.publicKey, pk)) continue;
        let msg = u.body.useFullCommitment ? fullCommitment : commitment;
        u.authorization = { signature: Signature.toBase58(signFieldElement(msg, sk, network)) };
      }
    }
    return ZkappCommand.toJSON(cmd);
  };
  out.zkapps = req.zkapps.map(({ network, command, memo, feePayerKey, otherKeys, viaClient }) => {
    let n = net(network);
    let cmd = ZkappCommand.fromJSON(command);
    let { commitment, fullCommitment } = transactionCommitments(cmd, n);
    let signed;
    if (!viaClient) {
      signed = signUpdates(cmd, [...(otherKeys ?? []), feePayerKey], n, commitment, fullCommitment);
    } else {
      let json = command;
      if (req.era === 'berkeley') json = signUpdates(cmd, otherKeys ?? [], n, commitment, fullCommitment);
      else for (let k of otherKeys ?? []) json = signZkappCommand(json, k, n);
      let { body } = json.feePayer;
      signed = client(network).signZkappCommand(
        {
          feePayer: { feePayer: body.publicKey, fee: body.fee, nonce: body.nonce, validUntil: body.validUntil, memo },
          zkappCommand: { accountUpdates: json.accountUpdates },
        },
        feePayerKey
      ).data.zkappCommand;
    }
    return { commitment: commitment.toString(), fullCommitment: fullCommitment.toString(), signed };
  });
}
process.stdout.write(JSON.stringify(out));
