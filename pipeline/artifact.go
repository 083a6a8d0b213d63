package pipeline

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"sync"

	kcircuit "github.com/zkml-mina/zkml/codegen/kimchi"
	"github.com/zkml-mina/zkml/internal/atomicfile"
	"github.com/zkml-mina/zkml/kimchi/circuit"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/prover"
	"github.com/zkml-mina/zkml/kimchi/vk"
	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/quant"
)

// Format versions of the files this package writes.
const (
	ManifestVersion = 1
	ProofVersion    = 1
)

// File names inside an artifact directory.
const (
	ManifestFile      = "manifest.json"
	ModelFile         = "model.onnx"
	CircuitFile       = "circuit.json"
	VerifierIndexFile = "verifier-index.txt"
)

// ErrArtifact reports a missing, malformed or tampered artifact directory.
var ErrArtifact = errors.New("artifact")

// Manifest is manifest.json: what a compiled model is and how to check the
// other files of its directory.
type Manifest struct {
	Format          string `json:"format"`
	FormatVersion   int    `json:"formatVersion"`
	ToolVersion     string `json:"toolVersion"`
	ModelSHA256     string `json:"modelSha256"`
	Scale           int    `json:"scale"`
	ParamScale      int    `json:"paramScale"`
	InputVisibility string `json:"inputVisibility"`
	ParamVisibility string `json:"paramVisibility"`
	// RangeLimbBits is the range-check backend the circuit uses (12:
	// Kimchi's RangeCheck0 gates and 12-bit table; 2–11: a custom limb
	// table); recompilation pins it.
	RangeLimbBits int    `json:"rangeLimbBits"`
	Rows          int    `json:"rows"`
	DomainSize    int    `json:"domainSize"`
	SRS           string `json:"srs"`
	SRSDepth      int    `json:"srsDepth"`
	// O1js says whether o1js can verify the proofs: it holds the 2^16 SRS,
	// whose first 2^k points are the 2^k SRS, so any depth up to 16 works
	// (a domain larger than the SRS is chunked).
	O1js         bool           `json:"o1jsCompatible"`
	Gates        map[string]int `json:"gates"`
	PublicInputs int            `json:"publicInputs"`
	Layout       Layout         `json:"publicInputLayout"`
	// WeightsCommitment is the expected weights commitment (decimal) when
	// the parameters are hashed or private.
	WeightsCommitment string   `json:"weightsCommitment,omitempty"`
	Estimate          Estimate `json:"estimate"`
	// ProverIndex says how the prover index is obtained.
	ProverIndex string `json:"proverIndex"`
	// Files maps every other file of the directory to its SHA-256.
	Files map[string]string `json:"files"`
}

// Layout is the order of the public inputs (kcircuit.Layout in JSON form).
type Layout struct {
	Inputs            []Segment `json:"inputs"`
	InputCommitment   int       `json:"inputCommitment"`
	WeightsCommitment int       `json:"weightsCommitment"`
	Outputs           []Segment `json:"outputs"`
	Total             int       `json:"total"`
}

// Segment is a run of public inputs holding one tensor, row major, at a
// fixed-point scale.
type Segment struct {
	Name   string `json:"name"`
	Offset int    `json:"offset"`
	Len    int    `json:"len"`
	Shape  []int  `json:"shape"`
	Scale  int    `json:"scale"`
}

// Artifact is a compiled model: its manifest and files, and (after Compile,
// or lazily after Load) the circuit and the prover index.
type Artifact struct {
	Manifest      Manifest
	Model         []byte
	Circuit       []byte // circuit.json
	VerifierIndex string // verifier-index.txt

	env *Env

	mu       sync.Mutex
	compiled *kcircuit.Compiled
	index    *prover.Index
}

// CompileFile is Compile for a model file.
func CompileFile(path string, opts Options, env *Env) (*Artifact, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("compile: %w", err)
	}
	return Compile(b, opts, env)
}

