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
// key whose policy lets EC2 Auto Scaling, EC2 Spot and EC2 Fleet launch
// instances with it.
func ebsEncryption(scope constructs.Construct, id string, env awsenv.Env, props Props, b *Baseline) (*kmskey.Key, error) {
	var launcherRefs []string
	for _, l := range launchers(env, props) {
		if !l.exists {
			slr := iamservicelinkedrole.NewIamServiceLinkedRole(scope, jsii.String(id+"-"+l.idPart+"-role"), &iamservicelinkedrole.IamServiceLinkedRoleConfig{
				AwsServiceName: jsii.String(l.service),
				Tags:           tags.Ptrs(props.Tags),
			})
			// The reference makes Terraform create the role before the key
			// policy that names it, which KMS would refuse otherwise.
			b.launcherRoles[l.service] = *slr.Arn()
		}
		// Another region's baseline made the role: its reference orders
		// the role before this key policy too.
		launcherRefs = append(launcherRefs, b.launcherRoles[l.service])
	}
	launchers := append(launcherRefs, props.EBSKeyUserARNs...)
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

// launcher is a service-linked role that launches instances with the
// account's default EBS key.
type launcher struct {
	service, idPart, arn string
	exists               bool
}

// launchers are the service-linked roles the EBS key policy names: EC2
// Auto Scaling, then, unless SkipSpotAndFleetRoles, EC2 Spot and EC2
// Fleet.
func launchers(env awsenv.Env, props Props) []launcher {
	out := []launcher{{autoScalingService, "autoscaling", AutoScalingRoleARN(env), props.AutoScalingRoleExists}}
	if !props.SkipSpotAndFleetRoles {
		out = append(out,
			launcher{spotService, "spot", SpotRoleARN(env), props.SpotRoleExists},
			launcher{fleetService, "ec2fleet", FleetRoleARN(env), props.FleetRoleExists})
	}
	return out
}

// launcherARNs are the roles the EBS key policy lets launch instances: the
// service-linked roles of launchers, then Props.EBSKeyUserARNs.
func launcherARNs(env awsenv.Env, props Props) []string {
	var out []string
	for _, l := range launchers(env, props) {
		out = append(out, l.arn)
	}
	return append(out, props.EBSKeyUserARNs...)
}
