// Command zkml makes ONNX machine-learning models provable on Mina: it loads
// and quantizes a model, and (in later stages) compiles it to a Kimchi
// circuit, proves inferences and emits o1js zkApps.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/urfave/cli/v2"
)

// Exit codes shared by every command.
const (
	exitOK          = 0
	exitCheckFailed = 1
	exitBadInput    = 2
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// exitError carries an exit code with the error that caused it.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func badInput(err error) error { return &exitError{code: exitBadInput, err: err} }

func checkFailed(format string, args ...any) error {
	return &exitError{code: exitCheckFailed, err: fmt.Errorf(format, args...)}
}

// run executes the command line and returns the process exit code. Errors
// are printed to stderr as one line prefixed with "zkml: ".
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	err := app.RunContext(ctx, interspersed(app, args))
	if err == nil {
		return exitOK
	}
	msg := strings.ReplaceAll(err.Error(), "\n", " ")
	fmt.Fprintf(stderr, "zkml: %s\n", msg)
	var ee *exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	return exitBadInput // flag and argument errors from the CLI framework are usage errors
}

func newApp(stdout, stderr io.Writer) *cli.App {
	return &cli.App{
		Name:            "zkml",
		Usage:           "make ONNX models provable on Mina",
		Version:         version,
		Writer:          stdout,
		ErrWriter:       stderr,
		HideHelpCommand: true,
		// Errors are reported by run, which maps them to exit codes.
		ExitErrHandler: func(*cli.Context, error) {},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return badInput(fmt.Errorf("usage: %w", err))
		},
		Commands: []*cli.Command{
			inspectCommand(),
			evalCommand(),
			demoCommand(),
			compileCommand(),
			proveCommand(),
			verifyCommand(),
			benchCommand(),
			scaffoldCommand(),
			vkCommand(),
			keysCommand(),
			localnetCommand(),
			statusCommand(),
			stateCommand(),
			deployCommand(),
			submitCommand(),
		},
	}
}

// jsonFlag returns the --json flag every command takes.
func jsonFlag() cli.Flag {
	return &cli.BoolFlag{Name: "json", Usage: "print one JSON object instead of text"}
}

// printJSON writes v as indented JSON.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// oneArg returns the single positional argument of a command.
func oneArg(c *cli.Context, what string) (string, error) {
	if c.NArg() != 1 {
		return "", badInput(fmt.Errorf("usage: zkml %s %s (got %d arguments)", c.Command.Name, what, c.NArg()))
	}
	return c.Args().First(), nil
}
