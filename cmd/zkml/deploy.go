package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/zkml-mina/zkml/graphql"
	"github.com/zkml-mina/zkml/mina"
	"github.com/zkml-mina/zkml/verifierkey"
)

// How zkml deploy and zkml submit make a transaction:
//
//  1. Go reads the fee payer's key file (--key, mode 0600), the fee payer's
//     nonce (inferredNonce) and the accounts the transaction reads from the
//     node.
//  2. The generated project's zkml-deploy-tx / zkml-submit-tx script (node,
//     o1js) gets a JSON request on stdin — public keys, nonce, fee, memo,
//     those accounts, and the input or verification key — never a private
//     key. It builds and proves the transaction against exactly those
//     accounts and prints it unsigned.
//  3. Go checks the fee payer o1js wrote, signs the fee payer and every
//     account update whose authorization kind is signature with the keys it
//     holds (mina.ZkappCommand.Sign, full-commitment rules), verifies every
//     signature, sends it with SendZkapp and waits for inclusion.

// defaultFee is the default transaction fee, in MINA.
const defaultFee = "0.1"

// A node answers sendZkapp only after checking the command's proofs, which
// takes more than the client's default 20 s per attempt on a busy machine;
// the send uses these bounds instead.
const (
	sendAttemptTimeout = 3 * time.Minute
	sendTimeout        = 10 * time.Minute
)

// zkappKeyFile is where zkml deploy keeps a generated zkApp key.
const zkappKeyFile = "zkapp-key.json"

// txFlags are the flags deploy and submit share beyond chainFlags.
func txFlags() []cli.Flag {
	return append(chainFlags(),
		&cli.StringFlag{Name: "key", Usage: "the fee payer's key file (`KEYFILE`, mode 0600; see zkml keys)"},
		&cli.StringFlag{Name: "fee", Value: defaultFee, Usage: "transaction fee in `MINA`"},
		&cli.StringFlag{Name: "memo", Usage: "transaction memo (`TEXT`, at most 32 bytes)"},
		&cli.DurationFlag{Name: "interval", Value: 5 * time.Second, Usage: "inclusion polling `INTERVAL`"},
		&cli.DurationFlag{Name: "timeout", Value: 30 * time.Minute, Usage: "give up waiting for inclusion after `DURATION`"},
	)
}

// txConfig is what txFlags select, validated.
type txConfig struct {
	*chainConfig
	sender   *graphql.Client // for sendZkapp: longer timeouts
	dir      string
	key      mina.PrivateKey // the fee payer's
	fee      uint64          // nanomina
	memo     string
	interval time.Duration
	timeout  time.Duration
	json     bool
	progress io.Writer // progress lines; io.Discard under --json
}

// newTxConfig validates DIR and the shared flags; it does not contact the
// node.
func newTxConfig(c *cli.Context, usage string) (*txConfig, error) {
	dir, err := oneArg(c, usage)
	if err != nil {
		return nil, err
	}
	if err := checkProjectDir(dir); err != nil {
		return nil, err
	}
	keyFile := c.String("key")
	if keyFile == "" {
		return nil, badInput(fmt.Errorf("usage: zkml %s %s: --key KEYFILE (the fee payer) is required", c.Command.Name, usage))
	}
	fee, err := parseMina(c.String("fee"))
	if err != nil {
		return nil, badInput(fmt.Errorf("--fee %q: %w", c.String("fee"), err))
	}
	memo := c.String("memo")
	if _, err := mina.MemoFromString(memo); err != nil {
		return nil, badInput(fmt.Errorf("--memo: %w", err))
	}
	if c.Duration("interval") <= 0 || c.Duration("timeout") <= 0 {
		return nil, badInput(errors.New("--interval and --timeout must be positive"))
	}
	cc, err := newChainConfig(c)
	if err != nil {
		return nil, err
	}
	// The same node, with the longer bounds a send needs.
	sender, err := graphql.New(cc.url, graphql.WithAttemptTimeout(sendAttemptTimeout), graphql.WithTimeout(sendTimeout))
	if err != nil {
		return nil, badInput(fmt.Errorf("--graphql: %w", err))
	}
	if cc.era != mina.EraBerkeley {
		return nil, badInput(fmt.Errorf("--era %s: the project's o1js builds berkeley transactions only", cc.era))
	}
	key, err := readKeyFile(keyFile)
	if err != nil {
		return nil, err
	}
	progress := c.App.ErrWriter
	if c.Bool("json") {
		progress = io.Discard
	}
	return &txConfig{
		chainConfig: cc, sender: sender, dir: dir, key: key, fee: fee, memo: memo,
		interval: c.Duration("interval"), timeout: c.Duration("timeout"), json: c.Bool("json"), progress: progress,
	}, nil
}

