// Package iampolicy builds IAM policy documents from typed Go values.
//
// Every policy in this project (identity policies, bucket and queue policies,
// KMS key policies, trust policies and SCPs) is a Document rendered once to
// JSON. Rendering is deterministic: statements keep their order, while
// principals, actions, resources and condition values are sorted and
// de-duplicated, so that golden files do not churn.
//
// Values may be CDKTF tokens (for example a bucket ARN from another resource);
// they are plain strings to this package and resolve at synth.
package iampolicy

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Version is the only policy language version AWS recommends.
const Version = "2012-10-17"

// Effect is Allow or Deny.
type Effect string

// The two effects.
const (
	Allow Effect = "Allow"
	Deny  Effect = "Deny"
)

// Document is an IAM policy document.
type Document struct {
	Statements []Statement
}

// Statement is one statement of a Document. Exactly one of Actions and
// NotActions must be set, and at most one of Resources and NotResources
// (trust policies have neither).
type Statement struct {
	Sid           string
	Effect        Effect
	Principals    []Principal
	NotPrincipals []Principal
	Actions       []string
	NotActions    []string
	Resources     []string
	NotResources  []string
	Conditions    []Condition
}

// Principal names who a resource-based policy applies to: Type is "AWS",
// "Service", "Federated" or "*" (everyone, rendered as the bare "*").
type Principal struct {
	Type        string
	Identifiers []string
}

// Condition is one condition block entry: Test is the operator
// ("StringEquals", "Bool", "ArnLike", ...), Variable the context key.
type Condition struct {
	Test     string
	Variable string
	Values   []string
}

// AWSPrincipals is a Principal of type AWS (account roots, roles, users).
func AWSPrincipals(arns ...string) Principal { return Principal{Type: "AWS", Identifiers: arns} }

// ServicePrincipals is a Principal of type Service.
func ServicePrincipals(services ...string) Principal {
	return Principal{Type: "Service", Identifiers: services}
}

// Anyone is the "*" principal. Use it only in Deny statements or with
// conditions that narrow it (a Validate check enforces the first).
func Anyone() Principal { return Principal{Type: "*"} }

// Cond is shorthand for a Condition.
func Cond(test, variable string, values ...string) Condition {
	return Condition{Test: test, Variable: variable, Values: values}
}

// Add appends statements and returns the document for chaining.
func (d *Document) Add(s ...Statement) *Document {
	d.Statements = append(d.Statements, s...)
	return d
}

// Validate reports structural mistakes that AWS would reject at apply time,
// or that would grant more than intended: a statement without actions, an
// Allow to anyone without a condition, duplicate Sids.
func (d Document) Validate() error {
	if len(d.Statements) == 0 {
		return fmt.Errorf("policy has no statements")
	}
	sids := map[string]bool{}
	for i, s := range d.Statements {
		where := fmt.Sprintf("statement %d", i)
		if s.Sid != "" {
			where = fmt.Sprintf("statement %q", s.Sid)
			if !validSid(s.Sid) {
				return fmt.Errorf("%s: Sid may only contain letters and digits", where)
			}
			if sids[s.Sid] {
				return fmt.Errorf("%s: duplicate Sid", where)
			}
			sids[s.Sid] = true
		}
		if s.Effect != Allow && s.Effect != Deny {
			return fmt.Errorf("%s: effect %q is neither Allow nor Deny", where, s.Effect)
		}
		if (len(s.Actions) == 0) == (len(s.NotActions) == 0) {
			return fmt.Errorf("%s: exactly one of Actions and NotActions must be set", where)
		}
		if len(s.Resources) > 0 && len(s.NotResources) > 0 {
			return fmt.Errorf("%s: Resources and NotResources are mutually exclusive", where)
		}
		if len(s.Principals) > 0 && len(s.NotPrincipals) > 0 {
			return fmt.Errorf("%s: Principals and NotPrincipals are mutually exclusive", where)
		}
		if s.Effect == Allow && len(s.Conditions) == 0 {
			for _, p := range s.Principals {
				if p.Type == "*" || (p.Type == "AWS" && contains(p.Identifiers, "*")) {
					return fmt.Errorf("%s: allows anyone without a condition", where)
				}
			}
		}
	}
	return nil
}

func validSid(s string) bool {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// JSON renders the document. It panics only on a programming error inside
// this package (json.Marshal of maps and strings cannot fail).
func (d Document) JSON() string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// Tokens and ARNs must stay readable in the synthesized JSON; IAM does not
	// need HTML escaping.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(d.render()); err != nil {
		panic(fmt.Sprintf("iampolicy: rendering a policy: %v", err))
	}
	return strings.TrimSuffix(buf.String(), "\n")
}

// Size is the length AWS counts for SCP and policy size limits: the JSON
// with no insignificant white space, which is what JSON renders.
func (d Document) Size() int { return len(d.JSON()) }

