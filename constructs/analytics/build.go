package analytics

import (
	"fmt"
	"strconv"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/athenanamedquery"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/athenaworkgroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchlogstream"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dynamodbtable"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/gluecatalogdatabase"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/gluecatalogtable"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/gluedatacatalogencryptionsettings"
	awsiampolicy "github.com/cdktf/cdktf-provider-aws-go/aws/v19/iampolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/kinesisfirehosedeliverystream"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/kinesisstream"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/lambdaeventsourcemapping"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/lambdafunction"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/sqsqueue"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/sqsqueuepolicy"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/acme/landing-zone/constructs/analytics/clickstream"
	"github.com/acme/landing-zone/constructs/analytics/handlers/alerts"
	"github.com/acme/landing-zone/constructs/analytics/spec"
	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/gofunction"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/iamrole"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/loggroup"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/securebucket"
	"github.com/acme/landing-zone/constructs/suppress"
	"github.com/acme/landing-zone/constructs/tags"
)

// Function settings (gofunction: provided.al2023 on arm64).
const (
	memoryMB = 256
	// transformTimeout stays well inside the 5 minutes Firehose waits for
	// a processor (Firehose Developer Guide, "Transform source data":
	// "Lambda invocation duration").
	transformTimeout = 60
	alertsTimeout    = 60
	policyName       = "function"
	// deliveryStreamLogicalID etc. are resource id parts.
	bytesPerMB = 1024 * 1024
)

// build carries what New makes from one step to the next.
type build struct {
	scope constructs.Construct
	id    string
	props Props
	s     spec.Settings
	env   awsenv.Env
	n     names
	refs  refs
	out   *Pipeline

	key            *kmskey.Key
	catalogKey     *kmskey.Key
	streamRes      kinesisstream.KinesisStream
	lake, results  *securebucket.Bucket
	table          gluecatalogtable.GlueCatalogTable
	fns            map[string]lambdafunction.LambdaFunction
	roles          map[string]*iamrole.Role
	queueRef       *string
	aggregatesName *string
}

func (b *build) rid(parts ...string) *string {
	id := b.id
	for _, p := range parts {
		id += "-" + p
	}
	return jsii.String(id)
}

func (b *build) tags() *map[string]*string { return tags.Ptrs(tags.Merge(b.props.Tags)) }

// artifacts compiles both handlers before any resource exists.
func (b *build) artifacts() error {
	builder := b.props.Builder // nil builds with the defaults
	for _, fn := range Functions() {
		a, err := builder.Build(HandlerPackage(fn))
		if err != nil {
			return fmt.Errorf("function %s: %w", fn, err)
		}
		b.out.Functions[fn] = &a
	}
	return nil
}

// key makes the pipeline's key; CloudWatch Logs may use it for the
// pipeline's own log groups only. Every other use is by IAM roles of the
// account, through the key policy's account statement and kms:ViaService
// conditions in the roles' policies. The Data Catalog has a key of its
// own (catalog).
func (b *build) makeKey() error {
	k, err := kmskey.New(b.scope, *b.rid("key"), kmskey.Props{
		Alias:       b.n.keyAlias(),
		Description: "Encrypts the analytics pipeline " + b.props.Name + ": stream, lake, results, table, queue, logs",
		Tags:        b.props.Tags,
	})
	if err != nil {
		return err
	}
	if err := k.Ensure(b.refs.logsKeyUse()); err != nil {
		return err
	}
	b.key, b.out.Key = k, k
	b.refs.keyARN, b.refs.alarmKeyARN = *k.ARN, *b.props.AlarmTopic.Key.ARN
	b.refs.alarmTopicARN = b.props.AlarmTopic.ARN
	return nil
}

