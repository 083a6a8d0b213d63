#!/usr/bin/env node
// zkml's local Mina network: an HTTP server on loopback that answers the
// daemon GraphQL subset zkml sends, backed by an o1js LocalBlockchain with
// proofs enabled. See README.md beside this file.
//
//   node localnet/server.mjs [--port N] [--host 127.0.0.1] [--network-id testnet]
//
// Environment: ZKML_LOCALNET_PORT, ZKML_LOCALNET_NETWORK_ID. --port 0 picks a
// free port. Once listening it prints one JSON line to stdout:
//   {"graphql": URL, "networkID": "mina:testnet", "accounts": [{publicKey, privateKey, balance}]}
// The accounts are throwaway test keys funded at genesis. Logs go to stderr.
// SIGINT and SIGTERM stop it.
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_BODY = 32 << 20;

function parseArgs(argv) {
  const opts = {
    port: process.env.ZKML_LOCALNET_PORT ?? '8080',
    host: '127.0.0.1',
    networkId: process.env.ZKML_LOCALNET_NETWORK_ID ?? 'testnet',
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) throw new Error(`${flag} needs a value`);
      return argv[++i];
    };
    switch (flag) {
      case '--port': opts.port = value(); break;
      case '--host': opts.host = value(); break;
      case '--network-id': opts.networkId = value(); break;
      case '-h':
      case '--help':
        process.stderr.write('usage: node localnet/server.mjs [--port N] [--host ADDR] [--network-id ID]\n');
        process.exit(0);
        break;
      default:
        throw new Error(`unknown argument ${argv[i]}`);
    }
  }
  if (!/^\d+$/.test(String(opts.port)) || Number(opts.port) > 65535) throw new Error(`bad port ${opts.port}`);
  opts.port = Number(opts.port);
  if (!/^[\x21-\x7e]{1,64}$/.test(opts.networkId)) throw new Error(`bad network id ${JSON.stringify(opts.networkId)}`);
  return opts;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`localnet: ${e.message}\n`);
    process.exit(2);
  }
  // stdout carries only the startup line; anything o1js logs goes to stderr.
  console.log = console.error;
  console.info = console.error;

  const here = dirname(fileURLToPath(import.meta.url));
  const { LocalChain } = await import('./chain.mjs');
  const { makeHandler } = await import('./api.mjs');
  const started = Date.now();
  const chain = await LocalChain.create({ networkId: opts.networkId, proofsEnabled: true });
  const handle = makeHandler(chain, join(here, '..', 'graphql', 'schema.graphql'));

  const server = createServer((req, res) => {
    const send = (status, json, extra = {}) => {
      const body = JSON.stringify(json);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...extra });
      res.end(body);
    };
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/graphql' && path !== '/') return send(404, { errors: [{ message: `no route ${path}: use /graphql` }] });
    if (req.method !== 'POST') return send(405, { errors: [{ message: 'use POST' }] }, { allow: 'POST' });
    const chunks = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', async () => {
      if (tooBig) return send(413, { errors: [{ message: `request body over ${MAX_BODY} bytes` }] });
      try {
        const { status, json } = await handle(Buffer.concat(chunks).toString('utf8'));
        send(status, json);
      } catch (e) {
        send(500, { errors: [{ message: `localnet internal error: ${String(e?.message ?? e).split('\n')[0]}` }] });
      }
    });
    req.on('error', () => res.destroy());
  });

  server.on('error', (e) => {
    process.stderr.write(`localnet: ${e.message}\n`);
    process.exit(1);
  });
  server.listen(opts.port, opts.host, () => {
    const { port } = server.address();
    const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
    const url = `http://${host}:${port}/graphql`;
    process.stdout.write(
      JSON.stringify({ graphql: url, networkID: chain.networkID, accounts: chain.fundedAccounts() }) + '\n',
    );
    process.stderr.write(`localnet: serving ${chain.networkID} at ${url} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  });

  let stopping = false;
  const stop = (sig) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`localnet: ${sig}, stopping\n`);
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e) => {
  process.stderr.write(`localnet: ${String(e?.stack ?? e)}\n`);
  process.exit(1);
});
