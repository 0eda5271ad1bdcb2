package loadbalancer

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func s(v string) *string { return &v }

func goodProps() Props {
	p := Props{
		Name: "acme-prod-web", VPCID: s("vpc"), SubnetIDs: []*string{s("a"), s("b")}, SecurityGroupID: s("sg"),
		CertificateARN: s("arn"), LogBucket: "logs", LogPrefix: "alb",
	}
	p.withDefaults()
	return p
}

func TestDefaults(t *testing.T) {
	p := goodProps()
	assert.Equal(t, Target{Port: 80, Protocol: "HTTP", Type: "instance", HealthCheckPath: "/health"}, p.Target)
	require.NoError(t, p.validate("lb"))
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mutate func(p *Props)
		want   string
	}{
		{"long name", func(p *Props) { p.Name = "a-very-long-load-balancer-name-over-32" }, `Name "a-very-long-load-balancer-name-over-32"`},
		{"internal- prefix", func(p *Props) { p.Name = "internal-app" }, `Name "internal-app"`},
		{"one subnet", func(p *Props) { p.SubnetIDs = p.SubnetIDs[:1] }, "SubnetIDs: an Application Load Balancer needs subnets in two zones at least; 1 given"},
		{"no certificate", func(p *Props) { p.CertificateARN = nil }, "CertificateARN is required"},
		{"no logs", func(p *Props) { p.LogBucket = "" }, "LogBucket and LogPrefix are required"},
		{"no group", func(p *Props) { p.SecurityGroupID = nil }, "VPCID and SecurityGroupID are required"},
		{"port", func(p *Props) { p.Target.Port = 70000 }, "Target.Port 70000"},
		{"protocol", func(p *Props) { p.Target.Protocol = "TCP" }, `Target.Protocol "TCP"`},
		{"type", func(p *Props) { p.Target.Type = "lambda" }, `Target.Type "lambda"`},
		{"path", func(p *Props) { p.Target.HealthCheckPath = "health" }, `Target.HealthCheckPath "health"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := goodProps()
			tc.mutate(&p)
			err := p.validate("lb")
			require.Error(t, err)
			assert.Contains(t, err.Error(), "loadbalancer lb: "+tc.want)
		})
	}
}
