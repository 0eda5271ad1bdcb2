package policycheck

import "fmt"

const (
	trailType    = "aws_cloudtrail"
	recorderType = "aws_config_configuration_recorder"
)

var auditRules = []Rule{
	{
		ID:          "TRAIL-1",
		Severity:    Error,
		Description: "Every trail records all regions.",
		Fix:         "set is_multi_region_trail = true (and include_global_service_events = true)",
		Types:       []string{trailType},
		Checkov:     []string{"CKV_AWS_67"},
		Trivy:       []string{"AVD-AWS-0014"},
		check:       checkTrailRegions,
	},
	{
		ID:          "TRAIL-2",
		Severity:    Error,
		Description: "Every trail validates its log files.",
		Fix:         "set enable_log_file_validation = true, so that a deleted or edited log file is detected",
		Types:       []string{trailType},
		Checkov:     []string{"CKV_AWS_36"},
		Trivy:       []string{"AVD-AWS-0016"},
		check:       checkTrailValidation,
	},
	{
		ID:          "TRAIL-3",
		Severity:    Error,
		Description: "Every trail encrypts its logs with a customer-managed KMS key.",
		Fix:         "set kms_key_id to a key whose policy lets cloudtrail.amazonaws.com encrypt for this trail",
		Types:       []string{trailType},
		Checkov:     []string{"CKV_AWS_35"},
		Trivy:       []string{"AVD-AWS-0015"},
		check:       checkTrailKMS,
	},
	{
		ID:          "TRAIL-4",
		Severity:    Warning,
		Description: "Every trail also delivers to CloudWatch Logs, for alarms on API activity.",
		Fix:         "set cloud_watch_logs_group_arn and cloud_watch_logs_role_arn",
		Types:       []string{trailType},
		Checkov:     []string{"CKV2_AWS_10"},
		Trivy:       []string{"AVD-AWS-0162"},
		check:       checkTrailCloudWatch,
	},
	{
		ID:          "CONFIG-1",
		Severity:    Error,
		Description: "Every Config recorder records all supported resource types.",
		Fix:         "set recording_group { all_supported = true } without an inclusion or exclusion strategy",
		Types:       []string{recorderType},
		Checkov:     []string{"CKV2_AWS_48"},
		check:       checkRecorderAllSupported,
	},
	{
		ID:          "CONFIG-2",
		Severity:    Error,
		Description: "Every Config recorder is started.",
		Fix:         "add an aws_config_configuration_recorder_status for the recorder with is_enabled = true (and a delivery channel)",
		Types:       []string{recorderType},
		Checkov:     []string{"CKV2_AWS_45"},
		check:       checkRecorderEnabled,
	},
	{
		ID:          "CONFIG-3",
		Severity:    Warning,
		Description: "Every Config aggregator collects from all regions.",
		Fix:         "set all_regions = true in the aggregation source; suppress with a reason when a region-deny SCP keeps the organization to the listed regions",
		Types:       []string{"aws_config_configuration_aggregator"},
		Checkov:     []string{"CKV_AWS_121"},
		Trivy:       []string{"AVD-AWS-0019"},
		check:       checkAggregatorRegions,
	},
	{
		ID:          "GD-1",
		Severity:    Error,
		Description: "Every GuardDuty detector is enabled, and the organization enrolls its member accounts.",
		Fix:         `set enable = true on aws_guardduty_detector and auto_enable_organization_members = "ALL" on aws_guardduty_organization_configuration`,
		Types:       []string{"aws_guardduty_detector", "aws_guardduty_organization_configuration"},
		Checkov:     []string{"CKV2_AWS_3"},
		check:       checkGuardDuty,
	},
}

func checkTrailRegions(_ *stack, t *resource) []string {
	if !on(t.attrs, "is_multi_region_trail", false) {
		return []string{"is_multi_region_trail is not true: activity in other regions is not recorded"}
	}
	return nil
}

func checkTrailValidation(_ *stack, t *resource) []string {
	if !on(t.attrs, "enable_log_file_validation", false) {
		return []string{"enable_log_file_validation is not true"}
	}
	return nil
}

func checkTrailKMS(_ *stack, t *resource) []string {
	if !set(t.attrs, "kms_key_id") {
		return []string{"kms_key_id is not set: logs are encrypted with SSE-S3 only"}
	}
	return nil
}

func checkTrailCloudWatch(_ *stack, t *resource) []string {
	if !set(t.attrs, "cloud_watch_logs_group_arn") {
		return []string{"cloud_watch_logs_group_arn is not set"}
	}
	return nil
}

func checkRecorderAllSupported(_ *stack, r *resource) []string {
	g := block(r.attrs, "recording_group")
	if g == nil {
		return nil // the provider's default records all supported types
	}
	if !on(g, "all_supported", true) {
		return []string{"recording_group all_supported is false: only the listed resource types are recorded"}
	}
	if use := str(block(g, "recording_strategy"), "use_only"); use != "" && use != "ALL_SUPPORTED_RESOURCE_TYPES" && !isExpr(use) {
		return []string{fmt.Sprintf("recording_strategy use_only is %s", use)}
	}
	return nil
}

func checkRecorderEnabled(s *stack, r *resource) []string {
	name := str(r.attrs, "name")
	if name == "" {
		name = "default"
	}
	for _, st := range s.byType["aws_config_configuration_recorder_status"] {
		v := st.attrs["name"]
		if refersTo(v, r) || str(st.attrs, "name") == name {
			if on(st.attrs, "is_enabled", false) {
				return nil
			}
			return []string{"the recorder status has is_enabled false"}
		}
	}
	return []string{"no aws_config_configuration_recorder_status starts this recorder"}
}

func checkAggregatorRegions(_ *stack, a *resource) []string {
	for _, key := range []string{"account_aggregation_source", "organization_aggregation_source"} {
		src := block(a.attrs, key)
		if src == nil {
			continue
		}
		if !on(src, "all_regions", false) {
			return []string{fmt.Sprintf("the aggregator collects from %v only: resources in other regions go unseen", strs(src, "regions"))}
		}
	}
	return nil
}

func checkGuardDuty(_ *stack, r *resource) []string {
	if r.typ == "aws_guardduty_detector" {
		if !on(r.attrs, "enable", true) {
			return []string{"the detector is disabled"}
		}
		return nil
	}
	if m := str(r.attrs, "auto_enable_organization_members"); m == "NONE" || (m == "" && boolArg(r.attrs, "auto_enable") == no) {
		return []string{"new member accounts are not enrolled in GuardDuty"}
	}
	return nil
}
