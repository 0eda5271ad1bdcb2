// Package tfattr reads arguments of resources in synthesized Terraform JSON
// (cdk.tf.json), as plain Go: the policy checks and the cost estimate read
// the same JSON the same way.
package tfattr

import "strconv"

// Block returns a nested block that CDKTF wrote either as an object or as
// a list of objects (the first one), or nil.
func Block(m map[string]any, key string) map[string]any {
	switch v := m[key].(type) {
	case map[string]any:
		return v
	case []any:
		if len(v) > 0 {
			b, _ := v[0].(map[string]any)
			return b
		}
	}
	return nil
}

// Blocks returns every block of a repeated nested block.
func Blocks(m map[string]any, key string) []map[string]any {
	switch v := m[key].(type) {
	case map[string]any:
		return []map[string]any{v}
	case []any:
		var out []map[string]any
		for _, e := range v {
			if b, ok := e.(map[string]any); ok {
				out = append(out, b)
			}
		}
		return out
	}
	return nil
}

// Str returns a string argument (numbers and booleans written out), or "".
func Str(m map[string]any, key string) string {
	switch v := m[key].(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	}
	return ""
}

// Num reads a number argument, written as a number or a numeric string;
// ok is false when it is absent or an expression.
func Num(m map[string]any, key string) (float64, bool) {
	switch v := m[key].(type) {
	case float64:
		return v, true
	case string:
		f, err := strconv.ParseFloat(v, 64)
		return f, err == nil
	}
	return 0, false
}
