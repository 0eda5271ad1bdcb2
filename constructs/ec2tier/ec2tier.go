// Package ec2tier provides a tier of EC2 instances behind a load balancer:
// a launch template that is locked down (IMDSv2 only with hop limit 1, an
// encrypted gp3 root volume under the given customer-managed key, no
// public address, no SSH key, detailed monitoring, the current Amazon
// Linux 2023 resolved at launch from its public SSM parameter) and an Auto
// Scaling group across the private subnets with ELB health checks, CPU
// target tracking and instance refresh. The instances' role may use
// Session Manager and whatever Statements grant, nothing else.
package ec2tier

import (
	"encoding/base64"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/autoscalinggroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/autoscalingpolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/launchtemplate"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/iamfoundation"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/tags"
)

// AL2023Parameter is the public SSM parameter holding the current Amazon
// Linux 2023 AMI for x86_64 (Amazon Linux 2023 User Guide, "Launching AL2023
// using the SSM parameter and AWS CLI").
const AL2023Parameter = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"

// ImageID is the launch template's image: "resolve:ssm:" makes EC2 read
// the parameter at every launch (EC2 User Guide, "Use a Systems Manager
// parameter instead of an AMI ID" in launch templates), so Terraform never
// reads it at plan time, and the template keeps the reference as written:
// the next plan sees no change when AWS publishes a new AMI. New instances
// (scale-out, instance refresh) get the newest AMI.
const ImageID = "resolve:ssm:" + AL2023Parameter

// TargetCPUPercent is the average CPU the groups track (the guide's 70%).
const TargetCPUPercent = 70

// Props configures a Tier.
type Props struct {
	// Name names the launch template, group and role: lowercase letters,
	// digits and hyphens, at most 55 characters (so that the role's
	// name fits IAM's 64).
	Name string
	// InstanceType is checked by CheckInstanceType.
	InstanceType string
	// Capacity sizes the group. Desired is the initial size: target
	// tracking changes it afterwards, and Terraform leaves it alone.
	Capacity Capacity
	// SubnetIDs are the private subnets the instances go to.
	SubnetIDs []*string
	// SecurityGroupID is the instances' group.
	SecurityGroupID *string
	// TargetGroupARNs are the load balancer target groups the instances
	// register with; the group uses their health checks.
	TargetGroupARNs []*string
	// VolumeKeyARN encrypts the root volume: the account's EBS key, whose
	// policy admits the Auto Scaling service-linked role.
	VolumeKeyARN *string
	// ServiceLinkedRoleARN is the Auto Scaling service-linked role the
	// group launches with: pass the account baseline's reference
	// (accountbaseline.Baseline.AutoScalingRole) so that the group is made
	// after the role, whose policy grant on VolumeKeyARN it needs. Empty:
	// AWS's default role of that name.
	ServiceLinkedRoleARN string
	// VolumeSizeGiB is the root volume's size; default 20.
	VolumeSizeGiB int
	// UserData is the boot script (plain text; encoded here). It may hold
	// Terraform references (tokens, such as a file system's id): then
	// Terraform encodes it at apply (base64encode), and each reference
	// counts as ReferenceBytes towards EC2's 16 KB.
	UserData string
	// Statements are the instances' permissions beyond Session Manager.
	Statements []iampolicy.Statement
	// Role is an instance role made beforehand with
	// iamfoundation.NewServiceRole, for when a resource made before the
	// instances must name it (a file-system policy that admits it); nil
	// makes one from Statements. With Role, Statements must be empty:
	// grant through the role.
	Role *iamfoundation.ServiceRole
	// Ready are resources the instances need when they boot (the mount
	// targets of a file system they mount): the Auto Scaling group waits
	// for them.
	Ready []cdktf.ITerraformDependable
	Tags  map[string]string
}

