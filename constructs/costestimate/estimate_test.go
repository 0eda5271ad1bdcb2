package costestimate

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// doc builds a stack's Terraform JSON: a default provider in us-east-1, an
// aliased one in us-west-2 ("aws.west") and one in a region without a
// price table ("aws.far"), and the given resources by type and name.
func doc(t *testing.T, resources map[string]map[string]map[string]any) []byte {
	t.Helper()
	d := map[string]any{
		"provider": map[string]any{"aws": []any{
			map[string]any{"region": "us-east-1"},
			map[string]any{"region": "us-west-2", "alias": "west"},
			map[string]any{"region": "eu-south-9", "alias": "far"},
		}},
		"resource": resources,
	}
	data, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func one(typ string, attrs map[string]any) map[string]map[string]map[string]any {
	return map[string]map[string]map[string]any{typ: {"r": attrs}}
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.005 }

func TestFixedPrices(t *testing.T) {
	h := float64(HoursPerMonth)
	tests := []struct {
		name      string
		resources map[string]map[string]map[string]any
		want      float64
	}{
		{"NAT gateway", one("aws_nat_gateway", map[string]any{"subnet_id": "${aws_subnet.a.id}"}), 0.045 * h},
		{"Elastic IP", one("aws_eip", map[string]any{"domain": "vpc"}), 0.005 * h},
		{"gateway endpoint is free", one("aws_vpc_endpoint", map[string]any{"service_name": "com.amazonaws.us-east-1.s3"}), 0},
		{"interface endpoint per zone", one("aws_vpc_endpoint", map[string]any{"vpc_endpoint_type": "Interface", "service_name": "com.amazonaws.us-east-1.ssm", "subnet_ids": []any{"a", "b", "c"}}), 3 * 0.01 * h},
		{"Transit Gateway attachment", one("aws_ec2_transit_gateway_vpc_attachment", map[string]any{}), 0.05 * h},
		{"internal ALB", one("aws_lb", map[string]any{"internal": true, "subnets": []any{"a", "b"}}), 0.0225 * h},
		{"internet-facing ALB with its addresses", one("aws_lb", map[string]any{"subnets": []any{"a", "b"}}), 0.0225*h + 2*0.005*h},
		{"EC2 with a root volume", one("aws_instance", map[string]any{"instance_type": "t3.micro", "root_block_device": map[string]any{"volume_size": 20, "volume_type": "gp3"}}), 0.0104*h + 20*0.08},
		{"Auto Scaling group at its floor, with the template's volumes", map[string]map[string]map[string]any{
			"aws_launch_template":   {"lt": {"instance_type": "t3.medium", "block_device_mappings": []any{map[string]any{"device_name": "/dev/xvda", "ebs": map[string]any{"volume_size": 20, "volume_type": "gp3"}}}}},
			"aws_autoscaling_group": {"g": {"min_size": 2, "max_size": 6, "launch_template": map[string]any{"id": "${aws_launch_template.lt.id}", "version": "${aws_launch_template.lt.latest_version}"}}},
		}, 2*0.0416*h + 2*20*0.08},
		{"Aurora instance", map[string]map[string]map[string]any{
			"aws_rds_cluster":          {"c": {"engine": "aurora-postgresql"}},
			"aws_rds_cluster_instance": {"w": {"instance_class": "db.r7g.large", "engine": "aurora-postgresql", "cluster_identifier": "${aws_rds_cluster.c.id}"}},
		}, 0.276 * h},
		{"Aurora I/O-Optimized", map[string]map[string]map[string]any{
			"aws_rds_cluster":          {"c": {"storage_type": "aurora-iopt1"}},
			"aws_rds_cluster_instance": {"w": {"instance_class": "db.t4g.medium", "cluster_identifier": "${aws_rds_cluster.c.id}"}},
		}, 0.073 * 1.3 * h},
		{"Serverless v2 at its minimum", map[string]map[string]map[string]any{
			"aws_rds_cluster":          {"c": {"serverlessv2_scaling_configuration": map[string]any{"min_capacity": 0.5, "max_capacity": 4}}},
			"aws_rds_cluster_instance": {"w": {"instance_class": "db.serverless", "cluster_identifier": "${aws_rds_cluster.c.id}"}},
		}, 0.5 * 0.12 * h},
		{"managed master secret", one("aws_rds_cluster", map[string]any{"manage_master_user_password": true}), 0.40},
		{"RDS Multi-AZ with storage", one("aws_db_instance", map[string]any{"engine": "postgres", "instance_class": "db.t4g.micro", "multi_az": true, "allocated_storage": 20}), 2*0.016*h + 40*0.115},
		{"RDS read replica sized by its source", map[string]map[string]map[string]any{
			"aws_db_instance": {
				"primary": {"engine": "postgres", "instance_class": "db.t4g.micro", "allocated_storage": 20, "storage_type": "gp3"},
				"replica": {"instance_class": "db.t4g.small", "replicate_source_db": "${aws_db_instance.primary.identifier}"},
			},
		}, 0.016*h + 20*0.115 + 0.032*h + 20*0.115},
		{"ElastiCache replication group", one("aws_elasticache_replication_group", map[string]any{"node_type": "cache.t4g.small", "num_cache_clusters": 2}), 2 * 0.032 * h},
		{"ElastiCache Valkey cluster", one("aws_elasticache_cluster", map[string]any{"node_type": "cache.t4g.small", "engine": "valkey"}), 0.032 * 0.8 * h},
		{"Fargate at the autoscaling floor", map[string]map[string]map[string]any{
			"aws_ecs_task_definition":   {"td": {"cpu": "512", "memory": "1024"}},
			"aws_ecs_service":           {"svc": {"launch_type": "FARGATE", "desired_count": 1, "task_definition": "${aws_ecs_task_definition.td.arn}"}},
			"aws_appautoscaling_target": {"t": {"service_namespace": "ecs", "min_capacity": 2, "resource_id": "service/c/${aws_ecs_service.svc.name}"}},
		}, 2 * (0.5*0.04048 + 1*0.004445) * h},
		{"KMS key", one("aws_kms_key", map[string]any{"enable_key_rotation": true}), 1},
		{"secret", one("aws_secretsmanager_secret", map[string]any{}), 0.40},
		{"standard alarm", one("aws_cloudwatch_metric_alarm", map[string]any{"period": 300}), 0.10},
		{"high-resolution alarm", one("aws_cloudwatch_metric_alarm", map[string]any{"period": 10}), 0.30},
		{"metric math alarm over two metrics", one("aws_cloudwatch_metric_alarm", map[string]any{"metric_query": []any{
			map[string]any{"id": "a", "metric": map[string]any{"metric_name": "x"}},
			map[string]any{"id": "b", "metric": map[string]any{"metric_name": "y"}},
			map[string]any{"id": "e", "expression": "a/b"},
		}}), 0.20},
		{"hosted zone", one("aws_route53_zone", map[string]any{"name": "example.com"}), 0.50},
		{"HTTPS health check", one("aws_route53_health_check", map[string]any{"type": "HTTPS"}), 0.75 + 2},
		{"calculated health check", one("aws_route53_health_check", map[string]any{"type": "CALCULATED"}), 0.50},
		{"web ACL with rules", one("aws_wafv2_web_acl", map[string]any{"rule": []any{map[string]any{}, map[string]any{}, map[string]any{}}}), 5 + 3},
		{"Kinesis shards", one("aws_kinesis_stream", map[string]any{"shard_count": 2}), 2 * 0.015 * h},
		{"Kinesis on-demand", one("aws_kinesis_stream", map[string]any{"stream_mode_details": map[string]any{"stream_mode": "ON_DEMAND"}}), 0.04 * h},
		{"gp3 volume with extra IOPS and throughput", one("aws_ebs_volume", map[string]any{"type": "gp3", "size": 100, "iops": 4000, "throughput": 250}), 100*0.08 + 1000*0.005 + 125*0.04},
		{"io2 volume", one("aws_ebs_volume", map[string]any{"type": "io2", "size": 10, "iops": 1000}), 10*0.125 + 1000*0.065},
		{"volume of the default type", one("aws_ebs_volume", map[string]any{"size": 10}), 10 * 0.10},
		{"provisioned DynamoDB table", one("aws_dynamodb_table", map[string]any{"billing_mode": "PROVISIONED", "read_capacity": 10, "write_capacity": 5}), (5*0.00065 + 10*0.00013) * h},
		{"on-demand DynamoDB table", one("aws_dynamodb_table", map[string]any{"billing_mode": "PAY_PER_REQUEST"}), 0},
		{"priced in the aliased provider's region", one("aws_nat_gateway", map[string]any{"provider": "aws.west"}), 0.045 * h},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			se, err := EstimateStack("workload-dev", doc(t, tt.resources), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(se.Unpriced) > 0 {
				t.Fatalf("unpriced: %+v", se.Unpriced)
			}
			if !near(se.FixedMonthly, tt.want) {
				t.Errorf("fixed monthly = %v, want %v; items %+v", se.FixedMonthly, tt.want, se.Fixed)
			}
		})
	}
}

