package test

import (
	"testing"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/accountbaseline"
	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/kmskey"
)

const baselineBucket = "acme-logs-222222222222-eu-west-1"

// baselineTypes are the resource types the baseline makes.
var baselineTypes = []string{
	"aws_accessanalyzer_analyzer", "aws_iam_account_password_policy", "aws_s3_account_public_access_block",
	"aws_ebs_encryption_by_default", "aws_ebs_default_kms_key", "aws_kms_key", "aws_kms_alias", "aws_iam_service_linked_role",
	"aws_config_configuration_recorder", "aws_config_delivery_channel", "aws_config_configuration_recorder_status",
}

func TestAccountBaselineDefaults(t *testing.T) {
	st := newTestStack(t, testAccount, testRegion)
	b, err := accountbaseline.New(st, "baseline", accountbaseline.Props{DeliveryBucketName: baselineBucket})
	require.NoError(t, err)
	assert.Equal(t, "default", b.RecorderName)
	assert.Equal(t, "arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig", b.ConfigRoleARN)
	require.NotNil(t, b.AnalyzerARN)
	require.NotNil(t, b.EBSKey)
	assert.Equal(t, "alias/ebs/default", b.EBSKey.AliasName)
	s := synthStack(t, st)

	analyzer := s.resources("aws_accessanalyzer_analyzer")["baseline-access-analyzer"]
	assert.Equal(t, "account-analyzer", analyzer["analyzer_name"])
	assert.Equal(t, "ACCOUNT", analyzer["type"])

	pw := s.resources("aws_iam_account_password_policy")["baseline-password-policy"]
	assert.EqualValues(t, 14, pw["minimum_password_length"])
	assert.EqualValues(t, 24, pw["password_reuse_prevention"])
	assert.EqualValues(t, 90, pw["max_password_age"])
	for _, flag := range []string{"require_uppercase_characters", "require_lowercase_characters", "require_numbers", "require_symbols", "allow_users_to_change_password"} {
		assert.Equal(t, true, pw[flag], flag)
	}
	assert.Equal(t, false, pw["hard_expiry"])

	pab := s.resources("aws_s3_account_public_access_block")["baseline-s3-public-access"]
	assert.Equal(t, testAccount, pab["account_id"])
	for _, flag := range []string{"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"} {
		assert.Equal(t, true, pab[flag], flag)
	}

	slrs := s.resources("aws_iam_service_linked_role")
	require.Len(t, slrs, 4)
	assert.Equal(t, "spot.amazonaws.com", slrs["baseline-spot-role"]["aws_service_name"])
	assert.Equal(t, "ec2fleet.amazonaws.com", slrs["baseline-ec2fleet-role"]["aws_service_name"])
	assert.Equal(t, "autoscaling.amazonaws.com", slrs["baseline-autoscaling-role"]["aws_service_name"])
	assert.Equal(t, "config.amazonaws.com", slrs["baseline-config-role"]["aws_service_name"])

	keys := s.resources("aws_kms_key")
	require.Len(t, keys, 1)
	key := keys["baseline-ebs-key"]
	assert.Equal(t, true, key["enable_key_rotation"])
	policy := policyDoc(t, key["policy"])
	// Finding 20 of issue 15: Spot and EC2 Fleet launch with their own
	// service-linked roles, which only the key policy can admit.
	launchers := map[string]any{"AWS": []any{
		"${aws_iam_service_linked_role.baseline-autoscaling-role.arn}",
		"${aws_iam_service_linked_role.baseline-spot-role.arn}",
		"${aws_iam_service_linked_role.baseline-ec2fleet-role.arn}",
	}}
	use := statement(policy, "InstanceLaunchersUse")
	require.NotNil(t, use, "the Auto Scaling, Spot and Fleet service-linked roles may use the key")
	assert.Equal(t, launchers, use["Principal"])
	assert.ElementsMatch(t, []any{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"}, use["Action"])
	grant := statement(policy, "InstanceLaunchersCreateGrants")
	require.NotNil(t, grant)
	assert.Equal(t, launchers, grant["Principal"])
	assert.Equal(t, "kms:CreateGrant", grant["Action"])
	assert.Equal(t, map[string]any{"Bool": map[string]any{"kms:GrantIsForAWSResource": "true"}}, grant["Condition"])
	assert.Equal(t, "alias/ebs/default", s.resources("aws_kms_alias")["baseline-ebs-key-alias"]["name"])

	assert.Equal(t, "${aws_kms_key.baseline-ebs-key.arn}", s.resources("aws_ebs_default_kms_key")["baseline-ebs-default-key"]["key_arn"])
	enc := s.resources("aws_ebs_encryption_by_default")["baseline-ebs-encryption"]
	assert.Equal(t, true, enc["enabled"])
	assert.Equal(t, []any{"aws_ebs_default_kms_key.baseline-ebs-default-key"}, enc["depends_on"], "the key is set before encryption is on")

	rec := s.resources("aws_config_configuration_recorder")["baseline-config-recorder"]
	assert.Equal(t, "default", rec["name"])
	assert.Equal(t, "${aws_iam_service_linked_role.baseline-config-role.arn}", rec["role_arn"])
	group := first(t, rec, "recording_group")
	assert.Equal(t, true, group["all_supported"])
	assert.Equal(t, false, group["include_global_resource_types"])

	ch := s.resources("aws_config_delivery_channel")["baseline-config-delivery"]
	assert.Equal(t, "default", ch["name"])
	assert.Equal(t, baselineBucket, ch["s3_bucket_name"])
	assert.NotContains(t, ch, "s3_kms_key_arn")
	assert.NotContains(t, ch, "s3_key_prefix")
	assert.Equal(t, "TwentyFour_Hours", first(t, ch, "snapshot_delivery_properties")["delivery_frequency"])
	assert.Equal(t, []any{"aws_config_configuration_recorder.baseline-config-recorder"}, ch["depends_on"])

	status := s.resources("aws_config_configuration_recorder_status")["baseline-config-recorder-status"]
	assert.Equal(t, true, status["is_enabled"])
	assert.Equal(t, "${aws_config_configuration_recorder.baseline-config-recorder.name}", status["name"])
	assert.Equal(t, []any{"aws_config_delivery_channel.baseline-config-delivery"}, status["depends_on"])
}

func TestAccountBaselineOptions(t *testing.T) {
	st := newTestStack(t, testAccount, testRegion)
	key, err := kmskey.New(st, "shared-key", kmskey.Props{Alias: "acme/ebs"})
	require.NoError(t, err)
	other := "arn:aws:iam::123456789012:role/aws-service-role/ec2scheduled.amazonaws.com/AWSServiceRoleForEC2Scheduled"
	deliveryKey := "arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	b, err := accountbaseline.New(st, "baseline", accountbaseline.Props{
		AnalyzerName:          "acme-account",
		PasswordPolicy:        accountbaseline.PasswordPolicy{MinimumLength: 20, MaxAgeDays: 60},
		EBSKey:                key,
		EBSKeyUserARNs:        []string{other},
		AutoScalingRoleExists: true,
		SkipSpotAndFleetRoles: true,
		ConfigRoleExists:      true,
		RecorderName:          "acme",
		RecordGlobalResources: true,
		DeliveryBucketName:    baselineBucket,
		DeliveryKeyPrefix:     "config",
		DeliveryKeyARN:        deliveryKey,
		SnapshotFrequency:     accountbaseline.SixHours,
		Tags:                  map[string]string{"Purpose": "baseline"},
	})
	require.NoError(t, err)
	assert.Same(t, key, b.EBSKey)
	assert.Equal(t, "acme", b.RecorderName)
	s := synthStack(t, st)

	assert.Empty(t, s.resources("aws_iam_service_linked_role"), "existing service-linked roles are not made again")
	assert.Equal(t, "acme-account", s.resources("aws_accessanalyzer_analyzer")["baseline-access-analyzer"]["analyzer_name"])
	assert.Equal(t, map[string]any{"Purpose": "baseline"}, s.resources("aws_accessanalyzer_analyzer")["baseline-access-analyzer"]["tags"])
	pw := s.resources("aws_iam_account_password_policy")["baseline-password-policy"]
	assert.EqualValues(t, 20, pw["minimum_password_length"])
	assert.EqualValues(t, 60, pw["max_password_age"])

	keys := s.resources("aws_kms_key")
	require.Len(t, keys, 1, "a given key is used, not a new one")
	use := statement(policyDoc(t, keys["shared-key"]["policy"]), "InstanceLaunchersUse")
	require.NotNil(t, use, "a given key is opened to the launchers")
	asg := "arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"
	assert.Equal(t, map[string]any{"AWS": []any{asg, other}}, use["Principal"], "SkipSpotAndFleetRoles leaves Spot and Fleet out")
	assert.Equal(t, "${aws_kms_key.shared-key.arn}", s.resources("aws_ebs_default_kms_key")["baseline-ebs-default-key"]["key_arn"])

	rec := s.resources("aws_config_configuration_recorder")["baseline-config-recorder"]
	assert.Equal(t, "arn:aws:iam::123456789012:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig", rec["role_arn"])
	assert.Equal(t, true, first(t, rec, "recording_group")["include_global_resource_types"])
	ch := s.resources("aws_config_delivery_channel")["baseline-config-delivery"]
	assert.Equal(t, "acme", ch["name"])
	assert.Equal(t, deliveryKey, ch["s3_kms_key_arn"])
	assert.Equal(t, "config", ch["s3_key_prefix"])
	assert.Equal(t, "Six_Hours", first(t, ch, "snapshot_delivery_properties")["delivery_frequency"])
}

