package policycheck

// storageACases are the bad and good fixtures of the secrets and
// image-pipeline rules.
func storageACases() []ruleCase {
	secret := func(kv ...any) []res {
		return one("aws_secretsmanager_secret", "s", with(obj{"name": "acme/dev/key", "kms_key_id": keyARN, "recovery_window_in_days": 30}, kv...))
	}
	rotation := func(kv ...any) []res {
		return one("aws_secretsmanager_secret_rotation", "r", with(obj{
			"secret_id": "${aws_secretsmanager_secret.s.id}", "rotation_lambda_arn": "${aws_lambda_function.f.arn}",
			"rotation_rules": obj{"automatically_after_days": 30},
		}, kv...))
	}
	perm := func(kv ...any) []res {
		return one("aws_lambda_permission", "p", with(obj{
			"action": "lambda:InvokeFunction", "function_name": "${aws_lambda_function.f.function_name}", "principal": "s3.amazonaws.com",
			"source_arn": "arn:aws:s3:::uploads", "source_account": "123456789012",
		}, kv...))
	}
	return []ruleCase{
		bad("SM-1", "no key", secret("kms_key_id", nil), rotation()),
		bad("SM-1", "AWS-managed key", secret("kms_key_id", "alias/aws/secretsmanager"), rotation()),
		good("SM-1", "CMK", secret(), rotation()),
		bad("SM-2", "no rotation", secret()),
		bad("SM-2", "rotation of another secret", secret(), rotation("secret_id", "${aws_secretsmanager_secret.other.id}")),
		good("SM-2", "rotated", secret(), rotation()),
		bad("LAMBDA-7", "S3 without source account", perm("source_account", nil)),
		good("LAMBDA-7", "S3 with source account", perm()),
		good("LAMBDA-7", "other service without source account", perm("principal", "sns.amazonaws.com", "source_account", nil, "source_arn", "${aws_sns_topic.t.arn}")),
	}
}
