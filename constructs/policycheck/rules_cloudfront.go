package policycheck

import (
	"fmt"
	"slices"
	"strings"
)

const cloudfrontDistribution = "aws_cloudfront_distribution"

// modernTLS are the CloudFront security policies with TLS 1.2 at least.
var modernTLS = []string{"TLSv1.2_2018", "TLSv1.2_2019", "TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025"}

var cloudfrontRules = []Rule{
	{
		ID:          "CF-1",
		Severity:    Error,
		Description: "Every cache behavior of a distribution sends viewers to HTTPS.",
		Fix:         `set viewer_protocol_policy = "redirect-to-https" (or "https-only") on the default and every ordered cache behavior`,
		Types:       []string{cloudfrontDistribution},
		Checkov:     []string{"CKV_AWS_34"},
		Trivy:       []string{"AVD-AWS-0012"},
		check:       checkCFViewerHTTPS,
	},
	{
		ID:          "CF-2",
		Severity:    Error,
		Description: "Every S3 origin is reached through origin access control, not a legacy origin access identity.",
		Fix:         "give the origin an origin_access_control_id (an aws_cloudfront_origin_access_control of type s3, signing always) and remove s3_origin_config's origin_access_identity; the bucket policy admits cloudfront.amazonaws.com with aws:SourceArn of the distribution",
		Types:       []string{cloudfrontDistribution},
		check:       checkCFOriginAccessControl,
	},
	{
		ID:          "CF-3",
		Severity:    Error,
		Description: "Every distribution accepts TLS 1.2 or later only.",
		Fix:         `use an ACM certificate (in us-east-1) with minimum_protocol_version = "TLSv1.2_2021"; with the default *.cloudfront.net certificate CloudFront applies TLSv1 whatever is set`,
		Types:       []string{cloudfrontDistribution},
		Checkov:     []string{"CKV_AWS_174"},
		Trivy:       []string{"AVD-AWS-0013"},
		check:       checkCFTLS,
	},
	{
		ID:          "CF-4",
		Severity:    Error,
		Description: "Every distribution writes access logs.",
		Fix:         "add a standard logging v2 delivery (aws_cloudwatch_log_delivery_source with log_type ACCESS_LOGS and resource_arn the distribution's ARN, in us-east-1; staticsite does) or a logging_config",
		Types:       []string{cloudfrontDistribution},
		Checkov:     []string{"CKV_AWS_86"},
		Trivy:       []string{"AVD-AWS-0010"},
		check:       checkCFLogging,
	},
	{
		ID:          "CF-5",
		Severity:    Error,
		Description: "Every distribution is protected by a WAF web ACL.",
		Fix:         "set web_acl_id to the ARN of a WAFv2 web ACL of CLOUDFRONT scope (made in us-east-1)",
		Types:       []string{cloudfrontDistribution},
		Checkov:     []string{"CKV_AWS_68"},
		Trivy:       []string{"AVD-AWS-0011"},
		check:       checkCFWAF,
	},
}

func checkCFViewerHTTPS(_ *stack, r *resource) []string {
	var out []string
	check := func(what string, b map[string]any) {
		switch p := str(b, "viewer_protocol_policy"); {
		case p == "redirect-to-https" || p == "https-only" || isExpr(p):
		default:
			out = append(out, fmt.Sprintf("%s: viewer_protocol_policy is %q: viewers may use plain HTTP", what, p))
		}
	}
	check("default_cache_behavior", block(r.attrs, "default_cache_behavior"))
	for _, b := range blocks(r.attrs, "ordered_cache_behavior") {
		check("ordered_cache_behavior "+str(b, "path_pattern"), b)
	}
	return out
}

// s3Origin reports whether an origin is an S3 bucket's REST endpoint
// (website endpoints, s3-website, are custom origins and cannot use OAC).
func s3Origin(o map[string]any) bool {
	d := str(o, "domain_name")
	return block(o, "s3_origin_config") != nil || (strings.Contains(d, ".s3.") || strings.Contains(d, ".s3-")) && !strings.Contains(d, "s3-website")
}

func checkCFOriginAccessControl(_ *stack, r *resource) []string {
	var out []string
	for _, o := range blocks(r.attrs, "origin") {
		if !s3Origin(o) {
			continue
		}
		id := str(o, "origin_id")
		if oai := str(block(o, "s3_origin_config"), "origin_access_identity"); oai != "" {
			out = append(out, fmt.Sprintf("origin %s uses the legacy origin access identity %s", id, oai))
		}
		if !set(o, "origin_access_control_id") {
			out = append(out, fmt.Sprintf("origin %s has no origin_access_control_id: the bucket must be public or admit an OAI", id))
		}
	}
	return out
}

func checkCFTLS(_ *stack, r *resource) []string {
	vc := block(r.attrs, "viewer_certificate")
	if on(vc, "cloudfront_default_certificate", false) || (!set(vc, "acm_certificate_arn") && !set(vc, "iam_certificate_id")) {
		return []string{"the default *.cloudfront.net certificate: CloudFront accepts TLSv1 with it"}
	}
	if v := str(vc, "minimum_protocol_version"); !slices.Contains(modernTLS, v) && !isExpr(v) {
		if v == "" {
			v = "TLSv1 (the default)"
		}
		return []string{fmt.Sprintf("minimum_protocol_version is %s: older than TLS 1.2", v)}
	}
	return nil
}

func checkCFLogging(s *stack, r *resource) []string {
	if set(block(r.attrs, "logging_config"), "bucket") {
		return nil
	}
	for _, src := range s.related("aws_cloudwatch_log_delivery_source", "resource_arn", r) {
		if lt := str(src.attrs, "log_type"); lt == "ACCESS_LOGS" || isExpr(lt) {
			if len(s.related("aws_cloudwatch_log_delivery", "delivery_source_name", src, "name")) > 0 {
				return nil
			}
		}
	}
	return []string{"no access logs: neither a logging_config nor a log delivery of its ACCESS_LOGS"}
}

func checkCFWAF(_ *stack, r *resource) []string {
	if !set(r.attrs, "web_acl_id") {
		return []string{"no web_acl_id: no WAF in front of the distribution"}
	}
	return nil
}
