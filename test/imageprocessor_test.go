package test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/imageprocessor"
	"github.com/acme/landing-zone/constructs/securebucket"
)

// TestImageProcessor checks guide 3.3's pipeline on the construct: the
// notification per suffix under the prefix, after the permission with source
// ARN and account; the function's least privilege, X-Ray, log group, failure
// destination; and that the policy pack passes.
func TestImageProcessor(t *testing.T) {
	st := newTestStack(t, "123456789012", "us-east-1")
	up, err := securebucket.New(st, "uploads", securebucket.Props{Name: "acme-dev-uploads-123456789012"})
	require.NoError(t, err)
	done, err := securebucket.New(st, "processed", securebucket.Props{Name: "acme-dev-processed-123456789012"})
	require.NoError(t, err)
	p, err := imageprocessor.New(st, "images", imageprocessor.Props{
		Name: "acme-dev-images", Source: up, Destination: done, Prefix: "uploads/", MaxWidth: 800,
		ConcurrencyQuota: 1000, ReservedConcurrency: 5, Builder: ordersBuilder,
	})
	require.NoError(t, err)
	assert.Equal(t, "arn:aws:lambda:us-east-1:123456789012:function:acme-dev-images", p.FunctionARN)
	s := synthConstruct(t, st, "", "")

	fn := only(t, s, "aws_lambda_function")
	assert.Equal(t, "Active", fn["tracing_config"].(map[string]any)["mode"])
	assert.Equal(t, 5.0, fn["reserved_concurrent_executions"])
	assert.Contains(t, fn["kms_key_arn"], "${aws_kms_key.")
	vars := fn["environment"].(map[string]any)["variables"].(map[string]any)
	assert.Equal(t, "acme-dev-uploads-123456789012", vars["SOURCE_BUCKET"])
	assert.Equal(t, "acme-dev-processed-123456789012", vars["DESTINATION_BUCKET"])
	assert.Equal(t, "800", vars["MAX_WIDTH"])
	assert.Equal(t, "1024", vars["MAX_HEIGHT"])

	perm := only(t, s, "aws_lambda_permission")
	assert.Equal(t, "s3.amazonaws.com", perm["principal"])
	assert.Equal(t, "arn:aws:s3:::acme-dev-uploads-123456789012", perm["source_arn"])
	assert.Equal(t, "123456789012", perm["source_account"])

	n := only(t, s, "aws_s3_bucket_notification")
	assert.Equal(t, "${aws_s3_bucket.uploads.id}", n["bucket"])
	assert.Equal(t, []any{"aws_lambda_permission.images-invoke-from-s3"}, n["depends_on"])
	var suffixes []string
	for _, l := range n["lambda_function"].([]any) {
		m := l.(map[string]any)
		assert.Equal(t, "uploads/", m["filter_prefix"])
		assert.Equal(t, []any{"s3:ObjectCreated:*"}, m["events"])
		suffixes = append(suffixes, m["filter_suffix"].(string))
	}
	assert.Equal(t, imageprocessor.Suffixes, suffixes)

	inv := only(t, s, "aws_lambda_function_event_invoke_config")
	assert.Equal(t, "${aws_sqs_queue.images-failed.arn}", inv["destination_config"].(map[string]any)["on_failure"].(map[string]any)["destination"])
	q := only(t, s, "aws_sqs_queue")
	assert.Contains(t, q["kms_master_key_id"], "${aws_kms_key.")
	assert.NotContains(t, q, "sqs_managed_sse_enabled")
	lg := s.resources("aws_cloudwatch_log_group")["images-logs"]
	require.NotNil(t, lg)
	assert.Equal(t, "/aws/lambda/acme-dev-images", lg["name"])
	assert.Equal(t, 365.0, lg["retention_in_days"])

	var policy string
	for _, rp := range s.resources("aws_iam_role_policy") {
		if strings.Contains(rp["role"].(string), "images-role") {
			policy += rp["policy"].(string)
		}
	}
	assert.Contains(t, policy, "arn:aws:s3:::acme-dev-uploads-123456789012/uploads/*")
	assert.Contains(t, policy, "arn:aws:s3:::acme-dev-processed-123456789012/*")
	assert.NotContains(t, policy, "arn:aws:s3:::acme-dev-uploads-123456789012/*", "reads the prefix only")
	assert.NotContains(t, policy, `"s3:*"`)
	assert.Contains(t, policy, "s3.us-east-1.amazonaws.com", "bucket keys through S3 only")
}