func TestUnpricedIsListedNotDropped(t *testing.T) {
	tests := []struct {
		name      string
		resources map[string]map[string]map[string]any
		reason    string
	}{
		{"unknown type", one("aws_shiny_new_thing", map[string]any{}), "not in the cost catalog"},
		{"unknown instance class", one("aws_instance", map[string]any{"instance_type": "x9.mega"}), "no price for EC2 x9.mega"},
		{"unknown Aurora class", one("aws_rds_cluster_instance", map[string]any{"instance_class": "db.x2g.large"}), `"db.x2g.large" is not in`},
		{"region without a price table", one("aws_nat_gateway", map[string]any{"provider": "aws.far"}), `no price table for region "eu-south-9"`},
		{"interface endpoint with unknown zones", one("aws_vpc_endpoint", map[string]any{"vpc_endpoint_type": "Interface", "subnet_ids": "${var.subnets}"}), "zones unknown"},
		{"Performance Insights beyond the free week", one("aws_rds_cluster_instance", map[string]any{"instance_class": "db.t4g.medium", "performance_insights_enabled": true, "performance_insights_retention_period": 731}), "Performance Insights retention of 731 days"},
		{"Multi-AZ DB cluster", one("aws_rds_cluster", map[string]any{"engine": "postgres", "db_cluster_instance_class": "db.m6gd.large"}), "Multi-AZ DB clusters"},
		{"API cache", one("aws_api_gateway_stage", map[string]any{"cache_cluster_enabled": true}), "cache clusters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			se, err := EstimateStack("network", doc(t, tt.resources), nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(se.Unpriced) != 1 || !strings.Contains(se.Unpriced[0].Reason, tt.reason) {
				t.Fatalf("unpriced = %+v, want one with %q", se.Unpriced, tt.reason)
			}
		})
	}
}

