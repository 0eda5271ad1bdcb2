package policycheck

import (
	"fmt"
	"strings"
)

// Resource types of the storage and backup rules (issue 12: EFS, EBS,
// AWS Backup, Data Lifecycle Manager).
const (
	efsFileSystem   = "aws_efs_file_system"
	efsPolicy       = "aws_efs_file_system_policy"
	ebsVolume       = "aws_ebs_volume"
	backupVault     = "aws_backup_vault"
	backupVaultPol  = "aws_backup_vault_policy"
	backupVaultLock = "aws_backup_vault_lock_configuration"
	backupPlan      = "aws_backup_plan"
	dlmPolicy       = "aws_dlm_lifecycle_policy"
	backupDeleteRPs = "backup:DeleteRecoveryPoint"
)

var storageRules = []Rule{
	{
		ID:          "EFS-1",
		Severity:    Error,
		Description: "Every EFS file system is encrypted with a customer-managed KMS key.",
		Fix:         "set encrypted = true and kms_key_id = <customer-managed key>",
		Types:       []string{efsFileSystem},
		Checkov:     []string{"CKV_AWS_42", "CKV_AWS_184"},
		Trivy:       []string{"AVD-AWS-0037"},
		check:       checkEFSEncrypted,
	},
	{
		ID:          "EFS-2",
		Severity:    Error,
		Description: "Every EFS file system has a file-system policy denying requests without TLS.",
		Fix:         `add an aws_efs_file_system_policy statement: Deny, Principal "*", Action "*", Condition Bool aws:SecureTransport = "false"`,
		Types:       []string{efsFileSystem},
		check:       checkEFSTLS,
	},
	{
		ID:          "EBS-1",
		Severity:    Error,
		Description: "Every EBS volume is encrypted with a customer-managed KMS key.",
		Fix:         "set encrypted = true and kms_key_id = <customer-managed key>",
		Types:       []string{ebsVolume},
		Checkov:     []string{"CKV_AWS_3", "CKV_AWS_189"},
		Trivy:       []string{"AVD-AWS-0026", "AVD-AWS-0027"},
		check:       checkEBSEncrypted,
	},
	{
		ID:          "BACKUP-1",
		Severity:    Error,
		Description: "Every AWS Backup vault is encrypted with a customer-managed KMS key.",
		Fix:         "set kms_key_arn = <customer-managed key>",
		Types:       []string{backupVault},
		Checkov:     []string{"CKV_AWS_166"},
		check:       checkBackupVaultCMK,
	},
	{
		ID:          "BACKUP-2",
		Severity:    Error,
		Description: "Every AWS Backup vault has an access policy denying everyone backup:DeleteRecoveryPoint.",
		Fix:         `add an aws_backup_vault_policy statement: Deny, Principal "*", Action "backup:DeleteRecoveryPoint", Resource "*" (recovery points have their own ARNs; the vault ARN matches none)`,
		Types:       []string{backupVault},
		check:       checkBackupVaultNoDelete,
	},
	{
		// AWS Backup Developer Guide, PutBackupVaultLockConfiguration
		// (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_PutBackupVaultLockConfiguration.html):
		// with MinRetentionDays, "any backup or copy job to the vault must
		// have a lifecycle policy with a retention period equal to or
		// longer than" it, with MaxRetentionDays "equal to or shorter
		// than" it; otherwise "the vault fails that backup or copy job".
		// A rule without delete_after keeps its points forever, which no
		// maximum admits. Copies are judged against the destination
		// vault's lock.
		ID:          "BACKUP-3",
		Severity:    Error,
		Description: "Every backup plan rule and copy action keeps recovery points within the retention range of its target vault's lock, or the vault fails the job.",
		Fix:         "set lifecycle.delete_after (of the rule, or of the copy_action for its destination vault) between the vault lock's min_retention_days and max_retention_days",
		Types:       []string{backupPlan},
		check:       checkBackupRetentionInLock,
	},
	{
		// A copy in an unlocked vault can be shortened or deleted by
		// anyone the vault lets, so the DR copy would be the weak point
		// of a locked source (AWS Backup Developer Guide, "AWS Backup
		// Vault Lock": the lock applies to the vault it configures only).
		ID:          "BACKUP-5",
		Severity:    Error,
		Description: "Every backup plan rule that backs up into a locked vault copies only into locked vaults: the copies are as protected as the originals.",
		Fix:         "add an aws_backup_vault_lock_configuration for the copy_action's destination vault (the same or a compatible retention range)",
		Types:       []string{backupPlan},
		check:       checkBackupCopiesLocked,
	},
	{
		// A plan that copies to another vault is a disaster-recovery
		// plan; without a lock on its vault, whoever the vault policy
		// spares can shorten or delete the originals (AWS Backup
		// Developer Guide, "AWS Backup Vault Lock": "enforce retention
		// periods ... prevent any attempts to alter them").
		ID:          "BACKUP-6",
		Severity:    Warning,
		Description: "Every backup plan rule that copies recovery points to another vault (a disaster-recovery plan) backs up into a locked vault.",
		Fix:         "add an aws_backup_vault_lock_configuration for the rule's target vault (governance mode: leave changeable_for_days unset)",
		Types:       []string{backupPlan},
		check:       checkBackupDRLocked,
	},
	{
		// Provider docs (terraform-provider-aws
		// website/docs/r/backup_vault_lock_configuration.html.markdown),
		// changeable_for_days: "If omitted creates a vault lock in
		// governance mode, otherwise it will create a vault lock in
		// compliance mode". PutBackupVaultLockConfiguration: "On and after
		// the lock date, the Vault Lock becomes immutable and cannot be
		// changed or deleted" (deleting it then fails with
		// InvalidRequestException: AWS re:Post knowledge center,
		// backup-delete-vault-lock). The provider marks all three
		// arguments ForceNew (internal/service/backup/
		// vault_lock_configuration.go), so a later change plans a
		// replacement whose delete fails.
		ID:          "BACKUP-4",
		Severity:    Warning,
		Description: "Every vault lock in compliance mode (changeable_for_days set) is a deliberate, suppressed choice: after the grace time nobody can change or remove it.",
		Fix:         "leave changeable_for_days unset for a governance-mode lock, or suppress BACKUP-4 on the lock with the reason compliance mode is required",
		Types:       []string{backupVaultLock},
		check:       checkVaultLockComplianceMode,
	},
	{
		// DLM API, CrossRegionCopyRule
		// (https://docs.aws.amazon.com/dlm/latest/APIReference/API_CrossRegionCopyRule.html):
		// Encrypted encrypts copies of unencrypted snapshots; CmkArn is the
		// key in the target Region, "if this parameter is not specified,
		// the default KMS key for the account is used" (aws/ebs). Event
		// policies carry the same pair in
		// action.cross_region_copy.encryption_configuration.
		ID:          "DLM-1",
		Severity:    Error,
		Description: "Every cross-Region snapshot copy of a Data Lifecycle Manager policy is encrypted with a customer-managed key in the target Region.",
		Fix:         "set encrypted = true and cmk_arn = <customer-managed key in the target Region> on each cross_region_copy_rule (and on each action's cross_region_copy encryption_configuration)",
		Types:       []string{dlmPolicy},
		Checkov:     []string{"CKV_AWS_253", "CKV_AWS_254", "CKV_AWS_255", "CKV_AWS_256"},
		check:       checkDLMCopyEncrypted,
	},
}

