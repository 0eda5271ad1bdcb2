package test

import (
	"testing"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/ec2tier"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/networkhub"
	"github.com/acme/landing-zone/constructs/networkhub/netplan"
	"github.com/acme/landing-zone/constructs/snstopic"
	"github.com/acme/landing-zone/constructs/webapp"
)

// TestWebAppOptions builds the composer outside the example's shape: a
// stack in us-west-2 (CloudFront's pieces and the health check alarm in a
// us-east-1 scope), a zone made in the stack, existing certificates, the
// Fargate app tier, and stand-ins for the session store and static site
// that record what the composer gives them.
func TestWebAppOptions(t *testing.T) {
	const account = "123456789012"
	st := newTestStack(t, account, "us-west-2")
	use1 := constructs.NewConstruct(st, jsii.String("us-east-1"))
	env, err := awsenv.New(account, "us-east-1")
	require.NoError(t, err)
	awsenv.Set(use1, env)

	vpc, groups, ebs := webTestNetwork(t, st, "us-west-2")
	topic := func(scope constructs.Construct, id string) *snstopic.Topic {
		k, err := kmskey.New(scope, id+"-key", kmskey.Props{Alias: "test/" + id})
		require.NoError(t, err)
		tp, err := snstopic.New(scope, id, snstopic.Props{Name: "acme-test-" + id, Key: k, PublishingServices: []string{"cloudwatch"}})
		require.NoError(t, err)
		return tp
	}
	var fargate webapp.FargateInput
	var sessions webapp.SessionsInput
	var site webapp.StaticSiteInput
	const certARN = "arn:aws:acm:us-west-2:123456789012:certificate/0123abcd-0123-4567-89ab-0123456789ab"
	const cfCertARN = "arn:aws:acm:us-east-1:123456789012:certificate/0123abcd-0123-4567-89ab-0123456789ab"
	_, err = webapp.New(st, "web", webapp.Props{
		Name: "acme-test", Domain: "test.acme.example", InternalDomain: "app-internal.test.acme.example", StaticDomain: "static.test.acme.example",
		Zone:           webapp.ZoneRef{Name: "test.acme.example", Create: true},
		CertificateARN: certARN, CloudFrontCertificateARN: cfCertARN,
		Network:      webapp.Network{VPCID: vpc.ID, PublicSubnetIDs: vpc.SubnetIDs(netplan.Public), PrivateSubnetIDs: vpc.SubnetIDs(netplan.Private), Groups: groups},
		WebTier:      webapp.InstanceTier{InstanceType: "t3.small", Capacity: ec2tier.Capacity{Min: 1, Desired: 1, Max: 3}},
		AppTier:      webapp.AppTier{Kind: webapp.AppOnFargate, CPU: 256, MemoryMiB: 512, MinTasks: 2, MaxTasks: 4},
		Sessions:     webapp.Sessions{NodeType: "cache.t4g.micro"},
		WAFRateLimit: 500, VolumeKeyARN: ebs.ARN, UploadsBucketName: "acme-test-uploads-123456789012", LoadBalancerLogBucketName: "acme-test-alb-logs-123456789012", StaticBucketName: "acme-test-static-123456789012",
		LogRetentionDays: 90, AlarmTopic: topic(st, "alarms"), GlobalAlarmTopic: topic(use1, "global-alarms"), USEast1: use1,
		Parts: webapp.Parts{
			Fargate: func(scope constructs.Construct, id string, in webapp.FargateInput) (*webapp.FargateOutput, error) {
				fargate = in
				role, err := iamrole.New(scope, id+"-task", iamrole.Props{Name: "acme-test-task", Trust: iamrole.ServiceTrust("ecs-tasks.amazonaws.com", account)})
				return &webapp.FargateOutput{TaskRole: role}, err
			},
			Sessions: func(scope constructs.Construct, id string, in webapp.SessionsInput) (*webapp.SessionsOutput, error) {
				sessions = in
				return &webapp.SessionsOutput{PrimaryEndpoint: jsii.String("sessions.example"), Port: 6379, Connect: []iampolicy.Statement{{
					Effect: iampolicy.Allow, Actions: []string{"elasticache:Connect"}, Resources: []string{"arn:aws:elasticache:us-west-2:123456789012:user:app"},
				}}}, nil
			},
			StaticSite: func(scope constructs.Construct, id string, in webapp.StaticSiteInput) (*webapp.StaticSiteOutput, error) {
				site = in
				return &webapp.StaticSiteOutput{DomainName: jsii.String("d111111abcdef8.cloudfront.net"), HostedZoneID: jsii.String("Z2FDTNDATAQYW2")}, nil
			},
		},
	})
	require.NoError(t, err)
	s := synthStack(t, st)

	assert.Len(t, s.resources("aws_acm_certificate"), 0, "both certificates exist already")
	assert.Len(t, s.resources("aws_route53_zone"), 1)
	for _, l := range []string{"web-public-lb-https", "web-internal-lb-https"} {
		assert.Equal(t, certARN, s.resources("aws_lb_listener")[l]["certificate_arn"])
	}
	assert.Equal(t, "${aws_route53_zone.web-zone.zone_id}", s.resources("aws_route53_record")["web-public-alias"]["zone_id"])
	assert.Equal(t, "ip", s.resources("aws_lb_target_group")["web-internal-lb-targets"]["target_type"], "Fargate tasks register by address")
	assert.Len(t, s.resources("aws_launch_template"), 1, "the web tier only")

	require.NotNil(t, fargate.TargetGroupARN, "the service registers with the internal load balancer's targets")
	assert.Equal(t, groups.App, fargate.SecurityGroupID)
	assert.Equal(t, 8080, fargate.ContainerPort)
	assert.Equal(t, map[string]string{"UPLOADS_BUCKET": "acme-test-uploads-123456789012", "UPLOADS_PREFIX": "uploads/", "SESSIONS_HOST": "sessions.example", "SESSIONS_PORT": "6379"}, fargate.Environment)
	assert.Len(t, fargate.LoadBalancerReady, 1, "the service waits for the listener")
	assert.Equal(t, groups.Cache, sessions.SecurityGroupID)
	assert.Equal(t, "cache.t4g.micro", sessions.NodeType)
	assert.Equal(t, []string{"static.test.acme.example"}, site.DomainNames)
	assert.Equal(t, cfCertARN, *site.CertificateARN)
	assert.NotNil(t, site.WebACLARN)
	assert.NotNil(t, site.LogScope, "CloudFront's log delivery is configured in us-east-1")
	assert.Equal(t, "d111111abcdef8.cloudfront.net", first(t, s.resources("aws_route53_record")["web-static-alias"], "alias")["name"])

	acls := s.resources("aws_wafv2_web_acl")
	assert.Equal(t, "REGIONAL", acls["web-waf"]["scope"])
	assert.Equal(t, "CLOUDFRONT", acls["us-east-1_web-cloudfront-waf_A90DAF2C"]["scope"], "names: %v", resourceNames(acls))
	policies := s.resources("aws_iam_role_policy")
	var taskPolicy string
	for name, p := range policies {
		if p["name"] == "web-app" {
			taskPolicy = p["policy"].(string)
			_ = name
		}
	}
	assert.Contains(t, taskPolicy, "elasticache:Connect", "the task role may connect to the session store")
	assert.Contains(t, taskPolicy, "arn:aws:s3:::acme-test-uploads-123456789012/uploads/*", "and write under the uploads prefix only")
}

func resourceNames(m map[string]map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// webTestNetwork is what a test web application stands on in region: a
// two-zone VPC with the Session Manager endpoints, the tier security groups
// with web servers, and an EBS key.
func webTestNetwork(t *testing.T, st constructs.Construct, region string) (*networkhub.VPC, *networkhub.TierSecurityGroups, *kmskey.Key) {
	t.Helper()
	vpc, err := networkhub.NewVPC(st, "vpc", networkhub.VPCProps{
		Name: "acme-test", CIDR: "10.40.0.0/16", Zones: zones(t, region, 2), NAT: networkhub.NATSingle,
		InterfaceEndpoints: []netplan.Service{netplan.SSM, netplan.SSMMessages},
	})
	require.NoError(t, err)
	groups, err := networkhub.NewTierSecurityGroups(st, "tiers", networkhub.TierSecurityGroupsProps{
		VPC: vpc, Web: networkhub.WebIngress{FromInternet: true, HTTPRedirect: true}, WebServers: true,
	})
	require.NoError(t, err)
	ebs, err := kmskey.New(st, "ebs", kmskey.Props{Alias: "test/ebs"})
	require.NoError(t, err)
	return vpc, groups, ebs
}
