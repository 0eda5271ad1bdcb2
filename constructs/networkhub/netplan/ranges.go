package netplan

import (
	"fmt"
	"net/netip"
)

// Network is a named address range, such as a VPC joined to the Transit
// Gateway.
type Network struct {
	Name string
	CIDR netip.Prefix
}

// CheckOverlaps reports the first two networks whose ranges overlap. Routing
// between overlapping VPCs is ambiguous: the Transit Gateway drops the
// second VPC's routes, and peering refuses to connect them.
func CheckOverlaps(nets []Network) error {
	for i, a := range nets {
		for _, b := range nets[:i] {
			if a.CIDR.Overlaps(b.CIDR) {
				return fmt.Errorf("%s %s overlaps %s %s: networks joined by a Transit Gateway or peering need distinct ranges", a.Name, a.CIDR, b.Name, b.CIDR)
			}
		}
	}
	return nil
}

// CheckRoutes reports whether VPC vpc can have routes to each of dests
// through a gateway: AWS refuses a route whose destination equals, or lies
// inside, the VPC's own range, because the local route already covers it.
// Ranges that contain the VPC (such as 10.0.0.0/8 for 10.30.0.0/16) are
// fine: the longer local route wins inside the VPC.
func CheckRoutes(vpc netip.Prefix, dests []netip.Prefix) error {
	seen := map[netip.Prefix]bool{}
	for _, d := range dests {
		if seen[d] {
			return fmt.Errorf("route %s listed twice", d)
		}
		seen[d] = true
		if d.Overlaps(vpc) && d.Bits() >= vpc.Bits() {
			return fmt.Errorf("route %s: lies within the VPC's own range %s, which the local route covers", d, vpc)
		}
	}
	for i, a := range dests {
		for _, b := range dests[:i] {
			if a.Overlaps(b) {
				return fmt.Errorf("routes %s and %s overlap; list the broader one only", b, a)
			}
		}
	}
	return nil
}

// PrivateRanges are the address ranges private networks use: RFC 1918 and
// the shared address space (RFC 6598) that AWS also accepts for VPCs.
var PrivateRanges = []netip.Prefix{
	netip.MustParsePrefix("10.0.0.0/8"),
	netip.MustParsePrefix("172.16.0.0/12"),
	netip.MustParsePrefix("192.168.0.0/16"),
	netip.MustParsePrefix("100.64.0.0/10"),
}

// IsPrivate reports whether p lies within one of PrivateRanges.
func IsPrivate(p netip.Prefix) bool {
	for _, r := range PrivateRanges {
		if r.Bits() <= p.Bits() && r.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

// Covering returns the private ranges that contain at least one of nets, in
// PrivateRanges order: the summary routes that reach every one of them.
func Covering(nets []netip.Prefix) []netip.Prefix {
	var out []netip.Prefix
	for _, r := range PrivateRanges {
		for _, n := range nets {
			if r.Bits() <= n.Bits() && r.Contains(n.Addr()) {
				out = append(out, r)
				break
			}
		}
	}
	return out
}
