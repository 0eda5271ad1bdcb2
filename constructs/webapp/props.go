// Package webapp composes the architecture guide's three-tier web
// application (pattern 7.1): Route 53 -> internet-facing ALB with a
// regional WAF -> web tier on EC2 -> internal ALB -> app tier (EC2 or
// Fargate) -> Valkey sessions and the database; the app tier writes user
// uploads to a SecureBucket; static assets are served by CloudFront from a
// SecureBucket with a CLOUDFRONT-scope WAF and a certificate in us-east-1;
// a Route 53 health check watches the public endpoint end to end
// (DeepHealthPath, through the web tier to the app tier). With Files the
// app tier mounts a shared EFS file system; with AppSecrets it may read the
// named Secrets Manager secrets.
//
// It is built from typed Props, not from the organization model: the
// stacks map an environment's web block onto Props. The Fargate app tier,
// the session store and the static site are built by the functions in
// Parts, so that this package does not depend on their constructs.
package webapp

import (
	"fmt"
	"regexp"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/dnsname"
	"github.com/acme/landing-zone/constructs/ec2tier"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/loggroup"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/networkhub"
	"github.com/acme/landing-zone/constructs/securebucket"
	"github.com/acme/landing-zone/constructs/snstopic"
	"github.com/acme/landing-zone/constructs/webdns"
)

// App tier kinds.
const (
	AppOnEC2     = "ec2"
	AppOnFargate = "fargate"
)

// Ports of the tiers: the web servers listen on WebServerPort behind the
// public load balancer, the app tier on AppPort behind the internal one.
const (
	WebServerPort = 80
	AppPort       = 8080
	// HealthPath is every tier's own health check path, checked by its
	// load balancer's target group: a web server answers it itself, so an
	// app outage does not make the public target group replace the web
	// servers.
	HealthPath = ec2tier.HealthPath
	// DeepHealthPath is the path the Route 53 health check requests on the
	// public endpoint: the web servers proxy it to the app tier's
	// HealthPath through the internal load balancer, so the check fails
	// when the app tier or the internal load balancer is down.
	DeepHealthPath = ec2tier.AppHealthPath
	// UploadsPrefix is where the app tier may write in the uploads bucket.
	UploadsPrefix = "uploads/"
)

// Props configures an App.
type Props struct {
	// Name prefixes every name, such as acme-prod: at most 20 characters,
	// so that load balancer names (32) fit.
	Name string
	// Domain is the site's name; the internal load balancer is named
	// InternalDomain and the static assets StaticDomain, all in Zone.
	Domain, InternalDomain, StaticDomain string
	Zone                                 ZoneRef
	// CertificateARN is an existing certificate for Domain and
	// InternalDomain in the stack's region; empty requests one validated
	// in Zone.
	CertificateARN string
	// CloudFrontCertificateARN is an existing us-east-1 certificate for
	// StaticDomain; empty requests one there.
	CloudFrontCertificateARN string
	// Network is where the tiers go.
	Network Network
	// WebTier sizes the web servers.
	WebTier InstanceTier
	// AppTier chooses and sizes the app tier.
	AppTier AppTier
	// Sessions sizes the session store.
	Sessions Sessions
	// WAFRateLimit is the requests per IP per five minutes before the web
	// ACLs block.
	WAFRateLimit int
	// VolumeKeyARN encrypts the instances' root volumes: the account's EBS
	// key.
	VolumeKeyARN *string
	// AutoScalingRoleARN is the Auto Scaling service-linked role, as the
	// account baseline gives it (ec2tier.Props.ServiceLinkedRoleARN).
	AutoScalingRoleARN string
	// UploadsBucketName, LoadBalancerLogBucketName and StaticBucketName
	// name the buckets (the static site's is its origin; no dots, which
	// CloudFront's S3 origin over TLS would not match).
	UploadsBucketName, LoadBalancerLogBucketName, StaticBucketName string
	// AccessLogs is where the buckets' server access logs go.
	AccessLogs securebucket.AccessLogs
	// LogRetentionDays keeps the WAF and tier logs.
	LogRetentionDays int
	// AlarmTopic receives the tiers' alarms; GlobalAlarmTopic is a topic
	// in us-east-1 for the health check alarm (the same topic when the
	// stack is in us-east-1).
	AlarmTopic, GlobalAlarmTopic *snstopic.Topic
	// USEast1 is a scope that deploys to us-east-1 (the stacks' regional
	// scope); nil when scope itself is in us-east-1.
	USEast1 constructs.Construct
	// Parts build the Fargate app tier, the session store and the static
	// site; a nil part is left out.
	Parts Parts
	// Files mounts a shared file system (EFS) on the app tier, EC2 or
	// Fargate; nil: none.
	Files *Files
	// AppSecrets are the Secrets Manager secrets the app tier may read.
	AppSecrets []SecretRef
	// ReadBuckets are further buckets the app tier may read (such as the
	// image pipeline's processed images), each named to the app by the
	// environment variable Env.
	ReadBuckets []BucketRead
	// Production turns on deletion protection and production floors.
	Production bool
	Tags       map[string]string
}

