package ebsvolume

import (
	"strings"
	"testing"
)

func TestVolumeValidate(t *testing.T) {
	base := func() VolumeProps {
		return VolumeProps{Name: "acme-data", AvailabilityZone: "eu-west-1a", SizeGiB: 100}
	}
	cases := []struct {
		name string
		mod  func(*VolumeProps)
		want []string
	}{
		{"gp3 defaults", func(*VolumeProps) {}, nil},
		{"gp3 max", func(p *VolumeProps) { p.SizeGiB, p.IOPS, p.ThroughputMiBs = 16384, 16000, 1000 }, nil},
		{"io2", func(p *VolumeProps) { p.Type, p.SizeGiB, p.IOPS = TypeIO2, 64, 64000 }, nil},
		{"st1", func(p *VolumeProps) { p.Type, p.SizeGiB = TypeST1, 125 }, nil},
		{"sc1", func(p *VolumeProps) { p.Type, p.SizeGiB = TypeSC1, 16384 }, nil},
		{"bad type", func(p *VolumeProps) { p.Type = "gp2" }, []string{`Type "gp2"`}},
		{"no size", func(p *VolumeProps) { p.SizeGiB = 0 }, []string{"SizeGiB 0: gp3 volumes are 1-16384 GiB"}},
		{"gp3 too big", func(p *VolumeProps) { p.SizeGiB = 16385 }, []string{"SizeGiB 16385"}},
		{"gp3 iops range", func(p *VolumeProps) { p.IOPS = 2000 }, []string{"IOPS 2000: gp3 volumes take 3000-16000 IOPS"}},
		{"gp3 iops per GiB", func(p *VolumeProps) { p.SizeGiB, p.IOPS = 8, 5000 }, []string{"IOPS 5000: gp3 allows at most 500 IOPS per GiB, 4000 for SizeGiB 8"}},
		{"gp3 throughput range", func(p *VolumeProps) { p.ThroughputMiBs = 1001 }, []string{"ThroughputMiBs 1001: gp3 volumes take 125-1000 MiB/s"}},
		{"gp3 throughput per IOPS", func(p *VolumeProps) { p.ThroughputMiBs = 1000 }, []string{"ThroughputMiBs 1000: gp3 allows at most 0.25 MiB/s per IOPS, 750 for IOPS 3000"}},
		{"io2 needs iops", func(p *VolumeProps) { p.Type = TypeIO2 }, []string{"IOPS 0: io2 volumes take 100-256000 IOPS"}},
		{"io2 iops per GiB", func(p *VolumeProps) { p.Type, p.SizeGiB, p.IOPS = TypeIO2, 10, 20000 }, []string{"1000 IOPS per GiB"}},
		{"io2 throughput", func(p *VolumeProps) { p.Type, p.IOPS, p.ThroughputMiBs = TypeIO2, 1000, 200 }, []string{"ThroughputMiBs 200: only gp3"}},
		{"st1 small", func(p *VolumeProps) { p.Type = TypeST1 }, []string{"SizeGiB 100: st1 volumes are 125-16384 GiB"}},
		{"sc1 iops", func(p *VolumeProps) { p.Type, p.SizeGiB, p.IOPS = TypeSC1, 500, 100 }, []string{"IOPS 100: sc1 volumes take no provisioned IOPS"}},
		{"az and name", func(p *VolumeProps) { p.AvailabilityZone, p.Name = "eu-west-1", "" }, []string{`AvailabilityZone "eu-west-1"`, `Name ""`}},
		{"tag value only", func(p *VolumeProps) { p.SnapshotTag.Value = "daily" }, []string{`SnapshotTag: value "daily"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := base()
			c.mod(&p)
			checkErr(t, p.Validate("v"), c.want)
		})
	}
}

func TestSnapshotPolicyValidate(t *testing.T) {
	base := func() SnapshotPolicyProps {
		return SnapshotPolicyProps{Name: "acme-prod-data", TargetTag: Tag{"Snapshot", "daily"}}
	}
	const drKey = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	cases := []struct {
		name string
		mod  func(*SnapshotPolicyProps)
		want []string
	}{
		{"defaults", func(*SnapshotPolicyProps) {}, nil},
		{"dr", func(p *SnapshotPolicyProps) { p.DRRegion, p.DRKeyARN, p.DRKeepDays = "eu-central-1", drKey, 30 }, nil},
		{"no tag", func(p *SnapshotPolicyProps) { p.TargetTag = Tag{} }, []string{`TargetTag ""=""`}},
		{"bad time", func(p *SnapshotPolicyProps) { p.Time = "24:00" }, []string{`Time "24:00"`}},
		{"keep", func(p *SnapshotPolicyProps) { p.Keep = 1001 }, []string{"Keep 1001: keep 1-1000"}},
		{"dr half", func(p *SnapshotPolicyProps) { p.DRRegion = "eu-central-1" }, []string{"give both"}},
		{"dr home", func(p *SnapshotPolicyProps) {
			p.DRRegion, p.DRKeyARN = "eu-west-1", "arn:aws:kms:eu-west-1:123456789012:key/x"
		}, []string{`DRRegion "eu-west-1": the DR region must differ`}},
		{"dr unknown", func(p *SnapshotPolicyProps) { p.DRRegion, p.DRKeyARN = "mars-1", drKey }, []string{`DRRegion "mars-1"`, "must be in DRRegion"}},
		{"dr key not arn", func(p *SnapshotPolicyProps) { p.DRRegion, p.DRKeyARN = "eu-central-1", "alias/dr" }, []string{`DRKeyARN "alias/dr": not a KMS key ARN`}},
		{"dr key other region", func(p *SnapshotPolicyProps) {
			p.DRRegion, p.DRKeyARN = "us-east-1", drKey
		}, []string{`must be in DRRegion "us-east-1"`}},
		{"dr keep", func(p *SnapshotPolicyProps) { p.DRRegion, p.DRKeyARN, p.DRKeepDays = "eu-central-1", drKey, -1 }, []string{"DRKeepDays -1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := base()
			c.mod(&p)
			checkErr(t, p.Validate("s", "eu-west-1"), c.want)
		})
	}
}

func checkErr(t *testing.T, err error, want []string) {
	t.Helper()
	if len(want) == 0 {
		if err != nil {
			t.Fatalf("unexpected error: %v", err)
		}
		return
	}
	if err == nil {
		t.Fatalf("no error, want %q", want)
	}
	msg := err.Error()
	if n := len(strings.Split(msg, "\n")); n != len(want) {
		t.Errorf("%d lines, want %d: %s", n, len(want), msg)
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error %q lacks %q", msg, w)
		}
	}
}
