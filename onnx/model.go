package onnx

import (
	"fmt"
	"sort"
)

// Model is a loaded, validated ONNX model: its metadata and its graph IR.
type Model struct {
	IRVersion int64
	// Opset is the version of the default ("ai.onnx") operator set.
	Opset    int
	Producer string
	Graph    *Graph
}

// Value names a graph input or output with its element type and static shape.
type Value struct {
	Name  string
	DType DataType
	Shape Shape
}

// Graph is the typed, shaped graph IR. Nodes are in topological order and
// every value name in it has a static shape in Shapes. Values that do not
// depend on a graph input are folded into Consts and their nodes removed.
type Graph struct {
	Name string
	// Opset is the default-domain opset the nodes are interpreted under.
	Opset   int
	Inputs  []Value
	Outputs []Value
	Nodes   []*Node
	// Consts holds initializers and folded constants by value name.
	Consts map[string]*Tensor
	// Shapes holds the static shape of every value: inputs, constants and node outputs.
	Shapes map[string]Shape
	// Types holds the element type of every value.
	Types map[string]DataType
}

// Node is one operator application. Empty input names mark omitted optional inputs.
type Node struct {
	Name    string
	Op      string
	Inputs  []string
	Outputs []string
	Attrs   Attrs
}

func (n *Node) String() string {
	if n.Name != "" {
		return fmt.Sprintf("node %q (%s)", n.Name, n.Op)
	}
	if len(n.Outputs) > 0 {
		return fmt.Sprintf("node %s -> %q", n.Op, n.Outputs[0])
	}
	return "node " + n.Op
}

// Input returns the name of input i, or "" when it is absent.
func (n *Node) Input(i int) string {
	if i < len(n.Inputs) {
		return n.Inputs[i]
	}
	return ""
}

// ParamCount is the number of scalar parameters held in the graph's constants.
func (g *Graph) ParamCount() int {
	n := 0
	for _, t := range g.Consts {
		n += len(t.Data)
	}
	return n
}

// OpCounts returns how many nodes use each op type.
func (g *Graph) OpCounts() map[string]int {
	m := map[string]int{}
	for _, n := range g.Nodes {
		m[n.Op]++
	}
	return m
}

// ConstNames returns the names of the constants in sorted order.
func (g *Graph) ConstNames() []string {
	names := make([]string, 0, len(g.Consts))
	for k := range g.Consts {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}
