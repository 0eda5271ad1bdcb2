package networkhub

import (
	"fmt"
	"net/netip"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/route"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcpeeringconnection"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcpeeringconnectionaccepter"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/awsregion"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/networkhub/netplan"
	"github.com/acme/landing-zone/constructs/tags"
)

// RemoteVPC describes the accepter side of a peering that lives in another
// account or region, and so in another stack.
type RemoteVPC struct {
	// Name identifies the peer in names and errors.
	Name string
	// ID is the peer VPC's id (a token from its stack, or a plain id).
	ID        *string
	CIDR      string
	AccountID string
	Region    string
}

// PeeringProps peers Requester, a VPC of this stack, with either Peer,
// another VPC of this stack (same account and region), or Remote. Exactly
// one of Peer and Remote is required.
type PeeringProps struct {
	Requester *VPC
	Peer      *VPC
	Remote    *RemoteVPC
	Tags      map[string]string
}

// Peering is the result of NewPeering.
type Peering struct {
	// ConnectionID is the peering connection; a remote accepter passes it
	// to NewPeeringAccepter.
	ConnectionID *string
}

func (p PeeringProps) validate(id string) (requester, peer netip.Prefix, err error) {
	fail := func(format string, args ...any) (netip.Prefix, netip.Prefix, error) {
		return netip.Prefix{}, netip.Prefix{}, fmt.Errorf("networkhub peering %s: "+format, append([]any{id}, args...)...)
	}
	if p.Requester == nil {
		return fail("Requester is required")
	}
	if (p.Peer == nil) == (p.Remote == nil) {
		return fail("give exactly one of Peer (a VPC of this stack) and Remote (a VPC in another account or region)")
	}
	peerName := ""
	if p.Peer != nil {
		if p.Peer == p.Requester {
			return fail("a VPC cannot peer with itself")
		}
		peer, peerName = p.Peer.Layout.VPC, p.Peer.Name
	} else {
		r := p.Remote
		if _, err := naming.Name(64, r.Name); err != nil {
			return fail("Remote.Name: %v", err)
		}
		if r.ID == nil {
			return fail("Remote.ID is required")
		}
		if !acctRE.MatchString(r.AccountID) {
			return fail("Remote.AccountID %q: not a 12-digit account id", r.AccountID)
		}
		if _, err := awsregion.Lookup(r.Region); err != nil {
			return fail("Remote.Region: %v", err)
		}
		if peer, err = netplan.ParseCIDR(r.CIDR); err != nil {
			return fail("Remote.CIDR %v", err)
		}
		peerName = r.Name
	}
	requester = p.Requester.Layout.VPC
	if err := netplan.CheckOverlaps([]netplan.Network{{Name: "VPC " + p.Requester.Name, CIDR: requester}, {Name: "VPC " + peerName, CIDR: peer}}); err != nil {
		return fail("%v", err)
	}
	return requester, peer, nil
}

// NewPeering validates props and creates a VPC peering connection with
// routes from the requester's private subnets to the peer. With Peer (same
// account and region) the connection is accepted here and the peer gets the
// routes back; with Remote, the remote stack accepts it and adds its routes
// with NewPeeringAccepter.
//
// Peering is the small-scale option for two or three VPCs: it is not
// transitive, and every pair needs its own connection. The isolated tiers
// get no routes, so they stay reachable from their own private tier only.
func NewPeering(scope constructs.Construct, id string, props PeeringProps) (*Peering, error) {
	reqCIDR, peerCIDR, err := props.validate(id)
	if err != nil {
		return nil, err
	}
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fmt.Errorf("networkhub peering %s: %w", id, err)
	}
	if _, _, err := props.Requester.admitted(peerCIDR); err != nil {
		return nil, fmt.Errorf("networkhub peering %s: %w", id, err)
	}
	if props.Peer != nil {
		if _, _, err := props.Peer.admitted(reqCIDR); err != nil {
			return nil, fmt.Errorf("networkhub peering %s: %w", id, err)
		}
		if err := props.Peer.admit(reqCIDR); err != nil {
			return nil, fmt.Errorf("networkhub peering %s: %w", id, err)
		}
	}
	if err := props.Requester.admit(peerCIDR); err != nil {
		return nil, fmt.Errorf("networkhub peering %s: %w", id, err)
	}
	cfg := &vpcpeeringconnection.VpcPeeringConnectionConfig{VpcId: props.Requester.ID}
	peerName := ""
	if props.Peer != nil {
		cfg.PeerVpcId = props.Peer.ID
		// Same account and region: the requester can accept its own
		// request.
		cfg.AutoAccept = jsii.Bool(true)
		peerName = props.Peer.Name
	} else {
		cfg.PeerVpcId = props.Remote.ID
		cfg.PeerOwnerId = jsii.String(props.Remote.AccountID)
		if props.Remote.Region != env.Region {
			cfg.PeerRegion = jsii.String(props.Remote.Region)
		}
		peerName = props.Remote.Name
	}
	cfg.Tags = tags.Ptrs(tags.Merge(props.Tags, map[string]string{"Name": props.Requester.Name + "-to-" + peerName}))
	conn := vpcpeeringconnection.NewVpcPeeringConnection(scope, jsii.String(id+"-peering"), cfg)

	peeringRoutes(scope, id+"-requester", props.Requester, peerCIDR, conn.Id())
	if props.Peer != nil {
		peeringRoutes(scope, id+"-peer", props.Peer, reqCIDR, conn.Id())
	}
	return &Peering{ConnectionID: conn.Id()}, nil
}

