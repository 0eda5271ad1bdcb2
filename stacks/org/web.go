package org

import (
	"fmt"
	"regexp"
	"slices"

	"github.com/acme/landing-zone/constructs/dnsname"
	"github.com/acme/landing-zone/constructs/ec2tier/tierspec"
	"github.com/acme/landing-zone/constructs/fargateservice/taskspec"
)

// Web is an environment's three-tier web application (the architecture
// guide's pattern 7.1): an internet-facing load balancer with a WAF in
// front of a web tier on EC2, an internal load balancer in front of the
// app tier (EC2 or Fargate), a Valkey session store, an uploads bucket and
// a CloudFront distribution for static assets, named in the environment's
// hosted zone. It needs the environment's dns block.
type Web struct {
	// Domain is the site's name, in the dns zone (the zone's own name or a
	// name below it). The stack also names static.<domain> (the CloudFront
	// distribution) and app-internal.<domain> (the internal load balancer,
	// which resolves to private addresses only).
	Domain string `yaml:"domain"`
	// CertificateARN is an existing ACM certificate in the environment's
	// region and account for the load balancers, covering <domain> and
	// app-internal.<domain>. Empty: the stack requests one, validated
	// through DNS records in the zone.
	CertificateARN string `yaml:"certificate_arn,omitempty"`
	// CloudFrontCertificateARN is an existing ACM certificate in us-east-1
	// (CloudFront takes certificates from there only) covering
	// static.<domain>. Empty: the stack requests one in us-east-1.
	CloudFrontCertificateARN string `yaml:"cloudfront_certificate_arn,omitempty"`
	// WebTier sizes the web servers.
	WebTier InstanceTier `yaml:"web_tier,omitempty"`
	// AppTier sizes the application servers.
	AppTier AppTier `yaml:"app_tier,omitempty"`
	// Sessions sizes the session store.
	Sessions Sessions `yaml:"sessions,omitempty"`
	// WAFRateLimit is the requests one IP may make in five minutes before
	// the web ACLs block it; default 2000.
	WAFRateLimit int `yaml:"waf_rate_limit,omitempty"`
}

// InstanceTier is an EC2 Auto Scaling group's instance type and size.
type InstanceTier struct {
	// InstanceType is an x86_64 type such as t3.medium; default t3.micro
	// outside production, t3.medium in production (the guide's size).
	InstanceType string `yaml:"instance_type,omitempty"`
	// Min, Desired and Max bound the group: 1/1/2 outside production,
	// 2/2/6 in production (two zones at least).
	Min     int `yaml:"min,omitempty"`
	Desired int `yaml:"desired,omitempty"`
	Max     int `yaml:"max,omitempty"`
}

// App tier kinds.
const (
	AppTierEC2     = "ec2"
	AppTierFargate = "fargate"
)

// AppTier is the application tier behind the internal load balancer.
type AppTier struct {
	// Kind is ec2 (an Auto Scaling group, the default) or fargate (an ECS
	// service).
	Kind string `yaml:"kind,omitempty"`
	// InstanceTier sizes the ec2 kind: default t3.small outside
	// production, m5.large (the guide's size) in production.
	InstanceTier `yaml:",inline"`
	// CPU and MemoryMiB size each Fargate task; default 512 and 1024.
	CPU       int `yaml:"cpu,omitempty"`
	MemoryMiB int `yaml:"memory_mib,omitempty"`
	// MinTasks and MaxTasks bound the Fargate service's autoscaling;
	// default 2 and 10 (the guide's).
	MinTasks int `yaml:"min_tasks,omitempty"`
	MaxTasks int `yaml:"max_tasks,omitempty"`
	// ImageTag is the tag of the fargate kind's image in the repository
	// the stack makes (immutable tags: a release pushes a new tag and
	// changes this); default v1.
	ImageTag string `yaml:"image_tag,omitempty"`
}

// Sessions is the ElastiCache (Valkey) session store.
type Sessions struct {
	// NodeType is an ElastiCache node type; default cache.t4g.micro
	// outside production, cache.r7g.large in production.
	NodeType string `yaml:"node_type,omitempty"`
	// Replicas per shard: 0-5; production defaults to 1.
	Replicas int `yaml:"replicas,omitempty"`
	// MultiAZ places the replicas in other zones with automatic failover;
	// needs a replica. Production defaults to on.
	MultiAZ bool `yaml:"multi_az,omitempty"`
}

