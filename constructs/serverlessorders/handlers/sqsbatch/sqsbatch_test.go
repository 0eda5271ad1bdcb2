package sqsbatch

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"reflect"
	"testing"

	"github.com/aws/aws-lambda-go/events"
)

func TestProcessReportsOnlyFailures(t *testing.T) {
	ev := events.SQSEvent{Records: []events.SQSMessage{{MessageId: "1", Body: "ok"}, {MessageId: "2", Body: "bad"}, {MessageId: "3", Body: "ok"}}}
	var seen []string
	resp := Process(context.Background(), ev, slog.New(slog.NewTextHandler(io.Discard, nil)), func(_ context.Context, m events.SQSMessage) error {
		seen = append(seen, m.MessageId)
		if m.Body == "bad" {
			return errors.New("poison")
		}
		return nil
	})
	if !reflect.DeepEqual(seen, []string{"1", "2", "3"}) {
		t.Errorf("processed %v: one failure must not stop the batch", seen)
	}
	want := []events.SQSBatchItemFailure{{ItemIdentifier: "2"}}
	if !reflect.DeepEqual(resp.BatchItemFailures, want) {
		t.Errorf("failures %v, want %v", resp.BatchItemFailures, want)
	}
}

func TestProcessAllGood(t *testing.T) {
	resp := Process(context.Background(), events.SQSEvent{Records: []events.SQSMessage{{MessageId: "1"}}}, nil,
		func(context.Context, events.SQSMessage) error { return nil })
	// An empty list (not null) tells Lambda the whole batch succeeded.
	if resp.BatchItemFailures == nil || len(resp.BatchItemFailures) != 0 {
		t.Errorf("failures %#v, want an empty list", resp.BatchItemFailures)
	}
}
