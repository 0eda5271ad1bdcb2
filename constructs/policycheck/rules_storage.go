package policycheck

import "strings"

// Resource types of the storage and backup rules (issue 12: EFS, EBS,
// AWS Backup).
const (
	efsFileSystem   = "aws_efs_file_system"
	efsPolicy       = "aws_efs_file_system_policy"
	ebsVolume       = "aws_ebs_volume"
	backupVault     = "aws_backup_vault"
	backupVaultPol  = "aws_backup_vault_policy"
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
		Fix:         `add an aws_backup_vault_policy statement: Deny, Principal "*", Action "backup:DeleteRecoveryPoint"`,
		Types:       []string{backupVault},
		check:       checkBackupVaultNoDelete,
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
	return []string{"no vault access policy denies backup:DeleteRecoveryPoint to everyone: anyone with the IAM permission can delete recovery points"}
}
