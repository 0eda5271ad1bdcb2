package networkhub

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/defaultnetworkacl"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/defaultsecuritygroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/eip"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/internetgateway"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/natgateway"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/networkacl"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/route"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/routetable"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/routetableassociation"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/subnet"
	awsvpc "github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpc"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/awsregion"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/networkhub/netplan"
	"github.com/acme/landing-zone/constructs/tags"
)

// NATMode chooses how private subnets reach the internet.
type NATMode string

// NAT modes.
const (
	// NATNone gives private subnets no internet egress; AWS APIs are then
	// reachable only through endpoints.
	NATNone NATMode = "none"
	// NATSingle puts one NAT gateway in the first zone: cheapest, but an
	// outage of that zone cuts every zone's egress.
	NATSingle NATMode = "single"
	// NATPerAZ puts a NAT gateway in every zone, each serving its own
	// zone: survives a zone outage and avoids cross-zone data charges.
	NATPerAZ NATMode = "per-az"
)

// VPCProps configures a VPC. Name, CIDR, Zones and NAT are required; the zero
// value of every other field is the secure configuration.
type VPCProps struct {
	// Name prefixes resource names and Name tags, such as "acme-prod".
	Name string
	// CIDR is the VPC's IPv4 range, /16 to /28.
	CIDR string
	// Zones are the availability zone ids, two or three, in the stack's
	// region, such as use1-az1 (awsregion.Lookup(region).Zones(n), which
	// skips zones without Graviton instance types). Ids, not names: names
	// map to different physical zones in each account. They come in props
	// instead of from a data source so that plans are deterministic.
	Zones []string
	// NAT chooses the private subnets' internet egress.
	NAT NATMode
	// SubnetPrefixLengths sizes each tier; zero fields take
	// netplan.DefaultPrefixLengths.
	SubnetPrefixLengths netplan.PrefixLengths
	// MapPublicIPOnLaunch gives instances launched in public subnets a
	// public IP. Off: load balancers and NAT gateways do not need it, and
	// an instance with a public IP is reachable from the internet as soon
	// as a security group allows it.
	MapPublicIPOnLaunch bool
	// InterfaceEndpoints are services reached through interface endpoints
	// in the private subnets, with private DNS and their own security
	// group. S3 and DynamoDB always get gateway endpoints.
	InterfaceEndpoints []netplan.Service
	// EndpointPolicy restricts what every endpoint carries.
	EndpointPolicy EndpointPolicy
	// FlowLogs chooses where flow logs (all traffic) go.
	FlowLogs FlowLogs
	// Tags are added to the provider's default tags.
	Tags map[string]string
}

// Subnet is one subnet of the VPC.
type Subnet struct {
	// Zone is the availability zone id, such as use1-az1.
	Zone string
	// Key names the zone's slot in resource ids: a, b, c in zone order.
	Key  string
	CIDR string
	// ID and RouteTableID are tokens. AvailabilityZone is the zone's name
	// in this account (us-east-1d, say), known after apply: a token for
	// resources that take a zone name, such as RDS instances.
	ID               *string
	RouteTableID     *string
	AvailabilityZone *string
}

// VPC is the result of NewVPC.
type VPC struct {
	Name string
	// ID is the VPC id (a token).
	ID *string
	// CIDR is the VPC range; Layout has every subnet range, in plain Go.
	CIDR   string
	Zones  []string
	Layout netplan.Layout
	// Subnets are by tier, one per zone in zone order.
	Subnets map[netplan.Tier][]Subnet
	// NATGatewayIDs has one id per NAT gateway (none, one, or one per
	// zone).
	NATGatewayIDs []*string
	// EndpointSecurityGroupID guards the interface endpoints; nil without
	// them.
	EndpointSecurityGroupID *string
	// GatewayPrefixListIDs are the AWS prefix lists of the S3 and DynamoDB
	// gateway endpoints, for security group rules that admit exactly
	// those services.
	GatewayPrefixListIDs map[netplan.Service]*string
	// FlowLog is the VPC's flow log.
	FlowLog *FlowLog

	env        awsenv.Env
	scope      constructs.Construct
	id         string
	peers      []netip.Prefix
	privateACL networkacl.NetworkAcl
}

// SubnetIDs returns the ids of tier t's subnets in zone order.
func (v *VPC) SubnetIDs(t netplan.Tier) []*string {
	var out []*string
	for _, s := range v.Subnets[t] {
		out = append(out, s.ID)
	}
	return out
}

