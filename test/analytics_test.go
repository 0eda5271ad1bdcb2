package test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/analytics"
	"github.com/acme/landing-zone/constructs/analytics/clickstream"
	"github.com/acme/landing-zone/constructs/analytics/spec"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/snstopic"
)

// analyticsStacks are the example's stacks with the pipeline.
var analyticsStacks = []string{"workload-staging", "workload-prod"}

// TestAnalyticsSchemaMatchesTable is the schema test on what is deployed:
// the Glue table's columns are clickstream.Columns() in order, with the
// partition column, and Firehose converts with that table.
func TestAnalyticsSchemaMatchesTable(t *testing.T) {
	_, parsed := exampleOrg(t)
	for _, name := range analyticsStacks {
		t.Run(name, func(t *testing.T) {
			s := parsed[name]
			table := only(t, s, "aws_glue_catalog_table")
			sd := first(t, table, "storage_descriptor")
			cols, _ := sd["columns"].([]any)
			want := clickstream.Columns()
			require.Len(t, cols, len(want))
			for i, c := range cols {
				m := c.(map[string]any)
				assert.Equal(t, want[i].Name, m["name"], "column %d", i)
				assert.Equal(t, want[i].Type, m["type"], "column %s", want[i].Name)
			}
			pk := first(t, table, "partition_keys")
			assert.Equal(t, clickstream.PartitionColumn, pk["name"])
			assert.Equal(t, "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe", first(t, sd, "ser_de_info")["serialization_library"])
			params := table["parameters"].(map[string]any)
			assert.Equal(t, "true", params["projection.enabled"])
			assert.Equal(t, "date", params["projection.dt.type"])
			assert.Equal(t, "yyyy-MM-dd", params["projection.dt.format"])
			assert.Contains(t, params["storage.location.template"], "/events/dt=$${dt}/", "escaped for Terraform, so Athena sees ${dt}")

			fh := only(t, s, "aws_kinesis_firehose_delivery_stream")
			dest := first(t, fh, "extended_s3_configuration")
			conv := first(t, dest, "data_format_conversion_configuration")
			schema := first(t, conv, "schema_configuration")
			assert.Equal(t, "${aws_glue_catalog_table.analytics-table.name}", schema["table_name"])
			assert.Equal(t, "LATEST", schema["version_id"])
			assert.NotNil(t, first(t, first(t, conv, "output_format_configuration"), "serializer")["parquet_ser_de"])
			assert.Equal(t, []any{"millis"}, first(t, first(t, first(t, conv, "input_format_configuration"), "deserializer"), "hive_json_ser_de")["timestamp_formats"])
			assert.GreaterOrEqual(t, dest["buffering_size"], float64(64), "format conversion needs 64 MiB")
		})
	}
}

