package policycheck

import (
	"fmt"
	"strings"
)

const (
	sgType          = "aws_security_group"
	sgRuleType      = "aws_security_group_rule"
	sgIngressType   = "aws_vpc_security_group_ingress_rule"
	sgEgressType    = "aws_vpc_security_group_egress_rule"
	defaultSGType   = "aws_default_security_group"
	vpcType         = "aws_vpc"
	allowedWebPorts = "80 and 443"
)

var vpcRules = []Rule{
	{
		ID:          "VPC-1",
		Severity:    Error,
		Description: "Every VPC has a flow log that captures all traffic.",
		Fix:         `add an aws_flow_log with vpc_id set to the VPC and traffic_type "ALL" (networkhub does)`,
		Types:       []string{vpcType},
		Checkov:     []string{"CKV2_AWS_11"},
		Trivy:       []string{"AVD-AWS-0178"},
		check:       checkFlowLogs,
	},
	{
		ID:          "VPC-2",
		Severity:    Error,
		Description: "Every VPC's default security group is managed and has no rules.",
		Fix:         "add an aws_default_security_group for the VPC with no ingress or egress, and attach no rule resources to it",
		Types:       []string{vpcType, defaultSGType, sgRuleType, sgIngressType, sgEgressType},
		Checkov:     []string{"CKV2_AWS_12"},
		Trivy:       []string{"AVD-AWS-0173"},
		check:       checkDefaultSG,
	},
	{
		ID:          "VPC-3",
		Severity:    Error,
		Description: "No subnet gives instances a public IP address at launch.",
		Fix:         "set map_public_ip_on_launch = false; put internet-facing load balancers and NAT gateways (with Elastic IPs) in public subnets instead",
		Types:       []string{"aws_subnet", "aws_default_subnet"},
		Checkov:     []string{"CKV_AWS_130"},
		Trivy:       []string{"AVD-AWS-0164"},
		check:       checkSubnetPublicIP,
	},
	{
		ID:          "VPC-4",
		Severity:    Error,
		Description: "No security group admits 0.0.0.0/0 or ::/0 to any port but " + allowedWebPorts + ".",
		Fix:         "admit a narrower CIDR or a security group; reach instances through SSM Session Manager rather than open SSH or RDP",
		Types:       []string{sgType, sgRuleType, sgIngressType},
		Checkov:     []string{"CKV_AWS_24", "CKV_AWS_25", "CKV_AWS_277"},
		Trivy:       []string{"AVD-AWS-0107"},
		check:       checkOpenIngress,
	},
	{
		ID:          "VPC-5",
		Severity:    Warning,
		Description: "HTTP and HTTPS from 0.0.0.0/0 or ::/0 reach only groups tagged " + InternetFacingTag + " = true.",
		Fix:         "admit the load balancer's security group instead, or tag the group " + InternetFacingTag + " = \"true\" if it is meant to face the internet",
		Types:       []string{sgType, sgRuleType, sgIngressType},
		Checkov:     []string{"CKV_AWS_260"},
		check:       checkWebIngress,
	},
	{
		ID:          "VPC-6",
		Severity:    Warning,
		Description: "Every security group rule has a description.",
		Fix:         "set description on every ingress and egress rule: who is admitted, and why",
		Types:       []string{sgType, sgRuleType, sgIngressType, sgEgressType},
		Checkov:     []string{"CKV_AWS_23"},
		Trivy:       []string{"AVD-AWS-0124"},
		check:       checkSGRuleDescriptions,
	},
	{
		ID:          "VPC-7",
		Severity:    Warning,
		Description: "Every security group has a description of its own.",
		Fix:         `set description to what the group is for (the provider's default is "Managed by Terraform")`,
		Types:       []string{sgType},
		Trivy:       []string{"AVD-AWS-0099"},
		check:       checkSGDescription,
	},
	{
		ID:          "VPC-8",
		Severity:    Warning,
		Description: "No security group opens egress to 0.0.0.0/0 or ::/0.",
		Fix: "send AWS traffic to the VPC endpoints (the S3 and DynamoDB prefix lists, the interface endpoints' security group) and name the ranges of other services; " +
			"where a workload must reach the internet, suppress this rule on that egress rule with the reason (networkhub: TierSecurityGroupsProps.AppInternetEgress)",
		Types: []string{sgType, sgRuleType, sgEgressType},
		Trivy: []string{"AVD-AWS-0104"},
		check: checkOpenEgress,
	},
}

