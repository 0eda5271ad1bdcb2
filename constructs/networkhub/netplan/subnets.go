// Package netplan is the plain-Go half of networkhub: the subnet layout of a
// VPC, the Transit Gateway segments, the interface endpoint catalogue and the
// address checks. It has no CDKTF dependency, so that the organization model
// validates a network with the same code that later builds it, and its tests
// run in milliseconds.
package netplan

import (
	"fmt"
	"net/netip"
	"strings"
)

// Tier is a layer of subnets with its own routing.
type Tier string

// The three tiers of a VPC.
const (
	// Public subnets route to the internet gateway: load balancers and NAT
	// gateways only.
	Public Tier = "public"
	// Private subnets reach the internet through NAT (when the VPC has it)
	// and other VPCs through the Transit Gateway: application workloads.
	Private Tier = "private"
	// Isolated subnets have no route out of the VPC: databases and caches.
	Isolated Tier = "isolated"
)

// Tiers lists every tier in layout order.
var Tiers = []Tier{Public, Private, Isolated}

// Limits of the layout.
const (
	// MinZones and MaxZones bound the availability zones of a VPC.
	MinZones = 2
	MaxZones = 3
	// MinPrefixLength and MaxPrefixLength are the VPC and subnet sizes AWS
	// accepts: /16 (65,536 addresses) to /28 (16).
	MinPrefixLength = 16
	MaxPrefixLength = 28
)

// PrefixLengths are the subnet sizes of each tier as prefix lengths (24 means
// /24 subnets). A zero field takes the default for the VPC's size.
type PrefixLengths struct {
	Public   int `yaml:"public,omitempty"`
	Private  int `yaml:"private,omitempty"`
	Isolated int `yaml:"isolated,omitempty"`
}

// Of returns the prefix length of tier t.
func (p PrefixLengths) Of(t Tier) int {
	switch t {
	case Public:
		return p.Public
	case Private:
		return p.Private
	case Isolated:
		return p.Isolated
	}
	return 0
}

func (p *PrefixLengths) set(t Tier, n int) {
	switch t {
	case Public:
		p.Public = n
	case Private:
		p.Private = n
	case Isolated:
		p.Isolated = n
	}
}

// DefaultPrefixLengths sizes subnets for a VPC of prefix length vpcBits:
// private subnets an eighth of the VPC each (workloads need the addresses),
// isolated a thirty-second, public a sixty-fourth (load balancers and NAT
// gateways need few), never smaller than /28. Three zones of them use about
// half of the VPC, which leaves room to add subnets later without
// renumbering.
func DefaultPrefixLengths(vpcBits int) PrefixLengths {
	clamp := func(n int) int { return min(n, MaxPrefixLength) }
	return PrefixLengths{
		Public:   clamp(vpcBits + 6),
		Private:  clamp(vpcBits + 3),
		Isolated: clamp(vpcBits + 5),
	}
}

// WithDefaults fills the zero fields of p with the defaults for vpcBits.
func (p PrefixLengths) WithDefaults(vpcBits int) PrefixLengths {
	d := DefaultPrefixLengths(vpcBits)
	for _, t := range Tiers {
		if p.Of(t) == 0 {
			p.set(t, d.Of(t))
		}
	}
	return p
}

// Layout is the subnet plan of one VPC.
type Layout struct {
	VPC     netip.Prefix
	Zones   int
	Lengths PrefixLengths
	subnets map[Tier][]netip.Prefix
}

// Subnets returns the subnets of tier t, one per zone in zone order.
func (l Layout) Subnets(t Tier) []netip.Prefix { return l.subnets[t] }

// SizeError says why subnet sizes do not fit a VPC. Tier is empty when the
// tiers fit one by one but not together.
type SizeError struct {
	Tier   Tier
	Length int
	Msg    string
}

func (e *SizeError) Error() string {
	if e.Tier == "" {
		return e.Msg
	}
	return fmt.Sprintf("%s subnets /%d: %s", e.Tier, e.Length, e.Msg)
}