func TestUsageAssumptions(t *testing.T) {
	res := map[string]map[string]map[string]any{
		"aws_nat_gateway":     {"a": {}, "b": {}},
		"aws_s3_bucket":       {"logs": {}},
		"aws_lambda_function": {"f": {}},
	}
	se, err := EstimateStack("workload-prod", doc(t, res), Assumptions{"nat_gateway_gb": 100, "s3_storage_gb": 50})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]UsageLine{}
	for _, u := range se.Usage {
		got[u.Key] = u
	}
	if u := got["nat_gateway_gb"]; u.Resources != 2 || !u.Set || !near(u.Monthly, 2*100*0.045) {
		t.Errorf("nat_gateway_gb line = %+v", u)
	}
	if u := got["s3_storage_gb"]; !near(u.Monthly, 50*0.023) {
		t.Errorf("s3_storage_gb line = %+v", u)
	}
	if u, ok := got["lambda_requests_million"]; !ok || u.Set || u.Monthly != 0 || u.UnitPrice != 0.20 {
		t.Errorf("a key not set must be listed, assumed 0, with its unit price: %+v", u)
	}
	if !near(se.UsageMonthly, 9+1.15) {
		t.Errorf("usage monthly = %v", se.UsageMonthly)
	}
}

func TestFlowLogGroupIngestionCountedOnce(t *testing.T) {
	res := map[string]map[string]map[string]any{
		"aws_cloudwatch_log_group": {"flows": {}, "app": {}},
		"aws_flow_log":             {"f": {"log_destination": "${aws_cloudwatch_log_group.flows.arn}", "log_destination_type": "cloud-watch-logs"}},
	}
	se, err := EstimateStack("network", doc(t, res), Assumptions{"log_ingest_gb": 10, "flow_log_gb": 100})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, u := range se.Usage {
		got[u.Key] = u.Resources
	}
	if got["log_ingest_gb"] != 1 || got["flow_log_gb"] != 1 || got["log_stored_gb"] != 2 {
		t.Errorf("usage resources = %v, want the flow log group's ingestion on the flow log only", got)
	}
	if !near(se.UsageMonthly, 10*0.5+100*0.5) {
		t.Errorf("usage monthly = %v", se.UsageMonthly)
	}
}

