package policycheck

import (
	"strconv"
	"strings"

	"github.com/acme/landing-zone/constructs/internal/tfattr"
)

// The argument readers shared with the cost estimate (tfattr).
var (
	block  = tfattr.Block
	blocks = tfattr.Blocks
	str    = tfattr.Str
	num    = tfattr.Num
)

// strs returns an argument that is a string or a list of strings.
func strs(m map[string]any, key string) []string { return toStrings(m[key]) }

func toStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		var out []string
		for _, e := range v {
			switch e := e.(type) {
			case string:
				out = append(out, e)
			case bool:
				out = append(out, strconv.FormatBool(e))
			case float64:
				out = append(out, strconv.FormatFloat(e, 'f', -1, 64))
			}
		}
		return out
	case bool:
		return []string{strconv.FormatBool(v)}
	case float64:
		return []string{strconv.FormatFloat(v, 'f', -1, 64)}
	}
	return nil
}

// set reports whether an argument has a value: a non-empty string, list or
// object, or any number or boolean.
func set(m map[string]any, key string) bool {
	switch v := m[key].(type) {
	case nil:
		return false
	case string:
		return strings.TrimSpace(v) != ""
	case []any:
		return len(v) > 0
	case map[string]any:
		return len(v) > 0
	}
	return true
}

// tri is a boolean argument as synth sees it.
type tri int

const (
	unset   tri = iota
	yes         // true
	no          // false
	unknown     // an expression, known only at plan
)

// boolArg reads a boolean argument, accepting "true" and "false" strings.
func boolArg(m map[string]any, key string) tri {
	switch v := m[key].(type) {
	case bool:
		if v {
			return yes
		}
		return no
	case string:
		switch {
		case v == "true":
			return yes
		case v == "false":
			return no
		case isExpr(v):
			return unknown
		}
	}
	return unset
}

// on reports whether a boolean that must be true is, or may be: an
// expression gets the benefit of the doubt, since synth cannot see it.
// def is the provider's default when the argument is absent.
func on(m map[string]any, key string, def bool) bool {
	switch boolArg(m, key) {
	case yes, unknown:
		return true
	case unset:
		return def
	}
	return false
}

// numUnknown reports whether a number argument is an expression.
func numUnknown(m map[string]any, key string) bool {
	v, ok := m[key].(string)
	return ok && isExpr(v)
}

// tags returns a resource's own tags.
func tags(m map[string]any) map[string]string {
	out := map[string]string{}
	t, _ := m["tags"].(map[string]any)
	for k, v := range t {
		if s, ok := v.(string); ok {
			out[k] = s
		}
	}
	return out
}

// managedKey reports whether a KMS key id names the AWS-managed key of a
// service (alias/aws/<service>), which its policy cannot restrict.
func managedKey(id string) bool {
	return strings.HasPrefix(id, "alias/aws/") || strings.Contains(id, ":alias/aws/")
}
