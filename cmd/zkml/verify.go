package main

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/zkml-mina/zkml/pipeline"
)

// verifyReport is what `zkml verify` prints.
type verifyReport struct {
	OK            bool    `json:"verified"`
	VerifySeconds float64 `json:"verifySeconds"`
	*pipeline.Verified
}

func verifyCommand() *cli.Command {
	return &cli.Command{
		Name:      "verify",
		Usage:     "verify a proof against a compiled model and print the verified outputs (exit 1 when it does not verify)",
		ArgsUsage: "DIR PROOF.json",
		Flags:     []cli.Flag{jsonFlag()},
		Action: func(c *cli.Context) error {
			if c.NArg() != 2 {
				return badInput(fmt.Errorf("usage: zkml verify DIR PROOF.json (got %d arguments)", c.NArg()))
			}
			dir, path := c.Args().Get(0), c.Args().Get(1)
			b, err := os.ReadFile(path)
			if err != nil {
				return badInput(err)
			}
			prog := newProgress(c)
			t0 := time.Now()
			v, err := pipeline.Verify(dir, b, pipelineEnv(prog))
			prog.Done()
			if err != nil {
				if errors.Is(err, pipeline.ErrRejected) {
					return &exitError{code: exitCheckFailed, err: fmt.Errorf("%s: %w", path, err)}
				}
				return pipelineError(err)
			}
			rep := &verifyReport{OK: true, VerifySeconds: time.Since(t0).Seconds(), Verified: v}
			if c.Bool("json") {
				return printJSON(c.App.Writer, rep)
			}
			fmt.Fprintf(c.App.Writer, "verified in %s: model %s\n", fmtDuration(time.Since(t0)), v.ModelSHA256[:12])
			if v.InputCommitment != "" {
				fmt.Fprintf(c.App.Writer, "  input commitment %s\n", v.InputCommitment)
			}
			if v.WeightsCommitment != "" {
				fmt.Fprintf(c.App.Writer, "  weights commitment %s\n", v.WeightsCommitment)
			}
			printOutputs(c.App.Writer, v.OutputNames, v.Outputs)
			return nil
		},
	}
}