// checkOpenEgress reports egress rules open to the whole internet: a
// compromised instance can then send data anywhere, and the endpoint
// policies that draw the data perimeter are bypassed through NAT.
func checkOpenEgress(_ *stack, r *resource) []string {
	var out []string
	open := func(m map[string]any, protoKey string, cidrs []string) {
		in := newIngress(m, protoKey, cidrs)
		if cidr := in.openTo(); cidr != "" {
			out = append(out, fmt.Sprintf("egress to %s on %s", cidr, in.ports()))
		}
	}
	switch r.typ {
	case sgType:
		for _, b := range blocks(r.attrs, "egress") {
			open(b, "protocol", append(strs(b, "cidr_blocks"), strs(b, "ipv6_cidr_blocks")...))
		}
	case sgRuleType:
		if str(r.attrs, "type") == "egress" {
			open(r.attrs, "protocol", append(strs(r.attrs, "cidr_blocks"), strs(r.attrs, "ipv6_cidr_blocks")...))
		}
	case sgEgressType:
		open(r.attrs, "ip_protocol", append(strs(r.attrs, "cidr_ipv4"), strs(r.attrs, "cidr_ipv6")...))
	}
	return out
}

func checkFlowLogs(s *stack, vpc *resource) []string {
	logs := s.related("aws_flow_log", "vpc_id", vpc)
	if len(logs) == 0 {
		return []string{"no aws_flow_log has vpc_id set to this VPC"}
	}
	for _, l := range logs {
		if tt := str(l.attrs, "traffic_type"); tt == "ALL" || isExpr(tt) {
			return nil
		}
	}
	return []string{fmt.Sprintf("the flow log captures %s traffic only: accepted flows show what an intruder reached", str(logs[0].attrs, "traffic_type"))}
}

func checkDefaultSG(s *stack, r *resource) []string {
	switch r.typ {
	case vpcType:
		if len(s.related(defaultSGType, "vpc_id", r)) == 0 {
			return []string{"the VPC's default security group is not managed: AWS's default admits all traffic between its members and all egress"}
		}
	case defaultSGType:
		in, out := len(blocks(r.attrs, "ingress")), len(blocks(r.attrs, "egress"))
		if in+out > 0 {
			return []string{fmt.Sprintf("the default security group has %d ingress and %d egress rules", in, out)}
		}
	default:
		id := str(r.attrs, "security_group_id")
		for _, rf := range refs(id) {
			if strings.HasPrefix(rf.addr, defaultSGType+".") || rf.attr == "default_security_group_id" {
				return []string{"a rule is attached to a VPC's default security group"}
			}
		}
	}
	return nil
}

func checkSubnetPublicIP(_ *stack, r *resource) []string {
	// A default subnet maps public IPs unless told not to.
	if boolArg(r.attrs, "map_public_ip_on_launch") == yes || (r.typ == "aws_default_subnet" && boolArg(r.attrs, "map_public_ip_on_launch") == unset) {
		return []string{"map_public_ip_on_launch is true: every instance launched here is reachable from the internet if a group admits it"}
	}
	return nil
}

// ingress is one ingress rule, whatever resource it came from.
type ingress struct {
	protocol  string
	from, to  int
	allPorts  bool
	cidrs     []string
	group     *resource // the security group, when known
	unknownPt bool      // ports are expressions
}

