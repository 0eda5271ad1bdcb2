package networkhub

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/ec2transitgatewayroutetableassociation"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/ec2transitgatewayroutetablepropagation"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/ec2transitgatewayvpcattachment"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/ec2transitgatewayvpcattachmentaccepter"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/route"

	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/networkhub/netplan"
	"github.com/acme/landing-zone/constructs/tags"
)

// SpokeProps attaches a VPC to the hub from the VPC's own account. VPC,
// TransitGatewayID and InternalCIDRs are required.
type SpokeProps struct {
	VPC *VPC
	// TransitGatewayID is the hub's id, shared to this account through
	// RAM (a token from the network stack, or a plain id).
	TransitGatewayID *string
	// InternalCIDRs are the ranges routed to the Transit Gateway from the
	// private route tables, such as 10.0.0.0/8: every other VPC and
	// on-premises network the workloads may reach. They must contain the
	// VPC's range or lie outside it. NewSpokeRoutes makes the routes.
	InternalCIDRs []string
	// AdmittedCIDRs are the ranges the private tier's network ACL admits
	// from the Transit Gateway: the VPCs of the segments this VPC's
	// segment reaches (netplan.Reachable), never a summary such as
	// 10.0.0.0/8, which would also admit the segments the Transit Gateway
	// keeps apart. Empty admits none: the private tier then answers only
	// its own VPC and peers.
	AdmittedCIDRs []string
	Tags          map[string]string
}

// Spoke is the result of NewSpoke.
type Spoke struct {
	// AttachmentID is the Transit Gateway attachment, pending acceptance
	// by the network account (NewSpokeAcceptance).
	AttachmentID *string

	transitGatewayID *string
	routeTables      []Subnet
	ranges           []netip.Prefix
}

func (p SpokeProps) validate(id string) (routes, admitted []netip.Prefix, err error) {
	fail := func(format string, args ...any) ([]netip.Prefix, []netip.Prefix, error) {
		return nil, nil, fmt.Errorf("networkhub spoke %s: "+format, append([]any{id}, args...)...)
	}
	if p.VPC == nil {
		return fail("VPC is required")
	}
	if p.TransitGatewayID == nil {
		return fail("TransitGatewayID is required")
	}
	if len(p.InternalCIDRs) == 0 {
		return fail("InternalCIDRs is required: the ranges to route to the Transit Gateway, such as 10.0.0.0/8")
	}
	routes, err = parseCIDRs(p.InternalCIDRs)
	if err != nil {
		return fail("InternalCIDRs: %v", err)
	}
	if err := netplan.CheckRoutes(p.VPC.Layout.VPC, routes); err != nil {
		return fail("InternalCIDRs: %v", err)
	}
	admitted, err = parseCIDRs(p.AdmittedCIDRs)
	if err != nil {
		return fail("AdmittedCIDRs: %v", err)
	}
	for _, a := range admitted {
		if a.Overlaps(p.VPC.Layout.VPC) {
			return fail("AdmittedCIDRs: %s overlaps the VPC's own range %s, which the network ACL admits already", a, p.VPC.Layout.VPC)
		}
		if !slices.ContainsFunc(routes, func(r netip.Prefix) bool { return r.Bits() <= a.Bits() && r.Contains(a.Addr()) }) {
			return fail("AdmittedCIDRs: %s lies outside InternalCIDRs %q: no route reaches it through the Transit Gateway", a, p.InternalCIDRs)
		}
	}
	return routes, admitted, nil
}

