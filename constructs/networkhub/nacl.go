package networkhub

import (
	"fmt"
	"net/netip"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/networkacl"

	"github.com/acme/landing-zone/constructs/networkhub/netplan"
)

// aclRule is one network ACL entry. Rule numbers are given by position when
// rendered, so the order of a list is its evaluation order.
type aclRule struct {
	allow    bool
	protocol string // "-1" (all), "tcp", "udp" or "icmp"
	cidr     netip.Prefix
	from, to int
	// icmpType and icmpCode narrow an "icmp" entry to one message.
	icmpType, icmpCode int
}

type aclRules struct{ ingress, egress []aclRule }

// maxACLRules is the default per-direction quota of entries in a network ACL.
const maxACLRules = 20

var anywhere = netip.MustParsePrefix("0.0.0.0/0")

func allowAll(p netip.Prefix) aclRule { return aclRule{allow: true, protocol: "-1", cidr: p} }
func denyAll(p netip.Prefix) aclRule  { return aclRule{protocol: "-1", cidr: p} }
func allowPorts(proto string, p netip.Prefix, from, to int) aclRule {
	return aclRule{allow: true, protocol: proto, cidr: p, from: from, to: to}
}

// fragmentationNeeded admits ICMP type 3 code 4 ("fragmentation needed and
// DF set") from anywhere: path MTU discovery depends on it wherever traffic
// leaves the VPC, because the Transit Gateway (8,500 bytes), VPC peering
// across regions, VPN and the internet (1,500) have smaller MTUs than an
// instance's jumbo frames (9,001). Network ACLs are stateless and drop it
// otherwise, and connections with large packets then hang. The Amazon VPC
// User Guide, "Path MTU Discovery"
// (https://docs.aws.amazon.com/vpc/latest/userguide/path_mtu_discovery.html):
// "you must add the following network ACL rule, both inbound and outbound
// ... (type 3, code 4)". Public and private tiers allow all egress already;
// the isolated tier gets the outbound entry too.
func fragmentationNeeded() aclRule {
	return aclRule{allow: true, protocol: "icmp", cidr: anywhere, icmpType: 3, icmpCode: 4}
}

// Ephemeral ports: replies to connections made from the subnet arrive on
// them, and network ACLs are stateless.
const ephemeralFrom, ephemeralTo = 1024, 65535

// rdpPort lies in the ephemeral range, and scanners (checkov CKV_AWS_231,
// trivy) flag any ACL entry admitting it from anywhere. Instances never
// pick it as a source port (Linux uses 32768-60999, Windows 49152-65535);
// a NAT gateway might, for about one connection in 64,000, which then fails
// and is retried on another port.
const rdpPort = 3389

// replies admits replies on the ephemeral ports from anywhere, around the
// RDP port.
func replies(proto string) []aclRule {
	return []aclRule{
		allowPorts(proto, anywhere, ephemeralFrom, rdpPort-1),
		allowPorts(proto, anywhere, rdpPort+1, ephemeralTo),
	}
}

// denyPrivate denies every private range, where other VPCs and on-premises
// networks live.
func denyPrivate() []aclRule {
	var out []aclRule
	for _, r := range netplan.PrivateRanges {
		out = append(out, denyAll(r))
	}
	return out
}

