package test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/appsecret"
	"github.com/acme/landing-zone/constructs/imageprocessor"
	"github.com/acme/landing-zone/constructs/lambdapkg"
	"github.com/acme/landing-zone/stacks"
	"github.com/acme/landing-zone/stacks/org"
)

// TestWorkloadStorage checks issue 12's pieces in every workload stack of
// the example: the image pipeline, the snapshot policy, the rotated
// secret, the backup vault and plan (locked and copied to the DR region in
// production).
func TestWorkloadStorage(t *testing.T) {
	_, parsed := exampleOrg(t)
	o := org.Example()
	for _, e := range o.Environments {
		t.Run(e.Name, func(t *testing.T) {
			s := parsed[stacks.WorkloadStackName(e.Name)]
			require.NotNil(t, s)

			// Images: a function from a synth-built zip, triggered by the
			// uploads bucket under the prefix for each suffix, writing to
			// a bucket of its own.
			fn := s.resources("aws_lambda_function")["images"]
			require.NotNil(t, fn, "image function")
			assert.Regexp(t, `^assets/images-code/[0-9a-f]{64}/resize\.zip$`, fn["filename"])
			n := only(t, s, "aws_s3_bucket_notification")
			assert.Equal(t, "${aws_s3_bucket.web-uploads.id}", n["bucket"])
			var suffixes []string
			for _, c := range n["lambda_function"].([]any) {
				c := c.(map[string]any)
				assert.Equal(t, "uploads/", c["filter_prefix"])
				assert.Equal(t, "${aws_lambda_function.images.arn}", c["lambda_function_arn"])
				suffixes = append(suffixes, c["filter_suffix"].(string))
			}
			assert.Equal(t, imageprocessor.Suffixes, suffixes)
			env := fn["environment"].(map[string]any)["variables"].(map[string]any)
			processed := s.resources("aws_s3_bucket")["images-processed"]
			uploads := s.resources("aws_s3_bucket")["web-uploads"]
			require.NotNil(t, processed)
			require.NotNil(t, uploads)
			assert.Equal(t, processed["bucket"], env["DESTINATION_BUCKET"], "output goes to the processed bucket, never back")
			assert.NotEqual(t, uploads["bucket"], env["DESTINATION_BUCKET"])
			// The app tier may read the processed images, and learns
			// the bucket's name.
			var appPolicy string
			for name, p := range s.resources("aws_iam_role_policy") {
				if strings.HasPrefix(name, "web-app-role-policy") || name == "web-app-task-role-policy-web-app" {
					appPolicy += p["policy"].(string)
				}
			}
			assert.Contains(t, appPolicy, `"Action":["s3:GetObject","s3:GetObjectVersion"],"Resource":"arn:aws:s3:::`+processed["bucket"].(string)+`/*"`)
			perm := s.resources("aws_lambda_permission")["images-invoke-from-s3"]
			require.NotNil(t, perm)
			assert.Equal(t, "arn:aws:s3:::"+uploads["bucket"].(string), perm["source_arn"])
			assert.NotEmpty(t, perm["source_account"])

			// Snapshots: daily, tag-selected, no timestamp anywhere.
			dlm := only(t, s, "aws_dlm_lifecycle_policy")
			details := dlm["policy_details"].(map[string]any)
			key, value := e.SnapshotTag(o.Name)
			assert.Equal(t, map[string]any{key: value}, details["target_tags"])
			sched := details["schedule"].([]any)[0].(map[string]any)
			assert.Equal(t, []any{e.Snapshots.Time}, sched["create_rule"].(map[string]any)["times"])
			assert.Equal(t, float64(e.Snapshots.Keep), sched["retain_rule"].(map[string]any)["count"])
			assert.NotContains(t, dlm["description"], "timestamp")
			copies, hasCopy := sched["cross_region_copy_rule"].([]any)
			assert.Equal(t, e.DRRegion != "", hasCopy, "copies to the DR region exactly when it is set")
			if hasCopy {
				c := copies[0].(map[string]any)
				assert.Equal(t, e.DRRegion, c["target"])
				assert.Contains(t, c["cmk_arn"], e.DRRegion+"_baseline-ebs-key", "the DR region's EBS key")
			}
			for name, v := range s.resources("aws_ebs_volume") {
				assert.Equal(t, true, v["encrypted"], name)
				assert.Equal(t, "${aws_kms_key.baseline-ebs-key.arn}", v["kms_key_id"], name)
				assert.Equal(t, value, v["tags"].(map[string]any)[key], "%s is snapshotted", name)
			}
			assert.Len(t, s.resources("aws_ebs_volume"), len(e.Volumes))

			// Secrets: under their own key, rotated by the Go function,
			// and no value in the configuration.
			assert.Len(t, s.resources("aws_secretsmanager_secret"), len(e.Secrets))
			assert.Empty(t, s.resources("aws_secretsmanager_secret_version"), "no secret value in code or state")
			for name, sec := range s.resources("aws_secretsmanager_secret") {
				assert.True(t, strings.HasPrefix(sec["name"].(string), o.Name+"/"+e.Name+"/"), name)
				assert.Contains(t, sec["kms_key_id"], "aws_kms_key.", name)
			}
			rot := only(t, s, "aws_secretsmanager_secret_rotation")
			assert.Contains(t, rot["rotation_lambda_arn"], "-rotation.arn}")

			// Files: EFS under its key, TLS-only policy admitting the app
			// tier's role through the access point, a mount target per
			// private subnet that waits for the policy, NFS from the app
			// tier only, and the app tier mounting it.
			fs := only(t, s, "aws_efs_file_system")
			assert.Equal(t, true, fs["encrypted"])
			assert.Contains(t, fs["kms_key_id"], "aws_kms_key.")
			pol := only(t, s, "aws_efs_file_system_policy")["policy"].(string)
			assert.Contains(t, pol, `"aws:SecureTransport":"false"`)
			assert.Contains(t, pol, `"AWS":"${aws_iam_role.web-app-`)
			ap := only(t, s, "aws_efs_access_point")
			assert.Equal(t, "/share", ap["root_directory"].(map[string]any)["path"])
			assert.Len(t, s.resources("aws_efs_mount_target"), e.VPC.AZCount, "one mount target per private subnet")
			for name, mt := range s.resources("aws_efs_mount_target") {
				assert.Equal(t, []any{"aws_efs_file_system_policy.web-files-policy"}, mt["depends_on"], name)
			}
			in := s.resources("aws_vpc_security_group_ingress_rule")["web-files-ingress-0"]
			require.NotNil(t, in, "NFS ingress")
			assert.Equal(t, "${aws_security_group.tiers-app.id}", in["referenced_security_group_id"])
			assert.Equal(t, 2049.0, in["from_port"])
			for name, r := range s.resources("aws_vpc_security_group_ingress_rule") {
				if r["security_group_id"] == "${aws_security_group.web-files-sg.id}" {
					assert.Equal(t, "web-files-ingress-0", name, "nothing else reaches the mount targets")
				}
			}
			if e.Web.AppTier.Kind == org.AppTierFargate {
				td := only(t, s, "aws_ecs_task_definition")
				assert.Contains(t, fmt.Sprint(td["volume"]), "transit_encryption:ENABLED")
				assert.Contains(t, td["container_definitions"], `"containerPath":"`+e.Files.MountPath+`"`)
			} else {
				lt := s.resources("aws_launch_template")["web-app-template"]
				require.NotNil(t, lt)
				assert.Contains(t, lt["user_data"], "efs _netdev,tls,iam,accesspoint=${aws_efs_access_point.web-files-ap.id}")
			}

			// Backup: the vault under its key, a tag-and-type selection,
			// daily and monthly rules.
			bk, bv := e.BackupTag(o.Name)
			sel := only(t, s, "aws_backup_selection")
			assert.Equal(t, []any{map[string]any{"string_equals": []any{map[string]any{"key": "aws:ResourceTag/" + bk, "value": bv}}}}, sel["condition"])
			assert.Equal(t, bv, s["provider"].(map[string]any)["aws"].([]any)[0].(map[string]any)["default_tags"].([]any)[0].(map[string]any)["tags"].(map[string]any)[bk], "every resource of the stack carries the plan's tag")
			rules := only(t, s, "aws_backup_plan")["rule"].([]any)
			require.Len(t, rules, 2)
			vaults := s.resources("aws_backup_vault")
			locks := s.resources("aws_backup_vault_lock_configuration")
			if e.Production {
				assert.Len(t, vaults, 2, "the vault and its DR copy")
				assert.Len(t, locks, 2, "both locked")
				for _, r := range rules {
					assert.Contains(t, r.(map[string]any)["copy_action"].([]any)[0].(map[string]any)["destination_vault_arn"], e.DRRegion+"_backup-dr-vault")
				}
				for name, v := range vaults {
					if strings.Contains(name, "dr-vault") {
						assert.Equal(t, "aws."+e.DRRegion, v["provider"], "the DR vault is in the DR region")
					}
				}
			} else {
				assert.Len(t, vaults, 1)
				assert.Empty(t, locks)
				for _, r := range rules {
					assert.NotContains(t, r, "copy_action")
				}
			}
		})
	}
}

