package webapp

import (
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/ec2tier"
	"github.com/acme/landing-zone/constructs/efsshare"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/loadbalancer"
	"github.com/acme/landing-zone/constructs/securebucket"
	"github.com/acme/landing-zone/constructs/wafacl"
	"github.com/acme/landing-zone/constructs/webdns"
)

// App is the result of New.
type App struct {
	// URL is the site's address.
	URL string
	// PublicLoadBalancerDNSName and InternalLoadBalancerDNSName are the
	// load balancers' own names.
	PublicLoadBalancerDNSName, InternalLoadBalancerDNSName *string
	// Uploads is the uploads bucket.
	Uploads *securebucket.Bucket
	// NameServers are the zone's name servers when the zone is made here.
	NameServers *[]*string
	// WebACLARN is the regional web ACL.
	WebACLARN *string
}

// wafRedactedHeaders are kept out of the WAF logs: session cookies and
// credentials.
var wafRedactedHeaders = []string{"authorization", "cookie"}

// New validates props and builds the application. Scope deploys to the
// environment's region; USEast1 (or scope, in us-east-1) takes what
// CloudFront and Route 53 health checks need there.
func New(scope constructs.Construct, id string, props Props) (*App, error) {
	if err := props.validate(id); err != nil {
		return nil, err
	}
	fail := func(err error) (*App, error) { return nil, fmt.Errorf("webapp %s: %w", id, err) }
	env, err := awsenv.Of(scope)
	if err != nil {
		return fail(err)
	}
	global := props.USEast1
	if env.Region == "us-east-1" {
		global = scope
	}
	if global == nil {
		return fail(fmt.Errorf("USEast1: the stack is in %s; CloudFront's certificate and web ACL and the health check alarm need a scope in us-east-1", env.Region))
	}
	n := props.Network
	rid := func(s string) string { return id + "-" + s }
	out := &App{URL: "https://" + props.Domain}

	// Logs of the web ACLs: a key CloudWatch Logs may use.
	logKey, err := kmskey.New(scope, rid("logs-key"), kmskey.Props{
		Alias:       props.Name + "/web/logs",
		Description: "Encrypts the web application logs of " + props.Name,
		Statements:  []iampolicy.Statement{kmskey.CloudWatchLogsUse(env)},
		Tags:        props.Tags,
	})
	if err != nil {
		return fail(err)
	}

	zone, err := webdns.NewZone(scope, rid("zone"), props.Zone.zoneProps(props.Tags))
	if err != nil {
		return fail(err)
	}
	out.NameServers = zone.NameServers
	certARN, certReady := jsii.String(props.CertificateARN), cdktf.ITerraformDependable(nil)
	if props.CertificateARN == "" {
		cert, err := webdns.NewCertificate(scope, rid("certificate"), webdns.CertificateProps{
			Zone: zone, DomainName: props.Domain, AlternativeNames: []string{props.InternalDomain}, Tags: props.Tags,
		})
		if err != nil {
			return fail(err)
		}
		certARN, certReady = cert.ARN, cert.Validated
	}

	// ALB access logs: SSE-S3 only, so a bucket of their own.
	albLogs, err := securebucket.New(scope, rid("alb-logs"), securebucket.Props{
		Name:             props.LoadBalancerLogBucketName,
		LoadBalancerLogs: &securebucket.LoadBalancerLogs{Prefix: "alb"},
		AccessLogs:       props.AccessLogs,
		Lifecycle:        &securebucket.Lifecycle{InfrequentAccessDays: 30, GlacierDays: 90, ExpirationDays: 400, NoncurrentExpirationDays: 30, AbortMultipartDays: 7},
		Tags:             props.Tags,
	})
	if err != nil {
		return fail(err)
	}

	appTarget := loadbalancer.Target{Port: AppPort, HealthCheckPath: HealthPath, Type: "instance"}
	if props.AppTier.Kind == AppOnFargate {
		// awsvpc tasks register by address.
		appTarget.Type = "ip"
	}
	public, err := loadbalancer.New(scope, rid("public-lb"), loadbalancer.Props{
		Name: props.Name + "-web", VPCID: n.VPCID, SubnetIDs: n.PublicSubnetIDs, SecurityGroupID: n.Groups.Web,
		CertificateARN: certARN, CertificateReady: certReady,
		Target:    loadbalancer.Target{Port: WebServerPort, HealthCheckPath: HealthPath},
		LogBucket: albLogs.Name, LogPrefix: "alb", LogBucketReady: albLogs.PolicyResource(),
		Production: props.Production, Tags: props.Tags,
	})
	if err != nil {
		return fail(err)
	}
	internal, err := loadbalancer.New(scope, rid("internal-lb"), loadbalancer.Props{
		Name: props.Name + "-app", Internal: true, VPCID: n.VPCID, SubnetIDs: n.PrivateSubnetIDs, SecurityGroupID: n.Groups.AppLoadBalancer,
		CertificateARN: certARN, CertificateReady: certReady,
		Target:    appTarget,
		LogBucket: albLogs.Name, LogPrefix: "alb", LogBucketReady: albLogs.PolicyResource(),
		Production: props.Production, Tags: props.Tags,
	})
	if err != nil {
		return fail(err)
	}
	out.PublicLoadBalancerDNSName, out.InternalLoadBalancerDNSName = public.DNSName, internal.DNSName
	rules := append(wafacl.DefaultRules(), wafacl.SQLiRule)
	for i := range rules {
		if rules[i].ManagedGroup == "AWSManagedRulesCommonRuleSet" {
			// The core rule set's SizeRestrictions_BODY blocks request
			// bodies over 8 KB (WAF Developer Guide, "AWS Managed Rules
			// rule groups list", core rule set), and the app tier takes
			// uploads through this load balancer: counted, not blocked,
			// as AWS advises for applications that accept large bodies.
			rules[i].CountOnly = []string{"SizeRestrictions_BODY"}
		}
	}
	acl, err := wafacl.New(scope, rid("waf"), wafacl.Props{
		Name: props.Name + "-web", Description: "Protects the web application of " + props.Name,
		Scope: wafacl.Regional, Rules: rules, RateLimit: props.WAFRateLimit,
		LogKey: logKey, LogRetentionDays: props.LogRetentionDays, RedactedHeaders: wafRedactedHeaders,
		Protect: []*string{public.ARN}, Tags: props.Tags,
	})
	if err != nil {
		return fail(err)
	}
	out.WebACLARN = acl.ARN

	uploads, err := securebucket.New(scope, rid("uploads"), securebucket.Props{
		Name: props.UploadsBucketName, AccessLogs: props.AccessLogs, Tags: props.Tags,
	})
	if err != nil {
		return fail(err)
	}
	out.Uploads = uploads

	var sessions *SessionsOutput
	if f := props.Parts.Sessions; f != nil {
		if sessions, err = f(scope, rid("sessions"), SessionsInput{
			Name: props.Name + "-sessions", SubnetIDs: n.PrivateSubnetIDs, SecurityGroupID: n.Groups.Cache,
			NodeType: props.Sessions.NodeType, Replicas: props.Sessions.Replicas, MultiAZ: props.Sessions.MultiAZ,
			LogRetentionDays: props.LogRetentionDays, AlarmTopic: props.AlarmTopic, Production: props.Production, Tags: props.Tags,
		}); err != nil {
			return fail(err)
		}
	}

	// The web tier: nginx proxying to the internal load balancer by name.
	if _, err := ec2tier.New(scope, rid("web"), ec2tier.Props{
		Name: props.Name + "-web", InstanceType: props.WebTier.InstanceType, Capacity: props.WebTier.Capacity,
		SubnetIDs: n.PrivateSubnetIDs, SecurityGroupID: n.Groups.WebServers, TargetGroupARNs: []*string{public.TargetGroupARN},
		VolumeKeyARN: props.VolumeKeyARN, ServiceLinkedRoleARN: props.AutoScalingRoleARN, UserData: ec2tier.WebServerUserData(WebServerPort, props.InternalDomain), Tags: props.Tags,
	}); err != nil {
		return fail(err)
	}

	// The shared file system, made before the app tier, which needs its
	// ids; its policy and mount targets follow the app tier's role
	// (efsshare.Prepare and Share.Admit). The app group's egress is
	// restricted (networkhub: endpoints only by default), so it gets NFS
	// to the mount targets explicitly.
	var share *efsshare.Share
	if f := props.Files; f != nil {
		if share, err = efsshare.Prepare(scope, rid("files"), f.shareProps(&props)); err != nil {
			return fail(err)
		}
		if err := share.AllowClientEgress(n.Groups.App); err != nil {
			return fail(err)
		}
	}

	// The app tier: the uploads prefix, the session store and the named
	// secrets, nothing else.
	grants := uploads.WriteStatements(UploadsPrefix)
	if sessions != nil {
		grants = append(grants, sessions.Connect...)
	}
	grants = append(grants, secretStatements(env, props.AppSecrets)...)
	grants = append(grants, props.readStatements()...)
	switch props.AppTier.Kind {
	case AppOnEC2:
		boot := ec2tier.AppBoot{Environment: props.appEnvironment()}
		tp := ec2tier.Props{
			Name: props.Name + "-app", InstanceType: props.AppTier.InstanceType, Capacity: props.AppTier.Capacity,
			SubnetIDs: n.PrivateSubnetIDs, SecurityGroupID: n.Groups.App, TargetGroupARNs: []*string{internal.TargetGroupARN},
			VolumeKeyARN: props.VolumeKeyARN, ServiceLinkedRoleARN: props.AutoScalingRoleARN, Statements: grants, Tags: props.Tags,
		}
		if share != nil {
			// The role first, so that the file-system policy can name it
			// and the instances wait for the policy (through the mount
			// targets, which Admit makes after it).
			role, err := ec2tier.NewRole(scope, rid("app"), tp.Name, grants, props.Tags)
			if err != nil {
				return fail(err)
			}
			if err := share.Admit(role.Role.ARN); err != nil {
				return fail(err)
			}
			tp.Role, tp.Statements, tp.Ready = role, nil, share.Ready()
			boot.Share = &ec2tier.ShareMount{FileSystemID: *share.FileSystemID, AccessPointID: *share.AccessPointID, Path: props.Files.mountPath()}
		}
		if err := boot.Check(); err != nil {
			return fail(err)
		}
		tp.UserData = ec2tier.AppServerUserData(AppPort, boot)
		if _, err := ec2tier.New(scope, rid("app"), tp); err != nil {
			return fail(err)
		}
	case AppOnFargate:
		if f := props.Parts.Fargate; f != nil {
			envVars := map[string]string{"UPLOADS_BUCKET": uploads.Name, "UPLOADS_PREFIX": UploadsPrefix}
			if sessions != nil {
				envVars["SESSIONS_HOST"] = *sessions.PrimaryEndpoint
				envVars["SESSIONS_PORT"] = fmt.Sprint(sessions.Port)
			}
			for k, v := range props.appEnvironment() {
				envVars[k] = v
			}
			in := FargateInput{
				Name: props.Name + "-app", VPCID: n.VPCID, SubnetIDs: n.PrivateSubnetIDs, SecurityGroupID: n.Groups.App,
				TargetGroupARN: internal.TargetGroupARN, LoadBalancerReady: []cdktf.ITerraformDependable{internal.HTTPSListener},
				ContainerPort: AppPort, ImageTag: props.AppTier.ImageTag, CPU: props.AppTier.CPU, MemoryMiB: props.AppTier.MemoryMiB,
				MinTasks: props.AppTier.MinTasks, MaxTasks: props.AppTier.MaxTasks, Environment: envVars,
				HealthCheckPath: HealthPath, LogRetentionDays: props.LogRetentionDays, AlarmTopic: props.AlarmTopic,
				Production: props.Production, Tags: props.Tags,
			}
			if share != nil {
				// The task role first, for the file-system policy, as on EC2.
				role, err := props.Parts.FargateTaskRole(scope, rid("app"), in.Name, props.Tags)
				if err != nil {
					return fail(err)
				}
				if err := share.Admit(role.ARN); err != nil {
					return fail(err)
				}
				in.TaskRole = role
				in.Share = &ShareVolume{FileSystemID: share.FileSystemID, AccessPointID: share.AccessPointID, ContainerPath: props.Files.mountPath(), Ready: share.Ready()}
			}
			svc, err := f(scope, rid("app"), in)
			if err != nil {
				return fail(err)
			}
			if err := svc.TaskRole.AddPolicy("web-app", iampolicy.Document{Statements: grants}); err != nil {
				return fail(err)
			}
		}
	}

	// DNS: the site and the internal load balancer by name.
	for _, a := range []struct {
		id, name string
		lb       *loadbalancer.LoadBalancer
	}{{"public-alias", props.Domain, public}, {"internal-alias", props.InternalDomain, internal}} {
		if err := webdns.NewAlias(scope, rid(a.id), webdns.Alias{
			Zone: zone, Name: a.name, TargetDNSName: a.lb.DNSName, TargetZoneID: a.lb.ZoneID, EvaluateTargetHealth: true,
		}); err != nil {
			return fail(err)
		}
	}
	// The health check requests the deep path, which reaches the app tier:
	// the targets' own /health (and so the aliases' evaluate_target_health)
	// stays green while the internal load balancer or the app tier is down,
	// and Route 53 counts only a 2xx or 3xx answer as healthy (Route 53
	// Developer Guide, "How Amazon Route 53 determines whether a health
	// check is healthy").
	if _, err := webdns.NewHealthCheck(global, rid("health"), webdns.HealthCheckProps{
		Name: props.Name + "-web", FQDN: props.Domain, Path: DeepHealthPath, AlarmTopic: props.GlobalAlarmTopic, Tags: props.Tags,
	}); err != nil {
		return fail(err)
	}

	if f := props.Parts.StaticSite; f != nil {
		if err := staticSite(scope, global, id, props, zone, f); err != nil {
			return fail(err)
		}
	}
	return out, nil
}

