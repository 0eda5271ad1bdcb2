package policycheck

import (
	"flag"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite RULES.md from the rule definitions")

// TestRulesMarkdown keeps RULES.md equal to the rule definitions.
func TestRulesMarkdown(t *testing.T) {
	got := RulesMarkdown()
	if *update {
		if err := os.WriteFile("RULES.md", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("RULES.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(want) != got {
		t.Fatal("RULES.md is stale; regenerate it: go test ./constructs/policycheck -run TestRulesMarkdown -update")
	}
	for _, r := range append(Rules(), MetaRules()...) {
		if !strings.Contains(got, "| "+r.ID+" | "+string(r.Severity)+" |") {
			t.Errorf("%s is missing from the table", r.ID)
		}
	}
}

func TestCellEscapesPipes(t *testing.T) {
	if got := cell("a | b\nc"); got != `a \| b c` {
		t.Errorf("cell = %q", got)
	}
}
