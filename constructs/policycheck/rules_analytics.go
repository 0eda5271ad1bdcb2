package policycheck

import (
	"regexp"
)

// Resource types of the analytics rules.
const (
	kinesisStream       = "aws_kinesis_stream"
	firehoseStream      = "aws_kinesis_firehose_delivery_stream"
	glueCatalogSettings = "aws_glue_data_catalog_encryption_settings"
	glueDatabase        = "aws_glue_catalog_database"
	athenaWorkgroup     = "aws_athena_workgroup"
)

var analyticsRules = []Rule{
	{
		ID:          "KIN-1",
		Severity:    Error,
		Description: "Every Kinesis data stream is encrypted with a customer-managed KMS key.",
		Fix:         `set encryption_type = "KMS" and kms_key_id = <customer-managed key>`,
		Types:       []string{kinesisStream},
		Checkov:     []string{"CKV_AWS_43", "CKV_AWS_185"},
		Trivy:       []string{"AVD-AWS-0064"},
		check:       checkKinesisCMK,
	},
	{
		ID:          "FH-1",
		Severity:    Error,
		Description: "Every Firehose stream encrypts what it writes to S3 with a customer-managed KMS key, and its records at rest in Firehose unless a KMS-encrypted Kinesis stream is the source.",
		Fix:         "set extended_s3_configuration.kms_key_arn; without kinesis_source_configuration also server_side_encryption { enabled = true, key_type = \"CUSTOMER_MANAGED_CMK\", key_arn = ... }",
		Types:       []string{firehoseStream},
		Checkov:     []string{"CKV_AWS_240", "CKV_AWS_241"},
		check:       checkFirehoseEncryption,
	},
	{
		ID:          "FH-2",
		Severity:    Error,
		Description: "Every Firehose stream logs delivery errors to CloudWatch Logs and writes failed records under an error prefix.",
		Fix:         "set extended_s3_configuration.cloudwatch_logging_options { enabled = true, log_group_name, log_stream_name } and error_output_prefix with !{firehose:error-output-type}",
		Types:       []string{firehoseStream},
		check:       checkFirehoseErrors,
	},
	{
		ID:          "GLUE-1",
		Severity:    Error,
		Description: "The Glue Data Catalog of a stack with Glue databases is encrypted at rest and encrypts connection passwords, with a customer-managed KMS key.",
		Fix:         `add aws_glue_data_catalog_encryption_settings with encryption_at_rest { catalog_encryption_mode = "SSE-KMS", sse_aws_kms_key_id } and connection_password_encryption { return_connection_password_encrypted = true, aws_kms_key_id }`,
		Types:       []string{glueCatalogSettings, glueDatabase},
		Checkov:     []string{"CKV_AWS_94"},
		check:       checkGlueCatalogEncryption,
	},
	{
		ID:          "ATHENA-1",
		Severity:    Error,
		Description: "Every Athena workgroup enforces its configuration, so clients cannot override encryption, result location or the scan limit.",
		Fix:         "set configuration.enforce_workgroup_configuration = true",
		Types:       []string{athenaWorkgroup},
		Checkov:     []string{"CKV_AWS_82"},
		Trivy:       []string{"AVD-AWS-0007"},
		check:       checkAthenaEnforced,
	},
	{
		ID:          "ATHENA-2",
		Severity:    Error,
		Description: "Every Athena workgroup encrypts query results with a customer-managed KMS key.",
		Fix:         `set configuration.result_configuration.encryption_configuration { encryption_option = "SSE_KMS", kms_key_arn = <customer-managed key> }`,
		Types:       []string{athenaWorkgroup},
		Checkov:     []string{"CKV_AWS_159"},
		Trivy:       []string{"AVD-AWS-0006"},
		check:       checkAthenaResultsEncrypted,
	},
	{
		ID:          "ATHENA-3",
		Severity:    Error,
		Description: "Every Athena workgroup limits the bytes one query may scan.",
		Fix:         "set configuration.bytes_scanned_cutoff_per_query (at least 10485760)",
		Types:       []string{athenaWorkgroup},
		check:       checkAthenaScanLimit,
	},
}

func checkKinesisCMK(_ *stack, r *resource) []string {
	key := str(r.attrs, "kms_key_id")
	switch {
	case str(r.attrs, "encryption_type") != "KMS":
		return []string{"encryption_type is not KMS: records are stored unencrypted"}
	case key == "" || managedKey(key):
		return []string{"kms_key_id names no customer-managed key (alias/aws/kinesis is the AWS-managed key, whose policy cannot be restricted)"}
	}
	return nil
}

