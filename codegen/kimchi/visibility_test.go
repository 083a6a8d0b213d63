package kcircuit

import (
	"slices"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/poseidon"
)

// fieldOf converts signed integers to field elements independently of the
// package's helpers (negative q as p − |q|).
func fieldOf(vs []int64) []fp.Element {
	out := make([]fp.Element, len(vs))
	for i, v := range vs {
		if v < 0 {
			var n fp.Element
			n.SetUint64(uint64(-v))
			out[i].Neg(&n)
		} else {
			out[i].SetUint64(uint64(v))
		}
	}
	return out
}

// TestVisibility compiles digits_mlp in every input visibility and weight
// mode, checks witnesses and outputs, recomputes the commitments with
// kimchi/poseidon over the quantized values and expects a wrong commitment
// to be refused.
func TestVisibility(t *testing.T) {
	m := loadModel(t, "digits_mlp")
	inName := m.prog.Inputs[0].Name
	cases := []struct {
		opts                 Options
		public, commitments  int // public input elements, commitments
		wantInputs, wantPriv bool
	}{
		{Options{Input: InputPublic}, 64, 0, true, false},
		{Options{Input: InputPrivate}, 0, 0, false, true},
		{Options{Input: InputHashed}, 0, 1, false, true},
		{Options{Input: InputHashed, Weights: WeightsHashed}, 0, 2, false, true},
		{Options{Input: InputPublic, Weights: WeightsHashed}, 64, 1, true, false},
	}
	for _, tc := range cases {
		t.Run(tc.opts.Input.String()+"_"+tc.opts.Weights.String(), func(t *testing.T) {
			cc, err := Compile(m.prog, tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%v", cc.Stats)
			lay := cc.Layout
			nIn := 0
			for _, s := range lay.Inputs {
				nIn += s.Len
			}
			if nIn != tc.public {
				t.Fatalf("%d public input elements, want %d", nIn, tc.public)
			}
			nc := 0
			if lay.InputCommitment >= 0 {
				nc++
			}
			if lay.WeightsCommitment >= 0 {
				nc++
			}
			if nc != tc.commitments || lay.Total != tc.public+tc.commitments+10 || cc.Circuit.PublicInputs != lay.Total {
				t.Fatalf("layout %+v, circuit public inputs %d", lay, cc.Circuit.PublicInputs)
			}
			for i := range 3 {
				in := m.quantInputs(t, i)
				a, err := cc.Witness(in)
				if err != nil {
					t.Fatal(err)
				}
				if err := cc.Circuit.Check(a.Columns, a.RuntimeTables...); err != nil {
					t.Fatalf("sample %d: %v", i, err)
				}
				tr, err := m.prog.Run(in)
				if err != nil {
					t.Fatal(err)
				}
				outs, err := cc.Outputs(a.Public)
				if err != nil || !slices.Equal(outs[0], tr.Outputs[0].Data) {
					t.Fatalf("sample %d: outputs %v (%v), evaluator %v", i, outs, err, tr.Outputs[0].Data)
				}
				if lay.InputCommitment >= 0 {
					want := poseidon.KimchiFp().Hash(fieldOf(in[inName]))
					if !a.Public[lay.InputCommitment].Equal(&want) {
						t.Fatalf("input commitment %s, poseidon.Hash %s", a.Public[lay.InputCommitment].String(), want.String())
					}
				}
				if lay.WeightsCommitment >= 0 {
					var ws []int64
					for _, st := range m.prog.Steps {
						for _, op := range st.Inputs {
							if op.Const != nil && isWeightStep(st.Kind) {
								ws = append(ws, op.Const.Data...)
							}
						}
					}
					want := poseidon.KimchiFp().Hash(fieldOf(ws))
					if !a.Public[lay.WeightsCommitment].Equal(&want) {
						t.Fatalf("weights commitment %s, poseidon.Hash %s", a.Public[lay.WeightsCommitment].String(), want.String())
					}
				}
				for _, idx := range []int{lay.InputCommitment, lay.WeightsCommitment} {
					if idx < 0 {
						continue
					}
					old := a.Columns[0][idx]
					var one fp.Element
					one.SetOne()
					a.Columns[0][idx].Add(&old, &one)
					if err := cc.Circuit.Check(a.Columns, a.RuntimeTables...); err == nil {
						t.Fatalf("commitment %d edited, Check accepted", idx)
					}
					a.Columns[0][idx] = old
				}
				if tc.wantInputs {
					// an edited public input changes the computation
					old := a.Columns[0][lay.Inputs[0].Offset+20]
					var one fp.Element
					one.SetOne()
					a.Columns[0][lay.Inputs[0].Offset+20].Add(&old, &one)
					if err := cc.Circuit.Check(a.Columns, a.RuntimeTables...); err == nil {
						t.Fatal("public input edited, Check accepted")
					}
					a.Columns[0][lay.Inputs[0].Offset+20] = old
				}
			}
		})
	}
}

// TestOptionsAndErrors covers the API's refusals.
func TestOptionsAndErrors(t *testing.T) {
	m := loadModel(t, "linreg_diabetes")
	if _, err := Compile(nil, Options{}); err == nil {
		t.Error("nil program compiled")
	}
	if _, err := Compile(m.prog, Options{Input: 7}); err == nil {
		t.Error("unknown visibility accepted")
	}
	if _, err := Compile(m.prog, Options{Weights: 9}); err == nil {
		t.Error("unknown weight mode accepted")
	}
	cc, err := Compile(m.prog, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cc.Witness(map[string][]int64{}); err == nil {
		t.Error("missing input accepted")
	}
	if _, err := cc.Witness(map[string][]int64{m.prog.Inputs[0].Name: make([]int64, 3)}); err == nil {
		t.Error("short input accepted")
	}
	if _, err := cc.Outputs(nil); err == nil {
		t.Error("short public input decoded")
	}
	pub := make([]fp.Element, cc.Layout.Total)
	pub[cc.Layout.Outputs[0].Offset] = fe(1 << 40)
	if _, err := cc.Outputs(pub); err == nil {
		t.Error("out-of-range output decoded")
	}
	pub[cc.Layout.Outputs[0].Offset] = fe(-5)
	if outs, err := cc.Outputs(pub); err != nil || outs[0][0] != -5 {
		t.Errorf("decoded %v, %v; want -5", outs, err)
	}
}
