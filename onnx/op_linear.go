package onnx

// MatMul and Gemm.

func init() {
	register("MatMul", opSpec{minIn: 2, maxIn: 2, infer: inferMatMul, eval: evalMatMul})
	register("Gemm", opSpec{minIn: 2, maxIn: 3, infer: inferGemm, eval: evalGemm})
}

// MatMulGeometry describes a numpy-style matmul: a batch of [M,K]×[K,N]
// products. A 1-D left operand is promoted to [1,K] and a 1-D right operand
// to [K,1], and the promoted dimension is dropped from Out.
type MatMulGeometry struct {
	M, K, N int
	Out     Shape // the output shape
	// AOffsets and BOffsets give, for each of the Out.Size()/(M*N) products,
	// the flat offset of its A and B matrices.
	AOffsets, BOffsets []int
}

// NewMatMulGeometry checks the operand shapes of a MatMul and computes its geometry.
func NewMatMulGeometry(a, b Shape) (*MatMulGeometry, error) {
	if len(a) == 0 || len(b) == 0 {
		return nil, invalidf("MatMul of a scalar (shapes %v and %v)", a, b)
	}
	pa, pb := a, b
	if len(a) == 1 {
		pa = Shape{1, a[0]}
	}
	if len(b) == 1 {
		pb = Shape{b[0], 1}
	}
	g := &MatMulGeometry{M: pa[len(pa)-2], K: pa[len(pa)-1], N: pb[len(pb)-1]}
	if pb[len(pb)-2] != g.K {
		return nil, invalidf("MatMul inner dimensions differ: %v × %v", a, b)
	}
	ab, bb := pa[:len(pa)-2], pb[:len(pb)-2]
	batch, err := BroadcastShape(ab, bb)
	if err != nil {
		return nil, err
	}
	g.Out = batch.Clone()
	if len(a) > 1 {
		g.Out = append(g.Out, g.M)
	}
	if len(b) > 1 {
		g.Out = append(g.Out, g.N)
	}
	if err := checkShape(append(batch.Clone(), g.M, g.N)); err != nil {
		return nil, err
	}
	g.AOffsets = BroadcastOffsets(ab, batch)
	g.BOffsets = BroadcastOffsets(bb, batch)
	for i := range g.AOffsets {
		g.AOffsets[i] *= g.M * g.K
		g.BOffsets[i] *= g.K * g.N
	}
	return g, nil
}

func inferMatMul(n *Node, in []ValueInfo, opset int) ([]ValueInfo, error) {
	if err := sameTypes(in, 0, 1); err != nil {
		return nil, err
	}
	if in[0].DType == Bool {
		return nil, invalidf("MatMul of BOOL")
	}
	g, err := NewMatMulGeometry(in[0].Shape, in[1].Shape)
	if err != nil {
		return nil, err
	}
	return []ValueInfo{{DType: in[0].DType, Shape: g.Out}}, nil
}

func evalMatMul(n *Node, in []*Tensor, opset int) ([]*Tensor, error) {
	g, err := NewMatMulGeometry(in[0].Shape, in[1].Shape)
	if err != nil {
		return nil, err
	}
	out := NewTensor(in[0].DType, g.Out)
	mn := g.M * g.N
	for bi := range g.AOffsets {
		matmulInto(out.Data[bi*mn:(bi+1)*mn], in[0].Data[g.AOffsets[bi]:], in[1].Data[g.BOffsets[bi]:], g.M, g.K, g.N, false, false, 1)
	}
	return []*Tensor{out}, nil
}

