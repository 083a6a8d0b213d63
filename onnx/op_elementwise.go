package onnx

// Binary arithmetic with numpy broadcasting.

func init() {
	for op, f := range map[string]func(a, b float64) float64{
		"Add": func(a, b float64) float64 { return a + b },
		"Sub": func(a, b float64) float64 { return a - b },
		"Mul": func(a, b float64) float64 { return a * b },
		"Div": func(a, b float64) float64 { return a / b },
	} {
		register(op, opSpec{minIn: 2, maxIn: 2, infer: inferBinary, eval: binaryEval(op == "Div", f)})
	}
}

func inferBinary(n *Node, in []ValueInfo, opset int) ([]ValueInfo, error) {
	if err := sameTypes(in, 0, 1); err != nil {
		return nil, err
	}
	if in[0].DType == Bool || !in[0].DType.Numeric() {
		return nil, invalidf("arithmetic on %s", in[0].DType)
	}
	s, err := BroadcastShape(in[0].Shape, in[1].Shape)
	if err != nil {
		return nil, err
	}
	return []ValueInfo{{DType: in[0].DType, Shape: s}}, nil
}

// binaryEval builds a broadcasting kernel. Integer division truncates toward
// zero and fails on a zero divisor.
func binaryEval(isDiv bool, f func(a, b float64) float64) func(*Node, []*Tensor, int) ([]*Tensor, error) {
	return func(n *Node, in []*Tensor, opset int) ([]*Tensor, error) {
		a, b := in[0], in[1]
		shape, err := BroadcastShape(a.Shape, b.Shape)
		if err != nil {
			return nil, err
		}
		out := NewTensor(a.DType, shape)
		intDiv := isDiv && !a.DType.IsFloat()
		fa, fb := BroadcastOffsets(a.Shape, shape), BroadcastOffsets(b.Shape, shape)
		for i := range out.Data {
			x, y := a.Data[fa[i]], b.Data[fb[i]]
			if intDiv {
				if y == 0 {
					return nil, invalidf("integer division by zero")
				}
				out.Data[i] = float64(int64(x) / int64(y))
				continue
			}
			out.Data[i] = f(x, y)
		}
		return []*Tensor{out}, nil
	}
}
