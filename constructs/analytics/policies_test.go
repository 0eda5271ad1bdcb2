package analytics

import (
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/acme/landing-zone/constructs/analytics/clickstream"
	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
)

func testRefs(t *testing.T) refs {
	env, err := awsenv.New("123456789012", "eu-west-1")
	if err != nil {
		t.Fatal(err)
	}
	r := newRefs(env, names{"acme-dev-analytics"})
	r.keyARN, r.alarmKeyARN = "arn:aws:kms:eu-west-1:123456789012:key/k", "arn:aws:kms:eu-west-1:123456789012:key/a"
	r.catalogKeyARN = "arn:aws:kms:eu-west-1:123456789012:key/catalog"
	r.lakeARN, r.resultsARN = "arn:aws:s3:::lake", "arn:aws:s3:::results"
	r.alarmTopicARN = "arn:aws:sns:eu-west-1:123456789012:alarms"
	return r
}

// TestPolicies checks every policy validates, names no resource "*"
// beyond the actions that have no resource level, and holds what its
// service guide asks for.
func TestPolicies(t *testing.T) {
	r := testRefs(t)
	docs := map[string]iampolicy.Document{
		"firehose": r.firehosePolicy(), "transform": r.functionPolicy(Transform), "alerts": r.functionPolicy(Alerts),
		"producer": r.producerPolicy(), "analyst": r.analystPolicy(), "analyst-trust": r.analystTrust(),
	}
	starOK := []string{"xray:PutTelemetryRecords", "xray:PutTraceSegments", "kinesis:ListStreams", "athena:ListDataCatalogs"}
	for name, d := range docs {
		if err := d.Validate(); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		for _, s := range d.Statements {
			for _, a := range s.Actions {
				if strings.HasSuffix(a, ":*") || a == "*" {
					t.Errorf("%s: %s allows a whole service", name, s.Sid)
				}
			}
			if slices.Contains(s.Resources, "*") && !slices.Contains(starOK, s.Actions[0]) {
				t.Errorf("%s: %s on *", name, s.Sid)
			}
		}
	}
	want := map[string][]string{
		"firehose": {"kinesis:DescribeStream", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards", "glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions",
			"lambda:InvokeFunction", "lambda:GetFunctionConfiguration", "s3:PutObject", "logs:PutLogEvents", "kms:Decrypt", "kms:GenerateDataKey"},
		"transform": {"logs:PutLogEvents"},
		"alerts":    {"kinesis:GetRecords", "dynamodb:UpdateItem", "sqs:SendMessage", "sns:Publish", "kms:GenerateDataKey"},
		"producer":  {"kinesis:PutRecord", "kinesis:PutRecords", "kms:GenerateDataKey"},
		"analyst":   {"athena:StartQueryExecution", "glue:GetTable", "s3:GetObject", "s3:PutObject", "kms:Decrypt"},
	}
	for name, actions := range want {
		got := docs[name].JSON()
		for _, a := range actions {
			if !strings.Contains(got, `"`+a+`"`) {
				t.Errorf("%s lacks %s", name, a)
			}
		}
	}
	if strings.Contains(docs["transform"].JSON(), "kinesis:") {
		t.Error("the transform gets its records from Firehose; it needs no stream access")
	}
	if strings.Contains(docs["analyst"].JSON(), "s3:PutObject\"],\"Resource\":\"arn:aws:s3:::lake") {
		t.Error("the analyst must not write the lake")
	}
}

// find returns the statement sid of d.
func find(t *testing.T, d iampolicy.Document, sid string) iampolicy.Statement {
	t.Helper()
	for _, s := range d.Statements {
		if s.Sid == sid {
			return s
		}
	}
	t.Fatalf("no statement %s in %s", sid, d.JSON())
	return iampolicy.Statement{}
}

// TestCatalogKey: the catalog's key, not the pipeline's, is what catalog
// readers use through Glue; Athena users (the analyst, QuickSight) get
// GenerateDataKey, Decrypt and Encrypt on it (Athena User Guide,
// access-encrypted-data-glue-data-catalog), Firehose Decrypt only; with
// SkipCatalogEncryption nobody gets a catalog key statement.
func TestCatalogKey(t *testing.T) {
	r := testRefs(t)
	analyst := find(t, r.analystPolicy(), "DecryptCatalog")
	if !reflect.DeepEqual(analyst.Resources, []string{r.catalogKeyARN}) || !reflect.DeepEqual(analyst.Actions, []string{"kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"}) {
		t.Errorf("analyst catalog key statement %+v", analyst)
	}
	if !strings.Contains(iampolicy.Document{Statements: []iampolicy.Statement{analyst}}.JSON(), "glue.eu-west-1.amazonaws.com") {
		t.Error("the catalog key must be used through Glue only")
	}
	fh := find(t, r.firehosePolicy(), "DecryptCatalog")
	if !reflect.DeepEqual(fh.Resources, []string{r.catalogKeyARN}) || !reflect.DeepEqual(fh.Actions, []string{"kms:Decrypt"}) {
		t.Errorf("firehose catalog key statement %+v", fh)
	}
	r.catalogKeyARN = ""
	for name, d := range map[string]iampolicy.Document{"analyst": r.analystPolicy(), "firehose": r.firehosePolicy()} {
		if strings.Contains(d.JSON(), "DecryptCatalog") {
			t.Errorf("%s: a catalog key statement with SkipCatalogEncryption", name)
		}
	}
}

