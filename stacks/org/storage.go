package org

import (
	"cmp"
	"fmt"
	"github.com/acme/landing-zone/constructs/problem"
	"regexp"
	"slices"
	"strings"

	"github.com/acme/landing-zone/constructs/backupplan/planspec"
	"github.com/acme/landing-zone/constructs/ebsvolume/ebsspec"
	"github.com/acme/landing-zone/constructs/efsshare/efsspec"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/serverlessorders/orderspec"
	"github.com/acme/landing-zone/constructs/webapp/appenv"
)

// Images is the image pipeline of guide 3.3 on the web application's
// uploads bucket: images uploaded under Prefix are resized into a separate
// processed-images bucket. It needs the environment's web block.
type Images struct {
	// Prefix is the uploads bucket's key prefix that triggers processing;
	// default "uploads/", where the app tier writes.
	Prefix string `yaml:"prefix,omitempty"`
	// MaxWidth and MaxHeight bound the resized images, 1-10000 pixels;
	// default 1024 each.
	MaxWidth  int `yaml:"max_width,omitempty"`
	MaxHeight int `yaml:"max_height,omitempty"`
	// ReservedConcurrency reserves the function's concurrency; it needs
	// orders.lambda_concurrency_quota declared (as the order functions do).
	ReservedConcurrency int `yaml:"reserved_concurrency,omitempty"`
}

// DefaultImagesPrefix is where the web application's app tier writes uploads.
const DefaultImagesPrefix = "uploads/"

// ImagesBucketEnv names the processed-images bucket to the app tier, which
// may read it.
const ImagesBucketEnv = "IMAGES_BUCKET"

// Files is a shared EFS file system (guide 4.4) the web application's app
// tier mounts over TLS through an access point. It needs the web block.
type Files struct {
	// TransitionToIA is when unread files move to Infrequent Access, such
	// as AFTER_30_DAYS (the default); they move back on first access.
	TransitionToIA string `yaml:"transition_to_ia,omitempty"`
	// UID and GID are the POSIX identity of every request through the
	// access point; default 1000. Root (0) is refused.
	UID int `yaml:"uid,omitempty"`
	GID int `yaml:"gid,omitempty"`
	// RootPath is the access point's root directory, default /share, made
	// with Permissions (octal, default 0750).
	RootPath    string `yaml:"root_path,omitempty"`
	Permissions string `yaml:"permissions,omitempty"`
	// MountPath is where the app tier mounts it; default /mnt/share.
	MountPath string `yaml:"mount_path,omitempty"`
}

// DefaultMountPath is where the app tier mounts the file system.
const DefaultMountPath = appenv.DefaultMountPath

// Volume is an EBS volume (guide 4.3), encrypted with the account's EBS key
// and snapshotted by the environment's snapshot policy.
type Volume struct {
	// Name is the volume's Name tag, unique in the environment.
	Name string `yaml:"name"`
	// AvailabilityZone is the zone of the instance that attaches it, in
	// the environment's region, such as us-east-1a.
	AvailabilityZone string `yaml:"availability_zone"`
	// SizeGiB is the size within the type's range.
	SizeGiB int `yaml:"size_gib"`
	// Type is gp3 (default), io2, st1 or sc1.
	Type string `yaml:"type,omitempty"`
	// IOPS: gp3 3000-16000 (default 3000), io2 100-256000 (required), none
	// for st1 and sc1. ThroughputMiBs: gp3 only, 125-1000 (default 125).
	IOPS           int `yaml:"iops,omitempty"`
	ThroughputMiBs int `yaml:"throughput_mibs,omitempty"`
}

// Snapshots is the environment's Data Lifecycle Manager policy: daily
// snapshots of the volumes tagged for it (the model's volumes, and any an
// operator tags Snapshots=<org>-<env>), copied to dr_region when set.
type Snapshots struct {
	// Time is the daily start, HH:MM UTC; default 03:00.
	Time string `yaml:"time,omitempty"`
	// Keep is how many snapshots are kept, 1-1000; default 7 (14 in
	// production).
	Keep int `yaml:"keep,omitempty"`
	// DRKeepDays keeps the copies in dr_region; default Keep days.
	DRKeepDays int `yaml:"dr_keep_days,omitempty"`
}

