package netplan

import (
	"net/netip"
	"strings"
	"testing"
)

func TestSegmentReachability(t *testing.T) {
	tests := []struct {
		from, to Segment
		want     bool
	}{
		{Prod, Prod, true},
		{Prod, NonProd, false},
		{Prod, Shared, true},
		{NonProd, Prod, false},
		{NonProd, NonProd, true},
		{NonProd, Shared, true},
		{Shared, Prod, true},
		{Shared, NonProd, true},
		{Shared, Shared, true},
	}
	for _, tt := range tests {
		if got := tt.from.Reaches(tt.to); got != tt.want {
			t.Errorf("%s reaches %s = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
	// Routing is symmetric: a one-way route would only black-hole replies.
	for _, a := range Segments {
		for _, b := range Segments {
			if a.Reaches(b) != b.Reaches(a) {
				t.Errorf("%s and %s reach each other asymmetrically", a, b)
			}
		}
	}
}

func TestParseSegment(t *testing.T) {
	if s, err := ParseSegment("nonprod"); err != nil || s != NonProd {
		t.Errorf("nonprod: %v %v", s, err)
	}
	if _, err := ParseSegment("staging"); err == nil || !strings.Contains(err.Error(), `segment "staging": must be one of ["prod" "nonprod" "shared"]`) {
		t.Errorf("staging: %v", err)
	}
}

func TestCheckASN(t *testing.T) {
	for asn, ok := range map[int64]bool{64512: true, 65534: true, 65535: false, 64511: false, 4200000000: true, 4294967294: true, 4294967295: false, 0: false, 16509: false} {
		if err := CheckASN(asn); (err == nil) != ok {
			t.Errorf("ASN %d: %v", asn, err)
		}
	}
}

func TestServices(t *testing.T) {
	tests := []struct {
		s      Service
		prefix string
		ok     bool
	}{
		{ECRAPI, "ecr", true},
		{ECRDocker, "ecr", true},
		{Monitoring, "cloudwatch", true},
		{SecretsManager, "secretsmanager", true},
		{GatewayS3, "s3", false},
		{"sagemaker.runtime.fips", "", false},
	}
	for _, tt := range tests {
		if err := tt.s.CheckInterface(); (err == nil) != tt.ok {
			t.Errorf("%s: CheckInterface = %v", tt.s, err)
		}
		if got := tt.s.IAMPrefix(); got != tt.prefix {
			t.Errorf("%s: IAMPrefix = %q, want %q", tt.s, got, tt.prefix)
		}
	}
	if got := KMS.EndpointName("eu-west-1"); got != "com.amazonaws.eu-west-1.kms" {
		t.Errorf("EndpointName = %s", got)
	}
	for _, s := range InterfaceServices() {
		if s.IAMPrefix() == "" {
			t.Errorf("%s has no IAM prefix", s)
		}
	}
}

func TestCheckOverlaps(t *testing.T) {
	nets := []Network{
		{"dev", netip.MustParsePrefix("10.10.0.0/16")},
		{"prod", netip.MustParsePrefix("10.30.0.0/16")},
	}
	if err := CheckOverlaps(nets); err != nil {
		t.Fatal(err)
	}
	nets = append(nets, Network{"staging", netip.MustParsePrefix("10.30.128.0/20")})
	err := CheckOverlaps(nets)
	if err == nil || err.Error() != "staging 10.30.128.0/20 overlaps prod 10.30.0.0/16: networks joined by a Transit Gateway or peering need distinct ranges" {
		t.Errorf("got %v", err)
	}
}

func TestCheckRoutes(t *testing.T) {
	vpc := netip.MustParsePrefix("10.30.0.0/16")
	tests := []struct {
		dests []string
		want  string
	}{
		{[]string{"10.0.0.0/8"}, ""},
		{[]string{"172.16.0.0/12", "192.168.0.0/16"}, ""},
		{[]string{"10.30.0.0/16"}, "route 10.30.0.0/16: lies within the VPC's own range 10.30.0.0/16"},
		{[]string{"10.30.4.0/24"}, "route 10.30.4.0/24: lies within the VPC's own range"},
		{[]string{"10.0.0.0/8", "10.0.0.0/8"}, "route 10.0.0.0/8 listed twice"},
		{[]string{"10.0.0.0/8", "10.40.0.0/16"}, "routes 10.0.0.0/8 and 10.40.0.0/16 overlap"},
	}
	for _, tt := range tests {
		err := CheckRoutes(vpc, prefixes(tt.dests...))
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%v: %v", tt.dests, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%v: got %v, want %q", tt.dests, err, tt.want)
		}
	}
}

func TestCovering(t *testing.T) {
	got := Covering(prefixes("10.10.0.0/16", "10.30.0.0/16", "192.168.4.0/24"))
	if want := prefixes("10.0.0.0/8", "192.168.0.0/16"); !equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if !IsPrivate(netip.MustParsePrefix("100.64.8.0/22")) || IsPrivate(netip.MustParsePrefix("8.8.0.0/16")) || IsPrivate(netip.MustParsePrefix("10.0.0.0/7")) {
		t.Error("IsPrivate")
	}
}

func TestReachable(t *testing.T) {
	nets := []SegmentNetwork{
		{Network{"dev", netip.MustParsePrefix("10.10.0.0/16")}, NonProd},
		{Network{"staging", netip.MustParsePrefix("10.20.0.0/16")}, NonProd},
		{Network{"prod", netip.MustParsePrefix("10.30.0.0/16")}, Prod},
		{Network{"tools", netip.MustParsePrefix("10.40.0.0/16")}, Shared},
	}
	tests := []struct {
		self string
		seg  Segment
		want []netip.Prefix
	}{
		{"dev", NonProd, prefixes("10.20.0.0/16", "10.40.0.0/16")},
		{"prod", Prod, prefixes("10.40.0.0/16")},
		{"tools", Shared, prefixes("10.10.0.0/16", "10.20.0.0/16", "10.30.0.0/16")},
	}
	for _, tt := range tests {
		if got := Reachable(tt.self, tt.seg, nets); !equal(got, tt.want) {
			t.Errorf("%s: got %v, want %v", tt.self, got, tt.want)
		}
	}
}

func TestUnsegmented(t *testing.T) {
	nets := []SegmentNetwork{
		{Network{"dev", netip.MustParsePrefix("10.10.0.0/16")}, NonProd},
		{Network{"prod", netip.MustParsePrefix("10.30.0.0/16")}, Prod},
	}
	got := Unsegmented(prefixes("10.0.0.0/8", "192.168.0.0/16", "10.30.4.0/24", "172.16.0.0/12"), nets)
	if want := prefixes("192.168.0.0/16", "172.16.0.0/12"); !equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
