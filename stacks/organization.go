package stacks

import (
	"slices"

	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/orgbaseline"
	"github.com/acme/landing-zone/constructs/tags"
	"github.com/acme/landing-zone/stacks/org"
)

// organizationProps maps the model onto the organization construct.
func organizationProps(o *org.Organization) orgbaseline.OrganizationProps {
	p := orgbaseline.OrganizationProps{
		OrganizationalUnits: o.OrganizationalUnits,
		Guardrails:          map[string]orgbaseline.Guardrails{},
		SecurityAccount:     mustKind(o, org.KindSecurity).Name,
	}
	var roles []string
	for _, a := range o.Accounts {
		if a.Kind == org.KindManagement {
			continue
		}
		p.Accounts = append(p.Accounts, orgbaseline.MemberAccount{Name: a.Name, Email: a.Email, OU: a.OU, RoleName: a.RoleName, Tags: a.Tags})
		if !slices.Contains(roles, a.RoleName) {
			roles = append(roles, a.RoleName)
		}
	}
	slices.Sort(roles)
	for _, g := range o.Guardrails {
		p.Guardrails[g.Target] = orgbaseline.Guardrails{
			RegionDeny:              g.RegionDeny,
			AllowedRegions:          o.AllowedRegions,
			DenyLeaveOrganization:   g.DenyLeaveOrganization,
			ProtectSecurityServices: g.ProtectSecurityServices,
			DenyRootUser:            g.DenyRootUser,
			ProtectAccountDefaults:  g.ProtectAccountDefaults,
			DenyIAMUsers:            g.DenyIAMUsers,
			ProtectLogArchive:       g.ProtectLogArchive,
			LogArchive:              logArchiveTarget(o),
			DenyAll:                 g.DenyAll,
			// The landing zone deploys through these roles and must be able
			// to manage what the guardrails protect.
			ExemptRoleNames: roles,
		}
	}
	if !o.TagPolicy.Disabled {
		envs := []string{"shared"}
		for _, e := range o.Environments {
			envs = append(envs, e.Name)
		}
		p.TagRules = []orgbaseline.TagRule{
			{Key: tags.Environment, Values: envs},
			{Key: tags.Owner},
			{Key: tags.CostCenter},
			{Key: tags.ManagedBy},
		}
		keys := make([]string, 0, len(o.TagPolicy.AllowedValues))
		for k := range o.TagPolicy.AllowedValues {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			p.TagRules = append(p.TagRules, orgbaseline.TagRule{Key: k, Values: o.TagPolicy.AllowedValues[k]})
		}
	}
	if bp := o.BackupPolicy; bp.Enabled {
		p.Backup = &orgbaseline.BackupPlan{
			Name: "daily", Regions: o.AllowedRegions, Schedule: bp.Schedule, RetentionDays: bp.RetentionDays,
			VaultName: bp.VaultName, TagKey: bp.TagKey, TagValue: bp.TagValue,
		}
	}
	return p
}

// logArchiveTarget names the central log bucket and key for the
// ProtectLogArchive guardrail. The bucket name holds the log-archive
// account's id, which the organization file gets only after the first apply
// of this stack (bootstrap); the guardrail therefore names the bucket with *
// in the id's place, so that the policy is the same before and after the id
// is known and the plan after bootstrap shows no change. The pattern still
// matches only this organization's log buckets in the home region
// (naming.Bucket: org-purpose-account-region).
func logArchiveTarget(o *org.Organization) orgbaseline.LogArchiveTarget {
	return orgbaseline.LogArchiveTarget{
		BucketName: naming.Join(o.Name, "logs", "*", o.HomeRegion),
		KeyAlias:   LogKeyAlias(o),
	}
}

func mustKind(o *org.Organization, k org.AccountKind) org.Account {
	a, _ := o.AccountOfKind(k)
	return a
}