// stream makes the Kinesis data stream, encrypted with the key. Source for
// shard_count: the provider's CustomizeDiff refuses it with ON_DEMAND and
// requires it (>= 1) with PROVISIONED (internal/service/kinesis/stream.go).
func (b *build) stream() error {
	cfg := &kinesisstream.KinesisStreamConfig{
		Name:              jsii.String(b.n.stream()),
		RetentionPeriod:   jsii.Number(b.s.RetentionHours),
		EncryptionType:    jsii.String("KMS"),
		KmsKeyId:          b.key.ARN,
		StreamModeDetails: &kinesisstream.KinesisStreamStreamModeDetails{StreamMode: jsii.String(b.s.StreamMode)},
		Tags:              b.tags(),
	}
	if b.s.StreamMode == spec.Provisioned {
		cfg.ShardCount = jsii.Number(b.s.ShardCount)
	}
	b.streamRes = kinesisstream.NewKinesisStream(b.scope, b.rid("stream"), cfg)
	b.out.StreamName, b.out.StreamARN = b.n.stream(), b.refs.streamARN
	return nil
}

// buckets makes the lake and the results bucket, both SecureBuckets with
// the pipeline's key. The lake never moves objects to Glacier: Athena
// does not read objects in the S3 Glacier Flexible Retrieval or Deep
// Archive storage classes (Athena User Guide, "Query restored Amazon S3
// Glacier objects"), so a Glacier transition would silently drop old
// partitions from query results.
func (b *build) buckets() error {
	lakeName, err := naming.Bucket(b.props.Name, "lake", b.env.AccountID, b.env.Region)
	if err != nil {
		return fmt.Errorf("lake bucket: %w", err)
	}
	b.lake, err = securebucket.New(b.scope, *b.rid("lake"), securebucket.Props{
		Name: lakeName, KMSKey: b.key, AccessLogs: b.props.AccessLogs, Tags: b.props.Tags,
		Lifecycle: &securebucket.Lifecycle{InfrequentAccessDays: 30, ExpirationDays: b.s.LakeRetentionDays, NoncurrentExpirationDays: 30, AbortMultipartDays: 7},
	})
	if err != nil {
		return err
	}
	resultsName, err := naming.Bucket(b.props.Name, "results", b.env.AccountID, b.env.Region)
	if err != nil {
		return fmt.Errorf("results bucket: %w", err)
	}
	b.results, err = securebucket.New(b.scope, *b.rid("results"), securebucket.Props{
		Name: resultsName, KMSKey: b.key, AccessLogs: b.props.AccessLogs, Tags: b.props.Tags,
		Lifecycle: &securebucket.Lifecycle{ExpirationDays: b.s.ResultRetentionDays, NoncurrentExpirationDays: 1, AbortMultipartDays: 1},
	})
	if err != nil {
		return err
	}
	b.out.LakeBucket, b.out.ResultsBucket = b.lake, b.results
	b.refs.lakeARN, b.refs.resultsARN = b.lake.ARN, b.results.ARN
	return nil
}

// tableParameters are the table's properties: Parquet, and partition
// projection of dt over the lake's retention (Athena User Guide,
// "Partition projection with Amazon Athena", date type: projection.enabled,
// projection.<col>.type/format/range/interval/interval.unit and
// storage.location.template; the Firehose example uses range
// "<start>,NOW"). Projection needs no crawler and no partition repair.
// "$${dt}" is Terraform's escape for a literal "${dt}", which Athena
// substitutes.
func tableParameters(lakeName string, retentionDays int) map[string]string {
	dt := clickstream.PartitionColumn
	return map[string]string{
		"classification":                      "parquet",
		"EXTERNAL":                            "TRUE",
		"parquet.compression":                 "SNAPPY",
		"projection.enabled":                  "true",
		"projection." + dt + ".type":          "date",
		"projection." + dt + ".format":        "yyyy-MM-dd",
		"projection." + dt + ".range":         "NOW-" + strconv.Itoa(retentionDays) + "DAYS,NOW",
		"projection." + dt + ".interval":      "1",
		"projection." + dt + ".interval.unit": "DAYS",
		"storage.location.template":           "s3://" + lakeName + "/" + EventsPrefix + dt + "=$${" + dt + "}/",
	}
}

// catalogKeyID is the construct id part of the catalog's key.
const catalogKeyID = "catalog-key"

