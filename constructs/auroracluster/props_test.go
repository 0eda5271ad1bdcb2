package auroracluster

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/auroracluster/dbspec"
)

// These tests exercise the plain-Go half of the package: no construct is
// made and no jsii process starts.

func ptr(s string) *string { return &s }

func validProps() Props {
	return Props{
		Name:                    "orders",
		VPCID:                   ptr("vpc-1"),
		SubnetIDs:               []*string{ptr("subnet-a"), ptr("subnet-b"), ptr("subnet-c")},
		AvailabilityZones:       []string{"us-east-1a", "us-east-1b", "us-east-1c"},
		AllowedSecurityGroupIDs: []*string{ptr("sg-app")},
	}
}

func TestResolveDefaults(t *testing.T) {
	c, err := validProps().resolve("db")
	require.NoError(t, err)
	assert.Equal(t, dbspec.DefaultEngineVersion, c.EngineVersion)
	assert.Equal(t, dbspec.EngineVersion{Engine: "aurora-postgresql", Major: 17, Minor: 7, Pinned: true}, c.version)
	assert.Equal(t, dbspec.DefaultMasterUsername, c.MasterUsername)
	assert.Equal(t, 5432, c.Port)
	assert.Equal(t, DefaultInstanceClass, c.WriterInstanceClass)
	assert.Equal(t, DefaultInstanceClass, c.ReaderInstanceClass)
	assert.Equal(t, 1, c.ReaderCount)
	assert.Equal(t, Autoscaling{MinReaders: 1, MaxReaders: 3, TargetCPUPercent: 70, ScaleInCooldownSeconds: 300, ScaleOutCooldownSeconds: 300}, c.Autoscaling)
	assert.Equal(t, 7, c.BackupRetentionDays)
	assert.Equal(t, dbspec.DefaultBackupWindow, c.PreferredBackupWindow)
	assert.Equal(t, dbspec.DefaultMaintenanceWindow, c.PreferredMaintenanceWindow)
	assert.Equal(t, 7, c.PerformanceInsightsRetentionDays)
	assert.Equal(t, 60, c.MonitoringIntervalSeconds)
	assert.Equal(t, 365, c.LogRetentionDays)
	assert.Equal(t, Logging{Statement: "ddl", MinDurationMillis: 1000}, c.Logging)
	assert.Equal(t, Alarms{CPUPercent: 80, FreeableMemoryBytes: 256 << 20, ReplicaLagMillis: 1000}, c.Alarms)
	assert.False(t, c.SkipFinalSnapshot)
	assert.False(t, c.DisableDeletionProtection)
}

func TestResolveServerlessDefaults(t *testing.T) {
	p := validProps()
	p.ServerlessV2 = &ServerlessV2{MinACU: 0.5, MaxACU: 16}
	c, err := p.resolve("db")
	require.NoError(t, err)
	assert.Equal(t, "db.serverless", c.WriterInstanceClass)
	assert.Equal(t, "db.serverless", c.ReaderInstanceClass)

	// A provisioned writer with Serverless v2 readers is a mixed cluster
	// Aurora allows.
	p.WriterInstanceClass = "db.r7g.xlarge"
	p.ReaderInstanceClass = "db.serverless"
	c, err = p.resolve("db")
	require.NoError(t, err)
	assert.Equal(t, "db.r7g.xlarge", c.WriterInstanceClass)
	assert.Equal(t, "db.serverless", c.ReaderInstanceClass)
}

func TestResolveMaintenanceWindowIsLowercased(t *testing.T) {
	p := validProps()
	p.PreferredMaintenanceWindow = "Sat:05:00-Sat:06:00"
	c, err := p.resolve("db")
	require.NoError(t, err)
	assert.Equal(t, "sat:05:00-sat:06:00", c.PreferredMaintenanceWindow)
}

func TestResolveWriterOnly(t *testing.T) {
	p := validProps()
	p.WriterOnly = true
	p.Autoscaling.Disabled = true
	c, err := p.resolve("db")
	require.NoError(t, err)
	assert.Zero(t, c.ReaderCount)
	assert.Len(t, c.instances(), 1)
	for _, a := range c.alarms() {
		assert.NotEqual(t, "AuroraReplicaLag", a.Metric, "no replica lag alarm without readers")
	}
}

