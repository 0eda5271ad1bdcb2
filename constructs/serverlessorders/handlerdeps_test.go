package serverlessorders

import (
	"go/parser"
	"go/token"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestHandlerDepsListsEveryImport keeps handlerdeps.go in step with the
// handlers: every package a handler's main package imports (the standard
// library aside) must be listed there, so that a consumer's go mod tidy
// records what the handlers' build needs.
func TestHandlerDepsListsEveryImport(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "handlerdeps.go", nil, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, imp := range f.Imports {
		p, _ := strconv.Unquote(imp.Path.Value)
		listed = append(listed, p)
	}
	args := append([]string{"list", "-tags=lambda.norpc", "-f", "{{range .Imports}}{{.}}\n{{end}}"}, HandlerPackages()...)
	out, err := exec.Command("go", args...).Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		first, _, _ := strings.Cut(p, "/")
		if !strings.Contains(first, ".") {
			continue // standard library
		}
		if !slices.Contains(listed, p) {
			t.Errorf("handlerdeps.go does not import %s, which a handler imports", p)
		}
	}
}
