package policycheck

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// conflictingArgs are the top-level argument pairs the AWS provider
// declares ConflictsWith, for the resource types this landing zone
// synthesizes. Taken from the provider's schemas
// (terraform-provider-aws v5.45.0, internal/service/*/: ConflictsWith on
// top-level attributes; nested blocks and the plugin-framework resources
// such as aws_vpc_security_group_ingress_rule are not covered).
//
// The provider rejects both arguments being set whatever their values, an
// explicit false or "" included, with "Conflicting configuration
// arguments". It skips the check while a value is unknown (a reference to
// a resource not yet created), so such a configuration passes the first
// plan and fails every plan after the first apply: issue 15, finding 16
// (sqs_managed_sse_enabled = false beside kms_master_key_id).
var conflictingArgs = map[string][][2]string{
	"aws_cloudtrail":                      {{"advanced_event_selector", "event_selector"}},
	"aws_cloudwatch_log_group":            {{"name", "name_prefix"}},
	"aws_cloudwatch_metric_alarm":         {{"dimensions", "metric_query"}, {"extended_statistic", "metric_query"}, {"extended_statistic", "statistic"}, {"metric_name", "metric_query"}, {"metric_query", "namespace"}, {"metric_query", "period"}, {"metric_query", "statistic"}, {"threshold", "threshold_metric_id"}},
	"aws_config_configuration_aggregator": {{"account_aggregation_source", "organization_aggregation_source"}},
	"aws_db_instance":                     {{"domain", "domain_auth_secret_arn"}, {"domain", "domain_dns_ips"}, {"domain", "domain_fqdn"}, {"domain", "domain_ou"}, {"domain_auth_secret_arn", "domain_iam_role_name"}, {"domain_dns_ips", "domain_iam_role_name"}, {"domain_fqdn", "domain_iam_role_name"}, {"domain_iam_role_name", "domain_ou"}, {"identifier", "identifier_prefix"}, {"manage_master_user_password", "password"}, {"replicate_source_db", "username"}},
	"aws_db_parameter_group":              {{"name", "name_prefix"}},
	"aws_db_subnet_group":                 {{"name", "name_prefix"}},
	"aws_dynamodb_table":                  {{"import_table", "restore_source_name"}},
	"aws_eip":                             {{"domain", "vpc"}},
	"aws_elasticache_replication_group":   {{"auth_token", "user_group_ids"}, {"engine", "global_replication_group_id"}, {"engine_version", "global_replication_group_id"}, {"global_replication_group_id", "node_type"}, {"global_replication_group_id", "num_node_groups"}, {"global_replication_group_id", "parameter_group_name"}, {"global_replication_group_id", "security_group_names"}, {"global_replication_group_id", "snapshot_arns"}, {"global_replication_group_id", "snapshot_name"}, {"global_replication_group_id", "transit_encryption_enabled"}, {"at_rest_encryption_enabled", "global_replication_group_id"}, {"num_cache_clusters", "num_node_groups"}},
	"aws_flow_log":                        {{"log_destination", "log_group_name"}},
	"aws_iam_group_policy":                {{"name", "name_prefix"}},
	"aws_iam_instance_profile":            {{"name", "name_prefix"}},
	"aws_iam_role":                        {{"name", "name_prefix"}},
	"aws_iam_role_policy":                 {{"name", "name_prefix"}},
	"aws_kms_alias":                       {{"name", "name_prefix"}},
	"aws_lambda_event_source_mapping":     {{"amazon_managed_kafka_event_source_config", "self_managed_event_source"}, {"amazon_managed_kafka_event_source_config", "self_managed_kafka_event_source_config"}, {"event_source_arn", "self_managed_kafka_event_source_config"}},
	"aws_lambda_function":                 {{"filename", "s3_object_version"}, {"image_uri", "s3_object_version"}},
	"aws_lambda_permission":               {{"statement_id", "statement_id_prefix"}},
	"aws_nat_gateway":                     {{"secondary_private_ip_address_count", "secondary_private_ip_addresses"}},
	"aws_rds_cluster":                     {{"cluster_identifier", "cluster_identifier_prefix"}, {"manage_master_user_password", "master_password"}},
	"aws_rds_cluster_instance":            {{"identifier", "identifier_prefix"}},
	"aws_rds_cluster_parameter_group":     {{"name", "name_prefix"}},
	"aws_s3_bucket":                       {{"acl", "grant"}, {"bucket", "bucket_prefix"}, {"object_lock_configuration", "object_lock_enabled"}},
	"aws_security_group":                  {{"name", "name_prefix"}},
	"aws_sns_topic":                       {{"name", "name_prefix"}},
	"aws_sqs_queue":                       {{"kms_master_key_id", "sqs_managed_sse_enabled"}, {"name", "name_prefix"}},
	"aws_subnet":                          {{"availability_zone", "availability_zone_id"}},
	"aws_vpc":                             {{"assign_generated_ipv6_cidr_block", "ipv6_cidr_block"}, {"assign_generated_ipv6_cidr_block", "ipv6_ipam_pool_id"}, {"cidr_block", "ipv4_netmask_length"}, {"ipv6_cidr_block", "ipv6_netmask_length"}},
}

func conflictTypes() []string {
	types := make([]string, 0, len(conflictingArgs))
	for t := range conflictingArgs {
		types = append(types, t)
	}
	sort.Strings(types)
	return types
}

