package api

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/orders"
)

type fakeStore struct {
	orders map[string]orders.Order
	err    error
}

func (s *fakeStore) Create(_ context.Context, o orders.Order) (orders.Order, bool, error) {
	if s.err != nil {
		return orders.Order{}, false, s.err
	}
	if old, ok := s.orders[o.ID]; ok {
		return old, false, nil
	}
	s.orders[o.ID] = o
	return o, true, nil
}

func (s *fakeStore) Get(_ context.Context, id string) (orders.Order, error) {
	if s.err != nil {
		return orders.Order{}, s.err
	}
	o, ok := s.orders[id]
	if !ok {
		return o, orders.ErrNotFound
	}
	return o, nil
}

func (s *fakeStore) ListByCustomer(_ context.Context, customer string, limit int32) ([]orders.Order, error) {
	var out []orders.Order
	for _, o := range s.orders {
		if o.CustomerID == customer {
			out = append(out, o)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CreatedAt.After(out[j].CreatedAt) })
	return out[:min(len(out), int(limit))], nil
}

func (s *fakeStore) MarkPublished(_ context.Context, id string, at time.Time) error {
	o := s.orders[id]
	o.PublishedAt = at
	s.orders[id] = o
	return nil
}

type fakeQueue struct {
	sent map[string][]string
	err  error
}

func (q *fakeQueue) SendMessage(_ context.Context, in *sqs.SendMessageInput, _ ...func(*sqs.Options)) (*sqs.SendMessageOutput, error) {
	if q.err != nil {
		return nil, q.err
	}
	q.sent[*in.QueueUrl] = append(q.sent[*in.QueueUrl], *in.MessageBody)
	return &sqs.SendMessageOutput{}, nil
}

type fakeTopic struct{ published []string }

func (t *fakeTopic) Publish(_ context.Context, in *sns.PublishInput, _ ...func(*sns.Options)) (*sns.PublishOutput, error) {
	if *in.TopicArn != "arn:topic" || *in.MessageAttributes["type"].StringValue != orders.EventCreated {
		return nil, errors.New("unexpected publish input")
	}
	t.published = append(t.published, *in.Message)
	return &sns.PublishOutput{}, nil
}

type env struct {
	h     *Handler
	store *fakeStore
	queue *fakeQueue
	topic *fakeTopic
}

func newEnv() *env {
	e := &env{
		store: &fakeStore{orders: map[string]orders.Order{}},
		queue: &fakeQueue{sent: map[string][]string{}},
		topic: &fakeTopic{},
	}
	now := time.Date(2025, 5, 6, 7, 8, 9, 0, time.UTC)
	e.h = &Handler{
		Store: e.store, Queue: e.queue, Topic: e.topic,
		PaymentQueueURL: "https://sqs/payment", InventoryQueueURL: "https://sqs/inventory", TopicARN: "arn:topic",
		Now: func() time.Time { now = now.Add(time.Second); return now },
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	}
	return e
}

const body = `{"customer_id":"c-1","email":"ana@example.com","currency":"USD","items":[{"sku":"SKU-1","quantity":2,"unit_price_cents":1250}]}`

func post(body, key string) events.APIGatewayProxyRequest {
	req := events.APIGatewayProxyRequest{Resource: "/orders", Path: "/orders", HTTPMethod: "POST", Body: body, Headers: map[string]string{}}
	if key != "" {
		req.Headers["idempotency-key"] = key // any case
	}
	return req
}

func call(t *testing.T, h *Handler, req events.APIGatewayProxyRequest) (int, map[string]any, events.APIGatewayProxyResponse) {
	t.Helper()
	resp, err := h.Handle(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(resp.Body), &m); err != nil {
		t.Fatalf("response body %q is not JSON: %v", resp.Body, err)
	}
	if resp.Headers["Content-Type"] != "application/json" {
		t.Errorf("Content-Type = %q", resp.Headers["Content-Type"])
	}
	return resp.StatusCode, m, resp
}

