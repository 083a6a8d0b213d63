package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/zkml-mina/zkml/mina"
)

// Key files hold one Mina key pair as JSON:
//
//	{"publicKey": "B62q…", "privateKey": "EK…"}
//
// They are created with mode 0600 and never overwritten. Like ssh with its
// identity files, zkml refuses to read a key file that its group or other
// users can read or write. No command prints, logs or puts in an error the
// private key.
type keyFileJSON struct {
	PublicKey  string `json:"publicKey"`
	PrivateKey string `json:"privateKey"`
}

func keysCommand() *cli.Command {
	return &cli.Command{
		Name:  "keys",
		Usage: "create or show a Mina key file (prints the public key only)",
		ArgsUsage: "new -o KEYFILE | show KEYFILE\n\n" +
			"   A key file is JSON {\"publicKey\": \"B62…\", \"privateKey\": \"EK…\"} with mode 0600;\n" +
			"   group- or world-accessible key files are refused.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "key file to create (`KEYFILE`, keys new)"},
			jsonFlag(),
		},
		Action: func(c *cli.Context) error {
			var (
				file string
				pk   mina.PublicKey
			)
			switch {
			case c.NArg() == 1 && c.Args().First() == "new":
				file = c.String("out")
				if file == "" {
					return badInput(errors.New("usage: zkml keys new -o KEYFILE"))
				}
				key, err := mina.GeneratePrivateKey()
				if err != nil {
					return fmt.Errorf("generate key: %w", err)
				}
				if err := writeKeyFile(file, key); err != nil {
					return err
				}
				pk = key.PublicKey()
			case c.NArg() == 2 && c.Args().First() == "show":
				if c.String("out") != "" {
					return badInput(errors.New("usage: zkml keys show KEYFILE (-o is for keys new)"))
				}
				file = c.Args().Get(1)
				key, err := readKeyFile(file)
				if err != nil {
					return err
				}
				pk = key.PublicKey()
			default:
				return badInput(errors.New("usage: zkml keys new -o KEYFILE | zkml keys show KEYFILE"))
			}
			if c.Bool("json") {
				return printJSON(c.App.Writer, map[string]string{"publicKey": pk.Base58(), "file": file})
			}
			fmt.Fprintln(c.App.Writer, pk.Base58())
			return nil
		},
	}
}

// writeKeyFile creates path with mode 0600 holding key; it never overwrites.
func writeKeyFile(path string, key mina.PrivateKey) error {
	b, err := json.MarshalIndent(keyFileJSON{PublicKey: key.PublicKey().Base58(), PrivateKey: key.Base58()}, "", "  ")
	if err != nil {
		return fmt.Errorf("key file %s: encode: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return badInput(fmt.Errorf("key file %s already exists: refusing to overwrite it", path))
	}
	if err != nil {
		return badInput(fmt.Errorf("key file: %w", err))
	}
	_, werr := f.Write(append(b, '\n'))
	cerr := f.Close()
	if werr != nil || cerr != nil {
		_ = os.Remove(path)
		return fmt.Errorf("key file %s: %w", path, errors.Join(werr, cerr))
	}
	return nil
}

// readKeyFile loads the private key of a key file (see keyFileJSON), refusing
// files other users can access. Errors never contain the key.
func readKeyFile(path string) (mina.PrivateKey, error) {
	var zero mina.PrivateKey
	st, err := os.Stat(path)
	if err != nil {
		return zero, badInput(fmt.Errorf("key file: %w", err))
	}
	if !st.Mode().IsRegular() {
		return zero, badInput(fmt.Errorf("key file %s is not a regular file", path))
	}
	if perm := st.Mode().Perm(); perm&0o077 != 0 && runtime.GOOS != "windows" {
		return zero, badInput(fmt.Errorf("key file %s is accessible by others (mode %04o): run chmod 600 %s", path, perm, path))
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return zero, badInput(fmt.Errorf("key file: %w", err))
	}
	var kf keyFileJSON
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&kf); err != nil || kf.PrivateKey == "" {
		// The decoder's message could quote the file's content.
		return zero, badInput(fmt.Errorf(`key file %s is not {"publicKey": "B62…", "privateKey": "EK…"}`, path))
	}
	key, err := mina.ParsePrivateKey(kf.PrivateKey)
	if err != nil {
		return zero, badInput(fmt.Errorf("key file %s: privateKey is not a valid EK… private key", path))
	}
	if kf.PublicKey != "" && kf.PublicKey != key.PublicKey().Base58() {
		return zero, badInput(fmt.Errorf("key file %s: publicKey does not belong to its private key (whose public key is %s)", path, key.PublicKey().Base58()))
	}
	return key, nil
}