// ReferenceBytes is what a Terraform reference in UserData counts for
// against EC2's 16 KB: more than any id or ARN it stands for here (EFS ids
// are 20-22 characters; a Secrets Manager secret's ARN, with a name of at
// most 512 characters, is at most about 600).
const ReferenceBytes = 1024

// tokenRE finds CDKTF string tokens, which Terraform replaces at apply.
var tokenRE = regexp.MustCompile(`\$\{TfToken\[[^\]]*\]\}`)

// isToken reports whether s holds a CDKTF string token, in plain Go.
func isToken(s string) bool { return strings.Contains(s, "${TfToken[") }

// userDataBytes is the user data's size with each reference counted as
// ReferenceBytes, and the number of references.
func userDataBytes(s string) (size, refs int) {
	size = len(s)
	for _, m := range tokenRE.FindAllString(s, -1) {
		size += ReferenceBytes - len(m)
		refs++
	}
	return size, refs
}

// terraformString escapes a string for a quoted Terraform string, which is
// how CDKTF passes a function's argument (it escapes newlines and "${"
// itself, and refuses an unescaped double quote): backslashes, double
// quotes and "%{" (a template directive). Tokens hold none of them.
func terraformString(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "%{", "%%{").Replace(s)
}

// Tier is the result of New.
type Tier struct {
	// GroupName is the Auto Scaling group's name.
	GroupName string
	// Role is the instances' role, for grants made later.
	Role *iamfoundation.ServiceRole
	// LaunchTemplateID is the template's id.
	LaunchTemplateID *string
}

var nameRE = regexp.MustCompile(`^[a-z][a-z0-9-]{0,54}$`)

func (p *Props) validate(id string) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("ec2tier %s: "+format, append([]any{id}, args...)...)
	}
	if !nameRE.MatchString(p.Name) {
		return fail("Name %q: 1-55 lowercase letters, digits and hyphens, starting with a letter", p.Name)
	}
	if err := CheckInstanceType(p.InstanceType); err != nil {
		return fail("InstanceType %q: %v", p.InstanceType, err)
	}
	if err := p.Capacity.Check(); err != nil {
		return fail("Capacity: %v", err)
	}
	switch {
	case len(p.SubnetIDs) == 0:
		return fail("SubnetIDs: at least one private subnet")
	case p.SecurityGroupID == nil:
		return fail("SecurityGroupID is required")
	case p.VolumeKeyARN == nil:
		return fail("VolumeKeyARN is required: the root volume is encrypted under a customer-managed key")
	case len(p.TargetGroupARNs) == 0:
		return fail("TargetGroupARNs: the group's health checks are the load balancer's")
	case p.VolumeSizeGiB != 0 && (p.VolumeSizeGiB < 8 || p.VolumeSizeGiB > 16384):
		// The AL2023 AMI's snapshot is 8 GiB; gp3 goes to 16 TiB.
		return fail("VolumeSizeGiB %d: must be 8-16384", p.VolumeSizeGiB)
	case p.UserData == "":
		return fail("UserData is required: instances configure themselves at boot")
	case p.Role != nil && len(p.Statements) > 0:
		return fail("Statements: grant them through the Role made beforehand (iamfoundation.NewServiceRole), not here")
	case slices.Contains(p.Ready, nil):
		return fail("Ready: an entry is nil")
	}
	// EC2 user data is limited to 16 KB before encoding (EC2 User Guide,
	// "Run commands when you launch an EC2 instance with user data input").
	if size, refs := userDataBytes(p.UserData); size > 16*1024 {
		if refs > 0 {
			return fail("UserData: %d bytes with its %d references counted as %d bytes each; EC2 takes at most 16 KB", size, refs, ReferenceBytes)
		}
		return fail("UserData: %d bytes; EC2 takes at most 16 KB", size)
	}
	return nil
}

