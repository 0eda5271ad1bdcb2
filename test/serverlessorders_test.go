package test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/acme/landing-zone/constructs/iampolicy"
	"github.com/acme/landing-zone/constructs/kmskey"
	"github.com/acme/landing-zone/constructs/lambdapkg"
	"github.com/acme/landing-zone/constructs/serverlessorders"
	"github.com/acme/landing-zone/constructs/serverlessorders/orderspec"
	"github.com/acme/landing-zone/constructs/snstopic"
	"github.com/acme/landing-zone/stacks"
	"github.com/acme/landing-zone/stacks/org"
)

// ordersBuilder is shared by the tests, as the stacks of one app share one:
// each handler is compiled once per test process.
var ordersBuilder = &lambdapkg.Builder{}

func ordersProps() serverlessorders.Props {
	return serverlessorders.Props{
		Name:         "acme-dev-orders",
		SenderDomain: "shop.example.com",
		Builder:      ordersBuilder,
	}
}

// synthOrders makes one order system in a fresh stack and synthesizes it.
func synthOrders(t *testing.T, props serverlessorders.Props) (*serverlessorders.Orders, string, synthesized) {
	t.Helper()
	st := newTestStack(t, "123456789012", "us-east-1")
	o, err := serverlessorders.New(st, "orders", props)
	require.NoError(t, err)
	raw := *cdktf.Testing_Synth(st, jsii.Bool(true))
	var s synthesized
	require.NoError(t, json.Unmarshal([]byte(raw), &s))
	return o, raw, s
}

