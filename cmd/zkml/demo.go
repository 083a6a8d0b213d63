package main

import (
	"fmt"

	"github.com/urfave/cli/v2"

	"github.com/zkml-mina/zkml/examples"
	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/samples"
)

func demoCommand() *cli.Command {
	return &cli.Command{
		Name:  "demo",
		Usage: "run the main job on the embedded default model (" + examples.DefaultName + ")",
		Flags: []cli.Flag{jsonFlag()},
		Action: func(c *cli.Context) error {
			if c.NArg() != 0 {
				return badInput(fmt.Errorf("usage: zkml demo takes no arguments"))
			}
			ex, err := examples.Load(examples.DefaultName)
			if err != nil {
				return err
			}
			m, err := onnx.Decode(ex.Model)
			if err != nil {
				return fmt.Errorf("embedded model: %w", err)
			}
			set, err := samples.Decode(ex.Samples)
			if err != nil {
				return fmt.Errorf("embedded samples: %w", err)
			}
			rep, err := evaluate(ex.Name, m, set, evalOptions{})
			if err != nil {
				return err
			}
			if c.Bool("json") {
				return printJSON(c.App.Writer, rep)
			}
			printEval(c.App.Writer, rep)
			return nil
		},
	}
}
