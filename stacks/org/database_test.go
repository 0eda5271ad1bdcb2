package org

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func intPtr(n int) *int { return &n }

func TestDatabaseDefaults(t *testing.T) {
	o := Example()
	dev, _ := o.Environment("dev")
	prod, _ := o.Environment("prod")
	assert.Equal(t, Database{
		EngineVersion:                    "17.7",
		WriterInstanceClass:              "db.t4g.medium",
		ReaderInstanceClass:              "db.t4g.medium",
		ReaderCount:                      intPtr(1),
		AutoscalingMaxReaders:            2,
		AutoscalingTargetCPU:             70,
		BackupRetentionDays:              7,
		PerformanceInsightsRetentionDays: 7,
		MonitoringIntervalSeconds:        60,
		MasterUsername:                   "dbmaster",
	}, dev.Database)
	assert.Equal(t, Database{
		EngineVersion:                    "17.7",
		WriterInstanceClass:              "db.r7g.large",
		ReaderInstanceClass:              "db.r7g.large",
		ReaderCount:                      intPtr(2),
		AutoscalingMaxReaders:            5,
		AutoscalingTargetCPU:             70,
		BackupRetentionDays:              14,
		PerformanceInsightsRetentionDays: 7,
		MonitoringIntervalSeconds:        15,
		MasterUsername:                   "dbmaster",
	}, prod.Database)
}

func TestDatabaseDefaultsServerless(t *testing.T) {
	d := Database{ServerlessV2: &ServerlessV2{MinACU: 0.5, MaxACU: 8}}
	d.applyDefaults(false)
	assert.Equal(t, "db.serverless", d.WriterInstanceClass)
	assert.Equal(t, "db.serverless", d.ReaderInstanceClass)
}

func TestDatabaseDefaultsKeepWhatIsSet(t *testing.T) {
	d := Database{ReaderCount: intPtr(0), DisableReaderAutoscaling: true, WriterInstanceClass: "db.r7g.xlarge", BackupRetentionDays: 21}
	d.applyDefaults(false)
	assert.Equal(t, 0, *d.ReaderCount, "an explicit 0 stays 0")
	assert.Zero(t, d.AutoscalingMaxReaders)
	assert.Zero(t, d.AutoscalingTargetCPU)
	assert.Equal(t, "db.r7g.xlarge", d.ReaderInstanceClass)
	assert.Equal(t, 21, d.BackupRetentionDays)
}

// TestDatabaseFile parses database settings as a user writes them.
func TestDatabaseFile(t *testing.T) {
	o := parseWithDatabase(t, "dev", `
      engine_version: "16"
      serverless_v2: {min_acu: 0, max_acu: 4}
      reader_count: 0
      disable_reader_autoscaling: true
      database_name: orders`)
	dev, _ := o.Environment("dev")
	assert.Equal(t, "16", dev.Database.EngineVersion)
	assert.Equal(t, &ServerlessV2{MinACU: 0, MaxACU: 4}, dev.Database.ServerlessV2)
	assert.Equal(t, "db.serverless", dev.Database.WriterInstanceClass)
	assert.Equal(t, 0, *dev.Database.ReaderCount)
	assert.Equal(t, "orders", dev.Database.DatabaseName)
}

// parseWithDatabase returns the example organization, as a file, with the
// given YAML lines as env's database section.
func parseWithDatabase(t *testing.T, env, database string) *Organization {
	t.Helper()
	o, err := Parse("org.yaml", exampleWithDatabase(t, env, database))
	require.NoError(t, err)
	return o
}

// exampleWithDatabase prints the example organization as a file whose
// environment env has the given YAML as its database section and nothing
// else there, as a user would write it.
func exampleWithDatabase(t *testing.T, env, database string) []byte {
	t.Helper()
	data, err := yaml.Marshal(Example())
	require.NoError(t, err)
	var doc map[string]any
	require.NoError(t, yaml.Unmarshal(data, &doc))
	var section map[string]any
	require.NoError(t, yaml.Unmarshal([]byte(database), &section))
	found := false
	for _, e := range doc["environments"].([]any) {
		if m := e.(map[string]any); m["name"] == env {
			m["database"] = section
			found = true
		}
	}
	require.True(t, found, "environment %s", env)
	out, err := yaml.Marshal(doc)
	require.NoError(t, err)
	return out
}

