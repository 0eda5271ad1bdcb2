package org

import (
	"errors"

	"github.com/acme/landing-zone/constructs/auroracluster/dbspec"
)

// Database sizes an environment's Aurora PostgreSQL cluster. Every field is
// optional: applyDefaults fills what a file leaves out, with stricter values
// in production. The construct's fixed guarantees (encryption, managed
// master password, TLS, IAM authentication, deletion protection) are not
// knobs here.
type Database struct {
	// EngineVersion is an Aurora PostgreSQL version: a pinned minor such as
	// "17.7" (the default, the long-term-support minor of 17) or a major
	// alone such as "17" to take AWS's minor upgrades automatically.
	EngineVersion string `yaml:"engine_version,omitempty"`
	// WriterInstanceClass is the writer's class: db.r7g.large in
	// production, db.t4g.medium elsewhere, db.serverless with
	// serverless_v2.
	WriterInstanceClass string `yaml:"writer_instance_class,omitempty"`
	// ReaderInstanceClass defaults to the writer's class.
	ReaderInstanceClass string `yaml:"reader_instance_class,omitempty"`
	// ReaderCount is the readers made with the cluster: 2 in production,
	// 1 elsewhere. 0 (outside production) makes a writer-only cluster,
	// which needs disable_reader_autoscaling.
	ReaderCount *int `yaml:"reader_count,omitempty"`
	// ServerlessV2 makes the instances Serverless v2 with this capacity.
	ServerlessV2 *ServerlessV2 `yaml:"serverless_v2,omitempty"`
	// AutoscalingMaxReaders is the most readers autoscaling adds up to,
	// counting reader_count: reader_count+3 in production, +1 elsewhere.
	AutoscalingMaxReaders int `yaml:"autoscaling_max_readers,omitempty"`
	// AutoscalingTargetCPU is the readers' average CPU autoscaling keeps;
	// default 70.
	AutoscalingTargetCPU float64 `yaml:"autoscaling_target_cpu,omitempty"`
	// DisableReaderAutoscaling turns reader autoscaling off.
	DisableReaderAutoscaling bool `yaml:"disable_reader_autoscaling,omitempty"`
	// BackupRetentionDays is 1-35: 14 in production (at least 7), 7
	// elsewhere.
	BackupRetentionDays int `yaml:"backup_retention_days,omitempty"`
	// PerformanceInsightsRetentionDays is 7 (default), a multiple of 31 up
	// to 713, or 731.
	PerformanceInsightsRetentionDays int `yaml:"performance_insights_retention_days,omitempty"`
	// MonitoringIntervalSeconds is the enhanced monitoring interval: 1, 5,
	// 10, 15, 30 or 60; 15 in production, 60 elsewhere.
	MonitoringIntervalSeconds int `yaml:"monitoring_interval_seconds,omitempty"`
	// MasterUsername defaults to dbmaster; admin, postgres and other
	// default names are refused.
	MasterUsername string `yaml:"master_username,omitempty"`
	// DatabaseName is a database to create with the cluster.
	DatabaseName string `yaml:"database_name,omitempty"`
}

// ServerlessV2 is a Serverless v2 capacity range in ACUs, in steps of 0.5.
type ServerlessV2 struct {
	MinACU float64 `yaml:"min_acu"`
	MaxACU float64 `yaml:"max_acu"`
}

// Instance classes the model defaults to.
const (
	defaultProductionInstanceClass = "db.r7g.large"
	defaultInstanceClass           = "db.t4g.medium"
)

func (d *Database) applyDefaults(production bool) {
	pick := func(prod, other int) int {
		if production {
			return prod
		}
		return other
	}
	if d.EngineVersion == "" {
		d.EngineVersion = dbspec.DefaultEngineVersion
	}
	if d.WriterInstanceClass == "" {
		switch {
		case d.ServerlessV2 != nil:
			d.WriterInstanceClass = dbspec.ServerlessInstanceClass
		case production:
			d.WriterInstanceClass = defaultProductionInstanceClass
		default:
			d.WriterInstanceClass = defaultInstanceClass
		}
	}
	if d.ReaderInstanceClass == "" {
		d.ReaderInstanceClass = d.WriterInstanceClass
	}
	if d.ReaderCount == nil {
		n := pick(2, 1)
		d.ReaderCount = &n
	}
	if !d.DisableReaderAutoscaling {
		if d.AutoscalingMaxReaders == 0 && *d.ReaderCount > 0 {
			d.AutoscalingMaxReaders = min(*d.ReaderCount+pick(3, 1), dbspec.MaxReaders)
		}
		if d.AutoscalingTargetCPU == 0 {
			d.AutoscalingTargetCPU = 70
		}
	}
	if d.BackupRetentionDays == 0 {
		d.BackupRetentionDays = pick(14, 7)
	}
	if d.PerformanceInsightsRetentionDays == 0 {
		d.PerformanceInsightsRetentionDays = 7
	}
	if d.MonitoringIntervalSeconds == 0 {
		d.MonitoringIntervalSeconds = pick(15, 60)
	}
	if d.MasterUsername == "" {
		d.MasterUsername = dbspec.DefaultMasterUsername
	}
}