// checkProjectDir fails unless dir is a scaffolded project with o1js
// installed.
func checkProjectDir(dir string) error {
	st, err := os.Stat(dir)
	if err != nil {
		return badInput(fmt.Errorf("project: %w", err))
	}
	if !st.IsDir() {
		return badInput(fmt.Errorf("%s is not a directory", dir))
	}
	if _, err := os.Stat(filepath.Join(dir, "zkml.json")); err != nil {
		return badInput(fmt.Errorf("%s is not a zkml project (no zkml.json; see zkml scaffold)", dir))
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "o1js")); err != nil {
		return badInput(fmt.Errorf("%s has no node_modules/o1js: run npm install there first", dir))
	}
	return nil
}

// parseMina parses an amount of MINA with at most nine decimals into
// nanomina.
func parseMina(s string) (uint64, error) {
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" && frac == "" || strings.ContainsAny(s, "+-eE ") || (hasDot && frac == "") {
		return 0, errors.New("want an amount of MINA such as 0.1")
	}
	if len(frac) > 9 {
		return 0, errors.New("at most nine decimals (1 nanomina)")
	}
	if whole == "" {
		whole = "0"
	}
	w, err := strconv.ParseUint(whole, 10, 64)
	if err != nil {
		return 0, errors.New("want an amount of MINA such as 0.1")
	}
	var f uint64
	if frac != "" {
		if f, err = strconv.ParseUint(frac+strings.Repeat("0", 9-len(frac)), 10, 64); err != nil {
			return 0, errors.New("want an amount of MINA such as 0.1")
		}
	}
	n := new(big.Int).Mul(new(big.Int).SetUint64(w), big.NewInt(1_000_000_000))
	n.Add(n, new(big.Int).SetUint64(f))
	if !n.IsUint64() {
		return 0, errors.New("amount too large")
	}
	return n.Uint64(), nil
}

// ---- the request to the project's scripts ----

// txAccount is an account the transaction reads, as the scripts take it.
type txAccount struct {
	PublicKey           string   `json:"publicKey"`
	Nonce               string   `json:"nonce"`
	Balance             string   `json:"balance"`
	AppState            []string `json:"appState,omitempty"`
	VerificationKeyHash string   `json:"verificationKeyHash,omitempty"`
	ProvedState         bool     `json:"provedState,omitempty"`
}

type txFeePayer struct {
	PublicKey string `json:"publicKey"`
	Nonce     string `json:"nonce"`
	Fee       string `json:"fee"` // nanomina
	Memo      string `json:"memo"`
}

// txRequest is the JSON zkml-deploy-tx and zkml-submit-tx read on stdin
// (scripts/zkml-chain.ts). It holds no private key.
type txRequest struct {
	NetworkID       string           `json:"networkId"`
	FeePayer        txFeePayer       `json:"feePayer"`
	Zkapp           string           `json:"zkapp"`
	Accounts        []txAccount      `json:"accounts"`
	VerificationKey *verifierkey.Key `json:"verificationKey,omitempty"` // deploy
	Input           json.RawMessage  `json:"input,omitempty"`           // submit: floats
	InputQ          json.RawMessage  `json:"inputQ,omitempty"`          // submit: quantized integers
}

// txResult is the common part of the scripts' result line.
type txResult struct {
	Command             json.RawMessage `json:"command"`
	VerificationKeyHash string          `json:"verificationKeyHash"`
	StateLayout         map[string]int  `json:"stateLayout"`
}

