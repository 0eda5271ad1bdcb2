// Package policycheck judges synthesized stacks with a rule pack of the
// kind reviewers use (cdk-nag, checkov, trivy), at synth time and in plain
// Go: it reads the Terraform JSON that CDKTF writes for each stack
// (cdktf.out/stacks/<stack>/cdk.tf.json), so it needs no jsii call and no
// AWS access, and checks a whole organization in milliseconds.
//
// Each rule has an id (such as S3-1), a severity, a one-line description,
// the fix, and the matching checkov and trivy ids where they exist; RULES.md
// lists them. An error must stop synth; a warning is reported and does not.
//
// # Suppressions
//
// A finding that does not apply is suppressed with a reason, never
// silently. A construct marks its resource:
//
//	bucket.AddOverride(jsii.String("//.suppressions.S3-1"), jsii.String("receives the access logs of the other buckets"))
//
// and a user who cannot change the construct passes an Options suppression
// by construct path prefix. A suppression without a reason, or naming a rule
// that does not exist, is itself an error; suppressed findings are counted
// and listed with their reasons, never dropped.
//
// # Use from main
//
// Synthesize into a temporary directory, then:
//
//	rep, err := policycheck.CheckOutdir(tmp, policycheck.Options{})
//	if err != nil { ... }                // unreadable output or bad Options
//	fmt.Print(rep.Summary())             // one line per stack
//	if err := rep.WriteFiles(tmp); err != nil { ... } // policy-report.json and .sarif
//	if err := rep.Err(); err != nil { ... }           // errors: do not move the output into place
//
// Check judges one stack from its JSON, for callers that have it in memory.
package policycheck

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Severity says whether a finding stops synth.
type Severity string

// The two severities; the values are also SARIF's result levels.
const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Rule is one check of the pack. The check itself is internal: Rules lists
// the pack for documentation and reports.
type Rule struct {
	ID       string
	Severity Severity
	// Description says in one line what a compliant resource does.
	Description string
	// Fix says what to change, in Terraform argument names.
	Fix string
	// Types are the Terraform resource types the rule looks at; "*" means
	// every resource and data source of the stack.
	Types []string
	// Checkov and Trivy are the ids of the matching checks of those tools,
	// empty where they have none.
	Checkov []string
	Trivy   []string

	// check returns one message per problem of r; none means r passes.
	check func(s *stack, r *resource) []string
}

// Finding is one problem of one resource.
type Finding struct {
	RuleID   string   `json:"ruleId"`
	Severity Severity `json:"severity"`
	Stack    string   `json:"stack"`
	// Path is the construct path ("<stack>/<id>/..."), or the address when
	// the JSON carries no metadata.
	Path string `json:"path"`
	// Address is the Terraform address, <type>.<name>.
	Address string `json:"address"`
	Message string `json:"message"`
	Fix     string `json:"fix"`
	// Line is the line of the resource in cdk.tf.json, 0 when unknown.
	Line int `json:"line,omitempty"`
	// Suppressed findings do not count as errors or warnings; Reason says
	// why, and SuppressedBy whether the construct or Options did it.
	Suppressed   bool   `json:"suppressed"`
	Reason       string `json:"reason,omitempty"`
	SuppressedBy string `json:"suppressedBy,omitempty"`
}

// String formats f as synth prints it: stack, construct path, rule, problem
// and fix.
func (f Finding) String() string {
	where := f.Path
	if f.Address != "" && f.Address != f.Path {
		where += " (" + f.Address + ")"
	}
	return fmt.Sprintf("stack %s: %s: %s %s: %s; fix: %s", f.Stack, where, f.RuleID, f.Severity, f.Message, f.Fix)
}

// Options adjust a check.
type Options struct {
	// Suppressions apply to every resource whose construct path starts
	// with their PathPrefix, for findings of resources the caller cannot
	// mark in code.
	Suppressions []Suppression
	// Rules are the ids of the rules to run, such as the rules that map to
	// one framework's controls (compliance.RulesFor); empty runs the whole
	// pack. Suppressions work the same either way; a construct suppression
	// of a rule that did not run is not reported as stale.
	Rules []string
}

// runs reports whether the options run rule id.
func (o Options) runs(id string) bool {
	if len(o.Rules) == 0 {
		return true
	}
	for _, r := range o.Rules {
		if r == id {
			return true
		}
	}
	return false
}

// Suppression silences one rule for the resources under a construct path.
type Suppression struct {
	// PathPrefix is a construct path such as "workload-prod/orders"; it
	// matches that path and everything under it.
	PathPrefix string
	RuleID     string
	// Reason is required: why the rule does not apply there.
	Reason string
}

