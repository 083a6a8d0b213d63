// The model's chunk programs, built from data/model.json (written by
// `zkml scaffold`). Chunk i proves steps of the fixed-point program and
// verifies chunk i−1's proof; consecutive chunks are linked by a Poseidon
// commitment to the activations passed between them (salted, so private
// activations never appear in a proof). Weights are circuit constants.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Field, Poseidon, Provable, Struct, ZkProgram } from 'o1js';
import { Checks, LookupTable, argmax, commit, divConst, fe, maxOf, relu, rescale } from './circuit.js';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export type Step = { op: string; [k: string]: any };
export type ModelData = {
  format: number;
  modelField: string;
  inputVisibility: 'public' | 'private' | 'hashed';
  paramVisibility?: 'fixed' | 'private' | 'hashed';
  paramsCommitment?: string;
  classifier: boolean;
  input: { id: number; size: number; scale: number; shape: number[] };
  output: { id: number; size: number; scale: number; shape: number[] };
  sizes: number[];
  steps: Step[];
  tables: { min: string; entries: string[]; tree: { height: number; root: string; levels: string[][] } }[];
  tensors: string[][];
  chunks: { steps: number[]; liveIn: number[]; liveOut: number[]; rows: number; params?: number[] }[];
};

export const model: ModelData = JSON.parse(readFileSync(path.join(projectRoot, 'data', 'model.json'), 'utf8'));
export const MODEL = Field(model.modelField);

/**
 * What every chunk proof states publicly: the model commitment, the input
 * commitment, the commitment to the activations passed on (the output hash
 * in the last chunk), the label, and the weights commitment (0 when the
 * weights are circuit constants).
 */
export class Link extends Struct({ model: Field, input: Field, acts: Field, label: Field, params: Field }) {}

/** How weights enter the circuits: constants, or witnesses bound by a Poseidon commitment. */
export const PARAM_VISIBILITY = model.paramVisibility ?? 'fixed';
/** The weights commitment the contract stores (0 for fixed weights). */
export const PARAMS = Field(model.paramsCommitment ?? '0');

const tensors = model.tensors.map((t) => t.map((s) => BigInt(s)));
let tables: LookupTable[] | undefined;
function table(i: number): LookupTable {
  tables ??= model.tables.map((t) => new LookupTable(BigInt(t.min), t.entries.map((e) => BigInt(e)), t.tree));
  return tables[i];
}

/** Witnessed weight tensors of the current chunk (empty for fixed weights). */
type Weights = Map<number, Field[]>;

/** Σ x[i]·w over terms; constant weights skip zeros, witnessed ones cannot. */
function weighted(ws: Weights, id: number, acc: Field, terms: [Field, number][]): Field {
  const wf = ws.get(id);
  for (const [x, t] of terms) {
    if (wf) acc = acc.add(x.mul(wf[t]));
    else if (tensors[id][t] !== 0n) acc = acc.add(x.mul(fe(tensors[id][t])));
  }
  return acc;
}

function biasOf(ws: Weights, id: number, o: number): Field {
  if (!(id > 0)) return Field(0);
  return ws.get(id)?.[o] ?? fe(tensors[id][o]);
}

