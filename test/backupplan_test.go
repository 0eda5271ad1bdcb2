package test

import (
	"strings"
	"testing"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/backupplan"
)

func backupProps() backupplan.Props {
	return backupplan.Props{
		Name:               "acme-dev",
		SelectionTag:       backupplan.Tag{Key: "Backup", Value: "daily"},
		AdminPrincipalARNs: []string{"arn:aws:iam::123456789012:role/acme-deployer"},
	}
}

// TestBackupPlanDefaults: a CMK vault with its deny policy, daily and
// monthly rules over the tag, the role with both managed policies, no
// lock and no copy.
func TestBackupPlanDefaults(t *testing.T) {
	st := newTestStack(t, "123456789012", "eu-west-1")
	plan, err := backupplan.New(st, "backup", backupProps())
	require.NoError(t, err)
	assert.Nil(t, plan.DRVaultARN)
	s := synthConstruct(t, st, "backupplan", "default")

	v := only(t, s, "aws_backup_vault")
	assert.Equal(t, "acme-dev", v["name"])
	assert.Equal(t, "${aws_kms_key.backup-vault-key.arn}", v["kms_key_arn"])
	assert.NotContains(t, v, "force_destroy")
	assert.Empty(t, s.resources("aws_backup_vault_lock_configuration"))
	pol := policyOf(t, only(t, s, "aws_backup_vault_policy")["policy"])
	del := mustStatement(t, pol, "DenyRecoveryPointDeletion")
	assert.Equal(t, "Deny", del["Effect"])
	assert.ElementsMatch(t, []any{"backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"}, del["Action"])
	assert.Equal(t, "*", del["Resource"], "recovery points have their own ARNs: the vault's would match none")
	others := mustStatement(t, pol, "DenyVaultChangesByOthers")
	assert.Equal(t, map[string]any{"ArnNotLike": map[string]any{"aws:PrincipalArn": "arn:aws:iam::123456789012:role/acme-deployer"}}, others["Condition"])

	bp := only(t, s, "aws_backup_plan")
	rules := bp["rule"].([]any)
	require.Len(t, rules, 2)
	daily, monthly := rules[0].(map[string]any), rules[1].(map[string]any)
	assert.Equal(t, backupplan.DailySchedule, daily["schedule"])
	assert.Equal(t, map[string]any{"delete_after": 35.0}, daily["lifecycle"])
	assert.Equal(t, backupplan.MonthlySchedule, monthly["schedule"])
	assert.Equal(t, map[string]any{"delete_after": 365.0}, monthly["lifecycle"])
	for _, r := range rules {
		assert.NotContains(t, r, "copy_action")
		assert.Equal(t, "${aws_backup_vault.backup-vault.name}", r.(map[string]any)["target_vault_name"])
	}

	sel := only(t, s, "aws_backup_selection")
	assert.NotContains(t, sel, "selection_tag")
	assert.Equal(t, []any{"arn:aws:rds:*:*:cluster:*", "arn:aws:dynamodb:*:*:table/*", "arn:aws:elasticfilesystem:*:*:file-system/*", "arn:aws:ec2:*:*:volume/*"}, sel["resources"])
	assert.Equal(t, []any{map[string]any{"string_equals": []any{map[string]any{"key": "aws:ResourceTag/Backup", "value": "daily"}}}}, sel["condition"])
	assert.NotEmpty(t, sel["depends_on"])
	var managed []any
	for _, a := range s.resources("aws_iam_role_policy_attachment") {
		managed = append(managed, a["policy_arn"])
	}
	assert.ElementsMatch(t, []any{
		"arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup",
		"arn:aws:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores",
	}, managed)
	trust := policyOf(t, only(t, s, "aws_iam_role")["assume_role_policy"])
	assert.Equal(t, "backup.amazonaws.com", mustStatement(t, trust, "ServiceAssumes")["Principal"].(map[string]any)["Service"])
}

