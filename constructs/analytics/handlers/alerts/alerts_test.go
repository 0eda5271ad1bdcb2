package alerts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

type fakeStore struct {
	got []Aggregate
	err error
}

func (f *fakeStore) PutAggregate(_ context.Context, a Aggregate) error {
	if f.err != nil {
		return f.err
	}
	f.got = append(f.got, a)
	return nil
}

type fakePub struct{ msgs []string }

func (f *fakePub) Publish(_ context.Context, subject, msg string) error {
	f.msgs = append(f.msgs, subject+": "+msg)
	return nil
}

var start = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

func record(typ string) events.KinesisEventRecord {
	prod := ""
	if typ == "purchase" {
		prod = `,"product_id":"p","quantity":2,"price_cents":500`
	}
	data := fmt.Sprintf(`{"event_id":"e","event_type":%q,"session_id":"s","page":"/","timestamp":"2026-11-30T12:00:01Z"%s}`, typ, prod)
	return events.KinesisEventRecord{Kinesis: events.KinesisRecord{
		Data: []byte(data), SequenceNumber: "1",
		ApproximateArrivalTimestamp: events.SecondsEpochTime{Time: start.Add(2 * time.Second)},
	}}
}

func window(final bool, state map[string]string, recs ...events.KinesisEventRecord) events.KinesisTimeWindowEvent {
	ev := events.KinesisTimeWindowEvent{}
	ev.Records = recs
	ev.Window = events.Window{Start: events.RFC3339EpochTime{Time: start}, End: events.RFC3339EpochTime{Time: start.Add(5 * time.Minute)}}
	ev.State = state
	ev.ShardID = "shardId-000000000000"
	ev.IsFinalInvokeForWindow = final
	return ev
}

func TestWindows(t *testing.T) {
	bad := events.KinesisEventRecord{Kinesis: events.KinesisRecord{Data: []byte("garbage"), SequenceNumber: "2"}}
	cases := []struct {
		name      string
		threshold int64
		steps     [][]events.KinesisEventRecord
		wantItem  map[string]int64
		invalid   int64
		revenue   int64
		alerts    int
	}{
		{"counts across invocations", 5,
			[][]events.KinesisEventRecord{{record("page_view"), record("page_view")}, {record("purchase"), bad}, {}},
			map[string]int64{"page_view": 2, "purchase": 1}, 1, 1000, 0},
		{"threshold crossed", 2,
			[][]events.KinesisEventRecord{{record("error")}, {record("error"), record("page_view")}},
			map[string]int64{"error": 2, "page_view": 1}, 0, 0, 1},
		{"records in the final invocation count", 1,
			[][]events.KinesisEventRecord{{record("error")}},
			map[string]int64{"error": 1}, 0, 0, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st, pub := &fakeStore{}, &fakePub{}
			h := &Handler{Store: st, Publisher: pub, ErrorThreshold: tc.threshold, RetentionDays: 30}
			var state map[string]string
			for i, recs := range tc.steps {
				final := i == len(tc.steps)-1
				resp, err := h.Handle(context.Background(), window(final, state, recs...))
				if err != nil {
					t.Fatal(err)
				}
				if resp.State == nil {
					t.Fatal("no state in the response: Lambda would count the invocation as failed")
				}
				if !final && len(st.got) != 0 {
					t.Fatal("wrote before the window closed")
				}
				state = resp.State
			}
			if len(st.got) != 1 {
				t.Fatalf("%d aggregates written, want 1", len(st.got))
			}
			a := st.got[0]
			if fmt.Sprint(a.Counts) != fmt.Sprint(tc.wantItem) || a.Invalid != tc.invalid || a.RevenueCents != tc.revenue {
				t.Errorf("aggregate %+v", a)
			}
			if a.WindowStart != "2026-11-30T12:00:00Z" || a.ShardID == "" || a.ExpiresAt != start.Add(5*time.Minute+30*24*time.Hour).Unix() {
				t.Errorf("key or TTL: %+v", a)
			}
			if len(pub.msgs) != tc.alerts {
				t.Errorf("%d alerts, want %d: %v", len(pub.msgs), tc.alerts, pub.msgs)
			}
		})
	}
}

func TestFinalWriteFailureFailsInvocation(t *testing.T) {
	h := &Handler{Store: &fakeStore{err: errors.New("throttled")}, Publisher: &fakePub{}, ErrorThreshold: 1}
	if _, err := h.Handle(context.Background(), window(true, map[string]string{"page_view": "3"})); err == nil || !strings.Contains(err.Error(), "throttled") {
		t.Fatalf("got %v, want the write error (Lambda retries the final invocation)", err)
	}
}

func TestResponseShape(t *testing.T) {
	h := &Handler{Store: &fakeStore{}, Publisher: &fakePub{}, ErrorThreshold: 1}
	resp, _ := h.Handle(context.Background(), window(false, nil, record("page_view")))
	b, _ := json.Marshal(resp)
	if string(b) != `{"state":{"page_view":"1"},"batchItemFailures":[]}` {
		t.Fatalf("response %s", b)
	}
}
