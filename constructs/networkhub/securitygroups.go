package networkhub

import (
	"fmt"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securitygroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcsecuritygroupegressrule"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcsecuritygroupingressrule"

	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/networkhub/netplan"
	"github.com/acme/landing-zone/constructs/suppress"
	"github.com/acme/landing-zone/constructs/tags"
)

// tier names one of the tiered security groups.
type tier string

// The tiered security groups.
const (
	webTier      tier = "web"
	appTier      tier = "app"
	databaseTier tier = "database"
	cacheTier    tier = "cache"
)

// tiers lists the tiered groups in creation order.
var tiers = []tier{webTier, appTier, databaseTier, cacheTier}

// WebIngress says who may reach the web tier. Exactly one source must be
// chosen: reaching the web tier from the internet is an explicit decision.
type WebIngress struct {
	// LoadBalancerSecurityGroupID admits the load balancer's group: the
	// recommended shape, with web servers in private subnets behind an
	// application load balancer.
	LoadBalancerSecurityGroupID *string
	// FromInternet admits 0.0.0.0/0, for a web group that is itself
	// attached to an internet-facing load balancer.
	FromInternet bool
	// CIDRs admits these ranges, such as a corporate network in front of
	// an internal load balancer.
	CIDRs []string
	// HTTPRedirect also admits port 80, for a listener that only redirects
	// to HTTPS. Off: scanners flag port 80 open to the internet.
	HTTPRedirect bool
}

// TierSecurityGroupsProps configures the tiered security groups. VPC and
// one Web source are required; ports default to 8080 (app), 5432
// (PostgreSQL) and 6379 (Redis).
type TierSecurityGroupsProps struct {
	VPC *VPC
	// Name prefixes the group names; default the VPC's name.
	Name         string
	Web          WebIngress
	AppPort      int
	DatabasePort int
	CachePort    int
	// AppEgressCIDRs are further ranges the app tier may open HTTPS
	// connections to, such as a partner network behind the Transit
	// Gateway. Whatever they say, the app tier reaches S3 and DynamoDB
	// through their gateway endpoints' prefix lists and the interface
	// endpoints through their security group. 0.0.0.0/0 and ::/0 are
	// refused here: the internet is AppInternetEgress.
	AppEgressCIDRs []string
	// AppInternetEgress lets the app tier open HTTPS connections to the
	// internet (0.0.0.0/0, through NAT). Nil, the default, keeps it to the
	// VPC endpoints: scanners report HTTPS egress to anywhere (trivy
	// AVD-AWS-0104), and so does policy rule VPC-8, which this opt-in
	// suppresses on the rule with its Reason, visible in both reports.
	AppInternetEgress *InternetEgress
	Tags              map[string]string
}

// InternetEgress opts a tier in to HTTPS egress to the internet. Reason is
// required: it says what the tier calls there, for reviewers and for the
// policy reports.
type InternetEgress struct {
	Reason string
}

// TierSecurityGroups are the ids of the tiered groups, for the constructs
// that attach them: load balancers and web servers take Web, compute takes
// App, the database cluster Database and the cache Cache.
type TierSecurityGroups struct {
	Web, App, Database, Cache *string
}

// sgRule is one rule of a tiered group. Exactly one of peer, peerID, cidr
// and prefixList is set: another tiered group, an outside group, a range, or
// an AWS prefix list (named by prefixListName in resource ids).
type sgRule struct {
	group  tier
	egress bool
	port   int
	peer   tier
	peerID *string
	// peerName names peerID in resource ids: lb or endpoints.
	peerName       string
	cidr           string
	prefixList     *string
	prefixListName string
	description    string
	// suppressed is a policy rule this rule is an accepted exception to,
	// with the reason.
	suppressed, reason string
}

// withDefaults fills the default ports and the name.
func (p TierSecurityGroupsProps) withDefaults() TierSecurityGroupsProps {
	if p.AppPort == 0 {
		p.AppPort = 8080
	}
	if p.DatabasePort == 0 {
		p.DatabasePort = 5432
	}
	if p.CachePort == 0 {
		p.CachePort = 6379
	}
	if p.Name == "" && p.VPC != nil {
		p.Name = p.VPC.Name
	}
	return p
}

