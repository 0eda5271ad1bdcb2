// Package planspec holds the rules for an AWS Backup plan and its vault
// (names, selection, retention, cold storage, the vault lock and the DR
// copy) with their defaults, as plain Go, so that the backupplan construct
// and the organization model check the same rules without loading the AWS
// provider.
package planspec

import (
	"cmp"
	"fmt"
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
func (p Plan) Check() []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if !namePattern.MatchString(p.Name) {
		fail("Name %q: 2-40 letters, digits, hyphens and underscores", p.Name)
	}
	if p.SelectionTag.Key == "" || p.SelectionTag.Value == "" {
		fail("SelectionTag %q=%q: give the tag key and value that select the resources", p.SelectionTag.Key, p.SelectionTag.Value)
	}
	for i, t := range p.ResourceTypes {
		if _, ok := resourcePatterns[t]; !ok {
			fail("ResourceTypes[%d] %q: use %q", i, t, DefaultResourceTypes)
		}
	}
	if len(p.AdminPrincipalARNs) == 0 {
		fail("AdminPrincipalARNs: give the deploying role; no one else may change the vault policy or lock")
	}
	errs = append(errs, p.CheckSchedules()...)
	errs = append(errs, p.CheckRetention()...)
	switch {
	case p.DRVaultARN != "" && p.HasDRScope:
		fail("DRVaultARN %q: give DRVaultARN or DRScope, not both", p.DRVaultARN)
	case p.DRVaultARN != "" && !vaultARN.MatchString(p.DRVaultARN):
		fail("DRVaultARN %q: not a backup vault ARN (arn:aws:backup:<region>:<account>:backup-vault:<name>)", p.DRVaultARN)
	}
	if p.Production {
		if !p.Lock {
			fail("Lock: production vaults are locked")
		}
		if p.DRVaultARN == "" && !p.HasDRScope {
			fail("DRVaultARN: production copies recovery points to the DR region (give DRVaultARN or DRScope)")
		}
	}
	return errs
}

// CheckSchedules checks the two rules' schedules (after WithDefaults).
func (p Plan) CheckSchedules() []error {
	var errs []error
	for _, s := range []struct{ field, expr string }{{"DailySchedule", p.DailySchedule}, {"MonthlySchedule", p.MonthlySchedule}} {
		if !cronRE.MatchString(s.expr) {
			errs = append(errs, fmt.Errorf("%s %q: a cron expression with six fields in UTC, such as %s", s.field, s.expr, DefaultDailySchedule))
		}
	}
	return errs
}

// CheckRetention checks the retention periods, cold storage and the vault
// lock (after WithDefaults).
func (p Plan) CheckRetention() []error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if p.DailyRetentionDays < 1 {
		fail("DailyRetentionDays %d: keep daily points at least 1 day", p.DailyRetentionDays)
	}
	if p.MonthlyRetentionDays < 1 {
		fail("MonthlyRetentionDays %d: keep monthly points at least 1 day", p.MonthlyRetentionDays)
	}
	switch {
	case p.MonthlyColdStorageAfterDays < 0:
		fail("MonthlyColdStorageAfterDays %d: 0 (never) or a number of days", p.MonthlyColdStorageAfterDays)
	case p.MonthlyColdStorageAfterDays > 0 && p.MonthlyRetentionDays < p.MonthlyColdStorageAfterDays+MinColdStorageDays:
		fail("MonthlyColdStorageAfterDays %d: cold storage lasts at least %d days, so MonthlyRetentionDays %d must be at least %d",
			p.MonthlyColdStorageAfterDays, MinColdStorageDays, p.MonthlyRetentionDays, p.MonthlyColdStorageAfterDays+MinColdStorageDays)
	}
	if p.Lock {
		min, max := p.LockMinRetentionDays, p.LockMaxRetentionDays
		switch {
		case min < 1:
			fail("LockMinRetentionDays %d: at least 1", min)
		case max < min || max > MaxLockDays:
			fail("LockMaxRetentionDays %d: %d-%d (at least LockMinRetentionDays)", max, min, MaxLockDays)
		default:
			// A job whose retention falls outside the lock's range fails
			// (AWS Backup Developer Guide, "AWS Backup Vault Lock").
			for _, r := range []struct {
				field string
				days  int
			}{{"DailyRetentionDays", p.DailyRetentionDays}, {"MonthlyRetentionDays", p.MonthlyRetentionDays}} {
				if r.days < min || r.days > max {
					fail("%s %d: outside the vault lock's %d-%d days, so its backup jobs would fail", r.field, r.days, min, max)
				}
			}
		}
	} else if p.LockMinRetentionDays != 0 || p.LockMaxRetentionDays != 0 {
		fail("LockMinRetentionDays %d, LockMaxRetentionDays %d: set Lock to use them", p.LockMinRetentionDays, p.LockMaxRetentionDays)
	}
	return errs
}
