package org

import (
	"fmt"
	"github.com/acme/landing-zone/constructs/problem"
	"strings"
)

// FieldError is one problem with one field of the model. Field is the path as
// written in an organization file, such as environments[prod].vpc.cidr.
type FieldError struct {
	Field string
	Value any
	Msg   string
}

func (e *FieldError) Error() string {
	if e.Value == nil {
		return fmt.Sprintf("%s: %s", e.Field, e.Msg)
	}
	return fmt.Sprintf("%s %s: %s", e.Field, quote(e.Value), e.Msg)
}

// quote prints a value as the spec packages do.
var quote = problem.Quote

// ValidationError collects every FieldError of a model, so that a user fixes
// a file in one pass instead of one error per run.
type ValidationError struct {
	// Source names where the model came from: a file path, or the
	// built-in example.
	Source string
	Errs   []*FieldError
}

// Error prints one line per problem, each prefixed with the source.
func (e *ValidationError) Error() string {
	lines := make([]string, len(e.Errs))
	for i, fe := range e.Errs {
		lines[i] = e.Source + ": " + fe.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap exposes the field errors to errors.Is and errors.As.
func (e *ValidationError) Unwrap() []error {
	out := make([]error, len(e.Errs))
	for i, fe := range e.Errs {
		out[i] = fe
	}
	return out
}

// collector gathers field errors during validation.
type collector struct{ errs []*FieldError }

func (c *collector) add(field string, value any, format string, args ...any) {
	c.errs = append(c.errs, &FieldError{Field: field, Value: value, Msg: fmt.Sprintf(format, args...)})
}
