package serverlessorders

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/acme/landing-zone/constructs/awsenv"
	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/orders"
	"github.com/acme/landing-zone/constructs/serverlessorders/orderspec"
)

func TestValidate(t *testing.T) {
	valid := func() Props { return Props{Name: "acme-dev-orders", SenderDomain: "shop.example.com"} }
	s, err := valid().validate("orders")
	if err != nil {
		t.Fatal(err)
	}
	if s.SenderAddress != "orders@shop.example.com" || s.ReservedConcurrency != NoReservedConcurrency || s.LogRetentionDays != 90 {
		t.Errorf("defaults: %+v", s.Settings)
	}
	prod := valid()
	prod.Production = true
	if s, err := prod.validate("orders"); err != nil || s.LogRetentionDays != 365 || s.ReservedConcurrency != NoReservedConcurrency {
		t.Errorf("production defaults: %+v, %v", s.Settings, err)
	}
	prod.LambdaConcurrencyQuota = 1000
	if s, err := prod.validate("orders"); err != nil || s.ReservedConcurrency != 50 {
		t.Errorf("production defaults with a quota: %+v, %v", s.Settings, err)
	}

	tests := []struct {
		name   string
		mutate func(*Props)
		want   string
	}{
		{"no name", func(p *Props) { p.Name = "" }, `serverlessorders orders: Name "": empty name`},
		{"bad name", func(p *Props) { p.Name = "Acme_Orders" }, `Name "Acme_Orders": name part "Acme_Orders": use lowercase letters`},
		{"long name", func(p *Props) { p.Name = strings.Repeat("a", 48) }, "AWS allows 47 here"},
		{"no domain", func(p *Props) { p.SenderDomain = "" }, `SenderDomain "": is required`},
		{"foreign sender", func(p *Props) { p.SenderAddress = "shop@gmail.com" }, `SenderAddress "shop@gmail.com": must be an address in the sender domain shop.example.com`},
		{"short retention in production", func(p *Props) { p.Production = true; p.LogRetentionDays = 30 }, "LogRetentionDays 30: must be at least 365 in production"},
		{"reservation without quota", func(p *Props) { p.ReservedConcurrency = 5 }, "ReservedConcurrency 5: a reservation needs the account's Lambda concurrency quota declared"},
		{"quota of a new account", func(p *Props) { p.LambdaConcurrencyQuota = 10 }, "ReservedConcurrency 5: 4 functions x 5 leave fewer than 100 of the declared concurrency quota 10 unreserved"},
		{"negative quota", func(p *Props) { p.LambdaConcurrencyQuota = -3 }, "LambdaConcurrencyQuota -3: must be the account's Lambda concurrent executions quota"},
		{"latency", func(p *Props) { p.Alarms.LatencyP99Millis = 60000 }, "Alarms.LatencyP99Millis 60000: must be 1-29000"},
		{"zone id", func(p *Props) { p.HostedZone = HostedZone{ID: "/hostedzone/Z1", Name: "example.com"} }, `HostedZone.ID "/hostedzone/Z1": not a Route 53 hosted zone id`},
		{"zone without name", func(p *Props) { p.HostedZone = HostedZone{ID: "Z1D633PJN98FT9"} }, `HostedZone.Name "": is required with the zone id`},
		{"sender outside zone", func(p *Props) { p.HostedZone = HostedZone{ID: "Z1D633PJN98FT9", Name: "example.org"} }, `HostedZone.Name "example.org": the sender domain shop.example.com is not in this zone`},
		{"bucket", func(p *Props) { p.ReceiptsBucketName = "Receipts" }, "ReceiptsBucketName: bucket name"},
		{"two problems", func(p *Props) { p.WAFRateLimit = 1; p.ThrottleBurstLimit = -1 }, "ThrottleBurstLimit -1: must be 1-5000 requests (the account's default burst quota); WAFRateLimit 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := valid()
			tt.mutate(&p)
			_, err := p.validate("orders")
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("validate = %v, want %q", err, tt.want)
			}
		})
	}
}

