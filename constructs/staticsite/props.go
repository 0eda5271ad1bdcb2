package staticsite

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"

	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/securebucket"
)

// Props configures a Site. Name, a certificate and a web ACL make a secure
// site: a private SecureBucket read by CloudFront only, through origin
// access control, HTTPS only with TLS 1.2 or later (TLSv1.2_2021), security
// headers on every response, access logs and the WAF web ACL in front.
type Props struct {
	// Name prefixes the names the site makes (origin access control,
	// response headers policy, log delivery): lowercase letters, digits
	// and single hyphens, at most MaxNameLength characters.
	Name string
	// BucketName names the content bucket; empty lets AWS choose one.
	BucketName string
	// DomainNames are the site's aliases, such as static.example.com;
	// optional, and they need CertificateARN.
	DomainNames []string
	// CertificateARN is an ACM certificate in us-east-1, where CloudFront
	// reads certificates from, covering DomainNames. Without one, the
	// distribution uses CloudFront's default *.cloudfront.net certificate,
	// for which CloudFront sets the security policy to TLSv1 whatever
	// minimum_protocol_version says (CloudFront API Reference,
	// ViewerCertificate, MinimumProtocolVersion): that needs
	// DefaultCertificateReason and is refused in production.
	CertificateARN *string
	// DefaultCertificateReason says why the site may use the default
	// certificate and its TLSv1 minimum; required without CertificateARN.
	DefaultCertificateReason string
	// WebACLARN is a WAF web ACL of CLOUDFRONT scope (made in us-east-1).
	// Required unless WAFDisabledReason says why not.
	WebACLARN *string
	// WAFDisabledReason says why the site has no web ACL; refused in
	// production.
	WAFDisabledReason string
	// AccessLogs is where the bucket's server access logs and the
	// distribution's access logs go: Target receives both (CloudFront's
	// under "cloudfront/<Name>/"); nil makes a log bucket for the site.
	// Disabled turns both off.
	AccessLogs securebucket.AccessLogs
	// LogScope is a scope whose AWS provider deploys to us-east-1 (the
	// stacks' inRegion scope): CloudFront's access log delivery (standard
	// logging v2) is configured through CloudWatch Logs in us-east-1 only.
	// nil when the scope given to New is in us-east-1.
	LogScope constructs.Construct
	// PriceClass is PriceClass_100 (default: North America and Europe),
	// PriceClass_200 or PriceClass_All.
	PriceClass string
	// ContentSecurityPolicy is sent as the Content-Security-Policy header
	// when set, such as "default-src 'self'".
	ContentSecurityPolicy string
	// HSTSPreload adds "preload" to Strict-Transport-Security: a promise
	// to browsers, hard to take back, that every subdomain is HTTPS-only.
	HSTSPreload bool
	// Production refuses the default certificate and a site without WAF.
	Production bool
	// Tags are added to the provider's default tags.
	Tags map[string]string
}

// Defaults and limits.
const (
	DefaultPriceClass = "PriceClass_100"
	// MinimumProtocolVersion is the oldest TLS viewers may use with a
	// custom certificate: TLSv1.2 with the 2021 cipher suites.
	MinimumProtocolVersion = "TLSv1.2_2021"
	// MaxNameLength leaves room in 64-character origin access control
	// names and 60-character delivery source names.
	MaxNameLength = 40
	// HSTSMaxAgeSeconds is two years, what the HSTS preload list asks.
	HSTSMaxAgeSeconds = 63072000
)

var (
	domainRE = regexp.MustCompile(`^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$`)
	certRE   = regexp.MustCompile(`^arn:aws[a-z-]*:acm:([a-z0-9-]+):[0-9]{12}:certificate/[a-f0-9-]+$`)
	aclRE    = regexp.MustCompile(`^arn:aws[a-z-]*:wafv2:([a-z0-9-]+):[0-9]{12}:(global|regional)/webacl/[A-Za-z0-9_-]+/[a-f0-9-]+$`)
)

// token reports whether a value is a CDKTF token, known only at synth.
func token(s string) bool { return strings.Contains(s, "${") }

func (p *Props) defaults() {
	if p.PriceClass == "" {
		p.PriceClass = DefaultPriceClass
	}
}

// validate applies the defaults and reports every problem, one line each,
// naming the field and the value.
func (p *Props) validate(id string) error {
	p.defaults()
	var errs []error
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("staticsite %s: "+format, append([]any{id}, args...)...))
	}
	if err := naming.CheckPrefix(p.Name, MaxNameLength); err != nil {
		if p.Name == "" {
			fail("Name %v", err)
		} else {
			fail("Name %q: %v", p.Name, err)
		}
	}
	for i, d := range p.DomainNames {
		if !domainRE.MatchString(d) || len(d) > 253 {
			fail("DomainNames[%d] %q: not a domain name", i, d)
		}
		if slices.Index(p.DomainNames, d) != i {
			fail("DomainNames[%d] %q: listed twice", i, d)
		}
	}
	if c := p.CertificateARN; c != nil {
		if m := certRE.FindStringSubmatch(*c); !token(*c) && (m == nil || m[1] != "us-east-1") {
			fail("CertificateARN %q: an ACM certificate ARN in us-east-1, where CloudFront reads certificates", *c)
		}
		if p.DefaultCertificateReason != "" {
			fail("DefaultCertificateReason %q: contradicts CertificateARN", p.DefaultCertificateReason)
		}
	} else {
		switch {
		case len(p.DomainNames) > 0:
			fail("DomainNames %q: aliases need CertificateARN", p.DomainNames)
		case p.Production:
			fail("CertificateARN is required in production: with the default certificate CloudFront accepts TLSv1")
		case p.DefaultCertificateReason == "":
			fail("CertificateARN is required: with the default certificate CloudFront accepts TLSv1 whatever the minimum; give DefaultCertificateReason to accept that")
		}
	}
	if a := p.WebACLARN; a != nil {
		if m := aclRE.FindStringSubmatch(*a); !token(*a) && (m == nil || m[1] != "us-east-1" || m[2] != "global") {
			fail("WebACLARN %q: a WAFv2 web ACL of CLOUDFRONT scope (arn:aws:wafv2:us-east-1:<account>:global/webacl/...)", *a)
		}
		if p.WAFDisabledReason != "" {
			fail("WAFDisabledReason %q: contradicts WebACLARN", p.WAFDisabledReason)
		}
	} else {
		switch {
		case p.Production:
			fail("WebACLARN is required in production")
		case p.WAFDisabledReason == "":
			fail("WebACLARN is required; give WAFDisabledReason to run the site without WAF")
		}
	}
	if p.BucketName != "" {
		if err := naming.CheckBucket(p.BucketName); err != nil {
			fail("BucketName: %v", err)
		} else if strings.Contains(p.BucketName, ".") {
			fail("BucketName %q: no dots (the origin is <bucket>.s3.<region>.amazonaws.com, which S3's wildcard certificate covers only without dots)", p.BucketName)
		}
	}
	if !slices.Contains([]string{"PriceClass_100", "PriceClass_200", "PriceClass_All"}, p.PriceClass) {
		fail("PriceClass %q: PriceClass_100, PriceClass_200 or PriceClass_All", p.PriceClass)
	}
	if strings.ContainsAny(p.ContentSecurityPolicy, "\r\n") || len(p.ContentSecurityPolicy) > 1783 {
		fail("ContentSecurityPolicy %q: one line of at most 1783 characters (CloudFront's limit)", p.ContentSecurityPolicy)
	}
	return errors.Join(errs...)
}
