package staticsite

import (
	"strings"
	"testing"

	"github.com/acme/landing-zone/constructs/internal/validationtest"
)

func ptr(s string) *string { return &s }

const (
	cert = "arn:aws:acm:us-east-1:111111111111:certificate/0a1b2c3d-0000-1111-2222-333344445555"
	acl  = "arn:aws:wafv2:us-east-1:111111111111:global/webacl/acme-cf/0a1b2c3d-0000-1111-2222-333344445555"
)

func good() Props {
	return Props{Name: "acme-prod-static", DomainNames: []string{"static.example.com"}, CertificateARN: ptr(cert), WebACLARN: ptr(acl), Production: true}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name string
		edit func(*Props)
		want []string
	}{
		{"good", func(*Props) {}, nil},
		{"tokens", func(p *Props) {
			p.CertificateARN, p.WebACLARN = ptr("${aws_acm_certificate.c.arn}"), ptr("${aws_wafv2_web_acl.w.arn}")
		}, nil},
		{"dev default certificate", func(p *Props) {
			p.Production, p.DomainNames, p.CertificateARN, p.DefaultCertificateReason = false, nil, nil, "no domain yet"
		}, nil},
		{"dev without WAF", func(p *Props) { p.Production, p.WebACLARN, p.WAFDisabledReason = false, nil, "internal preview" }, nil},
		{"every field bad", func(p *Props) {
			p.Name, p.DomainNames, p.CertificateARN, p.WebACLARN, p.PriceClass = "Bad", []string{"not a domain"}, ptr("arn:aws:acm:eu-west-1:111111111111:certificate/abc"), ptr("arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/x/abc"), "PriceClass_300"
		}, []string{`Name "Bad"`, `DomainNames[0] "not a domain"`, "CertificateARN \"arn:aws:acm:eu-west-1", "WebACLARN \"arn:aws:wafv2:eu-west-1", `PriceClass "PriceClass_300"`}},
		{"duplicate domain", func(p *Props) { p.DomainNames = []string{"a.example.com", "a.example.com"} }, []string{`DomainNames[1] "a.example.com": listed twice`}},
		{"aliases without certificate", func(p *Props) { p.Production, p.CertificateARN = false, nil }, []string{"DomainNames [\"static.example.com\"]: aliases need CertificateARN"}},
		{"production default certificate", func(p *Props) { p.DomainNames, p.CertificateARN = nil, nil }, []string{"CertificateARN is required in production"}},
		{"default certificate without reason", func(p *Props) { p.Production, p.DomainNames, p.CertificateARN = false, nil, nil }, []string{"give DefaultCertificateReason"}},
		{"both certificate and reason", func(p *Props) { p.DefaultCertificateReason = "x" }, []string{`DefaultCertificateReason "x": contradicts`}},
		{"production without WAF", func(p *Props) { p.WebACLARN = nil }, []string{"WebACLARN is required in production"}},
		{"no WAF without reason", func(p *Props) { p.Production, p.WebACLARN = false, nil }, []string{"give WAFDisabledReason"}},
		{"WAF and reason", func(p *Props) { p.WAFDisabledReason = "x" }, []string{`WAFDisabledReason "x": contradicts`}},
		{"bucket name", func(p *Props) { p.BucketName = "Bad_Bucket" }, []string{"BucketName: bucket name \"Bad_Bucket\""}},
		{"bucket dots", func(p *Props) { p.BucketName = "static.example.com" }, []string{`BucketName "static.example.com": no dots`}},
		{"csp", func(p *Props) { p.ContentSecurityPolicy = "a\nb" }, []string{"ContentSecurityPolicy"}},
		{"long name", func(p *Props) { p.Name = strings.Repeat("a", 41) }, []string{"longer than 40"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := good()
			tc.edit(&p)
			err := p.validate("site")
			validationtest.Lines(t, err, "staticsite site: ", tc.want)
		})
	}
}
