package test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/auroracluster"
	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/rdsinstance"
	"github.com/acme/landing-zone/constructs/snstopic"
	"github.com/acme/landing-zone/stacks"
	"github.com/acme/landing-zone/stacks/org"
)

// auroraProps are the network inputs every test cluster needs: three
// isolated subnets in us-east-1 and one app-tier security group.
func auroraProps(name string) auroracluster.Props {
	return auroracluster.Props{
		Name:                    name,
		VPCID:                   jsii.String("vpc-0123456789abcdef0"),
		SubnetIDs:               *jsii.Strings("subnet-isolated-a", "subnet-isolated-b", "subnet-isolated-c"),
		AvailabilityZones:       []string{"us-east-1a", "us-east-1b", "us-east-1c"},
		AllowedSecurityGroupIDs: *jsii.Strings("sg-app"),
	}
}

// synthAurora makes one cluster in a fresh stack and synthesizes it.
func synthAurora(t *testing.T, props auroracluster.Props) (string, synthesized) {
	t.Helper()
	st := newTestStack(t, "123456789012", "us-east-1")
	_, err := auroracluster.New(st, "db", props)
	require.NoError(t, err)
	raw := *cdktf.Testing_Synth(st, jsii.Bool(true))
	var s synthesized
	require.NoError(t, json.Unmarshal([]byte(raw), &s))
	return raw, s
}

// checkAuroraGolden compares a construct-level synth with its snapshot in
// testdata/auroracluster/ (outside TestGolden's *.golden.json, which is
// per stack of the example organization).
func checkAuroraGolden(t *testing.T, name, raw string) {
	t.Helper()
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Join("testdata", "auroracluster"), 0o755))
	}
	checkGolden(t, filepath.Join("auroracluster", name), raw)
}

// checkAuroraSecure checks the promise for every Aurora cluster of a
// synthesized stack, whoever made it. It returns the number of clusters.
func checkAuroraSecure(t *testing.T, s synthesized) int {
	t.Helper()
	clusters := s.resources("aws_rds_cluster")
	instances := s.resources("aws_rds_cluster_instance")
	targets := s.resources("aws_appautoscaling_target")
	policies := s.resources("aws_appautoscaling_policy")
	for name, c := range clusters {
		t.Run("cluster "+name, func(t *testing.T) {
			ref := "${aws_rds_cluster." + name + ".id}"
			assert.Equal(t, true, c["storage_encrypted"], "storage_encrypted")
			assert.Contains(t, c["kms_key_id"], "${aws_kms_key.", "kms_key_id is a customer-managed key")
			assert.Equal(t, true, c["manage_master_user_password"], "manage_master_user_password")
			assert.Contains(t, c["master_user_secret_kms_key_id"], "${aws_kms_key.", "the secret is encrypted with a customer-managed key")
			assert.NotContains(t, c, "master_password", "no password in code or state")
			assert.NotContains(t, c, "master_password_wo")
			assert.NotContains(t, c, "backtrack_window", "Aurora MySQL only")
			assert.Equal(t, true, c["deletion_protection"], "deletion_protection")
			assert.GreaterOrEqual(t, c["backup_retention_period"], 7.0, "backup_retention_period")
			assert.Equal(t, true, c["iam_database_authentication_enabled"], "iam_database_authentication_enabled")
			assert.Equal(t, true, c["copy_tags_to_snapshot"], "copy_tags_to_snapshot")
			assert.Contains(t, c["enabled_cloudwatch_logs_exports"], "postgresql")
			assert.Equal(t, false, c["skip_final_snapshot"])
			assert.NotEmpty(t, c["final_snapshot_identifier"])
			assert.NotContains(t, c["final_snapshot_identifier"], "timestamp", "a stable final snapshot name")
			for _, user := range []string{"admin", "postgres"} {
				assert.NotEqual(t, user, c["master_username"])
			}

			members := 0
			for iname, in := range instances {
				if in["cluster_identifier"] != ref {
					continue
				}
				members++
				assert.Equal(t, true, in["performance_insights_enabled"], iname)
				assert.Contains(t, in["performance_insights_kms_key_id"], "${aws_kms_key.", iname)
				assert.Greater(t, in["monitoring_interval"], 0.0, iname)
				assert.Contains(t, in["monitoring_role_arn"], "${aws_iam_role.", iname)
				assert.Equal(t, false, in["publicly_accessible"], iname)
			}
			assert.GreaterOrEqual(t, members, 1, "a writer")

			resourceID := "cluster:${aws_rds_cluster." + name + ".cluster_identifier}"
			var target string
			for tname, tg := range targets {
				if tg["resource_id"] == resourceID {
					target = tname
					assert.Equal(t, "rds:cluster:ReadReplicaCount", tg["scalable_dimension"])
					assert.GreaterOrEqual(t, tg["min_capacity"], 1.0, "scaling never removes the last reader")
					assert.GreaterOrEqual(t, tg["max_capacity"], tg["min_capacity"])
				}
			}
			require.NotEmpty(t, target, "an autoscaling target for the readers")
			tracking := 0
			for _, p := range policies {
				if p["resource_id"] == "${aws_appautoscaling_target."+target+".resource_id}" && p["policy_type"] == "TargetTrackingScaling" {
					tracking++
					spec := first(t, first(t, p, "target_tracking_scaling_policy_configuration"), "predefined_metric_specification")
					assert.Equal(t, "RDSReaderAverageCPUUtilization", spec["predefined_metric_type"])
				}
			}
			assert.Equal(t, 1, tracking, "a target-tracking policy")

			for _, sgRef := range c["vpc_security_group_ids"].([]any) {
				checkDatabaseSecurityGroup(t, s, sgRef.(string))
			}
		})
	}
	return len(clusters)
}