func TestAssumptionsValidate(t *testing.T) {
	tests := []struct {
		a    Assumptions
		want string
	}{
		{Assumptions{"nat_gateway_gb": 10, "kms_rotations": 2}, ""},
		{Assumptions{"nat_gb": 10}, `cost_assumptions.nat_gb 10: unknown key; known keys: `},
		{Assumptions{"s3_storage_gb": -1}, "cost_assumptions.s3_storage_gb -1: must not be negative"},
		{Assumptions{"s3_storage_gb": math.NaN()}, "not a number"},
		{Assumptions{"kms_rotations": 3}, "cost_assumptions.kms_rotations 3: at most 2"},
	}
	for _, tt := range tests {
		err := tt.a.Validate()
		if tt.want == "" {
			if err != nil {
				t.Errorf("%v: %v", tt.a, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: error %v, want %q", tt.a, err, tt.want)
		}
	}
}

func TestEnvironmentOf(t *testing.T) {
	for stack, want := range map[string]string{
		"workload-prod": "prod", "workload-dev": "dev", "network": SharedEnvironment,
		"peering-dev-staging": SharedEnvironment, "organization": SharedEnvironment,
	} {
		if got := EnvironmentOf(stack); got != want {
			t.Errorf("EnvironmentOf(%q) = %q, want %q", stack, got, want)
		}
	}
}

func TestEstimateAllAddsUpEnvironments(t *testing.T) {
	nat := doc(t, one("aws_nat_gateway", map[string]any{}))
	key := doc(t, one("aws_kms_key", map[string]any{}))
	est, err := EstimateAll(map[string][]byte{"workload-dev": nat, "network": key, "security": key}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(est.Environments) != 2 || est.Environments[0].Name != "dev" || est.Environments[1].Name != SharedEnvironment {
		t.Fatalf("environments = %+v", est.Environments)
	}
	shared := est.Environments[1]
	if shared.FixedMonthly != 2 || strings.Join(shared.Stacks, ",") != "network,security" {
		t.Errorf("shared = %+v", shared)
	}
	want := "cost estimate dev: 32.85 USD/month fixed (largest: NAT gateway, 32.85)\ncost estimate shared: 2.00 USD/month fixed (largest: 2 x KMS key, 2.00)\n"
	if got := est.Summary(); got != want {
		t.Errorf("Summary() =\n%s\nwant\n%s", got, want)
	}
	if table := est.EnvironmentTable(); !strings.HasSuffix(table, "| shared | 2.00 | 0.00 | 2 x KMS key 2.00 |\n| **total** | **34.85** | **0.00** | |\n") {
		t.Errorf("EnvironmentTable() =\n%s", table)
	}
	if _, err := EstimateAll(map[string][]byte{"network": key}, Assumptions{"bogus": 1}); err == nil {
		t.Error("bad assumptions must fail")
	}
}

func TestCatalogIsConsistent(t *testing.T) {
	for typ := range catalog {
		if _, ok := freeTypes[typ]; ok {
			t.Errorf("%s is both in the catalog and free", typ)
		}
	}
	used := map[string]bool{}
	for typ, e := range catalog {
		if e.usage == nil {
			continue
		}
		// Exercise the usage functions with an empty resource and the
		// alternatives they switch on.
		for _, attrs := range []map[string]any{{}, {"vpc_endpoint_type": "Interface"}, {"load_balancer_type": "network"},
			{"load_balancer_type": "gateway"}, {"enable_key_rotation": true}, {"type": "ACCOUNT_UNUSED_ACCESS"},
			{"stream_mode_details": map[string]any{"stream_mode": "ON_DEMAND"}}, {"event_selector": []any{}},
			{"extended_s3_configuration": map[string]any{"data_format_conversion_configuration": map[string]any{"enabled": true}}},
			{"policy_details": map[string]any{"schedule": []any{map[string]any{"cross_region_copy_rule": []any{map[string]any{"target": "us-west-2"}}}}}},
			{"rule": []any{map[string]any{"copy_action": []any{map[string]any{"destination_vault_arn": "x"}}}}}} {
			for _, k := range e.usage(&stack{byAddr: map[string]*resource{}}, &resource{typ: typ, attrs: attrs}) {
				if _, ok := usageKeys[k]; !ok {
					t.Errorf("%s uses unknown assumption key %s", typ, k)
				}
				used[k] = true
			}
		}
	}
	for k, uk := range usageKeys {
		if !used[k] {
			t.Errorf("assumption key %s is used by no resource type", k)
		}
		for region, table := range priceTables {
			if _, ok := table[uk.price]; !ok {
				t.Errorf("assumption key %s: price %s missing from %s's table", k, uk.price, region)
			}
		}
	}
	for region, table := range priceTables {
		if len(table) != len(usEast1) {
			t.Errorf("%s's table has %d prices, us-east-1's %d: every table prices the same items", region, len(table), len(usEast1))
		}
	}
	for _, typ := range []string{"aws_nat_gateway", "aws_s3_bucket", "aws_vpc", "aws_made_up"} {
		t.Logf("%s: %s", typ, Classify(typ))
	}
	if Classify("aws_nat_gateway") != Priced || Classify("aws_s3_bucket") != Usage || Classify("aws_vpc") != Free || Classify("aws_made_up") != Unknown {
		t.Error("Classify is wrong")
	}
}

func TestMoney(t *testing.T) {
	for v, want := range map[float64]string{0: "0.00", 32.85: "32.85", 1234.5: "1,234.50", 1234567.891: "1,234,567.89"} {
		if got := money(v); got != want {
			t.Errorf("money(%v) = %q, want %q", v, got, want)
		}
	}
}