func (p TierSecurityGroupsProps) validate(id string) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("networkhub security groups %s: "+format, append([]any{id}, args...)...)
	}
	if p.VPC == nil {
		return fail("VPC is required")
	}
	if _, err := naming.Name(240, p.Name, "database"); err != nil {
		return fail("Name: %v", err)
	}
	sources := 0
	if p.Web.LoadBalancerSecurityGroupID != nil {
		sources++
	}
	if p.Web.FromInternet {
		sources++
	}
	if len(p.Web.CIDRs) > 0 {
		sources++
	}
	if sources != 1 {
		return fail("Web: choose exactly one of LoadBalancerSecurityGroupID (recommended), FromInternet or CIDRs; %d given", sources)
	}
	for _, c := range p.Web.CIDRs {
		if _, err := netplan.ParseCIDR(c); err != nil {
			return fail("Web.CIDRs: %v", err)
		}
		if c == anywhere.String() {
			return fail("Web.CIDRs %q: use FromInternet to admit the internet", c)
		}
	}
	for _, c := range p.AppEgressCIDRs {
		if c == anywhere.String() || c == "::/0" {
			return fail("AppEgressCIDRs %q: the internet is an explicit opt-in: set AppInternetEgress with a reason instead", c)
		}
		if _, err := netplan.ParseCIDR(c); err != nil {
			return fail("AppEgressCIDRs: %v", err)
		}
	}
	if p.AppInternetEgress != nil && strings.TrimSpace(p.AppInternetEgress.Reason) == "" {
		return fail("AppInternetEgress: Reason is required: say what the app tier calls on the internet; it is recorded in the policy reports")
	}
	for name, port := range map[string]int{"AppPort": p.AppPort, "DatabasePort": p.DatabasePort, "CachePort": p.CachePort} {
		if port < 1 || port > 65535 {
			return fail("%s %d: must be 1-65535", name, port)
		}
	}
	return nil
}

// tierRules lists every rule of the tiered groups. Each tier admits only
// the tier in front of it, and opens connections only to the tier behind
// it: a compromised web server cannot reach the database, and the data
// tiers cannot open connections at all.
func tierRules(p TierSecurityGroupsProps) []sgRule {
	web := func(port int, what string) []sgRule {
		r := sgRule{group: webTier, port: port}
		switch {
		case p.Web.LoadBalancerSecurityGroupID != nil:
			r.peerID, r.peerName = p.Web.LoadBalancerSecurityGroupID, "lb"
			r.description = what + " from the load balancer"
			return []sgRule{r}
		case p.Web.FromInternet:
			r.cidr = anywhere.String()
			r.description = what + " from the internet"
			return []sgRule{r}
		}
		var out []sgRule
		for _, c := range p.Web.CIDRs {
			r.cidr = c
			r.description = what + " from " + c
			out = append(out, r)
		}
		return out
	}
	rules := web(443, "HTTPS")
	if p.Web.HTTPRedirect {
		rules = append(rules, web(80, "HTTP (redirect to HTTPS)")...)
	}
	rules = append(rules,
		sgRule{group: webTier, egress: true, port: p.AppPort, peer: appTier, description: "To the app tier"},
		sgRule{group: appTier, port: p.AppPort, peer: webTier, description: "From the web tier"},
		sgRule{group: appTier, egress: true, port: p.DatabasePort, peer: databaseTier, description: "To the database tier"},
		sgRule{group: appTier, egress: true, port: p.CachePort, peer: cacheTier, description: "To the cache tier"},
	)
	// HTTPS to AWS through the VPC endpoints only, by default (issue 15,
	// finding 15): the gateway endpoints' prefix lists and the interface
	// endpoints' group.
	if p.VPC != nil {
		for _, svc := range []netplan.Service{netplan.GatewayS3, netplan.GatewayDynamoDB} {
			if pl := p.VPC.GatewayPrefixListIDs[svc]; pl != nil {
				rules = append(rules, sgRule{group: appTier, egress: true, port: 443, prefixList: pl, prefixListName: string(svc),
					description: "HTTPS to " + string(svc) + " through its gateway endpoint"})
			}
		}
		if ep := p.VPC.EndpointSecurityGroupID; ep != nil {
			rules = append(rules, sgRule{group: appTier, egress: true, port: 443, peerID: ep, peerName: "endpoints",
				description: "HTTPS to AWS APIs through the interface endpoints"})
		}
	}
	for _, c := range p.AppEgressCIDRs {
		rules = append(rules, sgRule{group: appTier, egress: true, port: 443, cidr: c, description: "HTTPS to services in " + c})
	}
	if ie := p.AppInternetEgress; ie != nil {
		rules = append(rules, sgRule{group: appTier, egress: true, port: 443, cidr: anywhere.String(),
			description: "HTTPS to the internet: " + ie.Reason, suppressed: "VPC-8", reason: "internet egress opted in: " + ie.Reason})
	}
	return append(rules,
		sgRule{group: databaseTier, port: p.DatabasePort, peer: appTier, description: "From the app tier"},
		sgRule{group: cacheTier, port: p.CachePort, peer: appTier, description: "From the app tier"},
	)
}