// Validate reports Options that would suppress without saying why, or
// suppress a rule that does not exist. Check calls it first: they are the
// caller's input, so they fail the run before any stack is judged.
func (o Options) Validate() error {
	var errs []error
	for i, s := range o.Suppressions {
		where := fmt.Sprintf("policycheck: Options.Suppressions[%d] (rule %q, path %q)", i, s.RuleID, s.PathPrefix)
		switch {
		case strings.TrimSpace(s.PathPrefix) == "":
			errs = append(errs, fmt.Errorf("%s: PathPrefix is empty; name the construct path the suppression applies to", where))
		case strings.TrimSpace(s.Reason) == "":
			errs = append(errs, fmt.Errorf("%s: Reason is empty; say why the rule does not apply", where))
		}
		if _, ok := ruleByID[s.RuleID]; !ok {
			errs = append(errs, fmt.Errorf("%s: no rule %q in the pack (see RULES.md)", where, s.RuleID))
		}
	}
	for i, id := range o.Rules {
		if _, ok := ruleByID[id]; !ok {
			errs = append(errs, fmt.Errorf("policycheck: Options.Rules[%d] %q: no such rule in the pack (see RULES.md)", i, id))
		}
	}
	return errors.Join(errs...)
}

// StackReport is the result of checking one stack.
type StackReport struct {
	Stack string
	// File is the stack's JSON relative to the output directory:
	// stacks/<stack>/cdk.tf.json.
	File string
	// Resources is how many resources the stack has.
	Resources int
	// RulesRun counts the rules that found at least one resource of their
	// types in the stack.
	RulesRun int
	// Findings lists every finding, suppressed ones included, sorted by
	// path and rule.
	Findings []Finding
	// Suppressions lists every suppression that applied to the stack, with
	// how many findings it suppressed.
	Suppressions []SuppressionRecord
}

// SuppressionRecord is one suppression as the report shows it.
type SuppressionRecord struct {
	RuleID string `json:"ruleId"`
	// Path is the construct path of the marked resource, or the prefix of
	// an Options suppression.
	Path    string `json:"path"`
	Address string `json:"address,omitempty"`
	Reason  string `json:"reason"`
	// Source is "construct" or "options".
	Source string `json:"source"`
	// Valid is false for a suppression without a reason or naming an
	// unknown rule: it suppresses nothing and is reported as an error.
	Valid      bool `json:"valid"`
	Suppressed int  `json:"suppressed"`
}

// Suppression sources.
const (
	sourceConstruct = "construct"
	sourceOptions   = "options"
)

// count returns the unsuppressed findings of severity sev.
func (r *StackReport) count(sev Severity) int {
	n := 0
	for _, f := range r.Findings {
		if !f.Suppressed && f.Severity == sev {
			n++
		}
	}
	return n
}

// Errors is the number of unsuppressed error findings.
func (r *StackReport) Errors() int { return r.count(Error) }

// Warnings is the number of unsuppressed warning findings.
func (r *StackReport) Warnings() int { return r.count(Warning) }

// Suppressed is the number of suppressed findings of either severity.
func (r *StackReport) Suppressed() int {
	n := 0
	for _, f := range r.Findings {
		if f.Suppressed {
			n++
		}
	}
	return n
}

// Summary is the stack's line of the synth summary:
// "<stack>: <n> rules, <e> errors, <w> warnings, <s> suppressed".
func (r *StackReport) Summary() string {
	return fmt.Sprintf("%s: %d rules, %d errors, %d warnings, %d suppressed", r.Stack, r.RulesRun, r.Errors(), r.Warnings(), r.Suppressed())
}

// Err returns the unsuppressed error findings, one per line, or nil.
func (r *StackReport) Err() error {
	var errs []error
	for _, f := range r.Findings {
		if !f.Suppressed && f.Severity == Error {
			errs = append(errs, errors.New(f.String()))
		}
	}
	return errors.Join(errs...)
}

// Check judges one stack from its synthesized Terraform JSON. It returns an
// error only when the JSON does not parse or opts are invalid; problems of
// the stack are findings of the report.
func Check(stackName string, tfJSON []byte, opts Options) (*StackReport, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	s, err := parseStack(stackName, tfJSON)
	if err != nil {
		return nil, err
	}
	rep := &StackReport{
		Stack:     stackName,
		File:      "stacks/" + stackName + "/cdk.tf.json",
		Resources: len(s.resources),
	}
	for i := range pack {
		rule := &pack[i]
		if !opts.runs(rule.ID) {
			continue
		}
		ran := false
		for _, typ := range rule.Types {
			for _, r := range s.ofType(typ) {
				ran = true
				for _, msg := range rule.check(s, r) {
					rep.Findings = append(rep.Findings, newFinding(s, r, rule, msg))
				}
			}
		}
		if ran {
			rep.RulesRun++
		}
	}
	applySuppressions(s, rep, opts)
	sort.SliceStable(rep.Findings, func(i, j int) bool {
		a, b := rep.Findings[i], rep.Findings[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.RuleID != b.RuleID {
			return ruleOrder[a.RuleID] < ruleOrder[b.RuleID]
		}
		return a.Message < b.Message
	})
	return rep, nil
}

func newFinding(s *stack, r *resource, rule *Rule, msg string) Finding {
	return Finding{
		RuleID:   rule.ID,
		Severity: rule.Severity,
		Stack:    s.name,
		Path:     r.path,
		Address:  r.addr(),
		Message:  msg,
		Fix:      rule.Fix,
		Line:     r.line,
	}
}