// RouteTableIDs returns the route table ids of the given tiers, zone by
// zone within each tier.
func (v *VPC) RouteTableIDs(tiers ...netplan.Tier) []*string {
	var out []*string
	for _, t := range tiers {
		for _, s := range v.Subnets[t] {
			out = append(out, s.RouteTableID)
		}
	}
	return out
}

// Name limits: IAM role names have at most 64 characters, and the flow log
// role is named <vpc>-flow-logs or <hub>-tgw-flow-logs.
const (
	maxVPCName = 64 - len("-flow-logs")
	maxHubName = 64 - len("-tgw-flow-logs")
)

// validate checks props in plain Go and returns the subnet layout.
func (p VPCProps) validate(id string) (netplan.Layout, error) {
	fail := func(format string, args ...any) (netplan.Layout, error) {
		return netplan.Layout{}, fmt.Errorf("networkhub vpc %s: "+format, append([]any{id}, args...)...)
	}
	if _, err := naming.Name(maxVPCName, p.Name); err != nil {
		return fail("Name: %v (it prefixes the flow log role's name, which IAM limits to 64)", err)
	}
	cidr, err := netplan.ParseCIDR(p.CIDR)
	if err != nil {
		return fail("CIDR %v", err)
	}
	if err := netplan.CheckVPC(cidr); err != nil {
		return fail("CIDR %v", err)
	}
	if len(p.Zones) < netplan.MinZones || len(p.Zones) > netplan.MaxZones {
		return fail("Zones %q: give %d or %d availability zones", p.Zones, netplan.MinZones, netplan.MaxZones)
	}
	for i, z := range p.Zones {
		if slices.Contains(p.Zones[:i], z) {
			return fail("Zones %q: %s listed twice", p.Zones, z)
		}
	}
	switch p.NAT {
	case NATNone, NATSingle, NATPerAZ:
	case "":
		return fail("NAT is required: choose %q, %q or %q", NATNone, NATSingle, NATPerAZ)
	default:
		return fail("NAT %q: must be %q, %q or %q", p.NAT, NATNone, NATSingle, NATPerAZ)
	}
	layout, err := netplan.Plan(cidr, len(p.Zones), p.SubnetPrefixLengths)
	if err != nil {
		return fail("SubnetPrefixLengths: %v", err)
	}
	for i, s := range p.InterfaceEndpoints {
		if err := s.CheckInterface(); err != nil {
			return fail("InterfaceEndpoints: %v", err)
		}
		if slices.Contains(p.InterfaceEndpoints[:i], s) {
			return fail("InterfaceEndpoints: %q listed twice", string(s))
		}
	}
	if err := p.EndpointPolicy.validate(); err != nil {
		return fail("EndpointPolicy: %v", err)
	}
	if err := p.FlowLogs.validate(); err != nil {
		return fail("FlowLogs: %v", err)
	}
	return layout, nil
}

// checkZones checks that the zones are zone ids of the stack's region. A
// zone without Graviton instance types (use1-az3) is accepted when asked
// for by id: awsregion.Zones never picks it.
func checkZones(id string, zones []string, region string) error {
	r, err := awsregion.Lookup(region)
	if err != nil {
		return fmt.Errorf("networkhub vpc %s: %w", id, err)
	}
	if len(zones) > len(r.ZoneIDs) {
		return fmt.Errorf("networkhub vpc %s: Zones %q: region %s has only %d availability zones (%s)", id, zones, region, len(r.ZoneIDs), strings.Join(r.ZoneIDs, ", "))
	}
	for _, z := range zones {
		if !r.HasZone(z) {
			return fmt.Errorf("networkhub vpc %s: Zones: %q is not an availability zone id of %s; use one of %s (ids, not names: names differ per account)", id, z, region, strings.Join(r.ZoneIDs, ", "))
		}
	}
	return nil
}

