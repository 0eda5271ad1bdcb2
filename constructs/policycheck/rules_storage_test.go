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
	// A plan backing up to a locked vault (7-3650 days) and copying to a
	// locked DR vault (30-400 days).
	drR := "${aws_backup_vault.dr.arn}"
	lockedVaults := join(
		one(backupVault, "bv", obj{"name": "acme", "kms_key_arn": keyARN}),
		one(backupVaultLock, "bv-lock", obj{"backup_vault_name": vaultR, "min_retention_days": 7, "max_retention_days": 3650}),
		one(backupVault, "dr", obj{"name": "acme-dr", "kms_key_arn": keyARN, "provider": "aws.dr"}),
		one(backupVaultLock, "dr-lock", obj{"backup_vault_name": "${aws_backup_vault.dr.name}", "min_retention_days": 30, "max_retention_days": 400, "provider": "aws.dr"}),
	)
	lc := func(days any) obj {
		if days == nil {
			return obj{"cold_storage_after": 30}
		}
		return obj{"delete_after": days}
	}
	planRule := func(target any, days, copyDays any) obj {
		r := obj{"rule_name": "daily", "schedule": "cron(0 5 ? * * *)", "target_vault_name": target, "lifecycle": lc(days)}
		if copyDays != false {
			r["copy_action"] = []any{obj{"destination_vault_arn": drR, "lifecycle": lc(copyDays)}}
		}
		return r
	}
	plan := func(rules ...obj) []res {
		list := make([]any, len(rules))
		for i, r := range rules {
			list[i] = r
		}
		return one(backupPlan, "plan", obj{"name": "acme", "rule": list})
	}
	lock := func(kv ...any) []res {
		return one(backupVaultLock, "bv-lock", with(obj{"backup_vault_name": vaultR, "min_retention_days": 7, "max_retention_days": 3650}, kv...))
	}
	dlm := func(copyRule obj) []res {
		return one(dlmPolicy, "snap", obj{"description": "Daily EBS snapshots", "execution_role_arn": "${aws_iam_role.dlm.arn}", "state": "ENABLED",
			"policy_details": obj{"policy_type": "EBS_SNAPSHOT_MANAGEMENT", "resource_types": []any{"VOLUME"}, "target_tags": obj{"Snapshots": "acme"},
				"schedule": []any{obj{"name": "daily", "create_rule": obj{"interval": 24, "interval_unit": "HOURS", "times": []any{"03:00"}}, "retain_rule": obj{"count": 14},
					"cross_region_copy_rule": []any{copyRule}}}}})
	}
	copyRule := func(kv ...any) obj {
		return with(obj{"target": "us-west-2", "encrypted": true, "cmk_arn": "${aws_kms_key.dr.arn}", "copy_tags": true, "retain_rule": obj{"interval": 14, "interval_unit": "DAYS"}}, kv...)
	}
	eventDLM := func(enc obj) []res {
		return one(dlmPolicy, "events", obj{"description": "Copy shared snapshots", "execution_role_arn": "${aws_iam_role.dlm.arn}",
			"policy_details": obj{"policy_type": "EVENT_BASED_POLICY", "event_source": obj{"type": "MANAGED_CWE", "parameters": obj{"event_type": "shareSnapshot", "snapshot_owner": []any{"111111111111"}}},
				"action": obj{"name": "copy", "cross_region_copy": []any{obj{"target": "us-west-2", "encryption_configuration": enc}}}}})
	}
	return []ruleCase{
		bad("BACKUP-3", "below the lock's minimum", lockedVaults, plan(planRule(vaultR, 3, false))),
		bad("BACKUP-3", "above the lock's maximum, vault named literally", lockedVaults, plan(planRule("acme", 4000, false))),
		bad("BACKUP-3", "forever under a maximum", lockedVaults, plan(planRule(vaultR, nil, false))),
		bad("BACKUP-3", "copy below the DR lock's minimum", lockedVaults, plan(planRule(vaultR, 35, 14))),
		bad("BACKUP-3", "copy kept forever in the DR vault", lockedVaults, plan(planRule(vaultR, 35, nil))),
		bad("BACKUP-6", "DR plan into an unlocked vault", lockedVaults[:1], lockedVaults[2:3], plan(planRule(vaultR, 35, 35))),
		good("BACKUP-6", "DR plan into a locked vault", lockedVaults, plan(planRule(vaultR, 35, 35))),
		good("BACKUP-6", "no copy, no lock", lockedVaults[:1], plan(planRule(vaultR, 35, false))),
		bad("BACKUP-5", "DR vault unlocked", lockedVaults[:3], plan(planRule(vaultR, 35, 35))),
		good("BACKUP-5", "both locked", lockedVaults, plan(planRule(vaultR, 35, 35))),
		good("BACKUP-5", "source unlocked", join(lockedVaults[:1], lockedVaults[2:3]), plan(planRule(vaultR, 35, 35))),
		good("BACKUP-3", "within both locks", lockedVaults, plan(planRule(vaultR, 35, 35), planRule(vaultR, 365, 365))),
		good("BACKUP-3", "forever under a minimum only", lockedVaults[:1], lock("max_retention_days", nil), plan(planRule(vaultR, nil, false))),
		good("BACKUP-3", "unlocked vault", lockedVaults[:1], plan(planRule(vaultR, 1, false))),
		good("BACKUP-3", "retention known at apply", lockedVaults, plan(planRule(vaultR, "${var.days}", "${var.days}"))),
		good("BACKUP-3", "copy to a vault outside the stack", lockedVaults[:2], plan(obj{"rule_name": "daily", "schedule": "cron(0 5 ? * * *)", "target_vault_name": vaultR, "lifecycle": lc(35),
			"copy_action": []any{obj{"destination_vault_arn": "arn:aws:backup:us-west-2:111111111111:backup-vault:elsewhere"}}})),
		bad("BACKUP-4", "compliance mode", lock("changeable_for_days", 3)),
		good("BACKUP-4", "governance mode", lock()),
		bad("DLM-1", "copy not encrypted", dlm(copyRule("encrypted", false))),
		bad("DLM-1", "copy under the default key", dlm(copyRule("cmk_arn", nil))),
		bad("DLM-1", "event copy without encryption", eventDLM(obj{"encrypted": false})),
		good("DLM-1", "copy under a CMK", dlm(copyRule())),
		good("DLM-1", "event copy under a CMK", eventDLM(obj{"encrypted": true, "cmk_arn": "${aws_kms_key.dr.arn}"})),
		good("DLM-1", "no copies", one(dlmPolicy, "snap", obj{"description": "x", "policy_details": obj{"schedule": []any{obj{"name": "daily", "retain_rule": obj{"count": 7}}}}})),
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
		bad("BACKUP-2", "deletion denied on the vault ARN only", one(backupVault, "bv", obj{"name": "acme", "kms_key_arn": keyARN}),
			one(backupVaultPol, "bv-policy", obj{"backup_vault_name": vaultR, "policy": doc(with(noDelete, "Resource", "${aws_backup_vault.bv.arn}"))})),
		good("BACKUP-2", "deletion denied", vault()),
	}
}
