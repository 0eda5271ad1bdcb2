package test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/securebucket"
)

const testAccount, testRegion = "123456789012", "eu-west-1"

func TestSecureBucketDefaults(t *testing.T) {
	st := newTestStack(t, testAccount, testRegion)
	b, err := securebucket.New(st, "data", securebucket.Props{Name: "acme-data-123456789012"})
	require.NoError(t, err)
	assert.Equal(t, "arn:aws:s3:::acme-data-123456789012", b.ARN)
	s := synthStack(t, st)

	buckets := s.resources("aws_s3_bucket")
	require.Len(t, buckets, 2, "the bucket and the log bucket made for it")
	assert.Equal(t, "acme-data-123456789012-access-logs", buckets["data-access-logs"]["bucket"])
	assert.NotContains(t, buckets["data"], "force_destroy")
	assert.NotContains(t, buckets["data"], "object_lock_enabled")

	keys := s.resources("aws_kms_key")
	require.Len(t, keys, 2, "each bucket gets its own key")
	for name, k := range keys {
		assert.Equal(t, true, k["enable_key_rotation"], name)
		assert.EqualValues(t, 30, k["deletion_window_in_days"], name)
	}
	logKey := policyDoc(t, keys["data-access-logs-key"]["policy"])
	use := statement(logKey, "S3ServerAccessLogsUse")
	require.NotNil(t, use, "S3 log delivery may use the log bucket's key")
	assert.Equal(t, map[string]any{"Service": "logging.s3.amazonaws.com"}, use["Principal"])
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{"aws:SourceAccount": testAccount}}, use["Condition"])
	assert.Nil(t, statement(policyDoc(t, keys["data-key"]["policy"]), "S3ServerAccessLogsUse"), "only the log target's key")

	logging := s.resources("aws_s3_bucket_logging")
	require.Len(t, logging, 1)
	assert.Equal(t, "${aws_s3_bucket.data-access-logs.id}", logging["data-logging"]["target_bucket"])
	assert.Equal(t, "acme-data-123456789012/", logging["data-logging"]["target_prefix"])

	rules := s.resources("aws_s3_bucket_lifecycle_configuration")["data-lifecycle"]["rule"].([]any)
	ids := []string{}
	for _, r := range rules {
		ids = append(ids, r.(map[string]any)["id"].(string))
	}
	assert.Equal(t, []string{"transition", "expire", "noncurrent-versions", "abort-multipart"}, ids)

	policy := policyDoc(t, s.resources("aws_s3_bucket_policy")["data-policy"]["policy"])
	tls := statement(policy, "DenyOutdatedTLS")
	assert.Equal(t, map[string]any{"NumericLessThan": map[string]any{"s3:TlsVersion": "1.2"}}, tls["Condition"])
	wrongKey := statement(policy, "DenyOtherKMSKey")
	assert.Equal(t, "${aws_kms_key.data-key.arn}", wrongKey["Condition"].(map[string]any)["StringNotEquals"].(map[string]any)["s3:x-amz-server-side-encryption-aws-kms-key-id"])
	assert.Equal(t, "arn:aws:s3:::acme-data-123456789012/*", wrongKey["Resource"])
}

