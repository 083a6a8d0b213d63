package o1js

import (
	"fmt"
	"math/big"
)

// Eval runs model.json on a quantized input the way the generated circuit
// does, chunk by chunk through each chunk's live values, and returns the
// output and the label (argmax, 0 for non-classifiers). It fails where a
// circuit constraint would (a rescaled value outside 32 bits, an input out
// of range), so it is a TypeScript-free reference of the generated code,
// to be compared with quant.Program.Run.
func (m *Model) Eval(input []int64) ([]int64, int, error) {
	if len(input) != m.Input.Size {
		return nil, 0, fmt.Errorf("o1js eval: input has %d values, the model takes %d", len(input), m.Input.Size)
	}
	ts, err := m.intTensors()
	if err != nil {
		return nil, 0, err
	}
	vals := append([]int64(nil), input...)
	for _, v := range vals {
		if !fits32(v) {
			return nil, 0, fmt.Errorf("o1js eval: input %d outside 32 bits", v)
		}
	}
	for ci, ch := range m.Chunks {
		if len(vals) != m.flatSize(ch.LiveIn) {
			return nil, 0, fmt.Errorf("o1js eval: chunk %d takes %d values, got %d", ci, m.flatSize(ch.LiveIn), len(vals))
		}
		env := map[int][]int64{}
		off := 0
		for _, id := range ch.LiveIn {
			env[id] = vals[off : off+m.Sizes[id]]
			off += m.Sizes[id]
		}
		for _, si := range ch.Steps {
			s := &m.Steps[si]
			y, err := m.evalStep(s, env, ts)
			if err != nil {
				return nil, 0, fmt.Errorf("o1js eval: chunk %d step %d (%s): %w", ci, si, s.Op, err)
			}
			if len(y) != m.Sizes[s.Y] {
				return nil, 0, fmt.Errorf("o1js eval: step %d made %d values, want %d", si, len(y), m.Sizes[s.Y])
			}
			env[s.Y] = y
		}
		vals = nil
		for _, id := range ch.LiveOut {
			v, ok := env[id]
			if !ok {
				return nil, 0, fmt.Errorf("o1js eval: chunk %d passes value %d it does not have", ci, id)
			}
			vals = append(vals, v...)
		}
	}
	label := 0
	if m.Classifier {
		for j, v := range vals {
			if v > vals[label] {
				label = j
			}
		}
	}
	return vals, label, nil
}

func (m *Model) flatSize(ids []int) int {
	n := 0
	for _, id := range ids {
		n += m.Sizes[id]
	}
	return n
}

func (m *Model) intTensors() ([][]int64, error) {
	ts := make([][]int64, len(m.Tensors))
	for i, t := range m.Tensors {
		ts[i] = make([]int64, len(t))
		for j, s := range t {
			v, ok := new(big.Int).SetString(s, 10)
			if !ok || !v.IsInt64() {
				return nil, fmt.Errorf("o1js eval: tensor %d element %d %q", i, j, s)
			}
			ts[i][j] = v.Int64()
		}
	}
	return ts, nil
}

func fits32(v int64) bool { return v >= -(1<<31) && v < 1<<31 }