// TestServerlessOrders checks the definition of done on one
// synthesized order system.
func TestServerlessOrders(t *testing.T) {
	o, raw, s := synthOrders(t, ordersProps())

	t.Run("api", func(t *testing.T) {
		apis := s.resources("aws_api_gateway_rest_api")
		require.Len(t, apis, 1)
		for _, a := range apis {
			assert.Equal(t, []any{"REGIONAL"}, first(t, a, "endpoint_configuration")["types"])
		}
		stage := only(t, s, "aws_api_gateway_stage")
		assert.Equal(t, true, stage["xray_tracing_enabled"])
		logs := first(t, stage, "access_log_settings")
		assert.Contains(t, logs["destination_arn"], "${aws_cloudwatch_log_group.")
		var format map[string]string
		require.NoError(t, json.Unmarshal([]byte(logs["format"].(string)), &format), "access logs are JSON")
		assert.Equal(t, "$context.requestId", format["requestId"])

		settings := first(t, only(t, s, "aws_api_gateway_method_settings"), "settings")
		assert.Equal(t, "INFO", settings["logging_level"])
		assert.Equal(t, true, settings["metrics_enabled"])
		assert.Equal(t, false, settings["data_trace_enabled"])
		assert.Equal(t, 10.0, settings["throttling_rate_limit"])
		assert.Equal(t, 20.0, settings["throttling_burst_limit"])

		methods := s.resources("aws_api_gateway_method")
		assert.Len(t, methods, 3)
		for name, m := range methods {
			assert.Equal(t, "AWS_IAM", m["authorization"], name)
			assert.Contains(t, m["request_validator_id"], "${aws_api_gateway_request_validator.", name)
		}
		post := methods["orders-api-post-orders"]
		assert.Equal(t, map[string]any{"application/json": "${aws_api_gateway_model.orders-api-model.name}"}, post["request_models"])
		validator := only(t, s, "aws_api_gateway_request_validator")
		assert.Equal(t, true, validator["validate_request_body"])
		assert.Equal(t, true, validator["validate_request_parameters"])
		model := only(t, s, "aws_api_gateway_model")
		assert.Contains(t, model["schema"], `"additionalProperties":false`)

		deployment := only(t, s, "aws_api_gateway_deployment")
		assert.Len(t, deployment["triggers"].(map[string]any)["redeployment"], 64)
		assert.Equal(t, true, deployment["lifecycle"].(map[string]any)["create_before_destroy"])
		assert.Len(t, deployment["depends_on"], 6, "the deployment follows every method and integration")

		for _, i := range s.resources("aws_api_gateway_integration") {
			assert.Equal(t, "AWS_PROXY", i["type"])
			assert.Equal(t, "${aws_lambda_function.orders-create-order.invoke_arn}", i["uri"])
		}
		account := only(t, s, "aws_api_gateway_account")
		assert.Contains(t, account["cloudwatch_role_arn"], "${aws_iam_role.orders-apigateway-logs-role.arn}")
		assert.Contains(t, stage["depends_on"], "aws_api_gateway_account.orders-apigateway-account",
			"stages can log only once the account has its CloudWatch role")
	})

	t.Run("waf", func(t *testing.T) {
		acl := only(t, s, "aws_wafv2_web_acl")
		assert.Equal(t, "REGIONAL", acl["scope"])
		js, _ := json.Marshal(acl["rule"])
		for _, g := range []string{"AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList", "rate_based_statement"} {
			assert.Contains(t, string(js), g)
		}
		assoc := only(t, s, "aws_wafv2_web_acl_association")
		assert.Equal(t, "${aws_api_gateway_stage.orders-api-stage.arn}", assoc["resource_arn"])
		logging := only(t, s, "aws_wafv2_web_acl_logging_configuration")
		dest := logging["log_destination_configs"].([]any)[0].(string)
		name := strings.TrimSuffix(strings.TrimPrefix(dest, "${aws_cloudwatch_log_group."), ".arn}")
		assert.True(t, strings.HasPrefix(s.resources("aws_cloudwatch_log_group")[name]["name"].(string), "aws-waf-logs-"))
	})

	t.Run("functions", func(t *testing.T) {
		fns := s.resources("aws_lambda_function")
		require.Len(t, fns, 4)
		for _, fn := range orderspec.Functions() {
			f := fns["orders-"+fn]
			require.NotNil(t, f, fn)
			art := o.Functions[fn].Artifact
			assert.Equal(t, "provided.al2023", f["runtime"], fn)
			assert.Equal(t, []any{"arm64"}, f["architectures"], fn)
			assert.Equal(t, "bootstrap", f["handler"], fn)
			assert.Equal(t, art.SHA256, f["source_code_hash"], fn)
			assert.Equal(t, "assets/orders-"+fn+"-code/"+art.Hex+"/"+fn+".zip", f["filename"], "%s: code from an asset built at synth", fn)
			assert.Equal(t, "Active", first(t, f, "tracing_config")["mode"], fn)
			assert.Contains(t, f["kms_key_arn"], "${aws_kms_key.", fn)
			assert.NotContains(t, f, "reserved_concurrent_executions", "%s: no reservation without a declared quota", fn)
			if fn == orderspec.Notification {
				// SNS invokes it asynchronously: failed events go to the DLQ.
				assert.Contains(t, first(t, f, "dead_letter_config")["target_arn"], "events-dlq", fn)
			} else {
				// Invoked synchronously (API Gateway, SQS event source
				// mapping): a function DLQ would never receive anything.
				assert.NotContains(t, f, "dead_letter_config", fn)
			}
			assert.Equal(t, "/aws/lambda/acme-dev-orders-"+fn, first(t, f, "logging_config")["log_group"], fn)
			assert.Contains(t, f["depends_on"], "aws_cloudwatch_log_group.orders-"+fn+"-logs", "%s: its log group exists first", fn)

			zip, err := os.ReadFile(art.Path)
			require.NoError(t, err)
			assert.Equal(t, art.Size, int64(len(zip)), fn)
		}
		lgs := s.resources("aws_cloudwatch_log_group")
		for name, lg := range lgs {
			assert.Contains(t, lg["kms_key_id"], "${aws_kms_key.", name)
			assert.Equal(t, 90.0, lg["retention_in_days"], name)
		}
		// No machine's path reaches the Terraform JSON.
		for _, p := range []string{"/root/", "/home/", "/tmp/", "/work/", os.TempDir(), filepath.Dir(o.Functions[orderspec.CreateOrder].Artifact.Path)} {
			assert.NotContains(t, raw, p)
		}

		sources := s.resources("aws_lambda_event_source_mapping")
		require.Len(t, sources, 2)
		for name, m := range sources {
			assert.Equal(t, []any{"ReportBatchItemFailures"}, m["function_response_types"], name)
			assert.NotContains(t, m, "scaling_config", name)
		}
		perms := s.resources("aws_lambda_permission")
		require.Len(t, perms, 4)
		for name, p := range perms {
			assert.NotEmpty(t, p["source_arn"], "%s: permissions name their source", name)
		}
		assert.Equal(t, "${aws_api_gateway_rest_api.orders-api.execution_arn}/v1/POST/orders", perms["orders-api-post-orders-permission"]["source_arn"])

		invoke := iampolicy.Document{Statements: []iampolicy.Statement{o.API.InvokeStatement()}}
		require.NoError(t, invoke.Validate())
		assert.Len(t, invoke.Statements[0].Resources, 3, "a caller's statement names each method")
	})

	t.Run("table", func(t *testing.T) {
		tbl := only(t, s, "aws_dynamodb_table")
		assert.Equal(t, "PAY_PER_REQUEST", tbl["billing_mode"])
		assert.Equal(t, true, first(t, tbl, "point_in_time_recovery")["enabled"])
		sse := first(t, tbl, "server_side_encryption")
		assert.Equal(t, true, sse["enabled"])
		assert.Contains(t, sse["kms_key_arn"], "${aws_kms_key.")
		assert.Equal(t, true, tbl["stream_enabled"])
		assert.Equal(t, "NEW_AND_OLD_IMAGES", tbl["stream_view_type"])
		assert.Equal(t, "expires_at", first(t, tbl, "ttl")["attribute_name"])
		assert.Equal(t, true, tbl["deletion_protection_enabled"])
		assert.Equal(t, "customer_id", first(t, tbl, "global_secondary_index")["hash_key"])
	})

	t.Run("queues and topics", func(t *testing.T) {
		queues := s.resources("aws_sqs_queue")
		require.Len(t, queues, 5)
		for name, q := range queues {
			assert.Contains(t, q["kms_master_key_id"], "${aws_kms_key.", name)
			// The provider declares sqs_managed_sse_enabled ConflictsWith
			// kms_master_key_id, whatever its value (finding 16).
			assert.NotContains(t, q, "sqs_managed_sse_enabled", name)
			if strings.HasSuffix(name, "-dlq") {
				assert.NotContains(t, q, "redrive_policy", "%s: dead-letter queues are the end of the line", name)
				continue
			}
			var redrive map[string]any
			require.NoError(t, json.Unmarshal([]byte(q["redrive_policy"].(string)), &redrive), name)
			assert.Equal(t, 5.0, redrive["maxReceiveCount"], name)
			assert.GreaterOrEqual(t, q["visibility_timeout_seconds"], 6*30.0, "%s: at least six times the consumer's timeout", name)
		}
		for name, qp := range s.resources("aws_sqs_queue_policy") {
			doc := policyDoc(t, qp["policy"])
			deny := statement(doc, "DenyInsecureTransport")
			require.NotNil(t, deny, name)
			assert.Equal(t, map[string]any{"Bool": map[string]any{"aws:SecureTransport": "false"}}, deny["Condition"], name)
			assert.NotNil(t, statement(doc, "DenyOtherAccounts"), name)
		}
		topics := s.resources("aws_sns_topic")
		require.Len(t, topics, 2, "order events and alarms")
		for name, tp := range topics {
			assert.Contains(t, tp["kms_master_key_id"], "${aws_kms_key.", name)
		}
		for name, tp := range s.resources("aws_sns_topic_policy") {
			assert.NotNil(t, statement(policyDoc(t, tp["policy"]), "DenyInsecureTransport"), name)
		}
		sub := only(t, s, "aws_sns_topic_subscription")
		assert.Equal(t, "lambda", sub["protocol"])
		assert.Contains(t, sub["redrive_policy"], "acme-dev-orders-events-dlq")
	})

	t.Run("iam", func(t *testing.T) {
		roles := s.resources("aws_iam_role")
		assert.Len(t, roles, 5, "one role per function and API Gateway's logging role")
		for name, p := range s.resources("aws_iam_role_policy") {
			for _, st := range policyDoc(t, p["policy"])["Statement"].([]any) {
				st := st.(map[string]any)
				for _, a := range asList(st["Action"]) {
					assert.False(t, a == "*" || strings.HasSuffix(a, ":*"), "%s grants %s", name, a)
				}
			}
		}
		assert.Empty(t, s.resources("aws_iam_role_policy_attachment"), "no broad managed policies")
		notify := policyDoc(t, s.resources("aws_iam_role_policy")["orders-notification-role-policy-function"]["policy"])
		assert.Equal(t, map[string]any{"StringEquals": map[string]any{"ses:FromAddress": "orders@shop.example.com"}}, statement(notify, "SendAsSender")["Condition"])
	})

	t.Run("ses", func(t *testing.T) {
		id := only(t, s, "aws_sesv2_email_identity")
		assert.Equal(t, "shop.example.com", id["email_identity"])
		assert.Equal(t, "RSA_2048_BIT", first(t, id, "dkim_signing_attributes")["next_signing_key_length"])
		cs := only(t, s, "aws_sesv2_configuration_set")
		assert.Equal(t, "REQUIRE", first(t, cs, "delivery_options")["tls_policy"])
	})

	t.Run("alarms", func(t *testing.T) {
		alarms := s.resources("aws_cloudwatch_metric_alarm")
		assert.Len(t, alarms, 13)
		metrics := map[string]int{}
		for name, a := range alarms {
			metrics[a["metric_name"].(string)]++
			assert.Equal(t, []any{"${aws_sns_topic.orders-alarms.arn}"}, a["alarm_actions"], name)
		}
		assert.Equal(t, map[string]int{"ApproximateNumberOfMessagesVisible": 3, "Errors": 4, "Throttles": 4, "5XXError": 1, "Latency": 1}, metrics)
	})
}