func TestSecureBucketOptions(t *testing.T) {
	st := newTestStack(t, testAccount, testRegion)
	key, err := kmskey.New(st, "shared-key", kmskey.Props{Alias: "acme/shared"})
	require.NoError(t, err)
	logs, err := securebucket.New(st, "logs", securebucket.Props{Name: "acme-logs-123456789012", AccessLogTarget: true, KMSKey: key})
	require.NoError(t, err)
	_, err = securebucket.New(st, "locked", securebucket.Props{
		Name:       "acme-locked-123456789012",
		KMSKey:     key,
		AccessLogs: securebucket.AccessLogs{Target: logs, Prefix: "locked/"},
		ObjectLock: &securebucket.ObjectLock{Mode: securebucket.Compliance, Days: 30},
		Lifecycle:  &securebucket.Lifecycle{AbortMultipartDays: 3},
		Replication: &securebucket.Replication{
			DestinationBucketARN: "arn:aws:s3:::acme-replica-123456789012",
			DestinationKMSKeyARN: "arn:aws:kms:eu-central-1:123456789012:key/abc",
			StorageClass:         "STANDARD_IA",
		},
		ForceDestroy: true,
	})
	require.NoError(t, err)
	_, err = securebucket.New(st, "scratch", securebucket.Props{
		DisableVersioning: true,
		AccessLogs:        securebucket.AccessLogs{Disabled: true},
		KMSKey:            key,
	})
	require.NoError(t, err)
	s := synthStack(t, st)

	assert.Len(t, s.resources("aws_kms_key"), 1, "a given key is used, not a new one")
	assert.Len(t, s.resources("aws_s3_bucket"), 3, "no log bucket made when a target or opt-out is given")
	assert.NotNil(t, statement(policyDoc(t, s.resources("aws_kms_key")["shared-key"]["policy"]), "S3ServerAccessLogsUse"),
		"a given key used by a log target is opened to log delivery")

	locked := s.resources("aws_s3_bucket")["locked"]
	assert.Equal(t, true, locked["object_lock_enabled"])
	assert.Equal(t, true, locked["force_destroy"])
	lock := first(t, first(t, s.resources("aws_s3_bucket_object_lock_configuration")["locked-object-lock"], "rule"), "default_retention")
	assert.Equal(t, "COMPLIANCE", lock["mode"])
	assert.EqualValues(t, 30, lock["days"])

	rules := s.resources("aws_s3_bucket_lifecycle_configuration")["locked-lifecycle"]["rule"].([]any)
	require.Len(t, rules, 1, "a given lifecycle applies exactly its rules")
	assert.Equal(t, "abort-multipart", rules[0].(map[string]any)["id"])
	assert.Equal(t, "locked/", s.resources("aws_s3_bucket_logging")["locked-logging"]["target_prefix"])

	repl := s.resources("aws_s3_bucket_replication_configuration")["locked-replication"]
	rule := first(t, repl, "rule")
	dest := first(t, rule, "destination")
	assert.Equal(t, "arn:aws:s3:::acme-replica-123456789012", dest["bucket"])
	assert.Equal(t, "STANDARD_IA", dest["storage_class"])
	assert.Equal(t, "arn:aws:kms:eu-central-1:123456789012:key/abc", first(t, dest, "encryption_configuration")["replica_kms_key_id"])
	assert.Equal(t, "Enabled", first(t, first(t, rule, "source_selection_criteria"), "sse_kms_encrypted_objects")["status"])
	role := s.resources("aws_iam_role")["locked-replication-role"]
	trust := policyDoc(t, role["assume_role_policy"])
	assert.Equal(t, map[string]any{"Service": "s3.amazonaws.com"}, trust["Statement"].([]any)[0].(map[string]any)["Principal"])
	perms := policyDoc(t, s.resources("aws_iam_role_policy")["locked-replication-role-policy-replicate"]["policy"])
	assertNoWildcardActions(t, perms)

	scratch := s.resources("aws_s3_bucket_versioning")["scratch-versioning"]
	assert.Equal(t, "Suspended", first(t, scratch, "versioning_configuration")["status"])
	assert.NotContains(t, s.resources("aws_s3_bucket_logging"), "scratch-logging")
	assert.NotContains(t, s.resources("aws_s3_bucket")["scratch"], "bucket", "an unnamed bucket lets AWS choose")
}

