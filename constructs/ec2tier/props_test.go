package ec2tier

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/iamfoundation"
	"github.com/acme/landing-zone/constructs/iampolicy"
)

func s(v string) *string { return &v }

func TestValidate(t *testing.T) {
	good := Props{
		Name: "acme-prod-web", InstanceType: "t3.medium", Capacity: Capacity{Min: 2, Desired: 2, Max: 6},
		SubnetIDs: []*string{s("a")}, SecurityGroupID: s("sg"), TargetGroupARNs: []*string{s("tg")},
		VolumeKeyARN: s("key"), UserData: "#!/bin/bash\n",
	}
	require.NoError(t, good.validate("web"))
	for _, tc := range []struct {
		name   string
		mutate func(p *Props)
		want   string
	}{
		{"name", func(p *Props) { p.Name = "Web" }, `Name "Web"`},
		{"type", func(p *Props) { p.InstanceType = "t3.giant" }, `InstanceType "t3.giant"`},
		{"capacity", func(p *Props) { p.Capacity = Capacity{Min: 3, Desired: 2, Max: 6} }, "Capacity: min 3, desired 2, max 6"},
		{"subnets", func(p *Props) { p.SubnetIDs = nil }, "SubnetIDs"},
		{"group", func(p *Props) { p.SecurityGroupID = nil }, "SecurityGroupID is required"},
		{"key", func(p *Props) { p.VolumeKeyARN = nil }, "VolumeKeyARN is required"},
		{"targets", func(p *Props) { p.TargetGroupARNs = nil }, "TargetGroupARNs"},
		{"volume", func(p *Props) { p.VolumeSizeGiB = 4 }, "VolumeSizeGiB 4"},
		{"no user data", func(p *Props) { p.UserData = "" }, "UserData is required"},
		{"user data too long", func(p *Props) { p.UserData = strings.Repeat("x", 17000) }, "UserData: 17000 bytes"},
		{"role and statements", func(p *Props) {
			p.Role = &iamfoundation.ServiceRole{RoleName: "acme-prod-web"}
			p.Statements = []iampolicy.Statement{{Effect: iampolicy.Allow, Actions: []string{"s3:GetObject"}, Resources: []string{"arn:aws:s3:::b/*"}}}
		}, "Statements: grant them through the Role"},
		{"nil ready", func(p *Props) { p.Ready = []cdktf.ITerraformDependable{nil} }, "Ready: an entry is nil"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := good
			tc.mutate(&p)
			err := p.validate("web")
			require.Error(t, err)
			assert.Contains(t, err.Error(), "ec2tier web: "+tc.want)
		})
	}
}