// TestAnalyticsPipeline checks the definition of done in the
// example's staging and prod stacks, and that dev has no pipeline.
func TestAnalyticsPipeline(t *testing.T) {
	_, parsed := exampleOrg(t)
	assert.Empty(t, parsed["workload-dev"].resources("aws_kinesis_stream"), "dev has no analytics block")
	for _, name := range analyticsStacks {
		t.Run(name, func(t *testing.T) {
			s := parsed[name]
			key := "${aws_kms_key.analytics-key.arn}"

			stream := only(t, s, "aws_kinesis_stream")
			assert.Equal(t, "KMS", stream["encryption_type"])
			assert.Equal(t, key, stream["kms_key_id"])
			if name == "workload-prod" {
				assert.Equal(t, "PROVISIONED", first(t, stream, "stream_mode_details")["stream_mode"])
				assert.Equal(t, float64(2), stream["shard_count"])
				assert.Equal(t, float64(168), stream["retention_period"])
			} else {
				assert.Equal(t, "ON_DEMAND", first(t, stream, "stream_mode_details")["stream_mode"])
				assert.NotContains(t, stream, "shard_count", "the provider refuses shard_count with ON_DEMAND")
			}

			fh := only(t, s, "aws_kinesis_firehose_delivery_stream")
			assert.Equal(t, "${aws_kinesis_stream.analytics-stream.arn}", first(t, fh, "kinesis_source_configuration")["kinesis_stream_arn"])
			assert.NotContains(t, fh, "server_side_encryption", "ConflictsWith kinesis_source_configuration")
			dest := first(t, fh, "extended_s3_configuration")
			assert.Equal(t, key, dest["kms_key_arn"])
			assert.Equal(t, "events/dt=!{timestamp:yyyy-MM-dd}/", dest["prefix"])
			assert.Contains(t, dest["error_output_prefix"], "!{firehose:error-output-type}")
			assert.Equal(t, true, first(t, dest, "cloudwatch_logging_options")["enabled"])
			proc := first(t, first(t, dest, "processing_configuration"), "processors")
			params := proc["parameters"].([]any)
			require.Len(t, params, 1, "only LambdaArn: defaults would show a diff on every plan")
			assert.True(t, strings.HasSuffix(params[0].(map[string]any)["parameter_value"].(string), "-analytics-transform:$LATEST"))
			firehosePolicy := policyDoc(t, s.resources("aws_iam_role_policy")["analytics-firehose-role-policy-delivery"]["policy"])
			for _, sid := range []string{"ReadStream", "KeyViaKinesis", "InvokeTransform", "ReadTableDefinition", "DecryptCatalog", "WriteLake", "KeyViaS3", "LogDeliveryErrors"} {
				assert.NotNil(t, statement(firehosePolicy, sid), "firehose policy statement %s", sid)
			}

			wg := only(t, s, "aws_athena_workgroup")
			cfg := first(t, wg, "configuration")
			assert.Equal(t, true, cfg["enforce_workgroup_configuration"])
			assert.Equal(t, true, cfg["publish_cloudwatch_metrics_enabled"])
			assert.Equal(t, float64(10*1024*1024*1024), cfg["bytes_scanned_cutoff_per_query"])
			assert.Equal(t, "Athena engine version 3", first(t, cfg, "engine_version")["selected_engine_version"])
			enc := first(t, first(t, cfg, "result_configuration"), "encryption_configuration")
			assert.Equal(t, "SSE_KMS", enc["encryption_option"])
			assert.Equal(t, key, enc["kms_key_arn"])
			assert.Len(t, s.resources("aws_athena_named_query"), 4)

			// The catalog has its own key, which outlives the pipeline
			// (lifecycle prevent_destroy): Glue leaves objects encrypted
			// when encryption is turned off (Glue Developer Guide,
			// "Encrypting your Data Catalog").
			cat := first(t, only(t, s, "aws_glue_data_catalog_encryption_settings"), "data_catalog_encryption_settings")
			catalogKey := "${aws_kms_key.analytics-catalog-key.arn}"
			assert.Equal(t, "SSE-KMS", first(t, cat, "encryption_at_rest")["catalog_encryption_mode"])
			assert.Equal(t, catalogKey, first(t, cat, "encryption_at_rest")["sse_aws_kms_key_id"])
			assert.Equal(t, catalogKey, first(t, cat, "connection_password_encryption")["aws_kms_key_id"])
			ck := s.resources("aws_kms_key")["analytics-catalog-key"]
			require.NotNil(t, ck)
			assert.Equal(t, true, ck["lifecycle"].(map[string]any)["prevent_destroy"])
			assert.NotContains(t, s.resources("aws_kms_key")["analytics-key"], "lifecycle", "the pipeline's own key goes with it")
			analyst := policyDoc(t, s.resources("aws_iam_role_policy")["analytics-analyst-role-policy-analyst"]["policy"])
			if dc := statement(analyst, "DecryptCatalog"); assert.NotNil(t, dc) {
				assert.Equal(t, catalogKey, dc["Resource"])
				assert.ElementsMatch(t, []any{"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"}, dc["Action"])
			}

			esm := s.resources("aws_lambda_event_source_mapping")["analytics-alerts-source"]
			require.NotNil(t, esm)
			assert.Equal(t, float64(300), esm["tumbling_window_in_seconds"])
			assert.Equal(t, true, esm["bisect_batch_on_function_error"])
			assert.Equal(t, float64(3), esm["maximum_retry_attempts"])
			assert.Equal(t, float64(3600), esm["maximum_record_age_in_seconds"])
			assert.Equal(t, []any{"ReportBatchItemFailures"}, esm["function_response_types"])
			assert.Equal(t, "${aws_sqs_queue.analytics-alerts-failures.arn}", first(t, first(t, esm, "destination_config"), "on_failure")["destination_arn"])

			agg := s.resources("aws_dynamodb_table")["analytics-aggregates"]
			require.NotNil(t, agg)
			assert.Equal(t, true, first(t, agg, "point_in_time_recovery")["enabled"])
			assert.Equal(t, key, first(t, agg, "server_side_encryption")["kms_key_arn"])
			assert.Equal(t, true, first(t, agg, "ttl")["enabled"])
			assert.Equal(t, true, agg["deletion_protection_enabled"])

			roles := s.resources("aws_iam_role")
			for _, r := range []string{"analytics-firehose-role", "analytics-transform-role", "analytics-alerts-role", "analytics-analyst-role"} {
				assert.Contains(t, roles, r)
			}
			assert.Contains(t, s.resources("aws_iam_policy"), "analytics-producer")

			alarms := s.resources("aws_cloudwatch_metric_alarm")
			for _, a := range []string{"iterator-age", "alerts-iterator-age", "delivery-freshness", "delivery-failures", "processing-failures", "conversion-failures", "transform-errors", "alerts-errors", "alerts-failures"} {
				al := alarms["analytics-alarm-"+a]
				if assert.NotNil(t, al, a) {
					assert.Equal(t, []any{"${aws_sns_topic.alarms.arn}"}, al["alarm_actions"], a)
				}
			}
		})
	}
}

