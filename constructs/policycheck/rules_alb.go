package policycheck

import (
	"fmt"
	"strings"
)

// lbTypes are the load balancer resource types (aws_alb is the alias).
var (
	lbTypes       = []string{"aws_lb", "aws_alb"}
	listenerTypes = []string{"aws_lb_listener", "aws_alb_listener"}
)

// webRules cover the web application pattern: load balancers, launch
// templates and Route 53 health checks.
var webRules = []Rule{
	{
		ID:          "ALB-1",
		Severity:    Error,
		Description: "Every load balancer listener speaks HTTPS, or redirects HTTP to HTTPS.",
		Fix:         `use protocol "HTTPS" with a certificate, or a default_action of type "redirect" to protocol "HTTPS"`,
		Types:       listenerTypes,
		Checkov:     []string{"CKV_AWS_2", "CKV2_AWS_20"},
		Trivy:       []string{"AVD-AWS-0054"},
		check:       checkListenerHTTPS,
	},
	{
		ID:          "ALB-2",
		Severity:    Error,
		Description: "Every HTTPS listener uses a TLS 1.3 security policy (ELBSecurityPolicy-TLS13-*).",
		Fix:         `set ssl_policy = "ELBSecurityPolicy-TLS13-1-2-Res-2021-06" (without one, the API uses ELBSecurityPolicy-2016-08, which admits TLS 1.0)`,
		Types:       listenerTypes,
		Checkov:     []string{"CKV_AWS_103"},
		Trivy:       []string{"AVD-AWS-0047"},
		check:       checkListenerTLSPolicy,
	},
	{
		ID:          "ALB-3",
		Severity:    Error,
		Description: "Every Application Load Balancer drops invalid header fields and does not run desync mitigation in monitor mode.",
		Fix:         `set drop_invalid_header_fields = true and desync_mitigation_mode = "defensive" or "strictest"`,
		Types:       lbTypes,
		Checkov:     []string{"CKV_AWS_131", "CKV_AWS_328"},
		Trivy:       []string{"AVD-AWS-0052"},
		check:       checkLBHeaders,
	},
	{
		ID:          "ALB-4",
		Severity:    Error,
		Description: "Every Application Load Balancer writes access logs.",
		Fix:         "set access_logs { bucket, enabled = true } to a bucket that admits ELB log delivery (securebucket LoadBalancerLogs)",
		Types:       lbTypes,
		Checkov:     []string{"CKV_AWS_91"},
		check:       checkLBAccessLogs,
	},
	{
		ID:          "ALB-5",
		Severity:    Error,
		Description: "Every internet-facing Application Load Balancer is protected by a WAF web ACL.",
		Fix:         "add an aws_wafv2_web_acl_association with resource_arn set to the load balancer's arn",
		Types:       lbTypes,
		Checkov:     []string{"CKV2_AWS_28"},
		check:       checkLBWAF,
	},
	{
		ID:          "EC2-4",
		Severity:    Error,
		Description: "Every launch template and instance answers metadata requests one network hop away only.",
		Fix:         "set metadata_options { http_put_response_hop_limit = 1 } (2 only for containers that must reach IMDS, with a suppression)",
		Types:       []string{"aws_instance", "aws_launch_template"},
		Checkov:     []string{"CKV_AWS_341"},
		check:       checkIMDSHopLimit,
	},
	{
		ID:          "EC2-5",
		Severity:    Error,
		Description: "No launch template or instance gives its instances a public IP address.",
		Fix:         `set associate_public_ip_address = false (network_interfaces of a launch template) and put instances in private subnets behind a load balancer`,
		Types:       []string{"aws_instance", "aws_launch_template"},
		Checkov:     []string{"CKV_AWS_88"},
		Trivy:       []string{"AVD-AWS-0009"},
		check:       checkNoPublicIP,
	},
	{
		ID:          "R53-1",
		Severity:    Warning,
		Description: "Every Route 53 health check has a CloudWatch alarm on its HealthCheckStatus.",
		Fix:         `add an aws_cloudwatch_metric_alarm in us-east-1 on namespace "AWS/Route53", metric "HealthCheckStatus", dimension HealthCheckId = the check's id, with alarm_actions`,
		Types:       []string{"aws_route53_health_check"},
		check:       checkHealthCheckAlarm,
	},
}

// application reports whether r is an Application Load Balancer (the
// provider's default type).
func application(r *resource) bool {
	t := str(r.attrs, "load_balancer_type")
	return t == "" || t == "application" || isExpr(t)
}

