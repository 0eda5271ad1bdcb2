package stacks

import (
	"fmt"
	"net/netip"

	"github.com/acme/landing-zone/constructs/auroracluster"
	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/awsregion"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/networkhub"
	"github.com/acme/landing-zone/constructs/networkhub/netplan"
	"github.com/acme/landing-zone/constructs/snstopic"
	"github.com/acme/landing-zone/stacks/org"
)

// NetworkAttachmentsStack accepts the workloads' Transit Gateway attachments
// in the network account and puts each in its segment. It is deployed after
// the workload stacks that create the attachments: the two steps live in
// different accounts, and a stack cannot both precede and follow another.
const NetworkAttachmentsStack = "network-attachments"

// SpokeRoutesStackName is the stack in an environment's account that routes
// its private subnets to the Transit Gateway. It is applied after
// network-attachments: a route to a Transit Gateway whose attachment is
// still pending acceptance fails with InvalidTransitGatewayID.NotFound or is
// left a blackhole until a second apply
// (https://github.com/hashicorp/terraform-provider-aws/issues/10025), and
// the acceptance happens in another account. The stack declares that
// dependency, so `cdktf deploy` orders it.
func SpokeRoutesStackName(env string) string { return "spoke-routes-" + env }

// network is the network account's stack: the Transit Gateway hub, shared
// with the organization.
func (b *builder) network() error {
	st, env, err := b.newStack(NetworkStack, RoleNetwork, b.mustAccount(org.KindNetwork), b.org.HomeRegion, "")
	if err != nil {
		return err
	}
	mgmt := b.mustAccount(org.KindManagement)
	hub, err := networkhub.NewHub(st.TF, "hub", networkhub.HubProps{
		Name:            b.org.Name,
		ASN:             b.org.Network.TransitGatewayASN,
		SharePrincipals: []string{fmt.Sprintf("arn:%s:organizations::%s:organization/%s", env.Partition, mgmt.ID, b.org.ID)},
	})
	if err != nil {
		return fmt.Errorf("stack %s: %w", st.Name, err)
	}
	b.hub = hub
	return b.accountBaseline(st)
}

// workloadNetwork is an environment's VPC, its tier security groups and its
// spoke attachment to the hub.
func (b *builder) workloadNetwork(st *Stack, env awsenv.Env, e *org.Environment) (*networkhub.VPC, *networkhub.TierSecurityGroups, error) {
	fail := func(err error) error { return fmt.Errorf("stack %s: %w", st.Name, err) }
	region, err := awsregion.Lookup(e.Region)
	if err != nil {
		return nil, nil, fail(err)
	}
	flowLogs := networkhub.FlowLogs{RetentionDays: e.VPC.FlowLogs.RetentionDays}
	if e.VPC.FlowLogs.Destination == org.FlowLogsLogArchive {
		flowLogs = networkhub.FlowLogs{
			Destination: networkhub.FlowLogsToS3,
			BucketARN:   fmt.Sprintf("arn:%s:s3:::%s/vpc-flow-logs", env.Partition, LogBucketName(b.org)),
		}
	}
	vpc, err := networkhub.NewVPC(st.TF, "vpc", networkhub.VPCProps{
		Name:                naming.Join(b.org.Name, e.Name),
		CIDR:                e.VPC.CIDR,
		Zones:               region.Zones(e.VPC.AZCount),
		NAT:                 networkhub.NATMode(e.VPC.NAT),
		SubnetPrefixLengths: e.VPC.SubnetPrefixLengths,
		InterfaceEndpoints:  e.InterfaceEndpoints(),
		EndpointPolicy:      networkhub.EndpointPolicy{OrganizationID: b.org.ID},
		FlowLogs:            flowLogs,
	})
	if err != nil {
		return nil, nil, fail(err)
	}
	sgProps := networkhub.TierSecurityGroupsProps{
		// The web tier is the internet-facing load balancer's group.
		VPC: vpc, Web: networkhub.WebIngress{FromInternet: true, HTTPRedirect: true},
		// A web application puts its web servers and the app tier's
		// internal load balancer between the two.
		WebServers: e.Web != nil,
	}
	// The app tier reaches AWS through the endpoints only unless the
	// environment opts in to the internet, with a reason that the policy
	// reports show (issue 15, finding 15).
	if ie := e.VPC.AppInternetEgress; ie != nil {
		sgProps.AppInternetEgress = &networkhub.InternetEgress{Reason: fmt.Sprintf("environments[%s].vpc.app_internet_egress: %s", e.Name, ie.Reason)}
	}
	tiers, err := networkhub.NewTierSecurityGroups(st.TF, "tiers", sgProps)
	if err != nil {
		return nil, nil, fail(err)
	}
	// The private ACL admits the VPCs this segment reaches and internal
	// ranges that hold no VPC (on-premises networks behind the hub), never
	// a range that also holds another segment's VPC.
	var admitted []string
	nets := b.segmentNetworks()
	var internal []netip.Prefix
	for _, r := range b.org.InternalRanges() {
		if p, err := netplan.ParseCIDR(r); err == nil {
			internal = append(internal, p)
		}
	}
	for _, p := range append(netplan.Reachable(e.Name, e.Segment(), nets), netplan.Unsegmented(internal, nets)...) {
		admitted = append(admitted, p.String())
	}
	spoke, err := networkhub.NewSpoke(st.TF, "spoke", networkhub.SpokeProps{
		VPC: vpc, TransitGatewayID: b.hub.ID, InternalCIDRs: b.org.InternalRanges(),
		// The segment's VPCs only: 10.0.0.0/8 would admit prod to
		// non-prod and the other way round (issue 15, finding 23).
		AdmittedCIDRs: admitted,
	})
	if err != nil {
		return nil, nil, fail(err)
	}
	b.spokes = append(b.spokes, networkhub.AcceptedSpoke{Name: e.Name, AttachmentID: spoke.AttachmentID, CIDR: e.VPC.CIDR, Segment: e.Segment()})
	b.spokeRoutes = append(b.spokeRoutes, pendingRoutes{env: e, spoke: spoke})
	b.vpcs[e.Name] = workloadVPC{stack: st, vpc: vpc}
	return vpc, tiers, nil
}

