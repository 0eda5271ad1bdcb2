package test

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/ec2tier"
	"github.com/acme/landing-zone/constructs/loadbalancer"
	"github.com/acme/landing-zone/stacks"
	"github.com/acme/landing-zone/stacks/org"
)

// TestWebApp checks the definition of done on every workload stack
// of the example: the public ALB (HTTPS, redirect, TLS 1.3 policy, logs,
// WAF), the web tier's launch template and group, the internal ALB in front
// of the app tier, the uploads bucket, the DNS records and health check.
// The example synthesizes once for all tests (exampleOrg).
func TestWebApp(t *testing.T) {
	_, parsed := exampleOrg(t)
	o := org.Example()
	for _, e := range o.Environments {
		s := parsed[stacks.WorkloadStackName(e.Name)]
		require.NotNil(t, s, e.Name)
		t.Run(e.Name, func(t *testing.T) {
			lbs := s.resources("aws_lb")
			require.Len(t, lbs, 2)
			pub, in := lbs["web-public-lb"], lbs["web-internal-lb"]
			assert.Equal(t, false, pub["internal"])
			assert.Equal(t, true, in["internal"])
			for name, lb := range lbs {
				assert.Equal(t, true, lb["drop_invalid_header_fields"], name)
				assert.Equal(t, loadbalancer.DesyncMitigation, lb["desync_mitigation_mode"], name)
				assert.Equal(t, e.Production, lb["enable_deletion_protection"], name)
				logs := first(t, lb, "access_logs")
				assert.Equal(t, true, logs["enabled"], name)
				assert.Contains(t, logs["bucket"], e.Name+"-alb-logs", name)
			}
			listeners := s.resources("aws_lb_listener")
			require.Len(t, listeners, 3, "HTTPS on both, the redirect on the public one only")
			for _, name := range []string{"web-public-lb-https", "web-internal-lb-https"} {
				l := listeners[name]
				assert.Equal(t, "HTTPS", l["protocol"], name)
				assert.Equal(t, loadbalancer.TLSPolicy, l["ssl_policy"], name)
				assert.Equal(t, "${aws_acm_certificate_validation.web-certificate-validated.certificate_arn}", l["certificate_arn"], name)
			}
			redirect := first(t, first(t, listeners["web-public-lb-http"], "default_action"), "redirect")
			assert.Equal(t, "HTTPS", redirect["protocol"])
			assert.Equal(t, "HTTP_301", redirect["status_code"])
			assoc := s.resources("aws_wafv2_web_acl_association")["web-waf-association"]
			require.NotNil(t, assoc)
			assert.Equal(t, "${aws_lb.web-public-lb.arn}", assoc["resource_arn"])

			templates := s.resources("aws_launch_template")
			wantTemplates := 1
			if e.Web.AppTier.Kind == org.AppTierEC2 {
				wantTemplates = 2
			}
			require.Len(t, templates, wantTemplates)
			for name, lt := range templates {
				md := first(t, lt, "metadata_options")
				assert.Equal(t, "required", md["http_tokens"], name)
				assert.EqualValues(t, 1, md["http_put_response_hop_limit"], name)
				assert.Equal(t, ec2tier.ImageID, lt["image_id"], name)
				assert.Nil(t, lt["key_name"], name)
				assert.Equal(t, true, first(t, lt, "monitoring")["enabled"], name)
				ebs := first(t, first(t, lt, "block_device_mappings"), "ebs")
				assert.Equal(t, "true", ebs["encrypted"], name)
				assert.Equal(t, "gp3", ebs["volume_type"], name)
				assert.Equal(t, "${aws_kms_key.baseline-ebs-key.arn}", ebs["kms_key_id"], name)
				assert.Equal(t, "false", first(t, lt, "network_interfaces")["associate_public_ip_address"], name)
			}
			web := s.resources("aws_autoscaling_group")["web-web-group"]
			require.NotNil(t, web)
			assert.Equal(t, "ELB", web["health_check_type"])
			assert.EqualValues(t, e.Web.WebTier.Min, web["min_size"])
			assert.EqualValues(t, e.Web.WebTier.Max, web["max_size"])
			assert.Equal(t, "Rolling", first(t, web, "instance_refresh")["strategy"])
			assert.Equal(t, []any{"${aws_lb_target_group.web-public-lb-targets.arn}"}, web["target_group_arns"])
			cpu := s.resources("aws_autoscaling_policy")["web-web-cpu"]
			require.NotNil(t, cpu)
			assert.EqualValues(t, 70, first(t, cpu, "target_tracking_configuration")["target_value"])
			tg := s.resources("aws_lb_target_group")["web-internal-lb-targets"]
			if e.Web.AppTier.Kind == org.AppTierFargate {
				assert.Equal(t, "ip", tg["target_type"])
			} else {
				assert.Equal(t, "instance", tg["target_type"])
				assert.NotNil(t, s.resources("aws_autoscaling_group")["web-app-group"])
			}

			assert.NotNil(t, s.resources("aws_s3_bucket")["web-uploads"])
			// The ALB log bucket is SSE-S3 only: no key, no alias, and a
			// policy that requires no KMS (finding 5 of issue 11).
			assert.NotContains(t, s.resources("aws_kms_key"), "web-alb-logs-key")
			for name, a := range s.resources("aws_kms_alias") {
				assert.NotContains(t, a["name"], "alb-logs", name)
			}
			albPolicy := s.resources("aws_s3_bucket_policy")["web-alb-logs-policy"]
			require.NotNil(t, albPolicy)
			assert.NotContains(t, albPolicy["policy"], "aws:kms")
			assert.NotContains(t, albPolicy["policy"], "aws_kms_key")
			albDoc := policyDoc(t, albPolicy["policy"])
			assert.Nil(t, statement(albDoc, "DenyOtherKMSKey"))
			assert.NotNil(t, statement(albDoc, "DenyInsecureTransport"))
			assert.NotNil(t, statement(albDoc, "ELBAccessLogsDelivery"))
			assert.Equal(t, map[string]any{
				"StringNotEquals": map[string]any{"s3:x-amz-server-side-encryption": "AES256"},
				"Null":            map[string]any{"s3:x-amz-server-side-encryption": "false"},
			}, statement(albDoc, "DenyOtherEncryption")["Condition"])
			records := s.resources("aws_route53_record")
			for _, r := range []string{"web-public-alias", "web-internal-alias", "web-certificate-validation"} {
				assert.Contains(t, records, r)
			}
			assert.Equal(t, e.Web.Domain, records["web-public-alias"]["name"])
			assert.Equal(t, e.DNS.ZoneID, records["web-public-alias"]["zone_id"])
			hc := s.resources("aws_route53_health_check")["web-health"]
			require.NotNil(t, hc)
			assert.Equal(t, e.Web.Domain, hc["fqdn"])
			// End to end: the web servers proxy it to the app tier; the
			// public target group keeps the web server's own /health
			// (finding 6 of issue 11).
			assert.Equal(t, "/health/app", hc["resource_path"])
			assert.Equal(t, "/health", first(t, s.resources("aws_lb_target_group")["web-public-lb-targets"], "health_check")["path"])
			webLT := s.resources("aws_launch_template")["web-web-template"]
			require.NotNil(t, webLT, "web launch template")
			ud, err := base64.StdEncoding.DecodeString(fmt.Sprint(webLT["user_data"]))
			require.NoError(t, err)
			assert.Contains(t, string(ud), "location = /health/app {")
			assert.Contains(t, string(ud), "proxy_pass $app/health;")
			alarm := s.resources("aws_cloudwatch_metric_alarm")["web-health-alarm"]
			require.NotNil(t, alarm)
			assert.Equal(t, "AWS/Route53", alarm["namespace"])
		})
	}
}

