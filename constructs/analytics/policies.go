package analytics

import (
	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/kmskey"
)

// refs are the ARNs the policies name: plain strings derived from names,
// except keyARN and alarmKeyARN, which may be tokens.
type refs struct {
	env                 awsenv.Env
	keyARN, alarmKeyARN string
	// catalogKeyARN is the Data Catalog's key; empty with
	// SkipCatalogEncryption.
	catalogKeyARN           string
	streamARN, deliveryARN  string
	lakeARN, resultsARN     string
	catalogARN, databaseARN string
	tableARN, workGroupARN  string
	aggregatesARN, queueARN string
	alarmTopicARN           string
	functionARNs            map[string]string
	logGroupARNs            map[string]string
	deliveryLogGroupARN     string
}

func newRefs(env awsenv.Env, n names) refs {
	r := refs{
		env:                 env,
		streamARN:           env.ARN("kinesis", "stream/"+n.stream()),
		deliveryARN:         env.ARN("firehose", "deliverystream/"+n.delivery()),
		catalogARN:          env.ARN("glue", "catalog"),
		databaseARN:         env.ARN("glue", "database/"+n.database()),
		tableARN:            env.ARN("glue", "table/"+n.database()+"/"+TableName),
		workGroupARN:        env.ARN("athena", "workgroup/"+n.workGroup()),
		aggregatesARN:       env.ARN("dynamodb", "table/"+n.table()),
		queueARN:            env.ARN("sqs", n.failureQueue()),
		functionARNs:        map[string]string{},
		logGroupARNs:        map[string]string{},
		deliveryLogGroupARN: env.ARN("logs", "log-group:"+n.deliveryLogGroup()),
	}
	for _, fn := range Functions() {
		r.functionARNs[fn] = env.ARN("lambda", "function:"+n.function(fn))
		r.logGroupARNs[fn] = env.ARN("logs", "log-group:"+n.logGroup(fn))
	}
	return r
}

func allow(sid string, actions []string, resources ...string) iampolicy.Statement {
	return iampolicy.Statement{Sid: sid, Effect: iampolicy.Allow, Actions: actions, Resources: resources}
}

// keyVia lets a role use the key only through the named services.
func (r refs) keyVia(sid string, key string, actions []string, services ...string) iampolicy.Statement {
	s := allow(sid, actions, key)
	via := make([]string, len(services))
	for i, svc := range services {
		via[i] = r.env.ServicePrincipal(svc + "." + r.env.Region)
	}
	s.Conditions = []iampolicy.Condition{iampolicy.Cond("StringEquals", "kms:ViaService", via...)}
	return s
}

// catalogRead is what reading the table's definition takes: Glue's
// actions on the catalog, the database and the table (Glue authorizes a
// table request against all three: AWS Glue Developer Guide, "Specifying
// AWS Glue resource ARNs"), and, since the catalog is encrypted with the
// catalog key in SSE-KMS mode, keyActions on it through Glue with the
// caller's own permissions (AWS Glue Developer Guide, "Encrypting your
// Data Catalog"). With SkipCatalogEncryption the catalog's key is not
// known here: no key statement.
func (r refs) catalogRead(keyActions []string, actions ...string) []iampolicy.Statement {
	out := []iampolicy.Statement{allow("ReadTableDefinition", actions, r.catalogARN, r.databaseARN, r.tableARN)}
	if r.catalogKeyARN != "" {
		out = append(out, r.keyVia("DecryptCatalog", r.catalogKeyARN, keyActions, "glue"))
	}
	return out
}

// logsKeyUse is the key-policy statement letting CloudWatch Logs use the
// pipeline's key for its own log groups only: kmskey.CloudWatchLogsUse
// with the encryption context narrowed from log-group:* to the functions'
// and the delivery stream's log groups. CloudWatch Logs passes the log
// group's ARN as kms:EncryptionContext:aws:logs:arn (CloudWatch Logs User
// Guide, "Encrypt log data in CloudWatch Logs using AWS KMS", step 2).
func (r refs) logsKeyUse() iampolicy.Statement {
	s := kmskey.CloudWatchLogsUse(r.env)
	groups := []string{r.deliveryLogGroupARN}
	for _, fn := range Functions() {
		groups = append(groups, r.logGroupARNs[fn])
	}
	s.Conditions = []iampolicy.Condition{iampolicy.Cond("ArnEquals", "kms:EncryptionContext:aws:logs:arn", groups...)}
	return s
}

