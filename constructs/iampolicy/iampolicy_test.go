package iampolicy

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJSONIsDeterministicAndCompact(t *testing.T) {
	doc := Document{Statements: []Statement{{
		Sid:        "ReadLogs",
		Effect:     Allow,
		Principals: []Principal{ServicePrincipals("logs.amazonaws.com"), AWSPrincipals("arn:aws:iam::1:root", "arn:aws:iam::2:root", "arn:aws:iam::1:root")},
		Actions:    []string{"s3:PutObject", "s3:GetObject", "s3:PutObject"},
		Resources:  []string{"${aws_s3_bucket.b.arn}/*"},
		Conditions: []Condition{
			Cond("StringEquals", "aws:SourceAccount", "1"),
			Cond("StringEquals", "aws:SourceAccount", "2"),
			Cond("Bool", "aws:SecureTransport", "true"),
		},
	}}}
	want := `{"Version":"2012-10-17","Statement":[{"Sid":"ReadLogs","Effect":"Allow",` +
		`"Principal":{"AWS":["arn:aws:iam::1:root","arn:aws:iam::2:root"],"Service":"logs.amazonaws.com"},` +
		`"Action":["s3:GetObject","s3:PutObject"],"Resource":"${aws_s3_bucket.b.arn}/*",` +
		`"Condition":{"Bool":{"aws:SecureTransport":"true"},"StringEquals":{"aws:SourceAccount":["1","2"]}}}]}`
	assert.Equal(t, want, doc.JSON())
	assert.Equal(t, len(want), doc.Size())
	for i := 0; i < 20; i++ {
		require.Equal(t, want, doc.JSON(), "rendering is stable")
	}
}

func TestJSONDoesNotEscapeHTML(t *testing.T) {
	doc := Document{Statements: []Statement{{Effect: Deny, NotActions: []string{"a:<b>&"}, Resources: []string{"*"}, Principals: []Principal{Anyone()}}}}
	assert.Contains(t, doc.JSON(), `"NotAction":"a:<b>&"`)
	assert.Contains(t, doc.JSON(), `"Principal":"*"`)
}

func TestValidate(t *testing.T) {
	ok := Statement{Effect: Allow, Actions: []string{"s3:GetObject"}, Resources: []string{"arn:aws:s3:::b/*"}}
	tests := []struct {
		name string
		doc  Document
		want string
	}{
		{"valid", Document{Statements: []Statement{ok}}, ""},
		{"empty", Document{}, "no statements"},
		{"bad effect", Document{Statements: []Statement{{Effect: "Maybe", Actions: []string{"a:b"}}}}, `effect "Maybe"`},
		{"no actions", Document{Statements: []Statement{{Effect: Allow}}}, "exactly one of Actions and NotActions"},
		{"both actions", Document{Statements: []Statement{{Effect: Allow, Actions: []string{"a:b"}, NotActions: []string{"c:d"}}}}, "exactly one of Actions and NotActions"},
		{"both resources", Document{Statements: []Statement{{Effect: Allow, Actions: []string{"a:b"}, Resources: []string{"x"}, NotResources: []string{"y"}}}}, "mutually exclusive"},
		{"duplicate sid", Document{Statements: []Statement{{Sid: "A", Effect: Allow, Actions: []string{"a:b"}}, {Sid: "A", Effect: Allow, Actions: []string{"a:b"}}}}, `statement "A": duplicate Sid`},
		{"bad sid", Document{Statements: []Statement{{Sid: "a-b", Effect: Allow, Actions: []string{"a:b"}}}}, "letters and digits"},
		{"public allow", Document{Statements: []Statement{{Effect: Allow, Principals: []Principal{Anyone()}, Actions: []string{"s3:GetObject"}}}}, "allows anyone without a condition"},
		{"public AWS allow", Document{Statements: []Statement{{Effect: Allow, Principals: []Principal{AWSPrincipals("*")}, Actions: []string{"s3:GetObject"}}}}, "allows anyone without a condition"},
		{"public deny is fine", Document{Statements: []Statement{{Effect: Deny, Principals: []Principal{Anyone()}, Actions: []string{"s3:*"}}}}, ""},
		{"conditioned public allow is fine", Document{Statements: []Statement{{Effect: Allow, Principals: []Principal{Anyone()}, Actions: []string{"s3:GetObject"}, Conditions: []Condition{Cond("StringEquals", "aws:PrincipalOrgID", "o-1")}}}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.doc.Validate()
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.True(t, strings.Contains(err.Error(), tt.want), "%q does not contain %q", err, tt.want)
		})
	}
}

func TestSidPart(t *testing.T) {
	for in, want := range map[string]string{"acme-prod-static": "AcmeProdStatic", "cloudwatch": "Cloudwatch", "a.b_c9": "ABC9", "": ""} {
		if got := SidPart(in); got != want {
			t.Errorf("SidPart(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAccountOnly(t *testing.T) {
	doc := Document{Statements: AccountOnly("sqs", "arn:aws:sqs:eu-west-1:123456789012:q", "123456789012")}
	if err := doc.Validate(); err != nil {
		t.Fatal(err)
	}
	js := doc.JSON()
	for _, want := range []string{`"Sid":"DenyInsecureTransport"`, `"aws:SecureTransport":"false"`, `"Action":"sqs:*"`,
		`"aws:PrincipalAccount":"123456789012"`, `"aws:PrincipalIsAWSService":"false"`} {
		if !strings.Contains(js, want) {
			t.Errorf("%s lacks %s", js, want)
		}
	}
}