// Secret is an application secret in Secrets Manager (guide 6.2), under its
// own key, rotated by the Go rotation function, readable by the app tier.
// Its value is never in the organization file or in Terraform state: the
// first rotation, at creation, stores a random 256-bit key, and every
// rotation replaces it with a new one. It suits keys this application
// issues and checks (partners' API keys, signing keys); a key issued by a
// third party needs the library's appsecret with a rotator.Service that
// asks the issuer (see the README).
type Secret struct {
	// Name is the secret's short name, such as partner-api-key; the
	// secret is <org>/<env>/<name>.
	Name        string `yaml:"name"`
	Description string `yaml:"description,omitempty"`
	// RotationDays rotates every n days, 1-1000 (default 30);
	// RotationSchedule instead is a rate() or cron() expression.
	RotationDays     int    `yaml:"rotation_days,omitempty"`
	RotationSchedule string `yaml:"rotation_schedule,omitempty"`
	// RecoveryWindowDays is how long a deleted secret can be restored,
	// 7-30; default 30.
	RecoveryWindowDays int `yaml:"recovery_window_days,omitempty"`
	// Env names the environment variable through which the app tier finds
	// the secret; default the name in upper case with underscores.
	Env string `yaml:"env,omitempty"`
}

// Backup is the environment's AWS Backup vault and plan: daily and monthly
// recovery points of its Aurora clusters, DynamoDB tables, EFS file
// systems and EBS volumes, in a vault under its own key that nobody may
// delete recovery points from, copied to dr_region when set. It is on
// unless Disabled; production requires the vault lock and dr_region.
type Backup struct {
	// Disabled builds no vault or plan; DisabledReason says why (required
	// with it, and refused in production).
	Disabled       bool   `yaml:"disabled,omitempty"`
	DisabledReason string `yaml:"disabled_reason,omitempty"`
	// DailyRetentionDays (default 35) and MonthlyRetentionDays (default
	// 365) keep the recovery points.
	DailyRetentionDays   int `yaml:"daily_retention_days,omitempty"`
	MonthlyRetentionDays int `yaml:"monthly_retention_days,omitempty"`
	// DailySchedule and MonthlySchedule start the rules: six-field cron
	// expressions in UTC; default daily at 05:00 and the 1st at 05:00.
	DailySchedule   string `yaml:"daily_schedule,omitempty"`
	MonthlySchedule string `yaml:"monthly_schedule,omitempty"`
	// MonthlyColdStorageAfterDays moves monthly points to cold storage (0:
	// never); they then stay at least 90 days more.
	MonthlyColdStorageAfterDays int `yaml:"monthly_cold_storage_after_days,omitempty"`
	// Lock is the vault lock in governance mode; production defaults to
	// 7-3650 days.
	Lock *VaultLock `yaml:"lock,omitempty"`
}

// VaultLock bounds the retention of every recovery point in the vault.
type VaultLock struct {
	MinRetentionDays int `yaml:"min_retention_days"`
	MaxRetentionDays int `yaml:"max_retention_days"`
}

// Production defaults of the vault lock.
const (
	DefaultLockMinDays = 7
	DefaultLockMaxDays = 3650
)

// SecretEnv is the environment variable naming the secret for the app tier.
func (s Secret) SecretEnv() string {
	if s.Env != "" {
		return s.Env
	}
	return strings.ToUpper(strings.NewReplacer("-", "_", ".", "_").Replace(s.Name))
}

// SnapshotTag is the tag the environment's snapshot policy selects volumes by.
func (e *Environment) SnapshotTag(orgName string) (key, value string) {
	return "Snapshots", naming.Join(orgName, e.Name)
}

