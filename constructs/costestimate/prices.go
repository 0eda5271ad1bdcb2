package costestimate

// PriceDate is the day the figures of the price tables were read. Every
// report carries it: an estimate is only as current as its prices.
const PriceDate = "2026-11-30"

// HoursPerMonth is AWS's convention for monthly prices of hourly resources
// (the AWS Pricing Calculator uses 730 hours).
const HoursPerMonth = 730

// Currency of every figure.
const Currency = "USD"

// A note on sources. The figures below are on-demand list prices in USD.
// AWS's own pricing pages (https://aws.amazon.com/<service>/pricing/) render
// their tables in JavaScript and are not in the reference index this
// project was built with; where the search found only a secondary source,
// the comment names it and says "not verified against AWS's page". Where
// the search found no source at all, the comment says "from memory of
// <AWS page>, not verified": the figure is the author's recollection of
// that page and the first to check. Check them at https://calculator.aws
// before relying on a figure, and update PriceDate with the table.

// usEast1 is the price table of us-east-1 (N. Virginia), read 2026-11-30.
var usEast1 = map[string]float64{
	// VPC: NAT gateway $0.045/hour and $0.045/GB processed; the AWS page
	// (https://aws.amazon.com/vpc/pricing/) was not in the index; figures
	// from basavytix.com/blog/aws-nat-gateway-pricing ("us-east-1 rates")
	// and cloudburn.io/blog/aws-nat-gateway-pricing, 2026; not verified
	// against AWS's page.
	"nat_gateway_hour": 0.045,
	"nat_gateway_gb":   0.045,
	// Public IPv4 address, in use or idle, $0.005/hour since 2024-02-01:
	// AWS News Blog "New – AWS Public IPv4 Address Charge + Public IP
	// Insights" (https://aws.amazon.com/blogs/aws/new-aws-public-ipv4-address-charge-public-ip-insights/),
	// as quoted by doit.com/aws-public-ipv4-price-increase-the-complete-guide.
	"public_ipv4_hour": 0.005,
	// AWS PrivateLink interface endpoint: $0.01 per endpoint per AZ-hour
	// and $0.01/GB for the first PB: https://aws.amazon.com/privatelink/pricing/
	// (the Japanese edition, https://aws.amazon.com/jp/privatelink/pricing/,
	// gives the per-GB tiers: first 1 PB 0.01 USD); the hourly figure from
	// knbrlo.com/notes/aws/nat-gateway-data-processing, not verified
	// against AWS's page.
	"vpc_endpoint_az_hour": 0.01,
	"vpc_endpoint_gb":      0.01,
	// Transit Gateway: $0.05 per attachment-hour, billed to the VPC
	// owner (https://www.amazonaws.cn/en/transit-gateway/pricing/ states
	// who pays), $0.02/GB processed; figures from
	// c3x.dev/blog/aws-transit-gateway-cost-explained and
	// awsnegotiations.com/transit-gateway-pricing.html; not verified
	// against https://aws.amazon.com/transit-gateway/pricing/.
	"tgw_attachment_hour": 0.05,
	"tgw_gb":              0.02,
	// Elastic Load Balancing: ALB $0.0225/hour + $0.008/LCU-hour, NLB
	// $0.0225/hour + $0.006/NLCU-hour, GWLB $0.0125/hour; from memory of
	// https://aws.amazon.com/elasticloadbalancing/pricing/, not verified
	// (page not in the index).
	"alb_hour":      0.0225,
	"alb_lcu_hour":  0.008,
	"nlb_hour":      0.0225,
	"nlb_lcu_hour":  0.006,
	"gwlb_hour":     0.0125,
	"gwlb_lcu_hour": 0.004,

	// EC2 Linux on-demand per hour: from memory of
	// https://aws.amazon.com/ec2/pricing/on-demand/, not verified (page not
	// in the index).
	"ec2:t3.micro":   0.0104,
	"ec2:t3.small":   0.0208,
	"ec2:t3.medium":  0.0416,
	"ec2:t3.large":   0.0832,
	"ec2:t4g.micro":  0.0084,
	"ec2:t4g.small":  0.0168,
	"ec2:t4g.medium": 0.0336,
	"ec2:t4g.large":  0.0672,
	"ec2:m5.large":   0.096,
	"ec2:m6i.large":  0.096,
	"ec2:m7i.large":  0.1008,
	"ec2:m7g.large":  0.0816,
	"ec2:m7g.xlarge": 0.1632,
	"ec2:c7g.large":  0.0725,
	"ec2:r7g.large":  0.1071,

	// Aurora PostgreSQL and MySQL, Aurora Standard, on-demand per
	// instance-hour (https://aws.amazon.com/rds/aurora/pricing/: "The
	// prices below apply to both the MySQL- compatible and the
	// PostgreSQL-compatible editions"; its instance table is not in the
	// index). db.r7g.large $0.276, db.t4g.large $0.146, db.t4g.medium
	// $0.073: gist thom-vend/c710e4fb173b4bea91bc12204c25ee86 (2024,
	// "Standard aurora pricing not I/O optimized"); the other classes from
	// memory, not verified. Secondary sources disagree: wring.co's Aurora
	// guide (March 2026) gives db.r7g.large $0.26/h, a calculator at
	// store-v2-khaki.vercel.app gives Aurora PostgreSQL db.t4g.medium
	// $0.090; this table keeps the gist's figures. Serverless v2
	// $0.12/ACU-hour, storage $0.10/GB-month, $0.20 per million I/Os: the
	// same calculator page and wring.co agree. The Aurora User Guide, "DB
	// instance billing for Aurora",
	// https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/User_DBInstanceBilling.html,
	// gives the billing dimensions: instance hours, storage, I/O on Aurora
	// Standard only, backup storage.
	"aurora:db.t4g.medium": 0.073,
	"aurora:db.t4g.large":  0.146,
	"aurora:db.t3.medium":  0.082,
	"aurora:db.r6g.large":  0.26,
	"aurora:db.r6g.xlarge": 0.519,
	"aurora:db.r7g.large":  0.276,
	"aurora:db.r7g.xlarge": 0.552,
	"aurora_acu_hour":      0.12,
	"aurora_storage_gb":    0.10,
	"aurora_million_io":    0.20,
	// Aurora I/O-Optimized (storage_type aurora-iopt1): instances and ACUs
	// cost 30% more, I/O is free, storage $0.225/GB-month; same source, not
	// verified.
	"aurora_iopt_factor":     1.3,
	"aurora_iopt_storage_gb": 0.225,

	// RDS for PostgreSQL, Single-AZ on-demand per hour (Multi-AZ with one
	// standby doubles it), gp2/gp3 storage $0.115/GB-month (doubled for
	// Multi-AZ); usage.ai/blogs/aws/reserved-instances/rds/pricing-calculator
	// gives gp3 $0.115/GB-month (US East, June 2026); the instance figures
	// from memory of https://aws.amazon.com/rds/postgresql/pricing/, not
	// verified.
	"rds:postgres:db.t4g.micro":  0.016,
	"rds:postgres:db.t4g.small":  0.032,
	"rds:postgres:db.t4g.medium": 0.065,
	"rds:postgres:db.m7g.large":  0.168,
	"rds:postgres:db.r7g.large":  0.239,
	"rds_gp_storage_gb":          0.115,

	// ElastiCache node-based, Redis OSS on-demand per node-hour (Valkey
	// nodes cost 20% less: valkeyFactor). From memory of
	// https://aws.amazon.com/elasticache/pricing/, not verified.
	"elasticache:cache.t4g.micro":  0.016,
	"elasticache:cache.t4g.small":  0.032,
	"elasticache:cache.t4g.medium": 0.065,
	"elasticache:cache.m7g.large":  0.158,
	"elasticache:cache.r7g.large":  0.219,

	// Fargate Linux per vCPU-hour and GB-hour, x86 and ARM; from memory of
	// https://aws.amazon.com/fargate/pricing/, not verified.
	"fargate_vcpu_hour":     0.04048,
	"fargate_gb_hour":       0.004445,
	"fargate_arm_vcpu_hour": 0.03238,
	"fargate_arm_gb_hour":   0.00356,

	// KMS: $1 per customer managed key per month; each of the first two
	// rotations adds $1/month; $0.03 per 10,000 requests beyond 20,000
	// free. The $1 key and request figures: cloudburn.io/blog/aws-kms-pricing
	// (March 2026, "a flat $1/month per customer managed key, plus API call
	// charges beyond the 20,000 free requests per month") and gist
	// dasgoll/b88d5be05dcc0deb052ad40446c2fb40. Rotation: before April
	// 2024 each rotation added $1/month without a cap (canglad.com, "Simple
	// Math of AWS KMS Key Rotation Costs", quoting the pricing page of
	// 2023-09-01); its update and cloudburn.io name AWS's 2024 reduction,
	// which this table takes as a cap at the second rotation (from memory
	// of https://aws.amazon.com/kms/pricing/, not verified).
	"kms_key_month":      1.0,
	"kms_rotation_month": 1.0,
	"kms_10k_requests":   0.03,
	// Secrets Manager: $0.40 per secret-month, $0.05 per 10,000 API calls;
	// from memory of https://aws.amazon.com/secrets-manager/pricing/, not
	// verified. RDS-managed master user secrets are billed too: "When you
	// store database secrets in Secrets Manager, your AWS account incurs
	// charges" (Amazon RDS User Guide, "Password management with Amazon RDS
	// and AWS Secrets Manager").
	"secret_month":     0.40,
	"secret_10k_calls": 0.05,
	// CloudWatch: standard alarm $0.10 per alarm metric-month, high
	// resolution $0.30, composite $0.50 (c3x.dev/resources/aws/aws_cloudwatch_metric_alarm);
	// dashboard $3/month; logs $0.50/GB ingested (standard class and vended
	// logs such as flow logs, first 10 TB) and $0.03/GB-month stored; from
	// memory of https://aws.amazon.com/cloudwatch/pricing/, not verified.
	"alarm_standard_month":  0.10,
	"alarm_high_res_month":  0.30,
	"alarm_composite_month": 0.50,
	"dashboard_month":       3.0,
	"logs_ingest_gb":        0.50,
	"logs_stored_gb":        0.03,
	"vended_logs_gb":        0.50,
	// Route 53: hosted zone $0.50/month (first 25), $0.40 per million
	// standard queries; health check $0.50 (AWS endpoint) or $0.75 (other
	// endpoints), optional features $1.00 (AWS) or $2.00 (other) each; from
	// memory of https://aws.amazon.com/route53/pricing/, not verified.
	"route53_zone_month":                   0.50,
	"route53_million_queries":              0.40,
	"route53_health_check_aws_month":       0.50,
	"route53_health_check_other_month":     0.75,
	"route53_health_check_feature_other":   2.00,
	"route53_health_check_feature_aws":     1.00,
	"route53_resolver_endpoint_eni_hour":   0.125,
	"route53_resolver_million_dns_queries": 0.40,
	// WAF: $5 per web ACL-month, $1 per rule-month (a rule group counts as
	// one rule), $0.60 per million requests, the same in every region:
	// AWS Networking & Content Delivery blog, "Cost-effective ways for
	// securing your web applications using AWS WAF" ("The pricing for AWS
	// WAF is consistent across all AWS Regions"), figures from
	// c3x.dev/blog/aws-waf-cost-explained and
	// awsnegotiations.com/waf-pricing-strategy.html; not verified against
	// https://aws.amazon.com/waf/pricing/.
	"waf_web_acl_month":    5.0,
	"waf_rule_month":       1.0,
	"waf_million_requests": 0.60,
	// CloudFront, United States and Europe (PriceClass_100): data transfer
	// out to the internet $0.085/GB (first 10 TB), HTTPS requests
	// $0.0100 per 10,000; from memory of
	// https://aws.amazon.com/cloudfront/pricing/, not verified (page not
	// in the index). The always-free tier (1 TB, 10 million requests a
	// month) is not subtracted.
	"cloudfront_gb":        0.085,
	"cloudfront_https_10k": 0.0100,
	// ECR private repository storage $0.10 per GB-month; from memory of
	// https://aws.amazon.com/ecr/pricing/, not verified.
	"ecr_storage_gb_month": 0.10,
	// Kinesis Data Streams: $0.015 per shard-hour and $0.014 per million
	// PUT payload units (provisioned), $0.04 per stream-hour and $0.08/GB
	// ingested (on-demand); from memory of
	// https://aws.amazon.com/kinesis/data-streams/pricing/, not verified.
	"kinesis_shard_hour":          0.015,
	"kinesis_million_put_units":   0.014,
	"kinesis_on_demand_hour":      0.04,
	"kinesis_on_demand_ingest_gb": 0.08,
	// Amazon Data Firehose: $0.029/GB ingested (first 500 TB a month, in
	// 5 KB increments) and $0.018/GB converted to Parquet or ORC; Amazon
	// Athena: $5 per TB scanned (10 MB minimum a query). From memory of
	// https://aws.amazon.com/firehose/pricing/ and
	// https://aws.amazon.com/athena/pricing/, not verified.
	"firehose_ingest_gb":     0.029,
	"firehose_conversion_gb": 0.018,
	"athena_tb_scanned":      5.00,
	// EBS per GB-month by volume type; gp3 $0.005 per provisioned IOPS over
	// 3,000 and $0.04 per MB/s over 125; io1/io2 $0.065 per provisioned
	// IOPS (io2's first tier); from memory of https://aws.amazon.com/ebs/pricing/,
	// not verified.
	"ebs:gp3":      0.08,
	"ebs:gp2":      0.10,
	"ebs:io1":      0.125,
	"ebs:io2":      0.125,
	"ebs:st1":      0.045,
	"ebs:sc1":      0.015,
	"ebs:standard": 0.05,
	"ebs_gp3_iops": 0.005,
	"ebs_gp3_mbps": 0.04,
	"ebs_piops":    0.065,
	// S3 Standard $0.023/GB-month (first 50 TB), cross-region replication
	// transfer $0.02/GB; from memory of https://aws.amazon.com/s3/pricing/,
	// not verified.
	"s3_standard_gb":    0.023,
	"s3_replication_gb": 0.02,
	// EFS Standard $0.30/GB-month, Infrequent Access $0.016/GB-month;
	// elastic throughput reads $0.03/GB and writes $0.06/GB; from memory
	// of https://aws.amazon.com/efs/pricing/, not verified.
	"efs_standard_gb": 0.30,
	"efs_ia_gb":       0.016,
	// EBS snapshots $0.05/GB-month (standard tier); AWS Backup warm
	// storage $0.05/GB-month for EBS and EFS (DynamoDB $0.10, Aurora
	// $0.021: the report names EBS/EFS's rate), cross-region copies billed
	// as inter-region transfer at $0.02/GB; from memory of
	// https://aws.amazon.com/ebs/pricing/ and
	// https://aws.amazon.com/backup/pricing/, not verified.
	"ebs_snapshot_gb": 0.05,
	"backup_warm_gb":  0.05,
	"inter_region_gb": 0.02,
	// DynamoDB on-demand $0.625 per million write and $0.125 per million
	// read request units (after the November 2024 price cut), $0.25/GB-month
	// stored; provisioned $0.00065 per WCU-hour and $0.00013 per RCU-hour;
	// from memory of https://aws.amazon.com/dynamodb/pricing/, not verified.
	"dynamodb_million_wru": 0.625,
	"dynamodb_million_rru": 0.125,
	"dynamodb_gb":          0.25,
	"dynamodb_wcu_hour":    0.00065,
	"dynamodb_rcu_hour":    0.00013,
	// Lambda $0.20 per million requests, $0.0000133334 per GB-second on
	// arm64 and $0.0000166667 on x86_64; SQS $0.40 and SNS $0.50 per
	// million requests; API Gateway REST $3.50 and HTTP $1.00 per million
	// calls; SES $0.10 per 1,000 emails; from memory of each service's
	// pricing page, not verified.
	"lambda_million_requests":  0.20,
	"lambda_arm_gb_second":     0.0000133334,
	"lambda_x86_gb_second":     0.0000166667,
	"sqs_million_requests":     0.40,
	"sns_million_requests":     0.50,
	"apigw_rest_million_calls": 3.50,
	"apigw_http_million_calls": 1.00,
	"ses_thousand_emails":      0.10,
	// CloudTrail: the first copy of management events is free, data events
	// $0.10 per 100,000 ($1.00 per million); Config $0.003 per configuration
	// item recorded and $0.001 per rule evaluation (first 100,000);
	// GuardDuty $4.00 per million CloudTrail management events analysed
	// (first 500 million); Security Hub $0.0010 per security check (first
	// 100,000); IAM Access Analyzer unused access $0.20 per role or user
	// analysed per month; from memory of each service's pricing page, not
	// verified.
	"cloudtrail_million_data_events": 1.00,
	"config_item":                    0.003,
	"config_rule_evaluation":         0.001,
	"guardduty_million_events":       4.00,
	"securityhub_check":              0.001,
	"access_analyzer_unused_role":    0.20,
	// Network Firewall $0.395 per endpoint-hour and $0.065/GB processed;
	// from memory of https://aws.amazon.com/network-firewall/pricing/, not
	// verified.
	"network_firewall_endpoint_hour": 0.395,
	"network_firewall_gb":            0.065,
	// A usage figure the model gives in USD directly (unit "USD").
	"usd": 1.0,
}

