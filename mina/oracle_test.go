package mina

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

// Oracle request and response of oracles/mina-signer.mjs.
type (
	oracleFields struct {
		Key     string    `json:"key"`
		Network NetworkID `json:"network,omitempty"`
		Fields  []Field   `json:"fields"`
	}
	oracleMessage struct {
		Key     string    `json:"key"`
		Network NetworkID `json:"network"`
		Message string    `json:"message"`
	}
	oraclePaymentJSON struct {
		To         string `json:"to"`
		From       string `json:"from"`
		Fee        string `json:"fee"`
		Amount     string `json:"amount,omitempty"`
		Nonce      string `json:"nonce"`
		Memo       string `json:"memo"`
		ValidUntil string `json:"validUntil,omitempty"`
	}
	oraclePayment struct {
		Key        string             `json:"key"`
		Network    NetworkID          `json:"network"`
		Payment    *oraclePaymentJSON `json:"payment,omitempty"`
		Delegation *oraclePaymentJSON `json:"delegation,omitempty"`
	}
	oracleZkapp struct {
		Network     NetworkID       `json:"network"`
		Command     json.RawMessage `json:"command"`
		Memo        string          `json:"memo"`
		FeePayerKey string          `json:"feePayerKey"`
		OtherKeys   []string        `json:"otherKeys"`
		ViaClient   bool            `json:"viaClient"`
	}
	oracleRequest struct {
		Era          string          `json:"era"`
		Keys         []string        `json:"keys,omitempty"`
		Fields       []oracleFields  `json:"fields,omitempty"`
		ClientFields []oracleFields  `json:"clientFields,omitempty"`
		Messages     []oracleMessage `json:"messages,omitempty"`
		Payments     []oraclePayment `json:"payments,omitempty"`
		Delegations  []oraclePayment `json:"delegations,omitempty"`
		Zkapps       []oracleZkapp   `json:"zkapps,omitempty"`
	}
	oracleZkappResult struct {
		Commitment     string          `json:"commitment"`
		FullCommitment string          `json:"fullCommitment"`
		Signed         json.RawMessage `json:"signed"`
	}
	oracleResponse struct {
		PublicKeys   []string            `json:"publicKeys"`
		Fields       []string            `json:"fields"`
		ClientFields []string            `json:"clientFields"`
		Messages     []SignatureJSON     `json:"messages"`
		Payments     []SignatureJSON     `json:"payments"`
		Delegations  []SignatureJSON     `json:"delegations"`
		Zkapps       []oracleZkappResult `json:"zkapps"`
	}
)

// testKeys returns n deterministic keys drawn from a seeded ChaCha8 stream.
func testKeys(t testing.TB, seed uint64, n int) []PrivateKey {
	t.Helper()
	var s [32]byte
	s[0], s[1] = byte(seed), byte(seed>>8)
	r := rand.NewChaCha8(s)
	keys := make([]PrivateKey, n)
	for i := range keys {
		k, err := generatePrivateKey(r)
		if err != nil {
			t.Fatal(err)
		}
		keys[i] = k
	}
	return keys
}

func randomField(r *rand.Rand) Field {
	var e fp.Element
	switch r.IntN(4) {
	case 0:
		e.SetUint64(r.Uint64N(1000))
	case 1:
		e.SetUint64(math.MaxUint64)
		e.Neg(&e)
	default:
		var b [32]byte
		for i := range b {
			b[i] = byte(r.Uint32())
		}
		b[31] &= 0x3f
		e, _ = fp.LittleEndian.Element(&b)
	}
	return Field(e)
}

var testNetworks = []NetworkID{Mainnet, Devnet, Testnet, "zeko", "a-custom-network-of-22"}

const randomMemoAlphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!?-_.,;:'\"()[]{}"

func randomText(r *rand.Rand, maxLen int) string {
	n := r.IntN(maxLen + 1)
	b := make([]byte, n)
	for i := range b {
		b[i] = randomMemoAlphabet[r.IntN(len(randomMemoAlphabet))]
	}
	return string(b)
}

