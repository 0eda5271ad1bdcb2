package step

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"reflect"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/orders"
)

type fakeOrders struct {
	step orders.Step
	done []string
}

func (f *fakeOrders) CompleteStep(_ context.Context, id string, step orders.Step, _ time.Time) error {
	if step != f.step {
		return errors.New("wrong step " + string(step))
	}
	if id == "ffffffffffffffffffffffffffffffff" {
		return orders.ErrNotFound
	}
	f.done = append(f.done, id)
	return nil
}

func event(t *testing.T, id string) string {
	t.Helper()
	js, err := orders.Event{Type: orders.EventCreated, Order: orders.Order{ID: id}}.JSON()
	if err != nil {
		t.Fatal(err)
	}
	return js
}

func TestHandlePartialFailure(t *testing.T) {
	for _, step := range []orders.Step{orders.StepPayment, orders.StepInventory} {
		t.Run(string(step), func(t *testing.T) {
			f := &fakeOrders{step: step}
			var before []string
			h := &Handler{
				Step: step, Orders: f, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
				Before: func(_ context.Context, o orders.Order) error {
					before = append(before, o.ID)
					if o.ID == "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee" {
						return errors.New("provider declined")
					}
					return nil
				},
			}
			ok := "0123456789abcdef0123456789abcdef"
			ev := events.SQSEvent{Records: []events.SQSMessage{
				{MessageId: "m1", Body: event(t, ok)},
				{MessageId: "m2", Body: "not json"},
				{MessageId: "m3", Body: event(t, "ffffffffffffffffffffffffffffffff")},
				{MessageId: "m4", Body: event(t, "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee")},
			}}
			resp, err := h.Handle(context.Background(), ev)
			if err != nil {
				t.Fatal(err)
			}
			want := []events.SQSBatchItemFailure{{ItemIdentifier: "m2"}, {ItemIdentifier: "m3"}, {ItemIdentifier: "m4"}}
			if !reflect.DeepEqual(resp.BatchItemFailures, want) {
				t.Errorf("failures %v, want %v", resp.BatchItemFailures, want)
			}
			if !reflect.DeepEqual(f.done, []string{ok}) {
				t.Errorf("completed %v", f.done)
			}
			if len(before) != 3 {
				t.Errorf("Before ran for %v, want the three parsed orders", before)
			}
		})
	}
}