func TestAccountBaselineOptOuts(t *testing.T) {
	t.Run("everything", func(t *testing.T) {
		st := newTestStack(t, testAccount, testRegion)
		b, err := accountbaseline.New(st, "baseline", accountbaseline.Props{
			SkipAccessAnalyzer: true, SkipPasswordPolicy: true, SkipEBSEncryption: true,
			SkipS3PublicAccessBlock: true, SkipConfigRecorder: true,
		})
		require.NoError(t, err)
		assert.Nil(t, b.AnalyzerARN)
		assert.Nil(t, b.EBSKey)
		assert.Empty(t, b.RecorderName)
		assert.Empty(t, b.ConfigRoleARN)
		s := synthStack(t, st)
		for _, typ := range baselineTypes {
			assert.Empty(t, s.resources(typ), typ)
		}
	})
	t.Run("secondary region", func(t *testing.T) {
		// What an account's other regions keep: the regional pieces.
		st := newTestStack(t, testAccount, "eu-central-1")
		_, err := accountbaseline.New(st, "baseline", accountbaseline.Props{
			SkipPasswordPolicy: true, SkipS3PublicAccessBlock: true,
			AutoScalingRoleExists: true, ConfigRoleExists: true, SpotRoleExists: true, FleetRoleExists: true,
			DeliveryBucketName: baselineBucket,
		})
		require.NoError(t, err)
		s := synthStack(t, st)
		assert.Empty(t, s.resources("aws_iam_account_password_policy"))
		assert.Empty(t, s.resources("aws_s3_account_public_access_block"))
		assert.Empty(t, s.resources("aws_iam_service_linked_role"))
		assert.Len(t, s.resources("aws_accessanalyzer_analyzer"), 1)
		assert.Len(t, s.resources("aws_ebs_encryption_by_default"), 1)
		assert.Len(t, s.resources("aws_config_configuration_recorder"), 1)
		assert.Equal(t, false, first(t, s.resources("aws_config_configuration_recorder")["baseline-config-recorder"], "recording_group")["include_global_resource_types"])
	})
	t.Run("control tower records", func(t *testing.T) {
		st := newTestStack(t, testAccount, testRegion)
		b, err := accountbaseline.New(st, "baseline", accountbaseline.Props{SkipConfigRecorder: true})
		require.NoError(t, err)
		assert.Empty(t, b.RecorderName)
		s := synthStack(t, st)
		for _, typ := range []string{"aws_config_configuration_recorder", "aws_config_delivery_channel", "aws_config_configuration_recorder_status"} {
			assert.Empty(t, s.resources(typ), typ)
		}
		slrs := s.resources("aws_iam_service_linked_role")
		assert.Len(t, slrs, 3, "the launchers' roles")
		assert.NotContains(t, slrs, "baseline-config-role")
		assert.Len(t, s.resources("aws_accessanalyzer_analyzer"), 1)
	})
}