/** Runs one step on the environment of computed values. */
function runStep(c: Checks, s: Step, env: Map<number, Field[]>, ws: Weights) {
  const x: Field[] = s.xs ? s.xs.flatMap((id: number) => env.get(id)!) : env.get(s.x)!;
  let y: Field[];
  switch (s.op) {
    case 'dense': {
      // y[m][j] = rescale(b[m][j] + Σ_k x[m][k]·W[j][k], shift)
      y = [];
      for (let m = 0; m < s.m; m++)
        for (let j = 0; j < s.n; j++) {
          const terms: [Field, number][] = [];
          for (let k = 0; k < s.k; k++) terms.push([x[m * s.k + k], j * s.k + k]);
          y.push(rescale(c, weighted(ws, s.w, biasOf(ws, s.b, m * s.n + j), terms), s.shift));
        }
      break;
    }
    case 'sparse': {
      // y[o] = rescale(b[o] + Σ_t x[idx[t]]·w[t], shift) over the taps of o
      // (tap t uses W[wi[t]], output o the bias B[bi[o]] when wi, bi are set)
      const start = tensors[s.start], idx = tensors[s.idx];
      const wi = s.wi ? tensors[s.wi] : undefined, bi = s.bi ? tensors[s.bi] : undefined;
      y = [];
      for (let o = 0; o < s.n; o++) {
        const terms: [Field, number][] = [];
        for (let t = Number(start[o]); t < Number(start[o + 1]); t++) terms.push([x[Number(idx[t])], wi ? Number(wi[t]) : t]);
        y.push(rescale(c, weighted(ws, s.w, biasOf(ws, s.b, bi ? Number(bi[o]) : o), terms), s.shift));
      }
      break;
    }
    case 'relu':
      y = x.map((v) => relu(c, v));
      break;
    case 'leakyrelu':
      // y = p + rescale((x − p)·mul, shift) with p = max(x, 0)
      y = x.map((v) => {
        const p = relu(c, v);
        return p.add(rescale(c, v.sub(p).mul(fe(BigInt(s.mul))), s.shift));
      });
      break;
    case 'clip': {
      // y = min(max(x, lo), hi) = hi − relu(hi − (lo + relu(x − lo)))
      const lo = BigInt(s.lo ?? 0), hi = BigInt(s.hi ?? 0);
      const lower = lo > -(1n << 31n), upper = hi < (1n << 31n) - 1n;
      y = x.map((v) => {
        let t = lower ? relu(c, v.sub(fe(lo))).add(fe(lo)) : v;
        if (upper) t = fe(hi).sub(relu(c, fe(hi).sub(t)));
        return t;
      });
      break;
    }
    case 'mul': {
      // y[o] = rescale(x[ia[o]]·x[ib[o]], shift)
      const ia = tensors[s.ia], ib = tensors[s.ib];
      y = ia.map((a, o) => rescale(c, x[Number(a)].mul(x[Number(ib[o])]), s.shift));
      break;
    }
    case 'gather': {
      const idx = tensors[s.idx];
      y = idx.map((i) => x[Number(i)]);
      break;
    }
    case 'maxpool': {
      const start = tensors[s.start], idx = tensors[s.idx];
      y = [];
      for (let o = 0; o < s.n; o++) {
        const taps: Field[] = [];
        for (let t = Number(start[o]); t < Number(start[o + 1]); t++) taps.push(x[Number(idx[t])]);
        y.push(maxOf(c, taps));
      }
      break;
    }
    case 'table': {
      const T = table(s.table);
      y = x.map((v) => T.lookup(c, rescale(c, v, s.shift)));
      break;
    }
    case 'softmax': {
      const T = table(s.table);
      y = new Array(x.length);
      const one = 1n << BigInt(s.scale);
      for (let o = 0; o < s.outer; o++)
        for (let i = 0; i < s.inner; i++) {
          const at = (j: number) => (o * s.len + j) * s.inner + i;
          const row: Field[] = [];
          for (let j = 0; j < s.len; j++) row.push(x[at(j)]);
          const m = maxOf(c, row);
          const e = row.map((q) => T.lookup(c, rescale(c, q.sub(m), s.shift)));
          let Z = Field(0);
          for (const v of e) Z = Z.add(v);
          Z = Z.seal();
          // h = floor(Z/2): Z = 2h + z0
          const [h, z0] = Provable.witness(Provable.Array(Field, 2), () => {
            const z = Z.toBigInt();
            return [Field(z / 2n), Field(z % 2n)];
          });
          z0.assertBool();
          Z.assertEquals(h.mul(2).add(z0));
          c.nonNeg(h);
          for (let j = 0; j < s.len; j++) {
            // e·2^S + h = y·Z + r, 0 ≤ r < Z
            const num = e[j].mul(one).add(h);
            const [q, r] = Provable.witness(Provable.Array(Field, 2), () => {
              const a = num.toBigInt(), z = Z.toBigInt();
              return [Field(a / z), Field(a % z)];
            });
            num.assertEquals(q.mul(Z).add(r));
            c.nonNeg(r);
            c.nonNeg(Z.sub(1).sub(r));
            c.i32(q);
            y[at(j)] = q;
          }
        }
      break;
    }
    case 'divround': {
      // y[o] = floor((2·Σ taps·sgn + den) / (2·den))
      const start = tensors[s.start], idx = tensors[s.idx], sg = tensors[s.sign], den = tensors[s.den];
      y = [];
      for (let o = 0; o < s.n; o++) {
        let acc = Field(0);
        for (let t = Number(start[o]); t < Number(start[o + 1]); t++) acc = acc.add(x[Number(idx[t])].mul(fe(sg[t])));
        y.push(divConst(c, acc.mul(2).add(den[o]), 2n * den[o]));
      }
      break;
    }
    default:
      throw Error(`model.json: unknown step op ${JSON.stringify(s.op)}`);
  }
  env.set(s.y, y);
}

/** The flat size of a list of values. */
export function flatSize(ids: number[]): number {
  return ids.reduce((n, id) => n + model.sizes[id], 0);
}

/** The weight tensors chunk i reads, flattened (ids in model.chunks[i].params). */
export function chunkWeights(i: number): bigint[] {
  return (model.chunks[i].params ?? []).flatMap((id) => tensors[id]);
}

