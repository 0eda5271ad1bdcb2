package test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/orgbaseline"
	"github.com/acme/landing-zone/stacks"
	"github.com/acme/landing-zone/stacks/org"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

func TestOrganizationStack(t *testing.T) {
	_, parsed := exampleOrg(t)
	s := parsed["organization"]
	o := s.resources("aws_organizations_organization")["organization"]
	assert.Equal(t, "ALL", o["feature_set"])
	for _, svc := range []string{"cloudtrail.amazonaws.com", "config.amazonaws.com", "guardduty.amazonaws.com", "securityhub.amazonaws.com", "access-analyzer.amazonaws.com", "ram.amazonaws.com"} {
		assert.Contains(t, o["aws_service_access_principals"], svc)
	}
	assert.ElementsMatch(t, []any{"BACKUP_POLICY", "SERVICE_CONTROL_POLICY", "TAG_POLICY"}, o["enabled_policy_types"])

	ous := s.resources("aws_organizations_organizational_unit")
	assert.Len(t, ous, len(org.DefaultOrganizationalUnits))
	assert.Equal(t, "Prod", ous["organization-ou-workloads-prod"]["name"])
	assert.Equal(t, "${aws_organizations_organizational_unit.organization-ou-workloads.id}", ous["organization-ou-workloads-prod"]["parent_id"])

	accounts := s.resources("aws_organizations_account")
	assert.Len(t, accounts, 7, "every member account; the management account is not created")
	for name, a := range accounts {
		assert.Equal(t, false, a["close_on_deletion"], name)
		assert.Equal(t, true, a["lifecycle"].(map[string]any)["prevent_destroy"], name)
		assert.Equal(t, "OrganizationAccountAccessRole", a["role_name"], name)
	}
	assert.Equal(t, "aws-security@acme.example", accounts["organization-account-security"]["email"])

	// Every SCP within AWS's limits, and no target with more than four of
	// ours next to FullAWSAccess.
	perTarget := map[string]int{}
	attachments := s.resources("aws_organizations_policy_attachment")
	for name, p := range s.resources("aws_organizations_policy") {
		if p["type"] != "SERVICE_CONTROL_POLICY" {
			continue
		}
		assert.LessOrEqual(t, len(p["content"].(string)), orgbaseline.MaxSCPSize, name)
		perTarget[attachments[name+"-attachment"]["target_id"].(string)]++
	}
	for target, n := range perTarget {
		assert.LessOrEqual(t, n+1, orgbaseline.MaxSCPsPerTarget, target)
	}
	root := policyDoc(t, s.resources("aws_organizations_policy")["organization-scp-root-1"]["content"])
	for _, sid := range []string{"DenyRootUser", "DenyLeaveOrganization", "ProtectSecurityServices", "ProtectAccountDefaults", "DenyOutsideAllowedRegions"} {
		assert.NotNil(t, statement(root, sid), sid)
	}
	region := statement(root, "DenyOutsideAllowedRegions")
	assert.Equal(t, []any{"us-east-1", "us-west-2"}, region["Condition"].(map[string]any)["StringNotEquals"].(map[string]any)["aws:RequestedRegion"])
	assert.Equal(t, "${aws_organizations_organization.organization.roots[0].id}", attachments["organization-scp-root-1-attachment"]["target_id"])
	suspended := policyDoc(t, s.resources("aws_organizations_policy")["organization-scp-suspended-1"]["content"])
	assert.NotNil(t, statement(suspended, "DenyAll"))

	security := "${aws_organizations_account.organization-account-security.id}"
	for name, d := range s.resources("aws_organizations_delegated_administrator") {
		assert.Equal(t, security, d["account_id"], name)
	}
	assert.Equal(t, security, s.resources("aws_guardduty_organization_admin_account")["organization-guardduty-admin"]["admin_account_id"])
	assert.Equal(t, security, s.resources("aws_securityhub_organization_admin_account")["organization-securityhub-admin"]["admin_account_id"])
	assert.Contains(t, s["output"], "account_ids")
}

