package costestimate

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/acme/landing-zone/constructs/internal/tfattr"
)

// Class says how the estimate treats a resource type.
type Class string

// The classes of Classify.
const (
	// Priced types have a fixed monthly price (and may have usage too).
	Priced Class = "priced"
	// Usage types cost only by use: listed with their assumptions.
	Usage Class = "usage"
	// Free types cost nothing by themselves.
	Free Class = "free"
	// Unknown types are not in the catalog: the estimate lists them as
	// unpriced.
	Unknown Class = "unknown"
)

// entry prices one resource type.
type entry struct {
	// fixed adds the resource's fixed monthly items to the pricer, or
	// marks it unpriced; nil for usage-only types.
	fixed func(p *pricer)
	// usage returns the assumption keys that apply to the resource.
	usage func(s *stack, r *resource) []string
}

// Classify returns the class of a Terraform resource type.
func Classify(typ string) Class {
	if e, ok := catalog[typ]; ok {
		if e.fixed != nil {
			return Priced
		}
		return Usage
	}
	if _, ok := freeTypes[typ]; ok {
		return Free
	}
	return Unknown
}

// FreeReason says why a free type costs nothing, "" for other types.
func FreeReason(typ string) string { return freeTypes[typ] }

// pricer collects the fixed items of one resource.
type pricer struct {
	s        *stack
	r        *resource
	prices   map[string]float64
	items    []Item
	unpriced string
}

// hourly adds qty x the hourly price key x 730 hours.
func (p *pricer) hourly(driver, key string, qty float64, what string) bool {
	price, ok := p.prices[key]
	if !ok {
		p.fail("no price for %s in %s's table", what, p.r.region)
		return false
	}
	detail := fmt.Sprintf("%d h x %s USD", HoursPerMonth, num(price))
	if qty != 1 {
		detail = fmt.Sprintf("%s x %d h x %s USD", num(qty), HoursPerMonth, num(price))
	}
	p.items = append(p.items, Item{Driver: driver, Detail: what + ": " + detail, Monthly: qty * price * HoursPerMonth})
	return true
}

// monthly adds qty x the monthly price key.
func (p *pricer) monthly(driver, key string, qty float64, what string) bool {
	price, ok := p.prices[key]
	if !ok {
		p.fail("no price for %s in %s's table", what, p.r.region)
		return false
	}
	p.items = append(p.items, Item{Driver: driver, Detail: fmt.Sprintf("%s: %s x %s USD", what, num(qty), num(price)), Monthly: qty * price})
	return true
}

