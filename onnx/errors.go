package onnx

import "fmt"

// UnsupportedError reports a model feature zkml does not implement: an op,
// an attribute value, a data type or a graph construct.
type UnsupportedError struct {
	Node  string // the node, when the feature belongs to one
	Op    string
	Opset int
	What  string
}

func (e *UnsupportedError) Error() string {
	switch {
	case e.Op != "" && e.What == "":
		return fmt.Sprintf("unsupported op %s (opset %d) at node %q", e.Op, e.Opset, e.Node)
	case e.Op != "":
		return fmt.Sprintf("unsupported %s in op %s (opset %d) at node %q", e.What, e.Op, e.Opset, e.Node)
	}
	return "unsupported " + e.What
}

// ValidationError reports a malformed graph: an undefined or duplicate name,
// a cycle, a shape mismatch.
type ValidationError struct {
	Msg string
}

func (e *ValidationError) Error() string { return "invalid model: " + e.Msg }

func invalidf(format string, args ...any) error {
	return &ValidationError{Msg: fmt.Sprintf(format, args...)}
}