// BackupTag is the tag the environment's backup plan selects resources by:
// every resource of the workload stack carries it (default tags), and the
// plan takes those of the four data types only.
func (e *Environment) BackupTag(orgName string) (key, value string) {
	return "BackupPlan", naming.Join(orgName, e.Name)
}

func (e *Environment) applyStorageDefaults() {
	if i := e.Images; i != nil && i.Prefix == "" {
		i.Prefix = DefaultImagesPrefix
	}
	if f := e.Files; f != nil && f.MountPath == "" {
		f.MountPath = DefaultMountPath
	}
	for i := range e.Volumes {
		if e.Volumes[i].Type == "" {
			e.Volumes[i].Type = ebsspec.DefaultType
		}
	}
	s := &e.Snapshots
	if s.Time == "" {
		s.Time = ebsspec.DefaultSnapshotTime
	}
	if s.Keep == 0 {
		s.Keep = ebsspec.DefaultKeep
		if e.Production {
			s.Keep = 14
		}
	}
	if s.DRKeepDays == 0 {
		s.DRKeepDays = s.Keep
	}
	for i := range e.Secrets {
		x := &e.Secrets[i]
		if x.RotationDays == 0 && x.RotationSchedule == "" {
			x.RotationDays = 30
		}
		if x.RecoveryWindowDays == 0 {
			x.RecoveryWindowDays = 30
		}
		x.Env = x.SecretEnv()
	}
	b := &e.Backup
	if b.Disabled {
		return
	}
	if b.DailyRetentionDays == 0 {
		b.DailyRetentionDays = planspec.DefaultDailyRetentionDays
	}
	if b.MonthlyRetentionDays == 0 {
		b.MonthlyRetentionDays = planspec.DefaultMonthlyRetentionDays
	}
	b.DailySchedule = cmp.Or(b.DailySchedule, planspec.DefaultDailySchedule)
	b.MonthlySchedule = cmp.Or(b.MonthlySchedule, planspec.DefaultMonthlySchedule)
	if b.Lock == nil && e.Production {
		b.Lock = &VaultLock{MinRetentionDays: DefaultLockMinDays, MaxRetentionDays: DefaultLockMaxDays}
	}
}

