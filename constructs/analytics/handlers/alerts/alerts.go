// Package alerts is the real-time alerts function of the analytics pipeline
// (the guide's "Lambda: Real-time Alerts"): it reads the clickstream from
// Kinesis through an event source mapping with tumbling windows, counts the
// events of each window per type, and at the window's end writes the
// aggregate to DynamoDB and publishes an alert when client errors reach the
// threshold.
//
// Tumbling windows (AWS Lambda Developer Guide, "Implementing stateful
// Kinesis Data Streams processing in Lambda",
// https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html):
// Lambda passes the state returned by the previous invocation of the window
// (a string map, at most 1 MB per shard) and sets isFinalInvokeForWindow on
// the window's last invocation; every response must carry state, or Lambda
// treats the invocation as failed. Lambda processes each record at least
// once, so the final write is an idempotent PutItem keyed by window and
// shard, and a replayed final invocation overwrites, never double counts.
package alerts

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/acme/landing-zone/constructs/analytics/clickstream"
)

// State keys besides the event types.
const (
	InvalidKey = "invalid"
	RevenueKey = "revenue_cents"
)

// Aggregate is one window's counts for one shard, as stored in the table.
type Aggregate struct {
	// WindowStart (hash key) and ShardID (range key) identify the item.
	WindowStart string           `dynamodbav:"window_start"`
	ShardID     string           `dynamodbav:"shard_id"`
	WindowEnd   string           `dynamodbav:"window_end"`
	Counts      map[string]int64 `dynamodbav:"counts"`
	Invalid     int64            `dynamodbav:"invalid"`
	// RevenueCents sums quantity times unit price of purchases.
	RevenueCents int64 `dynamodbav:"revenue_cents"`
	// TerminatedEarly is set when Lambda ended the window before its time
	// (the state reached 1 MB); the next invocation continues the same
	// window with fresh state, so the window has several items then.
	TerminatedEarly bool `dynamodbav:"terminated_early"`
	// ExpiresAt is the item's TTL (epoch seconds).
	ExpiresAt int64 `dynamodbav:"expires_at"`
}

// Table key attributes, shared with the construct that makes the table.
const (
	HashKey      = "window_start"
	RangeKey     = "shard_id"
	TTLAttribute = "expires_at"
)

// Store writes aggregates.
type Store interface {
	PutAggregate(ctx context.Context, a Aggregate) error
}

// Publisher sends an alert.
type Publisher interface {
	Publish(ctx context.Context, subject, message string) error
}

// Handler aggregates windows.
type Handler struct {
	Store     Store
	Publisher Publisher
	// ErrorThreshold is the count of client error events in one window of
	// one shard that raises an alert; at least 1.
	ErrorThreshold int64
	// RetentionDays keeps aggregates that long (TTL).
	RetentionDays int
	Log           *slog.Logger
}

// Handle answers one invocation of the window.
func (h *Handler) Handle(ctx context.Context, ev events.KinesisTimeWindowEvent) (events.KinesisTimeWindowEventResponse, error) {
	state := maps.Clone(ev.State)
	if state == nil {
		state = map[string]string{}
	}
	for _, r := range ev.Records {
		add(state, r.Kinesis.Data, r.Kinesis.ApproximateArrivalTimestamp.Time)
	}
	resp := events.KinesisTimeWindowEventResponse{
		TimeWindowEventResponseProperties: events.TimeWindowEventResponseProperties{State: state},
		BatchItemFailures:                 []events.KinesisBatchItemFailure{},
	}
	if !ev.IsFinalInvokeForWindow {
		return resp, nil
	}
	agg := h.aggregate(ev, state)
	if err := h.Store.PutAggregate(ctx, agg); err != nil {
		// Failing the final invocation makes Lambda retry it with the same
		// state before the shard moves on: the window is not lost.
		return resp, fmt.Errorf("window %s shard %s: writing the aggregate: %w", agg.WindowStart, agg.ShardID, err)
	}
	if errs := agg.Counts[clickstream.ClientError]; h.ErrorThreshold > 0 && errs >= h.ErrorThreshold {
		subject := "Clickstream: client errors crossed the threshold"
		msg := fmt.Sprintf("%d client error events between %s and %s on %s (threshold %d). Invalid events: %d.",
			errs, agg.WindowStart, agg.WindowEnd, agg.ShardID, h.ErrorThreshold, agg.Invalid)
		if err := h.Publisher.Publish(ctx, subject, msg); err != nil {
			return resp, fmt.Errorf("window %s shard %s: publishing the alert: %w", agg.WindowStart, agg.ShardID, err)
		}
	}
	if h.Log != nil {
		h.Log.Info("window closed", "start", agg.WindowStart, "shard", agg.ShardID, "counts", agg.Counts, "invalid", agg.Invalid)
	}
	// The final invocation's state is discarded by Lambda; return it
	// anyway, since a response without state counts as failed.
	return resp, nil
}

// add counts one record into state. Records that are not valid events are
// counted as invalid, not failed: a retry cannot make them valid, and the
// transform writes them to the lake's error prefix.
func add(state map[string]string, data []byte, arrived time.Time) {
	if arrived.IsZero() {
		arrived = time.Now()
	}
	e, err := clickstream.Parse(data, arrived)
	if err != nil {
		inc(state, InvalidKey, 1)
		return
	}
	inc(state, e.EventType, 1)
	if e.EventType == clickstream.Purchase {
		inc(state, RevenueKey, int64(e.Quantity)*e.PriceCents)
	}
}

func inc(state map[string]string, key string, by int64) {
	n, _ := strconv.ParseInt(state[key], 10, 64)
	state[key] = strconv.FormatInt(n+by, 10)
}

func (h *Handler) aggregate(ev events.KinesisTimeWindowEvent, state map[string]string) Aggregate {
	a := Aggregate{
		WindowStart:     ev.Window.Start.UTC().Format(time.RFC3339),
		WindowEnd:       ev.Window.End.UTC().Format(time.RFC3339),
		ShardID:         ev.ShardID,
		Counts:          map[string]int64{},
		TerminatedEarly: ev.IsWindowTerminatedEarly,
	}
	for _, k := range slices.Sorted(maps.Keys(state)) {
		n, _ := strconv.ParseInt(state[k], 10, 64)
		switch k {
		case InvalidKey:
			a.Invalid = n
		case RevenueKey:
			a.RevenueCents = n
		default:
			a.Counts[k] = n
		}
	}
	days := h.RetentionDays
	if days <= 0 {
		days = 90
	}
	a.ExpiresAt = ev.Window.End.Add(time.Duration(days) * 24 * time.Hour).Unix()
	return a
}
