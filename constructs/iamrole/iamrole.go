// Package iamrole provides IAM roles whose trust and permission policies are
// typed iampolicy documents, so that every role in the project is built the
// same way and checked before it exists.
package iamrole

import (
	"fmt"
	"sort"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrole"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrolepolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrolepolicyattachment"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/tags"
)

// Props configures a Role.
type Props struct {
	// Name is the role name; required, so that roles are recognisable in
	// CloudTrail and trust policies elsewhere can name them.
	Name        string
	Description string
	// Trust is the assume-role policy.
	Trust iampolicy.Document
	// Policies are inline policies by name. Inline policies live and die
	// with the role, which suits permissions that only this role needs.
	Policies map[string]iampolicy.Document
	// ManagedPolicyARNs attach AWS or customer managed policies. Prefer
	// inline policies scoped to resources; use this for AWS job-function
	// policies such as ReadOnlyAccess.
	ManagedPolicyARNs []string
	// MaxSessionSeconds is 3600-43200; default 3600.
	MaxSessionSeconds int
	// PermissionsBoundaryARN caps what the role can ever be granted.
	PermissionsBoundaryARN string
	Tags                   map[string]string
}

// Role is an IAM role.
type Role struct {
	Name string
	// ARN is a token resolving to the role's ARN.
	ARN *string

	// nameRef is the name as a reference, so that Terraform orders policy
	// attachments after the role.
	nameRef *string
	scope   constructs.Construct
	id      string
	// grants are the role and its policy resources: what a resource that
	// uses the role must wait for, or its first calls fail on permissions.
	grants []cdktf.ITerraformDependable
}

// Ready returns the role and every policy attached so far, for depends_on:
// a service that assumes the role right after creation (a trail, a
// function) must not start before its permissions exist.
func (r *Role) Ready() *[]cdktf.ITerraformDependable {
	out := append([]cdktf.ITerraformDependable(nil), r.grants...)
	return &out
}

// ServiceTrust is a trust policy letting an AWS service assume the role for
// the given account only (aws:SourceAccount), against the confused deputy.
// sourceAccount may be empty for services that do not send it (EC2).
func ServiceTrust(servicePrincipal, sourceAccount string) iampolicy.Document {
	s := iampolicy.Statement{
		Sid:        "ServiceAssumes",
		Effect:     iampolicy.Allow,
		Principals: []iampolicy.Principal{iampolicy.ServicePrincipals(servicePrincipal)},
		Actions:    []string{"sts:AssumeRole"},
	}
	if sourceAccount != "" {
		s.Conditions = []iampolicy.Condition{iampolicy.Cond("StringEquals", "aws:SourceAccount", sourceAccount)}
	}
	return iampolicy.Document{Statements: []iampolicy.Statement{s}}
}

// New validates props and creates the role with its policies.
func New(scope constructs.Construct, id string, props Props) (*Role, error) {
	if _, err := naming.Name(64, props.Name); err != nil {
		return nil, fmt.Errorf("iamrole %s: Name: %w", id, err)
	}
	if err := props.Trust.Validate(); err != nil {
		return nil, fmt.Errorf("iamrole %s: trust policy: %w", id, err)
	}
	for name, doc := range props.Policies {
		if err := doc.Validate(); err != nil {
			return nil, fmt.Errorf("iamrole %s: policy %s: %w", id, name, err)
		}
	}
	if props.MaxSessionSeconds == 0 {
		props.MaxSessionSeconds = 3600
	}
	if props.MaxSessionSeconds < 3600 || props.MaxSessionSeconds > 43200 {
		return nil, fmt.Errorf("iamrole %s: MaxSessionSeconds %d: must be 3600-43200", id, props.MaxSessionSeconds)
	}
	cfg := &iamrole.IamRoleConfig{
		Name:               jsii.String(props.Name),
		AssumeRolePolicy:   jsii.String(props.Trust.JSON()),
		MaxSessionDuration: jsii.Number(props.MaxSessionSeconds),
		Tags:               tags.Ptrs(props.Tags),
	}
	if props.Description != "" {
		cfg.Description = jsii.String(props.Description)
	}
	if props.PermissionsBoundaryARN != "" {
		cfg.PermissionsBoundary = jsii.String(props.PermissionsBoundaryARN)
	}
	r := iamrole.NewIamRole(scope, jsii.String(id), cfg)
	role := &Role{Name: props.Name, ARN: r.Arn(), nameRef: r.Name(), scope: scope, id: id, grants: []cdktf.ITerraformDependable{r}}
	names := make([]string, 0, len(props.Policies))
	for name := range props.Policies {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := role.AddPolicy(name, props.Policies[name]); err != nil {
			return nil, err
		}
	}
	for i, arn := range props.ManagedPolicyARNs {
		att := iamrolepolicyattachment.NewIamRolePolicyAttachment(scope, jsii.String(fmt.Sprintf("%s-managed-%d", id, i)), &iamrolepolicyattachment.IamRolePolicyAttachmentConfig{
			Role:      role.nameRef,
			PolicyArn: jsii.String(arn),
		})
		role.grants = append(role.grants, att)
	}
	return role, nil
}

// AddPolicy attaches another inline policy, for permissions that appear after
// the role exists (a bucket granting read access to it, say).
func (r *Role) AddPolicy(name string, doc iampolicy.Document) error {
	if err := doc.Validate(); err != nil {
		return fmt.Errorf("role %s: policy %s: %w", r.Name, name, err)
	}
	p := iamrolepolicy.NewIamRolePolicy(r.scope, jsii.String(fmt.Sprintf("%s-policy-%s", r.id, name)), &iamrolepolicy.IamRolePolicyConfig{
		Name:   jsii.String(name),
		Role:   r.nameRef,
		Policy: jsii.String(doc.JSON()),
	})
	r.grants = append(r.grants, p)
	return nil
}
