// Package o1js turns a fixed-point program (onnx/quant) into the data of a
// generated o1js zkApp: every step as an integer kernel over numbered values
// (no graph names), the quantized weights and tables as decimal strings, the
// predicted circuit rows of every step, and the cut of the steps into chunks
// that each fit one Pickles circuit. The TypeScript that interprets this data
// lives in templates/o1js; the two must agree on the kernels below.
package o1js

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"math/big"
	"strconv"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/quant"
)

// Format is the version of model.json.
const Format = 1

// MaxRows is the row limit of one o1js circuit (2^16).
const MaxRows = 1 << 16

// DefaultBudget is the default row budget of a chunk: MaxRows less room for
// the recursive verification (about 16k rows in a Pickles step circuit that
// verifies one proof), the commitments and the prediction margin.
const DefaultBudget = 40000

// Options configure Build.
type Options struct {
	// InputVisibility is "public", "private" or "hashed" (default "private").
	InputVisibility string
	// ParamVisibility is "fixed" (weights are circuit constants, the
	// default), "hashed" (weights are private witnesses; the proof exposes
	// their Poseidon commitment, see ParamsCommitment) or "private" (the
	// same commitment started from a secret salt, so it hides the weights).
	ParamVisibility string
	// Budget is the predicted row budget of one chunk (its steps and its
	// plumbing, without the recursive verification); 0 means DefaultBudget.
	Budget int
}

// Step is one kernel of model.json. Fields not used by an op are omitted.
type Step struct {
	Op string `json:"op"`
	X  int    `json:"x"`
	// Xs, when set, lists several values whose concatenation is the input
	// (X is then Xs[0]).
	Xs    []int `json:"xs,omitempty"`
	Y     int   `json:"y"`
	M     int   `json:"m,omitempty"`
	K     int   `json:"k,omitempty"`
	N     int   `json:"n,omitempty"`
	W     int   `json:"w,omitempty"`
	B     int   `json:"b,omitempty"`
	Start int   `json:"start,omitempty"`
	Idx   int   `json:"idx,omitempty"`
	Sign  int   `json:"sign,omitempty"`
	Den   int   `json:"den,omitempty"`
	Shift int   `json:"shift"`
	Table int   `json:"table"`
	Scale int   `json:"scale,omitempty"`
	Outer int   `json:"outer,omitempty"`
	Len   int   `json:"len,omitempty"`
	Inner int   `json:"inner,omitempty"`
	// WI and BI, when set, index a "sparse" step's weights and biases: tap
	// t uses W[WI[t]] and output o the bias B[BI[o]] (so a convolution
	// stores its kernel once, and split parts share their step's tensors).
	WI int `json:"wi,omitempty"`
	BI int `json:"bi,omitempty"`
	// IA and IB are index tensors of the two factors of "mul".
	IA int `json:"ia,omitempty"`
	IB int `json:"ib,omitempty"`
	// Lo and Hi are the bounds of "clip"; Mul is the multiplier of "leakyrelu".
	Lo  int64 `json:"lo,omitempty"`
	Hi  int64 `json:"hi,omitempty"`
	Mul int64 `json:"mul,omitempty"`
	// Rows is the predicted row count of the step (not read by the TS).
	Rows int `json:"rows"`
}

// Chunk is a run of consecutive steps proved by one ZkProgram.
type Chunk struct {
	Steps   []int `json:"steps"`
	LiveIn  []int `json:"liveIn"`
	LiveOut []int `json:"liveOut"`
	Rows    int   `json:"rows"`
	// Params lists the weight tensors the chunk witnesses and commits to
	// (empty for fixed weights), in the order they are hashed.
	Params []int `json:"params,omitempty"`
}

// IO describes the graph input or output value.
type IO struct {
	ID    int   `json:"id"`
	Size  int   `json:"size"`
	Scale int   `json:"scale"`
	Shape []int `json:"shape"`
}

// TableData is a lookup table: entry i stands for input Min+i.
type TableData struct {
	Min     string    `json:"min"`
	Entries []string  `json:"entries"`
	Tree    TableTree `json:"tree"`
}

