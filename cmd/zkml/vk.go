package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/zkml-mina/zkml/verifierkey"
)

// vkReport is what `zkml vk` prints.
type vkReport struct {
	File      string          `json:"file"`
	Backend   string          `json:"backend"`
	Hash      string          `json:"hash"`
	Chunks    []string        `json:"chunk_hashes"`
	Compile   []vkCompileStep `json:"compile"`
	GoChecked bool            `json:"go_checked"`
}

type vkCompileStep struct {
	Name      string  `json:"name"`
	Seconds   float64 `json:"seconds"`
	FromCache bool    `json:"fromCache"`
}

func vkCommand() *cli.Command {
	return &cli.Command{
		Name:      "vk",
		Usage:     "compile a scaffolded project (node) and write and check verification-key.json",
		ArgsUsage: "DIR",
		Flags:     []cli.Flag{jsonFlag()},
		Action: func(c *cli.Context) error {
			dir, err := oneArg(c, "vk DIR")
			if err != nil {
				return err
			}
			rep, err := writeVK(dir, c.App.ErrWriter)
			if err != nil {
				return err
			}
			if c.Bool("json") {
				return printJSON(c.App.Writer, rep)
			}
			w := c.App.Writer
			fmt.Fprintf(w, "wrote     %s (backend %s)\n", rep.File, rep.Backend)
			for _, s := range rep.Compile {
				cached := ""
				if s.FromCache {
					cached = " (from cache)"
				}
				fmt.Fprintf(w, "compiled  %s in %.1f s%s\n", s.Name, s.Seconds, cached)
			}
			fmt.Fprintf(w, "contract  hash %s\n", rep.Hash)
			for i, h := range rep.Chunks {
				fmt.Fprintf(w, "chunk %d   hash %s\n", i, h)
			}
			fmt.Fprintln(w, "checked   every key decodes, its points are on Pallas and its hash matches (Go)")
			return nil
		},
	}
}

// writeVK builds the project if needed, runs its compile script with --vk,
// and checks every key in Go.
func writeVK(dir string, progress io.Writer) (*vkReport, error) {
	if _, err := os.Stat(filepath.Join(dir, "zkml.json")); err != nil {
		return nil, badInput(fmt.Errorf("%s is not a zkml project (no zkml.json)", dir))
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "o1js")); err != nil {
		return nil, badInput(fmt.Errorf("%s has no node_modules/o1js: run npm install there first", dir))
	}
	if _, err := os.Stat(filepath.Join(dir, "dist", "scripts", "compile.js")); err != nil {
		if err := runIn(dir, progress, nil, "node", filepath.Join("node_modules", "typescript", "bin", "tsc"), "-p", "."); err != nil {
			return nil, fmt.Errorf("build: %w", err)
		}
	}
	var out bytes.Buffer
	if err := runIn(dir, progress, &out, "node", filepath.Join("dist", "scripts", "compile.js"), "--vk", "verification-key.json"); err != nil {
		return nil, fmt.Errorf("compile: %w", err)
	}
	var res struct {
		Backend string          `json:"backend"`
		Compile []vkCompileStep `json:"compile"`
	}
	if err := json.Unmarshal(lastJSONLine(out.Bytes()), &res); err != nil {
		return nil, fmt.Errorf("compile: unexpected output: %w", err)
	}
	file := filepath.Join(dir, "verification-key.json")
	vf, err := verifierkey.ReadFile(file)
	if err != nil {
		return nil, checkFailed("%v", err)
	}
	rep := &vkReport{File: file, Backend: res.Backend, Hash: vf.Hash, Compile: res.Compile}
	for i, k := range append([]verifierkey.Key{vf.Key}, vf.Chunks...) {
		if _, err := k.Check(); err != nil {
			return nil, checkFailed("key %d: %v", i, err)
		}
		if i > 0 {
			rep.Chunks = append(rep.Chunks, k.Hash)
		}
	}
	rep.GoChecked = true
	return rep, nil
}

func runIn(dir string, progress, stdout io.Writer, name string, args ...string) error {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	var errBuf bytes.Buffer
	cmd.Stderr = io.MultiWriter(progress, &errBuf)
	if stdout != nil {
		cmd.Stdout = stdout
	} else {
		cmd.Stdout = progress
	}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w: %s", name, err, lastLine(errBuf.String()))
	}
	return nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

func lastJSONLine(b []byte) []byte {
	var last []byte
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		if l := bytes.TrimSpace(sc.Bytes()); len(l) > 0 && l[0] == '{' {
			last = append([]byte(nil), l...)
		}
	}
	return last
}
