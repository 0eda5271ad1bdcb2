package test

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/awsregion"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/networkhub"
	"github.com/acme/landing-zone/constructs/networkhub/netplan"
	"github.com/acme/landing-zone/constructs/policycheck"
	"github.com/acme/landing-zone/stacks"
	"github.com/acme/landing-zone/stacks/org"
)

const testOrgARN = "arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5"

func zones(t *testing.T, region string, n int) []string {
	t.Helper()
	r, err := awsregion.Lookup(region)
	require.NoError(t, err)
	return r.Zones(n)
}

// ref is the Terraform reference to an attribute of a resource.
func ref(typ, name, attr string) string { return fmt.Sprintf("${%s.%s.%s}", typ, name, attr) }

// strs turns a JSON list into strings, sorted.
func strs(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	sort.Strings(out)
	return out
}

// byTag groups resources by the value of one tag.
func byTag(rs map[string]map[string]any, key string) map[string][]string {
	out := map[string][]string{}
	for name, r := range rs {
		tags, _ := r["tags"].(map[string]any)
		v, _ := tags[key].(string)
		out[v] = append(out[v], name)
	}
	for _, v := range out {
		sort.Strings(v)
	}
	return out
}

func TestNetworkhubVPC(t *testing.T) {
	tests := []struct {
		nat   networkhub.NATMode
		zones int
		nats  int
	}{
		{networkhub.NATNone, 2, 0},
		{networkhub.NATSingle, 2, 1},
		{networkhub.NATSingle, 3, 1},
		{networkhub.NATPerAZ, 2, 2},
		{networkhub.NATPerAZ, 3, 3},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s-%dAZ", tt.nat, tt.zones), func(t *testing.T) {
			st := newTestStack(t, "888888888888", "us-east-1")
			vpc, err := networkhub.NewVPC(st, "env", networkhub.VPCProps{
				Name: "acme-env", CIDR: "10.30.0.0/16", Zones: zones(t, "us-east-1", tt.zones), NAT: tt.nat,
			})
			require.NoError(t, err)
			s := synthStack(t, st)

			subnets := s.resources("aws_subnet")
			tiers := byTag(subnets, "Tier")
			for _, tier := range netplan.Tiers {
				assert.Len(t, tiers[string(tier)], tt.zones, "%s subnets", tier)
				assert.Len(t, vpc.Subnets[tier], tt.zones)
			}
			assert.Len(t, subnets, 3*tt.zones)
			for name, sn := range subnets {
				assert.Equal(t, false, sn["map_public_ip_on_launch"], name)
				assert.Equal(t, ref("aws_vpc", "env-vpc", "id"), sn["vpc_id"])
				// Issue 15, finding 17: zones by id, the same physical
				// zone in every account; never by name.
				assert.NotContains(t, sn, "availability_zone", name)
				assert.Contains(t, zones(t, "us-east-1", tt.zones), sn["availability_zone_id"], name)
				assert.NotEqual(t, "use1-az3", sn["availability_zone_id"], "%s: the zone without Graviton", name)
			}

			v := s.resources("aws_vpc")["env-vpc"]
			assert.Equal(t, "10.30.0.0/16", v["cidr_block"])
			assert.Equal(t, true, v["enable_dns_support"])
			assert.Equal(t, true, v["enable_dns_hostnames"])
			assert.Len(t, s.resources("aws_internet_gateway"), 1)

			assert.Len(t, s.resources("aws_nat_gateway"), tt.nats, "NAT gateways")
			assert.Len(t, s.resources("aws_eip"), tt.nats, "one Elastic IP per NAT gateway")
			for name, gw := range s.resources("aws_nat_gateway") {
				assert.Contains(t, gw["subnet_id"], "aws_subnet.env-public-", "%s sits in a public subnet", name)
				assert.Contains(t, gw["allocation_id"], "aws_eip.")
			}

			rts := s.resources("aws_route_table")
			assert.Len(t, rts, 3*tt.zones, "a route table per tier and zone")
			assert.Len(t, s.resources("aws_route_table_association"), 3*tt.zones)
			for name, rt := range rts {
				assert.NotContains(t, rt, "route", "%s: routes are separate resources", name)
			}
			defaults := map[string]string{} // route table -> target of its 0.0.0.0/0
			for _, r := range s.resources("aws_route") {
				if r["destination_cidr_block"] != "0.0.0.0/0" {
					continue
				}
				target, _ := r["gateway_id"].(string)
				if nat, ok := r["nat_gateway_id"].(string); ok {
					target = nat
				}
				defaults[r["route_table_id"].(string)] = target
			}
			for _, sn := range vpc.Subnets[netplan.Public] {
				assert.Equal(t, ref("aws_internet_gateway", "env-igw", "id"), defaults[rtRef("env", netplan.Public, sn)], "public %s", sn.Zone)
			}
			for z, sn := range vpc.Subnets[netplan.Private] {
				switch tt.nat {
				case networkhub.NATNone:
					assert.NotContains(t, defaults, rtRef("env", netplan.Private, sn), "no egress without NAT")
				case networkhub.NATSingle:
					assert.Equal(t, ref("aws_nat_gateway", "env-nat-a", "id"), defaults[rtRef("env", netplan.Private, sn)])
				case networkhub.NATPerAZ:
					assert.Equal(t, ref("aws_nat_gateway", "env-nat-"+string(rune('a'+z)), "id"), defaults[rtRef("env", netplan.Private, sn)], "each zone uses its own gateway")
				}
			}
			for _, sn := range vpc.Subnets[netplan.Isolated] {
				assert.NotContains(t, defaults, rtRef("env", netplan.Isolated, sn), "isolated has no way out")
			}

			sg := s.resources("aws_default_security_group")["env-default-sg"]
			require.NotNil(t, sg)
			assert.Equal(t, []any{}, sg["ingress"], "default security group: no ingress")
			assert.Equal(t, []any{}, sg["egress"], "default security group: no egress")
			nacl := s.resources("aws_default_network_acl")["env-default-nacl"]
			require.NotNil(t, nacl)
			assert.NotContains(t, nacl, "ingress")
			assert.NotContains(t, nacl, "egress")

			// Every subnet sits in exactly one tier ACL.
			seen := map[string]int{}
			for name, acl := range s.resources("aws_network_acl") {
				for _, id := range strs(acl["subnet_ids"]) {
					seen[id]++
					assert.Contains(t, id, strings.TrimSuffix(strings.TrimPrefix(name, "env-"), "-nacl"), "%s holds its own tier", name)
				}
			}
			assert.Len(t, seen, 3*tt.zones)
			for id, n := range seen {
				assert.Equal(t, 1, n, id)
			}

			eps := s.resources("aws_vpc_endpoint")
			wantRTs := append(rtRefs("env", netplan.Private, vpc.Subnets[netplan.Private]), rtRefs("env", netplan.Isolated, vpc.Subnets[netplan.Isolated])...)
			sort.Strings(wantRTs)
			for _, svc := range []string{"s3", "dynamodb"} {
				ep := eps["env-"+svc+"-endpoint"]
				require.NotNil(t, ep, svc)
				assert.Equal(t, "Gateway", ep["vpc_endpoint_type"])
				assert.Equal(t, "com.amazonaws.us-east-1."+svc, ep["service_name"])
				assert.Equal(t, wantRTs, strs(ep["route_table_ids"]), "%s on the private and isolated route tables", svc)
				doc := policyDoc(t, ep["policy"])
				assert.Equal(t, map[string]any{"StringEquals": map[string]any{"aws:PrincipalAccount": "888888888888", "aws:ResourceAccount": "888888888888"}},
					statement(doc, "OwnPrincipalsToOwnResources")["Condition"])
			}

			checkFlowLog(t, s, "env", "/vpc-flow-logs/acme-env")
			assert.Equal(t, "ALL", s.resources("aws_flow_log")["env-flow-log"]["traffic_type"])
			assert.Equal(t, ref("aws_vpc", "env-vpc", "id"), s.resources("aws_flow_log")["env-flow-log"]["vpc_id"])
		})
	}
}