// tierACL returns the network ACL entries of a tier. peers are ranges
// outside the VPC that reach the private tier through the Transit Gateway or
// a peering: the VPCs of the environment's own segment and shared services,
// and peered VPCs, never a summary such as 10.0.0.0/8 that would also admit
// the other segment and make the deny entries after it dead.
//
// Security groups do the fine-grained filtering; the ACLs add a coarse,
// stateless boundary per tier:
//   - public admits HTTPS and HTTP from anywhere (load balancers), the VPC
//     (NAT traffic, load balancer targets) and replies on ephemeral ports;
//   - private admits the VPC and the peers; other private ranges (other
//     segments' VPCs among them) are denied before the rule for replies on
//     ephemeral ports can match them, so isolation between segments does
//     not rest on the Transit Gateway's route tables alone;
//   - isolated admits the private and isolated subnets only, and replies to
//     its own HTTPS calls through the gateway endpoints; the rest of the VPC
//     (the public tier) and every private range are denied first.
//
// Every tier admits ICMP "fragmentation needed" from anywhere (path MTU
// discovery), ahead of the deny entries. No tier admits SSH or RDP from
// outside the VPC.
func tierACL(t netplan.Tier, l netplan.Layout, peers []netip.Prefix) aclRules {
	everywhere := []aclRule{allowAll(anywhere)}
	switch t {
	case netplan.Public:
		in := []aclRule{
			allowAll(l.VPC),
			fragmentationNeeded(),
			allowPorts("tcp", anywhere, 443, 443),
			allowPorts("tcp", anywhere, 80, 80),
		}
		in = append(append(in, replies("tcp")...), replies("udp")...)
		return aclRules{ingress: in, egress: everywhere}
	case netplan.Private:
		in := []aclRule{allowAll(l.VPC)}
		for _, p := range peers {
			in = append(in, allowAll(p))
		}
		in = append(in, fragmentationNeeded())
		in = append(append(append(in, denyPrivate()...), replies("tcp")...), replies("udp")...)
		return aclRules{ingress: in, egress: everywhere}
	case netplan.Isolated:
		var in, out []aclRule
		for _, tier := range []netplan.Tier{netplan.Private, netplan.Isolated} {
			for _, s := range l.Subnets(tier) {
				in = append(in, allowAll(s))
				out = append(out, allowAll(s))
			}
		}
		// The VPC's own range first (it may lie outside the private
		// ranges), then every private range.
		deny := append([]aclRule{denyAll(l.VPC)}, denyPrivate()...)
		in = append(append(append(in, fragmentationNeeded()), deny...), replies("tcp")...)
		out = append(append(append(out, fragmentationNeeded()), deny...), allowPorts("tcp", anywhere, 443, 443))
		return aclRules{ingress: in, egress: out}
	}
	return aclRules{}
}

// check reports rule lists longer than the ACL quota.
func (r aclRules) check() error {
	if n := max(len(r.ingress), len(r.egress)); n > maxACLRules {
		return fmt.Errorf("needs %d network ACL entries in one direction; the quota is %d (summarize the peer ranges)", n, maxACLRules)
	}
	return nil
}

// ruleNumber spaces entries by ten so that hand-made emergency entries can
// be slotted between them.
func ruleNumber(i int) float64 { return float64(100 + 10*i) }

func (a aclRule) action() *string {
	if a.allow {
		return jsii.String("allow")
	}
	return jsii.String("deny")
}

func renderIngress(rules []aclRule) *[]*networkacl.NetworkAclIngress {
	out := make([]*networkacl.NetworkAclIngress, len(rules))
	for i, r := range rules {
		out[i] = &networkacl.NetworkAclIngress{
			RuleNo:    jsii.Number(ruleNumber(i)),
			Action:    r.action(),
			Protocol:  jsii.String(r.protocol),
			CidrBlock: jsii.String(r.cidr.String()),
			FromPort:  jsii.Number(r.from),
			ToPort:    jsii.Number(r.to),
		}
		if r.protocol == "icmp" {
			out[i].IcmpType = jsii.Number(r.icmpType)
			out[i].IcmpCode = jsii.Number(r.icmpCode)
		}
	}
	return &out
}

func renderEgress(rules []aclRule) *[]*networkacl.NetworkAclEgress {
	out := make([]*networkacl.NetworkAclEgress, len(rules))
	for i, r := range rules {
		out[i] = &networkacl.NetworkAclEgress{
			RuleNo:    jsii.Number(ruleNumber(i)),
			Action:    r.action(),
			Protocol:  jsii.String(r.protocol),
			CidrBlock: jsii.String(r.cidr.String()),
			FromPort:  jsii.Number(r.from),
			ToPort:    jsii.Number(r.to),
		}
		if r.protocol == "icmp" {
			out[i].IcmpType = jsii.Number(r.icmpType)
			out[i].IcmpCode = jsii.Number(r.icmpCode)
		}
	}
	return &out
}
