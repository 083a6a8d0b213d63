package circuit

import (
	"fmt"

	"github.com/zkml-mina/zkml/kimchi/field/fp"
)

// Columns is the number of witness columns of a Kimchi circuit.
const Columns = 15

// PermutationColumns is the number of columns taking part in the
// permutation (copy constraints).
const PermutationColumns = 7

// GateType is a Kimchi gate type with proof-systems' names and order
// (kimchi/src/circuits/gate.rs GateType).
type GateType int

// Gate types of proof-systems at commit 136c1df.
const (
	Zero GateType = iota
	Generic
	Poseidon
	CompleteAdd
	VarBaseMul
	EndoMul
	EndoMulScalar
	Lookup
	CairoClaim
	CairoInstruction
	CairoFlags
	CairoTransition
	RangeCheck0
	RangeCheck1
	ForeignFieldAdd
	ForeignFieldMul
	Xor16
	Rot64
	numGateTypes
)

var gateTypeNames = [numGateTypes]string{
	"Zero", "Generic", "Poseidon", "CompleteAdd", "VarBaseMul", "EndoMul",
	"EndoMulScalar", "Lookup", "CairoClaim", "CairoInstruction", "CairoFlags",
	"CairoTransition", "RangeCheck0", "RangeCheck1", "ForeignFieldAdd",
	"ForeignFieldMul", "Xor16", "Rot64",
}

// String returns the gate type's name as proof-systems and o1js spell it.
func (t GateType) String() string {
	if t < 0 || t >= numGateTypes {
		return fmt.Sprintf("GateType(%d)", int(t))
	}
	return gateTypeNames[t]
}

// ParseGateType returns the gate type with the given name.
func ParseGateType(name string) (GateType, error) {
	for i, n := range gateTypeNames {
		if n == name {
			return GateType(i), nil
		}
	}
	return 0, fmt.Errorf("circuit: unknown gate type %q", name)
}

// Wire is a cell position: a row and a column (proof-systems' Wire).
type Wire struct {
	Row int `json:"row"`
	Col int `json:"col"`
}

// Gate is one row of the circuit: its type, the next position of each of the
// first seven cells in their permutation cycle, and the gate coefficients
// (proof-systems' CircuitGate).
type Gate struct {
	Type   GateType
	Wires  [PermutationColumns]Wire
	Coeffs []fp.Element
}

// LookupTable is a fixed lookup table: an id and its columns (all of the
// same length).
type LookupTable struct {
	ID      int32
	Columns [][]fp.Element
}

// RuntimeTableConfig declares a runtime lookup table: its id and fixed first
// column; the second column is supplied by the prover (kimchi's
// RuntimeTableCfg).
type RuntimeTableConfig struct {
	ID          int32
	FirstColumn []fp.Element
}

// RangeCheckTableID is the id of Kimchi's built-in 12-bit range-check table.
const RangeCheckTableID = 1

// XorTableID is the id of Kimchi's built-in 4-bit XOR table.
const XorTableID = 0
