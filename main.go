// Command landing-zone synthesizes the landing zone's Terraform stacks, one
// per account and one per workload environment, from an organization model.
//
//	go run .                         # the built-in example organization
//	go run . -org my-org.yaml        # your own organization file
//	LANDINGZONE_ORG_FILE=my-org.yaml cdktf synth
//
// The model is validated before anything is built: a bad file ends with one
// line per problem, a non-zero exit and nothing written.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
	"go.yaml.in/yaml/v3"

	"github.com/acme/landing-zone/constructs/compliance"
	"github.com/acme/landing-zone/constructs/costestimate"
	"github.com/acme/landing-zone/constructs/lazyindex"
	"github.com/acme/landing-zone/stacks"
	"github.com/acme/landing-zone/stacks/diagram"
	"github.com/acme/landing-zone/stacks/org"
)

// envBackend overrides the model's backend type, like -backend.
const envBackend = "LANDINGZONE_BACKEND"

// envHCL is how `cdktf synth --hcl` asks the app for HCL output.
const envHCL = "SYNTH_HCL_OUTPUT"

func main() {
	// Before the first jsii call: the provider's index is read when the
	// runtime first loads it.
	lazyindex.Enable()
	code := run(os.Args[1:], os.Stdout, os.Stderr)
	jsii.Close()
	os.Exit(code)
}

type config struct {
	orgFile      string
	backend      string
	outdir       string
	printExample bool
	// diagram prints the architecture diagram ("mermaid" or "dot") and
	// exits.
	diagram string
	// hcl: cdktf writes cdk.tf (HCL) instead of cdk.tf.json.
	hcl bool
	// framework limits the rule pack to one framework's rules (-rules);
	// nil runs all of it.
	framework *compliance.Framework
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("landing-zone", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.orgFile, "org", os.Getenv(org.EnvFile), "organization file (YAML or JSON); default: $"+org.EnvFile+", else the built-in example")
	fs.StringVar(&c.backend, "backend", os.Getenv(envBackend), "override the model's state backend: s3 or local; default: $"+envBackend)
	fs.StringVar(&c.outdir, "out", "", "output directory; default: $CDKTF_OUTDIR (set by the cdktf CLI), else cdktf.out")
	fs.BoolVar(&c.printExample, "print-example", false, "print the built-in example organization as YAML, a starting point for your own file, and exit")
	var drawMermaid bool
	fs.BoolVar(&drawMermaid, "diagram", false, "print the organization's architecture diagram (Mermaid) and exit; every synth also writes it to the output directory")
	fs.StringVar(&c.diagram, "diagram-format", "", "with -diagram: mermaid (default) or dot")
	var rules string
	fs.StringVar(&rules, "rules", "all", "rule pack: all, cis (rules mapped to CIS AWS Foundations Benchmark v3.0.0 controls) or fsbp (AWS Foundational Security Best Practices); suppressions apply either way")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: landing-zone [flags]\n\nSynthesizes one Terraform stack per account into cdktf.out/stacks/<stack>/cdk.tf.json.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	// HCL output is asked for only through the environment, as `cdktf synth
	// --hcl` does: cdktf's stacks read the variable in the jsii runtime,
	// which starts when the program does, and ignore the App's setting.
	c.hcl = os.Getenv(envHCL) == "true"
	switch {
	case c.diagram != "" && c.diagram != "mermaid" && c.diagram != "dot":
		return c, fmt.Errorf("-diagram-format %q: must be mermaid or dot", c.diagram)
	case c.diagram != "" && !drawMermaid:
		return c, fmt.Errorf("-diagram-format %q: only with -diagram", c.diagram)
	case drawMermaid && c.diagram == "":
		c.diagram = "mermaid"
	}
	f, err := compliance.ParseFramework(rules)
	if err != nil {
		return c, fmt.Errorf("-rules %w", err)
	}
	c.framework = f
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q; the organization file goes in -org", fs.Arg(0))
	}
	switch org.BackendType(c.backend) {
	case "", org.BackendS3, org.BackendLocal:
	default:
		return c, fmt.Errorf("-backend %q: must be s3 or local", c.backend)
	}
	return c, nil
}

// run is main without the exit, so tests can drive it. User errors return 1
// (2 for bad flags) with one line per problem on stderr.
func run(args []string, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "landing-zone:", err)
		return 2
	}
	if c.printExample {
		out, err := yaml.Marshal(org.Example())
		if err != nil {
			fmt.Fprintln(stderr, "landing-zone:", err)
			return 1
		}
		fmt.Fprint(stdout, "# The built-in example organization. Replace names, emails and ids with your own.\n", string(out))
		return 0
	}
	model, err := loadModel(c.orgFile)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if c.diagram != "" {
		// Plain Go: no jsii runtime, no Lambda builds.
		in := stacks.DiagramInput(model)
		if c.diagram == "dot" {
			fmt.Fprint(stdout, diagram.DOT(in))
		} else {
			fmt.Fprint(stdout, diagram.Mermaid(in))
		}
		return 0
	}
	return synth(model, c, stdout, stderr)
}

