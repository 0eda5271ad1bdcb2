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

	// The central configuration policy owns the management account's
	// Security Hub settings; an update from here would be refused.
	hub := s.resources("aws_securityhub_account")["organization-securityhub"]
	require.NotNil(t, hub)
	assert.ElementsMatch(t, []any{"auto_enable_controls", "control_finding_generator", "enable_default_standards"}, hub["lifecycle"].(map[string]any)["ignore_changes"])

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
	// The root's guardrails fill two policies (see test/guardrails_test.go).
	root := policyDoc(t, s.resources("aws_organizations_policy")["organization-scp-root-1"]["content"])
	root2 := policyDoc(t, s.resources("aws_organizations_policy")["organization-scp-root-2"]["content"])
	root["Statement"] = append(root["Statement"].([]any), root2["Statement"].([]any)...)
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
	assert.ElementsMatch(t, []string{"organization-delegate-access-analyzer", "organization-delegate-config", "organization-delegate-config-multiaccountsetup"}, keys(s.resources("aws_organizations_delegated_administrator")))
	// Designating GuardDuty and Security Hub administrators enables them in
	// the security account; the security stack does it after enabling them
	// itself (TestSecurityServicesOrder).
	assert.Empty(t, s.resources("aws_guardduty_organization_admin_account"))
	assert.Empty(t, s.resources("aws_securityhub_organization_admin_account"))
	assert.Contains(t, s["output"], "account_ids")
}

