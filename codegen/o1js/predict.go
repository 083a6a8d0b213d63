package o1js

// Row prediction. The costs below mirror what templates/o1js/src/circuit.ts
// and model.ts emit, in o1js 2.15.0 gates:
//   - a generic gate is half a row (o1js packs two per row);
//   - rangeCheck64 is one RangeCheck0 row; a sealed scaled value before it
//     is one generic gate;
//   - rangeCheck3x12 is one Lookup row for three 12-bit checks;
//   - reducing a linear combination of n variables to one is n−1 generic gates
//     (plus one for the equation it ends in);
//   - Poseidon.hash of n elements is ceil(n/2) (at least one) permutations of
//     12 rows each (11 Poseidon rows and a Zero row).
// The test TestPredictRows compares these with analyzeMethods() (see
// PROGRESS.md for the measured margin).

// Cost is a prediction in half-rows for generic gates and whole rows for the rest.
type cost struct {
	generic float64 // generic gates (two per row)
	rows    float64 // rows of other gates
	lookups float64 // 12-bit checks (three per row)
}

func (c cost) total() float64 { return c.generic/2 + c.rows + c.lookups/3 }

func (c *cost) add(o cost, times float64) {
	c.generic += o.generic * times
	c.rows += o.rows * times
	c.lookups += o.lookups * times
}

var (
	costRC64   = cost{generic: 1, rows: 1}
	costI32    = cost{generic: 2, rows: 2} // u and u·2^32 sealed, two range checks
	costBits12 = cost{generic: 1, lookups: 1}
)

// bitsCost is Checks.bits(x, k).
func bitsCost(k int) cost {
	if k <= 12 {
		if k < 12 {
			return cost{generic: 2, lookups: 2}
		}
		return costBits12
	}
	if k < 64 {
		return cost{generic: 2, rows: 2}
	}
	return costRC64
}

// rescaleCost is rescale(acc of n terms, k).
func rescaleCost(n, k int) cost {
	var c cost
	if k <= 0 {
		c.generic += float64(n) // reduce and seal
		c.add(costI32, 1)
		return c
	}
	c.generic += float64(n + 1) // the equation acc + 2^(k−1) = q·2^k + r
	c.add(bitsCost(k), 1)
	c.add(costI32, 1)
	return c
}

func reluCost() cost {
	var c cost
	c.generic += 2 // boolean check, x·b
	c.add(costRC64, 1)
	return c
}

func maxCost(n int) cost {
	if n <= 1 {
		return cost{}
	}
	var c cost
	c.add(costRC64, float64(n)) // d = m − x sealed, range-checked
	c.generic += float64(n - 1) // the product chain
	c.generic += 1              // product = 0
	return c
}

func poseidonRows(n int) float64 {
	perms := (n + 1) / 2
	if perms < 1 {
		perms = 1
	}
	return float64(perms * 12)
}

func lookupCost(entries int) cost {
	h := 1
	for 1<<(h-1) < entries {
		h++
	}
	var c cost
	c.generic += 12 // clamp booleans and selections
	c.add(costRC64, 2)
	c.rows += float64((h-1)*12) + 21 // path hashes; 21 measured for the index and clamp selections
	c.generic += float64((h - 1) * 4)
	return c
}

