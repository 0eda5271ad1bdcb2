package test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/appsecret"
)

// TestAppSecret checks guide 6.2 on the construct: a CMK, no value in
// state, a deny-outside resource policy, the recovery window, and rotation by
// the Go function after its permission.
func TestAppSecret(t *testing.T) {
	for _, c := range []struct {
		name  string
		props appsecret.Props
		check func(t *testing.T, s synthesized)
	}{
		{"defaults", appsecret.Props{Name: "acme/dev/payments-api-key", Slug: "acme-dev-payments-key"}, func(t *testing.T, s synthesized) {
			rot := only(t, s, "aws_secretsmanager_secret_rotation")
			assert.Equal(t, 30.0, rot["rotation_rules"].(map[string]any)["automatically_after_days"])
			pol := only(t, s, "aws_secretsmanager_secret_policy")
			assert.Contains(t, pol["policy"], `"aws:PrincipalAccount":"123456789012"`)
		}},
		{"organization and schedule", appsecret.Props{Name: "acme/dev/k", Slug: "acme-dev-k", OrganizationID: "o-abcdefghij",
			RecoveryWindowDays: 7, RotationSchedule: "rate(10 days)"}, func(t *testing.T, s synthesized) {
			rot := only(t, s, "aws_secretsmanager_secret_rotation")
			assert.Equal(t, "rate(10 days)", rot["rotation_rules"].(map[string]any)["schedule_expression"])
			assert.NotContains(t, rot["rotation_rules"], "automatically_after_days")
			assert.Equal(t, 7.0, only(t, s, "aws_secretsmanager_secret")["recovery_window_in_days"])
			assert.Contains(t, only(t, s, "aws_secretsmanager_secret_policy")["policy"], `"aws:PrincipalOrgID":"o-abcdefghij"`)
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			st := newTestStack(t, "123456789012", "us-east-1")
			c.props.Builder = ordersBuilder
			out, err := appsecret.New(st, "secret", c.props)
			require.NoError(t, err)
			assert.Equal(t, "arn:aws:lambda:us-east-1:123456789012:function:"+c.props.Slug+"-rotation", out.RotationFunctionARN)
			s := synthConstruct(t, st, "", "")
			assert.Empty(t, s.resources("aws_secretsmanager_secret_version"), "no value in code or state")
			sec := only(t, s, "aws_secretsmanager_secret")
			assert.Contains(t, sec["kms_key_id"], "${aws_kms_key.")
			pol := only(t, s, "aws_secretsmanager_secret_policy")
			assert.Equal(t, true, pol["block_public_policy"])
			perm := only(t, s, "aws_lambda_permission")
			assert.Equal(t, "secretsmanager.amazonaws.com", perm["principal"])
			assert.Equal(t, "${aws_secretsmanager_secret.secret.arn}", perm["source_arn"])
			assert.Equal(t, "123456789012", perm["source_account"])
			rot := only(t, s, "aws_secretsmanager_secret_rotation")
			assert.Contains(t, rot["depends_on"], "aws_lambda_permission.secret-rotation-invoke")
			assert.NotContains(t, rot, "rotate_immediately")
			fn := only(t, s, "aws_lambda_function")
			assert.Equal(t, "Active", fn["tracing_config"].(map[string]any)["mode"])
			var policy string
			for _, rp := range s.resources("aws_iam_role_policy") {
				policy += rp["policy"].(string)
			}
			assert.Contains(t, policy, "secretsmanager.us-east-1.amazonaws.com")
			assert.Contains(t, policy, ":secret:"+c.props.Name+"-??????")
			c.check(t, s)
		})
	}
}

// TestAppSecretBadProps checks every bad input, one line per problem.
func TestAppSecretBadProps(t *testing.T) {
	st := newTestStack(t, "123456789012", "us-east-1")
	for _, c := range []struct {
		name  string
		props appsecret.Props
		want  []string
	}{
		{"empty", appsecret.Props{}, []string{`Name ""`, `Slug ""`}},
		{"ranges", appsecret.Props{Name: "a b", Slug: "acme-x", OrganizationID: "org1", RecoveryWindowDays: 3, RotationDays: 1001, LogRetentionDays: 2},
			[]string{`Name "a b"`, `OrganizationID "org1"`, "RecoveryWindowDays 3", "RotationDays 1001", "LogRetentionDays 2"}},
		{"suffix-like name", appsecret.Props{Name: "acme/key-abcdef", Slug: "acme-x"}, []string{"six characters"}},
		{"both schedules", appsecret.Props{Name: "k", Slug: "acme-x", RotationDays: 5, RotationSchedule: "rate(1 day)"}, []string{"not both"}},
		{"bad schedule", appsecret.Props{Name: "k", Slug: "acme-x", RotationSchedule: "every day"}, []string{`RotationSchedule "every day"`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := appsecret.New(st, "bad", c.props)
			require.Error(t, err)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
			assert.Equal(t, len(c.want), strings.Count(err.Error(), "\n")+1, err.Error())
		})
	}
}
