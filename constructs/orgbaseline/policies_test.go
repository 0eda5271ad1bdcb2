package orgbaseline

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTagPolicyJSON(t *testing.T) {
	js, err := TagPolicyJSON([]TagRule{{Key: "Environment", Values: []string{"prod", "dev"}}, {Key: "CostCenter"}})
	require.NoError(t, err)
	assert.Equal(t, `{"tags":{"costcenter":{"tag_key":{"@@assign":"CostCenter"}},"environment":{"tag_key":{"@@assign":"Environment"},"tag_value":{"@@assign":["dev","prod"]}}}}`, js)
	_, err = TagPolicyJSON([]TagRule{{Key: "Owner"}, {Key: "owner"}})
	assert.ErrorContains(t, err, `key "owner" listed twice`)
}

func TestBackupPolicyJSON(t *testing.T) {
	js, err := BackupPolicyJSON(BackupPlan{Name: "daily", Regions: []string{"us-west-2", "us-east-1"}, Schedule: "cron(0 5 ? * * *)", RetentionDays: 35, VaultName: "Default", TagKey: "Backup", TagValue: "daily"}, "aws")
	require.NoError(t, err)
	assert.Contains(t, js, `"regions":{"@@assign":["us-east-1","us-west-2"]}`)
	assert.Contains(t, js, `"delete_after_days":{"@@assign":"35"}`)
	assert.Contains(t, js, `"iam_role_arn":{"@@assign":"arn:aws:iam::$account:role/service-role/AWSBackupDefaultServiceRole"}`)
	_, err = BackupPolicyJSON(BackupPlan{Name: "x"}, "aws")
	assert.ErrorContains(t, err, "are required")
}
