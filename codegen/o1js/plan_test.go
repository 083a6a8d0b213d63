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
	}{{"digits_mlp", 0, 1}, {"game_master", 0, 1}, {"game_master", 1500, 2}, {"digits_mlp", 600, 2}, {"digits_cnn", 0, 1},
		{"lenet5", 0, 14}, {"digits_cnn", 3000, 3}} {
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
// MerkleTree of height 2 over [5, 7]: Poseidon.hash([5, 7])); a negative
// entry is q mod p with o1js's Field.ORDER (Pallas base field).
func TestTableTreeRoot(t *testing.T) {
	tr := tableTree([]string{"5", "7"})
	if tr.Height != 2 || len(tr.Levels) != 1 || tr.Levels[0][0] != tr.Root {
		t.Fatalf("%+v", tr)
	}
	neg := tableTree([]string{"-1"})
	if neg.Height != 1 || neg.Root != "28948022309329048855892746252171976963363056481941560715954676764349967630336" {
		t.Fatalf("%+v", neg)
	}
}

// TestSplitLenet5: lenet5's convolutions (conv1 ≈ 80k, conv2 ≈ 125k
// predicted rows with their ReLU and pooling) do not fit one circuit; each
// is split by output slices into parts proved in different chunks, whose
// partial outputs travel in the inter-chunk commitments. Every chunk stays
// within the budget, and the parts of one step land in at least two chunks.
func TestSplitLenet5(t *testing.T) {
	for _, budget := range []int{DefaultBudget, 30000} {
		m, err := Build(program(t, "lenet5"), Options{Budget: budget})
		if err != nil {
			t.Fatal(err)
		}
		chunkOf := map[int]int{}
		for ci, ch := range m.Chunks {
			if ch.Rows > budget {
				t.Errorf("budget %d: chunk %d predicts %d rows", budget, ci, ch.Rows)
			}
			for _, si := range ch.Steps {
				chunkOf[m.Steps[si].Y] = ci
			}
		}
		splits := 0
		for _, s := range m.Steps {
			if len(s.Xs) < 2 {
				continue
			}
			seen := map[int]bool{}
			for _, x := range s.Xs {
				seen[chunkOf[x]] = true
			}
			if len(seen) >= 2 {
				splits++
			}
		}
		if splits < 2 || len(m.Chunks) < 4 {
			t.Errorf("budget %d: %d chunks, %d steps split across chunks", budget, len(m.Chunks), splits)
		}
		t.Logf("budget %d: %d chunks, rows %v", budget, len(m.Chunks), chunkRows(m))
	}
}

func chunkRows(m *Model) []int {
	var r []int
	for _, c := range m.Chunks {
		r = append(r, c.Rows)
	}
	return r
}
