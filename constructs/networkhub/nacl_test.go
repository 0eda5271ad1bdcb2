package networkhub

import (
	"net/netip"
	"testing"

	"github.com/acme/landing-zone/constructs/networkhub/netplan"
)

// evaluate applies network ACL rules the way AWS does: the lowest-numbered
// matching entry decides, and no match denies.
func evaluate(rules []aclRule, src netip.Addr, proto string, port int) bool {
	for _, r := range rules {
		if !r.cidr.Contains(src) {
			continue
		}
		if r.protocol == "-1" || (r.protocol == proto && proto != "icmp" && port >= r.from && port <= r.to) {
			return r.allow
		}
	}
	return false
}

// evaluateICMP is evaluate for an ICMP message of type typ and code code.
func evaluateICMP(rules []aclRule, src netip.Addr, typ, code int) bool {
	for _, r := range rules {
		if !r.cidr.Contains(src) {
			continue
		}
		if r.protocol == "-1" || (r.protocol == "icmp" && r.icmpType == typ && r.icmpCode == code) {
			return r.allow
		}
	}
	return false
}

func testLayout(t *testing.T, cidr string, zones int) netplan.Layout {
	t.Helper()
	l, err := netplan.Plan(netip.MustParsePrefix(cidr), zones, netplan.PrefixLengths{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestTierACLs(t *testing.T) {
	l := testLayout(t, "10.30.0.0/16", 3) // private 10.30.0-95, isolated 10.30.96-119, public 10.30.120-131
	peer := netip.MustParsePrefix("10.0.0.0/8")
	tests := []struct {
		name    string
		tier    netplan.Tier
		ingress bool
		addr    string
		proto   string
		port    int
		want    bool
	}{
		{"isolated admits the private tier", netplan.Isolated, true, "10.30.40.7", "tcp", 5432, true},
		{"isolated admits another isolated subnet (replication)", netplan.Isolated, true, "10.30.105.9", "tcp", 6379, true},
		{"isolated refuses the public tier", netplan.Isolated, true, "10.30.121.4", "tcp", 5432, false},
		{"isolated refuses the public tier on ephemeral ports", netplan.Isolated, true, "10.30.121.4", "tcp", 40000, false},
		{"isolated refuses other VPCs", netplan.Isolated, true, "10.10.3.3", "tcp", 5432, false},
		{"isolated refuses on-premises ranges", netplan.Isolated, true, "192.168.1.1", "tcp", 5432, false},
		{"isolated admits gateway endpoint replies", netplan.Isolated, true, "52.216.0.1", "tcp", 40000, true},
		{"isolated refuses the internet on low ports", netplan.Isolated, true, "52.216.0.1", "tcp", 22, false},
		{"isolated answers the private tier", netplan.Isolated, false, "10.30.40.7", "tcp", 40000, true},
		{"isolated calls S3 over HTTPS", netplan.Isolated, false, "52.216.0.1", "tcp", 443, true},
		{"isolated cannot call the internet over HTTP", netplan.Isolated, false, "52.216.0.1", "tcp", 80, false},
		{"isolated cannot reach the public tier", netplan.Isolated, false, "10.30.121.4", "tcp", 443, false},
		{"isolated cannot reach other VPCs", netplan.Isolated, false, "10.10.3.3", "tcp", 443, false},
		{"private admits the VPC", netplan.Private, true, "10.30.121.4", "tcp", 8080, true},
		{"private admits peers", netplan.Private, true, "10.10.3.3", "tcp", 8080, true},
		{"private admits NAT replies", netplan.Private, true, "151.101.1.1", "tcp", 50000, true},
		{"private refuses the internet on SSH", netplan.Private, true, "151.101.1.1", "tcp", 22, false},
		{"public admits HTTPS from the internet", netplan.Public, true, "151.101.1.1", "tcp", 443, true},
		{"public admits HTTP from the internet (redirect)", netplan.Public, true, "151.101.1.1", "tcp", 80, true},
		{"public refuses SSH from the internet", netplan.Public, true, "151.101.1.1", "tcp", 22, false},
		{"public refuses RDP from the internet", netplan.Public, true, "151.101.1.1", "tcp", 3389, false},
		{"public admits the private tier (to NAT)", netplan.Public, true, "10.30.40.7", "udp", 123, true},
		{"private refuses RDP from anywhere", netplan.Private, true, "151.101.1.1", "tcp", 3389, false},
		{"private refuses a VPC not admitted", netplan.Private, true, "172.20.1.1", "tcp", 40000, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := tierACL(tt.tier, l, []netip.Prefix{peer})
			list := rules.egress
			if tt.ingress {
				list = rules.ingress
			}
			if got := evaluate(list, netip.MustParseAddr(tt.addr), tt.proto, tt.port); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestPrivateACLAdmitsOnlyItsSegment is finding 23 of issue 15: with the
// peers of its own segment admitted, the private tier refuses a VPC of the
// other segment even though the routes summarize both as 10.0.0.0/8, and
// every deny entry can still match something.
func TestPrivateACLAdmitsOnlyItsSegment(t *testing.T) {
	l := testLayout(t, "10.10.0.0/16", 2) // dev
	staging := netip.MustParsePrefix("10.20.0.0/16")
	rules := tierACL(netplan.Private, l, []netip.Prefix{staging})
	if !evaluate(rules.ingress, netip.MustParseAddr("10.20.5.5"), "tcp", 8080) {
		t.Error("dev refuses staging, its own segment")
	}
	for _, port := range []int{22, 5432, 40000} {
		if evaluate(rules.ingress, netip.MustParseAddr("10.30.5.5"), "tcp", port) {
			t.Errorf("dev admits prod on %d", port)
		}
	}
	// No allow entry may cover a later deny entry completely: that deny
	// would be dead.
	for i, d := range rules.ingress {
		if d.allow {
			continue
		}
		for _, a := range rules.ingress[:i] {
			if a.allow && a.protocol == "-1" && a.cidr.Bits() <= d.cidr.Bits() && a.cidr.Contains(d.cidr.Addr()) {
				t.Errorf("deny %s is dead behind allow %s", d.cidr, a.cidr)
			}
		}
	}
}

// TestPathMTUDiscovery is finding 24 of issue 15: every tier admits ICMP
// type 3 code 4 from outside the VPC, in and (isolated) out, and nothing
// else of ICMP from the internet.
func TestPathMTUDiscovery(t *testing.T) {
	l := testLayout(t, "10.30.0.0/16", 3)
	internet, onPrem := netip.MustParseAddr("151.101.1.1"), netip.MustParseAddr("192.168.1.1")
	for _, tier := range netplan.Tiers {
		rules := tierACL(tier, l, nil)
		for _, src := range []netip.Addr{internet, onPrem} {
			if !evaluateICMP(rules.ingress, src, 3, 4) {
				t.Errorf("%s: refuses fragmentation-needed from %s", tier, src)
			}
			if !evaluateICMP(rules.egress, src, 3, 4) {
				t.Errorf("%s: cannot send fragmentation-needed to %s", tier, src)
			}
		}
		if evaluateICMP(rules.ingress, internet, 8, 0) {
			t.Errorf("%s: admits echo requests from the internet", tier)
		}
	}
}

func TestTierACLsWithoutPeers(t *testing.T) {
	l := testLayout(t, "10.30.0.0/16", 2)
	rules := tierACL(netplan.Private, l, nil)
	for _, port := range []int{443, 8080, 40000} {
		if evaluate(rules.ingress, netip.MustParseAddr("10.10.3.3"), "tcp", port) {
			t.Errorf("private admits another VPC on %d before a spoke or peering admits it", port)
		}
	}
	// Two zones: the third zone's future subnet is not admitted yet.
	iso := tierACL(netplan.Isolated, l, nil)
	if evaluate(iso.ingress, netip.MustParseAddr("10.30.70.1"), "tcp", 5432) {
		t.Error("isolated admits an unused private slot")
	}
}

// TestNoACLAdmitsAdminPortsFromAnywhere mirrors the scanners' rule: no entry
// that allows 0.0.0.0/0 may cover SSH, RDP or FTP.
func TestNoACLAdmitsAdminPortsFromAnywhere(t *testing.T) {
	l := testLayout(t, "10.30.0.0/16", 3)
	for _, tier := range netplan.Tiers {
		for _, r := range tierACL(tier, l, []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}).ingress {
			if !r.allow || r.cidr != anywhere {
				continue
			}
			for _, port := range []int{20, 21, 22, 3389} {
				if r.protocol == "-1" || (port >= r.from && port <= r.to) {
					t.Errorf("%s: %+v admits port %d from anywhere", tier, r, port)
				}
			}
		}
	}
}

func TestTierACLsFitQuota(t *testing.T) {
	l := testLayout(t, "10.30.0.0/16", 3)
	for _, tier := range netplan.Tiers {
		if err := tierACL(tier, l, nil).check(); err != nil {
			t.Errorf("%s: %v", tier, err)
		}
	}
	var many []netip.Prefix
	for i := 0; i < 12; i++ {
		many = append(many, netip.PrefixFrom(netip.AddrFrom4([4]byte{172, byte(16 + i), 0, 0}), 16))
	}
	if err := tierACL(netplan.Private, l, many).check(); err == nil {
		t.Error("21 entries passed the quota of 20")
	}
}