func checkEFSEncrypted(_ *stack, r *resource) []string {
	switch key := str(r.attrs, "kms_key_id"); {
	case !on(r.attrs, "encrypted", false):
		return []string{"encrypted is not true: the file system is stored unencrypted"}
	case key == "" || managedKey(key):
		return []string{"kms_key_id names no customer-managed key: the file system uses the AWS-managed key aws/elasticfilesystem"}
	}
	return nil
}

func checkEFSTLS(s *stack, r *resource) []string {
	docs, unknown := s.policiesOf(r, efsPolicy, "file_system_id")
	for _, p := range docs {
		if p.deniesInsecureTransport("elasticfilesystem") {
			return nil
		}
	}
	if unknown {
		return nil
	}
	return []string{"no file-system policy statement denies requests with aws:SecureTransport false: clients may mount without TLS"}
}

func checkEBSEncrypted(_ *stack, r *resource) []string {
	switch key := str(r.attrs, "kms_key_id"); {
	case !on(r.attrs, "encrypted", false):
		return []string{"encrypted is not true: the volume and its snapshots are unencrypted unless the account's default encryption is on"}
	case key == "" || managedKey(key):
		return []string{"kms_key_id names no customer-managed key: the volume uses the AWS-managed key aws/ebs"}
	}
	return nil
}

