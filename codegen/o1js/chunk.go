package o1js

import (
	"fmt"
	"sort"
)

// Chunking. The steps are cut, in order, into chunks whose predicted rows
// (the steps plus the chunk's plumbing: input checks, commitments, argmax)
// stay within the budget. A run of steps too large for one chunk is split
// into parts: the run is a heavy step (dense, sparse, mul) followed by the
// local steps that consume its output only (relu, pooling, tables, ...);
// each part computes a contiguous slice of the run's last output from the
// elements of the run's input it depends on, and a final gather
// concatenates the parts into the original value. Parts land in different
// chunks, so a partial output travels in the inter-chunk commitment.

// maxSplitRounds bounds the search for a split that fits the budget.
const maxSplitRounds = 200

// run is a maximal splittable run of base steps [first, last].
type run struct{ first, last int }

func splittableHead(op string) bool {
	switch op {
	case "dense", "sparse", "mul", "relu", "leakyrelu", "clip", "table", "maxpool", "divround", "gather":
		return true
	}
	return false
}

func splittableTail(op string) bool {
	switch op {
	case "relu", "leakyrelu", "clip", "table", "maxpool", "divround", "gather":
		return true
	}
	return false
}

// runs partitions the base steps; runOf[i] is the run of step i, or −1 for
// a step that cannot be split.
func baseRuns(m *Model) ([]run, []int) {
	uses := make([]int, len(m.Sizes))
	for _, s := range m.Steps {
		for _, x := range stepInputs(&s) {
			uses[x]++
		}
	}
	var runs []run
	runOf := make([]int, len(m.Steps))
	for i := range runOf {
		runOf[i] = -1
	}
	for i := 0; i < len(m.Steps); i++ {
		s := &m.Steps[i]
		if !splittableHead(s.Op) || len(s.Xs) > 0 {
			continue
		}
		j := i
		for j+1 < len(m.Steps) {
			n := &m.Steps[j+1]
			prev := m.Steps[j].Y
			if !splittableTail(n.Op) || len(n.Xs) > 0 || n.X != prev || uses[prev] != 1 || prev == m.Output.ID {
				break
			}
			j++
		}
		for k := i; k <= j; k++ {
			runOf[k] = len(runs)
		}
		runs = append(runs, run{i, j})
		i = j
	}
	return runs, runOf
}

func stepInputs(s *Step) []int {
	if len(s.Xs) > 0 {
		return s.Xs
	}
	return []int{s.X}
}

// chunk expands oversized runs into parts until every chunk fits the
// budget (or cannot be split further), then records the chunks.
func (b *builder) chunk(budget int) error {
	m := b.m
	if len(m.Steps) == 0 {
		return fmt.Errorf("o1js generator: the model has no steps")
	}
	baseSteps := append([]Step(nil), m.Steps...)
	baseSizes := append([]int(nil), m.Sizes...)
	baseTensors := len(m.Tensors)
	b.intCache = map[int][]int64{}
	b.cacheBelow = baseTensors
	runs, runOf := baseRuns(m)
	parts := make([]int, len(runs))
	for i := range parts {
		parts[i] = 1
	}
	for round := 0; ; round++ {
		m.Steps = append([]Step(nil), baseSteps...)
		m.Sizes = append([]int(nil), baseSizes...)
		m.Tensors = m.Tensors[:baseTensors]
		origin, err := b.expand(baseSteps, runs, runOf, parts)
		if err != nil {
			return err
		}
		cut := greedyCut(m, budget)
		over := -1
		for _, c := range cut {
			if c.Rows > budget {
				// the heaviest step of the chunk decides which run to split
				heavy := c.Steps[0]
				for _, si := range c.Steps {
					if m.Steps[si].Rows > m.Steps[heavy].Rows {
						heavy = si
					}
				}
				// splitting helps only when committing to the chunk's inputs
				// (which no split shrinks) leaves room for work, and when the
				// step itself, not the plumbing, fills the chunk
				in := chunkOverhead(m, &Chunk{LiveIn: c.LiveIn}, c.Steps[0] == 0, false)
				if in > budget*3/4 || m.Steps[heavy].Rows < (budget-in)/4 {
					continue
				}
				if r := origin[heavy]; r >= 0 && parts[r] < m.Sizes[baseSteps[runs[r].last].Y] {
					over = r
					break
				}
			}
		}
		if over < 0 || round == maxSplitRounds {
			for ci, c := range cut {
				if c.Rows > MaxRows {
					return fmt.Errorf("o1js generator: chunk %d needs about %d rows, more than one circuit holds (%d), and its steps cannot be split further", ci, c.Rows, MaxRows)
				}
			}
			m.Chunks = cut
			return nil
		}
		parts[over] += max(1, parts[over]/4)
	}
}

