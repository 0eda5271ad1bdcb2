package org

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/networkhub/netplan"
)

func TestNetworkDefaults(t *testing.T) {
	o := Example()
	dev, _ := o.Environment("dev")
	prod, _ := o.Environment("prod")
	assert.Equal(t, netplan.PrefixLengths{Public: 22, Private: 19, Isolated: 21}, prod.VPC.SubnetPrefixLengths, "a /16 gets the planner's defaults")
	assert.Equal(t, FlowLogs{Destination: FlowLogsCloudWatch, RetentionDays: 365}, dev.VPC.FlowLogs)
	assert.Equal(t, int64(64512), o.Network.TransitGatewayASN)
	assert.Equal(t, netplan.Prod, prod.Segment())
	assert.Equal(t, netplan.NonProd, dev.Segment())
	assert.Equal(t, []string{"10.0.0.0/8"}, o.InternalRanges(), "derived from the VPCs")

	o.Network.InternalCIDRs = []string{"10.0.0.0/9", "10.128.0.0/9"}
	assert.Equal(t, []string{"10.0.0.0/9", "10.128.0.0/9"}, o.InternalRanges())
}

func TestNetworkDefaultsKeepExplicitValues(t *testing.T) {
	v := VPC{CIDR: "10.0.0.0/20", SubnetPrefixLengths: netplan.PrefixLengths{Public: 26}, FlowLogs: FlowLogs{Destination: FlowLogsLogArchive}}
	v.applyDefaults(false)
	assert.Equal(t, netplan.PrefixLengths{Public: 26, Private: 23, Isolated: 25}, v.SubnetPrefixLengths)
	assert.Equal(t, FlowLogs{Destination: FlowLogsLogArchive}, v.FlowLogs, "no retention for the bucket destination")

	bad := VPC{CIDR: "not-a-cidr"}
	bad.applyDefaults(true)
	assert.Zero(t, bad.SubnetPrefixLengths, "an invalid CIDR is left for Validate")
}

func TestParseNetworkFields(t *testing.T) {
	doc := `
name: tiny
home_region: eu-west-1
allowed_regions: [eu-west-1, eu-central-1]
tags: {owner: me, cost_center: cc-1}
accounts:
  - {name: management, email: m@tiny.example, kind: management, id: "123456789012"}
  - {name: logs, email: l@tiny.example, kind: log-archive, ou: Security}
  - {name: audit, email: a@tiny.example, kind: security, ou: Security}
  - {name: net, email: n@tiny.example, kind: network, ou: Infrastructure}
  - {name: app, email: app@tiny.example, kind: workload, ou: Workloads/Prod}
  - {name: test, email: test@tiny.example, kind: workload, ou: Workloads/Dev}
environments:
  - name: prod
    account: app
    production: true
    dr_region: eu-central-1
    vpc:
      cidr: 172.20.0.0/20
      subnet_prefix_lengths: {private: 23}
      interface_endpoints: [secretsmanager, kms, ecr.api, ecr.dkr]
      flow_logs: {destination: log-archive}
    orders: {sender_domain: shop.tiny.example}
  - name: test
    account: test
    vpc: {cidr: 172.21.0.0/20}
    orders: {sender_domain: test.shop.tiny.example}
network:
  transit_gateway_asn: 4200000001
  internal_cidrs: [172.16.0.0/12]
`
	o, err := Parse("tiny.yaml", []byte(doc))
	require.NoError(t, err)
	prod, _ := o.Environment("prod")
	assert.Equal(t, netplan.PrefixLengths{Public: 26, Private: 23, Isolated: 25}, prod.VPC.SubnetPrefixLengths)
	assert.Equal(t, []netplan.Service{netplan.SecretsManager, netplan.KMS, netplan.ECRAPI, netplan.ECRDocker}, prod.VPC.InterfaceEndpoints)
	assert.Equal(t, FlowLogsLogArchive, prod.VPC.FlowLogs.Destination)
	assert.Equal(t, int64(4200000001), o.Network.TransitGatewayASN)
	assert.Equal(t, []string{"172.16.0.0/12"}, o.InternalRanges())
}

