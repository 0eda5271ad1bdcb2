package sessionstore

import (
	"strings"
	"testing"

	"github.com/acme/landing-zone/constructs/internal/validationtest"
)

func ptr(s string) *string { return &s }

func good() Props {
	return Props{Name: "acme-prod-sessions", SubnetIDs: []*string{ptr("subnet-a"), ptr("subnet-b")}, SecurityGroupID: ptr("sg-cache")}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name string
		edit func(*Props)
		want []string
	}{
		{"defaults", func(*Props) {}, nil},
		{"production", func(p *Props) { p.Production, p.MultiAZ, p.Replicas, p.NodeType = true, true, 2, "cache.r7g.large" }, nil},
		{"redis", func(p *Props) { p.Engine = EngineRedis }, nil},
		{"every field bad", func(p *Props) {
			p.Name, p.SubnetIDs, p.SecurityGroupID, p.NodeType = "1bad", nil, nil, "cache.x1.huge"
		}, []string{`Name "1bad"`, "SubnetIDs: 0 subnets", "SecurityGroupID is required", `NodeType "cache.x1.huge"`}},
		{"long name", func(p *Props) { p.Name = strings.Repeat("a", 37) }, []string{"longer than 36"}},
		{"multi-az without replica", func(p *Props) { p.MultiAZ = true }, []string{"MultiAZ: needs at least one replica"}},
		{"production floors", func(p *Props) { p.Production, p.SnapshotRetentionDays = true, 3 }, []string{
			`NodeType "cache.t4g.small": burstable`, "MultiAZ: production session stores are Multi-AZ", "SnapshotRetentionDays 3: production"}},
		{"replicas", func(p *Props) { p.Replicas = 6 }, []string{"Replicas 6"}},
		{"engine", func(p *Props) { p.Engine = "memcached" }, []string{`Engine "memcached"`}},
		{"old version", func(p *Props) { p.Engine, p.EngineVersion = EngineRedis, "6.2" }, []string{`EngineVersion "6.2": redis versions with IAM authentication`}},
		{"valkey version", func(p *Props) { p.EngineVersion = "7.0" }, []string{`EngineVersion "7.0": valkey`}},
		{"access string", func(p *Props) { p.AccessString = "on >secret ~* +@all" }, []string{`AccessString "on >secret ~* +@all"`}},
		{"snapshots", func(p *Props) { p.SnapshotRetentionDays = 40 }, []string{"SnapshotRetentionDays 40"}},
		{"log retention", func(p *Props) { p.LogRetentionDays = 4 }, []string{"LogRetentionDays 4"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := good()
			tc.edit(&p)
			err := p.validate("sessions")
			validationtest.Lines(t, err, "sessionstore sessions: ", tc.want)
		})
	}
}

func TestDefaults(t *testing.T) {
	p := good()
	if err := p.validate("s"); err != nil {
		t.Fatal(err)
	}
	if p.Engine != EngineValkey || p.EngineVersion != DefaultValkeyVersion || p.SnapshotRetentionDays != 7 || p.AccessString != DefaultAccessString {
		t.Errorf("defaults = %+v", p)
	}
	r := good()
	r.Engine = EngineRedis
	if err := r.validate("s"); err != nil || r.EngineVersion != DefaultRedisVersion {
		t.Errorf("redis default version = %q, %v", r.EngineVersion, err)
	}
}

func TestCheckNodeType(t *testing.T) {
	for _, ok := range []string{"cache.t4g.micro", "cache.r7g.16xlarge", "cache.m5.24xlarge"} {
		if err := CheckNodeType(ok, false); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"cache.r7g.24xlarge", "t4g.small", "cache.t2.micro"} {
		if CheckNodeType(bad, false) == nil {
			t.Errorf("%s accepted", bad)
		}
	}
	if CheckNodeType("cache.t3.medium", true) == nil {
		t.Error("burstable accepted in production")
	}
}
