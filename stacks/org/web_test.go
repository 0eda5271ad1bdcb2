package org

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/networkhub/netplan"
)

func TestWebExample(t *testing.T) {
	o := Example()
	require.NoError(t, o.Validate("example"))
	kinds := map[string]bool{}
	for _, e := range o.Environments {
		require.NotNil(t, e.Web, e.Name)
		kinds[e.Web.AppTier.Kind] = true
	}
	assert.Equal(t, map[string]bool{AppTierEC2: true, AppTierFargate: true}, kinds, "the example builds both app tier kinds")
	prod, _ := o.Environment("prod")
	assert.Equal(t, "t3.medium", prod.Web.WebTier.InstanceType)
	assert.Equal(t, "m5.large", prod.Web.AppTier.InstanceType)
	assert.True(t, prod.Web.Sessions.MultiAZ)
	assert.Equal(t, "static.shop.acme.example", prod.Web.StaticDomain())
	assert.Equal(t, "app-internal.shop.acme.example", prod.Web.InternalDomain())
}

func TestWebDefaults(t *testing.T) {
	w := &Web{Domain: "shop.acme.example"}
	w.applyDefaults(true)
	assert.Equal(t, InstanceTier{InstanceType: "t3.medium", Min: 2, Desired: 2, Max: 6}, w.WebTier)
	assert.Equal(t, AppTierEC2, w.AppTier.Kind)
	assert.Equal(t, "m5.large", w.AppTier.InstanceType)
	assert.Equal(t, Sessions{NodeType: "cache.r7g.large", Replicas: 1, MultiAZ: true}, w.Sessions)
	assert.Equal(t, 2000, w.WAFRateLimit)
	f := &Web{Domain: "shop.acme.example", AppTier: AppTier{Kind: AppTierFargate}}
	f.applyDefaults(false)
	assert.Equal(t, AppTier{Kind: AppTierFargate, CPU: 512, MemoryMiB: 1024, MinTasks: 2, MaxTasks: 10}, f.AppTier)
	assert.Equal(t, "cache.t4g.micro", f.Sessions.NodeType)
}

func TestWebRejects(t *testing.T) {
	const cert = "arn:aws:acm:us-east-1:666666666666:certificate/0123abcd-0123-4567-89ab-0123456789ab"
	tests := []struct {
		name   string
		mutate func(e *Environment)
		want   string
	}{
		{"no dns", func(e *Environment) { e.DNS = nil }, `environments[dev].web: needs the environment's dns block`},
		{"bad domain", func(e *Environment) { e.Web.Domain = "Shop" }, `environments[dev].web.domain "Shop": not a domain name`},
		{"domain outside the zone", func(e *Environment) { e.Web.Domain = "shop.other.example" }, `environments[dev].web.domain "shop.other.example": must be the dns zone dev.shop.acme.example or a name below it`},
		{"certificate not an ARN", func(e *Environment) { e.Web.CertificateARN = "my-cert" }, `environments[dev].web.certificate_arn "my-cert": not an ACM certificate ARN`},
		{"certificate in another region", func(e *Environment) { e.Web.CertificateARN = strings.Replace(cert, "us-east-1", "eu-west-1", 1) }, `environments[dev].web.certificate_arn "arn:aws:acm:eu-west-1:666666666666:certificate/0123abcd-0123-4567-89ab-0123456789ab": is in eu-west-1; it must be in us-east-1`},
		{"certificate of another account", func(e *Environment) { e.Web.CertificateARN = strings.Replace(cert, "666666666666", "777777777777", 1) }, `environments[dev].web.certificate_arn "arn:aws:acm:us-east-1:777777777777:certificate/0123abcd-0123-4567-89ab-0123456789ab": belongs to account 777777777777; the environment's account is 666666666666`},
		{"cloudfront certificate elsewhere", func(e *Environment) {
			e.Web.CloudFrontCertificateARN = strings.Replace(cert, "us-east-1", "us-west-2", 1)
		}, `environments[dev].web.cloudfront_certificate_arn "arn:aws:acm:us-west-2:666666666666:certificate/0123abcd-0123-4567-89ab-0123456789ab": is in us-west-2; it must be in us-east-1`},
		{"instance type", func(e *Environment) { e.Web.WebTier.InstanceType = "t3.huge" }, `environments[dev].web.web_tier.instance_type "t3.huge": t3 has no size "huge"`},
		{"unknown family", func(e *Environment) { e.Web.AppTier.InstanceType = "z9.large" }, `environments[dev].web.app_tier.instance_type "z9.large": not an instance type`},
		{"capacity order", func(e *Environment) { e.Web.WebTier.Desired = 5 }, `environments[dev].web.web_tier "min 1, desired 5, max 2": min 1, desired 5, max 2: must be min <= desired <= max`},
		{"kind", func(e *Environment) { e.Web.AppTier.Kind = "lambda" }, `environments[dev].web.app_tier.kind "lambda": must be "ec2" or "fargate"`},
		{"fargate cpu", func(e *Environment) {
			e.Web.AppTier = AppTier{Kind: AppTierFargate, CPU: 300, MemoryMiB: 1024, MinTasks: 2, MaxTasks: 10}
		}, `environments[dev].web.app_tier.cpu 300: Fargate offers 256, 512, 1024, 2048, 4096, 8192 or 16384 units`},
		{"fargate memory", func(e *Environment) {
			e.Web.AppTier = AppTier{Kind: AppTierFargate, CPU: 256, MemoryMiB: 4096, MinTasks: 2, MaxTasks: 10}
		}, `environments[dev].web.app_tier.memory_mib 4096: with CPU 256 Fargate offers 512, 1024 or 2048`},
		{"fargate image tag", func(e *Environment) {
			e.Web.AppTier = AppTier{Kind: AppTierFargate, CPU: 256, MemoryMiB: 512, MinTasks: 2, MaxTasks: 10, ImageTag: "latest"}
		}, `environments[dev].web.app_tier.image_tag "latest": a tag of letters, digits`},
		{"fargate tasks", func(e *Environment) {
			e.Web.AppTier = AppTier{Kind: AppTierFargate, CPU: 256, MemoryMiB: 512, MinTasks: 3, MaxTasks: 2}
		}, `environments[dev].web.app_tier "min_tasks 3, max_tasks 2": must be 1 <= min_tasks <= max_tasks`},
		{"fargate with instance sizes", func(e *Environment) {
			e.Web.AppTier.Kind = AppTierFargate
			e.Web.AppTier.CPU, e.Web.AppTier.MemoryMiB, e.Web.AppTier.MinTasks, e.Web.AppTier.MaxTasks = 256, 512, 1, 2
		}, `environments[dev].web.app_tier "fargate": instance_type, min, desired and max size the ec2 kind`},
		{"node type", func(e *Environment) { e.Web.Sessions.NodeType = "cache.t2.micro" }, `environments[dev].web.sessions.node_type "cache.t2.micro": not a current-generation ElastiCache node type`},
		{"multi-az without replica", func(e *Environment) { e.Web.Sessions.MultiAZ = true }, `environments[dev].web.sessions.multi_az true: needs at least one replica`},
		{"replicas", func(e *Environment) { e.Web.Sessions.Replicas = 6 }, `environments[dev].web.sessions.replicas 6: must be 0-5`},
		{"waf", func(e *Environment) { e.Web.WAFRateLimit = 5 }, `environments[dev].web.waf_rate_limit 5: must be 10-2000000000`},
		{"created zone with id", func(e *Environment) { e.DNS.CreateZone = true }, `environments[dev].dns.zone_id "Z0DEV00000000000000001": leave it out with create_zone`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := Example()
			tt.mutate(&o.Environments[0])
			err := o.Validate("org.yaml")
			require.Error(t, err)
			assert.Contains(t, err.Error(), "org.yaml: "+tt.want)
			assert.Len(t, strings.Split(err.Error(), "\n"), 1, "one problem, one line: %v", err)
		})
	}
}

