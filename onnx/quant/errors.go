package quant

import "fmt"

// RangeError reports an integer that leaves its fixed width: a node output
// outside the ValueBits range, an accumulator reaching 2^AccBits, or a
// constant or input that does not fit once quantized. Nothing ever wraps
// around silently.
type RangeError struct {
	Node  string // the node's name ("" for a graph input)
	Op    string // the node's op
	Value string // the tensor the element belongs to (an output, input or constant name)
	What  string // "output", "accumulator", "constant" or "input"
	Index int    // flat element index within Value
	Got   float64
	// Bits is the bound: for an accumulator, the sum of the absolute values
	// of its terms must stay below 2^Bits; for anything else the element
	// must satisfy −2^(Bits−1) ≤ q < 2^(Bits−1).
	Bits int
}

func (e *RangeError) Error() string {
	where := "input"
	if e.Node != "" {
		where = fmt.Sprintf("node %q (%s)", e.Node, e.Op)
	}
	if e.What == "accumulator" {
		return fmt.Sprintf("quant: %s: accumulator for %q element %d reached sum |terms| = %.0f, not below 2^%d",
			where, e.Value, e.Index, e.Got, e.Bits)
	}
	return fmt.Sprintf("quant: %s: %s %q element %d is %.0f, outside the %d-bit range [-2^%d, 2^%d)",
		where, e.What, e.Value, e.Index, e.Got, e.Bits, e.Bits-1, e.Bits-1)
}
