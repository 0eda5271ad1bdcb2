package policycheck

// analyticsCases are the bad and good fixtures of the analytics rules.
func analyticsCases() []ruleCase {
	stream := func(kv ...any) []res {
		return one("aws_kinesis_stream", "s", with(obj{"name": "events", "encryption_type": "KMS", "kms_key_id": keyARN, "stream_mode_details": obj{"stream_mode": "ON_DEMAND"}}, kv...))
	}
	dest := func(kv ...any) obj {
		return with(obj{
			"bucket_arn": "arn:aws:s3:::lake", "role_arn": "${aws_iam_role.f.arn}", "kms_key_arn": keyARN,
			"prefix": "events/dt=!{timestamp:yyyy-MM-dd}/", "error_output_prefix": "errors/!{firehose:error-output-type}/",
			"cloudwatch_logging_options": obj{"enabled": true, "log_group_name": "/aws/kinesisfirehose/lake", "log_stream_name": "DestinationDelivery"},
		}, kv...)
	}
	source := obj{"kinesis_stream_arn": "${aws_kinesis_stream.s.arn}", "role_arn": "${aws_iam_role.f.arn}"}
	firehose := func(kv ...any) []res {
		return one("aws_kinesis_firehose_delivery_stream", "f", with(obj{"name": "lake", "destination": "extended_s3",
			"kinesis_source_configuration": source, "extended_s3_configuration": dest()}, kv...))
	}
	directPut := obj{"name": "lake", "destination": "extended_s3", "extended_s3_configuration": dest()}
	settings := func(rest, pw obj) []res {
		return one("aws_glue_data_catalog_encryption_settings", "c", obj{"data_catalog_encryption_settings": obj{"encryption_at_rest": rest, "connection_password_encryption": pw}})
	}
	goodRest := obj{"catalog_encryption_mode": "SSE-KMS", "sse_aws_kms_key_id": keyARN}
	goodPW := obj{"return_connection_password_encrypted": true, "aws_kms_key_id": keyARN}
	database := one("aws_glue_catalog_database", "db", obj{"name": "analytics"})
	wgConfig := func(kv ...any) obj {
		return with(obj{
			"enforce_workgroup_configuration": true, "bytes_scanned_cutoff_per_query": 10737418240,
			"result_configuration": obj{"output_location": "s3://results/athena/", "encryption_configuration": obj{"encryption_option": "SSE_KMS", "kms_key_arn": keyARN}},
		}, kv...)
	}
	workgroup := func(cfg obj) []res {
		return one("aws_athena_workgroup", "wg", obj{"name": "analytics", "configuration": cfg})
	}
	return []ruleCase{
		bad("KIN-1", "unencrypted", stream("encryption_type", "NONE")),
		bad("KIN-1", "AWS-managed key", stream("kms_key_id", "alias/aws/kinesis")),
		good("KIN-1", "CMK", stream()),
		bad("FH-1", "no destination key", firehose("extended_s3_configuration", dest("kms_key_arn", nil))),
		bad("FH-1", "direct put without SSE", one("aws_kinesis_firehose_delivery_stream", "f", directPut)),
		good("FH-1", "Kinesis source, destination key", firehose()),
		good("FH-1", "direct put with CMK", one("aws_kinesis_firehose_delivery_stream", "f", with(directPut,
			"server_side_encryption", obj{"enabled": true, "key_type": "CUSTOMER_MANAGED_CMK", "key_arn": keyARN}))),
		bad("FH-2", "no error logging", firehose("extended_s3_configuration", dest("cloudwatch_logging_options", nil))),
		bad("FH-2", "no error type in prefix", firehose("extended_s3_configuration", dest("error_output_prefix", "errors/"))),
		good("FH-2", "logged, error prefix", firehose()),
		bad("GLUE-1", "database without catalog encryption", database),
		bad("GLUE-1", "catalog encryption disabled", settings(obj{"catalog_encryption_mode": "DISABLED"}, goodPW), database),
		bad("GLUE-1", "passwords not encrypted", settings(goodRest, obj{"return_connection_password_encrypted": false})),
		bad("GLUE-1", "two settings for one catalog", settings(goodRest, goodPW),
			one("aws_glue_data_catalog_encryption_settings", "c2", obj{"data_catalog_encryption_settings": obj{"encryption_at_rest": goodRest, "connection_password_encryption": goodPW}})),
		good("GLUE-1", "catalog encrypted with a CMK", settings(goodRest, goodPW), database),
		good("GLUE-1", "one catalog per region", settings(goodRest, goodPW),
			one("aws_glue_data_catalog_encryption_settings", "c2", obj{"provider": "aws.us-west-2", "data_catalog_encryption_settings": obj{"encryption_at_rest": goodRest, "connection_password_encryption": goodPW}})),
		bad("ATHENA-1", "not enforced", workgroup(wgConfig("enforce_workgroup_configuration", false))),
		good("ATHENA-1", "enforced", workgroup(wgConfig())),
		bad("ATHENA-2", "unencrypted results", workgroup(wgConfig("result_configuration", obj{"output_location": "s3://results/"}))),
		bad("ATHENA-2", "SSE_S3 results", workgroup(wgConfig("result_configuration", obj{"encryption_configuration": obj{"encryption_option": "SSE_S3"}}))),
		good("ATHENA-2", "SSE_KMS with a CMK", workgroup(wgConfig())),
		bad("ATHENA-3", "no scan limit", workgroup(wgConfig("bytes_scanned_cutoff_per_query", nil))),
		good("ATHENA-3", "10 GB limit", workgroup(wgConfig())),
	}
}