func TestOrganizationTrail(t *testing.T) {
	_, parsed := exampleOrg(t)
	trail := parsed["management"].resources("aws_cloudtrail")["organization-trail"]
	for _, flag := range []string{"is_organization_trail", "is_multi_region_trail", "include_global_service_events", "enable_log_file_validation"} {
		assert.Equal(t, true, trail[flag], flag)
	}
	assert.Equal(t, "arn:aws:kms:us-east-1:222222222222:alias/acme/logs", trail["kms_key_id"])
	assert.Equal(t, stacks.LogBucketName(org.Example()), trail["s3_bucket_name"])
	assert.Equal(t, "${aws_cloudwatch_log_group.organization-trail-logs.arn}:*", trail["cloud_watch_logs_group_arn"])
	selectors := trail["advanced_event_selector"].([]any)
	require.Len(t, selectors, 2, "management events and, by default, S3 data events")
	data := selectors[1].(map[string]any)["field_selector"].([]any)
	assert.Contains(t, data, map[string]any{"field": "resources.type", "equals": []any{"AWS::S3::Object"}})
	assert.Contains(t, data, map[string]any{"field": "resources.ARN", "not_starts_with": []any{"arn:aws:s3:::" + stacks.LogBucketName(org.Example()) + "/"}},
		"the trail never records its own deliveries")
	role := policyDoc(t, parsed["management"].resources("aws_iam_role_policy")["organization-trail-logs-role-policy-write-logs"]["policy"])
	assertNoWildcardActions(t, role)
}

// TestLogArchiveAdmitsOnlyTheTrailAndConfig checks that the central log
// bucket lets in exactly this organization's trail and Config deliveries,
// plus read access for the security account.
func TestLogArchiveAdmitsOnlyTheTrailAndConfig(t *testing.T) {
	_, parsed := exampleOrg(t)
	s := parsed["log-archive"]
	doc := policyDoc(t, s.resources("aws_s3_bucket_policy")["central-logs-policy"]["policy"])
	allows := map[string]map[string]any{}
	for _, st := range doc["Statement"].([]any) {
		m := st.(map[string]any)
		if m["Effect"] == "Allow" {
			allows[m["Sid"].(string)] = m
		}
	}
	assert.ElementsMatch(t, []string{"CloudTrailAclCheck", "CloudTrailWrite", "ConfigAclCheck", "ConfigWrite", "SecurityAccountReads"}, keys(allows))
	trailARN := "arn:aws:cloudtrail:us-east-1:111111111111:trail/acme-organization-trail"
	for _, sid := range []string{"CloudTrailAclCheck", "CloudTrailWrite"} {
		assert.Equal(t, map[string]any{"StringEquals": map[string]any{"aws:SourceArn": trailARN}}, allows[sid]["Condition"], sid)
	}
	for _, sid := range []string{"ConfigAclCheck", "ConfigWrite"} {
		assert.Equal(t, map[string]any{"StringEquals": map[string]any{"aws:SourceOrgID": "o-a1b2c3d4e5"}}, allows[sid]["Condition"], sid)
	}
	assert.Equal(t, []any{"s3:GetObject", "s3:ListBucket"}, allows["SecurityAccountReads"]["Action"])

	key := policyDoc(t, s.resources("aws_kms_key")["central-logs-key"]["policy"])
	enc := statement(key, "CloudTrailEncrypts")
	require.NotNil(t, enc)
	assert.Equal(t, trailARN, enc["Condition"].(map[string]any)["StringEquals"].(map[string]any)["aws:SourceArn"])
	assert.Equal(t, "acme/logs", strings.TrimPrefix(s.resources("aws_kms_alias")["central-logs-key-alias"]["name"].(string), "alias/"))
	deny := statement(doc, "DenyLogDeletion")
	require.NotNil(t, deny, "nobody deletes logs by hand")
	assert.Equal(t, []any{"s3:DeleteObject", "s3:DeleteObjectVersion"}, deny["Action"])
	assert.Empty(t, s.resources("aws_s3_bucket_object_lock_configuration"), "AWS Config cannot deliver to an object-locked bucket")
}

