package kcircuit

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/circuit"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

// gadgetCircuit builds a circuit of one private cell x and a range gadget
// over it, with the backend of bits-bit limbs; pending range records are
// tightened as Compile does.
func gadgetCircuit(t *testing.T, bits int, build func(c *compiler, x int32) error) (*compiler, *circuit.Circuit) {
	t.Helper()
	b := circuit.NewBuilder()
	c := &compiler{b: b, zero: b.Constant(fp.Element{}), limbBits: bits}
	if c.small() {
		if err := c.addRangeTable(tableIDBase); err != nil {
			t.Fatal(err)
		}
	}
	x := c.addCell(b.PrivateInput())
	if err := build(c, x); err != nil {
		t.Fatal(err)
	}
	for id := range c.rcs {
		c.tighten(int32(id))
	}
	circ, err := b.Compile()
	if err != nil {
		t.Fatal(err)
	}
	return c, circ
}

// limbsOf returns the n L-bit limbs of x (the honest hint: truncated).
func limbsOf(x *big.Int, n, L int) []fp.Element {
	out := make([]fp.Element, n)
	mask := big.NewInt(1<<L - 1)
	for i := range out {
		out[i] = feBig(new(big.Int).And(new(big.Int).Rsh(x, uint(i*L)), mask))
	}
	return out
}

// limbForgeries returns decompositions of x into n limbs (lowest first)
// whose sum Σ limbᵢ·2^(iL) equals x in the field but that are not the
// honest truncated split: the exact split with an unbounded top limb,
// carries leaving a limb ≥ 2^L or negative, a negative top limb, and for
// every shift s ∈ [1, L] and offset a ∈ {0, 2^j} (bit w−1 at position j of
// the top limb) the split top = a + z/2^s with z < 2^L, which a check of
// (top − a)·2^s alone would accept although its low bits overlap the
// limbs below.
func limbForgeries(x fp.Element, n, L, w int) [][]fp.Element {
	var X big.Int
	x.BigInt(&X)
	B := (n - 1) * L
	one := big.NewInt(1)
	pB := new(big.Int).Lsh(one, uint(B))
	var out [][]fp.Element
	exact := limbsOf(&X, n, L)
	exact[n-1] = feBig(new(big.Int).Rsh(&X, uint(B)))
	out = append(out, exact)
	if n >= 2 {
		for _, d := range []int64{1, -1} {
			f := slices.Clone(exact)
			c0, c1 := fe(d<<L), fe(-d)
			f[0].Add(&f[0], &c0)
			f[1].Add(&f[1], &c1)
			out = append(out, f)
		}
	}
	if v := signedBig(&x); v.Sign() < 0 && v.Cmp(new(big.Int).Neg(pB)) >= 0 {
		lower := new(big.Int).Add(v, pB)
		f := limbsOf(lower, n, L)
		f[n-1] = fe(-1)
		out = append(out, f)
	}
	j := w - 1 - B
	if j < 0 || j >= L {
		return out
	}
	zmax := big.NewInt(1<<L - 1)
	for _, a := range []int64{0, 1 << j} {
		R := new(big.Int).Sub(&X, new(big.Int).Lsh(big.NewInt(a), uint(B)))
		if R.Sign() < 0 {
			continue
		}
		for s := 1; s <= L && s <= B; s++ {
			z := new(big.Int).Rsh(R, uint(B-s))
			if z.Cmp(zmax) > 0 {
				z.Set(zmax)
			}
			lower := new(big.Int).Sub(R, new(big.Int).Lsh(z, uint(B-s)))
			if lower.Sign() < 0 || lower.Cmp(pB) >= 0 {
				continue
			}
			f := limbsOf(lower, n, L)
			inv := pow2(s)
			inv.Inverse(&inv)
			var top fp.Element
			zf := feBig(z)
			top.Mul(&zf, &inv)
			af := fe(a)
			top.Add(&top, &af)
			f[n-1] = top
			out = append(out, f)
		}
	}
	return out
}

