package policycheck

import "strings"

// ref is a reference to another resource's attribute, as CDKTF writes it:
// "${aws_s3_bucket.data.id}" or "${data.aws_iam_policy_document.p.json}".
type ref struct {
	addr string // <type>.<name>, or data.<type>.<name>
	attr string
}

// refs returns the references of every ${...} expression in s.
func refs(s string) []ref {
	var out []ref
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return out
		}
		s = s[i+2:]
		j := strings.IndexByte(s, '}')
		if j < 0 {
			return out
		}
		expr := strings.TrimSpace(s[:j])
		s = s[j+1:]
		if r, ok := parseRef(expr); ok {
			out = append(out, r)
		}
	}
}

// parseRef reads a plain traversal such as aws_subnet.a[0].id; function
// calls and other expressions are not references.
func parseRef(expr string) (ref, bool) {
	for _, c := range expr {
		if !(c == '_' || c == '-' || c == '.' || c == '[' || c == ']' || c == '*' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return ref{}, false
		}
	}
	var parts []string
	for _, p := range strings.Split(expr, ".") {
		if k := strings.IndexByte(p, '['); k >= 0 {
			p = p[:k]
		}
		parts = append(parts, p)
	}
	n := 2
	if parts[0] == "data" {
		n = 3
	}
	if len(parts) < n || parts[0] == "var" || parts[0] == "local" || parts[0] == "module" {
		return ref{}, false
	}
	r := ref{addr: strings.Join(parts[:n], ".")}
	if len(parts) > n {
		r.attr = parts[n]
	}
	return r, true
}

// isExpr reports whether s is or contains a Terraform expression, whose
// value is not known at synth.
func isExpr(s string) bool { return strings.Contains(s, "${") }

// refersTo reports whether v names target: through a reference to it, or
// as a literal equal to one of target's literalAttrs (such as a bucket
// named by its name rather than by reference).
func refersTo(v any, target *resource, literalAttrs ...string) bool {
	str, ok := v.(string)
	if !ok || str == "" {
		return false
	}
	for _, r := range refs(str) {
		if r.addr == target.addr() {
			return true
		}
	}
	if isExpr(str) {
		return false
	}
	for _, a := range literalAttrs {
		if lit, ok := target.attrs[a].(string); ok && lit != "" && !isExpr(lit) && lit == str {
			return true
		}
	}
	return false
}

// related returns the resources of type typ whose argument key names target.
func (s *stack) related(typ, key string, target *resource, literalAttrs ...string) []*resource {
	var out []*resource
	for _, r := range s.byType[typ] {
		if refersTo(r.attrs[key], target, literalAttrs...) {
			out = append(out, r)
		}
	}
	return out
}