func TestOrganizationTrail(t *testing.T) {
	_, parsed := exampleOrg(t)
	trail := parsed["management"].resources("aws_cloudtrail")["organization-trail"]
	for _, flag := range []string{"is_organization_trail", "is_multi_region_trail", "include_global_service_events", "enable_log_file_validation"} {
		assert.Equal(t, true, trail[flag], flag)
	}
	// The key's ARN, by reference to the log-archive stack, never an alias:
	// CloudTrail returns the key ARN and an alias would diff on every plan.
	assert.Equal(t, "${data.terraform_remote_state.cross-stack-reference-input-log-archive.outputs.cross-stack-output-aws_kms_keycentral-logs-keyarn}", trail["kms_key_id"])
	assert.NotContains(t, trail["kms_key_id"], "alias")
	assert.Equal(t, map[string]any{"value": "${aws_kms_key.central-logs-key.arn}", "sensitive": true},
		parsed["log-archive"]["output"].(map[string]any)["cross-stack-output-aws_kms_keycentral-logs-keyarn"])
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
// bucket lets in exactly this organization's trail and each account's Config
// deliveries (under its own prefix), plus read access for the security
// account; and that SSE-S3 is admitted only for the trail's digest files.
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
	var accounts []string
	wantAllows := []string{"CloudTrailAclCheck", "CloudTrailWrite", "ConfigAclCheck", "SecurityAccountReads"}
	for _, a := range org.Example().Accounts {
		accounts = append(accounts, a.ID)
		wantAllows = append(wantAllows, "ConfigWrite"+a.ID)
	}
	assert.ElementsMatch(t, wantAllows, keys(allows))
	trailARN := "arn:aws:cloudtrail:us-east-1:111111111111:trail/acme-organization-trail"
	for _, sid := range []string{"CloudTrailAclCheck", "CloudTrailWrite"} {
		assert.Equal(t, map[string]any{"StringEquals": map[string]any{"aws:SourceArn": trailARN}}, allows[sid]["Condition"], sid)
	}
	// Config writes through its service-linked role, i.e. as the service
	// principal: the guide's conditions are aws:SourceAccount, not the
	// organization id, and each account writes under its own prefix only.
	bucketARN := "arn:aws:s3:::" + stacks.LogBucketName(org.Example())
	assert.ElementsMatch(t, accounts, allows["ConfigAclCheck"]["Condition"].(map[string]any)["StringEquals"].(map[string]any)["aws:SourceAccount"])
	for _, id := range accounts {
		w := allows["ConfigWrite"+id]
		assert.Equal(t, bucketARN+"/AWSLogs/"+id+"/Config/*", w["Resource"], id)
		assert.Equal(t, map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": id}}, w["Condition"], id)
	}
	assert.NotContains(t, s.resources("aws_s3_bucket_policy")["central-logs-policy"]["policy"], "SourceOrgID")
	assert.Equal(t, []any{"s3:GetObject", "s3:ListBucket"}, allows["SecurityAccountReads"]["Action"])

	// SSE-S3 only for the trail's digests; KMS everywhere else.
	digests := []any{bucketARN + "/AWSLogs/111111111111/CloudTrail-Digest/*", bucketARN + "/AWSLogs/o-a1b2c3d4e5/*/CloudTrail-Digest/*"}
	other := statement(doc, "DenyOtherEncryption")
	require.NotNil(t, other)
	assert.Equal(t, digests, other["NotResource"])
	assert.Equal(t, "aws:kms", other["Condition"].(map[string]any)["StringNotEquals"].(map[string]any)["s3:x-amz-server-side-encryption"])
	under := statement(doc, "DenyOtherEncryptionUnderSSES3Prefixes")
	require.NotNil(t, under)
	assert.Equal(t, digests, under["Resource"])
	for i, d := range digests {
		st := statement(doc, fmt.Sprintf("DenySSES3FromOthers%d", i+1))
		require.NotNil(t, st)
		assert.Equal(t, d, st["Resource"])
		assert.Equal(t, map[string]any{
			"StringEquals":    map[string]any{"s3:x-amz-server-side-encryption": "AES256"},
			"StringNotEquals": map[string]any{"aws:PrincipalServiceName": "cloudtrail.amazonaws.com"},
		}, st["Condition"])
	}
	assert.LessOrEqual(t, len(s.resources("aws_s3_bucket_policy")["central-logs-policy"]["policy"].(string)), orgbaseline.MaxBucketPolicySize)

	key := policyDoc(t, s.resources("aws_kms_key")["central-logs-key"]["policy"])
	enc := statement(key, "CloudTrailEncrypts")
	require.NotNil(t, enc)
	assert.Equal(t, trailARN, enc["Condition"].(map[string]any)["StringEquals"].(map[string]any)["aws:SourceArn"])
	dec := statement(key, "CloudTrailDecryptsForBucketKey")
	require.NotNil(t, dec, "the bucket uses an S3 Bucket Key: CloudTrail needs kms:Decrypt to create the trail")
	assert.Equal(t, "kms:Decrypt", dec["Action"])
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{"aws:SourceArn": trailARN}}, dec["Condition"])
	cfg := statement(key, "ConfigEncrypts")
	require.NotNil(t, cfg)
	assert.ElementsMatch(t, accounts, cfg["Condition"].(map[string]any)["StringEquals"].(map[string]any)["aws:SourceAccount"])
	assert.Equal(t, "acme/logs", strings.TrimPrefix(s.resources("aws_kms_alias")["central-logs-key-alias"]["name"].(string), "alias/"))
	deny := statement(doc, "DenyLogDeletion")
	require.NotNil(t, deny, "nobody deletes logs by hand")
	assert.Equal(t, []any{"s3:DeleteObject", "s3:DeleteObjectVersion"}, deny["Action"])
	assert.Empty(t, s.resources("aws_s3_bucket_object_lock_configuration"), "AWS Config cannot deliver to an object-locked bucket")
}