func loadModel(path string) (*org.Organization, error) {
	if path == "" {
		return org.Example(), nil
	}
	return org.Load(path)
}

// synth builds every stack, synthesizes them into a staging directory,
// checks them against the policy rules, and only then moves them into
// place: an error at any step leaves the output directory as it was.
func synth(model *org.Organization, c config, stdout, stderr io.Writer) int {
	outdir := c.outdir
	if outdir == "" {
		outdir = os.Getenv("CDKTF_OUTDIR")
	}
	if outdir == "" {
		outdir = "cdktf.out"
	}
	staging, err := stacks.StagingDir(outdir)
	if err != nil {
		fmt.Fprintln(stderr, "landing-zone:", err)
		return 1
	}
	app := cdktf.NewApp(&cdktf.AppConfig{Outdir: jsii.String(staging)})
	res, err := stacks.Build(app, model, stacks.Options{Backend: org.BackendType(c.backend)})
	if err != nil {
		os.RemoveAll(staging)
		fmt.Fprintln(stderr, err)
		return 1
	}
	app.Synth()
	svgNote, err := writeDiagrams(staging, model)
	if err != nil {
		os.RemoveAll(staging)
		fmt.Fprintln(stderr, "landing-zone:", err)
		return 1
	}
	var estimate *costestimate.Estimate
	var matrix *compliance.Matrix
	opts := stacks.PublishOptions{
		CostAssumptions: model.CostAssumptions,
		CostEstimate:    func(e *costestimate.Estimate) { estimate = e },
		Framework:       c.framework,
		ConfigRules:     stacks.ConfigRules(model.ConfigRules),
		Compliance:      func(m *compliance.Matrix) { matrix = m },
	}
	if c.hcl {
		// HCL is for people to read; the checks read the JSON of the same
		// stacks.
		opts.HCLStackJSON = res.StackJSON
	}
	rep, err := stacks.Publish(staging, outdir, opts)
	if rep != nil {
		fmt.Fprint(stdout, rep.Summary())
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		fmt.Fprintf(stderr, "landing-zone: nothing written to %s\n", outdir)
		return 1
	}
	if estimate != nil {
		// One line per environment; the reports have the rest.
		fmt.Fprint(stdout, estimate.Summary())
	}
	if matrix != nil {
		for _, f := range matrix.Frameworks {
			fmt.Fprintln(stdout, matrix.TotalsLine(f))
		}
	}
	if res.Skipped != "" {
		fmt.Fprintln(stderr, "note:", res.Skipped)
	}
	if svgNote != "" {
		fmt.Fprintln(stderr, "note:", svgNote)
	}
	format := "JSON"
	if c.hcl {
		format = "HCL"
	}
	fmt.Fprintf(stdout, "synthesized %d stacks as %s to %s (policy reports: %s, %s; compliance: %s, %s; cost estimate: %s, %s)\n", len(res.Stacks), format, filepath.Join(outdir, "stacks"), stacks.PolicyReport, stacks.PolicySARIF, stacks.ComplianceMarkdown, stacks.ComplianceReport, stacks.CostMarkdown, stacks.CostReport)
	return 0
}

// Diagram files written beside the stacks on every synth.
const (
	diagramMarkdown = "architecture.md"
	diagramMermaid  = "architecture.mmd"
	diagramDOT      = "architecture.dot"
	diagramSVG      = "architecture.svg"
)

// writeDiagrams writes the architecture diagram into dir as Mermaid (also
// in a Markdown file, which GitHub and GitLab render), DOT and, where
// Graphviz's dot is installed, SVG. Without dot it returns a note instead.
func writeDiagrams(dir string, model *org.Organization) (string, error) {
	in := stacks.DiagramInput(model)
	dot := diagram.DOT(in)
	for name, body := range map[string]string{
		diagramMarkdown: diagram.Markdown(in),
		diagramMermaid:  diagram.Mermaid(in),
		diagramDOT:      dot,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			return "", err
		}
	}
	dotCmd, err := exec.LookPath("dot")
	if err != nil {
		return "Graphviz is not installed, so " + diagramSVG + " was not rendered (" + diagramDOT + " and " + diagramMarkdown + " were written)", nil
	}
	cmd := exec.Command(dotCmd, "-Tsvg", "-o", filepath.Join(dir, diagramSVG))
	cmd.Stdin = strings.NewReader(dot)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("rendering %s with dot: %v: %s", diagramSVG, err, strings.TrimSpace(string(out)))
	}
	return "", nil
}
