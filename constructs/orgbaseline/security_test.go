package orgbaseline

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/awsenv"
)

func TestSecurityRegions(t *testing.T) {
	for _, tc := range []struct {
		name    string
		home    string
		regions []string
		want    []string
		err     string
	}{
		{"home first", "us-east-1", []string{"us-west-2", "us-east-1"}, []string{"us-east-1", "us-west-2"}, ""},
		{"each once, model order", "eu-west-1", []string{"eu-west-1", "eu-central-1", "eu-west-1", "us-east-1"}, []string{"eu-west-1", "eu-central-1", "us-east-1"}, ""},
		{"home missing", "us-east-1", []string{"us-west-2"}, nil, `Regions ["us-west-2"] must include the stack's region us-east-1`},
		{"no linked region", "us-east-1", []string{"us-east-1"}, nil, `Regions ["us-east-1"]: Security Hub central configuration needs at least one linked region besides us-east-1`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := securityRegions(tc.home, tc.regions)
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestDetectorARNs(t *testing.T) {
	env := awsenv.Env{AccountID: "333333333333", Region: "us-east-1", Partition: "aws"}
	assert.Equal(t, []string{
		"arn:aws:guardduty:us-east-1:333333333333:detector/*",
		"arn:aws:guardduty:us-west-2:333333333333:detector/*",
	}, detectorARNs(env, []string{"us-east-1", "us-west-2"}), "every region's detector exports to the one bucket")
}

func TestSecurityHubStandards(t *testing.T) {
	env := awsenv.Env{AccountID: "333333333333", Region: "eu-west-1", Partition: "aws"}
	assert.Equal(t, []string{
		"arn:aws:securityhub:eu-west-1::standards/aws-foundational-security-best-practices/v/1.0.0",
		"arn:aws:securityhub:eu-west-1::standards/cis-aws-foundations-benchmark/v/3.0.0",
	}, securityHubStandards(env))
}