// checkDatabaseSecurityGroup checks that a database security group admits
// security groups only, never an address range.
func checkDatabaseSecurityGroup(t *testing.T, s synthesized, ref string) {
	t.Helper()
	name := strings.TrimSuffix(strings.TrimPrefix(ref, "${aws_security_group."), ".id}")
	sg, ok := s.resources("aws_security_group")[name]
	require.True(t, ok, "security group %s", ref)
	if ingress, ok := sg["ingress"].([]any); ok {
		for _, rule := range ingress {
			r := rule.(map[string]any)
			assert.Empty(t, r["cidr_blocks"], "inline ingress from an address range")
			assert.Empty(t, r["ipv6_cidr_blocks"], "inline ingress from an address range")
		}
	}
	for rname, r := range s.resources("aws_vpc_security_group_ingress_rule") {
		if r["security_group_id"] != ref {
			continue
		}
		assert.NotEmpty(t, r["referenced_security_group_id"], rname)
		for _, cidr := range []string{"cidr_ipv4", "cidr_ipv6", "prefix_list_id"} {
			assert.NotContains(t, r, cidr, rname)
		}
	}
	for rname, r := range s.resources("aws_security_group_rule") {
		if r["security_group_id"] == ref && r["type"] == "ingress" {
			assert.NotContains(t, r, "cidr_blocks", rname)
			assert.NotContains(t, r, "ipv6_cidr_blocks", rname)
		}
	}
}

