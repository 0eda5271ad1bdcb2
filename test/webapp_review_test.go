package test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWebAppSecondPlanAndUploads pins what a review of the web
// application's stacks found: values AWS stores in another form, the core
// rule set's body-size rule in front of uploads, and the static bucket's
// name.
func TestWebAppSecondPlanAndUploads(t *testing.T) {
	_, parsed := exampleOrg(t)
	staging := parsed["workload-staging"]

	// ECS stores capabilities with an empty "add"; without it the task
	// definition is replaced on every apply.
	td := staging.resources("aws_ecs_task_definition")["web-app-task"]
	require.NotNil(t, td)
	var defs []map[string]any
	require.NoError(t, json.Unmarshal([]byte(td["container_definitions"].(string)), &defs))
	caps := defs[0]["linuxParameters"].(map[string]any)["capabilities"].(map[string]any)
	assert.Equal(t, []any{}, caps["add"])
	assert.Equal(t, []any{"ALL"}, caps["drop"])

	for _, env := range []string{"dev", "staging", "prod"} {
		s := parsed["workload-"+env]
		// ElastiCache rewrites access strings; the users keep the one
		// they were made with.
		for name, u := range s.resources("aws_elasticache_user") {
			assert.Equal(t, []any{"access_string"}, u["lifecycle"].(map[string]any)["ignore_changes"], "%s %s", env, name)
		}
		// Uploads go through the public load balancer: the core rule
		// set's 8 KB body limit counts there; the CloudFront ACL, in
		// front of static files, keeps it.
		acls := s.resources("aws_wafv2_web_acl")
		assert.Contains(t, acls["web-waf"]["rule"].([]any)[commonRule(t, acls["web-waf"])].(map[string]any)["statement"].(map[string]any)["managed_rule_group_statement"], "rule_action_override", env)
		cf := acls["web-cloudfront-waf"]
		assert.NotContains(t, cf["rule"].([]any)[commonRule(t, cf)].(map[string]any)["statement"].(map[string]any)["managed_rule_group_statement"], "rule_action_override", env)
		// The static site's bucket is named like every other bucket.
		assert.True(t, strings.HasPrefix(s.resources("aws_s3_bucket")["web-static-content"]["bucket"].(string), "acme-"+env+"-static-"), env)
	}
}

// commonRule is the index of the core rule set's rule in a web ACL.
func commonRule(t *testing.T, acl map[string]any) int {
	t.Helper()
	for i, r := range acl["rule"].([]any) {
		stmt := r.(map[string]any)["statement"].(map[string]any)
		if g, ok := stmt["managed_rule_group_statement"].(map[string]any); ok && g["name"] == "AWSManagedRulesCommonRuleSet" {
			return i
		}
	}
	t.Fatal("no core rule set")
	return -1
}