func TestAccountBaselineRejects(t *testing.T) {
	tests := []struct {
		name  string
		props accountbaseline.Props
		want  string
	}{
		{"no bucket", accountbaseline.Props{}, "accountbaseline baseline: DeliveryBucketName is required"},
		{"weak password", accountbaseline.Props{DeliveryBucketName: baselineBucket, PasswordPolicy: accountbaseline.PasswordPolicy{MinimumLength: 8}}, "accountbaseline baseline: PasswordPolicy.MinimumLength 8: must be 14-128 characters"},
		{"old password", accountbaseline.Props{DeliveryBucketName: baselineBucket, PasswordPolicy: accountbaseline.PasswordPolicy{MaxAgeDays: 180}}, "PasswordPolicy.MaxAgeDays 180: must be 1-90 days"},
		{"frequency", accountbaseline.Props{DeliveryBucketName: baselineBucket, SnapshotFrequency: "Daily"}, `SnapshotFrequency "Daily"`},
		{"delivery key", accountbaseline.Props{DeliveryBucketName: baselineBucket, DeliveryKeyARN: "my-key"}, `DeliveryKeyARN "my-key"`},
		{"key user", accountbaseline.Props{DeliveryBucketName: baselineBucket, EBSKeyUserARNs: []string{"*"}}, `EBSKeyUserARNs[0] "*"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newTestStack(t, testAccount, testRegion)
			_, err := accountbaseline.New(st, "baseline", tt.props)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			s := synthStack(t, st)
			for _, typ := range baselineTypes {
				assert.Empty(t, s.resources(typ), "no %s made before validation fails", typ)
			}
		})
	}
}

// TestAccountBaselineRejectsKeyClash proves that a given key whose policy
// cannot take the launcher statements fails before anything is made.
func TestAccountBaselineRejectsKeyClash(t *testing.T) {
	st := newTestStack(t, testAccount, testRegion)
	key, err := kmskey.New(st, "shared-key", kmskey.Props{Alias: "acme/ebs", Statements: []iampolicy.Statement{{
		Sid: "InstanceLaunchersUse", Effect: iampolicy.Allow,
		Principals: []iampolicy.Principal{iampolicy.AWSPrincipals("arn:aws:iam::123456789012:role/x")},
		Actions:    []string{"kms:Decrypt"}, Resources: []string{"*"},
	}}})
	require.NoError(t, err)
	_, err = accountbaseline.New(st, "baseline", accountbaseline.Props{DeliveryBucketName: baselineBucket, EBSKey: key})
	require.ErrorContains(t, err, `accountbaseline baseline: EBSKey alias/acme/ebs: statement "InstanceLaunchersUse": duplicate Sid`)
	s := synthStack(t, st)
	for _, typ := range baselineTypes {
		if typ != "aws_kms_key" && typ != "aws_kms_alias" {
			assert.Empty(t, s.resources(typ), "no %s made before validation fails", typ)
		}
	}
	assert.Nil(t, statement(policyDoc(t, s.resources("aws_kms_key")["shared-key"]["policy"]), "InstanceLaunchersCreateGrants"), "the key is left as it was")
}

// TestAccountBaselineOtherRegion checks the baseline of an account's second
// region: the regional pieces again, the account-wide ones left to the
// first region's baseline, whose service-linked roles it refers to so that
// Terraform creates them first.
func TestAccountBaselineOtherRegion(t *testing.T) {
	st := newTestStack(t, testAccount, testRegion)
	home, err := accountbaseline.New(st, "baseline", accountbaseline.Props{DeliveryBucketName: baselineBucket, RecordGlobalResources: true})
	require.NoError(t, err)
	other := constructs.NewConstruct(st, jsii.String("eu-central-1"))
	env, err := awsenv.New(testAccount, "eu-central-1")
	require.NoError(t, err)
	awsenv.Set(other, env)
	_, err = accountbaseline.New(other, "baseline", accountbaseline.Props{DeliveryBucketName: baselineBucket, Home: home})
	require.NoError(t, err)
	s := synthStack(t, st)

	assert.Len(t, s.resources("aws_iam_account_password_policy"), 1, "account-wide: once")
	assert.Len(t, s.resources("aws_s3_account_public_access_block"), 1, "account-wide: once")
	assert.Len(t, s.resources("aws_iam_service_linked_role"), 4, "account-wide: once")
	for _, typ := range []string{"aws_accessanalyzer_analyzer", "aws_ebs_encryption_by_default", "aws_ebs_default_kms_key", "aws_kms_key", "aws_config_configuration_recorder", "aws_config_delivery_channel", "aws_config_configuration_recorder_status"} {
		assert.Len(t, s.resources(typ), 2, typ)
	}
	for name, key := range s.resources("aws_kms_key") {
		use := statement(policyDoc(t, key["policy"]), "InstanceLaunchersUse")
		assert.Equal(t, map[string]any{"AWS": []any{
			"${aws_iam_service_linked_role.baseline-autoscaling-role.arn}",
			"${aws_iam_service_linked_role.baseline-spot-role.arn}",
			"${aws_iam_service_linked_role.baseline-ec2fleet-role.arn}",
		}}, use["Principal"], name)
	}
	for name, rec := range s.resources("aws_config_configuration_recorder") {
		assert.Equal(t, "${aws_iam_service_linked_role.baseline-config-role.arn}", rec["role_arn"], name)
		assert.Equal(t, name == "baseline-config-recorder", first(t, rec, "recording_group")["include_global_resource_types"], name)
	}
}
