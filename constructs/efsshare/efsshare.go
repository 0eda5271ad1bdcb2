// Package efsshare provides a shared file system (architecture guide 4.4):
// Amazon EFS encrypted with a customer-managed key, elastic throughput,
// lifecycle to Infrequent Access and back on access, automatic backups, a
// mount target in each private subnet behind a security group admitting NFS
// from the app tier only, an access point with a fixed POSIX user and root
// directory, and a file-system policy that refuses connections without TLS
// and anonymous (non-IAM) clients, admitting only the given roles through
// the access point.
package efsshare

import (
	"fmt"
	"slices"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsaccesspoint"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsbackuppolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsfilesystem"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsfilesystempolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsmounttarget"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securitygroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcsecuritygroupegressrule"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcsecuritygroupingressrule"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/tags"
)

// Share is the result of New (or of Prepare and Admit).
type Share struct {
	// FileSystemID and FileSystemARN are the file system's (tokens).
	FileSystemID, FileSystemARN *string
	// AccessPointID and AccessPointARN are the access point's (tokens):
	// clients mount with the access point and TLS and IAM on (the ECS
	// volume's authorization_config / mount -t efs -o tls,iam,accesspoint=).
	AccessPointID, AccessPointARN *string
	// SecurityGroupID is the mount targets' security group.
	SecurityGroupID *string
	// Key encrypts the file system.
	Key *kmskey.Key
	// MountTargets are for depends_on: a client that mounts at boot must
	// wait for them. Admit makes them, after the file-system policy.
	MountTargets []cdktf.ITerraformDependable
	// Policy is the file-system policy, once Admit has made it.
	Policy cdktf.ITerraformDependable

	scope   constructs.Construct
	id      string
	subnets []*string
	tags    map[string]string
}

// Ready is what a client that mounts the share at boot (an Auto Scaling
// group, an ECS service) must wait for: the mount targets, which Admit
// makes after the file-system policy. Empty before Admit.
func (s *Share) Ready() []cdktf.ITerraformDependable {
	return append([]cdktf.ITerraformDependable(nil), s.MountTargets...)
}

// ClientActions are what a client role is allowed through the access point:
// mount and write, not root access (Amazon EFS User Guide, "Using IAM to
// control file system data access": ClientMount, ClientWrite,
// ClientRootAccess).
var ClientActions = []string{"elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"}

// Policy is the file-system policy in plain Go: deny every request without
// TLS (aws:SecureTransport false, the guide's "Enforce in-transit
// encryption for all clients"), and allow the client roles to mount and
// write only through the access point and a mount target. Two denies make
// the roles the only clients and the access point the only way in: within
// an account an identity policy's Allow alone would otherwise let any
// principal with elasticfilesystem:Client* mount the root (IAM User Guide,
// "Policy evaluation logic"). A client that does not authenticate with IAM
// (anonymous) has no aws:PrincipalArn, and a negated condition on a
// missing key matches, so it is denied explicitly; a mount without the
// access point likewise. The denies name the client actions only, so the
// policy never locks out PutFileSystemPolicy (EFS API
// PutFileSystemPolicy, BypassPolicyLockoutSafetyCheck).
func Policy(fileSystemARN, accessPointARN string, clientRoleARNs []string) iampolicy.Document {
	allClient := append(slices.Clone(ClientActions), "elasticfilesystem:ClientRootAccess")
	return iampolicy.Document{Statements: []iampolicy.Statement{
		{
			Sid:        "DenyOtherPrincipals",
			Effect:     iampolicy.Deny,
			Principals: []iampolicy.Principal{iampolicy.Anyone()},
			Actions:    allClient,
			Resources:  []string{fileSystemARN},
			Conditions: []iampolicy.Condition{iampolicy.Cond("ArnNotEquals", "aws:PrincipalArn", clientRoleARNs...)},
		},
		{
			Sid:        "DenyWithoutAccessPoint",
			Effect:     iampolicy.Deny,
			Principals: []iampolicy.Principal{iampolicy.Anyone()},
			Actions:    allClient,
			Resources:  []string{fileSystemARN},
			Conditions: []iampolicy.Condition{iampolicy.Cond("StringNotEquals", "elasticfilesystem:AccessPointArn", accessPointARN)},
		},
		{
			Sid:        "DenyWithoutTLS",
			Effect:     iampolicy.Deny,
			Principals: []iampolicy.Principal{iampolicy.Anyone()},
			Actions:    []string{"*"},
			Resources:  []string{fileSystemARN},
			Conditions: []iampolicy.Condition{iampolicy.Cond("Bool", "aws:SecureTransport", "false")},
		},
		{
			Sid:        "ClientsMountThroughAccessPoint",
			Effect:     iampolicy.Allow,
			Principals: []iampolicy.Principal{iampolicy.AWSPrincipals(clientRoleARNs...)},
			Actions:    ClientActions,
			Resources:  []string{fileSystemARN},
			Conditions: []iampolicy.Condition{
				iampolicy.Cond("StringEquals", "elasticfilesystem:AccessPointArn", accessPointARN),
				iampolicy.Cond("Bool", "elasticfilesystem:AccessedViaMountTarget", "true"),
			},
		},
	}}
}