// Plan lays out the subnets of a VPC across zones.
//
// Each tier gets a block of MaxZones equal subnets, whatever the number of
// zones used, so that going from two zones to three adds subnets without
// moving any existing one (moving a subnet replaces it and everything in
// it). Blocks are placed largest first from the start of the VPC, which keeps
// every subnet aligned to its size without gaps.
func Plan(vpc netip.Prefix, zones int, lengths PrefixLengths) (Layout, error) {
	if err := CheckVPC(vpc); err != nil {
		return Layout{}, err
	}
	if zones < MinZones || zones > MaxZones {
		return Layout{}, fmt.Errorf("%d availability zones: use %d or %d", zones, MinZones, MaxZones)
	}
	lengths = lengths.WithDefaults(vpc.Bits())
	vpcSize := size(vpc.Bits())
	for _, t := range Tiers {
		n := lengths.Of(t)
		switch {
		case n < MinPrefixLength || n > MaxPrefixLength:
			return Layout{}, &SizeError{t, n, fmt.Sprintf("AWS subnets are /%d to /%d", MinPrefixLength, MaxPrefixLength)}
		case n <= vpc.Bits():
			return Layout{}, &SizeError{t, n, fmt.Sprintf("not smaller than the VPC %s", vpc)}
		case MaxZones*size(n) > vpcSize:
			return Layout{}, &SizeError{t, n, fmt.Sprintf("%d zones' worth need %d addresses but the VPC %s has %d; use /%d or longer",
				MaxZones, MaxZones*size(n), vpc, vpcSize, minFitting(vpc.Bits()))}
		}
	}

	order := tiersBySize(lengths)
	var need uint64
	for _, t := range order {
		need += MaxZones * size(lengths.Of(t))
	}
	if need > vpcSize {
		var parts []string
		for _, t := range Tiers {
			parts = append(parts, fmt.Sprintf("%s /%d", t, lengths.Of(t)))
		}
		return Layout{}, &SizeError{Msg: fmt.Sprintf("subnets do not fit: %d zones' worth of %s need %d addresses but the VPC %s has %d; use longer prefixes (smaller subnets)",
			MaxZones, strings.Join(parts, ", "), need, vpc, vpcSize)}
	}

	l := Layout{VPC: vpc, Zones: zones, Lengths: lengths, subnets: map[Tier][]netip.Prefix{}}
	base := toUint(vpc.Addr())
	var offset uint64
	for _, t := range order {
		n := lengths.Of(t)
		for z := 0; z < MaxZones; z++ {
			if z < zones {
				l.subnets[t] = append(l.subnets[t], netip.PrefixFrom(fromUint(base+uint32(offset)), n))
			}
			offset += size(n)
		}
	}
	return l, nil
}

// CheckVPC reports whether p can be a VPC range: IPv4, no host bits, /16 to
// /28.
func CheckVPC(p netip.Prefix) error {
	switch {
	case !p.IsValid() || !p.Addr().Is4():
		return fmt.Errorf("%q: not an IPv4 CIDR", p)
	case p.Masked() != p:
		return fmt.Errorf("%s: has host bits set; did you mean %s?", p, p.Masked())
	case p.Bits() < MinPrefixLength || p.Bits() > MaxPrefixLength:
		return fmt.Errorf("%s: AWS VPCs are /%d to /%d", p, MinPrefixLength, MaxPrefixLength)
	}
	return nil
}

// ParseCIDR parses an IPv4 CIDR without host bits, with messages that say
// what is wrong.
func ParseCIDR(s string) (netip.Prefix, error) {
	p, err := netip.ParsePrefix(s)
	switch {
	case err != nil || !p.Addr().Is4():
		return netip.Prefix{}, fmt.Errorf("%q: not an IPv4 CIDR", s)
	case p.Masked() != p:
		return netip.Prefix{}, fmt.Errorf("%q: has host bits set; did you mean %q?", s, p.Masked().String())
	}
	return p, nil
}

// tiersBySize orders tiers from the largest subnets to the smallest, keeping
// the Tiers order among equals.
func tiersBySize(l PrefixLengths) []Tier {
	out := append([]Tier(nil), Tiers...)
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && l.Of(out[j]) < l.Of(out[j-1]); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// minFitting is the largest subnet (shortest prefix) of which MaxZones fit in
// a VPC of vpcBits.
func minFitting(vpcBits int) int {
	n := vpcBits + 1
	for MaxZones*size(n) > size(vpcBits) {
		n++
	}
	return n
}

func size(bits int) uint64 { return 1 << (32 - bits) }

func toUint(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func fromUint(u uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(u >> 24), byte(u >> 16), byte(u >> 8), byte(u)})
}
