package policycheck

import (
	"fmt"
	"strings"
)

// identityPolicyTypes hold identity policies in their policy argument;
// aws_iam_role holds them in inline_policy blocks.
var identityPolicyTypes = []string{"aws_iam_policy", "aws_iam_role_policy", "aws_iam_user_policy", "aws_iam_group_policy", "aws_iam_role"}

// resourcePolicyTypes hold resource-based policies in their policy
// argument.
var resourcePolicyTypes = []string{
	"aws_s3_bucket_policy", "aws_s3_bucket",
	"aws_sqs_queue_policy", "aws_sqs_queue",
	"aws_sns_topic_policy", "aws_sns_topic",
	"aws_kms_key", "aws_vpc_endpoint",
	"aws_ecr_repository_policy", "aws_secretsmanager_secret_policy",
	"aws_api_gateway_rest_api_policy", "aws_api_gateway_rest_api",
}

var attachmentTypes = []string{"aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment", "aws_iam_policy_attachment"}

var iamRules = []Rule{
	{
		ID:          "IAM-1",
		Severity:    Error,
		Description: `No identity policy allows "*" or a whole service ("s3:*"), or allows with NotAction.`,
		Fix:         "list the actions the principal needs (iamfoundation.CheckPermissions refuses wildcards before synth)",
		Types:       identityPolicyTypes,
		Checkov:     []string{"CKV_AWS_62", "CKV_AWS_63"},
		Trivy:       []string{"AVD-AWS-0057"},
		check:       checkIAMWildcardActions,
	},
	{
		ID:          "IAM-2",
		Severity:    Warning,
		Description: `No identity policy allows a sensitive action on "*" without a condition.`,
		Fix:         `name the resources (ARNs from awsenv), or narrow with a condition; "*" only where AWS requires it (X-Ray, PutMetricData, ENI management)`,
		Types:       identityPolicyTypes,
		Checkov:     []string{"CKV_AWS_355"},
		check:       checkIAMStarResources,
	},
	{
		ID:          "IAM-3",
		Severity:    Error,
		Description: "No role trusts everyone: a trust policy with Principal \"*\" has a condition that scopes it.",
		Fix:         "trust named principals (iamrole.ServiceTrust, account roots with sts:ExternalId and MFA), or condition \"*\" on aws:PrincipalOrgID",
		Types:       []string{"aws_iam_role"},
		Checkov:     []string{"CKV_AWS_60"},
		check:       checkIAMTrust,
	},
	{
		ID:          "IAM-4",
		Severity:    Error,
		Description: "No resource policy allows everyone without a condition.",
		Fix:         "name the principals, or condition Principal \"*\" on aws:PrincipalOrgID, aws:SourceVpce or aws:SourceAccount",
		Types:       resourcePolicyTypes,
		Checkov:     []string{"CKV_AWS_70", "CKV_AWS_168", "CKV_AWS_169", "CKV_AWS_33"},
		check:       checkResourcePolicyAnyone,
	},
	{
		ID:          "IAM-5",
		Severity:    Error,
		Description: `No bucket, queue or topic policy allows "*" or all of its service's actions.`,
		Fix:         "list the actions the principal needs, such as s3:GetObject or sqs:SendMessage",
		Types:       []string{"aws_s3_bucket_policy", "aws_s3_bucket", "aws_sqs_queue_policy", "aws_sqs_queue", "aws_sns_topic_policy", "aws_sns_topic"},
		Checkov:     []string{"CKV_AWS_72"},
		Trivy:       []string{"AVD-AWS-0097"},
		check:       checkResourcePolicyWildcards,
	},
	{
		ID:          "IAM-6",
		Severity:    Warning,
		Description: "No policy is attached to an IAM user: permissions go to groups and roles.",
		Fix:         "attach the policy to a group the user belongs to, or better, to a role people assume",
		Types:       []string{"aws_iam_user_policy", "aws_iam_user_policy_attachment", "aws_iam_policy_attachment"},
		Checkov:     []string{"CKV_AWS_40"},
		Trivy:       []string{"AVD-AWS-0143"},
		check:       checkIAMUserPolicies,
	},
	{
		ID:          "IAM-7",
		Severity:    Error,
		Description: "No role, user or group has the AdministratorAccess managed policy.",
		Fix:         "grant the permissions the job needs; suppress with a reason for a break-glass role that must have them",
		Types:       append([]string{"aws_iam_role"}, attachmentTypes...),
		Checkov:     []string{"CKV_AWS_274"},
		check:       checkIAMAdministratorAccess,
	},
}

// namedPolicy is a policy and what to call it in messages.
type namedPolicy struct {
	name string
	doc  policy
}

// identityPolicies returns the identity policies r holds.
func (s *stack) identityPolicies(r *resource) []namedPolicy {
	var out []namedPolicy
	if r.typ == "aws_iam_role" {
		for _, b := range blocks(r.attrs, "inline_policy") {
			if p, ok := s.parsePolicy(b["policy"]); ok {
				out = append(out, namedPolicy{"inline policy " + str(b, "name"), p})
			}
		}
		return out
	}
	if p, ok := s.parsePolicy(r.attrs["policy"]); ok {
		out = append(out, namedPolicy{"policy", p})
	}
	return out
}

func checkIAMWildcardActions(s *stack, r *resource) []string {
	var out []string
	for _, np := range s.identityPolicies(r) {
		for i, st := range np.doc.statements {
			if !st.allow() {
				continue
			}
			if len(st.notActions) > 0 {
				out = append(out, fmt.Sprintf("%s %s allows every action but %s", np.name, st.label(i), strings.Join(st.notActions, ", ")))
			}
			for _, a := range st.actions {
				if wildcardAction(a) {
					out = append(out, fmt.Sprintf("%s %s allows %q", np.name, st.label(i), a))
				}
			}
		}
	}
	return out
}