/**
 * Witnesses chunk i's weights and folds them into the running weights
 * commitment: params = Poseidon(prev, w...). For fixed weights it returns 0
 * and the weights stay circuit constants.
 */
function witnessWeights(i: number, prev: Field): { ws: Weights; params: Field } {
  const ws: Weights = new Map();
  if (PARAM_VISIBILITY === 'fixed') return { ws, params: Field(0) };
  const ids = model.chunks[i].params ?? [];
  const flat = Provable.witness(Provable.Array(Field, chunkWeights(i).length), () => chunkWeights(i).map(fe));
  let off = 0;
  for (const id of ids) {
    ws.set(id, flat.slice(off, off + tensors[id].length));
    off += tensors[id].length;
  }
  return { ws, params: Poseidon.hash([prev, ...flat]) };
}

/** Runs a chunk's steps on its live inputs and returns its live outputs. */
export function chunkBody(i: number, vals: Field[], ws: Weights = new Map()): { out: Field[]; label: Field } {
  const ch = model.chunks[i];
  const c = new Checks();
  const env = new Map<number, Field[]>();
  let off = 0;
  for (const id of ch.liveIn) {
    env.set(id, vals.slice(off, off + model.sizes[id]));
    off += model.sizes[id];
  }
  if (i === 0) for (const v of vals) c.i32(v); // graph inputs are 32-bit values
  for (const si of ch.steps) runStep(c, model.steps[si], env, ws);
  const out = ch.liveOut.flatMap((id) => env.get(id)!);
  const last = i === model.chunks.length - 1;
  const label = last && model.classifier ? argmax(c, out) : Field(0);
  c.flush();
  return { out, label };
}

function makeChunk(i: number, prev: any): any {
  const ch = model.chunks[i];
  const last = i === model.chunks.length - 1;
  const In = Provable.Array(Field, flatSize(ch.liveIn));
  const Out = Provable.Array(Field, flatSize(ch.liveOut));
  const finish = (input: Field, vals: Field[], saltOut: Field, prevParams: Field) => {
    const { ws, params } = witnessWeights(i, prevParams);
    const { out, label } = chunkBody(i, vals, ws);
    const acts = last ? commit(out) : commit(out, saltOut);
    return { publicOutput: new Link({ model: MODEL, input, acts, label, params }), auxiliaryOutput: out };
  };
  if (i === 0) {
    // The input: a public input of this proof (public), or a private input
    // bound by Poseidon(input) (hashed) or Poseidon(salt, input) (private).
    // The weights commitment starts from the secret salt (private weights) or 0.
    const first = (vals: Field[], saltIn: Field, saltOut: Field, paramSalt: Field) => {
      const input = model.inputVisibility === 'private' ? commit(vals, saltIn) : commit(vals);
      return finish(input, vals, saltOut, PARAM_VISIBILITY === 'private' ? paramSalt : Field(0));
    };
    if (model.inputVisibility === 'public')
      return ZkProgram({
        name: 'zkml-chunk-0',
        publicInput: In,
        publicOutput: Link,
        methods: {
          run: {
            privateInputs: [Field, Field, Field],
            auxiliaryOutput: Out,
            async method(vals: Field[], saltIn: Field, saltOut: Field, paramSalt: Field) {
              return first(vals, saltIn, saltOut, paramSalt);
            },
          },
        },
      });
    return ZkProgram({
      name: 'zkml-chunk-0',
      publicOutput: Link,
      methods: {
        run: {
          privateInputs: [In, Field, Field, Field],
          auxiliaryOutput: Out,
          async method(vals: Field[], saltIn: Field, saltOut: Field, paramSalt: Field) {
            return first(vals, saltIn, saltOut, paramSalt);
          },
        },
      },
    });
  }
  const PrevProof = ZkProgram.Proof(prev);
  return ZkProgram({
    name: `zkml-chunk-${i}`,
    publicOutput: Link,
    methods: {
      run: {
        privateInputs: [PrevProof, In, Field, Field],
        auxiliaryOutput: Out,
        async method(p: any, vals: Field[], saltIn: Field, saltOut: Field) {
          p.verify();
          p.publicOutput.model.assertEquals(MODEL);
          p.publicOutput.acts.assertEquals(commit(vals, saltIn));
          return finish(p.publicOutput.input, vals, saltOut, p.publicOutput.params);
        },
      },
    },
  });
}

/** The chunk programs, in order; the last one's proof is the model's proof. */
export const chunks: any[] = [];
for (let i = 0; i < model.chunks.length; i++) chunks.push(makeChunk(i, chunks[i - 1]));
export const Final = chunks[chunks.length - 1];
export class FinalProof extends ZkProgram.Proof(Final) {}
