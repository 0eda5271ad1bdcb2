// Package ebsvolume provides EBS volumes (architecture guide 4.3) with typed,
// range-checked props, encrypted with a customer-managed key, and a Data
// Lifecycle Manager policy that snapshots volumes by tag every day at a set
// time, keeps a number of snapshots, copies the volumes' tags and, for
// disaster recovery, copies the snapshots to another region encrypted with
// a key there. Nothing here uses timestamp(): descriptions are fixed
// strings, so a second plan is clean.
package ebsvolume

import (
	"fmt"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dlmlifecyclepolicy"
	awsebs "github.com/cdktf/cdktf-provider-aws-go/aws/v19/ebsvolume"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/tags"
)

// Volume is the result of New.
type Volume struct {
	// ID and ARN are the volume's (tokens).
	ID, ARN *string
	// Key encrypts the volume and its snapshots.
	Key *kmskey.Key
}

// New validates props in plain Go, then builds the encrypted volume.
func New(scope constructs.Construct, id string, props VolumeProps) (*Volume, error) {
	p := props
	if err := p.Validate(id); err != nil {
		return nil, err
	}
	// EBS uses the key through grants it creates with the permissions of
	// the principal attaching or creating the volume, which the key's
	// account statement delegates to IAM (Amazon EBS User Guide, "How EBS
	// encryption works": CreateGrant, Decrypt, GenerateDataKeyWithoutPlaintext).
	key, err := kmskey.Use(scope, id+"-key", p.Key, kmskey.Props{
		Alias:       "ebs/" + p.Name,
		Description: "Encrypts EBS volume " + p.Name + " and its snapshots",
		Tags:        p.Tags,
	})
	if err != nil {
		return nil, fmt.Errorf("ebsvolume %s: %w", id, err)
	}
	t := map[string]string{"Name": p.Name}
	for k, v := range p.Tags {
		t[k] = v
	}
	if p.SnapshotTag.Key != "" {
		t[p.SnapshotTag.Key] = p.SnapshotTag.Value
	}
	cfg := &awsebs.EbsVolumeConfig{
		AvailabilityZone: jsii.String(p.AvailabilityZone),
		Size:             jsii.Number(p.SizeGiB),
		Type:             jsii.String(p.Type),
		// encrypted and kms_key_id are ForceNew (provider
		// internal/service/ec2/ebs_volume.go): fixed at creation.
		Encrypted: jsii.Bool(true),
		KmsKeyId:  key.ARN,
		Tags:      tags.Ptrs(t),
	}
	// iops only for gp3 and io2, throughput only for gp3: the provider's
	// CustomizeDiff refuses either on other types (ebs_volume.go).
	if p.IOPS != 0 {
		cfg.Iops = jsii.Number(p.IOPS)
	}
	if p.ThroughputMiBs != 0 {
		cfg.Throughput = jsii.Number(p.ThroughputMiBs)
	}
	v := awsebs.NewEbsVolume(scope, jsii.String(id), cfg)
	return &Volume{ID: v.Id(), ARN: v.Arn(), Key: key}, nil
}

// SnapshotPolicy is the result of NewSnapshotPolicy.
type SnapshotPolicy struct {
	// ARN is the DLM policy's ARN (token).
	ARN *string
	// Role is the role DLM runs the policy as.
	Role *iamrole.Role
}

// ManagedPolicy is the AWS managed policy DLM's default role carries for
// snapshot policies (Amazon Data Lifecycle Manager User Guide, "AWS managed
// policies for Amazon Data Lifecycle Manager": AWSDataLifecycleManagerServiceRole).
const ManagedPolicy = "service-role/AWSDataLifecycleManagerServiceRole"

