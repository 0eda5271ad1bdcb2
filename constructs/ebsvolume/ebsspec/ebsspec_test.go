package ebsspec

import (
	"errors"
	"testing"

	"github.com/acme/landing-zone/constructs/internal/validationtest"
)

func TestVolumeCheck(t *testing.T) {
	base := func() Volume {
		return Volume{Name: "acme-data", AvailabilityZone: "eu-west-1a", SizeGiB: 100}
	}
	cases := []struct {
		name string
		mod  func(*Volume)
		want []string
	}{
		{"gp3 defaults", func(*Volume) {}, nil},
		{"gp3 max", func(p *Volume) { p.SizeGiB, p.IOPS, p.ThroughputMiBs = 16384, 16000, 1000 }, nil},
		{"io2", func(p *Volume) { p.Type, p.SizeGiB, p.IOPS = TypeIO2, 64, 64000 }, nil},
		{"st1", func(p *Volume) { p.Type, p.SizeGiB = TypeST1, 125 }, nil},
		{"sc1", func(p *Volume) { p.Type, p.SizeGiB = TypeSC1, 16384 }, nil},
		{"bad type", func(p *Volume) { p.Type = "gp2" }, []string{`Type "gp2"`}},
		{"no size", func(p *Volume) { p.SizeGiB = 0 }, []string{"SizeGiB 0: gp3 volumes are 1-16384 GiB"}},
		{"gp3 too big", func(p *Volume) { p.SizeGiB = 16385 }, []string{"SizeGiB 16385"}},
		{"gp3 iops range", func(p *Volume) { p.IOPS = 2000 }, []string{"IOPS 2000: gp3 volumes take 3000-16000 IOPS"}},
		{"gp3 iops per GiB", func(p *Volume) { p.SizeGiB, p.IOPS = 8, 5000 }, []string{"IOPS 5000: gp3 allows at most 500 IOPS per GiB, 4000 for SizeGiB 8"}},
		{"gp3 throughput range", func(p *Volume) { p.ThroughputMiBs = 1001 }, []string{"ThroughputMiBs 1001: gp3 volumes take 125-1000 MiB/s"}},
		{"gp3 throughput per IOPS", func(p *Volume) { p.ThroughputMiBs = 1000 }, []string{"ThroughputMiBs 1000: gp3 allows at most 0.25 MiB/s per IOPS, 750 for IOPS 3000"}},
		{"io2 needs iops", func(p *Volume) { p.Type = TypeIO2 }, []string{"IOPS 0: io2 volumes take 100-256000 IOPS"}},
		{"io2 iops per GiB", func(p *Volume) { p.Type, p.SizeGiB, p.IOPS = TypeIO2, 10, 20000 }, []string{"1000 IOPS per GiB"}},
		{"io2 throughput", func(p *Volume) { p.Type, p.IOPS, p.ThroughputMiBs = TypeIO2, 1000, 200 }, []string{"ThroughputMiBs 200: only gp3"}},
		{"st1 small", func(p *Volume) { p.Type = TypeST1 }, []string{"SizeGiB 100: st1 volumes are 125-16384 GiB"}},
		{"sc1 iops", func(p *Volume) { p.Type, p.SizeGiB, p.IOPS = TypeSC1, 500, 100 }, []string{"IOPS 100: sc1 volumes take no provisioned IOPS"}},
		{"az and name", func(p *Volume) { p.AvailabilityZone, p.Name = "eu-west-1", "" }, []string{`AvailabilityZone "eu-west-1"`, `Name ""`}},
		{"tag value only", func(p *Volume) { p.SnapshotTag.Value = "daily" }, []string{`SnapshotTag: value "daily"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := base()
			c.mod(&p)
			validationtest.Lines(t, errors.Join(p.WithDefaults().Check().Errors()...), "", c.want)
		})
	}
}

func TestSnapshotPolicyCheck(t *testing.T) {
	base := func() SnapshotPolicy {
		return SnapshotPolicy{Name: "acme-prod-data", TargetTag: Tag{Key: "Snapshot", Value: "daily"}}
	}
	const drKey = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	cases := []struct {
		name string
		mod  func(*SnapshotPolicy)
		want []string
	}{
		{"defaults", func(*SnapshotPolicy) {}, nil},
		{"dr", func(p *SnapshotPolicy) { p.DRRegion, p.DRKeyARN, p.DRKeepDays = "eu-central-1", drKey, 30 }, nil},
		{"no tag", func(p *SnapshotPolicy) { p.TargetTag = Tag{} }, []string{`TargetTag ""=""`}},
		{"bad time", func(p *SnapshotPolicy) { p.Time = "24:00" }, []string{`Time "24:00"`}},
		{"keep", func(p *SnapshotPolicy) { p.Keep = 1001 }, []string{"Keep 1001: keep 1-1000"}},
		{"dr half", func(p *SnapshotPolicy) { p.DRRegion = "eu-central-1" }, []string{"give both"}},
		{"dr home", func(p *SnapshotPolicy) {
			p.DRRegion, p.DRKeyARN = "eu-west-1", "arn:aws:kms:eu-west-1:123456789012:key/x"
		}, []string{`DRRegion "eu-west-1": the DR region must differ`}},
		{"dr unknown", func(p *SnapshotPolicy) { p.DRRegion, p.DRKeyARN = "mars-1", drKey }, []string{`DRRegion "mars-1"`, "must be in DRRegion"}},
		{"dr key not arn", func(p *SnapshotPolicy) { p.DRRegion, p.DRKeyARN = "eu-central-1", "alias/dr" }, []string{`DRKeyARN "alias/dr": not a KMS key ARN`}},
		{"dr key other region", func(p *SnapshotPolicy) {
			p.DRRegion, p.DRKeyARN = "us-east-1", drKey
		}, []string{`must be in DRRegion "us-east-1"`}},
		{"dr keep", func(p *SnapshotPolicy) { p.DRRegion, p.DRKeyARN, p.DRKeepDays = "eu-central-1", drKey, -1 }, []string{"DRKeepDays -1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := base()
			c.mod(&p)
			validationtest.Lines(t, errors.Join(p.WithDefaults().Check("eu-west-1").Errors()...), "", c.want)
		})
	}
}