// TestRangeGadgets builds each range gadget over one private cell with
// each backend (12 bits and several limb widths) and feeds it values
// inside and outside its bound, with the honest hints and, for limb
// backends, forged limb splits (a limb ≥ 2^L, negative limbs, top limbs
// whose low bits overlap the limbs below) and flipped sign bits: Check
// accepts exactly the honest witnesses of values in [0, 2^K) (K = k, or
// the loose bound of rangeLoose) with the true sign bit.
func TestRangeGadgets(t *testing.T) {
	type gcase struct {
		name  string
		bound func(bits int) int // K: the values the gadget accepts are [0, 2^K)
		w     int                // width for the top-limb forgeries (0: K)
		sign  bool
		build func(c *compiler, x int32) error
	}
	var cases []gcase
	for _, k := range []int{1, 4, 5, 6, 7, 11, 12, 13, 16, 17, 20, 31, 32, 33, 40, 64} {
		cases = append(cases, gcase{name: fmt.Sprintf("rangeExact %d", k), bound: func(int) int { return k },
			build: func(c *compiler, x int32) error { return c.rangeExact(x, k) }})
	}
	for _, w := range []int{17, 24, 32, 40, 64} {
		cases = append(cases, gcase{name: fmt.Sprintf("record %d tightened", w), bound: func(int) int { return w },
			build: func(c *compiler, x int32) error {
				id, err := c.newRC(x, w)
				if err == nil {
					c.tighten(id)
				}
				return err
			}})
	}
	for _, w := range []int{17, 31, 32, 40} {
		cases = append(cases, gcase{name: fmt.Sprintf("record %d sign", w), bound: func(int) int { return w }, sign: true,
			build: func(c *compiler, x int32) error {
				id, err := c.newRC(x, w)
				if err != nil {
					return err
				}
				_, err = c.signRC(id)
				return err
			}})
	}
	for _, need := range []int{1, 5, 12, 13, 20, 32, 41} {
		loose := func(bits int) int {
			switch {
			case need <= bits:
				return need
			case bits < limbBits12:
				return (need + bits - 1) / bits * bits
			}
			return rcBounds[slices.IndexFunc(rcBounds, func(b int) bool { return b >= need })]
		}
		cases = append(cases, gcase{name: fmt.Sprintf("rangeLoose %d", need), bound: loose,
			build: func(c *compiler, x int32) error { return c.rangeLoose(x, need) }})
	}
	rng := rand.New(rand.NewPCG(7, 8))
	for _, bits := range []int{12, 4, 5, 6, 8} {
		for _, gc := range cases {
			t.Run(fmt.Sprintf("L=%d/%s", bits, gc.name), func(t *testing.T) {
				K := gc.bound(bits)
				c, circ := gadgetCircuit(t, bits, gc.build)
				if bits < limbBits12 && circ.Stats().ByType[circuit.RangeCheck0]+circ.Stats().ByType[circuit.RangeCheck1] > 0 {
					t.Fatal("limb backend emitted RangeCheck gates")
				}
				pK := new(big.Int).Lsh(big.NewInt(1), uint(K))
				vals := []*big.Int{big.NewInt(0), big.NewInt(1), new(big.Int).Sub(pK, big.NewInt(1)), pK,
					new(big.Int).Add(pK, big.NewInt(1)), new(big.Int).Add(pK, new(big.Int).Rsh(pK, 1)),
					new(big.Int).Lsh(pK, uint(bits)), new(big.Int).Add(new(big.Int).Lsh(big.NewInt(1), 64), big.NewInt(3)),
					big.NewInt(-1), new(big.Int).Neg(pK)}
				if K > bits {
					vals = append(vals, new(big.Int).Add(pK, new(big.Int).Rsh(pK, uint(bits))))
				}
				for range 3 {
					vals = append(vals, randBelow(rng, pK), new(big.Int).Add(pK, randBelow(rng, new(big.Int).Lsh(pK, 3))))
				}
				checked, refused := 0, 0
				for _, v := range vals {
					x := feBig(v)
					inRange := v.Sign() >= 0 && v.Cmp(pK) < 0
					var X big.Int
					x.BigInt(&X)
					honestBit := X.Bit(K - 1)
					var splits [][]fp.Element // nil: the honest hint only
					if bits < limbBits12 {
						n := (K + bits - 1) / bits
						w := gc.w
						if w == 0 {
							w = K
						}
						if K > bits {
							splits = limbForgeries(x, n, bits, w)
						}
					}
					for si := -1; si < len(splits); si++ {
						for _, flip := range []bool{false, true} {
							if flip && !gc.sign {
								continue
							}
							honestLimbs := true
							c.tamper = func(site string, param int64, in, out []fp.Element) {
								switch {
								case site == "limbs" && si >= 0:
									if len(out) != len(splits[si]) {
										t.Fatalf("limbs hint with %d outputs, forgery of %d", len(out), len(splits[si]))
									}
									for i := range out {
										honestLimbs = honestLimbs && out[i].Equal(&splits[si][i])
									}
									copy(out, splits[si])
								case site == "sign" && flip:
									out[0].SetUint64(1 - uint64(honestBit))
								}
							}
							a, err := circ.Solve(nil, []fp.Element{x})
							if err != nil {
								t.Fatalf("x = %s: solve: %v", v, err)
							}
							err = circ.Check(a.Columns, a.RuntimeTables...)
							want := inRange && honestLimbs && !flip
							checked++
							if err != nil {
								refused++
							}
							if (err == nil) != want {
								t.Fatalf("x = %s (bound 2^%d), split %d, sign flipped %v: accepted %v, want %v (%v)", v, K, si, flip, err == nil, want, err)
							}
						}
					}
				}
				c.tamper = nil
				if refused == 0 || refused == checked {
					t.Fatalf("%d witnesses, %d refused: the gadget does not separate values", checked, refused)
				}
			})
		}
	}
}

// randBelow returns a pseudo-random integer in [0, n) for n < 2^128.
func randBelow(r *rand.Rand, n *big.Int) *big.Int {
	v := new(big.Int).SetUint64(r.Uint64())
	v.Lsh(v, 64).Or(v, new(big.Int).SetUint64(r.Uint64()))
	return v.Mod(v, n)
}