func TestCreatePublishesOnce(t *testing.T) {
	e := newEnv()
	status, m, resp := call(t, e.h, post(body, "k-1"))
	if status != http.StatusCreated {
		t.Fatalf("status %d: %v", status, m)
	}
	id, _ := m["id"].(string)
	if !orders.ValidID(id) || m["status"] != "PENDING" || m["total_cents"] != float64(2500) || resp.Headers["Location"] != "/orders/"+id {
		t.Errorf("response %v, headers %v", m, resp.Headers)
	}
	if _, leaked := m["RequestHash"]; leaked {
		t.Error("the response shows the request hash")
	}
	for _, url := range []string{"https://sqs/payment", "https://sqs/inventory"} {
		if len(e.queue.sent[url]) != 1 {
			t.Fatalf("%s got %d messages, want 1", url, len(e.queue.sent[url]))
		}
		ev, err := orders.ParseEvent(e.queue.sent[url][0])
		if err != nil || ev.Order.ID != id {
			t.Errorf("%s message: %v, %v", url, ev, err)
		}
	}
	if len(e.topic.published) != 1 {
		t.Errorf("topic got %d messages, want 1", len(e.topic.published))
	}
	if e.store.orders[id].PublishedAt.IsZero() {
		t.Error("the order is not marked published")
	}

	// The retry answers 200 with the same order and sends nothing more.
	status, again, _ := call(t, e.h, post(body, "k-1"))
	if status != http.StatusOK || again["id"] != id || again["created_at"] != m["created_at"] {
		t.Errorf("retry: status %d, %v", status, again)
	}
	if len(e.queue.sent["https://sqs/payment"]) != 1 || len(e.topic.published) != 1 {
		t.Error("the retry published the order again")
	}

	// Without a key, every POST is a new order.
	_, other, _ := call(t, e.h, post(body, ""))
	if other["id"] == id {
		t.Error("a POST without a key reused an order")
	}
}

func TestCreateKeyReusedForAnotherRequest(t *testing.T) {
	e := newEnv()
	call(t, e.h, post(body, "k-1"))
	status, m, _ := call(t, e.h, post(strings.Replace(body, `"quantity":2`, `"quantity":3`, 1), "k-1"))
	if status != http.StatusConflict || !strings.Contains(m["error"].(string), `Idempotency-Key "k-1" was used for another order request`) {
		t.Errorf("status %d: %v", status, m)
	}
}

func TestCreateRetryAfterFailedPublish(t *testing.T) {
	e := newEnv()
	e.queue.err = errors.New("sqs is down")
	status, m, _ := call(t, e.h, post(body, "k-1"))
	if status != http.StatusInternalServerError || !strings.Contains(m["error"].(string), "retry with the same Idempotency-Key") {
		t.Fatalf("status %d: %v", status, m)
	}
	if strings.Contains(m["error"].(string), "sqs is down") {
		t.Error("the response leaks the internal error")
	}
	e.queue.err = nil
	status, m, _ = call(t, e.h, post(body, "k-1"))
	if status != http.StatusOK {
		t.Fatalf("retry status %d: %v", status, m)
	}
	if len(e.queue.sent["https://sqs/payment"]) != 1 || len(e.queue.sent["https://sqs/inventory"]) != 1 {
		t.Errorf("the retry did not send the events: %v", e.queue.sent)
	}
}

func TestCreateRejects(t *testing.T) {
	tests := []struct {
		name  string
		req   events.APIGatewayProxyRequest
		field string
		msg   string
	}{
		{"bad field", post(strings.Replace(body, `"quantity":2`, `"quantity":0`, 1), ""), "items[0].quantity", "items[0].quantity: 0: must be between 1 and 1000"},
		{"empty", post("", ""), "", "request body is empty"},
		{"bad key", post(body, "a key with spaces"), "Idempotency-Key", "Idempotency-Key"},
		{"bad base64", func() events.APIGatewayProxyRequest { r := post("%%%", ""); r.IsBase64Encoded = true; return r }(), "", "not valid base64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv()
			status, m, _ := call(t, e.h, tt.req)
			if status != http.StatusBadRequest {
				t.Errorf("status %d, want 400", status)
			}
			if got, _ := m["field"].(string); got != tt.field {
				t.Errorf("field %q, want %q", got, tt.field)
			}
			if msg, _ := m["error"].(string); !strings.Contains(msg, tt.msg) {
				t.Errorf("error %q, want it to contain %q", msg, tt.msg)
			}
			if len(e.store.orders) != 0 || len(e.topic.published) != 0 {
				t.Error("a rejected request changed something")
			}
		})
	}
}

