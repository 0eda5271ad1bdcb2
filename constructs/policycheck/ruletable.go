package policycheck

import (
	"fmt"
	"strings"
)

// RulesMarkdown renders the rule pack as the page RULES.md: a test keeps
// that file equal to this output.
func RulesMarkdown() string {
	var b strings.Builder
	b.WriteString(`# Policy check rules

<!-- Generated from the rule definitions in constructs/policycheck; do not edit.
     Regenerate with: go test ./constructs/policycheck -run TestRulesMarkdown -update -->

Every stack is checked at synth against these rules (package ` + "`constructs/policycheck`" + `).
An **error** stops synth; a **warning** is reported and does not. Each finding names the
stack, the construct path, the rule and the fix; ` + "`policy-report.json`" + ` and
` + "`policy-report.sarif`" + ` (SARIF 2.1.0, for code scanning) are written beside the stacks.

A finding that does not apply is suppressed with a reason, on the resource:

` + "```go" + `
bucket.AddOverride(jsii.String("//.suppressions.S3-1"), jsii.String("receives the access logs of the other buckets"))
` + "```" + `

or, for resources you cannot change, with ` + "`policycheck.Options{Suppressions: ...}`" + ` by construct
path prefix. A suppression without a reason, or naming an unknown rule, is an error; suppressed
findings are counted and listed in the reports with their reasons.

The checkov and trivy columns name the checks of those tools that look at the same thing;
a dash means the tool has none.

`)
	fmt.Fprintf(&b, "## Rules (%d)\n\n", len(pack))
	writeRuleTable(&b, pack, true)
	b.WriteString("\n## Rules about suppressions\n\nThese run on every stack and cannot be suppressed.\n\n")
	writeRuleTable(&b, metaRules, false)
	return b.String()
}

func writeRuleTable(b *strings.Builder, rules []Rule, withTools bool) {
	if withTools {
		b.WriteString("| Id | Severity | Rule | Fix | Resource types | checkov | trivy |\n|---|---|---|---|---|---|---|\n")
	} else {
		b.WriteString("| Id | Severity | Rule | Fix |\n|---|---|---|---|\n")
	}
	for _, r := range rules {
		fmt.Fprintf(b, "| %s | %s | %s | %s |", r.ID, r.Severity, cell(r.Description), cell(r.Fix))
		if withTools {
			fmt.Fprintf(b, " %s | %s | %s |", codeList(r.Types), ids(r.Checkov), ids(r.Trivy))
		}
		b.WriteByte('\n')
	}
}

// cell escapes text for a Markdown table cell.
func cell(s string) string {
	return strings.NewReplacer("|", `\|`, "\n", " ").Replace(s)
}

// ids lists a tool's check ids, or a dash when it has none.
func ids(list []string) string {
	if len(list) == 0 {
		return "—"
	}
	return strings.Join(list, ", ")
}

func codeList(list []string) string {
	if len(list) == 1 && list[0] == anyType {
		return "every resource and data source"
	}
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = "`" + s + "`"
	}
	return strings.Join(out, ", ")
}