func only(t *testing.T, s synthesized, typ string) map[string]any {
	t.Helper()
	rs := s.resources(typ)
	require.Len(t, rs, 1, typ)
	for _, r := range rs {
		return r
	}
	return nil
}

func asList(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, len(v))
		for i, x := range v {
			out[i], _ = x.(string)
		}
		return out
	}
	return nil
}

// TestServerlessOrdersAssetsAreReproducible synthesizes twice, each time
// with a fresh Builder that compiles the handlers again, and expects the
// same code hashes and asset paths.
func TestServerlessOrdersAssetsAreReproducible(t *testing.T) {
	code := func() map[string][2]any {
		props := ordersProps()
		props.Builder = &lambdapkg.Builder{OutDir: t.TempDir()}
		_, _, s := synthOrders(t, props)
		out := map[string][2]any{}
		for name, f := range s.resources("aws_lambda_function") {
			out[name] = [2]any{f["source_code_hash"], f["filename"]}
		}
		return out
	}
	one, two := code(), code()
	require.Len(t, one, 4)
	assert.Equal(t, one, two)
}

func TestServerlessOrdersProduction(t *testing.T) {
	props := ordersProps()
	props.Production = true
	props.CognitoUserPoolARN = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_AbC123"
	props.OrderRetentionDays = 400
	props.SkipAPIGatewayAccount = true
	props.LambdaConcurrencyQuota = 1000
	_, _, s := synthOrders(t, props)

	authorizer := only(t, s, "aws_api_gateway_authorizer")
	assert.Equal(t, "COGNITO_USER_POOLS", authorizer["type"])
	assert.Equal(t, []any{props.CognitoUserPoolARN}, authorizer["provider_arns"])
	for name, m := range s.resources("aws_api_gateway_method") {
		assert.Equal(t, "COGNITO_USER_POOLS", m["authorization"], name)
		assert.Equal(t, "${aws_api_gateway_authorizer.orders-api-authorizer.id}", m["authorizer_id"], name)
	}
	assert.Empty(t, s.resources("aws_api_gateway_account"), "SkipAPIGatewayAccount")
	for name, lg := range s.resources("aws_cloudwatch_log_group") {
		assert.Equal(t, 365.0, lg["retention_in_days"], name)
	}
	// With a declared quota of 1000, production reserves 4 x 50 and
	// leaves 800 unreserved (finding 10 of issue 15).
	for name, f := range s.resources("aws_lambda_function") {
		assert.Equal(t, 50.0, f["reserved_concurrent_executions"], name)
	}
	for name, m := range s.resources("aws_lambda_event_source_mapping") {
		assert.Equal(t, 50.0, first(t, m, "scaling_config")["maximum_concurrency"], name)
	}
	env := s.resources("aws_lambda_function")["orders-create-order"]["environment"].(map[string]any)["variables"].(map[string]any)
	assert.Equal(t, "400", env["ORDER_RETENTION_DAYS"])
	assert.Equal(t, 100.0, first(t, only(t, s, "aws_api_gateway_method_settings"), "settings")["throttling_rate_limit"])
}