// TestEveryAccountHasTheBaseline checks point 9 of the landing zone: every
// account, through exactly one of its stacks, has the hygiene resources,
// the regional ones in every allowed region (the guardrails allow them
// all) and the account-wide ones once.
func TestEveryAccountHasTheBaseline(t *testing.T) {
	_, parsed := exampleOrg(t)
	o := org.Example()
	perAccount := map[string]int{}
	for _, name := range sortedStacks(parsed) {
		s := parsed[name]
		analyzers := s.resources("aws_accessanalyzer_analyzer")
		if name == stacks.OrganizationStack || name == stacks.NetworkAttachmentsStack || name == stacks.SecurityRulesStack || strings.HasPrefix(name, stacks.SpokeRoutesStackName("")) {
			assert.Empty(t, analyzers, "an account's second stack does not repeat its baseline")
			continue
		}
		t.Run(name, func(t *testing.T) {
			def := s["provider"].(map[string]any)["aws"].([]any)[0].(map[string]any)
			account := def["allowed_account_ids"].([]any)[0].(string)
			stackRegion := def["region"].(string)
			perAccount[account]++
			// Every regional piece once per allowed region, through the
			// provider of that region.
			for _, typ := range []string{"aws_ebs_encryption_by_default", "aws_ebs_default_kms_key", "aws_config_configuration_recorder", "aws_config_delivery_channel", "aws_config_configuration_recorder_status"} {
				assert.ElementsMatch(t, o.AllowedRegions, regionsOf(s, stackRegion, s.resources(typ)), typ)
			}
			accountAnalyzers := map[string]map[string]any{}
			for n, a := range analyzers {
				if a["type"] == "ACCOUNT" {
					accountAnalyzers[n] = a
				}
			}
			assert.ElementsMatch(t, o.AllowedRegions, regionsOf(s, stackRegion, accountAnalyzers), "account analyzers")
			pp := s.resources("aws_iam_account_password_policy")
			require.Len(t, pp, 1, "account-wide: once")
			for _, p := range pp {
				assert.GreaterOrEqual(t, p["minimum_password_length"], float64(14))
				assert.EqualValues(t, 24, p["password_reuse_prevention"])
				assert.EqualValues(t, 90, p["max_password_age"])
			}
			for _, e := range s.resources("aws_ebs_encryption_by_default") {
				assert.Equal(t, true, e["enabled"])
			}
			for _, b := range s.resources("aws_s3_account_public_access_block") {
				for _, f := range []string{"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"} {
					assert.Equal(t, true, b[f], f)
				}
			}
			assert.Len(t, s.resources("aws_s3_account_public_access_block"), 1, "account-wide: once")
			global := 0
			for _, r := range s.resources("aws_config_configuration_recorder") {
				group := first(t, r, "recording_group")
				assert.Equal(t, true, group["all_supported"])
				if group["include_global_resource_types"] == true {
					global++
					assert.Equal(t, o.HomeRegion, regionOf(r, stackRegion), "global resource types are recorded in the home region")
				}
			}
			assert.Equal(t, 1, global, "global resource types are recorded once")
			for _, d := range s.resources("aws_config_delivery_channel") {
				assert.Equal(t, stacks.LogBucketName(org.Example()), d["s3_bucket_name"])
			}
			slrs := s.resources("aws_iam_service_linked_role")
			assert.LessOrEqual(t, len(slrs), 4, "service-linked roles are account-wide: made once")
			for n, r := range slrs {
				assert.NotContains(t, r, "provider", "%s: made with the stack's own region's baseline", n)
			}
		})
	}
	assert.Len(t, perAccount, 8, "every account has the baseline")
	for acct, n := range perAccount {
		assert.Equal(t, 1, n, "account %s has the baseline once", acct)
	}
}

// regionOf is the region a resource deploys to: its provider alias (the
// regional providers are aliased by region, the management account's
// providers by management-<region>), else the stack's region.
func regionOf(r map[string]any, stackRegion string) string {
	if p, ok := r["provider"].(string); ok {
		return strings.TrimPrefix(strings.TrimPrefix(p, "aws."), "management-")
	}
	return stackRegion
}

