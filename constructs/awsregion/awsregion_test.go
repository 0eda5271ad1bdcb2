package awsregion

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLookup(t *testing.T) {
	tests := []struct {
		name      string
		partition string
		zones     int
		first3    []string
	}{
		{"us-east-1", "aws", 6, []string{"us-east-1a", "us-east-1b", "us-east-1c"}},
		{"us-west-1", "aws", 2, []string{"us-west-1a", "us-west-1c"}},
		{"ap-northeast-1", "aws", 3, []string{"ap-northeast-1a", "ap-northeast-1c", "ap-northeast-1d"}},
		{"us-gov-west-1", "aws-us-gov", 3, []string{"us-gov-west-1a", "us-gov-west-1b", "us-gov-west-1c"}},
		{"cn-north-1", "aws-cn", 2, []string{"cn-north-1a", "cn-north-1b"}},
	}
	for _, tt := range tests {
		r, err := Lookup(tt.name)
		require.NoError(t, err, tt.name)
		assert.Equal(t, tt.partition, r.Partition, tt.name)
		assert.Equal(t, tt.zones, r.ZoneCount(), tt.name)
		assert.Equal(t, tt.first3, r.Zones(3), tt.name)
	}
	_, err := Lookup("mars-north-1")
	assert.ErrorContains(t, err, `unknown AWS region "mars-north-1"`)
	assert.Equal(t, "known regions like it: eu-west-1, eu-west-2, eu-west-3", Suggest("eu-west-9"))
	assert.Equal(t, "", Suggest("zz"))
}