// rtRef is the reference to the route table of a subnet of the VPC made
// with id: the ids in networkhub.Subnet are tokens until synthesis.
func rtRef(id string, tier netplan.Tier, s networkhub.Subnet) string {
	return ref("aws_route_table", fmt.Sprintf("%s-%s-%s-rt", id, tier, s.Key), "id")
}

func rtRefs(id string, tier netplan.Tier, subnets []networkhub.Subnet) []string {
	var out []string
	for _, s := range subnets {
		out = append(out, rtRef(id, tier, s))
	}
	return out
}

func subnetRefs(id string, tier netplan.Tier, subnets []networkhub.Subnet) []string {
	var out []string
	for _, s := range subnets {
		out = append(out, ref("aws_subnet", fmt.Sprintf("%s-%s-%s", id, tier, s.Key), "id"))
	}
	sort.Strings(out)
	return out
}

// checkFlowLog checks a CloudWatch flow log: KMS-encrypted group kept a
// year, a role trusted by the flow logs service only and scoped to the
// group, one-minute aggregation.
func checkFlowLog(t *testing.T, s synthesized, id, group string) {
	t.Helper()
	fl := s.resources("aws_flow_log")[id+"-flow-log"]
	require.NotNil(t, fl)
	assert.Equal(t, "cloud-watch-logs", fl["log_destination_type"])
	assert.Equal(t, ref("aws_cloudwatch_log_group", id+"-flow-logs", "arn"), fl["log_destination"])
	assert.Equal(t, float64(60), fl["max_aggregation_interval"])
	lg := s.resources("aws_cloudwatch_log_group")[id+"-flow-logs"]
	assert.Equal(t, group, lg["name"])
	assert.Equal(t, float64(365), lg["retention_in_days"])
	assert.Equal(t, ref("aws_kms_key", id+"-flow-logs-key", "arn"), lg["kms_key_id"])
	key := s.resources("aws_kms_key")[id+"-flow-logs-key"]
	assert.Equal(t, true, key["enable_key_rotation"])
	assert.NotNil(t, statement(policyDoc(t, key["policy"]), "CloudWatchLogsUse"), "the key lets CloudWatch Logs use it")
	role := s.resources("aws_iam_role")[id+"-flow-logs-role"]
	assert.Equal(t, ref("aws_iam_role", id+"-flow-logs-role", "arn"), fl["iam_role_arn"])
	trust := statement(policyDoc(t, role["assume_role_policy"]), "ServiceAssumes")
	assert.Equal(t, map[string]any{"Service": "vpc-flow-logs.amazonaws.com"}, trust["Principal"])
	pol := s.resources("aws_iam_role_policy")[id+"-flow-logs-role-policy-deliver-flow-logs"]
	deliver := statement(policyDoc(t, pol["policy"]), "DeliverToLogGroup")
	for _, r := range deliver["Resource"].([]any) {
		assert.Contains(t, r, ":log-group:"+group, "scoped to its own log group")
	}
}

func TestNetworkhubInterfaceEndpointsAndS3FlowLogs(t *testing.T) {
	st := newTestStack(t, "888888888888", "us-east-1")
	vpc, err := networkhub.NewVPC(st, "env", networkhub.VPCProps{
		Name: "acme-env", CIDR: "10.30.0.0/16", Zones: zones(t, "us-east-1", 2), NAT: networkhub.NATNone,
		InterfaceEndpoints: []netplan.Service{netplan.SecretsManager, netplan.KMS, netplan.ECRAPI, netplan.ECRDocker},
		EndpointPolicy:     networkhub.EndpointPolicy{OrganizationID: "o-a1b2c3d4e5"},
		FlowLogs:           networkhub.FlowLogs{Destination: networkhub.FlowLogsToS3, BucketARN: "arn:aws:s3:::acme-logs-222222222222-us-east-1/vpc-flow-logs"},
	})
	require.NoError(t, err)
	s := synthStack(t, st)

	eps := s.resources("aws_vpc_endpoint")
	assert.Len(t, eps, 6)
	sgRef := ref("aws_security_group", "env-endpoints-sg", "id")
	for _, svc := range []string{"secretsmanager", "kms", "ecr-api", "ecr-dkr"} {
		ep := eps["env-"+svc+"-endpoint"]
		require.NotNil(t, ep, svc)
		assert.Equal(t, "Interface", ep["vpc_endpoint_type"])
		assert.Equal(t, true, ep["private_dns_enabled"])
		assert.Equal(t, []string{sgRef}, strs(ep["security_group_ids"]))
		assert.Equal(t, subnetRefs("env", netplan.Private, vpc.Subnets[netplan.Private]), strs(ep["subnet_ids"]))
		own := statement(policyDoc(t, ep["policy"]), "OwnPrincipalsToOwnResources")
		assert.Equal(t, map[string]any{"aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:ResourceOrgID": "o-a1b2c3d4e5"}, own["Condition"].(map[string]any)["StringEquals"])
	}
	assert.Equal(t, "com.amazonaws.us-east-1.ecr.dkr", eps["env-ecr-dkr-endpoint"]["service_name"])

	in := s.resources("aws_vpc_security_group_ingress_rule")["env-endpoints-sg-https"]
	assert.Equal(t, "10.30.0.0/16", in["cidr_ipv4"], "endpoints admit the VPC only")
	assert.Equal(t, float64(443), in["from_port"])
	assert.NotEmpty(t, in["description"])
	assert.Empty(t, s.resources("aws_vpc_security_group_egress_rule"), "endpoints open no connections")

	fl := s.resources("aws_flow_log")["env-flow-log"]
	assert.Equal(t, "s3", fl["log_destination_type"])
	assert.Equal(t, "arn:aws:s3:::acme-logs-222222222222-us-east-1/vpc-flow-logs", fl["log_destination"])
	assert.Equal(t, "ALL", fl["traffic_type"])
	assert.NotContains(t, fl, "iam_role_arn", "S3 delivery needs no role")
	assert.Empty(t, s.resources("aws_cloudwatch_log_group"))
	assert.Empty(t, s.resources("aws_nat_gateway"))
}

