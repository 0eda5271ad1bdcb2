package org

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"
)

// EnvFile is the environment variable that names an organization file. The
// cdktf CLI runs the app as `go run .` with no arguments, so this is how CLI
// users choose a file.
const EnvFile = "LANDINGZONE_ORG_FILE"

// ExampleSource is how messages name the built-in example.
const ExampleSource = "built-in example organization"

// maxFileSize bounds what Parse reads: a real organization file is a few
// kilobytes, and a runaway file should fail fast.
const maxFileSize = 1 << 20

// Load reads, defaults and validates the organization file at path. YAML and
// JSON are both accepted (JSON is YAML). Every error names the file.
func Load(path string) (*Organization, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("organization file: %w", err)
	}
	return Parse(filepath.Clean(path), data)
}

// Parse decodes, defaults and validates an organization document. source
// names it in errors (usually the file path).
func Parse(source string, data []byte) (*Organization, error) {
	prefix := "organization file " + source
	if len(data) > maxFileSize {
		return nil, fmt.Errorf("%s: larger than %d bytes", prefix, maxFileSize)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%s: empty", prefix)
	}
	var o Organization
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&o); err != nil {
		return nil, fmt.Errorf("%s: %s", prefix, yamlMessage(err))
	}
	var extra any
	if err := dec.Decode(&extra); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: holds more than one document; put the organization in one", prefix)
	}
	o.applyDefaults()
	if err := o.Validate(prefix); err != nil {
		return nil, err
	}
	return &o, nil
}

var (
	yamlFieldRE = regexp.MustCompile(`field (\S+) not found in type \S+`)
	yamlBareRE  = regexp.MustCompile(`cannot unmarshal !!(\w+) into (\S+)`)
	yamlTypeRE  = regexp.MustCompile(`cannot unmarshal !!(\w+) ` + "`" + `([^` + "`" + `]*)` + "`" + ` into (\S+)`)
)

// yamlMessage turns the decoder's Go-flavoured messages into ones that speak
// of the file: "unknown field" instead of "not found in type org.Tags".
func yamlMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.ReplaceAll(msg, "unmarshal errors:\n  ", "")
	msg = strings.ReplaceAll(msg, "\n  ", "; ")
	msg = yamlFieldRE.ReplaceAllString(msg, "unknown field $1")
	msg = yamlTypeRE.ReplaceAllStringFunc(msg, func(m string) string {
		sub := yamlTypeRE.FindStringSubmatch(m)
		return fmt.Sprintf("value %q is a %s where %s was expected", sub[2], yamlKind(sub[1]), goKind(sub[3]))
	})
	msg = yamlBareRE.ReplaceAllStringFunc(msg, func(m string) string {
		sub := yamlBareRE.FindStringSubmatch(m)
		return fmt.Sprintf("found a %s where %s was expected", yamlKind(sub[1]), goKind(sub[2]))
	})
	return msg
}

func yamlKind(tag string) string {
	switch tag {
	case "seq":
		return "list"
	case "map":
		return "mapping"
	case "str":
		return "string"
	case "int", "float":
		return "number"
	}
	return tag
}

// stringKinds are the model's named string types; every other named type
// of the model is a struct, written as a mapping.
var stringKinds = map[string]bool{"org.AccountKind": true, "org.BackendType": true, "org.NATMode": true, "org.FlowLogDestination": true}

func goKind(t string) string {
	switch {
	case strings.HasPrefix(t, "[]"):
		return "a list"
	case strings.HasPrefix(t, "map["):
		return "a mapping"
	case t == "int":
		return "a whole number"
	case t == "bool":
		return "true or false"
	case t == "string" || stringKinds[t]:
		return "a string"
	case strings.HasPrefix(t, "org."):
		return "a mapping"
	}
	return t
}