func TestAuroraClusterDefaults(t *testing.T) {
	raw, s := synthAurora(t, auroraProps("orders"))
	require.Equal(t, 1, checkAuroraSecure(t, s))
	checkAuroraGolden(t, "default", raw)

	c := s.resources("aws_rds_cluster")["db"]
	assert.Equal(t, "aurora-postgresql", c["engine"])
	assert.Equal(t, "provisioned", c["engine_mode"])
	assert.Equal(t, "17.7", c["engine_version"])
	assert.Equal(t, "orders-final", c["final_snapshot_identifier"])
	assert.Equal(t, "dbmaster", c["master_username"])
	assert.Equal(t, 7.0, c["backup_retention_period"])
	assert.Equal(t, []any{"aws_cloudwatch_log_group.db-postgresql-logs"}, c["depends_on"], "the export's log group exists first")
	assert.NotContains(t, c, "serverlessv2_scaling_configuration")

	lg := s.resources("aws_cloudwatch_log_group")["db-postgresql-logs"]
	assert.Equal(t, "/aws/rds/cluster/orders/postgresql", lg["name"])
	assert.Equal(t, c["kms_key_id"], lg["kms_key_id"])

	instances := s.resources("aws_rds_cluster_instance")
	require.Len(t, instances, 2)
	assert.Equal(t, "us-east-1a", instances["db-writer"]["availability_zone"])
	assert.Equal(t, 0.0, instances["db-writer"]["promotion_tier"])
	assert.Equal(t, "us-east-1b", instances["db-reader-1"]["availability_zone"])
	assert.Equal(t, 1.0, instances["db-reader-1"]["promotion_tier"])
	assert.Equal(t, false, instances["db-writer"]["auto_minor_version_upgrade"], "a pinned minor is not upgraded behind Terraform's back")
	assert.Equal(t, []any{"aws_iam_role.db-monitoring", "aws_iam_role_policy_attachment.db-monitoring-managed-0"}, instances["db-writer"]["depends_on"],
		"RDS refuses a monitoring role without its policy")

	params := map[string]string{}
	for _, p := range s.resources("aws_rds_cluster_parameter_group")["db-cluster-params"]["parameter"].([]any) {
		m := p.(map[string]any)
		params[m["name"].(string)] = m["value"].(string)
	}
	assert.Equal(t, "1", params["rds.force_ssl"])
	assert.Equal(t, "1", params["log_connections"])
	assert.Equal(t, "1", params["log_disconnections"])
	assert.Equal(t, "ddl", params["log_statement"])
	assert.Equal(t, "1000", params["log_min_duration_statement"])

	target := s.resources("aws_appautoscaling_target")["db-reader-scaling"]
	assert.Equal(t, 1.0, target["min_capacity"])
	assert.Equal(t, 3.0, target["max_capacity"])
	assert.ElementsMatch(t, []any{"aws_rds_cluster_instance.db-writer", "aws_rds_cluster_instance.db-reader-1"}, target["depends_on"],
		"scaling starts after the readers made with the cluster exist")

	alarms := s.resources("aws_cloudwatch_metric_alarm")
	var metrics []string
	for _, a := range alarms {
		metrics = append(metrics, a["metric_name"].(string))
		assert.Equal(t, []any{"${aws_sns_topic.db-alarms.arn}"}, a["alarm_actions"], "alarms refer to the topic, so they follow it")
	}
	sort.Strings(metrics)
	assert.Equal(t, []string{"AuroraReplicaLag", "CPUUtilization", "Deadlocks", "FreeableMemory"}, metrics)
	topic := s.resources("aws_sns_topic")["db-alarms"]
	assert.Equal(t, c["kms_key_id"], topic["kms_master_key_id"])

	sg := s.resources("aws_security_group")["db-sg"]
	assert.Equal(t, []any{}, sg["egress"], "no egress: the database opens no connections")
	rule := s.resources("aws_vpc_security_group_ingress_rule")["db-ingress-0"]
	assert.Equal(t, "sg-app", rule["referenced_security_group_id"])
	assert.Equal(t, 5432.0, rule["from_port"])
	assert.Equal(t, 5432.0, rule["to_port"])

	role := s.resources("aws_iam_role")["db-monitoring"]
	trust := policyDoc(t, role["assume_role_policy"])
	assert.Equal(t, map[string]any{"Service": "monitoring.rds.amazonaws.com"}, statement(trust, "ServiceAssumes")["Principal"])
	assert.Equal(t, "arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
		s.resources("aws_iam_role_policy_attachment")["db-monitoring-managed-0"]["policy_arn"])

	key := policyDoc(t, s.resources("aws_kms_key")["db-key"]["policy"])
	assert.NotNil(t, statement(key, "CloudWatchLogsUse"), "CloudWatch Logs may encrypt the log group")
	for _, st := range key["Statement"].([]any) {
		assert.NotEqual(t, "*", st.(map[string]any)["Principal"], "no key statement for everyone")
	}
}

