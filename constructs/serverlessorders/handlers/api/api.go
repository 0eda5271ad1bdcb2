// Package api is the create-order function: the Lambda proxy handler behind
// the REST API's POST /orders, GET /orders?customer_id= and
// GET /orders/{id}.
//
// POST /orders validates the body, writes the order with a conditional put
// and then sends an order.created event to the payment and inventory queues
// and the order-events topic. An Idempotency-Key header makes the POST safe
// to retry: the order id is derived from the key, so a retry finds the order
// its first attempt wrote, answers 200 with it, and sends the event only if
// the first attempt did not get that far.
package api

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/orders"
)

// Routes of the API, as API Gateway names them in a proxy request's
// Resource field.
const (
	OrdersResource = "/orders"
	OrderResource  = "/orders/{id}"
)

// Listing limits for GET /orders.
const (
	DefaultListLimit = 20
	MaxListLimit     = 100
)

// Store is what the handler needs from the order store.
type Store interface {
	Create(ctx context.Context, o orders.Order) (orders.Order, bool, error)
	Get(ctx context.Context, id string) (orders.Order, error)
	ListByCustomer(ctx context.Context, customerID string, limit int32) ([]orders.Order, error)
	MarkPublished(ctx context.Context, id string, at time.Time) error
}

// Queue is the part of the SQS client the handler uses.
type Queue interface {
	SendMessage(context.Context, *sqs.SendMessageInput, ...func(*sqs.Options)) (*sqs.SendMessageOutput, error)
}

// Topic is the part of the SNS client the handler uses.
type Topic interface {
	Publish(context.Context, *sns.PublishInput, ...func(*sns.Options)) (*sns.PublishOutput, error)
}

// Handler serves the API.
type Handler struct {
	Store             Store
	Queue             Queue
	Topic             Topic
	PaymentQueueURL   string
	InventoryQueueURL string
	TopicARN          string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Log receives one line per request; nil means slog.Default().
	Log *slog.Logger
}

// Handle answers one API Gateway proxy request. It returns an error only
// for a failure to build a response, so that API Gateway passes every
// answer, including 5xx ones, to the client as written here.
func (h *Handler) Handle(ctx context.Context, req events.APIGatewayProxyRequest) (events.APIGatewayProxyResponse, error) {
	switch {
	case req.Resource == OrdersResource && req.HTTPMethod == http.MethodPost:
		return h.create(ctx, req), nil
	case req.Resource == OrdersResource && req.HTTPMethod == http.MethodGet:
		return h.list(ctx, req), nil
	case req.Resource == OrderResource && req.HTTPMethod == http.MethodGet:
		return h.get(ctx, req.PathParameters["id"]), nil
	case req.Resource == OrdersResource:
		return methodNotAllowed("GET, POST"), nil
	case req.Resource == OrderResource:
		return methodNotAllowed("GET"), nil
	}
	return errorResponse(http.StatusNotFound, "", fmt.Sprintf("no route for %s %s", req.HTTPMethod, req.Path)), nil
}

func (h *Handler) now() time.Time {
	if h.Now != nil {
		return h.Now()
	}
	return time.Now()
}

func (h *Handler) log() *slog.Logger {
	if h.Log != nil {
		return h.Log
	}
	return slog.Default()
}

func (h *Handler) create(ctx context.Context, req events.APIGatewayProxyRequest) events.APIGatewayProxyResponse {
	body := []byte(req.Body)
	if req.IsBase64Encoded {
		var err error
		if body, err = base64.StdEncoding.DecodeString(req.Body); err != nil {
			return errorResponse(http.StatusBadRequest, "", "request body is not valid base64")
		}
	}
	key := header(req.Headers, orders.IdempotencyHeader)
	if key != "" {
		if err := orders.CheckIdempotencyKey(key); err != nil {
			return fieldErrorResponse(err)
		}
	}
	cr, err := orders.ParseCreateRequest(body)
	if err != nil {
		return fieldErrorResponse(err)
	}
	id, err := orders.IDFor(cr.CustomerID, key)
	if err != nil {
		return h.internalError(ctx, "making an order id", err)
	}
	order := orders.New(id, cr, orders.RequestHash(cr), h.now())
	stored, created, err := h.Store.Create(ctx, order)
	if err != nil {
		return h.internalError(ctx, "storing the order", err)
	}
	if !created && stored.RequestHash != order.RequestHash {
		return errorResponse(http.StatusConflict, orders.IdempotencyHeader,
			fmt.Sprintf("%s %q was used for another order request; use a new key for a new order", orders.IdempotencyHeader, key))
	}
	if stored.PublishedAt.IsZero() {
		if err := h.publish(ctx, stored); err != nil {
			msg := "the order was saved but could not be passed on for processing"
			if key != "" {
				msg += "; retry with the same " + orders.IdempotencyHeader
			}
			h.log().ErrorContext(ctx, "publishing order", "order_id", stored.ID, "error", err)
			return errorResponse(http.StatusInternalServerError, "", msg)
		}
	}
	status := http.StatusCreated
	if !created {
		status = http.StatusOK
	}
	h.log().InfoContext(ctx, "order placed", "order_id", stored.ID, "created", created, "items", len(stored.Items))
	resp := jsonResponse(status, orders.ViewOf(stored))
	resp.Headers["Location"] = OrdersResource + "/" + stored.ID
	return resp
}