func TestNetworkhubSecurityGroups(t *testing.T) {
	tests := []struct {
		name     string
		web      networkhub.WebIngress
		internet []string // rule resources allowed to name 0.0.0.0/0 as a source
	}{
		{"behind a load balancer", networkhub.WebIngress{LoadBalancerSecurityGroupID: jsii.String("sg-0123456789abcdef0")}, nil},
		{"internet-facing", networkhub.WebIngress{FromInternet: true, HTTPRedirect: true}, []string{"tiers-web-in-443-anywhere", "tiers-web-in-80-anywhere"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newTestStack(t, "888888888888", "us-east-1")
			vpc, err := networkhub.NewVPC(st, "env", networkhub.VPCProps{
				Name: "acme-env", CIDR: "10.30.0.0/16", Zones: zones(t, "us-east-1", 2), NAT: networkhub.NATSingle,
				InterfaceEndpoints: []netplan.Service{netplan.SecretsManager},
			})
			require.NoError(t, err)
			_, err = networkhub.NewTierSecurityGroups(st, "tiers", networkhub.TierSecurityGroupsProps{VPC: vpc, Web: tt.web})
			require.NoError(t, err)
			group := func(g string) string { return ref("aws_security_group", "tiers-"+g, "id") }
			s := synthStack(t, st)

			assert.Len(t, s.resources("aws_security_group"), 5, "four tiers and the endpoints")
			for name, sg := range s.resources("aws_security_group") {
				assert.NotContains(t, sg, "ingress", "%s: rules are separate resources", name)
				assert.NotContains(t, sg, "egress", "%s: rules are separate resources", name)
				assert.NotEmpty(t, sg["description"], name)
			}
			var internet []string
			for _, typ := range []string{"aws_vpc_security_group_ingress_rule", "aws_vpc_security_group_egress_rule"} {
				for name, r := range s.resources(typ) {
					assert.NotEmpty(t, r["description"], "%s has a description", name)
					cidr, hasCIDR := r["cidr_ipv4"]
					if typ == "aws_vpc_security_group_ingress_rule" && hasCIDR {
						if cidr == "0.0.0.0/0" {
							internet = append(internet, name)
						} else {
							assert.Equal(t, "env-endpoints-sg-https", name, "only the endpoints admit a range (the VPC)")
						}
					}
				}
			}
			sort.Strings(internet)
			assert.Equal(t, tt.internet, internet, "0.0.0.0/0 only where asked")

			in := s.resources("aws_vpc_security_group_ingress_rule")
			assert.Equal(t, group("app"), in["tiers-database-in-5432-app"]["referenced_security_group_id"], "database admits the app tier")
			assert.Equal(t, group("app"), in["tiers-cache-in-6379-app"]["referenced_security_group_id"], "cache admits the app tier")
			assert.Equal(t, group("web"), in["tiers-app-in-8080-web"]["referenced_security_group_id"], "app admits the web tier")
			for name, r := range s.resources("aws_vpc_security_group_egress_rule") {
				assert.NotEqual(t, group("database"), r["security_group_id"], "%s: the database opens no connections", name)
				assert.NotEqual(t, group("cache"), r["security_group_id"], "%s: the cache opens no connections", name)
			}
		})
	}
}

func TestNetworkhubSecurityGroupsKeepAppInVPC(t *testing.T) {
	st := newTestStack(t, "888888888888", "us-east-1")
	vpc, err := networkhub.NewVPC(st, "env", networkhub.VPCProps{Name: "acme-env", CIDR: "10.30.0.0/16", Zones: zones(t, "us-east-1", 2), NAT: networkhub.NATNone})
	require.NoError(t, err)
	_, err = networkhub.NewTierSecurityGroups(st, "tiers", networkhub.TierSecurityGroupsProps{
		VPC: vpc, Web: networkhub.WebIngress{LoadBalancerSecurityGroupID: jsii.String("sg-1")}, AppEgressCIDRs: []string{vpc.CIDR},
	})
	require.NoError(t, err)
	out := synthStack(t, st).resources("aws_vpc_security_group_egress_rule")
	assert.Equal(t, ref("aws_vpc_endpoint", "env-s3-endpoint", "prefix_list_id"), out["tiers-app-out-443-s3"]["prefix_list_id"])
	assert.Equal(t, ref("aws_vpc_endpoint", "env-dynamodb-endpoint", "prefix_list_id"), out["tiers-app-out-443-dynamodb"]["prefix_list_id"])
	assert.Equal(t, "10.30.0.0/16", out["tiers-app-out-443-10-30-0-0-16"]["cidr_ipv4"])
}

// multiStack builds stacks in one app, as the stacks package does, so that
// references between them become remote state.
type multiStack struct{ app cdktf.App }

func (m *multiStack) stack(t *testing.T, name, account, region string) cdktf.TerraformStack {
	t.Helper()
	env, err := awsenv.New(account, region)
	require.NoError(t, err)
	st := cdktf.NewTerraformStack(m.app, jsii.String(name))
	awsenv.Set(st, env)
	provider.NewAwsProvider(st, jsii.String("aws"), &provider.AwsProviderConfig{Region: jsii.String(region)})
	return st
}

// synth synthesizes the whole app, which turns references between stacks
// into outputs and remote state, and returns the named stack.
func (m *multiStack) synth(t *testing.T) map[string]synthesized {
	t.Helper()
	m.app.Synth()
	out := map[string]synthesized{}
	dir := filepath.Join(*m.app.Outdir(), "stacks")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name(), "cdk.tf.json"))
		require.NoError(t, err)
		var s synthesized
		require.NoError(t, json.Unmarshal(data, &s))
		out[e.Name()] = s
	}
	return out
}