func parseCIDRs(ss []string) ([]netip.Prefix, error) {
	out := make([]netip.Prefix, 0, len(ss))
	for _, s := range ss {
		p, err := netplan.ParseCIDR(s)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// NewSpoke validates props and attaches the VPC to the hub through its
// private subnets, one per zone, and admits AdmittedCIDRs into the private
// tier's network ACL. The isolated tier is reachable from the private tier
// only.
//
// It makes no routes: the hub does not accept shared attachments
// automatically, and until the network account accepts the attachment
// (NewSpokeAcceptance), a route to the Transit Gateway fails with
// InvalidTransitGatewayID.NotFound or is left a blackhole, and the first
// apply fails (hashicorp/terraform-provider-aws issue 10025,
// https://github.com/hashicorp/terraform-provider-aws/issues/10025; the
// attachment resource returns as soon as the attachment is
// pendingAcceptance, pull request 7489). NewSpokeRoutes makes the routes in
// a stack of the VPC's account applied after the acceptance; with a hub that
// accepts automatically, call it in the same stack.
func NewSpoke(scope constructs.Construct, id string, props SpokeProps) (*Spoke, error) {
	ranges, admitted, err := props.validate(id)
	if err != nil {
		return nil, err
	}
	if err := props.VPC.admit(admitted...); err != nil {
		return nil, fmt.Errorf("networkhub spoke %s: %w", id, err)
	}
	name := props.VPC.Name
	subnets := props.VPC.SubnetIDs(netplan.Private)
	att := ec2transitgatewayvpcattachment.NewEc2TransitGatewayVpcAttachment(scope, jsii.String(id+"-attachment"), &ec2transitgatewayvpcattachment.Ec2TransitGatewayVpcAttachmentConfig{
		TransitGatewayId: props.TransitGatewayID,
		VpcId:            props.VPC.ID,
		SubnetIds:        &subnets,
		DnsSupport:       jsii.String("enable"),
		Tags:             tags.Ptrs(tags.Merge(props.Tags, map[string]string{"Name": name})),
	})
	return &Spoke{
		AttachmentID:     att.Id(),
		transitGatewayID: props.TransitGatewayID,
		routeTables:      slices.Clone(props.VPC.Subnets[netplan.Private]),
		ranges:           ranges,
	}, nil
}

// SpokeRoutesProps routes a spoke's private subnets to the hub. Spoke is
// required.
type SpokeRoutesProps struct {
	// Spoke is NewSpoke's result, usually from the VPC's stack.
	Spoke *Spoke
}

// NewSpokeRoutes routes the spoke's InternalCIDRs from each private route
// table to the Transit Gateway. Put it in a stack of the VPC's account that
// is applied after the network account has accepted the attachment (see
// NewSpoke); scope may be that other stack, and the route table ids then
// cross stacks as references.
func NewSpokeRoutes(scope constructs.Construct, id string, props SpokeRoutesProps) error {
	if props.Spoke == nil {
		return fmt.Errorf("networkhub spoke routes %s: Spoke is required", id)
	}
	for _, s := range props.Spoke.routeTables {
		for _, r := range props.Spoke.ranges {
			route.NewRoute(scope, jsii.String(fmt.Sprintf("%s-private-%s-%s", id, s.Key, cidrID(r))), &route.RouteConfig{
				RouteTableId:         s.RouteTableID,
				DestinationCidrBlock: jsii.String(r.String()),
				TransitGatewayId:     props.Spoke.transitGatewayID,
			})
		}
	}
	return nil
}

// cidrID turns a range into a resource id part: 10.0.0.0/8 is 10-0-0-0-8.
func cidrID(p netip.Prefix) string {
	return strings.NewReplacer(".", "-", "/", "-").Replace(p.String())
}

// AcceptedSpoke is one attachment for the network account to accept.
type AcceptedSpoke struct {
	// Name identifies the spoke in resource names, such as the
	// environment's name.
	Name string
	// AttachmentID is Spoke.AttachmentID from the spoke's stack.
	AttachmentID *string
	// CIDR is the spoke VPC's range, checked against the other spokes.
	CIDR string
	// Segment decides the route table the spoke is associated with and
	// the ones it propagates to.
	Segment netplan.Segment
}

// SpokeAcceptanceProps accepts spokes into the hub. Hub and Spokes are
// required.
type SpokeAcceptanceProps struct {
	Hub    *Hub
	Spokes []AcceptedSpoke
	Tags   map[string]string
}

// SpokeAcceptance is the result of NewSpokeAcceptance.
type SpokeAcceptance struct {
	// AttachmentIDs are the accepted attachments by spoke name.
	AttachmentIDs map[string]*string
}

func (p SpokeAcceptanceProps) validate(id string) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("networkhub spoke acceptance %s: "+format, append([]any{id}, args...)...)
	}
	if p.Hub == nil {
		return fail("Hub is required")
	}
	if len(p.Spokes) == 0 {
		return fail("Spokes is required")
	}
	var nets []netplan.Network
	var names []string
	for _, s := range p.Spokes {
		if _, err := naming.Name(64, s.Name); err != nil {
			return fail("spoke Name: %v", err)
		}
		if slices.Contains(names, s.Name) {
			return fail("spoke %s listed twice", s.Name)
		}
		names = append(names, s.Name)
		if s.AttachmentID == nil {
			return fail("spoke %s: AttachmentID is required", s.Name)
		}
		if _, err := netplan.ParseSegment(string(s.Segment)); err != nil {
			return fail("spoke %s: %v", s.Name, err)
		}
		cidr, err := netplan.ParseCIDR(s.CIDR)
		if err != nil {
			return fail("spoke %s: CIDR %v", s.Name, err)
		}
		nets = append(nets, netplan.Network{Name: "spoke " + s.Name, CIDR: cidr})
	}
	if err := netplan.CheckOverlaps(nets); err != nil {
		return fail("%v", err)
	}
	return nil
}

