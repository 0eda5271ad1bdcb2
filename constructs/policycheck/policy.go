package policycheck

import (
	"encoding/json"
	"strconv"
	"strings"
)

// policy is an IAM policy document as the rules read it, whatever form the
// JSON took: single values and lists alike become lists.
type policy struct {
	statements []statement
}

// statement is one statement of a policy.
type statement struct {
	sid    string
	effect string
	// anyone is true for Principal "*" or {"AWS": "*"}.
	anyone     bool
	principals map[string][]string // "AWS", "Service", "Federated", ...
	notPrinc   bool
	actions    []string
	notActions []string
	resources  []string
	notRes     []string
	// conditions maps operator, then context key, to values.
	conditions map[string]map[string][]string
}

func (st statement) allow() bool { return strings.EqualFold(st.effect, "Allow") }
func (st statement) deny() bool  { return strings.EqualFold(st.effect, "Deny") }

// parsePolicy reads a policy argument: a JSON string, or a reference to an
// aws_iam_policy_document data source. ok is false when the document is an
// expression synth cannot see, or does not parse (Terraform rejects it at
// plan; a rule cannot judge it).
func (s *stack) parsePolicy(v any) (policy, bool) {
	text, ok := v.(string)
	if !ok || strings.TrimSpace(text) == "" {
		return policy{}, false
	}
	if t := strings.TrimSpace(text); strings.HasPrefix(t, "${") && strings.HasSuffix(t, "}") && strings.Count(t, "${") == 1 {
		rs := refs(t)
		if len(rs) == 1 && strings.HasPrefix(rs[0].addr, "data.aws_iam_policy_document.") {
			name := strings.TrimPrefix(rs[0].addr, "data.aws_iam_policy_document.")
			if d, ok := s.data["aws_iam_policy_document"][name]; ok {
				return policyFromData(d), true
			}
		}
		return policy{}, false
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		return policy{}, false
	}
	var p policy
	for _, raw := range asList(doc["Statement"]) {
		m, ok := raw.(map[string]any)
		if !ok {
			continue
		}
		st := statement{
			sid:        str(m, "Sid"),
			effect:     str(m, "Effect"),
			actions:    toStrings(m["Action"]),
			notActions: toStrings(m["NotAction"]),
			resources:  toStrings(m["Resource"]),
			notRes:     toStrings(m["NotResource"]),
			principals: map[string][]string{},
			conditions: map[string]map[string][]string{},
		}
		princ := m["Principal"]
		if m["NotPrincipal"] != nil {
			st.notPrinc = true
			princ = m["NotPrincipal"]
		}
		switch pv := princ.(type) {
		case string:
			if pv == "*" {
				st.anyone = true
			}
		case map[string]any:
			for typ, ids := range pv {
				list := toStrings(ids)
				st.principals[typ] = list
				if typ == "AWS" && contains(list, "*") {
					st.anyone = true
				}
			}
		}
		if cond, ok := m["Condition"].(map[string]any); ok {
			for op, kv := range cond {
				keys, _ := kv.(map[string]any)
				for k, vals := range keys {
					if st.conditions[op] == nil {
						st.conditions[op] = map[string][]string{}
					}
					st.conditions[op][k] = toStrings(vals)
				}
			}
		}
		p.statements = append(p.statements, st)
	}
	return p, true
}

// policyFromData converts an aws_iam_policy_document data source.
func policyFromData(d map[string]any) policy {
	var p policy
	for _, b := range blocks(d, "statement") {
		st := statement{
			sid:        str(b, "sid"),
			effect:     str(b, "effect"),
			actions:    strs(b, "actions"),
			notActions: strs(b, "not_actions"),
			resources:  strs(b, "resources"),
			notRes:     strs(b, "not_resources"),
			principals: map[string][]string{},
			conditions: map[string]map[string][]string{},
		}
		if st.effect == "" {
			st.effect = "Allow" // the data source's default
		}
		princ := blocks(b, "principals")
		if nps := blocks(b, "not_principals"); len(nps) > 0 {
			st.notPrinc = true
			princ = nps
		}
		for _, pb := range princ {
			typ, ids := str(pb, "type"), strs(pb, "identifiers")
			st.principals[typ] = append(st.principals[typ], ids...)
			if typ == "*" || (typ == "AWS" && contains(ids, "*")) {
				st.anyone = true
			}
		}
		for _, cb := range blocks(b, "condition") {
			op, key := str(cb, "test"), str(cb, "variable")
			if st.conditions[op] == nil {
				st.conditions[op] = map[string][]string{}
			}
			st.conditions[op][key] = append(st.conditions[op][key], strs(cb, "values")...)
		}
		p.statements = append(p.statements, st)
	}
	return p
}

func asList(v any) []any {
	switch v := v.(type) {
	case []any:
		return v
	case nil:
		return nil
	}
	return []any{v}
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// wildcardAction reports whether a is "*" or a whole service ("s3:*").
func wildcardAction(a string) bool {
	return a == "*" || strings.HasSuffix(a, ":*")
}

// coversService reports whether the actions include every action of the
// service: "*" or "<service>:*".
func coversService(actions []string, service string) bool {
	for _, a := range actions {
		if a == "*" || strings.EqualFold(a, service+":*") {
			return true
		}
	}
	return false
}

// deniesInsecureTransport reports whether p has the TLS-only statement:
// Deny, to anyone, of the service's actions (or of one of extra), when
// aws:SecureTransport is false.
func (p policy) deniesInsecureTransport(service string, extra ...string) bool {
	for _, st := range p.statements {
		if !st.deny() || !st.anyone {
			continue
		}
		covered := coversService(st.actions, service)
		for _, a := range extra {
			covered = covered || containsFold(st.actions, a)
		}
		if !covered {
			continue
		}
		for op, keys := range st.conditions {
			if op != "Bool" && op != "BoolIfExists" {
				continue
			}
			for k, vals := range keys {
				if strings.EqualFold(k, "aws:SecureTransport") && containsFold(vals, "false") {
					return true
				}
			}
		}
	}
	return false
}

func containsFold(list []string, v string) bool {
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}

// label names a statement in messages: its Sid, or its position.
func (st statement) label(i int) string {
	if st.sid != "" {
		return "statement " + st.sid
	}
	return "statement " + strconv.Itoa(i)
}