// makeCatalogKey makes the key of the account's Data Catalog (unless
// SkipCatalogEncryption), separate from the pipeline's key and kept when
// the pipeline goes: Glue encrypts every new catalog object of the account
// and region with it, and "when you disable encryption, ... existing
// encrypted objects will remain encrypted" (AWS Glue Developer Guide,
// "Encrypting your Data Catalog"). Destroying the encryption settings
// resets them, but the objects written meanwhile, other teams' included,
// stay readable only while the key exists, so the key carries Terraform's
// lifecycle prevent_destroy: a destroy plan that would delete it fails,
// and removing it is a deliberate `terraform state rm` (README,
// "Analytics"). It runs before the functions and roles are built, which
// name its ARN.
func (b *build) makeCatalogKey() error {
	if b.props.SkipCatalogEncryption {
		return nil
	}
	id := *b.rid(catalogKeyID)
	k, err := kmskey.New(b.scope, id, kmskey.Props{
		Alias: b.n.catalogKeyAlias(),
		Description: "Encrypts the Glue Data Catalog of this account and region (set by the analytics pipeline " + b.props.Name +
			"); outlives the pipeline: catalog objects written while it was set stay encrypted with it",
		Tags: b.props.Tags,
	})
	if err != nil {
		return err
	}
	res, ok := constructs.Node_Of(b.scope).FindChild(jsii.String(id)).(cdktf.TerraformResource)
	if !ok {
		return fmt.Errorf("catalog key %s: not a Terraform resource", id)
	}
	res.SetLifecycle(&cdktf.TerraformResourceLifecycle{PreventDestroy: jsii.Bool(true)})
	b.catalogKey, b.out.CatalogKey = k, k
	b.refs.catalogKeyARN = *k.ARN
	return nil
}

// catalog makes the catalog encryption settings, the database and the
// table whose columns are clickstream.Columns().
func (b *build) catalog() error {
	var deps []cdktf.ITerraformDependable
	if b.catalogKey != nil {
		// One per account and region (the resource's id is the catalog
		// id, the account): see Props.SkipCatalogEncryption. Made first
		// so that the database and table are written encrypted.
		enc := gluedatacatalogencryptionsettings.NewGlueDataCatalogEncryptionSettings(b.scope, b.rid("catalog-encryption"), &gluedatacatalogencryptionsettings.GlueDataCatalogEncryptionSettingsConfig{
			DataCatalogEncryptionSettings: &gluedatacatalogencryptionsettings.GlueDataCatalogEncryptionSettingsDataCatalogEncryptionSettings{
				ConnectionPasswordEncryption: &gluedatacatalogencryptionsettings.GlueDataCatalogEncryptionSettingsDataCatalogEncryptionSettingsConnectionPasswordEncryption{
					ReturnConnectionPasswordEncrypted: jsii.Bool(true),
					AwsKmsKeyId:                       b.catalogKey.ARN,
				},
				EncryptionAtRest: &gluedatacatalogencryptionsettings.GlueDataCatalogEncryptionSettingsDataCatalogEncryptionSettingsEncryptionAtRest{
					CatalogEncryptionMode: jsii.String("SSE-KMS"),
					SseAwsKmsKeyId:        b.catalogKey.ARN,
				},
			},
		})
		deps = append(deps, enc)
	}
	dbCfg := &gluecatalogdatabase.GlueCatalogDatabaseConfig{
		Name:        jsii.String(b.n.database()),
		Description: jsii.String("Analytics pipeline " + b.props.Name),
		Tags:        b.tags(),
	}
	if len(deps) > 0 {
		dbCfg.DependsOn = &deps
	}
	db := gluecatalogdatabase.NewGlueCatalogDatabase(b.scope, b.rid("database"), dbCfg)
	if b.props.SkipCatalogEncryption {
		if err := suppress.Rule(db, "GLUE-1", "the account's Data Catalog encryption settings are managed outside this stack (SkipCatalogEncryption)"); err != nil {
			return err
		}
	}
	var cols []*gluecatalogtable.GlueCatalogTableStorageDescriptorColumns
	for _, c := range clickstream.Columns() {
		cols = append(cols, &gluecatalogtable.GlueCatalogTableStorageDescriptorColumns{Name: jsii.String(c.Name), Type: jsii.String(c.Type), Comment: jsii.String(c.Comment)})
	}
	params := map[string]*string{}
	for k, v := range tableParameters(b.lake.Name, b.s.LakeRetentionDays) {
		params[k] = jsii.String(v)
	}
	b.table = gluecatalogtable.NewGlueCatalogTable(b.scope, b.rid("table"), &gluecatalogtable.GlueCatalogTableConfig{
		Name:         jsii.String(TableName),
		DatabaseName: db.Name(),
		Description:  jsii.String("Clickstream events (package clickstream, schema version " + strconv.Itoa(clickstream.SchemaVersion) + ")"),
		TableType:    jsii.String("EXTERNAL_TABLE"),
		Parameters:   &params,
		PartitionKeys: []*gluecatalogtable.GlueCatalogTablePartitionKeys{{
			Name: jsii.String(clickstream.PartitionColumn), Type: jsii.String("string"), Comment: jsii.String("UTC date the oldest record of the S3 object reached Firehose, yyyy-MM-dd; filter on event_time, with a day of slack on dt"),
		}},
		StorageDescriptor: &gluecatalogtable.GlueCatalogTableStorageDescriptor{
			Location:     jsii.String("s3://" + b.lake.Name + "/" + EventsPrefix),
			InputFormat:  jsii.String("org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"),
			OutputFormat: jsii.String("org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"),
			SerDeInfo: &gluecatalogtable.GlueCatalogTableStorageDescriptorSerDeInfo{
				SerializationLibrary: jsii.String("org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"),
				Parameters:           &map[string]*string{"serialization.format": jsii.String("1")},
			},
			Columns: cols,
		},
	})
	b.out.Database, b.out.Table = b.n.database(), TableName
	return nil
}

