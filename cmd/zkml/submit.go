package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/zkml-mina/zkml/graphql"
	"github.com/zkml-mina/zkml/mina"
)

// submitReport is what zkml submit prints.
type submitReport struct {
	Zkapp               string            `json:"zkapp"`
	NetworkID           string            `json:"networkID"`
	Output              []string          `json:"output"` // the proved fixed-point output vector
	OutputHash          string            `json:"outputHash"`
	Label               int               `json:"label"`
	VerificationKeyHash string            `json:"verificationKeyHash"`
	Transaction         *sentTx           `json:"transaction"`
	State               map[string]string `json:"state,omitempty"` // the zkApp's named state after inclusion
	// StateMatches reports whether the state read after inclusion records
	// this inference (false if another submission came in between).
	StateMatches bool `json:"stateMatches"`
	// ProveSeconds are the chunk proofs' times; TxProveSeconds the
	// contract call's.
	ProveSeconds   []float64 `json:"proveSeconds,omitempty"`
	TxProveSeconds float64   `json:"txProveSeconds,omitempty"`
}

func submitCommand() *cli.Command {
	return &cli.Command{
		Name:  "submit",
		Usage: "prove one inference with a deployed project and submit it to its contract (signs in Go, waits for inclusion)",
		ArgsUsage: "DIR --input INPUT.json --key KEYFILE\n\n" +
			"   INPUT.json is {\"input\": [numbers]} (quantized at the model's input scale) or {\"inputQ\": [\"integers\"]}.\n" +
			"   The zkApp is the one of DIR/" + zkappKeyFile + " unless --zkapp is given.",
		Flags: append(txFlags(),
			&cli.StringFlag{Name: "input", Usage: "the model input (`INPUT.json`)"},
			&cli.StringFlag{Name: "zkapp", Usage: "the zkApp `ADDRESS` (B62…) or its key file (default DIR/" + zkappKeyFile + ")"},
		),
		Action: func(c *cli.Context) error {
			tc, err := newTxConfig(c, "DIR --input INPUT.json --key KEYFILE")
			if err != nil {
				return err
			}
			inFile := c.String("input")
			if inFile == "" {
				return badInput(errors.New("usage: zkml submit DIR --input INPUT.json --key KEYFILE: --input is required"))
			}
			input, inputQ, err := readInputFile(inFile)
			if err != nil {
				return err
			}
			zkapp, err := zkappAddress(c.String("zkapp"), tc.dir)
			if err != nil {
				return err
			}
			ctx := c.Context
			req, za, err := tc.prepare(ctx, zkapp)
			if err != nil {
				return err
			}
			if za == nil || za.VerificationKeyHash == "" {
				return checkFailed("%s has no zkApp on %s: run zkml deploy first", zkapp.Base58(), tc.networkID())
			}
			req.Input, req.InputQ = input, inputQ
			var res struct {
				txResult
				Output         []string  `json:"output"`
				OutputHash     string    `json:"outputHash"`
				Label          int       `json:"label"`
				ProveSeconds   []float64 `json:"proveSeconds"`
				TxProveSeconds float64   `json:"txProveSeconds"`
			}
			fmt.Fprintln(tc.progress, "zkml: proving the inference and the contract call (keys cached in $ZKML_CACHE or DIR/cache)")
			if err := tc.runScript(ctx, "zkml-submit-tx", req, &res); err != nil {
				return err
			}
			sent, err := tc.signAndSend(ctx, res.Command, req)
			if err != nil {
				return err
			}
			rep := submitReport{
				Zkapp: zkapp.Base58(), NetworkID: tc.networkID(), Output: res.Output, OutputHash: res.OutputHash, Label: res.Label,
				VerificationKeyHash: res.VerificationKeyHash, Transaction: sent,
				ProveSeconds: res.ProveSeconds, TxProveSeconds: res.TxProveSeconds,
			}
			acc, err := tc.client.Account(ctx, graphql.PublicKey(rep.Zkapp), "")
			if err != nil {
				return tc.nodeError(fmt.Errorf("read the zkApp state: %w", err))
			}
			rep.State, rep.StateMatches = namedState(acc.ZkappState, res.StateLayout, res.OutputHash, res.Label)
			if tc.json {
				return printJSON(c.App.Writer, rep)
			}
			w := c.App.Writer
			fmt.Fprintf(w, "zkapp     %s on %s\n", rep.Zkapp, rep.NetworkID)
			fmt.Fprintf(w, "output    [%s]\n", strings.Join(rep.Output, ", "))
			fmt.Fprintf(w, "label     %d\n", rep.Label)
			fmt.Fprintf(w, "out hash  %s\n", rep.OutputHash)
			printSent(w, sent)
			verdict := "records this inference"
			if !rep.StateMatches {
				verdict = "does not record this inference (another submission since?)"
			}
			fmt.Fprintf(w, "state     %s\n", verdict)
			return nil
		},
	}
}

// namedState names the app-state fields by the contract's layout and
// reports whether they hold this inference's output hash and label.
func namedState(state []graphql.Field, layout map[string]int, outputHash string, label int) (map[string]string, bool) {
	named := map[string]string{}
	for name, i := range layout {
		if i >= 0 && i < len(state) {
			named[name] = string(state[i])
		}
	}
	out, okOut := named["output"]
	lab, okLab := named["label"]
	return named, okOut && okLab && sameField(out, outputHash) && sameField(lab, fmt.Sprint(label))
}

// readInputFile reads INPUT.json: {"input": [numbers]} or {"inputQ":
// [integers as strings]}.
func readInputFile(path string) (input, inputQ json.RawMessage, err error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, badInput(fmt.Errorf("--input: %w", err))
	}
	var in struct {
		Input  []float64 `json:"input"`
		InputQ []string  `json:"inputQ"`
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return nil, nil, badInput(fmt.Errorf("--input %s: want {\"input\": [numbers]}: %v", path, err))
	}
	switch {
	case len(in.InputQ) > 0:
		for i, s := range in.InputQ {
			if _, err := mina.ParseField(strings.TrimPrefix(s, "-")); err != nil || s == "" {
				return nil, nil, badInput(fmt.Errorf("--input %s: inputQ[%d] = %q is not an integer", path, i, s))
			}
		}
		inputQ, _ = json.Marshal(in.InputQ)
	case len(in.Input) > 0:
		input, _ = json.Marshal(in.Input)
	default:
		return nil, nil, badInput(fmt.Errorf("--input %s: want {\"input\": [numbers]} with at least one number", path))
	}
	return input, inputQ, nil
}

// zkappAddress resolves --zkapp: a B62… address, a key file, or by default
// DIR/zkapp-key.json (only its public key is used).
func zkappAddress(flag, dir string) (mina.PublicKey, error) {
	if flag != "" && !strings.ContainsAny(flag, `/\.`) && strings.HasPrefix(flag, "B62") {
		pk, err := mina.ParsePublicKey(flag)
		if err != nil {
			return mina.PublicKey{}, badInput(fmt.Errorf("--zkapp %q is not a B62… public key: %w", flag, err))
		}
		return pk, nil
	}
	file := flag
	if file == "" {
		file = filepath.Join(dir, zkappKeyFile)
		if _, err := os.Stat(file); errors.Is(err, fs.ErrNotExist) {
			return mina.PublicKey{}, badInput(fmt.Errorf("%s does not exist: run zkml deploy first or pass --zkapp ADDRESS", file))
		}
	}
	key, err := readKeyFile(file)
	if err != nil {
		return mina.PublicKey{}, err
	}
	return key.PublicKey(), nil
}
