package policycheck

import (
	"fmt"
	"strings"
)

const (
	restStage      = "aws_api_gateway_stage"
	httpStage      = "aws_apigatewayv2_stage"
	restMethod     = "aws_api_gateway_method"
	methodSettings = "aws_api_gateway_method_settings"
)

var apigwRules = []Rule{
	{
		ID:          "APIGW-1",
		Severity:    Error,
		Description: "Every API stage writes access logs.",
		Fix:         "set access_log_settings { destination_arn = <log group ARN>, format = <JSON format> }",
		Types:       []string{restStage, httpStage},
		Checkov:     []string{"CKV_AWS_76"},
		Trivy:       []string{"AVD-AWS-0001"},
		check:       checkAPIAccessLogs,
	},
	{
		ID:          "APIGW-2",
		Severity:    Error,
		Description: "Every REST API stage has execution logging for all methods.",
		Fix:         `add an aws_api_gateway_method_settings for the stage with method_path "*/*" and settings { logging_level = "ERROR" or "INFO" }`,
		Types:       []string{restStage},
		Checkov:     []string{"CKV2_AWS_4"},
		check:       checkAPIExecutionLogs,
	},
	{
		ID:          "APIGW-3",
		Severity:    Error,
		Description: "Every REST API stage is protected by a WAF web ACL.",
		Fix:         "add an aws_wafv2_web_acl_association with resource_arn set to the stage's arn",
		Types:       []string{restStage},
		Checkov:     []string{"CKV2_AWS_29"},
		check:       checkAPIWAF,
	},
	{
		ID:          "APIGW-4",
		Severity:    Error,
		Description: "Every API method but OPTIONS requires authorization.",
		Fix:         `set authorization to "AWS_IAM", "COGNITO_USER_POOLS" or "CUSTOM" with an authorizer; API keys identify callers, they do not authorize them`,
		Types:       []string{restMethod},
		Checkov:     []string{"CKV_AWS_59"},
		Trivy:       []string{"AVD-AWS-0004"},
		check:       checkAPIAuthorization,
	},
	{
		ID:          "APIGW-5",
		Severity:    Error,
		Description: "Every API method but OPTIONS validates its requests.",
		Fix:         "set request_validator_id to an aws_api_gateway_request_validator (body and parameters) and give the method a request model",
		Types:       []string{restMethod},
		check:       checkAPIValidation,
	},
	{
		ID:          "APIGW-6",
		Severity:    Warning,
		Description: "Every REST API stage traces requests with X-Ray.",
		Fix:         "set xray_tracing_enabled = true",
		Types:       []string{restStage},
		Checkov:     []string{"CKV_AWS_73"},
		Trivy:       []string{"AVD-AWS-0003"},
		check:       checkAPITracing,
	},
	{
		ID:          "APIGW-7",
		Severity:    Error,
		Description: "Every API cache is encrypted.",
		Fix:         "set cache_data_encrypted = true in the method settings wherever caching_enabled is true",
		Types:       []string{methodSettings},
		Trivy:       []string{"AVD-AWS-0002"},
		check:       checkAPICacheEncryption,
	},
	{
		ID:          "APIGW-8",
		Severity:    Error,
		Description: "Every custom domain name requires TLS 1.2 or later.",
		Fix:         `set security_policy = "TLS_1_2" (aws_apigatewayv2_domain_name: in domain_name_configuration)`,
		Types:       []string{"aws_api_gateway_domain_name", "aws_apigatewayv2_domain_name"},
		Checkov:     []string{"CKV_AWS_206"},
		Trivy:       []string{"AVD-AWS-0005"},
		check:       checkAPITLS,
	},
}

func checkAPIAccessLogs(_ *stack, r *resource) []string {
	if !set(block(r.attrs, "access_log_settings"), "destination_arn") {
		return []string{"access_log_settings has no destination_arn: who called the API is not recorded"}
	}
	return nil
}

// stageSettings returns the method settings of a stage: same REST API,
// and stage_name naming the stage.
func (s *stack) stageSettings(stage *resource) []*resource {
	var out []*resource
	for _, m := range s.byType[methodSettings] {
		if str(m.attrs, "rest_api_id") == str(stage.attrs, "rest_api_id") && refersTo(m.attrs["stage_name"], stage, "stage_name") {
			out = append(out, m)
		}
	}
	return out
}

func checkAPIExecutionLogs(s *stack, stage *resource) []string {
	for _, m := range s.stageSettings(stage) {
		if str(m.attrs, "method_path") != "*/*" {
			continue
		}
		switch lvl := str(block(m.attrs, "settings"), "logging_level"); {
		case lvl == "ERROR" || lvl == "INFO" || isExpr(lvl):
			return nil
		default:
			return []string{fmt.Sprintf("execution logging_level for */* is %q", lvl)}
		}
	}
	return []string{`no aws_api_gateway_method_settings with method_path "*/*" sets a logging_level for this stage`}
}

func checkAPIWAF(s *stack, stage *resource) []string {
	for _, typ := range []string{"aws_wafv2_web_acl_association", "aws_wafregional_web_acl_association"} {
		if len(s.related(typ, "resource_arn", stage)) > 0 {
			return nil
		}
	}
	return []string{"no aws_wafv2_web_acl_association has resource_arn set to this stage"}
}

func checkAPIAuthorization(_ *stack, m *resource) []string {
	if strings.EqualFold(str(m.attrs, "http_method"), "OPTIONS") {
		return nil // CORS preflight requests carry no credentials
	}
	if auth := str(m.attrs, "authorization"); auth == "NONE" || auth == "" {
		return []string{fmt.Sprintf("%s method has authorization NONE: anyone who can reach the API can call it", str(m.attrs, "http_method"))}
	}
	return nil
}

func checkAPIValidation(_ *stack, m *resource) []string {
	if strings.EqualFold(str(m.attrs, "http_method"), "OPTIONS") {
		return nil
	}
	if !set(m.attrs, "request_validator_id") {
		return []string{fmt.Sprintf("%s method has no request_validator_id: malformed requests reach the backend", str(m.attrs, "http_method"))}
	}
	return nil
}

func checkAPITracing(_ *stack, r *resource) []string {
	if !on(r.attrs, "xray_tracing_enabled", false) {
		return []string{"xray_tracing_enabled is not true"}
	}
	return nil
}

func checkAPICacheEncryption(_ *stack, r *resource) []string {
	st := block(r.attrs, "settings")
	if boolArg(st, "caching_enabled") == yes && !on(st, "cache_data_encrypted", false) {
		return []string{"caching_enabled is true and cache_data_encrypted is not"}
	}
	return nil
}

func checkAPITLS(_ *stack, r *resource) []string {
	m := r.attrs
	if r.typ == "aws_apigatewayv2_domain_name" {
		m = block(r.attrs, "domain_name_configuration")
	}
	p := str(m, "security_policy")
	switch {
	case isExpr(p), p == "TLS_1_2", strings.HasPrefix(p, "SecurityPolicy_TLS12"), strings.HasPrefix(p, "SecurityPolicy_TLS13"):
		return nil
	case p == "":
		return []string{"security_policy is not set: older domains default to TLS 1.0"}
	}
	return []string{fmt.Sprintf("security_policy is %q: it admits TLS before 1.2", p)}
}
