// Package store keeps orders in DynamoDB. The client is behind a small
// interface, so that tests use an in-memory fake.
package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/feature/dynamodb/attributevalue"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/orders"
)

// DynamoDB is the part of the DynamoDB client the store uses.
type DynamoDB interface {
	PutItem(context.Context, *dynamodb.PutItemInput, ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
	GetItem(context.Context, *dynamodb.GetItemInput, ...func(*dynamodb.Options)) (*dynamodb.GetItemOutput, error)
	UpdateItem(context.Context, *dynamodb.UpdateItemInput, ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error)
	Query(context.Context, *dynamodb.QueryInput, ...func(*dynamodb.Options)) (*dynamodb.QueryOutput, error)
}

// Store reads and writes orders in one table.
type Store struct {
	Client DynamoDB
	Table  string
	// Index is the customer index; default orders.CustomerIndex.
	Index string
	// Retention, when positive, sets each new order's TTL.
	Retention time.Duration
}

// timeLayout is fixed-width UTC with milliseconds, so that the customer
// index sorts by creation time as strings sort.
const timeLayout = "2006-01-02T15:04:05.000Z"

// stepAttribute names the attribute that records a step.
func stepAttribute(s orders.Step) string { return string(s) + "_status" }

type record struct {
	OrderID     string        `dynamodbav:"order_id"`
	CustomerID  string        `dynamodbav:"customer_id"`
	Email       string        `dynamodbav:"email"`
	Currency    string        `dynamodbav:"currency"`
	Items       []orders.Item `dynamodbav:"items"`
	TotalCents  int64         `dynamodbav:"total_cents"`
	Payment     string        `dynamodbav:"payment_status"`
	Inventory   string        `dynamodbav:"inventory_status"`
	CreatedAt   string        `dynamodbav:"created_at"`
	UpdatedAt   string        `dynamodbav:"updated_at"`
	RequestHash string        `dynamodbav:"request_hash"`
	PublishedAt string        `dynamodbav:"published_at,omitempty"`
	ExpiresAt   int64         `dynamodbav:"expires_at,omitempty"`
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(timeLayout)
}

func parseTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.Parse(timeLayout, s)
}

func toItem(o orders.Order) (map[string]types.AttributeValue, error) {
	r := record{
		OrderID: o.ID, CustomerID: o.CustomerID, Email: o.Email, Currency: o.Currency,
		Items: o.Items, TotalCents: o.TotalCents,
		Payment: string(o.Payment), Inventory: string(o.Inventory),
		CreatedAt: formatTime(o.CreatedAt), UpdatedAt: formatTime(o.UpdatedAt),
		RequestHash: o.RequestHash, PublishedAt: formatTime(o.PublishedAt),
	}
	if !o.ExpiresAt.IsZero() {
		r.ExpiresAt = o.ExpiresAt.Unix()
	}
	return attributevalue.MarshalMap(r)
}

func fromItem(item map[string]types.AttributeValue) (orders.Order, error) {
	var r record
	if err := attributevalue.UnmarshalMap(item, &r); err != nil {
		return orders.Order{}, fmt.Errorf("decoding order: %w", err)
	}
	o := orders.Order{
		ID: r.OrderID, CustomerID: r.CustomerID, Email: r.Email, Currency: r.Currency,
		Items: r.Items, TotalCents: r.TotalCents,
		Payment: orders.StepStatus(r.Payment), Inventory: orders.StepStatus(r.Inventory),
		RequestHash: r.RequestHash,
	}
	var err error
	for _, f := range []struct {
		dst *time.Time
		src string
	}{{&o.CreatedAt, r.CreatedAt}, {&o.UpdatedAt, r.UpdatedAt}, {&o.PublishedAt, r.PublishedAt}} {
		if *f.dst, err = parseTime(f.src); err != nil {
			return orders.Order{}, fmt.Errorf("decoding order %s: %w", r.OrderID, err)
		}
	}
	if r.ExpiresAt > 0 {
		o.ExpiresAt = time.Unix(r.ExpiresAt, 0).UTC()
	}
	return o, nil
}

func key(id string) map[string]types.AttributeValue {
	return map[string]types.AttributeValue{orders.KeyAttribute: &types.AttributeValueMemberS{Value: id}}
}

// Create writes o unless an order with its id exists. It returns the stored
// order and whether this call created it: a retry with the same
// idempotency key gets the order its first attempt wrote.
func (s *Store) Create(ctx context.Context, o orders.Order) (orders.Order, bool, error) {
	if s.Retention > 0 {
		o.ExpiresAt = o.CreatedAt.Add(s.Retention).Truncate(time.Second)
	}
	item, err := toItem(o)
	if err != nil {
		return orders.Order{}, false, err
	}
	_, err = s.Client.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                           aws.String(s.Table),
		Item:                                item,
		ConditionExpression:                 aws.String("attribute_not_exists(#id)"),
		ExpressionAttributeNames:            map[string]string{"#id": orders.KeyAttribute},
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	})
	var exists *types.ConditionalCheckFailedException
	switch {
	case err == nil:
		return o, true, nil
	case errors.As(err, &exists):
		if len(exists.Item) > 0 {
			old, err := fromItem(exists.Item)
			return old, false, err
		}
		old, err := s.Get(ctx, o.ID)
		return old, false, err
	default:
		return orders.Order{}, false, fmt.Errorf("writing order %s: %w", o.ID, err)
	}
}