// expand rewrites m.Steps from the base steps, splitting run r into parts[r]
// parts; origin[i] is the run a new step belongs to (−1 for steps that are
// not splittable or already at their finest split).
func (b *builder) expand(base []Step, runs []run, runOf []int, parts []int) ([]int, error) {
	m := b.m
	m.Steps = nil
	var origin []int
	for i := 0; i < len(base); i++ {
		r := runOf[i]
		if r < 0 || runs[r].first != i || parts[r] <= 1 {
			m.Steps = append(m.Steps, base[i])
			origin = append(origin, r)
			continue
		}
		rn := runs[r]
		steps := base[rn.first : rn.last+1]
		outID := steps[len(steps)-1].Y
		n := m.Sizes[outID]
		p := min(parts[r], n)
		var ids []int
		for k := 0; k < p; k++ {
			lo, hi := k*n/p, (k+1)*n/p
			outs := make([]int, hi-lo)
			for j := range outs {
				outs[j] = lo + j
			}
			restricted := make([]Step, len(steps))
			for j := len(steps) - 1; j >= 0; j-- {
				rs, needed, err := b.restrict(&steps[j], outs, j == 0)
				if err != nil {
					return nil, err
				}
				restricted[j] = rs
				outs = needed
			}
			prev := steps[0].X
			if outs != nil { // the first step needs a gather of its input
				idx := make([]int64, len(outs))
				for j, o := range outs {
					idx[j] = int64(o)
				}
				prev = b.push(Step{Op: "gather", X: prev, N: len(idx), Idx: b.tensor(idx)}, len(idx))
				origin = append(origin, r)
			}
			for j := range restricted {
				restricted[j].X = prev
				prev = b.push(restricted[j], restricted[j].N)
				origin = append(origin, r)
			}
			ids = append(ids, prev)
		}
		idx := make([]int64, n)
		for j := range idx {
			idx[j] = int64(j)
		}
		cat := Step{Op: "gather", Xs: ids, X: ids[0], Y: outID, N: n, Idx: b.tensor(idx)}
		m.Steps = append(m.Steps, cat)
		origin = append(origin, -1)
		i = rn.last
	}
	return origin, nil
}

// restrict returns step s computing only the output elements outs (in that
// order), reading a compacted input that holds the elements needed of its
// original input, in that order. When direct is set and s indexes its input,
// it reads the original input instead and needed is nil. The returned step's
// N is its output count.
func (b *builder) restrict(s *Step, outs []int, direct bool) (Step, []int, error) {
	ts := func(i int) []int64 { return b.ints(i) }
	pos := map[int]int{}
	var needed []int
	need := func(i int) int64 {
		if direct {
			return int64(i)
		}
		p, ok := pos[i]
		if !ok {
			p = len(needed)
			pos[i] = p
			needed = append(needed, i)
		}
		return int64(p)
	}
	finish := func(r Step) (Step, []int, error) {
		r.N = len(outs)
		if direct {
			return r, nil, nil
		}
		return r, needed, nil
	}
	switch s.Op {
	case "relu", "leakyrelu", "clip", "table":
		r := *s
		r.N = len(outs)
		return r, append([]int(nil), outs...), nil
	case "gather":
		idx := ts(s.Idx)
		ni := make([]int64, len(outs))
		for j, o := range outs {
			ni[j] = need(int(idx[o]))
		}
		r := *s
		r.Idx = b.tensor(ni)
		return finish(r)
	case "mul":
		ia, ib := ts(s.IA), ts(s.IB)
		na, nb := make([]int64, len(outs)), make([]int64, len(outs))
		for j, o := range outs {
			na[j], nb[j] = need(int(ia[o])), need(int(ib[o]))
		}
		r := *s
		r.IA, r.IB = b.tensor(na), b.tensor(nb)
		return finish(r)
	case "dense", "sparse", "maxpool", "divround":
		// dense and sparse parts keep their step's weight and bias tensors
		// and index them (WI, BI)
		witnessed := b.m.ParamVisibility != "fixed"
		var start, idx, wi, bi, sg, den []int64
		add := func(in int, w, sgn int64) {
			idx = append(idx, need(in))
			wi = append(wi, w)
			sg = append(sg, sgn)
		}
		for _, o := range outs {
			start = append(start, int64(len(idx)))
			switch s.Op {
			case "dense":
				mi, j := o/s.N, o%s.N
				W := ts(s.W)
				for k := 0; k < s.K; k++ {
					if W[j*s.K+k] != 0 || witnessed {
						add(mi*s.K+k, int64(j*s.K+k), 1)
					}
				}
				bi = append(bi, int64(o))
			default:
				st, ix := ts(s.Start), ts(s.Idx)
				for t := st[o]; t < st[o+1]; t++ {
					var wt, sgn int64 = t, 1
					if s.Op == "sparse" {
						if s.WI > 0 {
							wt = ts(s.WI)[t]
						}
						if ts(s.W)[wt] == 0 && !witnessed {
							continue
						}
					}
					if s.Op == "divround" {
						sgn = ts(s.Sign)[t]
					}
					add(int(ix[t]), wt, sgn)
				}
				if s.BI > 0 {
					bi = append(bi, ts(s.BI)[o])
				} else {
					bi = append(bi, int64(o))
				}
				if s.Op == "divround" {
					den = append(den, ts(s.Den)[o])
				}
			}
		}
		start = append(start, int64(len(idx)))
		r := Step{Op: s.Op, X: s.X, Start: b.tensor(start), Idx: b.tensor(idx), Shift: s.Shift}
		switch s.Op {
		case "dense", "sparse":
			r.Op = "sparse"
			r.W, r.WI, r.BI = s.W, b.tensor(wi), b.tensor(bi)
			r.B = s.B
			if r.B <= 0 { // a dense step without bias
				r.B = b.weights(make([]int64, len(outs)))
				r.BI = 0
			}
		case "divround":
			r.Sign, r.Den = b.tensor(sg), b.tensor(den)
		}
		return finish(r)
	}
	return Step{}, nil, fmt.Errorf("o1js generator: cannot split a %s step", s.Op)
}

