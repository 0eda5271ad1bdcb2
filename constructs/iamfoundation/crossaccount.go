package iamfoundation

import (
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/iamrole"
)

// CrossAccountRoleProps configures a CrossAccountRole. The zero value plus
// Name, SourceAccountID and ExternalID is a view-only role (resources and
// their metadata, not the data in them) that people of the source account
// assume with MFA, for an hour at most.
type CrossAccountRoleProps struct {
	// Name is the role name: lowercase letters, digits and hyphens, at
	// most 64 characters. Required.
	Name string
	// Description says who uses the role and why.
	Description string
	// SourceAccountID is the 12-digit account whose principals may assume
	// the role, as far as that account's IAM policies let them. Required.
	SourceAccountID string
	// ExternalID must be passed by whoever assumes the role
	// (sts:ExternalId): 2-1224 characters of letters, digits and
	// _+=,.@:/-. Required unless MFAOnly. It is not a secret, but it ties
	// each use to the arrangement it was made for. The console's Switch
	// Role cannot pass one: people assume the role with the CLI or an SDK
	// (role_arn, external_id, mfa_serial and source_profile in a CLI
	// profile).
	ExternalID string
	// MFAOnly trusts the source account's people on MFA alone, without an
	// external id, so that they can also use the console's Switch Role
	// (which cannot send one). The external id guards against a confused
	// deputy (a third party's service assuming the role for the wrong
	// customer); between accounts of one organization, for people signed
	// in with MFA, it adds little. ExternalID must then be empty; not
	// allowed with AllowWithoutMFA.
	MFAOnly bool
	// AllowWithoutMFA drops the MFA conditions, for automation, which
	// cannot sign in with MFA. Roles for people keep them.
	AllowWithoutMFA bool
	// MaxMFAAgeSeconds is how long after signing in with MFA the role may
	// still be assumed (aws:MultiFactorAuthAge): 60-129600, default
	// DefaultMaxMFAAgeSeconds. Not allowed with AllowWithoutMFA.
	MaxMFAAgeSeconds int
	// Statements are the role's permissions, as one inline policy, in
	// place of the default.
	Statements []iampolicy.Statement
	// ManagedPolicyARNs are attached in place of the default, for example
	// AWSManagedPolicyARN(partition, SecurityAudit).
	//
	// With neither Statements nor ManagedPolicyARNs the role gets the AWS
	// managed job-function policy ViewOnlyAccess, which lists resources and
	// reads their metadata across services and changes nothing. The AWS
	// managed ReadOnlyAccess would also read the data (S3 objects,
	// DynamoDB items, log events, queue messages): a role from a
	// development account must not read production orders and customer
	// emails by default. Source: AWS Managed Policy Reference,
	// ViewOnlyAccess ("view resources and basic metadata across all AWS
	// services") and ReadOnlyAccess.
	ManagedPolicyARNs []string
	// AllowDataReads gives the default role ReadOnlyAccess instead of
	// ViewOnlyAccess, and drops the DataReadDenyStatement every other
	// cross-account role carries: an explicit choice to let the source
	// account's people read the data of this one.
	AllowDataReads bool
	// PermissionsBoundaryARN caps what the role can ever be granted.
	PermissionsBoundaryARN string
	// Tags are added to the provider's default tags.
	Tags map[string]string
}

// CrossAccountRole is a role in this (target) account assumable from the
// source account.
type CrossAccountRole struct {
	// Role is the role; its ARN field is a reference.
	Role *iamrole.Role
	// Name is the role name.
	Name string
	// ARN is plain, derived from the account, so that the source
	// account's stack can name it without a cross-stack reference.
	ARN string
}

// crossAccountMaxSessionSeconds keeps sessions to an hour: long enough for
// an investigation, short enough that a leaked session expires soon.
const crossAccountMaxSessionSeconds = 3600