// NewRole makes the instance role New makes for a tier called name (its
// Props.Name) with id: for callers that need the role before the tier
// (Props.Role).
func NewRole(scope constructs.Construct, id, name string, statements []iampolicy.Statement, tags map[string]string) (*iamfoundation.ServiceRole, error) {
	role, err := iamfoundation.NewServiceRole(scope, id+"-role", iamfoundation.ServiceRoleProps{
		Name:        name,
		Description: "Instances of " + name + ": Session Manager and their own grants",
		Statements:  statements,
		Tags:        tags,
	})
	if err != nil {
		return nil, fmt.Errorf("ec2tier %s: %w", id, err)
	}
	return role, nil
}

// New validates props and creates the role, the launch template, the Auto
// Scaling group and its CPU target tracking policy.
func New(scope constructs.Construct, id string, props Props) (*Tier, error) {
	if props.VolumeSizeGiB == 0 {
		props.VolumeSizeGiB = 20
	}
	if err := props.validate(id); err != nil {
		return nil, err
	}
	role := props.Role
	if role == nil {
		var err error
		if role, err = NewRole(scope, id, props.Name, props.Statements, props.Tags); err != nil {
			return nil, err
		}
	}
	userData := jsii.String(base64.StdEncoding.EncodeToString([]byte(props.UserData)))
	if isToken(props.UserData) {
		// Encoding in Go would encode the token placeholders: Terraform
		// encodes the text once the references are known.
		userData = cdktf.Fn_Base64encode(jsii.String(terraformString(props.UserData)))
	}
	lt := launchtemplate.NewLaunchTemplate(scope, jsii.String(id+"-template"), &launchtemplate.LaunchTemplateConfig{
		Name:                 jsii.String(props.Name),
		Description:          jsii.String("Instances of " + props.Name),
		ImageId:              jsii.String(ImageID),
		InstanceType:         jsii.String(props.InstanceType),
		UpdateDefaultVersion: jsii.Bool(true),
		// No KeyName: people reach the instances through Session Manager.
		IamInstanceProfile: &launchtemplate.LaunchTemplateIamInstanceProfile{Arn: role.InstanceProfileRef},
		MetadataOptions: &launchtemplate.LaunchTemplateMetadataOptions{
			HttpEndpoint: jsii.String("enabled"),
			HttpTokens:   jsii.String("required"),
			// 1: a container or proxy on the instance cannot relay
			// metadata requests (EC2 User Guide, "Configure the instance
			// metadata options", hop limit).
			HttpPutResponseHopLimit: jsii.Number(1),
			InstanceMetadataTags:    jsii.String("disabled"),
		},
		Monitoring: &launchtemplate.LaunchTemplateMonitoring{Enabled: jsii.Bool(true)},
		BlockDeviceMappings: []*launchtemplate.LaunchTemplateBlockDeviceMappings{{
			// AL2023's root device.
			DeviceName: jsii.String("/dev/xvda"),
			Ebs: &launchtemplate.LaunchTemplateBlockDeviceMappingsEbs{
				VolumeType:          jsii.String("gp3"),
				VolumeSize:          jsii.Number(props.VolumeSizeGiB),
				Encrypted:           jsii.String("true"),
				KmsKeyId:            props.VolumeKeyARN,
				DeleteOnTermination: jsii.String("true"),
			},
		}},
		// The group's instances take their group from the interface; the
		// template then must not name vpc_security_group_ids too.
		NetworkInterfaces: []*launchtemplate.LaunchTemplateNetworkInterfaces{{
			DeviceIndex:              jsii.Number(0),
			AssociatePublicIpAddress: jsii.String("false"),
			SecurityGroups:           &[]*string{props.SecurityGroupID},
			DeleteOnTermination:      jsii.String("true"),
		}},
		UserData: userData,
		Tags:     tags.Ptrs(props.Tags),
	})
	groupTags := []*autoscalinggroup.AutoscalingGroupTag{{
		Key: jsii.String("Name"), Value: jsii.String(props.Name), PropagateAtLaunch: jsii.Bool(true),
	}}
	// Sorted, so that every synth writes the same list.
	for _, k := range slices.Sorted(maps.Keys(props.Tags)) {
		groupTags = append(groupTags, &autoscalinggroup.AutoscalingGroupTag{Key: jsii.String(k), Value: jsii.String(props.Tags[k]), PropagateAtLaunch: jsii.Bool(true)})
	}
	groupCfg := &autoscalinggroup.AutoscalingGroupConfig{
		Name:              jsii.String(props.Name),
		MinSize:           jsii.Number(props.Capacity.Min),
		MaxSize:           jsii.Number(props.Capacity.Max),
		DesiredCapacity:   jsii.Number(props.Capacity.Desired),
		VpcZoneIdentifier: &props.SubnetIDs,
		TargetGroupArns:   &props.TargetGroupARNs,
		// Unhealthy in the load balancer's eyes means replaced.
		HealthCheckType:        jsii.String("ELB"),
		HealthCheckGracePeriod: jsii.Number(300),
		DefaultInstanceWarmup:  jsii.Number(300),
		LaunchTemplate: &autoscalinggroup.AutoscalingGroupLaunchTemplate{
			Id: lt.Id(),
			// The template's version number, so that a changed template
			// changes the group and starts an instance refresh.
			Version: cdktf.Token_AsString(lt.LatestVersion(), nil),
		},
		InstanceRefresh: &autoscalinggroup.AutoscalingGroupInstanceRefresh{
			Strategy: jsii.String("Rolling"),
			Preferences: &autoscalinggroup.AutoscalingGroupInstanceRefreshPreferences{
				// Launch before terminating: capacity never drops. No
				// auto rollback: Auto Scaling refuses it for a template
				// whose ImageId is an SSM parameter (Amazon EC2 Auto
				// Scaling API Reference, RollbackInstanceRefresh and
				// RefreshPreferences.AutoRollback); a failed refresh
				// stops, leaving the healthy instances in place.
				MinHealthyPercentage: jsii.Number(100),
				MaxHealthyPercentage: jsii.Number(200),
			},
		},
		EnabledMetrics: jsii.Strings("GroupMinSize", "GroupMaxSize", "GroupDesiredCapacity", "GroupInServiceInstances",
			"GroupPendingInstances", "GroupTerminatingInstances", "GroupTotalInstances"),
		Tag: groupTags,
		// Target tracking owns the desired capacity after the first apply.
		Lifecycle: &cdktf.TerraformResourceLifecycle{IgnoreChanges: jsii.Strings("desired_capacity")},
	}
	if props.ServiceLinkedRoleARN != "" {
		groupCfg.ServiceLinkedRoleArn = jsii.String(props.ServiceLinkedRoleARN)
	}
	if len(props.Ready) > 0 {
		groupCfg.DependsOn = &props.Ready
	}
	group := autoscalinggroup.NewAutoscalingGroup(scope, jsii.String(id+"-group"), groupCfg)
	autoscalingpolicy.NewAutoscalingPolicy(scope, jsii.String(id+"-cpu"), &autoscalingpolicy.AutoscalingPolicyConfig{
		Name:                 jsii.String(props.Name + "-cpu"),
		AutoscalingGroupName: group.Name(),
		PolicyType:           jsii.String("TargetTrackingScaling"),
		TargetTrackingConfiguration: &autoscalingpolicy.AutoscalingPolicyTargetTrackingConfiguration{
			TargetValue: jsii.Number(TargetCPUPercent),
			PredefinedMetricSpecification: &autoscalingpolicy.AutoscalingPolicyTargetTrackingConfigurationPredefinedMetricSpecification{
				PredefinedMetricType: jsii.String("ASGAverageCPUUtilization"),
			},
		},
	})
	return &Tier{GroupName: props.Name, Role: role, LaunchTemplateID: lt.Id()}, nil
}
