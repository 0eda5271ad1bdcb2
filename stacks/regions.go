package stacks

import (
	"slices"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/stacks/org"
)

// regionScope is the part of a stack that deploys to another region of
// the stack's account.
type regionScope struct {
	scope constructs.Construct
	env   awsenv.Env
}

// regions are the regions every account stack covers: its own first, then
// the other allowed regions in the model's order. The guardrails let every
// allowed region be used, so each needs the regional security services.
func (b *builder) regions(st *Stack) []string {
	out := []string{st.Region}
	for _, r := range b.org.AllowedRegions {
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// inRegion returns the scope of st whose resources deploy to region, and
// its Env. The stack's own region is the stack itself, so that the
// addresses of its resources do not move. Any other region gets, once per
// stack, a child construct named after the region with its own
// awsenv.Env, and an aliased copy of the stack's provider (same account,
// role, allowed account ids and default tags) that every resource and
// data source under the child uses, unless it names a provider itself.
func (b *builder) inRegion(st *Stack, region string) (constructs.Construct, awsenv.Env, error) {
	if rs, ok := st.regions[region]; ok {
		return rs.scope, rs.env, nil
	}
	env, err := awsenv.New(st.Account.ID, region)
	if err != nil {
		return nil, awsenv.Env{}, err
	}
	if region == st.Region {
		return st.TF, env, nil
	}
	cfg := st.providerCfg
	cfg.Region = jsii.String(region)
	cfg.Alias = jsii.String(region)
	p := provider.NewAwsProvider(st.TF, jsii.String("aws-"+region), &cfg)
	scope := constructs.NewConstruct(st.TF, jsii.String(region))
	// Set before the scope has children: one context value.
	if err := awsenv.Set(scope, env); err != nil {
		return nil, awsenv.Env{}, err
	}
	cdktf.Aspects_Of(scope).Add(&useProvider{provider: p})
	if st.regions == nil {
		st.regions = map[string]*regionScope{}
	}
	st.regions[region] = &regionScope{scope: scope, env: env}
	return scope, env, nil
}

// managementProvider returns, once per stack and region, a provider of the
// organization's management account in st, for the few calls only the
// management account may make (designating delegated administrators,
// reading the organization root). The deployer's credentials are the
// management account's (see the README), so it assumes no role.
func (b *builder) managementProvider(st *Stack, region string) provider.AwsProvider {
	if p, ok := st.management[region]; ok {
		return p
	}
	cfg := b.providerConfig(st.Name, b.mustAccount(org.KindManagement), region, "")
	cfg.Alias = jsii.String("management-" + region)
	p := provider.NewAwsProvider(st.TF, jsii.String("aws-management-"+region), &cfg)
	if st.management == nil {
		st.management = map[string]provider.AwsProvider{}
	}
	st.management[region] = p
	return p
}

// useProvider points every Terraform resource and data source it visits
// at its provider, unless one was given explicitly.
type useProvider struct {
	provider cdktf.TerraformProvider
}

// withProvider is what TerraformResource and TerraformDataSource share.
type withProvider interface {
	Provider() cdktf.TerraformProvider
	SetProvider(cdktf.TerraformProvider)
}

// Visit implements cdktf.IAspect.
func (u *useProvider) Visit(node constructs.IConstruct) {
	if r, ok := node.(withProvider); ok && r.Provider() == nil {
		r.SetProvider(u.provider)
	}
}