func TestAuroraClusterServerlessV2(t *testing.T) {
	p := auroraProps("orders")
	p.ServerlessV2 = &auroracluster.ServerlessV2{MinACU: 0.5, MaxACU: 16}
	p.ReaderCount = 2
	raw, s := synthAurora(t, p)
	require.Equal(t, 1, checkAuroraSecure(t, s))
	checkAuroraGolden(t, "serverless-v2", raw)

	c := s.resources("aws_rds_cluster")["db"]
	assert.Equal(t, "provisioned", c["engine_mode"], "Serverless v2 runs in provisioned mode")
	assert.Equal(t, map[string]any{"min_capacity": 0.5, "max_capacity": 16.0}, c["serverlessv2_scaling_configuration"])
	instances := s.resources("aws_rds_cluster_instance")
	require.Len(t, instances, 3)
	for name, in := range instances {
		assert.Equal(t, "db.serverless", in["instance_class"], name)
	}
}

func TestAuroraClusterReaderCountsAndClasses(t *testing.T) {
	p := auroraProps("orders")
	p.Production = true
	p.EngineVersion = "16"
	p.WriterInstanceClass = "db.r7g.2xlarge"
	p.ReaderInstanceClass = "db.r7g.large"
	p.ReaderCount = 3
	p.Autoscaling = auroracluster.Autoscaling{MinReaders: 2, MaxReaders: 8, TargetCPUPercent: 60}
	p.BackupRetentionDays = 14
	p.PerformanceInsightsRetentionDays = 93
	p.MonitoringIntervalSeconds = 15
	raw, s := synthAurora(t, p)
	require.Equal(t, 1, checkAuroraSecure(t, s))
	checkAuroraGolden(t, "production-readers", raw)

	c := s.resources("aws_rds_cluster")["db"]
	assert.Equal(t, "16", c["engine_version"])
	assert.Equal(t, 14.0, c["backup_retention_period"])
	assert.Equal(t, "aurora-postgresql16", s.resources("aws_rds_cluster_parameter_group")["db-cluster-params"]["family"])

	instances := s.resources("aws_rds_cluster_instance")
	require.Len(t, instances, 4)
	assert.Equal(t, "db.r7g.2xlarge", instances["db-writer"]["instance_class"])
	zones := map[string]string{}
	for name, in := range instances {
		zones[name] = in["availability_zone"].(string)
		assert.Equal(t, true, in["auto_minor_version_upgrade"], "a major version alone follows AWS's minor upgrades")
		assert.Equal(t, 93.0, in["performance_insights_retention_period"])
		assert.Equal(t, 15.0, in["monitoring_interval"])
		if name != "db-writer" {
			assert.Equal(t, "db.r7g.large", in["instance_class"], name)
			assert.Equal(t, 1.0, in["promotion_tier"], name)
		}
	}
	assert.Equal(t, map[string]string{"db-writer": "us-east-1a", "db-reader-1": "us-east-1b", "db-reader-2": "us-east-1c", "db-reader-3": "us-east-1a"}, zones)

	target := s.resources("aws_appautoscaling_target")["db-reader-scaling"]
	assert.Equal(t, 2.0, target["min_capacity"])
	assert.Equal(t, 8.0, target["max_capacity"])
	cfg := first(t, s.resources("aws_appautoscaling_policy")["db-reader-cpu"], "target_tracking_scaling_policy_configuration")
	assert.Equal(t, 60.0, cfg["target_value"])
}

// TestAuroraClusterGivenSecurityGroup attaches a security group made
// elsewhere (networkhub's Database tier group, in the stacks) instead of
// making one.
func TestAuroraClusterGivenSecurityGroup(t *testing.T) {
	p := auroraProps("orders")
	p.AllowedSecurityGroupIDs = nil
	p.SecurityGroupID = jsii.String("sg-database-tier")
	_, s := synthAurora(t, p)
	assert.Empty(t, s.resources("aws_security_group"))
	assert.Empty(t, s.resources("aws_vpc_security_group_ingress_rule"))
	assert.Equal(t, []any{"sg-database-tier"}, s.resources("aws_rds_cluster")["db"]["vpc_security_group_ids"])
}

func TestAuroraClusterWriterOnly(t *testing.T) {
	p := auroraProps("scratch")
	p.WriterOnly = true
	p.Autoscaling.Disabled = true
	p.WriterInstanceClass = "db.t4g.medium"
	p.SkipFinalSnapshot = true
	p.DisableDeletionProtection = true
	_, s := synthAurora(t, p)
	assert.Len(t, s.resources("aws_rds_cluster_instance"), 1)
	assert.Empty(t, s.resources("aws_appautoscaling_target"))
	assert.Len(t, s.resources("aws_cloudwatch_metric_alarm"), 3, "no replica lag alarm without readers")
	c := s.resources("aws_rds_cluster")["db"]
	assert.Equal(t, false, c["deletion_protection"])
	assert.Equal(t, true, c["skip_final_snapshot"])
}