// prepare reads the fee payer's account and the zkApp's (if any) and
// returns the request skeleton.
func (tc *txConfig) prepare(ctx context.Context, zkapp mina.PublicKey) (*txRequest, *graphql.Account, error) {
	if err := tc.checkNetwork(ctx); err != nil {
		return nil, nil, err
	}
	payer := tc.key.PublicKey()
	pa, err := tc.client.Account(ctx, graphql.PublicKey(payer.Base58()), "")
	if errors.Is(err, graphql.ErrAccountNotFound) {
		return nil, nil, checkFailed("the fee payer %s has no account on %s: fund it first", payer.Base58(), tc.networkID())
	}
	if err != nil {
		return nil, nil, tc.nodeError(err)
	}
	nonce := pa.InferredNonce
	if nonce == "" {
		nonce = pa.Nonce
	}
	if _, err := nonce.Uint32(); err != nil {
		return nil, nil, checkFailed("the node reports nonce %q for %s: %v", nonce, payer.Base58(), err)
	}
	if bal, err := pa.Balance.Total.Uint64(); err == nil && bal < tc.fee {
		return nil, nil, checkFailed("the fee payer %s has %s MINA, less than the fee %s", payer.Base58(), formatMina(bal), formatMina(tc.fee))
	}
	req := &txRequest{
		NetworkID: string(tc.network),
		FeePayer:  txFeePayer{PublicKey: payer.Base58(), Nonce: string(nonce), Fee: strconv.FormatUint(tc.fee, 10), Memo: tc.memo},
		Zkapp:     zkapp.Base58(),
		Accounts:  []txAccount{accountForScript(pa)},
	}
	za, err := tc.client.Account(ctx, graphql.PublicKey(zkapp.Base58()), "")
	switch {
	case errors.Is(err, graphql.ErrAccountNotFound):
		za = nil
	case err != nil:
		return nil, nil, tc.nodeError(err)
	case za.ZkappState != nil && len(za.ZkappState) != tc.era.AppStateLength():
		return nil, nil, checkFailed("the node reports %d app-state fields for %s; --era %s has %d",
			len(za.ZkappState), zkapp.Base58(), tc.era, tc.era.AppStateLength())
	case !zkapp.Equal(payer):
		req.Accounts = append(req.Accounts, accountForScript(za))
	}
	return req, za, nil
}

func accountForScript(a *graphql.Account) txAccount {
	out := txAccount{
		PublicKey: string(a.PublicKey), Nonce: string(a.Nonce), Balance: string(a.Balance.Total),
		VerificationKeyHash: string(a.VerificationKeyHash), ProvedState: a.ProvedState,
	}
	if out.Balance == "" {
		out.Balance = "0"
	}
	for _, f := range a.ZkappState {
		out.AppState = append(out.AppState, string(f))
	}
	return out
}

// runScript runs dist/scripts/NAME.js of the project with req on stdin and
// decodes its result line into out. The script's progress (stderr) goes to
// tc.progress; a failure reports its last line.
func (tc *txConfig) runScript(ctx context.Context, name string, req any, out any) error {
	script := filepath.Join("dist", "scripts", name+".js")
	if _, err := os.Stat(filepath.Join(tc.dir, script)); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(tc.progress, "zkml: building %s (tsc)\n", tc.dir)
		tsc := exec.CommandContext(ctx, "node", filepath.Join("node_modules", "typescript", "bin", "tsc"), "-p", ".")
		tsc.Dir = tc.dir
		var tscOut bytes.Buffer
		tsc.Stdout, tsc.Stderr = &tscOut, &tscOut
		if err := tsc.Run(); err != nil {
			return checkFailed("build %s: %v: %s", tc.dir, err, lastLine(tscOut.String()))
		}
	}
	in, err := json.Marshal(req)
	if err != nil {
		return fmt.Errorf("%s: encode request: %w", name, err)
	}
	cmd := exec.CommandContext(ctx, "node", script)
	cmd.Dir = tc.dir
	cmd.Stdin = bytes.NewReader(in)
	var stdout bytes.Buffer
	tail := &tailWriter{}
	cmd.Stdout = &stdout
	cmd.Stderr = io.MultiWriter(tc.progress, tail)
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%s: %w", name, ctx.Err())
		}
		msg := strings.TrimPrefix(tail.last(), "zkml: ")
		if msg == "" {
			msg = err.Error()
		}
		return checkFailed("%s: %s", name, msg)
	}
	line := lastJSONLine(stdout.Bytes())
	if line == nil {
		return checkFailed("%s: no result line on stdout", name)
	}
	if err := json.Unmarshal(line, out); err != nil {
		return checkFailed("%s: unexpected result: %v", name, err)
	}
	return nil
}

