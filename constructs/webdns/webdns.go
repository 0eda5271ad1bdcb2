// Package webdns provides what a public web application needs from Route
// 53 and ACM: the hosted zone (an existing one, or one made here), ACM
// certificates validated through DNS records in it, alias records for load
// balancers and CloudFront distributions, and a Route 53 health check on
// the public endpoint with a CloudWatch alarm.
package webdns

import (
	"fmt"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/acmcertificate"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/acmcertificatevalidation"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchmetricalarm"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/route53healthcheck"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/route53record"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/route53zone"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/dnsname"
	"github.com/acme/landing-zone/constructs/snstopic"
	"github.com/acme/landing-zone/constructs/tags"
)

// Zone is a public hosted zone.
type Zone struct {
	// ID is the zone id (a reference when the zone is made here).
	ID *string
	// Name is the zone's domain.
	Name string
	// NameServers are the zone's name servers when it is made here, for
	// the parent zone's delegation; nil for an existing zone.
	NameServers *[]*string
}

// ZoneProps chooses the zone: ExistingID, or Create.
type ZoneProps struct {
	Name       string
	ExistingID string
	// Create makes the zone here. Its parent must delegate to its name
	// servers before certificates validated in it can be issued.
	Create bool
	Tags   map[string]string
}

// NewZone returns the existing zone, or makes it.
func NewZone(scope constructs.Construct, id string, p ZoneProps) (*Zone, error) {
	if err := dnsname.CheckZoneName(p.Name); err != nil {
		return nil, fmt.Errorf("webdns %s: Name %q: %v", id, p.Name, err)
	}
	if !p.Create {
		// A reference is a zone made elsewhere in the stack.
		if err := dnsname.CheckHostedZoneID(p.ExistingID); err != nil && !dnsname.IsReference(p.ExistingID) {
			return nil, fmt.Errorf("webdns %s: ExistingID %q: %v", id, p.ExistingID, err)
		}
		return &Zone{ID: jsii.String(p.ExistingID), Name: p.Name}, nil
	}
	if p.ExistingID != "" {
		return nil, fmt.Errorf("webdns %s: ExistingID %q: not with Create", id, p.ExistingID)
	}
	z := route53zone.NewRoute53Zone(scope, jsii.String(id), &route53zone.Route53ZoneConfig{
		Name:    jsii.String(p.Name),
		Comment: jsii.String("Managed by the landing zone"),
		Tags:    tags.Ptrs(p.Tags),
	})
	return &Zone{ID: z.ZoneId(), Name: p.Name, NameServers: z.NameServers()}, nil
}

// CertificateProps configures a Certificate.
type CertificateProps struct {
	Zone *Zone
	// DomainName and AlternativeNames must be in the zone.
	DomainName       string
	AlternativeNames []string
	Tags             map[string]string
}

// Certificate is an ACM certificate and its validation.
type Certificate struct {
	ARN *string
	// Validated completes when ACM has issued the certificate: listeners
	// and distributions that use it depend on it.
	Validated cdktf.ITerraformDependable
}

// NewCertificate requests an ACM certificate for the names and validates it
// through DNS records in the zone. The records are made for each entry of
// the certificate's domain_validation_options, keyed by domain name, which
// the provider knows at plan time (Terraform AWS provider docs,
// aws_acm_certificate_validation, "DNS Validation with Route 53"). The
// certificate is made in scope's region: the stack's for load balancers,
// us-east-1 for CloudFront.
func NewCertificate(scope constructs.Construct, id string, p CertificateProps) (*Certificate, error) {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("webdns %s: "+format, append([]any{id}, args...)...)
	}
	if p.Zone == nil {
		return nil, fail("Zone is required")
	}
	for _, n := range append([]string{p.DomainName}, p.AlternativeNames...) {
		if err := dnsname.CheckDomain(n); err != nil {
			return nil, fail("name %q: %v", n, err)
		}
		if !dnsname.InZone(n, p.Zone.Name) {
			return nil, fail("name %q: not in the zone %s, where its validation record goes", n, p.Zone.Name)
		}
	}
	cfg := &acmcertificate.AcmCertificateConfig{
		DomainName:       jsii.String(p.DomainName),
		ValidationMethod: jsii.String("DNS"),
		KeyAlgorithm:     jsii.String("RSA_2048"),
		Tags:             tags.Ptrs(p.Tags),
		// A listener holds the certificate: the replacement must exist
		// before the old one can go.
		Lifecycle: &cdktf.TerraformResourceLifecycle{CreateBeforeDestroy: jsii.Bool(true)},
	}
	if len(p.AlternativeNames) > 0 {
		cfg.SubjectAlternativeNames = jsii.Strings(p.AlternativeNames...)
	}
	cert := acmcertificate.NewAcmCertificate(scope, jsii.String(id), cfg)
	it := cdktf.TerraformIterator_FromComplexList(cert.DomainValidationOptions(), jsii.String("domain_name"))
	records := route53record.NewRoute53Record(scope, jsii.String(id+"-validation"), &route53record.Route53RecordConfig{
		ForEach: it,
		ZoneId:  p.Zone.ID,
		Name:    it.GetString(jsii.String("resource_record_name")),
		Type:    it.GetString(jsii.String("resource_record_type")),
		Records: &[]*string{it.GetString(jsii.String("resource_record_value"))},
		Ttl:     jsii.Number(60),
		// A re-requested certificate for the same names gets the same
		// record: take it over instead of failing.
		AllowOverwrite: jsii.Bool(true),
	})
	v := acmcertificatevalidation.NewAcmCertificateValidation(scope, jsii.String(id+"-validated"), &acmcertificatevalidation.AcmCertificateValidationConfig{
		CertificateArn: cert.Arn(),
		DependsOn:      &[]cdktf.ITerraformDependable{records},
	})
	return &Certificate{ARN: v.CertificateArn(), Validated: v}, nil
}

