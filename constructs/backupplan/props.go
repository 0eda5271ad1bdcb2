package backupplan

import (
	"errors"
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"

	"github.com/acme/landing-zone/constructs/backupplan/planspec"
	"github.com/acme/landing-zone/constructs/kmskey"
)

// Defaults of the fields whose zero value means "the default", and limits
// (planspec's).
const (
	DefaultDailyRetentionDays   = planspec.DefaultDailyRetentionDays
	DefaultMonthlyRetentionDays = planspec.DefaultMonthlyRetentionDays
	MinColdStorageDays          = planspec.MinColdStorageDays
	MaxLockDays                 = planspec.MaxLockDays
)

// Schedules and windows of the plan's rules.
const (
	// DailySchedule and MonthlySchedule are the default UTC cron
	// expressions: every day at 05:00, and the first of each month at 05:00.
	DailySchedule   = planspec.DefaultDailySchedule
	MonthlySchedule = planspec.DefaultMonthlySchedule
	// StartWindowMinutes is how long a job may wait to start; AWS Backup
	// wants at least 60 (API_BackupRuleInput StartWindowMinutes).
	StartWindowMinutes = 60
	// CompletionWindowMinutes is how long a started job may run.
	CompletionWindowMinutes = 480
)

// Tag is one resource tag.
type Tag = planspec.Tag

// Props configures a Plan. Name, SelectionTag and AdminPrincipalARNs make a
// vault encrypted with a key made for it, a policy denying recovery-point
// deletion, and a plan with daily and monthly rules over the tagged
// resources.
type Props struct {
	// Name names the vault, the plan, the role and the key alias: 2-40
	// letters, digits, hyphens and underscores.
	Name string
	// SelectionTag selects the resources to back up: those of
	// ResourceTypes that carry it. Required.
	SelectionTag Tag
	// ResourceTypes limits the selection to these types; default
	// DefaultResourceTypes. A tag alone would also select every other
	// opted-in type carrying it (S3 buckets, EC2 instances).
	ResourceTypes []string
	// AdminPrincipalARNs may change the vault's access policy and lock (the
	// deploying role); everyone else is denied. At least one.
	AdminPrincipalARNs []string
	// DailyRetentionDays keeps daily recovery points; default 35.
	DailyRetentionDays int
	// MonthlyRetentionDays keeps monthly recovery points; default 365.
	MonthlyRetentionDays int
	// DailySchedule and MonthlySchedule start the two rules: six-field
	// cron expressions in UTC; default DailySchedule and MonthlySchedule.
	DailySchedule, MonthlySchedule string
	// MonthlyColdStorageAfterDays moves monthly recovery points of the
	// resource types that support it to cold storage; 0 never. At least
	// MinColdStorageDays before MonthlyRetentionDays.
	MonthlyColdStorageAfterDays int
	// Lock adds a governance-mode vault lock (no changeable_for_days, so
	// principals with the permission can still remove it) with
	// LockMinRetentionDays and LockMaxRetentionDays.
	Lock                 bool
	LockMinRetentionDays int
	LockMaxRetentionDays int
	// DRVaultARN copies every recovery point to this vault (in the DR
	// region). Give it, or DRScope, or neither.
	DRVaultARN string
	// DRScope, a scope deploying to the DR region (a stack's region scope
	// with its aliased provider), makes the DR vault and its key there.
	DRScope constructs.Construct
	// Key encrypts the vault; nil makes one.
	Key *kmskey.Key
	// Production requires the vault lock and a DR copy.
	Production bool
	// Tags are added to the provider's default tags.
	Tags map[string]string
}

// Resource types of the selection (planspec's).
const (
	TypeAurora   = planspec.TypeAurora
	TypeDynamoDB = planspec.TypeDynamoDB
	TypeEFS      = planspec.TypeEFS
	TypeEBS      = planspec.TypeEBS
)

// DefaultResourceTypes are the stores the landing zone keeps data in
// (planspec.DefaultResourceTypes).
var DefaultResourceTypes = planspec.DefaultResourceTypes

// ResourceARNs are the selection's wildcard ARNs for types in partition
// (planspec.ResourceARNs).
func ResourceARNs(partition string, types []string) []string {
	return planspec.ResourceARNs(partition, types)
}

// Validate applies the defaults and reports every problem, one line each,
// naming the field and the value, in plain Go (planspec.Plan's rules).
func (p *Props) Validate(id string) error {
	s := planspec.Plan{
		Name:                        p.Name,
		SelectionTag:                p.SelectionTag,
		ResourceTypes:               p.ResourceTypes,
		AdminPrincipalARNs:          p.AdminPrincipalARNs,
		DailyRetentionDays:          p.DailyRetentionDays,
		MonthlyRetentionDays:        p.MonthlyRetentionDays,
		DailySchedule:               p.DailySchedule,
		MonthlySchedule:             p.MonthlySchedule,
		MonthlyColdStorageAfterDays: p.MonthlyColdStorageAfterDays,
		Lock:                        p.Lock,
		LockMinRetentionDays:        p.LockMinRetentionDays,
		LockMaxRetentionDays:        p.LockMaxRetentionDays,
		DRVaultARN:                  p.DRVaultARN,
		HasDRScope:                  p.DRScope != nil,
		Production:                  p.Production,
	}.WithDefaults()
	p.ResourceTypes, p.DailyRetentionDays, p.MonthlyRetentionDays = s.ResourceTypes, s.DailyRetentionDays, s.MonthlyRetentionDays
	p.DailySchedule, p.MonthlySchedule = s.DailySchedule, s.MonthlySchedule
	var errs []error
	for _, err := range s.Check() {
		errs = append(errs, fmt.Errorf("backupplan %s: %w", id, err))
	}
	return errors.Join(errs...)
}
