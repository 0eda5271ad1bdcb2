package ebsvolume

import (
	"strings"
	"testing"

	"github.com/acme/landing-zone/constructs/internal/validationtest"

	"github.com/acme/landing-zone/constructs/kmskey"
)

// The rules are ebsspec's (its tests hold the cases); these check that
// Validate applies them with the construct's prefix, applies the defaults
// to the props, and adds the checks of the fields ebsspec does not see.

func TestVolumeValidate(t *testing.T) {
	p := VolumeProps{Name: "acme-data", AvailabilityZone: "eu-west-1a", SizeGiB: 100}
	validationtest.Lines(t, p.Validate("v"), "", nil)
	if p.Type != TypeGP3 || p.IOPS != DefaultGP3IOPS || p.ThroughputMiBs != DefaultGP3Throughput {
		t.Errorf("defaults not applied: %+v", p)
	}
	p = VolumeProps{Name: "acme-data", AvailabilityZone: "eu-west-1", SizeGiB: 100, Type: "gp2"}
	validationtest.Lines(t, p.Validate("v"), "ebsvolume v: ", []string{`ebsvolume v: AvailabilityZone "eu-west-1"`, `ebsvolume v: Type "gp2"`})
}

func TestSnapshotPolicyValidate(t *testing.T) {
	const drKey = "arn:aws:kms:eu-central-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	p := SnapshotPolicyProps{Name: "acme-prod-data", TargetTag: Tag{Key: "Snapshot", Value: "daily"}}
	validationtest.Lines(t, p.Validate("s", "eu-west-1"), "", nil)
	if p.Time != DefaultSnapshotTime || p.Keep != DefaultKeep || p.DRKeepDays != DefaultKeep {
		t.Errorf("defaults not applied: %+v", p)
	}
	p = SnapshotPolicyProps{Name: "acme-prod-data", Keep: 1001, VolumeKeys: []*kmskey.Key{nil}, DRRegion: "eu-central-1"}
	validationtest.Lines(t, p.Validate("s", "eu-west-1"), "snapshotpolicy s: ", []string{`snapshotpolicy s: TargetTag ""=""`, "snapshotpolicy s: Keep 1001", "snapshotpolicy s: VolumeKeys[0] is nil", "snapshotpolicy s: DRRegion \"eu-central-1\", DRKeyARN \"\": give both"})
	if lines := strings.Split(p.Validate("s", "eu-west-1").Error(), "\n"); !strings.HasPrefix(lines[2], "snapshotpolicy s: VolumeKeys[0]") {
		t.Errorf("VolumeKeys is checked between Keep and the DR fields: %q", lines)
	}
	p = SnapshotPolicyProps{Name: "acme-prod-data", TargetTag: Tag{Key: "a", Value: "b"}, DRRegion: "eu-central-1", DRKeyARN: drKey, DRKey: &kmskey.Key{}}
	validationtest.Lines(t, p.Validate("s", "eu-west-1"), "", []string{"DRKeyARN " + `"` + drKey + `"` + ": give DRKeyARN or DRKey, not both"})
	p = SnapshotPolicyProps{Name: "acme-prod-data", TargetTag: Tag{Key: "a", Value: "b"}, DRRegion: "eu-central-1", DRKey: &kmskey.Key{}}
	validationtest.Lines(t, p.Validate("s", "eu-west-1"), "", nil)
}
