// Package analytics provides the real-time analytics pipeline of the
// reference architecture (guide section 7.3): clickstream events on an
// encrypted Kinesis data stream; a Firehose stream that reads the stream,
// has each record validated and enriched by a Go transform function, and
// writes Parquet (converted with the Glue table's schema) into a data-lake
// bucket under date prefixes, bad records under an error prefix; a Glue
// database and table with partition projection; an enforced Athena
// workgroup with encrypted, expiring results, a scan limit and named
// queries; and a Go alerts function on the stream, aggregating tumbling
// windows into a DynamoDB table and alerting on the alarm topic.
//
// One schema: package clickstream defines the event; the Glue columns,
// the transform's validation and the tests derive from it.
//
// Secure by default, with no switch to turn these off: one customer-managed
// key (rotated) for the stream, the lake, the results, the catalog, the
// table, the queue and the logs; least-privilege roles for Firehose, each
// function, producers (a managed policy) and analysts; the workgroup's
// settings override the clients'; alarms on iterator age, delivery
// freshness and failures, and function errors.
//
// # Use from another module
//
// Like serverlessorders, the construct needs an awsenv on the stack and an
// encrypted alarm topic; the handlers are compiled by Props.Builder in the
// process's working directory, whose module must require this one:
//
//	topic, _ := snstopic.New(stack, "alarms", snstopic.Props{Name: "alarms", Key: key, PublishingServices: []string{"cloudwatch"}})
//	p, err := analytics.New(stack, "analytics", analytics.Props{Name: "acme-prod-analytics", AlarmTopic: topic, Production: true})
//	if err != nil {
//		log.Fatal(err)
//	}
//	// Attach p.ProducerPolicyARN to the role of whatever puts events on p.StreamName.
package analytics

import (
	"fmt"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"

	"github.com/acme/landing-zone/constructs/analytics/spec"
	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/lambdapkg"
	"github.com/acme/landing-zone/constructs/naming"
	"github.com/acme/landing-zone/constructs/securebucket"
	"github.com/acme/landing-zone/constructs/snstopic"
)

// Functions of the pipeline, which are also the names of their main
// packages under handlers/cmd.
const (
	Transform = "transform"
	Alerts    = "alerts"
)

// Functions lists the functions in build order.
func Functions() []string { return []string{Transform, Alerts} }

// HandlerPackage is the import path of a function's main package.
func HandlerPackage(fn string) string {
	return "github.com/acme/landing-zone/constructs/analytics/handlers/cmd/" + fn
}

// HandlerPackages are the main packages of both functions, for
// lambdapkg.Builder.Prefetch.
func HandlerPackages() []string {
	var out []string
	for _, fn := range Functions() {
		out = append(out, HandlerPackage(fn))
	}
	return out
}

// MaxNameLength keeps "<Name>-transform-firehose" within IAM's 64.
const MaxNameLength = 40

// Props configures the pipeline. The zero value plus Name and AlarmTopic is the
// secure configuration.
type Props struct {
	// Name prefixes every resource name, such as "acme-prod-analytics":
	// lowercase letters, digits and hyphens, at most MaxNameLength. The
	// Glue database is Name with underscores (Athena accepts no hyphens
	// in database names).
	Name string
	// Settings are the pipeline's knobs (see spec.Settings); zero fields
	// take the defaults.
	Settings spec.Settings
	// AlarmTopic receives the CloudWatch alarms and the alerts function's
	// alerts; the function may use the topic's key to publish. Required:
	// the environment's alarm topic.
	AlarmTopic *snstopic.Topic
	// AccessLogs chooses where the buckets' access logs go.
	AccessLogs securebucket.AccessLogs
	// SkipCatalogEncryption leaves the account's Glue Data Catalog
	// encryption settings alone. By default the construct sets them
	// (aws_glue_data_catalog_encryption_settings, one per account and
	// region) to SSE-KMS with a catalog key of its own (Pipeline.CatalogKey,
	// lifecycle prevent_destroy), which encrypts every new table and
	// database of the catalog: anyone reading the catalog then needs
	// kms:Decrypt on that key, and Athena users GenerateDataKey and
	// Encrypt too (Athena User Guide, "access-encrypted-data-glue-data-
	// catalog"); roles that deny kms:Decrypt (the landing zone's view-only
	// cross-account roles) no longer see the catalog's objects. Set this
	// when another stack manages the settings, or the two will overwrite
	// each other; the pipeline's roles then get no catalog key
	// permissions, which the settings' owner grants.
	SkipCatalogEncryption bool
	// Builder compiles the handlers; share the app's Builder.
	Builder *lambdapkg.Builder
	// Production tightens the floors and raises the defaults.
	Production bool
	Tags       map[string]string
}

