package quant

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/onnxpb"
)

// TestNodeConformance compiles every loadable ONNX backend test case and
// runs it on its own inputs: compilation either succeeds or fails with an
// UnsupportedError or a RangeError, evaluation never panics, and supported
// float cases land near the expected outputs (a loose bound: the cases are
// not scaled for fixed point, so only gross errors are caught).
func TestNodeConformance(t *testing.T) {
	dirs, err := filepath.Glob(filepath.Join(sharedDir(t), "onnx-node-tests", "test_*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no conformance cases (%v)", err)
	}
	compiled, ran := 0, 0
	for _, d := range dirs {
		m, err := onnx.LoadFile(filepath.Join(d, "model.onnx"))
		if err != nil {
			continue
		}
		p, err := Compile(m.Graph, Config{Scale: 16, ParamScale: 16})
		if err != nil {
			var ue *onnx.UnsupportedError
			var re *RangeError
			if !errors.As(err, &ue) && !errors.As(err, &re) {
				t.Errorf("%s: unexpected compile error %v", filepath.Base(d), err)
			}
			t.Logf("%s: %v", filepath.Base(d), err)
			continue
		}
		compiled++
		inputs := map[string][]int64{}
		ok := true
		for i, in := range p.Inputs {
			b, err := os.ReadFile(filepath.Join(d, "test_data_set_0", "input_"+itoa(i)+".pb"))
			if err != nil {
				ok = false
				break
			}
			var tp onnxpb.TensorProto
			if proto.Unmarshal(b, &tp) != nil {
				ok = false
				break
			}
			tt, err := onnx.TensorFromProto(&tp)
			if err != nil {
				ok = false
				break
			}
			q, err := p.QuantizeInput(in.Name, tt.Data)
			if err != nil {
				ok = false
				break
			}
			inputs[in.Name] = q
		}
		if !ok {
			continue
		}
		tr, err := p.Run(inputs)
		if err != nil {
			var re *RangeError
			if !errors.As(err, &re) {
				t.Errorf("%s: unexpected run error %v", filepath.Base(d), err)
			}
			continue
		}
		ran++
		b, err := os.ReadFile(filepath.Join(d, "test_data_set_0", "output_0.pb"))
		if err != nil {
			continue
		}
		var tp onnxpb.TensorProto
		if proto.Unmarshal(b, &tp) != nil {
			continue
		}
		want, err := onnx.TensorFromProto(&tp)
		if err != nil || !want.DType.IsFloat() || len(want.Data) != len(tr.Outputs[0].Data) {
			continue
		}
		got := tr.Outputs[0].Float()
		for i := range got {
			if e := math.Abs(got[i] - want.Data[i]); e > 0.02*(1+math.Abs(want.Data[i])) {
				t.Errorf("%s: element %d is %v, want %v", filepath.Base(d), i, got[i], want.Data[i])
				break
			}
		}
	}
	t.Logf("%d cases compiled, %d ran", compiled, ran)
	if compiled < 50 {
		t.Errorf("only %d cases compiled", compiled)
	}
}

func itoa(i int) string {
	if i < 10 {
		return string(rune('0' + i))
	}
	return itoa(i/10) + itoa(i%10)
}
