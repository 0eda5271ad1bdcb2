// Package planspec holds the rules for an AWS Backup plan and its vault
// (names, selection, retention, cold storage, the vault lock and the DR
// copy) with their defaults, as plain Go, so that the backupplan construct
// and the organization model check the same rules without loading the AWS
// provider.
package planspec

import (
	"cmp"
	"fmt"
	"github.com/acme/landing-zone/constructs/problem"
	"regexp"
)

// Defaults of the fields whose zero value means "the default", and limits.
const (
	DefaultDailyRetentionDays   = 35
	DefaultMonthlyRetentionDays = 365
	// MinColdStorageDays is how long a recovery point must stay in cold
	// storage: DeleteAfter must be at least ColdStorageAfter + 90
	// (API_Lifecycle).
	MinColdStorageDays = 90
	// MaxLockDays is the vault lock's largest MaxRetentionDays
	// (API_PutBackupVaultLockConfiguration: 36500).
	MaxLockDays = 36500
	// DefaultDailySchedule and DefaultMonthlySchedule are UTC cron
	// expressions: every day at 05:00, and the first of each month at
	// 05:00.
	DefaultDailySchedule   = "cron(0 5 ? * * *)"
	DefaultMonthlySchedule = "cron(0 5 1 * ? *)"
)

// cronRE is AWS Backup's schedule expression: cron() with six fields
// (minutes hours day-of-month month day-of-week year), in UTC (AWS Backup
// Developer Guide, "Schedule expressions"; API_BackupRuleInput
// ScheduleExpression).
var cronRE = regexp.MustCompile(`^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$`)

// Tag is one resource tag.
type Tag struct{ Key, Value string }

var (
	// Vault names: 2-50 of [a-zA-Z0-9-_] (API_CreateBackupVault); less
	// room for the "-dr" suffix and the role's "-backup" suffix.
	namePattern = regexp.MustCompile(`^[A-Za-z0-9_-]{2,40}$`)
	vaultARN    = regexp.MustCompile(`^arn:aws[a-z-]*:backup:[a-z0-9-]+:\d{12}:backup-vault:[A-Za-z0-9_-]{2,50}$`)
)

// Resource types of the selection (AWS Backup Developer Guide, "Supported
// AWS resources and third-party applications").
const (
	TypeAurora   = "aurora"
	TypeDynamoDB = "dynamodb"
	TypeEFS      = "efs"
	TypeEBS      = "ebs"
)

// DefaultResourceTypes are the stores the landing zone keeps data in.
var DefaultResourceTypes = []string{TypeAurora, TypeDynamoDB, TypeEFS, TypeEBS}

// resourcePatterns are the wildcard ARNs of each type in a selection's
// Resources (AWS Backup Developer Guide, "Assigning resources
// programmatically": Resources and Conditions are ANDed).
var resourcePatterns = map[string]string{
	TypeAurora:   "rds:*:*:cluster:*",
	TypeDynamoDB: "dynamodb:*:*:table/*",
	TypeEFS:      "elasticfilesystem:*:*:file-system/*",
	TypeEBS:      "ec2:*:*:volume/*",
}

// ResourceARNs are the selection's wildcard ARNs for types in partition.
func ResourceARNs(partition string, types []string) []string {
	out := make([]string, 0, len(types))
	for _, t := range types {
		out = append(out, "arn:"+partition+":"+resourcePatterns[t])
	}
	return out
}

// Plan is a backup plan's plain settings: the backupplan.Props fields of
// the same names, documented there, and HasDRScope for its DRScope (the
// DR vault made in a scope of the DR region). Zero ResourceTypes and
// retention periods take the defaults of WithDefaults.
type Plan struct {
	Name                                       string
	SelectionTag                               Tag
	ResourceTypes, AdminPrincipalARNs          []string
	DailyRetentionDays, MonthlyRetentionDays   int
	DailySchedule, MonthlySchedule             string
	MonthlyColdStorageAfterDays                int
	Lock                                       bool
	LockMinRetentionDays, LockMaxRetentionDays int
	DRVaultARN                                 string
	HasDRScope, Production                     bool
}

// WithDefaults returns p with its zero fields set.
func (p Plan) WithDefaults() Plan {
	if len(p.ResourceTypes) == 0 {
		p.ResourceTypes = DefaultResourceTypes
	}
	p.DailyRetentionDays = cmp.Or(p.DailyRetentionDays, DefaultDailyRetentionDays)
	p.MonthlyRetentionDays = cmp.Or(p.MonthlyRetentionDays, DefaultMonthlyRetentionDays)
	p.DailySchedule = cmp.Or(p.DailySchedule, DefaultDailySchedule)
	p.MonthlySchedule = cmp.Or(p.MonthlySchedule, DefaultMonthlySchedule)
	return p
}