// New validates props in plain Go, then builds the share and admits
// props.ClientRoleARNs: Prepare followed by Admit, for callers whose client
// roles exist before the share.
func New(scope constructs.Construct, id string, props Props) (*Share, error) {
	p := props
	if err := p.Validate(id); err != nil {
		return nil, err
	}
	share, err := p.build(scope, id)
	if err != nil {
		return nil, err
	}
	if err := share.Admit(p.ClientRoleARNs...); err != nil {
		return nil, err
	}
	return share, nil
}

// Prepare validates props in plain Go, then builds the share without its
// file-system policy and mount targets: the key, the file system, its
// backup policy, the mount targets' security group and the access point.
// It is for callers whose client role is made after the share, because the
// role's holder needs the share's ids (an instance's user data, a task
// definition's volume): call Admit with the role once it exists.
// props.ClientRoleARNs must be empty.
func Prepare(scope constructs.Construct, id string, props Props) (*Share, error) {
	p := props
	if err := p.ValidatePrepare(id); err != nil {
		return nil, err
	}
	return p.build(scope, id)
}

// build makes everything but the policy and the mount targets from
// validated props.
func (p *Props) build(scope constructs.Construct, id string) (*Share, error) {
	tg := tags.Ptrs(p.Tags)
	// EFS uses the key through grants it creates with the permissions of
	// the principal creating the file system, which the key's account
	// statement delegates to IAM (Amazon EFS User Guide, "Amazon EFS key
	// policies for AWS KMS").
	key, err := kmskey.Use(scope, id+"-key", p.Key, kmskey.Props{
		Alias:       "efs/" + p.Name,
		Description: "Encrypts EFS file system " + p.Name,
		Tags:        p.Tags,
	})
	if err != nil {
		return nil, fmt.Errorf("efsshare %s: %w", id, err)
	}
	named := map[string]string{"Name": p.Name}
	for k, v := range p.Tags {
		named[k] = v
	}
	fs := efsfilesystem.NewEfsFileSystem(scope, jsii.String(id), &efsfilesystem.EfsFileSystemConfig{
		CreationToken: jsii.String(p.Name),
		// encrypted and kms_key_id are ForceNew (provider
		// internal/service/efs/file_system.go): fixed at creation.
		Encrypted: jsii.Bool(true),
		KmsKeyId:  key.ARN,
		// Elastic throughput needs the General Purpose performance mode
		// (Amazon EFS User Guide, "Throughput modes").
		PerformanceMode: jsii.String("generalPurpose"),
		ThroughputMode:  jsii.String("elastic"),
		// One transition per lifecycle_policy block: the API takes a list
		// of LifecyclePolicy objects each holding one transition
		// (API_PutLifecycleConfiguration).
		LifecyclePolicy: []*efsfilesystem.EfsFileSystemLifecyclePolicy{
			{TransitionToIa: jsii.String(p.TransitionToIA)},
			{TransitionToPrimaryStorageClass: jsii.String("AFTER_1_ACCESS")},
		},
		Tags: tags.Ptrs(named),
	})
	// Automatic backups by AWS Backup's default plan (Amazon EFS User
	// Guide, "Automatic backups").
	efsbackuppolicy.NewEfsBackupPolicy(scope, jsii.String(id+"-backup"), &efsbackuppolicy.EfsBackupPolicyConfig{
		FileSystemId: fs.Id(),
		BackupPolicy: &efsbackuppolicy.EfsBackupPolicyBackupPolicy{Status: jsii.String("ENABLED")},
	})

	sg := securitygroup.NewSecurityGroup(scope, jsii.String(id+"-sg"), &securitygroup.SecurityGroupConfig{
		Name:        jsii.String(p.Name + "-efs"),
		Description: jsii.String("EFS " + p.Name + ": NFS from the app tier only"),
		VpcId:       p.VPCID,
		// No egress: mount targets open no connections. An empty list
		// removes the default allow-all rule; ingress is left to the rule
		// resources below, which inline rules would fight with.
		Egress: []*securitygroup.SecurityGroupEgress{},
		Tags:   tg,
	})
	for i, source := range p.SourceSecurityGroupIDs {
		vpcsecuritygroupingressrule.NewVpcSecurityGroupIngressRule(scope, jsii.String(fmt.Sprintf("%s-ingress-%d", id, i)), &vpcsecuritygroupingressrule.VpcSecurityGroupIngressRuleConfig{
			SecurityGroupId:           sg.Id(),
			Description:               jsii.String("NFS from an allowed client security group"),
			IpProtocol:                jsii.String("tcp"),
			FromPort:                  jsii.Number(Port),
			ToPort:                    jsii.Number(Port),
			ReferencedSecurityGroupId: source,
			Tags:                      tg,
		})
	}
	ap := efsaccesspoint.NewEfsAccessPoint(scope, jsii.String(id+"-ap"), &efsaccesspoint.EfsAccessPointConfig{
		FileSystemId: fs.Id(),
		// Every request through the access point runs as this user,
		// whatever the client claims (Amazon EFS User Guide, "Working with
		// access points"); creation_info makes EFS create the root
		// directory with this owner and mode on first use.
		PosixUser: &efsaccesspoint.EfsAccessPointPosixUser{Uid: jsii.Number(p.UID), Gid: jsii.Number(p.GID)},
		RootDirectory: &efsaccesspoint.EfsAccessPointRootDirectory{
			Path: jsii.String(p.RootPath),
			CreationInfo: &efsaccesspoint.EfsAccessPointRootDirectoryCreationInfo{
				OwnerUid: jsii.Number(p.UID), OwnerGid: jsii.Number(p.GID), Permissions: jsii.String(p.Permissions),
			},
		},
		Tags: tags.Ptrs(named),
	})
	return &Share{
		FileSystemID: fs.Id(), FileSystemARN: fs.Arn(),
		AccessPointID: ap.Id(), AccessPointARN: ap.Arn(),
		SecurityGroupID: sg.Id(), Key: key,
		scope: scope, id: id, subnets: p.SubnetIDs, tags: p.Tags,
	}, nil
}