// staticSite builds, in us-east-1, the CloudFront certificate and web ACL,
// then the site and its alias.
func staticSite(scope, global constructs.Construct, id string, props Props, zone *webdns.Zone, f func(constructs.Construct, string, StaticSiteInput) (*StaticSiteOutput, error)) error {
	rid := func(s string) string { return id + "-" + s }
	genv, err := awsenv.Of(global)
	if err != nil {
		return err
	}
	cfKey, err := kmskey.New(global, rid("cloudfront-logs-key"), kmskey.Props{
		Alias:       props.Name + "/web/cloudfront-logs",
		Description: "Encrypts the CloudFront web ACL logs of " + props.Name,
		Statements:  []iampolicy.Statement{kmskey.CloudWatchLogsUse(genv)},
		Tags:        props.Tags,
	})
	if err != nil {
		return err
	}
	cfACL, err := wafacl.New(global, rid("cloudfront-waf"), wafacl.Props{
		Name: props.Name + "-static", Description: "Protects the static assets of " + props.Name,
		Scope: wafacl.CloudFront, RateLimit: props.WAFRateLimit,
		LogKey: cfKey, LogRetentionDays: props.LogRetentionDays, RedactedHeaders: wafRedactedHeaders, Tags: props.Tags,
	})
	if err != nil {
		return err
	}
	certARN := jsii.String(props.CloudFrontCertificateARN)
	if props.CloudFrontCertificateARN == "" {
		cert, err := webdns.NewCertificate(global, rid("cloudfront-certificate"), webdns.CertificateProps{
			Zone: zone, DomainName: props.StaticDomain, Tags: props.Tags,
		})
		if err != nil {
			return err
		}
		certARN = cert.ARN
	}
	var logScope constructs.Construct
	if global != scope {
		logScope = global
	}
	site, err := f(scope, rid("static"), StaticSiteInput{
		Name: props.Name + "-static", BucketName: props.StaticBucketName, DomainNames: []string{props.StaticDomain}, CertificateARN: certARN,
		WebACLARN: cfACL.ARN, AccessLogs: props.AccessLogs, LogScope: logScope, Production: props.Production, Tags: props.Tags,
	})
	if err != nil {
		return err
	}
	return webdns.NewAlias(scope, rid("static-alias"), webdns.Alias{
		Zone: zone, Name: props.StaticDomain, TargetDNSName: site.DomainName, TargetZoneID: site.HostedZoneID,
	})
}