// Check reports every problem of p (after WithDefaults), one error each,
// as "Field value: what is allowed", the field named as in Plan; callers
// prefix what they check. It checks the name and selection, then
// CheckRetention, then the DR copy and production's requirements.
func (p Plan) Check() problem.List {
	var bad problem.List
	if !namePattern.MatchString(p.Name) {
		bad.Add("Name", p.Name, "2-40 letters, digits, hyphens and underscores")
	}
	if p.SelectionTag.Key == "" || p.SelectionTag.Value == "" {
		bad.Add("SelectionTag", problem.Raw(fmt.Sprintf("%q=%q", p.SelectionTag.Key, p.SelectionTag.Value)), "give the tag key and value that select the resources")
	}
	for i, t := range p.ResourceTypes {
		if _, ok := resourcePatterns[t]; !ok {
			bad.Add(fmt.Sprintf("ResourceTypes[%d]", i), t, "use %q", DefaultResourceTypes)
		}
	}
	if len(p.AdminPrincipalARNs) == 0 {
		bad.Add("AdminPrincipalARNs", nil, "give the deploying role; no one else may change the vault policy or lock")
	}
	bad = append(bad, p.CheckSchedules()...)
	bad = append(bad, p.CheckRetention()...)
	switch {
	case p.DRVaultARN != "" && p.HasDRScope:
		bad.Add("DRVaultARN", p.DRVaultARN, "give DRVaultARN or DRScope, not both")
	case p.DRVaultARN != "" && !vaultARN.MatchString(p.DRVaultARN):
		bad.Add("DRVaultARN", p.DRVaultARN, "not a backup vault ARN (arn:aws:backup:<region>:<account>:backup-vault:<name>)")
	}
	if p.Production {
		if !p.Lock {
			bad.Add("Lock", nil, "production vaults are locked")
		}
		if p.DRVaultARN == "" && !p.HasDRScope {
			bad.Add("DRVaultARN", nil, "production copies recovery points to the DR region (give DRVaultARN or DRScope)")
		}
	}
	return bad
}

// CheckSchedules checks the two rules' schedules (after WithDefaults).
func (p Plan) CheckSchedules() problem.List {
	var bad problem.List
	for _, s := range []struct{ field, expr string }{{"DailySchedule", p.DailySchedule}, {"MonthlySchedule", p.MonthlySchedule}} {
		if !cronRE.MatchString(s.expr) {
			bad.Add(s.field, s.expr, "a cron expression with six fields in UTC, such as %s", DefaultDailySchedule)
		}
	}
	return bad
}

// CheckRetention checks the retention periods, cold storage and the vault
// lock (after WithDefaults).
func (p Plan) CheckRetention() problem.List {
	var bad problem.List
	if p.DailyRetentionDays < 1 {
		bad.Add("DailyRetentionDays", p.DailyRetentionDays, "keep daily points at least 1 day")
	}
	if p.MonthlyRetentionDays < 1 {
		bad.Add("MonthlyRetentionDays", p.MonthlyRetentionDays, "keep monthly points at least 1 day")
	}
	switch {
	case p.MonthlyColdStorageAfterDays < 0:
		bad.Add("MonthlyColdStorageAfterDays", p.MonthlyColdStorageAfterDays, "0 (never) or a number of days")
	case p.MonthlyColdStorageAfterDays > 0 && p.MonthlyRetentionDays < p.MonthlyColdStorageAfterDays+MinColdStorageDays:
		bad.Add("MonthlyColdStorageAfterDays", p.MonthlyColdStorageAfterDays, "cold storage lasts at least %d days, so MonthlyRetentionDays %d must be at least %d",
			MinColdStorageDays, p.MonthlyRetentionDays, p.MonthlyColdStorageAfterDays+MinColdStorageDays)
	}
	if p.Lock {
		min, max := p.LockMinRetentionDays, p.LockMaxRetentionDays
		switch {
		case min < 1:
			bad.Add("LockMinRetentionDays", min, "at least 1")
		case max < min || max > MaxLockDays:
			bad.Add("LockMaxRetentionDays", max, "%d-%d (at least LockMinRetentionDays)", min, MaxLockDays)
		default:
			// A job whose retention falls outside the lock's range fails
			// (AWS Backup Developer Guide, "AWS Backup Vault Lock").
			for _, r := range []struct {
				field string
				days  int
			}{{"DailyRetentionDays", p.DailyRetentionDays}, {"MonthlyRetentionDays", p.MonthlyRetentionDays}} {
				if r.days < min || r.days > max {
					bad.Add(r.field, r.days, "outside the vault lock's %d-%d days, so its backup jobs would fail", min, max)
				}
			}
		}
	} else if p.LockMinRetentionDays != 0 || p.LockMaxRetentionDays != 0 {
		bad.Add("LockMinRetentionDays", problem.Raw(fmt.Sprintf("%d, LockMaxRetentionDays %d", p.LockMinRetentionDays, p.LockMaxRetentionDays)), "set Lock to use them")
	}
	return bad
}