// TestStorageHandlersAreReproducible builds the image resizer and the
// secret rotator twice, with fresh builders and output directories, and
// expects the same bytes: the stacks' code hashes do not move between
// machines or runs.
func TestStorageHandlersAreReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	for _, pkg := range []string{imageprocessor.HandlerPackage, appsecret.RotatorPackage} {
		var sums []string
		for range 2 {
			a, err := (&lambdapkg.Builder{OutDir: t.TempDir()}).Build(pkg)
			require.NoError(t, err, pkg)
			sums = append(sums, a.SHA256)
		}
		assert.Equal(t, sums[0], sums[1], pkg)
	}
}

// TestStorageVariants checks the options the example leaves out, in the
// variant organization: backups off, an st1 volume, DR copies and a lock
// outside production, a reservation for the image function.
func TestStorageVariants(t *testing.T) {
	parsed := variantOrg(t)
	dev := parsed[stacks.WorkloadStackName("dev")]
	assert.Empty(t, dev.resources("aws_backup_vault"), "backup.disabled")
	assert.Empty(t, dev.resources("aws_backup_plan"))
	tg := dev["provider"].(map[string]any)["aws"].([]any)[0].(map[string]any)["default_tags"].([]any)[0].(map[string]any)["tags"].(map[string]any)
	assert.NotContains(t, tg, "BackupPlan", "no plan, no tag")
	v := only(t, dev, "aws_ebs_volume")
	assert.Equal(t, "st1", v["type"])
	assert.NotContains(t, v, "iops")
	assert.NotContains(t, v, "throughput")
	assert.NotContains(t, fmt.Sprint(only(t, dev, "aws_dlm_lifecycle_policy")["policy_details"]), "cross_region_copy_rule", "no dr_region")

	staging := parsed[stacks.WorkloadStackName("staging")]
	assert.Len(t, staging.resources("aws_backup_vault"), 2, "the DR vault outside production too")
	assert.Len(t, staging.resources("aws_backup_vault_lock_configuration"), 2)
	rules := only(t, staging, "aws_backup_plan")["rule"].([]any)
	for _, r := range rules {
		assert.NotEmpty(t, r.(map[string]any)["copy_action"])
	}
	assert.Equal(t, "cron(30 2 ? * * *)", rules[0].(map[string]any)["schedule"], "backup.daily_schedule")
	assert.Contains(t, fmt.Sprint(only(t, staging, "aws_dlm_lifecycle_policy")["policy_details"]), "target:us-west-2")
	assert.Equal(t, 5.0, staging.resources("aws_lambda_function")["images"]["reserved_concurrent_executions"])
}