// athena makes the workgroup and its named queries.
func (b *build) athena() error {
	wg := athenaworkgroup.NewAthenaWorkgroup(b.scope, b.rid("workgroup"), &athenaworkgroup.AthenaWorkgroupConfig{
		Name:        jsii.String(b.n.workGroup()),
		Description: jsii.String("Queries over the clickstream lake of " + b.props.Name),
		State:       jsii.String("ENABLED"),
		Configuration: &athenaworkgroup.AthenaWorkgroupConfiguration{
			// Clients cannot override the result location, encryption
			// or scan limit (Athena User Guide, "Override client-side
			// settings").
			EnforceWorkgroupConfiguration:   jsii.Bool(true),
			PublishCloudwatchMetricsEnabled: jsii.Bool(true),
			BytesScannedCutoffPerQuery:      jsii.Number(float64(b.s.ScanLimitMB) * bytesPerMB),
			EngineVersion:                   &athenaworkgroup.AthenaWorkgroupConfigurationEngineVersion{SelectedEngineVersion: jsii.String("Athena engine version 3")},
			ResultConfiguration: &athenaworkgroup.AthenaWorkgroupConfigurationResultConfiguration{
				OutputLocation: jsii.String("s3://" + b.results.Name + "/" + ResultsPrefix),
				EncryptionConfiguration: &athenaworkgroup.AthenaWorkgroupConfigurationResultConfigurationEncryptionConfiguration{
					EncryptionOption: jsii.String("SSE_KMS"),
					KmsKeyArn:        b.key.ARN,
				},
				ExpectedBucketOwner: jsii.String(b.env.AccountID),
			},
		},
		Tags: b.tags(),
	})
	for _, q := range NamedQueries(b.n.database()) {
		athenanamedquery.NewAthenaNamedQuery(b.scope, b.rid("query", q.ID), &athenanamedquery.AthenaNamedQueryConfig{
			Name:        jsii.String(q.Name),
			Description: jsii.String(q.Description),
			Database:    jsii.String(b.n.database()),
			Workgroup:   wg.Id(),
			Query:       jsii.String(q.SQL),
			DependsOn:   &[]cdktf.ITerraformDependable{b.table},
		})
	}
	b.out.WorkGroup = b.n.workGroup()
	return nil
}

