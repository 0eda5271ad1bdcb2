package networkhub

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/ec2transitgateway"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/ec2transitgatewayroutetable"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/ramprincipalassociation"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/ramresourceassociation"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/ramresourceshare"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/networkhub/netplan"
)

// HubProps configures the Transit Gateway hub. Name and SharePrincipals are
// required.
type HubProps struct {
	// Name prefixes resource names, such as "acme".
	Name string
	// ASN is the Amazon side ASN, a private ASN; default 64512.
	ASN int64
	// SharePrincipals receive the Transit Gateway through RAM: the
	// organization's ARN (arn:aws:organizations::<management>:organization/o-...),
	// OU ARNs or account ids. Sharing with the organization or an OU needs
	// RAM sharing with AWS Organizations enabled in the management account.
	SharePrincipals []string
	// FlowLogs records the traffic through the Transit Gateway;
	// AggregationSeconds must stay 60, the only interval it supports.
	FlowLogs FlowLogs
	Tags     map[string]string
}

// Hub is the result of NewHub.
type Hub struct {
	Name string
	// ID and ARN are the Transit Gateway's (tokens).
	ID, ARN *string
	// RouteTableIDs are the route tables by segment.
	RouteTableIDs map[netplan.Segment]*string
	// ResourceShareARN is the RAM share of the Transit Gateway.
	ResourceShareARN *string
	FlowLog          *FlowLog
}

var (
	orgARNRE = regexp.MustCompile(`^arn:aws[a-z-]*:organizations::[0-9]{12}:organization/o-[a-z0-9]{10,32}$`)
	ouARNRE  = regexp.MustCompile(`^arn:aws[a-z-]*:organizations::[0-9]{12}:ou/o-[a-z0-9]{10,32}/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$`)
	acctRE   = regexp.MustCompile(`^[0-9]{12}$`)
)

func (p HubProps) validate(id string) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("networkhub hub %s: "+format, append([]any{id}, args...)...)
	}
	if _, err := naming.Name(maxHubName, p.Name); err != nil {
		return fail("Name: %v", err)
	}
	if err := netplan.CheckASN(p.ASN); p.ASN != 0 && err != nil {
		return fail("%v", err)
	}
	if len(p.SharePrincipals) == 0 {
		return fail("SharePrincipals is required: the organization ARN, OU ARNs or account ids that attach VPCs")
	}
	for i, pr := range p.SharePrincipals {
		if !orgARNRE.MatchString(pr) && !ouARNRE.MatchString(pr) && !acctRE.MatchString(pr) {
			return fail("SharePrincipals %q: not an organization ARN, OU ARN or 12-digit account id", pr)
		}
		if slices.Contains(p.SharePrincipals[:i], pr) {
			return fail("SharePrincipals %q: listed twice", pr)
		}
	}
	if err := p.FlowLogs.validate(); err != nil {
		return fail("FlowLogs: %v", err)
	}
	if p.FlowLogs.AggregationSeconds == 600 {
		return fail("FlowLogs: AggregationSeconds 600: Transit Gateway flow logs support 60 only")
	}
	return nil
}

// NewHub validates props and creates the Transit Gateway of the network
// account: shared attachments are never accepted automatically and never
// join a default route table, so that every spoke is accepted, associated
// and propagated on purpose (NewSpokeAcceptance). It has one route table per
// segment, a RAM share to the principals, and a flow log.
func NewHub(scope constructs.Construct, id string, props HubProps) (*Hub, error) {
	if err := props.validate(id); err != nil {
		return nil, err
	}
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fmt.Errorf("networkhub hub %s: %w", id, err)
	}
	asn := props.ASN
	if asn == 0 {
		asn = netplan.DefaultASN
	}
	named := func(name string, extra ...map[string]string) *map[string]*string {
		return nameTags(props.Tags, name, extra...)
	}
	name := props.Name + "-tgw"
	tgw := ec2transitgateway.NewEc2TransitGateway(scope, jsii.String(id+"-tgw"), &ec2transitgateway.Ec2TransitGatewayConfig{
		Description:                  jsii.String("Hub of " + props.Name + ": segmented routing between VPCs"),
		AmazonSideAsn:                jsii.Number(float64(asn)),
		AutoAcceptSharedAttachments:  jsii.String("disable"),
		DefaultRouteTableAssociation: jsii.String("disable"),
		DefaultRouteTablePropagation: jsii.String("disable"),
		DnsSupport:                   jsii.String("enable"),
		VpnEcmpSupport:               jsii.String("enable"),
		MulticastSupport:             jsii.String("disable"),
		Tags:                         named(name),
	})
	h := &Hub{Name: name, ID: tgw.Id(), ARN: tgw.Arn(), RouteTableIDs: map[netplan.Segment]*string{}}
	for _, seg := range netplan.Segments {
		rt := ec2transitgatewayroutetable.NewEc2TransitGatewayRouteTable(scope, jsii.String(fmt.Sprintf("%s-%s-rt", id, seg)), &ec2transitgatewayroutetable.Ec2TransitGatewayRouteTableConfig{
			TransitGatewayId: tgw.Id(),
			Tags:             named(fmt.Sprintf("%s-%s", name, seg), map[string]string{"Segment": string(seg)}),
		})
		h.RouteTableIDs[seg] = rt.Id()
	}

	share := ramresourceshare.NewRamResourceShare(scope, jsii.String(id+"-share"), &ramresourceshare.RamResourceShareConfig{
		Name: jsii.String(name),
		// Only the organization's own accounts may attach.
		AllowExternalPrincipals: jsii.Bool(false),
		Tags:                    named(name),
	})
	h.ResourceShareARN = share.Arn()
	ramresourceassociation.NewRamResourceAssociation(scope, jsii.String(id+"-share-tgw"), &ramresourceassociation.RamResourceAssociationConfig{
		ResourceArn:      tgw.Arn(),
		ResourceShareArn: share.Arn(),
	})
	for _, pr := range props.SharePrincipals {
		ramprincipalassociation.NewRamPrincipalAssociation(scope, jsii.String(id+"-share-"+principalID(pr)), &ramprincipalassociation.RamPrincipalAssociationConfig{
			Principal:        jsii.String(pr),
			ResourceShareArn: share.Arn(),
		})
	}

	fl, err := newFlowLog(scope, id, name, flowLogTarget{transitGatewayID: tgw.Id()}, props.FlowLogs, env, props.Tags)
	if err != nil {
		return nil, fmt.Errorf("networkhub hub %s: %w", id, err)
	}
	h.FlowLog = fl
	return h, nil
}

// principalID names a principal association by the id at the end of the
// principal (account, organization or OU id), so that reordering the list
// replaces nothing.
func principalID(principal string) string {
	if i := strings.LastIndexAny(principal, "/"); i >= 0 {
		return principal[i+1:]
	}
	return principal
}
