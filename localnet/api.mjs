// The GraphQL side of the local network: the daemon's own schema
// (graphql/schema.graphql), executed by graphql-js with resolvers for the
// subset zkml's client sends. Every other root field is an error.
import { readFileSync } from 'node:fs';
import { buildSchema, execute, GraphQLError, parse, validate } from 'graphql';
import { UserError } from './chain.mjs';

const SUPPORTED_QUERIES = ['networkID', 'syncStatus', 'account', 'bestChain', 'pooledZkappCommands', 'transactionStatus'];
const SUPPORTED_MUTATIONS = ['sendZkapp'];

function blockView(b) {
  return {
    stateHash: b.stateHash,
    stateHashField: null,
    commandTransactionCount: b.commands.length,
    protocolState: {
      previousStateHash: b.previousStateHash,
      consensusState: {
        blockHeight: String(b.height),
        blockchainLength: String(b.height),
        slotSinceGenesis: String(b.slot),
        slot: String(b.slot),
        epoch: '0',
      },
    },
    transactions: { zkappCommands: b.commands, userCommands: [], feeTransfer: [], coinbase: '0' },
  };
}

function wrap(f) {
  return async (...args) => {
    try {
      return await f(...args);
    } catch (e) {
      if (e instanceof UserError || e instanceof GraphQLError) throw e;
      // Internal failures are reported without stack traces.
      throw new GraphQLError(`localnet internal error: ${String(e?.message ?? e).split('\n')[0]}`);
    }
  };
}

/**
 * Returns handle(body) → {status, json}, which executes one GraphQL request
 * ({query, variables, operationName}) against the chain.
 */
export function makeHandler(chain, schemaPath) {
  const schema = buildSchema(readFileSync(schemaPath, 'utf8'));
  const root = {};
  const unsupported = (type) => (name) => () => {
    throw new GraphQLError(`localnet does not support ${type}.${name}`);
  };
  for (const name of Object.keys(schema.getQueryType().getFields())) root[name] = unsupported('Query')(name);
  for (const name of Object.keys(schema.getMutationType().getFields())) root[name] = unsupported('Mutation')(name);
  const sub = schema.getSubscriptionType();
  if (sub) for (const name of Object.keys(sub.getFields())) root[name] = unsupported('Subscription')(name);

  Object.assign(root, {
    networkID: () => chain.networkID,
    syncStatus: () => 'SYNCED',
    account: wrap(({ publicKey, token }) => chain.account(publicKey, token)),
    bestChain: wrap(({ maxLength }) => chain.bestChain(maxLength).map(blockView)),
    // There is no pool: a command is applied when it is sent.
    pooledZkappCommands: wrap(({ publicKey }) => {
      if (publicKey != null) chain.account(publicKey, null); // validates the key
      return [];
    }),
    transactionStatus: wrap(({ zkappTransaction, payment }) => {
      if (payment != null) throw new UserError('localnet has no payments: use zkappTransaction');
      if (zkappTransaction == null) throw new UserError('transactionStatus needs zkappTransaction');
      return chain.transactionStatus(zkappTransaction);
    }),
    sendZkapp: wrap(async ({ input }) => ({ zkapp: await chain.sendZkapp(input.zkappCommand) })),
  });

  return async function handle(body) {
    let req;
    try {
      req = JSON.parse(body);
    } catch {
      return { status: 400, json: { errors: [{ message: 'request body is not JSON' }] } };
    }
    if (req === null || typeof req !== 'object' || typeof req.query !== 'string') {
      return { status: 400, json: { errors: [{ message: 'request needs a "query" string' }] } };
    }
    let doc;
    try {
      doc = parse(req.query);
    } catch (e) {
      return { status: 400, json: { errors: [e.toJSON ? e.toJSON() : { message: String(e.message) }] } };
    }
    const errors = validate(schema, doc);
    if (errors.length > 0) return { status: 400, json: { errors: errors.map((e) => e.toJSON()) } };
    const result = await execute({
      schema,
      document: doc,
      rootValue: root,
      variableValues: req.variables ?? undefined,
      operationName: req.operationName ?? undefined,
    });
    const json = {};
    if (result.errors) json.errors = result.errors.map((e) => e.toJSON());
    if (result.data !== undefined) json.data = result.data;
    // A request error (e.g. a variable that does not coerce) has no data.
    return { status: result.data === undefined ? 400 : 200, json };
  };
}

export { SUPPORTED_QUERIES, SUPPORTED_MUTATIONS };
