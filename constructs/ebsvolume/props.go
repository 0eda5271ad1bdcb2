package ebsvolume

import (
	"errors"
	"fmt"

	"github.com/acme/landing-zone/constructs/ebsvolume/ebsspec"
	"github.com/acme/landing-zone/constructs/kmskey"
)

// The volume types this package builds (ebsspec's).
const (
	TypeGP3 = ebsspec.TypeGP3
	TypeIO2 = ebsspec.TypeIO2
	TypeST1 = ebsspec.TypeST1
	TypeSC1 = ebsspec.TypeSC1
)

// Defaults of the fields whose zero value means "the default", and the
// largest Keep (ebsspec's).
const (
	DefaultType          = ebsspec.DefaultType
	DefaultGP3IOPS       = ebsspec.DefaultGP3IOPS
	DefaultGP3Throughput = ebsspec.DefaultGP3Throughput
	DefaultSnapshotTime  = ebsspec.DefaultSnapshotTime
	DefaultKeep          = ebsspec.DefaultKeep
	MaxKeep              = ebsspec.MaxKeep
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
type Tag = ebsspec.Tag

// Validate applies the defaults and reports every problem, one line each,
// naming the field and the value, in plain Go (ebsspec.Volume's rules).
func (p *VolumeProps) Validate(id string) error {
	v := ebsspec.Volume{
		Name: p.Name, AvailabilityZone: p.AvailabilityZone, SizeGiB: p.SizeGiB, Type: p.Type,
		IOPS: p.IOPS, ThroughputMiBs: p.ThroughputMiBs, SnapshotTag: p.SnapshotTag,
	}.WithDefaults()
	p.Type, p.IOPS, p.ThroughputMiBs = v.Type, v.IOPS, v.ThroughputMiBs
	return joinAs("ebsvolume "+id, v.Check().Errors())
}

// joinAs joins errs into one error, a line each, prefixed with label.
func joinAs(label string, errs []error) error {
	out := make([]error, len(errs))
	for i, err := range errs {
		out[i] = fmt.Errorf("%s: %w", label, err)
	}
	return errors.Join(out...)
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

// Validate applies the defaults and reports every problem, one line each,
// naming the field and the value; home is the policy's own region
// (ebsspec.SnapshotPolicy's rules).
func (p *SnapshotPolicyProps) Validate(id, home string) error {
	s := ebsspec.SnapshotPolicy{
		Name: p.Name, TargetTag: p.TargetTag, Time: p.Time, Keep: p.Keep,
		DRRegion: p.DRRegion, DRKeyARN: p.DRKeyARN, HasDRKey: p.DRKey != nil, DRKeepDays: p.DRKeepDays,
	}.WithDefaults()
	p.Time, p.Keep, p.DRKeepDays = s.Time, s.Keep, s.DRKeepDays
	errs := s.CheckSchedule().Errors()
	for i, k := range p.VolumeKeys {
		if k == nil {
			errs = append(errs, fmt.Errorf("VolumeKeys[%d] is nil", i))
		}
	}
	return joinAs("snapshotpolicy "+id, append(errs, s.CheckCopies(home).Errors()...))
}