func checkBackupVaultCMK(_ *stack, r *resource) []string {
	if key := str(r.attrs, "kms_key_arn"); key == "" || managedKey(key) {
		return []string{"kms_key_arn names no customer-managed key: recovery points use the AWS-managed key aws/backup"}
	}
	return nil
}

func checkBackupVaultNoDelete(s *stack, r *resource) []string {
	docs, unknown := s.policiesOf(r, backupVaultPol, "backup_vault_name")
	for _, p := range docs {
		for _, st := range p.statements {
			if !st.deny() || !st.anyone {
				continue
			}
			if !coversRecoveryPoints(st.resources) {
				continue
			}
			for _, a := range st.actions {
				if a == "*" || strings.EqualFold(a, "backup:*") || strings.EqualFold(a, backupDeleteRPs) {
					return nil
				}
			}
		}
	}
	if unknown {
		return nil
	}
	return []string{`no vault access policy denies backup:DeleteRecoveryPoint to everyone on Resource "*": anyone with the IAM permission can delete recovery points (a statement naming the vault's ARN matches no recovery point)`}
}

// coversRecoveryPoints reports whether a vault policy statement's
// resources match recovery points: DeleteRecoveryPoint acts on the
// recovery point's ARN (arn:aws:backup:<region>:<account>:recovery-point:<id>,
// or the resource's own snapshot ARN for EBS, RDS and others), so only "*"
// matches them all; the vault's ARN matches none (AWS Backup Developer
// Guide, "Vault access policies": Resource "*").
func coversRecoveryPoints(resources []string) bool {
	for _, r := range resources {
		if r == "*" {
			return true
		}
	}
	return false
}

func checkBackupDRLocked(s *stack, plan *resource) []string {
	var out []string
	for i, rule := range blocks(plan.attrs, "rule") {
		if len(blocks(rule, "copy_action")) == 0 || len(s.vaultLocks(rule["target_vault_name"], "name")) > 0 {
			continue
		}
		inStack := false
		for _, vault := range s.byType[backupVault] {
			inStack = inStack || refersTo(rule["target_vault_name"], vault, "name")
		}
		if !inStack {
			continue // a vault made elsewhere: its lock is not visible here
		}
		name := str(rule, "rule_name")
		if name == "" {
			name = fmt.Sprintf("rule[%d]", i)
		}
		out = append(out, fmt.Sprintf("rule %q copies to another vault but backs up into an unlocked vault: its recovery points can be shortened or deleted by whoever the vault policy spares", name))
	}
	return out
}

func checkBackupCopiesLocked(s *stack, plan *resource) []string {
	var out []string
	for i, rule := range blocks(plan.attrs, "rule") {
		if len(s.vaultLocks(rule["target_vault_name"], "name")) == 0 {
			continue
		}
		name := str(rule, "rule_name")
		if name == "" {
			name = fmt.Sprintf("rule[%d]", i)
		}
		for _, ca := range blocks(rule, "copy_action") {
			dest := ca["destination_vault_arn"]
			for _, vault := range s.byType[backupVault] {
				if refersTo(dest, vault) && len(s.vaultLocks(dest)) == 0 {
					out = append(out, fmt.Sprintf("rule %q backs up into a locked vault but copies into %s, which has no lock: the copies can be deleted or shortened", name, vault.addr()))
				}
			}
		}
	}
	return out
}

