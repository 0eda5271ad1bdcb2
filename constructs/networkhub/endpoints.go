package networkhub

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securitygroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcendpoint"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcsecuritygroupingressrule"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/networkhub/netplan"
)

// EndpointPolicy restricts what the VPC's endpoints carry. Endpoint policies
// grant nothing; they cap what identity and resource policies can allow
// through the endpoint, which stops stolen or personal credentials from
// moving data out of the VPC to accounts outside the perimeter.
//
// The zero value limits every endpoint to this account's principals and
// resources.
type EndpointPolicy struct {
	// OrganizationID (o-...) widens the perimeter to principals and
	// resources of the whole organization: the usual choice in a landing
	// zone, where workloads read the central log bucket or shared images.
	OrganizationID string
	// AWSOwnedS3Objects are ARNs of further AWS-owned S3 objects that
	// instances may read through the S3 endpoint, in addition to
	// DefaultAWSOwnedS3Objects.
	AWSOwnedS3Objects []string
	// Unrestricted leaves AWS's default full-access policy on every
	// endpoint: any principal, any resource. Only for VPCs whose
	// workloads must reach third-party buckets or APIs through the
	// endpoints.
	Unrestricted bool
}

var orgIDRE = regexp.MustCompile(`^o-[a-z0-9]{10,32}$`)

func (p EndpointPolicy) validate() error {
	if p.OrganizationID != "" && !orgIDRE.MatchString(p.OrganizationID) {
		return fmt.Errorf("OrganizationID %q: not an AWS Organizations id (o- followed by 10-32 lowercase letters or digits)", p.OrganizationID)
	}
	for _, a := range p.AWSOwnedS3Objects {
		if !strings.HasPrefix(a, "arn:") || !strings.Contains(a, ":s3:::") || !strings.Contains(a, "/") {
			return fmt.Errorf("AWSOwnedS3Objects %q: not an S3 object ARN (arn:aws:s3:::bucket/key-or-pattern)", a)
		}
	}
	return nil
}

// DefaultAWSOwnedS3Objects are the AWS-owned objects that instances in the
// region fetch through the S3 endpoint in ordinary operation. The list
// follows the S3 endpoint policy of AWS's data perimeter examples
// (https://github.com/aws-samples/data-perimeter-policy-examples,
// vpc_endpoint_policies/s3_endpoint_policy.json, statement
// AllowRequestsToAWSOwnedResources) for the software these workloads run:
// Linux instances with the SSM Agent, the CloudWatch agent and CodeDeploy,
// and ECR images. Windows, macOS, EMR, MGN/DRS, Elastic Beanstalk and
// SageMaker buckets are left out; add them with
// EndpointPolicy.AWSOwnedS3Objects.
func DefaultAWSOwnedS3Objects(env awsenv.Env) []string {
	r := env.Region
	buckets := []string{
		// ECR image layers.
		"prod-" + r + "-starport-layer-bucket",
		// Amazon Linux package repositories: Amazon Linux 1 and 2
		// (packages, repo, amazonlinux), Amazon Linux 2 (with kernel
		// live patching), Amazon Linux 2023 (repositories and kernel
		// live patching).
		"packages." + r + ".amazonaws.com",
		"repo." + r + ".amazonaws.com",
		"amazonlinux." + r + ".amazonaws.com",
		"amazonlinux-2-repos-" + r,
		"al2023-repos-" + r + "-de612dc2",
		"al2023-" + r,
		// SSM Agent updates, its documents, Distributor packages, patch
		// baselines, and the Session Manager plugin.
		"amazon-ssm-" + r,
		"amazon-ssm-packages-" + r,
		"aws-ssm-" + r,
		r + "-birdwatcher-prod",
		"aws-ssm-distributor-file-" + r,
		"aws-ssm-document-attachments-" + r,
		"patch-baseline-snapshot-" + r,
		"session-manager-downloads",
		// The CloudWatch agent: the regional bucket and the global one
		// its download instructions use.
		"amazoncloudwatch-agent-" + r,
		"amazoncloudwatch-agent",
		// The CodeDeploy agent and its updates.
		"aws-codedeploy-" + r,
	}
	out := make([]string, len(buckets))
	for i, b := range buckets {
		out[i] = fmt.Sprintf("arn:%s:s3:::%s/*", env.Partition, b)
	}
	return out
}