// Pipeline is the result of New.
type Pipeline struct {
	// StreamName and StreamARN are the Kinesis data stream producers
	// write to.
	StreamName, StreamARN string
	// ProducerPolicyARN is a managed policy allowing PutRecord(s) on the
	// stream with the key: attach it to the web application's role.
	ProducerPolicyARN string
	// AnalystRoleARN is the role that may run queries in the workgroup
	// and read the lake (also assumable by QuickSight).
	AnalystRoleARN string
	// Database, Table and WorkGroup name the catalog and Athena objects.
	Database, Table, WorkGroup string
	// LakeBucket and ResultsBucket are the buckets.
	LakeBucket, ResultsBucket *securebucket.Bucket
	// AggregatesTable names the DynamoDB table of window aggregates.
	AggregatesTable string
	// Key encrypts everything of the pipeline but the catalog.
	Key *kmskey.Key
	// CatalogKey encrypts the account's Data Catalog (nil with
	// SkipCatalogEncryption). It has lifecycle prevent_destroy: it
	// outlives the pipeline, since catalog objects written while it was
	// set stay encrypted with it.
	CatalogKey *kmskey.Key
	// Functions are the two functions' artifacts by name.
	Functions map[string]*lambdapkg.Artifact
}

// New validates props, compiles the handlers and builds the pipeline.
func New(scope constructs.Construct, id string, props Props) (*Pipeline, error) {
	s, err := props.validate(id)
	if err != nil {
		return nil, err
	}
	env, err := awsenv.Of(scope)
	if err != nil {
		return nil, fmt.Errorf("analytics %s: %w", id, err)
	}
	b := &build{scope: scope, id: id, props: props, s: s, env: env, n: names{props.Name}, out: &Pipeline{Functions: map[string]*lambdapkg.Artifact{}}}
	b.refs = newRefs(env, b.n)
	steps := []func() error{b.artifacts, b.makeKey, b.makeCatalogKey, b.stream, b.buckets, b.catalog, b.athena, b.functions, b.firehose, b.trigger, b.access, b.alarms}
	for _, step := range steps {
		if err := step(); err != nil {
			return nil, fmt.Errorf("analytics %s: %w", id, err)
		}
	}
	return b.out, nil
}

func (p Props) validate(id string) (spec.Settings, error) {
	fail := func(format string, args ...any) (spec.Settings, error) {
		return spec.Settings{}, fmt.Errorf("analytics %s: "+format, append([]any{id}, args...)...)
	}
	if _, err := naming.Name(MaxNameLength, p.Name); err != nil {
		return fail("Name %q: %v (it prefixes every resource name)", p.Name, err)
	}
	if p.AlarmTopic == nil || p.AlarmTopic.Key == nil {
		return fail("AlarmTopic (with its Key) is required: the alarms and alerts go to the environment's alarm topic")
	}
	s := p.Settings.WithDefaults(p.Production)
	if probs := s.Check(p.Production); len(probs) > 0 {
		msgs := make([]string, len(probs))
		for i, pr := range probs {
			msgs[i] = fmt.Sprintf("Settings.%s %v: %s", pr.Field, pr.Value, pr.Msg)
		}
		return fail("%s", strings.Join(msgs, "; "))
	}
	return s, nil
}

// names are the resource names, derived from Props.Name.
type names struct{ prefix string }

func (n names) of(parts ...string) string {
	return naming.Join(append([]string{n.prefix}, parts...)...)
}
func (n names) stream() string            { return n.of("events") }
func (n names) delivery() string          { return n.of("lake") }
func (n names) function(fn string) string { return n.of(fn) }
func (n names) logGroup(fn string) string { return "/aws/lambda/" + n.function(fn) }

// deliveryLogGroup is where Firehose logs delivery errors; the path is
// the one the console uses.
func (n names) deliveryLogGroup() string { return "/aws/kinesisfirehose/" + n.delivery() }
func (n names) database() string         { return strings.ReplaceAll(n.prefix, "-", "_") }
func (n names) workGroup() string        { return n.prefix }
func (n names) table() string            { return n.of("aggregates") }
func (n names) failureQueue() string     { return n.of("alerts-failures") }
func (n names) keyAlias() string         { return n.prefix }
func (n names) catalogKeyAlias() string  { return n.prefix + "/glue-catalog" }

// TableName is the Glue table of the clickstream.
const TableName = "clickstream"

// Lake prefixes. Events are partitioned by dt=yyyy-MM-dd, the UTC date
// at which the oldest record of each S3 object reached Firehose (Firehose
// Developer Guide, "Custom prefixes for Amazon S3 objects": the timestamp
// namespace uses the approximate arrival time of the oldest record in the
// object), which the table's partition projection maps. A record can
// therefore sit under the day before its own arrival date: queries give
// dt a day of slack and filter on event_time (NamedQueries).
const (
	EventsPrefix = "events/"
	ErrorsPrefix = "errors/"
	// deliveryLogStream is the log stream Firehose writes S3 delivery
	// errors to.
	deliveryLogStream = "DestinationDelivery"
	// ResultsPrefix is where Athena writes query results.
	ResultsPrefix = "athena/"
)
