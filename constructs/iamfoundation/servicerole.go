package iamfoundation

import (
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iaminstanceprofile"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/tags"
)

// ServiceRoleProps configures a ServiceRole. The zero value plus Name is an
// instance role that can be reached through Session Manager and may do
// nothing else.
type ServiceRoleProps struct {
	// Name names the role and its instance profile: lowercase letters,
	// digits and hyphens, at most 64 characters. Required.
	Name string
	// Description says what the instances do.
	Description string
	// Statements are the role's permissions, as one inline policy: for
	// example a bucket's ReadStatements, TableStatements on a table, or
	// SecretReadStatements for secrets under a prefix. Every statement
	// names its resources; wildcard actions are refused.
	Statements []iampolicy.Statement
	// SkipSSM leaves out Session Manager. By default the role may do what
	// the Systems Manager agent needs for Session Manager and nothing more
	// (SessionManagerStatements): people reach instances through Session
	// Manager (logged, IAM-authorized, no SSH keys or open port 22).
	SkipSSM bool
	// SSMManagedInstanceCore attaches the AWS managed
	// AmazonSSMManagedInstanceCore as well, for Patch Manager, Inventory,
	// State Manager and Run Command. It also allows ssm:GetParameter and
	// ssm:GetParameters on every parameter of the account, which undercuts
	// secrets scoped to a prefix: keep secrets in Secrets Manager, or in
	// SecureString parameters under a key the role cannot use. Not
	// allowed with SkipSSM.
	SSMManagedInstanceCore bool
	// PermissionsBoundaryARN caps what the role can ever be granted.
	PermissionsBoundaryARN string
	// Tags are added to the provider's default tags.
	Tags map[string]string
}

// ServiceRole is an EC2 instance role and its instance profile.
type ServiceRole struct {
	// Role is the role, for grants made later (Bucket.GrantRead).
	Role *iamrole.Role
	// RoleName and RoleARN name the role; the ARN is plain, derived from
	// the account.
	RoleName, RoleARN string
	// InstanceProfileName and InstanceProfileARN name the instance
	// profile that launch templates and instances take; the ARN is plain.
	InstanceProfileName, InstanceProfileARN string
	// InstanceProfileRef is the profile's ARN as a reference, so that
	// instances using it are created after it.
	InstanceProfileRef *string
}

func (p *ServiceRoleProps) validate(id string) error {
	if err := checkName(64, p.Name); err != nil {
		return fmt.Errorf("iamfoundation %s: Name: %w", id, err)
	}
	if p.SkipSSM && p.SSMManagedInstanceCore {
		return fmt.Errorf("iamfoundation %s: SSMManagedInstanceCore: not allowed with SkipSSM", id)
	}
	if len(p.Statements) > 0 {
		if err := CheckPermissions(p.Statements); err != nil {
			return fmt.Errorf("iamfoundation %s: %w", id, err)
		}
	}
	if p.PermissionsBoundaryARN != "" {
		if err := CheckPolicyARN(p.PermissionsBoundaryARN); err != nil {
			return fmt.Errorf("iamfoundation %s: PermissionsBoundaryARN %q: %w", id, p.PermissionsBoundaryARN, err)
		}
	}
	return nil
}

// NewServiceRole validates props and creates a role that EC2 instances
// assume, with its permissions and an instance profile of the same name.
func NewServiceRole(scope constructs.Construct, id string, props ServiceRoleProps) (*ServiceRole, error) {
	if err := props.validate(id); err != nil {
		return nil, err
	}
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fmt.Errorf("iamfoundation %s: %w", id, err)
	}
	rp := iamrole.Props{
		Name:                   props.Name,
		Description:            props.Description,
		Trust:                  ec2Trust(env),
		PermissionsBoundaryARN: props.PermissionsBoundaryARN,
		Tags:                   props.Tags,
	}
	rp.Policies = map[string]iampolicy.Document{}
	if len(props.Statements) > 0 {
		rp.Policies["permissions"] = iampolicy.Document{Statements: props.Statements}
	}
	if !props.SkipSSM {
		rp.Policies["session-manager"] = iampolicy.Document{Statements: SessionManagerStatements()}
	}
	if props.SSMManagedInstanceCore {
		rp.ManagedPolicyARNs = []string{AWSManagedPolicyARN(env.Partition, SSMManagedInstanceCore)}
	}
	role, err := iamrole.New(scope, id, rp)
	if err != nil {
		return nil, fmt.Errorf("iamfoundation %s: %w", id, err)
	}
	profile := iaminstanceprofile.NewIamInstanceProfile(scope, jsii.String(id+"-profile"), &iaminstanceprofile.IamInstanceProfileConfig{
		Name: jsii.String(props.Name),
		Role: jsii.String(props.Name),
		Tags: tags.Ptrs(props.Tags),
		// The role's name is known in Go, so nothing in the profile refers
		// to the role resource: say the order explicitly.
		DependsOn: role.Ready(),
	})
	return &ServiceRole{
		Role:                role,
		RoleName:            props.Name,
		RoleARN:             env.ARNGlobal("iam", "role/"+props.Name),
		InstanceProfileName: props.Name,
		InstanceProfileARN:  env.ARNGlobal("iam", "instance-profile/"+props.Name),
		InstanceProfileRef:  profile.Arn(),
	}, nil
}
