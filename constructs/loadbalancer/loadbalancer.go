// Package loadbalancer provides an Application Load Balancer, internet-facing
// or internal, that speaks HTTPS only: a TLS 1.3 listener, HTTP redirected to
// HTTPS, invalid header fields dropped, the strictest desync mitigation,
// access logs, and deletion protection in production.
package loadbalancer

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/lb"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/lblistener"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/lbtargetgroup"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/tags"
)

// TLSPolicy is the HTTPS listeners' security policy: TLS 1.3 and TLS 1.2
// with forward-secret AEAD ciphers only ("Security policies for your
// Application Load Balancer", ELB User Guide,
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html).
// Without a policy the API uses ELBSecurityPolicy-2016-08, which admits
// TLS 1.0.
const TLSPolicy = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06"

// DesyncMitigation is the strictest desync mitigation mode: requests that
// are not RFC 7230 compliant are refused (ELB User Guide, "Desync
// mitigation mode").
const DesyncMitigation = "strictest"

// Props configures a LoadBalancer.
type Props struct {
	// Name names the load balancer and its target group: at most 32
	// characters of letters, digits and hyphens (the ELB limit).
	Name string
	// Internal makes an internal load balancer, reachable from the VPC
	// only; otherwise it is internet-facing.
	Internal bool
	// VPCID is the VPC of the target group.
	VPCID *string
	// SubnetIDs are the subnets of the load balancer: public subnets for an
	// internet-facing one, private for an internal one; two zones at least.
	SubnetIDs []*string
	// SecurityGroupID is the load balancer's security group.
	SecurityGroupID *string
	// CertificateARN is the HTTPS listener's ACM certificate. Required.
	CertificateARN *string
	// CertificateReady, when set, orders the listener after it (the
	// certificate's validation).
	CertificateReady cdktf.ITerraformDependable
	// Target says what the load balancer forwards to.
	Target Target
	// LogBucket is the access log bucket (securebucket with
	// LoadBalancerLogs) and LogPrefix its prefix. Required: the access
	// logs are the record of who asked for what.
	LogBucket string
	LogPrefix string
	// LogBucketReady orders the load balancer after the bucket policy: ELB
	// checks that it may write when logging is turned on.
	LogBucketReady cdktf.ITerraformDependable
	// Production turns deletion protection on.
	Production bool
	Tags       map[string]string
}

// Target is the load balancer's target group.
type Target struct {
	// Port and Protocol the targets listen on; default 80 and HTTP.
	Port     int
	Protocol string
	// Type is instance (default, for Auto Scaling groups) or ip (Fargate).
	Type string
	// HealthCheckPath is the targets' health check; default /health.
	HealthCheckPath string
}

// LoadBalancer is the result of New.
type LoadBalancer struct {
	// ARN, DNSName and ZoneID are the load balancer's, for alias records.
	ARN, DNSName, ZoneID *string
	// ARNSuffix and TargetGroupARNSuffix are the CloudWatch dimensions.
	ARNSuffix, TargetGroupARNSuffix *string
	// TargetGroupARN is the target group Auto Scaling groups and ECS
	// services register with.
	TargetGroupARN *string
	// HTTPSListener is the listener, for resources that must wait for it
	// (an ECS service attached to the target group).
	HTTPSListener cdktf.ITerraformDependable
}

