package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/stacks/org"
)

// These tests stop before any construct is built, so they do not start the
// jsii runtime: user errors are caught in plain Go.

func TestRunRejectsBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
		return p
	}
	example := exampleYAML(t)
	tests := []struct {
		name     string
		args     []string
		code     int
		wantErrs []string
	}{
		{"missing file", []string{"-org", filepath.Join(dir, "nope.yaml")}, 1, []string{"organization file: open ", "no such file"}},
		{"invalid CIDR", []string{"-org", write("cidr.yaml", strings.Replace(example, "10.10.0.0/16", "10.10.0.0/33", 1))}, 1,
			[]string{`cidr.yaml: environments[dev].vpc.cidr "10.10.0.0/33": not a valid IPv4 CIDR`}},
		{"overlap and region", []string{"-org", write("two.yaml", strings.Replace(strings.Replace(example, "10.20.0.0/16", "10.10.0.0/17", 1), "home_region: us-east-1", "home_region: us-east-7", 1))}, 1,
			[]string{`home_region "us-east-7": unknown AWS region`, `environments[staging].vpc.cidr "10.10.0.0/17": overlaps environments[dev].vpc.cidr`}},
		{"unknown field", []string{"-org", write("typo.yaml", example+"colour: blue\n")}, 1, []string{"unknown field colour"}},
		{"bad flag", []string{"-nope"}, 2, []string{"flag provided but not defined: -nope"}},
		{"bad backend", []string{"-backend", "gcs"}, 2, []string{`-backend "gcs": must be s3 or local`}},
		{"stray argument", []string{"org.yaml"}, 2, []string{`unexpected argument "org.yaml"`}},
		{"bad diagram format", []string{"-diagram", "-diagram-format", "png"}, 2, []string{`-diagram-format "png": must be mermaid or dot`}},
		{"bad rule pack", []string{"-rules", "nist"}, 2, []string{`-rules "nist": must be all, cis or fsbp`}},
		{"diagram format alone", []string{"-diagram-format", "dot"}, 2, []string{`-diagram-format "dot": only with -diagram`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, "out-"+strings.ReplaceAll(tt.name, " ", "-"))
			var stdout, stderr bytes.Buffer
			code := run(append(tt.args, "-out", out), &stdout, &stderr)
			assert.Equal(t, tt.code, code, "exit code; stderr:\n%s", stderr.String())
			for _, want := range tt.wantErrs {
				assert.Contains(t, stderr.String(), want)
			}
			assert.NotContains(t, stderr.String(), "goroutine", "no panic trace")
			assert.NoDirExists(t, out, "nothing written on error")
		})
	}
}

func TestRunReadsTheFileFromTheEnvironment(t *testing.T) {
	p := filepath.Join(t.TempDir(), "bad.yaml")
	require.NoError(t, os.WriteFile(p, []byte("name: Bad Name\n"), 0o600))
	t.Setenv(org.EnvFile, p)
	var stdout, stderr bytes.Buffer
	assert.Equal(t, 1, run(nil, &stdout, &stderr))
	assert.Contains(t, stderr.String(), `bad.yaml: name "Bad Name"`)
}

func TestPrintExample(t *testing.T) {
	y := exampleYAML(t)
	got, err := org.Parse("printed.yaml", []byte(y))
	require.NoError(t, err)
	assert.Equal(t, org.Example(), got, "the printed example is a valid starting point")
}

// TestDiagramFlag draws without building anything (no jsii runtime).
func TestDiagramFlag(t *testing.T) {
	for format, want := range map[string]string{"": "flowchart LR\n", "mermaid": "flowchart LR\n", "dot": "graph landing_zone {\n"} {
		args := []string{"-diagram"}
		if format != "" {
			args = append(args, "-diagram-format", format)
		}
		var stdout, stderr bytes.Buffer
		require.Equal(t, 0, run(args, &stdout, &stderr), stderr.String())
		assert.True(t, strings.HasPrefix(stdout.String(), want), "format %q: %.40s", format, stdout.String())
	}
}

func exampleYAML(t *testing.T) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	require.Equal(t, 0, run([]string{"-print-example"}, &stdout, &stderr), stderr.String())
	return stdout.String()
}

// TestHCLFromTheEnvironment: `cdktf synth --hcl` asks for HCL through
// SYNTH_HCL_OUTPUT, which cdktf itself reads.
func TestHCLFromTheEnvironment(t *testing.T) {
	for env, want := range map[string]bool{"": false, "true": true, "false": false} {
		t.Setenv(envHCL, env)
		c, err := parseFlags(nil, io.Discard)
		require.NoError(t, err)
		assert.Equal(t, want, c.hcl, "%s=%q", envHCL, env)
	}
}

func TestRulesFlag(t *testing.T) {
	for arg, want := range map[string]string{"": "all", "all": "all", "cis": "cis", "fsbp": "fsbp", "CIS": "cis"} {
		args := []string{}
		if arg != "" {
			args = []string{"-rules", arg}
		}
		c, err := parseFlags(args, io.Discard)
		require.NoError(t, err, arg)
		got := "all"
		if c.framework != nil {
			got = string(*c.framework)
		}
		require.Equal(t, want, got, arg)
	}
}