// CloudFormationResponseS3Objects are the AWS-owned objects that instances
// and custom resources write to answer CloudFormation: wait condition
// signals (cfn-signal) and custom resource responses go to presigned S3
// URLs in these buckets ("AWS::CloudFormation::WaitCondition": "Resources
// must send wait condition responses to a presigned Amazon S3 URL"; the
// bucket names are from the data perimeter examples). Without them a stack
// that waits for an instance in a private subnet times out.
func CloudFormationResponseS3Objects(env awsenv.Env) []string {
	r := env.Region
	return []string{
		fmt.Sprintf("arn:%s:s3:::cloudformation-waitcondition-%s/*", env.Partition, r),
		fmt.Sprintf("arn:%s:s3:::cloudformation-custom-resource-response-%s/*", env.Partition, strings.ReplaceAll(r, "-", "")),
	}
}

// endpointPolicy returns the policy document for an endpoint of svc, or
// false when the policy is unrestricted. vpcID may be a token.
func endpointPolicy(p EndpointPolicy, env awsenv.Env, svc netplan.Service, vpcID string) (iampolicy.Document, bool) {
	if p.Unrestricted {
		return iampolicy.Document{}, false
	}
	// A service-wide action is the point here: an endpoint serves one
	// service, and the conditions, not the actions, draw the perimeter.
	actions := []string{svc.IAMPrefix() + ":*"}
	perimeter := []iampolicy.Condition{
		iampolicy.Cond("StringEquals", "aws:PrincipalAccount", env.AccountID),
		iampolicy.Cond("StringEquals", "aws:ResourceAccount", env.AccountID),
	}
	if p.OrganizationID != "" {
		perimeter = []iampolicy.Condition{
			iampolicy.Cond("StringEquals", "aws:PrincipalOrgID", p.OrganizationID),
			iampolicy.Cond("StringEquals", "aws:ResourceOrgID", p.OrganizationID),
		}
	}
	doc := iampolicy.Document{Statements: []iampolicy.Statement{
		{
			Sid:        "OwnPrincipalsToOwnResources",
			Effect:     iampolicy.Allow,
			Principals: []iampolicy.Principal{iampolicy.Anyone()},
			Actions:    actions,
			// Endpoint policies take "*" for all resources of the
			// service; the perimeter conditions narrow it.
			Resources:  []string{"*"},
			Conditions: perimeter,
		},
		{
			// AWS services rarely call through a customer's endpoint, but
			// some do (CloudFormation custom resources); they act on the
			// account's behalf.
			Sid:        "AWSServicePrincipals",
			Effect:     iampolicy.Allow,
			Principals: []iampolicy.Principal{iampolicy.Anyone()},
			Actions:    actions,
			Resources:  []string{"*"},
			Conditions: []iampolicy.Condition{iampolicy.Cond("Bool", "aws:PrincipalIsAWSService", "true")},
		},
	}}
	if svc == netplan.GatewayS3 {
		doc.Add(iampolicy.Statement{
			// Instances fetch these unauthenticated or with presigned URLs
			// of AWS accounts, so no principal condition can match them;
			// the statement is limited to reads of named AWS buckets from
			// this VPC.
			Sid:        "ReadAWSOwnedObjects",
			Effect:     iampolicy.Allow,
			Principals: []iampolicy.Principal{iampolicy.Anyone()},
			Actions:    []string{"s3:GetObject"},
			Resources:  append(DefaultAWSOwnedS3Objects(env), p.AWSOwnedS3Objects...),
			Conditions: []iampolicy.Condition{iampolicy.Cond("StringEquals", "aws:SourceVpc", vpcID)},
		})
		doc.Add(iampolicy.Statement{
			// Presigned URLs of CloudFormation's accounts: PUT only, to
			// its response buckets only.
			Sid:        "AnswerCloudFormation",
			Effect:     iampolicy.Allow,
			Principals: []iampolicy.Principal{iampolicy.Anyone()},
			Actions:    []string{"s3:PutObject"},
			Resources:  CloudFormationResponseS3Objects(env),
			Conditions: []iampolicy.Condition{iampolicy.Cond("StringEquals", "aws:SourceVpc", vpcID)},
		})
	}
	return doc, true
}