// functionEnv is what each function's main package requires.
func (b *build) functionEnv(fn string) map[string]*string {
	if fn == Transform {
		// One variable so that the environment (and its encryption with
		// the key) exists: the transform itself needs none.
		return map[string]*string{"CLICKSTREAM_SCHEMA_VERSION": jsii.String(strconv.Itoa(clickstream.SchemaVersion))}
	}
	return map[string]*string{
		alerts.EnvTable:          b.aggregatesName,
		alerts.EnvTopicARN:       b.props.AlarmTopic.Ref,
		alerts.EnvErrorThreshold: jsii.String(strconv.Itoa(b.s.ErrorThreshold)),
		alerts.EnvRetentionDays:  jsii.String(strconv.Itoa(b.s.AggregateRetentionDays)),
	}
}

// functions makes both functions with their log groups and roles. The
// aggregates table is made first (the alerts function names it).
func (b *build) functions() error {
	if err := b.alertsTable(); err != nil {
		return err
	}
	b.fns, b.roles = map[string]lambdafunction.LambdaFunction{}, map[string]*iamrole.Role{}
	for _, fn := range Functions() {
		timeout := transformTimeout
		if fn == Alerts {
			timeout = alertsTimeout
		}
		gf, err := gofunction.New(b.scope, *b.rid(fn), gofunction.Props{
			Name:             b.n.function(fn),
			Description:      "Analytics pipeline " + b.props.Name + ": " + fn,
			RoleDescription:  "Runs the " + fn + " function of the analytics pipeline " + b.props.Name,
			Artifact:         *b.out.Functions[fn],
			Key:              b.key,
			LogRetentionDays: b.s.LogRetentionDays,
			Policies:         map[string]iampolicy.Document{policyName: b.refs.functionPolicy(fn)},
			Environment:      b.functionEnv(fn),
			MemoryMB:         memoryMB,
			TimeoutSeconds:   timeout,
			Tags:             b.props.Tags,
		})
		if err != nil {
			return err
		}
		f, role := gf.Function, gf.Role
		if err := suppress.Rule(f, "LAMBDA-3", "no reservation: the account's Lambda concurrency quota is not declared, and a reservation on a new account's quota of 10 fails the apply"); err != nil {
			return err
		}
		why := map[string]string{
			Transform: "invoked synchronously by Firehose, which retries and writes records it cannot process to the lake's error prefix",
			Alerts:    "invoked synchronously by its Kinesis event source mapping, whose on-failure destination (an SQS queue) receives failed batches",
		}
		if err := suppress.Rule(f, "LAMBDA-1", why[fn]); err != nil {
			return err
		}
		b.fns[fn], b.roles[fn] = f, role
	}
	return nil
}