// segmentNetworks are the environments' VPCs with their segments. The model
// is valid, so every range parses.
func (b *builder) segmentNetworks() []netplan.SegmentNetwork {
	var out []netplan.SegmentNetwork
	for i := range b.org.Environments {
		e := &b.org.Environments[i]
		if p, err := netplan.ParseCIDR(e.VPC.CIDR); err == nil {
			out = append(out, netplan.SegmentNetwork{Network: netplan.Network{Name: e.Name, CIDR: p}, Segment: e.Segment()})
		}
	}
	return out
}

// pendingRoutes is a spoke whose routes wait for the acceptance.
type pendingRoutes struct {
	env   *org.Environment
	spoke *networkhub.Spoke
}

// workloadVPC is an environment's VPC and the stack that holds it.
type workloadVPC struct {
	stack *Stack
	vpc   *networkhub.VPC
}

// PeeringStackName is the stack in the accepter's account that accepts a
// peering and routes back to the requester. Like network-attachments it
// comes after both workload stacks: the connection is requested in one
// account and accepted in another.
func PeeringStackName(requester, accepter string) string {
	return "peering-" + requester + "-" + accepter
}

// peerings requests each modelled peering from the requester's workload
// stack and accepts it in a stack of the accepter's account.
func (b *builder) peerings() error {
	for _, p := range b.org.Network.Peerings {
		req, acc := b.vpcs[p.Requester], b.vpcs[p.Accepter]
		accEnv, _ := b.org.Environment(p.Accepter)
		accAcct, _ := b.org.Account(accEnv.Account)
		peering, err := networkhub.NewPeering(req.stack.TF, "peering-"+p.Accepter, networkhub.PeeringProps{
			Requester: req.vpc,
			Remote: &networkhub.RemoteVPC{
				Name: p.Accepter, ID: acc.vpc.ID, CIDR: accEnv.VPC.CIDR, AccountID: accAcct.ID, Region: accEnv.Region,
			},
		})
		if err != nil {
			return fmt.Errorf("stack %s: %w", req.stack.Name, err)
		}
		st, _, err := b.newStack(PeeringStackName(p.Requester, p.Accepter), RolePeering, accAcct, accEnv.Region, accEnv.Name)
		if err != nil {
			return err
		}
		st.info.Requester, st.info.Accepter = p.Requester, p.Accepter
		reqEnv, _ := b.org.Environment(p.Requester)
		if err := networkhub.NewPeeringAccepter(st.TF, "peering", networkhub.PeeringAccepterProps{
			VPC: acc.vpc, ConnectionID: peering.ConnectionID, RequesterName: p.Requester, RequesterCIDR: reqEnv.VPC.CIDR,
		}); err != nil {
			return fmt.Errorf("stack %s: %w", st.Name, err)
		}
	}
	return nil
}

