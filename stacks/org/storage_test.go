package org

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

func TestStorageExample(t *testing.T) {
	o := Example()
	require.NoError(t, o.Validate("example"))
	for _, e := range o.Environments {
		require.NotNil(t, e.Images, e.Name)
		require.NotNil(t, e.Files, e.Name)
		require.NotEmpty(t, e.Secrets, e.Name)
		assert.False(t, e.Backup.Disabled, e.Name)
		assert.Equal(t, DefaultImagesPrefix, e.Images.Prefix)
		assert.Equal(t, DefaultMountPath, e.Files.MountPath)
		assert.Equal(t, "PARTNER_API_KEY", e.Secrets[0].Env)
	}
	prod, _ := o.Environment("prod")
	assert.Equal(t, "us-west-2", prod.DRRegion)
	assert.Equal(t, &VaultLock{MinRetentionDays: DefaultLockMinDays, MaxRetentionDays: DefaultLockMaxDays}, prod.Backup.Lock, "production vaults are locked by default")
	assert.Equal(t, 14, prod.Snapshots.Keep)
	dev, _ := o.Environment("dev")
	assert.Nil(t, dev.Backup.Lock)
	assert.Equal(t, 7, dev.Snapshots.Keep)
	assert.Equal(t, "03:00", dev.Snapshots.Time)
	k, v := prod.BackupTag(o.Name)
	assert.Equal(t, []string{"BackupPlan", "acme-prod"}, []string{k, v})
}

