package policycheck

import (
	"fmt"
	"strings"
)

const (
	rdsCluster         = "aws_rds_cluster"
	rdsClusterInstance = "aws_rds_cluster_instance"
	dbInstance         = "aws_db_instance"
	minBackupDays      = 7
)

var rdsRules = []Rule{
	{
		ID:          "RDS-1",
		Severity:    Error,
		Description: "Every database encrypts its storage with a customer-managed KMS key.",
		Fix:         "set storage_encrypted = true and kms_key_id to a customer-managed key (encryption cannot be turned on later without a snapshot restore)",
		Types:       []string{rdsCluster, dbInstance},
		Checkov:     []string{"CKV_AWS_96", "CKV_AWS_327", "CKV_AWS_16"},
		Trivy:       []string{"AVD-AWS-0079", "AVD-AWS-0080"},
		check:       checkRDSEncryption,
	},
	{
		ID:          "RDS-2",
		Severity:    Error,
		Description: "Every database has deletion protection.",
		Fix:         "set deletion_protection = true; turn it off in a reviewed change before deleting on purpose",
		Types:       []string{rdsCluster, dbInstance},
		Checkov:     []string{"CKV_AWS_139", "CKV_AWS_293"},
		Trivy:       []string{"AVD-AWS-0343", "AVD-AWS-0177"},
		check:       checkRDSDeletionProtection,
	},
	{
		ID:          "RDS-3",
		Severity:    Error,
		Description: "Every MySQL and PostgreSQL database accepts IAM database authentication.",
		Fix:         "set iam_database_authentication_enabled = true, so that applications connect with short-lived IAM tokens",
		Types:       []string{rdsCluster, dbInstance},
		Checkov:     []string{"CKV_AWS_162", "CKV_AWS_161"},
		Trivy:       []string{"AVD-AWS-0176"},
		check:       checkRDSIAMAuth,
	},
	{
		ID:          "RDS-4",
		Severity:    Error,
		Description: fmt.Sprintf("Every database keeps automated backups for at least %d days.", minBackupDays),
		Fix:         fmt.Sprintf("set backup_retention_period to %d or more (35 at most)", minBackupDays),
		Types:       []string{rdsCluster, dbInstance},
		Checkov:     []string{"CKV_AWS_133"},
		Trivy:       []string{"AVD-AWS-0077"},
		check:       checkRDSBackups,
	},
	{
		ID:          "RDS-5",
		Severity:    Warning,
		Description: "Every database instance has Performance Insights on.",
		Fix:         "set performance_insights_enabled = true (7 days of retention are free)",
		Types:       []string{rdsClusterInstance, dbInstance},
		Checkov:     []string{"CKV_AWS_353"},
		Trivy:       []string{"AVD-AWS-0133"},
		check:       checkRDSPerformanceInsights,
	},
	{
		ID:          "RDS-6",
		Severity:    Error,
		Description: "Performance Insights data is encrypted with a customer-managed KMS key.",
		Fix:         "set performance_insights_kms_key_id to a customer-managed key wherever performance_insights_enabled is true",
		Types:       []string{rdsCluster, rdsClusterInstance, dbInstance},
		Checkov:     []string{"CKV_AWS_354"},
		Trivy:       []string{"AVD-AWS-0078"},
		check:       checkRDSPerformanceInsightsKey,
	},
	{
		ID:          "RDS-7",
		Severity:    Error,
		Description: "Every database exports its logs to CloudWatch Logs.",
		Fix:         `set enabled_cloudwatch_logs_exports, such as ["postgresql"] or ["audit", "error", "slowquery"]`,
		Types:       []string{rdsCluster, dbInstance},
		Checkov:     []string{"CKV_AWS_324", "CKV_AWS_129"},
		check:       checkRDSLogExports,
	},
	{
		ID:          "RDS-8",
		Severity:    Error,
		Description: "No database is publicly accessible.",
		Fix:         "set publicly_accessible = false and place the database in isolated subnets",
		Types:       []string{rdsCluster, rdsClusterInstance, dbInstance},
		Checkov:     []string{"CKV_AWS_17"},
		Trivy:       []string{"AVD-AWS-0180"},
		check:       checkRDSPublic,
	},
	{
		ID:          "RDS-9",
		Severity:    Error,
		Description: "Every master password is managed by RDS in Secrets Manager, never written in the configuration.",
		Fix:         "remove master_password (or password) and set manage_master_user_password = true, with master_user_secret_kms_key_id set to a customer-managed key",
		Types:       []string{rdsCluster, dbInstance},
		check:       checkRDSMasterPassword,
	},
	{
		ID:          "RDS-10",
		Severity:    Warning,
		Description: "Every database instance has enhanced monitoring.",
		Fix:         "set monitoring_interval (1, 5, 10, 15, 30 or 60 seconds) and monitoring_role_arn",
		Types:       []string{rdsClusterInstance, dbInstance},
		Checkov:     []string{"CKV_AWS_118"},
		check:       checkRDSMonitoring,
	},
}