func TestValidateNetworkRejects(t *testing.T) {
	tests := []rejectCase{
		{"subnet too small", func(o *Organization) { o.Environments[0].VPC.SubnetPrefixLengths.Public = 29 },
			`environments[dev].vpc.subnet_prefix_lengths.public 29: AWS subnets are /16 to /28`},
		{"subnets too large for the VPC", func(o *Organization) { o.Environments[2].VPC.SubnetPrefixLengths.Private = 17 },
			`environments[prod].vpc.subnet_prefix_lengths.private 17: 3 zones' worth need 98304 addresses but the VPC 10.30.0.0/16 has 65536; use /18 or longer`},
		{"tiers do not fit together", func(o *Organization) {
			o.Environments[1].VPC.SubnetPrefixLengths = netplan.PrefixLengths{Public: 20, Private: 18, Isolated: 19}
		}, `environments[staging].vpc.subnet_prefix_lengths: subnets do not fit: 3 zones' worth of public /20, private /18, isolated /19 need 86016 addresses`},
		{"subnet larger than the VPC", func(o *Organization) {
			o.Environments[0].VPC.CIDR = "10.10.0.0/24"
			o.Environments[0].VPC.SubnetPrefixLengths = netplan.PrefixLengths{Public: 28, Private: 24, Isolated: 28}
		}, `environments[dev].vpc.subnet_prefix_lengths.private 24: not smaller than the VPC 10.10.0.0/24`},
		{"internet egress without a reason", func(o *Organization) { o.Environments[0].VPC.AppInternetEgress = &InternetEgress{} },
			`environments[dev].vpc.app_internet_egress.reason "": is required: say what the app tier calls on the internet`},
		{"unknown endpoint", func(o *Organization) { o.Environments[0].VPC.InterfaceEndpoints = []netplan.Service{"secrets-manager"} },
			`environments[dev].vpc.interface_endpoints[0] "secrets-manager": unknown interface endpoint service; known: [`},
		{"gateway service as interface", func(o *Organization) { o.Environments[0].VPC.InterfaceEndpoints = []netplan.Service{"s3"} },
			`environments[dev].vpc.interface_endpoints[0] "s3": unknown interface endpoint service`},
		{"duplicate endpoint", func(o *Organization) { o.Environments[0].VPC.InterfaceEndpoints = []netplan.Service{"kms", "kms"} },
			`environments[dev].vpc.interface_endpoints[1] "kms": listed twice`},
		{"bad flow log destination", func(o *Organization) { o.Environments[0].VPC.FlowLogs.Destination = "s3" },
			`environments[dev].vpc.flow_logs.destination "s3": must be "cloudwatch-logs" or "log-archive"`},
		{"short production retention", func(o *Organization) { o.Environments[2].VPC.FlowLogs.RetentionDays = 90 },
			`environments[prod].vpc.flow_logs.retention_days 90: production keeps flow logs at least 365 days`},
		{"retention with the bucket", func(o *Organization) {
			o.Environments[0].VPC.FlowLogs = FlowLogs{Destination: FlowLogsLogArchive, RetentionDays: 30}
		}, `environments[dev].vpc.flow_logs.retention_days 30: applies to "cloudwatch-logs" only`},
		{"negative retention", func(o *Organization) { o.Environments[0].VPC.FlowLogs.RetentionDays = -1 },
			`environments[dev].vpc.flow_logs.retention_days -1: must be a positive number of days`},
		{"public ASN", func(o *Organization) { o.Network.TransitGatewayASN = 16509 },
			`network.transit_gateway_asn 16509: not a private ASN`},
		{"bad internal range", func(o *Organization) { o.Network.InternalCIDRs = []string{"10.0.0.1/8"} },
			`network.internal_cidrs[0] "10.0.0.1/8": has host bits set; did you mean "10.0.0.0/8"?`},
		{"public internal range", func(o *Organization) { o.Network.InternalCIDRs = []string{"10.0.0.0/8", "8.8.8.0/24"} },
			`network.internal_cidrs[1] "8.8.8.0/24": not in a private range`},
		{"overlapping internal ranges", func(o *Organization) { o.Network.InternalCIDRs = []string{"10.0.0.0/8", "10.10.0.0/16"} },
			`network.internal_cidrs[1] "10.10.0.0/16": overlaps network.internal_cidrs[0] "10.0.0.0/8"`},
		{"VPC outside the internal ranges", func(o *Organization) { o.Network.InternalCIDRs = []string{"10.0.0.0/12"} },
			`environments[staging].vpc.cidr "10.20.0.0/16": not within network.internal_cidrs; other VPCs would have no route to it`},
		{"internal range inside a VPC", func(o *Organization) {
			o.Network.InternalCIDRs = []string{"10.10.0.0/16", "10.20.0.0/15", "10.30.0.0/15"}
		},
			`network.internal_cidrs: for environments[dev].vpc.cidr "10.10.0.0/16": route 10.10.0.0/16: lies within the VPC's own range`},
		{"VPC fills a private range", func(o *Organization) { o.Environments[0].VPC.CIDR = "192.168.0.0/16" },
			`environments[dev].vpc.cidr "192.168.0.0/16": fills a whole private range`},
		{"peering unknown environment", func(o *Organization) { o.Network.Peerings = []Peering{{Requester: "dev", Accepter: "qa"}} },
			`network.peerings[0].accepter "qa": unknown environment`},
		{"peering with itself", func(o *Organization) { o.Network.Peerings = []Peering{{Requester: "dev", Accepter: "dev"}} },
			`network.peerings[0].accepter "dev": a VPC cannot peer with itself`},
		{"peering across segments", func(o *Organization) { o.Network.Peerings = []Peering{{Requester: "dev", Accepter: "prod"}} },
			`network.peerings[0]: peering dev (segment nonprod) with prod (segment prod) would bypass the Transit Gateway segmentation`},
		{"duplicate peering", func(o *Organization) {
			o.Network.Peerings = []Peering{{Requester: "dev", Accepter: "staging"}, {Requester: "staging", Accepter: "dev"}}
		}, `network.peerings[1]: joins staging and dev again (see network.peerings[0])`},
	}
	rejects(t, tests)
}