func TestNetworkhubHubSpokeAcceptance(t *testing.T) {
	m := &multiStack{app: testApp(t)}
	netSt := m.stack(t, "network", "444444444444", "us-east-1")
	hub, err := networkhub.NewHub(netSt, "hub", networkhub.HubProps{Name: "acme", SharePrincipals: []string{testOrgARN}})
	require.NoError(t, err)

	type env struct {
		name, account, cidr string
		seg                 netplan.Segment
	}
	envs := []env{{"dev", "666666666666", "10.10.0.0/16", netplan.NonProd}, {"prod", "888888888888", "10.30.0.0/16", netplan.Prod}, {"shared", "555555555555", "10.40.0.0/16", netplan.Shared}}
	var accepted []networkhub.AcceptedSpoke
	var nets []netplan.SegmentNetwork
	for _, e := range envs {
		nets = append(nets, netplan.SegmentNetwork{Network: netplan.Network{Name: e.name, CIDR: netip.MustParsePrefix(e.cidr)}, Segment: e.seg})
	}
	spokes := map[string]*networkhub.Spoke{}
	for _, e := range envs {
		st := m.stack(t, "workload-"+e.name, e.account, "us-east-1")
		vpc, err := networkhub.NewVPC(st, e.name, networkhub.VPCProps{Name: "acme-" + e.name, CIDR: e.cidr, Zones: zones(t, "us-east-1", 2), NAT: networkhub.NATSingle})
		require.NoError(t, err)
		var admitted []string
		for _, p := range netplan.Reachable(e.name, e.seg, nets) {
			admitted = append(admitted, p.String())
		}
		spoke, err := networkhub.NewSpoke(st, e.name+"-spoke", networkhub.SpokeProps{VPC: vpc, TransitGatewayID: hub.ID, InternalCIDRs: []string{"10.0.0.0/8"}, AdmittedCIDRs: admitted})
		require.NoError(t, err)
		spokes[e.name] = spoke
		accepted = append(accepted, networkhub.AcceptedSpoke{Name: e.name, AttachmentID: spoke.AttachmentID, CIDR: e.cidr, Segment: e.seg})
	}
	attSt := m.stack(t, "network-attachments", "444444444444", "us-east-1")
	_, err = networkhub.NewSpokeAcceptance(attSt, "spokes", networkhub.SpokeAcceptanceProps{Hub: hub, Spokes: accepted})
	require.NoError(t, err)
	for _, e := range envs {
		st := m.stack(t, "spoke-routes-"+e.name, e.account, "us-east-1")
		require.NoError(t, networkhub.NewSpokeRoutes(st, e.name+"-spoke", networkhub.SpokeRoutesProps{Spoke: spokes[e.name]}))
	}
	assert.Error(t, networkhub.NewSpokeRoutes(attSt, "none", networkhub.SpokeRoutesProps{}))

	all := m.synth(t)
	net := all["network"]
	tgw := net.resources("aws_ec2_transit_gateway")["hub-tgw"]
	require.NotNil(t, tgw)
	assert.Equal(t, "disable", tgw["auto_accept_shared_attachments"])
	assert.Equal(t, "disable", tgw["default_route_table_association"])
	assert.Equal(t, "disable", tgw["default_route_table_propagation"])
	assert.Equal(t, float64(64512), tgw["amazon_side_asn"])
	assert.Equal(t, map[string][]string{"prod": {"hub-prod-rt"}, "nonprod": {"hub-nonprod-rt"}, "shared": {"hub-shared-rt"}},
		byTag(net.resources("aws_ec2_transit_gateway_route_table"), "Segment"))
	share := net.resources("aws_ram_resource_share")["hub-share"]
	assert.Equal(t, false, share["allow_external_principals"])
	assert.Equal(t, ref("aws_ec2_transit_gateway", "hub-tgw", "arn"), net.resources("aws_ram_resource_association")["hub-share-tgw"]["resource_arn"])
	principal := net.resources("aws_ram_principal_association")["hub-share-o-a1b2c3d4e5"]
	require.NotNil(t, principal)
	assert.Equal(t, testOrgARN, principal["principal"])
	checkFlowLog(t, net, "hub", "/tgw-flow-logs/acme-tgw")
	fl := net.resources("aws_flow_log")["hub-flow-log"]
	assert.Equal(t, ref("aws_ec2_transit_gateway", "hub-tgw", "id"), fl["transit_gateway_id"])
	assert.NotContains(t, fl, "traffic_type")

	prod := all["workload-prod"]
	att := prod.resources("aws_ec2_transit_gateway_vpc_attachment")["prod-spoke-attachment"]
	require.NotNil(t, att)
	assert.Contains(t, att["transit_gateway_id"], "data.terraform_remote_state", "the hub's id comes from the network stack")
	assert.Len(t, att["subnet_ids"], 2, "one private subnet per zone")
	for _, id := range strs(att["subnet_ids"]) {
		assert.Contains(t, id, "aws_subnet.prod-private-")
	}
	// Issue 15, finding 11: the routes to the Transit Gateway are not in
	// the workload stack, whose first apply leaves the attachment pending
	// acceptance, but in spoke-routes-<env>, applied after
	// network-attachments.
	for name, r := range prod.resources("aws_route") {
		assert.NotContains(t, r, "transit_gateway_id", "%s: a route to the Transit Gateway before its acceptance", name)
	}
	var tgwRoutes []string
	for name, r := range all["spoke-routes-prod"].resources("aws_route") {
		if _, ok := r["transit_gateway_id"]; ok {
			tgwRoutes = append(tgwRoutes, name)
			assert.Equal(t, "10.0.0.0/8", r["destination_cidr_block"])
			assert.Contains(t, r["route_table_id"], "data.terraform_remote_state", "the route tables come from the workload stack")
			assert.Contains(t, r["transit_gateway_id"], "data.terraform_remote_state", "the hub's id comes from the network stack")
		}
	}
	assert.Len(t, tgwRoutes, 2, "a route per private route table")
	// Issue 15, finding 23: the private ACL admits the VPCs its segment
	// reaches, not the 10.0.0.0/8 summary the routes use.
	for name, want := range map[string][]string{"prod": {"10.40.0.0/16"}, "dev": {"10.40.0.0/16"}, "shared": {"10.10.0.0/16", "10.30.0.0/16"}} {
		privIn := all["workload-"+name].resources("aws_network_acl")[name+"-private-nacl"]["ingress"].([]any)
		allowed := cidrsOf(privIn, "allow")
		assert.NotContains(t, allowed, "10.0.0.0/8", name)
		for _, c := range want {
			assert.Contains(t, allowed, c, name)
		}
	}
	devIn := all["workload-dev"].resources("aws_network_acl")["dev-private-nacl"]["ingress"].([]any)
	assert.NotContains(t, cidrsOf(devIn, "allow"), "10.30.0.0/16", "non-prod does not admit prod")

	acc := all["network-attachments"]
	for _, e := range envs {
		a := acc.resources("aws_ec2_transit_gateway_vpc_attachment_accepter")["spokes-"+e.name+"-accept"]
		require.NotNil(t, a, e.name)
		assert.Equal(t, false, a["transit_gateway_default_route_table_association"])
		assert.Equal(t, false, a["transit_gateway_default_route_table_propagation"])
		assert.Contains(t, a["transit_gateway_attachment_id"], "data.terraform_remote_state", "the attachment id comes from the workload stack")
		assoc := acc.resources("aws_ec2_transit_gateway_route_table_association")["spokes-"+e.name+"-association"]
		assert.Equal(t, ref("aws_ec2_transit_gateway_vpc_attachment_accepter", "spokes-"+e.name+"-accept", "id"), assoc["transit_gateway_attachment_id"])
		assert.Contains(t, assoc["transit_gateway_route_table_id"], "hub-"+string(e.seg)+"-rt", "associated with its segment")
	}
	// Which route tables learn each spoke's routes decides who reaches whom.
	learns := map[string][]string{}
	for name, p := range acc.resources("aws_ec2_transit_gateway_route_table_propagation") {
		spoke := strings.Split(strings.TrimPrefix(name, "spokes-"), "-")[0]
		rt := p["transit_gateway_route_table_id"].(string)
		for _, seg := range netplan.Segments {
			if strings.Contains(rt, "hub-"+string(seg)+"-rt") {
				learns[string(seg)] = append(learns[string(seg)], spoke)
			}
		}
	}
	for _, v := range learns {
		sort.Strings(v)
	}
	assert.Equal(t, map[string][]string{"prod": {"prod", "shared"}, "nonprod": {"dev", "shared"}, "shared": {"dev", "prod", "shared"}}, learns,
		"prod and non-prod never learn each other's routes; shared learns all")
}

