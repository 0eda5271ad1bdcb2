package stacks

import (
	"fmt"
	"slices"

	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/accountbaseline"
	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iamfoundation"
	"github.com/acme/landing-zone/constructs/securebucket"
	"github.com/acme/landing-zone/stacks/org"
)

// accountBaseline adds the hygiene every account gets, once per account
// and in every allowed region: in the management account it lives in the
// management stack, not in the organization stack. The stack's own region
// makes the account-wide pieces; the other regions' baselines leave them
// to it (accountbaseline.Props.Home) and deploy through the regional
// providers (inRegion). deliveryReady are what the Config delivery channels
// wait for when the stack also makes the delivery bucket.
func (b *builder) accountBaseline(st *Stack, deliveryReady ...cdktf.ITerraformDependable) error {
	if b.baselined == nil {
		b.baselined = map[string]bool{}
	}
	b.baselined[st.Account.ID] = true
	var home *accountbaseline.Baseline
	for _, region := range b.regions(st) {
		scope, _, err := b.inRegion(st, region)
		if err != nil {
			return fmt.Errorf("stack %s: region %s: %w", st.Name, region, err)
		}
		props := accountbaseline.Props{
			Home: home,
			// Global resource types (IAM) are recorded once, in the home
			// region.
			RecordGlobalResources: region == b.org.HomeRegion,
			DeliveryBucketName:    LogBucketName(b.org),
			DeliveryReady:         deliveryReady,
		}
		if home == nil {
			props.ConfigRoleExists = slices.Contains(st.Account.ExistingServiceLinkedRoles, org.ServiceLinkedConfig)
			props.AutoScalingRoleExists = slices.Contains(st.Account.ExistingServiceLinkedRoles, org.ServiceLinkedAutoScaling)
			props.SpotRoleExists = slices.Contains(st.Account.ExistingServiceLinkedRoles, org.ServiceLinkedSpot)
			props.FleetRoleExists = slices.Contains(st.Account.ExistingServiceLinkedRoles, org.ServiceLinkedEC2Fleet)
		}
		bl, err := accountbaseline.New(scope, "baseline", props)
		if err != nil {
			return fmt.Errorf("stack %s: %w", st.Name, err)
		}
		if home == nil {
			home = bl
			st.baseline = bl
		}
		if st.baselines == nil {
			st.baselines = map[string]*accountbaseline.Baseline{}
		}
		st.baselines[region] = bl
	}
	return nil
}

// withoutBaseline are the ids of the model's accounts that no stack gave the
// account baseline, and so no Config recorder, in model order.
func withoutBaseline(o *org.Organization, baselined map[string]bool) []string {
	var out []string
	for _, a := range o.Accounts {
		if !baselined[a.ID] {
			out = append(out, a.ID)
		}
	}
	return out
}

// ReadOnlyRoleName is the role other environments' engineers assume.
func ReadOnlyRoleName(env string) string { return env + "-readonly-cross-account" }

// EngineersGroupName is the group of an environment's account whose members
// may assume read-only roles elsewhere.
const EngineersGroupName = "engineers"

// workloadIAM is the guide's IAM foundation in a workload account: the
// application servers' role, the read-only role other environments may
// assume, and the engineers group that assumes such roles elsewhere.
func (b *builder) workloadIAM(st *Stack, env awsenv.Env, e *org.Environment, data *securebucket.Bucket) error {
	fail := func(err error) error { return fmt.Errorf("stack %s: %w", st.Name, err) }
	secrets, err := iamfoundation.SecretReadStatements(env, b.org.Name+"/"+e.Name+"/", "")
	if err != nil {
		return fail(err)
	}
	stmts := append(data.ReadStatements(""), data.WriteStatements("")...)
	if _, err := iamfoundation.NewServiceRole(st.TF, "app-server", iamfoundation.ServiceRoleProps{
		Name:        e.Name + "-app-server",
		Description: "Application servers of " + e.Name + ": the data bucket and the environment's secrets",
		Statements:  append(stmts, secrets...),
	}); err != nil {
		return fail(err)
	}
	if ra := e.ReadOnlyAccess; ra != nil {
		for _, from := range ra.From {
			fe, _ := b.org.Environment(from)
			src, _ := b.org.Account(fe.Account)
			if _, err := iamfoundation.NewCrossAccountRole(st.TF, "readonly-from-"+from, iamfoundation.CrossAccountRoleProps{
				Name:            ReadOnlyRoleName(e.Name) + "-from-" + from,
				Description:     "Read-only access to " + e.Name + " for engineers of " + from,
				SourceAccountID: src.ID,
				ExternalID:      ra.ExternalID,
				MFAOnly:         ra.MFAOnly,
				AllowDataReads:  ra.ReadData,
			}); err != nil {
				return fail(err)
			}
		}
	}
	// Roles elsewhere that this environment's engineers may assume.
	var targets []string
	for _, other := range b.org.Environments {
		if other.ReadOnlyAccess == nil {
			continue
		}
		for _, from := range other.ReadOnlyAccess.From {
			if from == e.Name {
				acct, _ := b.org.Account(other.Account)
				targets = append(targets, fmt.Sprintf("arn:%s:iam::%s:role/%s", env.Partition, acct.ID, ReadOnlyRoleName(other.Name)+"-from-"+e.Name))
			}
		}
	}
	if len(targets) > 0 {
		if _, err := iamfoundation.NewAssumeRoleGroup(st.TF, "engineers", iamfoundation.GroupProps{
			Name: EngineersGroupName, TargetRoleARNs: targets,
		}); err != nil {
			return fail(err)
		}
	}
	return nil
}