// StaticDomain is the name of the CloudFront distribution.
func (w *Web) StaticDomain() string { return "static." + w.Domain }

// InternalDomain is the name of the app tier's internal load balancer.
func (w *Web) InternalDomain() string { return "app-internal." + w.Domain }

func (w *Web) applyDefaults(production bool) {
	if w == nil {
		return
	}
	it := func(t *InstanceTier, small, large string) {
		if t.InstanceType == "" {
			t.InstanceType = small
			if production {
				t.InstanceType = large
			}
		}
		if t.Min == 0 && t.Desired == 0 && t.Max == 0 {
			t.Min, t.Desired, t.Max = 1, 1, 2
			if production {
				t.Min, t.Desired, t.Max = 2, 2, 6
			}
		}
	}
	it(&w.WebTier, "t3.micro", "t3.medium")
	if w.AppTier.Kind == "" {
		w.AppTier.Kind = AppTierEC2
	}
	switch w.AppTier.Kind {
	case AppTierEC2:
		it(&w.AppTier.InstanceTier, "t3.small", "m5.large")
	case AppTierFargate:
		if w.AppTier.CPU == 0 && w.AppTier.MemoryMiB == 0 {
			w.AppTier.CPU, w.AppTier.MemoryMiB = 512, 1024
		}
		if w.AppTier.MinTasks == 0 && w.AppTier.MaxTasks == 0 {
			w.AppTier.MinTasks, w.AppTier.MaxTasks = 2, 10
		}
	}
	if w.Sessions.NodeType == "" {
		w.Sessions.NodeType = "cache.t4g.micro"
		if production {
			w.Sessions = Sessions{NodeType: "cache.r7g.large", Replicas: 1, MultiAZ: true}
		}
	}
	if w.WAFRateLimit == 0 {
		w.WAFRateLimit = 2000
	}
}