func checkListenerHTTPS(_ *stack, r *resource) []string {
	switch p := strings.ToUpper(str(r.attrs, "protocol")); {
	case p == "HTTPS" || p == "TLS" || isExpr(p):
		return nil
	case p == "HTTP" || p == "":
		for _, a := range blocks(r.attrs, "default_action") {
			if str(a, "type") == "redirect" && strings.EqualFold(str(block(a, "redirect"), "protocol"), "HTTPS") {
				return nil
			}
		}
		return []string{"an HTTP listener that does not redirect to HTTPS"}
	}
	return nil // TCP and UDP listeners of network load balancers
}

func checkListenerTLSPolicy(_ *stack, r *resource) []string {
	if p := strings.ToUpper(str(r.attrs, "protocol")); p != "HTTPS" && p != "TLS" {
		return nil
	}
	switch pol := str(r.attrs, "ssl_policy"); {
	case isExpr(pol) || strings.HasPrefix(pol, "ELBSecurityPolicy-TLS13-"):
		return nil
	case pol == "":
		return []string{"no ssl_policy: the API uses ELBSecurityPolicy-2016-08, which admits TLS 1.0"}
	default:
		return []string{fmt.Sprintf("ssl_policy %q is not a TLS 1.3 policy", pol)}
	}
}

func checkLBHeaders(_ *stack, r *resource) []string {
	if !application(r) {
		return nil
	}
	var out []string
	if !on(r.attrs, "drop_invalid_header_fields", false) {
		out = append(out, "drop_invalid_header_fields is not true: headers with invalid names reach the targets")
	}
	if strings.EqualFold(str(r.attrs, "desync_mitigation_mode"), "monitor") {
		out = append(out, "desync_mitigation_mode is monitor: requests that could smuggle others are passed on")
	}
	return out
}

func checkLBAccessLogs(_ *stack, r *resource) []string {
	if !application(r) {
		return nil
	}
	logs := block(r.attrs, "access_logs")
	if logs == nil || str(logs, "bucket") == "" || !on(logs, "enabled", true) {
		return []string{"access logs are off"}
	}
	return nil
}

func checkLBWAF(s *stack, r *resource) []string {
	if !application(r) || on(r.attrs, "internal", false) {
		return nil
	}
	if len(s.related("aws_wafv2_web_acl_association", "resource_arn", r)) > 0 {
		return nil
	}
	return []string{"no aws_wafv2_web_acl_association has resource_arn set to this internet-facing load balancer"}
}

func checkIMDSHopLimit(_ *stack, r *resource) []string {
	m := block(r.attrs, "metadata_options")
	if str(m, "http_endpoint") == "disabled" {
		return nil
	}
	if v, ok := num(m, "http_put_response_hop_limit"); ok && v <= 1 {
		return nil
	}
	if numUnknown(m, "http_put_response_hop_limit") {
		return nil
	}
	if _, set := m["http_put_response_hop_limit"]; !set {
		// Unset, EC2 uses the AMI's default, 2 on Amazon Linux 2023.
		return []string{"http_put_response_hop_limit is not set: the AMI's default (2 on Amazon Linux 2023) lets containers reach the instance's credentials"}
	}
	return []string{fmt.Sprintf("http_put_response_hop_limit is %s", str(m, "http_put_response_hop_limit"))}
}

func checkNoPublicIP(_ *stack, r *resource) []string {
	switch r.typ {
	case "aws_instance":
		if str(r.attrs, "associate_public_ip_address") == "true" {
			return []string{"associate_public_ip_address is true"}
		}
	case "aws_launch_template":
		for _, n := range blocks(r.attrs, "network_interfaces") {
			if str(n, "associate_public_ip_address") == "true" {
				return []string{"a network interface has associate_public_ip_address = true"}
			}
		}
	}
	return nil
}

func checkHealthCheckAlarm(s *stack, r *resource) []string {
	for _, a := range s.byType["aws_cloudwatch_metric_alarm"] {
		if str(a.attrs, "namespace") != "AWS/Route53" || str(a.attrs, "metric_name") != "HealthCheckStatus" {
			continue
		}
		if refersTo(block(a.attrs, "dimensions")["HealthCheckId"], r, "id") {
			return nil
		}
	}
	return []string{"no CloudWatch alarm watches this health check's HealthCheckStatus"}
}
