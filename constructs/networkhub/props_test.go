package networkhub

import (
	"strings"
	"testing"

	"github.com/acme/landing-zone/constructs/networkhub/netplan"
)

func checkErr(t *testing.T, err error, prefix, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Errorf("unexpected error: %v", err)
	case want != "" && err == nil:
		t.Errorf("no error, want %q", want)
	case want != "" && (!strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), want)):
		t.Errorf("got %q, want %q after %q", err, want, prefix)
	}
}

func TestVPCPropsValidate(t *testing.T) {
	ok := VPCProps{Name: "acme-prod", CIDR: "10.30.0.0/16", Zones: []string{"use1-az1", "use1-az2"}, NAT: NATSingle}
	tests := []struct {
		name   string
		mutate func(p *VPCProps)
		want   string
	}{
		{"valid", func(p *VPCProps) {}, ""},
		{"missing name", func(p *VPCProps) { p.Name = "" }, "Name: empty name"},
		{"long name", func(p *VPCProps) { p.Name = strings.Repeat("a", 55) }, "is 55 characters; AWS allows 54 here (it prefixes the flow log role's name"},
		{"bad CIDR", func(p *VPCProps) { p.CIDR = "10.30.0.0/33" }, `CIDR "10.30.0.0/33": not an IPv4 CIDR`},
		{"VPC too large", func(p *VPCProps) { p.CIDR = "10.0.0.0/12" }, "CIDR 10.0.0.0/12: AWS VPCs are /16 to /28"},
		{"one zone", func(p *VPCProps) { p.Zones = p.Zones[:1] }, `Zones ["use1-az1"]: give 2 or 3 availability zones`},
		{"four zones", func(p *VPCProps) { p.Zones = []string{"a", "b", "c", "d"} }, "give 2 or 3 availability zones"},
		{"duplicate zone", func(p *VPCProps) { p.Zones = []string{"use1-az1", "use1-az1"} }, "use1-az1 listed twice"},
		{"NAT missing", func(p *VPCProps) { p.NAT = "" }, `NAT is required: choose "none", "single" or "per-az"`},
		{"NAT unknown", func(p *VPCProps) { p.NAT = "gateway" }, `NAT "gateway": must be`},
		{"subnets do not fit", func(p *VPCProps) { p.SubnetPrefixLengths.Private = 17 }, "SubnetPrefixLengths: private subnets /17: 3 zones' worth need 98304 addresses"},
		{"subnet too small", func(p *VPCProps) { p.SubnetPrefixLengths.Isolated = 30 }, "SubnetPrefixLengths: isolated subnets /30: AWS subnets are /16 to /28"},
		{"unknown endpoint", func(p *VPCProps) { p.InterfaceEndpoints = []netplan.Service{"kms", "s3"} }, `InterfaceEndpoints: interface endpoint "s3": unknown service`},
		{"duplicate endpoint", func(p *VPCProps) { p.InterfaceEndpoints = []netplan.Service{"kms", "kms"} }, `InterfaceEndpoints: "kms" listed twice`},
		{"bad org id", func(p *VPCProps) { p.EndpointPolicy.OrganizationID = "o-1" }, `EndpointPolicy: OrganizationID "o-1"`},
		{"bad flow logs", func(p *VPCProps) { p.FlowLogs.Destination = FlowLogsToS3 }, `FlowLogs: BucketARN ""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ok
			p.Zones = append([]string(nil), ok.Zones...)
			tt.mutate(&p)
			_, err := p.validate("prod")
			checkErr(t, err, "networkhub vpc prod: ", tt.want)
		})
	}
}

func TestCheckZones(t *testing.T) {
	tests := []struct {
		region string
		zones  []string
		want   string
	}{
		{"us-east-1", []string{"use1-az1", "use1-az6"}, ""},
		// Asked for by id, the zone without Graviton is a zone of the
		// region; awsregion.Zones just never picks it.
		{"us-east-1", []string{"use1-az3", "use1-az4"}, ""},
		{"us-west-1", []string{"usw1-az1", "usw1-az3"}, ""},
		{"us-west-1", []string{"usw1-az1", "usw1-az2", "usw1-az3"}, `region us-west-1 has only 2 availability zones (usw1-az1, usw1-az3)`},
		{"us-west-1", []string{"usw1-az1", "usw1-az2"}, `"usw1-az2" is not an availability zone id of us-west-1; use one of usw1-az1, usw1-az3`},
		{"eu-west-1", []string{"use1-az1", "use1-az2"}, `"use1-az1" is not an availability zone id of eu-west-1`},
		// Names are refused: they map to different zones per account.
		{"us-east-1", []string{"us-east-1a", "us-east-1b"}, `"us-east-1a" is not an availability zone id of us-east-1; use one of use1-az1`},
	}
	for _, tt := range tests {
		checkErr(t, checkZones("prod", tt.zones, tt.region), "networkhub vpc prod: ", tt.want)
	}
}

func TestZoneKey(t *testing.T) {
	for z, want := range []string{"a", "b", "c"} {
		if got := zoneKey(z); got != want {
			t.Errorf("%d: %s, want %s", z, got, want)
		}
	}
}

func TestHubPropsValidate(t *testing.T) {
	org := "arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5"
	tests := []struct {
		name  string
		props HubProps
		want  string
	}{
		{"organization", HubProps{Name: "acme", SharePrincipals: []string{org}}, ""},
		{"OU and account", HubProps{Name: "acme", ASN: 4200000000, SharePrincipals: []string{
			"arn:aws:organizations::111111111111:ou/o-a1b2c3d4e5/ou-ab12-cdef3456", "888888888888"}}, ""},
		{"no principals", HubProps{Name: "acme"}, "SharePrincipals is required"},
		{"bad principal", HubProps{Name: "acme", SharePrincipals: []string{"o-a1b2c3d4e5"}}, `SharePrincipals "o-a1b2c3d4e5": not an organization ARN, OU ARN or 12-digit account id`},
		{"duplicate principal", HubProps{Name: "acme", SharePrincipals: []string{org, org}}, "listed twice"},
		{"public ASN", HubProps{Name: "acme", ASN: 16509, SharePrincipals: []string{org}}, "ASN 16509: must be a private ASN"},
		{"bad name", HubProps{Name: "ACME", SharePrincipals: []string{org}}, `Name: name part "ACME"`},
		{"slow flow logs", HubProps{Name: "acme", SharePrincipals: []string{org}, FlowLogs: FlowLogs{AggregationSeconds: 600}}, "Transit Gateway flow logs support 60 only"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkErr(t, tt.props.validate("hub"), "networkhub hub hub: ", tt.want)
		})
	}
	if got := principalID(org); got != "o-a1b2c3d4e5" {
		t.Errorf("principalID = %s", got)
	}
}

func TestSpokePropsValidate(t *testing.T) {
	tgw := "tgw-0123"
	vpc := testVPC(t)
	tests := []struct {
		name  string
		props SpokeProps
		want  string
	}{
		{"summary route", SpokeProps{VPC: vpc, TransitGatewayID: &tgw, InternalCIDRs: []string{"10.0.0.0/8", "192.168.0.0/16"}}, ""},
		{"no VPC", SpokeProps{TransitGatewayID: &tgw, InternalCIDRs: []string{"10.0.0.0/8"}}, "VPC is required"},
		{"no TGW", SpokeProps{VPC: vpc, InternalCIDRs: []string{"10.0.0.0/8"}}, "TransitGatewayID is required"},
		{"no ranges", SpokeProps{VPC: vpc, TransitGatewayID: &tgw}, "InternalCIDRs is required"},
		{"range inside the VPC", SpokeProps{VPC: vpc, TransitGatewayID: &tgw, InternalCIDRs: []string{"10.30.0.0/16"}}, "lies within the VPC's own range"},
		{"bad range", SpokeProps{VPC: vpc, TransitGatewayID: &tgw, InternalCIDRs: []string{"10.0.0.0"}}, "not an IPv4 CIDR"},
		{"segment VPCs admitted", SpokeProps{VPC: vpc, TransitGatewayID: &tgw, InternalCIDRs: []string{"10.0.0.0/8"}, AdmittedCIDRs: []string{"10.10.0.0/16", "10.20.0.0/16"}}, ""},
		{"admitted overlaps the VPC", SpokeProps{VPC: vpc, TransitGatewayID: &tgw, InternalCIDRs: []string{"10.0.0.0/8"}, AdmittedCIDRs: []string{"10.30.0.0/17"}}, "AdmittedCIDRs: 10.30.0.0/17 overlaps the VPC's own range"},
		{"admitted without a route", SpokeProps{VPC: vpc, TransitGatewayID: &tgw, InternalCIDRs: []string{"10.0.0.0/8"}, AdmittedCIDRs: []string{"172.16.0.0/16"}}, "AdmittedCIDRs: 172.16.0.0/16 lies outside InternalCIDRs"},
		{"bad admitted range", SpokeProps{VPC: vpc, TransitGatewayID: &tgw, InternalCIDRs: []string{"10.0.0.0/8"}, AdmittedCIDRs: []string{"10.10.0.1/16"}}, "AdmittedCIDRs: \"10.10.0.1/16\": has host bits set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := tt.props.validate("spoke")
			checkErr(t, err, "networkhub spoke spoke: ", tt.want)
		})
	}
}

func TestSpokeAcceptancePropsValidate(t *testing.T) {
	att := "tgw-attach-1"
	hub := &Hub{}
	spoke := func(name, cidr string, seg netplan.Segment) AcceptedSpoke {
		return AcceptedSpoke{Name: name, AttachmentID: &att, CIDR: cidr, Segment: seg}
	}
	tests := []struct {
		name   string
		spokes []AcceptedSpoke
		want   string
	}{
		{"three segments", []AcceptedSpoke{spoke("dev", "10.10.0.0/16", netplan.NonProd), spoke("prod", "10.30.0.0/16", netplan.Prod), spoke("shared", "10.40.0.0/16", netplan.Shared)}, ""},
		{"overlap", []AcceptedSpoke{spoke("dev", "10.10.0.0/16", netplan.NonProd), spoke("staging", "10.10.128.0/17", netplan.NonProd)},
			"spoke staging 10.10.128.0/17 overlaps spoke dev 10.10.0.0/16"},
		{"duplicate name", []AcceptedSpoke{spoke("dev", "10.10.0.0/16", netplan.NonProd), spoke("dev", "10.20.0.0/16", netplan.NonProd)}, "spoke dev listed twice"},
		{"unknown segment", []AcceptedSpoke{spoke("dev", "10.10.0.0/16", "dev")}, `spoke dev: segment "dev": must be one of`},
		{"missing attachment", []AcceptedSpoke{{Name: "dev", CIDR: "10.10.0.0/16", Segment: netplan.NonProd}}, "spoke dev: AttachmentID is required"},
		{"none", nil, "Spokes is required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := SpokeAcceptanceProps{Hub: hub, Spokes: tt.spokes}.validate("accept")
			checkErr(t, err, "networkhub spoke acceptance accept: ", tt.want)
		})
	}
}

func TestPeeringPropsValidate(t *testing.T) {
	a := testVPC(t)
	b := &VPC{Name: "acme-shared", Layout: testLayout(t, "10.40.0.0/16", 2)}
	overlapping := &VPC{Name: "acme-copy", Layout: testLayout(t, "10.30.0.0/20", 2)}
	vpcID := "vpc-1"
	tests := []struct {
		name  string
		props PeeringProps
		want  string
	}{
		{"same stack", PeeringProps{Requester: a, Peer: b}, ""},
		{"remote", PeeringProps{Requester: a, Remote: &RemoteVPC{Name: "shared", ID: &vpcID, CIDR: "10.40.0.0/16", AccountID: "555555555555", Region: "us-west-2"}}, ""},
		{"overlap", PeeringProps{Requester: a, Peer: overlapping}, "VPC acme-copy 10.30.0.0/20 overlaps VPC acme-prod 10.30.0.0/16"},
		{"remote overlap", PeeringProps{Requester: a, Remote: &RemoteVPC{Name: "x", ID: &vpcID, CIDR: "10.30.4.0/24", AccountID: "555555555555", Region: "us-east-1"}}, "overlaps VPC acme-prod"},
		{"both", PeeringProps{Requester: a, Peer: b, Remote: &RemoteVPC{}}, "give exactly one of Peer"},
		{"neither", PeeringProps{Requester: a}, "give exactly one of Peer"},
		{"itself", PeeringProps{Requester: a, Peer: a}, "a VPC cannot peer with itself"},
		{"bad account", PeeringProps{Requester: a, Remote: &RemoteVPC{Name: "x", ID: &vpcID, CIDR: "10.40.0.0/16", AccountID: "5555", Region: "us-east-1"}}, `Remote.AccountID "5555"`},
		{"bad region", PeeringProps{Requester: a, Remote: &RemoteVPC{Name: "x", ID: &vpcID, CIDR: "10.40.0.0/16", AccountID: "555555555555", Region: "mars-1"}}, `Remote.Region: unknown AWS region "mars-1"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := tt.props.validate("peer")
			checkErr(t, err, "networkhub peering peer: ", tt.want)
		})
	}
}