// Get reads an order, strongly consistent so that a client reading its own
// new order finds it. It returns orders.ErrNotFound for a missing order.
func (s *Store) Get(ctx context.Context, id string) (orders.Order, error) {
	out, err := s.Client.GetItem(ctx, &dynamodb.GetItemInput{
		TableName:      aws.String(s.Table),
		Key:            key(id),
		ConsistentRead: aws.Bool(true),
	})
	if err != nil {
		return orders.Order{}, fmt.Errorf("reading order %s: %w", id, err)
	}
	if len(out.Item) == 0 {
		return orders.Order{}, orders.ErrNotFound
	}
	return fromItem(out.Item)
}

// ListByCustomer returns up to limit of a customer's orders, newest first.
func (s *Store) ListByCustomer(ctx context.Context, customerID string, limit int32) ([]orders.Order, error) {
	index := s.Index
	if index == "" {
		index = orders.CustomerIndex
	}
	out, err := s.Client.Query(ctx, &dynamodb.QueryInput{
		TableName:                 aws.String(s.Table),
		IndexName:                 aws.String(index),
		KeyConditionExpression:    aws.String("#c = :c"),
		ExpressionAttributeNames:  map[string]string{"#c": orders.CustomerAttribute},
		ExpressionAttributeValues: map[string]types.AttributeValue{":c": &types.AttributeValueMemberS{Value: customerID}},
		ScanIndexForward:          aws.Bool(false),
		Limit:                     aws.Int32(limit),
	})
	if err != nil {
		return nil, fmt.Errorf("listing orders of customer %s: %w", customerID, err)
	}
	list := make([]orders.Order, 0, len(out.Items))
	for _, item := range out.Items {
		o, err := fromItem(item)
		if err != nil {
			return nil, err
		}
		list = append(list, o)
	}
	return list, nil
}

// MarkPublished records that the order's event was sent.
func (s *Store) MarkPublished(ctx context.Context, id string, at time.Time) error {
	_, err := s.Client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:                 aws.String(s.Table),
		Key:                       key(id),
		UpdateExpression:          aws.String("SET #p = :at"),
		ConditionExpression:       aws.String("attribute_exists(#id)"),
		ExpressionAttributeNames:  map[string]string{"#id": orders.KeyAttribute, "#p": "published_at"},
		ExpressionAttributeValues: map[string]types.AttributeValue{":at": &types.AttributeValueMemberS{Value: formatTime(at)}},
	})
	if err != nil {
		return fmt.Errorf("marking order %s published: %w", id, err)
	}
	return nil
}

// CompleteStep records that step is done. It is idempotent, as queue
// consumers must be (SQS delivers at least once): completing a step that is
// done already succeeds without a change. It returns orders.ErrNotFound for
// a missing order.
func (s *Store) CompleteStep(ctx context.Context, id string, step orders.Step, at time.Time) error {
	_, err := s.Client.UpdateItem(ctx, &dynamodb.UpdateItemInput{
		TableName:           aws.String(s.Table),
		Key:                 key(id),
		UpdateExpression:    aws.String("SET #s = :done, #u = :now"),
		ConditionExpression: aws.String("attribute_exists(#id) AND #s = :pending"),
		ExpressionAttributeNames: map[string]string{
			"#id": orders.KeyAttribute, "#s": stepAttribute(step), "#u": "updated_at",
		},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":done":    &types.AttributeValueMemberS{Value: string(step.Done())},
			":pending": &types.AttributeValueMemberS{Value: string(orders.Pending)},
			":now":     &types.AttributeValueMemberS{Value: formatTime(at)},
		},
		ReturnValuesOnConditionCheckFailure: types.ReturnValuesOnConditionCheckFailureAllOld,
	})
	var failed *types.ConditionalCheckFailedException
	switch {
	case err == nil:
		return nil
	case errors.As(err, &failed):
		if len(failed.Item) == 0 {
			return fmt.Errorf("order %s: %w", id, orders.ErrNotFound)
		}
		old, err := fromItem(failed.Item)
		if err != nil {
			return err
		}
		if old.StepStatus(step) == step.Done() {
			return nil
		}
		return fmt.Errorf("order %s: %s is %q, not %q", id, step, old.StepStatus(step), orders.Pending)
	default:
		return fmt.Errorf("completing %s of order %s: %w", step, id, err)
	}
}