// rescaleChecked is circuit.ts rescale: the quotient must be a 32-bit value.
func rescaleChecked(acc int64, k int) (int64, error) {
	var y int64
	if k <= 0 {
		y = acc << -k
	} else {
		y = floorDiv(acc+1<<(k-1), 1<<k)
	}
	if !fits32(y) {
		return 0, fmt.Errorf("rescaled value %d outside 32 bits", y)
	}
	return y, nil
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func (m *Model) evalStep(s *Step, env map[int][]int64, ts [][]int64) ([]int64, error) {
	var x []int64
	if len(s.Xs) > 0 {
		for _, id := range s.Xs {
			v, ok := env[id]
			if !ok {
				return nil, fmt.Errorf("value %d not in this chunk", id)
			}
			x = append(x, v...)
		}
	} else {
		v, ok := env[s.X]
		if !ok {
			return nil, fmt.Errorf("value %d not in this chunk", s.X)
		}
		x = v
	}
	var y []int64
	switch s.Op {
	case "dense":
		W := ts[s.W]
		for i := 0; i < s.M; i++ {
			for j := 0; j < s.N; j++ {
				var acc int64
				if s.B > 0 {
					acc = ts[s.B][i*s.N+j]
				}
				for k := 0; k < s.K; k++ {
					acc += x[i*s.K+k] * W[j*s.K+k]
				}
				v, err := rescaleChecked(acc, s.Shift)
				if err != nil {
					return nil, err
				}
				y = append(y, v)
			}
		}
	case "sparse":
		start, idx := ts[s.Start], ts[s.Idx]
		for o := 0; o < s.N; o++ {
			var acc int64
			if s.B > 0 {
				acc = ts[s.B][at(ts, s.BI, o)]
			}
			for t := start[o]; t < start[o+1]; t++ {
				acc += x[idx[t]] * ts[s.W][at(ts, s.WI, int(t))]
			}
			v, err := rescaleChecked(acc, s.Shift)
			if err != nil {
				return nil, err
			}
			y = append(y, v)
		}
	case "relu":
		for _, v := range x {
			y = append(y, max(v, 0))
		}
	case "leakyrelu":
		for _, v := range x {
			p := max(v, 0)
			r, err := rescaleChecked((v-p)*s.Mul, s.Shift)
			if err != nil {
				return nil, err
			}
			y = append(y, p+r)
		}
	case "clip":
		for _, v := range x {
			y = append(y, min(max(v, s.Lo), s.Hi))
		}
	case "gather":
		for _, i := range ts[s.Idx] {
			y = append(y, x[i])
		}
	case "mul":
		a, c := ts[s.IA], ts[s.IB]
		for o := range a {
			v, err := rescaleChecked(x[a[o]]*x[c[o]], s.Shift)
			if err != nil {
				return nil, err
			}
			y = append(y, v)
		}
	case "maxpool":
		start, idx := ts[s.Start], ts[s.Idx]
		for o := 0; o < s.N; o++ {
			best := x[idx[start[o]]]
			for t := start[o]; t < start[o+1]; t++ {
				best = max(best, x[idx[t]])
			}
			y = append(y, best)
		}
	case "divround":
		start, idx, sg, den := ts[s.Start], ts[s.Idx], ts[s.Sign], ts[s.Den]
		for o := 0; o < s.N; o++ {
			var acc int64
			for t := start[o]; t < start[o+1]; t++ {
				acc += x[idx[t]] * sg[t]
			}
			v := floorDiv(2*acc+den[o], 2*den[o])
			if !fits32(v) {
				return nil, fmt.Errorf("quotient %d outside 32 bits", v)
			}
			y = append(y, v)
		}
	case "table":
		t := &m.Tables[s.Table]
		for _, v := range x {
			u, err := rescaleChecked(v, s.Shift)
			if err != nil {
				return nil, err
			}
			e, err := t.lookup(u)
			if err != nil {
				return nil, err
			}
			y = append(y, e)
		}
	case "softmax":
		t := &m.Tables[s.Table]
		y = make([]int64, len(x))
		one := int64(1) << s.Scale
		for o := 0; o < s.Outer; o++ {
			for i := 0; i < s.Inner; i++ {
				at := func(j int) int { return (o*s.Len+j)*s.Inner + i }
				mx := x[at(0)]
				for j := 1; j < s.Len; j++ {
					mx = max(mx, x[at(j)])
				}
				e := make([]int64, s.Len)
				var z int64
				for j := range e {
					d, err := rescaleChecked(x[at(j)]-mx, s.Shift)
					if err != nil {
						return nil, err
					}
					if e[j], err = t.lookup(d); err != nil {
						return nil, err
					}
					z += e[j]
				}
				if z <= 0 {
					return nil, fmt.Errorf("softmax denominator %d", z)
				}
				for j := range e {
					q := (e[j]*one + z/2) / z
					if !fits32(q) {
						return nil, fmt.Errorf("softmax value %d outside 32 bits", q)
					}
					y[at(j)] = q
				}
			}
		}
	default:
		return nil, fmt.Errorf("unknown op %q", s.Op)
	}
	return y, nil
}

// at is index i through the index tensor id (i itself when id is 0).
func at(ts [][]int64, id, i int) int64 {
	if id > 0 {
		return ts[id][i]
	}
	return int64(i)
}

func (t *TableData) lookup(u int64) (int64, error) {
	lo, ok := new(big.Int).SetString(t.Min, 10)
	if !ok {
		return 0, fmt.Errorf("table min %q", t.Min)
	}
	i := u - lo.Int64()
	i = max(0, min(i, int64(len(t.Entries))-1))
	v, ok := new(big.Int).SetString(t.Entries[i], 10)
	if !ok {
		return 0, fmt.Errorf("table entry %q", t.Entries[i])
	}
	return v.Int64(), nil
}
