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

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsaccesspoint"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsbackuppolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsfilesystem"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsfilesystempolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/efsmounttarget"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securitygroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcsecuritygroupingressrule"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/tags"
)

// Share is the result of New.
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
	// wait for them.
	MountTargets []cdktf.ITerraformDependable
}

// ClientActions are what a client role is allowed through the access point:
// mount and write, not root access (Amazon EFS User Guide, "Using IAM to
// control file system data access": ClientMount, ClientWrite,
// ClientRootAccess).
var ClientActions = []string{"elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"}

// Policy is the file-system policy in plain Go: deny every request without
// TLS (aws:SecureTransport false, the guide's "Enforce in-transit
// encryption for all clients"), and allow the client roles to mount and
// write only through the access point and a mount target. With a policy in
// place, a client that does not authenticate with IAM is the anonymous
// principal, which no statement allows, so anonymous NFS access is refused
// (Amazon EFS User Guide, "Using IAM to control file system data access":
// "Default EFS file system policy" grants full access only while no policy
// exists).
func Policy(fileSystemARN, accessPointARN string, clientRoleARNs []string) iampolicy.Document {
	return iampolicy.Document{Statements: []iampolicy.Statement{
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

// New validates props in plain Go, then builds the share.
func New(scope constructs.Construct, id string, props Props) (*Share, error) {
	p := props
	if err := p.Validate(id); err != nil {
		return nil, err
	}
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
	var targets []cdktf.ITerraformDependable
	for i, subnet := range p.SubnetIDs {
		targets = append(targets, efsmounttarget.NewEfsMountTarget(scope, jsii.String(fmt.Sprintf("%s-mount-%d", id, i)), &efsmounttarget.EfsMountTargetConfig{
			FileSystemId:   fs.Id(),
			SubnetId:       subnet,
			SecurityGroups: &[]*string{sg.Id()},
		}))
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
	roles := make([]string, len(p.ClientRoleARNs))
	for i, r := range p.ClientRoleARNs {
		roles[i] = *r
	}
	doc := Policy(*fs.Arn(), *ap.Arn(), roles)
	if err := doc.Validate(); err != nil {
		return nil, fmt.Errorf("efsshare %s: file system policy: %w", id, err)
	}
	efsfilesystempolicy.NewEfsFileSystemPolicy(scope, jsii.String(id+"-policy"), &efsfilesystempolicy.EfsFileSystemPolicyConfig{
		FileSystemId: fs.Id(),
		Policy:       jsii.String(doc.JSON()),
	})
	return &Share{
		FileSystemID: fs.Id(), FileSystemARN: fs.Arn(),
		AccessPointID: ap.Id(), AccessPointARN: ap.Arn(),
		SecurityGroupID: sg.Id(), Key: key, MountTargets: targets,
	}, nil
}