// ZoneRef is the hosted zone: an existing one (ID) or one to make
// (Create).
type ZoneRef struct {
	Name   string
	ID     string
	Create bool
}

// Network is the VPC and the tiers' security groups (networkhub's, with
// WebServers).
type Network struct {
	VPCID                             *string
	PublicSubnetIDs, PrivateSubnetIDs []*string
	Groups                            *networkhub.TierSecurityGroups
}

// InstanceTier is an EC2 tier's type and capacity.
type InstanceTier struct {
	InstanceType string
	Capacity     ec2tier.Capacity
}

// AppTier is the application tier.
type AppTier struct {
	// Kind is AppOnEC2 or AppOnFargate.
	Kind string
	// InstanceTier sizes AppOnEC2.
	InstanceTier
	// CPU, MemoryMiB, MinTasks and MaxTasks size AppOnFargate.
	CPU, MemoryMiB, MinTasks, MaxTasks int
	// ImageTag is AppOnFargate's image tag in its repository; empty
	// means fargateservice.DefaultImageTag.
	ImageTag string
}

// Sessions sizes the session store.
type Sessions struct {
	NodeType string
	Replicas int
	MultiAZ  bool
}

// Parts build the pieces made by their own constructs (fargateservice,
// sessionstore, staticsite); the stacks give adapters over them.
type Parts struct {
	Fargate func(scope constructs.Construct, id string, in FargateInput) (*FargateOutput, error)
	// FargateTaskRole makes the Fargate app tier's task role before the
	// service (fargateservice.NewTaskRole), which Files needs: the
	// file-system policy names the role. The role goes back in
	// FargateInput.TaskRole.
	FargateTaskRole func(scope constructs.Construct, id, name string, tags map[string]string) (*iamrole.Role, error)
	Sessions        func(scope constructs.Construct, id string, in SessionsInput) (*SessionsOutput, error)
	StaticSite      func(scope constructs.Construct, id string, in StaticSiteInput) (*StaticSiteOutput, error)
}

// FargateInput is what the Fargate app tier gets (fargateservice.Props).
type FargateInput struct {
	Name              string
	VPCID             *string
	SubnetIDs         []*string
	SecurityGroupID   *string
	TargetGroupARN    *string
	LoadBalancerReady []cdktf.ITerraformDependable
	ContainerPort     int
	ImageTag          string
	CPU, MemoryMiB    int
	MinTasks          int
	MaxTasks          int
	Environment       map[string]string
	// Share is the shared file system to mount (fargateservice.Props.Share);
	// nil: none.
	Share *ShareVolume
	// TaskRole is the task role made first by Parts.FargateTaskRole
	// (fargateservice.Props.TaskRole); nil: the service makes it.
	TaskRole         *iamrole.Role
	HealthCheckPath  string
	LogRetentionDays int
	AlarmTopic       *snstopic.Topic
	Production       bool
	Tags             map[string]string
}

// ShareVolume is an EFS access point for the Fargate app tier
// (fargateservice.EFSVolume).
type ShareVolume struct {
	FileSystemID, AccessPointID *string
	ContainerPath               string
	// Ready are the mount targets, which the service waits for.
	Ready []cdktf.ITerraformDependable
}

// FargateOutput is what the composer needs back: the task role, to grant
// it the uploads prefix and the session store.
type FargateOutput struct {
	TaskRole *iamrole.Role
}

// SessionsInput is what the session store gets (sessionstore.Props).
type SessionsInput struct {
	Name             string
	SubnetIDs        []*string
	SecurityGroupID  *string
	NodeType         string
	Replicas         int
	MultiAZ          bool
	LogRetentionDays int
	AlarmTopic       *snstopic.Topic
	Production       bool
	Tags             map[string]string
}