func (p *pricer) fail(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if p.unpriced == "" {
		p.unpriced = msg
	} else {
		p.unpriced += "; " + msg
	}
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// Attribute helpers: the JSON holds literals, or "${...}" expressions whose
// value is unknown at synth.

var (
	str    = tfattr.Str
	number = tfattr.Num
	block  = tfattr.Block
	blocks = tfattr.Blocks
)

func boolean(attrs map[string]any, key string) bool {
	switch v := attrs[key].(type) {
	case bool:
		return v
	case string:
		return v == "true"
	}
	return false
}

func list(attrs map[string]any, key string) ([]any, bool) {
	l, ok := attrs[key].([]any)
	return l, ok
}

var refRE = regexp.MustCompile(`\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.`)

// ref resolves "${<type>.<name>.<attr>}" to the resource of the same stack.
func (s *stack) ref(expr any) *resource {
	e, _ := expr.(string)
	m := refRE.FindStringSubmatch(e)
	if m == nil {
		return nil
	}
	return s.byAddr[m[1]+"."+m[2]]
}

func always(keys ...string) func(*stack, *resource) []string {
	return func(*stack, *resource) []string { return keys }
}

// catalog holds every type with a fixed price or a usage price.
var catalog = map[string]entry{
	"aws_nat_gateway": {fixed: func(p *pricer) {
		// Private NAT gateways (connectivity_type private) are billed
		// the same hourly rate; their addresses are not public.
		p.hourly("NAT gateway", "nat_gateway_hour", 1, "NAT gateway")
	}, usage: always("nat_gateway_gb")},
	"aws_eip": {fixed: func(p *pricer) {
		p.hourly("public IPv4 address", "public_ipv4_hour", 1, "Elastic IP (public IPv4)")
	}},
	"aws_vpc_endpoint":                           {fixed: vpcEndpoint, usage: vpcEndpointUsage},
	"aws_ec2_transit_gateway_vpc_attachment":     {fixed: tgwAttachment, usage: always("transit_gateway_gb")},
	"aws_ec2_transit_gateway_peering_attachment": {fixed: tgwAttachment},
	"aws_ec2_transit_gateway_connect":            {fixed: tgwAttachment},
	"aws_lb":                                     {fixed: loadBalancer, usage: loadBalancerUsage},
	"aws_alb":                                    {fixed: loadBalancer, usage: loadBalancerUsage},
	"aws_instance":                               {fixed: ec2Instance},
	"aws_autoscaling_group":                      {fixed: autoScalingGroup},
	"aws_rds_cluster_instance":                   {fixed: auroraInstance},
	"aws_rds_cluster":                            {fixed: managedSecret, usage: auroraUsage},
	"aws_db_instance":                            {fixed: dbInstance},
	"aws_elasticache_cluster":                    {fixed: cacheCluster},
	"aws_elasticache_replication_group":          {fixed: cacheReplicationGroup},
	"aws_ecs_service":                            {fixed: ecsService},
	"aws_kms_key":                                {fixed: kmsKey, usage: kmsUsage},
	"aws_kms_replica_key":                        {fixed: kmsKey, usage: kmsUsage},
	"aws_kms_external_key":                       {fixed: kmsKey, usage: always("kms_requests_10k")},
	"aws_secretsmanager_secret": {fixed: func(p *pricer) {
		p.monthly("Secrets Manager secret", "secret_month", 1, "secret")
	}, usage: always("secret_api_calls_10k")},
	"aws_cloudwatch_metric_alarm": {fixed: metricAlarm},
	"aws_cloudwatch_composite_alarm": {fixed: func(p *pricer) {
		p.monthly("CloudWatch alarm", "alarm_composite_month", 1, "composite alarm")
	}},
	"aws_cloudwatch_dashboard": {fixed: func(p *pricer) {
		// The first three dashboards of an account are free; not counted.
		p.monthly("CloudWatch dashboard", "dashboard_month", 1, "dashboard")
	}},
	"aws_route53_zone": {fixed: func(p *pricer) {
		p.monthly("Route 53 hosted zone", "route53_zone_month", 1, "hosted zone")
	}, usage: always("route53_queries_million")},
	"aws_route53_health_check":                             {fixed: healthCheck},
	"aws_route53_resolver_endpoint":                        {fixed: resolverEndpoint, usage: always("resolver_queries_million")},
	"aws_wafv2_web_acl":                                    {fixed: webACL, usage: always("waf_requests_million")},
	"aws_kinesis_stream":                                   {fixed: kinesisStream, usage: kinesisUsage},
	"aws_kinesis_firehose_delivery_stream":                 {usage: firehoseUsage},
	"aws_athena_workgroup":                                 {usage: always("athena_tb_scanned")},
	"aws_ebs_volume":                                       {fixed: ebsVolume},
	"aws_efs_file_system":                                  {usage: always("efs_standard_gb", "efs_ia_gb")},
	"aws_dlm_lifecycle_policy":                             {usage: dlmUsage},
	"aws_backup_vault":                                     {usage: always("backup_storage_gb")},
	"aws_backup_plan":                                      {usage: backupPlanUsage},
	"aws_networkfirewall_firewall":                         {fixed: networkFirewall, usage: always("network_firewall_gb")},
	"aws_dynamodb_table":                                   {fixed: dynamodbTable, usage: dynamodbUsage},
	"aws_api_gateway_stage":                                {fixed: apiStage},
	"aws_accessanalyzer_analyzer":                          {usage: accessAnalyzerUsage},
	"aws_cloudwatch_log_group":                             {usage: logGroupUsage},
	"aws_flow_log":                                         {usage: flowLogUsage},
	"aws_s3_bucket":                                        {usage: always("s3_storage_gb")},
	"aws_s3_bucket_replication_configuration":              {usage: always("s3_replication_gb")},
	"aws_lambda_function":                                  {usage: always("lambda_requests_million", "lambda_gb_seconds")},
	"aws_sqs_queue":                                        {usage: always("sqs_requests_million")},
	"aws_cloudfront_distribution":                          {usage: always("cloudfront_gb", "cloudfront_requests_10k")},
	"aws_ecr_repository":                                   {usage: always("ecr_storage_gb")},
	"aws_sns_topic":                                        {usage: always("sns_requests_million")},
	"aws_api_gateway_rest_api":                             {usage: always("api_requests_million")},
	"aws_apigatewayv2_api":                                 {usage: always("http_api_requests_million")},
	"aws_sesv2_email_identity":                             {usage: always("ses_emails_thousand")},
	"aws_ses_domain_identity":                              {usage: always("ses_emails_thousand")},
	"aws_cloudtrail":                                       {usage: cloudtrailUsage},
	"aws_config_configuration_recorder":                    {usage: always("config_items")},
	"aws_config_config_rule":                               {usage: always("config_rule_evaluations")},
	"aws_config_organization_managed_rule":                 {usage: always("config_rule_evaluations")},
	"aws_config_organization_custom_rule":                  {usage: always("config_rule_evaluations")},
	"aws_guardduty_detector":                               {usage: always("guardduty_events_million")},
	"aws_guardduty_detector_feature":                       {usage: enabledFeatureUsage},
	"aws_guardduty_malware_protection_plan":                {usage: always("guardduty_protection_usd")},
	"aws_config_conformance_pack":                          {usage: always("config_rule_evaluations")},
	"aws_config_organization_conformance_pack":             {usage: always("config_rule_evaluations")},
	"aws_securityhub_account":                              {usage: always("securityhub_checks")},
	"aws_inspector2_enabler":                               {usage: always("security_service_usd")},
	"aws_macie2_account":                                   {usage: always("security_service_usd")},
	"aws_detective_graph":                                  {usage: always("security_service_usd")},
	"aws_route53_resolver_firewall_rule_group_association": {usage: always("resolver_queries_million")},
	"aws_route53_resolver_query_log_config":                {usage: always("log_ingest_gb")},
}

func vpcEndpoint(p *pricer) {
	// The provider's default vpc_endpoint_type is Gateway, which is free
	// (S3 and DynamoDB).
	switch t := str(p.r.attrs, "vpc_endpoint_type"); t {
	case "", "Gateway":
	case "Interface", "GatewayLoadBalancer":
		subnets, ok := list(p.r.attrs, "subnet_ids")
		if !ok || len(subnets) == 0 {
			p.fail("%s endpoint without a literal subnet_ids list: zones unknown", t)
			return
		}
		// Billed per endpoint per zone: one network interface per subnet.
		p.hourly("interface endpoint (per zone)", "vpc_endpoint_az_hour", float64(len(subnets)), fmt.Sprintf("%s endpoint %s in %d zones", t, serviceShort(str(p.r.attrs, "service_name")), len(subnets)))
	default:
		p.fail("vpc_endpoint_type %q is not priced", t)
	}
}

func vpcEndpointUsage(_ *stack, r *resource) []string {
	switch str(r.attrs, "vpc_endpoint_type") {
	case "Interface", "GatewayLoadBalancer":
		return []string{"vpc_endpoint_gb"}
	}
	return nil
}

func serviceShort(name string) string {
	if i := strings.LastIndex(name, "."); i >= 0 && !strings.Contains(name[i:], "}") {
		return name[i+1:]
	}
	return name
}

func tgwAttachment(p *pricer) {
	// Billed to the account that owns the attachment (the VPC owner for a
	// VPC attachment): the accepter side is free.
	p.hourly("Transit Gateway attachment", "tgw_attachment_hour", 1, "attachment")
}

func loadBalancer(p *pricer) {
	typ := str(p.r.attrs, "load_balancer_type")
	var key, driver string
	switch typ {
	case "", "application":
		key, driver = "alb_hour", "application load balancer"
	case "network":
		key, driver = "nlb_hour", "network load balancer"
	case "gateway":
		key, driver = "gwlb_hour", "gateway load balancer"
	default:
		p.fail("load_balancer_type %q is not priced", typ)
		return
	}
	p.hourly(driver, key, 1, driver)
	if typ == "gateway" || boolean(p.r.attrs, "internal") {
		return
	}
	// An internet-facing load balancer holds a public IPv4 address in
	// each of its subnets.
	n := 0
	if l, ok := list(p.r.attrs, "subnets"); ok {
		n = len(l)
	} else if l, ok := list(p.r.attrs, "subnet_mapping"); ok {
		n = len(l)
	}
	if n == 0 {
		p.fail("internet-facing %s without a literal subnet list: its public IPv4 addresses are not counted", driver)
		return
	}
	p.hourly("public IPv4 address", "public_ipv4_hour", float64(n), fmt.Sprintf("public IPv4 of %s in %d subnets", driver, n))
}

func loadBalancerUsage(_ *stack, r *resource) []string {
	switch str(r.attrs, "load_balancer_type") {
	case "", "application":
		return []string{"alb_lcu"}
	case "network":
		return []string{"nlb_lcu"}
	case "gateway":
		return []string{"gwlb_lcu"}
	}
	return nil
}

func ec2Instance(p *pricer) {
	typ := str(p.r.attrs, "instance_type")
	if !p.hourly("EC2 "+typ+" instance", "ec2:"+typ, 1, "EC2 "+typ) {
		return
	}
	if boolean(p.r.attrs, "associate_public_ip_address") {
		p.hourly("public IPv4 address", "public_ipv4_hour", 1, "public IPv4 of the instance")
	}
	// The root volume is priced when its size and type are written; an
	// AMI's defaults are not known at synth.
	if root := block(p.r.attrs, "root_block_device"); root != nil {
		size, okSize := number(root, "volume_size")
		vt := str(root, "volume_type")
		if okSize && vt != "" {
			iops, _ := number(root, "iops")
			tput, _ := number(root, "throughput")
			ebs(p, vt, size, iops, tput, "root volume")
		}
	}
}

// autoScalingGroup prices the group's floor: min_size instances of its
// launch template's type, with the template's EBS volumes. Scaling out
// above the floor is usage the estimate does not assume.
func autoScalingGroup(p *pricer) {
	n, ok := number(p.r.attrs, "min_size")
	if !ok {
		p.fail("min_size is not known at synth")
		return
	}
	lt := p.s.ref(block(p.r.attrs, "launch_template")["id"])
	if lt == nil || lt.typ != "aws_launch_template" {
		p.fail("launch_template is not a launch template of the stack: instance type unknown")
		return
	}
	if n == 0 {
		return
	}
	typ := str(lt.attrs, "instance_type")
	if !p.hourly("EC2 "+typ+" instance", "ec2:"+typ, n, "EC2 "+typ) {
		return
	}
	mappings, _ := list(lt.attrs, "block_device_mappings")
	for _, v := range mappings {
		m, _ := v.(map[string]any)
		e := block(m, "ebs")
		size, okSize := number(e, "volume_size")
		vt := str(e, "volume_type")
		if !okSize || vt == "" {
			continue
		}
		iops, _ := number(e, "iops")
		tput, _ := number(e, "throughput")
		// Provisioned IOPS and throughput are free up to a baseline
		// per volume: price each instance's volume on its own.
		for range int(n) {
			ebs(p, vt, size, iops, tput, "instance root volume")
		}
	}
}

var auroraEngines = map[string]bool{"aurora-postgresql": true, "aurora-mysql": true, "aurora": true}

// performanceInsights lists long-term Performance Insights retention as
// unpriced: 7 days are free, longer retention is priced per vCPU-month,
// which the price table does not hold.
func performanceInsights(p *pricer) {
	if !boolean(p.r.attrs, "performance_insights_enabled") {
		return
	}
	if days, ok := number(p.r.attrs, "performance_insights_retention_period"); ok && days > 7 {
		p.fail("Performance Insights retention of %s days (beyond the free 7) is priced per vCPU-month, not in the price table", num(days))
	}
}

func auroraInstance(p *pricer) {
	performanceInsights(p)
	class := str(p.r.attrs, "instance_class")
	engine := str(p.r.attrs, "engine")
	if engine != "" && !auroraEngines[engine] {
		p.fail("engine %q is not priced", engine)
		return
	}
	cluster := p.s.ref(p.r.attrs["cluster_identifier"])
	factor := 1.0
	storage := ""
	if cluster != nil {
		storage = str(cluster.attrs, "storage_type")
	}
	if storage == "aurora-iopt1" {
		factor = p.prices["aurora_iopt_factor"]
	}
	if class == "db.serverless" {
		// Each Serverless v2 instance bills at least the cluster's
		// minimum capacity, every hour.
		if cluster == nil {
			p.fail("db.serverless instance whose cluster is not in the stack: minimum capacity unknown")
			return
		}
		min, ok := number(block(cluster.attrs, "serverlessv2_scaling_configuration"), "min_capacity")
		if !ok {
			p.fail("db.serverless instance without serverlessv2_scaling_configuration.min_capacity on its cluster")
			return
		}
		if min == 0 {
			// A minimum of 0 ACUs pauses when idle: usage only.
			return
		}
		price, ok := p.prices["aurora_acu_hour"]
		if !ok {
			p.fail("no ACU price in %s's table", p.r.region)
			return
		}
		p.items = append(p.items, Item{Driver: "Aurora Serverless v2 minimum capacity",
			Detail:  fmt.Sprintf("Aurora Serverless v2 at its minimum: %s ACU x %d h x %s USD", num(min), HoursPerMonth, num(price*factor)),
			Monthly: min * price * factor * HoursPerMonth})
		return
	}
	price, ok := p.prices["aurora:"+class]
	if !ok {
		p.fail("Aurora instance class %q is not in %s's price table", class, p.r.region)
		return
	}
	what := "Aurora " + class + " instance"
	if factor != 1 {
		what += " (I/O-Optimized)"
	}
	p.items = append(p.items, Item{Driver: what, Detail: fmt.Sprintf("%s: %d h x %s USD", what, HoursPerMonth, num(price*factor)), Monthly: price * factor * HoursPerMonth})
}

// managedSecret prices the Secrets Manager secret that RDS makes for a
// managed master user password.
func managedSecret(p *pricer) {
	if p.r.typ == "aws_rds_cluster" && str(p.r.attrs, "db_cluster_instance_class") != "" {
		// A Multi-AZ DB cluster (RDS, not Aurora) runs three instances
		// of this class.
		p.fail("Multi-AZ DB clusters (db_cluster_instance_class) are not in the price table")
	}
	if boolean(p.r.attrs, "manage_master_user_password") {
		p.monthly("Secrets Manager secret", "secret_month", 1, "RDS-managed master user secret")
	}
}

func auroraUsage(_ *stack, r *resource) []string {
	keys := []string{"aurora_storage_gb"}
	if str(r.attrs, "storage_type") != "aurora-iopt1" {
		keys = append(keys, "aurora_io_million")
	}
	return keys
}

func dbInstance(p *pricer) {
	performanceInsights(p)
	class := str(p.r.attrs, "instance_class")
	engine := str(p.r.attrs, "engine")
	attrs := p.r.attrs
	if src, ok := p.r.attrs["replicate_source_db"]; ok {
		// A read replica takes its engine and storage size from its
		// source.
		source := p.s.ref(src)
		if source == nil {
			p.fail("read replica of a database outside the stack: engine and storage unknown")
			return
		}
		engine = str(source.attrs, "engine")
		attrs = source.attrs
	}
	if engine != "postgres" {
		p.fail("RDS engine %q is not in the price table (postgres is)", engine)
		return
	}
	copies := 1.0
	what := "RDS " + engine + " " + class + " instance"
	if boolean(p.r.attrs, "multi_az") {
		copies = 2
		what += " (Multi-AZ)"
	}
	price, ok := p.prices["rds:"+engine+":"+class]
	if !ok {
		p.fail("RDS %s instance class %q is not in %s's price table", engine, class, p.r.region)
		return
	}
	p.items = append(p.items, Item{Driver: what, Detail: fmt.Sprintf("%s: %s x %d h x %s USD", what, num(copies), HoursPerMonth, num(price)), Monthly: copies * price * HoursPerMonth})
	size, _ := number(attrs, "allocated_storage")
	st := orDefault(str(p.r.attrs, "storage_type"), str(attrs, "storage_type"))
	switch st {
	case "", "gp2", "gp3":
		// gp3's baseline IOPS and throughput are included; provisioned
		// IOPS above them are not priced here.
		p.monthly("RDS storage", "rds_gp_storage_gb", size*copies, "RDS "+orDefault(st, "gp2")+" storage (GB)")
	default:
		p.fail("RDS storage_type %q is not priced", st)
	}
	managedSecret(p)
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func cacheNode(p *pricer, nodeType, engine string, nodes float64) {
	price, ok := p.prices["elasticache:"+nodeType]
	if !ok {
		p.fail("ElastiCache node type %q is not in %s's price table", nodeType, p.r.region)
		return
	}
	driver := "ElastiCache " + nodeType + " node"
	if engine == "valkey" {
		price *= valkeyFactor
		driver += " (Valkey)"
	}
	p.items = append(p.items, Item{Driver: driver, Detail: fmt.Sprintf("%s: %s x %d h x %s USD", driver, num(nodes), HoursPerMonth, num(price)), Monthly: nodes * price * HoursPerMonth})
}

func cacheCluster(p *pricer) {
	if g := str(p.r.attrs, "replication_group_id"); g != "" {
		group := p.s.ref(g)
		if group == nil {
			p.fail("member of a replication group outside the stack: node type unknown")
			return
		}
		cacheNode(p, str(group.attrs, "node_type"), str(group.attrs, "engine"), 1)
		return
	}
	n, ok := number(p.r.attrs, "num_cache_nodes")
	if !ok {
		n = 1
	}
	cacheNode(p, str(p.r.attrs, "node_type"), str(p.r.attrs, "engine"), n)
}

func cacheReplicationGroup(p *pricer) {
	nodes := 1.0
	if groups, ok := number(p.r.attrs, "num_node_groups"); ok {
		replicas, _ := number(p.r.attrs, "replicas_per_node_group")
		nodes = groups * (replicas + 1)
	} else if n, ok := number(p.r.attrs, "num_cache_clusters"); ok {
		nodes = n
	}
	cacheNode(p, str(p.r.attrs, "node_type"), str(p.r.attrs, "engine"), nodes)
}

func ecsService(p *pricer) {
	fargate := str(p.r.attrs, "launch_type") == "FARGATE"
	if cps, ok := list(p.r.attrs, "capacity_provider_strategy"); ok {
		for _, c := range cps {
			m, _ := c.(map[string]any)
			switch str(m, "capacity_provider") {
			case "FARGATE":
				fargate = true
			case "FARGATE_SPOT":
				p.fail("FARGATE_SPOT capacity is not priced")
				return
			}
		}
	}
	if !fargate {
		// EC2-backed services are priced by their instances.
		return
	}
	tasks, _ := number(p.r.attrs, "desired_count")
	// An autoscaling target's minimum is the floor of running tasks.
	for _, r := range p.s.resources {
		if r.typ == "aws_appautoscaling_target" && str(r.attrs, "service_namespace") == "ecs" &&
			strings.Contains(str(r.attrs, "resource_id"), "aws_ecs_service."+p.r.name+".") {
			if min, ok := number(r.attrs, "min_capacity"); ok && min > tasks {
				tasks = min
			}
		}
	}
	td := p.s.ref(p.r.attrs["task_definition"])
	if td == nil {
		p.fail("task_definition is not a task definition of the stack: size unknown")
		return
	}
	cpu, okC := number(td.attrs, "cpu")
	mem, okM := number(td.attrs, "memory")
	if !okC || !okM {
		p.fail("task definition %s without literal cpu and memory", td.addr())
		return
	}
	vcpu, gb := cpu/1024, mem/1024
	cpuKey, memKey, arch := "fargate_vcpu_hour", "fargate_gb_hour", "x86_64"
	if rp := block(td.attrs, "runtime_platform"); rp != nil && str(rp, "cpu_architecture") == "ARM64" {
		cpuKey, memKey, arch = "fargate_arm_vcpu_hour", "fargate_arm_gb_hour", "ARM64"
	}
	price := vcpu*p.prices[cpuKey] + gb*p.prices[memKey]
	driver := "Fargate task"
	p.items = append(p.items, Item{Driver: driver,
		Detail:  fmt.Sprintf("%s Fargate tasks (%s vCPU, %s GB, %s): %s x %d h x %s USD", num(tasks), num(vcpu), num(gb), arch, num(tasks), HoursPerMonth, num(price)),
		Monthly: tasks * price * HoursPerMonth})
}

func kmsKey(p *pricer) {
	p.monthly("KMS key", "kms_key_month", 1, "customer managed key")
}

func kmsUsage(_ *stack, r *resource) []string {
	if boolean(r.attrs, "enable_key_rotation") {
		return []string{"kms_requests_10k", "kms_rotations"}
	}
	return []string{"kms_requests_10k"}
}

func metricAlarm(p *pricer) {
	metrics := 1.0
	if qs, ok := list(p.r.attrs, "metric_query"); ok {
		metrics = 0
		for _, q := range qs {
			m, _ := q.(map[string]any)
			if block(m, "metric") != nil {
				metrics++
			}
			// An anomaly detection band is priced as three metrics.
			if strings.Contains(str(m, "expression"), "ANOMALY_DETECTION_BAND") {
				metrics += 3
			}
		}
		if metrics == 0 {
			metrics = 1
		}
	}
	key, what := "alarm_standard_month", "standard-resolution alarm metrics"
	if period, ok := number(p.r.attrs, "period"); ok && period < 60 {
		key, what = "alarm_high_res_month", "high-resolution alarm metrics"
	}
	p.monthly("CloudWatch alarm", key, metrics, what)
}

func healthCheck(p *pricer) {
	switch t := str(p.r.attrs, "type"); t {
	case "CALCULATED", "CLOUDWATCH_METRIC", "RECOVERY_CONTROL":
		p.monthly("Route 53 health check", "route53_health_check_aws_month", 1, t+" health check")
	default:
		// Whether the endpoint runs in AWS is not known at synth: priced
		// as a non-AWS endpoint, the upper bound.
		p.monthly("Route 53 health check", "route53_health_check_other_month", 1, t+" health check (priced as a non-AWS endpoint)")
		features := 0.0
		if strings.HasPrefix(t, "HTTPS") {
			features++
		}
		if strings.HasSuffix(t, "STR_MATCH") {
			features++
		}
		if interval, ok := number(p.r.attrs, "request_interval"); ok && interval == 10 {
			features++
		}
		if boolean(p.r.attrs, "measure_latency") {
			features++
		}
		if features > 0 {
			p.monthly("Route 53 health check", "route53_health_check_feature_other", features, "optional health check features")
		}
	}
}

func resolverEndpoint(p *pricer) {
	ips, _ := list(p.r.attrs, "ip_address")
	n := len(ips)
	if n == 0 {
		p.fail("resolver endpoint without literal ip_address blocks")
		return
	}
	p.hourly("Route 53 Resolver endpoint", "route53_resolver_endpoint_eni_hour", float64(n), fmt.Sprintf("resolver endpoint with %d network interfaces", n))
}

func webACL(p *pricer) {
	p.monthly("WAF web ACL", "waf_web_acl_month", 1, "web ACL")
	rules, _ := list(p.r.attrs, "rule")
	if len(rules) > 0 {
		// A managed rule group counts as one rule; paid groups (Bot
		// Control, Fraud Control) add their own fees, not priced here.
		p.monthly("WAF rule", "waf_rule_month", float64(len(rules)), "rules")
	}
	if _, ok := p.r.attrs["rule_json"]; ok {
		p.fail("rules given as rule_json are not counted")
	}
}

func kinesisStream(p *pricer) {
	if mode := block(p.r.attrs, "stream_mode_details"); mode != nil && str(mode, "stream_mode") == "ON_DEMAND" {
		p.hourly("Kinesis stream", "kinesis_on_demand_hour", 1, "on-demand stream")
		return
	}
	shards, ok := number(p.r.attrs, "shard_count")
	if !ok {
		p.fail("provisioned stream without a literal shard_count")
		return
	}
	p.hourly("Kinesis shard", "kinesis_shard_hour", shards, "shards")
}

func kinesisUsage(_ *stack, r *resource) []string {
	if mode := block(r.attrs, "stream_mode_details"); mode != nil && str(mode, "stream_mode") == "ON_DEMAND" {
		return []string{"kinesis_ingest_gb"}
	}
	return []string{"kinesis_put_units_million"}
}

// firehoseUsage prices ingestion, and the record format conversion when
// the stream converts to Parquet or ORC.
func firehoseUsage(_ *stack, r *resource) []string {
	keys := []string{"firehose_ingest_gb"}
	if conv := block(block(r.attrs, "extended_s3_configuration"), "data_format_conversion_configuration"); conv != nil {
		if enabled, ok := conv["enabled"].(bool); !ok || enabled {
			keys = append(keys, "firehose_conversion_gb")
		}
	}
	return keys
}

func ebsVolume(p *pricer) {
	size, ok := number(p.r.attrs, "size")
	if !ok {
		p.fail("EBS volume without a literal size (from a snapshot?)")
		return
	}
	iops, _ := number(p.r.attrs, "iops")
	tput, _ := number(p.r.attrs, "throughput")
	// CreateVolume's default type is gp2 (EC2 API Reference, CreateVolume,
	// VolumeType: "Default: gp2").
	ebs(p, orDefault(str(p.r.attrs, "type"), "gp2"), size, iops, tput, "EBS volume")
}

func ebs(p *pricer, vt string, size, iops, tput float64, what string) {
	driver := "EBS " + vt + " storage"
	if !p.monthly(driver, "ebs:"+vt, size, fmt.Sprintf("%s %s (GB)", what, vt)) {
		return
	}
	switch vt {
	case "gp3":
		if iops > 3000 {
			p.monthly(driver, "ebs_gp3_iops", iops-3000, "gp3 IOPS over 3,000")
		}
		if tput > 125 {
			p.monthly(driver, "ebs_gp3_mbps", tput-125, "gp3 MB/s over 125")
		}
	case "io1", "io2":
		p.monthly(driver, "ebs_piops", iops, vt+" provisioned IOPS")
	}
}

func networkFirewall(p *pricer) {
	maps, _ := list(p.r.attrs, "subnet_mapping")
	if len(maps) == 0 {
		p.fail("firewall without literal subnet_mapping blocks")
		return
	}
	p.hourly("Network Firewall endpoint", "network_firewall_endpoint_hour", float64(len(maps)), fmt.Sprintf("firewall endpoints in %d subnets", len(maps)))
}

func dynamodbTable(p *pricer) {
	if str(p.r.attrs, "billing_mode") != "PROVISIONED" {
		return // PAY_PER_REQUEST (the AWS default): usage only
	}
	wcu, _ := number(p.r.attrs, "write_capacity")
	rcu, _ := number(p.r.attrs, "read_capacity")
	if gsis, ok := list(p.r.attrs, "global_secondary_index"); ok {
		for _, g := range gsis {
			m, _ := g.(map[string]any)
			w, _ := number(m, "write_capacity")
			r, _ := number(m, "read_capacity")
			wcu += w
			rcu += r
		}
	}
	p.hourly("DynamoDB provisioned capacity", "dynamodb_wcu_hour", wcu, "write capacity units")
	p.hourly("DynamoDB provisioned capacity", "dynamodb_rcu_hour", rcu, "read capacity units")
}

func dynamodbUsage(_ *stack, r *resource) []string {
	if str(r.attrs, "billing_mode") == "PROVISIONED" {
		return []string{"dynamodb_storage_gb"}
	}
	return []string{"dynamodb_write_million", "dynamodb_read_million", "dynamodb_storage_gb"}
}

func apiStage(p *pricer) {
	if boolean(p.r.attrs, "cache_cluster_enabled") {
		p.fail("API Gateway cache clusters are not in the price table")
	}
}

func accessAnalyzerUsage(_ *stack, r *resource) []string {
	if strings.HasSuffix(str(r.attrs, "type"), "UNUSED_ACCESS") {
		return []string{"access_analyzer_roles"}
	}
	// External access analyzers (ACCOUNT, ORGANIZATION, the default) are
	// free.
	return nil
}

func flowLogUsage(_ *stack, r *resource) []string {
	// Flow logs to CloudWatch Logs are vended logs; to S3 or Firehose,
	// the destination's storage is the bucket's.
	switch str(r.attrs, "log_destination_type") {
	case "", "cloud-watch-logs":
		return []string{"flow_log_gb"}
	}
	return nil
}

func cloudtrailUsage(_ *stack, r *resource) []string {
	// The first copy of management events is free; data events cost.
	if _, ok := r.attrs["event_selector"]; ok {
		return []string{"cloudtrail_data_events_million"}
	}
	if _, ok := r.attrs["advanced_event_selector"]; ok {
		return []string{"cloudtrail_data_events_million"}
	}
	return nil
}

func enabledFeatureUsage(_ *stack, r *resource) []string {
	if str(r.attrs, "status") == "DISABLED" {
		return nil
	}
	return []string{"guardduty_protection_usd"}
}

// logGroupUsage prices ingestion on the flow log for a flow log's group
// (vended logs, flow_log_gb), so that it is not counted twice.
func logGroupUsage(s *stack, r *resource) []string {
	for _, fl := range s.resources {
		if fl.typ == "aws_flow_log" && s.ref(fl.attrs["log_destination"]) == r {
			return []string{"log_stored_gb"}
		}
	}
	return []string{"log_ingest_gb", "log_stored_gb"}
}

// dlmUsage prices a snapshot policy's snapshots, and their copies when a
// schedule copies them to another region.
func dlmUsage(_ *stack, r *resource) []string {
	for _, sch := range blocks(block(r.attrs, "policy_details"), "schedule") {
		if len(blocks(sch, "cross_region_copy_rule")) > 0 {
			return []string{"ebs_snapshot_gb", "ebs_snapshot_copy_gb"}
		}
	}
	return []string{"ebs_snapshot_gb"}
}

// backupPlanUsage prices a plan's copies to another vault (the DR region).
func backupPlanUsage(_ *stack, r *resource) []string {
	for _, rule := range blocks(r.attrs, "rule") {
		if len(blocks(rule, "copy_action")) > 0 {
			return []string{"backup_copy_gb"}
		}
	}
	return nil
}
