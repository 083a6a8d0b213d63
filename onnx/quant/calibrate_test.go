package quant

import (
	"errors"
	"math"
	"testing"
)

func TestCalibrate(t *testing.T) {
	cases := []struct {
		model  string
		target Target
		// the chosen scale must lie in [lo, hi]
		lo, hi int
	}{
		{"linreg_diabetes", Target{MaxAbsErr: 0.01}, 6, 10},
		{"game_master", Target{MinAgreement: 0.99, MaxAbsErr: 0.02}, 6, 12},
		{"credit_mlp", Target{MinAgreement: 1, Threshold: 0.5, MaxAbsErr: 0.01}, 6, 12},
	}
	for _, c := range cases {
		t.Run(c.model, func(t *testing.T) {
			m := loadModel(t, c.model)
			cfg, rep, err := Calibrate(m.graph, m.samples.Inputs, c.target)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Scale < c.lo || cfg.Scale > c.hi || cfg.ParamScale != cfg.Scale {
				t.Errorf("chose %+v, want a scale in [%d, %d]", cfg, c.lo, c.hi)
			}
			if rep.Chosen != len(rep.Results)-1 || rep.Results[rep.Chosen].Config != cfg || !rep.Results[rep.Chosen].Met {
				t.Fatalf("report %+v does not end at the chosen config", rep)
			}
			for i, r := range rep.Results {
				t.Logf("S=%d agreement %.3f max err %.5f mean err %.6f headroom %d bits (%s)",
					r.Config.Scale, r.Agreement, r.MaxAbsErr, r.MeanAbsErr, r.MinHeadroom.HeadroomBits, r.MinHeadroom.Value)
				if i < rep.Chosen && r.Met {
					t.Errorf("scale %d met the target but was not chosen", r.Config.Scale)
				}
				if math.IsNaN(r.Agreement) || r.MaxAbsErr < 0 || r.Err != nil {
					t.Errorf("scale %d: incomplete measurement %+v", r.Config.Scale, r)
				}
			}
			last := rep.Results[rep.Chosen]
			if c.target.MaxAbsErr > 0 && last.MaxAbsErr > c.target.MaxAbsErr {
				t.Errorf("chosen max error %v above target", last.MaxAbsErr)
			}
		})
	}
}

func TestCalibrateUnreachable(t *testing.T) {
	m := loadModel(t, "lenet5")
	rows := m.samples.Inputs[:4]
	_, rep, err := Calibrate(m.graph, rows, Target{MaxAbsErr: 1e-9, MinScale: 6, MaxScale: 8})
	if !errors.Is(err, ErrTargetNotMet) {
		t.Fatalf("got %v, want ErrTargetNotMet", err)
	}
	if rep.Chosen != -1 || len(rep.Results) != 3 {
		t.Fatalf("report %+v", rep)
	}
	for _, r := range rep.Results {
		if r.Met || r.MaxAbsErr <= 1e-9 {
			t.Errorf("scale %d: %+v", r.Config.Scale, r)
		}
	}
	if _, _, err := Calibrate(m.graph, nil, Target{}); err == nil {
		t.Error("Calibrate without rows succeeded")
	}
}

func TestStats(t *testing.T) {
	m := loadModel(t, "mnist28_mlp")
	p, err := Compile(m.graph, DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	st := p.NewStats()
	if len(st.Nodes) != len(p.Inputs)+len(p.Steps) {
		t.Fatalf("%d stats for %d inputs and %d steps", len(st.Nodes), len(p.Inputs), len(p.Steps))
	}
	var maxOut int64
	for _, row := range m.samples.Inputs[:8] {
		q, err := p.QuantizeInput(p.Inputs[0].Name, row)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := p.Run(map[string][]int64{p.Inputs[0].Name: q})
		if err != nil {
			t.Fatal(err)
		}
		st.Observe(tr)
		for _, v := range tr.Outputs[0].Data {
			maxOut = max(maxOut, abs64(v))
		}
	}
	last := st.Nodes[len(st.Nodes)-1]
	if st.Runs != 8 || last.MaxAbs != maxOut || last.Value != p.Outputs[0].Name {
		t.Errorf("runs %d, output stat %+v, want max %d", st.Runs, last, maxOut)
	}
	for _, n := range st.Nodes {
		if n.MaxAbs >= 1<<(ValueBits-1-n.HeadroomBits) || (n.MaxAbs > 0 && n.MaxAbs < 1<<(ValueBits-2-n.HeadroomBits)) {
			t.Errorf("%s: headroom %d bits inconsistent with max %d", n.Value, n.HeadroomBits, n.MaxAbs)
		}
	}
	mh, ok := st.MinHeadroom()
	if !ok || mh.HeadroomBits < 8 {
		t.Errorf("min headroom %+v: DefaultConfig should keep ≥ 8 bits free", mh)
	}
}
