package costestimate

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// Assumptions are the monthly usage quantities the estimate cannot read
// from the stacks (requests, gigabytes processed, storage), by key, as the
// organization file's cost_assumptions gives them. A key applies to each
// resource of its kind: nat_gateway_gb: 100 means 100 GB through every NAT
// gateway. A key left out is assumed 0 and the report says so; nothing is
// guessed. UsageKeys lists the keys.
type Assumptions map[string]float64

// UsageKey describes one assumption key.
type UsageKey struct {
	Key string
	// Per says what one quantity is counted for ("per NAT gateway").
	Per string
	// Unit is the unit of the quantity ("GB", "million requests").
	Unit string
	// price is the price table key of one unit.
	price string
	// max bounds the quantity where AWS bounds it; 0 means no bound.
	max float64
}

// usageKeys is every assumption key. Each is used by the catalog.
var usageKeys = map[string]UsageKey{}

func init() {
	for _, k := range []UsageKey{
		{Key: "nat_gateway_gb", Per: "per NAT gateway", Unit: "GB processed", price: "nat_gateway_gb"},
		{Key: "vpc_endpoint_gb", Per: "per interface endpoint", Unit: "GB processed", price: "vpc_endpoint_gb"},
		{Key: "transit_gateway_gb", Per: "per Transit Gateway attachment", Unit: "GB sent to the Transit Gateway", price: "tgw_gb"},
		{Key: "alb_lcu", Per: "per application load balancer", Unit: "LCU-hours", price: "alb_lcu_hour"},
		{Key: "nlb_lcu", Per: "per network load balancer", Unit: "NLCU-hours", price: "nlb_lcu_hour"},
		{Key: "gwlb_lcu", Per: "per gateway load balancer", Unit: "GLCU-hours", price: "gwlb_lcu_hour"},
		{Key: "kms_requests_10k", Per: "per KMS key", Unit: "blocks of 10,000 requests (beyond the free 20,000 per account)", price: "kms_10k_requests"},
		{Key: "kms_rotations", Per: "per KMS key with rotation", Unit: "rotations so far (AWS charges the first two)", price: "kms_rotation_month", max: 2},
		{Key: "secret_api_calls_10k", Per: "per secret", Unit: "blocks of 10,000 API calls", price: "secret_10k_calls"},
		{Key: "log_ingest_gb", Per: "per log group (a flow log's group: flow_log_gb)", Unit: "GB ingested", price: "logs_ingest_gb"},
		{Key: "log_stored_gb", Per: "per log group", Unit: "GB stored (retention bounds it)", price: "logs_stored_gb"},
		{Key: "flow_log_gb", Per: "per flow log", Unit: "GB of flow log records delivered (vended logs)", price: "vended_logs_gb"},
		{Key: "s3_storage_gb", Per: "per bucket", Unit: "GB stored in S3 Standard", price: "s3_standard_gb"},
		{Key: "s3_replication_gb", Per: "per replication configuration", Unit: "GB replicated across regions", price: "s3_replication_gb"},
		{Key: "efs_standard_gb", Per: "per EFS file system", Unit: "GB stored in EFS Standard", price: "efs_standard_gb"},
		{Key: "efs_ia_gb", Per: "per EFS file system", Unit: "GB stored in EFS Infrequent Access", price: "efs_ia_gb"},
		{Key: "ebs_snapshot_gb", Per: "per snapshot policy", Unit: "GB of snapshots kept (incremental)", price: "ebs_snapshot_gb"},
		{Key: "ebs_snapshot_copy_gb", Per: "per snapshot policy with a DR copy", Unit: "GB of snapshots copied to the DR region", price: "inter_region_gb"},
		{Key: "backup_storage_gb", Per: "per backup vault", Unit: "GB of recovery points kept (warm)", price: "backup_warm_gb"},
		{Key: "backup_copy_gb", Per: "per backup plan with a DR copy", Unit: "GB of recovery points copied to the DR region", price: "inter_region_gb"},
		{Key: "aurora_storage_gb", Per: "per Aurora cluster", Unit: "GB stored", price: "aurora_storage_gb"},
		{Key: "aurora_io_million", Per: "per Aurora Standard cluster", Unit: "million I/O requests", price: "aurora_million_io"},
		{Key: "dynamodb_write_million", Per: "per on-demand table", Unit: "million write request units", price: "dynamodb_million_wru"},
		{Key: "dynamodb_read_million", Per: "per on-demand table", Unit: "million read request units", price: "dynamodb_million_rru"},
		{Key: "dynamodb_storage_gb", Per: "per table", Unit: "GB stored", price: "dynamodb_gb"},
		{Key: "lambda_requests_million", Per: "per function", Unit: "million invocations", price: "lambda_million_requests"},
		{Key: "lambda_gb_seconds", Per: "per function", Unit: "GB-seconds of duration", price: "lambda_arm_gb_second"},
		{Key: "sqs_requests_million", Per: "per queue", Unit: "million requests", price: "sqs_million_requests"},
		{Key: "sns_requests_million", Per: "per topic", Unit: "million publishes", price: "sns_million_requests"},
		{Key: "api_requests_million", Per: "per REST API", Unit: "million calls", price: "apigw_rest_million_calls"},
		{Key: "http_api_requests_million", Per: "per HTTP API", Unit: "million calls", price: "apigw_http_million_calls"},
		{Key: "ses_emails_thousand", Per: "per email identity", Unit: "thousand emails sent", price: "ses_thousand_emails"},
		{Key: "waf_requests_million", Per: "per web ACL", Unit: "million requests inspected", price: "waf_million_requests"},
		{Key: "cloudfront_gb", Per: "per distribution", Unit: "GB delivered to viewers", price: "cloudfront_gb"},
		{Key: "ecr_storage_gb", Per: "per repository", Unit: "GB of images stored", price: "ecr_storage_gb_month"},
		{Key: "cloudfront_requests_10k", Per: "per distribution", Unit: "ten thousand HTTPS requests", price: "cloudfront_https_10k"},
		{Key: "route53_queries_million", Per: "per hosted zone", Unit: "million queries", price: "route53_million_queries"},
		{Key: "kinesis_put_units_million", Per: "per provisioned stream", Unit: "million PUT payload units", price: "kinesis_million_put_units"},
		{Key: "kinesis_ingest_gb", Per: "per on-demand stream", Unit: "GB ingested", price: "kinesis_on_demand_ingest_gb"},
		{Key: "firehose_ingest_gb", Per: "per Firehose stream", Unit: "GB ingested", price: "firehose_ingest_gb"},
		{Key: "firehose_conversion_gb", Per: "per Firehose stream converting records to Parquet or ORC", Unit: "GB converted", price: "firehose_conversion_gb"},
		{Key: "athena_tb_scanned", Per: "per Athena workgroup", Unit: "TB scanned", price: "athena_tb_scanned"},
		{Key: "cloudtrail_data_events_million", Per: "per trail with data events", Unit: "million data events", price: "cloudtrail_million_data_events"},
		{Key: "config_items", Per: "per configuration recorder", Unit: "configuration items recorded", price: "config_item"},
		{Key: "config_rule_evaluations", Per: "per Config rule", Unit: "rule evaluations", price: "config_rule_evaluation"},
		{Key: "guardduty_events_million", Per: "per GuardDuty detector", Unit: "million CloudTrail management events analysed", price: "guardduty_million_events"},
		{Key: "guardduty_protection_usd", Per: "per GuardDuty protection plan (detector feature)", Unit: "USD (S3, EKS, RDS, Lambda, malware and runtime protection are priced by volume)", price: "usd"},
		{Key: "securityhub_checks", Per: "per Security Hub account", Unit: "security checks", price: "securityhub_check"},
		{Key: "access_analyzer_roles", Per: "per unused-access analyzer", Unit: "IAM roles and users analysed", price: "access_analyzer_unused_role"},
		{Key: "network_firewall_gb", Per: "per network firewall", Unit: "GB processed", price: "network_firewall_gb"},
		{Key: "resolver_queries_million", Per: "per Route 53 Resolver endpoint or firewall", Unit: "million DNS queries", price: "route53_resolver_million_dns_queries"},
		{Key: "security_service_usd", Per: "per Inspector, Macie or Detective enablement", Unit: "USD (priced by what they scan)", price: "usd"},
	} {
		usageKeys[k.Key] = k
	}
}

