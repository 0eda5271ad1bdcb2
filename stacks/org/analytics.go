package org

import "github.com/acme/landing-zone/constructs/analytics/spec"

// Analytics configures an environment's real-time analytics pipeline
// (clickstream on Kinesis, a Parquet data lake through Firehose, Glue and
// Athena, real-time alerts). Every field is optional: the block's presence
// turns the pipeline on, and applyDefaults fills what a file leaves out,
// with stricter values in production. Encryption, least-privilege roles,
// the enforced workgroup and the alarms are not knobs here.
type Analytics struct {
	// StreamMode is ON_DEMAND (default) or PROVISIONED.
	StreamMode string `yaml:"stream_mode,omitempty"`
	// ShardCount is the number of shards of a PROVISIONED stream, 1-500;
	// leave it out with ON_DEMAND.
	ShardCount int `yaml:"shard_count,omitempty"`
	// RetentionHours keeps stream records 24-8760 hours (one day to 365
	// days); default 24, 168 in production.
	RetentionHours int `yaml:"retention_hours,omitempty"`
	// BufferSizeMB (64-128, default 128) and BufferIntervalSeconds
	// (60-900, default 300) are Firehose's buffering hints; Parquet
	// conversion needs at least 64 MiB.
	BufferSizeMB          int `yaml:"buffer_size_mb,omitempty"`
	BufferIntervalSeconds int `yaml:"buffer_interval_seconds,omitempty"`
	// LakeRetentionDays keeps the lake's events; default 730.
	LakeRetentionDays int `yaml:"lake_retention_days,omitempty"`
	// ResultRetentionDays expires Athena query results; default 30.
	ResultRetentionDays int `yaml:"result_retention_days,omitempty"`
	// ScanLimitMB is the most one Athena query may scan, in MB (at least
	// 10); default 10240.
	ScanLimitMB int `yaml:"scan_limit_mb,omitempty"`
	// LogRetentionDays keeps the logs 90 days, 365 (at least) in
	// production.
	LogRetentionDays int `yaml:"log_retention_days,omitempty"`
	// Alerts tunes the real-time alerts function.
	Alerts AnalyticsAlerts `yaml:"alerts,omitempty"`
	// SkipCatalogEncryption leaves the account's Glue Data Catalog
	// encryption settings (one per account and region) to someone else.
	SkipCatalogEncryption bool `yaml:"skip_catalog_encryption,omitempty"`
}

// AnalyticsAlerts tunes the alerts function and its event source mapping.
type AnalyticsAlerts struct {
	// WindowSeconds is the tumbling window, 1-900; default 300.
	WindowSeconds int `yaml:"window_seconds,omitempty"`
	// ErrorThreshold is the count of client error events in one window
	// (of one shard) that publishes an alert; default 50.
	ErrorThreshold int `yaml:"error_threshold,omitempty"`
	// BatchSize (1-10000, default 100), MaxRetryAttempts (0-10000,
	// default 3) and MaxRecordAgeSeconds (60-604800, default 3600) bound
	// the mapping's batches and retries.
	BatchSize           int `yaml:"batch_size,omitempty"`
	MaxRetryAttempts    int `yaml:"max_retry_attempts,omitempty"`
	MaxRecordAgeSeconds int `yaml:"max_record_age_seconds,omitempty"`
	// StartingPosition is TRIM_HORIZON (default) or LATEST.
	StartingPosition string `yaml:"starting_position,omitempty"`
	// AggregateRetentionDays keeps the aggregates (TTL); default 90.
	AggregateRetentionDays int `yaml:"aggregate_retention_days,omitempty"`
	// IteratorAgeSeconds raises the iterator-age alarms; default 300.
	IteratorAgeSeconds int `yaml:"iterator_age_seconds,omitempty"`
}

// Settings converts a to the construct's settings, with defaults.
func (a Analytics) Settings(production bool) spec.Settings {
	return spec.Settings{
		StreamMode: a.StreamMode, ShardCount: a.ShardCount, RetentionHours: a.RetentionHours,
		BufferSizeMB: a.BufferSizeMB, BufferIntervalSeconds: a.BufferIntervalSeconds,
		LakeRetentionDays: a.LakeRetentionDays, ResultRetentionDays: a.ResultRetentionDays,
		ScanLimitMB: a.ScanLimitMB, LogRetentionDays: a.LogRetentionDays,
		WindowSeconds: a.Alerts.WindowSeconds, BatchSize: a.Alerts.BatchSize,
		MaxRetryAttempts: a.Alerts.MaxRetryAttempts, MaxRecordAgeSeconds: a.Alerts.MaxRecordAgeSeconds,
		StartingPosition: a.Alerts.StartingPosition, ErrorThreshold: a.Alerts.ErrorThreshold,
		AggregateRetentionDays: a.Alerts.AggregateRetentionDays, IteratorAgeAlarmSeconds: a.Alerts.IteratorAgeSeconds,
	}.WithDefaults(production)
}

func (a *Analytics) applyDefaults(production bool) {
	s := a.Settings(production)
	a.StreamMode, a.RetentionHours = s.StreamMode, s.RetentionHours
	a.BufferSizeMB, a.BufferIntervalSeconds = s.BufferSizeMB, s.BufferIntervalSeconds
	a.LakeRetentionDays, a.ResultRetentionDays = s.LakeRetentionDays, s.ResultRetentionDays
	a.ScanLimitMB, a.LogRetentionDays = s.ScanLimitMB, s.LogRetentionDays
	a.Alerts = AnalyticsAlerts{
		WindowSeconds: s.WindowSeconds, ErrorThreshold: s.ErrorThreshold, BatchSize: s.BatchSize,
		MaxRetryAttempts: s.MaxRetryAttempts, MaxRecordAgeSeconds: s.MaxRecordAgeSeconds,
		StartingPosition: s.StartingPosition, AggregateRetentionDays: s.AggregateRetentionDays,
		IteratorAgeSeconds: s.IteratorAgeAlarmSeconds,
	}
}

// analyticsFields maps spec's field names to the file's.
var analyticsFields = map[string]string{
	"StreamMode":              "stream_mode",
	"ShardCount":              "shard_count",
	"RetentionHours":          "retention_hours",
	"BufferSizeMB":            "buffer_size_mb",
	"BufferIntervalSeconds":   "buffer_interval_seconds",
	"LakeRetentionDays":       "lake_retention_days",
	"ResultRetentionDays":     "result_retention_days",
	"ScanLimitMB":             "scan_limit_mb",
	"LogRetentionDays":        "log_retention_days",
	"WindowSeconds":           "alerts.window_seconds",
	"BatchSize":               "alerts.batch_size",
	"MaxRetryAttempts":        "alerts.max_retry_attempts",
	"MaxRecordAgeSeconds":     "alerts.max_record_age_seconds",
	"StartingPosition":        "alerts.starting_position",
	"ErrorThreshold":          "alerts.error_threshold",
	"AggregateRetentionDays":  "alerts.aggregate_retention_days",
	"IteratorAgeAlarmSeconds": "alerts.iterator_age_seconds",
}

// validateAnalytics checks e.Analytics; field is the path of e. The Glue
// Data Catalog encryption settings are one per account and region: the
// model gives each environment its own account (validated with
// environments[].account), so two pipelines never share a catalog.
func validateAnalytics(c *collector, field string, e Environment) {
	if e.Analytics == nil {
		return
	}
	f := field + ".analytics"
	for _, p := range e.Analytics.Settings(e.Production).Check(e.Production) {
		c.add(f+"."+analyticsFields[p.Field], p.Value, "%s", p.Msg)
	}
}
