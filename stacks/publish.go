package stacks

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/acme/landing-zone/constructs/compliance"
	"github.com/acme/landing-zone/constructs/costestimate"
	"github.com/acme/landing-zone/constructs/policycheck"
)

// PolicyReport and PolicySARIF are written beside the stacks.
const (
	PolicyReport = "policy-report.json"
	PolicySARIF  = "policy-report.sarif"
)

// CostReport and CostMarkdown are the cost estimate, written beside the
// policy reports.
const (
	CostReport   = costestimate.JSONReportName
	CostMarkdown = costestimate.MarkdownReportName
)

// ComplianceReport and ComplianceMarkdown are the compliance matrix,
// written beside the policy reports on every synth.
const (
	ComplianceReport   = compliance.JSONReportName
	ComplianceMarkdown = compliance.MarkdownReportName
)

// ownerFile in a staging directory holds the id of the process that made
// it, so that a later run can tell an abandoned staging directory from one
// that another synth is still writing.
const ownerFile = ".owner-pid"

// staleAfter is how old a staging directory without a readable owner must
// be before it is taken as abandoned.
const staleAfter = time.Hour

// StagingDir makes the directory an app synthesizes into before its stacks
// are checked: beside outdir, so that Publish can rename it into place.
// Staging directories that an earlier, killed synth left behind (their
// process is gone) are removed first.
func StagingDir(outdir string) (string, error) {
	parent := filepath.Dir(filepath.Clean(outdir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	prefix := "." + filepath.Base(outdir) + "-"
	removeAbandoned(parent, prefix)
	dir, err := os.MkdirTemp(parent, prefix)
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(dir, ownerFile), []byte(strconv.Itoa(os.Getpid())), 0o644); err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	return dir, nil
}

// removeAbandoned deletes parent's staging directories (and the ".old"
// copies of an interrupted swap) whose owning process no longer runs.
// Errors are ignored: what cannot be removed now is tried again next time.
func removeAbandoned(parent, prefix string) {
	entries, err := os.ReadDir(parent)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), prefix) {
			continue
		}
		dir := filepath.Join(parent, e.Name())
		if abandoned(strings.TrimSuffix(dir, ".old")) {
			os.RemoveAll(dir)
		}
	}
}

