package test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/kmskey"
)

func TestKMSKey(t *testing.T) {
	st := newTestStack(t, testAccount, testRegion)
	env, err := awsenv.New(testAccount, testRegion)
	require.NoError(t, err)
	k, err := kmskey.New(st, "shared", kmskey.Props{Alias: "acme/shared"})
	require.NoError(t, err)

	logs := kmskey.CloudWatchLogsUse(env)
	require.NoError(t, k.Ensure(logs))
	require.NoError(t, k.Ensure(logs), "ensuring twice is a no-op")
	other := logs
	other.Actions = []string{"kms:Decrypt"}
	assert.ErrorContains(t, k.Ensure(other), "statement CloudWatchLogsUse is already in the policy with other content")

	s := synthStack(t, st)
	key := s.resources("aws_kms_key")["shared"]
	assert.Equal(t, true, key["enable_key_rotation"])
	assert.EqualValues(t, 365, key["rotation_period_in_days"])
	assert.EqualValues(t, 30, key["deletion_window_in_days"])
	doc := policyDoc(t, key["policy"])
	assert.Len(t, doc["Statement"], 2, "the account statement and CloudWatch Logs once")
	assert.Equal(t, "alias/acme/shared", s.resources("aws_kms_alias")["shared-alias"]["name"])

	tests := []struct {
		name  string
		props kmskey.Props
		want  string
	}{
		{"no alias", kmskey.Props{}, "Alias is required"},
		{"reserved alias", kmskey.Props{Alias: "aws/s3"}, "reserved for AWS managed keys"},
		{"short deletion window", kmskey.Props{Alias: "a", DeletionWindowDays: 3}, "DeletionWindowDays 3: must be 7-30"},
		{"long rotation", kmskey.Props{Alias: "a", RotationPeriodDays: 3000}, "RotationPeriodDays 3000: must be 90-2560"},
		{"bad statement", kmskey.Props{Alias: "a", Statements: []iampolicy.Statement{{Effect: iampolicy.Allow}}}, "key policy: statement 1: exactly one of Actions and NotActions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := kmskey.New(newTestStack(t, testAccount, testRegion), "k", tt.props)
			assert.ErrorContains(t, err, tt.want)
		})
	}
}

// TestKMSKeyUse: a construct's key is the caller's, with the construct's
// statements added once, or one of its own.
func TestKMSKeyUse(t *testing.T) {
	st := newTestStack(t, "123456789012", "eu-west-1")
	env, err := awsenv.Of(st)
	require.NoError(t, err)
	logs := kmskey.CloudWatchLogsUse(env)
	shared, err := kmskey.New(st, "shared", kmskey.Props{Alias: "shared", Description: "shared"})
	require.NoError(t, err)
	for i := 0; i < 2; i++ {
		got, err := kmskey.Use(st, "unused", shared, kmskey.Props{Alias: "unused", Description: "unused", Statements: []iampolicy.Statement{logs}})
		require.NoError(t, err)
		assert.Same(t, shared, got)
	}
	own, err := kmskey.Use(st, "own", nil, kmskey.Props{Alias: "own", Description: "own", Statements: []iampolicy.Statement{logs}})
	require.NoError(t, err)
	assert.NotSame(t, shared, own)
	keys := synthStack(t, st).resources("aws_kms_key")
	assert.Len(t, keys, 2, "the caller's key and one made")
	for _, name := range []string{"shared", "own"} {
		assert.Equal(t, 1, strings.Count(keys[name]["policy"].(string), `"Sid":"`+logs.Sid+`"`), name)
	}
}
