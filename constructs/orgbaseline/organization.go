// Package orgbaseline provides the organization-level landing zone: AWS
// Organizations with its OUs, accounts and guardrail policies (Organization,
// in the management account), the organization trail (Trail), and the
// delegated security services in the security account (SecurityServices).
package orgbaseline

import (
	"fmt"
	"sort"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/guarddutydetector"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamorganizationsfeatures"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/organizationsaccount"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/organizationsdelegatedadministrator"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/organizationsorganization"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/organizationsorganizationalunit"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/organizationspolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/organizationspolicyattachment"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/ramsharingwithorganization"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securityhubaccount"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/tags"
)

// RootTarget names the organization root as a policy target.
const RootTarget = "Root"

// TrustedServices get trusted access to the organization: each is used by a
// construct of this package or by the account baseline.
var TrustedServices = []string{
	"access-analyzer.amazonaws.com",
	"backup.amazonaws.com",
	"cloudtrail.amazonaws.com",
	"config-multiaccountsetup.amazonaws.com",
	"config.amazonaws.com",
	"guardduty.amazonaws.com",
	"iam.amazonaws.com",
	"malware-protection.guardduty.amazonaws.com",
	"ram.amazonaws.com",
	"securityhub.amazonaws.com",
}

// delegatedServices are administered from the security account through the
// generic delegation. GuardDuty and Security Hub have their own
// designations, which enable the service in the security account and so
// are made by the security stack after it has enabled them itself.
var delegatedServices = []string{
	"access-analyzer.amazonaws.com",
	"config-multiaccountsetup.amazonaws.com",
	"config.amazonaws.com",
}

// MemberAccount is an account the organization creates.
type MemberAccount struct {
	Name  string
	Email string
	// OU is the organizational unit path, such as "Workloads/Prod".
	OU string
	// RoleName is the admin role AWS Organizations creates in the account.
	RoleName string
	Tags     map[string]string
}

// OrganizationProps configures an Organization.
type OrganizationProps struct {
	// OrganizationalUnits are OU paths, parents before children.
	OrganizationalUnits []string
	Accounts            []MemberAccount
	// Guardrails by target: RootTarget or an OU path.
	Guardrails map[string]Guardrails
	// TagRules make the tag policy; nil attaches none.
	TagRules []TagRule
	// Backup, when set, attaches a backup policy at the root.
	Backup *BackupPlan
	// SecurityAccount is the name of the member account that administers
	// GuardDuty, Security Hub, Config and Access Analyzer for everyone.
	SecurityAccount string
	// KeepRootCredentials turns off centralized root access: by default
	// member accounts have no root credentials and privileged root tasks
	// run as short sessions from the management account.
	KeepRootCredentials bool
	// ProtectFromDestroy keeps accounts from being destroyed or closed by
	// Terraform; nil means true.
	ProtectFromDestroy *bool
}

// Organization is the result of NewOrganization.
type Organization struct {
	ID, RootID *string
	// AccountIDs and OUIDs are references by account name and OU path.
	AccountIDs map[string]*string
	OUIDs      map[string]*string
	// SCPs are the rendered guardrail policies by target, for review.
	SCPs map[string][]SCP
}

