package onnx

// BroadcastShape returns the numpy-style broadcast of two shapes: dimensions
// are aligned from the right and each pair must be equal or contain a 1.
func BroadcastShape(a, b Shape) (Shape, error) {
	if len(a) < len(b) {
		a, b = b, a
	}
	out := a.Clone()
	off := len(a) - len(b)
	for i, d := range b {
		switch o := out[off+i]; {
		case o == d || d == 1:
		case o == 1:
			out[off+i] = d
		default:
			return nil, invalidf("shapes %v and %v do not broadcast", a, b)
		}
	}
	return out, nil
}

// BroadcastStrides returns, for each dimension of out, the stride of in
// along it (0 where in is broadcast). in must broadcast to out.
func BroadcastStrides(in, out Shape) []int {
	st := make([]int, len(out))
	inSt := in.Strides()
	off := len(out) - len(in)
	for i := range in {
		if in[i] != 1 {
			st[off+i] = inSt[i]
		}
	}
	return st
}

// BroadcastOffsets returns, for each element of out in row-major order, the
// flat index of the element of a tensor of shape in that numpy broadcasting
// reads there. in must broadcast to out.
func BroadcastOffsets(in, out Shape) []int {
	if in.Size() == out.Size() {
		offs := make([]int, out.Size())
		for i := range offs {
			offs[i] = i
		}
		return offs
	}
	return StridedOffsets(out, 0, BroadcastStrides(in, out))
}

// StridedOffsets returns, for each element of out in row-major order with
// multi-index idx, the offset base + Σ idx[d]·strides[d]. It expresses
// broadcasting, transposition and strided slicing of a row-major source.
func StridedOffsets(out Shape, base int, strides []int) []int {
	n := out.Size()
	offs := make([]int, n)
	idx := make([]int, len(out))
	off := base
	for i := 0; i < n; i++ {
		offs[i] = off
		// advance the multi-index odometer and the offset with it
		for d := len(out) - 1; d >= 0; d-- {
			idx[d]++
			off += strides[d]
			if idx[d] < out[d] {
				break
			}
			off -= strides[d] * idx[d]
			idx[d] = 0
		}
	}
	return offs
}

// unidirectional checks that in broadcasts to out without changing it.
func unidirectional(in, out Shape) error {
	b, err := BroadcastShape(in, out)
	if err != nil || !b.Equal(out) {
		return invalidf("shape %v does not broadcast to %v", in, out)
	}
	return nil
}
