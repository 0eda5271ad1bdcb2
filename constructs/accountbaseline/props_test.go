package accountbaseline

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaults(t *testing.T) {
	p := Props{DeliveryBucketName: "acme-logs-222222222222-eu-west-1"}.withDefaults()
	assert.Equal(t, DefaultAnalyzerName, p.AnalyzerName)
	assert.Equal(t, PasswordPolicy{MinimumLength: 14, MaxAgeDays: 90}, p.PasswordPolicy)
	assert.Equal(t, "default", p.RecorderName)
	assert.Equal(t, "TwentyFour_Hours", p.SnapshotFrequency)
	assert.False(t, p.RecordGlobalResources, "global types are recorded only where asked")
	require.NoError(t, p.validate("baseline"))

	kept := Props{AnalyzerName: "a", PasswordPolicy: PasswordPolicy{MinimumLength: 20, MaxAgeDays: 30}, RecorderName: "r", SnapshotFrequency: OneHour}.withDefaults()
	assert.Equal(t, "a", kept.AnalyzerName)
	assert.Equal(t, PasswordPolicy{MinimumLength: 20, MaxAgeDays: 30}, kept.PasswordPolicy)
	assert.Equal(t, "r", kept.RecorderName)
	assert.Equal(t, OneHour, kept.SnapshotFrequency)
}

func TestValidate(t *testing.T) {
	const bucket = "acme-logs-222222222222-eu-west-1"
	tests := []struct {
		name  string
		id    string
		props Props
		want  string
	}{
		{"stronger password", "b", Props{DeliveryBucketName: bucket, PasswordPolicy: PasswordPolicy{MinimumLength: 32, MaxAgeDays: 30}}, ""},
		{"config skipped needs no bucket", "b", Props{SkipConfigRecorder: true}, ""},
		{"all options", "b", Props{
			DeliveryBucketName: bucket, DeliveryKeyARN: "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
			DeliveryKeyPrefix: "config", SnapshotFrequency: SixHours, RecordGlobalResources: true,
			EBSKeyUserARNs: []string{"arn:aws:iam::222222222222:role/aws-service-role/spot.amazonaws.com/AWSServiceRoleForEC2Spot"},
		}, ""},
		{"skipped pieces are not checked", "b", Props{
			SkipPasswordPolicy: true, PasswordPolicy: PasswordPolicy{MinimumLength: 8},
			SkipEBSEncryption: true, EBSKeyUserARNs: []string{"nope"},
			SkipConfigRecorder: true, SnapshotFrequency: "hourly",
		}, ""},
		{"no id", "", Props{DeliveryBucketName: bucket}, "accountbaseline: id is required"},
		{"short password", "b", Props{DeliveryBucketName: bucket, PasswordPolicy: PasswordPolicy{MinimumLength: 8}}, "accountbaseline b: PasswordPolicy.MinimumLength 8: must be 14-128 characters"},
		{"long password", "b", Props{DeliveryBucketName: bucket, PasswordPolicy: PasswordPolicy{MinimumLength: 129}}, "PasswordPolicy.MinimumLength 129"},
		{"old password", "b", Props{DeliveryBucketName: bucket, PasswordPolicy: PasswordPolicy{MaxAgeDays: 365}}, "accountbaseline b: PasswordPolicy.MaxAgeDays 365: must be 1-90 days"},
		{"negative age", "b", Props{DeliveryBucketName: bucket, PasswordPolicy: PasswordPolicy{MaxAgeDays: -1}}, "PasswordPolicy.MaxAgeDays -1"},
		{"analyzer name", "b", Props{DeliveryBucketName: bucket, AnalyzerName: "1st analyzer"}, `AnalyzerName "1st analyzer": must be 1-255 letters`},
		{"long analyzer name", "b", Props{DeliveryBucketName: bucket, AnalyzerName: "a" + strings.Repeat("b", 255)}, "AnalyzerName"},
		{"no bucket", "b", Props{}, "accountbaseline b: DeliveryBucketName is required"},
		{"bad bucket", "b", Props{DeliveryBucketName: "Central_Logs"}, `DeliveryBucketName: bucket name "Central_Logs"`},
		{"bad key", "b", Props{DeliveryBucketName: bucket, DeliveryKeyARN: "alias/config"}, `DeliveryKeyARN "alias/config": not a KMS key ARN`},
		{"bad frequency", "b", Props{DeliveryBucketName: bucket, SnapshotFrequency: "Daily"}, `SnapshotFrequency "Daily": must be one of [One_Hour Three_Hours Six_Hours Twelve_Hours TwentyFour_Hours]`},
		{"bad recorder", "b", Props{DeliveryBucketName: bucket, RecorderName: "My Recorder"}, `RecorderName: name part "My Recorder"`},
		{"wildcard key user", "b", Props{DeliveryBucketName: bucket, EBSKeyUserARNs: []string{"arn:aws:iam::222222222222:role/*"}}, `EBSKeyUserARNs[0] "arn:aws:iam::222222222222:role/*": not an IAM role ARN`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.props.withDefaults()
			err := p.validate(tt.id)
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			assert.ErrorContains(t, err, tt.want)
		})
	}
}
