// Package spec holds the analytics pipeline's settings, their defaults and
// their validation, in plain Go, so that the organization model and the
// construct check the same rules.
package spec

import (
	"fmt"
	"github.com/acme/landing-zone/constructs/problem"
	"slices"
)

// Stream capacity modes (Kinesis StreamModeDetails).
const (
	OnDemand    = "ON_DEMAND"
	Provisioned = "PROVISIONED"
)

// Starting positions of the alerts function's event source mapping.
const (
	Latest      = "LATEST"
	TrimHorizon = "TRIM_HORIZON"
)

// Settings are the pipeline's knobs. Zero fields take the defaults of
// WithDefaults.
type Settings struct {
	// StreamMode is ON_DEMAND (default) or PROVISIONED.
	StreamMode string
	// ShardCount is the provisioned stream's shard count, 1-500; it must
	// be 0 with ON_DEMAND (the provider refuses shard_count then).
	ShardCount int
	// RetentionHours keeps stream records 24-8760 hours; default 24, 168
	// in production.
	RetentionHours int
	// BufferSizeMB and BufferIntervalSeconds are Firehose's buffering
	// hints: 64-128 MiB (format conversion needs at least 64), default
	// 128; 60-900 seconds, default 300.
	BufferSizeMB          int
	BufferIntervalSeconds int
	// LakeRetentionDays keeps the lake's objects; default 730 (0 is not
	// allowed: a data lake without expiry grows without bound).
	LakeRetentionDays int
	// ResultRetentionDays expires Athena results; default 30.
	ResultRetentionDays int
	// ScanLimitMB is the per-query bytes-scanned limit in MB, at least 10
	// (Athena's minimum); default 10240 (10 GB).
	ScanLimitMB int
	// LogRetentionDays applies to the log groups; default 90, 365 in
	// production (also the production minimum).
	LogRetentionDays int
	// WindowSeconds is the alerts function's tumbling window, 1-900;
	// default 300.
	WindowSeconds int
	// BatchSize is the alerts mapping's batch size, 1-10000; default 100.
	BatchSize int
	// MaxRetryAttempts bounds retries of a failed batch, 0-10000; default
	// 3.
	MaxRetryAttempts int
	// MaxRecordAgeSeconds skips records older than this, 60-604800;
	// default 3600.
	MaxRecordAgeSeconds int
	// StartingPosition is TRIM_HORIZON (default) or LATEST.
	StartingPosition string
	// ErrorThreshold is the count of client error events in one window
	// of one shard that publishes an alert, 1-1000000; default 50.
	ErrorThreshold int
	// AggregateRetentionDays keeps the window aggregates (TTL), 1-3650;
	// default 90.
	AggregateRetentionDays int
	// IteratorAgeAlarmSeconds is the stream iterator age that raises an
	// alarm, 60-86400; default 300.
	IteratorAgeAlarmSeconds int
}

// WithDefaults returns s with its zero fields set.
func (s Settings) WithDefaults(production bool) Settings {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	if s.StreamMode == "" {
		s.StreamMode = OnDemand
	}
	if s.StartingPosition == "" {
		s.StartingPosition = TrimHorizon
	}
	if production {
		def(&s.RetentionHours, 168)
		def(&s.LogRetentionDays, 365)
	}
	def(&s.RetentionHours, 24)
	def(&s.LogRetentionDays, 90)
	def(&s.BufferSizeMB, 128)
	def(&s.BufferIntervalSeconds, 300)
	def(&s.LakeRetentionDays, 730)
	def(&s.ResultRetentionDays, 30)
	def(&s.ScanLimitMB, 10240)
	def(&s.WindowSeconds, 300)
	def(&s.BatchSize, 100)
	def(&s.MaxRetryAttempts, 3)
	def(&s.MaxRecordAgeSeconds, 3600)
	def(&s.ErrorThreshold, 50)
	def(&s.AggregateRetentionDays, 90)
	def(&s.IteratorAgeAlarmSeconds, 300)
	return s
}

// Problem is one invalid field: Field is the Settings field name.
type Problem = problem.Problem

