// Oracle for kimchi/prover: o1js 2.15.0 raw Kimchi proofs
// (Experimental.ZkFunction, KimchiProof, KimchiVerificationKey).
//
// stdin, one of:
//   { "cmd": "verify", "items": [{ "vk": base64, "proof": {proof, publicInputFields} }, ...] }
//     -> { "results": [true | false, ...], "errors": [string, ...] }
//   { "cmd": "prove", "circuit": "tiny" | "chain" | "rangecheck", "reps": n, "backend": "wasm" | "native",
//     "public": decimal, "private": decimal }
//     -> { "vk": base64, "proof": {...}, "compileMs": t, "proveMs": t, "rows": n }
//   { "cmd": "bench", ...same as prove..., "runs": k, "sync": dir? }  (prove k times after one warm-up)
//     -> { "vk": ..., "compileMs": t, "proveMs": [t, ...], "rssMB": peak-ish RSS }
//     With "sync", the proves take turns with the caller's: after the
//     warm-up the script creates dir/ready, and before timed prove i it
//     waits for dir/go-i, after it creates dir/done-i; so both sides are
//     timed minutes apart at most, not a whole run apart.
//   { "cmd": "compile", "circuit": "lookupdomain", "spec": {...} }  (compile only)
//     -> { "vk": base64, "rows": n, "compileMs": t } or { "error": string } when
//        o1js refuses the circuit (e.g. kimchi's LookupTableTooLong)
//
// In a fresh process KimchiVerificationKey.fromString needs the SRS loaded
// inside the thread pool first (shared/o1js-vectors/README.md).
import fs from 'node:fs';
import path from 'node:path';
import { Experimental, Field, Gadgets, setBackend } from 'o1js';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const req = JSON.parse(Buffer.concat(chunks).toString('utf8'));
if (req.backend === 'native') setBackend('native');

// bindings.js is not in o1js's package exports: import it by file path.
const bindingsPath = new URL('../node_modules/o1js/dist/node/bindings.js', import.meta.url);
// withThreadPool is a live binding, set by initializeBindings.
const B = await import(bindingsPath.href);
const { ZkFunction, KimchiProof, KimchiVerificationKey } = Experimental;

const circuits = {
  // main(y: public, x: private) { x*x*x*x == y }
  tiny: () => (y, x) => {
    x.mul(x).mul(x).mul(x).assertEquals(y);
  },
  // x = x*x + 7, reps times, then x == y.
  chain: (reps) => (y, x) => {
    for (let i = 0; i < reps; i++) x = x.mul(x).add(7);
    x.assertEquals(y);
  },
  // Range checks (lookup argument, table 1): x and x+y in [0, 2^64),
  // x, y, 2x in [0, 2^88).
  rangecheck: () => (y, x) => {
    Gadgets.rangeCheck64(x);
    Gadgets.rangeCheck64(x.add(y));
    Gadgets.multiRangeCheck([x, y, x.mul(2)]);
  },
  // Lookup-domain boundaries (kimchi/circuit domain_oracle_test.go), from
  // req.spec: chain reps of x = x*x + 7; rangeCheck64 calls on x (kimchi's
  // 4096-row table, id 1); fixed tables [{id, rows, cols, zeroRow}]
  // (column c, row i holds i+1+c, row 0 all zero when zeroRow); runtime
  // table configs [{id, rows}] (first column i+1); lookups [{id, count}]:
  // count Lookup gates reading (x, y) three times from table id.
  lookupdomain: () => (y, x) => lookupDomain(req.spec ?? {}, y, x),
};

// o1js internals (not in its package exports) for lookupdomain.
const [{ Gates }, { MlArray }, { FieldConst }] = await Promise.all(
  ['lib/provable/gates.js', 'lib/ml/base.js', 'lib/provable/core/fieldvar.js'].map((p) =>
    import(new URL(`../node_modules/o1js/dist/node/${p}`, import.meta.url).href)
  )
);

