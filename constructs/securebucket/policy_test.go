package securebucket

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/kmskey"
)

func testBucket() *Bucket {
	keyARN := "arn:aws:kms:eu-west-1:123456789012:key/k"
	return &Bucket{ARN: "arn:aws:s3:::logs", Key: &kmskey.Key{ARN: &keyARN}}
}

func bySid(stmts []iampolicy.Statement) map[string]iampolicy.Statement {
	out := map[string]iampolicy.Statement{}
	for _, s := range stmts {
		out[s.Sid] = s
	}
	return out
}

func TestEncryptionStatementsWithoutExceptions(t *testing.T) {
	stmts := bySid(testBucket().baseStatements(nil))
	assert.Len(t, stmts, 4)
	other := stmts["DenyOtherEncryption"]
	assert.Equal(t, []string{"arn:aws:s3:::logs/*"}, other.Resources)
	assert.Empty(t, other.NotResources)
	assert.Contains(t, other.Conditions, iampolicy.Cond("StringNotEquals", "s3:x-amz-server-side-encryption", "aws:kms"))
}

// TestEncryptionStatementsWithSSES3Prefix checks that SSE-S3 is admitted
// only under the named prefix, and there only from the named service.
func TestEncryptionStatementsWithSSES3Prefix(t *testing.T) {
	stmts := bySid(testBucket().baseStatements([]SSES3Upload{
		{Prefix: "AWSLogs/o-abc/*/CloudTrail-Digest/", Services: []string{"cloudtrail.amazonaws.com"}},
	}))
	digests := "arn:aws:s3:::logs/AWSLogs/o-abc/*/CloudTrail-Digest/*"
	other := stmts["DenyOtherEncryption"]
	assert.Empty(t, other.Resources)
	assert.Equal(t, []string{digests}, other.NotResources, "everywhere else, only KMS")
	under := stmts["DenyOtherEncryptionUnderSSES3Prefixes"]
	assert.Equal(t, []string{digests}, under.Resources)
	assert.Contains(t, under.Conditions, iampolicy.Cond("StringNotEquals", "s3:x-amz-server-side-encryption", "aws:kms", "AES256"))
	others := stmts["DenySSES3FromOthers1"]
	assert.Equal(t, iampolicy.Deny, others.Effect)
	assert.Equal(t, []string{digests}, others.Resources)
	assert.Equal(t, []iampolicy.Condition{
		iampolicy.Cond("StringEquals", "s3:x-amz-server-side-encryption", "AES256"),
		iampolicy.Cond("StringNotEquals", "aws:PrincipalServiceName", "cloudtrail.amazonaws.com"),
	}, others.Conditions)
	require.Contains(t, stmts, "DenyOtherKMSKey", "a named key must still be the bucket's")
	require.NoError(t, iampolicy.Document{Statements: testBucket().baseStatements([]SSES3Upload{
		{Prefix: "a/", Services: []string{"cloudtrail.amazonaws.com"}},
		{Prefix: "b/", Services: []string{"logdelivery.elasticloadbalancing.amazonaws.com"}},
	})}.Validate())
}

