package webapp

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/ec2tier"
	"github.com/acme/landing-zone/constructs/networkhub"
	"github.com/acme/landing-zone/constructs/snstopic"
)

func s(v string) *string { return &v }

func goodProps() Props {
	return Props{
		Name: "acme-prod", Domain: "shop.acme.example", InternalDomain: "app-internal.shop.acme.example", StaticDomain: "static.shop.acme.example",
		Zone: ZoneRef{Name: "shop.acme.example", ID: "Z0123"},
		Network: Network{VPCID: s("vpc"), PublicSubnetIDs: []*string{s("a"), s("b")}, PrivateSubnetIDs: []*string{s("c"), s("d")},
			Groups: &networkhub.TierSecurityGroups{Web: s("w"), App: s("a"), Cache: s("c"), WebServers: s("ws"), AppLoadBalancer: s("alb")}},
		WebTier:      InstanceTier{InstanceType: "t3.medium", Capacity: ec2tier.Capacity{Min: 2, Desired: 2, Max: 6}},
		AppTier:      AppTier{Kind: AppOnEC2, InstanceTier: InstanceTier{InstanceType: "m5.large", Capacity: ec2tier.Capacity{Min: 2, Desired: 2, Max: 6}}},
		WAFRateLimit: 2000, VolumeKeyARN: s("key"), UploadsBucketName: "acme-prod-uploads", LoadBalancerLogBucketName: "acme-prod-alb-logs", StaticBucketName: "acme-prod-static",
		LogRetentionDays: 365, AlarmTopic: &snstopic.Topic{}, GlobalAlarmTopic: &snstopic.Topic{}, Production: true,
	}
}

func TestValidate(t *testing.T) {
	good := goodProps()
	require.NoError(t, good.validate("web"))
	for _, tc := range []struct {
		name   string
		mutate func(p *Props)
		want   string
	}{
		{"name", func(p *Props) { p.Name = "acme-production-environment" }, `Name "acme-production-environment"`},
		{"zone", func(p *Props) { p.Zone.Name = "Shop" }, `Zone.Name "Shop"`},
		{"domain outside the zone", func(p *Props) { p.StaticDomain = "static.other.example" }, `StaticDomain "static.other.example": not in the zone shop.acme.example`},
		{"no web server groups", func(p *Props) { p.Network.Groups = &networkhub.TierSecurityGroups{Web: s("w")} }, "Network: VPCID and the tier groups with WebServers"},
		{"one zone", func(p *Props) { p.Network.PublicSubnetIDs = p.Network.PublicSubnetIDs[:1] }, "Network: load balancers need public and private subnets in two zones"},
		{"volume key", func(p *Props) { p.VolumeKeyARN = nil }, "VolumeKeyARN is required"},
		{"topics", func(p *Props) { p.GlobalAlarmTopic = nil }, "AlarmTopic and GlobalAlarmTopic are required"},
		{"web type", func(p *Props) { p.WebTier.InstanceType = "x" }, `WebTier.InstanceType "x"`},
		{"web capacity", func(p *Props) { p.WebTier.Capacity.Desired = 9 }, "WebTier.Capacity: min 2, desired 9, max 6"},
		{"app kind", func(p *Props) { p.AppTier.Kind = "lambda" }, `AppTier.Kind "lambda"`},
		{"app type", func(p *Props) { p.AppTier.InstanceType = "m5.tiny" }, `AppTier.InstanceType "m5.tiny"`},
		{"production floor", func(p *Props) { p.WebTier.Capacity = ec2tier.Capacity{Min: 1, Desired: 1, Max: 2} }, "production runs at least two instances per tier"},
		{"retention", func(p *Props) { p.LogRetentionDays = 11 }, "LogRetentionDays 11"},
		{"bucket", func(p *Props) { p.UploadsBucketName = "Uploads" }, `UploadsBucketName "Uploads"`},
		{"static bucket", func(p *Props) { p.StaticBucketName = "" }, `StaticBucketName ""`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := goodProps()
			tc.mutate(&p)
			err := p.validate("web")
			require.Error(t, err)
			assert.Contains(t, err.Error(), "webapp web: "+tc.want)
		})
	}
}