// abandoned reports whether the staging directory dir belongs to no
// running process.
func abandoned(dir string) bool {
	data, err := os.ReadFile(filepath.Join(dir, ownerFile))
	if err != nil {
		// No owner recorded (an older version's directory, or the owner
		// file was not written yet): go by age.
		info, err := os.Stat(dir)
		if err != nil {
			return true // an ".old" whose staging directory is gone
		}
		return time.Since(info.ModTime()) > staleAfter
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || pid <= 0 {
		return true
	}
	if pid == os.Getpid() {
		return false
	}
	p, err := os.FindProcess(pid)
	if err != nil {
		return true
	}
	// Signal 0 checks for existence without signalling; EPERM means the
	// process exists under another user.
	err = p.Signal(syscall.Signal(0))
	return err != nil && !errors.Is(err, syscall.EPERM)
}

// PublishOptions adjust Publish.
type PublishOptions struct {
	// Checks are the policy checks' options.
	Checks policycheck.Options
	// HCLStackJSON is set when the app wrote HCL (cdk.tf, as `cdktf synth
	// --hcl` asks), which the checks cannot read: it returns the Terraform
	// JSON of the stack called name, and the checks judge that. The reports
	// then name cdk.tf, without line numbers.
	HCLStackJSON func(name string) ([]byte, error)
	// CostAssumptions are the usage quantities of the monthly cost
	// estimate (the organization file's cost_assumptions).
	CostAssumptions costestimate.Assumptions
	// CostEstimate, when set, is called with the cost estimate that
	// Publish wrote, for the synth summary.
	CostEstimate func(*costestimate.Estimate)
	// Framework limits the rule pack to the rules that map to a control of
	// that framework (-rules cis or fsbp); nil runs the whole pack (or
	// Checks.Rules when set).
	Framework *compliance.Framework
	// ConfigRules are the AWS Config managed rules the organization
	// deploys (ConfigRules of the model), for the compliance matrix.
	ConfigRules []string
	// Compliance, when set, is called with the compliance matrix that
	// Publish wrote, for the synth summary.
	Compliance func(*compliance.Matrix)
}

// ConfigRules are the AWS Config managed rules an organization deploys:
// orgbaseline.DefaultConfigRules plus the model's config_rules, each once.
func ConfigRules(extra []string) []string { return configRules(extra) }

// Publish checks every stack synthesized into staging, writes the JSON and
// SARIF reports and the compliance matrix (compliance.md and
// compliance.json) there, and only when no rule fails writes the monthly cost
// estimate (cost-estimate.json and cost-estimate.md) beside them and
// replaces outdir with it.
// On failure staging is removed and outdir is left as it was, so a failed
// synth never leaves half-checked output where deploys read it.
func Publish(staging, outdir string, opts PublishOptions) (*policycheck.Report, error) {
	var rep *policycheck.Report
	var err error
	if opts.Framework != nil {
		opts.Checks.Rules = compliance.RulesFor(*opts.Framework)
	}
	if opts.HCLStackJSON != nil {
		rep, err = checkHCL(staging, opts)
	} else {
		rep, err = policycheck.CheckOutdir(staging, opts.Checks)
	}
	if err != nil {
		os.RemoveAll(staging)
		return nil, fmt.Errorf("policy checks: %w", err)
	}
	rep.Controls = compliance.RuleControls()
	if err := rep.WriteFiles(staging); err != nil {
		os.RemoveAll(staging)
		return rep, fmt.Errorf("policy reports: %w", err)
	}
	matrix, err := complianceMatrix(staging, rep, opts)
	if err == nil {
		err = matrix.WriteFiles(staging)
	}
	if err != nil {
		os.RemoveAll(staging)
		return rep, fmt.Errorf("compliance matrix: %w", err)
	}
	if opts.Compliance != nil {
		opts.Compliance(matrix)
	}
	if err := rep.Err(); err != nil {
		os.RemoveAll(staging)
		return rep, err
	}
	if err := writeCostEstimate(staging, opts); err != nil {
		os.RemoveAll(staging)
		return rep, fmt.Errorf("cost estimate: %w", err)
	}
	os.Remove(filepath.Join(staging, ownerFile))
	// Swap in two renames: the old output stays whole until the new one is
	// complete.
	old := ""
	if _, err := os.Stat(outdir); err == nil {
		old = staging + ".old"
		if err := os.Rename(outdir, old); err != nil {
			os.RemoveAll(staging)
			return rep, fmt.Errorf("replacing %s: %w", outdir, err)
		}
	}
	if err := os.Rename(staging, outdir); err != nil {
		if old != "" {
			os.Rename(old, outdir)
		}
		os.RemoveAll(staging)
		return rep, fmt.Errorf("replacing %s: %w", outdir, err)
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return rep, nil
}

// complianceMatrix evaluates the compliance matrix of the stacks in
// staging: their policy report, the organization's Config rules, and the
// guardrail statements their SCPs contain.
func complianceMatrix(staging string, rep *policycheck.Report, opts PublishOptions) (*compliance.Matrix, error) {
	stacksJSON := map[string][]byte{}
	if opts.HCLStackJSON != nil {
		names, _, err := manifestStacks(staging)
		if err != nil {
			return nil, err
		}
		for _, name := range names {
			data, err := opts.HCLStackJSON(name)
			if err != nil {
				return nil, fmt.Errorf("stack %s: %w", name, err)
			}
			stacksJSON[name] = data
		}
	} else {
		files, err := filepath.Glob(filepath.Join(staging, "stacks", "*", "cdk.tf.json"))
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			stacksJSON[filepath.Base(filepath.Dir(f))] = data
		}
	}
	sids, err := compliance.GuardrailSids(stacksJSON)
	if err != nil {
		return nil, err
	}
	return compliance.Evaluate(compliance.Inputs{Report: rep, ConfigRules: opts.ConfigRules, SCPs: sids, Framework: opts.Framework}), nil
}

// writeCostEstimate estimates the stacks in staging (their JSON, also when
// the app wrote HCL) and writes the reports there.
func writeCostEstimate(staging string, opts PublishOptions) error {
	var est *costestimate.Estimate
	var err error
	if opts.HCLStackJSON != nil {
		stacksJSON := map[string][]byte{}
		names, _, merr := manifestStacks(staging)
		if merr != nil {
			return merr
		}
		for _, name := range names {
			data, err := opts.HCLStackJSON(name)
			if err != nil {
				return fmt.Errorf("stack %s: %w", name, err)
			}
			stacksJSON[name] = data
		}
		est, err = costestimate.EstimateAll(stacksJSON, opts.CostAssumptions)
	} else {
		est, err = costestimate.EstimateOutdir(staging, opts.CostAssumptions)
	}
	if err != nil {
		return err
	}
	if err := est.WriteFiles(staging); err != nil {
		return err
	}
	if opts.CostEstimate != nil {
		opts.CostEstimate(est)
	}
	return nil
}

// manifestStacks returns the names of the stacks that manifest.json in
// staging lists, sorted, and each one's synthesized file.
func manifestStacks(staging string) ([]string, map[string]string, error) {
	manifestPath := filepath.Join(staging, "manifest.json")
	data, err := os.ReadFile(manifestPath)
	if err != nil {
		return nil, nil, err
	}
	var manifest struct {
		Stacks map[string]struct {
			SynthesizedStackPath string `json:"synthesizedStackPath"`
		} `json:"stacks"`
	}
	if err := json.Unmarshal(data, &manifest); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", manifestPath, err)
	}
	if len(manifest.Stacks) == 0 {
		return nil, nil, fmt.Errorf("%s lists no stacks", manifestPath)
	}
	names := make([]string, 0, len(manifest.Stacks))
	files := map[string]string{}
	for n, st := range manifest.Stacks {
		names = append(names, n)
		files[n] = st.SynthesizedStackPath
	}
	sort.Strings(names)
	return names, files, nil
}

// checkHCL checks the stacks that manifest.json lists in staging, reading
// each one's JSON from opts.HCLStackJSON, and makes the reports name the
// HCL files that were written.
func checkHCL(staging string, opts PublishOptions) (*policycheck.Report, error) {
	names, files, err := manifestStacks(staging)
	if err != nil {
		return nil, err
	}
	rep := &policycheck.Report{}
	for _, name := range names {
		tfJSON, err := opts.HCLStackJSON(name)
		if err != nil {
			return nil, fmt.Errorf("stack %s: %w", name, err)
		}
		sr, err := policycheck.Check(name, tfJSON, opts.Checks)
		if err != nil {
			return nil, err
		}
		sr.File = filepath.ToSlash(files[name])
		for i := range sr.Findings {
			sr.Findings[i].Line = 0 // lines of a JSON rendering nobody sees
		}
		rep.Stacks = append(rep.Stacks, sr)
	}
	return rep, nil
}