var conflictRules = []Rule{
	{
		ID:          "TF-1",
		Severity:    Error,
		Description: "No resource sets two arguments the AWS provider declares conflicting, not even to false or an empty value.",
		Fix:         "leave one of the two arguments unset (null): the provider rejects the pair whatever the values, and skips the check only while a value is unknown, so the first plan passes and every later plan fails",
		Types:       conflictTypes(),
		check:       checkConflictingArgs,
	},
	{
		// Terraform, timestamp function
		// (https://developer.hashicorp.com/terraform/language/functions/timestamp):
		// "The result of this function will change every second, so using
		// this function directly with resource attributes will cause a
		// diff to be detected on every Terraform run"; uuid
		// (.../functions/uuid): "using it directly in resource arguments
		// will result in spurious diffs"; plantimestamp
		// (.../functions/plantimestamp): "changes during every plan
		// operation". Both pages allow it with lifecycle.ignore_changes,
		// which this rule honours.
		ID:          "TF-2",
		Severity:    Error,
		Description: "No resource or data source argument calls timestamp(), plantimestamp() or uuid(): their value changes on every run, so every plan shows a diff.",
		Fix:         "use a fixed value (a description without a date), a value kept in state (random_id, time_static), or list the argument in lifecycle.ignore_changes when only its first value matters",
		Types:       []string{anyType},
		check:       checkVolatileFunctions,
	},
}

func checkConflictingArgs(_ *stack, r *resource) []string {
	var out []string
	for _, p := range conflictingArgs[r.typ] {
		a, aok := r.attrs[p[0]]
		b, bok := r.attrs[p[1]]
		if aok && bok && a != nil && b != nil {
			out = append(out, fmt.Sprintf("%s and %s are both set (%v, %v): the AWS provider declares them conflicting", p[0], p[1], a, b))
		}
	}
	return out
}

// volatileCall matches a call of a Terraform function whose value changes
// on every run. uuidv5 and formatdate are pure and do not match.
var volatileCall = regexp.MustCompile(`\b(plantimestamp|timestamp|uuid)\s*\(`)

func checkVolatileFunctions(_ *stack, r *resource) []string {
	if !mentionsVolatile(r.attrs) {
		return nil // the common case, without building paths
	}
	ignored := ignoredChanges(r.attrs)
	if ignored[ignoreAll] {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	walkStrings(r.attrs, "", func(path, s string) {
		top := path
		if i := strings.IndexAny(top, ".["); i >= 0 {
			top = top[:i]
		}
		if top == "//" || ignored[top] {
			return
		}
		for _, expr := range templates(s) {
			for _, m := range volatileCall.FindAllStringSubmatch(expr, -1) {
				msg := fmt.Sprintf("%s calls %s(): its value changes on every run, so every plan shows a diff", path, m[1])
				if !seen[msg] {
					seen[msg] = true
					out = append(out, msg)
				}
			}
		}
	})
	return out
}

// mentionsVolatile reports whether any string of v, nested, names one of
// the functions of volatileCall: a cheap filter before the exact walk.
func mentionsVolatile(v any) bool {
	switch v := v.(type) {
	case string:
		return strings.Contains(v, "(") && (strings.Contains(v, "timestamp") || strings.Contains(v, "uuid"))
	case []any:
		for _, e := range v {
			if mentionsVolatile(e) {
				return true
			}
		}
	case map[string]any:
		for _, e := range v {
			if mentionsVolatile(e) {
				return true
			}
		}
	}
	return false
}

// ignoreAll is lifecycle.ignore_changes = all.
const ignoreAll = "all"

// ignoredChanges returns the top-level arguments that lifecycle.ignore_changes
// lists, or {"all"}.
func ignoredChanges(attrs map[string]any) map[string]bool {
	out := map[string]bool{}
	for _, a := range strs(block(attrs, "lifecycle"), "ignore_changes") {
		if i := strings.IndexAny(a, ".["); i >= 0 {
			a = a[:i]
		}
		out[a] = true
	}
	return out
}

// walkStrings calls fn with every string of v, nested objects and lists
// included, and its path (a.b[0].c); keys are visited in order.
func walkStrings(v any, path string, fn func(path, s string)) {
	switch v := v.(type) {
	case string:
		fn(path, v)
	case []any:
		for i, e := range v {
			walkStrings(e, fmt.Sprintf("%s[%d]", path, i), fn)
		}
	case map[string]any:
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p := k
			if path != "" {
				p = path + "." + k
			}
			walkStrings(v[k], p, fn)
		}
	}
}

// templates returns the text of every ${...} interpolation and %{...}
// directive of s, nested braces included; $${ and %%{ are escapes for a
// literal and are skipped. An unterminated sequence runs to the end.
func templates(s string) []string {
	var out []string
	for i := 0; i+1 < len(s); i++ {
		if (s[i] != '$' && s[i] != '%') || s[i+1] != '{' {
			continue
		}
		if i > 0 && s[i-1] == s[i] {
			continue // $${ or %%{
		}
		depth, j := 1, i+2
		for ; j < len(s) && depth > 0; j++ {
			switch s[j] {
			case '{':
				depth++
			case '}':
				depth--
			}
		}
		end := j
		if depth == 0 {
			end = j - 1
		}
		out = append(out, s[i+2:end])
		i = j - 1
	}
	return out
}
