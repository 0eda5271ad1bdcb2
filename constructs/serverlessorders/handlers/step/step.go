// Package step is the queue consumer behind process-payment and
// update-inventory: it reads order.created events from its SQS queue and
// completes one fulfilment step of each order. Completing is idempotent
// (conditional on the step still pending), because SQS delivers at least
// once; a batch reports the messages that failed, so one bad message does
// not fail the others.
//
// Calling the payment provider or the inventory service belongs in
// Handler.Before: the reference system has neither, and records the step.
package step

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

// Handler completes Step for every order in a batch.
type Handler struct {
	Step   orders.Step
	Orders Orders
	// Before, when set, runs before the step is recorded (the payment or
	// inventory call); its error fails the message, which SQS retries and
	// finally moves to the dead-letter queue.
	Before func(ctx context.Context, o orders.Order) error
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Log receives failures; nil means slog.Default().
	Log *slog.Logger
}

// Handle processes a batch and reports the messages that failed.
func (h *Handler) Handle(ctx context.Context, ev events.SQSEvent) (events.SQSEventResponse, error) {
	return sqsbatch.Process(ctx, ev, h.Log, h.handle), nil
}

func (h *Handler) handle(ctx context.Context, msg events.SQSMessage) error {
	e, err := orders.ParseEvent(msg.Body)
	if err != nil {
		return err
	}
	if h.Before != nil {
		if err := h.Before(ctx, e.Order); err != nil {
			return err
		}
	}
	now := time.Now
	if h.Now != nil {
		now = h.Now
	}
	return h.Orders.CompleteStep(ctx, e.Order.ID, h.Step, now())
}