func TestSecureBucketGrantsAndPolicy(t *testing.T) {
	st := newTestStack(t, testAccount, testRegion)
	b, err := securebucket.New(st, "data", securebucket.Props{Name: "acme-data-123456789012", AccessLogs: securebucket.AccessLogs{Disabled: true}})
	require.NoError(t, err)
	role, err := iamrole.New(st, "app", iamrole.Props{Name: "app", Trust: iamrole.ServiceTrust("ec2.amazonaws.com", "")})
	require.NoError(t, err)
	require.NoError(t, b.GrantRead(role, "reports/"))
	require.NoError(t, b.GrantWrite(role, "uploads/"))
	require.NoError(t, b.AddToPolicy(iampolicy.Statement{
		Sid: "TrailDelivers", Effect: iampolicy.Allow,
		Principals: []iampolicy.Principal{iampolicy.ServicePrincipals("cloudtrail.amazonaws.com")},
		Actions:    []string{"s3:PutObject"}, Resources: []string{b.ObjectsARN("AWSLogs/")},
		Conditions: []iampolicy.Condition{iampolicy.Cond("StringEquals", "aws:SourceAccount", testAccount)},
	}))
	err = b.AddToPolicy(iampolicy.Statement{Sid: "Open", Effect: iampolicy.Allow, Principals: []iampolicy.Principal{iampolicy.Anyone()}, Actions: []string{"s3:GetObject"}, Resources: []string{b.ObjectsARN("")}})
	require.ErrorContains(t, err, "allows anyone without a condition", "a public grant is refused")
	s := synthStack(t, st)

	policies := s.resources("aws_iam_role_policy")
	read := policyDoc(t, policies["app-policy-read-acme-data-123456789012"]["policy"])
	assertNoWildcardActions(t, read)
	stmts := read["Statement"].([]any)
	list := stmts[0].(map[string]any)
	assert.Equal(t, "arn:aws:s3:::acme-data-123456789012", list["Resource"])
	assert.Equal(t, map[string]any{"StringLike": map[string]any{"s3:prefix": "reports/*"}}, list["Condition"])
	assert.Equal(t, "arn:aws:s3:::acme-data-123456789012/reports/*", stmts[1].(map[string]any)["Resource"])
	kms := stmts[2].(map[string]any)
	assert.Equal(t, "kms:Decrypt", kms["Action"])
	assert.Equal(t, map[string]any{"StringEquals": map[string]any{"kms:ViaService": "s3.eu-west-1.amazonaws.com"}}, kms["Condition"])

	write := policyDoc(t, policies["app-policy-write-acme-data-123456789012"]["policy"])
	assert.Equal(t, "arn:aws:s3:::acme-data-123456789012/uploads/*", write["Statement"].([]any)[0].(map[string]any)["Resource"])

	bucketPolicy := policyDoc(t, s.resources("aws_s3_bucket_policy")["data-policy"]["policy"])
	assert.NotNil(t, statement(bucketPolicy, "TrailDelivers"), "added statements reach the synthesized policy")
	assert.Nil(t, statement(bucketPolicy, "Open"), "a refused statement leaves the policy as it was")
}

func TestSecureBucketRejects(t *testing.T) {
	tests := []struct {
		name  string
		id    string
		props securebucket.Props
		want  string
	}{
		{"bad name", "b", securebucket.Props{Name: "Bad_Name"}, `securebucket b: Name: bucket name "Bad_Name"`},
		{"bad id", "B!", securebucket.Props{}, `securebucket "B!": id must be lowercase`},
		{"IA too early", "b", securebucket.Props{Lifecycle: &securebucket.Lifecycle{InfrequentAccessDays: 10}}, "Lifecycle.InfrequentAccessDays 10: S3 moves objects to STANDARD_IA after 30 days at the earliest"},
		{"glacier too early", "b", securebucket.Props{Lifecycle: &securebucket.Lifecycle{InfrequentAccessDays: 30, GlacierDays: 45}}, "Lifecycle.GlacierDays 45: objects must stay 30 days in STANDARD_IA"},
		{"expiry before transition", "b", securebucket.Props{Lifecycle: &securebucket.Lifecycle{GlacierDays: 90, ExpirationDays: 60}}, "Lifecycle.ExpirationDays 60: must come after the last transition (day 90)"},
		{"negative", "b", securebucket.Props{Lifecycle: &securebucket.Lifecycle{AbortMultipartDays: -1}}, "Lifecycle.AbortMultipartDays -1: must not be negative"},
		{"lock mode", "b", securebucket.Props{ObjectLock: &securebucket.ObjectLock{Mode: "forever", Days: 1}}, `ObjectLock.Mode "forever": must be GOVERNANCE or COMPLIANCE`},
		{"lock without versioning", "b", securebucket.Props{DisableVersioning: true, ObjectLock: &securebucket.ObjectLock{Mode: securebucket.Governance, Days: 1}}, "ObjectLock needs versioning"},
		{"replication without key", "b", securebucket.Props{Replication: &securebucket.Replication{DestinationBucketARN: "arn:aws:s3:::x"}}, "Replication.DestinationKMSKeyARN is required"},
		{"log target logging elsewhere", "b", securebucket.Props{AccessLogTarget: true, AccessLogs: securebucket.AccessLogs{Target: &securebucket.Bucket{}}}, "an access log target does not log to another bucket"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newTestStack(t, testAccount, testRegion)
			_, err := securebucket.New(st, tt.id, tt.props)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Empty(t, synthStack(t, st).resources("aws_s3_bucket"), "no resource made before validation fails")
		})
	}
}

