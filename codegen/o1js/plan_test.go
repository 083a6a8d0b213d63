package o1js

import (
	"path/filepath"
	"reflect"
	"testing"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/onnx"
	"github.com/zkml-mina/zkml/onnx/quant"
)

func program(t *testing.T, name string) *quant.Program {
	m, err := onnx.LoadFile(filepath.Join(oracle.SharedDir(t), "models", name, "model.onnx"))
	if err != nil {
		t.Fatal(err)
	}
	p, err := quant.Compile(m.Graph, quant.DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestChunksLinkUp: each chunk's live outputs are the next chunk's live
// inputs, the last chunk ends in the graph output, and a lowered budget
// splits game_master into two chunks.
func TestChunksLinkUp(t *testing.T) {
	for _, c := range []struct {
		model  string
		budget int
		want   int
	}{{"digits_mlp", 0, 1}, {"game_master", 0, 1}, {"game_master", 1500, 2}, {"digits_mlp", 600, 2}, {"digits_cnn", 0, 1}} {
		m, err := Build(program(t, c.model), Options{Budget: c.budget})
		if err != nil {
			t.Fatalf("%s: %v", c.model, err)
		}
		if len(m.Chunks) != c.want {
			t.Errorf("%s budget %d: %d chunks, want %d", c.model, c.budget, len(m.Chunks), c.want)
		}
		if !reflect.DeepEqual(m.Chunks[0].LiveIn, []int{0}) {
			t.Errorf("%s: first chunk takes %v", c.model, m.Chunks[0].LiveIn)
		}
		for i := 1; i < len(m.Chunks); i++ {
			if !reflect.DeepEqual(m.Chunks[i-1].LiveOut, m.Chunks[i].LiveIn) {
				t.Errorf("%s: chunk %d passes %v, chunk %d takes %v", c.model, i-1, m.Chunks[i-1].LiveOut, i, m.Chunks[i].LiveIn)
			}
		}
		last := m.Chunks[len(m.Chunks)-1]
		if !reflect.DeepEqual(last.LiveOut, []int{m.Output.ID}) {
			t.Errorf("%s: last chunk outputs %v", c.model, last.LiveOut)
		}
	}
}

// TestModelFieldIgnoresNames: the model commitment depends on the integers
// only.
func TestModelFieldIgnoresNames(t *testing.T) {
	p := program(t, "digits_mlp")
	a, err := Build(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p.Steps[0].Output = "renamed"
	p.Steps[1].Inputs[0].Name = "renamed"
	b, err := Build(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.ModelField != b.ModelField {
		t.Error("model field depends on names")
	}
}

// TestTableTreeRoot pins the Merkle root convention on a tiny table (o1js
// MerkleTree of height 2 over [5, 7]: Poseidon.hash([5, 7])).
func TestTableTreeRoot(t *testing.T) {
	tr := tableTree([]string{"5", "7"})
	if tr.Height != 2 || len(tr.Levels) != 1 || tr.Levels[0][0] != tr.Root {
		t.Fatalf("%+v", tr)
	}
	neg := tableTree([]string{"-1"})
	if neg.Height != 1 || neg.Root != "28948022309329048855892746252171376963363606140017542837248486839007211294720" {
		t.Fatalf("%+v", neg)
	}
}
