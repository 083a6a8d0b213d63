// The ledger side of the local network: an o1js LocalBlockchain plus the
// bookkeeping a daemon exposes over GraphQL (blocks, command results, ids).
// Every zkApp command is applied by LocalBlockchain.sendTransaction, which
// runs o1js's account-update checks (permissions, proofs against the
// on-chain verification key) and the OCaml transaction logic (fee payer and
// account-update signatures, preconditions, balances); an applied command
// goes into a block of its own.
import { randomBytes } from 'node:crypto';
import { Mina, PublicKey, TokenId, Types, UInt32 } from 'o1js';
import { stateHash } from './base58.mjs';

/** A failure the client caused (bad input, rejected command): reported as a GraphQL error. */
export class UserError extends Error {}

const MAX_MESSAGE = 2000;

function oneLine(msg) {
  const s = String(msg ?? 'unknown error').replace(/\s+/g, ' ').trim();
  return s.length > MAX_MESSAGE ? s.slice(0, MAX_MESSAGE) + '…' : s;
}

/**
 * Extracts the per-account-update failure lists the OCaml transaction logic
 * reports for a command applied as failed, or null if the error is of another
 * kind (bad signature, unusable fee payer, malformed command).
 */
export function parseFailures(message) {
  const tryParse = (s) => {
    try {
      const v = JSON.parse(s);
      return Array.isArray(v) && v.every(Array.isArray) ? v : null;
    } catch {
      return null;
    }
  };
  let lists = tryParse(message);
  if (!lists) {
    const marker = 'Raw list of errors: ';
    const at = String(message).lastIndexOf(marker);
    if (at >= 0) lists = tryParse(String(message).slice(at + marker.length).trim());
  }
  if (!lists) return null;
  const out = [];
  lists.forEach((failures, index) => {
    if (failures.length === 0) return;
    out.push({ index: String(index), failures: failures.map(failureName) });
  });
  return out.length > 0 ? out : null;
}

// Renders a Transaction_status.Failure as the daemon's
// TransactionStatusFailure scalar does.
function failureName(f) {
  if (!Array.isArray(f)) return String(f);
  const [name, ...args] = f;
  if (name === 'Account_app_state_precondition_unsatisfied' && args.length === 1) {
    return `Account_app_state_${args[0]}_precondition_unsatisfied`;
  }
  return [name, ...args].join('_');
}

