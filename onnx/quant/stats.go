package quant

import "math/bits"

// NodeStat is the observed range of one value over the traces a Stats has
// seen.
type NodeStat struct {
	Node  string // the producing node ("" for a graph input)
	Op    string // the node's op ("input" for a graph input)
	Value string
	Scale int
	// MaxAbs is the largest |q| seen.
	MaxAbs int64
	// HeadroomBits is how many times the value could double before leaving
	// the ValueBits range: ValueBits − 1 − bitlen(MaxAbs).
	HeadroomBits int
}

// Stats accumulates per-value ranges over many runs of one Program, for
// reports such as `zkml eval`.
type Stats struct {
	Nodes []NodeStat // graph inputs first, then one per step, in order
	Runs  int
}

// NewStats returns empty statistics for the program's inputs and steps.
func (p *Program) NewStats() *Stats {
	s := &Stats{}
	for _, in := range p.Inputs {
		s.Nodes = append(s.Nodes, NodeStat{Op: "input", Value: in.Name, Scale: p.Scales[in.Name], HeadroomBits: ValueBits - 1})
	}
	for _, st := range p.Steps {
		s.Nodes = append(s.Nodes, NodeStat{Node: st.Node.Name, Op: st.Node.Op, Value: st.Output, Scale: st.OutScale, HeadroomBits: ValueBits - 1})
	}
	return s
}

// Observe folds one trace of the program into the statistics.
func (s *Stats) Observe(t *Trace) {
	s.Runs++
	for i := range s.Nodes {
		ns := &s.Nodes[i]
		v, ok := t.Values[ns.Value]
		if !ok {
			continue
		}
		for _, q := range v.Data {
			ns.MaxAbs = max(ns.MaxAbs, abs64(q))
		}
		ns.HeadroomBits = ValueBits - 1 - bits.Len64(uint64(ns.MaxAbs))
	}
}

// MinHeadroom returns the value closest to overflowing (the first of the
// tightest ones); ok is false when there are no values.
func (s *Stats) MinHeadroom() (ns NodeStat, ok bool) {
	for i, n := range s.Nodes {
		if i == 0 || n.HeadroomBits < ns.HeadroomBits {
			ns, ok = n, true
		}
	}
	return ns, ok
}
