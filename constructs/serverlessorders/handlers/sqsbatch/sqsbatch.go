// Package sqsbatch processes SQS batches message by message and reports the
// messages that failed, so that Lambda deletes the others and only the
// failed ones return to the queue (and, after the queue's maxReceiveCount,
// go to its dead-letter queue). The event source mapping must list
// ReportBatchItemFailures in its function response types.
package sqsbatch

import (
	"context"
	"log/slog"

	"github.com/aws/aws-lambda-go/events"
)

// Process calls fn for each message and returns the failed ones.
func Process(ctx context.Context, ev events.SQSEvent, log *slog.Logger, fn func(context.Context, events.SQSMessage) error) events.SQSEventResponse {
	if log == nil {
		log = slog.Default()
	}
	resp := events.SQSEventResponse{BatchItemFailures: []events.SQSBatchItemFailure{}}
	for _, msg := range ev.Records {
		if err := fn(ctx, msg); err != nil {
			log.ErrorContext(ctx, "message failed", "message_id", msg.MessageId,
				"receive_count", msg.Attributes["ApproximateReceiveCount"], "error", err)
			resp.BatchItemFailures = append(resp.BatchItemFailures, events.SQSBatchItemFailure{ItemIdentifier: msg.MessageId})
		}
	}
	return resp
}
