package test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/rdsinstance"
)

// checkReplaceableNames fails for every resource of the given types that is
// replaced create-before-destroy under a fixed name: the new resource would
// be created while the old one still holds the name, and AWS refuses with
// "already exists". Such resources must take a name_prefix.
func checkReplaceableNames(t *testing.T, where string, s synthesized, types ...string) int {
	t.Helper()
	n := 0
	for _, typ := range types {
		for name, r := range s.resources(typ) {
			n++
			lc, _ := r["lifecycle"].(map[string]any)
			assert.Equal(t, true, lc["create_before_destroy"], "%s %s.%s: parameter groups in use are replaced create-before-destroy", where, typ, name)
			assert.NotContains(t, r, "name", "%s %s.%s: a fixed name collides with the group it replaces", where, typ, name)
			assert.NotEmpty(t, r["name_prefix"], "%s %s.%s", where, typ, name)
		}
	}
	return n
}

// TestParameterGroupsReplaceable pins the lifecycle of every parameter group
// the landing zone makes (finding 21 of issue 15): create-before-destroy
// with a name prefix, so that a later change of the description or family
// replaces the group instead of failing.
func TestParameterGroupsReplaceable(t *testing.T) {
	_, stacks := exampleOrg(t)
	n := 0
	for name, s := range stacks {
		n += checkReplaceableNames(t, name, s, "aws_rds_cluster_parameter_group", "aws_db_parameter_group")
	}
	assert.Positive(t, n, "the example has Aurora clusters")

	_, aurora := synthAurora(t, auroraProps("orders"))
	assert.Equal(t, 2, checkReplaceableNames(t, "auroracluster", aurora, "aws_rds_cluster_parameter_group", "aws_db_parameter_group"))
	assert.Equal(t, "orders-aurora-postgresql17-cluster-", aurora.resources("aws_rds_cluster_parameter_group")["db-cluster-params"]["name_prefix"])

	st := newTestStack(t, "123456789012", "us-east-1")
	p := auroraProps("ledger")
	_, err := rdsinstance.New(st, "db", rdsinstance.Props{
		Name: "ledger", VPCID: p.VPCID, SubnetIDs: p.SubnetIDs, AllowedSecurityGroupIDs: p.AllowedSecurityGroupIDs,
	})
	require.NoError(t, err)
	assert.Equal(t, 1, checkReplaceableNames(t, "rdsinstance", synthStack(t, st), "aws_db_parameter_group"))
}
