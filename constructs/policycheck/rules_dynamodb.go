package policycheck

const dynamoTable = "aws_dynamodb_table"

var dynamodbRules = []Rule{
	{
		ID:          "DDB-1",
		Severity:    Error,
		Description: "Every table has point-in-time recovery.",
		Fix:         "set point_in_time_recovery { enabled = true }",
		Types:       []string{dynamoTable},
		Checkov:     []string{"CKV_AWS_28"},
		Trivy:       []string{"AVD-AWS-0024"},
		check:       checkDynamoPITR,
	},
	{
		ID:          "DDB-2",
		Severity:    Error,
		Description: "Every table is encrypted with a customer-managed KMS key.",
		Fix:         "set server_side_encryption { enabled = true, kms_key_arn = <customer-managed key> }",
		Types:       []string{dynamoTable},
		Checkov:     []string{"CKV_AWS_119"},
		Trivy:       []string{"AVD-AWS-0025"},
		check:       checkDynamoKMS,
	},
	{
		ID:          "DDB-3",
		Severity:    Error,
		Description: "Every table has deletion protection.",
		Fix:         "set deletion_protection_enabled = true",
		Types:       []string{dynamoTable},
		check:       checkDynamoDeletionProtection,
	},
}

func checkDynamoPITR(_ *stack, t *resource) []string {
	if !on(block(t.attrs, "point_in_time_recovery"), "enabled", false) {
		return []string{"point-in-time recovery is off: a bad write or delete cannot be undone"}
	}
	return nil
}

func checkDynamoKMS(_ *stack, t *resource) []string {
	sse := block(t.attrs, "server_side_encryption")
	switch key := str(sse, "kms_key_arn"); {
	case !on(sse, "enabled", false):
		return []string{"server_side_encryption is not enabled: the table uses an AWS-owned key"}
	case key == "" || managedKey(key):
		return []string{"server_side_encryption has no kms_key_arn: the table uses the AWS-managed key aws/dynamodb"}
	}
	return nil
}

func checkDynamoDeletionProtection(_ *stack, t *resource) []string {
	if !on(t.attrs, "deletion_protection_enabled", false) {
		return []string{"deletion_protection_enabled is not true"}
	}
	return nil
}
