// Oracle for kimchi/circuit: o1js 2.15.0 builds named circuits with
// Provable.constraintSystem and prints their gates (analyzeMethod format:
// type, wires, decimal coeffs). The Go test builds the same circuits with
// kimchi/circuit's Builder and compares.
//
// stdin:  { "circuits": [name, ...] }
// stdout: { name: { "publicInputSize": n, "rows": n, "gates": [...] }, ... }
import { Provable, Field, Poseidon, Gadgets } from 'o1js';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const req = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const w = () => Provable.witness(Field, () => Field(0));

const circuits = {
  // products, constant folding into scales, linear combinations with constants
  arith() {
    const a = w(), b = w();
    const c = a.mul(b).add(a.mul(3)).sub(7);
    const d = c.mul(c.add(b));
    d.assertEquals(a.add(b).add(5));
  },
  // assertions against constants (cached constant variables), square, inv, div, bool, seal
  consts() {
    const x = w(), y = w();
    x.mul(2).add(1).assertEquals(11);
    x.mul(x).assertEquals(25);
    x.add(1).mul(x.sub(1)).assertEquals(24);
    x.assertEquals(5);
    y.assertEquals(5);
    y.mul(3).assertEquals(x.mul(3));
    y.mul(3).assertEquals(x.mul(2));
    x.square().assertEquals(y.square());
    x.inv().assertEquals(y.div(x));
    y.sub(4).assertBool();
    x.add(y).seal().mul(x).assertEquals(50);
  },
  // long linear combinations
  lincomb() {
    const a = w(), b = w(), c = w(), d = w(), e = w();
    a.add(b.mul(2)).add(c.mul(3)).add(d).add(4).assertEquals(e);
    a.add(b).add(c).mul(d.sub(e).add(a)).assertEquals(0);
    e.add(d.mul(-1)).add(c).assertEquals(a.add(b));
  },
  poseidon() {
    const x = w(), y = w(), z = w();
    Poseidon.hash([x]).assertEquals(y);
    Poseidon.hash([x, y, z]).assertEquals(Poseidon.hash([z.add(1), x.mul(2)]));
  },
  rangecheck() {
    const x = w(), y = w(), z = w();
    Gadgets.rangeCheck64(x);
    Gadgets.rangeCheck64(x.add(y));
    Gadgets.multiRangeCheck([x, y, z]);
    Gadgets.multiRangeCheck([x.add(1), y, z.mul(2)]);
  },
};

const out = {};
for (const name of req.circuits) {
  const f = circuits[name];
  if (!f) throw Error(`unknown circuit ${name}`);
  const cs = await Provable.constraintSystem(f);
  out[name] = { publicInputSize: cs.publicInputSize, rows: cs.rows, gates: cs.gates };
}
process.stdout.write(JSON.stringify(out));
