package diagram_test

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/acme/landing-zone/stacks"
	"github.com/acme/landing-zone/stacks/diagram"
	"github.com/acme/landing-zone/stacks/org"
)

var update = flag.Bool("update", false, "rewrite testdata/example.* (review the diff before committing)")

// TestExampleDiagram draws the example organization and the variant with a
// peering, checks that both formats parse, keeps the example's drawings as
// golden files, and renders the DOT to SVG where Graphviz is installed.
func TestExampleDiagram(t *testing.T) {
	in := stacks.DiagramInput(org.Example())
	mmd, dot := diagram.Mermaid(in), diagram.DOT(in)
	if err := diagram.CheckMermaid(mmd); err != nil {
		t.Errorf("Mermaid does not parse: %v\n%s", err, mmd)
	}
	if err := diagram.CheckDOT(dot); err != nil {
		t.Errorf("DOT does not parse: %v\n%s", err, dot)
	}
	for _, want := range []string{
		`stack_organization["stack 1: organization (us-east-1)"]`,
		`stack_security_rules["stack 5: security-rules (us-east-1)"]`,
		`subgraph vpc_prod["VPC prod 10.30.0.0/16"]`,
		`subnets_prod ---|"attachment"| segment_prod`,
		`subnets_dev ---|"attachment"| segment_nonprod`,
		`subgraph ou_Workloads_Prod["OU Prod"]`,
	} {
		if !strings.Contains(mmd, want) {
			t.Errorf("Mermaid lacks %s", want)
		}
	}
	golden(t, "example.mmd", mmd)
	golden(t, "example.dot", dot)

	v := org.Example()
	v.Network.Peerings = []org.Peering{{Requester: "dev", Accepter: "staging"}}
	vin := stacks.DiagramInput(v)
	if m := diagram.Mermaid(vin); !strings.Contains(m, `subnets_dev <-->|"peering"| subnets_staging`) {
		t.Errorf("the peering is not drawn:\n%s", m)
	} else if err := diagram.CheckMermaid(m); err != nil {
		t.Error(err)
	}
	if err := diagram.CheckDOT(diagram.DOT(vin)); err != nil {
		t.Error(err)
	}

	dotCmd, err := exec.LookPath("dot")
	if err != nil {
		t.Log("Graphviz dot is not installed: the SVG is not rendered (the DOT parse check ran)")
		return
	}
	cmd := exec.Command(dotCmd, "-Tsvg")
	cmd.Stdin = strings.NewReader(dot)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	svg, err := cmd.Output()
	if err != nil || !bytes.Contains(svg, []byte("<svg")) || stderr.Len() > 0 {
		t.Errorf("dot -Tsvg: %v, %d bytes\n%s", err, len(svg), stderr.String())
	}
}

// TestREADMEShowsTheExampleDiagram keeps the README's embedded diagram the
// one the example draws.
func TestREADMEShowsTheExampleDiagram(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want := "```mermaid\n" + diagram.Mermaid(stacks.DiagramInput(org.Example())) + "```\n"
	if !strings.Contains(string(readme), want) {
		t.Errorf("README.md does not embed the example's diagram; run go run . -diagram and put its output in a mermaid block")
	}
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./stacks/diagram -update)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the drawing; review and run go test ./stacks/diagram -update", path)
	}
}

func TestCheckMermaidRejects(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"no header", "a[\"x\"]\n", "not a flowchart header"},
		{"unclosed", "flowchart LR\n  subgraph s[\"x\"]\n", "not closed"},
		{"extra end", "flowchart LR\nend\n", "end without subgraph"},
		{"undeclared", "flowchart LR\n  a[\"x\"]\n  a ---|\"y\"| b\n", "undeclared b"},
		{"unquoted quote", "flowchart LR\n  a[\"x\"y\"]\n", "cannot parse"},
		{"twice", "flowchart LR\n  a[\"x\"]\n  a[\"y\"]\n", "declared twice"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := diagram.CheckMermaid(tc.src); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestCheckDOTRejects(t *testing.T) {
	for _, tc := range []struct{ name, src, want string }{
		{"not a graph", "tree { }", "want graph or digraph"},
		{"unclosed", "graph g { a -- b;", "unclosed {"},
		{"directed edge in a graph", "graph g { a -> b }", "edge operator -> in a graph"},
		{"string", "graph g { a [label=\"x] }", "unterminated string"},
		{"attribute", "graph g { a [label=] }", "want an attribute value"},
		{"trailing", "graph g { } x", "text after the graph"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := diagram.CheckDOT(tc.src); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
	if err := diagram.CheckDOT("digraph { a -> b -> c [color=red]; subgraph cluster_x { label=\"y\"; d } e:p -> d; node [shape=box] }"); err != nil {
		t.Errorf("a valid digraph: %v", err)
	}
}
