package test

import (
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/efsshare"
	"github.com/acme/landing-zone/constructs/iamrole"
)

func efsProps() efsshare.Props {
	return efsshare.Props{
		Name: "acme-dev-share", VPCID: jsii.String("vpc-1"),
		SubnetIDs:              *jsii.Strings("subnet-private-a", "subnet-private-b", "subnet-private-c"),
		SourceSecurityGroupIDs: *jsii.Strings("sg-app"),
		ClientRoleARNs:         *jsii.Strings("arn:aws:iam::123456789012:role/acme-dev-app-task"),
	}
}

// TestEFSShare checks guide 4.4 on the construct's defaults.
func TestEFSShare(t *testing.T) {
	st := newTestStack(t, "123456789012", "eu-west-1")
	share, err := efsshare.New(st, "share", efsProps())
	require.NoError(t, err)
	assert.Len(t, share.MountTargets, 3)
	s := synthConstruct(t, st, "efsshare", "default")

	fs := only(t, s, "aws_efs_file_system")
	assert.Equal(t, true, fs["encrypted"])
	assert.Equal(t, "${aws_kms_key.share-key.arn}", fs["kms_key_id"])
	assert.Equal(t, "elastic", fs["throughput_mode"])
	assert.Equal(t, "generalPurpose", fs["performance_mode"])
	assert.Equal(t, []any{
		map[string]any{"transition_to_ia": "AFTER_30_DAYS"},
		map[string]any{"transition_to_primary_storage_class": "AFTER_1_ACCESS"},
	}, fs["lifecycle_policy"])
	assert.Equal(t, map[string]any{"status": "ENABLED"}, only(t, s, "aws_efs_backup_policy")["backup_policy"])

	mts := s.resources("aws_efs_mount_target")
	assert.Len(t, mts, 3)
	for _, mt := range mts {
		assert.Equal(t, []any{"${aws_security_group.share-sg.id}"}, mt["security_groups"])
	}
	sg := only(t, s, "aws_security_group")
	assert.Equal(t, []any{}, sg["egress"])
	in := only(t, s, "aws_vpc_security_group_ingress_rule")
	assert.Equal(t, 2049.0, in["from_port"])
	assert.Equal(t, 2049.0, in["to_port"])
	assert.Equal(t, "sg-app", in["referenced_security_group_id"])
	assert.NotEmpty(t, in["description"])
	assert.NotContains(t, in, "cidr_ipv4")

	ap := only(t, s, "aws_efs_access_point")
	assert.Equal(t, map[string]any{"uid": 1000.0, "gid": 1000.0}, ap["posix_user"])
	rd := ap["root_directory"].(map[string]any)
	assert.Equal(t, "/share", rd["path"])
	assert.Equal(t, map[string]any{"owner_uid": 1000.0, "owner_gid": 1000.0, "permissions": "0750"}, rd["creation_info"])

	pol := policyOf(t, only(t, s, "aws_efs_file_system_policy")["policy"])
	deny := mustStatement(t, pol, "DenyWithoutTLS")
	assert.Equal(t, "Deny", deny["Effect"])
	assert.Equal(t, map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}, deny["Condition"])
	allow := mustStatement(t, pol, "ClientsMountThroughAccessPoint")
	assert.Equal(t, map[string]any{"AWS": "arn:aws:iam::123456789012:role/acme-dev-app-task"}, allow["Principal"])
	assert.Equal(t, "${aws_efs_access_point.share-ap.arn}", allow["Condition"].(map[string]any)["StringEquals"].(map[string]any)["elasticfilesystem:AccessPointArn"])
	assert.Equal(t, "${aws_efs_file_system.share.arn}", allow["Resource"])
}

// TestEFSShareRejects shows bad props stop before any resource exists.
func TestEFSShareRejects(t *testing.T) {
	st := newTestStack(t, "123456789012", "eu-west-1")
	p := efsProps()
	p.SourceSecurityGroupIDs, p.UID, p.Permissions = nil, -5, "0755"
	_, err := efsshare.New(st, "share", p)
	require.Error(t, err)
	assert.Len(t, strings.Split(err.Error(), "\n"), 3, err.Error())
	assert.Empty(t, synthStack(t, st)["resource"], "nothing built")
}

// TestEFSSharePrepareAdmit builds the share in two steps, as a caller does
// whose client role needs the share's ids first: the mount targets come
// with the policy and wait for it, the policy names the role by reference,
// and a second Admit is refused.
func TestEFSSharePrepareAdmit(t *testing.T) {
	st := newTestStack(t, "123456789012", "eu-west-1")
	p := efsProps()
	p.ClientRoleARNs = nil
	share, err := efsshare.Prepare(st, "share", p)
	require.NoError(t, err)
	assert.Empty(t, share.Ready(), "no mount target before Admit")
	role, err := iamrole.New(st, "app", iamrole.Props{Name: "acme-dev-app", Trust: iamrole.ServiceTrust("ec2.amazonaws.com", "")})
	require.NoError(t, err)
	require.NoError(t, share.Admit(role.ARN))
	assert.Len(t, share.Ready(), 3)
	require.ErrorContains(t, share.Admit(role.ARN), "exists already")
	require.NoError(t, share.AllowClientEgress(jsii.String("sg-app")))
	s := synthStack(t, st)

	pol := policyOf(t, only(t, s, "aws_efs_file_system_policy")["policy"])
	allow := mustStatement(t, pol, "ClientsMountThroughAccessPoint")
	assert.Equal(t, map[string]any{"AWS": "${aws_iam_role.app.arn}"}, allow["Principal"], "a reference: the role is made first")
	for name, mt := range s.resources("aws_efs_mount_target") {
		assert.Equal(t, []any{"aws_efs_file_system_policy.share-policy"}, mt["depends_on"], name)
	}
	out := only(t, s, "aws_vpc_security_group_egress_rule")
	assert.Equal(t, "sg-app", out["security_group_id"])
	assert.Equal(t, "${aws_security_group.share-sg.id}", out["referenced_security_group_id"])
	assert.Equal(t, 2049.0, out["from_port"])
	assert.Equal(t, 2049.0, out["to_port"])
}
