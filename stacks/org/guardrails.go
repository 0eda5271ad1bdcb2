package org

import (
	"fmt"
	"regexp"
	"slices"
)

// RootTarget names the organization root as a guardrail or policy target.
const RootTarget = "Root"

// Guardrail switches guardrail SCPs on for one target: the root (every
// member account) or an OU path. Rules attached higher up also apply below.
type Guardrail struct {
	Target                  string `yaml:"target"`
	RegionDeny              bool   `yaml:"region_deny,omitempty"`
	DenyLeaveOrganization   bool   `yaml:"deny_leave_organization,omitempty"`
	ProtectSecurityServices bool   `yaml:"protect_security_services,omitempty"`
	DenyRootUser            bool   `yaml:"deny_root_user,omitempty"`
	ProtectAccountDefaults  bool   `yaml:"protect_account_defaults,omitempty"`
	DenyIAMUsers            bool   `yaml:"deny_iam_users,omitempty"`
	// ProtectLogArchive denies changing the central log bucket's
	// configuration and disabling or deleting its key, except through the
	// accounts' role_name (the deployment roles).
	ProtectLogArchive bool `yaml:"protect_log_archive,omitempty"`
	DenyAll           bool `yaml:"deny_all,omitempty"`
}

// DefaultGuardrails are attached when the model lists none: the baseline at
// the root, no IAM users in production, and nothing allowed in Suspended.
func DefaultGuardrails() []Guardrail {
	return []Guardrail{
		{Target: RootTarget, RegionDeny: true, DenyLeaveOrganization: true, ProtectSecurityServices: true, DenyRootUser: true, ProtectAccountDefaults: true, ProtectLogArchive: true},
		{Target: "Workloads/Prod", DenyIAMUsers: true},
		{Target: "Suspended", DenyAll: true},
	}
}

// TagPolicy configures the organization's tag policy: the tag keys whose
// capitalisation is enforced, and for some of them the allowed values.
type TagPolicy struct {
	// Disabled leaves the organization without a tag policy.
	Disabled bool `yaml:"disabled,omitempty"`
	// AllowedValues adds keys with the values they may take. Environment
	// (the environment names and "shared"), Owner, CostCenter and
	// ManagedBy are always in the policy.
	AllowedValues map[string][]string `yaml:"allowed_values,omitempty"`
}

// BackupPolicy configures an AWS Backup policy at the organization root.
type BackupPolicy struct {
	Enabled bool `yaml:"enabled,omitempty"`
	// Schedule is a cron expression in UTC; default daily at 05:00.
	Schedule string `yaml:"schedule,omitempty"`
	// RetentionDays keeps recovery points; default 35.
	RetentionDays int `yaml:"retention_days,omitempty"`
	// TagKey and TagValue select resources to back up; default
	// Backup=daily.
	TagKey   string `yaml:"tag_key,omitempty"`
	TagValue string `yaml:"tag_value,omitempty"`
	// VaultName is the backup vault in each account; default "Default".
	VaultName string `yaml:"vault_name,omitempty"`
}

func (b *BackupPolicy) applyDefaults() {
	if !b.Enabled {
		return
	}
	if b.Schedule == "" {
		b.Schedule = "cron(0 5 ? * * *)"
	}
	if b.RetentionDays == 0 {
		b.RetentionDays = 35
	}
	if b.TagKey == "" {
		b.TagKey, b.TagValue = "Backup", "daily"
	}
	if b.VaultName == "" {
		b.VaultName = "Default"
	}
}

var (
	cronRE       = regexp.MustCompile(`^cron\([^()]+\)$`)
	configRuleRE = regexp.MustCompile(`^[A-Z0-9_]{3,128}$`)
)

// cloudWatchRetention are the retention periods CloudWatch Logs accepts;
// the model repeats loggroup's list so that it stays free of jsii imports.
var cloudWatchRetention = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

func (o *Organization) validateGuardrails(c *collector, ous map[string]bool) {
	seen := map[string]bool{}
	for i, g := range o.Guardrails {
		f := fmt.Sprintf("guardrails[%d]", i)
		if g.Target != RootTarget && !ous[g.Target] {
			c.add(f+".target", g.Target, "must be %q or a listed organizational unit", RootTarget)
		}
		if seen[g.Target] {
			c.add(f+".target", g.Target, "listed twice; put all guardrails of a target in one entry")
		}
		seen[g.Target] = true
		if !(g.RegionDeny || g.DenyLeaveOrganization || g.ProtectSecurityServices || g.DenyRootUser || g.ProtectAccountDefaults || g.DenyIAMUsers || g.ProtectLogArchive || g.DenyAll) {
			c.add(f, nil, "switches no guardrail on")
		}
	}
	keys := make([]string, 0, len(o.TagPolicy.AllowedValues))
	for k := range o.TagPolicy.AllowedValues {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		f := fmt.Sprintf("tag_policy.allowed_values[%s]", k)
		if !tagKeyRE.MatchString(k) {
			c.add(f, k, "not a valid AWS tag key")
		}
		if len(o.TagPolicy.AllowedValues[k]) == 0 {
			c.add(f, nil, "lists no values")
		}
	}
	if d := o.Trail.LogRetentionDays; !slices.Contains(cloudWatchRetention, d) {
		c.add("trail.log_retention_days", d, "CloudWatch Logs accepts %v", cloudWatchRetention)
	}
	for i, r := range o.ConfigRules {
		if !configRuleRE.MatchString(r) {
			c.add(fmt.Sprintf("config_rules[%d]", i), r, "not an AWS Config managed rule identifier (UPPER_SNAKE_CASE, such as RDS_SNAPSHOTS_PUBLIC_PROHIBITED)")
		}
	}
	if b := o.BackupPolicy; b.Enabled {
		if !cronRE.MatchString(b.Schedule) {
			c.add("backup_policy.schedule", b.Schedule, "must be a cron(...) expression")
		}
		if b.RetentionDays < 1 || b.RetentionDays > 36500 {
			c.add("backup_policy.retention_days", b.RetentionDays, "must be 1-36500")
		}
	}
}