// Admit makes the file-system policy admitting roleARNs (see Policy), then
// the mount targets, which wait for it: no client can reach the file system
// before the policy is in place, so the default policy EFS applies while a
// file system has none ("full access to any anonymous client that can
// connect using a mount target", Amazon EFS User Guide, "Using IAM to
// control access to file systems", Default EFS file system policy) never
// serves a client.
//
// Pass each role's ARN as a reference to the role resource (iamrole.Role.ARN):
// EFS refuses a policy whose principal does not exist ("Policy contains
// invalid Principal block", which the provider retries only for IAM's
// propagation delay, internal/service/efs/file_system_policy.go), and the
// reference makes Terraform create the role first. A file system has one
// policy: Admit runs once per share.
func (s *Share) Admit(roleARNs ...*string) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("efsshare %s: Admit: "+format, append([]any{s.id}, args...)...)
	}
	if s.Policy != nil {
		return fail("the file-system policy exists already; a file system has one policy, so admit every role in one call")
	}
	if len(roleARNs) == 0 {
		return fail("give the roles that mount the share; the policy admits no one else")
	}
	roles := make([]string, len(roleARNs))
	for i, r := range roleARNs {
		if r == nil || *r == "" {
			return fail("role ARN %d is empty", i)
		}
		roles[i] = *r
	}
	doc := Policy(*s.FileSystemARN, *s.AccessPointARN, roles)
	if err := doc.Validate(); err != nil {
		return fail("file system policy: %w", err)
	}
	pol := efsfilesystempolicy.NewEfsFileSystemPolicy(s.scope, jsii.String(s.id+"-policy"), &efsfilesystempolicy.EfsFileSystemPolicyConfig{
		FileSystemId: s.FileSystemID,
		Policy:       jsii.String(doc.JSON()),
	})
	s.Policy = pol
	for i, subnet := range s.subnets {
		s.MountTargets = append(s.MountTargets, efsmounttarget.NewEfsMountTarget(s.scope, jsii.String(fmt.Sprintf("%s-mount-%d", s.id, i)), &efsmounttarget.EfsMountTargetConfig{
			FileSystemId:   s.FileSystemID,
			SubnetId:       subnet,
			SecurityGroups: &[]*string{s.SecurityGroupID},
			DependsOn:      &[]cdktf.ITerraformDependable{pol},
		}))
	}
	return nil
}

// AllowClientEgress lets each client security group open NFS connections
// to the mount targets: an egress rule per group (TCP 2049 to the share's
// group), for client groups whose egress is restricted, as networkhub's
// app tier group is (endpoints only by default). Amazon EFS User Guide,
// "Using VPC security groups" (clients reach the mount targets on TCP
// 2049); AWS Knowledge Center, "How do I mount an Amazon EFS file system
// on an Amazon ECS container or task running on Fargate?" (the service's
// group needs outbound 2049 to the file system's group).
func (s *Share) AllowClientEgress(clientGroupIDs ...*string) error {
	for i, g := range clientGroupIDs {
		if g == nil {
			return fmt.Errorf("efsshare %s: AllowClientEgress: client group %d is nil", s.id, i)
		}
		vpcsecuritygroupegressrule.NewVpcSecurityGroupEgressRule(s.scope, jsii.String(fmt.Sprintf("%s-client-egress-%d", s.id, i)), &vpcsecuritygroupegressrule.VpcSecurityGroupEgressRuleConfig{
			SecurityGroupId:           g,
			Description:               jsii.String("NFS to the EFS mount targets of the shared file system"),
			IpProtocol:                jsii.String("tcp"),
			FromPort:                  jsii.Number(Port),
			ToPort:                    jsii.Number(Port),
			ReferencedSecurityGroupId: s.SecurityGroupID,
			Tags:                      tags.Ptrs(s.tags),
		})
	}
	return nil
}
