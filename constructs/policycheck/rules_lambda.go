package policycheck

import (
	"fmt"
	"strings"
)

const lambdaFunction = "aws_lambda_function"

var lambdaRules = []Rule{
	{
		ID:          "LAMBDA-1",
		Severity:    Warning,
		Description: "Every function sends failed asynchronous events to a dead-letter queue or an on-failure destination.",
		Fix:         "set dead_letter_config { target_arn } or add an aws_lambda_function_event_invoke_config with destination_config { on_failure { destination } }",
		Types:       []string{lambdaFunction},
		Checkov:     []string{"CKV_AWS_116"},
		check:       checkLambdaDLQ,
	},
	{
		ID:          "LAMBDA-2",
		Severity:    Warning,
		Description: "Every function traces with X-Ray in Active mode.",
		Fix:         `set tracing_config { mode = "Active" } and let the role write traces`,
		Types:       []string{lambdaFunction},
		Checkov:     []string{"CKV_AWS_50"},
		Trivy:       []string{"AVD-AWS-0066"},
		check:       checkLambdaTracing,
	},
	{
		ID:          "LAMBDA-3",
		Severity:    Warning,
		Description: "Every function reserves its concurrency.",
		Fix:         "set reserved_concurrent_executions, so that one function cannot starve the others of the account's concurrency (0 stops it)",
		Types:       []string{lambdaFunction},
		Checkov:     []string{"CKV_AWS_115"},
		check:       checkLambdaConcurrency,
	},
	{
		ID:          "LAMBDA-4",
		Severity:    Error,
		Description: "Every function with environment variables encrypts them with a customer-managed KMS key.",
		Fix:         "set kms_key_arn to a customer-managed key; keep secrets in Secrets Manager, not in variables",
		Types:       []string{lambdaFunction},
		Checkov:     []string{"CKV_AWS_173"},
		check:       checkLambdaEnvKey,
	},
	{
		ID:          "LAMBDA-5",
		Severity:    Error,
		Description: "Every permission to invoke a function names the one resource that may: a source ARN for AWS services, never everyone.",
		Fix:         "set source_arn (and source_account for S3) on aws_lambda_permission; name an account or organization instead of \"*\"",
		Types:       []string{"aws_lambda_permission"},
		Checkov:     []string{"CKV_AWS_364"},
		Trivy:       []string{"AVD-AWS-0067"},
		check:       checkLambdaPermission,
	},
	{
		ID:          "LAMBDA-6",
		Severity:    Error,
		Description: "No function URL is open without authentication.",
		Fix:         `set authorization_type = "AWS_IAM", or put the function behind API Gateway with an authorizer`,
		Types:       []string{"aws_lambda_function_url"},
		Checkov:     []string{"CKV_AWS_258"},
		check:       checkLambdaURL,
	},
}

func checkLambdaDLQ(s *stack, fn *resource) []string {
	if set(block(fn.attrs, "dead_letter_config"), "target_arn") {
		return nil
	}
	for _, c := range s.related("aws_lambda_function_event_invoke_config", "function_name", fn, "function_name") {
		if set(block(block(c.attrs, "destination_config"), "on_failure"), "destination") {
			return nil
		}
	}
	return []string{"no dead-letter queue or on-failure destination: failed asynchronous events are dropped after the retries"}
}

func checkLambdaTracing(_ *stack, fn *resource) []string {
	mode := str(block(fn.attrs, "tracing_config"), "mode")
	if mode == "Active" || isExpr(mode) {
		return nil
	}
	return []string{"tracing_config mode is not Active"}
}

func checkLambdaConcurrency(_ *stack, fn *resource) []string {
	if numUnknown(fn.attrs, "reserved_concurrent_executions") {
		return nil
	}
	if n, ok := num(fn.attrs, "reserved_concurrent_executions"); !ok || n < 0 {
		return []string{"reserved_concurrent_executions is not set"}
	}
	return nil
}

func checkLambdaEnvKey(_ *stack, fn *resource) []string {
	if !set(block(fn.attrs, "environment"), "variables") {
		return nil
	}
	if key := str(fn.attrs, "kms_key_arn"); key == "" || managedKey(key) {
		return []string{"environment variables are encrypted with the AWS-managed key aws/lambda"}
	}
	return nil
}

func checkLambdaPermission(_ *stack, p *resource) []string {
	principal := str(p.attrs, "principal")
	switch {
	case principal == "*" && !set(p.attrs, "principal_org_id"):
		return []string{`principal "*": any AWS account may invoke the function`}
	case strings.HasSuffix(principal, ".amazonaws.com") && !set(p.attrs, "source_arn"):
		return []string{fmt.Sprintf("principal %s without source_arn: any %s resource, in any account, may invoke the function", principal, strings.TrimSuffix(principal, ".amazonaws.com"))}
	}
	return nil
}

func checkLambdaURL(_ *stack, u *resource) []string {
	if str(u.attrs, "authorization_type") == "NONE" {
		return []string{"authorization_type NONE: anyone on the internet may invoke the function"}
	}
	return nil
}
