package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/zkml-mina/zkml/pipeline"
)

// proveReport is what `zkml prove` prints.
type proveReport struct {
	Proof          string      `json:"proof"`
	ProofBytes     int         `json:"proofBytes"`
	ProveSeconds   float64     `json:"proveSeconds"`
	OutputNames    []string    `json:"outputNames"`
	IntegerOutputs [][]int64   `json:"integerOutputs"`
	Outputs        [][]float64 `json:"outputs"`
}

// inputFile is INPUT.json.
type inputFile struct {
	Input []float64 `json:"input"`
}

func proveCommand() *cli.Command {
	return &cli.Command{
		Name:      "prove",
		Usage:     "prove one inference of a compiled model",
		ArgsUsage: "DIR",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "input", Usage: `input file (` + "`INPUT.json`" + `: {"input": [numbers]})`, Required: true},
			&cli.StringFlag{Name: "o", Usage: "proof file to write (`PROOF.json`)", Required: true},
			jsonFlag(),
		},
		Action: func(c *cli.Context) error {
			dir, err := oneArg(c, "prove DIR --input INPUT.json -o PROOF.json")
			if err != nil {
				return err
			}
			in, err := readInput(c.String("input"))
			if err != nil {
				return badInput(err)
			}
			prog := newProgress(c)
			t0 := time.Now()
			p, err := pipeline.Prove(dir, in, pipelineEnv(prog))
			prog.Done()
			if err != nil {
				return pipelineError(err)
			}
			secs := time.Since(t0).Seconds()
			b, err := p.Marshal()
			if err != nil {
				return err
			}
			if err := os.WriteFile(c.String("o"), b, 0o644); err != nil {
				return fmt.Errorf("write proof: %w", err)
			}
			rep := &proveReport{Proof: c.String("o"), ProofBytes: kimchiProofBytes(p), ProveSeconds: secs,
				OutputNames: p.OutputNames, IntegerOutputs: p.IntegerOutputs, Outputs: p.Outputs}
			if c.Bool("json") {
				return printJSON(c.App.Writer, rep)
			}
			fmt.Fprintf(c.App.Writer, "proved in %s → %s (Kimchi proof %d bytes)\n", fmtDuration(time.Since(t0)), rep.Proof, rep.ProofBytes)
			printOutputs(c.App.Writer, p.OutputNames, p.Outputs)
			return nil
		},
	}
}

// readInput reads INPUT.json strictly.
func readInput(path string) ([]float64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var f inputFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if f.Input == nil {
		return nil, fmt.Errorf(`%s: no "input" array`, path)
	}
	return f.Input, nil
}

// kimchiProofBytes is the size of the msgpack proof (base64-decoded).
func kimchiProofBytes(p *pipeline.Proof) int {
	n := len(p.Kimchi.Proof)
	if n == 0 {
		return 0
	}
	pad := 0
	for i := n - 1; i >= 0 && p.Kimchi.Proof[i] == '='; i-- {
		pad++
	}
	return n/4*3 - pad
}

func printOutputs(w io.Writer, names []string, outs [][]float64) {
	for i, o := range outs {
		name := ""
		if i < len(names) {
			name = names[i]
		}
		fmt.Fprintf(w, "  %s = %v", name, o)
		if len(o) > 1 {
			fmt.Fprintf(w, "  (argmax %d)", argmax(o))
		}
		fmt.Fprintln(w)
	}
}
