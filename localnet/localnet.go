// Package localnet starts and stops zkml's local Mina network: the Node
// server localnet/server.mjs, which answers the daemon GraphQL subset zkml
// sends from an o1js LocalBlockchain with proofs enabled (see README.md).
// Tests use it to run real transactions; `zkml localnet` runs it in the
// foreground.
package localnet

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/zkml-mina/zkml/mina"
)

// DefaultPort is the port `zkml localnet` listens on unless told otherwise.
const DefaultPort = 8080

// DefaultURL is the GraphQL endpoint of a local network on DefaultPort; the
// chain commands talk to it when no --graphql is given.
const DefaultURL = "http://127.0.0.1:8080/graphql"

// DefaultNetworkID is the network the local network reports ("mina:testnet");
// its signatures are checked in the testnet domain, as o1js's
// LocalBlockchain does.
const DefaultNetworkID = "testnet"

// ScriptEnv names the environment variable that overrides where server.mjs is.
const ScriptEnv = "ZKML_LOCALNET_SCRIPT"

// Options configures Start. The zero value starts a server on a free loopback
// port reporting DefaultNetworkID.
type Options struct {
	// Port to listen on; 0 picks a free port.
	Port int
	// Host to bind; default 127.0.0.1.
	Host string
	// NetworkID the server reports as networkID ("mina:" is prepended);
	// default DefaultNetworkID. It does not change the signature domain.
	NetworkID string
	// Script is the path of server.mjs; default FindScript().
	Script string
	// Node is the node executable; default "node".
	Node string
	// Stderr receives the server's log lines; nil discards them.
	Stderr io.Writer
}

// Account is a funded test account of the local network. Its private key is
// a throwaway key generated at startup; mina.PrivateKey never prints it.
type Account struct {
	PublicKey  mina.PublicKey
	PrivateKey mina.PrivateKey
	Balance    uint64 // nanomina
}

// Net is a running local network.
type Net struct {
	// URL is the GraphQL endpoint, e.g. "http://127.0.0.1:8080/graphql".
	URL string
	// NetworkID is what the server reports as networkID, e.g. "mina:testnet".
	NetworkID string
	// Accounts are the funded test accounts.
	Accounts []Account

	cmd       *exec.Cmd
	done      chan struct{}
	waitErr   error
	closeOnce sync.Once
	closeErr  error
}

// startupLine is the JSON line server.mjs prints once it listens.
type startupLine struct {
	GraphQL   string `json:"graphql"`
	NetworkID string `json:"networkID"`
	Accounts  []struct {
		PublicKey  string `json:"publicKey"`
		PrivateKey string `json:"privateKey"`
		Balance    string `json:"balance"`
	} `json:"accounts"`
}

// FindScript locates server.mjs: $ZKML_LOCALNET_SCRIPT, else localnet/server.mjs
// in the working directory or one of its parents, else beside the executable.
func FindScript() (string, error) {
	if p := os.Getenv(ScriptEnv); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("localnet: %s: %w", ScriptEnv, err)
		}
		return p, nil
	}
	var dirs []string
	if wd, err := os.Getwd(); err == nil {
		for d := wd; ; d = filepath.Dir(d) {
			dirs = append(dirs, d)
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	if exe, err := os.Executable(); err == nil {
		dirs = append(dirs, filepath.Dir(exe), filepath.Dir(filepath.Dir(exe)))
	}
	for _, d := range dirs {
		p := filepath.Join(d, "localnet", "server.mjs")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("localnet: cannot find localnet/server.mjs (run from the zkml checkout or set %s)", ScriptEnv)
}

// Start launches the server and waits, until ctx ends, for it to listen. The
// server keeps running after ctx ends; stop it with Close.
func Start(ctx context.Context, opts Options) (*Net, error) {
	if opts.Port < 0 || opts.Port > 65535 {
		return nil, fmt.Errorf("localnet: port %d out of range", opts.Port)
	}
	script := opts.Script
	if script == "" {
		var err error
		if script, err = FindScript(); err != nil {
			return nil, err
		}
	}
	node := opts.Node
	if node == "" {
		node = "node"
	}
	args := []string{script, "--port", strconv.Itoa(opts.Port)}
	if opts.Host != "" {
		args = append(args, "--host", opts.Host)
	}
	if opts.NetworkID != "" {
		args = append(args, "--network-id", opts.NetworkID)
	}
	cmd := exec.Command(node, args...)
	cmd.Dir = filepath.Dir(script)
	cmd.SysProcAttr = sysProcAttr()
	logs := &tailWriter{w: opts.Stderr}
	cmd.Stderr = logs
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("localnet: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("localnet: start %s: %w", node, err)
	}
	n := &Net{cmd: cmd, done: make(chan struct{})}

	lines := make(chan []byte, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 64<<10), 4<<20)
		sent := false
		for sc.Scan() {
			if !sent && bytes.HasPrefix(bytes.TrimSpace(sc.Bytes()), []byte("{")) {
				lines <- append([]byte(nil), sc.Bytes()...)
				sent = true
			}
		}
		close(lines)
		_, _ = io.Copy(io.Discard, stdout)
	}()

	var line []byte
	select {
	case l, ok := <-lines:
		if !ok {
			werr := cmd.Wait()
			return nil, fmt.Errorf("localnet: server exited before listening (%v): %s", werr, logs.last())
		}
		line = l
	case <-ctx.Done():
		n.kill()
		return nil, fmt.Errorf("localnet: waiting for the server: %w", ctx.Err())
	}
	go func() {
		n.waitErr = cmd.Wait()
		close(n.done)
	}()
	if err := n.parseStartup(line); err != nil {
		_ = n.Close()
		return nil, err
	}
	return n, nil
}

