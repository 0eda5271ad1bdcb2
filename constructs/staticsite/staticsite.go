// Package staticsite provides the web application's static assets on
// CloudFront (architecture guide 7.1: Route 53 -> CloudFront -> S3): a
// private SecureBucket that only the distribution reads, through origin
// access control (OAC; not the legacy origin access identity), HTTPS only
// with TLSv1.2_2021 at least, a security-headers response policy, access
// logs and a WAF web ACL.
//
// Access logs use CloudFront's standard logging v2 (CloudWatch Logs vended
// log delivery) into the log bucket. The legacy standard logging needs a
// log bucket with ACLs enabled, which SecureBucket refuses (ACLs off,
// rule S3-6); v2 writes as the delivery.logs.amazonaws.com service
// principal under a bucket policy and key policy, with ACLs off (CloudWatch
// Logs User Guide, "Logs sent to Amazon S3" [V2 permissions]).
package staticsite

import (
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudfrontdistribution"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudfrontoriginaccesscontrol"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudfrontresponseheaderspolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchlogdelivery"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchlogdeliverydestination"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchlogdeliverysource"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/securebucket"
	"github.com/acme/landing-zone/constructs/suppress"
	"github.com/acme/landing-zone/constructs/tags"
)

// CachingOptimized is the id of CloudFront's managed cache policy for
// static content (CloudFront Developer Guide, "Use managed cache
// policies").
const CachingOptimized = "658327ea-f89d-4fab-a63d-7e88639e58f6"

// originID names the bucket origin inside the distribution.
const originID = "content"

// Site is the result of New.
type Site struct {
	// Bucket holds the content; upload with Bucket.GrantWrite.
	Bucket *securebucket.Bucket
	// LogBucket receives the access logs (nil with AccessLogs.Disabled).
	LogBucket *securebucket.Bucket
	// DistributionDomainName and DistributionHostedZoneID are what a
	// Route 53 alias record points at.
	DistributionDomainName, DistributionHostedZoneID *string
	// DistributionARN and DistributionID identify the distribution.
	DistributionARN, DistributionID *string
}