// peeringRoutes routes dest from v's private route tables through the
// peering connection.
func peeringRoutes(scope constructs.Construct, id string, v *VPC, dest netip.Prefix, connectionID *string) {
	for _, s := range v.Subnets[netplan.Private] {
		route.NewRoute(scope, jsii.String(fmt.Sprintf("%s-private-%s", id, s.Key)), &route.RouteConfig{
			RouteTableId:           s.RouteTableID,
			DestinationCidrBlock:   jsii.String(dest.String()),
			VpcPeeringConnectionId: connectionID,
		})
	}
}

// PeeringAccepterProps accepts a peering requested from another account or
// region. All fields but Tags are required.
type PeeringAccepterProps struct {
	// VPC is the accepter VPC, in this stack.
	VPC *VPC
	// ConnectionID is Peering.ConnectionID from the requester's stack.
	ConnectionID *string
	// RequesterName and RequesterCIDR describe the requester VPC.
	RequesterName string
	RequesterCIDR string
	Tags          map[string]string
}

// NewPeeringAccepter validates props, accepts the peering connection and
// routes the requester's range from the accepter's private subnets.
//
// Put it in a stack of the accepter's account and region deployed after the
// requester's, not in the accepter VPC's own stack: the requester needs that
// VPC's id and the acceptance needs the requester's connection id, and
// CDKTF refuses the cycle. (With RemoteVPC.ID given as a plain id instead of
// a reference, the VPC's own stack works too.)
func NewPeeringAccepter(scope constructs.Construct, id string, props PeeringAccepterProps) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("networkhub peering accepter %s: "+format, append([]any{id}, args...)...)
	}
	if props.VPC == nil || props.ConnectionID == nil {
		return fail("VPC and ConnectionID are required")
	}
	if _, err := naming.Name(64, props.RequesterName); err != nil {
		return fail("RequesterName: %v", err)
	}
	reqCIDR, err := netplan.ParseCIDR(props.RequesterCIDR)
	if err != nil {
		return fail("RequesterCIDR %v", err)
	}
	if err := netplan.CheckOverlaps([]netplan.Network{{Name: "VPC " + props.VPC.Name, CIDR: props.VPC.Layout.VPC}, {Name: "VPC " + props.RequesterName, CIDR: reqCIDR}}); err != nil {
		return fail("%v", err)
	}
	if err := props.VPC.admit(reqCIDR); err != nil {
		return fail("%v", err)
	}
	acc := vpcpeeringconnectionaccepter.NewVpcPeeringConnectionAccepterA(scope, jsii.String(id+"-accept"), &vpcpeeringconnectionaccepter.VpcPeeringConnectionAccepterAConfig{
		VpcPeeringConnectionId: props.ConnectionID,
		AutoAccept:             jsii.Bool(true),
		Tags:                   tags.Ptrs(tags.Merge(props.Tags, map[string]string{"Name": props.RequesterName + "-to-" + props.VPC.Name})),
	})
	// Routing through the accepter's id waits for the acceptance.
	peeringRoutes(scope, id+"-accepter", props.VPC, reqCIDR, acc.Id())
	return nil
}