func TestNames(t *testing.T) {
	n := newNames("acme-dev-orders")
	got := map[string]string{
		"function":  n.function(orderspec.UpdateInventory),
		"logGroup":  n.logGroup(orderspec.CreateOrder),
		"queue":     n.queue(PaymentDLQ),
		"waf logs":  n.wafLogGroup(),
		"topic":     n.topic(),
		"accessLog": n.accessLogGroup(),
	}
	want := map[string]string{
		"function":  "acme-dev-orders-update-inventory",
		"logGroup":  "/aws/lambda/acme-dev-orders-create-order",
		"queue":     "acme-dev-orders-payment-dlq",
		"waf logs":  "aws-waf-logs-acme-dev-orders",
		"topic":     "acme-dev-orders-events",
		"accessLog": "/aws/apigateway/acme-dev-orders/access",
	}
	for k := range want {
		if got[k] != want[k] {
			t.Errorf("%s = %q, want %q", k, got[k], want[k])
		}
	}
	long := newNames(strings.Repeat("a", orderspec.MaxNameLength))
	if l := len(long.function(orderspec.UpdateInventory)); l > 64 {
		t.Errorf("the longest function name has %d characters", l)
	}
	if _, err := long.receiptsBucket("123456789012", "ap-southeast-4"); err == nil || !strings.Contains(err.Error(), "set ReceiptsBucketName") {
		t.Errorf("a too long bucket name: %v", err)
	}
	if b, err := n.receiptsBucket("123456789012", "us-east-1"); err != nil || b != "acme-dev-orders-receipts-123456789012-us-east-1" {
		t.Errorf("receiptsBucket = %q, %v", b, err)
	}
}

func testRefs(t *testing.T) refs {
	t.Helper()
	env, err := awsenv.New("123456789012", "eu-west-1")
	if err != nil {
		t.Fatal(err)
	}
	r := refs{
		env: env, keyARN: "arn:aws:kms:eu-west-1:123456789012:key/k",
		tableARN: "arn:table", indexARN: "arn:table/index/by-customer", topicARN: "arn:topic",
		queueARNs: map[string]string{}, logGroupARNs: map[string]string{},
		receiptWrites: []iampolicy.Statement{{Effect: iampolicy.Allow, Actions: []string{"s3:PutObject"}, Resources: []string{"arn:aws:s3:::b/receipts/*"}}},
		identityARN:   "arn:identity", configSetARN: "arn:cs", sender: "orders@shop.example.com",
	}
	for _, q := range []string{PaymentQueue, PaymentDLQ, InventoryQueue, InventoryDLQ, EventsDLQ} {
		r.queueARNs[q] = "arn:" + q
	}
	for _, fn := range orderspec.Functions() {
		r.logGroupARNs[fn] = "arn:logs:" + fn
	}
	return r
}

// actions lists "action on resource" for every Allow statement.
func grants(doc iampolicy.Document) []string {
	var out []string
	for _, s := range doc.Statements {
		for _, a := range s.Actions {
			for _, r := range s.Resources {
				out = append(out, a+" on "+r)
			}
		}
	}
	return out
}

func TestFunctionPolicies(t *testing.T) {
	r := testRefs(t)
	want := map[string][]string{
		orderspec.CreateOrder: {
			"dynamodb:PutItem on arn:table", "dynamodb:GetItem on arn:table", "dynamodb:UpdateItem on arn:table",
			"dynamodb:Query on arn:table/index/by-customer", "sqs:SendMessage on arn:payment", "sqs:SendMessage on arn:inventory",
			"sns:Publish on arn:topic",
		},
		orderspec.ProcessPayment:  {"dynamodb:UpdateItem on arn:table", "sqs:ReceiveMessage on arn:payment", "sqs:DeleteMessage on arn:payment"},
		orderspec.UpdateInventory: {"dynamodb:UpdateItem on arn:table", "sqs:ReceiveMessage on arn:inventory"},
		orderspec.Notification:    {"s3:PutObject on arn:aws:s3:::b/receipts/*", "ses:SendEmail on arn:identity", "ses:SendEmail on arn:cs"},
	}
	forbidden := map[string][]string{
		orderspec.ProcessPayment:  {"sqs:ReceiveMessage on arn:inventory", "dynamodb:PutItem on arn:table", "sns:Publish on arn:topic"},
		orderspec.UpdateInventory: {"sqs:ReceiveMessage on arn:payment"},
		orderspec.Notification:    {"dynamodb:GetItem on arn:table", "sqs:ReceiveMessage on arn:payment"},
		orderspec.CreateOrder:     {"ses:SendEmail on arn:identity", "dynamodb:Scan on arn:table"},
	}
	for _, fn := range orderspec.Functions() {
		t.Run(fn, func(t *testing.T) {
			doc := r.functionPolicy(fn)
			if err := doc.Validate(); err != nil {
				t.Fatal(err)
			}
			g := grants(doc)
			common := []string{
				"logs:PutLogEvents on arn:logs:" + fn + ":*", "xray:PutTraceSegments on *",
			}
			// Only the asynchronously invoked function has a dead-letter
			// queue to send to (finding 22 of issue 15).
			dlq := "sqs:SendMessage on arn:events-dlq"
			if fn == orderspec.Notification {
				common = append(common, dlq)
			} else if slices.Contains(grants(doc), dlq) {
				t.Errorf("%s may send to the events DLQ, which only asynchronous invocations use", fn)
			}
			for _, w := range append(common, want[fn]...) {
				if !slices.Contains(g, w) {
					t.Errorf("missing %s", w)
				}
			}
			for _, f := range forbidden[fn] {
				if slices.Contains(g, f) {
					t.Errorf("grants %s, which %s does not use", f, fn)
				}
			}
			for _, s := range doc.Statements {
				for _, a := range s.Actions {
					if a == "*" || strings.HasSuffix(a, ":*") {
						t.Errorf("statement %s grants %s", s.Sid, a)
					}
				}
				if slices.Contains(s.Resources, "*") && s.Sid != "WriteTraces" {
					t.Errorf("statement %s grants on every resource", s.Sid)
				}
				if slices.Contains(s.Resources, r.keyARN) && len(s.Conditions) == 0 {
					t.Errorf("statement %s uses the key without kms:ViaService", s.Sid)
				}
			}
		})
	}
	ses := r.functionPolicy(orderspec.Notification).JSON()
	if !strings.Contains(ses, `"Condition":{"StringEquals":{"ses:FromAddress":"orders@shop.example.com"}}`) {
		t.Errorf("notification may send as anyone: %s", ses)
	}
}