function lookupDomain(spec, y, x) {
  for (const t of spec.fixed ?? []) {
    const cols = [];
    for (let c = 0; c < (t.cols ?? 1); c++) {
      const col = [];
      for (let i = 0; i < t.rows; i++) col.push(FieldConst.fromBigint(t.zeroRow && i === 0 ? 0n : BigInt(i + 1 + c)));
      cols.push(MlArray.to(col));
    }
    B.Snarky.gates.addFixedLookupTable(t.id, MlArray.to(cols));
  }
  for (const t of spec.runtime ?? []) {
    Gates.addRuntimeTableConfig(t.id, Array.from({ length: t.rows }, (_, i) => BigInt(i + 1)));
  }
  let z = x;
  for (let i = 0; i < (spec.chain ?? 0); i++) z = z.mul(z).add(7);
  z.assertEquals(y);
  for (let i = 0; i < (spec.rangeCheck64 ?? 0); i++) Gadgets.rangeCheck64(x);
  for (const l of spec.lookups ?? []) {
    for (let i = 0; i < l.count; i++) Gates.lookup(Field(l.id), x, y, x, y, x, y);
  }
}

async function build(req) {
  const main = circuits[req.circuit](req.reps ?? 0);
  const f = ZkFunction({ name: req.circuit, publicInputType: Field, privateInputTypes: [Field], main });
  const t0 = performance.now();
  const { verificationKey } = await f.compile();
  const compileMs = performance.now() - t0;
  return { f, verificationKey, compileMs };
}

let out;
await B.initializeBindings();
switch (req.cmd) {
  case 'verify': {
    await B.withThreadPool(async () => B.Pickles.loadSrsFp());
    const results = [], errors = [];
    for (const it of req.items) {
      try {
        const vk = KimchiVerificationKey.fromString(it.vk);
        const proof = KimchiProof.fromJSON(it.proof);
        results.push((await proof.verify(vk)) === true);
        errors.push('');
      } catch (e) {
        results.push(false);
        errors.push(String(e?.message ?? e));
      }
    }
    out = { results, errors };
    break;
  }
  case 'prove': {
    const { f, verificationKey, compileMs } = await build(req);
    const t0 = performance.now();
    const proof = await f.prove(Field(req.public), Field(req.private));
    const proveMs = performance.now() - t0;
    const ok = await f.verify(proof, verificationKey);
    out = { vk: verificationKey.toString(), proof: proof.toJSON(), compileMs, proveMs, selfVerified: ok };
    break;
  }
  case 'bench': {
    const { f, verificationKey, compileMs } = await build(req);
    await f.prove(Field(req.public), Field(req.private)); // warm-up
    const turn = async (name) => {
      if (!req.sync) return;
      const file = path.join(req.sync, name);
      while (!fs.existsSync(file)) await new Promise((r) => setTimeout(r, 10));
    };
    const mark = (name) => req.sync && fs.writeFileSync(path.join(req.sync, name), '');
    mark('ready');
    const proveMs = [];
    for (let i = 0; i < (req.runs ?? 1); i++) {
      await turn(`go-${i}`);
      const t0 = performance.now();
      await f.prove(Field(req.public), Field(req.private));
      proveMs.push(performance.now() - t0);
      mark(`done-${i}`);
    }
    out = { vk: verificationKey.toString(), compileMs, proveMs, rssMB: process.memoryUsage().rss / 2 ** 20 };
    break;
  }
  case 'compile': {
    try {
      const { f, verificationKey, compileMs } = await build(req);
      let rows = null; // analyzeMethod throws for some lookup circuits
      try {
        rows = f.analyzeMethod().rows;
      } catch {}
      out = { vk: verificationKey.toString(), rows, compileMs };
    } catch (e) {
      out = { error: String(e?.message ?? e) };
    }
    break;
  }
  default:
    throw new Error(`unknown cmd ${req.cmd}`);
}
process.stdout.write(JSON.stringify(out));
process.exit(0);
