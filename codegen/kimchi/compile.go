package kcircuit

import (
	"errors"
	"fmt"
	"sort"

	"github.com/zkml-mina/zkml/kimchi/circuit"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/quant"
)

// Visibility says how the graph inputs enter the circuit.
type Visibility int

const (
	// InputPublic makes every quantized input element a public input.
	InputPublic Visibility = iota
	// InputPrivate makes the input elements private inputs.
	InputPrivate
	// InputHashed makes the input elements private and their Poseidon
	// commitment (see Commitment) a public input.
	InputHashed
)

func (v Visibility) String() string {
	switch v {
	case InputPublic:
		return "public"
	case InputPrivate:
		return "private"
	case InputHashed:
		return "hashed"
	}
	return fmt.Sprintf("Visibility(%d)", int(v))
}

// WeightMode says how the weights (the constant operands of MatMul, Gemm,
// Conv and BatchNorm) enter the circuit.
type WeightMode int

const (
	// WeightsFixed bakes the quantized weights into the gate coefficients.
	WeightsFixed WeightMode = iota
	// WeightsHashed makes the weights private inputs and their Poseidon
	// commitment a public input; every multiply-accumulate then costs a
	// multiplication gate.
	WeightsHashed
)

func (w WeightMode) String() string {
	switch w {
	case WeightsFixed:
		return "fixed"
	case WeightsHashed:
		return "hashed"
	}
	return fmt.Sprintf("WeightMode(%d)", int(w))
}

// Options configures Compile. The zero value is public inputs and fixed
// weights.
type Options struct {
	Input   Visibility
	Weights WeightMode
	// RangeLimbBits selects the range-check backend: 12 is Kimchi's 12-bit
	// table with RangeCheck0 rows, 2..11 a fixed table of L-bit limbs, 0
	// (auto) the one giving the smallest domain (see the package doc).
	RangeLimbBits int
}

// Segment is a run of public (or private) inputs holding one tensor, row
// major.
type Segment struct {
	Name   string
	Offset int
	Len    int
	Shape  onnx.Shape
	Scale  int
}

// Layout is the order of the public inputs: the input elements (public
// mode, graph inputs in Program order), then the input commitment (hashed
// mode), then the weights commitment (hashed weights), then every graph
// output's elements in Program order. Absent commitments have index −1.
type Layout struct {
	Inputs            []Segment
	InputCommitment   int
	WeightsCommitment int
	Outputs           []Segment
	Total             int
}

// Stats describes the compiled circuit.
type Stats struct {
	Rows       int            // gates, public-input rows included
	DomainSize int            // Kimchi's evaluation domain (zk rows and lookup tables included)
	Gates      map[string]int // rows by gate type
	Generic    int            // single generic gates (two per Generic row)
	Lookups    int            // lookups: explicit ones and four per RangeCheck0 row
	TableRows  int            // rows of the fixed activation tables
	// RangeLimbBits is the range-check backend used: 12 (Kimchi's 12-bit
	// table and RangeCheck0 rows) or the limb width L of the limb table.
	RangeLimbBits int
	// RowsByKind attributes rows to Step kinds ("Gemm", "Relu", ...),
	// "inputs" (range checks and commitments of the inputs), "weights"
	// (the weight commitment), "outputs" and "range" (deferred range
	// tightening lookups). Packing makes it exact only to about a row per
	// step.
	RowsByKind map[string]int
	Public     int
	Private    int
}

// Compiled is a Program lowered to a Kimchi circuit.
type Compiled struct {
	Circuit *circuit.Circuit
	Program *quant.Program
	// Options are Compile's options as passed (RangeLimbBits 0 stays 0;
	// Stats.RangeLimbBits is the backend used).
	Options Options
	Layout  Layout
	Stats   Stats

	weights []weightRef // hashed-weight operands in commitment order
	c       *compiler   // kept for the hints (and the tests' tamper hook)
}

// weightRef names a weight operand: Steps[step].Inputs[input].
type weightRef struct{ step, input int }

// tableIDBase is the first lookup table id used for activation tables (0
// and 1 are Kimchi's XOR and range-check tables); the limb table takes the
// id after the activation tables.
const tableIDBase = 2

// Range-check backends: Kimchi's 12-bit table (limbBits12) or a limb table
// of 2..11 bits; auto mode tries autoLimbBits when the 12-bit table alone
// sets the domain.
const (
	limbBits12  = 12
	minLimbBits = 2
)