// TestStorageRejects changes one field of the example per case; each
// problem is one line naming the field and the value.
func TestStorageRejects(t *testing.T) {
	prod := func(o *Organization) *Environment { return &o.Environments[2] }
	dev := func(o *Organization) *Environment { return &o.Environments[0] }
	tests := []rejectCase{
		{"dr region not allowed", func(o *Organization) { prod(o).DRRegion = "eu-west-1" }, `environments[prod].dr_region "eu-west-1": not in allowed_regions`},
		{"dr region is home", func(o *Organization) { prod(o).DRRegion = "us-east-1" }, `environments[prod].dr_region "us-east-1": is the environment's own (home) region`},
		{"production without dr", func(o *Organization) { prod(o).DRRegion = "" }, `environments[prod].dr_region: production copies its backups to another region`},
		{"images without web", func(o *Organization) { dev(o).Web = nil }, `environments[dev].images: needs the environment's web block`},
		{"images prefix", func(o *Organization) { dev(o).Images.Prefix = "/uploads" }, `environments[dev].images.prefix "/uploads": must be a key prefix`},
		{"images width", func(o *Organization) { dev(o).Images.MaxWidth = 20000 }, `environments[dev].images.max_width 20000: must be 1-10000 pixels`},
		{"images reservation without quota", func(o *Organization) { dev(o).Images.ReservedConcurrency = 5 }, `environments[dev].images.reserved_concurrency 5: a reservation needs orders.lambda_concurrency_quota declared`},
		{"images reservation over quota", func(o *Organization) {
			dev(o).Orders.LambdaConcurrencyQuota = 150
			dev(o).Images.ReservedConcurrency = 60
		}, `environments[dev].images.reserved_concurrency 60: with the order functions' reservations it leaves fewer than 100 of the quota 150 unreserved`},
		{"files without web", func(o *Organization) { dev(o).Web, dev(o).Images, dev(o).Secrets = nil, nil, nil }, `environments[dev].files: needs the environment's web block`},
		{"files transition", func(o *Organization) { dev(o).Files.TransitionToIA = "AFTER_2_DAYS" }, `environments[dev].files.transition_to_ia "AFTER_2_DAYS": use one of`},
		{"files root uid", func(o *Organization) { dev(o).Files.UID = -1 }, `environments[dev].files.uid`},
		{"files root path", func(o *Organization) { dev(o).Files.RootPath = "share" }, `environments[dev].files.root_path "share"`},
		{"files permissions", func(o *Organization) { dev(o).Files.Permissions = "999" }, `environments[dev].files.permissions "999"`},
		{"files mount path", func(o *Organization) { dev(o).Files.MountPath = "/mnt/my share" }, `environments[dev].files.mount_path "/mnt/my share": an absolute path below /`},
		{"files mount path in tmp", func(o *Organization) { dev(o).Files.MountPath = "/tmp/share" }, `environments[dev].files.mount_path "/tmp/share": /tmp is the tasks' scratch volume`},
		{"secret env of the images bucket", func(o *Organization) { dev(o).Secrets[0].Env = ImagesBucketEnv }, `environments[dev].secrets[0].env "IMAGES_BUCKET": names the processed-images bucket`},
		{"secret env reserved", func(o *Organization) { dev(o).Secrets[0].Env = "SHARE_PATH" }, `environments[dev].secrets[0].env "SHARE_PATH": the composer sets`},
		{"secret env twice", func(o *Organization) {
			dev(o).Secrets = append(dev(o).Secrets, Secret{Name: "other", Env: "PARTNER_API_KEY", RotationDays: 30, RecoveryWindowDays: 30})
		}, `environments[dev].secrets[1].env "PARTNER_API_KEY": names another secret of the environment too`},
		{"volume size", func(o *Organization) { prod(o).Volumes[0].SizeGiB = 0 }, `environments[prod].volumes[0].size_gib 0: gp3 volumes are 1-16384 GiB`},
		{"volume type", func(o *Organization) { prod(o).Volumes[0].Type = "gp2" }, `environments[prod].volumes[0].type "gp2": use`},
		{"volume iops on st1", func(o *Organization) {
			prod(o).Volumes[0] = Volume{Name: "logs", AvailabilityZone: "us-east-1a", SizeGiB: 500, Type: "st1", IOPS: 3000}
		}, `environments[prod].volumes[0].iops 3000: st1 volumes take no provisioned IOPS`},
		{"volume io2 without iops", func(o *Organization) { prod(o).Volumes[0].Type = "io2" }, `environments[prod].volumes[0].iops 0: io2 volumes take 100-256000 IOPS`},
		{"volume throughput over iops", func(o *Organization) { prod(o).Volumes[0].ThroughputMiBs = 1000 }, `environments[prod].volumes[0].throughput_mibs 1000: gp3 allows at most 0.25 MiB/s per IOPS, 750 for IOPS 3000`},
		{"volume zone", func(o *Organization) { prod(o).Volumes[0].AvailabilityZone = "us-west-2a" }, `environments[prod].volumes[0].availability_zone "us-west-2a": is not a zone of the environment's region us-east-1`},
		{"volume name twice", func(o *Organization) { prod(o).Volumes = append(prod(o).Volumes, prod(o).Volumes[0]) }, `environments[prod].volumes[1].name "reports": used twice in the environment`},
		{"snapshot time", func(o *Organization) { prod(o).Snapshots.Time = "3am" }, `environments[prod].snapshots.time "3am": use HH:MM in UTC`},
		{"snapshot keep", func(o *Organization) { prod(o).Snapshots.Keep = 5000 }, `environments[prod].snapshots.keep 5000: keep 1-1000 snapshots`},
		{"snapshot dr keep", func(o *Organization) { prod(o).Snapshots.DRKeepDays = -1 }, `environments[prod].snapshots.dr_keep_days -1: keep the DR copies at least one day`},
		{"secret name", func(o *Organization) { dev(o).Secrets[0].Name = "Payments Key" }, `environments[dev].secrets[0].name "Payments Key": must be 1-40 lowercase letters`},
		{"secret name twice", func(o *Organization) { dev(o).Secrets = append(dev(o).Secrets, dev(o).Secrets[0]) }, `environments[dev].secrets[1].name "partner-api-key": used twice`},
		{"secret env", func(o *Organization) { dev(o).Secrets[0].Env = "payments-key" }, `environments[dev].secrets[0].env "payments-key": an environment variable name`},
		{"secret rotation days", func(o *Organization) { dev(o).Secrets[0].RotationDays = 2000 }, `environments[dev].secrets[0].rotation_days 2000: must be 1-1000`},
		{"secret rotation both", func(o *Organization) { dev(o).Secrets[0].RotationSchedule = "rate(7 days)" }, `environments[dev].secrets[0].rotation_schedule "rate(7 days)": set rotation_days or rotation_schedule, not both`},
		{"secret schedule", func(o *Organization) { o.Environments[1].Secrets[0].RotationSchedule = "weekly" }, `environments[staging].secrets[0].rotation_schedule "weekly": must be rate(N hours|days) or cron(...)`},
		{"secret recovery window", func(o *Organization) { dev(o).Secrets[0].RecoveryWindowDays = 3 }, `environments[dev].secrets[0].recovery_window_days 3: must be 7-30`},
		{"backup off in production", func(o *Organization) { prod(o).Backup.Disabled = true }, `environments[prod].backup.disabled true: production environments keep their backups`},
		{"backup off without reason", func(o *Organization) { dev(o).Backup = Backup{Disabled: true} }, `environments[dev].backup.disabled_reason: say why`},
		{"backup schedule", func(o *Organization) { dev(o).Backup.DailySchedule = "rate(1 day)" }, `environments[dev].backup.daily_schedule "rate(1 day)": a cron expression with six fields in UTC`},
		{"backup monthly schedule", func(o *Organization) { dev(o).Backup.MonthlySchedule = "cron(0 5 1 * ?)" }, `environments[dev].backup.monthly_schedule "cron(0 5 1 * ?)": a cron expression with six fields`},
		{"backup retention", func(o *Organization) { dev(o).Backup.DailyRetentionDays = -3 }, `environments[dev].backup.daily_retention_days -3: keep daily points at least 1 day`},
		{"backup cold storage", func(o *Organization) { prod(o).Backup.MonthlyColdStorageAfterDays = 300 }, `environments[prod].backup.monthly_cold_storage_after_days 300: cold storage lasts at least 90 days, so MonthlyRetentionDays 365 must be at least 390`},
		{"backup lock range", func(o *Organization) { prod(o).Backup.Lock = &VaultLock{MinRetentionDays: 60, MaxRetentionDays: 3650} }, `environments[prod].backup.daily_retention_days 35: outside the vault lock's 60-3650 days`},
		{"backup lock max", func(o *Organization) { prod(o).Backup.Lock = &VaultLock{MinRetentionDays: 7, MaxRetentionDays: 40000} }, `environments[prod].backup.lock.max_retention_days 40000`},
	}
	rejects(t, tests)
}

func TestStorageFile(t *testing.T) {
	data, err := yaml.Marshal(Example())
	require.NoError(t, err)
	// The example's prod lock, changed.
	doc := strings.Replace(string(data), "min_retention_days: 7\n            max_retention_days: 3650", "min_retention_days: 1\n            max_retention_days: 400", 1)
	require.NotEqual(t, string(data), doc)
	o, err := Parse("org.yaml", []byte(doc))
	require.NoError(t, err)
	prod, _ := o.Environment("prod")
	assert.Equal(t, &VaultLock{MinRetentionDays: 1, MaxRetentionDays: 400}, prod.Backup.Lock)
	_, err = Parse("org.yaml", []byte(strings.Replace(doc, "max_retention_days: 400", "max_retention: 400", 1)))
	require.Error(t, err, "unknown fields are refused")
}