// matmulInto adds alpha·op(A)·op(B) to dst ([M,N]); op transposes when asked.
// A is [M,K] (or [K,M] transposed), B is [K,N] (or [N,K] transposed). The
// loop orders keep the innermost accesses contiguous.
func matmulInto(dst, a, b []float64, m, k, n int, transA, transB bool, alpha float64) {
	aAt := func(i, p int) float64 { return a[i*k+p] }
	if transA {
		aAt = func(i, p int) float64 { return a[p*m+i] }
	}
	if transB { // rows of B are output columns: dot products
		for i := 0; i < m; i++ {
			for j := 0; j < n; j++ {
				brow := b[j*k : (j+1)*k]
				s := 0.0
				if transA {
					for p, bv := range brow {
						s += aAt(i, p) * bv
					}
				} else {
					arow := a[i*k : (i+1)*k]
					for p, bv := range brow {
						s += arow[p] * bv
					}
				}
				dst[i*n+j] += alpha * s
			}
		}
		return
	}
	for i := 0; i < m; i++ {
		row := dst[i*n : (i+1)*n]
		for p := 0; p < k; p++ {
			av := alpha * aAt(i, p)
			brow := b[p*n : (p+1)*n]
			for j := range row {
				row[j] += av * brow[j]
			}
		}
	}
}

// GemmGeometry describes Y = alpha·op(A)·op(B) + beta·C with A → [M,K],
// B → [K,N] after the optional transpositions and C unidirectionally
// broadcast to [M,N].
type GemmGeometry struct {
	M, K, N        int
	TransA, TransB bool
	Alpha, Beta    float64
	// COffsets maps each output element to its element of C; nil without C.
	COffsets []int
}

// NewGemmGeometry reads a Gemm node's attributes and checks its shapes;
// c is nil when the node has no C input.
func NewGemmGeometry(n *Node, a, b, c Shape) (*GemmGeometry, error) {
	g := &GemmGeometry{}
	var err error
	var ta, tb int
	if ta, err = n.Attrs.Int("transA", 0); err != nil {
		return nil, err
	}
	if tb, err = n.Attrs.Int("transB", 0); err != nil {
		return nil, err
	}
	if g.Alpha, err = n.Attrs.Float("alpha", 1); err != nil {
		return nil, err
	}
	if g.Beta, err = n.Attrs.Float("beta", 1); err != nil {
		return nil, err
	}
	if len(a) != 2 || len(b) != 2 {
		return nil, invalidf("Gemm operands must be 2-D, got %v and %v", a, b)
	}
	g.TransA, g.TransB = ta != 0, tb != 0
	g.M, g.K = a[0], a[1]
	if g.TransA {
		g.M, g.K = a[1], a[0]
	}
	kb, nb := b[0], b[1]
	if g.TransB {
		kb, nb = b[1], b[0]
	}
	if kb != g.K {
		return nil, invalidf("Gemm inner dimensions differ: A %v (transA=%d), B %v (transB=%d)", a, ta, b, tb)
	}
	g.N = nb
	if c != nil {
		out := Shape{g.M, g.N}
		if err := unidirectional(c, out); err != nil {
			return nil, err
		}
		g.COffsets = BroadcastOffsets(c, out)
	}
	return g, nil
}

func gemmCShape(in []ValueInfo) Shape {
	if hasInput(in, 2) {
		return in[2].Shape
	}
	return nil
}

func inferGemm(n *Node, in []ValueInfo, opset int) ([]ValueInfo, error) {
	if err := sameTypes(in, 0, 1, 2); err != nil {
		return nil, err
	}
	if in[0].DType == Bool {
		return nil, invalidf("Gemm of BOOL")
	}
	g, err := NewGemmGeometry(n, in[0].Shape, in[1].Shape, gemmCShape(in))
	if err != nil {
		return nil, err
	}
	return []ValueInfo{{DType: in[0].DType, Shape: Shape{g.M, g.N}}}, nil
}

func evalGemm(n *Node, in []*Tensor, opset int) ([]*Tensor, error) {
	var c *Tensor
	var cs Shape
	if len(in) > 2 && in[2] != nil {
		c, cs = in[2], in[2].Shape
	}
	g, err := NewGemmGeometry(n, in[0].Shape, in[1].Shape, cs)
	if err != nil {
		return nil, err
	}
	out := NewTensor(in[0].DType, Shape{g.M, g.N})
	if c != nil && g.Beta != 0 {
		for i, o := range g.COffsets {
			out.Data[i] = g.Beta * c.Data[o]
		}
	}
	matmulInto(out.Data, in[0].Data, in[1].Data, g.M, g.K, g.N, g.TransA, g.TransB, g.Alpha)
	return []*Tensor{out}, nil
}