// TestAuroraClusterGivenKeyAndTopic checks that a shared key, topic and
// monitoring role are used instead of new ones, and that the key's policy
// gains the CloudWatch Logs statement once, however many clusters use it.
func TestAuroraClusterGivenKeyAndTopic(t *testing.T) {
	st := newTestStack(t, "123456789012", "us-east-1")
	key, err := kmskey.New(st, "shared-key", kmskey.Props{Alias: "acme/data"})
	require.NoError(t, err)
	topic, err := snstopic.New(st, "ops", snstopic.Props{Name: "ops-alarms", Key: key, PublishingServices: []string{"cloudwatch"}})
	require.NoError(t, err)
	role, err := iamrole.New(st, "em", iamrole.Props{Name: "rds-monitoring", Trust: iamrole.ServiceTrust("monitoring.rds.amazonaws.com", "123456789012"),
		ManagedPolicyARNs: []string{"arn:aws:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole"}})
	require.NoError(t, err)
	for _, name := range []string{"orders", "billing"} {
		p := auroraProps(name)
		p.Key, p.AlarmTopic, p.MonitoringRole = key, topic, role
		_, err := auroracluster.New(st, name, p)
		require.NoError(t, err)
	}
	s := synthStack(t, st)
	assert.Equal(t, 2, checkAuroraSecure(t, s))
	assert.Len(t, s.resources("aws_kms_key"), 1)
	assert.Len(t, s.resources("aws_sns_topic"), 1)
	for _, c := range s.resources("aws_rds_cluster") {
		assert.Equal(t, "${aws_kms_key.shared-key.arn}", c["kms_key_id"])
	}
	monitoring := s.resources("aws_iam_role")
	assert.Len(t, monitoring, 1, "the given monitoring role is shared")
	for name, in := range s.resources("aws_rds_cluster_instance") {
		assert.Equal(t, "${aws_iam_role.em.arn}", in["monitoring_role_arn"], name)
		assert.Equal(t, []any{"aws_iam_role.em", "aws_iam_role_policy_attachment.em-managed-0"}, in["depends_on"], name)
	}
	for _, a := range s.resources("aws_cloudwatch_metric_alarm") {
		assert.Equal(t, []any{"${aws_sns_topic.ops.arn}"}, a["alarm_actions"], "a given topic is used")
	}
	doc := policyDoc(t, s.resources("aws_kms_key")["shared-key"]["policy"])
	n := 0
	for _, st := range doc["Statement"].([]any) {
		if st.(map[string]any)["Sid"] == "CloudWatchLogsUse" {
			n++
		}
	}
	assert.Equal(t, 1, n)
}

func TestAuroraClusterGrants(t *testing.T) {
	st := newTestStack(t, "123456789012", "us-east-1")
	cluster, err := auroracluster.New(st, "db", auroraProps("orders"))
	require.NoError(t, err)
	app, err := iamrole.New(st, "app", iamrole.Props{Name: "orders-app", Trust: iamrole.ServiceTrust("ecs-tasks.amazonaws.com", "123456789012")})
	require.NoError(t, err)
	require.NoError(t, cluster.GrantConnect(app, "orders_app"))
	require.NoError(t, cluster.GrantReadMasterSecret(app))
	assert.ErrorContains(t, cluster.GrantConnect(app, "Orders-App"), `database user "Orders-App": must be 1-63 lowercase letters`)

	s := synthStack(t, st)
	policies := s.resources("aws_iam_role_policy")
	connect := policyDoc(t, policies["app-policy-orders-connect-orders_app"]["policy"])
	assert.Equal(t, "arn:aws:rds-db:us-east-1:123456789012:dbuser:${aws_rds_cluster.db.cluster_resource_id}/orders_app", statement(connect, "ConnectWithIAM")["Resource"])
	secret := policyDoc(t, policies["app-policy-orders-read-master-secret"]["policy"])
	assert.Equal(t, "${aws_rds_cluster.db.master_user_secret[0].secret_arn}", statement(secret, "ReadMasterSecret")["Resource"])
	assert.Equal(t, "${aws_kms_key.db-key.arn}", statement(secret, "DecryptMasterSecret")["Resource"])
}