func checkFirehoseEncryption(_ *stack, r *resource) []string {
	var out []string
	if str(r.attrs, "destination") == "extended_s3" {
		if key := str(block(r.attrs, "extended_s3_configuration"), "kms_key_arn"); key == "" || managedKey(key) {
			out = append(out, "extended_s3_configuration has no customer-managed kms_key_arn: objects get the bucket's default encryption at best")
		}
	}
	if block(r.attrs, "kinesis_source_configuration") == nil {
		sse := block(r.attrs, "server_side_encryption")
		if !on(sse, "enabled", false) || str(sse, "key_type") != "CUSTOMER_MANAGED_CMK" || str(sse, "key_arn") == "" {
			out = append(out, "server_side_encryption is not on with a CUSTOMER_MANAGED_CMK: records wait in Firehose under an AWS-owned key")
		}
	}
	return out
}

var errorTypeRE = regexp.MustCompile(`!\{firehose:error-output-type\}`)

func checkFirehoseErrors(_ *stack, r *resource) []string {
	dest := block(r.attrs, "extended_s3_configuration")
	if dest == nil {
		return nil
	}
	var out []string
	if cw := block(dest, "cloudwatch_logging_options"); !on(cw, "enabled", false) || str(cw, "log_group_name") == "" || str(cw, "log_stream_name") == "" {
		out = append(out, "cloudwatch_logging_options is not enabled with a log group and stream: delivery errors go unrecorded")
	}
	if !errorTypeRE.MatchString(str(dest, "error_output_prefix")) {
		out = append(out, "error_output_prefix is missing or lacks !{firehose:error-output-type}: failed records are not kept apart by failure")
	}
	return out
}

func checkGlueCatalogEncryption(s *stack, r *resource) []string {
	if r.typ == glueDatabase {
		for _, set := range s.byType[glueCatalogSettings] {
			if len(glueSettingsProblems(set)) == 0 {
				return nil
			}
		}
		return []string{"the stack does not encrypt the Data Catalog (no compliant aws_glue_data_catalog_encryption_settings): the database's metadata is stored unencrypted"}
	}
	out := glueSettingsProblems(r)
	// The settings are one per catalog (account) and region: two
	// resources for the same provider and catalog overwrite each other.
	for _, other := range s.byType[glueCatalogSettings] {
		if other != r && catalogOf(other) == catalogOf(r) {
			out = append(out, "another aws_glue_data_catalog_encryption_settings ("+other.name+") manages the same catalog and region: the two overwrite each other on every apply")
			break
		}
	}
	return out
}

// catalogOf identifies the catalog a settings resource manages: its
// provider (account and region) and catalog id.
func catalogOf(r *resource) string {
	return str(r.attrs, "provider") + "|" + str(r.attrs, "catalog_id")
}

func glueSettingsProblems(r *resource) []string {
	settings := block(r.attrs, "data_catalog_encryption_settings")
	var out []string
	rest := block(settings, "encryption_at_rest")
	if mode := str(rest, "catalog_encryption_mode"); mode != "SSE-KMS" && mode != "SSE-KMS-WITH-SERVICE-ROLE" {
		out = append(out, "encryption_at_rest.catalog_encryption_mode is not SSE-KMS")
	} else if key := str(rest, "sse_aws_kms_key_id"); key == "" || managedKey(key) {
		out = append(out, "encryption_at_rest has no customer-managed sse_aws_kms_key_id")
	}
	pw := block(settings, "connection_password_encryption")
	if !on(pw, "return_connection_password_encrypted", false) || str(pw, "aws_kms_key_id") == "" || managedKey(str(pw, "aws_kms_key_id")) {
		out = append(out, "connection_password_encryption is not on with a customer-managed aws_kms_key_id")
	}
	return out
}

func checkAthenaEnforced(_ *stack, r *resource) []string {
	if !on(block(r.attrs, "configuration"), "enforce_workgroup_configuration", true) {
		return []string{"enforce_workgroup_configuration is false: clients may turn off encryption or write results elsewhere"}
	}
	return nil
}

func checkAthenaResultsEncrypted(_ *stack, r *resource) []string {
	enc := block(block(block(r.attrs, "configuration"), "result_configuration"), "encryption_configuration")
	switch opt := str(enc, "encryption_option"); {
	case opt != "SSE_KMS" && opt != "CSE_KMS":
		return []string{"query results are not encrypted with KMS (encryption_option " + quoteOr(opt, "unset") + ")"}
	case str(enc, "kms_key_arn") == "" || managedKey(str(enc, "kms_key_arn")):
		return []string{"encryption_configuration has no customer-managed kms_key_arn"}
	}
	return nil
}

func checkAthenaScanLimit(_ *stack, r *resource) []string {
	cfg := block(r.attrs, "configuration")
	if numUnknown(cfg, "bytes_scanned_cutoff_per_query") {
		return nil
	}
	if n, ok := num(cfg, "bytes_scanned_cutoff_per_query"); !ok || n < 10485760 {
		return []string{"bytes_scanned_cutoff_per_query is not set: one query may scan the whole lake"}
	}
	return nil
}

func quoteOr(s, def string) string {
	if s == "" {
		return def
	}
	return `"` + s + `"`
}
