package test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/securebucket"
	"github.com/acme/landing-zone/constructs/staticsite"
)

const (
	siteCert = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-0000-1111-2222-333344445555"
	siteACL  = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/acme-prod-cf/0a1b2c3d-0000-1111-2222-333344445555"
)

// TestStaticSiteProduction checks the CloudFront promise on a
// production site in us-east-1: OAC, redirect to HTTPS, TLSv1.2_2021,
// security headers, WAF, logs, and the bucket and key policies admitting
// this distribution only.
func TestStaticSiteProduction(t *testing.T) {
	st := newTestStack(t, "123456789012", "us-east-1")
	site, err := staticsite.New(st, "static", staticsite.Props{
		Name: "acme-prod-static", BucketName: "acme-prod-static-123456789012",
		DomainNames: []string{"static.example.com"}, CertificateARN: jsii.String(siteCert), WebACLARN: jsii.String(siteACL),
		ContentSecurityPolicy: "default-src 'self'", Production: true,
	})
	require.NoError(t, err)
	require.NotNil(t, site.LogBucket, "a log bucket made for the site")
	s := synthConstruct(t, st, "staticsite", "production")

	d := only(t, s, "aws_cloudfront_distribution")
	assert.Equal(t, []any{"static.example.com"}, d["aliases"])
	assert.Equal(t, siteACL, d["web_acl_id"])
	assert.NotContains(t, d, "logging_config", "legacy logging needs ACLs")
	vc := first(t, d, "viewer_certificate")
	assert.Equal(t, siteCert, vc["acm_certificate_arn"])
	assert.Equal(t, "TLSv1.2_2021", vc["minimum_protocol_version"])
	assert.Equal(t, "sni-only", vc["ssl_support_method"])
	cb := first(t, d, "default_cache_behavior")
	assert.Equal(t, "redirect-to-https", cb["viewer_protocol_policy"])
	assert.Equal(t, "${aws_cloudfront_response_headers_policy.static-headers.id}", cb["response_headers_policy_id"])
	origin := first(t, d, "origin")
	assert.Equal(t, "acme-prod-static-123456789012.s3.us-east-1.amazonaws.com", origin["domain_name"])
	assert.Equal(t, "${aws_cloudfront_origin_access_control.static-oac.id}", origin["origin_access_control_id"])
	assert.NotContains(t, origin, "s3_origin_config", "no legacy origin access identity")
	assert.Empty(t, s.resources("aws_cloudfront_origin_access_identity"))
	oac := only(t, s, "aws_cloudfront_origin_access_control")
	assert.Equal(t, "always", oac["signing_behavior"])
	assert.Equal(t, "sigv4", oac["signing_protocol"])

	sh := first(t, only(t, s, "aws_cloudfront_response_headers_policy"), "security_headers_config")
	hsts := first(t, sh, "strict_transport_security")
	assert.Equal(t, float64(staticsite.HSTSMaxAgeSeconds), hsts["access_control_max_age_sec"])
	assert.Equal(t, true, hsts["include_subdomains"])
	assert.Equal(t, "DENY", first(t, sh, "frame_options")["frame_option"])
	assert.Equal(t, true, first(t, sh, "content_type_options")["override"])
	assert.Equal(t, "strict-origin-when-cross-origin", first(t, sh, "referrer_policy")["referrer_policy"])
	assert.Equal(t, "default-src 'self'", first(t, sh, "content_security_policy")["content_security_policy"])

	distARN := "${aws_cloudfront_distribution.static-distribution.arn}"
	bp := policyOf(t, s.resources("aws_s3_bucket_policy")["static-content-policy"]["policy"])
	reads := mustStatement(t, bp, "CloudFrontReads")
	assert.Equal(t, map[string]any{"Service": "cloudfront.amazonaws.com"}, reads["Principal"])
	assert.Equal(t, "s3:GetObject", reads["Action"])
	assert.Equal(t, distARN, reads["Condition"].(map[string]any)["StringEquals"].(map[string]any)["aws:SourceArn"])
	kp := policyOf(t, s.resources("aws_kms_key")["static-content-key"]["policy"])
	dec := mustStatement(t, kp, "CloudFrontDecrypts")
	assert.Equal(t, "kms:Decrypt", dec["Action"])
	assert.Equal(t, distARN, dec["Condition"].(map[string]any)["StringEquals"].(map[string]any)["aws:SourceArn"])

	// Standard logging v2 into the log bucket, with explicit grants.
	src := only(t, s, "aws_cloudwatch_log_delivery_source")
	assert.Equal(t, "ACCESS_LOGS", src["log_type"])
	assert.Equal(t, distARN, src["resource_arn"])
	dst := only(t, s, "aws_cloudwatch_log_delivery_destination")
	assert.Contains(t, first(t, dst, "delivery_destination_configuration")["destination_resource_arn"], "/cloudfront/acme-prod-static")
	assert.Len(t, s.resources("aws_cloudwatch_log_delivery"), 1)
	lp := policyOf(t, s.resources("aws_s3_bucket_policy")["static-logs-policy"]["policy"])
	w := mustStatement(t, lp, "CloudFrontLogsWriteAcmeProdStatic")
	assert.Equal(t, map[string]any{"Service": "delivery.logs.amazonaws.com"}, w["Principal"])
	assert.Equal(t, "arn:aws:logs:us-east-1:123456789012:*", w["Condition"].(map[string]any)["ArnLike"].(map[string]any)["aws:SourceArn"])
	mustStatement(t, policyOf(t, s.resources("aws_kms_key")["static-logs-key"]["policy"]), "LogsDeliveryUseUSEast1")

	// Content must stay servable: no transition to Glacier, no expiry of
	// current versions.
	lc := s.resources("aws_s3_bucket_lifecycle_configuration")["static-content-lifecycle"]
	assert.NotContains(t, lc, "transition")
	for _, r := range lc["rule"].([]any) {
		assert.NotContains(t, r, "transition")
		assert.NotContains(t, r, "expiration")
	}
}

