package circuit

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

// tiny is o1js's main(y: public, x: private) { x*x*x*x == y }.
func tiny() *Builder {
	b := NewBuilder()
	y := b.PublicInput()
	x := b.PrivateInput()
	b.AssertEqual(b.Mul(b.Mul(b.Mul(x, x), x), x), y)
	return b
}

func TestTinyMatchesO1js(t *testing.T) {
	dir := oracle.SharedDir(t)
	c, err := tiny().Compile()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "o1js-vectors", "tiny_raw_cs.json"))
	if err != nil {
		t.Fatal(err)
	}
	npub, wantRaw, err := ParseRawJSON(raw)
	if err != nil {
		t.Fatal(err)
	}
	if npub != c.PublicInputs {
		t.Errorf("public inputs %d, want %d", c.PublicInputs, npub)
	}
	padded := c.PaddedGates()
	if d := DiffGates(padded, wantRaw); d != "" {
		t.Errorf("raw gates differ: %s", d)
	}
	ana, err := os.ReadFile(filepath.Join(dir, "o1js-vectors", "tiny_gates.json"))
	if err != nil {
		t.Fatal(err)
	}
	wantAna, err := ParseGatesJSON(ana)
	if err != nil {
		t.Fatal(err)
	}
	if d := DiffGates(padded, wantAna); d != "" {
		t.Errorf("analyzeMethod gates differ: %s", d)
	}
	// Byte-level round trip of both formats.
	gotRaw, err := RawJSON(c.PublicInputs, padded)
	if err != nil {
		t.Fatal(err)
	}
	if string(gotRaw) != string(trimNL(raw)) {
		t.Errorf("raw JSON bytes differ:\n got %s\nwant %s", gotRaw, raw)
	}
	gotAna, err := GatesJSON(padded)
	if err != nil {
		t.Fatal(err)
	}
	if string(gotAna) != string(trimNL(ana)) {
		t.Errorf("gate JSON bytes differ:\n got %s\nwant %s", gotAna, ana)
	}
	// Witness for x = 3, y = 81 satisfies the circuit; y = 80 does not.
	w, err := c.Witness([]fp.Element{fe(81)}, []fp.Element{fe(3)})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Check(w); err != nil {
		t.Fatalf("valid witness refused: %v", err)
	}
	w, err = c.Witness([]fp.Element{fe(80)}, []fp.Element{fe(3)})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Check(w); err == nil {
		t.Fatal("witness with y = 80 accepted")
	} else {
		t.Log(err)
	}
}

func trimNL(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == '\r') {
		b = b[:len(b)-1]
	}
	return b
}

func fe(v int64) fp.Element { return felt(v) }