func TestValidateNetworkAccepts(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(o *Organization)
	}{
		{"peering within a segment", func(o *Organization) { o.Network.Peerings = []Peering{{Requester: "dev", Accepter: "staging"}} }},
		{"summarized internal ranges", func(o *Organization) { o.Network.InternalCIDRs = []string{"10.0.0.0/9"} }},
		{"endpoints for a VPC without NAT", func(o *Organization) {
			o.Environments[0].VPC.NAT = NATNone
			o.Environments[0].VPC.InterfaceEndpoints = []netplan.Service{netplan.SecretsManager, netplan.KMS, netplan.Logs, netplan.STS}
		}},
		{"flow logs to the log archive", func(o *Organization) { o.Environments[2].VPC.FlowLogs = FlowLogs{Destination: FlowLogsLogArchive} }},
		{"small VPC with defaults", func(o *Organization) {
			o.Environments[0].VPC.CIDR = "10.10.0.0/24"
			o.Environments[0].VPC.SubnetPrefixLengths = netplan.DefaultPrefixLengths(24)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Example()
			tt.mutate(o)
			assert.NoError(t, o.Validate("org.yaml"))
		})
	}
}

func TestInterfaceEndpointsForTheAppTier(t *testing.T) {
	tests := []struct {
		name  string
		given []netplan.Service
		open  bool
		want  []netplan.Service
	}{
		{"none given", nil, false, []netplan.Service{netplan.SSM, netplan.SSMMessages, netplan.SecretsManager}},
		{"given first, each once", []netplan.Service{netplan.KMS, netplan.SecretsManager}, false, []netplan.Service{netplan.KMS, netplan.SecretsManager, netplan.SSM, netplan.SSMMessages}},
		{"internet egress: only those given", []netplan.Service{netplan.KMS}, true, []netplan.Service{netplan.KMS}},
		{"internet egress, none given", nil, true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Environment{VPC: VPC{InterfaceEndpoints: tt.given}}
			if tt.open {
				e.VPC.AppInternetEgress = &InternetEgress{Reason: "calls a partner API"}
			}
			assert.Equal(t, tt.want, e.InterfaceEndpoints())
			assert.Equal(t, tt.given, e.VPC.InterfaceEndpoints, "the model is not changed")
		})
	}
}
