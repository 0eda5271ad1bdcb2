package org

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAnalyticsDefaults(t *testing.T) {
	o := Example()
	staging, _ := o.Environment("staging")
	prod, _ := o.Environment("prod")
	dev, _ := o.Environment("dev")
	assert.Nil(t, dev.Analytics, "the block turns the pipeline on; dev has none")
	require.NotNil(t, staging.Analytics)
	assert.Equal(t, "ON_DEMAND", staging.Analytics.StreamMode)
	assert.Equal(t, 24, staging.Analytics.RetentionHours)
	assert.Equal(t, 90, staging.Analytics.LogRetentionDays)
	assert.Equal(t, 168, prod.Analytics.RetentionHours)
	assert.Equal(t, 365, prod.Analytics.LogRetentionDays)
	assert.Equal(t, AnalyticsAlerts{WindowSeconds: 300, ErrorThreshold: 50, BatchSize: 100, MaxRetryAttempts: 3, MaxRecordAgeSeconds: 3600,
		StartingPosition: "TRIM_HORIZON", AggregateRetentionDays: 90, IteratorAgeSeconds: 300}, prod.Analytics.Alerts)
}

func TestAnalyticsFile(t *testing.T) {
	doc := `
name: tiny
home_region: us-east-1
allowed_regions: [us-east-1]
tags: {owner: me, cost_center: cc-1}
accounts:
  - {name: management, email: m@tiny.example, kind: management, id: "123456789012"}
  - {name: logs, email: l@tiny.example, kind: log-archive, ou: Security}
  - {name: audit, email: a@tiny.example, kind: security, ou: Security}
  - {name: net, email: n@tiny.example, kind: network, ou: Infrastructure}
  - {name: app, email: app@tiny.example, kind: workload, ou: Workloads/Prod}
environments:
  - name: prod
    account: app
    vpc: {cidr: 10.0.0.0/20}
    orders: {sender_domain: shop.example.com}
    analytics:
      stream_mode: PROVISIONED
      shard_count: 4
      retention_hours: 72
      scan_limit_mb: 2048
      alerts: {window_seconds: 60, error_threshold: 5}
`
	o, err := Parse("tiny.yaml", []byte(doc))
	require.NoError(t, err)
	prod, _ := o.Environment("prod")
	a := prod.Analytics
	require.NotNil(t, a)
	assert.Equal(t, 4, a.ShardCount)
	assert.Equal(t, 72, a.RetentionHours)
	assert.Equal(t, 2048, a.ScanLimitMB)
	assert.Equal(t, 128, a.BufferSizeMB)
	assert.Equal(t, 60, a.Alerts.WindowSeconds)
	assert.Equal(t, 5, a.Alerts.ErrorThreshold)

	_, err = Parse("tiny.yaml", []byte(strings.Replace(doc, "scan_limit_mb", "scan_limit", 1)))
	assert.ErrorContains(t, err, "unknown field scan_limit")
}

func TestAnalyticsRejects(t *testing.T) {
	tests := []struct {
		name   string
		env    int
		mutate func(a *Analytics)
		want   string
	}{
		{"shards on demand", 1, func(a *Analytics) { a.ShardCount = 2 }, `environments[staging].analytics.shard_count 2: must be left out with stream mode ON_DEMAND`},
		{"provisioned without shards", 2, func(a *Analytics) { a.ShardCount = 0 }, `environments[prod].analytics.shard_count 0: must be 1-500`},
		{"mode", 1, func(a *Analytics) { a.StreamMode = "AUTO" }, `environments[staging].analytics.stream_mode "AUTO": must be ON_DEMAND or PROVISIONED`},
		{"retention", 1, func(a *Analytics) { a.RetentionHours = 9000 }, `environments[staging].analytics.retention_hours 9000: must be 24-8760`},
		{"buffer", 1, func(a *Analytics) { a.BufferSizeMB = 5 }, `environments[staging].analytics.buffer_size_mb 5: must be 64-128 MiB: record format conversion needs at least 64`},
		{"scan limit", 1, func(a *Analytics) { a.ScanLimitMB = 1 }, `environments[staging].analytics.scan_limit_mb 1: must be 10-`},
		{"window", 1, func(a *Analytics) { a.Alerts.WindowSeconds = 1200 }, `environments[staging].analytics.alerts.window_seconds 1200: must be 1-900`},
		{"threshold", 1, func(a *Analytics) { a.Alerts.ErrorThreshold = -3 }, `environments[staging].analytics.alerts.error_threshold -3: must be 1-1000000`},
		{"retries", 1, func(a *Analytics) { a.Alerts.MaxRetryAttempts = -1 }, `environments[staging].analytics.alerts.max_retry_attempts -1: must be 0-10000`},
		{"production logs", 2, func(a *Analytics) { a.LogRetentionDays = 90 }, `environments[prod].analytics.log_retention_days 90: production keeps logs at least 365 days`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Example()
			tt.mutate(o.Environments[tt.env].Analytics)
			err := o.Validate("org.yaml")
			require.Error(t, err)
			assert.Contains(t, err.Error(), "org.yaml: "+tt.want)
			assert.Len(t, strings.Split(err.Error(), "\n"), 1, "one problem, one line: %v", err)
		})
	}
}

// TestAnalyticsOneCatalogPerAccount: the Glue Data Catalog encryption
// settings are one per account and region, so two pipelines must not share
// an account; the model already gives each environment its own account.
func TestAnalyticsOneCatalogPerAccount(t *testing.T) {
	o := Example()
	o.Environments[0].Account = "staging"
	o.Environments[0].Analytics = &Analytics{}
	o.applyDefaults()
	err := o.Validate("org.yaml")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `environments[staging].account "staging": already hosts environment "dev"`)
}