func TestSSES3UploadsValidation(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []SSES3Upload
		want string
	}{
		{"empty prefix", []SSES3Upload{{Services: []string{"cloudtrail.amazonaws.com"}}}, `SSES3Uploads[0].Prefix ""`},
		{"leading slash", []SSES3Upload{{Prefix: "/AWSLogs/", Services: []string{"cloudtrail.amazonaws.com"}}}, `SSES3Uploads[0].Prefix "/AWSLogs/"`},
		{"no services", []SSES3Upload{{Prefix: "AWSLogs/"}}, "SSES3Uploads[0].Services: name the service principals"},
		{"not a service", []SSES3Upload{{Prefix: "AWSLogs/", Services: []string{"arn:aws:iam::123456789012:root"}}}, `SSES3Uploads[0].Services "arn:aws:iam::123456789012:root"`},
		{"good", []SSES3Upload{{Prefix: "AWSLogs/", Services: []string{"cloudtrail.amazonaws.com"}}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Props{SSES3Uploads: tc.in}
			err := p.validate("logs")
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

func TestLoadBalancerLogs(t *testing.T) {
	for _, tc := range []struct {
		region, principal string
	}{
		{"us-east-1", "arn:aws:iam::127311923021:root"},
		{"us-west-2", "arn:aws:iam::797873946194:root"},
		{"eu-central-2", "logdelivery.elasticloadbalancing.amazonaws.com"},
	} {
		t.Run(tc.region, func(t *testing.T) {
			env, err := awsenv.New("123456789012", tc.region)
			require.NoError(t, err)
			s := loadBalancerLogStatement(env, "arn:aws:s3:::alb-logs", "alb")
			assert.Equal(t, []string{"arn:aws:s3:::alb-logs/alb/AWSLogs/123456789012/*"}, s.Resources, "this account's logs only")
			assert.Equal(t, []string{"s3:PutObject"}, s.Actions)
			require.Len(t, s.Principals, 1)
			assert.Equal(t, []string{tc.principal}, s.Principals[0].Identifiers)
		})
	}
	for _, tc := range []struct {
		name string
		p    Props
		want string
	}{
		{"no prefix", Props{LoadBalancerLogs: &LoadBalancerLogs{}}, `LoadBalancerLogs.Prefix "": required`},
		{"slash", Props{LoadBalancerLogs: &LoadBalancerLogs{Prefix: "alb/"}}, `LoadBalancerLogs.Prefix "alb/"`},
		{"AWSLogs", Props{LoadBalancerLogs: &LoadBalancerLogs{Prefix: "x/AWSLogs"}}, "must not contain AWSLogs"},
		{"with a key", Props{LoadBalancerLogs: &LoadBalancerLogs{Prefix: "alb"}, AccessLogTarget: true}, "takes no AccessLogTarget"},
		{"good", Props{LoadBalancerLogs: &LoadBalancerLogs{Prefix: "alb"}}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.p.validate("alb-logs")
			if tc.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

// TestLoadBalancerLogBucketStatements checks the SSE-S3 bucket's policy:
// TLS only, any encryption header but AES256 refused, and nothing that
// names a KMS key (the bucket has none).
func TestLoadBalancerLogBucketStatements(t *testing.T) {
	b := &Bucket{ARN: "arn:aws:s3:::alb-logs"}
	stmts := b.sses3Statements()
	bs := bySid(stmts)
	assert.Len(t, bs, 3)
	assert.Contains(t, bs, "DenyInsecureTransport")
	assert.Contains(t, bs, "DenyOutdatedTLS")
	assert.NotContains(t, bs, "DenyOtherKMSKey")
	other := bs["DenyOtherEncryption"]
	assert.Equal(t, iampolicy.Deny, other.Effect)
	assert.Equal(t, []string{"s3:PutObject"}, other.Actions)
	assert.Equal(t, []string{"arn:aws:s3:::alb-logs/*"}, other.Resources)
	assert.Equal(t, []iampolicy.Condition{
		iampolicy.Cond("StringNotEquals", "s3:x-amz-server-side-encryption", "AES256"),
		iampolicy.Cond("Null", "s3:x-amz-server-side-encryption", "false"),
	}, other.Conditions)
	doc := iampolicy.Document{Statements: stmts}
	require.NoError(t, doc.Validate())
	assert.NotContains(t, doc.JSON(), "aws:kms")
	assert.NotContains(t, doc.JSON(), "kms-key-id")

	// Grants on an SSE-S3 bucket need no key statement.
	for _, s := range append(b.ReadStatements("alb/"), b.WriteStatements("alb/")...) {
		for _, a := range s.Actions {
			assert.NotContains(t, a, "kms:")
		}
	}
}

func TestLoadBalancerLogsRejectsReplication(t *testing.T) {
	p := Props{LoadBalancerLogs: &LoadBalancerLogs{Prefix: "alb"}, Replication: &Replication{DestinationBucketARN: "arn:aws:s3:::x", DestinationKMSKeyARN: "k"}}
	assert.ErrorContains(t, p.validate("alb-logs"), "takes no AccessLogTarget, KMSKey, SSES3Uploads or Replication")
}
