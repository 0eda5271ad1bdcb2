package policycheck

import (
	"slices"
	"testing"
)

// tfCases are the bad and good fixtures of TF-2, the rule against
// functions whose value changes on every run.
func tfCases() []ruleCase {
	dlm := func(description string, kv ...any) []res {
		return one(dlmPolicy, "snap", with(obj{"description": description, "execution_role_arn": "${aws_iam_role.dlm.arn}",
			"policy_details": obj{"schedule": []any{obj{"name": "daily", "retain_rule": obj{"count": 7}, "tags_to_add": obj{"SnapshotCreator": "dlm"}}}}}, kv...))
	}
	nested := func(value string) []res {
		return dlm("Daily snapshots", "policy_details", obj{"schedule": []any{obj{"name": "daily", "tags_to_add": obj{"Created": value}}}})
	}
	return []ruleCase{
		bad("TF-2", "the guide's snapshot description", dlm("Snapshot taken ${timestamp()}")),
		bad("TF-2", "formatted timestamp in a nested tag", nested(`${formatdate("YYYY-MM-DD", timestamp())}`)),
		bad("TF-2", "uuid in a tag", one("aws_s3_bucket", "b", obj{"bucket": "acme-b", "tags": obj{"Build": "${uuid()}"}})),
		bad("TF-2", "plantimestamp in a template directive", one("aws_ssm_parameter", "p", obj{"name": "/x", "type": "String", "value": "%{ if plantimestamp() != \"\" }x%{ endif }"})),
		bad("TF-2", "data source", one("data.aws_iam_policy_document", "p", obj{"statement": []any{obj{"actions": []any{"s3:GetObject"}, "resources": []any{"*"},
			"condition": []any{obj{"test": "DateLessThan", "variable": "aws:CurrentTime", "values": []any{"${timeadd(timestamp(), \"1h\")}"}}}}}})),
		bad("TF-2", "ignore_changes of another argument", dlm("Snapshot ${timestamp()}", "lifecycle", obj{"ignore_changes": []any{"tags"}})),
		good("TF-2", "fixed description", dlm("Daily EBS snapshots of acme-prod")),
		good("TF-2", "literal text and escapes", dlm("timestamp() is not called: $${timestamp()}"), nested("${uuidv5(\"dns\", \"acme.example\")}")),
		good("TF-2", "argument in ignore_changes", dlm("Snapshot ${timestamp()}", "lifecycle", obj{"ignore_changes": []any{"description"}})),
		good("TF-2", "ignore_changes all", dlm("Snapshot ${timestamp()}", "lifecycle", obj{"ignore_changes": "all"})),
		good("TF-2", "references", one("aws_s3_bucket", "b", obj{"bucket": "acme-b", "tags": obj{"Key": "${aws_kms_key.timestamp.arn}"}})),
	}
}

func TestTemplates(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"plain timestamp()", nil},
		{"${timestamp()}", []string{"timestamp()"}},
		{"a ${x} b %{ if y }c%{ endif }", []string{"x", " if y ", " endif "}},
		{"$${timestamp()} %%{ if x }", nil},
		{"${ { for k, v in m : k => v } }", []string{" { for k, v in m : k => v } "}},
		{"${upper(\"x-${uuid()}\")}", []string{"upper(\"x-${uuid()}\")"}},
		{"${unterminated(", []string{"unterminated("}},
	} {
		if got := templates(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("templates(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestDataSourceSuppression: findings of a data source are suppressed on
// it like a resource's, and name its data.<type>.<name> address.
func TestDataSourceSuppression(t *testing.T) {
	doc := obj{"statement": []any{obj{"actions": []any{"s3:GetObject"}, "resources": []any{"*"},
		"condition": []any{obj{"test": "DateLessThan", "variable": "aws:CurrentTime", "values": []any{"${timeadd(timestamp(), \"1h\")}"}}}}}}
	rep := mustCheck(t, Options{}, R("data.aws_iam_policy_document", "p", with(doc, "//", obj{"suppressions": obj{"TF-2": "read at apply on purpose"}})))
	f := findings(rep, "TF-2")
	if len(f) != 1 || !f[0].Suppressed || f[0].Address != "data.aws_iam_policy_document.p" || f[0].Path != "test/p" {
		t.Fatalf("findings %+v", rep.Findings)
	}
	if rep.Resources != 0 || rep.Warnings() != 0 {
		t.Errorf("resources %d, warnings %d", rep.Resources, rep.Warnings())
	}
}
