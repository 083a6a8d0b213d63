package pipeline

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/zkml-mina/zkml/kimchi/verifier"
	"github.com/zkml-mina/zkml/kimchi/vk"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// ErrRejected reports a proof that does not verify; the wrapping error names
// the failed check.
var ErrRejected = errors.New("proof rejected")

// Verified is what a verified proof establishes: the model's outputs on some
// input (public, or bound by its commitment).
type Verified struct {
	ModelSHA256    string      `json:"modelSha256"`
	OutputNames    []string    `json:"outputNames"`
	IntegerOutputs [][]int64   `json:"integerOutputs"`
	Outputs        [][]float64 `json:"outputs"`
	// Inputs are the dequantized public inputs (public input visibility).
	Inputs [][]float64 `json:"inputs,omitempty"`
	// InputCommitment and WeightsCommitment are the proven commitments
	// (decimal), when the visibility modes have them.
	InputCommitment   string `json:"inputCommitment,omitempty"`
	WeightsCommitment string `json:"weightsCommitment,omitempty"`
}

// Verify loads the artifact in dir and verifies PROOF.json bytes against
// it.
func Verify(dir string, proofJSON []byte, env *Env) (*Verified, error) {
	a, err := Load(dir, env)
	if err != nil {
		return nil, err
	}
	p, err := ParseProof(proofJSON)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrRejected, err)
	}
	return a.Verify(p)
}

// VerifyFile is Verify for a PROOF.json file.
func VerifyFile(dir, proofPath string, env *Env) (*Verified, error) {
	b, err := os.ReadFile(proofPath)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	return Verify(dir, b, env)
}

func rejected(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrRejected, fmt.Sprintf(format, args...))
}

// Verify checks a proof against the artifact: model and verifier-index
// hashes, the consistency of the listed public inputs and outputs, the
// weights commitment, then the Kimchi proof itself.
func (a *Artifact) Verify(p *Proof) (*Verified, error) {
	m := &a.Manifest
	if p.ModelSHA256 != m.ModelSHA256 {
		return nil, rejected("model hash: the proof is for model %s, the artifact holds %s", short(p.ModelSHA256), short(m.ModelSHA256))
	}
	vih := sha256Hex([]byte(a.VerifierIndex))
	if p.VerifierIndexSHA256 != vih {
		return nil, rejected("verifier index hash: the proof was made for verifier index %s, the artifact has %s",
			short(p.VerifierIndexSHA256), short(vih))
	}
	if !slices.Equal(p.PublicInputs, p.Kimchi.PublicInputFields) {
		return nil, rejected("public inputs: publicInputs differ from the proof's publicInputFields")
	}
	if len(p.PublicInputs) != m.PublicInputs {
		return nil, rejected("public inputs: %d, the circuit has %d", len(p.PublicInputs), m.PublicInputs)
	}
	ints, err := decodePublic(p.PublicInputs)
	if err != nil {
		return nil, rejected("public inputs: %v", err)
	}
	v := &Verified{ModelSHA256: m.ModelSHA256}
	if v.OutputNames, v.IntegerOutputs, v.Outputs, err = m.Layout.outputs(ints); err != nil {
		return nil, rejected("outputs: %v", err)
	}
	if !slices.Equal(p.OutputNames, v.OutputNames) {
		return nil, rejected("outputs: names %v, the circuit's are %v", p.OutputNames, v.OutputNames)
	}
	if !slices.EqualFunc(p.IntegerOutputs, v.IntegerOutputs, slices.Equal) {
		return nil, rejected("outputs: integerOutputs differ from the outputs the public inputs encode")
	}
	if !slices.EqualFunc(p.Outputs, v.Outputs, slices.Equal) {
		return nil, rejected("outputs: outputs differ from the dequantized outputs the public inputs encode")
	}
	if c := m.Layout.WeightsCommitment; c >= 0 {
		v.WeightsCommitment = p.PublicInputs[c]
		if v.WeightsCommitment != m.WeightsCommitment {
			return nil, rejected("weights commitment: the proof's is %s, the model's is %s", v.WeightsCommitment, m.WeightsCommitment)
		}
	}
	if c := m.Layout.InputCommitment; c >= 0 {
		v.InputCommitment = p.PublicInputs[c]
	}
	for _, s := range m.Layout.Inputs {
		x := make([]float64, s.Len)
		for i := range x {
			e := ints[s.Offset+i]
			if !e.ok {
				return nil, rejected("inputs: %s[%d] is outside the 32-bit value range", s.Name, i)
			}
			x[i] = float64(e.v) / float64(int64(1)<<s.Scale)
		}
		v.Inputs = append(v.Inputs, x)
	}
	if err := a.verifyKimchi(&p.Kimchi); err != nil {
		return nil, err
	}
	return v, nil
}

// verifyKimchi checks the Kimchi proof against verifier-index.txt.
func (a *Artifact) verifyKimchi(kp *vk.Proof) error {
	raw, err := json.Marshal(kp)
	if err != nil {
		return rejected("proof: %v", err)
	}
	proof, public, err := vk.DecodeProof(raw)
	if err != nil {
		return rejected("proof encoding: %v", err)
	}
	vi, err := vk.DecodeString(a.VerifierIndex)
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrArtifact, VerifierIndexFile, err)
	}
	depth := a.Manifest.SRSDepth
	if depth < 1 || depth > 24 || vi.MaxPolySize != 1<<depth {
		return fmt.Errorf("%w: %s: max_poly_size %d and domain %d do not match SRS depth %d",
			ErrArtifact, VerifierIndexFile, vi.MaxPolySize, vi.Domain.Size, depth)
	}
	a.env.stage("loading the SRS")
	s, err := a.env.SRS(depth)
	if err != nil {
		return err
	}
	a.env.stage("verifying")
	ix, err := verifier.NewIndex(vi, flagsFromVI(vi), nil, &verifier.SRS{Vesta: s})
	if err != nil {
		return fmt.Errorf("%w: %s: %v", ErrArtifact, VerifierIndexFile, err)
	}
	if err := verifier.Verify(ix, proof, public); err != nil {
		return rejected("kimchi: %v", err)
	}
	return nil
}

// flagsFromVI derives a circuit's feature flags from its verifier index:
// the optional gates whose selector commitments are present and the lookup
// index's features.
func flagsFromVI(vi *wire.VerifierIndex) *wire.FeatureFlags {
	f := &wire.FeatureFlags{
		RangeCheck0: vi.RangeCheck0Comm != nil, RangeCheck1: vi.RangeCheck1Comm != nil,
		ForeignFieldAdd: vi.ForeignFieldAddComm != nil, ForeignFieldMul: vi.ForeignFieldMulComm != nil,
		Xor: vi.XorComm != nil, Rot: vi.RotComm != nil,
	}
	if vi.LookupIndex != nil {
		f.LookupFeatures = vi.LookupIndex.LookupInfo.Features
	}
	return f
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12] + "…"
	}
	return h
}