var autoLimbBits = []int{4, 5, 6, 7, 8}

// Compile lowers prog to a Kimchi circuit whose satisfying witnesses are
// exactly the integer evaluations of prog (see the package doc). With
// opts.RangeLimbBits = 0 it picks the range-check backend with the
// smallest domain, deterministically.
func Compile(prog *quant.Program, opts Options) (*Compiled, error) {
	if prog == nil {
		return nil, errors.New("kcircuit: nil program")
	}
	if opts.Input < InputPublic || opts.Input > InputHashed {
		return nil, fmt.Errorf("kcircuit: unknown input visibility %d", opts.Input)
	}
	if opts.Weights < WeightsFixed || opts.Weights > WeightsHashed {
		return nil, fmt.Errorf("kcircuit: unknown weight mode %d", opts.Weights)
	}
	if opts.RangeLimbBits != 0 && (opts.RangeLimbBits < minLimbBits || opts.RangeLimbBits > limbBits12) {
		return nil, fmt.Errorf("kcircuit: range limb bits %d not 0 (auto) or in [%d, %d]", opts.RangeLimbBits, minLimbBits, limbBits12)
	}
	if opts.RangeLimbBits != 0 {
		return compileWith(prog, opts, opts.RangeLimbBits)
	}
	best, err := compileWith(prog, opts, limbBits12)
	if err != nil {
		return nil, err
	}
	if !tableBound(best.Circuit) {
		return best, nil
	}
	// The 12-bit table sets the domain: a smaller limb table may shrink it.
	// Keep the smallest domain, then the fewest rows, then the earlier
	// backend (12 bits first).
	for _, bits := range autoLimbBits {
		cc, err := compileWith(prog, opts, bits)
		if err != nil {
			return nil, fmt.Errorf("%w (range limbs of %d bits)", err, bits)
		}
		if cc.Stats.DomainSize < best.Stats.DomainSize ||
			(cc.Stats.DomainSize == best.Stats.DomainSize && cc.Stats.Rows < best.Stats.Rows) {
			best = cc
		}
	}
	return best, nil
}

// tableBound reports whether the circuit's domain is set by Kimchi's
// 4,096-row range-check table: without it (gates, the other tables and the
// zero-knowledge rows alone) the domain would be smaller. Both forms of the
// table are dropped: Kimchi's own (from range-check gates) and an explicit
// id-1 fixed table (Lookup gates only). circuit.Domain is the one domain
// formula.
func tableBound(c *circuit.Circuit) bool {
	l := c.LookupSizes()
	l.RangeCheck = false
	for _, t := range c.LookupTables {
		if t.ID == circuit.RangeCheckTableID && len(t.Columns) > 0 {
			l.FixedRows -= len(t.Columns[0])
		}
	}
	d, _ := circuit.Domain(len(c.Gates), l, 0)
	return d < c.DomainSize()
}

// compileWith is Compile with the range-check backend of bits-bit limbs.
func compileWith(prog *quant.Program, opts Options, bits int) (*Compiled, error) {
	b := circuit.NewBuilder()
	c := &compiler{b: b, zero: b.Constant(fp.Element{}), limbBits: bits}
	l := &lowering{c: c, prog: prog, opts: opts, vals: map[string][]elem{}, tables: map[*quant.Table]int32{}, rows: map[string]int{}}
	out := &Compiled{Program: prog, Options: opts}
	if err := l.run(out); err != nil {
		return nil, err
	}
	circ, err := b.Compile()
	if err != nil {
		return nil, fmt.Errorf("kcircuit: %w", err)
	}
	out.Circuit = circ
	out.Stats = l.stats(circ)
	out.c = c
	return out, nil
}

// lowering walks the program.
type lowering struct {
	c      *compiler
	prog   *quant.Program
	opts   Options
	vals   map[string][]elem
	tables map[*quant.Table]int32
	rows   map[string]int
	// weight elements of hashed weights, by step and input
	wvals map[weightRef][]elem
}

func (l *lowering) account(kind string, f func() error) error {
	before := l.c.b.Rows()
	err := f()
	l.rows[kind] += l.c.b.Rows() - before
	return err
}

