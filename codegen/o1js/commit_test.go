package o1js

import (
	"context"
	"strconv"
	"testing"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/onnx/quant"
)

// TestInputCommitmentVector pins the convention on o1js's published vector
// Poseidon.hash([1,2,3]) (DESIGN.md).
func TestInputCommitmentVector(t *testing.T) {
	const want = "24619730558757750532171846435738270973938732743182802489305079455910969360336"
	for _, vis := range []string{"public", "hashed"} {
		got, err := InputCommitment(vis, []int64{1, 2, 3}, nil)
		if err != nil || got != want {
			t.Errorf("%s: %s, %v", vis, got, err)
		}
	}
	if _, err := InputCommitment("private", []int64{1}, nil); err == nil {
		t.Error("private commitment without a salt accepted")
	}
	if c, _ := (&Model{ParamVisibility: "fixed"}).ParamsCommitmentWith(nil); c != "0" {
		t.Errorf("fixed weights commitment %s", c)
	}
}

func hashO1js(t *testing.T, lists ...[]string) []string {
	t.Helper()
	var out struct{ Hash []string }
	if err := oracle.Run(context.Background(), "poseidon.mjs", map[string]any{"hash": lists}, &out); err != nil {
		t.Fatal(err)
	}
	return out.Hash
}

// TestCommitmentsMatchO1js: the input commitments (salted or not, negative
// values) and the chained weights commitment of a two-chunk model computed
// in Go equal o1js Poseidon.hash on the same integers (Field(q) of a
// negative q is q mod p, as the generated code's fe()).
func TestCommitmentsMatchO1js(t *testing.T) {
	oracle.RequireNode(t)
	if testing.Short() {
		t.Skip("runs node")
	}
	q := []int64{-5, 0, 7, -(1 << 31), 1<<31 - 1}
	var salt fp.Element
	salt.SetUint64(123456789)
	qs := make([]string, len(q))
	for i, v := range q {
		qs[i] = strconv.FormatInt(v, 10)
	}
	g := opGraphs(t)["conv_bn_leaky_avgpool"]
	p, err := quant.Compile(g, quant.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	m, err := Build(p, Options{ParamVisibility: "hashed", Budget: 2000})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Chunks) < 2 || len(m.Chunks[0].Params) == 0 || len(m.Chunks[1].Params) == 0 {
		t.Fatalf("want weights in two chunks: %+v", m.Chunks)
	}
	weights := func(ch Chunk, prev string) []string {
		l := []string{prev}
		for _, id := range ch.Params {
			l = append(l, m.Tensors[id]...)
		}
		return l
	}
	want := hashO1js(t, qs, append([]string{"123456789"}, qs...), weights(m.Chunks[0], "0"), weights(m.Chunks[0], "123456789"))
	for i := 1; i < len(m.Chunks); i++ {
		next := hashO1js(t, weights(m.Chunks[i], want[2]), weights(m.Chunks[i], want[3]))
		want[2], want[3] = next[0], next[1]
	}
	pub, _ := InputCommitment("public", q, nil)
	priv, _ := InputCommitment("private", q, &salt)
	if pub != want[0] || priv != want[1] {
		t.Errorf("input commitments %s %s, o1js %s %s", pub, priv, want[0], want[1])
	}
	if m.ParamsCommitment != want[2] {
		t.Errorf("hashed weights commitment %s, o1js %s", m.ParamsCommitment, want[2])
	}
	mp, err := Build(p, Options{ParamVisibility: "private", Budget: 2000})
	if err != nil {
		t.Fatal(err)
	}
	if err := mp.SetParamSalt(salt); err != nil {
		t.Fatal(err)
	}
	if mp.ParamsCommitment != want[3] {
		t.Errorf("private weights commitment %s, o1js %s", mp.ParamsCommitment, want[3])
	}
	// Witnessed weights leave the model commitment to the architecture.
	mf, _ := Build(p, Options{Budget: 2000})
	if mf.ModelField == m.ModelField || m.ModelField != mp.ModelField {
		t.Error("model commitment: fixed weights must differ from witnessed ones, hashed and private must agree")
	}
}