// NewSpokeAcceptance validates props and, in the network account, accepts
// each spoke's attachment, associates it with its segment's route table and
// propagates its routes to the route tables of the segments that may reach
// it (netplan.Segment.PropagatesTo). Spokes overlapping each other are
// rejected: the Transit Gateway would silently drop the second one's
// routes.
//
// It is a separate construct from NewHub because the attachments come from
// the workload stacks, which themselves need the hub: put it in a stack of
// the network account deployed after them.
func NewSpokeAcceptance(scope constructs.Construct, id string, props SpokeAcceptanceProps) (*SpokeAcceptance, error) {
	if err := props.validate(id); err != nil {
		return nil, err
	}
	out := &SpokeAcceptance{AttachmentIDs: map[string]*string{}}
	for _, s := range props.Spokes {
		sid := fmt.Sprintf("%s-%s", id, s.Name)
		acc := ec2transitgatewayvpcattachmentaccepter.NewEc2TransitGatewayVpcAttachmentAccepter(scope, jsii.String(sid+"-accept"), &ec2transitgatewayvpcattachmentaccepter.Ec2TransitGatewayVpcAttachmentAccepterConfig{
			TransitGatewayAttachmentId:                 s.AttachmentID,
			TransitGatewayDefaultRouteTableAssociation: jsii.Bool(false),
			TransitGatewayDefaultRouteTablePropagation: jsii.Bool(false),
			Tags: tags.Ptrs(tags.Merge(props.Tags, map[string]string{"Name": s.Name, "Segment": string(s.Segment)})),
		})
		// The accepter's id is the attachment id: referencing it orders
		// association and propagation after the acceptance.
		attachment := acc.Id()
		ec2transitgatewayroutetableassociation.NewEc2TransitGatewayRouteTableAssociation(scope, jsii.String(sid+"-association"), &ec2transitgatewayroutetableassociation.Ec2TransitGatewayRouteTableAssociationConfig{
			TransitGatewayAttachmentId: attachment,
			TransitGatewayRouteTableId: props.Hub.RouteTableIDs[s.Segment],
		})
		for _, to := range s.Segment.PropagatesTo() {
			ec2transitgatewayroutetablepropagation.NewEc2TransitGatewayRouteTablePropagation(scope, jsii.String(fmt.Sprintf("%s-propagation-%s", sid, to)), &ec2transitgatewayroutetablepropagation.Ec2TransitGatewayRouteTablePropagationConfig{
				TransitGatewayAttachmentId: attachment,
				TransitGatewayRouteTableId: props.Hub.RouteTableIDs[to],
			})
		}
		out.AttachmentIDs[s.Name] = attachment
	}
	return out, nil
}