func cidrsOf(rules []any, action string) []string {
	var out []string
	for _, r := range rules {
		m := r.(map[string]any)
		if m["action"] == action {
			out = append(out, m["cidr_block"].(string))
		}
	}
	return out
}

func TestNetworkhubPeering(t *testing.T) {
	t.Run("same stack", func(t *testing.T) {
		st := newTestStack(t, "555555555555", "us-east-1")
		a, err := networkhub.NewVPC(st, "a", networkhub.VPCProps{Name: "acme-a", CIDR: "10.40.0.0/16", Zones: zones(t, "us-east-1", 2), NAT: networkhub.NATNone})
		require.NoError(t, err)
		b, err := networkhub.NewVPC(st, "b", networkhub.VPCProps{Name: "acme-b", CIDR: "10.50.0.0/16", Zones: zones(t, "us-east-1", 2), NAT: networkhub.NATNone})
		require.NoError(t, err)
		_, err = networkhub.NewPeering(st, "ab", networkhub.PeeringProps{Requester: a, Peer: b})
		require.NoError(t, err)
		s := synthStack(t, st)
		conn := s.resources("aws_vpc_peering_connection")["ab-peering"]
		assert.Equal(t, true, conn["auto_accept"])
		assert.Equal(t, ref("aws_vpc", "a-vpc", "id"), conn["vpc_id"])
		assert.Equal(t, ref("aws_vpc", "b-vpc", "id"), conn["peer_vpc_id"])
		dests := map[string]string{}
		for _, r := range s.resources("aws_route") {
			if r["vpc_peering_connection_id"] == ref("aws_vpc_peering_connection", "ab-peering", "id") {
				dests[r["route_table_id"].(string)] = r["destination_cidr_block"].(string)
			}
		}
		assert.Len(t, dests, 4, "both private route tables of both VPCs")
		for _, rt := range rtRefs("a", netplan.Private, a.Subnets[netplan.Private]) {
			assert.Equal(t, "10.50.0.0/16", dests[rt])
		}
		for _, rt := range rtRefs("b", netplan.Private, b.Subnets[netplan.Private]) {
			assert.Equal(t, "10.40.0.0/16", dests[rt])
		}
		acls := s.resources("aws_network_acl")
		assert.Contains(t, cidrsOf(acls["a-private-nacl"]["ingress"].([]any), "allow"), "10.50.0.0/16")
		assert.Contains(t, cidrsOf(acls["b-private-nacl"]["ingress"].([]any), "allow"), "10.40.0.0/16")
	})

	t.Run("across accounts", func(t *testing.T) {
		// The requester needs the accepter's VPC id and the acceptance
		// needs the requester's connection id, so the acceptance lives in
		// a third stack of the accepter's account.
		m := &multiStack{app: testApp(t)}
		reqSt := m.stack(t, "requester", "666666666666", "us-east-1")
		accSt := m.stack(t, "accepter", "777777777777", "us-west-2")
		acceptSt := m.stack(t, "accepter-peering", "777777777777", "us-west-2")
		req, err := networkhub.NewVPC(reqSt, "dev", networkhub.VPCProps{Name: "acme-dev", CIDR: "10.10.0.0/16", Zones: zones(t, "us-east-1", 2), NAT: networkhub.NATSingle})
		require.NoError(t, err)
		acc, err := networkhub.NewVPC(accSt, "staging", networkhub.VPCProps{Name: "acme-staging", CIDR: "10.20.0.0/16", Zones: zones(t, "us-west-2", 2), NAT: networkhub.NATSingle})
		require.NoError(t, err)
		p, err := networkhub.NewPeering(reqSt, "dev-staging", networkhub.PeeringProps{Requester: req, Remote: &networkhub.RemoteVPC{
			Name: "staging", ID: acc.ID, CIDR: acc.CIDR, AccountID: "777777777777", Region: "us-west-2"}})
		require.NoError(t, err)
		require.NoError(t, networkhub.NewPeeringAccepter(acceptSt, "dev-staging", networkhub.PeeringAccepterProps{
			VPC: acc, ConnectionID: p.ConnectionID, RequesterName: "dev", RequesterCIDR: req.CIDR}))

		all := m.synth(t)
		conn := all["requester"].resources("aws_vpc_peering_connection")["dev-staging-peering"]
		assert.Equal(t, "777777777777", conn["peer_owner_id"])
		assert.Equal(t, "us-west-2", conn["peer_region"])
		assert.NotContains(t, conn, "auto_accept", "only the accepter can accept across accounts")
		assert.Contains(t, conn["peer_vpc_id"], "data.terraform_remote_state", "the peer VPC id comes from the accepter's stack")

		as := all["accepter-peering"]
		a := as.resources("aws_vpc_peering_connection_accepter")["dev-staging-accept"]
		assert.Equal(t, true, a["auto_accept"])
		assert.Contains(t, a["vpc_peering_connection_id"], "data.terraform_remote_state", "the connection id comes from the requester's stack")
		n := 0
		for _, r := range as.resources("aws_route") {
			if r["vpc_peering_connection_id"] == ref("aws_vpc_peering_connection_accepter", "dev-staging-accept", "id") {
				n++
				assert.Equal(t, "10.10.0.0/16", r["destination_cidr_block"])
				assert.Contains(t, r["route_table_id"], "data.terraform_remote_state", "the accepter VPC's route tables")
			}
		}
		assert.Equal(t, 2, n, "the accepter routes back from both private route tables")
		privIn := all["accepter"].resources("aws_network_acl")["staging-private-nacl"]["ingress"].([]any)
		assert.Contains(t, cidrsOf(privIn, "allow"), "10.10.0.0/16", "the accepter's private ACL admits the requester")
	})
}

