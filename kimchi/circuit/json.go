package circuit

import (
	"encoding/hex"
	"encoding/json"
	"fmt"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

type rawGate struct {
	Typ    string   `json:"typ"`
	Wires  []Wire   `json:"wires"`
	Coeffs []string `json:"coeffs"`
}

type rawCS struct {
	PublicInputSize int       `json:"public_input_size"`
	Gates           []rawGate `json:"gates"`
}

type analyzedGate struct {
	Type   string   `json:"type"`
	Wires  []Wire   `json:"wires"`
	Coeffs []string `json:"coeffs"`
}

// RawJSON encodes gates in o1js's raw Kimchi constraint-system format:
// {"public_input_size", "gates": [{"typ", "wires", "coeffs"}]} with
// coefficients as 32-byte little-endian hex.
func RawJSON(publicInputs int, gs []Gate) ([]byte, error) {
	cs := rawCS{PublicInputSize: publicInputs, Gates: make([]rawGate, len(gs))}
	for i, g := range gs {
		rg := rawGate{Typ: g.Type.String(), Wires: g.Wires[:], Coeffs: make([]string, len(g.Coeffs))}
		for j, c := range g.Coeffs {
			b := c.Bytes() // big-endian
			for l, r := 0, len(b)-1; l < r; l, r = l+1, r-1 {
				b[l], b[r] = b[r], b[l]
			}
			rg.Coeffs[j] = hex.EncodeToString(b[:])
		}
		cs.Gates[i] = rg
	}
	return json.Marshal(cs)
}

// GatesJSON encodes gates in the format of o1js analyzeMethod().gates and
// Provable.constraintSystem().gates: [{"type", "wires", "coeffs"}] with
// decimal coefficients.
func GatesJSON(gs []Gate) ([]byte, error) {
	out := make([]analyzedGate, len(gs))
	for i, g := range gs {
		ag := analyzedGate{Type: g.Type.String(), Wires: g.Wires[:], Coeffs: make([]string, len(g.Coeffs))}
		for j, c := range g.Coeffs {
			ag.Coeffs[j] = dec(c)
		}
		out[i] = ag
	}
	return json.Marshal(out)
}

func parseGate(typ string, wires []Wire, coeffs []string, dec func(string) (fp.Element, error)) (Gate, error) {
	t, err := ParseGateType(typ)
	if err != nil {
		return Gate{}, err
	}
	if len(wires) != PermutationColumns {
		return Gate{}, fmt.Errorf("circuit: gate has %d wires", len(wires))
	}
	g := Gate{Type: t, Coeffs: make([]fp.Element, len(coeffs))}
	copy(g.Wires[:], wires)
	for i, s := range coeffs {
		if g.Coeffs[i], err = dec(s); err != nil {
			return Gate{}, fmt.Errorf("circuit: coefficient %d: %w", i, err)
		}
	}
	return g, nil
}

// ParseRawJSON decodes o1js's raw constraint-system JSON (see RawJSON).
func ParseRawJSON(data []byte) (publicInputs int, gs []Gate, err error) {
	var cs rawCS
	if err := json.Unmarshal(data, &cs); err != nil {
		return 0, nil, fmt.Errorf("circuit: raw gate JSON: %w", err)
	}
	dec := func(s string) (fp.Element, error) {
		b, err := hex.DecodeString(s)
		if err != nil || len(b) != fp.Bytes {
			return fp.Element{}, fmt.Errorf("bad 32-byte hex %q", s)
		}
		var le [fp.Bytes]byte
		copy(le[:], b)
		return fp.LittleEndian.Element(&le)
	}
	for i, rg := range cs.Gates {
		g, err := parseGate(rg.Typ, rg.Wires, rg.Coeffs, dec)
		if err != nil {
			return 0, nil, fmt.Errorf("circuit: raw gate JSON: gate %d: %w", i, err)
		}
		gs = append(gs, g)
	}
	return cs.PublicInputSize, gs, nil
}

// ParseGatesJSON decodes the analyzeMethod() gate format (see GatesJSON).
func ParseGatesJSON(data []byte) ([]Gate, error) {
	var ags []analyzedGate
	if err := json.Unmarshal(data, &ags); err != nil {
		return nil, fmt.Errorf("circuit: gate JSON: %w", err)
	}
	dec := func(s string) (fp.Element, error) {
		var e fp.Element
		_, err := e.SetString(s)
		return e, err
	}
	gs := make([]Gate, 0, len(ags))
	for i, ag := range ags {
		g, err := parseGate(ag.Type, ag.Wires, ag.Coeffs, dec)
		if err != nil {
			return nil, fmt.Errorf("circuit: gate JSON: gate %d: %w", i, err)
		}
		gs = append(gs, g)
	}
	return gs, nil
}

// DiffGates returns a description of the first difference between two gate
// lists, or "" when they are identical.
func DiffGates(got, want []Gate) string {
	for i := range min(len(got), len(want)) {
		g, w := got[i], want[i]
		if g.Type != w.Type {
			return fmt.Sprintf("gate %d: type %v, want %v", i, g.Type, w.Type)
		}
		if g.Wires != w.Wires {
			return fmt.Sprintf("gate %d (%v): wires %v, want %v", i, g.Type, g.Wires, w.Wires)
		}
		if len(g.Coeffs) != len(w.Coeffs) {
			return fmt.Sprintf("gate %d (%v): %d coefficients, want %d", i, g.Type, len(g.Coeffs), len(w.Coeffs))
		}
		for j := range g.Coeffs {
			if !g.Coeffs[j].Equal(&w.Coeffs[j]) {
				return fmt.Sprintf("gate %d (%v): coefficient %d = %s, want %s", i, g.Type, j, g.Coeffs[j].String(), w.Coeffs[j].String())
			}
		}
	}
	if len(got) != len(want) {
		return fmt.Sprintf("%d gates, want %d", len(got), len(want))
	}
	return ""
}
