package imageprocessor

import (
	"strings"
	"testing"

	"github.com/acme/landing-zone/constructs/securebucket"
)

func TestValidate(t *testing.T) {
	src := &securebucket.Bucket{Name: "up", ARN: "arn:aws:s3:::up"}
	dst := &securebucket.Bucket{Name: "done", ARN: "arn:aws:s3:::done"}
	ok := Props{Name: "acme-dev-images", Source: src, Destination: dst, Prefix: "uploads/"}
	s, err := ok.validate()
	if err != nil {
		t.Fatal(err)
	}
	if s.MaxWidth != 1024 || s.MaxHeight != 1024 || s.LogRetentionDays != 365 {
		t.Fatalf("defaults: %+v", s)
	}
	for _, c := range []struct {
		name   string
		change func(*Props)
		want   string
	}{
		{"same ARN", func(p *Props) { p.Destination = &securebucket.Bucket{Name: "up2", ARN: src.ARN} }, "is the Source bucket"},
		{"prefix without slash", func(p *Props) { p.Prefix = "uploads" }, `Prefix "uploads"`},
		{"long name", func(p *Props) { p.Name = strings.Repeat("a", 57) }, "Name"},
		{"reservation without quota", func(p *Props) { p.ReservedConcurrency = 1 }, "needs ConcurrencyQuota declared"},
		{"reservation within quota", func(p *Props) { p.ReservedConcurrency, p.ConcurrencyQuota = 10, 1000 }, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := ok
			c.change(&p)
			_, err := p.validate()
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("err = %v; want %q", err, c.want)
			}
		})
	}
}