// cacheNodeFamilies are the current-generation ElastiCache node families
// with their sizes (ElastiCache User Guide, "Supported node types",
// https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.SupportedTypes.html).
var cacheNodeFamilies = map[string][]string{
	"t3":  {"micro", "small", "medium"},
	"t4g": {"micro", "small", "medium"},
	"m5":  {"large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"},
	"m6g": {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"},
	"m7g": {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"},
	"r5":  {"large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge"},
	"r6g": {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"},
	"r7g": {"large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"},
}

var (
	cacheNodeRE = regexp.MustCompile(`^cache\.([a-z0-9]+)\.([a-z0-9]+)$`)
	// acmARNRE matches ACM certificate ARNs: partition, region, account,
	// certificate id.
	acmARNRE = regexp.MustCompile(`^arn:aws(?:-cn|-us-gov)?:acm:([a-z]{2}(?:-[a-z]+)+-[0-9]):([0-9]{12}):certificate/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
)

// checkCacheNodeType checks an ElastiCache node type against the table.
func checkCacheNodeType(t string) error {
	m := cacheNodeRE.FindStringSubmatch(t)
	if m == nil {
		return fmt.Errorf("not an ElastiCache node type like cache.t4g.micro or cache.r7g.large")
	}
	sizes, ok := cacheNodeFamilies[m[1]]
	if !ok || !slices.Contains(sizes, m[2]) {
		return fmt.Errorf("not a current-generation ElastiCache node type (families t3, t4g, m5, m6g, m7g, r5, r6g, r7g)")
	}
	return nil
}

// validateWeb checks e.Web; field is the path of e.
func validateWeb(c *collector, field string, e Environment, accountID string, allowed []string) {
	w := e.Web
	if w == nil {
		return
	}
	f := field + ".web"
	if e.DNS == nil {
		c.add(f, nil, "needs the environment's dns block: the site's records and certificate validation live in its hosted zone")
	}
	if !slices.Contains(allowed, "us-east-1") {
		// The region deny exempts cloudfront, acm, wafv2 and route53
		// (orgbaseline.GlobalServiceActions) but not the WAF's log group,
		// its key or the alarm and its topic.
		c.add(f, nil, "needs us-east-1 in allowed_regions: CloudFront's certificate and web ACL (with its log group), and the Route 53 health check alarm, exist only there")
	}
	if err := dnsname.CheckDomain(w.Domain); err != nil {
		c.add(f+".domain", w.Domain, "%v", err)
	} else if e.DNS != nil && dnsname.CheckZoneName(e.DNS.ZoneName) == nil && !dnsname.InZone(w.Domain, e.DNS.ZoneName) {
		c.add(f+".domain", w.Domain, "must be the dns zone %s or a name below it", e.DNS.ZoneName)
	} else if len(w.InternalDomain()) > 253 {
		c.add(f+".domain", w.Domain, "too long: app-internal.%s must fit in 253 characters", w.Domain)
	}
	checkCert := func(name, arn, region string) {
		if arn == "" {
			return
		}
		m := acmARNRE.FindStringSubmatch(arn)
		switch {
		case m == nil:
			c.add(f+"."+name, arn, "not an ACM certificate ARN like arn:aws:acm:%s:123456789012:certificate/<uuid>", region)
		case m[1] != region:
			c.add(f+"."+name, arn, "is in %s; it must be in %s", m[1], region)
		case accountID != "" && m[2] != accountID:
			c.add(f+"."+name, arn, "belongs to account %s; the environment's account is %s", m[2], accountID)
		}
	}
	checkCert("certificate_arn", w.CertificateARN, e.Region)
	// CloudFront uses certificates in us-east-1 only (CloudFront Developer
	// Guide, "Requirements for using SSL/TLS certificates with CloudFront").
	checkCert("cloudfront_certificate_arn", w.CloudFrontCertificateARN, "us-east-1")
	tier := func(name string, t InstanceTier) {
		if err := tierspec.CheckInstanceType(t.InstanceType); err != nil {
			c.add(f+"."+name+".instance_type", t.InstanceType, "%v", err)
		}
		if err := (tierspec.Capacity{Min: t.Min, Desired: t.Desired, Max: t.Max}).Check(); err != nil {
			c.add(f+"."+name, fmt.Sprintf("min %d, desired %d, max %d", t.Min, t.Desired, t.Max), "%v", err)
		} else if e.Production && t.Min < 2 {
			c.add(f+"."+name+".min", t.Min, "production runs at least 2 instances, in two zones")
		}
	}
	tier("web_tier", w.WebTier)
	a := w.AppTier
	switch a.Kind {
	case AppTierEC2:
		tier("app_tier", a.InstanceTier)
	case AppTierFargate:
		if err := taskspec.CheckCPU(a.CPU); err != nil {
			c.add(f+".app_tier.cpu", a.CPU, "%v", err)
		} else if err := taskspec.CheckMemory(a.CPU, a.MemoryMiB); err != nil {
			c.add(f+".app_tier.memory_mib", a.MemoryMiB, "%v", err)
		}
		if a.ImageTag != "" {
			if err := taskspec.CheckImageTag(a.ImageTag); err != nil {
				c.add(f+".app_tier.image_tag", a.ImageTag, "%v", err)
			}
		}
		if a.MinTasks < 1 || a.MaxTasks < a.MinTasks {
			c.add(f+".app_tier", fmt.Sprintf("min_tasks %d, max_tasks %d", a.MinTasks, a.MaxTasks), "must be 1 <= min_tasks <= max_tasks")
		}
		if a.InstanceType != "" || a.Min != 0 || a.Desired != 0 || a.Max != 0 {
			c.add(f+".app_tier", a.Kind, "instance_type, min, desired and max size the ec2 kind; fargate takes cpu, memory_mib, min_tasks and max_tasks")
		}
	default:
		c.add(f+".app_tier.kind", a.Kind, "must be %q or %q", AppTierEC2, AppTierFargate)
	}
	s := w.Sessions
	if err := checkCacheNodeType(s.NodeType); err != nil {
		c.add(f+".sessions.node_type", s.NodeType, "%v", err)
	}
	if s.Replicas < 0 || s.Replicas > 5 {
		c.add(f+".sessions.replicas", s.Replicas, "must be 0-5 (ElastiCache allows up to 5 replicas per shard)")
	}
	if s.MultiAZ && s.Replicas < 1 {
		c.add(f+".sessions.multi_az", s.MultiAZ, "needs at least one replica to fail over to")
	}
	if w.WAFRateLimit < 10 || w.WAFRateLimit > 2000000000 {
		// The limits WAF takes for rate-based rules, as for the order
		// system (WAF Developer Guide, "Rate-based rule statement").
		c.add(f+".waf_rate_limit", w.WAFRateLimit, "must be 10-2000000000 requests per five minutes")
	}
}
