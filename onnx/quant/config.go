package quant

import "fmt"

// Fixed widths of the integer semantics. They are constants, not
// configuration, so that every circuit built from a Program uses range checks
// of the same widths.
const (
	// ValueBits is the signed width B of every node output element:
	// −2^(B−1) ≤ q < 2^(B−1).
	ValueBits = 32
	// AccBits bounds the dot-product and affine accumulators: the sum of the
	// absolute values of their terms must stay below 2^AccBits.
	AccBits = 62
	// TableScaleMax is the largest input scale of a Sigmoid, Tanh or Softmax
	// lookup table; inputs at a finer scale are rescaled to it first.
	TableScaleMax = 10
	// SigmoidRange is L for Sigmoid: the table covers inputs in [−L, L).
	SigmoidRange = 8
	// TanhRange is L for Tanh: the table covers inputs in [−L, L).
	TanhRange = 4
	// ExpRange is E for Softmax: exp(d) is tabulated for d in (−E, 0] and
	// taken as 0 at and below −E.
	ExpRange = 16
	// MaxScale is the largest scale exponent a Config may use.
	MaxScale = 30
	// MaxDivisor bounds the integer divisors Div handles by exact division.
	MaxDivisor = 1 << 20
)

// valueMin and valueMax are the inclusive bounds of a B-bit value.
const (
	valueMin = -(int64(1) << (ValueBits - 1))
	valueMax = int64(1)<<(ValueBits-1) - 1
	accLimit = int64(1) << AccBits
)

// Config holds the global fixed-point parameters of a Program.
type Config struct {
	// Scale is S, the scale exponent of graph inputs and of the outputs of
	// MatMul, Gemm, Conv, Sigmoid, Tanh, Softmax and activation products.
	Scale int
	// ParamScale is S_w, the scale exponent of constant weights and
	// multipliers. Zero means "same as Scale".
	ParamScale int
}

// DefaultScale is the activation scale of DefaultConfig, chosen by the scale
// sweep over the shared models (see the package tests).
const DefaultScale = 12

// DefaultConfig returns the configuration that meets the accuracy targets on
// every shared model with margin: Scale = ParamScale = DefaultScale.
func DefaultConfig() Config {
	return Config{Scale: DefaultScale, ParamScale: DefaultScale}
}

// resolved returns the config with ParamScale defaulted, or an error when a
// scale is out of range.
func (c Config) resolved() (Config, error) {
	if c.ParamScale == 0 {
		c.ParamScale = c.Scale
	}
	if c.Scale < 1 || c.Scale > MaxScale {
		return c, fmt.Errorf("quant: Scale %d outside [1, %d]", c.Scale, MaxScale)
	}
	if c.ParamScale < 1 || c.ParamScale > MaxScale {
		return c, fmt.Errorf("quant: ParamScale %d outside [1, %d]", c.ParamScale, MaxScale)
	}
	return c, nil
}