// TestAuroraClusterRejectsBadInput checks that bad input ends in an error
// naming the construct, the field and the value, before any resource exists.
func TestAuroraClusterRejectsBadInput(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(p *auroracluster.Props)
		want   string
	}{
		{"zero readers with autoscaling", func(p *auroracluster.Props) { p.WriterOnly = true },
			"auroracluster db: WriterOnly: reader autoscaling needs at least one reader"},
		{"autoscaling max below min", func(p *auroracluster.Props) { p.ReaderCount = 2; p.Autoscaling.MaxReaders = 1 },
			"auroracluster db: Autoscaling.MaxReaders 1: the autoscaling maximum is below the minimum 2"},
		{"retention below 7 in production", func(p *auroracluster.Props) { p.Production = true; p.BackupRetentionDays = 3 },
			"auroracluster db: BackupRetentionDays 3: must be at least 7 in production"},
		{"master user admin", func(p *auroracluster.Props) { p.MasterUsername = "admin" },
			`auroracluster db: MasterUsername "admin": is a default or reserved name`},
		{"master user postgres", func(p *auroracluster.Props) { p.MasterUsername = "postgres" },
			`auroracluster db: MasterUsername "postgres": is a default or reserved name`},
		{"engine version format", func(p *auroracluster.Props) { p.EngineVersion = "17.x" },
			`auroracluster db: EngineVersion "17.x": not an Aurora PostgreSQL version`},
		{"the guide's retired version", func(p *auroracluster.Props) { p.EngineVersion = "15.4" },
			`auroracluster db: EngineVersion "15.4": minors of Aurora PostgreSQL 15 before 15.10`},
		{"zone of another region", func(p *auroracluster.Props) { p.AvailabilityZones[2] = "eu-west-1c" },
			`auroracluster db: AvailabilityZones[2] "eu-west-1c": not an availability zone of us-east-1`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newTestStack(t, "123456789012", "us-east-1")
			p := auroraProps("orders")
			tt.mutate(&p)
			cluster, err := auroracluster.New(st, "db", p)
			require.Error(t, err)
			assert.Nil(t, cluster)
			assert.Contains(t, err.Error(), tt.want)
			assert.Empty(t, synthStack(t, st)["resource"], "nothing is created from bad input")
		})
	}
}

// auroraPropsFromModel maps an environment's database settings to the
// construct, as stacks/workload.go should: the network inputs come from the
// environment's VPC, the sizes from the model.
func auroraPropsFromModel(orgName string, e org.Environment, network auroracluster.Props) auroracluster.Props {
	d := e.Database
	p := network
	p.Name = orgName + "-" + e.Name
	p.Production = e.Production
	p.EngineVersion = d.EngineVersion
	p.WriterInstanceClass = d.WriterInstanceClass
	p.ReaderInstanceClass = d.ReaderInstanceClass
	p.ReaderCount = *d.ReaderCount
	p.WriterOnly = *d.ReaderCount == 0
	p.Autoscaling = auroracluster.Autoscaling{
		Disabled:         d.DisableReaderAutoscaling,
		MaxReaders:       d.AutoscalingMaxReaders,
		TargetCPUPercent: d.AutoscalingTargetCPU,
	}
	if s := d.ServerlessV2; s != nil {
		p.ServerlessV2 = &auroracluster.ServerlessV2{MinACU: s.MinACU, MaxACU: s.MaxACU}
	}
	p.BackupRetentionDays = d.BackupRetentionDays
	p.PerformanceInsightsRetentionDays = d.PerformanceInsightsRetentionDays
	p.MonitoringIntervalSeconds = d.MonitoringIntervalSeconds
	p.MasterUsername = d.MasterUsername
	p.DatabaseName = d.DatabaseName
	return p
}

