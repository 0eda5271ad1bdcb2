package networkhub

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/networkhub/netplan"
)

var testEnv = awsenv.Env{AccountID: "888888888888", Region: "us-east-1", Partition: "aws"}

func rendered(t *testing.T, doc iampolicy.Document) map[string]any {
	t.Helper()
	if err := doc.Validate(); err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(doc.JSON()), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func stmt(t *testing.T, doc map[string]any, sid string) map[string]any {
	t.Helper()
	for _, s := range doc["Statement"].([]any) {
		if m := s.(map[string]any); m["Sid"] == sid {
			return m
		}
	}
	t.Fatalf("no statement %s in %v", sid, doc)
	return nil
}

func TestEndpointPolicies(t *testing.T) {
	tests := []struct {
		name       string
		policy     EndpointPolicy
		svc        netplan.Service
		action     string
		conditions map[string]any
		sids       int
	}{
		{
			name: "account perimeter by default", svc: netplan.KMS, action: "kms:*", sids: 2,
			conditions: map[string]any{"StringEquals": map[string]any{"aws:PrincipalAccount": "888888888888", "aws:ResourceAccount": "888888888888"}},
		},
		{
			name: "organization perimeter", policy: EndpointPolicy{OrganizationID: "o-a1b2c3d4e5"}, svc: netplan.ECRAPI, action: "ecr:*", sids: 2,
			conditions: map[string]any{"StringEquals": map[string]any{"aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:ResourceOrgID": "o-a1b2c3d4e5"}},
		},
		{
			name: "S3 reads AWS-owned objects", policy: EndpointPolicy{OrganizationID: "o-a1b2c3d4e5"}, svc: netplan.GatewayS3, action: "s3:*", sids: 4,
			conditions: map[string]any{"StringEquals": map[string]any{"aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:ResourceOrgID": "o-a1b2c3d4e5"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, ok := endpointPolicy(tt.policy, testEnv, tt.svc, "vpc-123")
			if !ok {
				t.Fatal("no policy")
			}
			m := rendered(t, doc)
			if n := len(m["Statement"].([]any)); n != tt.sids {
				t.Errorf("%d statements, want %d", n, tt.sids)
			}
			own := stmt(t, m, "OwnPrincipalsToOwnResources")
			if own["Action"] != tt.action || own["Principal"] != "*" {
				t.Errorf("statement %v", own)
			}
			if got, _ := json.Marshal(own["Condition"]); string(got) != mustJSON(tt.conditions) {
				t.Errorf("conditions %s, want %s", got, mustJSON(tt.conditions))
			}
			for _, s := range m["Statement"].([]any) {
				if s.(map[string]any)["Action"] == "*" {
					t.Error("a bare * action")
				}
			}
		})
	}
}

func TestS3EndpointAWSOwnedObjects(t *testing.T) {
	extra := "arn:aws:s3:::aws-windows-downloads-us-east-1/*"
	doc, _ := endpointPolicy(EndpointPolicy{AWSOwnedS3Objects: []string{extra}}, testEnv, netplan.GatewayS3, "vpc-123")
	s := stmt(t, rendered(t, doc), "ReadAWSOwnedObjects")
	res := s["Resource"].([]any)
	var all []string
	for _, r := range res {
		all = append(all, r.(string))
	}
	joined := strings.Join(all, " ")
	// Issue 15, finding 19: the buckets of AWS's data perimeter example
	// that the SSM Agent, Amazon Linux 2023 repositories and kernel live
	// patching, the CloudWatch agent download and CodeDeploy use.
	for _, want := range []string{
		"arn:aws:s3:::prod-us-east-1-starport-layer-bucket/*", "arn:aws:s3:::amazon-ssm-us-east-1/*", extra,
		"arn:aws:s3:::al2023-repos-us-east-1-de612dc2/*", "arn:aws:s3:::al2023-us-east-1/*",
		"arn:aws:s3:::amazonlinux-2-repos-us-east-1/*", "arn:aws:s3:::packages.us-east-1.amazonaws.com/*",
		"arn:aws:s3:::repo.us-east-1.amazonaws.com/*", "arn:aws:s3:::amazonlinux.us-east-1.amazonaws.com/*",
		"arn:aws:s3:::aws-ssm-us-east-1/*", "arn:aws:s3:::us-east-1-birdwatcher-prod/*", "arn:aws:s3:::patch-baseline-snapshot-us-east-1/*",
		"arn:aws:s3:::amazoncloudwatch-agent-us-east-1/*", "arn:aws:s3:::amazoncloudwatch-agent/*",
		"arn:aws:s3:::aws-codedeploy-us-east-1/*",
	} {
		if !strings.Contains(joined, want) {
			t.Errorf("missing %s in %v", want, all)
		}
	}
	if s["Action"] != "s3:GetObject" {
		t.Errorf("AWS-owned objects are read-only: %v", s["Action"])
	}
	if got := mustJSON(s["Condition"]); got != `{"StringEquals":{"aws:SourceVpc":"vpc-123"}}` {
		t.Errorf("condition %s", got)
	}
}

func TestS3EndpointAnswersCloudFormation(t *testing.T) {
	doc, _ := endpointPolicy(EndpointPolicy{}, testEnv, netplan.GatewayS3, "vpc-123")
	s := stmt(t, rendered(t, doc), "AnswerCloudFormation")
	want := `["arn:aws:s3:::cloudformation-custom-resource-response-useast1/*","arn:aws:s3:::cloudformation-waitcondition-us-east-1/*"]` // sorted by iampolicy
	if got := mustJSON(s["Resource"]); got != want {
		t.Errorf("resources %s, want %s", got, want)
	}
	if s["Action"] != "s3:PutObject" {
		t.Errorf("signals are PUTs to presigned URLs, nothing more: %v", s["Action"])
	}
	if got := mustJSON(s["Condition"]); got != `{"StringEquals":{"aws:SourceVpc":"vpc-123"}}` {
		t.Errorf("condition %s", got)
	}
	// Other endpoints carry no S3 statement.
	kms, _ := endpointPolicy(EndpointPolicy{}, testEnv, netplan.KMS, "vpc-123")
	if n := len(rendered(t, kms)["Statement"].([]any)); n != 2 {
		t.Errorf("KMS endpoint has %d statements", n)
	}
}

func TestUnrestrictedEndpointPolicy(t *testing.T) {
	if _, ok := endpointPolicy(EndpointPolicy{Unrestricted: true}, testEnv, netplan.GatewayS3, "vpc-1"); ok {
		t.Error("Unrestricted still made a policy")
	}
}

func TestEndpointPolicyValidate(t *testing.T) {
	tests := []struct {
		p    EndpointPolicy
		want string
	}{
		{EndpointPolicy{OrganizationID: "o-a1b2c3d4e5"}, ""},
		{EndpointPolicy{OrganizationID: "org-1"}, `OrganizationID "org-1": not an AWS Organizations id`},
		{EndpointPolicy{AWSOwnedS3Objects: []string{"my-bucket"}}, `AWSOwnedS3Objects "my-bucket": not an S3 object ARN`},
	}
	for _, tt := range tests {
		err := tt.p.validate()
		if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%+v: got %v, want %q", tt.p, err, tt.want)
		}
	}
}

func TestFlowLogRole(t *testing.T) {
	trust := rendered(t, flowLogRoleTrust(testEnv))
	s := stmt(t, trust, "ServiceAssumes")
	want := `{"ArnLike":{"aws:SourceArn":"arn:aws:ec2:us-east-1:888888888888:vpc-flow-log/*"},"StringEquals":{"aws:SourceAccount":"888888888888"}}`
	if got := mustJSON(s["Condition"]); got != want {
		t.Errorf("trust conditions %s, want %s", got, want)
	}
	pol := rendered(t, flowLogRolePolicy(testEnv, "/vpc-flow-logs/acme-prod"))
	d := stmt(t, pol, "DeliverToLogGroup")
	wantRes := `["arn:aws:logs:us-east-1:888888888888:log-group:/vpc-flow-logs/acme-prod","arn:aws:logs:us-east-1:888888888888:log-group:/vpc-flow-logs/acme-prod:*"]`
	if got := mustJSON(d["Resource"]); got != wantRes {
		t.Errorf("resources %s, want %s", got, wantRes)
	}
	for _, a := range d["Action"].([]any) {
		if strings.Contains(a.(string), "*") || !strings.HasPrefix(a.(string), "logs:") {
			t.Errorf("action %s", a)
		}
	}
}

func TestFlowLogsValidate(t *testing.T) {
	tests := []struct {
		f    FlowLogs
		want string
	}{
		{FlowLogs{}, ""},
		{FlowLogs{Destination: FlowLogsToS3, BucketARN: "arn:aws:s3:::acme-logs-222222222222-us-east-1/vpc/"}, ""},
		{FlowLogs{Destination: FlowLogsToS3}, `BucketARN "": the "s3" destination needs an S3 bucket ARN`},
		{FlowLogs{Destination: FlowLogsToS3, BucketARN: "acme-logs"}, `BucketARN "acme-logs"`},
		{FlowLogs{Destination: FlowLogsToS3, BucketARN: "arn:aws:s3:::acme-logs", RetentionDays: 30}, "RetentionDays and Key apply to the \"cloud-watch-logs\" destination only"},
		{FlowLogs{BucketARN: "arn:aws:s3:::acme-logs"}, `applies to the "s3" destination only`},
		{FlowLogs{Destination: "kinesis"}, `Destination "kinesis": must be "cloud-watch-logs" or "s3"`},
		{FlowLogs{AggregationSeconds: 300}, "AggregationSeconds 300: must be 60 or 600"},
		{FlowLogs{RetentionDays: 731}, ""},
		{FlowLogs{RetentionDays: 100}, "RetentionDays 100: CloudWatch Logs accepts [1 3 5"},
	}
	for _, tt := range tests {
		err := tt.f.validate()
		if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%+v: got %v, want %q", tt.f, err, tt.want)
		}
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
