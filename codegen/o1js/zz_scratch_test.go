package o1js

import (
	"fmt"
	"testing"
)

func TestScratchModels(t *testing.T) {
	for _, name := range []string{"credit_mlp", "digits_cnn", "digits_mlp", "game_master", "lenet5", "linreg_diabetes", "mnist28_mlp", "trading_bot"} {
		p := program(t, name)
		for _, st := range p.Steps {
			fmt.Printf("%s: %s %s in=%v out=%v shift=%d\n", name, st.Kind, st.Node.Op, len(st.Inputs), st.OutShape, st.Shift)
		}
		m, err := Build(p, Options{})
		if err != nil {
			fmt.Println(name, "ERR", err)
			continue
		}
		for i, s := range m.Steps {
			fmt.Printf("  step %d %s rows %d size %d\n", i, s.Op, s.Rows, m.Sizes[s.Y])
		}
		for _, c := range m.Chunks {
			fmt.Printf("  chunk %+v\n", c)
		}
	}
}