// starOnlyActions support no resource-level permissions: AWS requires
// "*" for them.
var starOnlyActions = map[string]bool{
	"xray:puttracesegments": true, "xray:puttelemetryrecords": true, "xray:getsamplingrules": true,
	"xray:getsamplingtargets": true, "xray:getsamplingstatisticsummaries": true,
	"cloudwatch:putmetricdata": true, "ecr:getauthorizationtoken": true, "sts:getcalleridentity": true,
	"ec2:createnetworkinterface": true, "ec2:describenetworkinterfaces": true, "ec2:deletenetworkinterface": true,
	"ec2:assignprivateipaddresses": true, "ec2:unassignprivateipaddresses": true,
	"ssmmessages:createcontrolchannel": true, "ssmmessages:createdatachannel": true,
	"ssmmessages:opencontrolchannel": true, "ssmmessages:opendatachannel": true, "ssm:updateinstanceinformation": true,
}

// sensitiveReads read data or secrets though their names say Get.
var sensitiveReads = map[string]bool{
	"secretsmanager:getsecretvalue": true, "ssm:getparameter": true, "ssm:getparameters": true,
	"ssm:getparametersbypath": true, "s3:getobject": true, "s3:getobjectversion": true,
	"dynamodb:getitem": true, "dynamodb:batchgetitem": true, "dynamodb:query": true, "dynamodb:scan": true,
	"lambda:getfunction": true, "ecr:getdownloadurlforlayer": true,
}

var readVerbs = []string{"describe", "list", "get", "head", "lookup", "search", "batchget", "view", "query", "scan", "select", "estimate", "validate", "simulate", "check", "preview", "test"}

// sensitive reports whether an action can change something or read data
// or secrets: everything but metadata reads.
func sensitive(action string) bool {
	a := strings.ToLower(action)
	if starOnlyActions[a] {
		return false
	}
	if strings.Contains(a, "*") || sensitiveReads[a] {
		return true
	}
	_, verb, ok := strings.Cut(a, ":")
	if !ok {
		return true
	}
	for _, v := range readVerbs {
		if strings.HasPrefix(verb, v) {
			return false
		}
	}
	return true
}

func checkIAMStarResources(s *stack, r *resource) []string {
	var out []string
	for _, np := range s.identityPolicies(r) {
		for i, st := range np.doc.statements {
			if !st.allow() || len(st.conditions) > 0 || !(contains(st.resources, "*") || len(st.notRes) > 0) {
				continue
			}
			var bad []string
			for _, a := range st.actions {
				if sensitive(a) {
					bad = append(bad, a)
				}
			}
			if len(bad) > 0 {
				out = append(out, fmt.Sprintf("%s %s allows %s on every resource", np.name, st.label(i), strings.Join(bad, ", ")))
			}
		}
	}
	return out
}

func checkIAMTrust(s *stack, r *resource) []string {
	p, ok := s.parsePolicy(r.attrs["assume_role_policy"])
	if !ok {
		return nil
	}
	var out []string
	for i, st := range p.statements {
		if st.allow() && (st.anyone || st.notPrinc) && len(st.conditions) == 0 {
			out = append(out, fmt.Sprintf("trust policy %s lets anyone assume the role", st.label(i)))
		}
	}
	return out
}

func checkResourcePolicyAnyone(s *stack, r *resource) []string {
	p, ok := s.parsePolicy(r.attrs["policy"])
	if !ok {
		return nil
	}
	var out []string
	for i, st := range p.statements {
		if st.allow() && (st.anyone || st.notPrinc) && len(st.conditions) == 0 {
			out = append(out, fmt.Sprintf("policy %s allows %s to anyone", st.label(i), actionList(st)))
		}
	}
	return out
}

func actionList(st statement) string {
	if len(st.notActions) > 0 {
		return "every action but " + strings.Join(st.notActions, ", ")
	}
	return strings.Join(st.actions, ", ")
}

func checkResourcePolicyWildcards(s *stack, r *resource) []string {
	p, ok := s.parsePolicy(r.attrs["policy"])
	if !ok {
		return nil
	}
	var out []string
	for i, st := range p.statements {
		if !st.allow() {
			continue
		}
		if len(st.notActions) > 0 {
			out = append(out, fmt.Sprintf("policy %s allows every action but %s", st.label(i), strings.Join(st.notActions, ", ")))
		}
		for _, a := range st.actions {
			if wildcardAction(a) {
				out = append(out, fmt.Sprintf("policy %s allows %q", st.label(i), a))
			}
		}
	}
	return out
}

func checkIAMUserPolicies(_ *stack, r *resource) []string {
	switch r.typ {
	case "aws_iam_policy_attachment":
		if users := strs(r.attrs, "users"); len(users) > 0 {
			return []string{fmt.Sprintf("the policy is attached to users %s", strings.Join(users, ", "))}
		}
		return nil
	}
	return []string{fmt.Sprintf("a policy is attached to user %s", str(r.attrs, "user"))}
}

func adminPolicy(arn string) bool { return strings.HasSuffix(arn, ":policy/AdministratorAccess") }

func checkIAMAdministratorAccess(_ *stack, r *resource) []string {
	arns := strs(r.attrs, "policy_arn")
	if r.typ == "aws_iam_role" {
		arns = strs(r.attrs, "managed_policy_arns")
	}
	for _, a := range arns {
		if adminPolicy(a) {
			return []string{"AdministratorAccess is attached: every action on every resource"}
		}
	}
	return nil
}
