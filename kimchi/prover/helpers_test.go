package prover

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/kimchi/circuit"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/srs"
	"github.com/zkml-mina/zkml/kimchi/wire"
)

// proveSolved solves c for the inputs and proves the assignment with ix.
func proveSolved(t testing.TB, ix *Index, c *circuit.Circuit, public, private []fp.Element) (*wire.ProverProof, []wire.Scalar) {
	t.Helper()
	a, err := c.Solve(public, private)
	if err != nil {
		t.Fatal(err)
	}
	p, pub, err := ix.ProveAssignment(a)
	if err != nil {
		t.Fatal(err)
	}
	return p, pub
}

// cloneProof returns a deep copy of p through its wire encoding (which
// decodes whatever Encode wrote: a failure is a bug in kimchi/wire).
func cloneProof(p *wire.ProverProof) *wire.ProverProof {
	q, err := wire.DecodeProof(p.Encode())
	if err != nil {
		panic(err)
	}
	return q
}

var srsOnce struct {
	once sync.Once
	s    *srs.Vesta
	err  error
}

// loadSRS loads the shared 2^16 Vesta SRS once per test binary.
func loadSRS(t testing.TB) *srs.Vesta {
	t.Helper()
	path := filepath.Join(oracle.SharedDir(t), "kimchi-vectors", "srs", "vesta.srs")
	srsOnce.once.Do(func() { srsOnce.s, srsOnce.err = srs.LoadVesta(path) })
	if srsOnce.err != nil {
		t.Fatalf("load SRS: %v", srsOnce.err)
	}
	return srsOnce.s
}

// testOptions caches Lagrange bases under the user cache directory so
// repeated test runs skip the group FFTs.
func testOptions(t testing.TB) *Options {
	dir, err := os.UserCacheDir()
	if err != nil {
		dir = t.TempDir()
	}
	dir = filepath.Join(dir, "zkml-test-lagrange")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return &Options{LagrangeCache: &srs.Cache{Dir: dir}}
}

func readVector(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(oracle.SharedDir(t), "o1js-vectors", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(b))
}

func felt(x int64) fp.Element {
	var e fp.Element
	e.SetInt64(x)
	return e
}

// tinyCircuit is o1js's main(y: public, x: private) { x*x*x*x == y }.
func tinyCircuit(t testing.TB) *circuit.Circuit {
	b := circuit.NewBuilder()
	y := b.PublicInput()
	x := b.PrivateInput()
	b.AssertEqual(b.Mul(b.Mul(b.Mul(x, x), x), x), y)
	c, err := b.Compile()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// chainCircuit is the vk-12 circuit: x = x*x + 7 repeated reps times, then
// x == y with y public (x private).
func chainCircuit(t testing.TB, reps int) *circuit.Circuit {
	b := circuit.NewBuilder()
	y := b.PublicInput()
	x := b.PrivateInput()
	seven := b.ConstantInt(7)
	for range reps {
		x = b.Add(b.Mul(x, x), seven)
	}
	b.AssertEqual(x, y)
	c, err := b.Compile()
	if err != nil {
		t.Fatal(err)
	}
	return c
}