// Model is model.json, the data a generated project proves.
type Model struct {
	Format          int    `json:"format"`
	ModelField      string `json:"modelField"`
	InputVisibility string `json:"inputVisibility"`
	ParamVisibility string `json:"paramVisibility"`
	// ParamsCommitment is the weights commitment the contract stores ("0"
	// for fixed weights; for private weights it is set by SetParamSalt).
	ParamsCommitment string      `json:"paramsCommitment"`
	Classifier       bool        `json:"classifier"`
	Input            IO          `json:"input"`
	Output           IO          `json:"output"`
	Sizes            []int       `json:"sizes"`
	Steps            []Step      `json:"steps"`
	Tables           []TableData `json:"tables"`
	Tensors          [][]string  `json:"tensors"`
	Chunks           []Chunk     `json:"chunks"`
}

// fieldModulus is the Pallas base field order p (o1js Field.ORDER).
var fieldModulus = fp.Modulus()

// ModelField maps a digest of the quantized program to a field element: the
// first 31 bytes, big-endian (below 2^248 < p).
func ModelField(digest [32]byte) string {
	return new(big.Int).SetBytes(digest[:31]).String()
}

type builder struct {
	p      *quant.Program
	m      *Model
	ids    map[string]int
	tables map[*quant.Table]int
	digest []byte
	// intCache holds the base tensors (indices below cacheBelow) as
	// integers while splitting.
	intCache   map[int][]int64
	cacheBelow int
}

// Build translates p into model data and cuts it into chunks. It fails with
// an *onnx.UnsupportedError for kernels the generator does not handle.
func Build(p *quant.Program, opts Options) (*Model, error) {
	if opts.InputVisibility == "" {
		opts.InputVisibility = "private"
	}
	switch opts.InputVisibility {
	case "public", "private", "hashed":
	default:
		return nil, fmt.Errorf("input visibility %q: want public, private or hashed", opts.InputVisibility)
	}
	if opts.ParamVisibility == "" {
		opts.ParamVisibility = "fixed"
	}
	switch opts.ParamVisibility {
	case "fixed", "private", "hashed":
	default:
		return nil, fmt.Errorf("param visibility %q: want fixed, private or hashed", opts.ParamVisibility)
	}
	if opts.Budget <= 0 {
		opts.Budget = DefaultBudget
	}
	if len(p.Inputs) != 1 || len(p.Outputs) != 1 {
		return nil, &onnx.UnsupportedError{What: fmt.Sprintf("%d inputs and %d outputs (the generator needs exactly one of each)", len(p.Inputs), len(p.Outputs))}
	}
	b := &builder{p: p, m: &Model{Format: Format, InputVisibility: opts.InputVisibility, ParamVisibility: opts.ParamVisibility},
		ids: map[string]int{}, tables: map[*quant.Table]int{}}
	if opts.ParamVisibility != "fixed" {
		// the weights are not part of the circuit: the model commitment
		// (and the verification keys) depend on the architecture only
		b.digest = append(b.digest, "witnessed weights;"...)
	}
	in := p.Inputs[0]
	b.m.Input = IO{ID: 0, Size: in.Shape.Size(), Scale: p.Scales[in.Name], Shape: in.Shape}
	b.ids[in.Name] = 0
	b.m.Sizes = append(b.m.Sizes, in.Shape.Size())
	b.m.Tensors = [][]string{{}} // tensor 0 is unused so that 0 means "none" in omitempty fields
	for _, st := range p.Steps {
		if err := b.step(st); err != nil {
			return nil, err
		}
	}
	out := p.Outputs[0]
	oid, ok := b.ids[out.Name]
	if !ok {
		return nil, &onnx.UnsupportedError{What: "an output that is a graph input"}
	}
	b.m.Output = IO{ID: oid, Size: b.m.Sizes[oid], Scale: p.Scales[out.Name], Shape: out.Shape}
	b.m.Classifier = b.m.Output.Size > 1
	sum := sha256.New()
	sum.Write([]byte("zkml-o1js-model/1\n"))
	sum.Write(b.digest)
	var d [32]byte
	copy(d[:], sum.Sum(nil))
	b.m.ModelField = ModelField(d)
	if err := b.chunk(opts.Budget); err != nil {
		return nil, err
	}
	b.m.ParamsCommitment = "0"
	if opts.ParamVisibility == "hashed" {
		c, err := b.m.ParamsCommitmentWith(nil)
		if err != nil {
			return nil, err
		}
		b.m.ParamsCommitment = c
	}
	return b.m, nil
}