func isWeightStep(k quant.Kind) bool {
	return k == quant.KindMatMul || k == quant.KindGemm || k == quant.KindConv || k == quant.KindBatchNorm
}

func (l *lowering) run(out *Compiled) error {
	c, b, prog := l.c, l.c.b, l.prog
	lay := &out.Layout
	lay.InputCommitment, lay.WeightsCommitment = -1, -1
	// Lookup tables first (no rows): the activation tables, then the limb
	// table of the small range-check backend.
	if err := l.registerTables(); err != nil {
		return fmt.Errorf("kcircuit: %w", err)
	}
	if c.small() {
		if err := c.addRangeTable(int32(tableIDBase + len(l.tables))); err != nil {
			return fmt.Errorf("kcircuit: %w", err)
		}
	}
	// Public inputs are allocated first, in layout order.
	var inPub [][]circuit.Variable
	for _, in := range prog.Inputs {
		n := in.Shape.Size()
		seg := Segment{Name: in.Name, Len: n, Shape: in.Shape.Clone(), Scale: prog.Scales[in.Name]}
		vs := make([]circuit.Variable, n)
		if l.opts.Input == InputPublic {
			seg.Offset = lay.Total
			lay.Total += n
			lay.Inputs = append(lay.Inputs, seg)
			for i := range vs {
				vs[i] = b.PublicInput()
			}
		}
		inPub = append(inPub, vs)
	}
	var inCommit, wCommit circuit.Variable
	if l.opts.Input == InputHashed {
		lay.InputCommitment = lay.Total
		lay.Total++
		inCommit = b.PublicInput()
	}
	if l.opts.Weights == WeightsHashed {
		for si, st := range prog.Steps {
			if !isWeightStep(st.Kind) {
				continue
			}
			for ii, op := range st.Inputs {
				if op.Kind == quant.OperandConst && op.Const != nil {
					out.weights = append(out.weights, weightRef{si, ii})
				}
			}
		}
		lay.WeightsCommitment = lay.Total
		lay.Total++
		wCommit = b.PublicInput()
	}
	outPub := make([][]circuit.Variable, len(prog.Outputs))
	for i, o := range prog.Outputs {
		n := o.Shape.Size()
		if t := l.outShape(o.Name); t != nil {
			n = t.Size()
		}
		lay.Outputs = append(lay.Outputs, Segment{Name: o.Name, Offset: lay.Total, Len: n, Shape: l.outShapeOr(o), Scale: prog.Scales[o.Name]})
		lay.Total += n
		outPub[i] = make([]circuit.Variable, n)
		for j := range outPub[i] {
			outPub[i][j] = b.PublicInput()
		}
	}

	// Inputs: private cells when not public, 32-bit range checks, commitment.
	err := l.account("inputs", func() error {
		var all []circuit.Variable
		for i, in := range prog.Inputs {
			es := make([]elem, len(inPub[i]))
			for j := range inPub[i] {
				if l.opts.Input != InputPublic {
					inPub[i][j] = b.PrivateInput()
				}
				all = append(all, inPub[i][j])
				x := c.addCell(inPub[i][j])
				var one fp.Element
				one.SetOne()
				var ln lin
				ln.addCell(x, one)
				e, err := c.ensure32(ln, -(1 << 32), 1<<32) // force the range check
				if err != nil {
					return fmt.Errorf("input %q: %w", in.Name, err)
				}
				es[j] = e
			}
			l.vals[in.Name] = es
		}
		if l.opts.Input == InputHashed {
			b.AssertEqual(inCommit, b.Poseidon(all...))
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("kcircuit: %w", err)
	}
	if l.opts.Weights == WeightsHashed {
		err := l.account("weights", func() error {
			l.wvals = map[weightRef][]elem{}
			var all []circuit.Variable
			for _, ref := range out.weights {
				q := prog.Steps[ref.step].Inputs[ref.input].Const
				lo, hi := int64(0), int64(0)
				for _, v := range q.Data {
					lo, hi = min(lo, v), max(hi, v)
				}
				es := make([]elem, len(q.Data))
				for j := range q.Data {
					v := b.PrivateInput()
					all = append(all, v)
					// The commitment binds the weights; their bounds are
					// those of the committed values.
					es[j] = cellElem(c.addCell(v), lo, hi)
				}
				l.wvals[ref] = es
			}
			b.AssertEqual(wCommit, b.Poseidon(all...))
			return nil
		})
		if err != nil {
			return fmt.Errorf("kcircuit: %w", err)
		}
	}
	for si, st := range prog.Steps {
		if err := l.account(st.Kind.String(), func() error { return l.step(si, st) }); err != nil {
			return fmt.Errorf("kcircuit: node %s (%s as %v): %w", st.Node.Name, st.Node.Op, st.Kind, err)
		}
	}
	err = l.account("outputs", func() error {
		for i, o := range prog.Outputs {
			es, ok := l.vals[o.Name]
			if !ok {
				return fmt.Errorf("graph output %q was not computed", o.Name)
			}
			if len(es) != len(outPub[i]) {
				return fmt.Errorf("graph output %q has %d elements, layout %d", o.Name, len(es), len(outPub[i]))
			}
			for j, e := range es {
				b.AssertEqual(outPub[i][j], c.v(e))
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("kcircuit: %w", err)
	}
	return l.account("range", func() error {
		for id := range c.rcs {
			c.tighten(int32(id))
		}
		return nil
	})
}

func (l *lowering) outShape(name string) onnx.Shape {
	for _, st := range l.prog.Steps {
		if st.Output == name {
			return st.OutShape
		}
	}
	return nil
}

func (l *lowering) outShapeOr(o onnx.Value) onnx.Shape {
	if s := l.outShape(o.Name); s != nil {
		return s.Clone()
	}
	return o.Shape.Clone()
}

// registerTables adds one fixed two-column lookup table (index, entry) per
// quant.Table.
func (l *lowering) registerTables() error {
	add := func(t *quant.Table) error {
		if _, ok := l.tables[t]; ok {
			return nil
		}
		id := int32(tableIDBase + len(l.tables))
		idx := make([]fp.Element, len(t.Entries))
		val := make([]fp.Element, len(t.Entries))
		for i, e := range t.Entries {
			idx[i] = fe(t.Min + int64(i))
			val[i] = fe(e)
		}
		if err := l.c.b.AddLookupTable(id, idx, val); err != nil {
			return fmt.Errorf("table %s: %w", t.Name, err)
		}
		l.tables[t] = id
		return nil
	}
	for _, t := range l.prog.Tables {
		if err := add(t); err != nil {
			return err
		}
	}
	for _, st := range l.prog.Steps {
		if st.Table != nil {
			if err := add(st.Table); err != nil {
				return err
			}
		}
	}
	return nil
}

func (l *lowering) stats(circ *circuit.Circuit) Stats {
	s := circ.Stats()
	st := Stats{Rows: s.Rows, DomainSize: circ.DomainSize(), Gates: map[string]int{}, Generic: s.Generic,
		Lookups: l.c.lookups, RowsByKind: l.rows, Public: circ.PublicInputs, RangeLimbBits: l.c.limbBits}
	for t, n := range s.ByType {
		st.Gates[t.String()] = n
	}
	for _, t := range circ.LookupTables {
		if t.ID >= tableIDBase && !(l.c.small() && t.ID == l.c.rangeID) && len(t.Columns) > 0 {
			st.TableRows += len(t.Columns[0])
		}
	}
	st.Private = l.privateCount()
	return st
}

func (l *lowering) privateCount() int {
	n := 0
	if l.opts.Input != InputPublic {
		for _, in := range l.prog.Inputs {
			n += in.Shape.Size()
		}
	}
	for _, es := range l.wvals {
		n += len(es)
	}
	return n
}

// String formats the stats on one line per item, kinds sorted.
func (s Stats) String() string {
	keys := make([]string, 0, len(s.RowsByKind))
	for k := range s.RowsByKind {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	str := fmt.Sprintf("rows %d (domain %d), range limbs %d bits, generic gates %d, lookups %d, table rows %d, public %d, private %d; gates",
		s.Rows, s.DomainSize, s.RangeLimbBits, s.Generic, s.Lookups, s.TableRows, s.Public, s.Private)
	gk := make([]string, 0, len(s.Gates))
	for k := range s.Gates {
		gk = append(gk, k)
	}
	sort.Strings(gk)
	for _, k := range gk {
		str += fmt.Sprintf(" %s=%d", k, s.Gates[k])
	}
	str += "; rows by kind"
	for _, k := range keys {
		str += fmt.Sprintf(" %s=%d", k, s.RowsByKind[k])
	}
	return str
}