func (p *CrossAccountRoleProps) validate(id string) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("iamfoundation %s: "+format, append([]any{id}, args...)...)
	}
	if err := checkName(64, p.Name); err != nil {
		return fail("Name: %v", err)
	}
	if !accountIDRE.MatchString(p.SourceAccountID) {
		return fail("SourceAccountID %q: must be a 12-digit account id", p.SourceAccountID)
	}
	switch {
	case p.MFAOnly && p.AllowWithoutMFA:
		return fail("MFAOnly: not allowed with AllowWithoutMFA: a role trusted on neither an external id nor MFA is open to every principal the source account allows")
	case p.MFAOnly && p.ExternalID != "":
		return fail("ExternalID %q: must be empty with MFAOnly, which trusts on MFA alone so that the console can switch to the role", p.ExternalID)
	case !p.MFAOnly:
		if err := CheckExternalID(p.ExternalID); err != nil {
			return fail("ExternalID %q: %v", p.ExternalID, err)
		}
	}
	switch {
	case p.AllowWithoutMFA && p.MaxMFAAgeSeconds != 0:
		return fail("MaxMFAAgeSeconds %d: not allowed with AllowWithoutMFA, which drops the MFA conditions", p.MaxMFAAgeSeconds)
	case !p.AllowWithoutMFA && p.MaxMFAAgeSeconds != 0:
		if err := checkMFAAge(p.MaxMFAAgeSeconds); err != nil {
			return fail("MaxMFAAgeSeconds %d: %v", p.MaxMFAAgeSeconds, err)
		}
	}
	if len(p.Statements) > 0 {
		if err := CheckPermissions(p.Statements); err != nil {
			return fail("%v", err)
		}
	}
	for i, arn := range p.ManagedPolicyARNs {
		if err := CheckPolicyARN(arn); err != nil {
			return fail("ManagedPolicyARNs[%d] %q: %v", i, arn, err)
		}
	}
	if p.PermissionsBoundaryARN != "" {
		if err := CheckPolicyARN(p.PermissionsBoundaryARN); err != nil {
			return fail("PermissionsBoundaryARN %q: %v", p.PermissionsBoundaryARN, err)
		}
	}
	return nil
}

// NewCrossAccountRole validates props and creates, in the stack's (target)
// account, a role that principals of the source account assume with the
// external id and, by default, MFA.
func NewCrossAccountRole(scope constructs.Construct, id string, props CrossAccountRoleProps) (*CrossAccountRole, error) {
	if err := props.validate(id); err != nil {
		return nil, err
	}
	if !props.AllowWithoutMFA && props.MaxMFAAgeSeconds == 0 {
		props.MaxMFAAgeSeconds = DefaultMaxMFAAgeSeconds
	}
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fmt.Errorf("iamfoundation %s: %w", id, err)
	}
	rp := iamrole.Props{
		Name:                   props.Name,
		Description:            props.Description,
		Trust:                  crossAccountTrust(env.Partition, props),
		ManagedPolicyARNs:      props.ManagedPolicyARNs,
		MaxSessionSeconds:      crossAccountMaxSessionSeconds,
		PermissionsBoundaryARN: props.PermissionsBoundaryARN,
		Tags:                   props.Tags,
	}
	stmts := props.Statements
	if !props.AllowDataReads {
		// A deny wins over any allow, so that a managed policy AWS
		// extends later, or one given here, cannot open the data.
		stmts = append(append([]iampolicy.Statement{}, stmts...), DataReadDenyStatement())
	}
	if len(stmts) > 0 {
		rp.Policies = map[string]iampolicy.Document{"permissions": {Statements: stmts}}
	}
	if len(props.Statements) == 0 && len(props.ManagedPolicyARNs) == 0 {
		rp.ManagedPolicyARNs = []string{AWSManagedPolicyARN(env.Partition, ViewOnlyAccess)}
		if props.AllowDataReads {
			rp.ManagedPolicyARNs = []string{AWSManagedPolicyARN(env.Partition, ReadOnlyAccess)}
		}
	}
	role, err := iamrole.New(scope, id, rp)
	if err != nil {
		return nil, fmt.Errorf("iamfoundation %s: %w", id, err)
	}
	return &CrossAccountRole{Role: role, Name: props.Name, ARN: env.ARNGlobal("iam", "role/"+props.Name)}, nil
}
