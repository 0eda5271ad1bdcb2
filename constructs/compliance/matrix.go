package compliance

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/acme/landing-zone/constructs/policycheck"
)

// Report file names, written beside the policy reports.
const (
	JSONReportName     = "compliance.json"
	MarkdownReportName = "compliance.md"
)

// Status is a control's standing for one organization.
type Status string

// The statuses.
const (
	// MetAtSynth: a synth-time rule, guardrail or construct default
	// implements the control and the mapped rules have no unsuppressed
	// finding.
	MetAtSynth Status = "met at synth"
	// FindingsAtSynth: a mapped rule has an unsuppressed finding.
	FindingsAtSynth Status = "findings at synth"
	// Monitored: only an AWS Config rule of the landing zone (and the
	// Security Hub standard) evaluates it, after deploy.
	Monitored Status = "monitored after deploy"
	// NotCovered: nothing in the landing zone implements it; only the
	// Security Hub standard's own check reports it after deploy.
	NotCovered Status = "not covered"
)

var statuses = []Status{MetAtSynth, FindingsAtSynth, Monitored, NotCovered}

// Row is one control of the matrix.
type Row struct {
	Framework   Framework `json:"framework"`
	Control     string    `json:"control"`
	Requirement string    `json:"requirement,omitempty"`
	Title       string    `json:"title"`
	Status      Status    `json:"status"`
	Rules       []string  `json:"rules,omitempty"`
	SCPs        []string  `json:"scps,omitempty"`
	Config      []string  `json:"configRules,omitempty"`
	Defaults    []string  `json:"defaults,omitempty"`
	SecurityHub string    `json:"securityHub"`
	// Findings counts the mapped rules' unsuppressed findings.
	Findings int    `json:"findings"`
	Note     string `json:"note,omitempty"`
}

// Matrix is the compliance matrix of one synth.
type Matrix struct {
	Rows []Row `json:"rows"`
	// Totals counts rows per framework and status.
	Totals map[Framework]map[Status]int `json:"totals"`
	// RulesSelected is the -rules selection ("all", "cis", "fsbp").
	RulesSelected string `json:"rulesSelected"`
	// Frameworks are the frameworks the matrix lists: both for the whole
	// pack, only the selected one when the pack was limited to it (the
	// other's rules did not run, so its statuses would be wrong).
	Frameworks []Framework `json:"frameworks"`
}

// Inputs are what one synth knows about the organization.
type Inputs struct {
	// Report is the policy report of the synth; nil counts no finding.
	Report *policycheck.Report
	// ConfigRules are the AWS Config managed rules the organization
	// deploys (orgbaseline.DefaultConfigRules plus the model's).
	ConfigRules []string
	// SCPs are the Sids of the guardrail statements the organization's
	// SCPs contain (GuardrailSids); a mapped Sid not among them does not
	// count.
	SCPs []string
	// Framework is the framework the rule pack was limited to, or nil for
	// the whole pack: rules outside it did not run and do not count.
	Framework *Framework
}

// Evaluate builds the matrix from one synth's inputs.
func Evaluate(in Inputs) *Matrix {
	rep, configRules, selected := in.Report, in.ConfigRules, in.Framework
	attached := map[string]bool{}
	for _, sid := range in.SCPs {
		attached[sid] = true
	}
	open := map[string]int{}
	if rep != nil {
		for _, s := range rep.Stacks {
			for _, f := range s.Findings {
				if !f.Suppressed {
					open[f.RuleID]++
				}
			}
		}
	}
	ran := map[string]bool{}
	for _, r := range policycheck.Rules() {
		ran[r.ID] = true
	}
	if selected != nil {
		ran = map[string]bool{}
		for _, id := range RulesFor(*selected) {
			ran[id] = true
		}
	}
	deployed := map[string]bool{}
	for _, c := range configRules {
		deployed[c] = true
	}
	m := &Matrix{Totals: map[Framework]map[Status]int{}, RulesSelected: "all"}
	if selected != nil {
		m.RulesSelected = string(*selected)
	}
	m.Frameworks = Frameworks
	if selected != nil {
		m.Frameworks = []Framework{*selected}
	}
	for _, f := range m.Frameworks {
		m.Totals[f] = map[Status]int{}
		for _, c := range controls {
			if !c.In(f) {
				continue
			}
			row := Row{Framework: f, Control: c.ID, Title: c.Title, Defaults: c.Defaults, Note: c.Note,
				SecurityHub: f.Title() + " (" + c.ID + ")"}
			if f == CIS {
				row.Requirement = c.CIS
			}
			for _, r := range c.Rules {
				if ran[r] {
					row.Rules = append(row.Rules, r)
					row.Findings += open[r]
				}
			}
			for _, sid := range c.SCPs {
				if attached[sid] {
					row.SCPs = append(row.SCPs, sid)
				}
			}
			for _, cr := range c.Config {
				if deployed[cr] {
					row.Config = append(row.Config, cr)
				}
			}
			switch {
			case row.Findings > 0:
				row.Status = FindingsAtSynth
			case len(row.Rules) > 0 || len(row.SCPs) > 0 || len(row.Defaults) > 0:
				row.Status = MetAtSynth
			case len(row.Config) > 0:
				row.Status = Monitored
			default:
				row.Status = NotCovered
			}
			m.Totals[f][row.Status]++
			m.Rows = append(m.Rows, row)
		}
	}
	return m
}

// Uncovered returns the rows of framework f that are not covered.
func (m *Matrix) Uncovered(f Framework) []Row {
	var out []Row
	for _, r := range m.Rows {
		if r.Framework == f && r.Status == NotCovered {
			out = append(out, r)
		}
	}
	return out
}