// NewVPC validates props and creates the VPC: subnets of three tiers in each
// zone, an internet gateway, NAT per props.NAT, a route table per tier and
// zone, tier network ACLs, the default security group and network ACL
// managed with no rules, S3 and DynamoDB gateway endpoints on the private
// and isolated route tables, the interface endpoints and the flow log.
func NewVPC(scope constructs.Construct, id string, props VPCProps) (*VPC, error) {
	layout, err := props.validate(id)
	if err != nil {
		return nil, err
	}
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fmt.Errorf("networkhub vpc %s: %w", id, err)
	}
	if err := checkZones(id, props.Zones, env.Region); err != nil {
		return nil, err
	}
	named := func(name string, extra ...map[string]string) *map[string]*string {
		return nameTags(props.Tags, name, extra...)
	}

	v := &VPC{
		Name: props.Name, CIDR: layout.VPC.String(), Zones: slices.Clone(props.Zones), Layout: layout,
		Subnets: map[netplan.Tier][]Subnet{}, env: env, scope: scope, id: id,
	}
	res := awsvpc.NewVpc(scope, jsii.String(id+"-vpc"), &awsvpc.VpcConfig{
		CidrBlock: jsii.String(v.CIDR),
		// Both are needed for private DNS of interface endpoints and for
		// resolving instances' names inside the VPC.
		EnableDnsSupport:   jsii.Bool(true),
		EnableDnsHostnames: jsii.Bool(true),
		Tags:               named(props.Name),
	})
	v.ID = res.Id()

	// Managed with no rules: anything launched without a security group
	// can talk to nothing, and rules added by hand are removed on apply.
	defaultsecuritygroup.NewDefaultSecurityGroup(scope, jsii.String(id+"-default-sg"), &defaultsecuritygroup.DefaultSecurityGroupConfig{
		VpcId:   v.ID,
		Ingress: &[]*defaultsecuritygroup.DefaultSecurityGroupIngress{},
		Egress:  &[]*defaultsecuritygroup.DefaultSecurityGroupEgress{},
		Tags:    named(props.Name + "-default-do-not-use"),
	})
	// No entries: a subnet that falls back to the default ACL is cut off
	// instead of open. Every subnet here is associated with a tier ACL;
	// subnet_ids is ignored because AWS moves subnets in and out of the
	// default ACL as associations change.
	defaultnetworkacl.NewDefaultNetworkAcl(scope, jsii.String(id+"-default-nacl"), &defaultnetworkacl.DefaultNetworkAclConfig{
		DefaultNetworkAclId: res.DefaultNetworkAclId(),
		Lifecycle:           &cdktf.TerraformResourceLifecycle{IgnoreChanges: &[]*string{jsii.String("subnet_ids")}},
		Tags:                named(props.Name + "-default-do-not-use"),
	})

	igw := internetgateway.NewInternetGateway(scope, jsii.String(id+"-igw"), &internetgateway.InternetGatewayConfig{
		VpcId: v.ID,
		Tags:  named(props.Name),
	})

	for _, tier := range netplan.Tiers {
		for z, cidr := range layout.Subnets(tier) {
			zone := props.Zones[z]
			rid := fmt.Sprintf("%s-%s-%s", id, tier, zoneKey(z))
			name := fmt.Sprintf("%s-%s-%s", props.Name, tier, zone)
			sn := subnet.NewSubnet(scope, jsii.String(rid), &subnet.SubnetConfig{
				VpcId:     v.ID,
				CidrBlock: jsii.String(cidr.String()),
				// By id: the same physical zone in every account
				// (issue 15, finding 17). availability_zone and
				// availability_zone_id conflict in aws_subnet.
				AvailabilityZoneId:  jsii.String(zone),
				MapPublicIpOnLaunch: jsii.Bool(tier == netplan.Public && props.MapPublicIPOnLaunch),
				Tags:                named(name, map[string]string{"Tier": string(tier)}),
			})
			rt := routetable.NewRouteTable(scope, jsii.String(rid+"-rt"), &routetable.RouteTableConfig{
				VpcId: v.ID,
				Tags:  named(name, map[string]string{"Tier": string(tier)}),
			})
			routetableassociation.NewRouteTableAssociation(scope, jsii.String(rid+"-rta"), &routetableassociation.RouteTableAssociationConfig{
				SubnetId:     sn.Id(),
				RouteTableId: rt.Id(),
			})
			v.Subnets[tier] = append(v.Subnets[tier], Subnet{Zone: zone, Key: zoneKey(z), CIDR: cidr.String(), ID: sn.Id(), RouteTableID: rt.Id(), AvailabilityZone: sn.AvailabilityZone()})
		}
	}

	for _, s := range v.Subnets[netplan.Public] {
		route.NewRoute(scope, jsii.String(fmt.Sprintf("%s-public-%s-internet", id, s.Key)), &route.RouteConfig{
			RouteTableId:         s.RouteTableID,
			DestinationCidrBlock: jsii.String("0.0.0.0/0"),
			GatewayId:            igw.Id(),
		})
	}
	v.nat(props, igw, named)

	for _, tier := range netplan.Tiers {
		rules := tierACL(tier, layout, nil)
		ids := v.SubnetIDs(tier)
		acl := networkacl.NewNetworkAcl(scope, jsii.String(fmt.Sprintf("%s-%s-nacl", id, tier)), &networkacl.NetworkAclConfig{
			VpcId:     v.ID,
			SubnetIds: &ids,
			Ingress:   renderIngress(rules.ingress),
			Egress:    renderEgress(rules.egress),
			Tags:      named(fmt.Sprintf("%s-%s", props.Name, tier), map[string]string{"Tier": string(tier)}),
		})
		if tier == netplan.Private {
			v.privateACL = acl
		}
	}

	if err := v.endpoints(props, named); err != nil {
		return nil, err
	}
	fl, err := newFlowLog(scope, id, props.Name, flowLogTarget{vpcID: v.ID}, props.FlowLogs, env, props.Tags)
	if err != nil {
		return nil, fmt.Errorf("networkhub vpc %s: %w", id, err)
	}
	v.FlowLog = fl
	return v, nil
}

