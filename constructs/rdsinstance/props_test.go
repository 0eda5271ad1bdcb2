package rdsinstance

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/auroracluster/dbspec"
)

// Plain-Go tests: no construct is made and no jsii process starts.

func ptr(s string) *string { return &s }

func validProps() Props {
	return Props{
		Name:                    "ledger",
		VPCID:                   ptr("vpc-1"),
		SubnetIDs:               []*string{ptr("subnet-a"), ptr("subnet-b")},
		AllowedSecurityGroupIDs: []*string{ptr("sg-app")},
	}
}

func TestResolveDefaults(t *testing.T) {
	c, err := validProps().resolve("db")
	require.NoError(t, err)
	assert.Equal(t, dbspec.EngineVersion{Engine: "postgres", Major: 17}, c.version)
	assert.Equal(t, "dbmaster", c.MasterUsername)
	assert.Equal(t, DefaultInstanceClass, c.ReplicaInstanceClass)
	assert.Equal(t, 100, c.AllocatedStorageGiB)
	assert.Equal(t, 1000, c.MaxAllocatedStorageGiB)
	assert.False(t, c.SingleAZ)
	assert.Equal(t, 7, c.BackupRetentionDays)
	assert.Equal(t, []member{{Suffix: "primary", Identifier: "ledger", Class: DefaultInstanceClass}}, c.members())

	p := validProps()
	p.AllocatedStorageGiB = 800
	c, err = p.resolve("db")
	require.NoError(t, err)
	assert.Equal(t, 1600, c.MaxAllocatedStorageGiB, "the default ceiling stays above a large allocation")
}

func TestResolveRejects(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(p *Props)
		want   string
	}{
		{"missing name", func(p *Props) { p.Name = "" }, "rdsinstance db: Name: is required"},
		{"one subnet", func(p *Props) { p.SubnetIDs = p.SubnetIDs[:1] }, "SubnetIDs: has 1 subnets"},
		{"nil security group", func(p *Props) { p.AllowedSecurityGroupIDs = []*string{nil} }, "AllowedSecurityGroupIDs: holds a nil security group id"},
		{"given group and allowed groups", func(p *Props) { p.SecurityGroupID = ptr("sg-db") }, "AllowedSecurityGroupIDs: must be empty with SecurityGroupID"},
		{"retired version", func(p *Props) { p.EngineVersion = "15.4" }, `rdsinstance db: EngineVersion "15.4": minors of RDS for PostgreSQL 15 before 15.13`},
		{"aurora version format", func(p *Props) { p.EngineVersion = "17.7.1" }, `EngineVersion "17.7.1": not an RDS for PostgreSQL version`},
		{"master user admin", func(p *Props) { p.MasterUsername = "admin" }, `MasterUsername "admin": is a default or reserved name`},
		{"serverless", func(p *Props) { p.InstanceClass = "db.serverless" }, `InstanceClass "db.serverless": Serverless v2 is for Aurora`},
		{"burstable in production", func(p *Props) { p.Production = true; p.InstanceClass = "db.t4g.large" }, `InstanceClass "db.t4g.large": burstable classes`},
		{"single AZ in production", func(p *Props) { p.Production = true; p.SingleAZ = true }, "SingleAZ true: production instances keep a standby in another zone"},
		{"too many replicas", func(p *Props) { p.ReadReplicas = 6 }, "ReadReplicas 6: use 0-5"},
		{"storage ceiling", func(p *Props) { p.AllocatedStorageGiB = 500; p.MaxAllocatedStorageGiB = 520 }, "MaxAllocatedStorageGiB 520: maximum storage 520 GiB: storage autoscaling needs a ceiling at least 10% above the 500 GiB allocated"},
		{"retention below 7 in production", func(p *Props) { p.Production = true; p.BackupRetentionDays = 3 }, "rdsinstance db: BackupRetentionDays 3: must be at least 7 in production"},
		{"overlapping windows", func(p *Props) { p.PreferredMaintenanceWindow = "mon:03:00-mon:04:00" }, `PreferredMaintenanceWindow "mon:03:00-mon:04:00": overlaps`},
		{"skip final snapshot in production", func(p *Props) { p.Production = true; p.SkipFinalSnapshot = true }, "SkipFinalSnapshot true: production instances keep a final snapshot"},
		{"performance insights", func(p *Props) { p.PerformanceInsightsRetentionDays = 10 }, "PerformanceInsightsRetentionDays 10"},
		{"log retention", func(p *Props) { p.LogRetentionDays = 2 }, "LogRetentionDays 2: CloudWatch Logs accepts"},
		{"weakening TLS", func(p *Props) { p.Parameters = map[string]string{"rds.force_ssl": "0"} }, `Parameters "rds.force_ssl": connections are TLS-only`},
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

func TestParameters(t *testing.T) {
	p := validProps()
	p.Parameters = map[string]string{"log_statement": "mod", "work_mem": "65536"}
	c, err := p.resolve("db")
	require.NoError(t, err)
	assert.Equal(t, []parameter{
		{"rds.force_ssl", "1", "immediate"},
		{"log_connections", "1", "immediate"},
		{"log_disconnections", "1", "immediate"},
		{"log_min_duration_statement", "1000", "immediate"},
		{"log_statement", "mod", "pending-reboot"},
		{"work_mem", "65536", "pending-reboot"},
	}, c.parameters())
}

func TestAlarms(t *testing.T) {
	p := validProps()
	p.ReadReplicas = 2
	p.AllocatedStorageGiB = 200
	c, err := p.resolve("db")
	require.NoError(t, err)
	var names []string
	for _, a := range c.alarms() {
		names = append(names, a.Name)
		if a.Metric == "FreeStorageSpace" {
			assert.Equal(t, 10.0*(1<<30), a.Threshold, "5% of 200 GiB")
		}
	}
	assert.Equal(t, []string{"ledger-cpu-high", "ledger-freeable-memory-low", "ledger-free-storage-low", "ledger-replica-1-lag-high", "ledger-replica-2-lag-high"}, names)
}