// buildNetwork wires the organization model into networkhub the way the
// stacks should: the hub in the network stack, a VPC, tiered security groups
// and a spoke in each workload stack, and the acceptance in a
// network-attachments stack of the network account deployed after the
// workloads.
func buildNetwork(t *testing.T, m *multiStack, o *org.Organization) {
	t.Helper()
	netAcct, _ := o.AccountOfKind(org.KindNetwork)
	mgmt, _ := o.AccountOfKind(org.KindManagement)
	logs, _ := o.AccountOfKind(org.KindLogArchive)
	netSt := m.stack(t, "network", netAcct.ID, o.HomeRegion)
	hub, err := networkhub.NewHub(netSt, "hub", networkhub.HubProps{
		Name:            o.Name,
		ASN:             o.Network.TransitGatewayASN,
		SharePrincipals: []string{fmt.Sprintf("arn:aws:organizations::%s:organization/%s", mgmt.ID, o.ID)},
	})
	require.NoError(t, err)

	var spokes []networkhub.AcceptedSpoke
	type routed struct {
		env, account, region string
		spoke                *networkhub.Spoke
	}
	var routes []routed
	for _, e := range o.Environments {
		acct, _ := o.Account(e.Account)
		st := m.stack(t, "workload-"+e.Name, acct.ID, e.Region)
		region, err := awsregion.Lookup(e.Region)
		require.NoError(t, err)
		flowLogs := networkhub.FlowLogs{RetentionDays: e.VPC.FlowLogs.RetentionDays}
		if e.VPC.FlowLogs.Destination == org.FlowLogsLogArchive {
			bucket, err := naming.Bucket(o.Name, "logs", logs.ID, o.HomeRegion)
			require.NoError(t, err)
			flowLogs = networkhub.FlowLogs{Destination: networkhub.FlowLogsToS3, BucketARN: "arn:aws:s3:::" + bucket + "/vpc-flow-logs"}
		}
		vpc, err := networkhub.NewVPC(st, "vpc", networkhub.VPCProps{
			Name:                naming.Join(o.Name, e.Name),
			CIDR:                e.VPC.CIDR,
			Zones:               region.Zones(e.VPC.AZCount),
			NAT:                 networkhub.NATMode(e.VPC.NAT),
			SubnetPrefixLengths: e.VPC.SubnetPrefixLengths,
			InterfaceEndpoints:  e.VPC.InterfaceEndpoints,
			EndpointPolicy:      networkhub.EndpointPolicy{OrganizationID: o.ID},
			FlowLogs:            flowLogs,
		})
		require.NoError(t, err)
		_, err = networkhub.NewTierSecurityGroups(st, "tiers", networkhub.TierSecurityGroupsProps{
			VPC: vpc, Web: networkhub.WebIngress{FromInternet: true, HTTPRedirect: true},
		})
		require.NoError(t, err)
		var nets []netplan.SegmentNetwork
		for _, other := range o.Environments {
			nets = append(nets, netplan.SegmentNetwork{Network: netplan.Network{Name: other.Name, CIDR: netip.MustParsePrefix(other.VPC.CIDR)}, Segment: other.Segment()})
		}
		var admitted []string
		for _, p := range netplan.Reachable(e.Name, e.Segment(), nets) {
			admitted = append(admitted, p.String())
		}
		spoke, err := networkhub.NewSpoke(st, "spoke", networkhub.SpokeProps{VPC: vpc, TransitGatewayID: hub.ID, InternalCIDRs: o.InternalRanges(), AdmittedCIDRs: admitted})
		require.NoError(t, err)
		spokes = append(spokes, networkhub.AcceptedSpoke{Name: e.Name, AttachmentID: spoke.AttachmentID, CIDR: e.VPC.CIDR, Segment: e.Segment()})
		routes = append(routes, routed{e.Name, acct.ID, e.Region, spoke})
	}
	attSt := m.stack(t, "network-attachments", netAcct.ID, o.HomeRegion)
	_, err = networkhub.NewSpokeAcceptance(attSt, "spokes", networkhub.SpokeAcceptanceProps{Hub: hub, Spokes: spokes})
	require.NoError(t, err)
	for _, r := range routes {
		st := m.stack(t, "spoke-routes-"+r.env, r.account, r.region)
		require.NoError(t, networkhub.NewSpokeRoutes(st, "spoke", networkhub.SpokeRoutesProps{Spoke: r.spoke}))
	}
}

