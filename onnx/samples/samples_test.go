package samples

import (
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	cases := []struct {
		name, in, wantErr string
		rows              int
	}{
		{"ok", `{"input_shape":[1,2],"inputs":[[1,2],[3,4]],"outputs":[[0.5],[0.25]],"labels":[0,1]}`, "", 2},
		{"no outputs", `{"inputs":[[1,2]]}`, "", 1},
		{"extra field", `{"inputs":[[1,2]],"comment":"x"}`, "", 1},
		{"nan input", `{"inputs":[[1,NaN]]}`, "inputs row 0 element 1 is NaN", 0},
		{"inf input", `{"inputs":[[1,2],[-Infinity,0]]}`, "inputs row 1 element 0 is -Inf", 0},
		{"nan in string is text", `{"inputs":[[1,2]],"note":"NaN"}`, "", 1},
		{"ragged", `{"inputs":[[1,2],[3]]}`, "inputs row 1 has 1 values, row 0 has 2", 0},
		{"labels", `{"inputs":[[1,2]],"labels":[1,2]}`, "2 labels for 1 input rows", 0},
		{"outputs", `{"inputs":[[1,2]],"outputs":[[1],[2]]}`, "2 output rows for 1 input rows", 0},
		{"shape", `{"input_shape":[1,3],"inputs":[[1,2]]}`, "input_shape [1 3] holds 3 values but rows have 2", 0},
		{"empty", `{}`, "no input rows", 0},
		{"not json", `hello`, "parse JSON", 0},
		{"string number", `{"inputs":[["x"]]}`, `"x" is not a number`, 0},
		{"truncated", `{"inputs":[[1,2`, "parse JSON", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := Decode([]byte(c.in))
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Inputs) != c.rows {
				t.Fatalf("rows = %d, want %d", len(s.Inputs), c.rows)
			}
		})
	}
}
