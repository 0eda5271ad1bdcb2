package naming

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestBucket(t *testing.T) {
	tests := []struct {
		org, purpose, account, region string
		want, err                     string
	}{
		{"acme", "logs", "222222222222", "us-east-1", "acme-logs-222222222222-us-east-1", ""},
		{"acme", "dev-data", "666666666666", "ap-southeast-2", "acme-dev-data-666666666666-ap-southeast-2", ""},
		{"acme", "a-very-long-purpose-name-indeed", "666666666666", "ap-southeast-2", "", "AWS allows 63 here"},
		{"Acme", "logs", "1", "us-east-1", "", `name part "Acme"`},
		{"acme", "logs_", "1", "us-east-1", "", `name part "logs_"`},
	}
	for _, tt := range tests {
		got, err := Bucket(tt.org, tt.purpose, tt.account, tt.region)
		if tt.err != "" {
			assert.ErrorContains(t, err, tt.err)
			continue
		}
		assert.NoError(t, err)
		assert.Equal(t, tt.want, got)
	}
}

func TestCheckBucket(t *testing.T) {
	for name, ok := range map[string]bool{
		"abc": true, "a.b-c": true, "ab": false, "-abc": false, "abc-": false, "a..b": false,
		"xn--abc": false, "abc-s3alias": false, "abc--ol-s3": false, "ABC": false,
	} {
		assert.Equal(t, ok, CheckBucket(name) == nil, name)
	}
}

func TestJoinSkipsEmpty(t *testing.T) {
	assert.Equal(t, "a-c", Join("a", "", "c"))
	_, err := Name(10)
	assert.ErrorContains(t, err, "empty name")
}

func TestCheckPrefix(t *testing.T) {
	tests := []struct {
		name string
		want string
	}{
		{"acme-prod-app", ""},
		{"", "is required"},
		{"Acme", "use lowercase"},
		{"1acme", "use lowercase"},
		{"acme-", "use lowercase"},
		{"acme--prod", "use lowercase"},
		{"a-very-long-name-indeed", "longer than 10 characters"},
	}
	for _, tt := range tests {
		err := CheckPrefix(tt.name, 10)
		if tt.want == "" && tt.name == "acme-prod-app" {
			err = CheckPrefix(tt.name, 40)
		}
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%q: %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%q: got %v, want %q", tt.name, err, tt.want)
		}
	}
}