// valkeyFactor is the price of an ElastiCache Valkey node relative to a Redis
// OSS node of the same type: AWS prices node-based Valkey 20% lower (from
// memory of https://aws.amazon.com/elasticache/pricing/, not verified).
const valkeyFactor = 0.8

// usWest2 is the price table of us-west-2 (Oregon), read 2026-11-30: the
// same list prices as us-east-1 for every figure here (Oregon and N.
// Virginia share the lowest US tier; basavytix.com and
// cloudpipelines.pages.dev/guides/aws-nat-gateway-pricing-2026 list NAT
// gateway prices for "US West (Oregon, N. California)" equal to US East's;
// the other figures are not verified per region). A figure that differs
// goes into the overrides below with its source.
var usWest2 = withOverrides(usEast1, map[string]float64{})

// priceTables maps a region to its table. A region without a table is
// reported: every resource with a fixed price there is listed as unpriced.
var priceTables = map[string]map[string]float64{
	"us-east-1": usEast1,
	"us-west-2": usWest2,
}

// PricedRegions lists the regions that have a price table.
func PricedRegions() []string {
	return sortedKeys(priceTables)
}

func withOverrides(base, over map[string]float64) map[string]float64 {
	out := make(map[string]float64, len(base))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		out[k] = v
	}
	return out
}