// firehose makes the delivery stream from the Kinesis stream to the lake.
func (b *build) firehose() error {
	lg, err := loggroup.New(b.scope, *b.rid("delivery-logs"), loggroup.Props{
		Name: b.n.deliveryLogGroup(), Key: b.key, RetentionDays: b.s.LogRetentionDays, Tags: b.props.Tags,
	})
	if err != nil {
		return err
	}
	ls := cloudwatchlogstream.NewCloudwatchLogStream(b.scope, b.rid("delivery-log-stream"), &cloudwatchlogstream.CloudwatchLogStreamConfig{
		Name: jsii.String(deliveryLogStream), LogGroupName: jsii.String(b.n.deliveryLogGroup()), DependsOn: &[]cdktf.ITerraformDependable{lg.Resource},
	})
	role, err := iamrole.New(b.scope, *b.rid("firehose-role"), iamrole.Props{
		Name:        b.n.of("firehose"),
		Description: "Lets Firehose read the stream, call the transform, read the table's schema and write the lake of " + b.props.Name,
		Trust:       iamrole.ServiceTrust(b.env.ServicePrincipal("firehose"), b.env.AccountID),
		Policies:    map[string]iampolicy.Document{"delivery": b.refs.firehosePolicy()},
		Tags:        b.props.Tags,
	})
	if err != nil {
		return err
	}
	// Firehose checks the role when the stream is created: its policy,
	// the table, the function and the log stream must exist first.
	deps := append(*role.Ready(), b.table, b.fns[Transform], ls, b.lake.PolicyResource())
	type ext = kinesisfirehosedeliverystream.KinesisFirehoseDeliveryStreamExtendedS3Configuration
	kinesisfirehosedeliverystream.NewKinesisFirehoseDeliveryStream(b.scope, b.rid("delivery"), &kinesisfirehosedeliverystream.KinesisFirehoseDeliveryStreamConfig{
		Name:        jsii.String(b.n.delivery()),
		Destination: jsii.String("extended_s3"),
		// No server_side_encryption block: the provider makes it
		// ConflictsWith kinesis_source_configuration (the records are
		// encrypted in the source stream, and Firehose encrypts what it
		// writes with kms_key_arn below).
		KinesisSourceConfiguration: &kinesisfirehosedeliverystream.KinesisFirehoseDeliveryStreamKinesisSourceConfiguration{
			KinesisStreamArn: b.streamRes.Arn(),
			RoleArn:          role.ARN,
		},
		ExtendedS3Configuration: &ext{
			BucketArn:         jsii.String(b.lake.ARN),
			RoleArn:           role.ARN,
			BufferingSize:     jsii.Number(b.s.BufferSizeMB),
			BufferingInterval: jsii.Number(b.s.BufferIntervalSeconds),
			// Date prefixes from the arrival time of the oldest record
			// in each S3 object (timestamp namespace; not each record's
			// own arrival date),
			// and the error output prefix that custom prefixes with
			// expressions require, with the error type in it (Firehose
			// Developer Guide, "Custom prefixes for Amazon S3 objects":
			// !{timestamp:...} and !{firehose:error-output-type}).
			// Dynamic partitioning (by the event's own date) is not
			// used: it can only be enabled when the stream is created
			// and is billed per GB; event_date is a column instead.
			Prefix:            jsii.String(EventsPrefix + clickstream.PartitionColumn + "=!{timestamp:yyyy-MM-dd}/"),
			ErrorOutputPrefix: jsii.String(ErrorsPrefix + "!{firehose:error-output-type}/" + clickstream.PartitionColumn + "=!{timestamp:yyyy-MM-dd}/"),
			KmsKeyArn:         b.key.ARN,
			// Format conversion compresses Parquet itself (SNAPPY) and
			// requires the S3 compression to stay UNCOMPRESSED.
			CompressionFormat: jsii.String("UNCOMPRESSED"),
			CloudwatchLoggingOptions: &kinesisfirehosedeliverystream.KinesisFirehoseDeliveryStreamExtendedS3ConfigurationCloudwatchLoggingOptions{
				Enabled: jsii.Bool(true), LogGroupName: jsii.String(b.n.deliveryLogGroup()), LogStreamName: jsii.String(deliveryLogStream),
			},
			ProcessingConfiguration: &kinesisfirehosedeliverystream.KinesisFirehoseDeliveryStreamExtendedS3ConfigurationProcessingConfiguration{
				Enabled: jsii.Bool(true),
				Processors: []*kinesisfirehosedeliverystream.KinesisFirehoseDeliveryStreamExtendedS3ConfigurationProcessingConfigurationProcessors{{
					Type: jsii.String("Lambda"),
					// Only LambdaArn: the provider does not store
					// parameters equal to Firehose's defaults
					// (NumberOfRetries 3, BufferSizeInMBs 1,
					// BufferIntervalInSeconds 60), so setting them would
					// show a diff on every plan (defaultProcessorParameters
					// in internal/service/firehose/delivery_stream.go;
					// terraform-provider-aws PR #14943).
					Parameters: []*kinesisfirehosedeliverystream.KinesisFirehoseDeliveryStreamExtendedS3ConfigurationProcessingConfigurationProcessorsParameters{{
						ParameterName:  jsii.String("LambdaArn"),
						ParameterValue: jsii.String(b.refs.functionARNs[Transform] + ":$LATEST"),
					}},
				}},
			},
			DataFormatConversionConfiguration: &kinesisfirehosedeliverystream.KinesisFirehoseDeliveryStreamExtendedS3ConfigurationDataFormatConversionConfiguration{
				Enabled: jsii.Bool(true),
				InputFormatConfiguration: &kinesisfirehosedeliverystream.KinesisFirehoseDeliveryStreamExtendedS3ConfigurationDataFormatConversionConfigurationInputFormatConfiguration{
					Deserializer: &kinesisfirehosedeliverystream.KinesisFirehoseDeliveryStreamExtendedS3ConfigurationDataFormatConversionConfigurationInputFormatConfigurationDeserializer{
						// The transform writes times as epoch
						// milliseconds, which the Hive JSON SerDe reads
						// as timestamps with the "millis" format
						// (Firehose API HiveJsonSerDe.TimestampFormats).
						HiveJsonSerDe: &kinesisfirehosedeliverystream.KinesisFirehoseDeliveryStreamExtendedS3ConfigurationDataFormatConversionConfigurationInputFormatConfigurationDeserializerHiveJsonSerDe{
							TimestampFormats: jsii.Strings("millis"),
						},
					},
				},
				OutputFormatConfiguration: &kinesisfirehosedeliverystream.KinesisFirehoseDeliveryStreamExtendedS3ConfigurationDataFormatConversionConfigurationOutputFormatConfiguration{
					Serializer: &kinesisfirehosedeliverystream.KinesisFirehoseDeliveryStreamExtendedS3ConfigurationDataFormatConversionConfigurationOutputFormatConfigurationSerializer{
						ParquetSerDe: &kinesisfirehosedeliverystream.KinesisFirehoseDeliveryStreamExtendedS3ConfigurationDataFormatConversionConfigurationOutputFormatConfigurationSerializerParquetSerDe{
							Compression: jsii.String("SNAPPY"),
						},
					},
				},
				SchemaConfiguration: &kinesisfirehosedeliverystream.KinesisFirehoseDeliveryStreamExtendedS3ConfigurationDataFormatConversionConfigurationSchemaConfiguration{
					DatabaseName: jsii.String(b.n.database()),
					TableName:    b.table.Name(),
					RoleArn:      role.ARN,
					Region:       jsii.String(b.env.Region),
					VersionId:    jsii.String("LATEST"),
				},
			},
		},
		DependsOn: &deps,
		Tags:      b.tags(),
	})
	return nil
}

