// Package problem is how the plain spec packages report invalid settings:
// one Problem per field, which a construct prints as an error line and the
// organization model files under the field's name in the organization
// file, without parsing the text.
package problem

import "fmt"

// Problem is one invalid setting: Field names it as the spec's Go field
// does (with an index, such as ResourceTypes[1]), Value is the value (nil
// for none), Msg says what is allowed.
type Problem struct {
	Field string
	Value any
	Msg   string
}

// Raw is a value printed as it is, for values of several parts.
type Raw string

// String implements fmt.Stringer.
func (r Raw) String() string { return string(r) }

// Error prints "Field value: Msg", a string value quoted, or "Field: Msg"
// without a value.
func (p Problem) Error() string {
	if p.Value == nil {
		return p.Field + ": " + p.Msg
	}
	return p.Field + " " + Quote(p.Value) + ": " + p.Msg
}

// Quote prints a value as Problem.Error does: strings and string lists
// quoted, anything else as fmt.Sprint prints it.
func Quote(v any) string {
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("%q", v)
	case []string:
		return fmt.Sprintf("%q", v)
	default:
		return fmt.Sprint(v)
	}
}

// List collects problems.
type List []Problem

// Add records a problem of field with value, the message formatted.
func (l *List) Add(field string, value any, format string, args ...any) {
	*l = append(*l, Problem{Field: field, Value: value, Msg: fmt.Sprintf(format, args...)})
}

// Errors are the problems as errors, in order.
func (l List) Errors() []error {
	out := make([]error, len(l))
	for i, p := range l {
		out[i] = p
	}
	return out
}
