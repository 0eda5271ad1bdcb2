package netplan

import (
	"errors"
	"net/netip"
	"strings"
	"testing"
)

func prefixes(ss ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParsePrefix(s)
	}
	return out
}

func equal(a, b []netip.Prefix) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestPlan(t *testing.T) {
	tests := []struct {
		name     string
		vpc      string
		zones    int
		lengths  PrefixLengths
		public   []string
		private  []string
		isolated []string
	}{
		{
			name: "default /16, three zones", vpc: "10.30.0.0/16", zones: 3,
			private:  []string{"10.30.0.0/19", "10.30.32.0/19", "10.30.64.0/19"},
			isolated: []string{"10.30.96.0/21", "10.30.104.0/21", "10.30.112.0/21"},
			public:   []string{"10.30.120.0/22", "10.30.124.0/22", "10.30.128.0/22"},
		},
		{
			name: "default /16, two zones keep the three-zone places", vpc: "10.10.0.0/16", zones: 2,
			private:  []string{"10.10.0.0/19", "10.10.32.0/19"},
			isolated: []string{"10.10.96.0/21", "10.10.104.0/21"},
			public:   []string{"10.10.120.0/22", "10.10.124.0/22"},
		},
		{
			name: "default /24 clamps to /28", vpc: "192.168.7.0/24", zones: 3,
			private:  []string{"192.168.7.0/27", "192.168.7.32/27", "192.168.7.64/27"},
			public:   []string{"192.168.7.96/28", "192.168.7.112/28", "192.168.7.128/28"},
			isolated: []string{"192.168.7.144/28", "192.168.7.160/28", "192.168.7.176/28"},
		},
		{
			name: "explicit sizes, public largest", vpc: "172.16.0.0/20", zones: 2,
			lengths:  PrefixLengths{Public: 23, Private: 24, Isolated: 26},
			public:   []string{"172.16.0.0/23", "172.16.2.0/23"},
			private:  []string{"172.16.6.0/24", "172.16.7.0/24"},
			isolated: []string{"172.16.9.0/26", "172.16.9.64/26"},
		},
		{
			name: "partial override keeps other defaults", vpc: "10.0.0.0/16", zones: 2,
			lengths:  PrefixLengths{Public: 24},
			private:  []string{"10.0.0.0/19", "10.0.32.0/19"},
			isolated: []string{"10.0.96.0/21", "10.0.104.0/21"},
			public:   []string{"10.0.120.0/24", "10.0.121.0/24"},
		},
		{
			name: "tight fit leaves 16 addresses", vpc: "10.0.0.0/22", zones: 3,
			lengths:  PrefixLengths{Public: 28, Private: 24, Isolated: 26},
			private:  []string{"10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"},
			isolated: []string{"10.0.3.0/26", "10.0.3.64/26", "10.0.3.128/26"},
			public:   []string{"10.0.3.192/28", "10.0.3.208/28", "10.0.3.224/28"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Plan(netip.MustParsePrefix(tt.vpc), tt.zones, tt.lengths)
			if err != nil {
				t.Fatal(err)
			}
			for tier, want := range map[Tier][]string{Public: tt.public, Private: tt.private, Isolated: tt.isolated} {
				if got := l.Subnets(tier); !equal(got, prefixes(want...)) {
					t.Errorf("%s: got %v, want %v", tier, got, want)
				}
			}
			checkLayout(t, l)
		})
	}
}

// checkLayout proves the invariants of every layout: subnets inside the VPC,
// aligned, disjoint, one per zone.
func checkLayout(t *testing.T, l Layout) {
	t.Helper()
	var all []netip.Prefix
	for _, tier := range Tiers {
		subs := l.Subnets(tier)
		if len(subs) != l.Zones {
			t.Errorf("%s: %d subnets for %d zones", tier, len(subs), l.Zones)
		}
		for _, s := range subs {
			if s.Masked() != s {
				t.Errorf("%s: %s is not aligned", tier, s)
			}
			if !l.VPC.Contains(s.Addr()) || s.Bits() <= l.VPC.Bits() {
				t.Errorf("%s: %s is outside %s", tier, s, l.VPC)
			}
			if s.Bits() != l.Lengths.Of(tier) {
				t.Errorf("%s: %s is not a /%d", tier, s, l.Lengths.Of(tier))
			}
			for _, o := range all {
				if o.Overlaps(s) {
					t.Errorf("%s overlaps %s", s, o)
				}
			}
			all = append(all, s)
		}
	}
}

