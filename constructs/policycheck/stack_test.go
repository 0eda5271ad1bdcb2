package policycheck

import (
	"reflect"
	"testing"
)

func TestRefs(t *testing.T) {
	tests := []struct {
		in   string
		want []ref
	}{
		{"${aws_s3_bucket.data.id}", []ref{{"aws_s3_bucket.data", "id"}}},
		{"${aws_kms_key.k.arn}/*", []ref{{"aws_kms_key.k", "arn"}}},
		{"${data.aws_iam_policy_document.p.json}", []ref{{"data.aws_iam_policy_document.p", "json"}}},
		{"${aws_subnet.a[0].id}", []ref{{"aws_subnet.a", "id"}}},
		{"${aws_cloudwatch_log_group.l.arn}:*", []ref{{"aws_cloudwatch_log_group.l", "arn"}}},
		{`{"deadLetterTargetArn":"${aws_sqs_queue.d.arn}","x":"${aws_sqs_queue.q-1.url}"}`, []ref{{"aws_sqs_queue.d", "arn"}, {"aws_sqs_queue.q-1", "url"}}},
		{"${var.name}", nil},
		{"${jsonencode(aws_s3_bucket.b.arn)}", nil},
		{"${aws_s3_bucket.b.id", nil},
		{"plain", nil},
	}
	for _, tt := range tests {
		if got := refs(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("refs(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestRefersTo(t *testing.T) {
	b := &resource{typ: "aws_s3_bucket", name: "b", attrs: obj{"bucket": "acme-b"}}
	for v, want := range map[any]bool{
		"${aws_s3_bucket.b.id}":     true,
		"${aws_s3_bucket.b.bucket}": true,
		"${aws_s3_bucket.bb.id}":    false,
		"acme-b":                    true,
		"acme-c":                    false,
		"":                          false,
		42.0:                        false,
	} {
		if got := refersTo(v, b, "bucket"); got != want {
			t.Errorf("refersTo(%v) = %v, want %v", v, got, want)
		}
	}
	if refersTo("acme-b", b) {
		t.Error("a literal matched without literalAttrs")
	}
}

// TestBlockForms: CDKTF writes a nested block as an object or as a list.
func TestBlockForms(t *testing.T) {
	m := obj{"one": obj{"a": 1.0}, "list": []any{obj{"a": 2.0}, obj{"a": 3.0}}, "empty": []any{}, "scalar": "x"}
	if block(m, "one")["a"] != 1.0 || block(m, "list")["a"] != 2.0 || block(m, "empty") != nil || block(m, "scalar") != nil || block(m, "missing") != nil {
		t.Error("block")
	}
	if len(blocks(m, "one")) != 1 || len(blocks(m, "list")) != 2 || blocks(m, "missing") != nil {
		t.Error("blocks")
	}
	if block(nil, "x") != nil || str(nil, "x") != "" {
		t.Error("nil maps")
	}
}

func TestArguments(t *testing.T) {
	m := obj{"t": true, "f": false, "ts": "true", "fs": "false", "e": "${var.x}", "n": 7.0, "ns": "7", "s": "v", "l": []any{"a", true, 1.0}, "blank": " "}
	for key, want := range map[string]tri{"t": yes, "f": no, "ts": yes, "fs": no, "e": unknown, "missing": unset, "s": unset} {
		if got := boolArg(m, key); got != want {
			t.Errorf("boolArg(%s) = %v, want %v", key, got, want)
		}
	}
	if !on(m, "e", false) || on(m, "f", true) || !on(m, "missing", true) || on(m, "missing", false) {
		t.Error("on")
	}
	if v, ok := num(m, "n"); !ok || v != 7 {
		t.Error("num")
	}
	if v, ok := num(m, "ns"); !ok || v != 7 {
		t.Error("num of a string")
	}
	if _, ok := num(m, "e"); ok || !numUnknown(m, "e") {
		t.Error("num of an expression")
	}
	if got := strs(m, "l"); !reflect.DeepEqual(got, []string{"a", "true", "1"}) {
		t.Errorf("strs = %v", got)
	}
	if set(m, "blank") || set(m, "missing") || !set(m, "f") || !set(m, "l") {
		t.Error("set")
	}
	if !managedKey("alias/aws/sqs") || !managedKey("arn:aws:kms:us-east-1:111111111111:alias/aws/sns") || managedKey("alias/acme/logs") || managedKey(keyARN) {
		t.Error("managedKey")
	}
}

// TestExpressionsGetTheBenefitOfTheDoubt: synth cannot see a value that
// Terraform computes at plan, so it does not fail the rule.
func TestExpressionsGetTheBenefitOfTheDoubt(t *testing.T) {
	rs := replace(goodBucket(), "aws_s3_bucket_versioning", "b-versioning", obj{"bucket": bucketR, "versioning_configuration": obj{"status": "${var.versioning}"}})
	rs = replace(rs, "aws_s3_bucket_policy", "b-policy", obj{"bucket": bucketR, "policy": "${data.aws_iam_policy_document.unknown.json}"})
	rep := mustCheck(t, Options{}, rs...)
	if len(rep.Findings) != 0 {
		t.Errorf("findings on expressions: %v", rep.Findings)
	}
}

func TestParsePolicy(t *testing.T) {
	s := &stack{data: map[string]map[string]map[string]any{"aws_iam_policy_document": {"p": obj{
		"statement": []any{
			obj{"actions": []any{"s3:GetObject"}, "resources": []any{"*"}, "principals": []any{obj{"type": "AWS", "identifiers": []any{"*"}}}},
			obj{"effect": "Deny", "not_actions": []any{"s3:*"}, "condition": []any{obj{"test": "Bool", "variable": "aws:SecureTransport", "values": []any{"false"}}}},
		},
	}}}}
	p, ok := s.parsePolicy("${data.aws_iam_policy_document.p.json}")
	if !ok || len(p.statements) != 2 {
		t.Fatalf("data source: %v %+v", ok, p)
	}
	if st := p.statements[0]; !st.allow() || !st.anyone || st.resources[0] != "*" {
		t.Errorf("data source statement 0: %+v", st)
	}
	if st := p.statements[1]; !st.deny() || st.notActions[0] != "s3:*" || st.conditions["Bool"]["aws:SecureTransport"][0] != "false" {
		t.Errorf("data source statement 1: %+v", st)
	}

	// A single statement object, single values, and a boolean condition.
	p, ok = s.parsePolicy(`{"Statement":{"Effect":"Deny","Principal":"*","Action":"sqs:*","Condition":{"Bool":{"aws:SecureTransport":false}}}}`)
	if !ok || len(p.statements) != 1 {
		t.Fatalf("single statement: %v %+v", ok, p)
	}
	if st := p.statements[0]; !st.anyone || st.actions[0] != "sqs:*" || !p.deniesInsecureTransport("sqs") || p.deniesInsecureTransport("sns") {
		t.Errorf("single statement: %+v", st)
	}
	p, _ = s.parsePolicy(`{"Statement":[{"Effect":"Allow","NotPrincipal":{"AWS":["arn:aws:iam::1:root"]},"Action":["s3:GetObject"]}]}`)
	if st := p.statements[0]; !st.notPrinc || st.anyone || st.principals["AWS"][0] != "arn:aws:iam::1:root" {
		t.Errorf("NotPrincipal: %+v", st)
	}

	for _, in := range []any{"not json", "${jsonencode({})}", "${data.aws_iam_policy_document.missing.json}", "", nil, 3.0} {
		if _, ok := s.parsePolicy(in); ok {
			t.Errorf("parsePolicy(%#v) is ok", in)
		}
	}
}

func TestSensitive(t *testing.T) {
	for a, want := range map[string]bool{
		"s3:PutObject": true, "s3:GetObject": true, "s3:Get*": true, "iam:PassRole": true, "kms:Decrypt": true,
		"secretsmanager:GetSecretValue": true, "sts:AssumeRole": true, "odd": true,
		"s3:ListAllMyBuckets": false, "ec2:DescribeInstances": false, "xray:PutTraceSegments": false,
		"cloudwatch:PutMetricData": false, "logs:DescribeLogGroups": false, "iam:GetRole": false,
	} {
		if got := sensitive(a); got != want {
			t.Errorf("sensitive(%s) = %v, want %v", a, got, want)
		}
	}
}

func TestLines(t *testing.T) {
	data := []byte("{\n  \"resource\": {\n    \"aws_sqs_queue\": {\n      \"a\": {},\n      \"b\": {\n        \"name\": \"b\"\n      }\n    }\n  }\n}\n")
	s, err := parseStack("s", data)
	if err != nil {
		t.Fatal(err)
	}
	if s.byAddr["aws_sqs_queue.a"].line != 4 || s.byAddr["aws_sqs_queue.b"].line != 5 {
		t.Errorf("lines a=%d b=%d, want 4 and 5", s.byAddr["aws_sqs_queue.a"].line, s.byAddr["aws_sqs_queue.b"].line)
	}
	data = []byte("{\n  \"data\": {\n    \"aws_caller_identity\": {\n      \"me\": {}\n    }\n  }\n}\n")
	if s, err = parseStack("s", data); err != nil {
		t.Fatal(err)
	}
	if d := s.byAddr["data.aws_caller_identity.me"]; d == nil || d.line != 4 || s.data["aws_caller_identity"]["me"] == nil {
		t.Errorf("data source %+v, want line 4", d)
	}
}
