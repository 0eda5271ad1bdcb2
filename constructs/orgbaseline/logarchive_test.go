package orgbaseline

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/securebucket"
)

const testBucketARN = "arn:aws:s3:::acme-logs"

func testAccess() LogArchiveAccess {
	return LogArchiveAccess{
		Partition:           "aws",
		TrailARN:            "arn:aws:cloudtrail:us-east-1:111111111111:trail/t",
		ManagementAccountID: "111111111111",
		OrganizationID:      "o-abc",
		ConfigAccountIDs:    []string{"333333333333", "111111111111", "333333333333"},
		FlowLogAccountIDs:   []string{"444444444444"},
		SecurityAccountID:   "222222222222",
	}
}

func sids(stmts []iampolicy.Statement) map[string]iampolicy.Statement {
	out := map[string]iampolicy.Statement{}
	for _, s := range stmts {
		out[s.Sid] = s
	}
	return out
}

// TestConfigDeliveryPerAccount: Config writes as its service principal (the
// baseline uses the service-linked role), so each account is admitted by
// aws:SourceAccount under its own prefix, never by organization id.
func TestConfigDeliveryPerAccount(t *testing.T) {
	stmts, err := testAccess().BucketStatements(testBucketARN)
	require.NoError(t, err)
	by := sids(stmts)
	assert.Equal(t, []iampolicy.Condition{iampolicy.Cond("StringEquals", "aws:SourceAccount", "111111111111", "333333333333")}, by["ConfigAclCheck"].Conditions)
	for _, id := range []string{"111111111111", "333333333333"} {
		w, ok := by["ConfigWrite"+id]
		require.True(t, ok, id)
		assert.Equal(t, []string{testBucketARN + "/AWSLogs/" + id + "/Config/*"}, w.Resources)
		assert.Equal(t, []iampolicy.Condition{iampolicy.Cond("StringEquals", "aws:SourceAccount", id)}, w.Conditions)
	}
	for _, s := range stmts {
		for _, c := range s.Conditions {
			assert.NotEqual(t, "aws:SourceOrgID", c.Variable, s.Sid)
		}
	}
	assert.NoError(t, iampolicy.Document{Statements: stmts}.Validate(), "duplicate account ids make one statement each")
}

func TestFlowLogDeliveryPerAccount(t *testing.T) {
	stmts, err := testAccess().BucketStatements(testBucketARN)
	require.NoError(t, err)
	by := sids(stmts)
	w := by["FlowLogsWrite444444444444"]
	assert.Equal(t, []string{testBucketARN + "/vpc-flow-logs/AWSLogs/444444444444/*"}, w.Resources)
	assert.Equal(t, []iampolicy.Condition{
		iampolicy.Cond("StringEquals", "aws:SourceAccount", "444444444444"),
		iampolicy.Cond("ArnLike", "aws:SourceArn", "arn:aws:logs:*:444444444444:*"),
	}, w.Conditions)
	keyStmts, err := testAccess().KeyStatements()
	require.NoError(t, err)
	assert.Equal(t, []iampolicy.Condition{
		iampolicy.Cond("StringEquals", "aws:SourceAccount", "444444444444"),
		iampolicy.Cond("ArnLike", "aws:SourceArn", "arn:aws:logs:*:444444444444:*"),
	}, sids(keyStmts)["FlowLogsEncrypt"].Conditions)

	none := testAccess()
	none.FlowLogAccountIDs = nil
	stmts, err = none.BucketStatements(testBucketARN)
	require.NoError(t, err)
	for _, s := range stmts {
		assert.NotContains(t, s.Sid, "FlowLogs")
	}
}

func TestCloudTrailKeyStatements(t *testing.T) {
	stmts, err := testAccess().KeyStatements()
	require.NoError(t, err)
	by := sids(stmts)
	dec := by["CloudTrailDecryptsForBucketKey"]
	assert.Equal(t, []string{"kms:Decrypt"}, dec.Actions, "the bucket key needs kms:Decrypt for CreateTrail/UpdateTrail")
	assert.Equal(t, []iampolicy.Condition{iampolicy.Cond("StringEquals", "aws:SourceArn", "arn:aws:cloudtrail:us-east-1:111111111111:trail/t")}, dec.Conditions)
	assert.Equal(t, []iampolicy.Condition{iampolicy.Cond("StringEquals", "aws:SourceAccount", "111111111111", "333333333333")}, by["ConfigEncrypts"].Conditions)
}

func TestDigestPrefixes(t *testing.T) {
	assert.Equal(t, []securebucket.SSES3Upload{
		{Prefix: "AWSLogs/111111111111/CloudTrail-Digest/", Services: []string{"cloudtrail.amazonaws.com"}},
		{Prefix: "AWSLogs/o-abc/*/CloudTrail-Digest/", Services: []string{"cloudtrail.amazonaws.com"}},
	}, testAccess().SSES3Uploads())
}

func TestLogArchiveAccessValidation(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*LogArchiveAccess)
		want string
	}{
		{"no config accounts", func(a *LogArchiveAccess) { a.ConfigAccountIDs = nil }, "ConfigAccountIDs is empty"},
		{"bad config account", func(a *LogArchiveAccess) { a.ConfigAccountIDs = []string{"12345"} }, `ConfigAccountIDs "12345": not a 12-digit account id`},
		{"bad flow-log account", func(a *LogArchiveAccess) { a.FlowLogAccountIDs = []string{""} }, `FlowLogAccountIDs "": not a 12-digit account id`},
		{"no trail", func(a *LogArchiveAccess) { a.TrailARN = "" }, "are all required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := testAccess()
			tc.edit(&a)
			_, err := a.BucketStatements(testBucketARN)
			assert.ErrorContains(t, err, tc.want)
			_, err = a.KeyStatements()
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

// TestBucketPolicySizeLimit: every account adds a statement, so a large
// organization is stopped at synth, naming the fields, instead of at apply.
func TestBucketPolicySizeLimit(t *testing.T) {
	for _, tc := range []struct {
		accounts int
		fits     bool
	}{{8, true}, {40, true}, {200, false}} {
		t.Run(fmt.Sprint(tc.accounts), func(t *testing.T) {
			a := testAccess()
			a.ConfigAccountIDs = nil
			for i := range tc.accounts {
				a.ConfigAccountIDs = append(a.ConfigAccountIDs, fmt.Sprintf("%012d", 100000000000+i))
			}
			stmts, err := a.BucketStatements(testBucketARN)
			require.NoError(t, err)
			err = a.CheckBucketPolicySize(iampolicy.Document{Statements: stmts})
			if tc.fits {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, "over S3's 20480-byte limit: ConfigAccountIDs (200 accounts)")
		})
	}
}

func TestCheckKeyARN(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"arn:aws:kms:us-east-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab", ""},
		{"${TfToken[TOKEN.42]}", ""},
		{"arn:aws:kms:us-east-1:222222222222:alias/acme/logs", "an alias"},
		{"alias/acme/logs", "an alias"},
		{"1234abcd-12ab-34cd-56ef-1234567890ab", "not a KMS key ARN"},
	} {
		err := checkKeyARN(tc.in)
		if tc.want == "" {
			assert.NoError(t, err, tc.in)
			continue
		}
		assert.ErrorContains(t, err, tc.want, tc.in)
	}
}
