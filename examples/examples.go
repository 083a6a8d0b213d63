package examples

import (
	"embed"
	"fmt"
	"io/fs"
)

//go:embed digits_mlp/model.onnx digits_mlp/samples.json digits_mlp/meta.json
var files embed.FS

// Example is one embedded model with its sample file.
type Example struct {
	Name    string
	Model   []byte // ONNX protobuf
	Samples []byte // samples.json
	Meta    []byte // meta.json
}

// DefaultName is the example `zkml demo` runs.
const DefaultName = "digits_mlp"

// Load returns the embedded example of the given name.
func Load(name string) (*Example, error) {
	read := func(file string) ([]byte, error) {
		b, err := fs.ReadFile(files, name+"/"+file)
		if err != nil {
			return nil, fmt.Errorf("example %s: %w", name, err)
		}
		return b, nil
	}
	e := &Example{Name: name}
	var err error
	if e.Model, err = read("model.onnx"); err != nil {
		return nil, err
	}
	if e.Samples, err = read("samples.json"); err != nil {
		return nil, err
	}
	if e.Meta, err = read("meta.json"); err != nil {
		return nil, err
	}
	return e, nil
}
