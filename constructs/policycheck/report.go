package policycheck

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// The report files that WriteFiles writes beside the stacks.
const (
	JSONReportName  = "policy-report.json"
	SARIFReportName = "policy-report.sarif"
)

// toolName names the checker in reports.
const toolName = "landing-zone-policycheck"

// Report gathers the stack reports of one synth.
type Report struct {
	Stacks []*StackReport
	// Controls are, per rule id, the compliance controls the rule maps to
	// (such as "CIS-3.0:2.1.1", "FSBP:S3.5"; compliance.RuleControls): the
	// SARIF report adds them to the rule's and each result's tags.
	Controls map[string][]string
}

// CheckOutdir checks every stack a synth wrote under outdir
// (outdir/stacks/<stack>/cdk.tf.json), in name order.
func CheckOutdir(outdir string, opts Options) (*Report, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	files, err := filepath.Glob(filepath.Join(outdir, "stacks", "*", "cdk.tf.json"))
	if err != nil {
		return nil, fmt.Errorf("policycheck: %w", err)
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("policycheck: no stacks under %s (expected %s)", outdir, filepath.Join(outdir, "stacks", "<stack>", "cdk.tf.json"))
	}
	sort.Strings(files)
	rep := &Report{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("policycheck: %w", err)
		}
		sr, err := Check(filepath.Base(filepath.Dir(f)), data, opts)
		if err != nil {
			return nil, err
		}
		rep.Stacks = append(rep.Stacks, sr)
	}
	return rep, nil
}

// Errors is the number of unsuppressed error findings of all stacks.
func (r *Report) Errors() int {
	n := 0
	for _, s := range r.Stacks {
		n += s.Errors()
	}
	return n
}

// Summary returns one line per stack:
// "<stack>: <n> rules, <e> errors, <w> warnings, <s> suppressed".
func (r *Report) Summary() string {
	var b strings.Builder
	for _, s := range r.Stacks {
		b.WriteString(s.Summary())
		b.WriteByte('\n')
	}
	return b.String()
}

// Err returns every unsuppressed error finding, one per line, or nil when
// synth may go on.
func (r *Report) Err() error {
	var errs []error
	for _, s := range r.Stacks {
		if err := s.Err(); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// WriteFiles writes the JSON and SARIF reports into dir, the synth output
// directory, beside the stacks.
func (r *Report) WriteFiles(dir string) error {
	for _, out := range []struct {
		name  string
		write func(io.Writer) error
	}{{JSONReportName, r.WriteJSON}, {SARIFReportName, r.WriteSARIF}} {
		name := out.name
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return fmt.Errorf("policycheck: %w", err)
		}
		err = out.write(f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("policycheck: %s: %w", name, err)
		}
	}
	return nil
}

// jsonReport is the JSON report's shape.
type jsonReport struct {
	Tool    string      `json:"tool"`
	Summary jsonSummary `json:"summary"`
	Stacks  []jsonStack `json:"stacks"`
	Rules   []jsonRule  `json:"rules"`
}

type jsonSummary struct {
	Stacks     int `json:"stacks"`
	Rules      int `json:"rules"`
	Errors     int `json:"errors"`
	Warnings   int `json:"warnings"`
	Suppressed int `json:"suppressed"`
}

type jsonStack struct {
	Stack        string              `json:"stack"`
	File         string              `json:"file"`
	Resources    int                 `json:"resources"`
	RulesRun     int                 `json:"rulesRun"`
	Errors       int                 `json:"errors"`
	Warnings     int                 `json:"warnings"`
	Suppressed   int                 `json:"suppressed"`
	Findings     []Finding           `json:"findings"`
	Suppressions []SuppressionRecord `json:"suppressions"`
}

type jsonRule struct {
	ID            string   `json:"id"`
	Severity      Severity `json:"severity"`
	Description   string   `json:"description"`
	Fix           string   `json:"fix"`
	ResourceTypes []string `json:"resourceTypes,omitempty"`
	Checkov       []string `json:"checkov,omitempty"`
	Trivy         []string `json:"trivy,omitempty"`
}

// WriteJSON writes the report as indented JSON: a summary, each stack's
// findings (suppressed ones included) and suppressions, and the rules.
func (r *Report) WriteJSON(w io.Writer) error {
	out := jsonReport{Tool: toolName, Summary: jsonSummary{Stacks: len(r.Stacks), Rules: len(pack)}}
	for _, s := range r.Stacks {
		js := jsonStack{
			Stack: s.Stack, File: s.File, Resources: s.Resources, RulesRun: s.RulesRun,
			Errors: s.Errors(), Warnings: s.Warnings(), Suppressed: s.Suppressed(),
			Findings: s.Findings, Suppressions: s.Suppressions,
		}
		if js.Findings == nil {
			js.Findings = []Finding{}
		}
		if js.Suppressions == nil {
			js.Suppressions = []SuppressionRecord{}
		}
		out.Summary.Errors += js.Errors
		out.Summary.Warnings += js.Warnings
		out.Summary.Suppressed += js.Suppressed
		out.Stacks = append(out.Stacks, js)
	}
	if out.Stacks == nil {
		out.Stacks = []jsonStack{}
	}
	for _, rule := range append(Rules(), metaRules...) {
		out.Rules = append(out.Rules, jsonRule{
			ID: rule.ID, Severity: rule.Severity, Description: rule.Description, Fix: rule.Fix,
			ResourceTypes: rule.Types, Checkov: rule.Checkov, Trivy: rule.Trivy,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