// tailWriter keeps the last line written to it (at most 4 KiB of it).
type tailWriter struct{ buf []byte }

func (w *tailWriter) Write(p []byte) (int, error) {
	w.buf = append(w.buf, p...)
	if len(w.buf) > 8192 {
		w.buf = append([]byte(nil), w.buf[len(w.buf)-8192:]...)
	}
	return len(p), nil
}

func (w *tailWriter) last() string {
	s := lastLine(string(w.buf))
	if len(s) > 4096 {
		s = s[:4096]
	}
	return s
}

// sentTx is a command the node included.
type sentTx struct {
	ID          string `json:"id"`
	Hash        string `json:"hash,omitempty"`
	BlockHeight string `json:"blockHeight,omitempty"`
	StateHash   string `json:"stateHash,omitempty"`
	FeePayer    string `json:"feePayer"`
	Nonce       string `json:"nonce"`
	Fee         string `json:"fee"` // nanomina
}

// signAndSend checks the fee payer the script wrote into raw, signs the
// command with the fee payer's key and extra, verifies every signature,
// sends it and waits until it is in a block.
func (tc *txConfig) signAndSend(ctx context.Context, raw json.RawMessage, req *txRequest, extra ...mina.PrivateKey) (*sentTx, error) {
	zc, err := mina.ParseZkappCommand(raw)
	if err != nil {
		return nil, checkFailed("the project's script printed an invalid zkApp command: %v", err)
	}
	fp := zc.FeePayer.Body
	if fp.PublicKey.Base58() != req.FeePayer.PublicKey || strconv.FormatUint(uint64(fp.Nonce), 10) != req.FeePayer.Nonce ||
		strconv.FormatUint(uint64(fp.Fee), 10) != req.FeePayer.Fee {
		return nil, checkFailed("the project's script set the fee payer to %s (nonce %d, fee %d), not %s (nonce %s, fee %s)",
			fp.PublicKey.Base58(), fp.Nonce, fp.Fee, req.FeePayer.PublicKey, req.FeePayer.Nonce, req.FeePayer.Fee)
	}
	// Proving can take minutes; the fee payer is not part of any proof, so
	// take the nonce the node infers now.
	if pa, err := tc.client.Account(ctx, graphql.PublicKey(req.FeePayer.PublicKey), ""); err == nil {
		if n, err := pa.InferredNonce.Uint32(); err == nil && n != uint32(fp.Nonce) {
			fmt.Fprintf(tc.progress, "zkml: the fee payer's nonce moved from %d to %d while proving; using %d\n", fp.Nonce, n, n)
			zc.FeePayer.Body.Nonce = mina.UInt32(n)
			req.FeePayer.Nonce = strconv.FormatUint(uint64(n), 10)
		}
	} else if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	keys := append([]mina.PrivateKey{tc.key}, extra...)
	// Unsigned updates keep whatever placeholder o1js wrote; clear it so a
	// missing key is detected below.
	for i := range zc.AccountUpdates {
		if zc.AccountUpdates[i].Body.AuthorizationKind.IsSigned {
			zc.AccountUpdates[i].Authorization.Signature = nil
		}
	}
	if err := zc.Sign(tc.era, tc.network, keys...); err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	for i, u := range zc.AccountUpdates {
		if u.Body.AuthorizationKind.IsSigned && u.Authorization.Signature == nil {
			return nil, badInput(fmt.Errorf("account update %d needs a signature of %s, whose key was not given", i, u.Body.PublicKey.Base58()))
		}
		if u.Body.AuthorizationKind.IsProved && u.Authorization.Proof == nil {
			return nil, checkFailed("account update %d of %s needs a proof the script did not make", i, u.Body.PublicKey.Base58())
		}
	}
	if err := zc.Verify(tc.era, tc.network); err != nil {
		return nil, fmt.Errorf("sign: %w", err)
	}
	signed, err := json.Marshal(zc)
	if err != nil {
		return nil, fmt.Errorf("encode the signed command: %w", err)
	}
	fmt.Fprintf(tc.progress, "zkml: sending the command (fee payer %s, nonce %s, fee %s MINA) to %s\n",
		req.FeePayer.PublicKey, req.FeePayer.Nonce, formatMina(tc.fee), tc.url)
	res, err := tc.sender.SendZkapp(ctx, graphql.ZkappSubmission{Command: signed})
	var rej *graphql.RejectedError
	var gqlErr *graphql.GraphQLError
	var amb *graphql.AmbiguousSendError
	switch {
	case errors.As(err, &amb):
		return nil, checkFailed("%v (fee payer %s, nonce %s: check `zkml state %s` before sending again)",
			err, req.FeePayer.PublicKey, req.FeePayer.Nonce, req.FeePayer.PublicKey)
	case errors.As(err, &rej):
		return nil, checkFailed("the command failed: %s", joinReasons(rej.Failures))
	case errors.As(err, &gqlErr):
		return nil, checkFailed("the node refused the command: %s", strings.Join(gqlErr.Messages(), "; "))
	case err != nil:
		return nil, tc.nodeError(err)
	}
	out := &sentTx{ID: string(res.ID), Hash: string(res.Hash), FeePayer: req.FeePayer.PublicKey, Nonce: req.FeePayer.Nonce, Fee: req.FeePayer.Fee}
	fmt.Fprintf(tc.progress, "zkml: sent %s; waiting for a block\n", orDash(out.Hash))
	wctx, cancel := context.WithTimeout(ctx, tc.timeout)
	defer cancel()
	inc, err := tc.client.WaitForInclusion(wctx, res.Ref(), tc.interval, func(p graphql.InclusionProgress) {
		line := fmt.Sprintf("zkml: poll %d: %s", p.Poll, orDash(string(p.Status)))
		if p.TipHeight != "" {
			line += ", tip at height " + string(p.TipHeight)
		}
		if p.Err != nil {
			line += fmt.Sprintf(" (%v)", p.Err)
		}
		fmt.Fprintln(tc.progress, line)
	})
	var dropped *graphql.DroppedError
	switch {
	case errors.As(err, &rej):
		return nil, checkFailed("the command %s was included but failed: %s", res.Ref(), joinReasons(rej.Failures))
	case errors.As(err, &dropped):
		return nil, checkFailed("the command %s left the pool without being included", res.Ref())
	case err != nil:
		return nil, tc.nodeError(fmt.Errorf("waiting for %s: %w", res.Ref(), err))
	}
	out.BlockHeight, out.StateHash = string(inc.Height), string(inc.StateHash)
	if inc.Command.Hash != "" {
		out.Hash = string(inc.Command.Hash)
	}
	return out, nil
}

