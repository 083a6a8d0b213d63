// Package templates holds the embedded TypeScript project templates from which
// zkml scaffolds o1js zkApps.
//
// The o1js template (directory o1js/) is a complete project: the circuit
// gadgets and the chunk programs are static TypeScript that interpret the
// model data (data/model.json, written by the generator), so no model text
// ever becomes code. Files ending in .tmpl are rendered with text/template
// (the .tmpl suffix is dropped); every other file is copied verbatim. Values
// reach templates only through the json function, which produces a quoted,
// escaped JSON literal.
package templates

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"strings"
	"text/template"
)

//go:embed all:o1js
var files embed.FS

// File is one rendered file of a project.
type File struct {
	Path string // slash-separated, relative to the project root
	Data []byte
}

// Render renders the named template tree (e.g. "o1js") with data.
func Render(name string, data any) ([]File, error) {
	root, err := fs.Sub(files, name)
	if err != nil {
		return nil, err
	}
	var out []File
	err = fs.WalkDir(root, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(root, p)
		if err != nil {
			return err
		}
		if strings.HasSuffix(p, ".tmpl") {
			t, err := template.New(p).Option("missingkey=error").Funcs(template.FuncMap{"json": jsonLiteral}).Parse(string(b))
			if err != nil {
				return fmt.Errorf("template %s: %w", p, err)
			}
			var buf bytes.Buffer
			if err := t.Execute(&buf, data); err != nil {
				return fmt.Errorf("template %s: %w", p, err)
			}
			p, b = strings.TrimSuffix(p, ".tmpl"), buf.Bytes()
		}
		out = append(out, File{Path: p, Data: b})
		return nil
	})
	return out, err
}

// jsonLiteral is a JSON literal that is also safe inside Markdown and
// TypeScript: HTML-sensitive characters and line separators are escaped.
func jsonLiteral(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}
