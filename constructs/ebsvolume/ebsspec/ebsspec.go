// Package ebsspec holds the rules for EBS volumes (types, sizes, IOPS and
// throughput) and for their daily snapshot policy (time, count, DR
// copies), with their defaults, as plain Go, so that the ebsvolume
// construct and the organization model check the same rules without
// loading the AWS provider.
package ebsspec

import (
	"cmp"
	"fmt"
	"github.com/acme/landing-zone/constructs/problem"
	"regexp"
	"strings"

	"github.com/acme/landing-zone/constructs/awsregion"
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

// Tag is one resource tag.
type Tag struct{ Key, Value string }

// Volume is a volume's plain settings: the ebsvolume.VolumeProps fields
// of the same names, documented there. Zero Type, and IOPS and
// ThroughputMiBs of gp3, take the defaults of WithDefaults.
type Volume struct {
	Name, AvailabilityZone string
	SizeGiB                int
	Type                   string
	IOPS, ThroughputMiBs   int
	SnapshotTag            Tag
}

// WithDefaults returns v with its zero fields set.
func (v Volume) WithDefaults() Volume {
	v.Type = cmp.Or(v.Type, DefaultType)
	if v.Type == TypeGP3 {
		v.IOPS = cmp.Or(v.IOPS, DefaultGP3IOPS)
		v.ThroughputMiBs = cmp.Or(v.ThroughputMiBs, DefaultGP3Throughput)
	}
	return v
}

var azPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d[a-z]$`)

// Check reports every problem of v (after WithDefaults), one error each,
// as "Field value: what is allowed", the field named as in Volume;
// callers prefix what they check.
func (v Volume) Check() problem.List {
	var bad problem.List
	if _, err := naming.Name(128, v.Name); err != nil {
		bad.Add("Name", v.Name, "%v", err)
	}
	if !azPattern.MatchString(v.AvailabilityZone) {
		bad.Add("AvailabilityZone", v.AvailabilityZone, "not an availability zone name such as eu-west-1a")
	}
	l, ok := typeLimits[v.Type]
	if !ok {
		bad.Add("Type", v.Type, "use %q, %q, %q or %q", TypeGP3, TypeIO2, TypeST1, TypeSC1)
		return bad
	}
	if v.SizeGiB < l.minSize || v.SizeGiB > l.maxSize {
		bad.Add("SizeGiB", v.SizeGiB, "%s volumes are %d-%d GiB", v.Type, l.minSize, l.maxSize)
	}
	switch {
	case l.maxIOPS == 0 && v.IOPS != 0:
		bad.Add("IOPS", v.IOPS, "%s volumes take no provisioned IOPS", v.Type)
	case l.maxIOPS != 0 && (v.IOPS < l.minIOPS || v.IOPS > l.maxIOPS):
		bad.Add("IOPS", v.IOPS, "%s volumes take %d-%d IOPS", v.Type, l.minIOPS, l.maxIOPS)
	case l.maxIOPS != 0 && v.SizeGiB > 0 && v.IOPS > l.iopsPerGiB*v.SizeGiB:
		bad.Add("IOPS", v.IOPS, "%s allows at most %d IOPS per GiB, %d for SizeGiB %d", v.Type, l.iopsPerGiB, l.iopsPerGiB*v.SizeGiB, v.SizeGiB)
	}
	switch {
	case l.maxThrough == 0 && v.ThroughputMiBs != 0:
		bad.Add("ThroughputMiBs", v.ThroughputMiBs, "only gp3 volumes take a throughput")
	case l.maxThrough != 0 && (v.ThroughputMiBs < l.minThrough || v.ThroughputMiBs > l.maxThrough):
		bad.Add("ThroughputMiBs", v.ThroughputMiBs, "gp3 volumes take %d-%d MiB/s", l.minThrough, l.maxThrough)
	case l.maxThrough != 0 && v.ThroughputMiBs*4 > v.IOPS:
		// 0.25 MiB/s per provisioned IOPS (EBS volume types page, gp3).
		bad.Add("ThroughputMiBs", v.ThroughputMiBs, "gp3 allows at most 0.25 MiB/s per IOPS, %d for IOPS %d", v.IOPS/4, v.IOPS)
	}
	if v.SnapshotTag.Key == "" && v.SnapshotTag.Value != "" {
		bad.Add("SnapshotTag", nil, "value %q without a key", v.SnapshotTag.Value)
	}
	return bad
}

// SnapshotPolicy is a snapshot policy's plain settings: the
// ebsvolume.SnapshotPolicyProps fields of the same names, documented
// there, and HasDRKey for its DRKey (a key made in the same stack). Zero
// Time, Keep and DRKeepDays take the defaults of WithDefaults.
type SnapshotPolicy struct {
	Name               string
	TargetTag          Tag
	Time               string
	Keep               int
	DRRegion, DRKeyARN string
	HasDRKey           bool
	DRKeepDays         int
}

// WithDefaults returns p with its zero fields set.
func (p SnapshotPolicy) WithDefaults() SnapshotPolicy {
	p.Time = cmp.Or(p.Time, DefaultSnapshotTime)
	p.Keep = cmp.Or(p.Keep, DefaultKeep)
	p.DRKeepDays = cmp.Or(p.DRKeepDays, p.Keep)
	return p
}

var timePattern = regexp.MustCompile(`^(0[0-9]|1[0-9]|2[0-3]):[0-5][0-9]$`)

// kmsKeyARN is the DLM API's CmkArn pattern (API_CrossRegionCopyRule).
var kmsKeyARN = regexp.MustCompile(`^arn:aws(-[a-z]{1,3}){0,2}:kms:([a-z]+-){2,3}\d:\d+:key/.+$`)

// Check reports every problem of p (after WithDefaults), one error each,
// as "Field value: what is allowed"; home is the policy's own region. It
// is CheckSchedule followed by CheckCopies.
func (p SnapshotPolicy) Check(home string) problem.List {
	return append(p.CheckSchedule(), p.CheckCopies(home)...)
}

// CheckSchedule checks the name, target tag, time and count.
func (p SnapshotPolicy) CheckSchedule() problem.List {
	var bad problem.List
	if _, err := naming.Name(64-len("-dlm"), p.Name); err != nil {
		bad.Add("Name", p.Name, "%v", err)
	}
	if p.TargetTag.Key == "" || p.TargetTag.Value == "" {
		bad.Add("TargetTag", problem.Raw(fmt.Sprintf("%q=%q", p.TargetTag.Key, p.TargetTag.Value)), "give a tag key and value selecting the volumes")
	}
	// The provider's pattern for create_rule.times
	// (internal/service/dlm/lifecycle_policy.go).
	if !timePattern.MatchString(p.Time) {
		bad.Add("Time", p.Time, "use HH:MM in UTC, such as 03:00")
	}
	if p.Keep < 1 || p.Keep > MaxKeep {
		bad.Add("Keep", p.Keep, "keep 1-%d snapshots", MaxKeep)
	}
	return bad
}

// CheckCopies checks the cross-region copies: DRRegion with DRKeyARN or
// a DR key, or none of them; home is the policy's own region.
func (p SnapshotPolicy) CheckCopies(home string) problem.List {
	var bad problem.List
	switch {
	case p.DRKeyARN != "" && p.HasDRKey:
		bad.Add("DRKeyARN", p.DRKeyARN, "give DRKeyARN or DRKey, not both")
	case p.DRRegion == "" && p.DRKeyARN == "" && !p.HasDRKey:
	case p.DRRegion == "" || (p.DRKeyARN == "" && !p.HasDRKey):
		bad.Add("DRRegion", problem.Raw(fmt.Sprintf("%q, DRKeyARN %q", p.DRRegion, p.DRKeyARN)), "give both (or DRRegion and DRKey) for cross-region copies, or neither")
	default:
		if _, err := awsregion.Lookup(p.DRRegion); err != nil {
			bad.Add("DRRegion", p.DRRegion, "%v", err)
		} else if p.DRRegion == home {
			bad.Add("DRRegion", p.DRRegion, "the DR region must differ from the policy's region")
		}
		if p.DRKeyARN != "" {
			if !kmsKeyARN.MatchString(p.DRKeyARN) {
				bad.Add("DRKeyARN", p.DRKeyARN, "not a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>)")
			} else if p.DRRegion != "" && regionOf(p.DRKeyARN) != p.DRRegion {
				bad.Add("DRKeyARN", p.DRKeyARN, "the key must be in DRRegion %q", p.DRRegion)
			}
		}
		if p.DRKeepDays < 1 {
			bad.Add("DRKeepDays", p.DRKeepDays, "keep DR copies at least one day")
		}
	}
	return bad
}

// regionOf is the region field of an ARN.
func regionOf(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) < 4 {
		return ""
	}
	return parts[3]
}