// TestServerlessOrdersGivenKeyAndTopic uses a stack's own key and alarm
// topic, as a workload stack would.
func TestServerlessOrdersGivenKeyAndTopic(t *testing.T) {
	st := newTestStack(t, "123456789012", "us-east-1")
	key, err := kmskey.New(st, "app-key", kmskey.Props{Alias: "acme/dev/app"})
	require.NoError(t, err)
	alarms, err := snstopic.New(st, "ops", snstopic.Props{Name: "acme-dev-ops", Key: key, PublishingServices: []string{"cloudwatch"}})
	require.NoError(t, err)
	props := ordersProps()
	props.Key, props.AlarmTopic = key, alarms
	o, err := serverlessorders.New(st, "orders", props)
	require.NoError(t, err)
	// A second system sharing the key adds no duplicate key statements.
	props.Name, props.SenderDomain = "acme-dev-returns", "returns.example.com"
	_, err = serverlessorders.New(st, "returns", props)
	require.NoError(t, err)
	s := synthStack(t, st)

	assert.Same(t, key, o.Key)
	keys := s.resources("aws_kms_key")
	assert.Len(t, keys, 3, "the given key and one per receipts access log bucket")
	doc := policyDoc(t, keys["app-key"]["policy"])
	assert.NotNil(t, statement(doc, "CloudWatchLogsUse"))
	assert.NotNil(t, statement(doc, "SNSUsesForQueues"))
	for name, a := range s.resources("aws_cloudwatch_metric_alarm") {
		assert.Equal(t, []any{"${aws_sns_topic.ops.arn}"}, a["alarm_actions"], name)
	}
	assert.Len(t, s.resources("aws_sns_topic"), 3, "ops and one events topic per system")
}

