// Shared by zkml-deploy-tx and zkml-submit-tx, which `zkml deploy` and
// `zkml submit` run: they build a zkApp command for a Mina node and print
// it unsigned; the zkml binary sets the fee payer's signature (and every
// other signature), sends it over GraphQL and waits for inclusion.
//
// These scripts never see a private key and never talk to the network. The
// request arrives as one JSON object on stdin, with the on-chain accounts
// the transaction reads (as zkml fetched them from the node); o1js builds
// the transaction against an in-memory view of exactly those accounts, so
// the proofs commit to the state the node reported. The result is one JSON
// line on stdout; progress goes to stderr.
import { Bool, Field, Mina, PublicKey, Types, UInt32, UInt64, type NetworkId } from 'o1js';

/** An account as zkml read it from the node. */
export type ChainAccount = {
  publicKey: string;
  nonce: string;
  balance: string;
  /** The app state of a zkApp account (absent for plain accounts). */
  appState?: string[];
  verificationKeyHash?: string;
  provedState?: boolean;
};

/** The fields every request carries. */
export type ChainRequest = {
  /** The signature domain: mainnet, devnet, testnet or a custom name. */
  networkId: string;
  feePayer: { publicKey: string; nonce: string; fee: string; memo?: string };
  /** The zkApp's address. */
  zkapp: string;
  accounts: ChainAccount[];
};

export async function readRequest<T extends ChainRequest>(): Promise<T> {
  const parts: Buffer[] = [];
  for await (const b of process.stdin) parts.push(b as Buffer);
  const req = JSON.parse(Buffer.concat(parts).toString('utf8')) as T;
  for (const k of ['networkId', 'feePayer', 'zkapp', 'accounts'] as const) {
    if (req[k] === undefined) throw Error(`request: missing ${k}`);
  }
  return req;
}

function networkId(id: string): NetworkId {
  return id === 'mainnet' || id === 'devnet' || id === 'testnet' ? id : { custom: id };
}

function accountOf(a: ChainAccount, vk?: { data: string; hash: string }): Types.Account {
  const acc = Types.Account.empty();
  acc.publicKey = PublicKey.fromBase58(a.publicKey);
  acc.nonce = UInt32.from(a.nonce);
  acc.balance = UInt64.from(a.balance);
  if (a.appState) {
    const hash = a.verificationKeyHash;
    acc.zkapp = {
      appState: a.appState.map((s) => Field(s)),
      // Only the hash is on record; the data is the project's key when the
      // hashes agree (o1js only checks that a key is present).
      verificationKey: hash ? { data: vk && vk.hash === hash ? vk.data : '', hash: Field(hash) } : undefined,
      zkappVersion: UInt32.zero,
      actionState: Array.from({ length: 5 }, () => Field(0)),
      lastActionSlot: UInt32.zero,
      provedState: Bool(a.provedState ?? false),
      zkappUri: { data: '', hash: Field(0) },
    } as any;
  }
  return acc;
}

/**
 * Makes o1js read accounts from the request: a LocalBlockchain supplies the
 * transaction machinery (its own test ledger is never used) and the
 * request's network id sets the signature and hashing domain.
 */
export async function useRequestAccounts(req: ChainRequest, vk?: { data: string; hash: string }) {
  const local = await Mina.LocalBlockchain({ proofsEnabled: true });
  const known = new Map<string, Types.Account>();
  for (const a of req.accounts) known.set(a.publicKey, accountOf(a, vk));
  const id = networkId(req.networkId);
  const isDefaultToken = (t?: Field) => t === undefined || t.toString() === '1';
  Mina.setActiveInstance({
    ...local,
    getNetworkId: () => id,
    hasAccount: (pk: PublicKey, tokenId?: Field) => isDefaultToken(tokenId) && known.has(pk.toBase58()),
    getAccount: (pk: PublicKey, tokenId?: Field) => {
      const a = isDefaultToken(tokenId) ? known.get(pk.toBase58()) : undefined;
      if (!a) throw Error(`zkml: the node has no account ${pk.toBase58()}${isDefaultToken(tokenId) ? '' : ' for this token'}`);
      return a;
    },
  });
}

/**
 * The app-state index of every state field of a contract, found by reading
 * each field from an account whose state i holds i. Pass a contract
 * instance that no transaction used (o1js caches state it has read).
 */
export function stateLayout(app: object, address: string): Record<string, number> {
  const probe: ChainAccount = { publicKey: address, nonce: '0', balance: '0', appState: Array.from({ length: 8 }, (_, i) => String(i)) };
  const acc = accountOf(probe);
  const saved = Mina.activeInstance;
  Mina.setActiveInstance({ ...saved, hasAccount: () => true, getAccount: () => acc });
  try {
    const out: Record<string, number> = {};
    // @state fields live in the contract's `_` record (o1js 2.x).
    for (const [k, v] of Object.entries((app as any)._ ?? {})) {
      const got = typeof (v as any)?.get === 'function' ? (v as any).get() : undefined;
      if (typeof got?.toBigInt === 'function') out[k] = Number(got.toBigInt());
    }
    return out;
  } finally {
    Mina.setActiveInstance(saved);
  }
}

/** The fee payer as o1js takes it; the signature is added by zkml. */
export function feePayerSpec(req: ChainRequest): Mina.FeePayerSpec {
  return {
    sender: PublicKey.fromBase58(req.feePayer.publicKey),
    fee: UInt64.from(req.feePayer.fee),
    nonce: Number(req.feePayer.nonce),
    memo: req.feePayer.memo ?? '',
  };
}

/** Prints the result line (the only line on stdout). */
export function printResult(r: object) {
  process.stdout.write(JSON.stringify(r) + '\n');
}

/** Runs main, reporting a failure as one line on stderr and exit status 1. */
export function runMain(main: () => Promise<void>) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      const msg = err instanceof Error ? err.message : String(err);
      process.stderr.write(`zkml: ${msg.split('\n')[0]}\n`);
      if (process.env.ZKML_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
      process.exit(1);
    }
  );
}
