package policycheck

// storageCases are the bad and good fixtures of the storage and backup
// rules.
func storageCases() []ruleCase {
	fsR := "${aws_efs_file_system.fs.id}"
	efs := func(kv ...any) []res {
		return join(one(efsFileSystem, "fs", with(obj{"creation_token": "share", "encrypted": true, "kms_key_id": keyARN}, kv...)),
			one(efsPolicy, "fs-policy", obj{"file_system_id": fsR, "policy": doc(tlsDeny("*"))}))
	}
	efsNoPolicy := one(efsFileSystem, "fs", obj{"creation_token": "share", "encrypted": true, "kms_key_id": keyARN})
	vol := func(kv ...any) []res {
		return one(ebsVolume, "v", with(obj{"availability_zone": "eu-west-1a", "size": 100, "type": "gp3", "encrypted": true, "kms_key_id": keyARN}, kv...))
	}
	vaultR := "${aws_backup_vault.bv.name}"
	noDelete := obj{"Sid": "DenyRecoveryPointDeletion", "Effect": "Deny", "Principal": "*", "Action": []any{"backup:DeleteRecoveryPoint", "backup:UpdateRecoveryPointLifecycle"}, "Resource": "*"}
	vault := func(kv ...any) []res {
		return join(one(backupVault, "bv", with(obj{"name": "acme", "kms_key_arn": keyARN}, kv...)),
			one(backupVaultPol, "bv-policy", obj{"backup_vault_name": vaultR, "policy": doc(noDelete)}))
	}
	return []ruleCase{
		bad("EFS-1", "unencrypted", efs("encrypted", false, "kms_key_id", nil)),
		bad("EFS-1", "AWS-managed key", efs("kms_key_id", nil)),
		good("EFS-1", "CMK", efs()),
		bad("EFS-2", "no policy", efsNoPolicy),
		bad("EFS-2", "policy without TLS deny", efsNoPolicy, one(efsPolicy, "fs-policy", obj{"file_system_id": fsR, "policy": doc(obj{
			"Effect": "Allow", "Principal": obj{"AWS": "arn:aws:iam::111111111111:role/app"}, "Action": "elasticfilesystem:ClientMount", "Resource": "*"})})),
		good("EFS-2", "TLS only", efs()),
		good("EFS-2", "TLS deny of the service", efsNoPolicy, one(efsPolicy, "fs-policy", obj{"file_system_id": fsR, "policy": doc(tlsDeny("elasticfilesystem:*"))})),
		bad("EBS-1", "unencrypted", vol("encrypted", false, "kms_key_id", nil)),
		bad("EBS-1", "AWS-managed key", vol("kms_key_id", "alias/aws/ebs")),
		good("EBS-1", "CMK", vol()),
		bad("BACKUP-1", "default key", vault("kms_key_arn", nil)),
		good("BACKUP-1", "CMK", vault()),
		bad("BACKUP-2", "no vault policy", one(backupVault, "bv", obj{"name": "acme", "kms_key_arn": keyARN})),
		bad("BACKUP-2", "policy allows deletion", one(backupVault, "bv", obj{"name": "acme", "kms_key_arn": keyARN}),
			one(backupVaultPol, "bv-policy", obj{"backup_vault_name": vaultR, "policy": doc(obj{"Effect": "Allow", "Principal": obj{"AWS": "arn:aws:iam::111111111111:root"}, "Action": "backup:DeleteRecoveryPoint", "Resource": "*"})})),
		good("BACKUP-2", "deletion denied", vault()),
	}
}