// TestResolveRejects checks that bad input is refused with an error that
// names the construct, the field and the value, and says what is allowed.
func TestResolveRejects(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(p *Props)
		want   string
	}{
		{"missing name", func(p *Props) { p.Name = "" }, "auroracluster db: Name: is required"},
		{"upper case name", func(p *Props) { p.Name = "Orders" }, `auroracluster db: Name "Orders": use lowercase letters`},
		{"double hyphen", func(p *Props) { p.Name = "orders--db" }, `Name "orders--db": use lowercase letters, digits and single hyphens`},
		{"trailing hyphen", func(p *Props) { p.Name = "orders-" }, `Name "orders-"`},
		{"long name", func(p *Props) { p.Name = "a23456789012345678901234567890123456789012345678x" }, "is longer than 48 characters"},
		{"no vpc", func(p *Props) { p.VPCID = nil }, "VPCID: is required"},
		{"one subnet", func(p *Props) { p.SubnetIDs = p.SubnetIDs[:1]; p.AvailabilityZones = p.AvailabilityZones[:1] }, "SubnetIDs: has 1 subnets; RDS needs subnets in at least two availability zones"},
		{"zones do not match subnets", func(p *Props) { p.AvailabilityZones = p.AvailabilityZones[:2] }, `AvailabilityZones ["us-east-1a" "us-east-1b"]: has 2 zones for 3 subnets`},
		{"zone twice", func(p *Props) { p.AvailabilityZones[2] = "us-east-1a" }, "lists us-east-1a twice"},
		{"nil subnet", func(p *Props) { p.SubnetIDs[1] = nil }, "SubnetIDs[1]: is nil"},
		{"nil security group", func(p *Props) { p.AllowedSecurityGroupIDs = []*string{nil} }, "AllowedSecurityGroupIDs[0]: is nil"},
		{"given group and allowed groups", func(p *Props) { p.SecurityGroupID = ptr("sg-db") }, "AllowedSecurityGroupIDs: must be empty with SecurityGroupID"},
		{"retired engine version", func(p *Props) { p.EngineVersion = "15.4" }, `auroracluster db: EngineVersion "15.4": minors of Aurora PostgreSQL 15 before 15.10`},
		{"malformed engine version", func(p *Props) { p.EngineVersion = "latest" }, `EngineVersion "latest": not an Aurora PostgreSQL version`},
		{"unsupported major", func(p *Props) { p.EngineVersion = "12" }, `EngineVersion "12": Aurora PostgreSQL 12 is not in standard support`},
		{"master user admin", func(p *Props) { p.MasterUsername = "admin" }, `MasterUsername "admin": is a default or reserved name`},
		{"master user postgres", func(p *Props) { p.MasterUsername = "postgres" }, `MasterUsername "postgres": is a default or reserved name`},
		{"bad database name", func(p *Props) { p.DatabaseName = "my-app" }, `DatabaseName "my-app": must be 1-63 lowercase letters`},
		{"bad port", func(p *Props) { p.Port = 22 }, "Port 22: RDS accepts ports 1150-65535"},
		{"bad writer class", func(p *Props) { p.WriterInstanceClass = "r7g.large" }, `WriterInstanceClass "r7g.large": not an RDS instance class`},
		{"burstable reader in production", func(p *Props) { p.Production = true; p.ReaderInstanceClass = "db.t4g.medium" }, `ReaderInstanceClass "db.t4g.medium": burstable classes`},
		{"serverless class without range", func(p *Props) { p.WriterInstanceClass = "db.serverless" }, `WriterInstanceClass "db.serverless": Serverless v2 instances need a capacity range`},
		{"serverless max below min", func(p *Props) { p.ServerlessV2 = &ServerlessV2{MinACU: 8, MaxACU: 2} }, "ServerlessV2: maximum 2 ACU is below the minimum 8 ACU"},
		{"pausing serverless in production", func(p *Props) { p.Production = true; p.ServerlessV2 = &ServerlessV2{MinACU: 0, MaxACU: 4} }, "ServerlessV2: minimum 0 ACU pauses the database"},
		{"zero readers with autoscaling", func(p *Props) { p.WriterOnly = true }, "auroracluster db: WriterOnly: reader autoscaling needs at least one reader"},
		{"zero readers in production", func(p *Props) { p.Production = true; p.WriterOnly = true; p.Autoscaling.Disabled = true }, "auroracluster db: WriterOnly: production clusters keep at least one reader"},
		{"readers and writer only", func(p *Props) { p.WriterOnly = true; p.ReaderCount = 2 }, "ReaderCount 2: contradicts WriterOnly"},
		{"too many readers", func(p *Props) { p.ReaderCount = 16 }, "auroracluster db: ReaderCount 16: a cluster has 0-15 Aurora Replicas"},
		{"max below min", func(p *Props) { p.ReaderCount = 2; p.Autoscaling.MaxReaders = 1 }, "auroracluster db: Autoscaling.MaxReaders 1: the autoscaling maximum is below the minimum 2"},
		{"min above readers", func(p *Props) { p.Autoscaling.MinReaders = 2 }, "auroracluster db: Autoscaling.MinReaders 2: above the 1 readers made with the cluster"},
		{"negative min", func(p *Props) { p.Autoscaling.MinReaders = -1 }, "Autoscaling: readers and cooldowns must not be negative"},
		{"target cpu", func(p *Props) { p.Autoscaling.TargetCPUPercent = 99 }, "auroracluster db: Autoscaling.TargetCPUPercent 99: the autoscaling target is a CPU percentage of 10-90"},
		{"retention below 7 in production", func(p *Props) { p.Production = true; p.BackupRetentionDays = 3 }, "auroracluster db: BackupRetentionDays 3: must be at least 7 in production"},
		{"retention too long", func(p *Props) { p.BackupRetentionDays = 40 }, "BackupRetentionDays 40: Aurora keeps automated backups 1-35 days"},
		{"backup window", func(p *Props) { p.PreferredBackupWindow = "3-4" }, `PreferredBackupWindow "3-4": use hh:mm-hh:mm`},
		{"overlapping windows", func(p *Props) { p.PreferredMaintenanceWindow = "sun:03:30-sun:04:30" }, `PreferredMaintenanceWindow "sun:03:30-sun:04:30": overlaps the daily backup window 03:00-04:00`},
		{"skip final snapshot in production", func(p *Props) { p.Production = true; p.SkipFinalSnapshot = true }, "SkipFinalSnapshot true: production clusters keep a final snapshot"},
		{"no deletion protection in production", func(p *Props) { p.Production = true; p.DisableDeletionProtection = true }, "DisableDeletionProtection true: production clusters keep deletion protection"},
		{"performance insights retention", func(p *Props) { p.PerformanceInsightsRetentionDays = 30 }, "PerformanceInsightsRetentionDays 30: Performance Insights keeps data 7 days"},
		{"monitoring interval", func(p *Props) { p.MonitoringIntervalSeconds = 45 }, "MonitoringIntervalSeconds 45: enhanced monitoring samples every 1, 5, 10, 15, 30 or 60 seconds"},
		{"log retention", func(p *Props) { p.LogRetentionDays = 42 }, "LogRetentionDays 42: CloudWatch Logs accepts"},
		{"log statement", func(p *Props) { p.Logging.Statement = "everything" }, `Logging: Statement "everything": log_statement is none, ddl, mod or all`},
		{"weakening TLS", func(p *Props) { p.ClusterParameters = map[string]string{"rds.force_ssl": "0"} }, `ClusterParameters "rds.force_ssl": is set by auroracluster`},
		{"overriding logging", func(p *Props) { p.InstanceParameters = map[string]string{"log_statement": "none"} }, `InstanceParameters "log_statement": is set by auroracluster`},
		{"empty parameter value", func(p *Props) { p.ClusterParameters = map[string]string{"work_mem": ""} }, `ClusterParameters "work_mem": parameters need a name and a value`},
		{"alarm cpu", func(p *Props) { p.Alarms.CPUPercent = 150 }, "Alarms: CPUPercent 150: use 1-100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := validProps()
			tt.mutate(&p)
			_, err := p.resolve("db")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestNames(t *testing.T) {
	p := validProps()
	p.ReaderCount = 2
	c, err := p.resolve("db")
	require.NoError(t, err)
	n := c.names()
	assert.Equal(t, "orders", n.cluster)
	assert.Equal(t, "orders-final", n.finalSnapshot, "stable: derived from the cluster, never from a timestamp")
	assert.Equal(t, "/aws/rds/cluster/orders/postgresql", n.logGroup, "the name RDS exports the PostgreSQL log to")
	assert.Equal(t, "orders-aurora-postgresql17-cluster-", n.clusterParameterGroup)
	assert.Equal(t, "orders-aurora-postgresql17-instance-", n.instanceParameterGroup)
	assert.Equal(t, []string{"orders-reader-1", "orders-reader-2"}, n.readers)
	assert.Equal(t, "rds/orders", n.keyAlias)

	// The longest name fits every AWS limit it is a prefix of.
	p.Name = "a2345678901234567890123456789012345678901234567x"
	p.ReaderCount = 15
	p.Autoscaling.Disabled = true
	c, err = p.resolve("db")
	require.NoError(t, err)
	n = c.names()
	assert.LessOrEqual(t, len(n.readers[14]), 63, "instance identifier")
	assert.LessOrEqual(t, len(n.monitoringRole), 64, "IAM role name")
}

func TestInstancesSpreadOverZones(t *testing.T) {
	p := validProps()
	p.ReaderCount = 4
	p.ReaderInstanceClass = "db.r7g.xlarge"
	c, err := p.resolve("db")
	require.NoError(t, err)
	got := c.instances()
	want := []instance{
		{Member: "writer", Identifier: "orders-writer", Class: "db.r7g.large", AvailabilityZone: "us-east-1a", PromotionTier: 0},
		{Member: "reader-1", Identifier: "orders-reader-1", Class: "db.r7g.xlarge", AvailabilityZone: "us-east-1b", PromotionTier: 1},
		{Member: "reader-2", Identifier: "orders-reader-2", Class: "db.r7g.xlarge", AvailabilityZone: "us-east-1c", PromotionTier: 1},
		{Member: "reader-3", Identifier: "orders-reader-3", Class: "db.r7g.xlarge", AvailabilityZone: "us-east-1a", PromotionTier: 1},
		{Member: "reader-4", Identifier: "orders-reader-4", Class: "db.r7g.xlarge", AvailabilityZone: "us-east-1b", PromotionTier: 1},
	}
	assert.Equal(t, want, got)
}

func TestClusterParameters(t *testing.T) {
	p := validProps()
	p.ClusterParameters = map[string]string{"work_mem": "65536", "idle_in_transaction_session_timeout": "60000"}
	c, err := p.resolve("db")
	require.NoError(t, err)
	assert.Equal(t, []parameter{
		{"rds.force_ssl", "1", "immediate"},
		{"log_connections", "1", "immediate"},
		{"log_disconnections", "1", "immediate"},
		{"log_statement", "ddl", "immediate"},
		{"log_min_duration_statement", "1000", "immediate"},
		{"idle_in_transaction_session_timeout", "60000", "pending-reboot"},
		{"work_mem", "65536", "pending-reboot"},
	}, c.clusterParameters())
	assert.Empty(t, c.instanceParameters())

	p.Logging = Logging{Statement: "mod", DisableSlowQueries: true, DisableConnections: true}
	c, err = p.resolve("db")
	require.NoError(t, err)
	ps := c.clusterParameters()
	assert.Equal(t, parameter{"rds.force_ssl", "1", "immediate"}, ps[0], "TLS is not optional")
	assert.Equal(t, parameter{"log_connections", "0", "immediate"}, ps[1])
	assert.Equal(t, parameter{"log_statement", "mod", "immediate"}, ps[3])
	assert.Equal(t, parameter{"log_min_duration_statement", "-1", "immediate"}, ps[4])
}

func TestAlarms(t *testing.T) {
	p := validProps()
	p.Alarms.CPUPercent = 90
	c, err := p.resolve("db")
	require.NoError(t, err)
	byMetric := map[string]alarm{}
	for _, a := range c.alarms() {
		byMetric[a.Metric] = a
	}
	require.Len(t, byMetric, 4)
	assert.Equal(t, 90.0, byMetric["CPUUtilization"].Threshold)
	assert.Equal(t, "WRITER", byMetric["CPUUtilization"].Role)
	assert.Equal(t, "LessThanThreshold", byMetric["FreeableMemory"].Comparison)
	assert.Equal(t, float64(256<<20), byMetric["FreeableMemory"].Threshold)
	assert.Equal(t, "READER", byMetric["AuroraReplicaLag"].Role)
	assert.Equal(t, "Maximum", byMetric["AuroraReplicaLag"].Statistic)
	assert.Equal(t, 0.0, byMetric["Deadlocks"].Threshold)
	assert.Equal(t, "Aurora cluster orders had deadlocks in 2 of the last 3 five-minute periods.", byMetric["Deadlocks"].Description)
}