func TestQueuePolicy(t *testing.T) {
	env, _ := awsenv.New("123456789012", "eu-west-1")
	doc := queuePolicy(env, "arn:q", "")
	if err := doc.Validate(); err != nil {
		t.Fatal(err)
	}
	js := doc.JSON()
	for _, want := range []string{
		`"Sid":"DenyInsecureTransport","Effect":"Deny","Principal":"*","Action":"sqs:*","Resource":"arn:q","Condition":{"Bool":{"aws:SecureTransport":"false"}}`,
		`"StringNotEquals":{"aws:PrincipalAccount":"123456789012"}`,
	} {
		if !strings.Contains(js, want) {
			t.Errorf("policy lacks %s:\n%s", want, js)
		}
	}
	if strings.Contains(js, "sns.amazonaws.com") {
		t.Error("a queue without a topic lets SNS in")
	}
	withSNS := queuePolicy(env, "arn:q", "arn:topic").JSON()
	if !strings.Contains(withSNS, `"Principal":{"Service":"sns.amazonaws.com"},"Action":"sqs:SendMessage","Resource":"arn:q","Condition":{"ArnEquals":{"aws:SourceArn":"arn:topic"}}`) {
		t.Errorf("SNS statement: %s", withSNS)
	}
}

func TestQueueSpecs(t *testing.T) {
	seen := map[string]bool{}
	for _, q := range queueSpecs() {
		seen[q.role] = true
		if q.dlq != "" {
			if !seen[q.dlq] {
				t.Errorf("%s comes before its dead-letter queue %s", q.role, q.dlq)
			}
			if q.visibility < 6*consumerTimeout {
				t.Errorf("%s: visibility %d s is less than 6x the consumer's %d s", q.role, q.visibility, consumerTimeout)
			}
		}
	}
	if got := redrivePolicy("arn:dlq"); got != `{"deadLetterTargetArn":"arn:dlq","maxReceiveCount":5}` {
		t.Errorf("redrivePolicy = %s", got)
	}
	if got := redriveAllowPolicy([]string{"arn:src"}); got != `{"redrivePermission":"byQueue","sourceQueueArns":["arn:src"]}` {
		t.Errorf("redriveAllowPolicy = %s", got)
	}
}

func TestKeyStatements(t *testing.T) {
	env, _ := awsenv.New("123456789012", "eu-west-1")
	doc := iampolicy.Document{Statements: keyStatements(env)}
	if err := doc.Validate(); err != nil {
		t.Fatal(err)
	}
	js := doc.JSON()
	if !strings.Contains(js, "logs.eu-west-1.amazonaws.com") || !strings.Contains(js, `"Principal":{"Service":"sns.amazonaws.com"}`) {
		t.Errorf("key statements: %s", js)
	}
}

