package org

import (
	"errors"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/acme/landing-zone/constructs/networkhub/netplan"
)

// NATMode chooses how private subnets reach the internet: the cost and
// availability trade-off users ask about most.
type NATMode string

// NAT modes.
const (
	NATNone   NATMode = "none"   // no internet egress from private subnets
	NATSingle NATMode = "single" // one gateway: cheap, one AZ is a single point of failure
	NATPerAZ  NATMode = "per-az" // one gateway per AZ: survives an AZ outage
)

// VPC sizes an environment's network.
type VPC struct {
	CIDR    string  `yaml:"cidr"`
	AZCount int     `yaml:"az_count"`
	NAT     NATMode `yaml:"nat"`
	// SubnetPrefixLengths sizes the public, private and isolated subnets
	// (24 means /24). Zero fields take the defaults for the VPC's size:
	// for a /16, private /19, isolated /21 and public /22.
	SubnetPrefixLengths netplan.PrefixLengths `yaml:"subnet_prefix_lengths,omitempty"`
	// InterfaceEndpoints are the AWS services the VPC reaches through
	// interface endpoints (such as secretsmanager, kms, logs, sts, ecr.api,
	// ecr.dkr), each with private DNS and an organization-only policy.
	// Each costs an hourly fee per zone; S3 and DynamoDB always get free
	// gateway endpoints. Environments without NAT need one for every AWS
	// API their workloads call. Unless app_internet_egress is set, ssm,
	// ssmmessages and secretsmanager are added for the app tier
	// (Environment.InterfaceEndpoints).
	InterfaceEndpoints []netplan.Service `yaml:"interface_endpoints,omitempty"`
	// FlowLogs chooses where the VPC's flow logs (all traffic) go.
	FlowLogs FlowLogs `yaml:"flow_logs,omitempty"`
	// AppInternetEgress lets the app tier open HTTPS connections to the
	// internet through NAT. Unset, the app tier reaches AWS through the
	// VPC endpoints only (S3 and DynamoDB gateway endpoints, the interface
	// endpoints above). The reason is required and appears in the policy
	// reports as the suppression of rule VPC-8.
	AppInternetEgress *InternetEgress `yaml:"app_internet_egress,omitempty"`
}

// InternetEgress opts a tier in to HTTPS egress to the internet.
type InternetEgress struct {
	// Reason says what the tier calls on the internet.
	Reason string `yaml:"reason"`
}

// FlowLogDestination is where a VPC's flow logs are delivered.
type FlowLogDestination string

// Flow log destinations.
const (
	// FlowLogsCloudWatch delivers to a KMS-encrypted log group in the
	// environment's account: queryable at once with Logs Insights.
	FlowLogsCloudWatch FlowLogDestination = "cloudwatch-logs"
	// FlowLogsLogArchive delivers to the central log bucket in the
	// log-archive account, out of reach of the workload account's
	// administrators. The bucket's lifecycle sets the retention.
	FlowLogsLogArchive FlowLogDestination = "log-archive"
)

// FlowLogs configures a VPC's flow logs. They are always on and capture all
// traffic, accepted and rejected.
type FlowLogs struct {
	// Destination defaults to cloudwatch-logs.
	Destination FlowLogDestination `yaml:"destination,omitempty"`
	// RetentionDays keeps CloudWatch flow logs this long; default 365,
	// and production environments keep at least 365.
	RetentionDays int `yaml:"retention_days,omitempty"`
}

// DefaultFlowLogRetentionDays is how long CloudWatch flow logs are kept by
// default, and at least in production.
const DefaultFlowLogRetentionDays = 365

func (v *VPC) applyDefaults(production bool) {
	if v.AZCount == 0 {
		v.AZCount = 2
		if production {
			v.AZCount = 3
		}
	}
	if v.NAT == "" {
		v.NAT = NATSingle
		if production {
			v.NAT = NATPerAZ
		}
	}
	// Writing the effective sizes into the model makes them visible in
	// errors and in a printed model; an invalid CIDR is left for Validate.
	if p, err := netip.ParsePrefix(v.CIDR); err == nil && netplan.CheckVPC(p) == nil {
		v.SubnetPrefixLengths = v.SubnetPrefixLengths.WithDefaults(p.Bits())
	}
	if v.FlowLogs.Destination == "" {
		v.FlowLogs.Destination = FlowLogsCloudWatch
	}
	if v.FlowLogs.Destination == FlowLogsCloudWatch && v.FlowLogs.RetentionDays == 0 {
		v.FlowLogs.RetentionDays = DefaultFlowLogRetentionDays
	}
}

// AppTierEndpoints are the interface endpoints the app tier's instances
// need when they reach AWS through endpoints only: the SSM agent registers
// and opens Session Manager channels through ssm and ssmmessages (Systems
// Manager User Guide, "Reference: ec2messages, ssmmessages, and other API
// operations"; ec2messages is only the agent's fallback, and the instance
// role grants none of its actions), and the app reads its secrets from
// Secrets Manager (the app-server role's SecretReadStatements).
var AppTierEndpoints = []netplan.Service{netplan.SSM, netplan.SSMMessages, netplan.SecretsManager}

