package networkhub

import (
	"strconv"
	"strings"
	"testing"

	"github.com/acme/landing-zone/constructs/networkhub/netplan"
)

func lbID() *string { s := "sg-0123456789abcdef0"; return &s }

func testVPC(t *testing.T) *VPC {
	t.Helper()
	s3, ddb := "pl-63a5400a", "pl-02cd2c6b"
	return &VPC{Name: "acme-prod", Layout: testLayout(t, "10.30.0.0/16", 3), CIDR: "10.30.0.0/16",
		GatewayPrefixListIDs: map[netplan.Service]*string{netplan.GatewayS3: &s3, netplan.GatewayDynamoDB: &ddb}}
}

func testVPCWithEndpoints(t *testing.T) *VPC {
	v := testVPC(t)
	sg := "sg-0endpoints"
	v.EndpointSecurityGroupID = &sg
	return v
}

func TestTierRules(t *testing.T) {
	tests := []struct {
		name  string
		props TierSecurityGroupsProps
		// cidrs are the ranges any rule names, by group and direction.
		cidrs     map[string][]string
		lbRules   int
		plRules   int
		httpRules int
		// suppressed counts rules carrying a VPC-8 suppression.
		suppressed int
	}{
		// Issue 15, finding 15: by default the app tier reaches AWS
		// through the endpoints only, never 0.0.0.0/0.
		{
			name:    "behind a load balancer",
			props:   TierSecurityGroupsProps{Web: WebIngress{LoadBalancerSecurityGroupID: lbID()}},
			cidrs:   map[string][]string{},
			lbRules: 1, plRules: 2,
		},
		{
			name:      "internet-facing with redirect",
			props:     TierSecurityGroupsProps{Web: WebIngress{FromInternet: true, HTTPRedirect: true}},
			cidrs:     map[string][]string{"web-in": {"0.0.0.0/0", "0.0.0.0/0"}},
			httpRules: 1, plRules: 2,
		},
		{
			name:    "corporate ranges, a partner network",
			props:   TierSecurityGroupsProps{Web: WebIngress{CIDRs: []string{"192.168.0.0/16"}}, AppEgressCIDRs: []string{"172.20.0.0/16"}},
			cidrs:   map[string][]string{"web-in": {"192.168.0.0/16"}, "app-out": {"172.20.0.0/16"}},
			plRules: 2,
		},
		{
			name:       "internet opted in, with its reason",
			props:      TierSecurityGroupsProps{Web: WebIngress{FromInternet: true}, AppInternetEgress: &InternetEgress{Reason: "calls the payment provider's API"}},
			cidrs:      map[string][]string{"web-in": {"0.0.0.0/0"}, "app-out": {"0.0.0.0/0"}},
			plRules:    2,
			suppressed: 1,
		},
		{
			name:    "interface endpoints reached through their group",
			props:   TierSecurityGroupsProps{VPC: testVPCWithEndpoints(t), Web: WebIngress{FromInternet: true}},
			cidrs:   map[string][]string{"web-in": {"0.0.0.0/0"}},
			plRules: 2, lbRules: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := tt.props
			if p.VPC == nil {
				p.VPC = testVPC(t)
			}
			p = p.withDefaults()
			if err := p.validate("sg"); err != nil {
				t.Fatal(err)
			}
			cidrs := map[string][]string{}
			var lb, pl, http, suppressed int
			ids := map[string]bool{}
			for _, r := range tierRules(p) {
				if r.description == "" {
					t.Errorf("rule without description: %+v", r)
				}
				set := 0
				for _, b := range []bool{r.peer != "", r.peerID != nil, r.cidr != "", r.prefixList != nil} {
					if b {
						set++
					}
				}
				if set != 1 {
					t.Errorf("rule with %d peers: %+v", set, r)
				}
				dir := "in"
				if r.egress {
					dir = "out"
				}
				if r.cidr != "" {
					cidrs[string(r.group)+"-"+dir] = append(cidrs[string(r.group)+"-"+dir], r.cidr)
				}
				if r.peerID != nil {
					lb++
				}
				if r.prefixList != nil {
					pl++
				}
				if r.port == 80 {
					http++
				}
				if r.suppressed != "" {
					suppressed++
					if r.suppressed != "VPC-8" || r.cidr != "0.0.0.0/0" || !strings.Contains(r.reason, tt.props.AppInternetEgress.Reason) {
						t.Errorf("suppression %s %q on %+v", r.suppressed, r.reason, r)
					}
				}
				if r.egress && r.cidr == "0.0.0.0/0" && r.suppressed == "" {
					t.Errorf("egress to anywhere without an opt-in: %+v", r)
				}
				if (r.group == databaseTier || r.group == cacheTier) && r.egress {
					t.Errorf("data tier with egress: %+v", r)
				}
				id := r.ruleID("sg")
				if ids[id] {
					t.Errorf("duplicate rule id %s", id)
				}
				ids[id] = true
			}
			if !equalMap(cidrs, tt.cidrs) {
				t.Errorf("CIDR rules %v, want %v", cidrs, tt.cidrs)
			}
			if lb != tt.lbRules || pl != tt.plRules || http != tt.httpRules || suppressed != tt.suppressed {
				t.Errorf("lb %d pl %d http %d suppressed %d, want %d %d %d %d", lb, pl, http, suppressed, tt.lbRules, tt.plRules, tt.httpRules, tt.suppressed)
			}
		})
	}
}