func TestValidateDatabaseRejects(t *testing.T) {
	tests := []rejectCase{
		{"zero readers with autoscaling", func(o *Organization) { o.Environments[0].Database.ReaderCount = intPtr(0) },
			`environments[dev].database.reader_count 0: reader autoscaling needs at least one reader`},
		{"zero readers in production", func(o *Organization) {
			d := &o.Environments[2].Database
			d.ReaderCount, d.DisableReaderAutoscaling, d.AutoscalingMaxReaders, d.AutoscalingTargetCPU = intPtr(0), true, 0, 0
		}, `environments[prod].database.reader_count 0: production clusters keep at least one reader to fail over to`},
		{"too many readers", func(o *Organization) { o.Environments[0].Database.ReaderCount = intPtr(16) },
			`environments[dev].database.reader_count 16: a cluster has 0-15 Aurora Replicas`},
		{"max below readers", func(o *Organization) { o.Environments[2].Database.AutoscalingMaxReaders = 1 },
			`environments[prod].database.autoscaling_max_readers 1: the autoscaling maximum is below the minimum 2`},
		{"max above limit", func(o *Organization) { o.Environments[2].Database.AutoscalingMaxReaders = 20 },
			`environments[prod].database.autoscaling_max_readers 20: a cluster has at most 15 Aurora Replicas`},
		{"target cpu", func(o *Organization) { o.Environments[0].Database.AutoscalingTargetCPU = 5 },
			`environments[dev].database.autoscaling_target_cpu 5: the autoscaling target is a CPU percentage of 10-90`},
		{"autoscaling settings while disabled", func(o *Organization) { o.Environments[0].Database.DisableReaderAutoscaling = true },
			`environments[dev].database.disable_reader_autoscaling true: contradicts autoscaling_max_readers`},
		{"retention below 7 in production", func(o *Organization) { o.Environments[2].Database.BackupRetentionDays = 3 },
			`environments[prod].database.backup_retention_days 3: must be at least 7 in production`},
		{"retention too long", func(o *Organization) { o.Environments[0].Database.BackupRetentionDays = 36 },
			`environments[dev].database.backup_retention_days 36: Aurora keeps automated backups 1-35 days`},
		{"retired engine version", func(o *Organization) { o.Environments[0].Database.EngineVersion = "15.4" },
			`environments[dev].database.engine_version "15.4": minors of Aurora PostgreSQL 15 before 15.10 (its long-term-support minor) are retired; use 15.10 or later`},
		{"engine version format", func(o *Organization) { o.Environments[0].Database.EngineVersion = "postgres-17" },
			`environments[dev].database.engine_version "postgres-17": not an Aurora PostgreSQL version`},
		{"burstable in production", func(o *Organization) { o.Environments[2].Database.ReaderInstanceClass = "db.t4g.large" },
			`environments[prod].database.reader_instance_class "db.t4g.large": burstable classes (db.t*) run out of CPU credits`},
		{"bad class", func(o *Organization) { o.Environments[0].Database.WriterInstanceClass = "large" },
			`environments[dev].database.writer_instance_class "large": not an RDS instance class`},
		{"serverless class without range", func(o *Organization) { o.Environments[0].Database.WriterInstanceClass = "db.serverless" },
			`environments[dev].database.writer_instance_class "db.serverless": Serverless v2 instances need a capacity range`},
		{"pausing serverless in production", func(o *Organization) {
			d := &o.Environments[2].Database
			d.ServerlessV2 = &ServerlessV2{MinACU: 0, MaxACU: 16}
			d.WriterInstanceClass, d.ReaderInstanceClass = "db.serverless", "db.serverless"
		}, `environments[prod].database.serverless_v2: minimum 0 ACU pauses the database when idle`},
		{"serverless range", func(o *Organization) { o.Environments[0].Database.ServerlessV2 = &ServerlessV2{MinACU: 4, MaxACU: 2} },
			`environments[dev].database.serverless_v2: maximum 2 ACU is below the minimum 4 ACU`},
		{"performance insights retention", func(o *Organization) { o.Environments[0].Database.PerformanceInsightsRetentionDays = 14 },
			`environments[dev].database.performance_insights_retention_days 14: Performance Insights keeps data 7 days`},
		{"monitoring interval", func(o *Organization) { o.Environments[0].Database.MonitoringIntervalSeconds = 20 },
			`environments[dev].database.monitoring_interval_seconds 20: enhanced monitoring samples every`},
		{"master user admin", func(o *Organization) { o.Environments[0].Database.MasterUsername = "admin" },
			`environments[dev].database.master_username "admin": is a default or reserved name`},
		{"master user postgres", func(o *Organization) { o.Environments[1].Database.MasterUsername = "postgres" },
			`environments[staging].database.master_username "postgres": is a default or reserved name`},
		{"database name", func(o *Organization) { o.Environments[0].Database.DatabaseName = "template1" },
			`environments[dev].database.database_name "template1": is a database every PostgreSQL cluster already has`},
	}
	rejects(t, tests)
}

// TestDatabaseFileRejects checks errors reach users of files with the
// field path they wrote, after defaults.
func TestDatabaseFileRejects(t *testing.T) {
	_, err := Parse("org.yaml", exampleWithDatabase(t, "dev", `
      reader_count: 0`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "organization file org.yaml: environments[dev].database.reader_count 0: reader autoscaling needs at least one reader")

	_, err = Parse("org.yaml", exampleWithDatabase(t, "prod", `
      backup_retention_days: 3`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "organization file org.yaml: environments[prod].database.backup_retention_days 3: must be at least 7 in production")

	_, err = Parse("org.yaml", exampleWithDatabase(t, "dev", `
      readers: 2`))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "unknown field readers")
}
