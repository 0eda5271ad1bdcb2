package ebsvolume

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/acme/landing-zone/constructs/awsregion"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/naming"
)

// The volume types this package builds (Amazon EBS User Guide, "Amazon EBS
// volume types",
// https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html).
// gp2, io1 and standard are left out: gp3 is cheaper than gp2 at the same
// baseline, io2 Block Express supersedes io1, and standard is previous
// generation.
const (
	TypeGP3 = "gp3"
	TypeIO2 = "io2"
	TypeST1 = "st1"
	TypeSC1 = "sc1"
)

// Limits per type from the EBS volume types page (General Purpose SSD,
// Provisioned IOPS SSD, Throughput Optimized and Cold HDD tables). The gp3
// maxima are those the provider validates (throughput 125-1000 MiB/s,
// internal/service/ec2/ebs_volume.go), i.e. 16,000 IOPS and 16 TiB.
type limits struct {
	minSize, maxSize       int
	minIOPS, maxIOPS       int
	iopsPerGiB             int
	minThrough, maxThrough int
}

var typeLimits = map[string]limits{
	// gp3: 1 GiB-16 TiB, 3,000-16,000 IOPS, at most 500 IOPS per GiB,
	// 125-1,000 MiB/s and at most 0.25 MiB/s per provisioned IOPS.
	TypeGP3: {minSize: 1, maxSize: 16384, minIOPS: 3000, maxIOPS: 16000, iopsPerGiB: 500, minThrough: 125, maxThrough: 1000},
	// io2 Block Express: 4 GiB-64 TiB, 100-256,000 IOPS, at most 1,000
	// IOPS per GiB; throughput follows from IOPS and is not set.
	TypeIO2: {minSize: 4, maxSize: 65536, minIOPS: 100, maxIOPS: 256000, iopsPerGiB: 1000},
	// st1 and sc1: 125 GiB-16 TiB; IOPS and throughput are not settable
	// (the provider refuses iops on them: ebs_volume.go CustomizeDiff).
	TypeST1: {minSize: 125, maxSize: 16384},
	TypeSC1: {minSize: 125, maxSize: 16384},
}

// Defaults of the fields whose zero value means "the default".
const (
	// DefaultType is gp3.
	DefaultType = TypeGP3
	// DefaultGP3IOPS and DefaultGP3Throughput are gp3's included baseline.
	DefaultGP3IOPS       = 3000
	DefaultGP3Throughput = 125
	// DefaultSnapshotTime is when the daily snapshot starts (UTC, HH:MM).
	DefaultSnapshotTime = "03:00"
	// DefaultKeep is how many daily snapshots are kept.
	DefaultKeep = 7
	// MaxKeep is DLM's retain_rule count maximum (provider: IntBetween(1, 1000)).
	MaxKeep = 1000
)

// VolumeProps configures a Volume. Name, AvailabilityZone and SizeGiB make a
// secure gp3 volume at the baseline IOPS and throughput, encrypted with a
// key made for it.
type VolumeProps struct {
	// Name is the volume's Name tag and the key alias suffix.
	Name string
	// AvailabilityZone is where the volume lives (the instance's zone).
	AvailabilityZone string
	// SizeGiB is the size in GiB within the type's range.
	SizeGiB int
	// Type is TypeGP3 (default), TypeIO2, TypeST1 or TypeSC1.
	Type string
	// IOPS is provisioned IOPS: gp3 3,000-16,000 (default 3,000), io2
	// 100-256,000 (required); not settable on st1 and sc1.
	IOPS int
	// ThroughputMiBs is gp3's throughput, 125-1,000 MiB/s (default 125);
	// only gp3 takes it.
	ThroughputMiBs int
	// Key encrypts the volume and its snapshots; nil makes one.
	Key *kmskey.Key
	// SnapshotTag is the tag (key and value) the snapshot policy selects
	// volumes by; empty SnapshotTag.Key adds none.
	SnapshotTag Tag
	// Tags are added to the provider's default tags.
	Tags map[string]string
}

// Tag is one resource tag.
type Tag struct{ Key, Value string }