// Compile quantizes an ONNX model, lowers it to a Kimchi circuit and builds
// its prover and verifier indexes.
func Compile(model []byte, opts Options, env *Env) (*Artifact, error) {
	opts, err := opts.resolved()
	if err != nil {
		return nil, fmt.Errorf("compile: %w", err)
	}
	env.stage("compiling the circuit")
	cc, err := compileCircuit(model, opts)
	if err != nil {
		return nil, err
	}
	circ, err := circuitJSON(cc.Circuit)
	if err != nil {
		return nil, err
	}
	a := &Artifact{Model: model, Circuit: circ, env: env, compiled: cc}
	st := cc.Stats
	depth := opts.SRS.depth(st.DomainSize)
	// Over an SRS smaller than the domain Kimchi chunks the polynomials and
	// adds zero-knowledge rows, which can double the domain.
	domain, _ := cc.Circuit.DomainFor(1 << depth)
	m := &a.Manifest
	*m = Manifest{
		Format: "zkml-artifact", FormatVersion: ManifestVersion, ToolVersion: env.toolVersion(),
		ModelSHA256: sha256Hex(model), Scale: cc.Program.Config.Scale, ParamScale: cc.Program.Config.ParamScale,
		InputVisibility: opts.InputVisibility.String(), ParamVisibility: opts.ParamVisibility.String(),
		RangeLimbBits: st.RangeLimbBits, Rows: st.Rows, DomainSize: domain, SRS: opts.SRS.String(), SRSDepth: depth,
		Gates: st.Gates, PublicInputs: cc.Circuit.PublicInputs, Layout: layoutJSON(cc.Layout),
		Estimate: EstimateProve(st.Rows, domain, depth),
		ProverIndex: "rebuilt: model.onnx → quant.Compile → kcircuit.Compile (gates must hash to circuit.json's) → " +
			"prover.NewIndex with the SRS of 2^srsDepth points; its verifier index must equal verifier-index.txt",
	}
	m.O1js = m.SRSDepth <= MinSRSDepth
	if cc.Layout.WeightsCommitment >= 0 {
		c := kcircuit.Commitment(cc.WeightValues())
		m.WeightsCommitment = decimal(&c)
	}
	ix, err := a.ProverIndex()
	if err != nil {
		return nil, err
	}
	if a.VerifierIndex, err = vk.EncodeString(ix.VerifierIndex()); err != nil {
		return nil, fmt.Errorf("compile: verifier index: %w", err)
	}
	m.Files = map[string]string{
		ModelFile:         sha256Hex(a.Model),
		CircuitFile:       sha256Hex(a.Circuit),
		VerifierIndexFile: sha256Hex([]byte(a.VerifierIndex)),
	}
	return a, nil
}

// compileCircuit is the deterministic front of Compile: ONNX → quant program
// → Kimchi circuit.
func compileCircuit(model []byte, opts Options) (*kcircuit.Compiled, error) {
	m, err := onnx.Decode(model)
	if err != nil {
		return nil, fmt.Errorf("compile: model: %w", err)
	}
	prog, err := quant.Compile(m.Graph, quant.Config{Scale: opts.Scale, ParamScale: opts.Scale})
	if err != nil {
		return nil, fmt.Errorf("compile: quantize: %w", err)
	}
	cc, err := kcircuit.Compile(prog, opts.circuitOptions())
	if err != nil {
		return nil, fmt.Errorf("compile: circuit: %w", err)
	}
	return cc, nil
}

// circuitFile is circuit.json.
type circuitFile struct {
	PublicInputs int             `json:"publicInputs"`
	Gates        json.RawMessage `json:"gates"`
}

func circuitJSON(c *circuit.Circuit) ([]byte, error) {
	g, err := circuit.GatesJSON(c.Gates)
	if err != nil {
		return nil, fmt.Errorf("compile: gates json: %w", err)
	}
	b, err := json.Marshal(circuitFile{PublicInputs: c.PublicInputs, Gates: g})
	if err != nil {
		return nil, fmt.Errorf("compile: circuit json: %w", err)
	}
	return b, nil
}

