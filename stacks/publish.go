package stacks

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/acme/landing-zone/constructs/policycheck"
)

// PolicyReport and PolicySARIF are written beside the stacks.
const (
	PolicyReport = "policy-report.json"
	PolicySARIF  = "policy-report.sarif"
)

// StagingDir makes the directory an app synthesizes into before its stacks
// are checked: beside outdir, so that Publish can rename it into place.
func StagingDir(outdir string) (string, error) {
	parent := filepath.Dir(filepath.Clean(outdir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	return os.MkdirTemp(parent, "."+filepath.Base(outdir)+"-")
}

// Publish checks every stack synthesized into staging, writes the JSON and
// SARIF reports there, and only when no rule fails replaces outdir with it.
// On failure staging is removed and outdir is left as it was, so a failed
// synth never leaves half-checked output where deploys read it.
func Publish(staging, outdir string, opts policycheck.Options) (*policycheck.Report, error) {
	rep, err := policycheck.CheckOutdir(staging, opts)
	if err != nil {
		os.RemoveAll(staging)
		return nil, fmt.Errorf("policy checks: %w", err)
	}
	if err := rep.WriteFiles(staging); err != nil {
		os.RemoveAll(staging)
		return rep, fmt.Errorf("policy reports: %w", err)
	}
	if err := rep.Err(); err != nil {
		os.RemoveAll(staging)
		return rep, err
	}
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
