package org

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// FuzzParse feeds arbitrary documents to the parser and validator. Whatever
// the input, Parse must not panic, every error line must name the file, and
// a model it accepts must survive a round trip through YAML unchanged.
// Seeds live in testdata/fuzz/FuzzParse; run `go test ./stacks/org -fuzz FuzzParse`.
func FuzzParse(f *testing.F) {
	example, err := yaml.Marshal(Example())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(example)
	f.Add([]byte(`{"name": "acme", "accounts": [{"name": "x", "kind": "workload"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		o, err := Parse("fuzz.yaml", data)
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, "organization file fuzz.yaml") {
					t.Fatalf("error line does not name the file: %q", line)
				}
			}
			return
		}
		again, err := yaml.Marshal(o)
		if err != nil {
			t.Fatalf("marshal accepted model: %v", err)
		}
		o2, err := Parse("fuzz.yaml", again)
		if err != nil {
			t.Fatalf("accepted model does not parse again: %v\n%s", err, again)
		}
		if err := o2.Validate("again"); err != nil {
			t.Fatalf("accepted model does not validate again: %v", err)
		}
	})
}