var nameRE = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9-]{0,30}[A-Za-z0-9])?$`)

func (p *Props) withDefaults() {
	t := &p.Target
	if t.Port == 0 {
		t.Port = 80
	}
	if t.Protocol == "" {
		t.Protocol = "HTTP"
	}
	if t.Type == "" {
		t.Type = "instance"
	}
	if t.HealthCheckPath == "" {
		t.HealthCheckPath = "/health"
	}
}

func (p *Props) validate(id string) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("loadbalancer %s: "+format, append([]any{id}, args...)...)
	}
	switch {
	case !nameRE.MatchString(p.Name) || strings.HasPrefix(p.Name, "internal-"):
		// ELB: at most 32 alphanumeric characters or hyphens, not starting
		// or ending with a hyphen nor starting with internal-.
		return fail("Name %q: 1-32 letters, digits and hyphens, not starting with internal-", p.Name)
	case p.VPCID == nil || p.SecurityGroupID == nil:
		return fail("VPCID and SecurityGroupID are required")
	case len(p.SubnetIDs) < 2:
		return fail("SubnetIDs: an Application Load Balancer needs subnets in two zones at least; %d given", len(p.SubnetIDs))
	case p.CertificateARN == nil:
		return fail("CertificateARN is required: the load balancer speaks HTTPS only")
	case p.LogBucket == "" || p.LogPrefix == "":
		return fail("LogBucket and LogPrefix are required: access logs are on")
	case p.Target.Port < 1 || p.Target.Port > 65535:
		return fail("Target.Port %d: must be 1-65535", p.Target.Port)
	case p.Target.Protocol != "HTTP" && p.Target.Protocol != "HTTPS":
		return fail("Target.Protocol %q: HTTP or HTTPS", p.Target.Protocol)
	case p.Target.Type != "instance" && p.Target.Type != "ip":
		return fail("Target.Type %q: instance or ip", p.Target.Type)
	case !strings.HasPrefix(p.Target.HealthCheckPath, "/"):
		return fail("Target.HealthCheckPath %q: must start with /", p.Target.HealthCheckPath)
	}
	return nil
}

// New validates props and creates the load balancer, its target group, the
// HTTPS listener forwarding to it and, internet-facing only, the HTTP
// listener redirecting to HTTPS.
func New(scope constructs.Construct, id string, props Props) (*LoadBalancer, error) {
	props.withDefaults()
	if err := props.validate(id); err != nil {
		return nil, err
	}
	t := tags.Ptrs(tags.Merge(props.Tags, map[string]string{"Name": props.Name}))
	cfg := &lb.LbConfig{
		Name:             jsii.String(props.Name),
		LoadBalancerType: jsii.String("application"),
		Internal:         jsii.Bool(props.Internal),
		Subnets:          &props.SubnetIDs,
		SecurityGroups:   &[]*string{props.SecurityGroupID},
		// Headers with invalid field names are dropped rather than passed
		// to the targets (request smuggling; Security Hub ELB.4).
		DropInvalidHeaderFields:  jsii.Bool(true),
		DesyncMitigationMode:     jsii.String(DesyncMitigation),
		EnableDeletionProtection: jsii.Bool(props.Production),
		AccessLogs: &lb.LbAccessLogs{
			Bucket:  jsii.String(props.LogBucket),
			Prefix:  jsii.String(props.LogPrefix),
			Enabled: jsii.Bool(true),
		},
		Tags: t,
	}
	if props.LogBucketReady != nil {
		cfg.DependsOn = &[]cdktf.ITerraformDependable{props.LogBucketReady}
	}
	alb := lb.NewLb(scope, jsii.String(id), cfg)
	tg := lbtargetgroup.NewLbTargetGroup(scope, jsii.String(id+"-targets"), &lbtargetgroup.LbTargetGroupConfig{
		Name:       jsii.String(props.Name),
		Port:       jsii.Number(props.Target.Port),
		Protocol:   jsii.String(props.Target.Protocol),
		TargetType: jsii.String(props.Target.Type),
		VpcId:      props.VPCID,
		// Instances get 30 s (not the default 300) to finish requests when
		// they leave: the groups replace instances on every refresh.
		DeregistrationDelay: jsii.String("30"),
		HealthCheck: &lbtargetgroup.LbTargetGroupHealthCheck{
			Enabled:            jsii.Bool(true),
			Path:               jsii.String(props.Target.HealthCheckPath),
			Protocol:           jsii.String(props.Target.Protocol),
			Matcher:            jsii.String("200"),
			Interval:           jsii.Number(15),
			HealthyThreshold:   jsii.Number(2),
			UnhealthyThreshold: jsii.Number(3),
		},
		Tags: t,
	})
	https := &lblistener.LbListenerConfig{
		LoadBalancerArn: alb.Arn(),
		Port:            jsii.Number(443),
		Protocol:        jsii.String("HTTPS"),
		SslPolicy:       jsii.String(TLSPolicy),
		CertificateArn:  props.CertificateARN,
		DefaultAction: []*lblistener.LbListenerDefaultAction{{
			Type:           jsii.String("forward"),
			TargetGroupArn: tg.Arn(),
		}},
		Tags: t,
	}
	if props.CertificateReady != nil {
		https.DependsOn = &[]cdktf.ITerraformDependable{props.CertificateReady}
	}
	listener := lblistener.NewLbListener(scope, jsii.String(id+"-https"), https)
	out := &LoadBalancer{
		ARN: alb.Arn(), DNSName: alb.DnsName(), ZoneID: alb.ZoneId(),
		ARNSuffix: alb.ArnSuffix(), TargetGroupARNSuffix: tg.ArnSuffix(),
		TargetGroupARN: tg.Arn(), HTTPSListener: listener,
	}
	if props.Internal {
		// Clients inside the VPC are configured with https:// URLs.
		return out, nil
	}
	lblistener.NewLbListener(scope, jsii.String(id+"-http"), &lblistener.LbListenerConfig{
		LoadBalancerArn: alb.Arn(),
		Port:            jsii.Number(80),
		Protocol:        jsii.String("HTTP"),
		DefaultAction: []*lblistener.LbListenerDefaultAction{{
			Type: jsii.String("redirect"),
			Redirect: &lblistener.LbListenerDefaultActionRedirect{
				Protocol:   jsii.String("HTTPS"),
				Port:       jsii.String("443"),
				StatusCode: jsii.String("HTTP_301"),
			},
		}},
		Tags: t,
	})
	return out, nil
}
