package policycheck

import (
	"encoding/json"
	"maps"
	"strings"
	"testing"
)

// obj is a JSON object in a fixture.
type obj = map[string]any

// res is one resource of a fixture stack.
type res struct {
	typ, name string
	body      obj
}

// R builds a resource.
func R(typ, name string, body obj) res { return res{typ, name, body} }

// tf renders resources as a stack's Terraform JSON, with the construct
// path metadata CDKTF writes ("test/<name>"). A type "data.<type>" is a
// data source.
func tf(t testing.TB, rs ...res) []byte {
	t.Helper()
	types, data := obj{}, obj{}
	for _, r := range rs {
		body := maps.Clone(r.body)
		meta, _ := body["//"].(obj)
		meta = maps.Clone(meta)
		if meta == nil {
			meta = obj{}
		}
		meta["metadata"] = obj{"path": "test/" + r.name, "uniqueId": r.name}
		body["//"] = meta
		blocks, typ := types, r.typ
		if dt, ok := strings.CutPrefix(r.typ, "data."); ok {
			blocks, typ = data, dt
		}
		byName, _ := blocks[typ].(obj)
		if byName == nil {
			byName = obj{}
			blocks[typ] = byName
		}
		byName[r.name] = body
	}
	doc := obj{"resource": types}
	if len(data) > 0 {
		doc["data"] = data
	}
	out, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// with returns a copy of body with key set (nil deletes it).
func with(body obj, kv ...any) obj {
	out := maps.Clone(body)
	for i := 0; i+1 < len(kv); i += 2 {
		k := kv[i].(string)
		if kv[i+1] == nil {
			delete(out, k)
			continue
		}
		out[k] = kv[i+1]
	}
	return out
}

// replace returns rs with the resource of that type and name given a new
// body, or removed when body is nil.
func replace(rs []res, typ, name string, body obj) []res {
	var out []res
	for _, r := range rs {
		if r.typ == typ && r.name == name {
			if body != nil {
				out = append(out, R(typ, name, body))
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

// doc renders a policy document as the JSON string a policy argument holds.
func doc(statements ...obj) string {
	list := make([]any, len(statements))
	for i, s := range statements {
		list[i] = s
	}
	out, _ := json.Marshal(obj{"Version": "2012-10-17", "Statement": list})
	return string(out)
}

func tlsDeny(action string) obj {
	return obj{"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": action, "Resource": "*",
		"Condition": obj{"Bool": obj{"aws:SecureTransport": "false"}}}
}

const (
	keyARN  = "${aws_kms_key.k.arn}"
	bucketR = "${aws_s3_bucket.b.id}"
)

// goodBucket is a bucket with every setting the S3 rules want.
func goodBucket() []res {
	return []res{
		R("aws_s3_bucket", "b", obj{"bucket": "acme-b"}),
		R("aws_s3_bucket_public_access_block", "b-pab", obj{"bucket": bucketR, "block_public_acls": true, "block_public_policy": true, "ignore_public_acls": true, "restrict_public_buckets": true}),
		R("aws_s3_bucket_versioning", "b-versioning", obj{"bucket": bucketR, "versioning_configuration": obj{"status": "Enabled"}}),
		R("aws_s3_bucket_server_side_encryption_configuration", "b-sse", obj{"bucket": bucketR, "rule": []any{obj{"apply_server_side_encryption_by_default": obj{"sse_algorithm": "aws:kms", "kms_master_key_id": keyARN}, "bucket_key_enabled": true}}}),
		R("aws_s3_bucket_ownership_controls", "b-ownership", obj{"bucket": bucketR, "rule": obj{"object_ownership": "BucketOwnerEnforced"}}),
		R("aws_s3_bucket_lifecycle_configuration", "b-lifecycle", obj{"bucket": bucketR, "rule": []any{obj{"id": "expire", "status": "Enabled", "filter": []any{obj{}}, "expiration": []any{obj{"days": 365}}}}}),
		R("aws_s3_bucket_logging", "b-logging", obj{"bucket": bucketR, "target_bucket": "acme-logs", "target_prefix": "b/"}),
		R("aws_s3_bucket_policy", "b-policy", obj{"bucket": bucketR, "policy": doc(tlsDeny("s3:*"))}),
	}
}

func goodVPC() []res {
	return []res{
		R("aws_vpc", "v", obj{"cidr_block": "10.0.0.0/16"}),
		R("aws_flow_log", "v-flow", obj{"vpc_id": "${aws_vpc.v.id}", "traffic_type": "ALL", "log_destination": "${aws_cloudwatch_log_group.l.arn}"}),
		R("aws_default_security_group", "v-default", obj{"vpc_id": "${aws_vpc.v.id}"}),
	}
}

// goodSG is a web group admitting HTTPS from the internet, as an
// internet-facing load balancer's group does.
func goodSG() []res {
	return []res{
		R("aws_security_group", "web", obj{"name": "web", "description": "Web tier", "vpc_id": "${aws_vpc.v.id}", "tags": obj{InternetFacingTag: "true"}}),
		R("aws_vpc_security_group_ingress_rule", "web-in-443", obj{"security_group_id": "${aws_security_group.web.id}", "ip_protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_ipv4": "0.0.0.0/0", "description": "HTTPS from the internet"}),
	}
}

var goodCluster = obj{
	"engine": "aurora-postgresql", "master_username": "dbadmin", "manage_master_user_password": true,
	"storage_encrypted": true, "kms_key_id": keyARN, "deletion_protection": true,
	"iam_database_authentication_enabled": true, "backup_retention_period": 7,
	"enabled_cloudwatch_logs_exports": []any{"postgresql"},
}

var goodClusterInstance = obj{
	"cluster_identifier": "${aws_rds_cluster.c.id}", "instance_class": "db.r6g.large", "engine": "aurora-postgresql",
	"performance_insights_enabled": true, "performance_insights_kms_key_id": keyARN,
	"monitoring_interval": 60, "publicly_accessible": false,
}

var goodDBInstance = obj{
	"engine":                              "postgres",
	"instance_class":                      "db.t4g.medium",
	"username":                            "dbadmin",
	"manage_master_user_password":         true,
	"storage_encrypted":                   true,
	"kms_key_id":                          keyARN,
	"deletion_protection":                 true,
	"iam_database_authentication_enabled": true,
	"backup_retention_period":             14,
	"enabled_cloudwatch_logs_exports":     []any{"postgresql"},
	"performance_insights_enabled":        true,
	"performance_insights_kms_key_id":     keyARN,
	"monitoring_interval":                 60,
}

func goodAPI() []res {
	return []res{
		R("aws_api_gateway_stage", "s", obj{"rest_api_id": "${aws_api_gateway_rest_api.api.id}", "stage_name": "prod", "deployment_id": "${aws_api_gateway_deployment.d.id}",
			"xray_tracing_enabled": true, "access_log_settings": obj{"destination_arn": "${aws_cloudwatch_log_group.l.arn}", "format": "{}"}}),
		R("aws_api_gateway_method_settings", "s-all", obj{"rest_api_id": "${aws_api_gateway_rest_api.api.id}", "stage_name": "${aws_api_gateway_stage.s.stage_name}", "method_path": "*/*",
			"settings": obj{"logging_level": "INFO", "metrics_enabled": true}}),
		R("aws_wafv2_web_acl_association", "s-waf", obj{"resource_arn": "${aws_api_gateway_stage.s.arn}", "web_acl_arn": "${aws_wafv2_web_acl.w.arn}"}),
		R("aws_api_gateway_method", "post", obj{"rest_api_id": "${aws_api_gateway_rest_api.api.id}", "resource_id": "${aws_api_gateway_resource.r.id}", "http_method": "POST",
			"authorization": "AWS_IAM", "request_validator_id": "${aws_api_gateway_request_validator.v.id}"}),
	}
}

var goodFunction = obj{
	"function_name":                  "f",
	"role":                           "${aws_iam_role.f.arn}",
	"handler":                        "bootstrap",
	"runtime":                        "provided.al2023",
	"tracing_config":                 obj{"mode": "Active"},
	"reserved_concurrent_executions": 10,
	"dead_letter_config":             obj{"target_arn": "${aws_sqs_queue.dlq.arn}"},
	"environment":                    obj{"variables": obj{"TABLE": "orders"}},
	"kms_key_arn":                    keyARN,
}

var goodTable = obj{
	"name":                        "orders",
	"billing_mode":                "PAY_PER_REQUEST",
	"hash_key":                    "pk",
	"point_in_time_recovery":      obj{"enabled": true},
	"server_side_encryption":      obj{"enabled": true, "kms_key_arn": keyARN},
	"deletion_protection_enabled": true,
}

func goodQueues() []res {
	return []res{
		R("aws_sqs_queue", "q", obj{"kms_master_key_id": keyARN, "redrive_policy": `{"deadLetterTargetArn":"${aws_sqs_queue.dlq.arn}","maxReceiveCount":5}`}),
		R("aws_sqs_queue", "dlq", obj{"kms_master_key_id": keyARN}),
		R("aws_sqs_queue_policy", "q-policy", obj{"queue_url": "${aws_sqs_queue.q.id}", "policy": doc(tlsDeny("sqs:*"))}),
		R("aws_sqs_queue_policy", "dlq-policy", obj{"queue_url": "${aws_sqs_queue.dlq.url}", "policy": doc(tlsDeny("sqs:*"))}),
	}
}

func goodTopic() []res {
	return []res{
		R("aws_sns_topic", "t", obj{"kms_master_key_id": keyARN}),
		R("aws_sns_topic_policy", "t-policy", obj{"arn": "${aws_sns_topic.t.arn}", "policy": doc(tlsDeny("sns:Publish"))}),
	}
}

var goodTrail = obj{
	"name": "org", "s3_bucket_name": "acme-logs", "is_multi_region_trail": true, "enable_log_file_validation": true,
	"kms_key_id": keyARN, "cloud_watch_logs_group_arn": "${aws_cloudwatch_log_group.l.arn}:*",
}

func rolePolicy(statements ...obj) []res {
	return []res{R("aws_iam_role_policy", "p", obj{"role": "${aws_iam_role.r.name}", "policy": doc(statements...)})}
}

func allow(action any, resource any) obj {
	return obj{"Effect": "Allow", "Action": action, "Resource": resource}
}