// TestBackupPlanProduction: vault lock in governance mode, cold storage on
// the monthly rule, and the DR vault made in a DR region scope with its own
// key, as copy destination of both rules.
func TestBackupPlanProduction(t *testing.T) {
	st := newTestStack(t, "123456789012", "eu-west-1")
	provider.NewAwsProvider(st, jsii.String("aws-eu-central-1"), &provider.AwsProviderConfig{Region: jsii.String("eu-central-1"), Alias: jsii.String("eu-central-1")})
	dr := constructs.NewConstruct(st, jsii.String("eu-central-1"))
	env, err := awsenv.New("123456789012", "eu-central-1")
	require.NoError(t, err)
	require.NoError(t, awsenv.Set(dr, env))
	p := backupProps()
	p.Name, p.Production, p.Lock, p.LockMinRetentionDays, p.LockMaxRetentionDays = "acme-prod", true, true, 7, 3650
	p.MonthlyRetentionDays, p.MonthlyColdStorageAfterDays = 730, 90
	p.DRScope = dr
	plan, err := backupplan.New(st, "backup", p)
	require.NoError(t, err)
	require.NotNil(t, plan.DRVaultARN)
	// stacks' region scope points the DR resources at the aliased provider
	// through an aspect; this test checks what the construct builds there.
	s := synthConstruct(t, st, "backupplan", "production")

	locks := s.resources("aws_backup_vault_lock_configuration")
	require.Len(t, locks, 2, "the vault and its DR copy are locked")
	for addr, lock := range locks {
		assert.Equal(t, 7.0, lock["min_retention_days"], addr)
		assert.Equal(t, 3650.0, lock["max_retention_days"], addr)
		assert.NotContains(t, lock, "changeable_for_days", "governance mode")
	}

	vaults := s.resources("aws_backup_vault")
	require.Len(t, vaults, 2)
	var drName string
	for addr, v := range vaults {
		if strings.Contains(addr, "dr-vault") {
			drName = addr
			assert.Equal(t, "acme-prod-dr", v["name"])
			assert.Contains(t, v["kms_key_arn"], "backup-dr-vault-key")
		}
	}
	require.NotEmpty(t, drName)
	assert.Len(t, s.resources("aws_backup_vault_policy"), 2)

	rules := only(t, s, "aws_backup_plan")["rule"].([]any)
	monthly := rules[1].(map[string]any)
	assert.Equal(t, map[string]any{"delete_after": 730.0, "cold_storage_after": 90.0, "opt_in_to_archive_for_supported_resources": true}, monthly["lifecycle"])
	for _, r := range rules {
		ca := r.(map[string]any)["copy_action"].([]any)
		require.Len(t, ca, 1)
		assert.Equal(t, "${aws_backup_vault."+drName+".arn}", ca[0].(map[string]any)["destination_vault_arn"])
	}
	assert.Equal(t, map[string]any{"delete_after": 730.0, "cold_storage_after": 90.0, "opt_in_to_archive_for_supported_resources": true}, monthly["copy_action"].([]any)[0].(map[string]any)["lifecycle"])
}

// TestBackupPlanRejects: bad props stop before any resource exists.
func TestBackupPlanRejects(t *testing.T) {
	st := newTestStack(t, "123456789012", "eu-west-1")
	p := backupProps()
	p.Production, p.MonthlyColdStorageAfterDays = true, 300
	_, err := backupplan.New(st, "backup", p)
	require.Error(t, err)
	assert.Len(t, strings.Split(err.Error(), "\n"), 3, err.Error())
	p = backupProps()
	p.DRVaultARN = "arn:aws:backup:eu-west-1:123456789012:backup-vault:acme-dr"
	_, err = backupplan.New(st, "backup", p)
	require.ErrorContains(t, err, "must be in another region")
	assert.Empty(t, synthStack(t, st)["resource"], "nothing built")
}