// TestNarrowAccess: CloudWatch Logs may use the key for the pipeline's
// three log groups only; the analyst lists the lake under events/ only
// and may list Athena's workgroups, catalogs and engine versions.
func TestNarrowAccess(t *testing.T) {
	r := testRefs(t)
	logs := iampolicy.Document{Statements: []iampolicy.Statement{r.logsKeyUse()}}.JSON()
	for _, g := range []string{"log-group:/aws/lambda/acme-dev-analytics-transform", "log-group:/aws/lambda/acme-dev-analytics-alerts", "log-group:/aws/kinesisfirehose/acme-dev-analytics-lake"} {
		if !strings.Contains(logs, `"arn:aws:logs:eu-west-1:123456789012:`+g+`"`) {
			t.Errorf("logs key statement lacks %s: %s", g, logs)
		}
	}
	if strings.Contains(logs, "log-group:*") || !strings.Contains(logs, "ArnEquals") {
		t.Errorf("logs key statement is not narrowed: %s", logs)
	}
	list := iampolicy.Document{Statements: []iampolicy.Statement{find(t, r.analystPolicy(), "ListEvents")}}.JSON()
	if !strings.Contains(list, `"s3:prefix":"events/*"`) {
		t.Errorf("ListEvents %s", list)
	}
	for _, s := range r.analystPolicy().Statements {
		if slices.Contains(s.Actions, "s3:ListBucket") && s.Sid != "ListEvents" && slices.Contains(s.Resources, r.lakeARN) {
			t.Errorf("%s lists the whole lake", s.Sid)
		}
	}
	athena := find(t, r.analystPolicy(), "ListAthena")
	if !reflect.DeepEqual(athena.Actions, []string{"athena:ListDataCatalogs", "athena:ListEngineVersions", "athena:ListWorkGroups"}) {
		t.Errorf("ListAthena %+v", athena)
	}
}

func TestNamedQueriesUseTheSchema(t *testing.T) {
	known := map[string]bool{clickstream.PartitionColumn: true}
	for _, c := range clickstream.Columns() {
		known[c.Name] = true
	}
	ident := regexp.MustCompile(`\b[a-z]+_[a-z_]+\b`)
	sqlWords := map[string]bool{"date_trunc": true, "count_if": true, "date_format": true, "current_date": true, "page_views": true, "cart_adds": true,
		"viewed_page": true, "viewed_product": true, "added_to_cart": true, "started_checkout": true, "acme_dev_analytics": true,
		"page_view": true, "product_view": true, "add_to_cart": true, "checkout_start": true}
	for _, q := range NamedQueries("acme_dev_analytics") {
		if !strings.Contains(q.SQL, `"acme_dev_analytics"."clickstream"`) || !strings.Contains(q.SQL, clickstream.PartitionColumn+" >= ") {
			t.Errorf("%s: must query the table and filter on the partition: %s", q.ID, q.SQL)
		}
		for _, id := range ident.FindAllString(q.SQL, -1) {
			if !known[id] && !sqlWords[id] {
				t.Errorf("%s: %s is neither a column nor a known SQL word", q.ID, id)
			}
		}
		// A day of slack on dt, the period itself on event_time.
		m := regexp.MustCompile(`dt >= date_format\(current_date - interval '(\d+)' day, '%Y-%m-%d'\) AND event_time >= CAST\(current_date - interval '(\d+)' day AS timestamp\)`).FindStringSubmatch(q.SQL)
		if m == nil || m[1] != strconv.Itoa(atoi(t, m[2])+1) {
			t.Errorf("%s: must filter on event_time and on dt with one day of slack: %s", q.ID, q.SQL)
		}
		if len(queryColumns(q)) < 2 {
			t.Errorf("%s uses too few columns", q.ID)
		}
	}
}

func TestTableParameters(t *testing.T) {
	p := tableParameters("lake", 730)
	for k, v := range map[string]string{
		"projection.enabled": "true", "projection.dt.type": "date", "projection.dt.range": "NOW-730DAYS,NOW",
		"storage.location.template": "s3://lake/events/dt=$${dt}/",
	} {
		if p[k] != v {
			t.Errorf("%s = %q, want %q", k, p[k], v)
		}
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