// Summarises an OCaml error that embeds an indexed failure collection,
// e.g. `… [[0,[["Account_nonce_precondition_unsatisfied"]]]]`, as
// "fee payer: Account_nonce_precondition_unsatisfied"; null if there is none.
export function summariseIndexedFailures(message) {
  const m = String(message).match(/\[\[\s*\d+\s*,.*\]\]/s);
  if (!m) return null;
  let v;
  try {
    v = JSON.parse(m[0].replace(/\\"/g, '"'));
  } catch {
    return null;
  }
  if (!Array.isArray(v)) return null;
  const parts = [];
  for (const entry of v) {
    if (!Array.isArray(entry) || entry.length !== 2 || !Array.isArray(entry[1])) return null;
    const [i, failures] = entry;
    const who = i === 0 ? 'fee payer' : `account update ${i}`;
    parts.push(`${who}: ${failures.map(failureName).join(', ')}`);
  }
  return parts.length > 0 ? parts.join('; ') : null;
}

/** The local chain: one LocalBlockchain, its blocks and the commands in them. */
export class LocalChain {
  static async create({ networkId = 'testnet', proofsEnabled = true } = {}) {
    const local = await Mina.LocalBlockchain({ proofsEnabled });
    Mina.setActiveInstance(local);
    return new LocalChain(local, networkId);
  }

  constructor(local, networkId) {
    this.local = local;
    this.networkID = networkId.startsWith('mina:') ? networkId : `mina:${networkId}`;
    this.blocks = [];
    this.byId = new Map();
    this.byHash = new Map();
    this.queue = Promise.resolve();
    this.addBlock([]); // genesis, height 1
  }

  /** The funded test accounts, with their throwaway private keys. */
  fundedAccounts() {
    return this.local.testAccounts.map((pk) => ({
      publicKey: pk.toBase58(),
      privateKey: pk.key.toBase58(),
      balance: this.local.getAccount(pk).balance.toString(),
    }));
  }

  tip() {
    return this.blocks[this.blocks.length - 1];
  }

  addBlock(commands) {
    const prev = this.blocks.length > 0 ? this.tip() : null;
    const height = prev ? prev.height + 1 : 1;
    const slot = prev ? prev.slot + 1 : 0;
    const block = {
      stateHash: stateHash(randomBytes(32)),
      previousStateHash: prev ? prev.stateHash : stateHash(Buffer.alloc(32)),
      height,
      slot,
      commands,
    };
    this.blocks.push(block);
    // Commands of the next block see this block's protocol state.
    this.local.setBlockchainLength(UInt32.from(height));
    this.local.setGlobalSlot(slot);
    for (const c of commands) {
      this.byId.set(c.id, { command: c, block });
      this.byHash.set(c.hash, { command: c, block });
    }
    return block;
  }

  /** The account as the daemon's Account type, or null when the ledger has none. */
  account(publicKey, token) {
    let pk;
    let tokenId = TokenId.default;
    try {
      pk = PublicKey.fromBase58(publicKey);
    } catch (e) {
      throw new UserError(`invalid public key: ${oneLine(e.message)}`);
    }
    if (token != null && token !== '') {
      try {
        tokenId = TokenId.fromBase58(token);
      } catch (e) {
        throw new UserError(`invalid token id: ${oneLine(e.message)}`);
      }
    }
    if (!this.local.hasAccount(pk, tokenId)) return null;
    const a = Types.Account.toJSON(this.local.getAccount(pk, tokenId));
    const tip = this.tip();
    const z = a.zkapp;
    return {
      publicKey: a.publicKey,
      tokenId: a.tokenId,
      token: a.tokenId,
      tokenSymbol: a.tokenSymbol,
      nonce: a.nonce,
      inferredNonce: a.nonce, // no pool: every accepted command is already applied
      balance: {
        total: a.balance,
        liquid: a.balance, // vesting schedules are not modelled
        locked: '0',
        unknown: a.balance,
        blockHeight: String(tip.height),
        stateHash: tip.stateHash,
      },
      receiptChainHash: a.receiptChainHash,
      delegate: a.delegate,
      votingFor: a.votingFor,
      timing: a.timing,
      permissions: a.permissions,
      zkappState: z ? z.appState : null,
      provedState: z ? z.provedState : null,
      zkappUri: z ? z.zkappUri : null,
      verificationKey: z && z.verificationKey
        ? { verificationKey: z.verificationKey.data, hash: z.verificationKey.hash }
        : null,
      actionState: z ? z.actionState : null,
      stakingActive: false,
      privateKeyPath: '',
      locked: null,
    };
  }

  /** Applies a zkApp command (its JSON object); calls are serialised. */
  sendZkapp(json) {
    const run = this.queue.then(() => this.apply(json));
    this.queue = run.catch(() => {});
    return run;
  }

  async apply(json) {
    let txn;
    try {
      txn = Mina.Transaction.fromJSON(json);
    } catch (e) {
      throw new UserError(`invalid zkApp command: ${oneLine(e.message)}`);
    }
    let pending;
    try {
      pending = await this.local.sendTransaction(txn);
    } catch (e) {
      const summary = summariseIndexedFailures(e.message);
      throw new UserError(`zkApp command rejected: ${summary ?? oneLine(e.message)}`);
    }
    let failureReason = null;
    if (pending.status === 'rejected') {
      const msg = (pending.errors ?? []).join('\n');
      failureReason = parseFailures(msg);
      if (!failureReason) {
        throw new UserError(`zkApp command rejected: ${summariseIndexedFailures(msg) ?? oneLine(msg)}`);
      }
    }
    const command = {
      id: Buffer.from(`zkml-localnet:${pending.hash}`).toString('base64'),
      hash: pending.hash,
      failureReason,
      zkappCommand: JSON.parse(txn.toJSON()),
    };
    this.addBlock([command]);
    return command;
  }

  /** INCLUDED for a command in a block, else UNKNOWN (there is no pool). */
  transactionStatus(id) {
    return this.byId.has(id) ? 'INCLUDED' : 'UNKNOWN';
  }

  /** Up to maxLength blocks ending at the tip, oldest first. */
  bestChain(maxLength) {
    const n = maxLength == null || maxLength <= 0 ? this.blocks.length : maxLength;
    return this.blocks.slice(Math.max(0, this.blocks.length - n));
  }
}