// TestStaticSiteOptions covers a stack outside us-east-1 (log delivery in
// the us-east-1 scope), a shared log bucket, the default certificate and a
// site without WAF (both with reasons), and another price class.
func TestStaticSiteOptions(t *testing.T) {
	st := newTestStack(t, "123456789012", "eu-west-1")
	east := constructs.NewConstruct(st, jsii.String("us-east-1"))
	env, err := awsenv.New("123456789012", "us-east-1")
	require.NoError(t, err)
	awsenv.Set(east, env)
	logs, err := securebucket.New(st, "shared-logs", securebucket.Props{AccessLogTarget: true})
	require.NoError(t, err)
	_, err = staticsite.New(st, "static", staticsite.Props{
		Name: "acme-dev-static", DefaultCertificateReason: "no domain in dev", WAFDisabledReason: "dev is not public",
		AccessLogs: securebucket.AccessLogs{Target: logs}, LogScope: east, PriceClass: "PriceClass_All", HSTSPreload: true,
	})
	require.NoError(t, err)
	s := synthConstruct(t, st, "staticsite", "options")

	d := only(t, s, "aws_cloudfront_distribution")
	vc := first(t, d, "viewer_certificate")
	assert.Equal(t, true, vc["cloudfront_default_certificate"])
	assert.NotContains(t, vc, "minimum_protocol_version", "CloudFront forces TLSv1 on the default certificate; a value would never settle")
	assert.NotContains(t, d, "web_acl_id")
	assert.NotContains(t, d, "aliases")
	assert.Equal(t, "PriceClass_All", d["price_class"])
	assert.Contains(t, first(t, d, "origin")["domain_name"], ".s3.eu-west-1.amazonaws.com")
	assert.Len(t, s.resources("aws_s3_bucket"), 2, "the content bucket and the shared log bucket")
	assert.Equal(t, true, first(t, first(t, only(t, s, "aws_cloudfront_response_headers_policy"), "security_headers_config"), "strict_transport_security")["preload"])
	assert.Equal(t, "${aws_s3_bucket.shared-logs.id}", s.resources("aws_s3_bucket_logging")["static-content-logging"]["target_bucket"])
	mustStatement(t, policyOf(t, s.resources("aws_s3_bucket_policy")["shared-logs-policy"]["policy"]), "CloudFrontLogsWriteAcmeDevStatic")
	// The suppressions a site without WAF and with the default
	// certificate carries (their reasons come from the props).
	sup := d["//"].(map[string]any)["suppressions"].(map[string]any)
	assert.Contains(t, sup["CF-3"], "no domain in dev")
	assert.Contains(t, sup["CF-5"], "dev is not public")
}

// TestStaticSiteRejects: bad input and a log scope outside us-east-1 stop
// New before any resource exists.
func TestStaticSiteRejects(t *testing.T) {
	st := newTestStack(t, "123456789012", "eu-west-1")
	_, err := staticsite.New(st, "static", staticsite.Props{Name: "acme-prod-static", Production: true})
	require.Error(t, err)
	assert.Len(t, strings.Split(err.Error(), "\n"), 2, err.Error())

	_, err = staticsite.New(st, "static", staticsite.Props{Name: "acme-dev-static", DefaultCertificateReason: "dev", WAFDisabledReason: "dev"})
	require.ErrorContains(t, err, "LogScope: region eu-west-1")
	assert.Empty(t, synthStack(t, st)["resource"], "nothing built")
}

// TestStaticSiteLogsDisabled: with AccessLogs.Disabled no log bucket or
// delivery is made, and the distribution carries the CF-4 opt-out. The
// content bucket then has no server access logs either (S3-1 reports it,
// for the caller to suppress with its own reason).
func TestStaticSiteLogsDisabled(t *testing.T) {
	st := newTestStack(t, "123456789012", "us-east-1")
	site, err := staticsite.New(st, "static", staticsite.Props{
		Name: "acme-dev-static", CertificateARN: jsii.String(siteCert), WebACLARN: jsii.String(siteACL),
		AccessLogs: securebucket.AccessLogs{Disabled: true},
	})
	require.NoError(t, err)
	assert.Nil(t, site.LogBucket)
	full, err := json.Marshal(st.ToTerraform())
	require.NoError(t, err)
	var s synthesized
	require.NoError(t, json.Unmarshal(full, &s))
	assert.Empty(t, s.resources("aws_cloudwatch_log_delivery_source"))
	assert.Empty(t, s.resources("aws_s3_bucket_logging"))
	assert.Len(t, s.resources("aws_s3_bucket"), 1)
	d := only(t, s, "aws_cloudfront_distribution")
	assert.Contains(t, d["//"].(map[string]any)["suppressions"].(map[string]any)["CF-4"], "AccessLogs.Disabled")
}
