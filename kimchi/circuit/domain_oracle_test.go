package circuit_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/zkml-mina/zkml/internal/oracle"
	"github.com/zkml-mina/zkml/kimchi/circuit"
	"github.com/zkml-mina/zkml/kimchi/field/fp"
	"github.com/zkml-mina/zkml/kimchi/prover"
	"github.com/zkml-mina/zkml/kimchi/srs"
	"github.com/zkml-mina/zkml/kimchi/vk"
)

// o1js table contents (oracles/o1js-kimchi.mjs lookupdomain): column c,
// row i holds i+1+c; with zeroRow, row 0 is all zero.
func o1jsColumn(rows, c int, zeroRow bool) []fp.Element {
	col := make([]fp.Element, rows)
	for i := range col {
		if !(zeroRow && i == 0) {
			col[i].SetUint64(uint64(i + 1 + c))
		}
	}
	return col
}

type ldTable struct {
	ID      int32 `json:"id"`
	Rows    int   `json:"rows"`
	Cols    int   `json:"cols,omitempty"`
	ZeroRow bool  `json:"zeroRow,omitempty"`
}

type ldSpec struct {
	Chain        int       `json:"chain,omitempty"`
	RangeCheck64 int       `json:"rangeCheck64,omitempty"`
	Fixed        []ldTable `json:"fixed,omitempty"`
	Runtime      []ldTable `json:"runtime,omitempty"`
	Lookups      []struct {
		ID    int32 `json:"id"`
		Count int   `json:"count"`
	} `json:"lookups,omitempty"`
}

// build writes spec's circuit as o1js's lookupdomain does (y public, x
// private). Fixed tables with id 0, which the Builder refuses, are put into
// Circuit.LookupTables after Compile, in the spec's order.
func (s ldSpec) build(t *testing.T) *circuit.Circuit {
	b := circuit.NewBuilder()
	y := b.PublicInput()
	x := b.PrivateInput()
	for _, tb := range s.Fixed {
		if tb.ID == 0 {
			continue
		}
		cols := make([][]fp.Element, max(tb.Cols, 1))
		for c := range cols {
			cols[c] = o1jsColumn(tb.Rows, c, tb.ZeroRow)
		}
		if err := b.AddLookupTable(tb.ID, cols...); err != nil {
			t.Fatal(err)
		}
	}
	for _, tb := range s.Runtime {
		vals := make([]circuit.Variable, tb.Rows)
		for i := range vals {
			vals[i] = y
		}
		if err := b.AddRuntimeTable(tb.ID, o1jsColumn(tb.Rows, 0, false), vals); err != nil {
			t.Fatal(err)
		}
	}
	z := x
	seven := b.ConstantInt(7)
	for range s.Chain {
		z = b.Add(b.Mul(z, z), seven)
	}
	b.AssertEqual(z, y)
	for range s.RangeCheck64 {
		b.RangeCheck64(x)
	}
	for _, l := range s.Lookups {
		for range 3 * l.Count {
			b.Lookup(l.ID, x, y)
		}
	}
	c, err := b.Compile()
	if err != nil {
		t.Fatal(err)
	}
	var tables []circuit.LookupTable
	rest := c.LookupTables
	for _, tb := range s.Fixed {
		if tb.ID == 0 {
			cols := make([][]fp.Element, max(tb.Cols, 1))
			for c := range cols {
				cols[c] = o1jsColumn(tb.Rows, c, tb.ZeroRow)
			}
			tables = append(tables, circuit.LookupTable{ID: 0, Columns: cols})
		} else {
			tables = append(tables, rest[0])
			rest = rest[1:]
		}
	}
	c.LookupTables = append(tables, rest...)
	return c
}