// assertNoWildcardActions fails on any Allow statement whose action is "*"
// or "service:*".
func assertNoWildcardActions(t *testing.T, doc map[string]any) {
	t.Helper()
	for _, s := range doc["Statement"].([]any) {
		st := s.(map[string]any)
		if st["Effect"] != "Allow" {
			continue
		}
		var actions []string
		switch a := st["Action"].(type) {
		case string:
			actions = []string{a}
		case []any:
			for _, x := range a {
				actions = append(actions, x.(string))
			}
		}
		for _, a := range actions {
			if a == "*" || strings.HasSuffix(a, ":*") {
				t.Errorf("statement %v allows wildcard action %s", st["Sid"], a)
			}
		}
	}
}

// TestSecureBucketSSES3Uploads checks the one typed exception to "KMS only":
// SSE-S3 under a named prefix, from a named service principal, and nothing
// else anywhere.
func TestSecureBucketSSES3Uploads(t *testing.T) {
	st := newTestStack(t, testAccount, testRegion)
	_, err := securebucket.New(st, "bad", securebucket.Props{SSES3Uploads: []securebucket.SSES3Upload{{Prefix: "alb/"}}})
	require.ErrorContains(t, err, "SSES3Uploads[0].Services")
	_, err = securebucket.New(st, "alb-logs", securebucket.Props{
		Name:         "acme-alb-logs-123456789012",
		SSES3Uploads: []securebucket.SSES3Upload{{Prefix: "alb/", Services: []string{"logdelivery.elasticloadbalancing.amazonaws.com"}}},
	})
	require.NoError(t, err)
	s := synthStack(t, st)
	assert.Len(t, s.resources("aws_s3_bucket"), 2, "the failed bucket made nothing")
	policy := policyDoc(t, s.resources("aws_s3_bucket_policy")["alb-logs-policy"]["policy"])
	prefix := "arn:aws:s3:::acme-alb-logs-123456789012/alb/*"
	assert.Equal(t, prefix, statement(policy, "DenyOtherEncryption")["NotResource"])
	assert.Equal(t, prefix, statement(policy, "DenyOtherEncryptionUnderSSES3Prefixes")["Resource"])
	assert.Equal(t, map[string]any{
		"StringEquals":    map[string]any{"s3:x-amz-server-side-encryption": "AES256"},
		"StringNotEquals": map[string]any{"aws:PrincipalServiceName": "logdelivery.elasticloadbalancing.amazonaws.com"},
	}, statement(policy, "DenySSES3FromOthers1")["Condition"])
	// The log bucket made for it has no exception.
	logs := policyDoc(t, s.resources("aws_s3_bucket_policy")["alb-logs-access-logs-policy"]["policy"])
	assert.Equal(t, "arn:aws:s3:::acme-alb-logs-123456789012-access-logs/*", statement(logs, "DenyOtherEncryption")["Resource"])
	assert.Nil(t, statement(logs, "DenySSES3FromOthers1"))
}
