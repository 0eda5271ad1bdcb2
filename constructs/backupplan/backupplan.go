// Package backupplan provides the disaster-recovery backups of a workload
// account: an AWS Backup vault encrypted with a customer-managed key, an
// access policy that denies deleting recovery points or shortening their
// lifecycle to everyone and changing the policy or lock to all but the
// administrators, an optional governance-mode vault lock, a plan with daily
// and monthly rules over the resources carrying a tag, and a copy of every
// recovery point to a vault in the DR region (given, or made here in a DR
// region scope).
package backupplan

import (
	"fmt"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/backupplan"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/backupselection"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/backupvault"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/backupvaultlockconfiguration"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/backupvaultpolicy"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/tags"
)

// Plan is the result of New.
type Plan struct {
	// VaultName and VaultARN are the vault's (VaultARN a token).
	VaultName string
	VaultARN  *string
	// DRVaultARN is the copy destination, "" or a token.
	DRVaultARN *string
	// PlanID is the backup plan's id (token).
	PlanID *string
	// Role is the role AWS Backup runs the selection's jobs as.
	Role *iamrole.Role
	// Key encrypts the vault.
	Key *kmskey.Key
}

// ManagedPolicies are the AWS managed policies of AWS Backup's default
// service role for backups and restores (AWS Backup Developer Guide,
// "Managed policies for AWS Backup": AWSBackupServiceRolePolicyForBackup,
// AWSBackupServiceRolePolicyForRestores).
var ManagedPolicies = []string{
	"service-role/AWSBackupServiceRolePolicyForBackup",
	"service-role/AWSBackupServiceRolePolicyForRestores",
}

// VaultPolicy is the vault's access policy in plain Go: nobody deletes a
// recovery point or changes its lifecycle (expiry by the plan's lifecycle
// is done by AWS Backup and not subject to it), and only admins change the
// vault's access policy or lock. The recovery-point statement names "*":
// DeleteRecoveryPoint and UpdateRecoveryPointLifecycle act on the recovery
// point's own ARN, not the vault's, so a statement naming the vault would
// never match (AWS Backup Developer Guide, "Vault access policies": "Deny
// access to delete recovery points", Resource "*"; API_DeleteRecoveryPoint;
// the Config rule backup-recovery-point-manual-deletion-disabled). The
// vault-level actions act on the vault's ARN.
func VaultPolicy(vaultARN string, admins []string) iampolicy.Document {
	return iampolicy.Document{Statements: []iampolicy.Statement{
		{
			Sid:        "DenyRecoveryPointDeletion",
			Effect:     iampolicy.Deny,
			Principals: []iampolicy.Principal{iampolicy.Anyone()},
			Actions:    []string{"backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"},
			Resources:  []string{"*"},
		},
		{
			Sid:        "DenyVaultChangesByOthers",
			Effect:     iampolicy.Deny,
			Principals: []iampolicy.Principal{iampolicy.Anyone()},
			Actions: []string{
				"backup:DeleteBackupVaultAccessPolicy", "backup:PutBackupVaultAccessPolicy",
				"backup:DeleteBackupVaultLockConfiguration", "backup:PutBackupVaultLockConfiguration",
			},
			Resources:  []string{vaultARN},
			Conditions: []iampolicy.Condition{iampolicy.Cond("ArnNotLike", "aws:PrincipalArn", admins...)},
		},
	}}
}

// vault makes a vault, its key and its policy in scope.
func vault(scope constructs.Construct, id, name string, given *kmskey.Key, admins []string, tg map[string]string) (backupvault.BackupVault, *kmskey.Key, error) {
	// AWS Backup encrypts with the vault key through grants it creates
	// with the caller's permissions, which the key's account statement
	// delegates to IAM (AWS Backup Developer Guide, "Encryption for backups
	// in AWS Backup").
	key, err := kmskey.Use(scope, id+"-key", given, kmskey.Props{
		Alias:       "backup/" + name,
		Description: "Encrypts backup vault " + name,
		Tags:        tg,
	})
	if err != nil {
		return nil, nil, err
	}
	v := backupvault.NewBackupVault(scope, jsii.String(id), &backupvault.BackupVaultConfig{
		Name: jsii.String(name),
		// kms_key_arn is ForceNew (provider internal/service/backup/vault.go).
		KmsKeyArn: key.ARN,
		// No force_destroy: a vault with recovery points is not deleted.
		Tags: tags.Ptrs(tg),
	})
	doc := VaultPolicy(*v.Arn(), admins)
	if err := doc.Validate(); err != nil {
		return nil, nil, fmt.Errorf("vault policy: %w", err)
	}
	backupvaultpolicy.NewBackupVaultPolicy(scope, jsii.String(id+"-policy"), &backupvaultpolicy.BackupVaultPolicyConfig{
		BackupVaultName: v.Name(),
		Policy:          jsii.String(doc.JSON()),
	})
	return v, key, nil
}

