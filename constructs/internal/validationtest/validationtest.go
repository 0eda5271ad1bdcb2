// Package validationtest checks the errors of the constructs' props
// validation the way every construct reports them: one line per problem,
// each naming the construct, the field and the value.
package validationtest

import (
	"strings"
	"testing"
)

// Lines checks err against want: no error when want is empty; otherwise
// exactly one line per wanted fragment, each fragment in the message, and,
// when prefix is not empty, every line starting with it (such as
// "sessionstore sessions: ").
func Lines(t testing.TB, err error, prefix string, want []string) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("no error; want %q", want)
	}
	msg := err.Error()
	lines := strings.Split(msg, "\n")
	if len(lines) != len(want) {
		t.Errorf("%d lines, want %d:\n%s", len(lines), len(want), msg)
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error lacks %q:\n%s", w, msg)
		}
	}
	if prefix == "" {
		return
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, prefix) {
			t.Errorf("line does not name the construct: %q", l)
		}
	}
}