// nat creates the NAT gateways, each with an Elastic IP, in the public
// subnets, and the private subnets' default routes through them.
func (v *VPC) nat(props VPCProps, igw internetgateway.InternetGateway, named func(string, ...map[string]string) *map[string]*string) {
	var gateways []*string
	var count int
	switch props.NAT {
	case NATSingle:
		count = 1
	case NATPerAZ:
		count = len(v.Zones)
	}
	for z := 0; z < count; z++ {
		pub := v.Subnets[netplan.Public][z]
		rid := fmt.Sprintf("%s-nat-%s", v.id, pub.Key)
		name := fmt.Sprintf("%s-nat-%s", props.Name, pub.Zone)
		// The address and the gateway need the internet gateway first,
		// as AWS documents; Terraform cannot see that dependency.
		ip := eip.NewEip(v.scope, jsii.String(rid+"-eip"), &eip.EipConfig{
			Domain:    jsii.String("vpc"),
			Tags:      named(name),
			DependsOn: &[]cdktf.ITerraformDependable{igw},
		})
		gw := natgateway.NewNatGateway(v.scope, jsii.String(rid), &natgateway.NatGatewayConfig{
			AllocationId: ip.AllocationId(),
			SubnetId:     pub.ID,
			Tags:         named(name),
			DependsOn:    &[]cdktf.ITerraformDependable{igw},
		})
		gateways = append(gateways, gw.Id())
	}
	v.NATGatewayIDs = gateways
	if len(gateways) == 0 {
		return
	}
	for z, s := range v.Subnets[netplan.Private] {
		gw := gateways[0]
		if len(gateways) > 1 {
			gw = gateways[z]
		}
		route.NewRoute(v.scope, jsii.String(fmt.Sprintf("%s-private-%s-nat", v.id, s.Key)), &route.RouteConfig{
			RouteTableId:         s.RouteTableID,
			DestinationCidrBlock: jsii.String("0.0.0.0/0"),
			NatGatewayId:         gw,
		})
	}
}

// admitted returns the private tier's ACL entries once ranges outside the
// VPC (Transit Gateway spokes, peers) are admitted, or an error when they
// exceed the ACL quota. It changes nothing.
func (v *VPC) admitted(ranges ...netip.Prefix) ([]netip.Prefix, aclRules, error) {
	next := slices.Clone(v.peers)
	for _, r := range ranges {
		if !slices.Contains(next, r) {
			next = append(next, r)
		}
	}
	rules := tierACL(netplan.Private, v.Layout, next)
	if err := rules.check(); err != nil {
		return nil, aclRules{}, fmt.Errorf("vpc %s private network ACL: %w", v.Name, err)
	}
	return next, rules, nil
}

// admit lets ranges outside the VPC into the private tier's network ACL.
// Callers check with admitted first, so that a failure changes nothing.
func (v *VPC) admit(ranges ...netip.Prefix) error {
	next, rules, err := v.admitted(ranges...)
	if err != nil {
		return err
	}
	v.peers = next
	v.privateACL.PutIngress(renderIngress(rules.ingress))
	return nil
}

// nameTags are base, then extra, then a Name tag: what every resource here
// carries on top of the provider's default tags.
func nameTags(base map[string]string, name string, extra ...map[string]string) *map[string]*string {
	all := append(append([]map[string]string{base}, extra...), map[string]string{"Name": name})
	return tags.Ptrs(tags.Merge(all...))
}

// zoneKey names the z-th zone's slot in resource ids: a, b, c. Slots keep
// resource ids short and stable: adding a zone adds resources and renames
// none.
func zoneKey(z int) string { return string(rune('a' + z)) }
