package orgbaseline

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
)

// TagRule is one key of the tag policy: its exact capitalisation, and when
// Values is set, the values it may take.
type TagRule struct {
	Key    string
	Values []string
}

// TagPolicyJSON renders an AWS Organizations tag policy. Tag policies report
// non-compliant tags in every account; they do not block tagging (no
// enforced_for), so a wrong tag never breaks a deployment.
func TagPolicyJSON(rules []TagRule) (string, error) {
	tags := map[string]any{}
	for _, r := range rules {
		if r.Key == "" {
			return "", fmt.Errorf("tag policy: empty key")
		}
		// The policy's own key is the lowercase form; tag_key fixes the
		// capitalisation accounts must use.
		id := lower(r.Key)
		if _, dup := tags[id]; dup {
			return "", fmt.Errorf("tag policy: key %q listed twice (keys compare case-insensitively)", r.Key)
		}
		entry := map[string]any{"tag_key": map[string]any{"@@assign": r.Key}}
		if len(r.Values) > 0 {
			vals := append([]string(nil), r.Values...)
			sort.Strings(vals)
			entry["tag_value"] = map[string]any{"@@assign": vals}
		}
		tags[id] = entry
	}
	return marshal(map[string]any{"tags": tags})
}

// BackupPlan is the AWS Backup policy the organization applies to every
// member account: resources tagged TagKey=TagValue are backed up on
// Schedule into VaultName and kept RetentionDays.
type BackupPlan struct {
	Name          string
	Regions       []string
	Schedule      string
	RetentionDays int
	VaultName     string
	TagKey        string
	TagValue      string
	// RoleName is the backup role in each member account; default the
	// role AWS Backup creates, service-role/AWSBackupDefaultServiceRole.
	RoleName string
}

// BackupPolicyJSON renders an AWS Organizations backup policy.
func BackupPolicyJSON(p BackupPlan, partition string) (string, error) {
	if p.Name == "" || len(p.Regions) == 0 || p.Schedule == "" || p.RetentionDays < 1 || p.VaultName == "" || p.TagKey == "" {
		return "", fmt.Errorf("backup plan %q: name, regions, schedule, retention, vault and tag key are required", p.Name)
	}
	role := p.RoleName
	if role == "" {
		role = "service-role/AWSBackupDefaultServiceRole"
	}
	regions := append([]string(nil), p.Regions...)
	sort.Strings(regions)
	assign := func(v any) map[string]any { return map[string]any{"@@assign": v} }
	plan := map[string]any{
		"regions": assign(regions),
		"rules": map[string]any{p.Name: map[string]any{
			"schedule_expression":      assign(p.Schedule),
			"target_backup_vault_name": assign(p.VaultName),
			"lifecycle":                map[string]any{"delete_after_days": assign(strconv.Itoa(p.RetentionDays))},
		}},
		"selections": map[string]any{"tags": map[string]any{p.Name: map[string]any{
			// $account is expanded by AWS Backup to each member account.
			"iam_role_arn": assign(fmt.Sprintf("arn:%s:iam::$account:role/%s", partition, role)),
			"tag_key":      assign(p.TagKey),
			"tag_value":    assign([]string{p.TagValue}),
		}}},
	}
	return marshal(map[string]any{"plans": map[string]any{p.Name: plan}})
}

func marshal(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), nil
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