// TotalsLine is framework f's totals in one line: "CIS AWS Foundations
// Benchmark v3.0.0: 36 controls: 20 met at synth, ...".
func (m *Matrix) TotalsLine(f Framework) string {
	n := 0
	var parts []string
	for _, s := range statuses {
		n += m.Totals[f][s]
		parts = append(parts, fmt.Sprintf("%d %s", m.Totals[f][s], s))
	}
	return fmt.Sprintf("%s: %d controls: %s", f.Title(), n, strings.Join(parts, ", "))
}

// WriteJSON writes the matrix as JSON.
func (m *Matrix) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(m)
}

// WriteMarkdown writes the matrix as Markdown: totals, the uncovered
// controls, then one table per framework.
func (m *Matrix) WriteMarkdown(w io.Writer) error {
	var b strings.Builder
	b.WriteString("# Compliance matrix\n\n")
	b.WriteString("What implements each control of the CIS AWS Foundations Benchmark v3.0.0 and AWS Foundational Security Best Practices v1.0.0 ")
	b.WriteString("in this organization: SCP guardrail statements (before anything happens), the synth-time rule pack (before deploy), ")
	b.WriteString("AWS Config organization rules and the Security Hub standards (after deploy), and construct defaults. ")
	b.WriteString("FSBP controls are listed for the services the landing zone deploys; Security Hub runs all of FSBP and CIS v3.0.0 in every account regardless.\n\n")
	fmt.Fprintf(&b, "Rule pack: %s. Sources: %s, %s, %s.\n\n", m.RulesSelected, Sources[CIS], Sources[FSBP], SecurityHubSource)
	b.WriteString("## Totals\n\n")
	for _, f := range m.Frameworks {
		fmt.Fprintf(&b, "- %s\n", m.TotalsLine(f))
	}
	b.WriteString("\n## Not covered\n\n")
	for _, f := range m.Frameworks {
		var ids []string
		for _, r := range m.Uncovered(f) {
			ids = append(ids, r.Control)
		}
		fmt.Fprintf(&b, "- %s: %s\n", f.Title(), orNone(ids))
	}
	for _, f := range m.Frameworks {
		fmt.Fprintf(&b, "\n## %s\n\n", f.Title())
		b.WriteString("| Control | Title | Status | SCP | Rules | Config rules | Defaults | Note |\n|---|---|---|---|---|---|---|---|\n")
		for _, r := range m.Rows {
			if r.Framework != f {
				continue
			}
			id := r.Control
			if r.Requirement != "" {
				id = r.Requirement + " (" + r.Control + ")"
			}
			status := string(r.Status)
			if r.Findings > 0 {
				status += fmt.Sprintf(" (%d)", r.Findings)
			}
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", id, cell(r.Title), status,
				strings.Join(r.SCPs, ", "), strings.Join(r.Rules, ", "), strings.Join(r.Config, ", "), cell(strings.Join(r.Defaults, "; ")), cell(r.Note))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func orNone(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	return strings.Join(s, ", ")
}

// WriteFiles writes compliance.json and compliance.md into dir.
func (m *Matrix) WriteFiles(dir string) error {
	for _, out := range []struct {
		name  string
		write func(io.Writer) error
	}{{JSONReportName, m.WriteJSON}, {MarkdownReportName, m.WriteMarkdown}} {
		f, err := os.Create(filepath.Join(dir, out.name))
		if err != nil {
			return err
		}
		if err := out.write(f); err != nil {
			f.Close()
			return fmt.Errorf("%s: %w", out.name, err)
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	return nil
}

// Summary is the matrix in a few lines: each framework's totals, then its
// uncovered controls by id. The README shows it for the example.
func (m *Matrix) Summary() string {
	var b strings.Builder
	for _, f := range m.Frameworks {
		b.WriteString(m.TotalsLine(f) + "\n")
	}
	for _, f := range m.Frameworks {
		var ids []string
		for _, r := range m.Uncovered(f) {
			id := r.Control
			if r.Requirement != "" {
				id = r.Requirement + " " + r.Control
			}
			ids = append(ids, id)
		}
		fmt.Fprintf(&b, "not covered, %s: %s\n", f.Title(), orNone(ids))
	}
	return b.String()
}

// GuardrailSids returns the statement Sids of the service control
// policies (aws_organizations_policy of type SERVICE_CONTROL_POLICY) in
// the given stacks' Terraform JSON, sorted. Content that is not a JSON
// policy document (an unresolved reference) is skipped.
func GuardrailSids(stacksJSON map[string][]byte) ([]string, error) {
	seen := map[string]bool{}
	for name, data := range stacksJSON {
		var st struct {
			Resource map[string]map[string]struct {
				Type    string `json:"type"`
				Content string `json:"content"`
			} `json:"resource"`
		}
		if err := json.Unmarshal(data, &st); err != nil {
			return nil, fmt.Errorf("compliance: stack %s: %w", name, err)
		}
		for _, p := range st.Resource["aws_organizations_policy"] {
			if p.Type != "SERVICE_CONTROL_POLICY" {
				continue
			}
			var doc struct {
				Statement []struct {
					Sid string `json:"Sid"`
				} `json:"Statement"`
			}
			if json.Unmarshal([]byte(p.Content), &doc) != nil {
				continue
			}
			for _, s := range doc.Statement {
				if s.Sid != "" {
					seen[s.Sid] = true
				}
			}
		}
	}
	out := make([]string, 0, len(seen))
	for sid := range seen {
		out = append(out, sid)
	}
	sort.Strings(out)
	return out, nil
}
