package test

import (
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/sessionstore"
	"github.com/acme/landing-zone/constructs/snstopic"
)

func sessionProps(name string) sessionstore.Props {
	return sessionstore.Props{
		Name:            name,
		SubnetIDs:       *jsii.Strings("subnet-private-a", "subnet-private-b"),
		SecurityGroupID: jsii.String("sg-cache"),
	}
}

// TestSessionStoreDefaults checks guide 5.5 on the construct's defaults:
// Valkey, encrypted at rest with a CMK and in transit, RBAC with an IAM
// user and a switched-off default user, logs and snapshots.
func TestSessionStoreDefaults(t *testing.T) {
	st := newTestStack(t, "123456789012", "us-east-1")
	store, err := sessionstore.New(st, "sessions", sessionProps("acme-dev-sessions"))
	require.NoError(t, err)
	assert.Equal(t, 6379, store.Port)
	assert.Equal(t, "arn:aws:elasticache:us-east-1:123456789012:replicationgroup:acme-dev-sessions", store.ARN)
	assert.Equal(t, "arn:aws:elasticache:us-east-1:123456789012:user:acme-dev-sessions-app", store.UserARN)
	s := synthConstruct(t, st, "sessionstore", "default")

	rg := only(t, s, "aws_elasticache_replication_group")
	assert.Equal(t, "valkey", rg["engine"])
	assert.Equal(t, sessionstore.DefaultValkeyVersion, rg["engine_version"])
	assert.Equal(t, "true", rg["at_rest_encryption_enabled"])
	assert.Contains(t, rg["kms_key_id"], "${aws_kms_key.")
	assert.Equal(t, true, rg["transit_encryption_enabled"])
	assert.NotContains(t, rg, "auth_token", "no secret in state")
	assert.NotContains(t, rg, "replication_group_description", "deprecated")
	assert.Equal(t, []any{"${aws_elasticache_user_group.sessions-users.user_group_id}"}, rg["user_group_ids"])
	assert.Equal(t, 1.0, rg["num_cache_clusters"])
	assert.Equal(t, false, rg["automatic_failover_enabled"])
	assert.Equal(t, false, rg["multi_az_enabled"])
	assert.Equal(t, 7.0, rg["snapshot_retention_limit"])
	assert.Equal(t, "acme-dev-sessions-final", rg["final_snapshot_identifier"])
	assert.Equal(t, []any{"sg-cache"}, rg["security_group_ids"])
	assert.Equal(t, 6379.0, rg["port"])
	var kinds []string
	for _, l := range rg["log_delivery_configuration"].([]any) {
		m := l.(map[string]any)
		assert.Equal(t, "cloudwatch-logs", m["destination_type"])
		kinds = append(kinds, m["log_type"].(string))
	}
	assert.ElementsMatch(t, []string{"slow-log", "engine-log"}, kinds)
	for _, lg := range s.resources("aws_cloudwatch_log_group") {
		assert.Contains(t, lg["kms_key_id"], "${aws_kms_key.")
	}

	users := s.resources("aws_elasticache_user")
	require.Len(t, users, 2)
	def, app := users["sessions-default-user"], users["sessions-app-user"]
	assert.Equal(t, "default", def["user_name"])
	assert.True(t, strings.HasPrefix(def["access_string"].(string), "off"), "the default user is switched off")
	assert.Equal(t, true, def["no_password_required"])
	assert.NotContains(t, def, "authentication_mode")
	assert.Equal(t, "iam", app["authentication_mode"].(map[string]any)["type"])
	assert.Equal(t, app["user_id"], app["user_name"], "IAM authentication needs user id = user name")
	for _, u := range users {
		assert.Equal(t, "redis", u["engine"])
		assert.NotContains(t, u, "passwords")
	}
	group := only(t, s, "aws_elasticache_user_group")
	assert.Equal(t, "redis", group["engine"])
	assert.Len(t, group["user_ids"], 2)
	assert.Empty(t, s.resources("aws_cloudwatch_metric_alarm"))

	// The app role's grant: elasticache:Connect on the group and the user.
	role, err := iamrole.New(st, "app-role", iamrole.Props{Name: "acme-dev-app-task", Trust: iamrole.ServiceTrust("ecs-tasks.amazonaws.com", "123456789012")})
	require.NoError(t, err)
	require.NoError(t, store.GrantConnect(role))
	grant := policyOf(t, synthStack(t, st).resources("aws_iam_role_policy")["app-role-policy-connect-acme-dev-sessions"]["policy"])
	sm := mustStatement(t, grant, "SessionStoreConnect")
	assert.Equal(t, "elasticache:Connect", sm["Action"])
	assert.ElementsMatch(t, []any{store.ARN, store.UserARN}, sm["Resource"])
}