// logRetentions are the retention periods CloudWatch Logs accepts.
var logRetentions = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// Check returns every problem of s (after WithDefaults), one per field.
func (s Settings) Check(production bool) []Problem {
	var out []Problem
	bad := func(field string, v any, format string, args ...any) {
		out = append(out, Problem{Field: field, Value: v, Msg: fmt.Sprintf(format, args...)})
	}
	between := func(field string, v, lo, hi int, why string) {
		if v < lo || v > hi {
			bad(field, v, "must be %d-%d%s", lo, hi, why)
		}
	}
	switch s.StreamMode {
	case OnDemand:
		// Source: the provider's aws_kinesis_stream CustomizeDiff
		// (internal/service/kinesis/stream.go): "shard_count must not be
		// set when stream_mode is ON_DEMAND".
		if s.ShardCount != 0 {
			bad("ShardCount", s.ShardCount, "must be left out with stream mode %s: Kinesis scales on-demand streams itself", OnDemand)
		}
	case Provisioned:
		between("ShardCount", s.ShardCount, 1, 500, " with stream mode PROVISIONED (the default shard quota is 500 per account in the largest regions, 200 elsewhere)")
	default:
		bad("StreamMode", s.StreamMode, "must be %s or %s", OnDemand, Provisioned)
	}
	// Kinesis retention: 24 hours to 365 days (8760 hours)
	// (Kinesis Data Streams Developer Guide, "Changing the data retention
	// period"; the provider validates IntBetween(24, 8760)).
	between("RetentionHours", s.RetentionHours, 24, 8760, " (one day to 365 days)")
	// Record format conversion needs a buffer of at least 64 MiB: the
	// provider's parquet_ser_de/orc_ser_de block sizes start at 64 MiB and
	// AWS's "Convert input data format" guide
	// (https://docs.aws.amazon.com/firehose/latest/dev/record-format-conversion.html)
	// and the Firehose console set 64 MiB as the minimum buffer with
	// conversion on; 128 MiB is the API's maximum (BufferingHints).
	between("BufferSizeMB", s.BufferSizeMB, 64, 128, " MiB: record format conversion needs at least 64")
	between("BufferIntervalSeconds", s.BufferIntervalSeconds, 60, 900, "")
	between("LakeRetentionDays", s.LakeRetentionDays, 31, 36500, ": objects move to STANDARD_IA at 30 days")
	between("ResultRetentionDays", s.ResultRetentionDays, 1, 3650, "")
	// Athena's BytesScannedCutoffPerQuery minimum is 10 MB (10485760
	// bytes) (Athena API WorkGroupConfiguration).
	between("ScanLimitMB", s.ScanLimitMB, 10, 10*1024*1024, " (Athena's per-query limit starts at 10 MB)")
	if !slices.Contains(logRetentions, s.LogRetentionDays) {
		bad("LogRetentionDays", s.LogRetentionDays, "must be a retention CloudWatch Logs accepts: %v", logRetentions)
	} else if production && s.LogRetentionDays < 365 {
		bad("LogRetentionDays", s.LogRetentionDays, "production keeps logs at least 365 days")
	}
	// Lambda event source mapping limits (Lambda API
	// CreateEventSourceMapping): TumblingWindowInSeconds 0-900, BatchSize
	// 1-10000 for Kinesis, MaximumRetryAttempts -1..10000,
	// MaximumRecordAgeInSeconds -1 or 60-604800.
	between("WindowSeconds", s.WindowSeconds, 1, 900, " (Lambda's tumbling windows last at most 15 minutes)")
	between("BatchSize", s.BatchSize, 1, 10000, "")
	between("MaxRetryAttempts", s.MaxRetryAttempts, 0, 10000, ": unbounded retries (-1) would block the shard")
	between("MaxRecordAgeSeconds", s.MaxRecordAgeSeconds, 60, 604800, ": unbounded age (-1) would block the shard")
	if s.StartingPosition != Latest && s.StartingPosition != TrimHorizon {
		bad("StartingPosition", s.StartingPosition, "must be %s or %s", TrimHorizon, Latest)
	}
	between("ErrorThreshold", s.ErrorThreshold, 1, 1000000, "")
	between("AggregateRetentionDays", s.AggregateRetentionDays, 1, 3650, "")
	between("IteratorAgeAlarmSeconds", s.IteratorAgeAlarmSeconds, 60, 86400, "")
	return out
}
