package policycheck

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

var logsKMSRules = []Rule{
	{
		ID:          "LOGS-1",
		Severity:    Error,
		Description: "Every log group has a retention period.",
		Fix:         "set retention_in_days (loggroup uses 365 by default); logs kept forever cost forever",
		Types:       []string{"aws_cloudwatch_log_group"},
		Checkov:     []string{"CKV_AWS_66"},
		check:       checkLogRetention,
	},
	{
		ID:          "LOGS-2",
		Severity:    Error,
		Description: "Every log group is encrypted with a customer-managed KMS key.",
		Fix:         "set kms_key_id to a customer-managed key whose policy lets logs.<region>.amazonaws.com use it (loggroup does)",
		Types:       []string{"aws_cloudwatch_log_group"},
		Checkov:     []string{"CKV_AWS_158"},
		Trivy:       []string{"AVD-AWS-0017"},
		check:       checkLogKMS,
	},
	{
		ID:          "KMS-1",
		Severity:    Error,
		Description: "Every symmetric encryption key rotates automatically.",
		Fix:         "set enable_key_rotation = true (kmskey does)",
		Types:       []string{"aws_kms_key"},
		Checkov:     []string{"CKV_AWS_7"},
		Trivy:       []string{"AVD-AWS-0065"},
		check:       checkKeyRotation,
	},
	{
		ID:          "KMS-2",
		Severity:    Error,
		Description: "No key policy grants kms:* to anyone but the account root.",
		Fix:         "grant kms:* to arn:<partition>:iam::<account>:root only, and the actions each service or role needs to the others (kmskey.ServiceUse, Key.AddToPolicy)",
		Types:       []string{"aws_kms_key"},
		check:       checkKeyPolicyAdmins,
	},
}

func checkLogRetention(_ *stack, g *resource) []string {
	if numUnknown(g.attrs, "retention_in_days") {
		return nil
	}
	if d, _ := num(g.attrs, "retention_in_days"); d <= 0 {
		return []string{"retention_in_days is not set: events are kept forever"}
	}
	return nil
}

func checkLogKMS(_ *stack, g *resource) []string {
	if !set(g.attrs, "kms_key_id") {
		return []string{"kms_key_id is not set: events are encrypted with a key nobody can restrict"}
	}
	return nil
}

func checkKeyRotation(_ *stack, k *resource) []string {
	if spec := str(k.attrs, "customer_master_key_spec"); spec != "" && spec != "SYMMETRIC_DEFAULT" {
		return nil // AWS rotates symmetric encryption keys only
	}
	if !on(k.attrs, "enable_key_rotation", false) {
		return []string{"enable_key_rotation is not true"}
	}
	return nil
}

var accountRootRE = regexp.MustCompile(`^(arn:aws[a-z-]*:iam::[0-9]{12}:root|[0-9]{12})$`)

// accountRoot reports whether a principal is an account: its root ARN or
// its id, possibly with the account id as an expression.
func accountRoot(id string) bool {
	return accountRootRE.MatchString(id) || (isExpr(id) && strings.HasSuffix(id, ":root"))
}

func checkKeyPolicyAdmins(s *stack, k *resource) []string {
	p, ok := s.parsePolicy(k.attrs["policy"])
	if !ok {
		return nil // AWS's default key policy grants kms:* to the root only
	}
	var out []string
	for i, st := range p.statements {
		if !st.allow() {
			continue
		}
		all := len(st.notActions) > 0 || coversService(st.actions, "kms")
		if !all {
			continue
		}
		var others []string
		if st.anyone || st.notPrinc {
			others = append(others, `"*"`)
		} else {
			for typ, ids := range st.principals {
				for _, id := range ids {
					if typ != "AWS" || !accountRoot(id) {
						others = append(others, id)
					}
				}
			}
			sort.Strings(others)
		}
		if len(others) > 0 {
			out = append(out, fmt.Sprintf("%s grants every KMS action to %s", st.label(i), strings.Join(others, ", ")))
		}
	}
	return out
}