// TestAuroraClusterFromExampleModel checks that the model's defaults, in
// every environment of the example, make clusters the construct accepts and
// that keep the promise, with production's stricter sizes.
func TestAuroraClusterFromExampleModel(t *testing.T) {
	o := org.Example()
	for _, e := range o.Environments {
		t.Run(e.Name, func(t *testing.T) {
			acct, _ := o.Account(e.Account)
			st := newTestStack(t, acct.ID, e.Region)
			network := auroraProps("")
			network.AvailabilityZones = []string{e.Region + "a", e.Region + "b", e.Region + "c"}
			_, err := auroracluster.New(st, "db", auroraPropsFromModel(o.Name, e, network))
			require.NoError(t, err)
			s := synthStack(t, st)
			require.Equal(t, 1, checkAuroraSecure(t, s))
			c := s.resources("aws_rds_cluster")["db"]
			target := s.resources("aws_appautoscaling_target")["db-reader-scaling"]
			if e.Production {
				assert.Equal(t, 14.0, c["backup_retention_period"])
				assert.Len(t, s.resources("aws_rds_cluster_instance"), 3, "a writer and two readers")
				assert.Equal(t, 2.0, target["min_capacity"])
				assert.Equal(t, 5.0, target["max_capacity"])
			} else {
				assert.Equal(t, 7.0, c["backup_retention_period"])
				assert.Len(t, s.resources("aws_rds_cluster_instance"), 2)
			}
		})
	}
}

// TestEveryWorkloadAuroraClusterIsSecure checks the promise on the
// example organization: every workload stack's clusters are secure.
func TestEveryWorkloadAuroraClusterIsSecure(t *testing.T) {
	_, parsed := exampleOrg(t)
	total := 0
	for _, name := range sortedStacks(parsed) {
		if !strings.HasPrefix(name, "workload-") {
			continue
		}
		t.Run(name, func(t *testing.T) {
			total += checkAuroraSecure(t, parsed[name])
		})
	}
	if total == 0 {
		t.Skip("no workload stack makes an Aurora cluster yet: stacks/workload.go has to call auroracluster.New")
	}
}

// The single-instance RDS for PostgreSQL construct shares the Aurora
// construct's rules and tests (dbspec), so its synth tests live here too.