func TestCreateOrderSchemaMatchesHandler(t *testing.T) {
	js := marshal(CreateOrderSchema())
	var schema map[string]any
	if err := json.Unmarshal([]byte(js), &schema); err != nil {
		t.Fatal(err)
	}
	props := schema["properties"].(map[string]any)
	items := props["items"].(map[string]any)
	item := items["items"].(map[string]any)["properties"].(map[string]any)
	checks := []struct {
		what      string
		got, want any
	}{
		{"maxItems", items["maxItems"], float64(orders.MaxItems)},
		{"max quantity", item["quantity"].(map[string]any)["maximum"], float64(orders.MaxQuantity)},
		{"max price", item["unit_price_cents"].(map[string]any)["maximum"], float64(orders.MaxUnitPriceCents)},
		{"id pattern", props["customer_id"].(map[string]any)["pattern"], orders.IDPattern},
		{"closed", schema["additionalProperties"], false},
		{"draft", schema["$schema"], "http://json-schema.org/draft-04/schema#"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.what, c.got, c.want)
		}
	}
	currencies := props["currency"].(map[string]any)["enum"].([]any)
	if len(currencies) != len(orders.Currencies()) {
		t.Errorf("currency enum %v", currencies)
	}
	// The handler's fields are exactly the schema's.
	var req orders.CreateRequest
	b, _ := json.Marshal(req)
	var fields map[string]any
	_ = json.Unmarshal(b, &fields)
	for f := range fields {
		if _, ok := props[f]; !ok {
			t.Errorf("request field %s is not in the schema", f)
		}
	}
	if len(fields) != len(props) {
		t.Errorf("schema properties %d, request fields %d", len(props), len(fields))
	}
}

func TestAccessLogFormat(t *testing.T) {
	var m map[string]string
	if err := json.Unmarshal([]byte(AccessLogFormat()), &m); err != nil {
		t.Fatalf("access log format is not JSON: %v", err)
	}
	for _, k := range []string{"requestId", "ip", "status", "responseLatency", "wafStatus", "xrayTraceId", "validationError"} {
		if m[k] == "" {
			t.Errorf("access log lacks %s", k)
		}
	}
}

func TestDefinitionHash(t *testing.T) {
	a := definitionHash(AuthIAM, "", "acme-dev-orders-create-order")
	if a != definitionHash(AuthIAM, "", "acme-dev-orders-create-order") {
		t.Error("definitionHash is not deterministic")
	}
	if a == definitionHash(AuthCognito, "arn:pool", "acme-dev-orders-create-order") {
		t.Error("changing the authorizer keeps the deployment")
	}
	if len(a) != 64 {
		t.Errorf("definitionHash = %q", a)
	}
}

func TestAlarmSpecs(t *testing.T) {
	s := orderspec.Settings{SenderDomain: "d.example"}.WithDefaults(false)
	specs := alarmSpecs(newNames("acme-dev-orders"), s)
	byName := map[string]alarm{}
	for _, a := range specs {
		if _, dup := byName[a.Name]; dup {
			t.Errorf("duplicate alarm %s", a.Name)
		}
		byName[a.Name] = a
		if (a.Statistic == "") == (a.ExtendedStatistic == "") {
			t.Errorf("%s: exactly one of Statistic and ExtendedStatistic", a.Name)
		}
	}
	for _, name := range []string{
		"acme-dev-orders-payment-dlq-messages", "acme-dev-orders-inventory-dlq-messages", "acme-dev-orders-events-dlq-messages",
		"acme-dev-orders-create-order-errors", "acme-dev-orders-notification-throttles",
		"acme-dev-orders-api-5xx", "acme-dev-orders-api-latency",
	} {
		if _, ok := byName[name]; !ok {
			t.Errorf("no alarm %s", name)
		}
	}
	if len(specs) != 3+2*4+2 {
		t.Errorf("%d alarms", len(specs))
	}
	if lat := byName["acme-dev-orders-api-latency"]; lat.Threshold != 2000 || lat.ExtendedStatistic != "p99" {
		t.Errorf("latency alarm %+v", lat)
	}
	if dlq := byName["acme-dev-orders-events-dlq-messages"]; dlq.Threshold != 1 || dlq.Metric != "ApproximateNumberOfMessagesVisible" {
		t.Errorf("dlq alarm %+v", dlq)
	}
}

func TestWAFRules(t *testing.T) {
	var groups []string
	for _, r := range wafRules() {
		st := wafStatement(r, 500)
		if r.ManagedGroup == "" {
			if st["rate_based_statement"].(map[string]any)["limit"] != 500 {
				t.Errorf("rate rule %v", st)
			}
			continue
		}
		groups = append(groups, r.ManagedGroup)
	}
	for _, g := range []string{"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"} {
		if !slices.Contains(groups, g) {
			t.Errorf("no %s", g)
		}
	}
}

func TestHandlerPackage(t *testing.T) {
	if got := HandlerPackage(orderspec.CreateOrder); got != "github.com/acme/landing-zone/constructs/serverlessorders/handlers/cmd/create-order" {
		t.Errorf("HandlerPackage = %s", got)
	}
}