// replica reports whether an instance or cluster copies another database,
// whose settings it inherits.
func replica(r *resource) bool {
	return set(r.attrs, "replicate_source_db") || set(r.attrs, "replication_source_identifier")
}

func checkRDSEncryption(_ *stack, r *resource) []string {
	if r.typ == dbInstance && replica(r) {
		return nil
	}
	// Aurora Serverless v1 is always encrypted, but with a key of the
	// caller's choice only when kms_key_id says so.
	serverlessV1 := str(r.attrs, "engine_mode") == "serverless"
	switch {
	case !serverlessV1 && !on(r.attrs, "storage_encrypted", false):
		return []string{"storage_encrypted is not true: storage, backups and snapshots are unencrypted"}
	case !set(r.attrs, "kms_key_id") || managedKey(str(r.attrs, "kms_key_id")):
		return []string{"kms_key_id is not set: storage is encrypted with the AWS-managed key aws/rds"}
	}
	return nil
}

func checkRDSDeletionProtection(_ *stack, r *resource) []string {
	if !on(r.attrs, "deletion_protection", false) {
		return []string{"deletion_protection is not true: one terraform destroy or replacement deletes the database"}
	}
	return nil
}

func checkRDSIAMAuth(_ *stack, r *resource) []string {
	engine := strings.ToLower(str(r.attrs, "engine"))
	if r.typ == dbInstance && !(strings.Contains(engine, "mysql") || strings.Contains(engine, "postgres") || strings.Contains(engine, "mariadb")) {
		return nil // IAM authentication exists for these engines only
	}
	if !on(r.attrs, "iam_database_authentication_enabled", false) {
		return []string{"iam_database_authentication_enabled is not true"}
	}
	return nil
}

func checkRDSBackups(_ *stack, r *resource) []string {
	if r.typ == dbInstance && replica(r) {
		return nil
	}
	if numUnknown(r.attrs, "backup_retention_period") {
		return nil
	}
	days, ok := num(r.attrs, "backup_retention_period")
	if !ok {
		return []string{fmt.Sprintf("backup_retention_period is not set: AWS keeps 1 day, fewer than %d", minBackupDays)}
	}
	if days < minBackupDays {
		return []string{fmt.Sprintf("backup_retention_period is %g days, fewer than %d", days, minBackupDays)}
	}
	return nil
}

// clusterOf resolves a cluster instance's cluster_identifier.
func (s *stack) clusterOf(r *resource) *resource {
	for _, rf := range refs(str(r.attrs, "cluster_identifier")) {
		if c := s.byAddr[rf.addr]; c != nil && c.typ == rdsCluster {
			return c
		}
	}
	return nil
}

func checkRDSPerformanceInsights(s *stack, r *resource) []string {
	if on(r.attrs, "performance_insights_enabled", false) {
		return nil
	}
	if c := s.clusterOf(r); c != nil && boolArg(c.attrs, "performance_insights_enabled") == yes {
		return nil
	}
	return []string{"performance_insights_enabled is not true"}
}

func checkRDSPerformanceInsightsKey(_ *stack, r *resource) []string {
	if boolArg(r.attrs, "performance_insights_enabled") != yes {
		return nil
	}
	if key := str(r.attrs, "performance_insights_kms_key_id"); key == "" || managedKey(key) {
		return []string{"Performance Insights is on without performance_insights_kms_key_id: its data (including SQL text) uses the AWS-managed key"}
	}
	return nil
}

func checkRDSLogExports(_ *stack, r *resource) []string {
	if r.typ == dbInstance && replica(r) {
		return nil
	}
	if !set(r.attrs, "enabled_cloudwatch_logs_exports") {
		return []string{"enabled_cloudwatch_logs_exports is empty: database logs stay on the instance and go with it"}
	}
	return nil
}

func checkRDSPublic(_ *stack, r *resource) []string {
	if boolArg(r.attrs, "publicly_accessible") == yes {
		return []string{"publicly_accessible is true: the endpoint resolves to a public address"}
	}
	return nil
}

func checkRDSMasterPassword(_ *stack, r *resource) []string {
	key := "master_password"
	if r.typ == dbInstance {
		key = "password"
	}
	if set(r.attrs, key) {
		return []string{key + " is set: the password is in the synthesized JSON and in Terraform state"}
	}
	// Restored, replicated and global secondary databases take their
	// credentials from the source.
	for _, k := range []string{"snapshot_identifier", "replicate_source_db", "replication_source_identifier", "restore_to_point_in_time", "s3_import", "global_cluster_identifier"} {
		if set(r.attrs, k) {
			return nil
		}
	}
	if !on(r.attrs, "manage_master_user_password", false) {
		return []string{"manage_master_user_password is not true"}
	}
	return nil
}

func checkRDSMonitoring(_ *stack, r *resource) []string {
	if numUnknown(r.attrs, "monitoring_interval") {
		return nil
	}
	if v, _ := num(r.attrs, "monitoring_interval"); v <= 0 {
		return []string{"monitoring_interval is 0: no OS-level metrics"}
	}
	return nil
}