// TestEveryAccountHasTheBaseline checks point 9 of the landing zone: every
// account, through exactly one of its stacks, has the hygiene resources.
func TestEveryAccountHasTheBaseline(t *testing.T) {
	_, parsed := exampleOrg(t)
	perAccount := map[string]int{}
	for _, name := range sortedStacks(parsed) {
		s := parsed[name]
		analyzers := s.resources("aws_accessanalyzer_analyzer")
		if name == stacks.OrganizationStack || name == stacks.NetworkAttachmentsStack || strings.HasPrefix(name, stacks.SpokeRoutesStackName("")) {
			assert.Empty(t, analyzers, "an account's second stack does not repeat its baseline")
			continue
		}
		t.Run(name, func(t *testing.T) {
			account := s["provider"].(map[string]any)["aws"].([]any)[0].(map[string]any)["allowed_account_ids"].([]any)[0].(string)
			perAccount[account]++
			assert.Equal(t, "ACCOUNT", analyzers["baseline-access-analyzer"]["type"])
			pp := s.resources("aws_iam_account_password_policy")
			require.Len(t, pp, 1)
			for _, p := range pp {
				assert.GreaterOrEqual(t, p["minimum_password_length"], float64(14))
				assert.EqualValues(t, 24, p["password_reuse_prevention"])
				assert.EqualValues(t, 90, p["max_password_age"])
			}
			for _, e := range s.resources("aws_ebs_encryption_by_default") {
				assert.Equal(t, true, e["enabled"])
			}
			assert.Len(t, s.resources("aws_ebs_encryption_by_default"), 1)
			assert.Len(t, s.resources("aws_ebs_default_kms_key"), 1)
			for _, b := range s.resources("aws_s3_account_public_access_block") {
				for _, f := range []string{"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"} {
					assert.Equal(t, true, b[f], f)
				}
			}
			assert.Len(t, s.resources("aws_s3_account_public_access_block"), 1)
			for _, r := range s.resources("aws_config_configuration_recorder") {
				group := first(t, r, "recording_group")
				assert.Equal(t, true, group["all_supported"])
				assert.Equal(t, true, group["include_global_resource_types"], "every example stack is in the home region")
			}
			for _, d := range s.resources("aws_config_delivery_channel") {
				assert.Equal(t, stacks.LogBucketName(org.Example()), d["s3_bucket_name"])
			}
			assert.Len(t, s.resources("aws_config_configuration_recorder_status"), 1)
		})
	}
	assert.Len(t, perAccount, 8, "every account has the baseline")
	for acct, n := range perAccount {
		assert.Equal(t, 1, n, "account %s has the baseline once", acct)
	}
}

// TestCrossAccountReadOnly checks the guide's IAM foundation between dev and
// prod: a read-only role in prod with an external id and MFA, and the dev
// engineers group that may assume exactly it.
func TestCrossAccountReadOnly(t *testing.T) {
	_, parsed := exampleOrg(t)
	prodRoles := parsed["workload-prod"].resources("aws_iam_role")
	role := prodRoles["readonly-from-dev"]
	require.NotNil(t, role)
	assert.Equal(t, "prod-readonly-cross-account-from-dev", role["name"])
	trust := policyDoc(t, role["assume_role_policy"])
	st := trust["Statement"].([]any)[0].(map[string]any)
	assert.Equal(t, map[string]any{"AWS": "arn:aws:iam::666666666666:root"}, st["Principal"])
	cond := st["Condition"].(map[string]any)
	assert.Equal(t, "acme-prod-readonly-from-dev", cond["StringEquals"].(map[string]any)["sts:ExternalId"])
	assert.Equal(t, "true", cond["Bool"].(map[string]any)["aws:MultiFactorAuthPresent"])

	var groupPolicy map[string]any
	for _, p := range parsed["workload-dev"].resources("aws_iam_group_policy") {
		groupPolicy = policyDoc(t, p["policy"])
	}
	require.NotNil(t, groupPolicy, "the dev engineers group")
	allow := groupPolicy["Statement"].([]any)[0].(map[string]any)
	assert.Equal(t, "sts:AssumeRole", allow["Action"])
	assert.Equal(t, "arn:aws:iam::888888888888:role/prod-readonly-cross-account-from-dev", allow["Resource"])
	assert.Empty(t, parsed["workload-staging"].resources("aws_iam_group"), "staging engineers have no cross-account role to assume")

	app := parsed["workload-prod"].resources("aws_iam_instance_profile")
	assert.Len(t, app, 1, "the application servers' instance profile")
}

func TestSecurityServices(t *testing.T) {
	_, parsed := exampleOrg(t)
	s := parsed["security"]
	features := map[string]bool{}
	for _, f := range s.resources("aws_guardduty_organization_configuration_feature") {
		assert.Equal(t, "ALL", f["auto_enable"])
		features[f["name"].(string)] = true
	}
	for _, f := range []string{"S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION"} {
		assert.True(t, features[f], f)
	}
	assert.Equal(t, "ALL", s.resources("aws_guardduty_organization_configuration")["security-guardduty-org"]["auto_enable_organization_members"])
	dest := s.resources("aws_guardduty_publishing_destination")["security-findings-export"]
	assert.Equal(t, "${aws_kms_key.security-findings-key.arn}", dest["kms_key_arn"])

	standards := []any{}
	for _, sub := range s.resources("aws_securityhub_standards_subscription") {
		standards = append(standards, sub["standards_arn"])
	}
	assert.ElementsMatch(t, []any{
		"arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0",
		"arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
	}, standards)
	assert.Equal(t, []any{"us-west-2"}, s.resources("aws_securityhub_finding_aggregator")["security-securityhub-aggregator"]["specified_regions"])
	assert.Equal(t, "ORGANIZATION", s.resources("aws_accessanalyzer_analyzer")["security-access-analyzer"]["type"])
	agg := s.resources("aws_config_configuration_aggregator")["security-config-aggregator"]
	assert.Equal(t, true, first(t, agg, "organization_aggregation_source")["all_regions"])
	rules := map[string]bool{}
	for _, r := range s.resources("aws_config_organization_managed_rule") {
		rules[r["rule_identifier"].(string)] = true
	}
	assert.True(t, rules["ENCRYPTED_VOLUMES"] && rules["S3_BUCKET_PUBLIC_READ_PROHIBITED"], "the guide's rules")
}