func (p *VolumeProps) defaults() {
	if p.Type == "" {
		p.Type = DefaultType
	}
	if p.Type == TypeGP3 {
		if p.IOPS == 0 {
			p.IOPS = DefaultGP3IOPS
		}
		if p.ThroughputMiBs == 0 {
			p.ThroughputMiBs = DefaultGP3Throughput
		}
	}
}

var azPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d[a-z]$`)

// Validate applies the defaults and reports every problem, one line each,
// naming the field and the value, in plain Go.
func (p *VolumeProps) Validate(id string) error {
	p.defaults()
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("ebsvolume %s: "+format, append([]any{id}, args...)...))
	}
	if _, err := naming.Name(128, p.Name); err != nil {
		fail("Name %q: %v", p.Name, err)
	}
	if !azPattern.MatchString(p.AvailabilityZone) {
		fail("AvailabilityZone %q: not an availability zone name such as eu-west-1a", p.AvailabilityZone)
	}
	l, ok := typeLimits[p.Type]
	if !ok {
		fail("Type %q: use %q, %q, %q or %q", p.Type, TypeGP3, TypeIO2, TypeST1, TypeSC1)
		return errors.Join(errs...)
	}
	if p.SizeGiB < l.minSize || p.SizeGiB > l.maxSize {
		fail("SizeGiB %d: %s volumes are %d-%d GiB", p.SizeGiB, p.Type, l.minSize, l.maxSize)
	}
	switch {
	case l.maxIOPS == 0 && p.IOPS != 0:
		fail("IOPS %d: %s volumes take no provisioned IOPS", p.IOPS, p.Type)
	case l.maxIOPS != 0 && (p.IOPS < l.minIOPS || p.IOPS > l.maxIOPS):
		fail("IOPS %d: %s volumes take %d-%d IOPS", p.IOPS, p.Type, l.minIOPS, l.maxIOPS)
	case l.maxIOPS != 0 && p.SizeGiB > 0 && p.IOPS > l.iopsPerGiB*p.SizeGiB:
		fail("IOPS %d: %s allows at most %d IOPS per GiB, %d for SizeGiB %d", p.IOPS, p.Type, l.iopsPerGiB, l.iopsPerGiB*p.SizeGiB, p.SizeGiB)
	}
	switch {
	case l.maxThrough == 0 && p.ThroughputMiBs != 0:
		fail("ThroughputMiBs %d: only gp3 volumes take a throughput", p.ThroughputMiBs)
	case l.maxThrough != 0 && (p.ThroughputMiBs < l.minThrough || p.ThroughputMiBs > l.maxThrough):
		fail("ThroughputMiBs %d: gp3 volumes take %d-%d MiB/s", p.ThroughputMiBs, l.minThrough, l.maxThrough)
	case l.maxThrough != 0 && p.ThroughputMiBs*4 > p.IOPS:
		// 0.25 MiB/s per provisioned IOPS (EBS volume types page, gp3).
		fail("ThroughputMiBs %d: gp3 allows at most 0.25 MiB/s per IOPS, %d for IOPS %d", p.ThroughputMiBs, p.IOPS/4, p.IOPS)
	}
	if p.SnapshotTag.Key == "" && p.SnapshotTag.Value != "" {
		fail("SnapshotTag: value %q without a key", p.SnapshotTag.Value)
	}
	return errors.Join(errs...)
}

// SnapshotPolicyProps configures a SnapshotPolicy: a Data Lifecycle Manager
// policy that snapshots the volumes carrying TargetTag daily at Time (UTC),
// keeps Keep of them, copies the volumes' tags to the snapshots and, with
// DRRegion and DRKeyARN, copies each snapshot to the DR region encrypted
// with that key.
type SnapshotPolicyProps struct {
	// Name names the policy's role and description.
	Name string
	// TargetTag selects the volumes; required (DLM targets by tag).
	TargetTag Tag
	// Time is the daily start time, "HH:MM" UTC; default DefaultSnapshotTime.
	Time string
	// Keep is how many snapshots are kept, 1-1000; default DefaultKeep.
	Keep int
	// VolumeKeys are the keys of the selected volumes: the policy's role
	// may use them to snapshot encrypted volumes.
	VolumeKeys []*kmskey.Key
	// DRRegion, with DRKeyARN, copies every snapshot to that region,
	// encrypted with the key DRKeyARN (a key in DRRegion), kept DRKeepDays.
	DRRegion string
	// DRKeyARN is the customer-managed key in DRRegion (plain ARN); or
	// DRKey, a key made in the same stack under DRRegion's provider.
	DRKeyARN string
	DRKey    *kmskey.Key
	// DRKeepDays is how long DR copies are kept; default Keep days.
	DRKeepDays int
	// Tags are added to the provider's default tags.
	Tags map[string]string
}

var timePattern = regexp.MustCompile(`^(0[0-9]|1[0-9]|2[0-3]):[0-5][0-9]$`)

// kmsKeyARN is the DLM API's CmkArn pattern (API_CrossRegionCopyRule).
var kmsKeyARN = regexp.MustCompile(`^arn:aws(-[a-z]{1,3}){0,2}:kms:([a-z]+-){2,3}\d:\d+:key/.+$`)

// Validate applies the defaults and reports every problem, one line each,
// naming the field and the value; home is the policy's own region.
func (p *SnapshotPolicyProps) Validate(id, home string) error {
	if p.Time == "" {
		p.Time = DefaultSnapshotTime
	}
	if p.Keep == 0 {
		p.Keep = DefaultKeep
	}
	if p.DRKeepDays == 0 {
		p.DRKeepDays = p.Keep
	}
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("snapshotpolicy %s: "+format, append([]any{id}, args...)...))
	}
	if _, err := naming.Name(64-len("-dlm"), p.Name); err != nil {
		fail("Name %q: %v", p.Name, err)
	}
	if p.TargetTag.Key == "" || p.TargetTag.Value == "" {
		fail("TargetTag %q=%q: give a tag key and value selecting the volumes", p.TargetTag.Key, p.TargetTag.Value)
	}
	// The provider's pattern for create_rule.times
	// (internal/service/dlm/lifecycle_policy.go).
	if !timePattern.MatchString(p.Time) {
		fail("Time %q: use HH:MM in UTC, such as 03:00", p.Time)
	}
	if p.Keep < 1 || p.Keep > MaxKeep {
		fail("Keep %d: keep 1-%d snapshots", p.Keep, MaxKeep)
	}
	for i, k := range p.VolumeKeys {
		if k == nil {
			fail("VolumeKeys[%d] is nil", i)
		}
	}
	switch {
	case p.DRKeyARN != "" && p.DRKey != nil:
		fail("DRKeyARN %q: give DRKeyARN or DRKey, not both", p.DRKeyARN)
	case p.DRRegion == "" && p.DRKeyARN == "" && p.DRKey == nil:
	case p.DRRegion == "" || (p.DRKeyARN == "" && p.DRKey == nil):
		fail("DRRegion %q, DRKeyARN %q: give both (or DRRegion and DRKey) for cross-region copies, or neither", p.DRRegion, p.DRKeyARN)
	default:
		if _, err := awsregion.Lookup(p.DRRegion); err != nil {
			fail("DRRegion %q: %v", p.DRRegion, err)
		} else if p.DRRegion == home {
			fail("DRRegion %q: the DR region must differ from the policy's region", p.DRRegion)
		}
		if p.DRKeyARN != "" {
			if !kmsKeyARN.MatchString(p.DRKeyARN) {
				fail("DRKeyARN %q: not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)", p.DRKeyARN)
			} else if p.DRRegion != "" && regionOf(p.DRKeyARN) != p.DRRegion {
				fail("DRKeyARN %q: the key must be in DRRegion %q", p.DRKeyARN, p.DRRegion)
			}
		}
		if p.DRKeepDays < 1 {
			fail("DRKeepDays %d: keep DR copies at least one day", p.DRKeepDays)
		}
	}
	return errors.Join(errs...)
}

// regionOf is the region field of an ARN.
func regionOf(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 4 {
		return ""
	}
	return parts[3]
}