func joinReasons(fs []graphql.FailureReason) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.String()
	}
	return strings.Join(parts, "; ")
}

// ---- zkml deploy ----

// deployReport is what zkml deploy prints.
type deployReport struct {
	Zkapp               string         `json:"zkapp"`
	ZkappKeyFile        string         `json:"zkappKeyFile"`
	ZkappKeyCreated     bool           `json:"zkappKeyCreated"`
	NetworkID           string         `json:"networkID"`
	VerificationKeyHash string         `json:"verificationKeyHash"`
	NewAccount          bool           `json:"newAccount"`
	StateLayout         map[string]int `json:"stateLayout,omitempty"`
	Transaction         *sentTx        `json:"transaction"`
}

func deployCommand() *cli.Command {
	return &cli.Command{
		Name:  "deploy",
		Usage: "deploy a scaffolded project's contract to a Mina node (compiles with the key cache, signs in Go, waits for inclusion)",
		ArgsUsage: "DIR --key KEYFILE\n\n" +
			"   Writes DIR/verification-key.json (as zkml vk does) and, without --zkapp-key, creates\n" +
			"   DIR/" + zkappKeyFile + " (mode 0600) for the zkApp account on first use. Private keys never\n" +
			"   reach the node process: it builds the transaction unsigned and zkml signs it.",
		Flags: append(txFlags(),
			&cli.StringFlag{Name: "zkapp-key", Usage: "the zkApp account's key file (`KEYFILE`; default DIR/" + zkappKeyFile + ", created if missing)"},
		),
		Action: func(c *cli.Context) error {
			tc, err := newTxConfig(c, "DIR --key KEYFILE")
			if err != nil {
				return err
			}
			ctx := c.Context
			zkFile, created := c.String("zkapp-key"), false
			if zkFile == "" {
				zkFile = filepath.Join(tc.dir, zkappKeyFile)
				if _, err := os.Stat(zkFile); errors.Is(err, fs.ErrNotExist) {
					created = true
				}
			}
			var zkKey mina.PrivateKey
			if created {
				if zkKey, err = mina.GeneratePrivateKey(); err != nil {
					return fmt.Errorf("generate the zkApp key: %w", err)
				}
			} else if zkKey, err = readKeyFile(zkFile); err != nil {
				return err
			}
			if zkKey.PublicKey().Equal(tc.key.PublicKey()) {
				return badInput(errors.New("the zkApp key must differ from the fee payer's --key"))
			}
			req, za, err := tc.prepare(ctx, zkKey.PublicKey())
			if err != nil {
				return err
			}
			if created {
				// Written before anything is sent, so the key is never lost.
				if err := writeKeyFile(zkFile, zkKey); err != nil {
					return err
				}
				fmt.Fprintf(tc.progress, "zkml: created the zkApp key %s (mode 0600) for %s\n", zkFile, zkKey.PublicKey().Base58())
			}
			fmt.Fprintf(tc.progress, "zkml: compiling %s (keys cached in $ZKML_CACHE or DIR/cache)\n", tc.dir)
			vk, err := writeVK(tc.dir, tc.progress)
			if err != nil {
				return err
			}
			vf, err := verifierkey.ReadFile(vk.File)
			if err != nil {
				return checkFailed("%v", err)
			}
			if za != nil && za.VerificationKeyHash != "" && sameField(string(za.VerificationKeyHash), vf.Hash) {
				fmt.Fprintf(tc.progress, "zkml: %s already has this verification key; deploying again\n", zkKey.PublicKey().Base58())
			}
			req.VerificationKey = &vf.Key
			var res struct {
				txResult
				IsNew bool `json:"isNew"`
			}
			fmt.Fprintln(tc.progress, "zkml: building the deploy transaction")
			if err := tc.runScript(ctx, "zkml-deploy-tx", req, &res); err != nil {
				return err
			}
			sent, err := tc.signAndSend(ctx, res.Command, req, zkKey)
			if err != nil {
				return err
			}
			rep := deployReport{
				Zkapp: zkKey.PublicKey().Base58(), ZkappKeyFile: zkFile, ZkappKeyCreated: created, NetworkID: tc.networkID(),
				VerificationKeyHash: vf.Hash, NewAccount: res.IsNew, StateLayout: res.StateLayout, Transaction: sent,
			}
			// The account must now carry the project's verification key.
			acc, err := tc.client.Account(ctx, graphql.PublicKey(rep.Zkapp), "")
			if err != nil {
				return tc.nodeError(fmt.Errorf("read the deployed account: %w", err))
			}
			if !sameField(string(acc.VerificationKeyHash), vf.Hash) {
				return checkFailed("%s was deployed but carries verification key %s, not %s", rep.Zkapp, orDash(string(acc.VerificationKeyHash)), vf.Hash)
			}
			if tc.json {
				return printJSON(c.App.Writer, rep)
			}
			w := c.App.Writer
			fmt.Fprintf(w, "zkapp     %s on %s\n", rep.Zkapp, rep.NetworkID)
			keyNote := ""
			if created {
				keyNote = " (created, mode 0600)"
			}
			fmt.Fprintf(w, "key       %s%s\n", rep.ZkappKeyFile, keyNote)
			fmt.Fprintf(w, "vk hash   %s\n", rep.VerificationKeyHash)
			printSent(w, sent)
			return nil
		},
	}
}

func printSent(w io.Writer, s *sentTx) {
	fmt.Fprintf(w, "tx id     %s\n", s.ID)
	if s.Hash != "" {
		fmt.Fprintf(w, "tx hash   %s\n", s.Hash)
	}
	fee, _ := strconv.ParseUint(s.Fee, 10, 64)
	fmt.Fprintf(w, "fee payer %s (nonce %s, fee %s MINA)\n", s.FeePayer, s.Nonce, formatMina(fee))
	if s.StateHash != "" {
		fmt.Fprintf(w, "block     %s at height %s\n", s.StateHash, s.BlockHeight)
	}
}