func TestWebProductionMinimum(t *testing.T) {
	o := Example()
	o.Environments[2].Web.WebTier = InstanceTier{InstanceType: "t3.medium", Min: 1, Desired: 1, Max: 2}
	err := o.Validate("org.yaml")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `environments[prod].web.web_tier.min 1: production runs at least 2 instances`)
}

func TestCreateZone(t *testing.T) {
	o := Example()
	o.Environments[0].DNS = &DNS{ZoneName: "dev.shop.acme.example", CreateZone: true}
	require.NoError(t, o.Validate("org.yaml"))
}

func TestWebEndpoints(t *testing.T) {
	o := Example()
	staging, _ := o.Environment("staging")
	got := staging.InterfaceEndpoints()
	for _, s := range []string{"ssm", "ssmmessages", "secretsmanager", "ecr.api", "ecr.dkr", "logs"} {
		assert.Contains(t, got, netplan.Service(s), "fargate staging")
	}
	dev, _ := o.Environment("dev")
	assert.NotContains(t, dev.InterfaceEndpoints(), netplan.Service("ecr.api"), "dev's app tier is on EC2")
	dev.VPC.AppInternetEgress = &InternetEgress{Reason: "payments"}
	assert.Equal(t, []netplan.Service{netplan.SSM, netplan.SSMMessages}, dev.InterfaceEndpoints(), "web servers reach Session Manager through endpoints whatever the app tier does")
}

func TestWebNeedsUSEast1(t *testing.T) {
	o := Example()
	o.AllowedRegions = []string{"us-east-1", "us-west-2"}
	for i := range o.Environments {
		e := &o.Environments[i]
		e.Region = "us-west-2"
		for j := range e.Volumes {
			e.Volumes[j].AvailabilityZone = "us-west-2a"
		}
		if e.DRRegion != "" {
			e.DRRegion = "us-east-1"
		}
	}
	require.NoError(t, o.Validate("org.yaml"), "environments elsewhere, us-east-1 allowed")
	o.HomeRegion, o.AllowedRegions, o.Backend.Region = "us-west-2", []string{"us-west-2", "eu-west-1"}, "us-west-2"
	err := o.Validate("org.yaml")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "org.yaml: environments[dev].web: needs us-east-1 in allowed_regions")
}