func runOracle(t *testing.T, req oracleRequest) oracleResponse {
	t.Helper()
	oracle.RequireNode(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var resp oracleResponse
	start := time.Now()
	if err := oracle.Run(ctx, "mina-signer.mjs", req, &resp); err != nil {
		t.Fatal(err)
	}
	t.Logf("mina-signer (%s) answered in %v", req.Era, time.Since(start).Round(time.Millisecond))
	return resp
}

// messageCases adds key derivation, field and string messages, payments and
// delegations to req and returns the check of mina-signer's answers.
func messageCases(t *testing.T, era Era, req *oracleRequest) func(*testing.T, oracleResponse) {
	r := rand.New(rand.NewPCG(uint64(era), 42))
	keys := testKeys(t, 7+uint64(era), 40)
	for _, k := range keys {
		req.Keys = append(req.Keys, k.Base58())
	}
	type legacyCase struct {
		payment    *Payment
		delegation *Delegation
		n          NetworkID
	}
	var legacyCases []legacyCase
	for i := range 60 {
		k := keys[i%len(keys)]
		n := testNetworks[i%len(testNetworks)]
		fields := make([]Field, r.IntN(5))
		for j := range fields {
			fields[j] = randomField(r)
		}
		req.Fields = append(req.Fields, oracleFields{Key: k.Base58(), Network: n, Fields: fields})
		if i%3 == 0 {
			req.ClientFields = append(req.ClientFields, oracleFields{Key: k.Base58(), Fields: fields})
		}
		req.Messages = append(req.Messages, oracleMessage{Key: k.Base58(), Network: n, Message: randomText(r, 80)})
		to := keys[r.IntN(len(keys))].PublicKey()
		var until *UInt32
		if r.IntN(2) == 0 {
			u := UInt32(r.Uint32())
			until = &u
		}
		p := &Payment{From: k.PublicKey(), To: to, Fee: UInt64(r.Uint64()), Amount: UInt64(r.Uint64()),
			Nonce: UInt32(r.Uint32()), ValidUntil: until, Memo: randomText(r, 32)}
		pj := &oraclePaymentJSON{To: p.To.Base58(), From: p.From.Base58(), Fee: fmt.Sprint(p.Fee),
			Amount: fmt.Sprint(p.Amount), Nonce: fmt.Sprint(p.Nonce), Memo: p.Memo}
		if until != nil {
			pj.ValidUntil = fmt.Sprint(*until)
		}
		if i%2 == 0 {
			req.Payments = append(req.Payments, oraclePayment{Key: k.Base58(), Network: n, Payment: pj})
			legacyCases = append(legacyCases, legacyCase{payment: p, n: n})
		} else {
			pj.Amount = ""
			d := &Delegation{From: p.From, To: p.To, Fee: p.Fee, Nonce: p.Nonce, ValidUntil: p.ValidUntil, Memo: p.Memo}
			req.Delegations = append(req.Delegations, oraclePayment{Key: k.Base58(), Network: n, Delegation: pj})
			legacyCases = append(legacyCases, legacyCase{delegation: d, n: n})
		}
	}
	return func(t *testing.T, resp oracleResponse) {

		if len(resp.PublicKeys) != len(keys) {
			t.Fatalf("got %d public keys, want %d", len(resp.PublicKeys), len(keys))
		}
		for i, k := range keys {
			if got := k.PublicKey().Base58(); got != resp.PublicKeys[i] {
				t.Errorf("key %d: public key %s, mina-signer %s", i, got, resp.PublicKeys[i])
			}
		}
		checkKimchi := func(what string, cases []oracleFields, want []string, n func(oracleFields) NetworkID) {
			if len(want) != len(cases) {
				t.Fatalf("%s: got %d answers, want %d", what, len(want), len(cases))
			}
			for i, c := range cases {
				k, err := ParsePrivateKey(c.Key)
				if err != nil {
					t.Fatal(err)
				}
				sig, err := SignFields(k, c.Fields, n(c))
				if err != nil {
					t.Fatal(err)
				}
				if sig.Base58() != want[i] {
					t.Errorf("%s %d (%s, %d fields): %s, mina-signer %s", what, i, n(c), len(c.Fields), sig.Base58(), want[i])
				}
				if !VerifyFields(sig, c.Fields, k.PublicKey(), n(c)) {
					t.Errorf("%s %d: own signature does not verify", what, i)
				}
			}
		}
		checkKimchi("fields", req.Fields, resp.Fields, func(c oracleFields) NetworkID { return c.Network })
		checkKimchi("client fields", req.ClientFields, resp.ClientFields, func(oracleFields) NetworkID { return Testnet })

		if len(resp.Messages) != len(req.Messages) {
			t.Fatalf("messages: got %d answers, want %d", len(resp.Messages), len(req.Messages))
		}
		for i, c := range req.Messages {
			k, _ := ParsePrivateKey(c.Key)
			sig, err := SignMessage(k, c.Message, c.Network)
			if err != nil {
				t.Fatal(err)
			}
			if sig.JSON() != resp.Messages[i] {
				t.Errorf("message %d (%s, %q): %+v, mina-signer %+v", i, c.Network, c.Message, sig.JSON(), resp.Messages[i])
			}
			if !VerifyMessage(sig, c.Message, k.PublicKey(), c.Network) {
				t.Errorf("message %d: own signature does not verify", i)
			}
		}
		if len(resp.Payments)+len(resp.Delegations) != len(legacyCases) {
			t.Fatalf("legacy: got %d answers, want %d", len(resp.Payments)+len(resp.Delegations), len(legacyCases))
		}
		pi, di := 0, 0
		for i, c := range legacyCases {
			k := keys[i%len(keys)]
			var sig Signature
			var want SignatureJSON
			var err error
			var ok bool
			if c.payment != nil {
				sig, err = SignPayment(k, *c.payment, c.n)
				ok = VerifyPayment(sig, *c.payment, c.n)
				want = resp.Payments[pi]
				pi++
			} else {
				sig, err = SignDelegation(k, *c.delegation, c.n)
				ok = VerifyDelegation(sig, *c.delegation, c.n)
				want = resp.Delegations[di]
				di++
			}
			if err != nil {
				t.Fatal(err)
			}
			if sig.JSON() != want {
				t.Errorf("legacy command %d (%s): %+v, mina-signer %+v", i, c.n, sig.JSON(), want)
			}
			if !ok {
				t.Errorf("legacy command %d: own signature does not verify", i)
			}
		}
		t.Logf("%s: %d keys, %d field messages, %d client.signFields, %d strings, %d payments, %d delegations match",
			era, len(keys), len(req.Fields), len(req.ClientFields), len(req.Messages), len(req.Payments), len(req.Delegations))
	}
}

// TestMinaSigner compares everything with mina-signer: one node process per
// era (3.0.7 for Berkeley, 4.0.0 for Mesa), both eras side by side.
func TestMinaSigner(t *testing.T) {
	for _, era := range []Era{EraBerkeley, EraMesa} {
		t.Run(era.String(), func(t *testing.T) {
			t.Parallel()
			req := oracleRequest{Era: era.String()}
			checkMessages := messageCases(t, era, &req)
			checkZkapps := zkappCases(t, era, &req)
			resp := runOracle(t, req)
			t.Run("messages", func(t *testing.T) { checkMessages(t, resp) })
			t.Run("zkapp", func(t *testing.T) { checkZkapps(t, resp) })
		})
	}
}