// TestNetworkhubExampleOrganization checks the definition of done on
// the example organization.
func TestNetworkhubExampleOrganization(t *testing.T) {
	o := org.Example()
	o.Environments[1].VPC.FlowLogs = org.FlowLogs{Destination: org.FlowLogsLogArchive}
	require.NoError(t, o.Validate("example"))
	m := &multiStack{app: testApp(t)}
	buildNetwork(t, m, o)
	all := m.synth(t)

	for _, e := range o.Environments {
		t.Run(e.Name, func(t *testing.T) {
			s := all["workload-"+e.Name]
			require.NotNil(t, s)
			tiers := byTag(s.resources("aws_subnet"), "Tier")
			for _, tier := range netplan.Tiers {
				assert.Len(t, tiers[string(tier)], e.VPC.AZCount, "%s subnets", tier)
			}
			assert.GreaterOrEqual(t, e.VPC.AZCount, 2)
			wantNAT := map[org.NATMode]int{org.NATNone: 0, org.NATSingle: 1, org.NATPerAZ: e.VPC.AZCount}[e.VPC.NAT]
			assert.Len(t, s.resources("aws_nat_gateway"), wantNAT, "NAT %s", e.VPC.NAT)
			eps := s.resources("aws_vpc_endpoint")
			assert.Contains(t, eps, "vpc-s3-endpoint")
			assert.Contains(t, eps, "vpc-dynamodb-endpoint")
			fl := s.resources("aws_flow_log")["vpc-flow-log"]
			assert.Equal(t, "ALL", fl["traffic_type"])
			if e.VPC.FlowLogs.Destination == org.FlowLogsLogArchive {
				assert.Equal(t, "s3", fl["log_destination_type"])
				assert.Equal(t, "arn:aws:s3:::acme-logs-222222222222-us-east-1/vpc-flow-logs", fl["log_destination"])
			} else {
				checkFlowLog(t, s, "vpc", "/vpc-flow-logs/acme-"+e.Name)
			}
			sg := s.resources("aws_default_security_group")["vpc-default-sg"]
			assert.Equal(t, []any{}, sg["ingress"])
			assert.Equal(t, []any{}, sg["egress"])
			assert.Equal(t, map[string][]string{"web": {"tiers-web"}, "app": {"tiers-app"}, "database": {"tiers-database"}, "cache": {"tiers-cache"}},
				byTag(s.resources("aws_security_group"), "Tier"))
			att := s.resources("aws_ec2_transit_gateway_vpc_attachment")["spoke-attachment"]
			require.NotNil(t, att, "the spoke attachment is in the workload stack")
			assert.Contains(t, att["transit_gateway_id"], "data.terraform_remote_state")
		})
	}

	net := all["network"]
	tgw := net.resources("aws_ec2_transit_gateway")["hub-tgw"]
	assert.Equal(t, "disable", tgw["auto_accept_shared_attachments"])
	assert.Equal(t, "disable", tgw["default_route_table_association"])
	assert.Equal(t, "disable", tgw["default_route_table_propagation"])
	assert.Len(t, net.resources("aws_ec2_transit_gateway_route_table"), 3)
	assert.Equal(t, "arn:aws:organizations::111111111111:organization/o-a1b2c3d4e5", net.resources("aws_ram_principal_association")["hub-share-o-a1b2c3d4e5"]["principal"])

	acc := all["network-attachments"]
	assocs := acc.resources("aws_ec2_transit_gateway_route_table_association")
	assert.Contains(t, assocs["spokes-prod-association"]["transit_gateway_route_table_id"], "hub-prod-rt")
	assert.Contains(t, assocs["spokes-dev-association"]["transit_gateway_route_table_id"], "hub-nonprod-rt")
	assert.Contains(t, assocs["spokes-staging-association"]["transit_gateway_route_table_id"], "hub-nonprod-rt")
}

// TestNetworkhubRejects proves that bad input ends in a clear error before
// any resource exists.
func TestNetworkhubRejects(t *testing.T) {
	st := newTestStack(t, "888888888888", "us-west-1")
	_, err := networkhub.NewVPC(st, "prod", networkhub.VPCProps{Name: "acme-prod", CIDR: "10.30.0.0/16",
		Zones: []string{"usw1-az1", "usw1-az2", "usw1-az3"}, NAT: networkhub.NATPerAZ})
	require.Error(t, err)
	assert.Equal(t, `networkhub vpc prod: Zones ["usw1-az1" "usw1-az2" "usw1-az3"]: region us-west-1 has only 2 availability zones (usw1-az1, usw1-az3)`, err.Error())
	_, err = networkhub.NewVPC(st, "prod", networkhub.VPCProps{Name: "acme-prod", CIDR: "10.30.0.0/16",
		Zones: []string{"us-west-1a", "us-west-1c"}, NAT: networkhub.NATSingle})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `Zones: "us-west-1a" is not an availability zone id of us-west-1; use one of usw1-az1, usw1-az3 (ids, not names: names differ per account)`)

	_, err = networkhub.NewVPC(st, "prod", networkhub.VPCProps{Name: "acme-prod", CIDR: "10.30.0.0/22",
		Zones: zones(t, "us-west-1", 2), NAT: networkhub.NATSingle, SubnetPrefixLengths: netplan.PrefixLengths{Private: 24, Isolated: 25}})
	require.Error(t, err)
	assert.Equal(t, "networkhub vpc prod: SubnetPrefixLengths: subnets do not fit: 3 zones' worth of public /28, private /24, isolated /25 need 1200 addresses but the VPC 10.30.0.0/22 has 1024; use longer prefixes (smaller subnets)", err.Error())

	a, err := networkhub.NewVPC(st, "a", networkhub.VPCProps{Name: "acme-a", CIDR: "10.30.0.0/16", Zones: zones(t, "us-west-1", 2), NAT: networkhub.NATNone})
	require.NoError(t, err)
	b, err := networkhub.NewVPC(st, "b", networkhub.VPCProps{Name: "acme-b", CIDR: "10.30.128.0/17", Zones: zones(t, "us-west-1", 2), NAT: networkhub.NATNone})
	require.NoError(t, err)
	_, err = networkhub.NewPeering(st, "ab", networkhub.PeeringProps{Requester: a, Peer: b})
	require.Error(t, err)
	assert.Equal(t, "networkhub peering ab: VPC acme-b 10.30.128.0/17 overlaps VPC acme-a 10.30.0.0/16: networks joined by a Transit Gateway or peering need distinct ranges", err.Error())

	_, err = networkhub.NewSpokeAcceptance(st, "spokes", networkhub.SpokeAcceptanceProps{Hub: &networkhub.Hub{}, Spokes: []networkhub.AcceptedSpoke{
		{Name: "a", AttachmentID: jsii.String("tgw-attach-a"), CIDR: a.CIDR, Segment: netplan.Prod},
		{Name: "b", AttachmentID: jsii.String("tgw-attach-b"), CIDR: b.CIDR, Segment: netplan.Prod},
	}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "networkhub spoke acceptance spokes: spoke b 10.30.128.0/17 overlaps spoke a 10.30.0.0/16")

	s := synthStack(t, st)
	assert.NotContains(t, s.resources("aws_vpc"), "prod", "the rejected VPC left nothing behind")
	assert.Empty(t, s.resources("aws_vpc_peering_connection"))
	assert.Empty(t, s.resources("aws_ec2_transit_gateway_vpc_attachment_accepter"))

	// Through the organization model: the overlap fails before any stack.
	o := org.Example()
	o.Environments[1].VPC.CIDR = "10.10.128.0/20"
	_, err = stacks.Build(testApp(t), o, stacks.Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `environments[staging].vpc.cidr "10.10.128.0/20": overlaps environments[dev].vpc.cidr "10.10.0.0/16"`)
}

