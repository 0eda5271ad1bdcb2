package iamfoundation

import (
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamgroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamgrouppolicy"

	"github.com/acme/landing-zone/constructs/awsenv"
)

// GroupProps configures an AssumeRoleGroup. The zero value plus Name and
// TargetRoleARNs is a group whose members may assume those roles, and only
// those, after signing in with MFA.
type GroupProps struct {
	// Name is the group name, such as "engineers": lowercase letters,
	// digits and hyphens, at most 128 characters. Required.
	Name string
	// TargetRoleARNs are the roles members may assume, usually
	// CrossAccountRole.ARN of roles in other accounts. Each is one role:
	// wildcards are refused, so that roles created later are not
	// assumable by accident. Required.
	TargetRoleARNs []string
	// AllowWithoutMFA drops the MFA condition of the policy. The target
	// roles' trust policies may still ask for MFA.
	AllowWithoutMFA bool
}

// AssumeRoleGroup is an IAM group allowed to assume the target roles.
type AssumeRoleGroup struct {
	// Name is the group name.
	Name string
	// ARN is plain, derived from the account.
	ARN string
	// Ref is the group's name as a reference, for memberships made
	// elsewhere, so that they are created after the group.
	Ref *string
}

// assumeRolesPolicyName names the group's inline policy.
const assumeRolesPolicyName = "assume-roles"

func (p *GroupProps) validate(id string) error {
	if err := checkName(128, p.Name); err != nil {
		return fmt.Errorf("iamfoundation %s: Name: %w", id, err)
	}
	if len(p.TargetRoleARNs) == 0 {
		return fmt.Errorf("iamfoundation %s: TargetRoleARNs is required: name the roles the group may assume", id)
	}
	for i, arn := range p.TargetRoleARNs {
		if err := CheckRoleARN(arn); err != nil {
			return fmt.Errorf("iamfoundation %s: TargetRoleARNs[%d] %q: %w", id, i, arn, err)
		}
	}
	return nil
}

// NewAssumeRoleGroup validates props and creates, in the stack's (source)
// account, a group with an inline policy allowing sts:AssumeRole on the
// target roles only, with MFA by default.
func NewAssumeRoleGroup(scope constructs.Construct, id string, props GroupProps) (*AssumeRoleGroup, error) {
	if err := props.validate(id); err != nil {
		return nil, err
	}
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fmt.Errorf("iamfoundation %s: %w", id, err)
	}
	for i, arn := range props.TargetRoleARNs {
		if p := partitionOf(arn); p != "" && p != env.Partition {
			return nil, fmt.Errorf("iamfoundation %s: TargetRoleARNs[%d] %q: partition %s, but the stack is in %s", id, i, arn, p, env.Partition)
		}
	}
	doc := assumeRolesPolicy(props.TargetRoleARNs, props.AllowWithoutMFA)
	if err := doc.Validate(); err != nil {
		return nil, fmt.Errorf("iamfoundation %s: policy: %w", id, err)
	}
	g := iamgroup.NewIamGroup(scope, jsii.String(id), &iamgroup.IamGroupConfig{
		Name: jsii.String(props.Name),
	})
	iamgrouppolicy.NewIamGroupPolicy(scope, jsii.String(id+"-"+assumeRolesPolicyName), &iamgrouppolicy.IamGroupPolicyConfig{
		Name: jsii.String(assumeRolesPolicyName),
		// The reference orders the policy after the group.
		Group:  g.Name(),
		Policy: jsii.String(doc.JSON()),
	})
	return &AssumeRoleGroup{Name: props.Name, ARN: env.ARNGlobal("iam", "group/"+props.Name), Ref: g.Name()}, nil
}
