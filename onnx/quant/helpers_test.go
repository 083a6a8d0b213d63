package quant

import (
	"testing"

	"github.com/zkml-mina/zkml/onnx"
)

// runInts compiles g at cfg and runs it on integer inputs, returning the
// first output.
func runInts(t testing.TB, g *onnx.Graph, cfg Config, inputs map[string][]int64) ([]int64, *Program, error) {
	t.Helper()
	p, err := Compile(g, cfg)
	if err != nil {
		return nil, nil, err
	}
	tr, err := p.Run(inputs)
	if err != nil {
		return nil, p, err
	}
	return tr.Outputs[0].Data, p, nil
}