// ints returns tensor i as integers; the base tensors (which every
// splitting round keeps) are cached.
func (b *builder) ints(i int) []int64 {
	if v, ok := b.intCache[i]; ok {
		return v
	}
	v := make([]int64, len(b.m.Tensors[i]))
	for j, s := range b.m.Tensors[i] {
		v[j] = atoi64(s)
	}
	if i < b.cacheBelow && b.intCache != nil {
		b.intCache[i] = v
	}
	return v
}

func atoi64(s string) int64 {
	neg := len(s) > 0 && s[0] == '-'
	if neg {
		s = s[1:]
	}
	var n int64
	for _, ch := range s {
		n = n*10 + int64(ch-'0')
	}
	if neg {
		return -n
	}
	return n
}

// greedyCut cuts the current steps into chunks: each chunk takes steps
// while its predicted rows, plumbing included, stay within budget; a single
// step above the budget gets a chunk of its own.
func greedyCut(m *Model, budget int) []Chunk {
	lastUse := make([]int, len(m.Sizes))
	def := make([]int, len(m.Sizes))
	for i := range lastUse {
		lastUse[i], def[i] = -1, -1
	}
	for i, s := range m.Steps {
		for _, x := range stepInputs(&s) {
			lastUse[x] = i
		}
		def[s.Y] = i
	}
	lastUse[m.Output.ID] = len(m.Steps)
	var out []Chunk
	first := 0
	for first < len(m.Steps) {
		best := make1(m, def, lastUse, first, first)
		last := first
		for j := first + 1; j < len(m.Steps); j++ {
			c := make1(m, def, lastUse, first, j)
			if c.Rows > budget {
				break
			}
			best, last = c, j
		}
		out = append(out, best)
		first = last + 1
	}
	return out
}

// make1 describes the chunk of steps [first, last].
func make1(m *Model, def, lastUse []int, first, last int) Chunk {
	ch := Chunk{}
	for i := first; i <= last; i++ {
		ch.Steps = append(ch.Steps, i)
	}
	isLast := last == len(m.Steps)-1
	for id := range m.Sizes {
		d := def[id]
		if id == m.Input.ID {
			d = -1
		} else if d < 0 {
			continue // a value no step defines any more (inside a split run)
		}
		if d < first && lastUse[id] >= first && lastUse[id] >= 0 {
			ch.LiveIn = append(ch.LiveIn, id)
			if !isLast && lastUse[id] > last {
				ch.LiveOut = append(ch.LiveOut, id)
			}
		}
		if d >= first && d <= last && lastUse[id] > last && !isLast {
			ch.LiveOut = append(ch.LiveOut, id)
		}
	}
	if isLast {
		ch.LiveOut = []int{m.Output.ID}
	}
	sort.Ints(ch.LiveIn)
	sort.Ints(ch.LiveOut)
	if m.ParamVisibility != "" && m.ParamVisibility != "fixed" {
		seen := map[int]bool{}
		for _, si := range ch.Steps {
			s := &m.Steps[si]
			if s.Op != "dense" && s.Op != "sparse" {
				continue
			}
			for _, id := range []int{s.W, s.B} {
				if id > 0 && !seen[id] {
					seen[id] = true
					ch.Params = append(ch.Params, id)
				}
			}
		}
	}
	for _, si := range ch.Steps {
		ch.Rows += m.Steps[si].Rows
	}
	ch.Rows += chunkOverhead(m, &ch, first == 0, isLast)
	return ch
}
