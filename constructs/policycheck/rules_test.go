package policycheck

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// ruleCase is a fixture that must (bad) or must not (good) make a rule fire.
type ruleCase struct {
	rule string
	name string
	bad  bool
	res  []res
}

func join(parts ...[]res) []res {
	var out []res
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

func one(typ, name string, body obj) []res { return []res{R(typ, name, body)} }

func bad(rule, name string, rs ...[]res) ruleCase  { return ruleCase{rule, name, true, join(rs...)} }
func good(rule, name string, rs ...[]res) ruleCase { return ruleCase{rule, name, false, join(rs...)} }

func ruleCases() []ruleCase {
	bucket := goodBucket()
	b := func(typ, name string, body obj) []res { return replace(bucket, typ, name, body) }
	vpc := goodVPC()
	api := goodAPI()
	queues := goodQueues()
	topic := goodTopic()
	ingress := func(body obj) []res { return one("aws_vpc_security_group_ingress_rule", "in", body) }
	rule := func(kv ...any) obj {
		return with(obj{"security_group_id": "${aws_security_group.app.id}", "ip_protocol": "tcp", "from_port": 8080, "to_port": 8080,
			"cidr_ipv4": "10.0.0.0/16", "description": "From the VPC"}, kv...)
	}
	cluster := func(kv ...any) []res { return one("aws_rds_cluster", "c", with(goodCluster, kv...)) }
	clusterInstance := func(kv ...any) []res { return one("aws_rds_cluster_instance", "c-1", with(goodClusterInstance, kv...)) }
	instance := func(kv ...any) []res { return one("aws_db_instance", "db", with(goodDBInstance, kv...)) }
	fn := func(kv ...any) []res { return one("aws_lambda_function", "f", with(goodFunction, kv...)) }
	table := func(kv ...any) []res { return one("aws_dynamodb_table", "t", with(goodTable, kv...)) }
	trail := func(kv ...any) []res { return one("aws_cloudtrail", "org", with(goodTrail, kv...)) }
	key := func(kv ...any) []res {
		return one("aws_kms_key", "k", with(obj{"enable_key_rotation": true, "policy": doc(
			obj{"Sid": "AccountAdministers", "Effect": "Allow", "Principal": obj{"AWS": "arn:aws:iam::111111111111:root"}, "Action": "kms:*", "Resource": "*"},
			obj{"Sid": "LogsUse", "Effect": "Allow", "Principal": obj{"Service": "logs.us-east-1.amazonaws.com"}, "Action": []any{"kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey*"}, "Resource": "*"},
		)}, kv...))
	}
	logGroup := func(kv ...any) []res {
		return one("aws_cloudwatch_log_group", "l", with(obj{"name": "/app", "retention_in_days": 365, "kms_key_id": keyARN}, kv...))
	}
	recorder := func(kv ...any) []res {
		return join(one("aws_config_configuration_recorder", "rec", with(obj{"name": "default", "role_arn": "${aws_iam_role.config.arn}",
			"recording_group": obj{"all_supported": true, "include_global_resource_types": true}}, kv...)),
			one("aws_config_configuration_recorder_status", "rec-status", obj{"name": "${aws_config_configuration_recorder.rec.name}", "is_enabled": true}))
	}
	trust := func(principal any, cond obj) []res {
		st := obj{"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
		if cond != nil {
			st["Condition"] = cond
		}
		return one("aws_iam_role", "r", obj{"name": "r", "assume_role_policy": doc(st)})
	}
	bucketPolicy := func(statements ...obj) []res {
		return one("aws_s3_bucket_policy", "p", obj{"bucket": "${aws_s3_bucket.b.id}", "policy": doc(statements...)})
	}
	instanceIMDS := func(tokens string) []res {
		return one("aws_instance", "i", obj{"ami": "ami-123", "instance_type": "t3.micro", "metadata_options": obj{"http_tokens": tokens}, "root_block_device": obj{"encrypted": true}})
	}
	cache := func(kv ...any) []res {
		return one("aws_elasticache_replication_group", "redis", with(obj{"description": "cache", "at_rest_encryption_enabled": true, "transit_encryption_enabled": true,
			"user_group_ids": []any{"${aws_elasticache_user_group.g.user_group_id}"}, "snapshot_retention_limit": 7}, kv...))
	}

	taskDef := func(c obj) []res { return one("aws_ecs_task_definition", "td", goodTaskDef(c)) }
	repo := func(kv ...any) []res {
		return one("aws_ecr_repository", "r", with(obj{"name": "app", "image_tag_mutability": "IMMUTABLE", "image_scanning_configuration": obj{"scan_on_push": true},
			"encryption_configuration": []any{obj{"encryption_type": "KMS", "kms_key": keyARN}}}, kv...))
	}
	// dist is a distribution with its standard logging v2 delivery.
	dist := func(body obj) []res {
		return join(one(cloudfrontDistribution, "d", body),
			one("aws_cloudwatch_log_delivery_source", "src", obj{"name": "d", "log_type": "ACCESS_LOGS", "resource_arn": "${aws_cloudfront_distribution.d.arn}"}),
			one("aws_cloudwatch_log_delivery", "dlv", obj{"delivery_source_name": "${aws_cloudwatch_log_delivery_source.src.name}", "delivery_destination_arn": "${aws_cloudwatch_log_delivery_destination.dst.arn}"}))
	}

	return append(append(append(append(analyticsCases(), storageCases()...), storageACases()...), tfCases()...), []ruleCase{
		bad("S3-1", "no logging", b("aws_s3_bucket_logging", "b-logging", nil)),
		good("S3-1", "logging", bucket),
		good("S3-1", "log target needs none", one("aws_s3_bucket", "logs", obj{"bucket": "acme-logs"}),
			b("aws_s3_bucket_logging", "b-logging", obj{"bucket": bucketR, "target_bucket": "${aws_s3_bucket.logs.id}"})),
		bad("S3-2", "no block", b("aws_s3_bucket_public_access_block", "b-pab", nil)),
		bad("S3-2", "one flag off", b("aws_s3_bucket_public_access_block", "b-pab", obj{"bucket": bucketR, "block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": false})),
		good("S3-2", "all four", bucket),
		bad("S3-3", "no TLS statement", b("aws_s3_bucket_policy", "b-policy", obj{"bucket": bucketR, "policy": doc(obj{"Effect": "Allow", "Principal": obj{"AWS": "arn:aws:iam::111111111111:root"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-b/*"})})),
		bad("S3-3", "no policy", b("aws_s3_bucket_policy", "b-policy", nil)),
		good("S3-3", "TLS only", bucket),
		good("S3-3", "bucket named by literal", replace(bucket, "aws_s3_bucket_policy", "b-policy", obj{"bucket": "acme-b", "policy": doc(tlsDeny("*"))})),
		bad("S3-4", "SSE-S3", b("aws_s3_bucket_server_side_encryption_configuration", "b-sse", obj{"bucket": bucketR, "rule": []any{obj{"apply_server_side_encryption_by_default": obj{"sse_algorithm": "AES256"}}}})),
		bad("S3-4", "AWS-managed key", b("aws_s3_bucket_server_side_encryption_configuration", "b-sse", obj{"bucket": bucketR, "rule": obj{"apply_server_side_encryption_by_default": []any{obj{"sse_algorithm": "aws:kms"}}}})),
		bad("S3-4", "none", b("aws_s3_bucket_server_side_encryption_configuration", "b-sse", nil)),
		good("S3-4", "CMK", bucket),
		bad("S3-5", "suspended", b("aws_s3_bucket_versioning", "b-versioning", obj{"bucket": bucketR, "versioning_configuration": obj{"status": "Suspended"}})),
		bad("S3-5", "none", b("aws_s3_bucket_versioning", "b-versioning", nil)),
		good("S3-5", "enabled", bucket),
		bad("S3-6", "object writer", b("aws_s3_bucket_ownership_controls", "b-ownership", obj{"bucket": bucketR, "rule": obj{"object_ownership": "ObjectWriter"}})),
		bad("S3-6", "none", b("aws_s3_bucket_ownership_controls", "b-ownership", nil)),
		good("S3-6", "enforced", bucket),
		bad("S3-7", "none", b("aws_s3_bucket_lifecycle_configuration", "b-lifecycle", nil)),
		bad("S3-7", "disabled rules", b("aws_s3_bucket_lifecycle_configuration", "b-lifecycle", obj{"bucket": bucketR, "rule": []any{obj{"id": "x", "status": "Disabled"}}})),
		good("S3-7", "enabled rule", bucket),
		bad("S3-8", "public-read bucket", b("aws_s3_bucket", "b", obj{"bucket": "acme-b", "acl": "public-read"})),
		bad("S3-8", "AllUsers grant", bucket, one("aws_s3_bucket_acl", "b-acl", obj{"bucket": bucketR, "access_control_policy": obj{
			"grant": []any{obj{"grantee": obj{"type": "Group", "uri": "http://acs.amazonaws.com/groups/global/AllUsers"}, "permission": "READ"}},
			"owner": obj{"id": "abc"}}})),
		good("S3-8", "private ACL", bucket, one("aws_s3_bucket_acl", "b-acl", obj{"bucket": bucketR, "acl": "private"})),

		bad("VPC-1", "no flow log", replace(vpc, "aws_flow_log", "v-flow", nil)),
		bad("VPC-1", "rejects only", replace(vpc, "aws_flow_log", "v-flow", obj{"vpc_id": "${aws_vpc.v.id}", "traffic_type": "REJECT"})),
		good("VPC-1", "all traffic", vpc),
		bad("VPC-2", "unmanaged", replace(vpc, "aws_default_security_group", "v-default", nil)),
		bad("VPC-2", "with rules", replace(vpc, "aws_default_security_group", "v-default", obj{"vpc_id": "${aws_vpc.v.id}",
			"ingress": []any{obj{"protocol": "-1", "from_port": 0, "to_port": 0, "self": true}}})),
		bad("VPC-2", "rule resource on it", vpc, ingress(rule("security_group_id", "${aws_vpc.v.default_security_group_id}"))),
		good("VPC-2", "closed", vpc),
		bad("VPC-3", "public IPs", one("aws_subnet", "public-a", obj{"vpc_id": "${aws_vpc.v.id}", "cidr_block": "10.0.0.0/24", "map_public_ip_on_launch": true})),
		bad("VPC-3", "default subnet", one("aws_default_subnet", "a", obj{"availability_zone": "us-east-1a"})),
		good("VPC-3", "private", one("aws_subnet", "private-a", obj{"vpc_id": "${aws_vpc.v.id}", "cidr_block": "10.0.1.0/24", "map_public_ip_on_launch": false})),
		bad("VPC-4", "SSH from anywhere", ingress(rule("from_port", 22, "to_port", 22, "cidr_ipv4", "0.0.0.0/0"))),
		bad("VPC-4", "all from ::/0 inline", one("aws_security_group", "wide", obj{"description": "wide", "ingress": []any{obj{"protocol": "-1", "from_port": 0, "to_port": 0, "ipv6_cidr_blocks": []any{"::/0"}, "description": "all"}}})),
		bad("VPC-4", "range rule", one("aws_security_group_rule", "range", obj{"type": "ingress", "security_group_id": "${aws_security_group.app.id}", "protocol": "tcp", "from_port": 0, "to_port": 65535, "cidr_blocks": []any{"0.0.0.0/0"}, "description": "x"})),
		good("VPC-4", "HTTPS from anywhere, SSH from the VPC", goodSG(), ingress(rule("from_port", 22, "to_port", 22))),
		bad("VPC-5", "HTTPS on an unmarked group", replace(goodSG(), "aws_security_group", "web", obj{"description": "Web tier", "vpc_id": "${aws_vpc.v.id}"})),
		good("VPC-5", "marked internet-facing", goodSG()),
		bad("VPC-6", "rule without description", ingress(rule("description", nil))),
		bad("VPC-6", "inline egress without description", one("aws_security_group", "app", obj{"description": "App", "egress": []any{obj{"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": []any{"10.0.0.0/8"}}}})),
		good("VPC-6", "described", ingress(rule()), goodSG()),
		bad("VPC-7", "default description", one("aws_security_group", "app", obj{"name": "app"})),
		good("VPC-7", "own description", goodSG()),
		bad("VPC-8", "HTTPS to anywhere", one("aws_vpc_security_group_egress_rule", "out", obj{"security_group_id": "${aws_security_group.app.id}", "ip_protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": "0.0.0.0/0", "description": "HTTPS"})),
		bad("VPC-8", "inline all to ::/0", one("aws_security_group", "wide", obj{"description": "wide", "egress": []any{obj{"protocol": "-1", "from_port": 0, "to_port": 0, "ipv6_cidr_blocks": []any{"::/0"}, "description": "all"}}})),
		bad("VPC-8", "rule resource", one("aws_security_group_rule", "out", obj{"type": "egress", "security_group_id": "${aws_security_group.app.id}", "protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": []any{"0.0.0.0/0"}, "description": "x"})),
		good("VPC-8", "to the endpoints' prefix list and group, and a named range", one("aws_vpc_security_group_egress_rule", "s3", obj{"security_group_id": "${aws_security_group.app.id}", "ip_protocol": "tcp", "from_port": 443, "to_port": 443, "prefix_list_id": "${aws_vpc_endpoint.s3.prefix_list_id}", "description": "S3"}),
			one("aws_vpc_security_group_egress_rule", "ep", obj{"security_group_id": "${aws_security_group.app.id}", "ip_protocol": "tcp", "from_port": 443, "to_port": 443, "referenced_security_group_id": "${aws_security_group.endpoints.id}", "description": "endpoints"}),
			one("aws_security_group_rule", "partner", obj{"type": "egress", "security_group_id": "${aws_security_group.app.id}", "protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": []any{"172.20.0.0/16"}, "description": "partner"}),
			one("aws_security_group_rule", "in", obj{"type": "ingress", "security_group_id": "${aws_security_group.web.id}", "protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": []any{"0.0.0.0/0"}, "description": "in"})),

		bad("RDS-1", "cluster unencrypted", cluster("storage_encrypted", false)),
		bad("RDS-1", "cluster with AWS-managed key", cluster("kms_key_id", nil)),
		bad("RDS-1", "instance unencrypted", instance("storage_encrypted", nil)),
		good("RDS-1", "CMK", cluster(), instance()),
		bad("RDS-2", "cluster", cluster("deletion_protection", false)),
		bad("RDS-2", "instance", instance("deletion_protection", nil)),
		good("RDS-2", "protected", cluster(), instance()),
		bad("RDS-3", "cluster", cluster("iam_database_authentication_enabled", nil)),
		bad("RDS-3", "postgres instance", instance("iam_database_authentication_enabled", false)),
		good("RDS-3", "on, and not applicable to SQL Server", cluster(), instance(), one("aws_db_instance", "mssql", with(goodDBInstance, "engine", "sqlserver-se", "iam_database_authentication_enabled", nil))),
		bad("RDS-4", "one day", cluster("backup_retention_period", 1)),
		bad("RDS-4", "unset", instance("backup_retention_period", nil)),
		good("RDS-4", "a week or more", cluster(), instance()),
		bad("RDS-5", "cluster instance", clusterInstance("performance_insights_enabled", nil, "performance_insights_kms_key_id", nil)),
		bad("RDS-5", "instance", instance("performance_insights_enabled", false, "performance_insights_kms_key_id", nil)),
		good("RDS-5", "on", cluster(), clusterInstance(), instance()),
		bad("RDS-6", "no key", clusterInstance("performance_insights_kms_key_id", nil)),
		bad("RDS-6", "AWS-managed key", instance("performance_insights_kms_key_id", "alias/aws/rds")),
		good("RDS-6", "CMK, or off", clusterInstance(), instance("performance_insights_enabled", false, "performance_insights_kms_key_id", nil)),
		bad("RDS-7", "cluster", cluster("enabled_cloudwatch_logs_exports", nil)),
		bad("RDS-7", "instance", instance("enabled_cloudwatch_logs_exports", []any{})),
		good("RDS-7", "exported", cluster(), instance()),
		bad("RDS-8", "cluster instance", clusterInstance("publicly_accessible", true)),
		bad("RDS-8", "instance", instance("publicly_accessible", true)),
		good("RDS-8", "private", clusterInstance(), instance()),
		bad("RDS-9", "password in configuration", cluster("manage_master_user_password", nil, "master_password", "hunter2hunter2")),
		bad("RDS-9", "instance password", instance("manage_master_user_password", nil, "password", "hunter2hunter2")),
		bad("RDS-9", "not managed", cluster("manage_master_user_password", false)),
		good("RDS-9", "managed, or restored from a snapshot", cluster(), instance(), one("aws_rds_cluster", "restored", with(goodCluster, "manage_master_user_password", nil, "snapshot_identifier", "snap-1"))),
		bad("RDS-10", "no monitoring", clusterInstance("monitoring_interval", nil)),
		bad("RDS-10", "interval 0", instance("monitoring_interval", 0)),
		good("RDS-10", "every minute", clusterInstance(), instance()),

		bad("APIGW-1", "REST stage", replace(api, "aws_api_gateway_stage", "s", with(api[0].body, "access_log_settings", nil))),
		bad("APIGW-1", "HTTP stage", one("aws_apigatewayv2_stage", "h", obj{"api_id": "${aws_apigatewayv2_api.h.id}", "name": "$default"})),
		good("APIGW-1", "logged", api, one("aws_apigatewayv2_stage", "h", obj{"api_id": "${aws_apigatewayv2_api.h.id}", "name": "$default", "access_log_settings": obj{"destination_arn": "${aws_cloudwatch_log_group.l.arn}", "format": "{}"}})),
		bad("APIGW-2", "no method settings", replace(api, "aws_api_gateway_method_settings", "s-all", nil)),
		bad("APIGW-2", "logging off", replace(api, "aws_api_gateway_method_settings", "s-all", with(api[1].body, "settings", obj{"logging_level": "OFF"}))),
		good("APIGW-2", "INFO for */*", api),
		good("APIGW-2", "stage named literally", replace(api, "aws_api_gateway_method_settings", "s-all", with(api[1].body, "stage_name", "prod"))),
		bad("APIGW-3", "no web ACL", replace(api, "aws_wafv2_web_acl_association", "s-waf", nil)),
		good("APIGW-3", "web ACL", api),
		bad("APIGW-4", "NONE", replace(api, "aws_api_gateway_method", "post", with(api[3].body, "authorization", "NONE"))),
		good("APIGW-4", "IAM, and OPTIONS open for CORS", api, one("aws_api_gateway_method", "options", obj{"http_method": "OPTIONS", "authorization": "NONE"})),
		bad("APIGW-5", "no validator", replace(api, "aws_api_gateway_method", "post", with(api[3].body, "request_validator_id", nil))),
		good("APIGW-5", "validated", api),
		bad("APIGW-6", "no tracing", replace(api, "aws_api_gateway_stage", "s", with(api[0].body, "xray_tracing_enabled", false))),
		good("APIGW-6", "traced", api),
		bad("APIGW-7", "plain cache", one("aws_api_gateway_method_settings", "cached", obj{"method_path": "*/*", "settings": obj{"caching_enabled": true}})),
		good("APIGW-7", "encrypted cache", one("aws_api_gateway_method_settings", "cached", obj{"method_path": "*/*", "settings": obj{"caching_enabled": true, "cache_data_encrypted": true}}), api),
		bad("APIGW-8", "TLS 1.0", one("aws_api_gateway_domain_name", "d", obj{"domain_name": "api.example.com", "security_policy": "TLS_1_0"})),
		bad("APIGW-8", "unset", one("aws_apigatewayv2_domain_name", "d2", obj{"domain_name": "api.example.com", "domain_name_configuration": obj{"endpoint_type": "REGIONAL"}})),
		good("APIGW-8", "TLS 1.2", one("aws_api_gateway_domain_name", "d", obj{"domain_name": "api.example.com", "security_policy": "TLS_1_2"}),
			one("aws_apigatewayv2_domain_name", "d2", obj{"domain_name": "api.example.com", "domain_name_configuration": []any{obj{"security_policy": "TLS_1_2"}}})),

		bad("LAMBDA-1", "no DLQ", fn("dead_letter_config", nil)),
		good("LAMBDA-1", "DLQ", fn()),
		good("LAMBDA-1", "on-failure destination", fn("dead_letter_config", nil), one("aws_lambda_function_event_invoke_config", "f-async", obj{
			"function_name": "${aws_lambda_function.f.function_name}", "destination_config": obj{"on_failure": obj{"destination": "${aws_sqs_queue.dlq.arn}"}}})),
		bad("LAMBDA-2", "pass-through", fn("tracing_config", obj{"mode": "PassThrough"})),
		good("LAMBDA-2", "active", fn()),
		bad("LAMBDA-3", "unreserved", fn("reserved_concurrent_executions", -1)),
		good("LAMBDA-3", "reserved", fn()),
		bad("LAMBDA-4", "AWS-managed key", fn("kms_key_arn", nil)),
		good("LAMBDA-4", "CMK, or no variables", fn(), one("aws_lambda_function", "g", with(goodFunction, "function_name", "g", "environment", nil, "kms_key_arn", nil))),
		bad("LAMBDA-5", "service without source", one("aws_lambda_permission", "api", obj{"function_name": "${aws_lambda_function.f.function_name}", "action": "lambda:InvokeFunction", "principal": "apigateway.amazonaws.com"})),
		bad("LAMBDA-5", "anyone", one("aws_lambda_permission", "all", obj{"function_name": "f", "action": "lambda:InvokeFunction", "principal": "*"})),
		good("LAMBDA-5", "source ARN", one("aws_lambda_permission", "api", obj{"function_name": "f", "action": "lambda:InvokeFunction", "principal": "apigateway.amazonaws.com", "source_arn": "${aws_api_gateway_rest_api.api.execution_arn}/*/POST/orders"})),
		bad("LAMBDA-6", "open URL", one("aws_lambda_function_url", "u", obj{"function_name": "f", "authorization_type": "NONE"})),
		good("LAMBDA-6", "IAM URL", one("aws_lambda_function_url", "u", obj{"function_name": "f", "authorization_type": "AWS_IAM"})),

		bad("DDB-1", "no PITR", table("point_in_time_recovery", nil)),
		good("DDB-1", "PITR", table()),
		bad("DDB-2", "AWS-owned key", table("server_side_encryption", nil)),
		bad("DDB-2", "AWS-managed key", table("server_side_encryption", obj{"enabled": true})),
		good("DDB-2", "CMK", table()),
		bad("DDB-3", "unprotected", table("deletion_protection_enabled", false)),
		good("DDB-3", "protected", table()),

		bad("SQS-1", "SSE-SQS", replace(queues, "aws_sqs_queue", "dlq", obj{"sqs_managed_sse_enabled": true})),
		bad("SQS-1", "alias/aws/sqs", replace(queues, "aws_sqs_queue", "dlq", obj{"kms_master_key_id": "alias/aws/sqs"})),
		good("SQS-1", "CMK", queues),
		bad("TF-1", "SQS-managed SSE false beside a KMS key", replace(queues, "aws_sqs_queue", "dlq", obj{"kms_master_key_id": keyARN, "sqs_managed_sse_enabled": false})),
		bad("TF-1", "name and name_prefix", one("aws_db_parameter_group", "pg", obj{"name": "a", "name_prefix": "a-", "family": "postgres17"})),
		good("TF-1", "one of each pair", queues),
		good("TF-1", "name_prefix alone", one("aws_db_parameter_group", "pg", obj{"name_prefix": "a-", "family": "postgres17"})),
		bad("SQS-2", "no redrive", replace(queues, "aws_sqs_queue", "q", obj{"kms_master_key_id": keyARN})),
		good("SQS-2", "redrive, and the DLQ needs none", queues),
		good("SQS-2", "redrive resource", replace(queues, "aws_sqs_queue", "q", obj{"kms_master_key_id": keyARN}),
			one("aws_sqs_queue_redrive_policy", "q-redrive", obj{"queue_url": "${aws_sqs_queue.q.id}", "redrive_policy": `{"deadLetterTargetArn":"${aws_sqs_queue.dlq.arn}","maxReceiveCount":3}`})),
		good("SQS-2", "DLQ named by its ARN", one("aws_sqs_queue", "q", obj{"kms_master_key_id": keyARN, "redrive_policy": `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:111111111111:acme-orders-dlq","maxReceiveCount":5}`}),
			one("aws_sqs_queue", "dlq", obj{"name": "acme-orders-dlq", "kms_master_key_id": keyARN})),
		bad("SQS-2", "another queue's ARN", one("aws_sqs_queue", "q", obj{"kms_master_key_id": keyARN, "redrive_policy": `{"deadLetterTargetArn":"arn:aws:sqs:us-east-1:111111111111:acme-other-dlq","maxReceiveCount":5}`}),
			one("aws_sqs_queue", "dlq", obj{"name": "acme-orders-dlq", "kms_master_key_id": keyARN})),
		bad("SQS-3", "no policy", replace(queues, "aws_sqs_queue_policy", "q-policy", nil)),
		good("SQS-3", "TLS only", queues),
		bad("SNS-1", "unencrypted", replace(topic, "aws_sns_topic", "t", obj{})),
		bad("SNS-1", "alias/aws/sns", replace(topic, "aws_sns_topic", "t", obj{"kms_master_key_id": "alias/aws/sns"})),
		good("SNS-1", "CMK", topic),
		bad("SNS-2", "no policy", replace(topic, "aws_sns_topic_policy", "t-policy", nil)),
		good("SNS-2", "TLS only", topic),
		good("SNS-2", "inline policy", one("aws_sns_topic", "t", obj{"kms_master_key_id": keyARN, "policy": doc(tlsDeny("sns:*"))})),

		bad("LOGS-1", "forever", logGroup("retention_in_days", nil)),
		bad("LOGS-1", "zero", logGroup("retention_in_days", 0)),
		good("LOGS-1", "a year", logGroup()),
		bad("LOGS-2", "no key", logGroup("kms_key_id", nil)),
		good("LOGS-2", "CMK", logGroup()),
		bad("KMS-1", "no rotation", key("enable_key_rotation", nil)),
		good("KMS-1", "rotation, and asymmetric keys exempt", key(), one("aws_kms_key", "sign", obj{"customer_master_key_spec": "ECC_NIST_P256", "key_usage": "SIGN_VERIFY"})),
		bad("KMS-2", "kms:* to a role", key("policy", doc(obj{"Effect": "Allow", "Principal": obj{"AWS": []any{"arn:aws:iam::111111111111:root", "arn:aws:iam::111111111111:role/admin"}}, "Action": "kms:*", "Resource": "*"}))),
		bad("KMS-2", "NotAction to a service", key("policy", doc(obj{"Effect": "Allow", "Principal": obj{"Service": "s3.amazonaws.com"}, "NotAction": "kms:ScheduleKeyDeletion", "Resource": "*"}))),
		good("KMS-2", "kms:* to the root only", key()),

		bad("IAM-1", "star", rolePolicy(allow("*", "*"))),
		bad("IAM-1", "service wildcard", rolePolicy(allow([]any{"s3:GetObject", "s3:*"}, "arn:aws:s3:::b/*"))),
		bad("IAM-1", "NotAction in a role's inline policy", one("aws_iam_role", "r", obj{"assume_role_policy": doc(obj{"Effect": "Allow", "Principal": obj{"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}),
			"inline_policy": []any{obj{"name": "x", "policy": doc(obj{"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"})}}})),
		good("IAM-1", "listed actions, and a denied wildcard", rolePolicy(allow([]any{"s3:GetObject", "s3:Get*"}, "arn:aws:s3:::b/*"), obj{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": obj{"Bool": obj{"aws:SecureTransport": "false"}}})),
		bad("IAM-2", "write anywhere", rolePolicy(allow("s3:PutObject", "*"))),
		bad("IAM-2", "secrets anywhere", one("aws_iam_policy", "p", obj{"policy": doc(allow("secretsmanager:GetSecretValue", []any{"*"}))})),
		good("IAM-2", "star only where AWS requires it", rolePolicy(allow([]any{"xray:PutTraceSegments", "xray:PutTelemetryRecords", "ec2:DescribeInstances"}, "*"), allow("s3:PutObject", "arn:aws:s3:::b/*"),
			obj{"Effect": "Allow", "Action": "kms:Decrypt", "Resource": "*", "Condition": obj{"StringEquals": obj{"kms:ViaService": "secretsmanager.us-east-1.amazonaws.com"}}})),
		bad("IAM-3", "anyone", trust(obj{"AWS": "*"}, nil)),
		bad("IAM-3", "star principal", trust("*", nil)),
		good("IAM-3", "a service, and anyone in the organization", trust(obj{"Service": "lambda.amazonaws.com"}, nil),
			one("aws_iam_role", "org", obj{"assume_role_policy": doc(obj{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole", "Condition": obj{"StringEquals": obj{"aws:PrincipalOrgID": "o-abc"}}})})),
		bad("IAM-4", "public bucket policy", bucketPolicy(obj{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"})),
		bad("IAM-4", "public key policy", key("policy", doc(obj{"Effect": "Allow", "Principal": obj{"AWS": "*"}, "Action": "kms:Decrypt", "Resource": "*"}))),
		good("IAM-4", "anyone in the organization", bucketPolicy(obj{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*", "Condition": obj{"StringEquals": obj{"aws:PrincipalOrgID": "o-abc"}}}), bucket),
		bad("IAM-5", "sqs:*", one("aws_sqs_queue_policy", "qp", obj{"queue_url": "${aws_sqs_queue.q.id}", "policy": doc(obj{"Effect": "Allow", "Principal": obj{"AWS": "arn:aws:iam::222222222222:root"}, "Action": "sqs:*", "Resource": "*"})})),
		good("IAM-5", "listed actions", one("aws_sqs_queue_policy", "qp", obj{"queue_url": "${aws_sqs_queue.q.id}", "policy": doc(obj{"Effect": "Allow", "Principal": obj{"Service": "sns.amazonaws.com"}, "Action": "sqs:SendMessage", "Resource": "*",
			"Condition": obj{"ArnEquals": obj{"aws:SourceArn": "${aws_sns_topic.t.arn}"}}})}), bucket),
		bad("IAM-6", "user attachment", one("aws_iam_user_policy_attachment", "u", obj{"user": "alice", "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"})),
		bad("IAM-6", "policy attachment with users", one("aws_iam_policy_attachment", "a", obj{"name": "a", "users": []any{"alice"}, "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"})),
		good("IAM-6", "groups only", one("aws_iam_policy_attachment", "a", obj{"name": "a", "groups": []any{"readers"}, "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"})),
		bad("IAM-7", "attachment", one("aws_iam_role_policy_attachment", "admin", obj{"role": "r", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"})),
		bad("IAM-7", "managed_policy_arns", one("aws_iam_role", "r", obj{"assume_role_policy": doc(obj{"Effect": "Allow", "Principal": obj{"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}), "managed_policy_arns": []any{"arn:aws-us-gov:iam::aws:policy/AdministratorAccess"}})),
		good("IAM-7", "read only", one("aws_iam_group_policy_attachment", "ro", obj{"group": "g", "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"})),

		bad("TRAIL-1", "one region", trail("is_multi_region_trail", false)),
		good("TRAIL-1", "all regions", trail()),
		bad("TRAIL-2", "no validation", trail("enable_log_file_validation", nil)),
		good("TRAIL-2", "validation", trail()),
		bad("TRAIL-3", "no key", trail("kms_key_id", nil)),
		good("TRAIL-3", "key", trail()),
		bad("TRAIL-4", "S3 only", trail("cloud_watch_logs_group_arn", nil)),
		good("TRAIL-4", "CloudWatch Logs too", trail()),
		bad("CONFIG-1", "listed types", recorder("recording_group", obj{"all_supported": false, "resource_types": []any{"AWS::S3::Bucket"}})),
		bad("CONFIG-1", "exclusions", recorder("recording_group", obj{"all_supported": false, "recording_strategy": obj{"use_only": "EXCLUSION_BY_RESOURCE_TYPES"}})),
		good("CONFIG-1", "all supported", recorder()),
		good("CONFIG-1", "provider default", recorder("recording_group", nil)),
		bad("CONFIG-2", "never started", recorder()[:1]),
		bad("CONFIG-2", "stopped", recorder()[:1], one("aws_config_configuration_recorder_status", "st", obj{"name": "default", "is_enabled": false})),
		good("CONFIG-2", "started", recorder()),
		bad("CONFIG-3", "listed regions", one("aws_config_configuration_aggregator", "a", obj{"name": "org", "organization_aggregation_source": obj{"regions": []any{"us-east-1"}, "role_arn": "x"}})),
		good("CONFIG-3", "all regions", one("aws_config_configuration_aggregator", "a", obj{"name": "org", "account_aggregation_source": []any{obj{"all_regions": true, "account_ids": []any{"111111111111"}}}})),
		bad("GD-1", "disabled", one("aws_guardduty_detector", "gd", obj{"enable": false})),
		bad("GD-1", "members not enrolled", one("aws_guardduty_organization_configuration", "org", obj{"detector_id": "x", "auto_enable_organization_members": "NONE"})),
		good("GD-1", "enabled", one("aws_guardduty_detector", "gd", obj{"enable": true}), one("aws_guardduty_organization_configuration", "org", obj{"detector_id": "x", "auto_enable_organization_members": "ALL"})),

		bad("EC2-1", "optional tokens", instanceIMDS("optional")),
		bad("EC2-1", "launch template default", one("aws_launch_template", "lt", obj{"image_id": "ami-1"})),
		good("EC2-1", "required", instanceIMDS("required"), one("aws_launch_template", "lt", obj{"metadata_options": []any{obj{"http_tokens": "required"}}})),
		bad("EC2-2", "volume", one("aws_ebs_volume", "v", obj{"availability_zone": "us-east-1a", "size": 10})),
		bad("EC2-2", "instance root", one("aws_instance", "i", obj{"metadata_options": obj{"http_tokens": "required"}})),
		bad("EC2-2", "template device", one("aws_launch_template", "lt", obj{"metadata_options": obj{"http_tokens": "required"}, "block_device_mappings": []any{obj{"device_name": "/dev/xvda", "ebs": obj{"volume_size": 20}}}})),
		good("EC2-2", "encrypted", instanceIMDS("required"), one("aws_ebs_volume", "v", obj{"availability_zone": "us-east-1a", "size": 10, "encrypted": true, "kms_key_id": keyARN})),
		bad("EC2-3", "off", one("aws_ebs_encryption_by_default", "ebs", obj{"enabled": false})),
		good("EC2-3", "on", one("aws_ebs_encryption_by_default", "ebs", obj{"enabled": true})),
		bad("CACHE-1", "at rest", cache("at_rest_encryption_enabled", nil)),
		good("CACHE-1", "encrypted", cache()),
		bad("CACHE-2", "in transit", cache("transit_encryption_enabled", false)),
		good("CACHE-2", "encrypted", cache()),

		bad("ALB-1", "plain HTTP", one("aws_lb_listener", "l", obj{"protocol": "HTTP", "port": 80, "default_action": []any{obj{"type": "forward", "target_group_arn": "x"}}})),
		good("ALB-1", "redirect", one("aws_lb_listener", "l", obj{"protocol": "HTTP", "port": 80, "default_action": []any{obj{"type": "redirect", "redirect": obj{"protocol": "HTTPS", "port": "443", "status_code": "HTTP_301"}}}})),
		good("ALB-1", "HTTPS", one("aws_lb_listener", "l", httpsListener("ELBSecurityPolicy-TLS13-1-2-Res-2021-06"))),
		bad("ALB-2", "default policy", one("aws_lb_listener", "l", httpsListener(""))),
		bad("ALB-2", "TLS 1.0", one("aws_lb_listener", "l", httpsListener("ELBSecurityPolicy-2016-08"))),
		good("ALB-2", "TLS 1.3", one("aws_lb_listener", "l", httpsListener("ELBSecurityPolicy-TLS13-1-2-Res-2021-06"))),
		bad("ALB-3", "invalid headers", one("aws_lb", "lb", alb("drop_invalid_header_fields", nil))),
		bad("ALB-3", "monitor", one("aws_lb", "lb", alb("desync_mitigation_mode", "monitor"))),
		good("ALB-3", "dropped", one("aws_lb", "lb", alb())),
		good("ALB-3", "network load balancer", one("aws_lb", "lb", alb("load_balancer_type", "network", "drop_invalid_header_fields", nil))),
		bad("ALB-4", "no logs", one("aws_lb", "lb", alb("access_logs", nil))),
		bad("ALB-4", "disabled", one("aws_lb", "lb", alb("access_logs", obj{"bucket": "logs", "enabled": false}))),
		good("ALB-4", "logged", one("aws_lb", "lb", alb())),
		bad("ALB-5", "no web ACL", one("aws_lb", "lb", alb())),
		good("ALB-5", "associated", append(one("aws_lb", "lb", alb()), R("aws_wafv2_web_acl_association", "waf", obj{"resource_arn": "${aws_lb.lb.arn}", "web_acl_arn": "x"}))),
		good("ALB-5", "internal", one("aws_lb", "lb", alb("internal", true))),
		bad("EC2-4", "hop limit 2", one("aws_launch_template", "lt", obj{"metadata_options": obj{"http_tokens": "required", "http_put_response_hop_limit": 2}})),
		bad("EC2-4", "unset", one("aws_launch_template", "lt", obj{"metadata_options": obj{"http_tokens": "required"}})),
		good("EC2-4", "hop limit 1", one("aws_launch_template", "lt", obj{"metadata_options": obj{"http_tokens": "required", "http_put_response_hop_limit": 1}})),
		bad("EC2-5", "public interface", one("aws_launch_template", "lt", obj{"network_interfaces": []any{obj{"associate_public_ip_address": "true"}}})),
		bad("EC2-5", "public instance", one("aws_instance", "i", obj{"associate_public_ip_address": true})),
		good("EC2-5", "private", one("aws_launch_template", "lt", obj{"network_interfaces": []any{obj{"associate_public_ip_address": "false"}}})),
		bad("R53-1", "no alarm", one("aws_route53_health_check", "hc", obj{"type": "HTTPS", "fqdn": "shop.example.com"})),
		good("R53-1", "alarmed", append(one("aws_route53_health_check", "hc", obj{"type": "HTTPS", "fqdn": "shop.example.com"}),
			R("aws_cloudwatch_metric_alarm", "a", obj{"namespace": "AWS/Route53", "metric_name": "HealthCheckStatus", "dimensions": obj{"HealthCheckId": "${aws_route53_health_check.hc.id}"}}))),
		bad("CACHE-3", "auth token", cache("auth_token", "s3cr3t-t0ken-0123456789")),
		bad("CACHE-3", "no authentication", cache("user_group_ids", nil)),
		good("CACHE-3", "RBAC", cache()),
		bad("CACHE-4", "replicas without failover", cache("num_cache_clusters", 3)),
		bad("CACHE-4", "multi-AZ without failover", cache("multi_az_enabled", true)),
		good("CACHE-4", "failover", cache("num_cache_clusters", 3, "automatic_failover_enabled", true, "multi_az_enabled", true)),
		good("CACHE-4", "single node", cache("num_cache_clusters", 1)),
		bad("CACHE-5", "no snapshots", cache("snapshot_retention_limit", 0)),
		good("CACHE-5", "a week", cache()),

		bad("ECS-1", "writable root", taskDef(container("readonlyRootFilesystem", false))),
		bad("ECS-1", "unset", taskDef(container("readonlyRootFilesystem", nil))),
		good("ECS-1", "read-only", taskDef(container())),
		good("ECS-1", "unreadable expression", one("aws_ecs_task_definition", "td", obj{"family": "app", "container_definitions": "${jsonencode(local.defs)}"})),
		bad("ECS-2", "privileged", taskDef(container("privileged", true))),
		good("ECS-2", "unprivileged", taskDef(container())),
		bad("ECS-3", "host network", one("aws_ecs_task_definition", "td", with(goodTaskDef(container()), "network_mode", "host"))),
		good("ECS-3", "awsvpc", taskDef(container())),
		bad("ECS-4", "no logs", taskDef(container("logConfiguration", nil))),
		good("ECS-4", "awslogs", taskDef(container())),
		bad("ECS-5", "no insights", one("aws_ecs_cluster", "c", obj{"name": "app"})),
		bad("ECS-5", "disabled", one("aws_ecs_cluster", "c", obj{"name": "app", "setting": []any{obj{"name": "containerInsights", "value": "disabled"}}})),
		good("ECS-5", "enabled", one("aws_ecs_cluster", "c", obj{"name": "app", "setting": []any{obj{"name": "containerInsights", "value": "enabled"}}})),
		bad("ECR-1", "no scan", repo("image_scanning_configuration", nil)),
		good("ECR-1", "scan on push", repo()),
		bad("ECR-2", "mutable", repo("image_tag_mutability", "MUTABLE")),
		bad("ECR-2", "default", repo("image_tag_mutability", nil)),
		good("ECR-2", "immutable", repo()),
		bad("ECR-3", "AES256", repo("encryption_configuration", []any{obj{"encryption_type": "AES256"}})),
		bad("ECR-3", "AWS managed key", repo("encryption_configuration", []any{obj{"encryption_type": "KMS"}})),
		good("ECR-3", "CMK", repo()),

		bad("CF-1", "allow-all", dist(with(goodDist, "default_cache_behavior", with(goodBehavior, "viewer_protocol_policy", "allow-all")))),
		bad("CF-1", "ordered behavior", dist(with(goodDist, "ordered_cache_behavior", []any{with(goodBehavior, "path_pattern", "/api/*", "viewer_protocol_policy", "allow-all")}))),
		good("CF-1", "redirect", dist(goodDist)),
		bad("CF-2", "legacy OAI", dist(with(goodDist, "origin", []any{obj{"origin_id": "s3", "domain_name": "b.s3.us-east-1.amazonaws.com", "s3_origin_config": obj{"origin_access_identity": "origin-access-identity/cloudfront/E1"}}}))),
		bad("CF-2", "public bucket", dist(with(goodDist, "origin", []any{obj{"origin_id": "s3", "domain_name": "b.s3.us-east-1.amazonaws.com"}}))),
		good("CF-2", "OAC", dist(goodDist)),
		good("CF-2", "custom origin", dist(with(goodDist, "origin", []any{obj{"origin_id": "alb", "domain_name": "app.example.com", "custom_origin_config": obj{"origin_protocol_policy": "https-only"}}}))),
		bad("CF-3", "default certificate", dist(with(goodDist, "viewer_certificate", obj{"cloudfront_default_certificate": true}))),
		bad("CF-3", "old policy", dist(with(goodDist, "viewer_certificate", obj{"acm_certificate_arn": "arn:aws:acm:us-east-1:111111111111:certificate/x", "ssl_support_method": "sni-only", "minimum_protocol_version": "TLSv1.1_2016"}))),
		good("CF-3", "TLSv1.2_2021", dist(goodDist)),
		bad("CF-4", "no logs", one(cloudfrontDistribution, "d", goodDist)),
		bad("CF-4", "source without delivery", one(cloudfrontDistribution, "d", goodDist), one("aws_cloudwatch_log_delivery_source", "src", obj{"name": "d", "log_type": "ACCESS_LOGS", "resource_arn": "${aws_cloudfront_distribution.d.arn}"})),
		good("CF-4", "standard logging v2", dist(goodDist)),
		good("CF-4", "legacy logging", one(cloudfrontDistribution, "d", with(goodDist, "logging_config", obj{"bucket": "logs.s3.amazonaws.com"}))),
		bad("CF-5", "no WAF", dist(with(goodDist, "web_acl_id", nil))),
		good("CF-5", "web ACL", dist(goodDist)),
	}...)
}

// TestRules makes every rule fire on its bad fixtures and stay quiet on
// its good ones.
func TestRules(t *testing.T) {
	for _, tc := range ruleCases() {
		verdict := "good"
		if tc.bad {
			verdict = "bad"
		}
		t.Run(tc.rule+"/"+verdict+"/"+tc.name, func(t *testing.T) {
			t.Parallel()
			rep, err := Check("test", tf(t, tc.res...), Options{})
			if err != nil {
				t.Fatal(err)
			}
			var fired []Finding
			for _, f := range rep.Findings {
				if f.RuleID == tc.rule {
					fired = append(fired, f)
				}
			}
			if tc.bad && len(fired) == 0 {
				t.Fatalf("%s did not fire; findings: %v", tc.rule, rep.Findings)
			}
			if !tc.bad && len(fired) > 0 {
				t.Fatalf("%s fired on a good resource: %v", tc.rule, fired)
			}
			for _, f := range fired {
				if f.Message == "" || f.Fix == "" || !strings.HasPrefix(f.Path, "test/") {
					t.Errorf("incomplete finding: %+v", f)
				}
			}
		})
	}
}

// TestEveryRuleHasCases keeps the table complete: a rule without a bad and
// a good fixture is untested.
func TestEveryRuleHasCases(t *testing.T) {
	badSeen, goodSeen := map[string]bool{}, map[string]bool{}
	for _, tc := range ruleCases() {
		if _, ok := ruleByID[tc.rule]; !ok {
			t.Errorf("case %q names unknown rule %s", tc.name, tc.rule)
		}
		if tc.bad {
			badSeen[tc.rule] = true
		} else {
			goodSeen[tc.rule] = true
		}
	}
	for _, r := range pack {
		if !badSeen[r.ID] {
			t.Errorf("%s has no bad fixture", r.ID)
		}
		if !goodSeen[r.ID] {
			t.Errorf("%s has no good fixture", r.ID)
		}
	}
}

var (
	checkovRE = regexp.MustCompile(`^CKV2?_AWS_[0-9]+$`)
	trivyRE   = regexp.MustCompile(`^AVD-AWS-[0-9]{4}$`)
	ruleIDRE  = regexp.MustCompile(`^[A-Z0-9]+(-[A-Z]+)?-[0-9]+$`)
)

// TestRuleDefinitions checks what the table and the reports rely on.
func TestRuleDefinitions(t *testing.T) {
	if len(pack) < 40 {
		t.Errorf("the pack has %d rules; the issue asks for 40 or more", len(pack))
	}
	seen := map[string]bool{}
	for _, r := range append(Rules(), MetaRules()...) {
		if seen[r.ID] {
			t.Errorf("duplicate rule id %s", r.ID)
		}
		seen[r.ID] = true
		if !ruleIDRE.MatchString(r.ID) {
			t.Errorf("%s: malformed id", r.ID)
		}
		if r.Severity != Error && r.Severity != Warning {
			t.Errorf("%s: severity %q", r.ID, r.Severity)
		}
		if r.Description == "" || strings.Contains(r.Description, "\n") || !strings.HasSuffix(r.Description, ".") {
			t.Errorf("%s: description must be one sentence on one line: %q", r.ID, r.Description)
		}
		if r.Fix == "" {
			t.Errorf("%s: no fix", r.ID)
		}
		for _, id := range r.Checkov {
			if !checkovRE.MatchString(id) {
				t.Errorf("%s: checkov id %q", r.ID, id)
			}
		}
		for _, id := range r.Trivy {
			if !trivyRE.MatchString(id) {
				t.Errorf("%s: trivy id %q", r.ID, id)
			}
		}
	}
	for _, r := range pack {
		if r.check == nil || len(r.Types) == 0 {
			t.Errorf("%s: no check or no resource types", r.ID)
		}
	}
}

// container is a container definition with every setting the ECS rules
// want, changed by kv (nil deletes a key).
func container(kv ...any) obj {
	return with(obj{"name": "app", "image": "app:v1", "essential": true, "readonlyRootFilesystem": true, "user": "1000",
		"logConfiguration": obj{"logDriver": "awslogs", "options": obj{"awslogs-group": "/ecs/app"}}}, kv...)
}

// goodTaskDef is a Fargate task definition running c.
func goodTaskDef(c obj) obj {
	defs, _ := json.Marshal([]any{c})
	return obj{"family": "app", "network_mode": "awsvpc", "requires_compatibilities": []any{"FARGATE"}, "container_definitions": string(defs)}
}

var goodBehavior = obj{"target_origin_id": "s3", "viewer_protocol_policy": "redirect-to-https", "allowed_methods": []any{"GET", "HEAD"}, "cached_methods": []any{"GET", "HEAD"}}

// goodDist is a distribution body with every setting the CloudFront rules
// want, logging aside (see dist in ruleCases).
var goodDist = obj{
	"enabled":                true,
	"origin":                 []any{obj{"origin_id": "s3", "domain_name": "b.s3.us-east-1.amazonaws.com", "origin_access_control_id": "${aws_cloudfront_origin_access_control.oac.id}"}},
	"default_cache_behavior": goodBehavior,
	"viewer_certificate":     obj{"acm_certificate_arn": "arn:aws:acm:us-east-1:111111111111:certificate/x", "ssl_support_method": "sni-only", "minimum_protocol_version": "TLSv1.2_2021"},
	"web_acl_id":             "arn:aws:wafv2:us-east-1:111111111111:global/webacl/cf/x",
	"restrictions":           obj{"geo_restriction": obj{"restriction_type": "none"}},
}

func httpsListener(policy string) obj {
	l := obj{"protocol": "HTTPS", "port": 443, "certificate_arn": "arn", "default_action": []any{obj{"type": "forward", "target_group_arn": "x"}}}
	if policy != "" {
		l["ssl_policy"] = policy
	}
	return l
}

// alb is an internet-facing Application Load Balancer that passes the ALB
// rules but ALB-5, with kv changed.
func alb(kv ...any) obj {
	return with(obj{
		"load_balancer_type": "application", "internal": false, "drop_invalid_header_fields": true,
		"desync_mitigation_mode": "strictest", "access_logs": obj{"bucket": "logs", "enabled": true},
	}, kv...)
}
