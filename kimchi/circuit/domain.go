package circuit

// Kimchi's choice of the evaluation domain, as o1-labs/proof-systems
// computes it (kimchi/src/circuits/constraints.rs, Builder::build, which
// ConstraintSystem::create(gates)...build() runs; o1js's
// caml_pasta_fp_plonk_index_create passes max_poly_size = the SRS size):
//
//  1. lookup_domain_size = Σ rows of the fixed lookup tables given to the
//     builder (data[0].len(), 0 for a table without columns)
//     + Σ rows of the runtime table configurations
//     + 4096 if a gate uses the range-check lookup pattern (RangeCheck0,
//     RangeCheck1, Rot64, ForeignFieldMul; GateLookupTable::table_size)
//     + 256 if a gate uses the XOR pattern (Xor16)
//     + 1 ("a dummy zero entry will be added if there is no table with ID
//     zero") unless one of the *fixed* tables given to the builder has id 0.
//     Only those tables count: the built-in XOR table (id 0) and a runtime
//     table with id 0 do not remove the +1. This is computed whether or not
//     any gate uses lookups.
//  2. circuit_lower_bound = max(gates, lookup_domain_size + 1) (the extra
//     row closes the permutation/aggregation argument).
//  3. zk_rows = 3; lower = circuit_lower_bound + zk_rows. With max_poly_size
//     set, iterate: domain = next power of two ≥ lower; num_chunks = 1 if
//     domain < max_poly_size else domain / max_poly_size; zk_rows =
//     zk_rows_strict_lower_bound(num_chunks) + 1 = (16·num_chunks − 2)/7 + 1;
//     lower = circuit_lower_bound + zk_rows; repeat while domain < lower.
//  4. The domain is the next power of two ≥ lower
//     (EvaluationDomains::create).
//
// kimchi/src/circuits/lookup/index.rs, LookupConstraintSystem::create, then
// fills the table columns with zeros up to max_num_entries = n − zk_rows − 1
// (that zero padding is the dummy entry) and fails with LookupTableTooLong
// when the concatenated tables (fixed, gate and runtime, without the dummy)
// have ≥ max_num_entries rows. With the +1 above this can only happen when
// a fixed table has id 0 and its total is exactly n − zk_rows − 1: kimchi
// (and o1js) then refuse the circuit, as kimchi/prover's NewIndex does. It
// only runs when a gate uses a lookup pattern or runtime tables exist.

// XORTableRows and RangeCheckTableRows are the sizes of Kimchi's built-in
// gate lookup tables (lookup/tables/xor.rs and range_check.rs TABLE_SIZE).
const (
	XORTableRows        = 1 << 8
	RangeCheckTableRows = 1 << 12
)

// LookupSizes describes the lookup tables that count towards Kimchi's
// domain (see Domain).
type LookupSizes struct {
	// FixedRows is the number of rows of the fixed tables handed to
	// Kimchi (Circuit.LookupTables, the built-in gate tables excluded).
	FixedRows int
	// FixedTable0 is whether one of those fixed tables has id 0.
	FixedTable0 bool
	// RuntimeRows is the number of rows of the runtime tables.
	RuntimeRows int
	// RangeCheck is whether a gate makes Kimchi add its 4096-row
	// range-check table (RangeCheck0/1, Rot64, ForeignFieldMul).
	RangeCheck bool
	// Xor is whether a gate makes Kimchi add its 256-row XOR table (Xor16).
	Xor bool
}

// DomainRows is Kimchi's lookup_domain_size: all table rows plus the
// dummy zero entry unless a fixed table has id 0.
func (l LookupSizes) DomainRows() int {
	n := l.FixedRows + l.RuntimeRows
	if l.RangeCheck {
		n += RangeCheckTableRows
	}
	if l.Xor {
		n += XORTableRows
	}
	if !l.FixedTable0 {
		n++
	}
	return n
}

// Domain returns the size of the evaluation domain and the number of
// zero-knowledge rows Kimchi's ConstraintSystem builder picks for a circuit
// of gates rows (unpadded, public-input rows included) with the given
// lookup tables, for an SRS of maxPolySize points (o1js: 2^16). maxPolySize
// ≤ 0 means no limit (max_poly_size None); it changes nothing unless the
// domain exceeds maxPolySize (chunked commitments, more zk rows).
func Domain(gates int, l LookupSizes, maxPolySize int) (size, zkRows int) {
	lowerBound := max(gates, l.DomainRows()+1)
	zkRows = ZKRows
	lower := lowerBound + zkRows
	if maxPolySize > 0 {
		for {
			d := nextPow2(lower)
			chunks := 1
			if d >= maxPolySize {
				chunks = d / maxPolySize
			}
			zkRows = (2*(PermutationColumns+1)*chunks-2)/PermutationColumns + 1
			lower = lowerBound + zkRows
			// An SRS below 16 points needs more zk rows than the domain
			// grows by: no fixpoint (Kimchi loops forever). Stop at 2^40,
			// where NewIndex's size checks refuse it.
			if d >= lower || d > 1<<40 {
				break
			}
		}
	}
	return nextPow2(lower), zkRows
}

func nextPow2(n int) int {
	d := 1
	for d < n {
		d <<= 1
	}
	return d
}

// LookupSizes returns the circuit's lookup tables as Kimchi counts them
// for the domain: Circuit.LookupTables as the fixed tables, the runtime
// table configurations, and the gate tables its gates imply.
func (c *Circuit) LookupSizes() LookupSizes {
	var l LookupSizes
	for _, t := range c.LookupTables {
		if len(t.Columns) > 0 {
			l.FixedRows += len(t.Columns[0])
		}
		if t.ID == 0 {
			l.FixedTable0 = true
		}
	}
	for _, t := range c.RuntimeTables {
		l.RuntimeRows += len(t.FirstColumn)
	}
	for _, g := range c.Gates {
		switch g.Type {
		case RangeCheck0, RangeCheck1, Rot64, ForeignFieldMul:
			l.RangeCheck = true
		case Xor16:
			l.Xor = true
		}
	}
	return l
}

// DomainSize returns the size of the evaluation domain Kimchi's
// ConstraintSystem::create picks for the circuit when the SRS has at least
// that many points (one chunk, zk_rows = 3), which kimchi/prover requires:
// Domain(len(c.Gates), c.LookupSizes(), 0).
func (c *Circuit) DomainSize() int {
	n, _ := Domain(len(c.Gates), c.LookupSizes(), 0)
	return n
}

// DomainFor returns the domain size and zero-knowledge rows Kimchi picks
// for the circuit with an SRS of maxPolySize points: DomainSize and 3 rows
// when the domain fits the SRS, else a chunked domain (n/maxPolySize
// chunks per polynomial) with more zero-knowledge rows.
func (c *Circuit) DomainFor(maxPolySize int) (size, zkRows int) {
	return Domain(len(c.Gates), c.LookupSizes(), maxPolySize)
}