func TestServerlessOrdersRejects(t *testing.T) {
	st := newTestStack(t, "123456789012", "us-east-1")
	before := len(*st.Node().Children())
	props := ordersProps()
	props.SenderAddress = "orders@elsewhere.example"
	props.LogRetentionDays = 10
	_, err := serverlessorders.New(st, "orders", props)
	require.Error(t, err)
	assert.Equal(t, `serverlessorders orders: SenderAddress "orders@elsewhere.example": must be an address in the sender domain shop.example.com (SES sends only as that identity); LogRetentionDays 10: CloudWatch Logs accepts [1 3 5 7 14 30 60 90 120 150 180 365 400 545 731 1096 1827 2192 2557 2922 3288 3653]`, err.Error())
	assert.Len(t, *st.Node().Children(), before, "nothing is made when props are invalid")
}

// TestServerlessOrdersDKIM pins finding 12 of issue 15: the SES identity
// can only be verified (and receipts sent) once its three DKIM CNAME
// records exist. With a hosted zone they are made; without one they are
// output for whoever runs the domain's DNS.
func TestServerlessOrdersDKIM(t *testing.T) {
	t.Run("hosted zone", func(t *testing.T) {
		props := ordersProps()
		props.HostedZone = serverlessorders.HostedZone{ID: "Z0123456789ABCDEFGHIJ", Name: "example.com"}
		o, _, s := synthOrders(t, props)
		records := s.resources("aws_route53_record")
		require.Len(t, records, 5, "three DKIM records, and MX and SPF of the MAIL FROM domain")
		for i := 1; i <= 3; i++ {
			r := records[fmt.Sprintf("orders-ses-dkim-%d", i)]
			require.NotNil(t, r, i)
			assert.Equal(t, "Z0123456789ABCDEFGHIJ", r["zone_id"])
			assert.Equal(t, "CNAME", r["type"])
			token := fmt.Sprintf("${element(aws_sesv2_email_identity.orders-ses-identity.dkim_signing_attributes[0].tokens, %d)}", i-1)
			assert.Equal(t, token+"._domainkey.shop.example.com", r["name"])
			assert.Equal(t, []any{token + ".dkim.amazonses.com"}, r["records"])
		}
		assert.Len(t, o.DKIMRecords, 3)
		assert.Empty(t, s["output"], "nothing left to publish by hand")

		mailFrom := only(t, s, "aws_sesv2_email_identity_mail_from_attributes")
		assert.Equal(t, "bounce.shop.example.com", mailFrom["mail_from_domain"])
		assert.Equal(t, "USE_DEFAULT_VALUE", mailFrom["behavior_on_mx_failure"], "receipts are never held back by the MX record")
		assert.Equal(t, []any{"10 feedback-smtp.us-east-1.amazonses.com"}, records["orders-ses-mail-from-mx"]["records"])
		assert.Equal(t, []any{"v=spf1 include:amazonses.com ~all"}, records["orders-ses-mail-from-spf"]["records"])
		assert.Equal(t, "bounce.shop.example.com", records["orders-ses-mail-from-spf"]["name"])
	})
	t.Run("no hosted zone", func(t *testing.T) {
		_, _, s := synthOrders(t, ordersProps())
		assert.Empty(t, s.resources("aws_route53_record"))
		assert.Empty(t, s.resources("aws_sesv2_email_identity_mail_from_attributes"), "no MAIL FROM without records for it")
		outputs, _ := s["output"].(map[string]any)
		out, _ := outputs["orders-dkim-records"].(map[string]any)
		require.NotNil(t, out, "outputs: %v", outputs)
		assert.Contains(t, out["description"], "Publish these CNAME records in the DNS of shop.example.com")
		values, _ := out["value"].([]any)
		require.Len(t, values, 3)
		assert.Contains(t, values[0], "._domainkey.shop.example.com CNAME ")
		assert.Contains(t, values[0], ".dkim.amazonses.com")
	})
}