// New validates props in plain Go first, so that bad input returns an error
// (one line per problem) before any resource exists, then builds the site.
func New(scope constructs.Construct, id string, props Props) (*Site, error) {
	p := props
	if err := p.validate(id); err != nil {
		return nil, err
	}
	fail := func(err error) (*Site, error) { return nil, fmt.Errorf("staticsite %s: %w", id, err) }
	env, err := awsenv.Of(scope)
	if err != nil {
		return fail(err)
	}
	logging := !p.AccessLogs.Disabled
	logScope, logEnv := p.LogScope, env
	if logScope == nil {
		logScope = scope
	} else if logEnv, err = awsenv.Of(logScope); err != nil {
		return fail(err)
	}
	// CloudFront's log delivery is configured in us-east-1 only
	// (CloudFront Developer Guide, "Configure standard logging (v2)").
	if logging && logEnv.Region != "us-east-1" {
		return fail(fmt.Errorf("LogScope: region %s; CloudFront's log delivery is configured in us-east-1: give the stack's us-east-1 scope", logEnv.Region))
	}
	tg := tags.Ptrs(p.Tags)

	var logBucket *securebucket.Bucket
	if logging {
		if logBucket = p.AccessLogs.Target; logBucket == nil {
			if logBucket, err = securebucket.New(scope, id+"-logs", securebucket.Props{AccessLogTarget: true, Tags: p.Tags}); err != nil {
				return fail(err)
			}
		}
	}
	bucket, err := securebucket.New(scope, id+"-content", securebucket.Props{
		Name:       p.BucketName,
		AccessLogs: securebucket.AccessLogs{Target: logBucket, Prefix: p.AccessLogs.Prefix, Disabled: !logging},
		// Not the default lifecycle: it moves objects to Glacier and
		// expires them, and CloudFront cannot serve archived objects.
		// Old versions and failed uploads are still cleaned up.
		Lifecycle: &securebucket.Lifecycle{NoncurrentExpirationDays: 90, AbortMultipartDays: 7},
		Tags:      p.Tags,
	})
	if err != nil {
		return fail(err)
	}

	// OAC signs every origin request with SigV4 (CloudFront Developer
	// Guide, "Restrict access to an Amazon S3 origin").
	oac := cloudfrontoriginaccesscontrol.NewCloudfrontOriginAccessControl(scope, jsii.String(id+"-oac"), &cloudfrontoriginaccesscontrol.CloudfrontOriginAccessControlConfig{
		Name:                          jsii.String(p.Name),
		Description:                   jsii.String("Signs requests of " + p.Name + " to its bucket"),
		OriginAccessControlOriginType: jsii.String("s3"),
		SigningBehavior:               jsii.String("always"),
		SigningProtocol:               jsii.String("sigv4"),
	})

	security := &cloudfrontresponseheaderspolicy.CloudfrontResponseHeadersPolicySecurityHeadersConfig{
		StrictTransportSecurity: &cloudfrontresponseheaderspolicy.CloudfrontResponseHeadersPolicySecurityHeadersConfigStrictTransportSecurity{
			AccessControlMaxAgeSec: jsii.Number(HSTSMaxAgeSeconds),
			IncludeSubdomains:      jsii.Bool(true),
			Preload:                jsii.Bool(p.HSTSPreload),
			Override:               jsii.Bool(true),
		},
		ContentTypeOptions: &cloudfrontresponseheaderspolicy.CloudfrontResponseHeadersPolicySecurityHeadersConfigContentTypeOptions{Override: jsii.Bool(true)},
		FrameOptions: &cloudfrontresponseheaderspolicy.CloudfrontResponseHeadersPolicySecurityHeadersConfigFrameOptions{
			FrameOption: jsii.String("DENY"), Override: jsii.Bool(true),
		},
		ReferrerPolicy: &cloudfrontresponseheaderspolicy.CloudfrontResponseHeadersPolicySecurityHeadersConfigReferrerPolicy{
			ReferrerPolicy: jsii.String("strict-origin-when-cross-origin"), Override: jsii.Bool(true),
		},
	}
	if p.ContentSecurityPolicy != "" {
		security.ContentSecurityPolicy = &cloudfrontresponseheaderspolicy.CloudfrontResponseHeadersPolicySecurityHeadersConfigContentSecurityPolicy{
			ContentSecurityPolicy: jsii.String(p.ContentSecurityPolicy), Override: jsii.Bool(true),
		}
	}
	headers := cloudfrontresponseheaderspolicy.NewCloudfrontResponseHeadersPolicy(scope, jsii.String(id+"-headers"), &cloudfrontresponseheaderspolicy.CloudfrontResponseHeadersPolicyConfig{
		Name:                  jsii.String(p.Name + "-security-headers"),
		Comment:               jsii.String("HSTS, nosniff, frame DENY and referrer policy for " + p.Name),
		SecurityHeadersConfig: security,
	})

	viewer := &cloudfrontdistribution.CloudfrontDistributionViewerCertificate{}
	if p.CertificateARN != nil {
		viewer.AcmCertificateArn = p.CertificateARN
		viewer.SslSupportMethod = jsii.String("sni-only")
		viewer.MinimumProtocolVersion = jsii.String(MinimumProtocolVersion)
	} else {
		// minimum_protocol_version stays unset: CloudFront applies TLSv1
		// to the default certificate whatever is asked, and a value would
		// show as a change on every plan.
		viewer.CloudfrontDefaultCertificate = jsii.Bool(true)
	}
	cfg := &cloudfrontdistribution.CloudfrontDistributionConfig{
		Enabled:           jsii.Bool(true),
		Comment:           jsii.String("Static assets of " + p.Name),
		IsIpv6Enabled:     jsii.Bool(true),
		HttpVersion:       jsii.String("http2and3"),
		DefaultRootObject: jsii.String("index.html"),
		PriceClass:        jsii.String(p.PriceClass),
		Origin: []*cloudfrontdistribution.CloudfrontDistributionOrigin{{
			// The regional endpoint: the global one redirects for new
			// buckets outside us-east-1 until DNS settles.
			DomainName:            jsii.String(fmt.Sprintf("%s.s3.%s.%s", bucket.Name, env.Region, env.DNSSuffix())),
			OriginId:              jsii.String(originID),
			OriginAccessControlId: oac.Id(),
		}},
		DefaultCacheBehavior: &cloudfrontdistribution.CloudfrontDistributionDefaultCacheBehavior{
			TargetOriginId:          jsii.String(originID),
			ViewerProtocolPolicy:    jsii.String("redirect-to-https"),
			AllowedMethods:          jsii.Strings("GET", "HEAD"),
			CachedMethods:           jsii.Strings("GET", "HEAD"),
			CachePolicyId:           jsii.String(CachingOptimized),
			ResponseHeadersPolicyId: headers.Id(),
			Compress:                jsii.Bool(true),
		},
		Restrictions: &cloudfrontdistribution.CloudfrontDistributionRestrictions{
			GeoRestriction: &cloudfrontdistribution.CloudfrontDistributionRestrictionsGeoRestriction{RestrictionType: jsii.String("none")},
		},
		ViewerCertificate: viewer,
		Tags:              tg,
	}
	if len(p.DomainNames) > 0 {
		cfg.Aliases = jsii.Strings(p.DomainNames...)
	}
	if p.WebACLARN != nil {
		cfg.WebAclId = p.WebACLARN
	}
	dist := cloudfrontdistribution.NewCloudfrontDistribution(scope, jsii.String(id+"-distribution"), cfg)
	// The typed opt-outs carry their reasons to the policy check, which
	// reports them as suppressed findings (RULES.md).
	optOuts := [][2]string{{"CF-3", p.DefaultCertificateReason}, {"CF-5", p.WAFDisabledReason}}
	if !logging {
		optOuts = append(optOuts, [2]string{"CF-4", "access logs disabled (AccessLogs.Disabled)"})
	}
	for _, o := range optOuts {
		if o[1] == "" {
			continue
		}
		if err := suppress.Rule(dist, o[0], o[1]); err != nil {
			return fail(err)
		}
	}
	distARN := dist.Arn()

	// The bucket admits the distribution only: the CloudFront service
	// principal with aws:SourceArn of this distribution, and decrypting
	// with the bucket's key on the same condition, which SSE-KMS objects
	// behind OAC need (CloudFront Developer Guide, "Restrict access to an
	// Amazon S3 origin", SSE-KMS). Reading only: no kms:Encrypt or
	// GenerateDataKey, since nothing uploads through CloudFront.
	fromDistribution := []iampolicy.Condition{iampolicy.Cond("StringEquals", "aws:SourceArn", *distARN)}
	cloudfront := []iampolicy.Principal{iampolicy.ServicePrincipals("cloudfront.amazonaws.com")}
	if err := bucket.AddToPolicy(iampolicy.Statement{
		Sid: "CloudFrontReads", Effect: iampolicy.Allow, Principals: cloudfront,
		Actions: []string{"s3:GetObject"}, Resources: []string{bucket.ObjectsARN("")},
		Conditions: fromDistribution,
	}); err != nil {
		return fail(err)
	}
	if err := bucket.Key.AddToPolicy(iampolicy.Statement{
		Sid: "CloudFrontDecrypts", Effect: iampolicy.Allow, Principals: cloudfront,
		Actions: []string{"kms:Decrypt"}, Resources: []string{"*"},
		Conditions: fromDistribution,
	}); err != nil {
		return fail(err)
	}

	if logging {
		if err := deliverLogs(logScope, id, p, env, logEnv, logBucket, distARN); err != nil {
			return fail(err)
		}
	}

	return &Site{
		Bucket:                   bucket,
		LogBucket:                logBucket,
		DistributionDomainName:   dist.DomainName(),
		DistributionHostedZoneID: dist.HostedZoneId(),
		DistributionARN:          distARN,
		DistributionID:           dist.Id(),
	}, nil
}

