// Circuit gadgets that reproduce zkml's fixed-point integer semantics
// (onnx/quant, Program.Run) exactly inside an o1js circuit. A value q is the
// field element q mod p. This file is static: the model is data (model.json).
import { Field, Gadgets, Poseidon, Provable, Bool, MerkleWitness } from 'o1js';

export const P = Field.ORDER;

/** The signed integer a field element stands for. */
export function signed(f: Field): bigint {
  const v = f.toBigInt();
  return v > P / 2n ? v - P : v;
}

/** The field element of a signed integer. */
export function fe(v: bigint): Field {
  return Field(((v % P) + P) % P);
}

export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && (a < 0n) !== (b < 0n) ? q - 1n : q;
}

const TWO = (k: number) => 1n << BigInt(k);

/** Queues 12-bit range checks and emits them three per lookup row. */
export class Checks {
  private q12: Field[] = [];
  bits12(x: Field) {
    this.q12.push(x.isConstant() ? x : x.seal());
    if (this.q12.length === 3) this.flush();
  }
  flush() {
    if (this.q12.length === 0) return;
    while (this.q12.length < 3) this.q12.push(this.q12[0]);
    Gadgets.rangeCheck3x12(this.q12[0], this.q12[1], this.q12[2]);
    this.q12 = [];
  }
  /** 0 ≤ x < 2^k (k ≤ 64). */
  bits(x: Field, k: number) {
    if (x.isConstant()) {
      const v = x.toBigInt();
      if (v >= TWO(k)) throw Error(`constant ${v} is not below 2^${k}`);
      return;
    }
    if (k <= 12) {
      this.bits12(x);
      if (k < 12) this.bits12(x.mul(TWO(12 - k)));
      return;
    }
    Gadgets.rangeCheck64(x.seal());
    if (k < 64) Gadgets.rangeCheck64(x.mul(TWO(64 - k)).seal());
  }
  /** x ≥ 0 for x known to be far below 2^64 in magnitude. */
  nonNeg(x: Field) {
    Gadgets.rangeCheck64(x.seal());
  }
  /** −2^31 ≤ y < 2^31. */
  i32(y: Field) {
    this.bits(y.add(TWO(31)), 32);
  }
}

/**
 * rescale(acc, k): floor((acc + 2^(k−1)) / 2^k) for k > 0, acc·2^(−k) for
 * k ≤ 0; the result is checked to be a 32-bit signed value.
 */
export function rescale(c: Checks, acc: Field, k: number): Field {
  if (k <= 0) {
    const y = acc.mul(TWO(-k)).seal();
    c.i32(y);
    return y;
  }
  const [q, r] = Provable.witness(Provable.Array(Field, 2), () => {
    const a = signed(acc) + TWO(k - 1);
    const q = floorDiv(a, TWO(k));
    return [fe(q), fe(a - q * TWO(k))];
  });
  acc.add(TWO(k - 1)).assertEquals(q.mul(TWO(k)).add(r));
  c.bits(r, k);
  c.i32(q);
  return q;
}

/** y = max(x, 0) with a sign witness. */
export function relu(c: Checks, x: Field): Field {
  const b = Provable.witness(Bool, () => signed(x) >= 0n);
  const y = x.mul(b.toField());
  // b = 1: x ≥ 0; b = 0: −x − 1 ≥ 0.
  c.nonNeg(y.mul(2).sub(x).sub(1).add(b.toField()));
  return y;
}

/** max over xs: m ≥ every x and m equals one of them. */
export function maxOf(c: Checks, xs: Field[]): Field {
  if (xs.length === 1) return xs[0];
  const m = Provable.witness(Field, () => {
    let best = signed(xs[0]);
    for (const x of xs) if (signed(x) > best) best = signed(x);
    return fe(best);
  });
  let prod: Field | null = null;
  for (const x of xs) {
    const d = m.sub(x).seal();
    c.nonNeg(d);
    prod = prod === null ? d : prod.mul(d);
  }
  prod!.assertEquals(0);
  return m;
}

