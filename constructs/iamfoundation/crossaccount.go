package iamfoundation

import (
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/iamrole"
)

// CrossAccountRoleProps configures a CrossAccountRole. The zero value plus
// Name, SourceAccountID and ExternalID is a read-only role that people of
// the source account assume with MFA, for an hour at most.
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
	// _+=,.@:/-. Required. It is not a secret, but it ties each use to the
	// arrangement it was made for. The console's Switch Role cannot pass
	// one: people assume the role with the CLI or an SDK (external_id in a
	// CLI profile).
	ExternalID string
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
	// AWSManagedPolicyARN(partition, ViewOnlyAccess).
	//
	// With neither Statements nor ManagedPolicyARNs the role gets the AWS
	// managed ReadOnlyAccess: AWS keeps it current with every service, so
	// the role can look at anything when an incident needs it, and it
	// changes nothing. It reads data too (S3 objects, table items): choose
	// ViewOnlyAccess where people should only see metadata.
	ManagedPolicyARNs []string
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
	if err := CheckExternalID(p.ExternalID); err != nil {
		return fail("ExternalID %q: %v", p.ExternalID, err)
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
	if len(props.Statements) > 0 {
		rp.Policies = map[string]iampolicy.Document{"permissions": {Statements: props.Statements}}
	}
	if len(props.Statements) == 0 && len(props.ManagedPolicyARNs) == 0 {
		rp.ManagedPolicyARNs = []string{AWSManagedPolicyARN(env.Partition, ReadOnlyAccess)}
	}
	role, err := iamrole.New(scope, id, rp)
	if err != nil {
		return nil, fmt.Errorf("iamfoundation %s: %w", id, err)
	}
	return &CrossAccountRole{Role: role, Name: props.Name, ARN: env.ARNGlobal("iam", "role/"+props.Name)}, nil
}
