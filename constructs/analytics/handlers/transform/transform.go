// Package transform is the Firehose record processor of the analytics
// pipeline (the guide's "Lambda: Transform"): it validates each clickstream
// event against package clickstream, enriches the valid ones into the lake's
// record and marks the others ProcessingFailed, so that Firehose writes
// them, unchanged, under the error prefix (processing-failed/). It never
// answers Dropped: nothing is discarded silently.
//
// Contract (Amazon Data Firehose Developer Guide, "Transform source data in
// Amazon Data Firehose",
// https://docs.aws.amazon.com/firehose/latest/dev/data-transformation.html):
// every input recordId is returned exactly once with result Ok, Dropped or
// ProcessingFailed and base64 data (aws-lambda-go's []byte marshals as
// base64); a record missing from the response counts as failed.
package transform

import (
	"context"
	"encoding/json"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/acme/landing-zone/constructs/analytics/clickstream"
)

// Results Firehose understands.
const (
	Ok               = events.KinesisFirehoseTransformedStateOk
	ProcessingFailed = events.KinesisFirehoseTransformedStateProcessingFailed
)

// Handler processes Firehose batches.
type Handler struct {
	Log *slog.Logger
	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

// Response is the answer to one Firehose invocation. It is the
// handler's own type rather than events.KinesisFirehoseResponse because
// aws-lambda-go's KinesisFirehoseResponseRecord.Metadata has no omitempty
// (aws-lambda-go v1.55.1 events/firehose.go; aws/aws-lambda-go PRs #576 and
// #595), so every record would carry an empty "metadata" block with
// "partitionKeys":null and an "otfMetadata" object: metadata is meant for
// dynamic partitioning and Iceberg destinations, which this stream does
// not use. The Firehose guide's processor response has recordId, result
// and data only ("Transform source data in Amazon Data Firehose",
// "Required parameters for data transformation").
type Response struct {
	Records []ResponseRecord `json:"records"`
}

// ResponseRecord is one record of a Response; Data marshals as base64.
type ResponseRecord struct {
	RecordID string `json:"recordId"`
	Result   string `json:"result"`
	Data     []byte `json:"data"`
}

// Handle answers one Firehose invocation.
func (h *Handler) Handle(_ context.Context, ev events.KinesisFirehoseEvent) (Response, error) {
	now := time.Now
	if h.Now != nil {
		now = h.Now
	}
	out := Response{Records: make([]ResponseRecord, 0, len(ev.Records))}
	failed := 0
	for _, r := range ev.Records {
		received := r.KinesisFirehoseRecordMetadata.ApproximateArrivalTimestamp.Time
		if received.IsZero() {
			received = r.ApproximateArrivalTimestamp.Time
		}
		if received.IsZero() {
			received = now()
		}
		res := Process(r.Data, received)
		if res.Result != Ok {
			failed++
			if h.Log != nil {
				h.Log.Warn("record failed validation", "recordId", r.RecordID, "error", res.Err.Error())
			}
		}
		out.Records = append(out.Records, ResponseRecord{RecordID: r.RecordID, Result: res.Result, Data: res.Data})
	}
	if h.Log != nil {
		h.Log.Info("batch processed", "records", len(ev.Records), "ok", len(ev.Records)-failed, "processingFailed", failed)
	}
	return out, nil
}

// Result is the outcome for one record.
type Result struct {
	Result string
	// Data is the enriched record (Ok) or the original bytes
	// (ProcessingFailed), which Firehose writes to the error prefix.
	Data []byte
	Err  error
}

// Process validates and enriches one record's data; received is when the
// stream received it, the reference for the event's age.
func Process(data []byte, received time.Time) Result {
	e, err := clickstream.Parse(data, received)
	if err != nil {
		return Result{Result: ProcessingFailed, Data: data, Err: err}
	}
	b, err := json.Marshal(e.Enrich(received))
	if err != nil {
		return Result{Result: ProcessingFailed, Data: data, Err: err}
	}
	return Result{Result: Ok, Data: append(b, '\n')}
}