// NewOrganization validates props, renders and checks every policy in plain
// Go, and only then creates the organization and everything in it.
func NewOrganization(scope constructs.Construct, id string, props OrganizationProps) (*Organization, error) {
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fmt.Errorf("orgbaseline %s: %w", id, err)
	}
	fail := func(format string, args ...any) (*Organization, error) {
		return nil, fmt.Errorf("orgbaseline %s: "+format, append([]any{id}, args...)...)
	}
	ous := map[string]bool{}
	for _, p := range props.OrganizationalUnits {
		if i := strings.LastIndex(p, "/"); i > 0 && !ous[p[:i]] {
			return fail("OrganizationalUnits %q: parent %q must come first", p, p[:i])
		}
		ous[p] = true
	}
	names := map[string]bool{}
	for _, a := range props.Accounts {
		if !ous[a.OU] {
			return fail("Accounts[%s].OU %q: not in OrganizationalUnits", a.Name, a.OU)
		}
		names[a.Name] = true
	}
	if !names[props.SecurityAccount] {
		return fail("SecurityAccount %q: not one of Accounts", props.SecurityAccount)
	}
	targets := make([]string, 0, len(props.Guardrails))
	for t := range props.Guardrails {
		if t != RootTarget && !ous[t] {
			return fail("Guardrails[%s]: not %q or an organizational unit", t, RootTarget)
		}
		targets = append(targets, t)
	}
	sort.Strings(targets)
	scps := map[string][]SCP{}
	for _, t := range targets {
		packed, err := props.Guardrails[t].Pack(policyName(t), env.Partition)
		if err != nil {
			return fail("Guardrails[%s]: %v", t, err)
		}
		scps[t] = packed
	}
	var tagPolicy, backupPolicy string
	if props.TagRules != nil {
		if tagPolicy, err = TagPolicyJSON(props.TagRules); err != nil {
			return fail("%v", err)
		}
	}
	if props.Backup != nil {
		if backupPolicy, err = BackupPolicyJSON(*props.Backup, env.Partition); err != nil {
			return fail("%v", err)
		}
	}

	org := organizationsorganization.NewOrganizationsOrganization(scope, jsii.String(id), &organizationsorganization.OrganizationsOrganizationConfig{
		FeatureSet:                 jsii.String("ALL"),
		AwsServiceAccessPrincipals: jsii.Strings(TrustedServices...),
		EnabledPolicyTypes:         jsii.Strings("BACKUP_POLICY", "SERVICE_CONTROL_POLICY", "TAG_POLICY"),
	})
	orgDep := &[]cdktf.ITerraformDependable{org}
	out := &Organization{
		ID:         org.Id(),
		RootID:     org.Roots().Get(jsii.Number(0)).Id(),
		AccountIDs: map[string]*string{},
		OUIDs:      map[string]*string{RootTarget: nil},
		SCPs:       scps,
	}
	out.OUIDs[RootTarget] = out.RootID
	for _, p := range props.OrganizationalUnits {
		parent := out.RootID
		name := p
		if i := strings.LastIndex(p, "/"); i > 0 {
			parent, name = out.OUIDs[p[:i]], p[i+1:]
		}
		ou := organizationsorganizationalunit.NewOrganizationsOrganizationalUnit(scope, jsii.String(id+"-ou-"+resourceID(p)), &organizationsorganizationalunit.OrganizationsOrganizationalUnitConfig{
			Name:     jsii.String(name),
			ParentId: parent,
		})
		out.OUIDs[p] = ou.Id()
	}

	protect := props.ProtectFromDestroy == nil || *props.ProtectFromDestroy
	for _, a := range props.Accounts {
		acct := organizationsaccount.NewOrganizationsAccount(scope, jsii.String(id+"-account-"+a.Name), &organizationsaccount.OrganizationsAccountConfig{
			Name:     jsii.String(a.Name),
			Email:    jsii.String(a.Email),
			ParentId: out.OUIDs[a.OU],
			RoleName: jsii.String(a.RoleName),
			// Billing stays with the management account's finance roles.
			IamUserAccessToBilling: jsii.String("DENY"),
			// Removing an account from the model must never close it.
			CloseOnDeletion: jsii.Bool(false),
			Tags:            tags.Ptrs(a.Tags),
			Lifecycle: &cdktf.TerraformResourceLifecycle{
				PreventDestroy: jsii.Bool(protect),
				// AWS does not return these after creation; without this an
				// imported account would show a diff that forces a new one.
				IgnoreChanges: jsii.Strings("role_name", "iam_user_access_to_billing"),
			},
		})
		out.AccountIDs[a.Name] = acct.Id()
	}

	for _, t := range targets {
		for i, scp := range scps[t] {
			attachPolicy(scope, fmt.Sprintf("%s-scp-%s-%d", id, resourceID(t), i+1), scp.Name, scp.Description, "SERVICE_CONTROL_POLICY", scp.Document.JSON(), out.OUIDs[t], orgDep)
		}
	}
	if tagPolicy != "" {
		attachPolicy(scope, id+"-tag-policy", "tag-policy", "Tag keys and values used across the organization", "TAG_POLICY", tagPolicy, out.RootID, orgDep)
	}
	if backupPolicy != "" {
		attachPolicy(scope, id+"-backup-policy", "backup-policy", "Backups of tagged resources in every member account", "BACKUP_POLICY", backupPolicy, out.RootID, orgDep)
	}

	security := out.AccountIDs[props.SecurityAccount]
	for _, svc := range delegatedServices {
		organizationsdelegatedadministrator.NewOrganizationsDelegatedAdministrator(scope, jsii.String(id+"-delegate-"+strings.TrimSuffix(svc, ".amazonaws.com")), &organizationsdelegatedadministrator.OrganizationsDelegatedAdministratorConfig{
			AccountId:        security,
			ServicePrincipal: jsii.String(svc),
			DependsOn:        orgDep,
		})
	}
	// The management account's own GuardDuty detector and Security Hub.
	// The designation of the security account as their administrator is
	// made by the security stack through a management-account provider,
	// after the security account's own detector and Security Hub exist:
	// designating first enables both there, and the security stack's
	// detector would then fail with "a detector already exists"
	// (see NewSecurityServices).
	guarddutydetector.NewGuarddutyDetector(scope, jsii.String(id+"-guardduty"), &guarddutydetector.GuarddutyDetectorConfig{
		Enable:                     jsii.Bool(true),
		FindingPublishingFrequency: jsii.String("FIFTEEN_MINUTES"),
	})
	securityhubaccount.NewSecurityhubAccount(scope, jsii.String(id+"-securityhub"), &securityhubaccount.SecurityhubAccountConfig{
		EnableDefaultStandards: jsii.Bool(false),
		// Once the security stack associates its central configuration
		// policy with the root, only the administrator may change this
		// account's Security Hub settings: an update from here fails with
		// "This account is currently associated with a central
		// configuration policy, so only the administrator can access this
		// operation" (terraform-provider-aws issue 39687). The policy owns
		// them; Terraform keeps only the hub's existence.
		Lifecycle: &cdktf.TerraformResourceLifecycle{
			IgnoreChanges: jsii.Strings("auto_enable_controls", "control_finding_generator", "enable_default_standards"),
		},
	})
	// Resources shared with the organization (the Transit Gateway) reach
	// member accounts without invitations only once sharing is enabled.
	ramsharingwithorganization.NewRamSharingWithOrganization(scope, jsii.String(id+"-ram-sharing"), &ramsharingwithorganization.RamSharingWithOrganizationConfig{
		DependsOn: orgDep,
	})
	if !props.KeepRootCredentials {
		iamorganizationsfeatures.NewIamOrganizationsFeatures(scope, jsii.String(id+"-root-access"), &iamorganizationsfeatures.IamOrganizationsFeaturesConfig{
			EnabledFeatures: jsii.Strings("RootCredentialsManagement", "RootSessions"),
			DependsOn:       orgDep,
		})
	}

	cdktf.NewTerraformOutput(scope, jsii.String("organization_id"), &cdktf.TerraformOutputConfig{
		Value:       out.ID,
		Description: jsii.String("Set as id in the organization file after bootstrap"),
	})
	ids := map[string]any{}
	for name, v := range out.AccountIDs {
		ids[name] = v
	}
	cdktf.NewTerraformOutput(scope, jsii.String("account_ids"), &cdktf.TerraformOutputConfig{
		Value:       ids,
		Description: jsii.String("Set as accounts[].id in the organization file after bootstrap"),
	})
	return out, nil
}

func attachPolicy(scope constructs.Construct, id, name, desc, typ, content string, target *string, deps *[]cdktf.ITerraformDependable) {
	p := organizationspolicy.NewOrganizationsPolicy(scope, jsii.String(id), &organizationspolicy.OrganizationsPolicyConfig{
		Name:        jsii.String(name),
		Description: jsii.String(desc),
		Type:        jsii.String(typ),
		Content:     jsii.String(content),
		DependsOn:   deps,
	})
	organizationspolicyattachment.NewOrganizationsPolicyAttachment(scope, jsii.String(id+"-attachment"), &organizationspolicyattachment.OrganizationsPolicyAttachmentConfig{
		PolicyId: p.Id(),
		TargetId: target,
	})
}

// policyName turns a target into a policy name prefix: root, workloads-prod.
func policyName(target string) string { return resourceID(target) }

// resourceID turns an OU path into a lowercase construct id part.
func resourceID(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return b.String()
}