// publish sends the order's event to both queues and the topic, then
// records that it did.
func (h *Handler) publish(ctx context.Context, o orders.Order) error {
	body, err := orders.Event{Type: orders.EventCreated, Order: o}.JSON()
	if err != nil {
		return err
	}
	var errs []error
	for _, url := range []string{h.PaymentQueueURL, h.InventoryQueueURL} {
		if _, err := h.Queue.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(url), MessageBody: aws.String(body)}); err != nil {
			errs = append(errs, fmt.Errorf("sending to %s: %w", url, err))
		}
	}
	_, err = h.Topic.Publish(ctx, &sns.PublishInput{
		TopicArn: aws.String(h.TopicARN),
		Message:  aws.String(body),
		MessageAttributes: map[string]snstypes.MessageAttributeValue{
			"type": {DataType: aws.String("String"), StringValue: aws.String(orders.EventCreated)},
		},
	})
	if err != nil {
		errs = append(errs, fmt.Errorf("publishing to %s: %w", h.TopicARN, err))
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	return h.Store.MarkPublished(ctx, o.ID, h.now())
}

func (h *Handler) get(ctx context.Context, id string) events.APIGatewayProxyResponse {
	if !orders.ValidID(id) {
		return errorResponse(http.StatusBadRequest, "id", fmt.Sprintf("%q is not an order id (32 lowercase hex digits)", id))
	}
	o, err := h.Store.Get(ctx, id)
	switch {
	case errors.Is(err, orders.ErrNotFound):
		return errorResponse(http.StatusNotFound, "", fmt.Sprintf("order %s not found", id))
	case err != nil:
		return h.internalError(ctx, "reading the order", err)
	}
	return jsonResponse(http.StatusOK, orders.ViewOf(o))
}

func (h *Handler) list(ctx context.Context, req events.APIGatewayProxyRequest) events.APIGatewayProxyResponse {
	customer := req.QueryStringParameters["customer_id"]
	if customer == "" {
		return errorResponse(http.StatusBadRequest, "customer_id", "query parameter customer_id is required")
	}
	if err := orders.CheckCustomerID(customer); err != nil {
		return fieldErrorResponse(err)
	}
	limit := DefaultListLimit
	if s, ok := req.QueryStringParameters["limit"]; ok {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > MaxListLimit {
			return errorResponse(http.StatusBadRequest, "limit", fmt.Sprintf("%q: must be a whole number from 1 to %d", s, MaxListLimit))
		}
		limit = n
	}
	list, err := h.Store.ListByCustomer(ctx, customer, int32(limit))
	if err != nil {
		return h.internalError(ctx, "listing orders", err)
	}
	views := make([]orders.View, len(list))
	for i, o := range list {
		views[i] = orders.ViewOf(o)
	}
	return jsonResponse(http.StatusOK, map[string]any{"orders": views})
}

// internalError logs the cause and answers without it: internal details
// are for the logs, not for clients.
func (h *Handler) internalError(ctx context.Context, doing string, err error) events.APIGatewayProxyResponse {
	h.log().ErrorContext(ctx, doing, "error", err)
	return errorResponse(http.StatusInternalServerError, "", "internal error while "+doing+"; try again later")
}

// header finds a header by name, case-insensitively as HTTP requires.
func header(headers map[string]string, name string) string {
	for k, v := range headers {
		if strings.EqualFold(k, name) {
			return v
		}
	}
	return ""
}

// errorBody is every error's JSON: a message naming the field, and the
// field on its own for programs.
type errorBody struct {
	Error string `json:"error"`
	Field string `json:"field,omitempty"`
}

func fieldErrorResponse(err error) events.APIGatewayProxyResponse {
	var fe *orders.FieldError
	if errors.As(err, &fe) {
		return errorResponse(http.StatusBadRequest, fe.Field, fe.Error())
	}
	return errorResponse(http.StatusBadRequest, "", err.Error())
}

func errorResponse(status int, field, msg string) events.APIGatewayProxyResponse {
	return jsonResponse(status, errorBody{Error: msg, Field: field})
}

func methodNotAllowed(allow string) events.APIGatewayProxyResponse {
	resp := errorResponse(http.StatusMethodNotAllowed, "", "method not allowed; use "+allow)
	resp.Headers["Allow"] = allow
	return resp
}

func jsonResponse(status int, v any) events.APIGatewayProxyResponse {
	body, err := json.Marshal(v)
	if err != nil {
		status = http.StatusInternalServerError
		body = []byte(`{"error":"internal error while encoding the response"}`)
	}
	return events.APIGatewayProxyResponse{
		StatusCode: status,
		Headers: map[string]string{
			"Content-Type":           "application/json",
			"Cache-Control":          "no-store",
			"X-Content-Type-Options": "nosniff",
		},
		Body: string(body),
	}
}