// firehosePolicy is the Firehose role's policy, after the Firehose
// Developer Guide, "Controlling access with Amazon Data Firehose"
// (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html):
// sections "Grant Firehose access to your Amazon S3 destination" (S3
// actions, kms:GenerateDataKey/Decrypt via S3 with the object's encryption
// context), "... Kinesis data stream as source" (kinesis:DescribeStream,
// GetShardIterator, GetRecords, ListShards; kms:Decrypt via Kinesis for an
// encrypted stream), "Data format conversion" (glue:GetTable,
// GetTableVersion, GetTableVersions), "Data transformation"
// (lambda:InvokeFunction, GetFunctionConfiguration) and CloudWatch
// logging (logs:PutLogEvents).
func (r refs) firehosePolicy() iampolicy.Document {
	lake := r.lakeARN
	s3Key := r.keyVia("KeyViaS3", r.keyARN, []string{"kms:Decrypt", "kms:GenerateDataKey"}, "s3")
	// The lake has an S3 Bucket Key (securebucket), under which S3 uses
	// the bucket's ARN, not the object's, as encryption context (S3 User
	// Guide, "Reducing the cost of SSE-KMS with Amazon S3 Bucket Keys",
	// encryption context): both are admitted.
	s3Key.Conditions = append(s3Key.Conditions, iampolicy.Cond("StringLike", "kms:EncryptionContext:aws:s3:arn", lake, lake+"/*"))
	// Kinesis passes the stream ARN as encryption context in every KMS
	// call (Kinesis Data Streams Developer Guide, "Permissions to use
	// user-generated KMS keys", encryption context).
	kinesisKey := r.keyVia("KeyViaKinesis", r.keyARN, []string{"kms:Decrypt"}, "kinesis")
	kinesisKey.Conditions = append(kinesisKey.Conditions, iampolicy.Cond("StringEquals", "kms:EncryptionContext:aws:kinesis:arn", r.streamARN))
	doc := iampolicy.Document{Statements: []iampolicy.Statement{
		allow("LocateLake", []string{"s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"}, lake),
		allow("WriteLake", []string{"s3:AbortMultipartUpload", "s3:GetObject", "s3:PutObject"}, lake+"/"+EventsPrefix+"*", lake+"/"+ErrorsPrefix+"*"),
		s3Key,
		allow("ReadStream", []string{"kinesis:DescribeStream", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"}, r.streamARN),
		kinesisKey,
		// The processor is named with its $LATEST qualifier (the
		// provider's documentation asks for a qualified ARN), hence
		// both forms.
		allow("InvokeTransform", []string{"lambda:GetFunctionConfiguration", "lambda:InvokeFunction"}, r.functionARNs[Transform], r.functionARNs[Transform]+":*"),
		allow("LogDeliveryErrors", []string{"logs:PutLogEvents"}, r.deliveryLogGroupARN+":log-stream:*"),
	}}
	doc.Add(r.catalogRead([]string{"kms:Decrypt"}, "glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions")...)
	return doc
}

// functionLogs are the statements every function needs for its own log
// group (made before it, so no logs:CreateLogGroup) and X-Ray.
func (r refs) functionLogs(fn string) []iampolicy.Statement {
	lg := r.logGroupARNs[fn]
	return []iampolicy.Statement{
		allow("WriteOwnLogs", []string{"logs:CreateLogStream", "logs:PutLogEvents"}, lg, lg+":*"),
		// X-Ray's trace APIs support no resource-level permissions.
		allow("WriteTraces", []string{"xray:PutTelemetryRecords", "xray:PutTraceSegments"}, "*"),
	}
}

// functionPolicy is the one inline policy of fn's role.
func (r refs) functionPolicy(fn string) iampolicy.Document {
	doc := iampolicy.Document{Statements: r.functionLogs(fn)}
	if fn == Transform {
		// Firehose invokes the transform and hands it the records: it
		// calls no AWS API.
		return doc
	}
	kinesisKey := r.keyVia("KeyViaKinesis", r.keyARN, []string{"kms:Decrypt"}, "kinesis")
	kinesisKey.Conditions = append(kinesisKey.Conditions, iampolicy.Cond("StringEquals", "kms:EncryptionContext:aws:kinesis:arn", r.streamARN))
	doc.Add(
		// What Lambda's Kinesis event source mapping polls with: the
		// actions of the AWS managed AWSLambdaKinesisExecutionRole,
		// scoped to the stream (AWS Lambda Developer Guide, "Process
		// Kinesis Data Streams records with Lambda", execution role
		// permissions), and kms:Decrypt for the encrypted stream.
		allow("ReadStream", []string{"kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards", "kinesis:SubscribeToShard"}, r.streamARN),
		allow("ListStreams", []string{"kinesis:ListStreams"}, "*"),
		kinesisKey,
		// The alerts function adds each shard's counts into the
		// window's item with conditional UpdateItem calls (package
		// alerts, Table); it never puts or reads whole items.
		allow("WriteAggregates", []string{"dynamodb:UpdateItem"}, r.aggregatesARN),
		r.keyVia("KeyViaDynamoDB", r.keyARN, []string{"kms:Decrypt", "kms:DescribeKey", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"}, "dynamodb"),
		// The mapping's on-failure destination is sent to with the
		// function's execution role (Lambda Developer Guide, "Kinesis
		// ... on-failure destinations": the role needs sqs:SendMessage),
		// encrypted with the key through SQS.
		allow("SendFailures", []string{"sqs:SendMessage"}, r.queueARN),
		r.keyVia("KeyViaSQS", r.keyARN, []string{"kms:Decrypt", "kms:GenerateDataKey"}, "sqs"),
		allow("PublishAlerts", []string{"sns:Publish"}, r.alarmTopicARN),
		// Publishing to a topic encrypted with a customer-managed key
		// needs kms:GenerateDataKey and kms:Decrypt on it (Amazon SNS
		// Developer Guide, "Data encryption", publisher permissions).
		r.keyVia("AlarmKeyViaSNS", r.alarmKeyARN, []string{"kms:Decrypt", "kms:GenerateDataKey"}, "sns"),
	)
	return doc
}

// producerPolicy lets a producer put records on the stream. Producers of
// an encrypted stream need kms:GenerateDataKey on its key (Kinesis Data
// Streams Developer Guide, "Permissions to use user-generated KMS keys":
// producers kms:GenerateDataKey, consumers kms:Decrypt).
func (r refs) producerPolicy() iampolicy.Document {
	return iampolicy.Document{Statements: []iampolicy.Statement{
		allow("PutRecords", []string{"kinesis:DescribeStreamSummary", "kinesis:PutRecord", "kinesis:PutRecords"}, r.streamARN),
		r.keyVia("KeyViaKinesis", r.keyARN, []string{"kms:GenerateDataKey"}, "kinesis"),
	}}
}

// analystPolicy lets an analyst run queries in the workgroup (only it),
// read the table's definition, read the lake's events and read and write
// the results. Athena runs queries with the caller's permissions for Glue
// and S3 (Athena User Guide, "Control access to Amazon S3 from Athena"
// and "Fine-grained access to databases and tables in the AWS Glue Data
// Catalog"); SSE_KMS results need kms:GenerateDataKey and kms:Decrypt
// (Athena User Guide, "Encrypt Athena query results stored in Amazon
// S3").
func (r refs) analystPolicy() iampolicy.Document {
	s3Key := r.keyVia("KeyViaS3", r.keyARN, []string{"kms:Decrypt", "kms:GenerateDataKey"}, "s3")
	doc := iampolicy.Document{Statements: []iampolicy.Statement{
		allow("RunQueriesInWorkGroup", []string{
			"athena:BatchGetNamedQuery", "athena:BatchGetQueryExecution", "athena:GetNamedQuery",
			"athena:GetQueryExecution", "athena:GetQueryResults", "athena:GetQueryResultsStream",
			"athena:GetQueryRuntimeStatistics", "athena:GetWorkGroup", "athena:ListNamedQueries",
			"athena:ListQueryExecutions", "athena:StartQueryExecution", "athena:StopQueryExecution",
		}, r.workGroupARN),
		allow("BrowseCatalog", []string{"athena:GetDatabase", "athena:GetDataCatalog", "athena:GetTableMetadata", "athena:ListDatabases", "athena:ListTableMetadata"},
			r.env.ARN("athena", "datacatalog/AwsDataCatalog")),
		// The console and QuickSight list workgroups, catalogs and
		// engine versions before a query; these List actions take no
		// resource (Service Authorization Reference, Amazon Athena:
		// ListWorkGroups, ListDataCatalogs, ListEngineVersions have no
		// resource type).
		allow("ListAthena", []string{"athena:ListDataCatalogs", "athena:ListEngineVersions", "athena:ListWorkGroups"}, "*"),
		allow("LocateLake", []string{"s3:GetBucketLocation"}, r.lakeARN),
		// Listing only under the events prefix, which is all Athena
		// lists for the table (its location and projected partitions):
		// s3:prefix is ListBucket's condition key (S3 User Guide,
		// "Bucket policy examples using condition keys", s3:prefix).
		{Sid: "ListEvents", Effect: iampolicy.Allow, Actions: []string{"s3:ListBucket"}, Resources: []string{r.lakeARN},
			Conditions: []iampolicy.Condition{iampolicy.Cond("StringLike", "s3:prefix", EventsPrefix+"*")}},
		allow("ReadEvents", []string{"s3:GetObject"}, r.lakeARN+"/"+EventsPrefix+"*"),
		allow("ResultsBucket", []string{"s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"}, r.resultsARN),
		allow("ReadWriteResults", []string{"s3:AbortMultipartUpload", "s3:GetObject", "s3:ListMultipartUploadParts", "s3:PutObject"}, r.resultsARN+"/"+ResultsPrefix+"*"),
		s3Key,
	}}
	// Athena's guide asks every policy used with Athena on an
	// encrypted catalog for kms:GenerateDataKey, kms:Decrypt and
	// kms:Encrypt on the catalog's key (Athena User Guide, "Configure
	// access from Athena to encrypted metadata in the AWS Glue Data
	// Catalog", access-encrypted-data-glue-data-catalog); QuickSight runs
	// its queries with this role too.
	doc.Add(r.catalogRead([]string{"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"}, "glue:GetDatabase", "glue:GetDatabases", "glue:GetPartition", "glue:GetPartitions", "glue:GetTable", "glue:GetTables")...)
	return doc
}

// analystTrust lets IAM principals of the account with MFA assume the
// analyst role, and QuickSight, which can run a data source's Athena
// queries with a role the data source names (QuickSight API
// AthenaParameters.RoleArn), for this account only.
func (r refs) analystTrust() iampolicy.Document {
	return iampolicy.Document{Statements: []iampolicy.Statement{
		{
			Sid: "AccountPrincipalsWithMFA", Effect: iampolicy.Allow,
			Principals: []iampolicy.Principal{iampolicy.AWSPrincipals(r.env.RootARN())},
			Actions:    []string{"sts:AssumeRole"},
			Conditions: []iampolicy.Condition{iampolicy.Cond("Bool", "aws:MultiFactorAuthPresent", "true")},
		},
		{
			Sid: "QuickSight", Effect: iampolicy.Allow,
			Principals: []iampolicy.Principal{iampolicy.ServicePrincipals(r.env.ServicePrincipal("quicksight"))},
			Actions:    []string{"sts:AssumeRole"},
			Conditions: []iampolicy.Condition{iampolicy.Cond("StringEquals", "aws:SourceAccount", r.env.AccountID)},
		},
	}}
}
