package stacks

import (
	"fmt"

	"github.com/acme/landing-zone/constructs/appsecret"
	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/backupplan"
	"github.com/acme/landing-zone/constructs/ebsvolume"
	"github.com/acme/landing-zone/constructs/imageprocessor"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/securebucket"
	"github.com/acme/landing-zone/stacks/org"
)

// storageHandlers are the image processor's and the rotation function's
// packages, for Prefetch when some environment uses them.
func storageHandlers(o *org.Organization) []string {
	var images, secrets bool
	for _, e := range o.Environments {
		images = images || e.Images != nil
		secrets = secrets || len(e.Secrets) > 0
	}
	var out []string
	if images {
		out = append(out, imageprocessor.HandlerPackage)
	}
	if secrets {
		out = append(out, appsecret.RotatorPackage)
	}
	return out
}

// workloadSecrets makes the environment's secrets, each under its own key
// with its rotation function. They are created empty: the first rotation
// stores the first value, so no value is in the file or in state.
func (b *builder) workloadSecrets(st *Stack, e *org.Environment) ([]*appsecret.Secret, error) {
	out := make([]*appsecret.Secret, 0, len(e.Secrets))
	for _, s := range e.Secrets {
		sec, err := appsecret.New(st.TF, "secret-"+s.Name, appsecret.Props{
			Name:        b.org.Name + "/" + e.Name + "/" + s.Name,
			Slug:        naming.Join(b.org.Name, e.Name, s.Name),
			Description: s.Description,
			// No OrganizationID: the policy denies every principal
			// outside the account, which is stricter than the
			// organization and all the app tier needs.
			RecoveryWindowDays: s.RecoveryWindowDays,
			RotationDays:       s.RotationDays,
			RotationSchedule:   s.RotationSchedule,
			LogRetentionDays:   e.Orders.LogRetentionDays,
			Builder:            b.lambdas,
		})
		if err != nil {
			return nil, fmt.Errorf("stack %s: secrets[%s]: %w", st.Name, s.Name, err)
		}
		out = append(out, sec)
	}
	return out, nil
}

// imagesBucket makes the image pipeline's processed-images bucket, before
// the web application, whose app tier may read it.
func (b *builder) imagesBucket(st *Stack, env awsenv.Env, e *org.Environment, logs *securebucket.Bucket) (*securebucket.Bucket, error) {
	if e.Images == nil {
		return nil, nil
	}
	name, err := naming.Bucket(b.org.Name, e.Name+"-images", env.AccountID, env.Region)
	if err != nil {
		return nil, fmt.Errorf("stack %s: images: %w", st.Name, err)
	}
	processed, err := securebucket.New(st.TF, "images-processed", securebucket.Props{
		Name: name, AccessLogs: securebucket.AccessLogs{Target: logs},
	})
	if err != nil {
		return nil, fmt.Errorf("stack %s: images: %w", st.Name, err)
	}
	return processed, nil
}

// workloadImages builds the image pipeline on the web application's
// uploads bucket, writing to the processed-images bucket.
func (b *builder) workloadImages(st *Stack, e *org.Environment, uploads, processed *securebucket.Bucket) error {
	i := e.Images
	if i == nil {
		return nil
	}
	fail := func(err error) error { return fmt.Errorf("stack %s: images: %w", st.Name, err) }
	if uploads == nil || processed == nil {
		return fail(fmt.Errorf("the web application's uploads bucket or the processed bucket is missing"))
	}
	if _, err := imageprocessor.New(st.TF, "images", imageprocessor.Props{
		Name:                naming.Join(b.org.Name, e.Name, "images"),
		Source:              uploads,
		Prefix:              i.Prefix,
		Destination:         processed,
		MaxWidth:            i.MaxWidth,
		MaxHeight:           i.MaxHeight,
		LogRetentionDays:    e.Orders.LogRetentionDays,
		ConcurrencyQuota:    e.Orders.LambdaConcurrencyQuota,
		ReservedConcurrency: i.ReservedConcurrency,
		Builder:             b.lambdas,
	}); err != nil {
		return fail(err)
	}
	return nil
}

