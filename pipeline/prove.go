package pipeline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/big"

	"github.com/zkml-mina/zkml/kimchi/circuit"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/vk"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// Proof is PROOF.json: a proof of one inference with the claims it proves.
// Outputs are the dequantized IntegerOutputs; both are decoded from
// PublicInputs, which are the proof's public inputs.
type Proof struct {
	Format              string      `json:"format"`
	FormatVersion       int         `json:"formatVersion"`
	ToolVersion         string      `json:"toolVersion"`
	ModelSHA256         string      `json:"modelSha256"`
	VerifierIndexSHA256 string      `json:"verifierIndexSha256"`
	PublicInputs        []string    `json:"publicInputs"`
	OutputNames         []string    `json:"outputNames"`
	IntegerOutputs      [][]int64   `json:"integerOutputs"`
	Outputs             [][]float64 `json:"outputs"`
	// Kimchi is the proof as o1js's KimchiProof.toJSON(): base64 of
	// proof-systems' msgpack and the public inputs in decimal.
	Kimchi vk.Proof `json:"proof"`
}

// Prove loads the artifact in dir and proves one inference on input (the
// graph inputs' elements, flattened and concatenated in graph order).
func Prove(dir string, input []float64, env *Env) (*Proof, error) {
	a, err := Load(dir, env)
	if err != nil {
		return nil, err
	}
	return a.Prove(input)
}

// Prove proves one inference on input (the graph inputs' elements,
// flattened and concatenated in graph order).
func (a *Artifact) Prove(input []float64) (*Proof, error) {
	cc, err := a.Compiled()
	if err != nil {
		return nil, err
	}
	want := 0
	for _, v := range cc.Program.Inputs {
		want += v.Shape.Size()
	}
	if len(input) != want {
		return nil, fmt.Errorf("prove: input has %d values, the model takes %d", len(input), want)
	}
	inputs := map[string][]int64{}
	off := 0
	for _, v := range cc.Program.Inputs {
		n := v.Shape.Size()
		q, err := cc.Program.QuantizeInput(v.Name, input[off:off+n])
		if err != nil {
			return nil, fmt.Errorf("prove: input: %w", err)
		}
		inputs[v.Name] = q
		off += n
	}
	a.env.stage("computing the witness")
	asg, err := cc.Witness(inputs)
	if err != nil {
		return nil, fmt.Errorf("prove: witness: %w", err)
	}
	return a.ProveAssignment(asg)
}

// ProveAssignment proves a solved circuit (Compiled().Witness); the prover
// refuses an assignment that does not satisfy the circuit.
func (a *Artifact) ProveAssignment(asg *circuit.Assignment) (*Proof, error) {
	ix, err := a.ProverIndex()
	if err != nil {
		return nil, err
	}
	a.env.stage("proving")
	pr, pub, err := ix.ProveAssignment(asg)
	if err != nil {
		return nil, fmt.Errorf("prove: %w", err)
	}
	enc, err := vk.EncodeProof(pr, pub)
	if err != nil {
		return nil, fmt.Errorf("prove: encode: %w", err)
	}
	p := &Proof{
		Format: "zkml-proof", FormatVersion: ProofVersion, ToolVersion: a.env.toolVersion(),
		ModelSHA256: a.Manifest.ModelSHA256, VerifierIndexSHA256: sha256Hex([]byte(a.VerifierIndex)),
	}
	if err := json.Unmarshal(enc, &p.Kimchi); err != nil {
		return nil, fmt.Errorf("prove: encode: %w", err)
	}
	p.PublicInputs = append([]string{}, p.Kimchi.PublicInputFields...)
	ints, err := decodePublic(p.PublicInputs)
	if err != nil {
		return nil, fmt.Errorf("prove: %w", err)
	}
	p.OutputNames, p.IntegerOutputs, p.Outputs, err = a.Manifest.Layout.outputs(ints)
	if err != nil {
		return nil, fmt.Errorf("prove: %w", err)
	}
	return p, nil
}

// Marshal returns the proof as indented JSON (PROOF.json).
func (p *Proof) Marshal() ([]byte, error) {
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("proof json: %w", err)
	}
	return append(b, '\n'), nil
}

// ParseProof decodes PROOF.json strictly (unknown fields are errors).
func ParseProof(b []byte) (*Proof, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var p Proof
	if err := dec.Decode(&p); err != nil {
		return nil, fmt.Errorf("proof json: %w", err)
	}
	if p.Format != "zkml-proof" || p.FormatVersion != ProofVersion {
		return nil, fmt.Errorf("proof json: format %q version %d, want zkml-proof version %d", p.Format, p.FormatVersion, ProofVersion)
	}
	return &p, nil
}

// publicInt is a public input decoded as a signed integer when it lies in
// the 32-bit value range (−2^31 ≤ v < 2^31, negative v as p − |v|).
type publicInt struct {
	v  int64
	ok bool
}

// decodePublic parses decimal field elements and decodes the ones in the
// value range as integers.
func decodePublic(dec []string) ([]publicInt, error) {
	p := fp.Modulus()
	lim := big.NewInt(1 << 31)
	negLim := new(big.Int).Sub(p, lim)
	out := make([]publicInt, len(dec))
	for i, s := range dec {
		v, ok := new(big.Int).SetString(s, 10)
		if !ok || v.Sign() < 0 || v.Cmp(p) >= 0 {
			return nil, fmt.Errorf("public input %d: %q is not a field element", i, s)
		}
		switch {
		case v.Cmp(lim) < 0:
			out[i] = publicInt{v.Int64(), true}
		case v.Cmp(negLim) >= 0:
			out[i] = publicInt{new(big.Int).Sub(v, p).Int64(), true}
		}
	}
	return out, nil
}

// outputs decodes the graph outputs from the public inputs: integers, and
// their dequantized values q / 2^scale.
func (l *Layout) outputs(pub []publicInt) (names []string, ints [][]int64, floats [][]float64, err error) {
	if len(pub) != l.Total {
		return nil, nil, nil, fmt.Errorf("%d public inputs, the layout has %d", len(pub), l.Total)
	}
	for _, s := range l.Outputs {
		q := make([]int64, s.Len)
		f := make([]float64, s.Len)
		for i := range q {
			e := pub[s.Offset+i]
			if !e.ok {
				return nil, nil, nil, fmt.Errorf("output %s[%d] (public input %d) is outside the 32-bit value range",
					s.Name, i, s.Offset+i)
			}
			q[i] = e.v
			f[i] = math.Ldexp(float64(e.v), -s.Scale)
		}
		names = append(names, s.Name)
		ints = append(ints, q)
		floats = append(floats, f)
	}
	return names, ints, floats, nil
}

func scalarsEqual(a, b []wire.Scalar) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