// TestAnalyticsConstruct covers what the example does not: the opt-out of
// catalog encryption, and validation before anything is built.
func TestAnalyticsConstruct(t *testing.T) {
	st := newTestStack(t, "123456789012", "us-east-1")
	key, err := kmskey.New(st, "alarm-key", kmskey.Props{Alias: "alarms"})
	require.NoError(t, err)
	topic, err := snstopic.New(st, "alarms", snstopic.Props{Name: "alarms", Key: key, PublishingServices: []string{"cloudwatch"}})
	require.NoError(t, err)
	props := analytics.Props{Name: "acme-dev-analytics", AlarmTopic: topic, SkipCatalogEncryption: true, Builder: ordersBuilder}

	bad := props
	bad.Settings = spec.Settings{StreamMode: spec.OnDemand, ShardCount: 3, BufferSizeMB: 32, WindowSeconds: 1000}
	_, err = analytics.New(st, "bad", bad)
	require.Error(t, err)
	for _, want := range []string{"Settings.ShardCount 3", "Settings.BufferSizeMB 32", "Settings.WindowSeconds 1000"} {
		assert.Contains(t, err.Error(), want)
	}
	noTopic := props
	noTopic.AlarmTopic = nil
	_, err = analytics.New(st, "no-topic", noTopic)
	assert.ErrorContains(t, err, "AlarmTopic")

	p, err := analytics.New(st, "analytics", props)
	require.NoError(t, err)
	assert.Equal(t, "acme_dev_analytics", p.Database)
	assert.Equal(t, "arn:aws:kinesis:us-east-1:123456789012:stream/acme-dev-analytics-events", p.StreamARN)
	s := synthStack(t, st)
	assert.Empty(t, s.resources("aws_glue_data_catalog_encryption_settings"))
	assert.Nil(t, p.CatalogKey)
	assert.NotContains(t, s.resources("aws_kms_key"), "analytics-catalog-key")
	db := only(t, s, "aws_glue_catalog_database")
	assert.NotContains(t, db, "depends_on")
}
