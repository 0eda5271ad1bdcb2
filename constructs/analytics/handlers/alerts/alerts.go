// Package alerts is the real-time alerts function of the analytics pipeline
// (the guide's "Lambda: Real-time Alerts"): it reads the clickstream from
// Kinesis through an event source mapping with tumbling windows, counts the
// events of each window per type, and at the window's end adds the counts
// into the window's item in DynamoDB and publishes one alert when the
// window's client errors, over all shards, reach the threshold.
//
// Tumbling windows (AWS Lambda Developer Guide, "Implementing stateful
// Kinesis Data Streams processing in Lambda",
// https://docs.aws.amazon.com/lambda/latest/dg/services-kinesis-windows.html):
// Lambda keeps the state per shard ("Each batch contains records from a
// single shard", and the state returned by one invocation is passed to the
// next invocation of the same window on the same shard; at most 1 MB per
// shard) and sets isFinalInvokeForWindow on each shard's last invocation
// of the window; every response must carry state, or Lambda treats the
// invocation as failed. A window is therefore closed once per shard (more
// than once when Lambda ends it early at 1 MB of state,
// isWindowTerminatedEarly, and continues with fresh state), so the
// threshold is checked against the sum of every shard's contribution, not
// one shard's: see Table.
package alerts

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"strconv"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/acme/landing-zone/constructs/analytics/clickstream"
)

// State keys besides the event types.
const (
	InvalidKey = "invalid"
	RevenueKey = "revenue_cents"
	// SegmentKey holds the sequence number of the first record of the
	// state's segment: the invocation that starts a window (or continues
	// an early-terminated one with fresh state) records it, which makes
	// (shard, first sequence number) a stable identity for the segment's
	// contribution across Lambda's retries of its final invocation.
	SegmentKey = "segment_first_sequence"
)

// Contribution is what one shard's segment of one window adds to the
// window's totals.
type Contribution struct {
	// ID identifies the contribution: shard and the segment's first
	// sequence number. The store adds a contribution at most once.
	ID          string
	WindowStart string
	WindowEnd   string
	// Counts are events per type; every type of clickstream.EventTypes
	// is present (zeros included), so the totals come back whole.
	Counts       map[string]int64
	Invalid      int64
	RevenueCents int64
	// ExpiresAt is the window item's TTL (epoch seconds).
	ExpiresAt int64
}

// Totals are a window's counts over every contribution added so far.
type Totals struct {
	Counts       map[string]int64
	Invalid      int64
	RevenueCents int64
	// Alerted is set once the window's alert has been claimed.
	Alerted bool
}

// Store keeps the window totals.
type Store interface {
	// Add adds c to its window's totals unless a contribution with c.ID
	// was added before, and returns the totals after; added is false for
	// a repeat, whose totals are the item as it stands.
	Add(ctx context.Context, c Contribution) (t Totals, added bool, err error)
	// ClaimAlert marks the window's alert as sent; false when it already
	// was (by another shard's invocation or an earlier delivery).
	ClaimAlert(ctx context.Context, windowStart string) (bool, error)
	// ReleaseAlert undoes ClaimAlert after a failed publish, so that the
	// retry publishes.
	ReleaseAlert(ctx context.Context, windowStart string) error
}

// Publisher sends an alert.
type Publisher interface {
	Publish(ctx context.Context, subject, message string) error
}

// Handler aggregates windows.
type Handler struct {
	Store     Store
	Publisher Publisher
	// ErrorThreshold is the count of client error events in one window,
	// over all shards of the stream, that raises an alert; at least 1.
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
		if state[SegmentKey] == "" {
			state[SegmentKey] = r.Kinesis.SequenceNumber
		}
		add(state, r.Kinesis.Data, r.Kinesis.ApproximateArrivalTimestamp.Time)
	}
	resp := events.KinesisTimeWindowEventResponse{
		TimeWindowEventResponseProperties: events.TimeWindowEventResponseProperties{State: state},
		BatchItemFailures:                 []events.KinesisBatchItemFailure{},
	}
	if !ev.IsFinalInvokeForWindow || state[SegmentKey] == "" {
		// Not the end yet, or a segment without records: nothing to add.
		return resp, nil
	}
	c := h.contribution(ev, state)
	totals, added, err := h.Store.Add(ctx, c)
	if err != nil {
		// Failing the final invocation makes Lambda retry it with the same
		// state before the shard moves on: the window is not lost, and the
		// retry's contribution has the same ID.
		return resp, fmt.Errorf("window %s contribution %s: adding to the window: %w", c.WindowStart, c.ID, err)
	}
	errs := totals.Counts[clickstream.ClientError]
	if h.ErrorThreshold > 0 && errs >= h.ErrorThreshold && !totals.Alerted {
		// Whoever first sees the window at or over the threshold claims
		// the alert with a conditional write; the claim, not the crossing,
		// makes the alert happen once per window, also when the crossing
		// invocation's publish failed and its retry finds the contribution
		// already added (added false).
		claimed, err := h.Store.ClaimAlert(ctx, c.WindowStart)
		if err != nil {
			return resp, fmt.Errorf("window %s: claiming the alert: %w", c.WindowStart, err)
		}
		if claimed {
			subject := "Clickstream: client errors crossed the threshold"
			msg := fmt.Sprintf("%d client error events between %s and %s over all shards (threshold %d). Invalid events: %d.",
				errs, c.WindowStart, c.WindowEnd, h.ErrorThreshold, totals.Invalid)
			if err := h.Publisher.Publish(ctx, subject, msg); err != nil {
				if rerr := h.Store.ReleaseAlert(ctx, c.WindowStart); rerr != nil {
					err = fmt.Errorf("%w (and releasing the claim: %v)", err, rerr)
				}
				return resp, fmt.Errorf("window %s: publishing the alert: %w", c.WindowStart, err)
			}
		}
	}
	if h.Log != nil {
		h.Log.Info("window closed on shard", "start", c.WindowStart, "contribution", c.ID, "added", added, "counts", c.Counts, "windowErrors", errs)
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

func (h *Handler) contribution(ev events.KinesisTimeWindowEvent, state map[string]string) Contribution {
	num := func(k string) int64 { n, _ := strconv.ParseInt(state[k], 10, 64); return n }
	c := Contribution{
		ID:           ev.ShardID + "/" + state[SegmentKey],
		WindowStart:  ev.Window.Start.UTC().Format(time.RFC3339),
		WindowEnd:    ev.Window.End.UTC().Format(time.RFC3339),
		Counts:       map[string]int64{},
		Invalid:      num(InvalidKey),
		RevenueCents: num(RevenueKey),
	}
	for _, et := range clickstream.EventTypes {
		c.Counts[et] = num(et)
	}
	days := h.RetentionDays
	if days <= 0 {
		days = 90
	}
	c.ExpiresAt = ev.Window.End.Add(time.Duration(days) * 24 * time.Hour).Unix()
	return c
}
