package policycheck

var computeRules = []Rule{
	{
		ID:          "EC2-1",
		Severity:    Error,
		Description: "Every instance and launch template requires IMDSv2 session tokens.",
		Fix:         `set metadata_options { http_tokens = "required" }`,
		Types:       []string{"aws_instance", "aws_launch_template"},
		Checkov:     []string{"CKV_AWS_79"},
		Trivy:       []string{"AVD-AWS-0028", "AVD-AWS-0130"},
		check:       checkIMDSv2,
	},
	{
		ID:          "EC2-2",
		Severity:    Error,
		Description: "Every EBS volume, root and data volumes of instances and launch templates included, is encrypted.",
		Fix:         "set encrypted = true (and kms_key_id to a customer-managed key) on the volume or block device",
		Types:       []string{"aws_ebs_volume", "aws_instance", "aws_launch_template"},
		Checkov:     []string{"CKV_AWS_3", "CKV_AWS_8"},
		Trivy:       []string{"AVD-AWS-0026", "AVD-AWS-0131"},
		check:       checkEBSEncryption,
	},
	{
		ID:          "EC2-3",
		Severity:    Error,
		Description: "EBS encryption by default stays on.",
		Fix:         "set enabled = true on aws_ebs_encryption_by_default",
		Types:       []string{"aws_ebs_encryption_by_default"},
		Checkov:     []string{"CKV_AWS_106"},
		check:       checkEBSDefaultEncryption,
	},
	{
		ID:          "CACHE-1",
		Severity:    Error,
		Description: "Every ElastiCache replication group encrypts data at rest.",
		Fix:         "set at_rest_encryption_enabled = true and kms_key_id to a customer-managed key",
		Types:       []string{"aws_elasticache_replication_group"},
		Checkov:     []string{"CKV_AWS_29"},
		Trivy:       []string{"AVD-AWS-0045"},
		check:       checkCacheAtRest,
	},
	{
		ID:          "CACHE-2",
		Severity:    Error,
		Description: "Every ElastiCache replication group encrypts data in transit.",
		Fix:         "set transit_encryption_enabled = true",
		Types:       []string{"aws_elasticache_replication_group"},
		Checkov:     []string{"CKV_AWS_30"},
		Trivy:       []string{"AVD-AWS-0051"},
		check:       checkCacheInTransit,
	},
}

func checkIMDSv2(_ *stack, r *resource) []string {
	m := block(r.attrs, "metadata_options")
	tokens, endpoint := str(m, "http_tokens"), str(m, "http_endpoint")
	if tokens == "required" || endpoint == "disabled" || isExpr(tokens) {
		return nil
	}
	return []string{"metadata_options http_tokens is not required: IMDSv1 answers any SSRF request with the instance's credentials"}
}

func checkEBSEncryption(_ *stack, r *resource) []string {
	var out []string
	switch r.typ {
	case "aws_ebs_volume":
		if !on(r.attrs, "encrypted", false) {
			out = append(out, "the volume is not encrypted")
		}
	case "aws_instance":
		if root := block(r.attrs, "root_block_device"); !on(root, "encrypted", false) {
			out = append(out, "the root volume is not encrypted")
		}
		for _, d := range blocks(r.attrs, "ebs_block_device") {
			if !on(d, "encrypted", false) {
				out = append(out, "EBS block device "+str(d, "device_name")+" is not encrypted")
			}
		}
	case "aws_launch_template":
		for _, m := range blocks(r.attrs, "block_device_mappings") {
			if ebs := block(m, "ebs"); ebs != nil && !on(ebs, "encrypted", false) {
				out = append(out, "block device "+str(m, "device_name")+" is not encrypted")
			}
		}
	}
	return out
}

func checkEBSDefaultEncryption(_ *stack, r *resource) []string {
	if !on(r.attrs, "enabled", true) {
		return []string{"EBS encryption by default is turned off"}
	}
	return nil
}

func checkCacheAtRest(_ *stack, r *resource) []string {
	if !on(r.attrs, "at_rest_encryption_enabled", false) {
		return []string{"at_rest_encryption_enabled is not true"}
	}
	return nil
}

func checkCacheInTransit(_ *stack, r *resource) []string {
	if !on(r.attrs, "transit_encryption_enabled", false) {
		return []string{"transit_encryption_enabled is not true"}
	}
	return nil
}

// cacheRules are the ElastiCache rules of issue 11 (guide 5.5), kept apart
// from computeRules so that the two grow without touching each other.
var cacheRules = []Rule{
	{
		ID:          "CACHE-3",
		Severity:    Error,
		Description: "Every ElastiCache replication group authenticates clients with an RBAC user group, not an auth token.",
		Fix:         "set user_group_ids to a user group of IAM-authenticated users (sessionstore does) and remove auth_token, which sits in Terraform state in plain text",
		Types:       []string{"aws_elasticache_replication_group"},
		Checkov:     []string{"CKV_AWS_31"},
		check:       checkCacheAuth,
	},
	{
		ID:          "CACHE-4",
		Severity:    Error,
		Description: "Every ElastiCache replication group with replicas fails over to them automatically.",
		Fix:         "set automatic_failover_enabled = true (and multi_az_enabled = true to fail over across zones) wherever num_cache_clusters > 1 or replicas_per_node_group > 0",
		Types:       []string{"aws_elasticache_replication_group"},
		check:       checkCacheFailover,
	},
	{
		ID:          "CACHE-5",
		Severity:    Error,
		Description: "Every ElastiCache replication group keeps automatic snapshots.",
		Fix:         "set snapshot_retention_limit to 1-35 days (7 or more in production) and a final_snapshot_identifier",
		Types:       []string{"aws_elasticache_replication_group"},
		Trivy:       []string{"AVD-AWS-0050"},
		check:       checkCacheSnapshots,
	},
}

func checkCacheAuth(_ *stack, r *resource) []string {
	var out []string
	if set(r.attrs, "auth_token") {
		out = append(out, "auth_token is set: the token is stored in Terraform state")
	}
	if !set(r.attrs, "user_group_ids") {
		out = append(out, "no user_group_ids: clients are not authenticated by RBAC users")
	}
	return out
}

func checkCacheFailover(_ *stack, r *resource) []string {
	clusters, _ := num(r.attrs, "num_cache_clusters")
	replicas, _ := num(r.attrs, "replicas_per_node_group")
	if (clusters > 1 || replicas > 0) && !on(r.attrs, "automatic_failover_enabled", false) {
		return []string{"automatic_failover_enabled is not true although the group has replicas: a failed primary stays down"}
	}
	if boolArg(r.attrs, "multi_az_enabled") == yes && !on(r.attrs, "automatic_failover_enabled", false) {
		return []string{"multi_az_enabled without automatic_failover_enabled: the provider and ElastiCache refuse it"}
	}
	return nil
}

func checkCacheSnapshots(_ *stack, r *resource) []string {
	if n, ok := num(r.attrs, "snapshot_retention_limit"); ok && n >= 1 || numUnknown(r.attrs, "snapshot_retention_limit") {
		return nil
	}
	return []string{"snapshot_retention_limit is 0 or unset: no automatic snapshots"}
}