// TestTierChain proves that each tier is reachable only from the one in
// front of it.
func TestTierChain(t *testing.T) {
	p := TierSecurityGroupsProps{VPC: testVPC(t), Web: WebIngress{LoadBalancerSecurityGroupID: lbID()}, AppPort: 9000, DatabasePort: 5433}.withDefaults()
	in := map[tier][]string{}
	for _, r := range tierRules(p) {
		if !r.egress {
			in[r.group] = append(in[r.group], string(r.peer)+":"+strconv.Itoa(r.port))
		}
	}
	want := map[tier][]string{webTier: {":443"}, appTier: {"web:9000"}, databaseTier: {"app:5433"}, cacheTier: {"app:6379"}}
	for g, w := range want {
		if strings.Join(in[g], ",") != strings.Join(w, ",") {
			t.Errorf("%s admits %v, want %v", g, in[g], w)
		}
	}
}

func TestTierSecurityGroupsValidate(t *testing.T) {
	vpc := testVPC(t)
	tests := []struct {
		props TierSecurityGroupsProps
		want  string
	}{
		{TierSecurityGroupsProps{Web: WebIngress{FromInternet: true}}, "VPC is required"},
		{TierSecurityGroupsProps{VPC: vpc}, "Web: choose exactly one of LoadBalancerSecurityGroupID (recommended), FromInternet or CIDRs; 0 given"},
		{TierSecurityGroupsProps{VPC: vpc, Web: WebIngress{FromInternet: true, LoadBalancerSecurityGroupID: lbID()}}, "; 2 given"},
		{TierSecurityGroupsProps{VPC: vpc, Web: WebIngress{CIDRs: []string{"0.0.0.0/0"}}}, `Web.CIDRs "0.0.0.0/0": use FromInternet`},
		{TierSecurityGroupsProps{VPC: vpc, Web: WebIngress{CIDRs: []string{"10.0.0.1/8"}}}, "has host bits set"},
		{TierSecurityGroupsProps{VPC: vpc, Web: WebIngress{FromInternet: true}, AppPort: 70000}, "AppPort 70000: must be 1-65535"},
		{TierSecurityGroupsProps{VPC: vpc, Web: WebIngress{FromInternet: true}, Name: "Acme"}, `Name: name part "Acme"`},
		{TierSecurityGroupsProps{VPC: vpc, Web: WebIngress{FromInternet: true}, AppEgressCIDRs: []string{"0.0.0.0/0"}}, `AppEgressCIDRs "0.0.0.0/0": the internet is an explicit opt-in: set AppInternetEgress with a reason instead`},
		{TierSecurityGroupsProps{VPC: vpc, Web: WebIngress{FromInternet: true}, AppInternetEgress: &InternetEgress{Reason: " "}}, "AppInternetEgress: Reason is required"},
	}
	for _, tt := range tests {
		err := tt.props.withDefaults().validate("sg")
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "networkhub security groups sg: ") {
			t.Errorf("got %v, want %q", err, tt.want)
		}
	}
}

func equalMap(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if strings.Join(v, ",") != strings.Join(b[k], ",") {
			return false
		}
	}
	return true
}
