package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/urfave/cli/v2"
	"google.golang.org/protobuf/proto"

	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/onnxpb"
)

// inspectReport is what `zkml inspect` prints.
type inspectReport struct {
	Model       string         `json:"model"`
	IRVersion   int64          `json:"ir_version"`
	Opset       int            `json:"opset"`
	Producer    string         `json:"producer,omitempty"`
	Inputs      []valueJSON    `json:"inputs"`
	Outputs     []valueJSON    `json:"outputs"`
	Ops         map[string]int `json:"ops"`
	Nodes       int            `json:"nodes"`
	Params      int            `json:"params"`
	Unsupported []string       `json:"unsupported"`
	Error       string         `json:"error,omitempty"`
}

type valueJSON struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Shape []int  `json:"shape"`
}

func inspectCommand() *cli.Command {
	return &cli.Command{
		Name:      "inspect",
		Usage:     "show a model's ops, shapes, parameter count, opset and unsupported ops",
		ArgsUsage: "MODEL",
		Flags:     []cli.Flag{jsonFlag()},
		Action: func(c *cli.Context) error {
			path, err := oneArg(c, "inspect MODEL")
			if err != nil {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return badInput(err)
			}
			rep, loadErr := inspect(path, b)
			if rep == nil {
				return badInput(fmt.Errorf("load %s: %w", path, loadErr))
			}
			if c.Bool("json") {
				if err := printJSON(c.App.Writer, rep); err != nil {
					return err
				}
			} else {
				printInspect(c.App.Writer, rep)
			}
			if loadErr != nil {
				return badInput(fmt.Errorf("load %s: %w", path, loadErr))
			}
			return nil
		},
	}
}

// inspect loads the model. When the model is readable but not supported,
// it still returns a report built from the raw protobuf, with the error.
func inspect(path string, b []byte) (*inspectReport, error) {
	m, err := onnx.Decode(b)
	if err == nil {
		g := m.Graph
		rep := &inspectReport{
			Model: path, IRVersion: m.IRVersion, Opset: m.Opset, Producer: m.Producer,
			Ops: g.OpCounts(), Nodes: len(g.Nodes), Params: g.ParamCount(), Unsupported: []string{},
		}
		for _, v := range g.Inputs {
			rep.Inputs = append(rep.Inputs, valueJSON{v.Name, v.DType.String(), v.Shape})
		}
		for _, v := range g.Outputs {
			rep.Outputs = append(rep.Outputs, valueJSON{v.Name, v.DType.String(), v.Shape})
		}
		return rep, nil
	}
	var ue *onnx.UnsupportedError
	if !errors.As(err, &ue) {
		return nil, err
	}
	var p onnxpb.ModelProto
	if proto.Unmarshal(b, &p) != nil {
		return nil, err
	}
	rep := &inspectReport{Model: path, IRVersion: p.GetIrVersion(), Ops: map[string]int{}, Unsupported: []string{}, Error: err.Error()}
	for _, o := range p.OpsetImport {
		if o.GetDomain() == "" || o.GetDomain() == "ai.onnx" {
			rep.Opset = int(o.GetVersion())
		}
	}
	rep.Producer = p.GetProducerName()
	seen := map[string]bool{}
	for _, n := range p.GetGraph().GetNode() {
		op := n.GetOpType()
		if d := n.GetDomain(); d != "" && d != "ai.onnx" {
			op = d + "." + op
		}
		rep.Ops[op]++
		rep.Nodes++
		if !onnx.SupportedOps(op) && !seen[op] {
			seen[op] = true
			rep.Unsupported = append(rep.Unsupported, op)
		}
	}
	for _, t := range p.GetGraph().GetInitializer() {
		n := 1
		for _, d := range t.Dims {
			n *= int(d)
		}
		rep.Params += n
	}
	sort.Strings(rep.Unsupported)
	return rep, err
}

func printInspect(w io.Writer, r *inspectReport) {
	fmt.Fprintf(w, "model     %s\n", r.Model)
	fmt.Fprintf(w, "opset     %d (IR version %d)", r.Opset, r.IRVersion)
	if r.Producer != "" {
		fmt.Fprintf(w, ", produced by %s", r.Producer)
	}
	fmt.Fprintln(w)
	for _, v := range r.Inputs {
		fmt.Fprintf(w, "input     %s %s %v\n", v.Name, v.Type, v.Shape)
	}
	for _, v := range r.Outputs {
		fmt.Fprintf(w, "output    %s %s %v\n", v.Name, v.Type, v.Shape)
	}
	fmt.Fprintf(w, "params    %d\n", r.Params)
	ops := make([]string, 0, len(r.Ops))
	for op, n := range r.Ops {
		ops = append(ops, fmt.Sprintf("%s×%d", op, n))
	}
	sort.Strings(ops)
	fmt.Fprintf(w, "ops       %d nodes: %s\n", r.Nodes, strings.Join(ops, " "))
	if len(r.Unsupported) > 0 {
		fmt.Fprintf(w, "unsupported %s\n", strings.Join(r.Unsupported, ", "))
	}
}