// regionsOf lists the regions of resources, one entry per resource.
func regionsOf(s synthesized, stackRegion string, rs map[string]map[string]any) []string {
	var out []string
	for _, r := range rs {
		out = append(out, regionOf(r, stackRegion))
	}
	return out
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
	assert.Contains(t, app, "app-server-profile", "the application servers' instance profile")
}

func TestSecurityServices(t *testing.T) {
	_, parsed := exampleOrg(t)
	o := org.Example()
	s := parsed["security"]
	features := map[string]int{}
	for _, f := range s.resources("aws_guardduty_organization_configuration_feature") {
		assert.Equal(t, "ALL", f["auto_enable"])
		features[f["name"].(string)]++
	}
	for _, f := range []string{"S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION"} {
		assert.Equal(t, len(o.AllowedRegions), features[f], "%s in every allowed region", f)
	}
	// GuardDuty, its organization configuration, the security account's
	// Security Hub, the findings export and the organization analyzer in
	// every allowed region.
	for _, typ := range []string{"aws_guardduty_detector", "aws_guardduty_organization_configuration", "aws_guardduty_organization_admin_account", "aws_guardduty_publishing_destination", "aws_securityhub_account"} {
		assert.ElementsMatch(t, o.AllowedRegions, regionsOf(s, o.HomeRegion, s.resources(typ)), typ)
	}
	orgAnalyzers := map[string]map[string]any{}
	for n, a := range s.resources("aws_accessanalyzer_analyzer") {
		if a["type"] == "ORGANIZATION" {
			orgAnalyzers[n] = a
		}
	}
	assert.ElementsMatch(t, o.AllowedRegions, regionsOf(s, o.HomeRegion, orgAnalyzers), "organization analyzers")
	for _, c := range s.resources("aws_guardduty_organization_configuration") {
		assert.Equal(t, "ALL", c["auto_enable_organization_members"], "existing accounts too")
	}
	for _, dest := range s.resources("aws_guardduty_publishing_destination") {
		assert.Equal(t, "${aws_kms_key.security-findings-key.arn}", dest["kms_key_arn"], "one bucket and key for every region")
	}
	key := policyDoc(t, s.resources("aws_kms_key")["security-findings-key"]["policy"])
	assert.Equal(t, []any{"arn:aws:guardduty:us-east-1:333333333333:detector/*", "arn:aws:guardduty:us-west-2:333333333333:detector/*"},
		statement(key, "GuardDutyEncrypts")["Condition"].(map[string]any)["ArnLike"].(map[string]any)["aws:SourceArn"])

	// Security Hub: central configuration from the home region.
	assert.Empty(t, s.resources("aws_securityhub_standards_subscription"), "the configuration policy enables the standards")
	agg := s.resources("aws_securityhub_finding_aggregator")
	require.Len(t, agg, 1)
	assert.Equal(t, []any{"us-west-2"}, agg["security-securityhub-aggregator"]["specified_regions"])
	assert.NotContains(t, agg["security-securityhub-aggregator"], "provider", "aggregated in the home region")
	orgCfg := s.resources("aws_securityhub_organization_configuration")["security-securityhub-org"]
	assert.Equal(t, "CENTRAL", first(t, orgCfg, "organization_configuration")["configuration_type"])
	assert.Equal(t, false, orgCfg["auto_enable"])
	assert.Equal(t, "NONE", orgCfg["auto_enable_standards"])
	assert.ElementsMatch(t, []any{"aws_securityhub_organization_admin_account.security-securityhub-admin", "aws_securityhub_finding_aggregator.security-securityhub-aggregator"}, orgCfg["depends_on"])
	policy := first(t, s.resources("aws_securityhub_configuration_policy")["security-securityhub-policy"], "configuration_policy")
	assert.Equal(t, true, policy["service_enabled"])
	assert.ElementsMatch(t, []any{
		"arn:aws:securityhub:us-east-1::standards/aws-foundational-security-best-practices/v/1.0.0",
		"arn:aws:securityhub:us-east-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
	}, policy["enabled_standard_arns"])
	assert.Equal(t, []any{}, first(t, policy, "security_controls_configuration")["disabled_control_identifiers"], "every control")
	assoc := s.resources("aws_securityhub_configuration_policy_association")["security-securityhub-policy-root"]
	assert.Equal(t, "${aws_securityhub_configuration_policy.security-securityhub-policy.id}", assoc["policy_id"])
	assert.Equal(t, "${data.aws_organizations_organization.security-organization.roots[0].id}", assoc["target_id"], "associated with the root: every account")
	data := s["data"].(map[string]any)["aws_organizations_organization"].(map[string]any)["security-organization"].(map[string]any)
	assert.Equal(t, "aws.management-us-east-1", data["provider"], "the root is read by the management account")

	assert.Equal(t, "ORGANIZATION", s.resources("aws_accessanalyzer_analyzer")["security-access-analyzer"]["type"])
	cfgAgg := s.resources("aws_config_configuration_aggregator")["security-config-aggregator"]
	assert.Equal(t, true, first(t, cfgAgg, "organization_aggregation_source")["all_regions"])
	assert.Empty(t, s.resources("aws_config_organization_managed_rule"), "organization rules live in the security-rules stack")
}