// alertsTable makes the table of window aggregates: on demand, the key,
// point-in-time recovery, TTL and deletion protection.
func (b *build) alertsTable() error {
	if b.aggregatesName != nil {
		return nil
	}
	str := func(name string) *dynamodbtable.DynamodbTableAttribute {
		return &dynamodbtable.DynamodbTableAttribute{Name: jsii.String(name), Type: jsii.String("S")}
	}
	t := dynamodbtable.NewDynamodbTable(b.scope, b.rid("aggregates"), &dynamodbtable.DynamodbTableConfig{
		Name:                      jsii.String(b.n.table()),
		BillingMode:               jsii.String("PAY_PER_REQUEST"),
		HashKey:                   jsii.String(alerts.HashKey),
		RangeKey:                  jsii.String(alerts.RangeKey),
		Attribute:                 []*dynamodbtable.DynamodbTableAttribute{str(alerts.HashKey), str(alerts.RangeKey)},
		ServerSideEncryption:      &dynamodbtable.DynamodbTableServerSideEncryption{Enabled: jsii.Bool(true), KmsKeyArn: b.key.ARN},
		PointInTimeRecovery:       &dynamodbtable.DynamodbTablePointInTimeRecovery{Enabled: jsii.Bool(true)},
		Ttl:                       &dynamodbtable.DynamodbTableTtl{AttributeName: jsii.String(alerts.TTLAttribute), Enabled: jsii.Bool(true)},
		DeletionProtectionEnabled: jsii.Bool(true),
		Tags:                      b.tags(),
	})
	b.aggregatesName = t.Name()
	b.out.AggregatesTable = b.n.table()
	return nil
}

