package quant

import (
	"fmt"
	"math"

	"github.com/zkml-mina/zkml/onnx"
)

// QTensor is a fixed-point tensor: element q stands for q / 2^Scale.
type QTensor struct {
	Shape onnx.Shape
	Scale int
	Data  []int64
}

// Float returns the dequantized elements q / 2^Scale.
func (t *QTensor) Float() []float64 {
	return dequantize(t.Data, t.Scale)
}

func dequantize(q []int64, scale int) []float64 {
	out := make([]float64, len(q))
	f := math.Ldexp(1, -scale)
	for i, v := range q {
		out[i] = float64(v) * f
	}
	return out
}

// Kind names the integer kernel of a Step; the circuit compiler switches on
// it. doc.go specifies each kernel's arithmetic.
type Kind int

// The kernels. See doc.go for the exact arithmetic of each.
const (
	KindMove      Kind = iota // exact data movement (Reshape, Transpose, Concat, ...)
	KindMatMul                // batched matrix product, rescaled
	KindGemm                  // 2-D matrix product plus bias, rescaled
	KindConv                  // 2-D convolution plus bias, rescaled
	KindAdd                   // elementwise sum of aligned operands
	KindSub                   // elementwise difference of aligned operands
	KindMul                   // elementwise product, rescaled (also Div by a non-integer constant)
	KindDivRound              // elementwise rounded division by integer constants
	KindRelu                  // max(q, 0)
	KindLeakyRelu             // q or rescale(q·Multiplier)
	KindClip                  // clamp(q, Lo, Hi)
	KindTable                 // table lookup (Sigmoid, Tanh)
	KindSoftmax               // max, exp table, normalizing division
	KindMaxPool               // window maximum
	KindAvgPool               // rounded window average (AveragePool, GlobalAveragePool)
	KindBatchNorm             // per-channel affine q·a + b, rescaled
)

var kindNames = [...]string{"Move", "MatMul", "Gemm", "Conv", "Add", "Sub", "Mul", "DivRound",
	"Relu", "LeakyRelu", "Clip", "Table", "Softmax", "MaxPool", "AvgPool", "BatchNorm"}

func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// OperandKind says where a Step's input comes from.
type OperandKind int

const (
	// OperandValue is a graph input or an earlier node's output, read from
	// the trace at its own scale.
	OperandValue OperandKind = iota
	// OperandConst is a constant quantized for this use; Const holds it.
	OperandConst
	// OperandParam is a structural constant (a shape, axes, pads, indices, a
	// ratio) that is not a fixed-point number; Raw holds it as in the graph.
	OperandParam
	// OperandAbsent is an omitted optional input.
	OperandAbsent
)

// Operand is one input of a Step, aligned with the node's inputs.
type Operand struct {
	Name  string
	Kind  OperandKind
	Shape onnx.Shape
	// Scale is the scale of the integers the kernel reads: the value's scale
	// for OperandValue, the quantization scale for OperandConst, 0 otherwise.
	Scale int
	Const *QTensor     // OperandConst: the quantized constant
	Raw   *onnx.Tensor // OperandParam: the graph constant
}

// Table is a lookup table of a Sigmoid, Tanh or Softmax step. An input q
// (at scale InScale) reads Entries[clamp(q, Min, Min+len(Entries)−1) − Min],
// an integer at scale OutScale.
type Table struct {
	Name     string // "sigmoid", "tanh" or "exp"
	InScale  int
	OutScale int
	Min      int64
	Entries  []int64
}

// Lookup returns the entry for input q, saturating at both ends.
func (t *Table) Lookup(q int64) int64 {
	i := q - t.Min
	if i < 0 {
		i = 0
	}
	if n := int64(len(t.Entries)); i >= n {
		i = n - 1
	}
	return t.Entries[i]
}

// SoftmaxParams is the layout of a KindSoftmax step: the input is viewed as
// [Outer, Len, Inner] and normalized along Len.
type SoftmaxParams struct {
	Outer, Len, Inner int
}

// Step is one node of the program with every fixed-point decision made.
type Step struct {
	Node *onnx.Node
	Kind Kind
	// Inputs are aligned with Node.Inputs.
	Inputs   []Operand
	Output   string
	OutShape onnx.Shape
	OutScale int
	// AccScale is the scale of the accumulator, product or table input
	// before the final rescale; Shift = AccScale − OutScale for the
	// rescaling kinds (MatMul, Gemm, Conv, Mul, LeakyRelu, BatchNorm), and
	// Shift = input scale − Table.InScale for Table and Softmax. A positive
	// shift divides with rounding, a negative one multiplies exactly.
	AccScale int
	Shift    int
	Table    *Table
	// Multiplier is LeakyRelu's α quantized at ParamScale.
	Multiplier int64
	// Lo and Hi are Clip's bounds at the input scale.
	Lo, Hi int64
	// PadValue is Pad's constant at the input scale.
	PadValue int64
	// Geometry of the structured kinds, shared with the float evaluator.
	// Gemm's Alpha and Beta are 1: they are folded into the quantized
	// operands. A global pool has a 1×P window over its flattened plane.
	MatMul  *onnx.MatMulGeometry
	Gemm    *onnx.GemmGeometry
	Conv    *onnx.ConvGeometry
	Pool    *onnx.PoolGeometry
	Softmax *SoftmaxParams

	// bidx maps each output element to an input element for the
	// broadcasting kinds Add, Sub, Mul and DivRound (nil when the shapes are
	// equal).
	bidx [][]int
	// accSafe records that the weights and bias bound every accumulator of
	// a Gemm or Conv below 2^AccBits for any B-bit input, so the evaluator
	// may skip the per-term check (the semantics are unchanged).
	accSafe bool
	// evalNode is the node handed to onnx.EvalNode by KindMove (a copy
	// with quantized attributes where needed).
	evalNode *onnx.Node
}

func (s *Step) String() string {
	return fmt.Sprintf("%s as %s (scale %d)", s.Node, s.Kind, s.OutScale)
}

// Program is a graph compiled to fixed point: the scales of every value and
// one Step per node, in topological order.
type Program struct {
	Graph *onnx.Graph
	// Config is the resolved configuration (ParamScale filled in).
	Config  Config
	Inputs  []onnx.Value
	Outputs []onnx.Value
	// Scales holds the scale of every graph input and node output.
	Scales map[string]int
	Steps  []*Step
	// Tables lists every distinct table the steps use.
	Tables []*Table
}

// Scale returns the scale of a graph input or node output.
func (p *Program) Scale(name string) (int, bool) {
	s, ok := p.Scales[name]
	return s, ok
}