func TestRDSInstanceWithReplica(t *testing.T) {
	st := newTestStack(t, "123456789012", "us-east-1")
	p := auroraProps("ledger")
	inst, err := rdsinstance.New(st, "db", rdsinstance.Props{
		Name:                    "ledger",
		Production:              true,
		VPCID:                   p.VPCID,
		SubnetIDs:               p.SubnetIDs,
		AllowedSecurityGroupIDs: p.AllowedSecurityGroupIDs,
		ReadReplicas:            1,
	})
	require.NoError(t, err)
	assert.Len(t, inst.ReplicaAddresses, 1)
	raw := *cdktf.Testing_Synth(st, jsii.Bool(true))
	var s synthesized
	require.NoError(t, json.Unmarshal([]byte(raw), &s))
	checkAuroraGolden(t, "rdsinstance-replica", raw)

	instances := s.resources("aws_db_instance")
	require.Len(t, instances, 2)
	for name, in := range instances {
		assert.Equal(t, true, in["storage_encrypted"], name)
		assert.Equal(t, false, in["publicly_accessible"], name)
		assert.Equal(t, true, in["iam_database_authentication_enabled"], name)
		assert.Equal(t, true, in["performance_insights_enabled"], name)
		assert.Contains(t, in["performance_insights_kms_key_id"], "${aws_kms_key.", name)
		assert.Greater(t, in["monitoring_interval"], 0.0, name)
		assert.Equal(t, true, in["deletion_protection"], name)
		assert.Equal(t, true, in["copy_tags_to_snapshot"], name)
		assert.Equal(t, "gp3", in["storage_type"], name)
		assert.Equal(t, 1000.0, in["max_allocated_storage"], name)
		assert.Equal(t, []any{"postgresql", "upgrade"}, in["enabled_cloudwatch_logs_exports"], name)
		assert.NotContains(t, in, "password", name)
		checkDatabaseSecurityGroup(t, s, in["vpc_security_group_ids"].([]any)[0].(string))
	}
	primary := instances["db-primary"]
	assert.Equal(t, "postgres", primary["engine"])
	assert.Equal(t, "17", primary["engine_version"])
	assert.Equal(t, true, primary["auto_minor_version_upgrade"], "a major version alone takes RDS's minor upgrades")
	assert.Equal(t, true, primary["multi_az"])
	assert.Equal(t, 100.0, primary["allocated_storage"])
	assert.Equal(t, true, primary["manage_master_user_password"])
	assert.Contains(t, primary["master_user_secret_kms_key_id"], "${aws_kms_key.")
	assert.Contains(t, primary["kms_key_id"], "${aws_kms_key.")
	assert.Equal(t, 7.0, primary["backup_retention_period"])
	assert.Equal(t, "ledger-final", primary["final_snapshot_identifier"])
	assert.Equal(t, "dbmaster", primary["username"])

	replica := instances["db-replica-1"]
	assert.Equal(t, "${aws_db_instance.db-primary.identifier}", replica["replicate_source_db"])
	assert.Equal(t, true, replica["skip_final_snapshot"], "RDS takes no final snapshot of a replica")
	for _, k := range []string{"engine", "username", "manage_master_user_password", "kms_key_id", "multi_az"} {
		assert.NotContains(t, replica, k, "a replica takes %s from its source", k)
	}

	var logGroups []string
	for _, lg := range s.resources("aws_cloudwatch_log_group") {
		logGroups = append(logGroups, lg["name"].(string))
		assert.Contains(t, lg["kms_key_id"], "${aws_kms_key.")
	}
	sort.Strings(logGroups)
	assert.Equal(t, []string{
		"/aws/rds/instance/ledger-replica-1/postgresql", "/aws/rds/instance/ledger-replica-1/upgrade",
		"/aws/rds/instance/ledger/postgresql", "/aws/rds/instance/ledger/upgrade",
	}, logGroups)
	assert.Len(t, s.resources("aws_cloudwatch_metric_alarm"), 4)

	pg := s.resources("aws_db_parameter_group")["db-params"]
	assert.Equal(t, "postgres17", pg["family"])
	assert.Contains(t, pg["parameter"], map[string]any{"name": "rds.force_ssl", "value": "1", "apply_method": "immediate"})
}

func TestRDSInstanceRejectsBadInput(t *testing.T) {
	st := newTestStack(t, "123456789012", "us-east-1")
	p := auroraProps("ledger")
	_, err := rdsinstance.New(st, "db", rdsinstance.Props{
		Name: "ledger", Production: true, SingleAZ: true,
		VPCID: p.VPCID, SubnetIDs: p.SubnetIDs,
	})
	assert.EqualError(t, err, "rdsinstance db: SingleAZ true: production instances keep a standby in another zone")
	assert.Empty(t, synthStack(t, st)["resource"])
}

// TestAuroraZonesFollowTheSubnets is issue 15, finding 17, on the example
// organization: no zone name is typed into any stack. Each instance's zone
// is its isolated subnet's availability_zone as AWS resolves the planned
// zone id in that account, the writer and readers spread over the subnets,
// and the cluster names no zones (availability_zones makes RDS add a third
// zone and Terraform plan a replacement).
func TestAuroraZonesFollowTheSubnets(t *testing.T) {
	_, parsed := exampleOrg(t)
	o := org.Example()
	for _, e := range o.Environments {
		s := parsed[stacks.WorkloadStackName(e.Name)]
		for name, c := range s.resources("aws_rds_cluster") {
			assert.NotContains(t, c, "availability_zones", name)
		}
		used := map[string]bool{}
		for name, in := range s.resources("aws_rds_cluster_instance") {
			az, _ := in["availability_zone"].(string)
			assert.Regexp(t, `^\$\{aws_subnet\.vpc-isolated-[abc]\.availability_zone\}$`, az, name)
			used[az] = true
		}
		assert.Len(t, used, min(e.VPC.AZCount, len(s.resources("aws_rds_cluster_instance"))), "%s: one zone per instance as far as zones go", e.Name)
		for name, sn := range s.resources("aws_subnet") {
			assert.NotContains(t, sn, "availability_zone", name)
			assert.Regexp(t, `^use1-az[12456]$`, sn["availability_zone_id"], name)
		}
	}
}
