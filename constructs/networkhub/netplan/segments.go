package netplan

import (
	"fmt"
	"net/netip"
	"slices"
)

// Segment is a routing domain of the Transit Gateway. Each segment has its
// own route table; an attachment is associated with the table of its
// segment and propagates its routes into the tables of the segments allowed
// to reach it.
type Segment string

// The segments of the hub.
const (
	// Prod holds production VPCs: they reach each other and shared services.
	Prod Segment = "prod"
	// NonProd holds development and staging VPCs: they reach each other and
	// shared services, never production.
	NonProd Segment = "nonprod"
	// Shared holds shared services (directory, tooling, egress), which reach
	// and are reached by every segment.
	Shared Segment = "shared"
)

// Segments lists every segment.
var Segments = []Segment{Prod, NonProd, Shared}

// ParseSegment returns the segment called s.
func ParseSegment(s string) (Segment, error) {
	if slices.Contains(Segments, Segment(s)) {
		return Segment(s), nil
	}
	return "", fmt.Errorf("segment %q: must be one of %q", s, Segments)
}

// PropagatesTo lists the segments whose route tables learn the routes of an
// attachment in s, that is, the segments that can send traffic to s.
func (s Segment) PropagatesTo() []Segment {
	switch s {
	case Prod:
		return []Segment{Prod, Shared}
	case NonProd:
		return []Segment{NonProd, Shared}
	case Shared:
		return []Segment{Prod, NonProd, Shared}
	}
	return nil
}

// Reaches reports whether an attachment in s has a route to one in t.
// Routing is symmetric by construction, so prod and non-prod never reach
// each other in either direction.
func (s Segment) Reaches(t Segment) bool { return slices.Contains(t.PropagatesTo(), s) }

// DefaultASN is the Amazon side ASN of the Transit Gateway when none is given:
// the first private 16-bit ASN, which is also AWS's default.
const DefaultASN = 64512

// CheckASN reports whether asn is a private ASN that a Transit Gateway
// accepts: 64512-65534 or 4200000000-4294967294.
func CheckASN(asn int64) error {
	if (asn >= 64512 && asn <= 65534) || (asn >= 4200000000 && asn <= 4294967294) {
		return nil
	}
	return fmt.Errorf("ASN %d: must be a private ASN, 64512-65534 or 4200000000-4294967294", asn)
}

// SegmentNetwork is a VPC joined to the Transit Gateway in a segment.
type SegmentNetwork struct {
	Network
	Segment Segment
}

// Reachable returns the ranges of the networks other than self (by name)
// that self's segment reaches, in the order given: the ranges a VPC's
// network ACL admits from the Transit Gateway. Routes may summarize them
// (10.0.0.0/8); the ACL must not, or it would also admit the segments the
// Transit Gateway keeps apart.
func Reachable(self string, seg Segment, nets []SegmentNetwork) []netip.Prefix {
	var out []netip.Prefix
	for _, n := range nets {
		if n.Name != self && seg.Reaches(n.Segment) && !slices.Contains(out, n.CIDR) {
			out = append(out, n.CIDR)
		}
	}
	return out
}

// Unsegmented returns the ranges that contain none of nets and overlap
// none: destinations behind the Transit Gateway that are not a segment's
// VPC, such as on-premises networks listed in the internal ranges. A VPC's
// network ACL can admit them without admitting another segment.
func Unsegmented(ranges []netip.Prefix, nets []SegmentNetwork) []netip.Prefix {
	var out []netip.Prefix
	for _, r := range ranges {
		if !slices.ContainsFunc(nets, func(n SegmentNetwork) bool { return n.CIDR.Overlaps(r) }) {
			out = append(out, r)
		}
	}
	return out
}
