package accountbaseline

import (
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/ebsdefaultkmskey"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/ebsencryptionbydefault"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamservicelinkedrole"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/tags"
)

// ebsEncryption turns EBS encryption by default on with a customer-managed
// key whose policy lets EC2 Auto Scaling launch instances with it.
func ebsEncryption(scope constructs.Construct, id string, env awsenv.Env, props Props, b *Baseline) (*kmskey.Key, error) {
	launchers := launcherARNs(env, props)
	// Another region's baseline made the role: the reference orders the
	// role before this key policy.
	launchers[0] = b.autoScalingRole
	if !props.AutoScalingRoleExists {
		slr := iamservicelinkedrole.NewIamServiceLinkedRole(scope, jsii.String(id+"-autoscaling-role"), &iamservicelinkedrole.IamServiceLinkedRoleConfig{
			AwsServiceName: jsii.String(autoScalingService),
			Tags:           tags.Ptrs(props.Tags),
		})
		// The reference makes Terraform create the role before the key
		// policy that names it, which KMS would refuse otherwise.
		launchers[0] = *slr.Arn()
		b.autoScalingRole = launchers[0]
	}
	stmts := launcherKeyStatements(launchers)
	key := props.EBSKey
	if key == nil {
		var err error
		key, err = kmskey.New(scope, id+"-ebs-key", kmskey.Props{
			Alias:       EBSKeyAlias,
			Description: "Default key of EBS volumes and snapshots in " + env.Region,
			Statements:  stmts,
			Tags:        props.Tags,
		})
		if err != nil {
			return nil, err
		}
	} else if err := key.AddToPolicy(stmts...); err != nil {
		return nil, fmt.Errorf("EBSKey %s: %w", key.AliasName, err)
	}
	defaultKey := ebsdefaultkmskey.NewEbsDefaultKmsKey(scope, jsii.String(id+"-ebs-default-key"), &ebsdefaultkmskey.EbsDefaultKmsKeyConfig{
		KeyArn: key.ARN,
	})
	ebsencryptionbydefault.NewEbsEncryptionByDefault(scope, jsii.String(id+"-ebs-encryption"), &ebsencryptionbydefault.EbsEncryptionByDefaultConfig{
		Enabled: jsii.Bool(true),
		// The key is set first, so that no volume made in between is
		// encrypted under the AWS managed key instead.
		DependsOn: &[]cdktf.ITerraformDependable{defaultKey},
	})
	return key, nil
}

// launcherARNs are the roles the EBS key policy lets launch instances: the
// Auto Scaling service-linked role first, then Props.EBSKeyUserARNs.
func launcherARNs(env awsenv.Env, props Props) []string {
	return append([]string{AutoScalingRoleARN(env)}, props.EBSKeyUserARNs...)
}