// tensor stores integers and returns their index.
func (b *builder) tensor(v []int64) int {
	return b.store(v, false)
}

// weights stores a weight or bias tensor: with witnessed weights only its
// length enters the model commitment.
func (b *builder) weights(v []int64) int {
	return b.store(v, b.m.ParamVisibility != "fixed")
}

func (b *builder) store(v []int64, hidden bool) int {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.FormatInt(x, 10)
	}
	b.m.Tensors = append(b.m.Tensors, s)
	if hidden {
		b.digest = fmt.Appendf(b.digest, "weights %d;", len(s))
		return len(b.m.Tensors) - 1
	}
	for _, x := range s {
		b.digest = append(b.digest, x...)
		b.digest = append(b.digest, ',')
	}
	b.digest = append(b.digest, ';')
	return len(b.m.Tensors) - 1
}

func (b *builder) table(t *quant.Table) int {
	if i, ok := b.tables[t]; ok {
		return i
	}
	e := make([]string, len(t.Entries))
	for i, x := range t.Entries {
		e[i] = strconv.FormatInt(x, 10)
	}
	b.m.Tables = append(b.m.Tables, TableData{Min: strconv.FormatInt(t.Min, 10), Entries: e, Tree: tableTree(e)})
	b.digest = fmt.Appendf(b.digest, "table %d %d %d;", t.Min, len(t.Entries), t.OutScale)
	b.tables[t] = len(b.m.Tables) - 1
	return len(b.m.Tables) - 1
}

func unsupported(st *quant.Step, format string, args ...any) error {
	return &onnx.UnsupportedError{What: fmt.Sprintf("o1js generator: %s step: %s", st.Kind, fmt.Sprintf(format, args...))}
}

// value returns the id of a computed operand.
func (b *builder) value(st *quant.Step, i int) (int, error) {
	if i >= len(st.Inputs) || st.Inputs[i].Kind != quant.OperandValue {
		return 0, unsupported(st, "input %d is not a computed value", i)
	}
	id, ok := b.ids[st.Inputs[i].Name]
	if !ok {
		return 0, errors.New("o1js generator: value used before it is defined")
	}
	return id, nil
}

// emit appends s as the step computing st's output.
func (b *builder) emit(st *quant.Step, s Step) {
	b.ids[st.Output] = b.push(s, st.OutShape.Size())
}

// push appends s with a new output value of n elements and returns its id.
func (b *builder) push(s Step, n int) int {
	id := len(b.m.Sizes)
	b.m.Sizes = append(b.m.Sizes, n)
	s.Y = id
	if len(s.Xs) > 0 {
		s.X = s.Xs[0]
	}
	s.Rows = predictStep(b.m, &s)
	b.m.Steps = append(b.m.Steps, s)
	b.digest = fmt.Appendf(b.digest, "step %s x%d y%d m%d k%d n%d w%d b%d s%d i%d sh%d t%d sc%d o%d l%d in%d sg%d d%d",
		s.Op, s.X, s.Y, s.M, s.K, s.N, s.W, s.B, s.Start, s.Idx, s.Shift, s.Table, s.Scale, s.Outer, s.Len, s.Inner, s.Sign, s.Den)
	if len(s.Xs) > 0 || s.IA != 0 || s.IB != 0 || s.Lo != 0 || s.Hi != 0 || s.Mul != 0 || s.WI != 0 || s.BI != 0 {
		// fields of the later kernels (absent from the first format's digests)
		b.digest = fmt.Appendf(b.digest, " xs%v ia%d ib%d lo%d hi%d mul%d wi%d bi%d", s.Xs, s.IA, s.IB, s.Lo, s.Hi, s.Mul, s.WI, s.BI)
	}
	b.digest = append(b.digest, ';')
	return id
}