// workloadVolumes makes the environment's EBS volumes under the account's
// EBS key of the region, and the snapshot policy over the volumes tagged
// for it, copying to the DR region under that region's EBS key.
func (b *builder) workloadVolumes(st *Stack, e *org.Environment) error {
	fail := func(err error) error { return fmt.Errorf("stack %s: %w", st.Name, err) }
	home := st.baselines[st.Region]
	if home == nil || home.EBSKey == nil {
		return fail(fmt.Errorf("volumes: the account baseline's EBS key of %s is missing", st.Region))
	}
	key, value := e.SnapshotTag(b.org.Name)
	for _, v := range e.Volumes {
		if _, err := ebsvolume.New(st.TF, "volume-"+v.Name, ebsvolume.VolumeProps{
			Name: naming.Join(b.org.Name, e.Name, v.Name), AvailabilityZone: v.AvailabilityZone, SizeGiB: v.SizeGiB,
			Type: v.Type, IOPS: v.IOPS, ThroughputMiBs: v.ThroughputMiBs, Key: home.EBSKey,
			SnapshotTag: ebsvolume.Tag{Key: key, Value: value},
		}); err != nil {
			return fail(err)
		}
	}
	props := ebsvolume.SnapshotPolicyProps{
		Name:      naming.Join(b.org.Name, e.Name, "snapshots"),
		TargetTag: ebsvolume.Tag{Key: key, Value: value},
		Time:      e.Snapshots.Time, Keep: e.Snapshots.Keep,
		VolumeKeys: []*kmskey.Key{home.EBSKey},
	}
	if e.DRRegion != "" {
		dr := st.baselines[e.DRRegion]
		if dr == nil || dr.EBSKey == nil {
			return fail(fmt.Errorf("snapshots: the account baseline's EBS key of the DR region %s is missing", e.DRRegion))
		}
		// The DR region's EBS key is a stack resource under the regional
		// provider: its ARN is a reference, known only after apply, and
		// DLM's cross_region_copy_rule takes it as cmk_arn.
		props.DRRegion, props.DRKeepDays = e.DRRegion, e.Snapshots.DRKeepDays
		props.DRKey = dr.EBSKey
	}
	if _, err := ebsvolume.NewSnapshotPolicy(st.TF, "snapshots", props); err != nil {
		return fail(err)
	}
	return nil
}

// workloadBackup builds the environment's backup vault and plan, with the
// DR vault in the DR region's scope, unless backup is disabled.
func (b *builder) workloadBackup(st *Stack, e *org.Environment) error {
	bk := e.Backup
	if bk.Disabled {
		return nil
	}
	fail := func(err error) error { return fmt.Errorf("stack %s: backup: %w", st.Name, err) }
	env, err := awsenv.New(st.Account.ID, st.Region)
	if err != nil {
		return fail(err)
	}
	key, value := e.BackupTag(b.org.Name)
	props := backupplan.Props{
		Name:         naming.Join(b.org.Name, e.Name),
		SelectionTag: backupplan.Tag{Key: key, Value: value},
		// The deploying role: the vault policy denies everyone else
		// changes to itself and the lock.
		AdminPrincipalARNs:          []string{fmt.Sprintf("arn:%s:iam::%s:role/%s", env.Partition, st.Account.ID, st.Account.RoleName)},
		DailyRetentionDays:          bk.DailyRetentionDays,
		MonthlyRetentionDays:        bk.MonthlyRetentionDays,
		DailySchedule:               bk.DailySchedule,
		MonthlySchedule:             bk.MonthlySchedule,
		MonthlyColdStorageAfterDays: bk.MonthlyColdStorageAfterDays,
		Production:                  e.Production,
	}
	if bk.Lock != nil {
		props.Lock, props.LockMinRetentionDays, props.LockMaxRetentionDays = true, bk.Lock.MinRetentionDays, bk.Lock.MaxRetentionDays
	}
	if e.DRRegion != "" {
		scope, _, err := b.inRegion(st, e.DRRegion)
		if err != nil {
			return fail(err)
		}
		props.DRScope = scope
	}
	if _, err := backupplan.New(st.TF, "backup", props); err != nil {
		return fail(err)
	}
	return nil
}