// deliverLogs sends the distribution's access logs to logBucket under
// "cloudfront/<Name>/" through CloudWatch Logs' vended log delivery in
// us-east-1. The bucket policy and key policy statements are written here
// rather than left to AWS, which would add them itself on the first
// delivery and see them removed by the next apply of the bucket policy.
func deliverLogs(logScope constructs.Construct, id string, p Props, env, logEnv awsenv.Env, logBucket *securebucket.Bucket, distARN *string) error {
	prefix := "cloudfront/" + p.Name + "/"
	fromLogs := []iampolicy.Condition{
		iampolicy.Cond("StringEquals", "aws:SourceAccount", env.AccountID),
		iampolicy.Cond("ArnLike", "aws:SourceArn", logEnv.ARN("logs", "*")),
	}
	delivery := []iampolicy.Principal{iampolicy.ServicePrincipals(env.ServicePrincipal("delivery.logs"))}
	sid := iampolicy.SidPart(p.Name)
	if err := logBucket.AddToPolicy(
		iampolicy.Statement{
			Sid: "CloudFrontLogsWrite" + sid, Effect: iampolicy.Allow, Principals: delivery,
			Actions: []string{"s3:PutObject"}, Resources: []string{logBucket.ObjectsARN(prefix)},
			Conditions: append([]iampolicy.Condition{iampolicy.Cond("StringEquals", "s3:x-amz-acl", "bucket-owner-full-control")}, fromLogs...),
		},
		iampolicy.Statement{
			// ListBucket beside GetBucketAcl avoids AccessDenied noise in
			// CloudTrail (same page).
			Sid: "CloudFrontLogsAclCheck" + sid, Effect: iampolicy.Allow, Principals: delivery,
			Actions: []string{"s3:GetBucketAcl", "s3:ListBucket"}, Resources: []string{logBucket.ARN},
			Conditions: fromLogs,
		},
	); err != nil {
		return err
	}
	if err := logBucket.Key.Ensure(kmskey.ServiceUse("LogsDeliveryUseUSEast1", env, "delivery.logs",
		[]string{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"},
		iampolicy.Cond("ArnLike", "aws:SourceArn", logEnv.ARN("logs", "*")))); err != nil {
		return err
	}
	tg := tags.Ptrs(p.Tags)
	source := cloudwatchlogdeliverysource.NewCloudwatchLogDeliverySource(logScope, jsii.String(id+"-log-source"), &cloudwatchlogdeliverysource.CloudwatchLogDeliverySourceConfig{
		Name:        jsii.String(p.Name + "-cloudfront"),
		LogType:     jsii.String("ACCESS_LOGS"),
		ResourceArn: distARN,
		Tags:        tg,
	})
	dest := cloudwatchlogdeliverydestination.NewCloudwatchLogDeliveryDestination(logScope, jsii.String(id+"-log-destination"), &cloudwatchlogdeliverydestination.CloudwatchLogDeliveryDestinationConfig{
		Name:         jsii.String(p.Name + "-cloudfront-s3"),
		OutputFormat: jsii.String("json"),
		DeliveryDestinationConfiguration: []*cloudwatchlogdeliverydestination.CloudwatchLogDeliveryDestinationDeliveryDestinationConfiguration{{
			DestinationResourceArn: jsii.String(logBucket.ARN + "/" + prefix[:len(prefix)-1]),
		}},
		Tags: tg,
	})
	cloudwatchlogdelivery.NewCloudwatchLogDelivery(logScope, jsii.String(id+"-log-delivery"), &cloudwatchlogdelivery.CloudwatchLogDeliveryConfig{
		DeliverySourceName:     source.Name(),
		DeliveryDestinationArn: dest.Arn(),
		Tags:                   tg,
		DependsOn:              &[]cdktf.ITerraformDependable{logBucket.PolicyResource()},
	})
	return nil
}