// TestWebAppSecurityGroups: no group admits 0.0.0.0/0 but the public load
// balancer's, on 443 and 80; every rule has a description; the app tier
// admits its internal load balancer only.
func TestWebAppSecurityGroups(t *testing.T) {
	_, parsed := exampleOrg(t)
	for _, e := range org.Example().Environments {
		s := parsed[stacks.WorkloadStackName(e.Name)]
		for name, r := range s.resources("aws_vpc_security_group_ingress_rule") {
			assert.NotEmpty(t, r["description"], name)
			if r["cidr_ipv4"] == "0.0.0.0/0" {
				assert.Equal(t, "${aws_security_group.tiers-web.id}", r["security_group_id"], name)
				assert.Contains(t, []any{float64(443), float64(80)}, r["from_port"], name)
			}
			if r["security_group_id"] == "${aws_security_group.tiers-app.id}" {
				assert.Equal(t, "${aws_security_group.tiers-app-lb.id}", r["referenced_security_group_id"], name)
			}
		}
		for name, r := range s.resources("aws_vpc_security_group_egress_rule") {
			assert.NotEmpty(t, r["description"], name)
			assert.NotEqual(t, "0.0.0.0/0", r["cidr_ipv4"], "%s: egress to anywhere", name)
			if strings.HasPrefix(name, "tiers-web-out") {
				assert.Equal(t, "${aws_security_group.tiers-web-servers.id}", r["referenced_security_group_id"], "%s: the public load balancer reaches the web servers only", name)
			}
		}
	}
}

// TestCreatedZone: with dns.create_zone the stack makes the zone, outputs
// its name servers, and every record (the order system's and the web
// application's) goes into it.
func TestCreatedZone(t *testing.T) {
	s := variantOrg(t)[stacks.WorkloadStackName("dev")]
	zones := s.resources("aws_route53_zone")
	require.Len(t, zones, 1)
	assert.Equal(t, "dev.shop.acme.example", zones["dns-zone"]["name"])
	outputs, _ := s["output"].(map[string]any)
	assert.Contains(t, outputs, "dns-name-servers")
	records := s.resources("aws_route53_record")
	require.NotEmpty(t, records)
	for name, r := range records {
		assert.Equal(t, "${aws_route53_zone.dns-zone.zone_id}", r["zone_id"], name)
	}
}