// ruleID names a rule's resource by group, direction, port and peer, so
// that adding a rule never renames (and replaces) another.
func (r sgRule) ruleID(id string) string {
	dir := "in"
	if r.egress {
		dir = "out"
	}
	peer := string(r.peer)
	switch {
	case r.peerID != nil:
		peer = r.peerName
	case r.prefixList != nil:
		peer = r.prefixListName
	case r.cidr == anywhere.String():
		peer = "anywhere"
	case r.cidr != "":
		peer = strings.NewReplacer(".", "-", "/", "-").Replace(r.cidr)
	}
	return fmt.Sprintf("%s-%s-%s-%d-%s", id, r.group, dir, r.port, peer)
}

var groupDescriptions = map[tier]string{
	webTier:      "Web tier: HTTPS from its chosen source, to the app tier only",
	appTier:      "App tier: from the web tier only, to the data tiers and HTTPS",
	databaseTier: "Database tier: from the app tier only, no egress",
	cacheTier:    "Cache tier: from the app tier only, no egress",
}

// NewTierSecurityGroups validates props and creates the web, app, database
// and cache groups with rules that reference each other. Every rule is its
// own resource with a description, which lets groups reference each other
// without a dependency cycle. Groups start with no rules but these:
// Terraform removes AWS's default allow-all egress rule.
func NewTierSecurityGroups(scope constructs.Construct, id string, props TierSecurityGroupsProps) (*TierSecurityGroups, error) {
	props = props.withDefaults()
	if err := props.validate(id); err != nil {
		return nil, err
	}
	ids := map[tier]*string{}
	for _, g := range tiers {
		name := naming.Join(props.Name, string(g))
		groupTags := map[string]string{"Name": name, "Tier": string(g)}
		if g == webTier && props.Web.FromInternet {
			// Says the internet ingress is intended, for reviewers and for
			// the policy checks.
			groupTags[tags.InternetFacing] = "true"
		}
		sg := securitygroup.NewSecurityGroup(scope, jsii.String(fmt.Sprintf("%s-%s", id, g)), &securitygroup.SecurityGroupConfig{
			Name:        jsii.String(name),
			Description: jsii.String(groupDescriptions[g]),
			VpcId:       props.VPC.ID,
			// Groups that reference each other cannot be deleted while
			// the references stand; revoking first lets them go.
			RevokeRulesOnDelete: jsii.Bool(true),
			Tags:                tags.Ptrs(tags.Merge(props.Tags, groupTags)),
		})
		ids[g] = sg.Id()
	}
	for _, r := range tierRules(props) {
		peer := r.peerID
		if r.peer != "" {
			peer = ids[r.peer]
		}
		var cidr *string
		if r.cidr != "" {
			cidr = jsii.String(r.cidr)
		}
		rid := jsii.String(r.ruleID(id))
		if r.egress {
			res := vpcsecuritygroupegressrule.NewVpcSecurityGroupEgressRule(scope, rid, &vpcsecuritygroupegressrule.VpcSecurityGroupEgressRuleConfig{
				SecurityGroupId:           ids[r.group],
				Description:               jsii.String(r.description),
				IpProtocol:                jsii.String("tcp"),
				FromPort:                  jsii.Number(r.port),
				ToPort:                    jsii.Number(r.port),
				ReferencedSecurityGroupId: peer,
				CidrIpv4:                  cidr,
				PrefixListId:              r.prefixList,
			})
			if r.suppressed != "" {
				if err := suppress.Rule(res, r.suppressed, r.reason); err != nil {
					return nil, fmt.Errorf("networkhub security groups %s: %w", id, err)
				}
			}
			continue
		}
		vpcsecuritygroupingressrule.NewVpcSecurityGroupIngressRule(scope, rid, &vpcsecuritygroupingressrule.VpcSecurityGroupIngressRuleConfig{
			SecurityGroupId:           ids[r.group],
			Description:               jsii.String(r.description),
			IpProtocol:                jsii.String("tcp"),
			FromPort:                  jsii.Number(r.port),
			ToPort:                    jsii.Number(r.port),
			ReferencedSecurityGroupId: peer,
			CidrIpv4:                  cidr,
			PrefixListId:              r.prefixList,
		})
	}
	return &TierSecurityGroups{Web: ids[webTier], App: ids[appTier], Database: ids[databaseTier], Cache: ids[cacheTier]}, nil
}