func TestGet(t *testing.T) {
	e := newEnv()
	_, created, _ := call(t, e.h, post(body, "k-1"))
	id := created["id"].(string)
	get := func(id string) events.APIGatewayProxyRequest {
		return events.APIGatewayProxyRequest{Resource: "/orders/{id}", Path: "/orders/" + id, HTTPMethod: "GET", PathParameters: map[string]string{"id": id}}
	}
	tests := []struct {
		id     string
		status int
		want   string
	}{
		{id, http.StatusOK, id},
		{"ffffffffffffffffffffffffffffffff", http.StatusNotFound, "order ffffffffffffffffffffffffffffffff not found"},
		{"nope", http.StatusBadRequest, `"nope" is not an order id`},
	}
	for _, tt := range tests {
		status, m, _ := call(t, e.h, get(tt.id))
		got, _ := m["id"].(string)
		if status != tt.status || !strings.Contains(got+errorOf(m), tt.want) {
			t.Errorf("GET %s = %d %v, want %d %q", tt.id, status, m, tt.status, tt.want)
		}
	}
	e.store.err = errors.New("dynamodb: access denied to arn:aws:dynamodb:secret")
	status, m, _ := call(t, e.h, get(id))
	if status != http.StatusInternalServerError || strings.Contains(errorOf(m), "secret") {
		t.Errorf("store failure: %d %v", status, m)
	}
}

func errorOf(m map[string]any) string { s, _ := m["error"].(string); return s }

func TestList(t *testing.T) {
	e := newEnv()
	for _, k := range []string{"a", "b", "c"} {
		call(t, e.h, post(body, k))
	}
	list := func(q map[string]string) events.APIGatewayProxyRequest {
		return events.APIGatewayProxyRequest{Resource: "/orders", Path: "/orders", HTTPMethod: "GET", QueryStringParameters: q}
	}
	status, m, _ := call(t, e.h, list(map[string]string{"customer_id": "c-1", "limit": "2"}))
	if got, _ := m["orders"].([]any); status != http.StatusOK || len(got) != 2 {
		t.Errorf("list: %d %v", status, m)
	}
	for q, want := range map[string]string{
		"":           "customer_id is required",
		"bad id":     "customer_id",
		"limit=0":    "must be a whole number from 1 to 100",
		"limit=many": "must be a whole number",
	} {
		params := map[string]string{"customer_id": "c-1"}
		switch q {
		case "":
			delete(params, "customer_id")
		case "bad id":
			params["customer_id"] = "c 1"
		default:
			params["limit"] = strings.TrimPrefix(q, "limit=")
		}
		status, m, _ := call(t, e.h, list(params))
		if status != http.StatusBadRequest || !strings.Contains(errorOf(m), want) {
			t.Errorf("list %q: %d %v, want 400 %q", q, status, m, want)
		}
	}
}

func TestRouting(t *testing.T) {
	e := newEnv()
	status, _, resp := call(t, e.h, events.APIGatewayProxyRequest{Resource: "/orders", HTTPMethod: "DELETE"})
	if status != http.StatusMethodNotAllowed || resp.Headers["Allow"] != "GET, POST" {
		t.Errorf("DELETE /orders: %d %v", status, resp.Headers)
	}
	status, _, _ = call(t, e.h, events.APIGatewayProxyRequest{Resource: "/other", HTTPMethod: "GET", Path: "/other"})
	if status != http.StatusNotFound {
		t.Errorf("GET /other: %d", status)
	}
}
