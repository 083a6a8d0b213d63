// Package quant compiles an onnx.Graph into a fixed-point program and
// evaluates it on integers. The integer evaluator is zkml's semantic
// contract: the Kimchi circuit compiler and the o1js code generator must
// reproduce its integers bit for bit. This comment specifies that semantics
// completely; every rule below is implemented by Program.Run.
//
// # Numbers
//
// Every graph input and node output v has a scale exponent s_v ≥ 0 and holds
// integers q standing for q / 2^s_v. Config.Scale is S (activations);
// Config.ParamScale is S_w (weights and multipliers; 0 means S). Both lie in
// [1, MaxScale].
//
//   - quant(x, s) = round-half-away-from-zero(x·2^s) (Go math.Round), used
//     off-circuit for graph inputs and constants. NaN and ±Inf are rejected.
//   - rescale(q, k) for k > 0 is floor((q + 2^(k−1)) / 2^k): round half up,
//     so −3/2 → −1 and −5/2 → −2 (Go: (q + 1<<(k−1)) >> k on int64). In a
//     circuit: q + 2^(k−1) = q'·2^k + r with 0 ≤ r < 2^k. For k ≤ 0,
//     rescale(q, k) = q·2^(−k), exact.
//   - floor division: all divisions below are floor((a)/(b)) with b > 0,
//     i.e. a = y·b + r, 0 ≤ r < b.
//   - dequant(q, s) = q / 2^s.
//
// Graph inputs of a floating-point type have scale S; integer and boolean
// inputs have scale 0 and must hold integers. Constants have no scale of
// their own: each use quantizes them as its op prescribes, and the quantized
// integers are stored in the Step (Operand.Const). Implementations must use
// those stored integers (and the stored Table entries) rather than
// recompute them from floats.
//
// # Ranges
//
// Every node output element, every graph input element and every quantized
// weight or elementwise constant must satisfy −2^(B−1) ≤ q < 2^(B−1) with
// B = ValueBits = 32. Biases quantized at an accumulator scale must satisfy
// |q| < 2^(AccBits−1). Every dot-product or affine accumulator (MatMul,
// Gemm, Conv, BatchNorm) must satisfy Σ|term| < 2^AccBits = 2^62 where the
// terms are the products and the bias (order-independent; it implies
// |acc| < 2^62, so int64 never overflows). An upward rescale (k < 0) of an
// accumulator must keep it below 2^62 in magnitude. Every other intermediate
// is bounded by construction (products of two B-bit values are below 2^62;
// alignment shifts are at most MaxScale bits). A violation stops the
// evaluation with a *RangeError naming the node, the op, the value, the
// element index, the offending number and the bound; nothing wraps.
//
// # Steps
//
// Compile produces one Step per node, in topological order. Step.Kind names
// the integer kernel; Step.Inputs (aligned with the node's inputs) say where
// each operand comes from (a computed value, a quantized constant, a
// structural parameter, or absent) and at which scale; Step.OutScale is the
// output's scale. s_x is the scale of the (first) computed input.
//
// MatMul (KindMatMul): numpy matmul with broadcast batches
// (Step.MatMul geometry). A constant operand is quantized at S_w.
// acc = Σ_k a·b at AccScale = s_a + s_b; y = rescale(acc, AccScale − S);
// OutScale = S.
//
// Gemm (KindGemm): Y = A'·B' + C with transposes (Step.Gemm geometry). alpha
// is folded into the constant factor before quantizing (B if constant, else
// A; with no constant factor alpha must be 1); constant factors are at S_w.
// A constant C is quantized as beta·C at AccScale = s_a + s_b directly (no
// rescale of the bias); a computed C needs beta = 1 and a scale s_c with
// 0 ≤ AccScale − s_c ≤ AccBits − ValueBits, and is multiplied by
// 2^(AccScale − s_c). acc = c + Σ_k a·b;
// y = rescale(acc, AccScale − S); OutScale = S. Geometry Alpha and Beta are
// reported as 1.
//
// Conv (KindConv): 1-D or 2-D grouped convolution (Step.Conv geometry; a
// 1-D conv has H = KH = OH = 1). Weights constant at S_w, optional bias
// constant at AccScale = s_x + S_w. acc = bias[m] + Σ over in-channel of the
// group, kh, kw of x·w, taps in the padding contribute nothing;
// y = rescale(acc, AccScale − S); OutScale = S.
//
// Add, Sub (KindAdd, KindSub): numpy broadcasting. Two computed operands
// are aligned to OutScale = max(s_a, s_b) by exact multiplication
// q·2^(OutScale − s); a constant operand is quantized at the other
// operand's scale. y = a ± b, no rounding.
//
// Mul (KindMul): computed × constant: the constant at S_w, AccScale =
// s_x + S_w, y = rescale(x·c, S_w), OutScale = s_x. Computed × computed:
// AccScale = s_a + s_b, y = rescale(a·b, AccScale − S), OutScale = S.
//
// Div by a constant: if every divisor element is an integer d with
// 1 ≤ |d| ≤ MaxDivisor the step is KindDivRound: the divisor is stored at
// scale 0 and y = floor((2·q·sgn(d) + |d|) / (2|d|)) (q/d rounded half up;
// circuit: 2·q·sgn(d) + |d| = y·2|d| + r, 0 ≤ r < 2|d|), OutScale = s_x.
// Otherwise the step is KindMul by the constant 1/d (quantized at S_w, as
// above). Division by a computed value is unsupported; a zero divisor is an
// error.
//
// Relu (KindRelu): y = max(q, 0). LeakyRelu (KindLeakyRelu): Multiplier =
// quant(alpha, S_w); y = q if q ≥ 0, else rescale(q·Multiplier, S_w).
// Clip (KindClip): Lo, Hi = quant(min, s_x), quant(max, s_x) saturated to
// the B-bit range (absent bounds are ±∞); y = min(max(q, Lo), Hi). All three
// keep OutScale = s_x.
//
// Sigmoid, Tanh (KindTable): t = Table.InScale = min(s_x, TableScaleMax);
// Shift = s_x − t; u = rescale(q, Shift); y = Table.Lookup(u), OutScale = S.
// A table with input range [Min, Min+len−1] reads
// Entries[clamp(u, Min, Min+len−1) − Min] (saturating). Sigmoid covers
// [−L·2^t, L·2^t − 1] with L = SigmoidRange = 8, Tanh with L = TanhRange = 4;
// entry i is round-half-away(f((Min+i)/2^t)·2^S).
//
// Softmax (KindSoftmax): the input is viewed as [Outer, Len, Inner]
// (Step.Softmax; opset ≥ 13: one axis, default −1; before: the input is
// coerced to 2-D at axis, default 1). For each row: m = max_j q_j;
// d_j = rescale(q_j − m, Shift) ≤ 0 with t and Shift as for Sigmoid;
// e_j = Table.Lookup(d_j) where the "exp" table covers [−E·2^t, 0],
// E = ExpRange = 16, entry 0 (d ≤ −E·2^t) is 0 and entry i > 0 is
// round-half-away(exp((Min+i)/2^t)·2^S); Z = Σ_j e_j (≥ 2^S, since the max
// element has e = 2^S); y_j = floor((e_j·2^S + floor(Z/2)) / Z) at
// OutScale = S. Circuit: e·2^S + floor(Z/2) = y·Z + r, 0 ≤ r < Z.
//
// MaxPool, GlobalMaxPool (KindMaxPool): y = max over the window's taps that
// lie inside the input (padding never wins; every window holds at least one
// tap). AveragePool, GlobalAveragePool (KindAvgPool): sum over the taps
// inside the input; n = number of taps inside the padded input when
// count_include_pad, else inside the input; y = floor((2·sum + n) / (2n))
// (round half up; circuit: 2·sum + n = y·2n + r, 0 ≤ r < 2n). Step.Pool is
// the geometry (a global pool has a 1×P window over its P-element plane);
// OutScale = s_x.
//
// BatchNormalization (KindBatchNorm, inference mode, when not folded into a
// Conv or Gemm): per channel c, a_c = γ/√(var+ε) quantized at S_w (stored in
// Inputs[1].Const) and b_c = β − μ·a_c quantized at AccScale = s_x + S_w
// (stored in Inputs[2].Const); Inputs[3] and Inputs[4] are unused
// parameters. y = rescale(q·a_c + b_c, S_w); OutScale = s_x.
//
// Data movement (KindMove: Identity, Dropout, Flatten, Reshape, Transpose,
// Squeeze, Unsqueeze, Slice, Concat, Gather, Pad, Cast): exact, no rounding.
// OutScale is the largest scale among the computed data inputs (every input
// of Concat, input 0 otherwise); computed data inputs are aligned to it by
// exact multiplication, constant data inputs (and Pad's constant value, also
// in Step.PadValue) are quantized at it. Structural inputs (shapes, axes,
// starts, pads, indices) are used as given; Gather may also take computed
// indices of scale 0; Dropout's ratio is ignored (a computed one is marked
// OperandAbsent). The result is exactly the float reference
// kernel (onnx.EvalNode) applied to those integers, except that Identity,
// Dropout (inference) and Cast copy their input unchanged. Cast is allowed
// to a floating-point type (no rounding to a narrower float is modelled), or
// to INT32/INT64 of a scale-0 value. A Gather of a constant table by
// computed indices quantizes the table at S.
//
// Outputs are dequantized as q / 2^OutScale.
//
// # Tools
//
// Program.QuantizeInput and Program.Dequantize convert at a value's scale;
// Program.RunFloat does quantize → Run → dequantize for one-input graphs.
// Calibrate sweeps scales against an accuracy Target and reports every
// measurement; Stats collects per-value ranges (max |q|, headroom bits).
package quant
