package circuit

import (
	"testing"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

// The expected domains below are worked out by hand from proof-systems'
// Builder::build (kimchi/src/circuits/constraints.rs):
// lookup_domain_size L = fixed + runtime + 4096·rc + 256·xor + (1 unless a
// fixed table has id 0); lower = max(gates, L+1) + zk_rows; domain = next
// power of two ≥ lower. With a fixed table of id ≠ 0 (or none) the lookup
// side needs rows + 5 ≤ 2^k, with one of id 0 rows + 4 ≤ 2^k.
func TestDomainBoundaries(t *testing.T) {
	for _, tc := range []struct {
		name   string
		gates  int
		l      LookupSizes
		domain int
	}{
		{"two gates", 2, LookupSizes{}, 8},
		{"gates 2^3-3", 5, LookupSizes{}, 8},
		{"gates 2^3-2", 6, LookupSizes{}, 16},
		{"gates 2^12-3", 4093, LookupSizes{}, 4096},
		{"gates 2^12-2", 4094, LookupSizes{}, 8192},

		// fixed table, id ≠ 0: dummy row counted: T + 1 + 1 + 3
		{"fixed 2^8-5", 10, LookupSizes{FixedRows: 251}, 256},
		{"fixed 2^8-4", 10, LookupSizes{FixedRows: 252}, 512},
		{"fixed 2^12-5", 10, LookupSizes{FixedRows: 4091}, 4096},
		{"fixed 2^12-4", 10, LookupSizes{FixedRows: 4092}, 8192},
		// fixed table with id 0: no dummy: T + 1 + 3 (at T = 2^k-4 kimchi
		// then fails in LookupConstraintSystem::create if lookups are used)
		{"fixed0 2^8-4", 10, LookupSizes{FixedRows: 252, FixedTable0: true}, 256},
		{"fixed0 2^8-3", 10, LookupSizes{FixedRows: 253, FixedTable0: true}, 512},

		// range-check gate table alone: 4096 + 1 + 1 + 3 = 4101
		{"range check", 10, LookupSizes{RangeCheck: true}, 8192},
		{"range check, gates 2^13-3", 8189, LookupSizes{RangeCheck: true}, 8192},
		{"range check, gates 2^13-2", 8190, LookupSizes{RangeCheck: true}, 16384},
		{"range check + fixed 2^13-4101", 10, LookupSizes{RangeCheck: true, FixedRows: 4091}, 8192},
		{"range check + fixed 2^13-4100", 10, LookupSizes{RangeCheck: true, FixedRows: 4092}, 16384},
		{"range check + fixed0 2^13-4100", 10, LookupSizes{RangeCheck: true, FixedRows: 4092, FixedTable0: true}, 8192},
		{"range check + fixed0 2^13-4099", 10, LookupSizes{RangeCheck: true, FixedRows: 4093, FixedTable0: true}, 16384},
		// a lookup bound equal to the gate bound
		{"range check, gates = L+1", 4098, LookupSizes{RangeCheck: true}, 8192},

		// XOR table (id 0, but built in: the dummy is still counted)
		{"xor", 10, LookupSizes{Xor: true}, 512},
		{"xor + fixed 2^9-261", 10, LookupSizes{Xor: true, FixedRows: 251}, 512},
		{"xor + fixed 2^9-260", 10, LookupSizes{Xor: true, FixedRows: 252}, 1024},
		{"xor + range check", 10, LookupSizes{Xor: true, RangeCheck: true}, 8192},
		{"xor + range check + fixed 2^13-4357", 10, LookupSizes{Xor: true, RangeCheck: true, FixedRows: 3835}, 8192},
		{"xor + range check + fixed 2^13-4356", 10, LookupSizes{Xor: true, RangeCheck: true, FixedRows: 3836}, 16384},

		// runtime tables count like fixed ones; only a fixed id-0 table
		// drops the dummy
		{"runtime 2^8-5", 10, LookupSizes{RuntimeRows: 251}, 256},
		{"runtime 2^8-4", 10, LookupSizes{RuntimeRows: 252}, 512},
		{"runtime + fixed 2^8-5", 10, LookupSizes{RuntimeRows: 200, FixedRows: 51}, 256},
		{"runtime + fixed 2^8-4", 10, LookupSizes{RuntimeRows: 200, FixedRows: 52}, 512},
		{"runtime + fixed0 2^8-4", 10, LookupSizes{RuntimeRows: 200, FixedRows: 52, FixedTable0: true}, 256},
		{"runtime + range check 2^13-4101", 10, LookupSizes{RuntimeRows: 4091, RangeCheck: true}, 8192},
		{"runtime + range check 2^13-4100", 10, LookupSizes{RuntimeRows: 4092, RangeCheck: true}, 16384},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, mps := range []int{0, 1 << 16} {
				n, zk := Domain(tc.gates, tc.l, mps)
				if n != tc.domain || zk != 3 {
					t.Errorf("max_poly_size %d: Domain = (%d, %d), want (%d, 3)", mps, n, zk, tc.domain)
				}
			}
		})
	}
}