// predictStep returns the predicted rows of one step.
func predictStep(m *Model, s *Step) int {
	var c cost
	witnessed := m.ParamVisibility != "" && m.ParamVisibility != "fixed"
	switch s.Op {
	case "dense":
		w := m.Tensors[s.W]
		for j := 0; j < s.N; j++ {
			nz := 0
			for k := 0; k < s.K; k++ {
				if w[j*s.K+k] != "0" || witnessed {
					nz++
				}
			}
			c.add(rescaleCost(nz, s.Shift), float64(s.M))
			if witnessed {
				c.generic += float64(nz * s.M) // one product gate per term
			}
		}
	case "sparse":
		start, w := m.Tensors[s.Start], m.Tensors[s.W]
		for o := 0; o < s.N; o++ {
			n := 0
			for t := atoi(start[o]); t < atoi(start[o+1]); t++ {
				wt := t
				if s.WI > 0 {
					wt = atoi(m.Tensors[s.WI][t])
				}
				if w[wt] != "0" || witnessed {
					n++
				}
			}
			c.add(rescaleCost(n, s.Shift), 1)
			if witnessed {
				c.generic += float64(n)
			}
		}
	case "relu":
		c.add(reluCost(), float64(m.Sizes[s.X]))
	case "gather":
	case "leakyrelu":
		per := reluCost()
		per.generic += 2 // x − p, p + r
		per.add(rescaleCost(1, s.Shift), 1)
		c.add(per, float64(m.Sizes[s.X]))
	case "clip":
		per := cost{}
		for _, bound := range []bool{s.Lo > -(1 << 31), s.Hi < 1<<31-1} {
			if bound {
				per.add(reluCost(), 1)
				per.generic += 2
			}
		}
		c.add(per, float64(m.Sizes[s.X]))
	case "mul":
		per := cost{generic: 1}
		per.add(rescaleCost(1, s.Shift), 1)
		c.add(per, float64(s.N))
	case "maxpool":
		start := m.Tensors[s.Start]
		for o := 0; o < s.N; o++ {
			c.add(maxCost(atoi(start[o+1])-atoi(start[o])), 1)
		}
	case "divround":
		start := m.Tensors[s.Start]
		for o := 0; o < s.N; o++ {
			c.generic += float64(atoi(start[o+1]) - atoi(start[o]) + 1)
			c.add(costRC64, 2)
			c.add(costI32, 1)
		}
	case "table":
		n := len(m.Tables[s.Table].Entries)
		c.add(rescaleCost(1, s.Shift), float64(m.Sizes[s.X]))
		c.add(lookupCost(n), float64(m.Sizes[s.X]))
	case "softmax":
		n := len(m.Tables[s.Table].Entries)
		rows := float64(s.Outer * s.Inner)
		c.add(maxCost(s.Len), rows)
		c.add(rescaleCost(2, s.Shift), rows*float64(s.Len))
		c.add(lookupCost(n), rows*float64(s.Len))
		c.generic += rows * float64(s.Len+4)
		c.add(costRC64, rows)
		per := cost{generic: 3}
		per.add(costRC64, 2)
		per.add(costI32, 1)
		c.add(per, rows*float64(s.Len))
	}
	return int(c.total() + 0.5)
}

// chunkOverhead is the predicted rows of a chunk's own plumbing: the input
// range checks (chunk 0), the commitments, the recursive verification and the
// final argmax.
func chunkOverhead(m *Model, ch *Chunk, first, last bool) int {
	in, out := 0, 0
	for _, id := range ch.LiveIn {
		in += m.Sizes[id]
	}
	for _, id := range ch.LiveOut {
		out += m.Sizes[id]
	}
	var c cost
	if first {
		c.add(costI32, float64(in))
		c.rows += poseidonRows(in + 1)
	} else {
		c.rows += poseidonRows(in + 1)
		c.rows += verifyRows
	}
	c.rows += poseidonRows(out + 1)
	if len(ch.Params) > 0 {
		n := 1
		for _, id := range ch.Params {
			n += len(m.Tensors[id])
		}
		c.rows += poseidonRows(n)
	}
	if last && m.Classifier {
		c.generic += float64(4 * out)
		c.add(costRC64, float64(out))
	}
	return int(c.total() + 0.5)
}

// verifyRows is the predicted cost of verifying one previous chunk proof
// inside a chunk (Pickles step verifier of a proof from a wrap circuit).
var verifyRows = 0.0

func atoi(s string) int {
	n := 0
	for _, ch := range s {
		n = n*10 + int(ch-'0')
	}
	return n
}