// validateDatabase checks e.Database; field is the path of e, such as
// environments[prod].
func validateDatabase(c *collector, field string, e Environment) {
	d, f := e.Database, field+".database"
	if _, err := dbspec.ParseEngineVersion(d.EngineVersion); err != nil {
		c.add(f+".engine_version", d.EngineVersion, "%v", err)
	}
	for _, ic := range []struct{ field, class string }{{"writer_instance_class", d.WriterInstanceClass}, {"reader_instance_class", d.ReaderInstanceClass}} {
		if err := dbspec.CheckInstanceClass(ic.class, e.Production); err != nil {
			c.add(f+"."+ic.field, ic.class, "%v", err)
		} else if ic.class == dbspec.ServerlessInstanceClass && d.ServerlessV2 == nil {
			c.add(f+"."+ic.field, ic.class, "Serverless v2 instances need a capacity range: add serverless_v2 with min_acu and max_acu")
		}
	}
	if s := d.ServerlessV2; s != nil {
		if err := dbspec.CheckServerlessV2(s.MinACU, s.MaxACU, e.Production); err != nil {
			c.add(f+".serverless_v2", nil, "%v", err)
		}
	}
	readers := 0
	if d.ReaderCount != nil {
		readers = *d.ReaderCount
	}
	scaling := dbspec.ReaderScaling{
		Readers:     readers,
		Autoscaling: !d.DisableReaderAutoscaling,
		// The model does not set the minimum: it is the readers made with
		// the cluster, the floor scaling keeps anyway.
		Min:       readers,
		Max:       d.AutoscalingMaxReaders,
		TargetCPU: d.AutoscalingTargetCPU,
	}
	if err := scaling.Check(e.Production); err != nil {
		var se *dbspec.ScalingError
		errors.As(err, &se)
		switch {
		case se != nil && se.Field == dbspec.ScalingMax:
			c.add(f+".autoscaling_max_readers", d.AutoscalingMaxReaders, "%v", err)
		case se != nil && se.Field == dbspec.ScalingTargetCPU:
			c.add(f+".autoscaling_target_cpu", d.AutoscalingTargetCPU, "%v", err)
		case readers == 0 && !e.Production:
			c.add(f+".reader_count", readers, "%v (disable_reader_autoscaling)", err)
		default:
			c.add(f+".reader_count", readers, "%v", err)
		}
	}
	if d.DisableReaderAutoscaling && (d.AutoscalingMaxReaders != 0 || d.AutoscalingTargetCPU != 0) {
		c.add(f+".disable_reader_autoscaling", true, "contradicts autoscaling_max_readers and autoscaling_target_cpu; remove one or the other")
	}
	if err := dbspec.CheckBackupRetention(d.BackupRetentionDays, e.Production); err != nil {
		c.add(f+".backup_retention_days", d.BackupRetentionDays, "%v", err)
	}
	if err := dbspec.CheckPerformanceInsightsRetention(d.PerformanceInsightsRetentionDays); err != nil {
		c.add(f+".performance_insights_retention_days", d.PerformanceInsightsRetentionDays, "%v", err)
	}
	if err := dbspec.CheckMonitoringInterval(d.MonitoringIntervalSeconds); err != nil {
		c.add(f+".monitoring_interval_seconds", d.MonitoringIntervalSeconds, "%v", err)
	}
	if err := dbspec.CheckMasterUsername(d.MasterUsername); err != nil {
		c.add(f+".master_username", d.MasterUsername, "%v", err)
	}
	if d.DatabaseName != "" {
		if err := dbspec.CheckDatabaseName(d.DatabaseName); err != nil {
			c.add(f+".database_name", d.DatabaseName, "%v", err)
		}
	}
}
