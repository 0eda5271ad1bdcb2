package serverlessorders

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/api"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/orders"
)

// StageName is the API's only stage.
const StageName = "v1"

// Authorization types of the API's methods.
const (
	AuthIAM     = "AWS_IAM"
	AuthCognito = "COGNITO_USER_POOLS"
)

// modelName is the request model of POST /orders.
const modelName = "CreateOrder"

// CreateOrderSchema is the JSON schema (draft 4, which API Gateway speaks)
// that API Gateway checks POST /orders bodies against. It is derived from
// the limits the handler enforces, so that both reject the same requests;
// the handler stays the last word (it also rejects duplicate SKUs and
// malformed email addresses).
func CreateOrderSchema() map[string]any {
	id := func() map[string]any {
		return map[string]any{"type": "string", "minLength": 1, "maxLength": orders.MaxIDLength, "pattern": orders.IDPattern}
	}
	return map[string]any{
		"$schema":              "http://json-schema.org/draft-04/schema#",
		"title":                modelName,
		"type":                 "object",
		"additionalProperties": false,
		"required":             []string{"customer_id", "email", "currency", "items"},
		"properties": map[string]any{
			"customer_id": id(),
			"email":       map[string]any{"type": "string", "minLength": 3, "maxLength": orders.MaxEmailLength},
			"currency":    map[string]any{"type": "string", "enum": orders.Currencies()},
			"items": map[string]any{
				"type":     "array",
				"minItems": 1,
				"maxItems": orders.MaxItems,
				"items": map[string]any{
					"type":                 "object",
					"additionalProperties": false,
					"required":             []string{"sku", "quantity", "unit_price_cents"},
					"properties": map[string]any{
						"sku":              id(),
						"quantity":         map[string]any{"type": "integer", "minimum": 1, "maximum": orders.MaxQuantity},
						"unit_price_cents": map[string]any{"type": "integer", "minimum": 0, "maximum": orders.MaxUnitPriceCents},
					},
				},
			},
		},
	}
}

// marshal renders v as compact JSON with sorted keys and no HTML escaping,
// so that the output is stable and readable in the synthesized JSON.
func marshal(v any) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only maps, slices, strings and numbers are passed in.
		panic("serverlessorders: " + err.Error())
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
}

// accessLogFields are the access log's JSON fields, in order.
var accessLogFields = [][2]string{
	{"requestId", "$context.requestId"},
	{"extendedRequestId", "$context.extendedRequestId"},
	{"requestTime", "$context.requestTime"},
	{"ip", "$context.identity.sourceIp"},
	{"userAgent", "$context.identity.userAgent"},
	{"caller", "$context.identity.caller"},
	{"user", "$context.identity.user"},
	{"principalId", "$context.authorizer.principalId"},
	{"httpMethod", "$context.httpMethod"},
	{"resourcePath", "$context.resourcePath"},
	{"status", "$context.status"},
	{"protocol", "$context.protocol"},
	{"responseLength", "$context.responseLength"},
	{"responseLatency", "$context.responseLatency"},
	{"integrationLatency", "$context.integrationLatency"},
	{"integrationStatus", "$context.integration.status"},
	{"errorMessage", "$context.error.message"},
	{"validationError", "$context.error.validationErrorString"},
	{"wafStatus", "$context.waf.status"},
	{"xrayTraceId", "$context.xrayTraceId"},
}

// AccessLogFormat is the stage's access log format: one JSON object per
// request, with the request id, caller, outcome, latency, validation and
// WAF results and the X-Ray trace id.
func AccessLogFormat() string {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, f := range accessLogFields {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(marshal(f[0]) + ":" + marshal(f[1]))
	}
	buf.WriteByte('}')
	return buf.String()
}

// route is one method of the API.
type route struct {
	Method   string `json:"method"`
	Resource string `json:"resource"`
	// Parameters are the request parameters and whether each is required.
	Parameters map[string]bool `json:"parameters,omitempty"`
	Model      string          `json:"model,omitempty"`
}

// routes are the API's methods, all served by create-order.
func routes() []route {
	return []route{
		{Method: "POST", Resource: api.OrdersResource, Model: modelName,
			Parameters: map[string]bool{"method.request.header." + orders.IdempotencyHeader: false}},
		{Method: "GET", Resource: api.OrdersResource,
			Parameters: map[string]bool{"method.request.querystring.customer_id": true, "method.request.querystring.limit": false}},
		{Method: "GET", Resource: api.OrderResource,
			Parameters: map[string]bool{"method.request.path.id": true}},
	}
}

// definitionHash fingerprints everything that a deployment snapshots, so
// that the deployment is replaced (and the stage moves to the new one)
// exactly when the API changes. Terraform does not redeploy on its own.
func definitionHash(authorization, userPoolARN, function string) string {
	def := map[string]any{
		"routes":        routes(),
		"schema":        CreateOrderSchema(),
		"authorization": authorization,
		"userPool":      userPoolARN,
		"function":      function,
		"validator":     "body-and-parameters",
		"integration":   "AWS_PROXY",
	}
	sum := sha256.Sum256([]byte(marshal(def)))
	return hex.EncodeToString(sum[:])
}