// TestSessionStoreProduction covers Multi-AZ with replicas, Redis OSS, a
// given key and topic, and the alarms per node.
func TestSessionStoreProduction(t *testing.T) {
	st := newTestStack(t, "123456789012", "eu-west-1")
	key, err := kmskey.New(st, "shared-key", kmskey.Props{Alias: "acme/prod/data"})
	require.NoError(t, err)
	topic, err := snstopic.New(st, "alarms", snstopic.Props{Name: "acme-prod-alarms", Key: key, PublishingServices: []string{"cloudwatch"}})
	require.NoError(t, err)
	p := sessionProps("acme-prod-sessions")
	p.Production, p.MultiAZ, p.Replicas, p.NodeType = true, true, 2, "cache.r7g.large"
	p.Engine, p.EngineVersion = sessionstore.EngineRedis, "7.1"
	p.SnapshotRetentionDays, p.LogRetentionDays = 14, 731
	p.AccessString = "on ~session:* +@all -@dangerous"
	p.Key, p.AlarmTopic = key, topic
	_, err = sessionstore.New(st, "sessions", p)
	require.NoError(t, err)
	s := synthConstruct(t, st, "sessionstore", "production")

	rg := only(t, s, "aws_elasticache_replication_group")
	assert.Equal(t, "redis", rg["engine"])
	assert.Equal(t, "7.1", rg["engine_version"])
	assert.Equal(t, "cache.r7g.large", rg["node_type"])
	assert.Equal(t, 3.0, rg["num_cache_clusters"])
	assert.Equal(t, true, rg["automatic_failover_enabled"])
	assert.Equal(t, true, rg["multi_az_enabled"])
	assert.Equal(t, 14.0, rg["snapshot_retention_limit"])
	assert.Equal(t, "${aws_kms_key.shared-key.arn}", rg["kms_key_id"])
	mustStatement(t, policyOf(t, only(t, s, "aws_kms_key")["policy"]), "CloudWatchLogsUse")
	assert.Equal(t, "on ~session:* +@all -@dangerous", s.resources("aws_elasticache_user")["sessions-app-user"]["access_string"])
	alarms := s.resources("aws_cloudwatch_metric_alarm")
	assert.Len(t, alarms, 6, "CPU and memory on each of the three nodes")
	assert.Equal(t, "acme-prod-sessions-003", alarms["sessions-alarm-003-cpu"]["dimensions"].(map[string]any)["CacheClusterId"])
	for _, lg := range s.resources("aws_cloudwatch_log_group") {
		assert.Equal(t, 731.0, lg["retention_in_days"])
	}
}

// TestSessionStoreRejects shows that bad input stops New before any
// resource exists, with one line per problem.
func TestSessionStoreRejects(t *testing.T) {
	st := newTestStack(t, "123456789012", "us-east-1")
	p := sessionProps("acme-prod-sessions")
	p.Production, p.EngineVersion = true, "6.2"
	_, err := sessionstore.New(st, "sessions", p)
	require.Error(t, err)
	msg := err.Error()
	assert.Len(t, strings.Split(msg, "\n"), 3, msg)
	assert.Contains(t, msg, `NodeType "cache.t4g.small"`)
	assert.Contains(t, msg, "MultiAZ: production")
	assert.Contains(t, msg, `EngineVersion "6.2"`)
	assert.Empty(t, synthStack(t, st)["resource"], "nothing built")
}
