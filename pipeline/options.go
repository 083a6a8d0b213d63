package pipeline

import (
	"fmt"

	kcircuit "github.com/zkml-mina/zkml/codegen/kimchi"
	"github.com/zkml-mina/zkml/onnx/quant"
)

// ParamVisibility says how the model's weights enter the circuit.
type ParamVisibility int

const (
	// ParamsFixed bakes the quantized weights into the gate coefficients,
	// so the verifier index binds them.
	ParamsFixed ParamVisibility = iota
	// ParamsPrivate keeps the weights out of the verifier index, as private
	// witness values. Kimchi can only bind private weights through a
	// commitment, so this is the circuit of ParamsHashed: the weights'
	// Poseidon commitment is a public input that Verify checks against the
	// manifest.
	ParamsPrivate
	// ParamsHashed makes the weights private and their Poseidon commitment
	// (kcircuit.Commitment) a public input.
	ParamsHashed
)

func (p ParamVisibility) String() string {
	switch p {
	case ParamsFixed:
		return "fixed"
	case ParamsPrivate:
		return "private"
	case ParamsHashed:
		return "hashed"
	}
	return fmt.Sprintf("ParamVisibility(%d)", int(p))
}

// ParseParamVisibility parses "fixed", "private" or "hashed".
func ParseParamVisibility(s string) (ParamVisibility, error) {
	for _, p := range []ParamVisibility{ParamsFixed, ParamsPrivate, ParamsHashed} {
		if p.String() == s {
			return p, nil
		}
	}
	return 0, fmt.Errorf("param visibility %q: want fixed, private or hashed", s)
}

// ParseInputVisibility parses "public", "private" or "hashed".
func ParseInputVisibility(s string) (kcircuit.Visibility, error) {
	for _, v := range []kcircuit.Visibility{kcircuit.InputPublic, kcircuit.InputPrivate, kcircuit.InputHashed} {
		if v.String() == s {
			return v, nil
		}
	}
	return 0, fmt.Errorf("input visibility %q: want public, private or hashed", s)
}

// Options configures Compile. The zero value is the default: scale
// quant.DefaultScale, public inputs, fixed weights.
type Options struct {
	// Scale is the fixed-point scale exponent of activations and weights
	// (quant.Config.Scale and ParamScale); 0 means quant.DefaultScale.
	Scale           int
	InputVisibility kcircuit.Visibility
	ParamVisibility ParamVisibility
	// RangeLimbBits selects kcircuit's range-check backend: 0 picks the one
	// giving the smallest domain (kcircuit.Options.RangeLimbBits), 12 is
	// Kimchi's RangeCheck0 gates with the 4,096-row table, 2–11 a custom
	// table of that many bits.
	RangeLimbBits int
	// SRS chooses the SRS depth: SRSO1js (the zero value) is o1js's 2^16
	// SRS, a larger domain being chunked in 2^16-point pieces as o1js's
	// ZkFunction compiles it; SRSDomain is exactly the domain's size, which
	// makes small circuits prove and verify faster. o1js verifies both up
	// to 2^16 (it holds the 2^16 SRS, whose first 2^k points are the 2^k
	// SRS; only max_poly_size in the verifier index differs from what o1js
	// itself would compile) and SRSO1js above it.
	SRS SRSMode
}

// SRSMode chooses the SRS size of a compiled model.
type SRSMode int

const (
	// SRSO1js uses o1js's 2^16 points, chunking larger domains.
	SRSO1js SRSMode = iota
	// SRSDomain uses as many points as the domain has.
	SRSDomain
)

func (m SRSMode) String() string {
	switch m {
	case SRSO1js:
		return "o1js"
	case SRSDomain:
		return "domain"
	}
	return fmt.Sprintf("SRSMode(%d)", int(m))
}

// ParseSRSMode parses "o1js" or "domain".
func ParseSRSMode(s string) (SRSMode, error) {
	for _, m := range []SRSMode{SRSO1js, SRSDomain} {
		if m.String() == s {
			return m, nil
		}
	}
	return 0, fmt.Errorf("SRS %q: want o1js or domain", s)
}

// depth returns the SRS depth for a domain of size n.
func (m SRSMode) depth(n int) int {
	if m == SRSDomain {
		d := 0
		for 1<<d < n {
			d++
		}
		return d
	}
	return MinSRSDepth
}

func (o Options) resolved() (Options, error) {
	if o.Scale == 0 {
		o.Scale = quant.DefaultScale
	}
	if o.Scale < 1 || o.Scale > quant.MaxScale {
		return o, fmt.Errorf("scale %d: want 1 to %d", o.Scale, quant.MaxScale)
	}
	if _, err := ParseInputVisibility(o.InputVisibility.String()); err != nil {
		return o, err
	}
	if _, err := ParseParamVisibility(o.ParamVisibility.String()); err != nil {
		return o, err
	}
	if _, err := ParseSRSMode(o.SRS.String()); err != nil {
		return o, err
	}
	if o.RangeLimbBits != 0 && (o.RangeLimbBits < 2 || o.RangeLimbBits > 12) {
		return o, fmt.Errorf("range limb bits %d: want 0 (auto) or 2 to 12", o.RangeLimbBits)
	}
	return o, nil
}

func (o Options) circuitOptions() kcircuit.Options {
	w := kcircuit.WeightsFixed
	if o.ParamVisibility != ParamsFixed {
		w = kcircuit.WeightsHashed
	}
	return kcircuit.Options{Input: o.InputVisibility, Weights: w, RangeLimbBits: o.RangeLimbBits}
}
