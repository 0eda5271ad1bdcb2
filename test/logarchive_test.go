package test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/stacks"
	"github.com/acme/landing-zone/stacks/org"
)

// TestLogArchiveAdmitsFlowLogsOfTheirAccounts checks the wiring from the
// model: only the accounts of environments that send flow logs to the log
// archive may write there, each under its own prefix, and the flow log's
// destination is that prefix's parent.
func TestLogArchiveAdmitsFlowLogsOfTheirAccounts(t *testing.T) {
	o := org.Example()
	e := &o.Environments[1]
	e.VPC.FlowLogs = org.FlowLogs{Destination: org.FlowLogsLogArchive}
	require.NoError(t, o.Validate("example"))
	acct, _ := o.Account(e.Account)
	_, parsed := synthOrg(t, o, stacks.Options{})

	bucketARN := "arn:aws:s3:::" + stacks.LogBucketName(o)
	doc := policyDoc(t, parsed["log-archive"].resources("aws_s3_bucket_policy")["central-logs-policy"]["policy"])
	var flowSids []string
	for _, st := range doc["Statement"].([]any) {
		sid, _ := st.(map[string]any)["Sid"].(string)
		if len(sid) >= 8 && sid[:8] == "FlowLogs" {
			flowSids = append(flowSids, sid)
		}
	}
	assert.ElementsMatch(t, []string{"FlowLogsAclCheck", "FlowLogsWrite" + acct.ID}, flowSids)
	w := statement(doc, "FlowLogsWrite"+acct.ID)
	assert.Equal(t, bucketARN+"/vpc-flow-logs/AWSLogs/"+acct.ID+"/*", w["Resource"])
	assert.Equal(t, map[string]any{
		"StringEquals": map[string]any{"aws:SourceAccount": acct.ID},
		"ArnLike":      map[string]any{"aws:SourceArn": "arn:aws:logs:*:" + acct.ID + ":*"},
	}, w["Condition"])
	key := policyDoc(t, parsed["log-archive"].resources("aws_kms_key")["central-logs-key"]["policy"])
	require.NotNil(t, statement(key, "FlowLogsEncrypt"))

	fl := parsed[stacks.WorkloadStackName(e.Name)].resources("aws_flow_log")["vpc-flow-log"]
	assert.Equal(t, bucketARN+"/vpc-flow-logs", fl["log_destination"])
}

// TestLogArchiveConfigWaitsForItsBucket: the log-archive account's own
// Config delivers into the bucket its stack makes; Config checks the bucket
// when the channel is put, and the provider does not retry a missing bucket,
// so every region's channel waits for the bucket's policy.
func TestLogArchiveConfigWaitsForItsBucket(t *testing.T) {
	_, parsed := exampleOrg(t)
	channels := parsed[stacks.LogArchiveStack].resources("aws_config_delivery_channel")
	require.Len(t, channels, len(org.Example().AllowedRegions), "one channel per allowed region")
	for name, ch := range channels {
		assert.Contains(t, ch["depends_on"], "aws_s3_bucket_policy.central-logs-policy", name)
	}
	for name, ch := range parsed[stacks.SecurityStack].resources("aws_config_delivery_channel") {
		for _, d := range ch["depends_on"].([]any) {
			assert.NotContains(t, d, "s3_bucket_policy", "%s: other stacks deploy after log-archive", name)
		}
	}
}