// TestSecurityServicesOrder pins, in every region, the order
// NewSecurityServices documents: the security account's detector and Security Hub, then the
// designation by the management account, then the organization
// configuration. Designating first would enable the services in the
// security account and make their creation fail.
func TestSecurityServicesOrder(t *testing.T) {
	_, parsed := exampleOrg(t)
	o := org.Example()
	s := parsed["security"]
	detectors := s.resources("aws_guardduty_detector")
	byRegion := func(rs map[string]map[string]any) map[string]string {
		out := map[string]string{}
		for n, r := range rs {
			out[regionOf(r, o.HomeRegion)] = n
		}
		return out
	}
	detectorIn := byRegion(detectors)
	adminIn := byRegion(s.resources("aws_guardduty_organization_admin_account"))
	for _, region := range o.AllowedRegions {
		admin := s.resources("aws_guardduty_organization_admin_account")[adminIn[region]]
		require.NotNil(t, admin, region)
		assert.Equal(t, "aws.management-"+region, admin["provider"], "designated by the management account in %s", region)
		assert.Equal(t, "333333333333", admin["admin_account_id"])
		assert.Equal(t, []any{"aws_guardduty_detector." + detectorIn[region]}, admin["depends_on"], "after the security account's detector in %s", region)
		cfg := s.resources("aws_guardduty_organization_configuration")[byRegion(s.resources("aws_guardduty_organization_configuration"))[region]]
		assert.Equal(t, []any{"aws_guardduty_organization_admin_account." + adminIn[region]}, cfg["depends_on"], "after the designation in %s", region)
		assert.Equal(t, "${aws_guardduty_detector."+detectorIn[region]+".id}", cfg["detector_id"])
	}
	hubAdmins := s.resources("aws_securityhub_organization_admin_account")
	require.Len(t, hubAdmins, 1, "Security Hub designates in the home region; central configuration sets it in the linked regions")
	hubAdmin := hubAdmins["security-securityhub-admin"]
	assert.Equal(t, "aws.management-us-east-1", hubAdmin["provider"])
	assert.Equal(t, []any{"aws_securityhub_account.security-securityhub"}, hubAdmin["depends_on"])
}

