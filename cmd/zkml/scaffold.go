package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"

	"github.com/urfave/cli/v2"

	"github.com/zkml-mina/zkml/codegen/o1js"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/quant"
	"github.com/zkml-mina/zkml/onnx/samples"
	"github.com/zkml-mina/zkml/templates"
)

// scaffoldReport is what `zkml scaffold` prints and writes as zkml.json.
type scaffoldReport struct {
	Format          int            `json:"format"`
	Tool            string         `json:"tool"`
	Dir             string         `json:"-"`
	ModelSHA256     string         `json:"model_sha256"`
	ModelField      string         `json:"model_field"`
	Scale           int            `json:"scale"`
	ParamScale      int            `json:"param_scale"`
	InputScale      int            `json:"input_scale"`
	OutputScale     int            `json:"output_scale"`
	InputVisibility string         `json:"input_visibility"`
	ParamVisibility string         `json:"param_visibility"`
	ParamsCommit    string         `json:"params_commitment"`
	RowBudget       int            `json:"row_budget"`
	Chunks          []scaffoldPart `json:"chunks"`
	Files           []string       `json:"files"`
}

type scaffoldPart struct {
	Steps []int `json:"steps"`
	Rows  int   `json:"predicted_rows"`
}

var npmName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,99}$`)

func scaffoldCommand() *cli.Command {
	return &cli.Command{
		Name:      "scaffold",
		Usage:     "write an o1js zkApp project (chunked ZkPrograms and a SmartContract) proving the model's fixed-point inference",
		ArgsUsage: "MODEL",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "project directory (`DIR`)", Required: true},
			&cli.StringFlag{Name: "name", Value: "zkml-model", Usage: "npm package name of the project (lowercase letters, digits, . _ -)"},
			&cli.StringFlag{Name: "input-visibility", Value: "private", Usage: "public (a public input of the first proof), " +
				"hashed (private; proofs expose Poseidon(input)) or private (proofs expose Poseidon(salt, input), a hiding commitment)"},
			&cli.StringFlag{Name: "param-visibility", Value: "fixed", Usage: "fixed (weights are circuit constants), " +
				"hashed (private witnesses; the contract stores Poseidon of the weights) or private (the same commitment " +
				"started from a secret salt in data/params-salt.json, so it hides the weights)"},
			&cli.IntFlag{Name: "scale", Usage: fmt.Sprintf("fixed-point scale exponent S; default %d", quant.DefaultScale)},
			&cli.IntFlag{Name: "max-rows", Value: o1js.DefaultBudget, Usage: "predicted row budget of one chunk (lower it to force recursion)"},
			&cli.StringFlag{Name: "samples", Usage: "sample file for the project's test (default: samples.json beside the model)"},
			&cli.IntFlag{Name: "sample", Usage: "row of the sample file the project's test proves"},
			&cli.BoolFlag{Name: "force", Usage: "write into a non-empty directory"},
			jsonFlag(),
		},
		Action: func(c *cli.Context) error {
			path, err := oneArg(c, "scaffold MODEL -o DIR")
			if err != nil {
				return err
			}
			rep, err := scaffold(path, scaffoldOptions{
				out: c.String("out"), name: c.String("name"), inputVis: c.String("input-visibility"),
				paramVis: c.String("param-visibility"), scale: c.Int("scale"), budget: c.Int("max-rows"),
				samples: c.String("samples"), sample: c.Int("sample"), force: c.Bool("force"),
			})
			if err != nil {
				return err
			}
			if c.Bool("json") {
				return printJSON(c.App.Writer, rep)
			}
			printScaffold(c.App.Writer, rep)
			return nil
		},
	}
}

type scaffoldOptions struct {
	out, name, inputVis, paramVis, samples string
	scale, budget, sample                  int
	force                                  bool
}

func scaffold(path string, o scaffoldOptions) (*scaffoldReport, error) {
	if !npmName.MatchString(o.name) {
		return nil, badInput(fmt.Errorf("--name %q: want an npm package name (lowercase letters, digits, '.', '_', '-')", o.name))
	}
	switch o.inputVis {
	case "public", "private", "hashed":
	default:
		return nil, badInput(fmt.Errorf("--input-visibility %q: want public, private or hashed", o.inputVis))
	}
	switch o.paramVis {
	case "fixed", "private", "hashed":
	default:
		return nil, badInput(fmt.Errorf("--param-visibility %q: want fixed, private or hashed", o.paramVis))
	}
	if o.budget < 100 || o.budget > o1js.MaxRows {
		return nil, badInput(fmt.Errorf("--max-rows %d outside [100, %d]", o.budget, o1js.MaxRows))
	}
	if err := checkOutDir(o.out, o.force); err != nil {
		return nil, err
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, badInput(err)
	}
	m, err := onnx.LoadFile(path)
	if err != nil {
		return nil, badInput(err)
	}
	cfg := quant.DefaultConfig()
	if o.scale != 0 {
		cfg = quant.Config{Scale: o.scale, ParamScale: o.scale}
	}
	prog, err := quant.Compile(m.Graph, cfg)
	if err != nil {
		return nil, inputOrInternal(fmt.Errorf("quantize: %w", err))
	}
	model, err := o1js.Build(prog, o1js.Options{InputVisibility: o.inputVis, ParamVisibility: o.paramVis, Budget: o.budget})
	if err != nil {
		return nil, inputOrInternal(err)
	}
	var secret []byte
	if o.paramVis == "private" {
		var salt fp.Element
		if _, err := salt.SetRandom(); err != nil {
			return nil, fmt.Errorf("params salt: %w", err)
		}
		if err := model.SetParamSalt(salt); err != nil {
			return nil, err
		}
		secret = fmt.Appendf(nil, "{\"salt\": %q}\n", salt.String())
	}
	sample, err := scaffoldSample(path, o, prog)
	if err != nil {
		return nil, err
	}
	if sample != nil && o.inputVis != "private" {
		q := make([]int64, len(sample.InputQ))
		for i, s := range sample.InputQ {
			if q[i], err = strconv.ParseInt(s, 10, 64); err != nil {
				return nil, err
			}
		}
		if sample.InputCommitment, err = o1js.InputCommitment(o.inputVis, q, nil); err != nil {
			return nil, err
		}
	}
	sum := sha256.Sum256(raw)
	rep := &scaffoldReport{
		Format: 1, Tool: "zkml " + version, Dir: o.out, ModelSHA256: hex.EncodeToString(sum[:]), ModelField: model.ModelField,
		Scale: prog.Config.Scale, ParamScale: prog.Config.ParamScale, InputScale: model.Input.Scale, OutputScale: model.Output.Scale,
		InputVisibility: o.inputVis, ParamVisibility: o.paramVis, ParamsCommit: model.ParamsCommitment, RowBudget: o.budget,
	}
	for _, ch := range model.Chunks {
		rep.Chunks = append(rep.Chunks, scaffoldPart{Steps: ch.Steps, Rows: ch.Rows})
	}
	files, err := templates.Render("o1js", map[string]any{"PackageName": o.name, "Chunks": rep.Chunks, "Report": rep})
	if err != nil {
		return nil, err
	}
	add := func(p string, v any) error {
		b, err := json.MarshalIndent(v, "", " ")
		if err != nil {
			return err
		}
		files = append(files, templates.File{Path: p, Data: append(b, '\n')})
		return nil
	}
	if err := add("data/model.json", model); err != nil {
		return nil, err
	}
	if sample != nil {
		if err := add("data/sample.json", sample); err != nil {
			return nil, err
		}
	}
	if secret != nil {
		files = append(files, templates.File{Path: "data/params-salt.json", Data: secret})
	}
	for _, f := range files {
		rep.Files = append(rep.Files, f.Path)
	}
	rep.Files = append(rep.Files, "zkml.json")
	if err := add("zkml.json", rep); err != nil {
		return nil, err
	}
	for _, f := range files {
		dst := filepath.Join(o.out, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return nil, err
		}
		mode := os.FileMode(0o644)
		if f.Path == "data/params-salt.json" {
			mode = 0o600 // the secret of a private weights commitment
		}
		if err := os.WriteFile(dst, f.Data, mode); err != nil {
			return nil, err
		}
	}
	return rep, nil
}

// checkOutDir refuses a directory that exists and is not empty, unless forced.
func checkOutDir(dir string, force bool) error {
	if dir == "" {
		return badInput(errors.New("-o DIR is empty"))
	}
	st, err := os.Stat(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return badInput(err)
	}
	if !st.IsDir() {
		return badInput(fmt.Errorf("%s exists and is not a directory", dir))
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return badInput(err)
	}
	if len(ents) > 0 && !force {
		return badInput(fmt.Errorf("%s is not empty (use --force to write into it)", dir))
	}
	return nil
}

// projectSample is data/sample.json: one input with the integer evaluator's
// output, which the generated test checks the proof against.
type projectSample struct {
	Input     []float64 `json:"input"`
	InputQ    []string  `json:"inputQ"`
	ExpectedQ []string  `json:"expectedQ"`
	Label     int       `json:"label"`
	// InputCommitment is Poseidon(input), the proof's input commitment for
	// public and hashed inputs (absent for salted private inputs).
	InputCommitment string `json:"inputCommitment,omitempty"`
}

func scaffoldSample(modelPath string, o scaffoldOptions, prog *quant.Program) (*projectSample, error) {
	file := o.samples
	if file == "" {
		file = filepath.Join(filepath.Dir(modelPath), "samples.json")
		if _, err := os.Stat(file); err != nil {
			return nil, nil // no samples: the project proves inputs it is given
		}
	}
	set, err := samples.Load(file)
	if err != nil {
		return nil, badInput(err)
	}
	if o.sample < 0 || o.sample >= len(set.Inputs) {
		return nil, badInput(fmt.Errorf("--sample %d: the sample file has %d rows", o.sample, len(set.Inputs)))
	}
	row := set.Inputs[o.sample]
	in := prog.Inputs[0]
	q, err := prog.QuantizeInput(in.Name, row)
	if err != nil {
		return nil, badInput(fmt.Errorf("samples: %w", err))
	}
	tr, err := prog.Run(map[string][]int64{in.Name: q})
	if err != nil {
		return nil, inputOrInternal(err)
	}
	out := tr.Outputs[0].Data
	s := &projectSample{Input: row, InputQ: ints(q), ExpectedQ: ints(out)}
	for i, v := range out {
		if v > out[s.Label] {
			s.Label = i
		}
	}
	return s, nil
}

func ints(v []int64) []string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.FormatInt(x, 10)
	}
	return s
}

func printScaffold(w io.Writer, r *scaffoldReport) {
	fmt.Fprintf(w, "wrote     %s (%d files)\n", r.Dir, len(r.Files))
	fmt.Fprintf(w, "model     sha256 %s, scale %d\n", r.ModelSHA256, r.Scale)
	for i, ch := range r.Chunks {
		fmt.Fprintf(w, "chunk %d   steps %v, ~%d rows\n", i, ch.Steps, ch.Rows)
	}
	fmt.Fprintf(w, "next      cd %s && npm install && npm run build && npm test\n", r.Dir)
}