// orderedMap renders keys in a fixed order instead of encoding/json's sort,
// so that documents read in the order people write them.
type orderedMap []kv

type kv struct {
	k string
	v any
}

func (m orderedMap) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, e := range m {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, err := marshalNoEscape(e.k)
		if err != nil {
			return nil, err
		}
		v, err := marshalNoEscape(e.v)
		if err != nil {
			return nil, err
		}
		buf.Write(k)
		buf.WriteByte(':')
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func marshalNoEscape(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func (d Document) render() orderedMap {
	stmts := make([]orderedMap, 0, len(d.Statements))
	for _, s := range d.Statements {
		stmts = append(stmts, s.render())
	}
	return orderedMap{{"Version", Version}, {"Statement", stmts}}
}

func (s Statement) render() orderedMap {
	var m orderedMap
	if s.Sid != "" {
		m = append(m, kv{"Sid", s.Sid})
	}
	m = append(m, kv{"Effect", string(s.Effect)})
	if len(s.Principals) > 0 {
		m = append(m, kv{"Principal", renderPrincipals(s.Principals)})
	}
	if len(s.NotPrincipals) > 0 {
		m = append(m, kv{"NotPrincipal", renderPrincipals(s.NotPrincipals)})
	}
	if len(s.Actions) > 0 {
		m = append(m, kv{"Action", oneOrMany(s.Actions)})
	}
	if len(s.NotActions) > 0 {
		m = append(m, kv{"NotAction", oneOrMany(s.NotActions)})
	}
	if len(s.Resources) > 0 {
		m = append(m, kv{"Resource", oneOrMany(s.Resources)})
	}
	if len(s.NotResources) > 0 {
		m = append(m, kv{"NotResource", oneOrMany(s.NotResources)})
	}
	if len(s.Conditions) > 0 {
		m = append(m, kv{"Condition", renderConditions(s.Conditions)})
	}
	return m
}

func renderPrincipals(ps []Principal) any {
	byType := map[string][]string{}
	for _, p := range ps {
		if p.Type == "*" {
			return "*"
		}
		byType[p.Type] = append(byType[p.Type], p.Identifiers...)
	}
	out := map[string]any{}
	for t, ids := range byType {
		out[t] = oneOrMany(ids)
	}
	return out
}

func renderConditions(cs []Condition) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, c := range cs {
		if out[c.Test] == nil {
			out[c.Test] = map[string]any{}
		}
		prev, _ := out[c.Test][c.Variable].([]string)
		if s, ok := out[c.Test][c.Variable].(string); ok {
			prev = []string{s}
		}
		out[c.Test][c.Variable] = oneOrMany(append(prev, c.Values...))
	}
	return out
}

// oneOrMany sorts and de-duplicates values, and renders a single value as a
// bare string, which is how AWS itself prints policies and saves characters
// against the SCP size limit.
func oneOrMany(values []string) any {
	set := map[string]bool{}
	uniq := make([]string, 0, len(values))
	for _, v := range values {
		if !set[v] {
			set[v] = true
			uniq = append(uniq, v)
		}
	}
	sort.Strings(uniq)
	if len(uniq) == 1 {
		return uniq[0]
	}
	return uniq
}

// SidPart turns a name into letters and digits for a statement id, each
// word capitalized: "acme-prod-static" becomes "AcmeProdStatic".
func SidPart(s string) string {
	out := make([]rune, 0, len(s))
	upper := true
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			if upper {
				r -= 'a' - 'A'
			}
			out = append(out, r)
			upper = false
		case r >= 'A' && r <= 'Z' || r >= '0' && r <= '9':
			out = append(out, r)
			upper = false
		default:
			upper = true
		}
	}
	return string(out)
}

// AccountOnly are the two statements of a resource policy that keeps a
// resource to its own account: deny requests without TLS, and deny
// principals of any other account. AWS services acting for the account
// (SNS delivering to a queue, say) are no principal of an account, hence
// the aws:PrincipalIsAWSService test; grant them with statements of their
// own. service is the action prefix, such as "sqs".
func AccountOnly(service, resourceARN, accountID string) []Statement {
	anyone := []Principal{Anyone()}
	all := []string{service + ":*"}
	return []Statement{
		{
			Sid: "DenyInsecureTransport", Effect: Deny, Principals: anyone,
			Actions: all, Resources: []string{resourceARN},
			Conditions: []Condition{Cond("Bool", "aws:SecureTransport", "false")},
		},
		{
			Sid: "DenyOtherAccounts", Effect: Deny, Principals: anyone,
			Actions: all, Resources: []string{resourceARN},
			Conditions: []Condition{
				Cond("StringNotEquals", "aws:PrincipalAccount", accountID),
				Cond("Bool", "aws:PrincipalIsAWSService", "false"),
			},
		},
	}
}
