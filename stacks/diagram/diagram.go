// Package diagram draws the landing zone from its organization model, in
// plain Go: the OU tree and its accounts, the stacks in each account
// numbered by deploy step, each environment's VPC (range, zones, NAT) and
// workload, the Transit Gateway's segments with the VPCs attached to them,
// and the VPC peerings. It writes Mermaid (which GitHub and GitLab render in
// Markdown) and Graphviz DOT, and checks both with small structural parsers
// (CheckMermaid, CheckDOT), since neither format has a parser in Go's
// standard library.
package diagram

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/acme/landing-zone/constructs/awsregion"
	"github.com/acme/landing-zone/constructs/networkhub/netplan"
	"github.com/acme/landing-zone/stacks/org"
)

// Stack is a stack to draw in its account.
type Stack struct {
	Name string
	// Account is the name of the account it deploys to.
	Account string
	Region  string
	// Step is its deploy step: stacks of one step can be deployed in
	// parallel once every earlier step is done.
	Step int
}

// Input is what a diagram is drawn from.
type Input struct {
	Org    *org.Organization
	Stacks []Stack
}

// graph is the drawing, independent of the output format.
type graph struct {
	root  *cluster
	edges []edge
}

type cluster struct {
	id, label string
	nodes     []node
	children  []*cluster
}

type node struct{ id, label string }

type edge struct {
	from, to, label string
	both            bool // a peering: no direction
}

var idUnsafe = regexp.MustCompile(`[^A-Za-z0-9_]`)

// id makes a Mermaid and DOT identifier from parts.
func id(parts ...string) string { return idUnsafe.ReplaceAllString(strings.Join(parts, "_"), "_") }

// build lays out the organization.
func build(in Input) *graph {
	o := in.Org
	root := &cluster{id: "org", label: fmt.Sprintf("Organization %s (%s), home region %s", o.Name, orDash(o.ID), o.HomeRegion)}
	ous := map[string]*cluster{"": root}
	var ou func(path string) *cluster
	ou = func(path string) *cluster {
		if c, ok := ous[path]; ok {
			return c
		}
		parent, name := "", path
		if i := strings.LastIndex(path, "/"); i >= 0 {
			parent, name = path[:i], path[i+1:]
		}
		c := &cluster{id: id("ou", path), label: "OU " + name}
		p := ou(parent)
		p.children = append(p.children, c)
		ous[path] = c
		return c
	}
	for _, p := range o.OrganizationalUnits {
		ou(p)
	}
	g := &graph{root: root}
	for _, a := range o.Accounts {
		ac := &cluster{id: id("acct", a.Name), label: fmt.Sprintf("account %s (%s) %s", a.Name, a.Kind, orDash(a.ID))}
		ou(a.OU).children = append(ou(a.OU).children, ac)
		for _, s := range in.Stacks {
			if s.Account == a.Name {
				ac.nodes = append(ac.nodes, node{id("stack", s.Name), fmt.Sprintf("stack %d: %s (%s)", s.Step, s.Name, s.Region)})
			}
		}
		if a.Kind == org.KindNetwork {
			ac.nodes = append(ac.nodes, node{"tgw", fmt.Sprintf("Transit Gateway (%s), shared through RAM", o.HomeRegion)})
			for _, seg := range netplan.Segments {
				ac.nodes = append(ac.nodes, node{id("segment", string(seg)), "segment " + string(seg)})
				g.edges = append(g.edges, edge{from: "tgw", to: id("segment", string(seg)), label: "route table"})
			}
		}
		for i := range o.Environments {
			e := &o.Environments[i]
			if e.Account != a.Name {
				continue
			}
			vpc := &cluster{id: id("vpc", e.Name), label: fmt.Sprintf("VPC %s %s", e.Name, e.VPC.CIDR)}
			var zones []string
			if r, err := awsregion.Lookup(e.Region); err == nil {
				zones = r.Zones(e.VPC.AZCount)
			}
			vpc.nodes = append(vpc.nodes,
				node{id("subnets", e.Name), fmt.Sprintf("%s, zones %s, NAT %s; public, private, isolated tiers", e.Region, strings.Join(zones, " "), orDash(string(e.VPC.NAT)))},
				node{id("workload", e.Name), workload(e)},
			)
			ac.children = append(ac.children, vpc)
			g.edges = append(g.edges, edge{from: id("subnets", e.Name), to: id("segment", string(e.Segment())), label: "attachment"})
		}
	}
	for _, p := range o.Network.Peerings {
		g.edges = append(g.edges, edge{from: id("subnets", p.Requester), to: id("subnets", p.Accepter), label: "peering", both: true})
	}
	return g
}

