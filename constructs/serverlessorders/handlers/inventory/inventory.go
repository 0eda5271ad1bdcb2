// Package inventory is the update-inventory function: it consumes
// order.created events from its SQS queue and reserves the items of each
// order, recording the step on the order. Recording is idempotent, because
// SQS delivers at least once.
//
// This is where a real system calls its inventory service; the reference
// implementation records the step only.
package inventory

import (
	"context"
	"log/slog"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/orders"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/sqsbatch"
)

// Orders is what the handler needs from the order store.
type Orders interface {
	CompleteStep(ctx context.Context, id string, step orders.Step, at time.Time) error
}

// Handler handles batches from the inventory queue.
type Handler struct {
	Orders Orders
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Log receives failures; nil means slog.Default().
	Log *slog.Logger
}

// Handle processes a batch and reports the messages that failed, so that
// one bad message does not fail the others.
func (h *Handler) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	return sqsbatch.Process(ctx, ev, h.Log, h.handle), nil
}

func (h *Handler) handle(ctx context.Context, msg events.SQSMessage) error {
	e, err := orders.ParseEvent(msg.Body)
	if err != nil {
		return err
	}
	now := time.Now
	if h.Now != nil {
		now = h.Now
	}
	return h.Orders.CompleteStep(ctx, e.Order.ID, orders.StepInventory, now())
}