func TestExtraConfigRulesFromTheModel(t *testing.T) {
	parsed := variantOrg(t)
	rules := map[string]int{}
	for _, r := range parsed["security"].resources("aws_config_organization_managed_rule") {
		rules[r["rule_identifier"].(string)]++
	}
	assert.Equal(t, 1, rules["RDS_SNAPSHOTS_PUBLIC_PROHIBITED"], "an extra rule is added")
	assert.Equal(t, 1, rules["ENCRYPTED_VOLUMES"], "a baseline rule listed again is added once")
	assert.Len(t, rules, len(orgbaseline.DefaultConfigRules)+1)
}

func TestGuardrailsOverTheLimitFailSynth(t *testing.T) {
	st := newTestStack(t, "111111111111", "us-east-1")
	var regions []string
	for i := 0; i < 300; i++ {
		regions = append(regions, fmt.Sprintf("xx-region-%03d", i))
	}
	_, err := orgbaseline.NewOrganization(st, "organization", orgbaseline.OrganizationProps{
		OrganizationalUnits: []string{"Security"},
		Accounts:            []orgbaseline.MemberAccount{{Name: "security", Email: "s@x.example", OU: "Security", RoleName: "R"}},
		SecurityAccount:     "security",
		Guardrails:          map[string]orgbaseline.Guardrails{"Security": {RegionDeny: true, AllowedRegions: regions}},
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "orgbaseline organization: Guardrails[Security]: guardrail DenyOutsideAllowedRegions renders to")
	assert.Contains(t, err.Error(), "over the 5120 AWS allows in one SCP")
	assert.Empty(t, synthStack(t, st).resources("aws_organizations_organization"), "nothing built")
}

func TestBuildRejectsARegionOutsideTheAllowedList(t *testing.T) {
	o := org.Example()
	o.Environments[0].Region = "eu-west-1"
	_, err := stacks.Build(cdktf.Testing_App(nil), o, stacks.Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `environments[dev].region "eu-west-1": not in allowed_regions ["us-east-1" "us-west-2"]`)
}

func TestBootstrapBuildsOnlyTheOrganizationStack(t *testing.T) {
	o := org.Example()
	o.ID = ""
	o.Accounts[1].ID = ""
	res, err := stacks.Build(cdktf.Testing_App(nil), o, stacks.Options{})
	require.NoError(t, err)
	require.Len(t, res.Stacks, 1)
	assert.Equal(t, stacks.OrganizationStack, res.Stacks[0].Name)
	assert.Contains(t, res.Skipped, "[id accounts[log-archive].id]")
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestModelledPeering checks the variant, whose dev and staging are peered:
// the guide's small-scale option: the requester's stack asks, a stack in the
// accepter's account accepts, and both sides route to each other.
func TestModelledPeering(t *testing.T) {
	parsed := variantOrg(t)
	dev := parsed["workload-dev"]
	conns := dev.resources("aws_vpc_peering_connection")
	require.Len(t, conns, 1)
	for _, c := range conns {
		assert.Equal(t, "777777777777", c["peer_owner_id"])
		assert.Contains(t, c["peer_vpc_id"], "terraform_remote_state", "the accepter's VPC id crosses stacks")
	}
	accept := parsed[stacks.PeeringStackName("dev", "staging")]
	require.NotNil(t, accept, "the accepting stack exists")
	assert.Len(t, accept.resources("aws_vpc_peering_connection_accepter"), 1)
	routesTo := func(s synthesized, cidr string) int {
		n := 0
		for _, r := range s.resources("aws_route") {
			if r["destination_cidr_block"] == cidr && r["vpc_peering_connection_id"] != nil {
				n++
			}
		}
		return n
	}
	assert.Positive(t, routesTo(dev, "10.20.0.0/16"), "dev routes to staging")
	assert.Positive(t, routesTo(accept, "10.10.0.0/16"), "staging routes back to dev")
	assert.Equal(t, "777777777777", accept["provider"].(map[string]any)["aws"].([]any)[0].(map[string]any)["allowed_account_ids"].([]any)[0])
}
