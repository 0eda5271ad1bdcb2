package inventory

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

type fakeOrders struct{ done []string }

func (f *fakeOrders) CompleteStep(_ context.Context, id string, step orders.Step, _ time.Time) error {
	if step != orders.StepInventory {
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
	f := &fakeOrders{}
	h := &Handler{Orders: f, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ok := "0123456789abcdef0123456789abcdef"
	ev := events.SQSEvent{Records: []events.SQSMessage{
		{MessageId: "m1", Body: event(t, ok)},
		{MessageId: "m2", Body: "not json"},
		{MessageId: "m3", Body: event(t, "ffffffffffffffffffffffffffffffff")},
	}}
	resp, err := h.Handle(context.Background(), ev)
	if err != nil {
		t.Fatal(err)
	}
	want := []events.SQSBatchItemFailure{{ItemIdentifier: "m2"}, {ItemIdentifier: "m3"}}
	if !reflect.DeepEqual(resp.BatchItemFailures, want) {
		t.Errorf("failures %v, want %v", resp.BatchItemFailures, want)
	}
	if !reflect.DeepEqual(f.done, []string{ok}) {
		t.Errorf("completed %v", f.done)
	}
}