// workload describes what an environment runs.
func workload(e *org.Environment) string {
	parts := []string{"orders: API Gateway, 4 Lambda functions, DynamoDB, SQS, SNS, SES " + e.Orders.SenderDomain}
	db := "Aurora PostgreSQL"
	if c := e.Database.WriterInstanceClass; c != "" {
		db += " " + c
	}
	if n := e.Database.ReaderCount; n != nil {
		db += fmt.Sprintf(", readers: %d", *n)
	}
	parts = append(parts, db, "data bucket")
	if e.Analytics != nil {
		parts = append(parts, "analytics: Kinesis, Firehose to a Parquet lake, Glue, Athena, real-time alerts")
	}
	if w := e.Web; w != nil {
		parts = append(parts, "web: ALB and WAF, EC2 web tier, "+w.AppTier.Kind+" app tier, Valkey sessions, CloudFront")
	}
	if e.Images != nil {
		parts = append(parts, "image resizing on uploads")
	}
	if e.Files != nil {
		parts = append(parts, "EFS share")
	}
	if n := len(e.Secrets); n > 0 {
		parts = append(parts, fmt.Sprintf("%d rotated secrets", n))
	}
	if !e.Backup.Disabled {
		b := "backup vault and plan"
		if e.DRRegion != "" {
			b += ", copies to " + e.DRRegion
		}
		if e.Backup.Lock != nil {
			b += ", locked"
		}
		parts = append(parts, b)
	}
	if e.Production {
		parts = append(parts, "production")
	}
	return strings.Join(parts, "; ")
}

func orDash(s string) string {
	if s == "" {
		return "(id after bootstrap)"
	}
	return s
}

// Legend explains the stack numbers.
const Legend = "stack N: deploy step N; stacks of one step deploy in parallel once the earlier steps are done"

// Mermaid draws in a Mermaid flowchart.
func Mermaid(in Input) string {
	g := build(in)
	var b strings.Builder
	b.WriteString("flowchart LR\n")
	fmt.Fprintf(&b, "  legend[%s]\n", mermaidText(Legend))
	var walk func(c *cluster, depth int)
	walk = func(c *cluster, depth int) {
		ind := strings.Repeat("  ", depth)
		fmt.Fprintf(&b, "%ssubgraph %s[%s]\n", ind, c.id, mermaidText(c.label))
		for _, n := range c.nodes {
			fmt.Fprintf(&b, "%s  %s[%s]\n", ind, n.id, mermaidText(n.label))
		}
		for _, ch := range c.children {
			walk(ch, depth+1)
		}
		fmt.Fprintf(&b, "%send\n", ind)
	}
	walk(g.root, 1)
	for _, e := range g.edges {
		op := "---"
		if e.both {
			op = "<-->"
		}
		fmt.Fprintf(&b, "  %s %s|%s| %s\n", e.from, op, mermaidText(e.label), e.to)
	}
	return b.String()
}

// mermaidText quotes a label for Mermaid, whose labels escape quotes and
// bars as entity codes.
func mermaidText(s string) string {
	return `"` + strings.NewReplacer(`"`, "#quot;", "|", "#124;", "\n", " ").Replace(s) + `"`
}

// DOT draws in a Graphviz graph.
func DOT(in Input) string {
	g := build(in)
	var b strings.Builder
	b.WriteString("graph landing_zone {\n  rankdir=LR;\n  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n  graph [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=9];\n")
	fmt.Fprintf(&b, "  legend [label=%s, shape=note];\n", dotString(Legend))
	var walk func(c *cluster, depth int)
	walk = func(c *cluster, depth int) {
		ind := strings.Repeat("  ", depth)
		fmt.Fprintf(&b, "%ssubgraph cluster_%s {\n%s  label=%s;\n", ind, c.id, ind, dotString(c.label))
		for _, n := range c.nodes {
			fmt.Fprintf(&b, "%s  %s [label=%s];\n", ind, n.id, dotString(n.label))
		}
		for _, ch := range c.children {
			walk(ch, depth+1)
		}
		fmt.Fprintf(&b, "%s}\n", ind)
	}
	walk(g.root, 1)
	for _, e := range g.edges {
		style := ""
		if e.both {
			style = ", dir=both, style=dashed"
		}
		fmt.Fprintf(&b, "  %s -- %s [label=%s%s];\n", e.from, e.to, dotString(e.label), style)
	}
	b.WriteString("}\n")
	return b.String()
}

func dotString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}

// Markdown is the Mermaid diagram in a Markdown file, as GitHub and GitLab
// render it.
func Markdown(in Input) string {
	return "# Architecture of " + in.Org.Name + "\n\n```mermaid\n" + Mermaid(in) + "```\n"
}