// TestImageProcessorBadProps checks every bad input, one line per problem
// naming the field.
func TestImageProcessorBadProps(t *testing.T) {
	st := newTestStack(t, "123456789012", "us-east-1")
	up, err := securebucket.New(st, "uploads", securebucket.Props{Name: "acme-dev-uploads-123456789012"})
	require.NoError(t, err)
	for _, c := range []struct {
		name  string
		props imageprocessor.Props
		want  []string
	}{
		{"empty", imageprocessor.Props{}, []string{"Name", "Source: required", "Destination: required", `Prefix ""`}},
		{"same bucket", imageprocessor.Props{Name: "acme-x", Source: up, Destination: up, Prefix: "uploads/"}, []string{"is the Source bucket"}},
		{"bad prefix", imageprocessor.Props{Name: "acme-x", Source: up, Destination: &securebucket.Bucket{Name: "b", ARN: "arn:aws:s3:::b"}, Prefix: "/up*"}, []string{`Prefix "/up*"`}},
		{"ranges", imageprocessor.Props{Name: "acme-x", Source: up, Destination: &securebucket.Bucket{Name: "b", ARN: "arn:aws:s3:::b"}, Prefix: "u/",
			MaxWidth: 20000, MaxHeight: -1, LogRetentionDays: 2, ConcurrencyQuota: -1, ReservedConcurrency: -5},
			[]string{"MaxWidth 20000", "MaxHeight -1", "LogRetentionDays 2", "ConcurrencyQuota -1", "ReservedConcurrency -5"}},
		{"reservation over quota", imageprocessor.Props{Name: "acme-x", Source: up, Destination: &securebucket.Bucket{Name: "b", ARN: "arn:aws:s3:::b"}, Prefix: "u/",
			ConcurrencyQuota: 10, ReservedConcurrency: 5}, []string{"ReservedConcurrency 5: leaves fewer than 100"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := imageprocessor.New(st, "bad", c.props)
			require.Error(t, err)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.Equal(t, len(c.want), strings.Count(err.Error(), "\n")+1, err.Error())
		})
	}
}

// TestImageProcessorNoReservation checks the default: no reserved
// concurrency without a declared quota, the LAMBDA-3 suppression live (the
// policy pack in synthConstruct flags a stale one), and the default limits.
func TestImageProcessorNoReservation(t *testing.T) {
	st := newTestStack(t, "123456789012", "eu-west-1")
	up, err := securebucket.New(st, "uploads", securebucket.Props{Name: "acme-dev-uploads-123456789012"})
	require.NoError(t, err)
	done, err := securebucket.New(st, "processed", securebucket.Props{Name: "acme-dev-processed-123456789012"})
	require.NoError(t, err)
	_, err = imageprocessor.New(st, "images", imageprocessor.Props{Name: "acme-dev-images", Source: up, Destination: done, Prefix: "in/", Builder: ordersBuilder})
	require.NoError(t, err)
	s := synthConstruct(t, st, "", "")
	fn := only(t, s, "aws_lambda_function")
	assert.NotContains(t, fn, "reserved_concurrent_executions")
	vars := fn["environment"].(map[string]any)["variables"].(map[string]any)
	assert.Equal(t, "1024", vars["MAX_WIDTH"])
	assert.Equal(t, "in/", vars["SOURCE_PREFIX"])
	assert.Equal(t, "s3.amazonaws.com", only(t, s, "aws_lambda_permission")["principal"])
}