// UsageKeys lists every assumption key, sorted.
func UsageKeys() []UsageKey {
	out := make([]UsageKey, 0, len(usageKeys))
	for _, k := range sortedKeys(usageKeys) {
		out = append(out, usageKeys[k])
	}
	return out
}

// Validate reports unknown keys and quantities that are negative, not a
// number or above AWS's bound, one error per problem, naming the key as
// cost_assumptions.<key> and the value.
func (a Assumptions) Validate() error {
	var errs []error
	for _, k := range sortedKeys(a) {
		if msg := AssumptionProblem(k, a[k]); msg != "" {
			errs = append(errs, fmt.Errorf("cost_assumptions.%s %v: %s", k, a[k], msg))
		}
	}
	return errors.Join(errs...)
}

// AssumptionProblem says what is wrong with one assumption, "" if nothing:
// an unknown key, or a quantity that is negative, not a number or above
// AWS's bound.
func AssumptionProblem(key string, v float64) string {
	uk, ok := usageKeys[key]
	switch {
	case !ok:
		return "unknown key; known keys: " + knownKeysList()
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "not a number"
	case v < 0:
		return "must not be negative"
	case uk.max > 0 && v > uk.max:
		return fmt.Sprintf("at most %v (%s)", uk.max, uk.Unit)
	}
	return ""
}

func knownKeysList() string {
	keys := sortedKeys(usageKeys)
	s := ""
	for i, k := range keys {
		if i > 0 {
			s += ", "
		}
		s += k
	}
	return s
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