// TestConfigRulesComeLast checks that the organization's Config rules are
// in the security-rules stack, in every allowed region, built after every
// account stack (so deployed after every recorder).
func TestConfigRulesComeLast(t *testing.T) {
	_, parsed := exampleOrg(t)
	o := org.Example()
	s := parsed[stacks.SecurityRulesStack]
	account := s["provider"].(map[string]any)["aws"].([]any)[0].(map[string]any)["allowed_account_ids"].([]any)[0]
	assert.Equal(t, "333333333333", account, "made by the Config delegated administrator")
	perRegion := map[string]map[string]bool{}
	for _, r := range s.resources("aws_config_organization_managed_rule") {
		region := regionOf(r, o.HomeRegion)
		if perRegion[region] == nil {
			perRegion[region] = map[string]bool{}
		}
		perRegion[region][r["rule_identifier"].(string)] = true
	}
	require.Len(t, perRegion, len(o.AllowedRegions))
	for region, rules := range perRegion {
		assert.Len(t, rules, len(orgbaseline.DefaultConfigRules), region)
		assert.True(t, rules["ENCRYPTED_VOLUMES"] && rules["S3_BUCKET_PUBLIC_READ_PROHIBITED"], "the guide's rules in %s", region)
	}
	built := example.manifest.stacks
	require.NotEmpty(t, built)
	assert.Equal(t, stacks.SecurityRulesStack, built[len(built)-1].Name, "built after every account stack")
}

func TestExtraConfigRulesFromTheModel(t *testing.T) {
	parsed := variantOrg(t)
	rules := map[string]int{}
	for _, r := range parsed[stacks.SecurityRulesStack].resources("aws_config_organization_managed_rule") {
		if _, regional := r["provider"]; !regional {
			rules[r["rule_identifier"].(string)]++
		}
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
	_, err := stacks.Build(testApp(t), o, stacks.Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `environments[dev].region "eu-west-1": not in allowed_regions ["us-east-1" "us-west-2"]`)
}

func TestBootstrapBuildsOnlyTheOrganizationStack(t *testing.T) {
	o := org.Example()
	o.ID = ""
	o.Accounts[1].ID = ""
	res, err := stacks.Build(testApp(t), o, stacks.Options{})
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

// TestOneAllowedRegionIsRefused pins the limit of provider 5.88: Security
// Hub's central configuration needs a finding aggregator with a linked
// region (NO_REGIONS came with provider 5.98), so an organization with one
// allowed region gets an error naming the field instead of a plan that
// fails.
func TestOneAllowedRegionIsRefused(t *testing.T) {
	o := org.Example()
	o.AllowedRegions = []string{"us-east-1"}
	for i := range o.Environments {
		// One region leaves no DR region, which production needs.
		e := &o.Environments[i]
		e.Region, e.DRRegion, e.Production, e.Backup.Lock = "us-east-1", "", false, nil
	}
	_, err := stacks.Build(testApp(t), o, stacks.Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `stack security: orgbaseline security: Regions ["us-east-1"]: Security Hub central configuration needs at least one linked region besides us-east-1`)
}

// TestConfigRulesSkipAccountsWithoutRecorders: a rule deployed to an account
// without a recorder fails the apply, so such accounts are excluded.
func TestConfigRulesSkipAccountsWithoutRecorders(t *testing.T) {
	_, parsed := exampleOrg(t)
	for name, r := range parsed[stacks.SecurityRulesStack].resources("aws_config_organization_managed_rule") {
		assert.NotContains(t, r, "excluded_accounts", "%s: every account of the example has its baseline", name)
	}
	st := newTestStack(t, "333333333333", "us-east-1")
	require.NoError(t, orgbaseline.NewConfigRules(st, "rules", orgbaseline.ConfigRulesProps{
		Rules: []string{"ENCRYPTED_VOLUMES"}, ExcludedAccountIDs: []string{"999999999999"},
	}))
	r := synthStack(t, st).resources("aws_config_organization_managed_rule")["rules-encrypted-volumes"]
	assert.Equal(t, []any{"999999999999"}, r["excluded_accounts"])
	err := orgbaseline.NewConfigRules(newTestStack(t, "333333333333", "us-east-1"), "rules", orgbaseline.ConfigRulesProps{ExcludedAccountIDs: []string{"12345"}})
	assert.ErrorContains(t, err, `ExcludedAccountIDs "12345": not a 12-digit account id`)
}