// dlmKMSActions are what DLM's role needs on a customer-managed key to
// snapshot volumes encrypted with it and to copy snapshots encrypted with
// another key (Amazon Data Lifecycle Manager User Guide, "Permissions for
// encrypted snapshots / AWS KMS key access": Encrypt, Decrypt, ReEncrypt*,
// GenerateDataKey*, DescribeKey and CreateGrant for AWS resources only).
var dlmKMSActions = []string{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"}

// NewSnapshotPolicy validates props in plain Go, then builds the role and
// the DLM policy.
func NewSnapshotPolicy(scope constructs.Construct, id string, props SnapshotPolicyProps) (*SnapshotPolicy, error) {
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fmt.Errorf("snapshotpolicy %s: %w", id, err)
	}
	p := props
	if err := p.Validate(id, env.Region); err != nil {
		return nil, err
	}
	keyARNs := make([]string, 0, len(p.VolumeKeys)+1)
	for _, k := range p.VolumeKeys {
		keyARNs = append(keyARNs, *k.ARN)
	}
	drKeyARN := p.DRKeyARN
	if p.DRKey != nil {
		drKeyARN = *p.DRKey.ARN
	}
	if drKeyARN != "" {
		keyARNs = append(keyARNs, drKeyARN)
	}
	policies := map[string]iampolicy.Document{}
	if len(keyARNs) > 0 {
		// The keys' policies delegate to IAM (kmskey's account statement;
		// the DR key must have the same), so an identity policy suffices.
		policies["kms"] = iampolicy.Document{Statements: []iampolicy.Statement{
			{Sid: "UseVolumeKeys", Effect: iampolicy.Allow, Actions: dlmKMSActions, Resources: keyARNs},
			{
				Sid: "GrantToEBS", Effect: iampolicy.Allow, Actions: []string{"kms:CreateGrant"}, Resources: keyARNs,
				Conditions: []iampolicy.Condition{iampolicy.Cond("Bool", "kms:GrantIsForAWSResource", "true")},
			},
		}}
	}
	// DLM does not document aws:SourceAccount on its role's trust (the
	// default role AWSDataLifecycleManagerDefaultRole trusts
	// dlm.amazonaws.com unconditionally), so none is required here.
	role, err := iamrole.New(scope, id+"-role", iamrole.Props{
		Name:              p.Name + "-dlm",
		Description:       "Data Lifecycle Manager snapshots of " + p.Name,
		Trust:             iamrole.ServiceTrust(env.ServicePrincipal("dlm"), ""),
		Policies:          policies,
		ManagedPolicyARNs: []string{"arn:" + env.Partition + ":iam::aws:policy/" + ManagedPolicy},
		Tags:              p.Tags,
	})
	if err != nil {
		return nil, fmt.Errorf("snapshotpolicy %s: %w", id, err)
	}
	schedule := &dlmlifecyclepolicy.DlmLifecyclePolicyPolicyDetailsSchedule{
		// Schedule names allow [0-9A-Za-z _-] (API_Schedule): no colon.
		Name: jsii.String(fmt.Sprintf("daily-%s-keep-%d", strings.ReplaceAll(p.Time, ":", ""), p.Keep)),
		CreateRule: &dlmlifecyclepolicy.DlmLifecyclePolicyPolicyDetailsScheduleCreateRule{
			// interval 24 HOURS with one start time: daily at Time UTC
			// (API_CreateRule; times has at most one entry, provider MaxItems 1).
			Interval:     jsii.Number(24),
			IntervalUnit: jsii.String("HOURS"),
			Times:        jsii.Strings(p.Time),
		},
		RetainRule: &dlmlifecyclepolicy.DlmLifecyclePolicyPolicyDetailsScheduleRetainRule{Count: jsii.Number(p.Keep)},
		CopyTags:   jsii.Bool(true),
	}
	if p.DRRegion != "" {
		schedule.CrossRegionCopyRule = []*dlmlifecyclepolicy.DlmLifecyclePolicyPolicyDetailsScheduleCrossRegionCopyRule{{
			Target: jsii.String(p.DRRegion),
			// Copies of encrypted snapshots are encrypted anyway;
			// encrypted=true with cmk_arn re-encrypts them with the DR key
			// (API_CrossRegionCopyRule).
			Encrypted: jsii.Bool(true),
			CmkArn:    jsii.String(drKeyARN),
			CopyTags:  jsii.Bool(true),
			RetainRule: &dlmlifecyclepolicy.DlmLifecyclePolicyPolicyDetailsScheduleCrossRegionCopyRuleRetainRule{
				Interval: jsii.Number(p.DRKeepDays), IntervalUnit: jsii.String("DAYS"),
			},
		}}
	}
	pol := dlmlifecyclepolicy.NewDlmLifecyclePolicy(scope, jsii.String(id), &dlmlifecyclepolicy.DlmLifecyclePolicyConfig{
		// A fixed description: no timestamp(), no perpetual diff.
		Description:      jsii.String("Daily EBS snapshots of " + p.Name),
		ExecutionRoleArn: role.ARN,
		State:            jsii.String("ENABLED"),
		PolicyDetails: &dlmlifecyclepolicy.DlmLifecyclePolicyPolicyDetails{
			PolicyType:    jsii.String("EBS_SNAPSHOT_MANAGEMENT"),
			ResourceTypes: jsii.Strings("VOLUME"),
			TargetTags:    tags.Ptrs(map[string]string{p.TargetTag.Key: p.TargetTag.Value}),
			Schedule:      []*dlmlifecyclepolicy.DlmLifecyclePolicyPolicyDetailsSchedule{schedule},
		},
		Tags: tags.Ptrs(p.Tags),
		// The role's policies must exist before DLM first runs as it.
		DependsOn: role.Ready(),
	})
	return &SnapshotPolicy{ARN: pol.Arn(), Role: role}, nil
}