func layoutJSON(l kcircuit.Layout) Layout {
	seg := func(ss []kcircuit.Segment) []Segment {
		out := make([]Segment, len(ss))
		for i, s := range ss {
			out[i] = Segment{Name: s.Name, Offset: s.Offset, Len: s.Len, Shape: append([]int{}, s.Shape...), Scale: s.Scale}
		}
		return out
	}
	return Layout{Inputs: seg(l.Inputs), InputCommitment: l.InputCommitment, WeightsCommitment: l.WeightsCommitment,
		Outputs: seg(l.Outputs), Total: l.Total}
}

func (m *Manifest) options() (Options, error) {
	iv, err := ParseInputVisibility(m.InputVisibility)
	if err != nil {
		return Options{}, err
	}
	pv, err := ParseParamVisibility(m.ParamVisibility)
	if err != nil {
		return Options{}, err
	}
	sm, err := ParseSRSMode(m.SRS)
	if err != nil {
		return Options{}, err
	}
	return Options{Scale: m.Scale, InputVisibility: iv, ParamVisibility: pv, SRS: sm, RangeLimbBits: m.RangeLimbBits}, nil
}

// Compiled returns the compiled circuit, recompiling the model copy after
// Load and checking that its gates are the recorded circuit.
func (a *Artifact) Compiled() (*kcircuit.Compiled, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.compiledLocked()
}

func (a *Artifact) compiledLocked() (*kcircuit.Compiled, error) {
	if a.compiled != nil {
		return a.compiled, nil
	}
	opts, err := a.Manifest.options()
	if err != nil {
		return nil, fmt.Errorf("%w: manifest: %v", ErrArtifact, err)
	}
	a.env.stage("recompiling the circuit")
	cc, err := compileCircuit(a.Model, opts)
	if err != nil {
		return nil, err
	}
	b, err := circuitJSON(cc.Circuit)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(b, a.Circuit) {
		return nil, fmt.Errorf("%w: the model recompiles to a circuit that differs from %s (another zkml version?)",
			ErrArtifact, CircuitFile)
	}
	a.compiled = cc
	return cc, nil
}

// ProverIndex returns the prover index, building it from the circuit and
// the SRS on first use (after Load, its verifier index must equal
// verifier-index.txt).
func (a *Artifact) ProverIndex() (*prover.Index, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.index != nil {
		return a.index, nil
	}
	cc, err := a.compiledLocked()
	if err != nil {
		return nil, err
	}
	env := a.env
	env.stage("loading the SRS")
	depth := a.Manifest.SRSDepth
	if depth < 1 || depth > 24 {
		return nil, fmt.Errorf("%w: SRS depth %d", ErrArtifact, depth)
	}
	s, err := env.SRS(depth)
	if err != nil {
		return nil, err
	}
	cache, err := env.lagrangeCache()
	if err != nil {
		return nil, err
	}
	env.stage("building the prover index")
	// The index's caches (quotient slices, fixed-base tables) fill on its
	// second Prove, so a one-shot zkml prove does not pay for them.
	ix, err := prover.NewIndex(cc.Circuit, s, &prover.Options{LagrangeCache: cache})
	if err != nil {
		return nil, fmt.Errorf("prover index: %w", err)
	}
	if ix.DomainSize() != a.Manifest.DomainSize {
		return nil, fmt.Errorf("%w: the prover index's domain %d differs from the manifest's %d",
			ErrArtifact, ix.DomainSize(), a.Manifest.DomainSize)
	}
	if a.VerifierIndex != "" {
		got, err := vk.EncodeString(ix.VerifierIndex())
		if err != nil {
			return nil, fmt.Errorf("prover index: verifier index: %w", err)
		}
		if got != a.VerifierIndex {
			return nil, fmt.Errorf("%w: the rebuilt verifier index differs from %s", ErrArtifact, VerifierIndexFile)
		}
	}
	a.index = ix
	return ix, nil
}