// TestDomainChunks checks the zk_rows fixpoint of Builder::build for
// domains beyond max_poly_size: num_chunks = n / max_poly_size, zk_rows =
// (16·num_chunks − 2)/7 + 1 (zk_rows_strict_lower_bound + 1).
func TestDomainChunks(t *testing.T) {
	const mps = 1 << 16
	for _, tc := range []struct {
		gates, mps, domain, zk int
	}{
		{65533, mps, 1 << 16, 3},  // exactly one chunk
		{65534, mps, 1 << 17, 5},  // two chunks: zk 30/7+1
		{131067, mps, 1 << 17, 5}, // 131067 + 5 = 2^17
		{131068, mps, 1 << 18, 9}, // 131068 + 3 fits 2^17, + 5 does not: 4 chunks
		{131069, mps, 1 << 18, 9},
		{131068, 0, 1 << 17, 3}, // no limit: always 3
		{131068, 1 << 17, 1 << 17, 3},
		{262135, mps, 1 << 18, 9},
		{262136, mps, 1 << 19, 19}, // 8 chunks: 126/7+1
	} {
		n, zk := Domain(tc.gates, LookupSizes{}, tc.mps)
		if n != tc.domain || zk != tc.zk {
			t.Errorf("gates %d, max_poly_size %d: Domain = (%d, %d), want (%d, %d)", tc.gates, tc.mps, n, zk, tc.domain, tc.zk)
		}
	}
	// Lookup rows feed the same lower bound.
	if n, zk := Domain(10, LookupSizes{FixedRows: 65532}, mps); n != 1<<17 || zk != 5 {
		t.Errorf("fixed 2^16-4 rows: Domain = (%d, %d), want (2^17, 5)", n, zk)
	}
	if n, zk := Domain(10, LookupSizes{FixedRows: 65531}, mps); n != 1<<16 || zk != 3 {
		t.Errorf("fixed 2^16-5 rows: Domain = (%d, %d), want (2^16, 3)", n, zk)
	}
}

func seq(n, from int) []fp.Element {
	out := make([]fp.Element, n)
	for i := range out {
		out[i].SetUint64(uint64(from + i))
	}
	return out
}

// TestCircuitDomain builds circuits with the Builder and checks
// LookupSizes and DomainSize at the lookup boundaries.
func TestCircuitDomain(t *testing.T) {
	for _, tc := range []struct {
		name   string
		build  func(b *Builder)
		edit   func(c *Circuit) // after Compile (tables the Builder refuses)
		sizes  LookupSizes
		domain int
	}{
		{"fixed 251", func(b *Builder) {
			y, x := b.PublicInput(), b.PrivateInput()
			if err := b.AddLookupTable(5, seq(251, 1)); err != nil {
				t.Fatal(err)
			}
			b.Lookup(5, x, y)
		}, nil, LookupSizes{FixedRows: 251}, 256},
		{"fixed 252", func(b *Builder) {
			y, x := b.PublicInput(), b.PrivateInput()
			if err := b.AddLookupTable(5, seq(252, 1), seq(252, 2)); err != nil {
				t.Fatal(err)
			}
			b.Lookup(5, x, y)
		}, nil, LookupSizes{FixedRows: 252}, 512},
		{"fixed id 0, 252", func(b *Builder) {
			y, x := b.PublicInput(), b.PrivateInput()
			b.AssertEqual(x, y)
		}, func(c *Circuit) {
			c.LookupTables = append(c.LookupTables, LookupTable{ID: 0, Columns: [][]fp.Element{seq(252, 0)}})
		}, LookupSizes{FixedRows: 252, FixedTable0: true}, 256},
		{"runtime 252", func(b *Builder) {
			y, x := b.PublicInput(), b.PrivateInput()
			vals := make([]Variable, 252)
			for i := range vals {
				vals[i] = y
			}
			if err := b.AddRuntimeTable(5, seq(252, 1), vals); err != nil {
				t.Fatal(err)
			}
			b.Lookup(5, x, y)
		}, nil, LookupSizes{RuntimeRows: 252}, 512},
		{"range check + fixed 4091", func(b *Builder) {
			y, x := b.PublicInput(), b.PrivateInput()
			b.AssertEqual(x, y)
			b.RangeCheck64(x)
			if err := b.AddLookupTable(5, seq(4091, 1)); err != nil {
				t.Fatal(err)
			}
		}, nil, LookupSizes{FixedRows: 4091, RangeCheck: true}, 8192},
		{"range check + fixed 4092", func(b *Builder) {
			y, x := b.PublicInput(), b.PrivateInput()
			b.AssertEqual(x, y)
			b.RangeCheck64(x)
			if err := b.AddLookupTable(5, seq(4092, 1)); err != nil {
				t.Fatal(err)
			}
		}, nil, LookupSizes{FixedRows: 4092, RangeCheck: true}, 16384},
		{"12-bit lookups without range-check gates", func(b *Builder) {
			y, x := b.PublicInput(), b.PrivateInput()
			b.AssertEqual(x, y)
			b.RangeCheckBits(x, 12)
		}, nil, LookupSizes{FixedRows: 4096}, 8192},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := NewBuilder()
			tc.build(b)
			c, err := b.Compile()
			if err != nil {
				t.Fatal(err)
			}
			if tc.edit != nil {
				tc.edit(c)
			}
			if got := c.LookupSizes(); got != tc.sizes {
				t.Errorf("LookupSizes = %+v, want %+v", got, tc.sizes)
			}
			if got := c.DomainSize(); got != tc.domain {
				t.Errorf("DomainSize = %d, want %d", got, tc.domain)
			}
			if got := len(c.PaddedGates()); got != tc.domain {
				t.Errorf("PaddedGates: %d rows, want %d", got, tc.domain)
			}
		})
	}
}