// networkAttachments accepts every spoke into its segment.
func (b *builder) networkAttachments() error {
	st, _, err := b.newStack(NetworkAttachmentsStack, RoleNetworkAttachments, b.mustAccount(org.KindNetwork), b.org.HomeRegion, "")
	if err != nil {
		return err
	}
	if _, err := networkhub.NewSpokeAcceptance(st.TF, "spokes", networkhub.SpokeAcceptanceProps{Hub: b.hub, Spokes: b.spokes}); err != nil {
		return fmt.Errorf("stack %s: %w", st.Name, err)
	}
	b.attachments = st
	return nil
}

// spokeRoutesStacks routes each environment's private subnets to the Transit
// Gateway, in a stack of its account that depends on network-attachments
// (see SpokeRoutesStackName).
func (b *builder) spokeRoutesStacks() error {
	for _, p := range b.spokeRoutes {
		acct, _ := b.org.Account(p.env.Account)
		st, _, err := b.newStack(SpokeRoutesStackName(p.env.Name), RoleSpokeRoutes, acct, p.env.Region, p.env.Name)
		if err != nil {
			return err
		}
		st.Environment = p.env
		if err := networkhub.NewSpokeRoutes(st.TF, "spoke", networkhub.SpokeRoutesProps{Spoke: p.spoke}); err != nil {
			return fmt.Errorf("stack %s: %w", st.Name, err)
		}
	}
	return nil
}

// workloadDatabase is an environment's Aurora cluster in its isolated
// subnets, reachable from the app tier through the database tier group.
func (b *builder) workloadDatabase(st *Stack, e *org.Environment, vpc *networkhub.VPC, tiers *networkhub.TierSecurityGroups, alarms *snstopic.Topic) (*auroracluster.Cluster, error) {
	d := e.Database
	p := auroracluster.Props{
		Name:      b.org.Name + "-" + e.Name,
		VPCID:     vpc.ID,
		SubnetIDs: vpc.SubnetIDs(netplan.Isolated),
		// The subnets' zone names, as AWS resolved the planned zone ids
		// in this account: RDS gets the physical zones the subnets are
		// in, never a name that means another zone here.
		AvailabilityZones: isolatedZoneNames(vpc),
		// The database tier group admits 5432 from the app tier only.
		SecurityGroupID:                  tiers.Database,
		AlarmTopic:                       alarms,
		Production:                       e.Production,
		EngineVersion:                    d.EngineVersion,
		WriterInstanceClass:              d.WriterInstanceClass,
		ReaderInstanceClass:              d.ReaderInstanceClass,
		BackupRetentionDays:              d.BackupRetentionDays,
		PerformanceInsightsRetentionDays: d.PerformanceInsightsRetentionDays,
		MonitoringIntervalSeconds:        d.MonitoringIntervalSeconds,
		MasterUsername:                   d.MasterUsername,
		DatabaseName:                     d.DatabaseName,
		Autoscaling: auroracluster.Autoscaling{
			Disabled:         d.DisableReaderAutoscaling,
			MaxReaders:       d.AutoscalingMaxReaders,
			TargetCPUPercent: d.AutoscalingTargetCPU,
		},
	}
	if d.ReaderCount != nil {
		p.ReaderCount = *d.ReaderCount
		p.WriterOnly = *d.ReaderCount == 0
	}
	if s := d.ServerlessV2; s != nil {
		p.ServerlessV2 = &auroracluster.ServerlessV2{MinACU: s.MinACU, MaxACU: s.MaxACU}
	}
	c, err := auroracluster.New(st.TF, "database", p)
	if err != nil {
		return nil, fmt.Errorf("stack %s: %w", st.Name, err)
	}
	return c, nil
}

// isolatedZoneNames are the zone names of the VPC's isolated subnets, in
// zone order, as tokens known after apply.
func isolatedZoneNames(vpc *networkhub.VPC) []string {
	var out []string
	for _, s := range vpc.Subnets[netplan.Isolated] {
		out = append(out, *s.AvailabilityZone)
	}
	return out
}
