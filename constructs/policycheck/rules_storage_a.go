package policycheck

// Resource types of the secrets and image-pipeline rules (issue 12).
const (
	smSecret         = "aws_secretsmanager_secret"
	smSecretRotation = "aws_secretsmanager_secret_rotation"
)

var storageARules = []Rule{
	{
		ID:          "SM-1",
		Severity:    Error,
		Description: "Every Secrets Manager secret is encrypted with a customer-managed KMS key.",
		Fix:         "set kms_key_id to a customer-managed key (not alias/aws/secretsmanager)",
		Types:       []string{smSecret},
		Checkov:     []string{"CKV_AWS_149"},
		Trivy:       []string{"AVD-AWS-0098"},
		check:       checkSecretCMK,
	},
	{
		ID:          "SM-2",
		Severity:    Error,
		Description: "Every Secrets Manager secret is rotated automatically by a rotation function.",
		Fix:         "add an aws_secretsmanager_secret_rotation with secret_id naming the secret, rotation_lambda_arn and rotation_rules",
		Types:       []string{smSecret},
		Checkov:     []string{"CKV2_AWS_57"},
		check:       checkSecretRotation,
	},
	{
		ID:          "LAMBDA-7",
		Severity:    Error,
		Description: "Every permission letting S3 invoke a function names the source account as well as the bucket: bucket ARNs carry no account.",
		Fix:         "set source_account on the aws_lambda_permission whose principal is s3.amazonaws.com",
		Types:       []string{"aws_lambda_permission"},
		check:       checkS3PermissionAccount,
	},
}

func checkSecretCMK(_ *stack, r *resource) []string {
	if key := str(r.attrs, "kms_key_id"); key == "" || managedKey(key) {
		return []string{"kms_key_id names no customer-managed key: the secret is encrypted with aws/secretsmanager, whose policy cannot be restricted"}
	}
	return nil
}

func checkSecretRotation(s *stack, r *resource) []string {
	for _, rot := range s.related(smSecretRotation, "secret_id", r) {
		if set(rot.attrs, "rotation_lambda_arn") && set(rot.attrs, "rotation_rules") {
			return nil
		}
	}
	return []string{"no aws_secretsmanager_secret_rotation with a function and rules names the secret: its value never changes"}
}

func checkS3PermissionAccount(_ *stack, p *resource) []string {
	if str(p.attrs, "principal") == "s3.amazonaws.com" && !set(p.attrs, "source_account") {
		return []string{"principal s3.amazonaws.com without source_account: a bucket of the same name in another account (after this one is deleted) could invoke the function"}
	}
	return nil
}