// TestPlanEveryVPCSize proves that the defaults fit every VPC size AWS allows
// down to /24 with three zones.
func TestPlanEveryVPCSize(t *testing.T) {
	for bits := MinPrefixLength; bits <= 24; bits++ {
		for zones := MinZones; zones <= MaxZones; zones++ {
			vpc := netip.PrefixFrom(netip.MustParseAddr("10.0.0.0"), bits)
			l, err := Plan(vpc, zones, PrefixLengths{})
			if err != nil {
				t.Fatalf("/%d with %d zones: %v", bits, zones, err)
			}
			checkLayout(t, l)
		}
	}
}

// TestAddingAZMovesNothing is the reason for the three-slot layout: going
// from two zones to three must not replace any subnet.
func TestAddingAZMovesNothing(t *testing.T) {
	vpc := netip.MustParsePrefix("10.20.0.0/16")
	two, err := Plan(vpc, 2, PrefixLengths{})
	if err != nil {
		t.Fatal(err)
	}
	three, err := Plan(vpc, 3, PrefixLengths{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tier := range Tiers {
		if !equal(two.Subnets(tier), three.Subnets(tier)[:2]) {
			t.Errorf("%s: %v became %v", tier, two.Subnets(tier), three.Subnets(tier))
		}
	}
}

func TestPlanRejects(t *testing.T) {
	tests := []struct {
		name    string
		vpc     string
		zones   int
		lengths PrefixLengths
		tier    Tier
		want    string
	}{
		{"one zone", "10.0.0.0/16", 1, PrefixLengths{}, "", "1 availability zones: use 2 or 3"},
		{"four zones", "10.0.0.0/16", 4, PrefixLengths{}, "", "4 availability zones: use 2 or 3"},
		{"VPC too large", "10.0.0.0/8", 2, PrefixLengths{}, "", "10.0.0.0/8: AWS VPCs are /16 to /28"},
		{"host bits", "10.0.1.0/16", 2, PrefixLengths{}, "", "did you mean 10.0.0.0/16?"},
		{"subnet too small", "10.0.0.0/16", 2, PrefixLengths{Public: 29}, Public, "public subnets /29: AWS subnets are /16 to /28"},
		{"subnet as large as VPC", "10.0.0.0/20", 2, PrefixLengths{Private: 20}, Private, "private subnets /20: not smaller than the VPC 10.0.0.0/20"},
		{"three slots do not fit", "10.0.0.0/16", 2, PrefixLengths{Private: 17}, Private,
			"private subnets /17: 3 zones' worth need 98304 addresses but the VPC 10.0.0.0/16 has 65536; use /18 or longer"},
		{"tiers do not fit together", "10.0.0.0/16", 3, PrefixLengths{Private: 18, Isolated: 19, Public: 20}, "",
			"subnets do not fit: 3 zones' worth of public /20, private /18, isolated /19 need 86016 addresses but the VPC 10.0.0.0/16 has 65536"},
		{"small VPC with big subnets", "10.0.0.0/24", 2, PrefixLengths{Private: 26}, "",
			"subnets do not fit: 3 zones' worth of public /28, private /26, isolated /28 need 288 addresses but the VPC 10.0.0.0/24 has 256"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Plan(netip.MustParsePrefix(tt.vpc), tt.zones, tt.lengths)
			if err == nil {
				t.Fatal("expected an error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %q, want it to contain %q", err, tt.want)
			}
			var se *SizeError
			if errors.As(err, &se) && se.Tier != tt.tier {
				t.Errorf("SizeError.Tier = %q, want %q", se.Tier, tt.tier)
			}
		})
	}
}

func TestParseCIDR(t *testing.T) {
	tests := []struct{ in, want string }{
		{"10.0.0.0/16", ""},
		{"10.0.0.1/16", `has host bits set; did you mean "10.0.0.0/16"?`},
		{"fd00::/8", "not an IPv4 CIDR"},
		{"10.0.0.0", "not an IPv4 CIDR"},
	}
	for _, tt := range tests {
		_, err := ParseCIDR(tt.in)
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: %v", tt.in, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("%s: got %v, want %q", tt.in, err, tt.want)
		}
	}
}