// trigger connects the alerts function to the stream.
func (b *build) trigger() error {
	q := sqsqueue.NewSqsQueue(b.scope, b.rid("alerts-failures"), &sqsqueue.SqsQueueConfig{
		Name:                    jsii.String(b.n.failureQueue()),
		KmsMasterKeyId:          b.key.ARN,
		MessageRetentionSeconds: jsii.Number(1209600),
		Tags:                    b.tags(),
	})
	if err := suppress.Rule(q, "SQS-2", "the alerts mapping's on-failure destination: it is the dead-letter queue"); err != nil {
		return err
	}
	pol := sqsqueuepolicy.NewSqsQueuePolicy(b.scope, b.rid("alerts-failures-policy"), &sqsqueuepolicy.SqsQueuePolicyConfig{
		QueueUrl: q.Url(),
		Policy:   jsii.String(queuePolicy(b.env, b.refs.queueARN).JSON()),
	})
	deps := append(*b.roles[Alerts].Ready(), q, pol)
	lambdaeventsourcemapping.NewLambdaEventSourceMapping(b.scope, b.rid(Alerts, "source"), &lambdaeventsourcemapping.LambdaEventSourceMappingConfig{
		FunctionName:     b.fns[Alerts].FunctionName(),
		EventSourceArn:   b.streamRes.Arn(),
		StartingPosition: jsii.String(b.s.StartingPosition),
		BatchSize:        jsii.Number(b.s.BatchSize),
		// Source for each: Lambda API CreateEventSourceMapping
		// (TumblingWindowInSeconds up to 900; BisectBatchOnFunctionError,
		// MaximumRetryAttempts, MaximumRecordAgeInSeconds,
		// FunctionResponseTypes and DestinationConfig.OnFailure for
		// Kinesis).
		TumblingWindowInSeconds:    jsii.Number(b.s.WindowSeconds),
		BisectBatchOnFunctionError: jsii.Bool(true),
		MaximumRetryAttempts:       jsii.Number(b.s.MaxRetryAttempts),
		MaximumRecordAgeInSeconds:  jsii.Number(b.s.MaxRecordAgeSeconds),
		FunctionResponseTypes:      jsii.Strings("ReportBatchItemFailures"),
		DestinationConfig: &lambdaeventsourcemapping.LambdaEventSourceMappingDestinationConfig{
			OnFailure: &lambdaeventsourcemapping.LambdaEventSourceMappingDestinationConfigOnFailure{DestinationArn: q.Arn()},
		},
		DependsOn: &deps,
		Tags:      b.tags(),
	})
	return nil
}

// queuePolicy refuses plain-text transport and principals of other
// accounts (Lambda sends with the function's role, a principal of this
// account).
func queuePolicy(env awsenv.Env, queueARN string) iampolicy.Document {
	return iampolicy.Document{Statements: iampolicy.AccountOnly("sqs", queueARN, env.AccountID)}
}

// access makes the producer policy and the analyst role.
func (b *build) access() error {
	prod := b.refs.producerPolicy()
	if err := prod.Validate(); err != nil {
		return fmt.Errorf("producer policy: %w", err)
	}
	p := awsiampolicy.NewIamPolicy(b.scope, b.rid("producer"), &awsiampolicy.IamPolicyConfig{
		Name:        jsii.String(b.n.of("producer")),
		Description: jsii.String("Put clickstream events on " + b.n.stream() + ": attach to the web application's role"),
		Policy:      jsii.String(prod.JSON()),
		Tags:        b.tags(),
	})
	b.out.ProducerPolicyARN = *p.Arn()
	role, err := iamrole.New(b.scope, *b.rid("analyst-role"), iamrole.Props{
		Name:        b.n.of("analyst"),
		Description: "Runs queries in the Athena workgroup " + b.n.workGroup() + " and reads the clickstream lake; assumable with MFA and by QuickSight",
		Trust:       b.refs.analystTrust(),
		Policies:    map[string]iampolicy.Document{"analyst": b.refs.analystPolicy()},
		Tags:        b.props.Tags,
	})
	if err != nil {
		return err
	}
	b.out.AnalystRoleARN = *role.ARN
	return nil
}