var secretShortRE = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,39}$`)

// addProblems files a spec package's problems under field: each under the
// file's name of its Go field (names), or, for a field the file does not
// have, under field itself as the construct prints it ("label: Field
// value: message").
func addProblems(c *collector, field, label string, ps problem.List, names map[string]string) {
	for _, p := range ps {
		if name, ok := names[p.Field]; ok {
			c.add(field+"."+name, p.Value, "%s", p.Msg)
			continue
		}
		c.add(field, nil, "%s: %s", label, p.Error())
	}
}

// validateStorage checks the environment's images, files, volumes,
// snapshots, secrets, backup and dr_region; field is the path of e.
func validateStorage(c *collector, field string, e Environment, orgName string, allowed []string) {
	if e.DRRegion != "" {
		switch {
		case !slices.Contains(allowed, e.DRRegion):
			c.add(field+".dr_region", e.DRRegion, "not in allowed_regions %q: the region deny would refuse the copies", allowed)
		case e.DRRegion == e.Region:
			c.add(field+".dr_region", e.DRRegion, "is the environment's own (home) region: a disaster that takes the region takes the copies too")
		}
	}
	if i := e.Images; i != nil {
		f := field + ".images"
		if e.Web == nil {
			c.add(f, nil, "needs the environment's web block: the pipeline is triggered by its uploads bucket")
		}
		if i.Prefix == "" || !strings.HasSuffix(i.Prefix, "/") || strings.HasPrefix(i.Prefix, "/") || strings.ContainsAny(i.Prefix, "*?") {
			c.add(f+".prefix", i.Prefix, `must be a key prefix like "uploads/": ending in "/", no leading "/" or wildcards`)
		}
		for _, d := range []struct {
			name string
			v    int
		}{{"max_width", i.MaxWidth}, {"max_height", i.MaxHeight}} {
			if d.v < 0 || d.v > 10000 {
				c.add(f+"."+d.name, d.v, "must be 1-10000 pixels (0: the default 1024)")
			}
		}
		quota := e.Orders.LambdaConcurrencyQuota
		switch {
		case i.ReservedConcurrency < 0:
			c.add(f+".reserved_concurrency", i.ReservedConcurrency, "must be positive, or 0 for no reservation")
		case i.ReservedConcurrency > 0 && quota <= 0:
			c.add(f+".reserved_concurrency", i.ReservedConcurrency, "a reservation needs orders.lambda_concurrency_quota declared: Lambda keeps %d unreserved", orderspec.MinUnreservedConcurrency)
		case i.ReservedConcurrency > 0 && i.ReservedConcurrency+max(0, e.Orders.ReservedConcurrency)*len(orderspec.Functions()) > quota-orderspec.MinUnreservedConcurrency:
			c.add(f+".reserved_concurrency", i.ReservedConcurrency, "with the order functions' reservations it leaves fewer than %d of the quota %d unreserved, which Lambda refuses", orderspec.MinUnreservedConcurrency, quota)
		}
	}
	if fl := e.Files; fl != nil {
		f := field + ".files"
		if e.Web == nil {
			c.add(f, nil, "needs the environment's web block: its app tier is the file system's only client")
		}
		s := efsspec.Settings{TransitionToIA: fl.TransitionToIA, UID: fl.UID, GID: fl.GID, RootPath: fl.RootPath, Permissions: fl.Permissions}
		addProblems(c, f, "efsshare files", s.WithDefaults().Check(), map[string]string{
			"TransitionToIA": "transition_to_ia", "UID": "uid", "GID": "gid", "RootPath": "root_path", "Permissions": "permissions",
		})
		if err := appenv.CheckMountPath(fl.MountPath); err != nil {
			c.add(f+".mount_path", fl.MountPath, "%v", err)
		}
	}
	seen := map[string]bool{}
	for i, v := range e.Volumes {
		f := fmt.Sprintf("%s.volumes[%d]", field, i)
		if seen[v.Name] {
			c.add(f+".name", v.Name, "used twice in the environment")
		}
		seen[v.Name] = true
		vs := ebsspec.Volume{Name: v.Name, AvailabilityZone: v.AvailabilityZone, SizeGiB: v.SizeGiB, Type: v.Type, IOPS: v.IOPS, ThroughputMiBs: v.ThroughputMiBs}
		addProblems(c, f, "ebsvolume "+v.Name, vs.WithDefaults().Check(), map[string]string{
			"Name": "name", "AvailabilityZone": "availability_zone", "SizeGiB": "size_gib", "Type": "type", "IOPS": "iops", "ThroughputMiBs": "throughput_mibs",
		})
		if v.AvailabilityZone != "" && !strings.HasPrefix(v.AvailabilityZone, e.Region) {
			c.add(f+".availability_zone", v.AvailabilityZone, "is not a zone of the environment's region %s", e.Region)
		}
	}
	sp := ebsspec.SnapshotPolicy{Name: naming.Join(orgName, e.Name), TargetTag: ebsspec.Tag{Key: "Snapshots", Value: "x"}, Time: e.Snapshots.Time, Keep: e.Snapshots.Keep, DRKeepDays: e.Snapshots.DRKeepDays}
	addProblems(c, field+".snapshots", "snapshotpolicy snapshots", sp.WithDefaults().Check(e.Region), map[string]string{"Time": "time", "Keep": "keep", "DRKeepDays": "dr_keep_days"})
	if e.Snapshots.DRKeepDays < 1 {
		c.add(field+".snapshots.dr_keep_days", e.Snapshots.DRKeepDays, "keep the DR copies at least one day")
	}
	seen = map[string]bool{}
	seenEnv := map[string]bool{}
	for i, s := range e.Secrets {
		f := fmt.Sprintf("%s.secrets[%d]", field, i)
		if !secretShortRE.MatchString(s.Name) {
			c.add(f+".name", s.Name, "must be 1-40 lowercase letters, digits and hyphens")
		} else if err := naming.CheckPrefix(naming.Join(orgName, e.Name, s.Name), 55); err != nil {
			c.add(f+".name", s.Name, "too long: the rotation function %s-rotation must fit in 64 characters", naming.Join(orgName, e.Name, s.Name))
		}
		if seen[s.Name] {
			c.add(f+".name", s.Name, "used twice in the environment")
		}
		seen[s.Name] = true
		if err := appenv.CheckSecretEnv(s.SecretEnv()); err != nil {
			c.add(f+".env", s.SecretEnv(), "%v", err)
		} else if e.Images != nil && s.SecretEnv() == ImagesBucketEnv {
			c.add(f+".env", s.SecretEnv(), "names the processed-images bucket for the app tier already")
		} else if seenEnv[s.SecretEnv()] {
			c.add(f+".env", s.SecretEnv(), "names another secret of the environment too")
		}
		seenEnv[s.SecretEnv()] = true
		if s.RecoveryWindowDays < 7 || s.RecoveryWindowDays > 30 {
			c.add(f+".recovery_window_days", s.RecoveryWindowDays, "must be 7-30")
		}
		switch {
		case s.RotationSchedule != "" && s.RotationDays != 0:
			c.add(f+".rotation_schedule", s.RotationSchedule, "set rotation_days or rotation_schedule, not both")
		case s.RotationSchedule == "" && (s.RotationDays < 1 || s.RotationDays > 1000):
			c.add(f+".rotation_days", s.RotationDays, "must be 1-1000")
		case s.RotationSchedule != "" && !rotationScheduleRE.MatchString(s.RotationSchedule):
			c.add(f+".rotation_schedule", s.RotationSchedule, "must be rate(N hours|days) or cron(...)")
		}
		if len(s.Description) > 2048 {
			c.add(f+".description", len(s.Description), "at most 2048 characters")
		}
	}
	if len(e.Secrets) > 0 && e.Web == nil {
		c.add(field+".secrets", nil, "needs the environment's web block: the app tier is the secrets' reader")
	}
	validateBackup(c, field, e)
}

var rotationScheduleRE = regexp.MustCompile(`^(rate\([0-9]+ (hour|hours|day|days)\)|cron\(.+\))$`)

func validateBackup(c *collector, field string, e Environment) {
	b := e.Backup
	f := field + ".backup"
	if b.Disabled {
		switch {
		case e.Production:
			c.add(f+".disabled", true, "production environments keep their backups")
		case strings.TrimSpace(b.DisabledReason) == "":
			c.add(f+".disabled_reason", nil, "say why the environment has no backups")
		}
		return
	}
	if e.Production && e.DRRegion == "" {
		c.add(field+".dr_region", nil, "production copies its backups to another region: name one of allowed_regions other than %s", e.Region)
	}
	p := planspec.Plan{
		DailyRetentionDays: b.DailyRetentionDays, MonthlyRetentionDays: b.MonthlyRetentionDays, MonthlyColdStorageAfterDays: b.MonthlyColdStorageAfterDays,
		DailySchedule: b.DailySchedule, MonthlySchedule: b.MonthlySchedule,
	}
	if b.Lock != nil {
		p.Lock, p.LockMinRetentionDays, p.LockMaxRetentionDays = true, b.Lock.MinRetentionDays, b.Lock.MaxRetentionDays
	}
	p = p.WithDefaults()
	addProblems(c, f, "backupplan backup", append(p.CheckSchedules(), p.CheckRetention()...), map[string]string{
		"DailySchedule": "daily_schedule", "MonthlySchedule": "monthly_schedule",
		"DailyRetentionDays": "daily_retention_days", "MonthlyRetentionDays": "monthly_retention_days",
		"MonthlyColdStorageAfterDays": "monthly_cold_storage_after_days",
		"LockMinRetentionDays":        "lock.min_retention_days", "LockMaxRetentionDays": "lock.max_retention_days",
	})
	if e.Production && b.Lock == nil {
		c.add(f+".lock", nil, "production vaults are locked")
	}
}
