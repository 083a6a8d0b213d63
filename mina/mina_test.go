package mina

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/field/fq"
)

// A key pair printed by mina-signer 4.0.0's Client.genKeys.
const (
	vectorPrivateKey = "EKEm4vBjoyQhgAe6WAPYBovdZ496t6KkAfbqg9X1kLDiPditjadk"
	vectorPublicKey  = "B62qnHD2dT51sh7abxhTU5MTn9bpFpbzHz6Um2vWCTQr8MHqkDdfoZs"
)

func TestKeyVector(t *testing.T) {
	k, err := ParsePrivateKey(vectorPrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	if got := k.Base58(); got != vectorPrivateKey {
		t.Errorf("re-encoded private key %s", got)
	}
	if got := k.PublicKey().Base58(); got != vectorPublicKey {
		t.Errorf("public key %s, want %s", got, vectorPublicKey)
	}
	pk, err := ParsePublicKey(vectorPublicKey)
	if err != nil {
		t.Fatal(err)
	}
	if !pk.Equal(k.PublicKey()) || pk.Base58() != vectorPublicKey {
		t.Errorf("public key round trip: %s", pk)
	}
	if got := DefaultTokenID().Base58(); got != "wSHV2S4qX9jFsLjQo8r1BsMLH2ZRKsZx6EJd1sbozGPieEC4Jf" {
		t.Errorf("default token id %s", got)
	}
}

// reencode decodes a base58check string without checks and re-encodes its
// payload after applying edit, with a fresh checksum.
func reencode(t *testing.T, s string, edit func(version byte, payload []byte) (byte, []byte)) string {
	t.Helper()
	b, err := decodeRaw(s)
	if err != nil {
		t.Fatal(err)
	}
	v, p := edit(b[0], append([]byte(nil), b[1:len(b)-4]...))
	return EncodeBase58Check(v, p)
}

func decodeRaw(s string) ([]byte, error) {
	// A valid version byte is needed only to get past DecodeBase58Check's
	// checks; read it from the payload itself.
	for v := 0; v < 256; v++ {
		if p, err := DecodeBase58Check(s, byte(v)); err == nil {
			c := checksum(append([]byte{byte(v)}, p...))
			return append(append([]byte{byte(v)}, p...), c[:]...), nil
		} else if !errors.Is(err, ErrVersionByte) {
			return nil, err
		}
	}
	return nil, errors.New("no version byte")
}

func bigLE(v *big.Int) []byte {
	b := make([]byte, 32)
	v.FillBytes(b)
	for i, j := 0, 31; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return b
}

func TestParseKeyErrors(t *testing.T) {
	flipChar := func(s string) string {
		c := byte('2')
		if s[10] == c {
			c = '3'
		}
		return s[:10] + string(c) + s[11:]
	}
	qPayload := append([]byte{versionNumber}, bigLE(fq.Modulus())...)
	pPayload := append([]byte{versionNumber, versionNumber}, append(bigLE(fp.Modulus()), 0)...)
	tests := []struct {
		name    string
		parse   func(string) error
		input   string
		wantErr error
		wantMsg string
	}{
		{"private/checksum", parsePriv, flipChar(vectorPrivateKey), ErrChecksum, ""},
		{"private/version byte", parsePriv, vectorPublicKey, ErrVersionByte, "got 0xcb, want 0x5a"},
		{"private/truncated", parsePriv, reencode(t, vectorPrivateKey, func(v byte, p []byte) (byte, []byte) { return v, p[:len(p)-1] }), ErrLength, ""},
		{"private/too long", parsePriv, reencode(t, vectorPrivateKey, func(v byte, p []byte) (byte, []byte) { return v, append(p, 0) }), ErrLength, ""},
		{"private/version number", parsePriv, reencode(t, vectorPrivateKey, func(v byte, p []byte) (byte, []byte) { p[0] = 2; return v, p }), ErrVersionNumber, ""},
		{"private/non-canonical scalar", parsePriv, EncodeBase58Check(VersionPrivateKey, qPayload), ErrNonCanonical, ""},
		{"private/zero", parsePriv, EncodeBase58Check(VersionPrivateKey, append([]byte{versionNumber}, make([]byte, 32)...)), nil, "zero scalar"},
		{"private/not base58", parsePriv, "EK0OIl", ErrBase58, ""},
		{"private/empty", parsePriv, "", ErrBase58, ""},
		{"public/checksum", parsePub, flipChar(vectorPublicKey), ErrChecksum, ""},
		{"public/version byte", parsePub, vectorPrivateKey, ErrVersionByte, ""},
		{"public/truncated", parsePub, reencode(t, vectorPublicKey, func(v byte, p []byte) (byte, []byte) { return v, p[:20] }), ErrLength, ""},
		{"public/non-canonical x", parsePub, EncodeBase58Check(VersionPublicKey, pPayload), ErrNonCanonical, ""},
		{"public/isOdd byte", parsePub, reencode(t, vectorPublicKey, func(v byte, p []byte) (byte, []byte) { p[len(p)-1] = 2; return v, p }), nil, "isOdd byte is 2"},
		{"public/not on curve", parsePub, (PublicKey{}).Base58(), ErrInvalidPublicKey, ""},
		{"signature/wrong version byte", parseSig, vectorPublicKey, ErrVersionByte, ""},
		{"memo/wrong version byte", parseMemo, vectorPublicKey, ErrVersionByte, ""},
		{"token id/wrong version byte", parseToken, vectorPublicKey, ErrVersionByte, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.parse(tt.input)
			if err == nil {
				t.Fatal("no error")
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Errorf("error %q is not %q", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %q lacks %q", err, tt.wantMsg)
			}
			if strings.Contains(err.Error(), tt.input) && tt.input != "" {
				t.Errorf("error %q repeats the input", err)
			}
		})
	}
}

func parsePriv(s string) error  { _, err := ParsePrivateKey(s); return err }
func parsePub(s string) error   { _, err := ParsePublicKey(s); return err }
func parseSig(s string) error   { _, err := ParseSignature(s); return err }
func parseMemo(s string) error  { _, err := ParseMemo(s); return err }
func parseToken(s string) error { _, err := ParseTokenID(s); return err }

func TestPrivateKeyRedacted(t *testing.T) {
	k, err := ParsePrivateKey(vectorPrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	s := k.Scalar()
	secrets := []string{vectorPrivateKey, s.Text(10), s.Text(16)}
	holder := struct {
		Key PrivateKey
		Ptr *PrivateKey
	}{k, &k}
	for _, format := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%T"} {
		for _, v := range []any{k, &k, holder} {
			out := fmt.Sprintf(format, v)
			for _, secret := range secrets {
				if strings.Contains(out, secret) {
					t.Errorf("%s of %T leaks the key: %s", format, v, out)
				}
			}
		}
	}
	if b, err := json.Marshal(k); err != nil || string(b) != "{}" {
		t.Errorf("JSON of a private key: %s, %v", b, err)
	}
}

func TestSignatureTampering(t *testing.T) {
	k, err := ParsePrivateKey(vectorPrivateKey)
	if err != nil {
		t.Fatal(err)
	}
	pk := k.PublicKey()
	msg := []Field{NewField(1), NewField(2)}
	sig, err := SignFields(k, msg, Mainnet)
	if err != nil {
		t.Fatal(err)
	}
	if !VerifyFields(sig, msg, pk, Mainnet) {
		t.Fatal("signature does not verify")
	}
	parsed, err := ParseSignature(sig.Base58())
	if err != nil || parsed != sig {
		t.Fatalf("base58 round trip: %v", err)
	}
	other := testKeys(t, 1, 1)[0].PublicKey()
	tests := []struct {
		name string
		ok   bool
	}{
		{"other network", VerifyFields(sig, msg, pk, Testnet)},
		{"other message", VerifyFields(sig, msg[:1], pk, Mainnet)},
		{"other key", VerifyFields(sig, msg, other, Mainnet)},
	}
	rb, sb := fpToLE(&sig.R), fqToLE(&sig.S)
	raw := append(rb[:], sb[:]...)
	for i := 0; i < 64; i += 7 {
		b := append([]byte(nil), raw...)
		b[i] ^= 0x01
		r, errR := fpFromLE(b[:32])
		s, errS := fqFromLE(b[32:])
		if errR != nil || errS != nil {
			continue // a flip that leaves the field is rejected on parse
		}
		tests = append(tests, struct {
			name string
			ok   bool
		}{fmt.Sprintf("flipped byte %d", i), VerifyFields(Signature{R: r, S: s}, msg, pk, Mainnet)})
	}
	for _, tt := range tests {
		if tt.ok {
			t.Errorf("%s: tampered signature verifies", tt.name)
		}
	}

	// The same for a legacy message and a zkApp command.
	lsig, err := SignMessage(k, "hello", Testnet)
	if err != nil {
		t.Fatal(err)
	}
	if !VerifyMessage(lsig, "hello", pk, Testnet) || VerifyMessage(lsig, "hellp", pk, Testnet) {
		t.Error("legacy message verification")
	}
	lsig.S.Add(&lsig.S, new(fq.Element).SetOne())
	if VerifyMessage(lsig, "hello", pk, Testnet) {
		t.Error("legacy signature with s+1 verifies")
	}
}

func TestZkappSignVerify(t *testing.T) {
	keys := testKeys(t, 3, 2)
	for _, era := range []Era{EraBerkeley, EraMesa} {
		c := &ZkappCommand{FeePayer: FeePayer{Body: FeePayerBody{PublicKey: keys[0].PublicKey(), Fee: 1e8, Nonce: 3}}}
		b := NewAccountUpdateBody(era, keys[1].PublicKey())
		b.AuthorizationKind.IsSigned = true
		b.BalanceChange = BalanceChange{Magnitude: 5, Sgn: Negative}
		c.AccountUpdates = []AccountUpdate{{Body: b}}
		if err := c.Sign(era, Devnet, keys[0]); err != nil {
			t.Fatal(err)
		}
		if err := c.Verify(era, Devnet); err == nil {
			t.Errorf("%s: verify passes with an unsigned update", era)
		}
		if err := c.Sign(era, Devnet, keys[1]); err != nil {
			t.Fatal(err)
		}
		if err := c.Verify(era, Devnet); err != nil {
			t.Errorf("%s: %v", era, err)
		}
		if err := c.Verify(era, Mainnet); !errors.Is(err, ErrBadSignature) {
			t.Errorf("%s: verify on mainnet: %v", era, err)
		}
		// Flip one byte of the fee payer signature's raw bytes.
		sig, err := ParseSignature(c.FeePayer.Authorization)
		if err != nil {
			t.Fatal(err)
		}
		sig.R.Add(&sig.R, new(fp.Element).SetOne())
		good := c.FeePayer.Authorization
		c.FeePayer.Authorization = sig.Base58()
		if err := c.Verify(era, Devnet); !errors.Is(err, ErrBadSignature) {
			t.Errorf("%s: tampered fee payer signature: %v", era, err)
		}
		c.FeePayer.Authorization = good
		// JSON round trip.
		raw, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		back, err := ParseZkappCommand(raw)
		if err != nil {
			t.Fatal(err)
		}
		raw2, _ := json.Marshal(back)
		if string(raw) != string(raw2) {
			t.Errorf("%s: JSON round trip differs", era)
		}
		if err := back.Verify(era, Devnet); err != nil {
			t.Errorf("%s: parsed command: %v", era, err)
		}
	}
}

func TestEraLayouts(t *testing.T) {
	pk := testKeys(t, 5, 1)[0].PublicKey()
	hashes := map[Era]Field{}
	for _, era := range []Era{EraBerkeley, EraMesa} {
		b := NewAccountUpdateBody(era, pk)
		if len(b.Update.AppState) != era.AppStateLength() || len(b.Preconditions.Account.State) != era.AppStateLength() {
			t.Fatalf("%s: app state length", era)
		}
		h, err := b.Hash(era, Mainnet)
		if err != nil {
			t.Fatal(err)
		}
		hashes[era] = h
		other := EraBerkeley
		if era == EraBerkeley {
			other = EraMesa
		}
		if _, err := b.Hash(other, Mainnet); err == nil || !strings.Contains(err.Error(), "appState") {
			t.Errorf("%s body hashed as %s: %v", era, other, err)
		}
	}
	if hashes[EraBerkeley] == hashes[EraMesa] {
		t.Error("empty bodies hash alike in both eras")
	}
}

func TestZkappErrors(t *testing.T) {
	pk := testKeys(t, 6, 1)[0].PublicKey()
	body := func(edit func(*AccountUpdateBody)) *ZkappCommand {
		b := NewAccountUpdateBody(EraMesa, pk)
		edit(&b)
		return &ZkappCommand{FeePayer: FeePayer{Body: FeePayerBody{PublicKey: pk}}, AccountUpdates: []AccountUpdate{{Body: b}}}
	}
	tests := []struct {
		name    string
		c       *ZkappCommand
		n       NetworkID
		wantMsg string
	}{
		{"depth of first update", body(func(b *AccountUpdateBody) { b.CallDepth = 1 }), Mainnet, "call depth"},
		{"signed and proved", body(func(b *AccountUpdateBody) { b.AuthorizationKind.IsSigned, b.AuthorizationKind.IsProved = true, true }), Mainnet, "authorization kind"},
		{"vk hash without proof", body(func(b *AccountUpdateBody) { b.AuthorizationKind.VerificationKeyHash = NewField(1) }), Mainnet, "authorization kind"},
		{"token symbol", body(func(b *AccountUpdateBody) { s := "SEVENSS"; b.Update.TokenSymbol = &s }), Mainnet, "token symbol"},
		{"permission", body(func(b *AccountUpdateBody) { b.Update.Permissions = &Permissions{} }), Mainnet, "permission"},
		{"app state", body(func(b *AccountUpdateBody) { b.Update.AppState = b.Update.AppState[:8] }), Mainnet, "appState"},
		{"empty network", body(func(*AccountUpdateBody) {}), "", "network id"},
		{"non-ASCII network", body(func(*AccountUpdateBody) {}), "réseau", "network id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := tt.c.Commitments(EraMesa, tt.n)
			if err == nil || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("error %v, want %q", err, tt.wantMsg)
			}
		})
	}
	for _, bad := range []string{
		`{"feePayer":{"body":{"publicKey":"x"}}}`,
		`{"unknown":1}`,
		`{"memo":"abc"}`,
		`{"accountUpdates":[{"body":{"balanceChange":{"sgn":"Zero"}}}]}`,
		`{"accountUpdates":[{"body":{"callData":"-1"}}]}`,
		`{"feePayer":{"body":{"fee":"18446744073709551616"}}}`,
	} {
		if _, err := ParseZkappCommand([]byte(bad)); err == nil {
			t.Errorf("ParseZkappCommand(%s) succeeds", bad)
		}
	}
	if _, err := MemoFromString(strings.Repeat("x", 33)); err == nil {
		t.Error("33-byte memo accepted")
	}
}