// endpoints creates the gateway endpoints, and the interface endpoints with
// their security group.
func (v *VPC) endpoints(props VPCProps, named func(string, ...map[string]string) *map[string]*string) error {
	policy := func(svc netplan.Service) (*string, error) {
		doc, ok := endpointPolicy(props.EndpointPolicy, v.env, svc, *v.ID)
		if !ok {
			return nil, nil
		}
		if err := doc.Validate(); err != nil {
			return nil, fmt.Errorf("networkhub vpc %s: %s endpoint policy: %w", v.id, svc, err)
		}
		return jsii.String(doc.JSON()), nil
	}
	// Gateway endpoints are free and keep S3 and DynamoDB traffic off the
	// NAT gateways (whose data charges they would otherwise pay). The
	// public tier has no workloads that need them.
	routeTables := v.RouteTableIDs(netplan.Private, netplan.Isolated)
	v.GatewayPrefixListIDs = map[netplan.Service]*string{}
	for _, svc := range []netplan.Service{netplan.GatewayS3, netplan.GatewayDynamoDB} {
		pol, err := policy(svc)
		if err != nil {
			return err
		}
		ep := vpcendpoint.NewVpcEndpoint(v.scope, jsii.String(fmt.Sprintf("%s-%s-endpoint", v.id, svc)), &vpcendpoint.VpcEndpointConfig{
			VpcId:           v.ID,
			ServiceName:     jsii.String(svc.EndpointName(v.env.Region)),
			VpcEndpointType: jsii.String("Gateway"),
			RouteTableIds:   &routeTables,
			Policy:          pol,
			Tags:            named(fmt.Sprintf("%s-%s", v.Name, svc)),
		})
		v.GatewayPrefixListIDs[svc] = ep.PrefixListId()
	}
	if len(props.InterfaceEndpoints) == 0 {
		return nil
	}

	sg := securitygroup.NewSecurityGroup(v.scope, jsii.String(v.id+"-endpoints-sg"), &securitygroup.SecurityGroupConfig{
		Name:                jsii.String(v.Name + "-endpoints"),
		Description:         jsii.String("Interface endpoints of " + v.Name + ": HTTPS from the VPC only"),
		VpcId:               v.ID,
		RevokeRulesOnDelete: jsii.Bool(true),
		Tags:                named(v.Name + "-endpoints"),
	})
	v.EndpointSecurityGroupID = sg.Id()
	// No egress rule: endpoints answer connections, they never open any.
	vpcsecuritygroupingressrule.NewVpcSecurityGroupIngressRule(v.scope, jsii.String(v.id+"-endpoints-sg-https"), &vpcsecuritygroupingressrule.VpcSecurityGroupIngressRuleConfig{
		SecurityGroupId: sg.Id(),
		Description:     jsii.String("HTTPS to AWS service endpoints from the VPC"),
		IpProtocol:      jsii.String("tcp"),
		FromPort:        jsii.Number(443),
		ToPort:          jsii.Number(443),
		CidrIpv4:        jsii.String(v.CIDR),
	})
	subnets := v.SubnetIDs(netplan.Private)
	for _, svc := range props.InterfaceEndpoints {
		pol, err := policy(svc)
		if err != nil {
			return err
		}
		rid := strings.ReplaceAll(string(svc), ".", "-")
		vpcendpoint.NewVpcEndpoint(v.scope, jsii.String(fmt.Sprintf("%s-%s-endpoint", v.id, rid)), &vpcendpoint.VpcEndpointConfig{
			VpcId:             v.ID,
			ServiceName:       jsii.String(svc.EndpointName(v.env.Region)),
			VpcEndpointType:   jsii.String("Interface"),
			PrivateDnsEnabled: jsii.Bool(true),
			SubnetIds:         &subnets,
			SecurityGroupIds:  &[]*string{sg.Id()},
			Policy:            pol,
			Tags:              named(fmt.Sprintf("%s-%s", v.Name, rid)),
		})
	}
	return nil
}