func (b *builder) step(st *quant.Step) error {
	switch st.Kind {
	case quant.KindGemm:
		return b.gemm(st)
	case quant.KindMatMul:
		return b.matmul(st)
	case quant.KindConv:
		return b.conv(st)
	case quant.KindRelu:
		x, err := b.value(st, 0)
		if err != nil {
			return err
		}
		b.emit(st, Step{Op: "relu", X: x})
		return nil
	case quant.KindMove:
		return b.move(st)
	case quant.KindAdd, quant.KindSub:
		return b.addSub(st)
	case quant.KindMul:
		return b.mul(st)
	case quant.KindDivRound:
		return b.divRound(st)
	case quant.KindLeakyRelu:
		x, err := b.value(st, 0)
		if err != nil {
			return err
		}
		b.emit(st, Step{Op: "leakyrelu", X: x, Mul: st.Multiplier, Shift: st.Shift})
		return nil
	case quant.KindClip:
		x, err := b.value(st, 0)
		if err != nil {
			return err
		}
		b.emit(st, Step{Op: "clip", X: x, Lo: st.Lo, Hi: st.Hi})
		return nil
	case quant.KindBatchNorm:
		return b.batchNorm(st)
	case quant.KindMaxPool:
		return b.maxpool(st)
	case quant.KindAvgPool:
		return b.avgpool(st)
	case quant.KindTable:
		x, err := b.value(st, 0)
		if err != nil {
			return err
		}
		b.emit(st, Step{Op: "table", X: x, Shift: st.Shift, Table: b.table(st.Table)})
		return nil
	case quant.KindSoftmax:
		x, err := b.value(st, 0)
		if err != nil {
			return err
		}
		sm := st.Softmax
		b.emit(st, Step{Op: "softmax", X: x, Shift: st.Shift, Table: b.table(st.Table), Scale: st.OutScale,
			Outer: sm.Outer, Len: sm.Len, Inner: sm.Inner})
		return nil
	}
	return unsupported(st, "not implemented yet")
}

func (b *builder) gemm(st *quant.Step) error {
	g := st.Gemm
	x, err := b.value(st, 0)
	if err != nil {
		return err
	}
	if g.TransA && g.M != 1 {
		return unsupported(st, "transA with M = %d", g.M)
	}
	bw := st.Inputs[1]
	if bw.Kind != quant.OperandConst {
		return unsupported(st, "B is not a constant")
	}
	W := make([]int64, g.N*g.K)
	for j := 0; j < g.N; j++ {
		for k := 0; k < g.K; k++ {
			if g.TransB {
				W[j*g.K+k] = bw.Const.Data[j*g.K+k]
			} else {
				W[j*g.K+k] = bw.Const.Data[k*g.N+j]
			}
		}
	}
	s := Step{Op: "dense", X: x, M: g.M, K: g.K, N: g.N, W: b.weights(W), B: -1, Shift: st.Shift}
	if len(st.Inputs) > 2 && st.Inputs[2].Kind != quant.OperandAbsent {
		c := st.Inputs[2]
		if c.Kind != quant.OperandConst || g.COffsets == nil {
			return unsupported(st, "C is not a constant")
		}
		bias := make([]int64, g.M*g.N)
		for i := range bias {
			bias[i] = c.Const.Data[g.COffsets[i]]
		}
		s.B = b.weights(bias)
	}
	b.emit(st, s)
	return nil
}

