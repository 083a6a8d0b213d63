// Package samples reads sample files: test rows for a model with the
// reference outputs and optional labels, in the format of
// ../shared/models/*/samples.json ({"input_shape", "inputs", "outputs", "labels"}).
package samples

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
)

// Set is a decoded sample file. Inputs and Outputs hold one flattened row per sample.
type Set struct {
	InputShape []int       `json:"input_shape"`
	Inputs     [][]float64 `json:"inputs"`
	Outputs    [][]float64 `json:"outputs,omitempty"`
	Labels     []float64   `json:"labels,omitempty"`
}

// number is a JSON number that also accepts the NaN and Infinity tokens that
// Python's json module writes, so that they can be reported precisely.
type number float64

func (n *number) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		switch s {
		case "NaN":
			*n = number(math.NaN())
		case "Infinity":
			*n = number(math.Inf(1))
		case "-Infinity":
			*n = number(math.Inf(-1))
		default:
			return fmt.Errorf("%q is not a number", s)
		}
		return nil
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("%s is not a number", b)
	}
	*n = number(f)
	return nil
}

type rawSet struct {
	InputShape []int      `json:"input_shape"`
	Inputs     [][]number `json:"inputs"`
	Outputs    [][]number `json:"outputs"`
	Labels     []float64  `json:"labels"`
}

// Load reads and validates a sample file.
func Load(path string) (*Set, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("samples %s: %w", path, err)
	}
	s, err := Decode(b)
	if err != nil {
		return nil, fmt.Errorf("samples %s: %w", path, err)
	}
	return s, nil
}

// Decode parses and validates sample JSON. It rejects NaN and infinite
// inputs, rows of differing length, and a label count that does not match.
func Decode(b []byte) (*Set, error) {
	var raw rawSet
	dec := json.NewDecoder(bytes.NewReader(quoteNonFinite(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&raw); err != nil {
		// Tolerate extra fields, but only after a strict pass failed on them.
		var loose rawSet
		if err2 := json.Unmarshal(quoteNonFinite(b), &loose); err2 != nil {
			return nil, fmt.Errorf("parse JSON: %w", err2)
		}
		raw = loose
	}
	if len(raw.Inputs) == 0 {
		return nil, fmt.Errorf("no input rows (field \"inputs\")")
	}
	s := &Set{InputShape: raw.InputShape, Labels: raw.Labels}
	var err error
	if s.Inputs, err = rows("inputs", raw.Inputs, false); err != nil {
		return nil, err
	}
	if len(raw.Outputs) > 0 {
		if len(raw.Outputs) != len(raw.Inputs) {
			return nil, fmt.Errorf("%d output rows for %d input rows", len(raw.Outputs), len(raw.Inputs))
		}
		if s.Outputs, err = rows("outputs", raw.Outputs, true); err != nil {
			return nil, err
		}
	}
	if len(s.Labels) > 0 && len(s.Labels) != len(s.Inputs) {
		return nil, fmt.Errorf("%d labels for %d input rows", len(s.Labels), len(s.Inputs))
	}
	if len(s.InputShape) > 0 {
		n := 1
		for _, d := range s.InputShape {
			n *= d
		}
		if n != len(s.Inputs[0]) {
			return nil, fmt.Errorf("input_shape %v holds %d values but rows have %d", s.InputShape, n, len(s.Inputs[0]))
		}
	}
	return s, nil
}

func rows(field string, in [][]number, allowNonFinite bool) ([][]float64, error) {
	out := make([][]float64, len(in))
	for i, r := range in {
		if len(r) != len(in[0]) {
			return nil, fmt.Errorf("%s row %d has %d values, row 0 has %d", field, i, len(r), len(in[0]))
		}
		out[i] = make([]float64, len(r))
		for j, v := range r {
			f := float64(v)
			if !allowNonFinite && (math.IsNaN(f) || math.IsInf(f, 0)) {
				return nil, fmt.Errorf("%s row %d element %d is %v", field, i, j, f)
			}
			out[i][j] = f
		}
	}
	return out, nil
}

// quoteNonFinite turns the bare tokens NaN, Infinity and -Infinity outside
// strings into JSON strings, which number.UnmarshalJSON then reads.
func quoteNonFinite(b []byte) []byte {
	var out bytes.Buffer
	inString := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		if inString {
			out.WriteByte(c)
			switch c {
			case '\\':
				if i+1 < len(b) {
					i++
					out.WriteByte(b[i])
				}
			case '"':
				inString = false
			}
			continue
		}
		if c == '"' {
			inString = true
			out.WriteByte(c)
			continue
		}
		matched := false
		for _, tok := range []string{"NaN", "-Infinity", "Infinity"} {
			if bytes.HasPrefix(b[i:], []byte(tok)) {
				out.WriteString(`"` + tok + `"`)
				i += len(tok) - 1
				matched = true
				break
			}
		}
		if !matched {
			out.WriteByte(c)
		}
	}
	return out.Bytes()
}