// TestLookupDomainO1js compiles circuits whose lookup tables sit at a
// power-of-two boundary with o1js 2.15.0 and compares the domain of its
// verification key with circuit.DomainSize, and the whole verifier index
// byte for byte with kimchi/prover's; where kimchi refuses the circuit
// (LookupTableTooLong: a fixed id-0 table filling n − zk_rows − 1 rows)
// kimchi/prover must refuse it too. Each case is one o1js compile (about
// 10 s at 2^8, one to two minutes at 2^13–2^14), so it runs with
// ZKML_E2E=1 only.
//
// Every case has lookup gates: o1js's compile of fixed tables without any
// lookup gate never finished (node went idle).
func TestLookupDomainO1js(t *testing.T) {
	if os.Getenv("ZKML_E2E") == "" {
		t.Skip("set ZKML_E2E=1 to run the o1js lookup-domain comparison")
	}
	oracle.RequireNode(t)
	s, err := srs.LoadVesta(filepath.Join(oracle.SharedDir(t), "kimchi-vectors", "srs", "vesta.srs"))
	if err != nil {
		t.Fatal(err)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		cache = t.TempDir()
	}
	cache = filepath.Join(cache, "zkml-test-lagrange")
	if err := os.MkdirAll(cache, 0o755); err != nil {
		t.Fatal(err)
	}
	opts := &prover.Options{LagrangeCache: &srs.Cache{Dir: cache}}

	lookups := func(id int32) []struct {
		ID    int32 `json:"id"`
		Count int   `json:"count"`
	} {
		return []struct {
			ID    int32 `json:"id"`
			Count int   `json:"count"`
		}{{id, 1}}
	}
	for _, tc := range []struct {
		name    string
		spec    ldSpec
		domain  int
		refused bool
	}{
		// fixed table id 5: rows + 1 (dummy) + 1 + 3 ≤ 2^k
		{"fixed-251", ldSpec{Fixed: []ldTable{{ID: 5, Rows: 251}}, Lookups: lookups(5)}, 256, false},
		{"fixed-252", ldSpec{Fixed: []ldTable{{ID: 5, Rows: 252, Cols: 2}}, Lookups: lookups(5)}, 512, false},
		// a fixed id-0 table (with its zero row) drops the dummy: rows + 1 +
		// 3 ≤ 2^k, but create needs rows < 2^k − 3 − 1
		{"fixed0-250", ldSpec{Fixed: []ldTable{{ID: 0, Rows: 250, ZeroRow: true}, {ID: 5, Rows: 1}}, Lookups: lookups(5)}, 256, false},
		{"fixed0-251", ldSpec{Fixed: []ldTable{{ID: 0, Rows: 251, ZeroRow: true}, {ID: 5, Rows: 1}}, Lookups: lookups(5)}, 256, true},
		{"fixed0-252", ldSpec{Fixed: []ldTable{{ID: 0, Rows: 252, ZeroRow: true}, {ID: 5, Rows: 1}}, Lookups: lookups(5)}, 512, false},
		// runtime tables count like fixed ones, dummy included
		{"runtime-251", ldSpec{Runtime: []ldTable{{ID: 5, Rows: 251}}, Lookups: lookups(5)}, 256, false},
		{"runtime-252", ldSpec{Runtime: []ldTable{{ID: 5, Rows: 252}}, Lookups: lookups(5)}, 512, false},
		// gate-bound next to a lookup table: 509 rows (2^9 − 3), 511 rows
		{"chain-338-fixed", ldSpec{Chain: 338, Fixed: []ldTable{{ID: 5, Rows: 200}}, Lookups: lookups(5)}, 512, false},
		{"chain-339-fixed", ldSpec{Chain: 339, Fixed: []ldTable{{ID: 5, Rows: 200}}, Lookups: lookups(5)}, 1024, false},
		// the range-check gate table (4096 rows) with a custom table
		{"rangecheck-fixed-4091", ldSpec{RangeCheck64: 1, Fixed: []ldTable{{ID: 5, Rows: 4091}}}, 8192, false},
		{"rangecheck-fixed-4092", ldSpec{RangeCheck64: 1, Fixed: []ldTable{{ID: 5, Rows: 4092}}}, 16384, false},
		{"rangecheck-fixed0-4092", ldSpec{RangeCheck64: 1, Fixed: []ldTable{{ID: 0, Rows: 4092, ZeroRow: true}}}, 8192, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.spec.build(t)
			if got := c.DomainSize(); got != tc.domain {
				t.Errorf("DomainSize = %d, want %d", got, tc.domain)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			var out struct {
				VK    string `json:"vk"`
				Error string `json:"error"`
			}
			req := map[string]any{"cmd": "compile", "circuit": "lookupdomain", "spec": tc.spec}
			if err := oracle.Run(ctx, "o1js-kimchi.mjs", req, &out); err != nil {
				t.Fatal(err)
			}
			ix, ierr := prover.NewIndex(c, s, opts)
			if tc.refused {
				if out.Error == "" {
					t.Errorf("o1js accepted the circuit")
				}
				if ierr == nil {
					t.Errorf("kimchi/prover accepted the circuit")
				}
				t.Logf("o1js: %s; ours: %v", out.Error, ierr)
				return
			}
			if out.Error != "" {
				t.Fatalf("o1js: %s", out.Error)
			}
			vi, err := vk.DecodeString(out.VK)
			if err != nil {
				t.Fatal(err)
			}
			if int(vi.Domain.Size) != tc.domain || vi.ZkRows != 3 {
				t.Errorf("o1js domain %d, zk_rows %d; want %d, 3", vi.Domain.Size, vi.ZkRows, tc.domain)
			}
			if ierr != nil {
				t.Fatal(ierr)
			}
			ours, err := vk.EncodeString(ix.VerifierIndex())
			if err != nil {
				t.Fatal(err)
			}
			if ours != out.VK {
				t.Errorf("verifier index differs from o1js's")
			}
		})
	}
}