// SessionsOutput is the store's endpoint and the statements that let the
// app tier connect.
type SessionsOutput struct {
	PrimaryEndpoint *string
	Port            int
	Connect         []iampolicy.Statement
}

// StaticSiteInput is what the static site gets (staticsite.Props).
type StaticSiteInput struct {
	Name           string
	BucketName     string
	DomainNames    []string
	CertificateARN *string
	WebACLARN      *string
	AccessLogs     securebucket.AccessLogs
	// LogScope deploys to us-east-1 (nil when the site's scope does).
	LogScope   constructs.Construct
	Production bool
	Tags       map[string]string
}

// StaticSiteOutput is what the alias record points at.
type StaticSiteOutput struct {
	DomainName, HostedZoneID *string
}

var nameRE = regexp.MustCompile(`^[a-z][a-z0-9-]{0,19}$`)

func (p *Props) validate(id string) error {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("webapp %s: "+format, append([]any{id}, args...)...)
	}
	if !nameRE.MatchString(p.Name) {
		return fail("Name %q: 1-20 lowercase letters, digits and hyphens, starting with a letter", p.Name)
	}
	if err := dnsname.CheckZoneName(p.Zone.Name); err != nil {
		return fail("Zone.Name %q: %v", p.Zone.Name, err)
	}
	for field, d := range map[string]string{"Domain": p.Domain, "InternalDomain": p.InternalDomain, "StaticDomain": p.StaticDomain} {
		if err := dnsname.CheckDomain(d); err != nil {
			return fail("%s %q: %v", field, d, err)
		}
		if !dnsname.InZone(d, p.Zone.Name) {
			return fail("%s %q: not in the zone %s", field, d, p.Zone.Name)
		}
	}
	n := p.Network
	switch {
	case n.VPCID == nil || n.Groups == nil || n.Groups.WebServers == nil || n.Groups.AppLoadBalancer == nil:
		return fail("Network: VPCID and the tier groups with WebServers (networkhub TierSecurityGroupsProps.WebServers) are required")
	case len(n.PublicSubnetIDs) < 2 || len(n.PrivateSubnetIDs) < 2:
		return fail("Network: load balancers need public and private subnets in two zones at least")
	case p.VolumeKeyARN == nil:
		return fail("VolumeKeyARN is required: root volumes are encrypted under the account's EBS key")
	case p.AlarmTopic == nil || p.GlobalAlarmTopic == nil:
		return fail("AlarmTopic and GlobalAlarmTopic are required")
	}
	if err := ec2tier.CheckInstanceType(p.WebTier.InstanceType); err != nil {
		return fail("WebTier.InstanceType %q: %v", p.WebTier.InstanceType, err)
	}
	if err := p.WebTier.Capacity.Check(); err != nil {
		return fail("WebTier.Capacity: %v", err)
	}
	switch p.AppTier.Kind {
	case AppOnEC2:
		if err := ec2tier.CheckInstanceType(p.AppTier.InstanceType); err != nil {
			return fail("AppTier.InstanceType %q: %v", p.AppTier.InstanceType, err)
		}
		if err := p.AppTier.Capacity.Check(); err != nil {
			return fail("AppTier.Capacity: %v", err)
		}
	case AppOnFargate:
	default:
		return fail("AppTier.Kind %q: %s or %s", p.AppTier.Kind, AppOnEC2, AppOnFargate)
	}
	if p.Production && (p.WebTier.Capacity.Min < 2 || (p.AppTier.Kind == AppOnEC2 && p.AppTier.Capacity.Min < 2)) {
		return fail("production runs at least two instances per tier, in two zones")
	}
	if err := loggroup.CheckRetention(p.LogRetentionDays); err != nil {
		return fail("LogRetentionDays %v", err)
	}
	if err := p.validateFilesAndSecrets(id); err != nil {
		return err
	}
	for _, f := range []struct{ field, name string }{
		{"UploadsBucketName", p.UploadsBucketName}, {"LoadBalancerLogBucketName", p.LoadBalancerLogBucketName}, {"StaticBucketName", p.StaticBucketName},
	} {
		field, b := f.field, f.name
		if err := naming.CheckBucket(b); err != nil {
			return fail("%s %q: %v", field, b, err)
		}
	}
	return nil
}

// zoneProps converts the zone reference.
func (z ZoneRef) zoneProps(tags map[string]string) webdns.ZoneProps {
	return webdns.ZoneProps{Name: z.Name, ExistingID: z.ID, Create: z.Create, Tags: tags}
}