// New validates props in plain Go, then builds the vault(s) and the plan.
func New(scope constructs.Construct, id string, props Props) (*Plan, error) {
	p := props
	if err := p.Validate(id); err != nil {
		return nil, err
	}
	fail := func(err error) (*Plan, error) { return nil, fmt.Errorf("backupplan %s: %w", id, err) }
	env, err := awsenv.Of(scope)
	if err != nil {
		return fail(err)
	}
	if p.DRVaultARN != "" && strings.Split(p.DRVaultARN, ":")[3] == env.Region {
		return fail(fmt.Errorf("DRVaultARN %q: the DR vault must be in another region than %s", p.DRVaultARN, env.Region))
	}
	if p.DRScope != nil {
		drEnv, err := awsenv.Of(p.DRScope)
		if err != nil {
			return fail(fmt.Errorf("DRScope: %w", err))
		}
		if drEnv.Region == env.Region {
			return fail(fmt.Errorf("DRScope: region %s is the plan's own region", drEnv.Region))
		}
	}

	v, key, err := vault(scope, id+"-vault", p.Name, p.Key, p.AdminPrincipalARNs, p.Tags)
	if err != nil {
		return fail(err)
	}
	out := &Plan{VaultName: p.Name, VaultARN: v.Arn(), Key: key}
	lock := func(scope constructs.Construct, id string, vault backupvault.BackupVault) {
		if !p.Lock {
			return
		}
		// Governance mode: changeable_for_days unset, so the lock can be
		// removed by a principal with the permission (AWS Backup Developer
		// Guide, "AWS Backup Vault Lock"; provider: changeable_for_days
		// optional, setting it starts compliance mode's grace time).
		backupvaultlockconfiguration.NewBackupVaultLockConfiguration(scope, jsii.String(id), &backupvaultlockconfiguration.BackupVaultLockConfigurationConfig{
			BackupVaultName:  vault.Name(),
			MinRetentionDays: jsii.Number(p.LockMinRetentionDays),
			MaxRetentionDays: jsii.Number(p.LockMaxRetentionDays),
		})
	}
	lock(scope, id+"-lock", v)
	switch {
	case p.DRVaultARN != "":
		out.DRVaultARN = jsii.String(p.DRVaultARN)
	case p.DRScope != nil:
		dr, _, err := vault(p.DRScope, id+"-dr-vault", p.Name+"-dr", nil, p.AdminPrincipalARNs, p.Tags)
		if err != nil {
			return fail(fmt.Errorf("DR vault: %w", err))
		}
		out.DRVaultARN = dr.Arn()
		// The copies are locked like the originals: the copy keeps the
		// rule's lifecycle, which the lock's range admits (Validate).
		lock(p.DRScope, id+"-dr-lock", dr)
	}

	rule := func(name, schedule string, days, cold int) *backupplan.BackupPlanRule {
		lc := &backupplan.BackupPlanRuleLifecycle{DeleteAfter: jsii.Number(days)}
		var archive *bool
		if cold > 0 {
			lc.ColdStorageAfter = jsii.Number(cold)
			// Types with a cold tier of their own (EBS snapshots'
			// archive tier) move only with the opt-in; types without one
			// (Aurora) ignore the setting (API_Lifecycle,
			// OptInToArchiveForSupportedResources).
			archive = jsii.Bool(true)
			lc.OptInToArchiveForSupportedResources = archive
		}
		r := &backupplan.BackupPlanRule{
			RuleName:         jsii.String(name),
			TargetVaultName:  v.Name(),
			Schedule:         jsii.String(schedule),
			StartWindow:      jsii.Number(StartWindowMinutes),
			CompletionWindow: jsii.Number(CompletionWindowMinutes),
			Lifecycle:        lc,
			RecoveryPointTags: tags.Ptrs(map[string]string{
				"BackupRule": name,
			}),
		}
		if out.DRVaultARN != nil {
			// The copies keep the same lifecycle as the source.
			r.CopyAction = []*backupplan.BackupPlanRuleCopyAction{{
				DestinationVaultArn: out.DRVaultARN,
				Lifecycle: &backupplan.BackupPlanRuleCopyActionLifecycle{
					DeleteAfter: jsii.Number(days), ColdStorageAfter: lc.ColdStorageAfter, OptInToArchiveForSupportedResources: archive,
				},
			}}
		}
		return r
	}
	plan := backupplan.NewBackupPlan(scope, jsii.String(id), &backupplan.BackupPlanConfig{
		Name: jsii.String(p.Name),
		Rule: []*backupplan.BackupPlanRule{
			rule("daily", p.DailySchedule, p.DailyRetentionDays, 0),
			rule("monthly", p.MonthlySchedule, p.MonthlyRetentionDays, p.MonthlyColdStorageAfterDays),
		},
		Tags: tags.Ptrs(p.Tags),
	})
	out.PlanID = plan.Id()

	managed := make([]string, len(ManagedPolicies))
	for i, m := range ManagedPolicies {
		managed[i] = "arn:" + env.Partition + ":iam::aws:policy/" + m
	}
	// The trust names no aws:SourceAccount: AWS Backup's own default role
	// (AWSBackupDefaultServiceRole) trusts backup.amazonaws.com without
	// conditions, and a condition the service does not send would fail
	// every job.
	role, err := iamrole.New(scope, id+"-role", iamrole.Props{
		Name:              p.Name + "-backup",
		Description:       "AWS Backup jobs of plan " + p.Name,
		Trust:             iamrole.ServiceTrust(env.ServicePrincipal("backup"), ""),
		ManagedPolicyARNs: managed,
		Tags:              p.Tags,
	})
	if err != nil {
		return fail(err)
	}
	out.Role = role
	backupselection.NewBackupSelection(scope, jsii.String(id+"-selection"), &backupselection.BackupSelectionConfig{
		Name:       jsii.String(p.Name + "-tagged"),
		PlanId:     plan.Id(),
		IamRoleArn: role.ARN,
		// The types AND the tag: a tag alone would select every opted-in
		// type carrying it (AWS Backup Developer Guide, "Assigning
		// resources programmatically").
		Resources: jsii.Strings(ResourceARNs(env.Partition, p.ResourceTypes)...),
		Condition: []*backupselection.BackupSelectionCondition{{
			StringEquals: []*backupselection.BackupSelectionConditionStringEquals{{
				Key: jsii.String("aws:ResourceTag/" + p.SelectionTag.Key), Value: jsii.String(p.SelectionTag.Value),
			}},
		}},
		// The first job must not start before the role's policies exist.
		DependsOn: role.Ready(),
	})
	return out, nil
}
