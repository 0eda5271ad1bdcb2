package test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/ebsvolume"
	"github.com/acme/landing-zone/constructs/kmskey"
)

// TestEBSVolumeAndSnapshots checks guide 4.3: a gp3 volume encrypted with a
// CMK, tagged for the DLM policy, and the daily policy with its role, the
// KMS permissions and the cross-region copy with the DR key.
func TestEBSVolumeAndSnapshots(t *testing.T) {
	st := newTestStack(t, "123456789012", "eu-west-1")
	vol, err := ebsvolume.New(st, "data", ebsvolume.VolumeProps{
		Name: "acme-prod-data", AvailabilityZone: "eu-west-1a", SizeGiB: 200,
		IOPS: 6000, ThroughputMiBs: 500, SnapshotTag: ebsvolume.Tag{Key: "Snapshot", Value: "daily"},
	})
	require.NoError(t, err)
	_, err = ebsvolume.New(st, "logs", ebsvolume.VolumeProps{
		Name: "acme-prod-logs", AvailabilityZone: "eu-west-1b", SizeGiB: 500, Type: ebsvolume.TypeST1, Key: vol.Key,
	})
	require.NoError(t, err)
	const drKey = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	_, err = ebsvolume.NewSnapshotPolicy(st, "snapshots", ebsvolume.SnapshotPolicyProps{
		Name: "acme-prod-data", TargetTag: ebsvolume.Tag{Key: "Snapshot", Value: "daily"},
		Time: "02:30", Keep: 14, VolumeKeys: []*kmskey.Key{vol.Key},
		DRRegion: "eu-central-1", DRKeyARN: drKey, DRKeepDays: 30,
	})
	require.NoError(t, err)
	s := synthConstruct(t, st, "ebsvolume", "dr")

	vols := s.resources("aws_ebs_volume")
	data, logs := vols["data"], vols["logs"]
	assert.Equal(t, true, data["encrypted"])
	assert.Equal(t, "${aws_kms_key.data-key.arn}", data["kms_key_id"])
	assert.Equal(t, "gp3", data["type"])
	assert.Equal(t, 6000.0, data["iops"])
	assert.Equal(t, 500.0, data["throughput"])
	assert.Equal(t, "daily", data["tags"].(map[string]any)["Snapshot"])
	assert.Equal(t, "st1", logs["type"])
	assert.NotContains(t, logs, "iops")
	assert.NotContains(t, logs, "throughput")
	assert.Equal(t, "${aws_kms_key.data-key.arn}", logs["kms_key_id"])

	pol := only(t, s, "aws_dlm_lifecycle_policy")
	assert.Equal(t, "ENABLED", pol["state"])
	assert.NotContains(t, pol["description"], "timestamp")
	det := pol["policy_details"].(map[string]any)
	assert.Equal(t, []any{"VOLUME"}, det["resource_types"])
	assert.Equal(t, map[string]any{"Snapshot": "daily"}, det["target_tags"])
	sch := det["schedule"].([]any)[0].(map[string]any)
	assert.Equal(t, "daily-0230-keep-14", sch["name"])
	assert.Equal(t, true, sch["copy_tags"])
	assert.Equal(t, map[string]any{"interval": 24.0, "interval_unit": "HOURS", "times": []any{"02:30"}}, sch["create_rule"])
	assert.Equal(t, map[string]any{"count": 14.0}, sch["retain_rule"])
	cr := sch["cross_region_copy_rule"].([]any)[0].(map[string]any)
	assert.Equal(t, "eu-central-1", cr["target"])
	assert.Equal(t, true, cr["encrypted"])
	assert.Equal(t, drKey, cr["cmk_arn"])
	assert.Equal(t, map[string]any{"interval": 30.0, "interval_unit": "DAYS"}, cr["retain_rule"])
	assert.NotEmpty(t, pol["depends_on"])

	role := only(t, s, "aws_iam_role")
	trust := policyOf(t, role["assume_role_policy"])
	assert.Equal(t, "dlm.amazonaws.com", mustStatement(t, trust, "ServiceAssumes")["Principal"].(map[string]any)["Service"])
	att := only(t, s, "aws_iam_role_policy_attachment")
	assert.Equal(t, "arn:aws:iam::aws:policy/service-role/AWSDataLifecycleManagerServiceRole", att["policy_arn"])
	kms := policyOf(t, only(t, s, "aws_iam_role_policy")["policy"])
	use := mustStatement(t, kms, "UseVolumeKeys")
	assert.ElementsMatch(t, []any{"${aws_kms_key.data-key.arn}", drKey}, use["Resource"])
	grant := mustStatement(t, kms, "GrantToEBS")
	assert.Equal(t, "kms:CreateGrant", grant["Action"])
	assert.Equal(t, map[string]any{"Bool": map[string]any{"kms:GrantIsForAWSResource": "true"}}, grant["Condition"])
	full := synthStack(t, st)
	for _, r := range full.resources("aws_dlm_lifecycle_policy") {
		assert.NotContains(t, r["description"], "${")
	}
}

// TestEBSRejects shows that bad volume and policy props stop before any
// resource exists, one line per problem.
func TestEBSRejects(t *testing.T) {
	st := newTestStack(t, "123456789012", "eu-west-1")
	_, err := ebsvolume.New(st, "v", ebsvolume.VolumeProps{Name: "acme-x", AvailabilityZone: "eu-west-1a", SizeGiB: 4, Type: ebsvolume.TypeIO2, IOPS: 5000, ThroughputMiBs: 200})
	require.Error(t, err)
	assert.Len(t, strings.Split(err.Error(), "\n"), 2, err.Error())
	_, err = ebsvolume.NewSnapshotPolicy(st, "p", ebsvolume.SnapshotPolicyProps{Name: "acme-x", TargetTag: ebsvolume.Tag{Key: "a", Value: "b"}, DRRegion: "eu-west-1", DRKeyARN: "arn:aws:kms:eu-west-1:123456789012:key/x"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `DRRegion "eu-west-1": the DR region must differ`)
	assert.Empty(t, synthStack(t, st)["resource"], "nothing built")
}
