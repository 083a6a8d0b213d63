package kcircuit

import (
	"fmt"

	"github.com/zkml-mina/zkml/kimchi/circuit"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/poseidon"
	"github.com/zkml-mina/zkml/onnx/quant"
)

// Commitment returns o1js Poseidon.hash over the integers as field elements
// (negative q as p − |q|), the commitment this package uses for hashed
// inputs and weights.
func Commitment(values []int64) fp.Element {
	fs := make([]fp.Element, len(values))
	for i, v := range values {
		fs[i] = fe(v)
	}
	return poseidon.KimchiFp().Hash(fs)
}

// InputValues returns the quantized input elements in commitment order:
// the graph inputs in Program order, each row major.
func (c *Compiled) InputValues(inputs map[string][]int64) ([]int64, error) {
	var all []int64
	for _, in := range c.Program.Inputs {
		q, ok := inputs[in.Name]
		if !ok {
			return nil, fmt.Errorf("kcircuit: missing input %q", in.Name)
		}
		all = append(all, q...)
	}
	return all, nil
}

// WeightValues returns the hashed weights in commitment order: the
// constant operands of the MatMul, Gemm, Conv and BatchNorm steps, in step
// order, then input order, each row major (nil for fixed weights).
func (c *Compiled) WeightValues() []int64 {
	var all []int64
	for _, r := range c.weights {
		all = append(all, c.Program.Steps[r.step].Inputs[r.input].Const.Data...)
	}
	return all
}

// Witness evaluates the program on the quantized inputs and returns the
// circuit's full witness (execution trace, public inputs in Layout order,
// runtime tables). It fails when Program.Run does.
func (c *Compiled) Witness(inputs map[string][]int64) (*circuit.Assignment, error) {
	tr, err := c.Program.Run(inputs)
	if err != nil {
		return nil, fmt.Errorf("kcircuit: witness: %w", err)
	}
	return c.WitnessFromTrace(tr)
}

// WitnessFromTrace is Witness for a trace Program.Run produced.
func (c *Compiled) WitnessFromTrace(tr *quant.Trace) (*circuit.Assignment, error) {
	if tr == nil {
		return nil, fmt.Errorf("kcircuit: witness: nil trace")
	}
	inputs := map[string][]int64{}
	for _, in := range c.Program.Inputs {
		t, ok := tr.Values[in.Name]
		if !ok {
			return nil, fmt.Errorf("kcircuit: witness: trace lacks input %q", in.Name)
		}
		inputs[in.Name] = t.Data
	}
	ins, err := c.InputValues(inputs)
	if err != nil {
		return nil, err
	}
	pub := make([]fp.Element, c.Layout.Total)
	var priv []fp.Element
	for _, seg := range c.Layout.Inputs {
		for j, v := range inputs[seg.Name] {
			pub[seg.Offset+j] = fe(v)
		}
	}
	if c.Options.Input != InputPublic {
		for _, v := range ins {
			priv = append(priv, fe(v))
		}
	}
	if c.Layout.InputCommitment >= 0 {
		pub[c.Layout.InputCommitment] = Commitment(ins)
	}
	if c.Layout.WeightsCommitment >= 0 {
		ws := c.WeightValues()
		pub[c.Layout.WeightsCommitment] = Commitment(ws)
		for _, v := range ws {
			priv = append(priv, fe(v))
		}
	}
	if len(tr.Outputs) != len(c.Layout.Outputs) {
		return nil, fmt.Errorf("kcircuit: witness: trace has %d outputs, layout %d", len(tr.Outputs), len(c.Layout.Outputs))
	}
	for i, seg := range c.Layout.Outputs {
		if len(tr.Outputs[i].Data) != seg.Len {
			return nil, fmt.Errorf("kcircuit: witness: output %q has %d elements, layout %d", seg.Name, len(tr.Outputs[i].Data), seg.Len)
		}
		for j, v := range tr.Outputs[i].Data {
			pub[seg.Offset+j] = fe(v)
		}
	}
	a, err := c.Circuit.Solve(pub, priv)
	if err != nil {
		return nil, fmt.Errorf("kcircuit: witness: %w", err)
	}
	return a, nil
}

// Outputs decodes the graph outputs from the public inputs (Layout order),
// refusing elements outside the 32-bit value range.
func (c *Compiled) Outputs(public []fp.Element) ([][]int64, error) {
	if len(public) != c.Layout.Total {
		return nil, fmt.Errorf("kcircuit: %d public inputs, layout has %d", len(public), c.Layout.Total)
	}
	out := make([][]int64, len(c.Layout.Outputs))
	for i, seg := range c.Layout.Outputs {
		out[i] = make([]int64, seg.Len)
		for j := range out[i] {
			v, err := signed64(&public[seg.Offset+j])
			if err != nil || v < -(1<<31) || v >= 1<<31 {
				return nil, fmt.Errorf("kcircuit: output %q element %d is %s, outside the 32-bit range", seg.Name, j, public[seg.Offset+j].String())
			}
			out[i][j] = v
		}
	}
	return out, nil
}