func checkBackupRetentionInLock(s *stack, plan *resource) []string {
	var out []string
	for i, rule := range blocks(plan.attrs, "rule") {
		name := str(rule, "rule_name")
		if name == "" {
			name = fmt.Sprintf("rule[%d]", i)
		}
		for _, lock := range s.vaultLocks(rule["target_vault_name"], "name") {
			out = append(out, lockRetention(fmt.Sprintf("rule %q", name), lock, block(rule, "lifecycle"))...)
		}
		for _, ca := range blocks(rule, "copy_action") {
			for _, lock := range s.vaultLocks(ca["destination_vault_arn"]) {
				out = append(out, lockRetention(fmt.Sprintf("rule %q copy_action", name), lock, block(ca, "lifecycle"))...)
			}
		}
	}
	return out
}

// vaultLocks returns the lock configurations of the stack's vault that v
// names, by reference or, with literalAttrs, by literal value. A vault
// outside the stack (a literal ARN) has no lock here to judge against.
func (s *stack) vaultLocks(v any, literalAttrs ...string) []*resource {
	var out []*resource
	for _, vault := range s.byType[backupVault] {
		if refersTo(v, vault, literalAttrs...) {
			out = append(out, s.related(backupVaultLock, "backup_vault_name", vault, "name")...)
		}
	}
	return out
}

// lockRetention judges a lifecycle block (nil when absent) against a lock.
// Expressions get the benefit of the doubt.
func lockRetention(what string, lock *resource, lc map[string]any) []string {
	minDays, hasMin := num(lock.attrs, "min_retention_days")
	maxDays, hasMax := num(lock.attrs, "max_retention_days")
	if numUnknown(lc, "delete_after") {
		return nil
	}
	days, ok := num(lc, "delete_after")
	switch {
	case !ok && hasMax:
		return []string{fmt.Sprintf("%s has no lifecycle.delete_after, so it keeps recovery points forever, above max_retention_days %v of %s: the vault fails these jobs", what, maxDays, lock.addr())}
	case !ok:
		return nil
	case hasMin && days < minDays:
		return []string{fmt.Sprintf("%s lifecycle.delete_after %v is below min_retention_days %v of %s: the vault fails these jobs", what, days, minDays, lock.addr())}
	case hasMax && days > maxDays:
		return []string{fmt.Sprintf("%s lifecycle.delete_after %v is above max_retention_days %v of %s: the vault fails these jobs", what, days, maxDays, lock.addr())}
	}
	return nil
}

func checkVaultLockComplianceMode(_ *stack, lock *resource) []string {
	if set(lock.attrs, "changeable_for_days") {
		return []string{fmt.Sprintf("changeable_for_days %s makes a compliance-mode lock: after that many days it can no longer be changed or deleted, and a later change to its arguments plans a replacement that fails", str(lock.attrs, "changeable_for_days"))}
	}
	return nil
}

func checkDLMCopyEncrypted(_ *stack, p *resource) []string {
	var out []string
	judge := func(what string, m map[string]any) {
		switch key := str(m, "cmk_arn"); {
		case !on(m, "encrypted", false):
			out = append(out, what+": encrypted is not true, so copies of unencrypted snapshots stay unencrypted")
		case key == "" || managedKey(key):
			out = append(out, what+": cmk_arn names no customer-managed key, so the copies use the account's default EBS key of the target Region (aws/ebs unless changed there)")
		}
	}
	details := block(p.attrs, "policy_details")
	for i, sch := range blocks(details, "schedule") {
		for _, c := range blocks(sch, "cross_region_copy_rule") {
			judge(fmt.Sprintf("schedule %s cross_region_copy_rule to %s", nameOr(sch, "name", i), copyTarget(c)), c)
		}
	}
	for i, act := range blocks(details, "action") {
		for _, c := range blocks(act, "cross_region_copy") {
			judge(fmt.Sprintf("action %s cross_region_copy to %s", nameOr(act, "name", i), copyTarget(c)), block(c, "encryption_configuration"))
		}
	}
	return out
}

// nameOr returns a block's name argument quoted, or its index.
func nameOr(m map[string]any, key string, i int) string {
	if n := str(m, key); n != "" {
		return fmt.Sprintf("%q", n)
	}
	return fmt.Sprintf("[%d]", i)
}

// copyTarget names a DLM copy's target Region (target, or the older
// target_region).
func copyTarget(m map[string]any) string {
	if t := str(m, "target"); t != "" {
		return t
	}
	if t := str(m, "target_region"); t != "" {
		return t
	}
	return "?"
}