func (b *builder) matmul(st *quant.Step) error {
	x, err := b.value(st, 0)
	if err != nil {
		return err
	}
	bw := st.Inputs[1]
	if bw.Kind != quant.OperandConst || len(bw.Shape) != 2 {
		return unsupported(st, "B is not a constant matrix")
	}
	g := st.MatMul
	K, N := bw.Shape[0], bw.Shape[1]
	W := make([]int64, N*K)
	for j := 0; j < N; j++ {
		for k := 0; k < K; k++ {
			W[j*K+k] = bw.Const.Data[k*N+j]
		}
	}
	rows := st.OutShape.Size() / N
	if g.K != K || st.Inputs[0].Shape.Size() != rows*K {
		return unsupported(st, "operand layout")
	}
	b.emit(st, Step{Op: "dense", X: x, M: rows, K: K, N: N, W: b.weights(W), B: -1, Shift: st.Shift})
	return nil
}

func (b *builder) conv(st *quant.Step) error {
	x, err := b.value(st, 0)
	if err != nil {
		return err
	}
	g := st.Conv
	wt := st.Inputs[1]
	if wt.Kind != quant.OperandConst {
		return unsupported(st, "weights are not constant")
	}
	var bias []int64
	if len(st.Inputs) > 2 && st.Inputs[2].Kind == quant.OperandConst {
		bias = st.Inputs[2].Const.Data
	}
	cg := g.C / g.Group
	mg := g.M / g.Group
	var start, idx, wi, bi []int64
	for n := 0; n < g.N; n++ {
		for m := 0; m < g.M; m++ {
			grp := m / mg
			for oh := 0; oh < g.OH; oh++ {
				for ow := 0; ow < g.OW; ow++ {
					start = append(start, int64(len(idx)))
					bi = append(bi, int64(m))
					for ci := 0; ci < cg; ci++ {
						c := grp*cg + ci
						g.Taps(oh, ow, func(h, xx, kh, kw int) {
							idx = append(idx, int64(((n*g.C+c)*g.H+h)*g.W+xx))
							wi = append(wi, int64(((m*cg+ci)*g.KH+kh)*g.KW+kw))
						})
					}
				}
			}
		}
	}
	start = append(start, int64(len(idx)))
	if bias == nil {
		bias = make([]int64, g.M)
	}
	s := Step{Op: "sparse", X: x, N: len(bi), Start: b.tensor(start), Idx: b.tensor(idx),
		W: b.weights(wt.Const.Data), WI: b.tensor(wi), B: b.weights(bias), BI: b.tensor(bi), Shift: st.Shift}
	b.emit(st, s)
	return nil
}

func (b *builder) poolTaps(st *quant.Step) (start, idx []int64, counts []int64) {
	g := st.Pool
	for n := 0; n < g.N; n++ {
		for c := 0; c < g.C; c++ {
			for oh := 0; oh < g.OH; oh++ {
				for ow := 0; ow < g.OW; ow++ {
					start = append(start, int64(len(idx)))
					g.Taps(oh, ow, func(h, xx, _, _ int) {
						idx = append(idx, int64(((n*g.C+c)*g.H+h)*g.W+xx))
					})
					counts = append(counts, int64(g.Divisor(oh, ow)))
				}
			}
		}
	}
	start = append(start, int64(len(idx)))
	return start, idx, counts
}

func (b *builder) maxpool(st *quant.Step) error {
	x, err := b.value(st, 0)
	if err != nil {
		return err
	}
	start, idx, _ := b.poolTaps(st)
	b.emit(st, Step{Op: "maxpool", X: x, N: len(start) - 1, Start: b.tensor(start), Idx: b.tensor(idx)})
	return nil
}

func (b *builder) avgpool(st *quant.Step) error {
	x, err := b.value(st, 0)
	if err != nil {
		return err
	}
	start, idx, counts := b.poolTaps(st)
	sign := make([]int64, len(idx))
	for i := range sign {
		sign[i] = 1
	}
	b.emit(st, Step{Op: "divround", X: x, N: len(counts), Start: b.tensor(start), Idx: b.tensor(idx), Sign: b.tensor(sign), Den: b.tensor(counts)})
	return nil
}