// InterfaceEndpoints are the interface endpoints e's VPC gets: those the
// file names, and, unless the app tier may reach the internet
// (app_internet_egress), AppTierEndpoints too. Without them an app tier
// whose egress is limited to the endpoints could neither be reached by
// Session Manager nor read its secrets.
func (e *Environment) InterfaceEndpoints() []netplan.Service {
	out := append([]netplan.Service(nil), e.VPC.InterfaceEndpoints...)
	if e.VPC.AppInternetEgress != nil {
		return out
	}
	for _, s := range AppTierEndpoints {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// Segment is the Transit Gateway segment of the environment's VPC:
// production environments are in prod, all others in nonprod, and the two
// never reach each other.
func (e *Environment) Segment() netplan.Segment {
	if e.Production {
		return netplan.Prod
	}
	return netplan.NonProd
}

// Network configures the network account's Transit Gateway hub, which every
// environment's VPC attaches to, and optional VPC peerings.
type Network struct {
	// TransitGatewayASN is the Amazon side ASN of the Transit Gateway, a
	// private ASN; default 64512.
	TransitGatewayASN int64 `yaml:"transit_gateway_asn,omitempty"`
	// InternalCIDRs are the ranges that spokes route to the Transit
	// Gateway. Empty means the private ranges (10.0.0.0/8, 172.16.0.0/12,
	// 192.168.0.0/16, 100.64.0.0/10) holding the environments' VPCs; see
	// InternalRanges.
	InternalCIDRs []string `yaml:"internal_cidrs,omitempty"`
	// Peerings join pairs of environment VPCs directly: the small-scale
	// option for two or three VPCs, with routes both ways between their
	// private subnets. Peering is not transitive and may not join
	// production to non-production.
	Peerings []Peering `yaml:"peerings,omitempty"`
}

// Peering joins the VPCs of two environments. The requester's stack creates
// the connection; the accepter's stack accepts it.
type Peering struct {
	Requester string `yaml:"requester"`
	Accepter  string `yaml:"accepter"`
}

func (n *Network) applyDefaults() {
	if n.TransitGatewayASN == 0 {
		n.TransitGatewayASN = netplan.DefaultASN
	}
}

// InternalRanges are the ranges spokes route to the Transit Gateway:
// network.internal_cidrs when set, else the private ranges that hold the
// environments' VPCs. The model must be valid.
func (o *Organization) InternalRanges() []string {
	if len(o.Network.InternalCIDRs) > 0 {
		return append([]string(nil), o.Network.InternalCIDRs...)
	}
	var vpcs []netip.Prefix
	for _, e := range o.Environments {
		if p, err := netip.ParsePrefix(e.VPC.CIDR); err == nil {
			vpcs = append(vpcs, p)
		}
	}
	var out []string
	for _, r := range netplan.Covering(vpcs) {
		out = append(out, r.String())
	}
	return out
}

// validateNetwork checks the organization-wide network settings and the
// parts of each environment's VPC that depend on them. Ranges, zone counts
// and NAT modes are checked with the environments; this adds subnet sizes,
// endpoints, flow logs, the Transit Gateway and peerings.
func (o *Organization) validateNetwork(c *collector) {
	if err := netplan.CheckASN(o.Network.TransitGatewayASN); err != nil {
		c.add("network.transit_gateway_asn", o.Network.TransitGatewayASN, "not a private ASN; use 64512-65534 or 4200000000-4294967294")
	}
	internal := o.validateInternalCIDRs(c)
	for i := range o.Environments {
		e := &o.Environments[i]
		f := fmt.Sprintf("environments[%d]", i)
		if nameRE.MatchString(e.Name) {
			f = fmt.Sprintf("environments[%s]", e.Name)
		}
		validateVPCNetwork(c, f+".vpc", e, internal, len(o.Network.InternalCIDRs) > 0)
	}
	o.validatePeerings(c)
}

// validateInternalCIDRs checks network.internal_cidrs and returns the
// ranges in effect, or nil when they are invalid.
func (o *Organization) validateInternalCIDRs(c *collector) []netip.Prefix {
	var nets []netplan.Network
	ok := true
	for i, s := range o.Network.InternalCIDRs {
		f := fmt.Sprintf("network.internal_cidrs[%d]", i)
		p, err := netip.ParsePrefix(s)
		switch {
		case err != nil || !p.Addr().Is4():
			c.add(f, s, "not a valid IPv4 CIDR")
			ok = false
			continue
		case p.Masked() != p:
			c.add(f, s, "has host bits set; did you mean %q?", p.Masked().String())
			ok = false
			continue
		case !netplan.IsPrivate(p):
			c.add(f, s, "not in a private range (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10)")
			ok = false
		}
		for _, n := range nets {
			if n.CIDR.Overlaps(p) {
				c.add(f, s, "overlaps %s %q; list the broader range only", n.Name, n.CIDR.String())
				ok = false
			}
		}
		nets = append(nets, netplan.Network{Name: f, CIDR: p})
	}
	if !ok {
		return nil
	}
	var out []netip.Prefix
	for _, s := range o.InternalRanges() {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}

// validateVPCNetwork checks one environment's VPC; explicit says whether the
// internal ranges come from the model or were derived from the VPCs.
func validateVPCNetwork(c *collector, vf string, e *Environment, internal []netip.Prefix, explicit bool) {
	v := e.VPC
	p, err := netip.ParsePrefix(v.CIDR)
	cidrOK := err == nil && netplan.CheckVPC(p) == nil
	if cidrOK && v.AZCount >= netplan.MinZones && v.AZCount <= netplan.MaxZones {
		if _, err := netplan.Plan(p, v.AZCount, v.SubnetPrefixLengths); err != nil {
			var se *netplan.SizeError
			switch {
			case errors.As(err, &se) && se.Tier != "":
				c.add(vf+".subnet_prefix_lengths."+string(se.Tier), se.Length, "%s", se.Msg)
			default:
				c.add(vf+".subnet_prefix_lengths", nil, "%v", err)
			}
		}
	}
	if cidrOK && internal != nil {
		covered := false
		for _, r := range internal {
			covered = covered || (r.Bits() < p.Bits() && r.Contains(p.Addr()))
		}
		switch err := netplan.CheckRoutes(p, internal); {
		case err != nil && explicit:
			c.add("network.internal_cidrs", nil, "for %s %q: %v", vf+".cidr", v.CIDR, err)
		case err != nil:
			c.add(vf+".cidr", v.CIDR, "fills a whole private range, so spokes cannot route that range to the Transit Gateway; set network.internal_cidrs to ranges that contain each VPC")
		case !covered && explicit:
			c.add(vf+".cidr", v.CIDR, "not within network.internal_cidrs; other VPCs would have no route to it")
		}
	}

	if ie := v.AppInternetEgress; ie != nil && strings.TrimSpace(ie.Reason) == "" {
		c.add(vf+".app_internet_egress.reason", ie.Reason, "is required: say what the app tier calls on the internet; it is recorded in the policy reports")
	}

	seen := map[netplan.Service]bool{}
	for i, s := range v.InterfaceEndpoints {
		f := fmt.Sprintf("%s.interface_endpoints[%d]", vf, i)
		if err := s.CheckInterface(); err != nil {
			c.add(f, string(s), "unknown interface endpoint service; known: %q", netplan.InterfaceServices())
		} else if seen[s] {
			c.add(f, string(s), "listed twice")
		}
		seen[s] = true
	}

	fl := v.FlowLogs
	switch fl.Destination {
	case FlowLogsCloudWatch:
		switch {
		case fl.RetentionDays < 1:
			c.add(vf+".flow_logs.retention_days", fl.RetentionDays, "must be a positive number of days")
		case e.Production && fl.RetentionDays < DefaultFlowLogRetentionDays:
			c.add(vf+".flow_logs.retention_days", fl.RetentionDays, "production keeps flow logs at least %d days", DefaultFlowLogRetentionDays)
		}
	case FlowLogsLogArchive:
		if fl.RetentionDays != 0 {
			c.add(vf+".flow_logs.retention_days", fl.RetentionDays, "applies to %q only; the log-archive bucket's lifecycle decides how long its logs are kept", FlowLogsCloudWatch)
		}
	default:
		c.add(vf+".flow_logs.destination", string(fl.Destination), "must be %q or %q", FlowLogsCloudWatch, FlowLogsLogArchive)
	}
}

func (o *Organization) validatePeerings(c *collector) {
	seen := map[[2]string]string{}
	for i, pr := range o.Network.Peerings {
		f := fmt.Sprintf("network.peerings[%d]", i)
		req, okReq := o.Environment(pr.Requester)
		acc, okAcc := o.Environment(pr.Accepter)
		if !okReq {
			c.add(f+".requester", pr.Requester, "unknown environment")
		}
		if !okAcc {
			c.add(f+".accepter", pr.Accepter, "unknown environment")
		}
		if !okReq || !okAcc {
			continue
		}
		if pr.Requester == pr.Accepter {
			c.add(f+".accepter", pr.Accepter, "a VPC cannot peer with itself")
			continue
		}
		if rs, as := req.Segment(), acc.Segment(); rs != as {
			c.add(f, nil, "peering %s (segment %s) with %s (segment %s) would bypass the Transit Gateway segmentation; production and non-production never reach each other", pr.Requester, rs, pr.Accepter, as)
		}
		key := [2]string{pr.Requester, pr.Accepter}
		slices.Sort(key[:])
		if other, dup := seen[key]; dup {
			c.add(f, nil, "joins %s and %s again (see %s)", pr.Requester, pr.Accepter, other)
		}
		seen[key] = f
	}
}