// ingressRules returns the ingress rules r defines.
func (s *stack) ingressRules(r *resource) []ingress {
	var out []ingress
	switch r.typ {
	case sgType:
		for _, b := range blocks(r.attrs, "ingress") {
			in := newIngress(b, "protocol", append(strs(b, "cidr_blocks"), strs(b, "ipv6_cidr_blocks")...))
			in.group = r
			out = append(out, in)
		}
	case sgRuleType:
		if str(r.attrs, "type") != "ingress" {
			return nil
		}
		in := newIngress(r.attrs, "protocol", append(strs(r.attrs, "cidr_blocks"), strs(r.attrs, "ipv6_cidr_blocks")...))
		in.group = s.groupOf(r)
		out = append(out, in)
	case sgIngressType:
		in := newIngress(r.attrs, "ip_protocol", append(strs(r.attrs, "cidr_ipv4"), strs(r.attrs, "cidr_ipv6")...))
		in.group = s.groupOf(r)
		out = append(out, in)
	}
	return out
}

func newIngress(m map[string]any, protoKey string, cidrs []string) ingress {
	in := ingress{protocol: strings.ToLower(str(m, protoKey)), cidrs: cidrs}
	from, okf := num(m, "from_port")
	to, okt := num(m, "to_port")
	in.from, in.to = int(from), int(to)
	in.unknownPt = numUnknown(m, "from_port") || numUnknown(m, "to_port")
	switch {
	case in.protocol == "-1" || in.protocol == "all":
		in.allPorts = true
	case !okf && !okt && !in.unknownPt:
		in.allPorts = in.protocol != "icmp" && in.protocol != "icmpv6" && in.protocol != "1" && in.protocol != "58"
	}
	return in
}

// groupOf resolves a rule resource's security_group_id.
func (s *stack) groupOf(r *resource) *resource {
	for _, rf := range refs(str(r.attrs, "security_group_id")) {
		if g := s.byAddr[rf.addr]; g != nil && g.typ == sgType {
			return g
		}
	}
	return nil
}

func (in ingress) openTo() string {
	for _, c := range in.cidrs {
		if c == "0.0.0.0/0" || c == "::/0" {
			return c
		}
	}
	return ""
}

// web reports whether the rule admits HTTP or HTTPS only.
func (in ingress) web() bool {
	return !in.allPorts && !in.unknownPt && (in.protocol == "tcp" || in.protocol == "6") && in.from == in.to && (in.from == 80 || in.from == 443)
}

func (in ingress) ports() string {
	switch {
	case in.allPorts:
		return "all ports"
	case in.unknownPt:
		return "ports set by an expression"
	case in.from == in.to:
		return fmt.Sprintf("%s port %d", in.protocol, in.from)
	}
	return fmt.Sprintf("%s ports %d-%d", in.protocol, in.from, in.to)
}

func checkOpenIngress(s *stack, r *resource) []string {
	var out []string
	for _, in := range s.ingressRules(r) {
		if cidr := in.openTo(); cidr != "" && !in.web() {
			out = append(out, fmt.Sprintf("ingress from %s to %s", cidr, in.ports()))
		}
	}
	return out
}

func checkWebIngress(s *stack, r *resource) []string {
	var out []string
	for _, in := range s.ingressRules(r) {
		cidr := in.openTo()
		if cidr == "" || !in.web() {
			continue
		}
		if in.group != nil && strings.EqualFold(tags(in.group.attrs)[InternetFacingTag], "true") {
			continue
		}
		out = append(out, fmt.Sprintf("ingress from %s to %s on a group not tagged %s = true", cidr, in.ports(), InternetFacingTag))
	}
	return out
}

func checkSGRuleDescriptions(_ *stack, r *resource) []string {
	if r.typ != sgType {
		if !set(r.attrs, "description") {
			return []string{"the rule has no description"}
		}
		return nil
	}
	var out []string
	for _, dir := range []string{"ingress", "egress"} {
		for i, b := range blocks(r.attrs, dir) {
			if !set(b, "description") {
				out = append(out, fmt.Sprintf("%s rule %d has no description", dir, i))
			}
		}
	}
	return out
}

func checkSGDescription(_ *stack, r *resource) []string {
	d := str(r.attrs, "description")
	if strings.TrimSpace(d) == "" || d == "Managed by Terraform" {
		return []string{"the group has no description of its own"}
	}
	return nil
}