/** floor((num) / den) for a constant den > 0, result 32-bit signed. */
export function divConst(c: Checks, num: Field, den: bigint): Field {
  const [y, r] = Provable.witness(Provable.Array(Field, 2), () => {
    const a = signed(num);
    const y = floorDiv(a, den);
    return [fe(y), fe(a - y * den)];
  });
  num.assertEquals(y.mul(den).add(r));
  c.nonNeg(r);
  c.nonNeg(Field(den - 1n).sub(r));
  c.i32(y);
  return y;
}

/**
 * A lookup table checked by a Merkle path against a constant root (o1js
 * MerkleTree convention). The tree's levels are precomputed by zkml.
 */
export class LookupTable {
  readonly height: number;
  readonly root: Field;
  private levels: bigint[][];
  private Witness: ReturnType<typeof MerkleWitness>;
  constructor(readonly min: bigint, readonly entries: bigint[], tree: { height: number; root: string; levels: string[][] }) {
    this.height = tree.height;
    this.root = Field(tree.root);
    const leaves = new Array<bigint>(1 << (tree.height - 1)).fill(0n);
    entries.forEach((e, i) => (leaves[i] = ((e % P) + P) % P));
    this.levels = [leaves, ...tree.levels.map((l) => l.map((s) => BigInt(s)))];
    this.Witness = MerkleWitness(tree.height);
  }
  private path(i: number) {
    const path = [];
    for (let l = 0; l < this.height - 1; l++) {
      path.push({ isLeft: i % 2 === 0, sibling: Field(this.levels[l][i ^ 1]) });
      i >>= 1;
    }
    return path;
  }
  /** entries[clamp(u, min, max) − min]. */
  lookup(c: Checks, u: Field): Field {
    const n = BigInt(this.entries.length);
    const lo = this.min;
    const hi = this.min + n - 1n;
    const [below, above] = Provable.witness(Provable.Array(Bool, 2), () => {
      const v = signed(u);
      return [Bool(v < lo), Bool(v > hi)];
    });
    below.and(above).assertFalse();
    const inside = below.or(above).not();
    // below: lo − 1 − u ≥ 0; above: u − hi − 1 ≥ 0; inside: u − lo ≥ 0 and hi − u ≥ 0
    c.nonNeg(Provable.if(below, Field(lo - 1n).sub(u), Provable.if(above, u.sub(hi + 1n), u.sub(lo))));
    c.nonNeg(Provable.if(inside, Field(hi).sub(u), Field(0)));
    const idx = u.sub(lo).mul(inside.toField()).add(above.toField().mul(Number(n - 1n))).seal();
    const w = Provable.witness(this.Witness, () => new this.Witness(this.path(Number(idx.toBigInt()))));
    const leaf = Provable.witness(Field, () => fe(this.entries[Number(idx.toBigInt())]));
    w.calculateIndex().assertEquals(idx);
    w.calculateRoot(leaf).assertEquals(this.root);
    return leaf;
  }
}

/** Poseidon commitment of values, salted when salt is given. */
export function commit(values: Field[], salt?: Field): Field {
  return Poseidon.hash(salt === undefined ? values : [salt, ...values]);
}

/**
 * Index of the first maximum of ys (numpy argmax), proved with a one-hot
 * witness.
 */
export function argmax(c: Checks, ys: Field[]): Field {
  const n = ys.length;
  const hot = Provable.witness(Provable.Array(Bool, n), () => {
    let best = 0;
    for (let j = 1; j < n; j++) if (signed(ys[j]) > signed(ys[best])) best = j;
    return ys.map((_, j) => Bool(j === best));
  });
  let sum = Field(0), label = Field(0), m = Field(0);
  for (let j = 0; j < n; j++) {
    sum = sum.add(hot[j].toField());
    label = label.add(hot[j].toField().mul(j));
    m = m.add(ys[j].mul(hot[j].toField()));
  }
  sum.assertEquals(1);
  m = m.seal();
  // after_j = 1 when the index is after j: earlier elements are strictly less.
  let after = Field(0);
  for (let j = n - 1; j >= 0; j--) {
    c.nonNeg(m.sub(ys[j]).sub(after));
    after = after.add(hot[j].toField());
  }
  return label.seal();
}
