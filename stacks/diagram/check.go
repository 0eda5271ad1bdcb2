package diagram

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"
)

var (
	mermaidID      = `[A-Za-z_][A-Za-z0-9_]*`
	mermaidLabel   = `"[^"]*"`
	mermaidNode    = regexp.MustCompile(`^(` + mermaidID + `)\[(` + mermaidLabel + `)\]$`)
	mermaidOpen    = regexp.MustCompile(`^subgraph (` + mermaidID + `)\[(` + mermaidLabel + `)\]$`)
	mermaidEdge    = regexp.MustCompile(`^(` + mermaidID + `) (---|-->|<-->)\|(` + mermaidLabel + `)\| (` + mermaidID + `)$`)
	mermaidHeaders = []string{"flowchart LR", "flowchart TD", "flowchart TB", "graph LR", "graph TD"}
)

// CheckMermaid parses the subset of Mermaid's flowchart syntax that Mermaid
// writes: a header, quoted node and subgraph labels, subgraph ... end
// blocks, and labelled edges between declared ids. It returns the first
// problem with its line number.
func CheckMermaid(src string) error {
	lines := strings.Split(strings.TrimRight(src, "\n"), "\n")
	if len(lines) == 0 || !containsString(mermaidHeaders, strings.TrimSpace(lines[0])) {
		return fmt.Errorf("mermaid line 1: %q is not a flowchart header", firstLine(lines))
	}
	declared := map[string]bool{}
	type edgeRef struct {
		line     int
		from, to string
	}
	var edges []edgeRef
	depth := 0
	for i, raw := range lines[1:] {
		n := i + 2
		l := strings.TrimSpace(raw)
		declare := func(id string) error {
			if declared[id] {
				return fmt.Errorf("mermaid line %d: %s declared twice", n, id)
			}
			declared[id] = true
			return nil
		}
		switch {
		case l == "" || strings.HasPrefix(l, "%%"):
		case l == "end":
			depth--
			if depth < 0 {
				return fmt.Errorf("mermaid line %d: end without subgraph", n)
			}
		case mermaidOpen.MatchString(l):
			depth++
			if err := declare(mermaidOpen.FindStringSubmatch(l)[1]); err != nil {
				return err
			}
		case mermaidNode.MatchString(l):
			if err := declare(mermaidNode.FindStringSubmatch(l)[1]); err != nil {
				return err
			}
		case mermaidEdge.MatchString(l):
			m := mermaidEdge.FindStringSubmatch(l)
			edges = append(edges, edgeRef{n, m[1], m[4]})
		default:
			return fmt.Errorf("mermaid line %d: cannot parse %q", n, l)
		}
	}
	if depth != 0 {
		return fmt.Errorf("mermaid: %d subgraphs not closed", depth)
	}
	for _, e := range edges {
		for _, id := range []string{e.from, e.to} {
			if !declared[id] {
				return fmt.Errorf("mermaid line %d: edge to undeclared %s", e.line, id)
			}
		}
	}
	return nil
}

