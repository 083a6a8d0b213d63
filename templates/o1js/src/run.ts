// Compiling (with a file cache) and proving one input through the chunk chain.
import { existsSync, readFileSync, readdirSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { Cache, Field, verify } from 'o1js';
import { initBackend } from './backend.js';
import { chunks, model, projectRoot, flatSize } from './model.js';
import { fe } from './circuit.js';

export const cacheDir = process.env.ZKML_CACHE ?? path.join(projectRoot, 'cache');

function countFiles(dir: string): number {
  try {
    return readdirSync(dir).length;
  } catch {
    return 0;
  }
}

export type Compiled = { name: string; seconds: number; fromCache: boolean; verificationKey: { data: string; hash: Field } };

/** Compiles a program (chunk or contract) with the file cache and reports whether the keys came from it. */
export async function compileCached(name: string, prog: { compile(o: any): Promise<any> }): Promise<Compiled> {
  await initBackend();
  mkdirSync(cacheDir, { recursive: true });
  const before = countFiles(cacheDir);
  const t = performance.now();
  const { verificationKey } = await prog.compile({ cache: Cache.FileSystem(cacheDir) });
  const seconds = (performance.now() - t) / 1000;
  const fromCache = before > 0 && countFiles(cacheDir) === before;
  console.error(`zkml: compiled ${name} in ${seconds.toFixed(1)} s${fromCache ? ' (from cache)' : ''}`);
  return { name, seconds, fromCache, verificationKey };
}

export async function compileChunks(): Promise<Compiled[]> {
  const out: Compiled[] = [];
  for (let i = 0; i < chunks.length; i++) out.push(await compileCached(`chunk ${i}`, chunks[i]));
  return out;
}

/** quant(x, S) = round-half-away-from-zero(x·2^S), checked to 32 bits. */
export function quantize(xs: number[], scale: number): bigint[] {
  return xs.map((x, i) => {
    if (!Number.isFinite(x)) throw Error(`input ${i} is ${x}`);
    const v = x * 2 ** scale;
    const q = BigInt(Math.sign(v) * Math.round(Math.abs(v)));
    if (q < -(1n << 31n) || q >= 1n << 31n) throw Error(`input ${i} = ${x} does not fit 32 bits at scale ${scale}`);
    return q;
  });
}

function randomSalt(): Field {
  return Field.random();
}

/**
 * The secret salt of a private weights commitment (data/params-salt.json,
 * written by zkml scaffold; keep it with the weights), or 0.
 */
export function paramSalt(): Field {
  const file = path.join(projectRoot, 'data', 'params-salt.json');
  if (!existsSync(file)) return Field(0);
  return Field(JSON.parse(readFileSync(file, 'utf8')).salt);
}

export type ProveResult = { proof: any; output: bigint[]; label: number; seconds: number[]; total: number };

/** Proves one quantized input through every chunk; returns the final proof. */
export async function proveQuantized(q: bigint[]): Promise<ProveResult> {
  await initBackend();
  if (q.length !== model.input.size) throw Error(`input has ${q.length} values, the model takes ${model.input.size}`);
  let vals: Field[] = q.map(fe);
  let saltIn = randomSalt();
  let proof: any;
  const seconds: number[] = [];
  let out: Field[] = [];
  const ps = paramSalt();
  for (let i = 0; i < chunks.length; i++) {
    const saltOut = randomSalt();
    const t = performance.now();
    const res = i === 0 ? await chunks[i].run(vals, saltIn, saltOut, ps) : await chunks[i].run(proof, vals, saltIn, saltOut);
    seconds.push((performance.now() - t) / 1000);
    console.error(`zkml: proved chunk ${i} in ${seconds[i].toFixed(1)} s`);
    proof = res.proof;
    out = res.auxiliaryOutput;
    vals = out;
    saltIn = saltOut;
    if (i + 1 < chunks.length && vals.length !== flatSize(model.chunks[i + 1].liveIn)) throw Error('chunk size mismatch');
  }
  const P = Field.ORDER;
  const output = out.map((f) => {
    const v = f.toBigInt();
    return v > P / 2n ? v - P : v;
  });
  return { proof, output, label: Number(proof.publicOutput.label.toBigInt()), seconds, total: seconds.reduce((a, b) => a + b, 0) };
}

export { verify };