// Alias is an alias A record for a load balancer or distribution.
type Alias struct {
	Zone *Zone
	Name string
	// TargetDNSName and TargetZoneID are the target's DNS name and hosted
	// zone id (dns_name and zone_id of an aws_lb, domain_name and
	// hosted_zone_id of a distribution).
	TargetDNSName, TargetZoneID *string
	// EvaluateTargetHealth answers only while the target has healthy
	// targets (load balancers); CloudFront takes false.
	EvaluateTargetHealth bool
}

// NewAlias makes the alias record.
func NewAlias(scope constructs.Construct, id string, a Alias) error {
	if a.Zone == nil || a.TargetDNSName == nil || a.TargetZoneID == nil {
		return fmt.Errorf("webdns %s: Zone, TargetDNSName and TargetZoneID are required", id)
	}
	if err := dnsname.CheckDomain(a.Name); err != nil || !dnsname.InZone(a.Name, a.Zone.Name) {
		return fmt.Errorf("webdns %s: Name %q: not a name in the zone %s", id, a.Name, a.Zone.Name)
	}
	route53record.NewRoute53Record(scope, jsii.String(id), &route53record.Route53RecordConfig{
		ZoneId: a.Zone.ID,
		Name:   jsii.String(a.Name),
		Type:   jsii.String("A"),
		Alias: &route53record.Route53RecordAlias{
			Name:                 a.TargetDNSName,
			ZoneId:               a.TargetZoneID,
			EvaluateTargetHealth: jsii.Bool(a.EvaluateTargetHealth),
		},
	})
	return nil
}

// HealthCheckProps configures a HealthCheck.
type HealthCheckProps struct {
	// Name names the health check (its Name tag) and the alarm.
	Name string
	// FQDN is checked over HTTPS (with SNI) on port 443 at Path.
	FQDN string
	Path string
	// AlarmTopic is notified when the endpoint fails and recovers. It must
	// be in us-east-1, like the alarm.
	AlarmTopic *snstopic.Topic
	Tags       map[string]string
}

// HealthCheck is a Route 53 health check and its alarm.
type HealthCheck struct {
	ID        *string
	AlarmName string
}

// NewHealthCheck makes the health check and the alarm on its
// HealthCheckStatus. Route 53 publishes health check metrics in us-east-1
// only (Route 53 Developer Guide, "Monitoring health check status and
// getting notifications"), so scope must deploy to us-east-1.
func NewHealthCheck(scope constructs.Construct, id string, p HealthCheckProps) (*HealthCheck, error) {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("webdns %s: "+format, append([]any{id}, args...)...)
	}
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fail("%v", err)
	}
	switch {
	case env.Region != "us-east-1":
		return nil, fail("the scope deploys to %s: Route 53 health check metrics, and so the alarm, live in us-east-1", env.Region)
	case dnsname.CheckDomain(p.FQDN) != nil:
		return nil, fail("FQDN %q: not a domain name", p.FQDN)
	case p.Path == "" || p.Path[0] != '/':
		return nil, fail("Path %q: must start with /", p.Path)
	case p.AlarmTopic == nil:
		return nil, fail("AlarmTopic is required: a failing endpoint must reach someone")
	case !strings.Contains(p.AlarmTopic.ARN, ":sns:us-east-1:"):
		// CloudWatch notifies topics of the alarm's region only.
		return nil, fail("AlarmTopic %s: must be in us-east-1, like the alarm", p.AlarmTopic.ARN)
	case p.Name == "":
		return nil, fail("Name is required")
	}
	hc := route53healthcheck.NewRoute53HealthCheck(scope, jsii.String(id), &route53healthcheck.Route53HealthCheckConfig{
		Type:             jsii.String("HTTPS"),
		Fqdn:             jsii.String(p.FQDN),
		Port:             jsii.Number(443),
		ResourcePath:     jsii.String(p.Path),
		EnableSni:        jsii.Bool(true),
		RequestInterval:  jsii.Number(30),
		FailureThreshold: jsii.Number(3),
		MeasureLatency:   jsii.Bool(true),
		Tags:             tags.Ptrs(tags.Merge(p.Tags, map[string]string{"Name": p.Name})),
	})
	name := p.Name + "-health"
	actions := &[]*string{p.AlarmTopic.Ref}
	cloudwatchmetricalarm.NewCloudwatchMetricAlarm(scope, jsii.String(id+"-alarm"), &cloudwatchmetricalarm.CloudwatchMetricAlarmConfig{
		AlarmName:          jsii.String(name),
		AlarmDescription:   jsii.String("Route 53 health checkers cannot reach https://" + p.FQDN + p.Path),
		Namespace:          jsii.String("AWS/Route53"),
		MetricName:         jsii.String("HealthCheckStatus"),
		Dimensions:         &map[string]*string{"HealthCheckId": hc.Id()},
		Statistic:          jsii.String("Minimum"),
		Period:             jsii.Number(60),
		EvaluationPeriods:  jsii.Number(2),
		Threshold:          jsii.Number(1),
		ComparisonOperator: jsii.String("LessThanThreshold"),
		// No data means the checkers stopped reporting: as bad as down.
		TreatMissingData: jsii.String("breaching"),
		AlarmActions:     actions,
		OkActions:        actions,
		Tags:             tags.Ptrs(p.Tags),
	})
	return &HealthCheck{ID: hc.Id(), AlarmName: name}, nil
}