// parseStartup fills URL, NetworkID and Accounts. Its errors never quote the
// line, which holds private keys.
func (n *Net) parseStartup(line []byte) error {
	var s startupLine
	if err := json.Unmarshal(line, &s); err != nil {
		return errors.New("localnet: the server's startup line is not valid JSON")
	}
	if s.GraphQL == "" || s.NetworkID == "" {
		return errors.New("localnet: the server's startup line lacks graphql or networkID")
	}
	n.URL, n.NetworkID = s.GraphQL, s.NetworkID
	for i, a := range s.Accounts {
		pk, err := mina.ParsePublicKey(a.PublicKey)
		if err != nil {
			return fmt.Errorf("localnet: account %d: public key: %w", i, err)
		}
		sk, err := mina.ParsePrivateKey(a.PrivateKey)
		if err != nil {
			return fmt.Errorf("localnet: account %d: private key does not decode", i)
		}
		if !sk.PublicKey().Equal(pk) {
			return fmt.Errorf("localnet: account %d: private key does not match %s", i, pk.Base58())
		}
		bal, err := strconv.ParseUint(a.Balance, 10, 64)
		if err != nil {
			return fmt.Errorf("localnet: account %d: balance: %w", i, err)
		}
		n.Accounts = append(n.Accounts, Account{PublicKey: pk, PrivateKey: sk, Balance: bal})
	}
	if len(n.Accounts) == 0 {
		return errors.New("localnet: the server reported no funded accounts")
	}
	return nil
}

// Done is closed when the server process has exited.
func (n *Net) Done() <-chan struct{} { return n.done }

// Err returns how the server process exited; valid once Done is closed.
func (n *Net) Err() error {
	select {
	case <-n.done:
		return n.waitErr
	default:
		return nil
	}
}

// Close stops the server with SIGTERM, waits up to 10 s for it to exit, and
// kills it after that. It is safe to call more than once.
func (n *Net) Close() error {
	n.closeOnce.Do(func() {
		select {
		case <-n.done:
			return
		default:
		}
		_ = n.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-n.done:
			var ee *exec.ExitError
			if n.waitErr != nil && !errors.As(n.waitErr, &ee) {
				n.closeErr = fmt.Errorf("localnet: %w", n.waitErr)
			}
		case <-time.After(10 * time.Second):
			_ = n.cmd.Process.Kill()
			<-n.done
			n.closeErr = errors.New("localnet: server ignored SIGTERM and was killed")
		}
	})
	return n.closeErr
}

func (n *Net) kill() {
	_ = n.cmd.Process.Kill()
	_ = n.cmd.Wait()
}

// tailWriter forwards to w (if any) and remembers the last line written.
type tailWriter struct {
	mu  sync.Mutex
	w   io.Writer
	buf []byte
}

func (t *tailWriter) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.w != nil {
		_, _ = t.w.Write(p)
	}
	t.buf = append(t.buf, p...)
	if len(t.buf) > 8<<10 {
		t.buf = t.buf[len(t.buf)-8<<10:]
	}
	return len(p), nil
}

func (t *tailWriter) last() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	lines := strings.Split(strings.TrimSpace(string(t.buf)), "\n")
	return lines[len(lines)-1]
}