// TestWorkloadDNS checks the model's dns block end to end: the prod stack
// publishes its DKIM records in the zone, the others output theirs.
func TestWorkloadDNS(t *testing.T) {
	o := org.Example()
	for i := range o.Environments {
		switch o.Environments[i].Name {
		case "prod":
			o.Environments[i].DNS = &org.DNS{ZoneID: "Z0123456789ABCDEFGHIJ", ZoneName: "acme.example"}
		case "dev":
			// Without a zone (and so without the web application, which
			// needs one) the DKIM records are an output.
			o.Environments[i].DNS, o.Environments[i].Web = nil, nil
			o.Environments[i].Images, o.Environments[i].Files, o.Environments[i].Secrets = nil, nil, nil
		}
	}
	// The -backend local override rides along (one synth less).
	_, parsed := synthOrg(t, o, stacks.Options{Backend: org.BackendLocal})
	for _, name := range sortedStacks(parsed) {
		backend := parsed[name]["terraform"].(map[string]any)["backend"].(map[string]any)
		assert.Contains(t, backend, "local", name)
		assert.NotContains(t, backend, "s3", name)
	}
	prod := parsed["workload-prod"]
	records := map[string]map[string]any{}
	for name, r := range prod.resources("aws_route53_record") {
		if strings.HasPrefix(name, "orders-") {
			records[name] = r
		}
	}
	require.Len(t, records, 5)
	for name, r := range records {
		assert.Equal(t, "Z0123456789ABCDEFGHIJ", r["zone_id"], name)
		assert.Contains(t, r["name"], "shop.acme.example", name)
	}
	assert.NotContains(t, prod["output"], "orders-dkim-records")
	dev := parsed["workload-dev"]
	assert.Empty(t, dev.resources("aws_route53_record"))
	assert.Contains(t, dev["output"], "orders-dkim-records")
}