func firstLine(lines []string) string {
	if len(lines) == 0 {
		return ""
	}
	return lines[0]
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// CheckDOT parses src with the grammar of the DOT language (graphviz.org,
// "The DOT Language"): a graph or digraph of statements (node, edge and
// attribute statements, ID = ID, subgraphs), with edge operators matching
// the graph's kind. It returns the first problem with its offset.
func CheckDOT(src string) error {
	toks, err := dotTokens(src)
	if err != nil {
		return err
	}
	p := &dotParser{toks: toks}
	return p.graph()
}

type dotToken struct {
	kind string // "id", "punct", "edgeop"
	text string
	pos  int
}

func dotTokens(src string) ([]dotToken, error) {
	var out []dotToken
	for i := 0; i < len(src); {
		c := rune(src[i])
		switch {
		case unicode.IsSpace(c):
			i++
		case strings.HasPrefix(src[i:], "//") || c == '#':
			for i < len(src) && src[i] != '\n' {
				i++
			}
		case strings.HasPrefix(src[i:], "/*"):
			end := strings.Index(src[i+2:], "*/")
			if end < 0 {
				return nil, fmt.Errorf("dot offset %d: unterminated comment", i)
			}
			i += end + 4
		case strings.HasPrefix(src[i:], "--") || strings.HasPrefix(src[i:], "->"):
			out = append(out, dotToken{"edgeop", src[i : i+2], i})
			i += 2
		case strings.ContainsRune("{}[];=,:", c):
			out = append(out, dotToken{"punct", string(c), i})
			i++
		case c == '"':
			j := i + 1
			for ; j < len(src) && src[j] != '"'; j++ {
				if src[j] == '\\' {
					j++
				}
			}
			if j >= len(src) {
				return nil, fmt.Errorf("dot offset %d: unterminated string", i)
			}
			out = append(out, dotToken{"id", src[i : j+1], i})
			i = j + 1
		case c == '_' || unicode.IsLetter(c) || unicode.IsDigit(c) || c == '.' || c == '-':
			j := i
			for j < len(src) && (src[j] == '_' || src[j] == '.' || unicode.IsLetter(rune(src[j])) || unicode.IsDigit(rune(src[j]))) {
				j++
			}
			if j == i { // a lone '-' or '.' not starting a number
				j++
			}
			out = append(out, dotToken{"id", src[i:j], i})
			i = j
		default:
			return nil, fmt.Errorf("dot offset %d: unexpected %q", i, c)
		}
	}
	return out, nil
}

type dotParser struct {
	toks     []dotToken
	i        int
	directed bool
}

func (p *dotParser) peek() dotToken {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return dotToken{kind: "eof", pos: -1}
}

func (p *dotParser) fail(format string, args ...any) error {
	return fmt.Errorf("dot offset %d: %s", p.peek().pos, fmt.Sprintf(format, args...))
}

func (p *dotParser) expect(text string) error {
	if t := p.peek(); t.text != text || t.kind == "id" && strings.HasPrefix(t.text, `"`) {
		return p.fail("want %q, got %q", text, t.text)
	}
	p.i++
	return nil
}

func (p *dotParser) keyword(k string) bool {
	t := p.peek()
	return t.kind == "id" && strings.EqualFold(t.text, k)
}

func (p *dotParser) graph() error {
	if p.keyword("strict") {
		p.i++
	}
	switch {
	case p.keyword("graph"):
	case p.keyword("digraph"):
		p.directed = true
	default:
		return p.fail("want graph or digraph")
	}
	p.i++
	if p.peek().kind == "id" {
		p.i++
	}
	if err := p.block(); err != nil {
		return err
	}
	if p.peek().kind != "eof" {
		return p.fail("text after the graph")
	}
	return nil
}

func (p *dotParser) block() error {
	if err := p.expect("{"); err != nil {
		return err
	}
	for p.peek().text != "}" {
		if p.peek().kind == "eof" {
			return p.fail("unclosed {")
		}
		if err := p.stmt(); err != nil {
			return err
		}
		if p.peek().text == ";" {
			p.i++
		}
	}
	p.i++
	return nil
}

func (p *dotParser) stmt() error {
	switch {
	case p.keyword("graph") || p.keyword("node") || p.keyword("edge"):
		p.i++
		return p.attrList(true)
	case p.keyword("subgraph") || p.peek().text == "{":
		if err := p.subgraph(); err != nil {
			return err
		}
		return p.edgeRHS()
	case p.peek().kind == "id":
		p.i++
		if p.peek().text == "=" {
			p.i++
			if p.peek().kind != "id" {
				return p.fail("want a value after =")
			}
			p.i++
			return nil
		}
		if p.peek().text == ":" { // port
			p.i++
			if p.peek().kind != "id" {
				return p.fail("want a port")
			}
			p.i++
		}
		return p.edgeRHS()
	}
	return p.fail("unexpected %q", p.peek().text)
}

func (p *dotParser) subgraph() error {
	if p.keyword("subgraph") {
		p.i++
		if p.peek().kind == "id" {
			p.i++
		}
	}
	return p.block()
}

// edgeRHS parses what may follow a node id or subgraph: edges, then
// attributes.
func (p *dotParser) edgeRHS() error {
	for p.peek().kind == "edgeop" {
		if op := p.peek().text; (op == "->") != p.directed {
			return p.fail("edge operator %s in a %s", op, map[bool]string{true: "digraph", false: "graph"}[p.directed])
		}
		p.i++
		switch {
		case p.keyword("subgraph") || p.peek().text == "{":
			if err := p.subgraph(); err != nil {
				return err
			}
		case p.peek().kind == "id":
			p.i++
		default:
			return p.fail("want a node after the edge operator")
		}
	}
	return p.attrList(false)
}

func (p *dotParser) attrList(required bool) error {
	if p.peek().text != "[" {
		if required {
			return p.fail("want [")
		}
		return nil
	}
	for p.peek().text == "[" {
		p.i++
		for p.peek().text != "]" {
			if p.peek().kind != "id" {
				return p.fail("want an attribute name")
			}
			p.i++
			if err := p.expect("="); err != nil {
				return err
			}
			if p.peek().kind != "id" {
				return p.fail("want an attribute value")
			}
			p.i++
			if t := p.peek().text; t == "," || t == ";" {
				p.i++
			}
		}
		p.i++
	}
	return nil
}