// Write stores the artifact in dir (created if needed): manifest.json and
// the files it lists.
func (a *Artifact) Write(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write artifact: %w", err)
	}
	man, err := json.MarshalIndent(&a.Manifest, "", "  ")
	if err != nil {
		return fmt.Errorf("write artifact: manifest: %w", err)
	}
	files := []struct {
		name string
		data []byte
	}{
		{ModelFile, a.Model}, {CircuitFile, a.Circuit}, {VerifierIndexFile, []byte(a.VerifierIndex)},
		{ManifestFile, append(man, '\n')}, // last: a directory with a manifest is complete
	}
	for _, f := range files {
		if err := atomicfile.Write(filepath.Join(dir, f.name), f.data); err != nil {
			return fmt.Errorf("write artifact: %w", err)
		}
	}
	return nil
}

// Load reads an artifact directory, checking the manifest's format and the
// SHA-256 of every file it lists. The circuit and prover index are rebuilt
// on first use (Compiled, ProverIndex, Prove).
func Load(dir string, env *Env) (*Artifact, error) {
	b, err := os.ReadFile(filepath.Join(dir, ManifestFile))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrArtifact, err)
	}
	a := &Artifact{env: env}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a.Manifest); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrArtifact, ManifestFile, err)
	}
	m := &a.Manifest
	if m.Format != "zkml-artifact" || m.FormatVersion != ManifestVersion {
		return nil, fmt.Errorf("%w: %s: format %q version %d, want zkml-artifact version %d",
			ErrArtifact, ManifestFile, m.Format, m.FormatVersion, ManifestVersion)
	}
	if _, err := m.options(); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrArtifact, ManifestFile, err)
	}
	names := make([]string, 0, len(m.Files))
	for n := range m.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range []string{ModelFile, CircuitFile, VerifierIndexFile} {
		if _, ok := m.Files[n]; !ok {
			return nil, fmt.Errorf("%w: %s lists no hash for %s", ErrArtifact, ManifestFile, n)
		}
	}
	data := map[string][]byte{}
	for _, n := range names {
		if n != filepath.Base(n) {
			return nil, fmt.Errorf("%w: %s: file name %q", ErrArtifact, ManifestFile, n)
		}
		fb, err := os.ReadFile(filepath.Join(dir, n))
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrArtifact, err)
		}
		if got := sha256Hex(fb); got != m.Files[n] {
			return nil, fmt.Errorf("%w: %s has SHA-256 %s, the manifest says %s", ErrArtifact, n, got, m.Files[n])
		}
		data[n] = fb
	}
	a.Model, a.Circuit, a.VerifierIndex = data[ModelFile], data[CircuitFile], string(data[VerifierIndexFile])
	if sha256Hex(a.Model) != m.ModelSHA256 {
		return nil, fmt.Errorf("%w: %s is not the model the manifest names (%s)", ErrArtifact, ModelFile, m.ModelSHA256)
	}
	if err := m.Layout.check(m.PublicInputs); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrArtifact, ManifestFile, err)
	}
	return a, nil
}

// check validates a layout against the public-input count.
func (l *Layout) check(public int) error {
	if l.Total != public {
		return fmt.Errorf("layout total %d, public inputs %d", l.Total, public)
	}
	for _, s := range append(append([]Segment{}, l.Inputs...), l.Outputs...) {
		if s.Offset < 0 || s.Len < 0 || s.Offset+s.Len > public {
			return fmt.Errorf("segment %q [%d, %d) outside %d public inputs", s.Name, s.Offset, s.Offset+s.Len, public)
		}
		if s.Scale < 0 || s.Scale > 62 {
			return fmt.Errorf("segment %q scale %d", s.Name, s.Scale)
		}
	}
	for _, c := range []int{l.InputCommitment, l.WeightsCommitment} {
		if c < -1 || c >= public {
			return fmt.Errorf("commitment index %d outside %d public inputs", c, public)
		}
	}
	return nil
}

// decimal renders a field element as its canonical decimal (fp.Element's
// String writes small negatives with a minus sign).
func decimal(e *fp.Element) string { return e.BigInt(new(big.Int)).String() }

func sha256Hex(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