// TestSpokeRoutesLiveAfterTheAcceptance is issue 15, finding 11, on the
// stacks the app builds: no workload stack routes to the Transit Gateway
// (its attachment is still pending acceptance on the first apply), each
// environment's spoke-routes stack does, in the environment's account, and
// it depends on network-attachments so that `cdktf deploy` applies it after
// the acceptance.
func TestSpokeRoutesLiveAfterTheAcceptance(t *testing.T) {
	_, parsed := exampleOrg(t)
	o := org.Example()
	for _, e := range o.Environments {
		for name, r := range parsed[stacks.WorkloadStackName(e.Name)].resources("aws_route") {
			assert.NotContains(t, r, "transit_gateway_id", "%s in %s", name, stacks.WorkloadStackName(e.Name))
		}
		routes := parsed[stacks.SpokeRoutesStackName(e.Name)]
		require.NotNil(t, routes, e.Name)
		acct, _ := o.Account(e.Account)
		assert.Equal(t, acct.ID, routes["provider"].(map[string]any)["aws"].([]any)[0].(map[string]any)["allowed_account_ids"].([]any)[0], "the route tables' account")
		n := 0
		for _, r := range routes.resources("aws_route") {
			assert.Contains(t, r["transit_gateway_id"], "data.terraform_remote_state")
			assert.Contains(t, r["route_table_id"], "data.terraform_remote_state")
			n++
		}
		assert.Equal(t, e.VPC.AZCount*len(o.InternalRanges()), n, "%s: a route per private route table and internal range", e.Name)
	}

	// The synthesized manifest, which cdktf deploy reads, orders them.
	for _, e := range o.Environments {
		deps, ok := example.manifest.deps[stacks.SpokeRoutesStackName(e.Name)]
		require.True(t, ok, e.Name)
		assert.Contains(t, deps, stacks.NetworkAttachmentsStack, e.Name)
	}
}

// TestAppTierEgress is issue 15, finding 15: by default the app tier's
// HTTPS egress goes to the VPC endpoints only (the gateway endpoints'
// prefix lists, and the interface endpoints' group when there are any);
// an environment that opts in to the internet gets HTTPS to 0.0.0.0/0
// with its reason as the suppression of VPC-8, which both policy reports
// then list.
func TestAppTierEgress(t *testing.T) {
	_, parsed := exampleOrg(t)
	for _, e := range org.Example().Environments {
		s := parsed[stacks.WorkloadStackName(e.Name)]
		var targets []string
		for name, r := range s.resources("aws_vpc_security_group_egress_rule") {
			if !strings.HasPrefix(name, "tiers-app-out-443-") {
				continue
			}
			assert.NotContains(t, r, "cidr_ipv4", "%s: %s", e.Name, name)
			targets = append(targets, strings.TrimPrefix(name, "tiers-app-out-443-"))
		}
		sort.Strings(targets)
		assert.Equal(t, []string{"dynamodb", "endpoints", "s3"}, targets, e.Name)
		// The app tier has no other way to AWS: Session Manager and its
		// secrets need their interface endpoints (review of issue 15, F3).
		services := map[string]bool{}
		for _, ep := range s.resources("aws_vpc_endpoint") {
			services[ep["service_name"].(string)] = true
		}
		for _, svc := range org.AppTierEndpoints {
			assert.True(t, services["com.amazonaws."+e.Region+"."+string(svc)], "%s: interface endpoint %s", e.Name, svc)
		}
	}

	variant := variantOrg(t)
	dev := variant[stacks.WorkloadStackName("dev")]
	open := dev.resources("aws_vpc_security_group_egress_rule")["tiers-app-out-443-anywhere"]
	require.NotNil(t, open, "dev opts in")
	assert.Equal(t, "0.0.0.0/0", open["cidr_ipv4"])
	reason := "environments[dev].vpc.app_internet_egress: calls the payment provider's API"
	assert.Equal(t, "internet egress opted in: "+reason, open["//"].(map[string]any)["suppressions"].(map[string]any)["VPC-8"])
	assert.NotContains(t, variant[stacks.WorkloadStackName("staging")].resources("aws_vpc_security_group_egress_rule"), "tiers-app-out-443-anywhere")

	data, err := json.Marshal(dev)
	require.NoError(t, err)
	rep, err := policycheck.Check("workload-dev", data, policycheck.Options{})
	require.NoError(t, err)
	var found bool
	for _, f := range rep.Findings {
		if f.RuleID == "VPC-8" {
			found = true
			assert.True(t, f.Suppressed, f.String())
			assert.Equal(t, "internet egress opted in: "+reason, f.Reason)
		}
	}
	assert.True(t, found, "the pack reports the opt-in")
	assert.Zero(t, rep.Warnings()+rep.Errors(), rep.Summary())

	st := newTestStack(t, "888888888888", "us-east-1")
	vpc, err := networkhub.NewVPC(st, "env", networkhub.VPCProps{Name: "acme-env", CIDR: "10.30.0.0/16", Zones: zones(t, "us-east-1", 2), NAT: networkhub.NATNone,
		InterfaceEndpoints: []netplan.Service{netplan.SSM}})
	require.NoError(t, err)
	_, err = networkhub.NewTierSecurityGroups(st, "tiers", networkhub.TierSecurityGroupsProps{VPC: vpc, Web: networkhub.WebIngress{FromInternet: true}})
	require.NoError(t, err)
	ep := synthStack(t, st).resources("aws_vpc_security_group_egress_rule")["tiers-app-out-443-endpoints"]
	require.NotNil(t, ep)
	assert.Equal(t, ref("aws_security_group", "env-endpoints-sg", "id"), ep["referenced_security_group_id"])
}

// TestPrivateACLAdmitsSegmentAndOnPremises is issue 15, finding 23, through
// the model: with internal ranges that summarize every VPC (10.0.0.0/8) and
// an on-premises range (192.168.0.0/16), a non-production VPC's private ACL
// admits its segment's other VPC and the on-premises range, and neither the
// summary nor production.
func TestPrivateACLAdmitsSegmentAndOnPremises(t *testing.T) {
	o := org.Example()
	o.Network.InternalCIDRs = []string{"10.0.0.0/8", "192.168.0.0/16"}
	require.NoError(t, o.Validate("example"))
	res, err := stacks.Build(testApp(t), o, stacks.Options{})
	require.NoError(t, err)
	st, ok := res.Stack(stacks.WorkloadStackName("dev"))
	require.True(t, ok)
	s := synthStack(t, st.TF)
	allowed := cidrsOf(s.resources("aws_network_acl")["vpc-private-nacl"]["ingress"].([]any), "allow")
	assert.Contains(t, allowed, "10.20.0.0/16", "staging, the same segment")
	assert.Contains(t, allowed, "192.168.0.0/16", "on premises, no segment's VPC")
	assert.NotContains(t, allowed, "10.30.0.0/16", "prod")
	assert.NotContains(t, allowed, "10.0.0.0/8", "the summary would admit prod")
}
