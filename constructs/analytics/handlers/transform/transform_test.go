package transform

import (
	"context"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"

	"github.com/acme/landing-zone/constructs/analytics/clickstream"
)

var arrival = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

const goodEvent = `{"event_id":"e-1","event_type":"page_view","session_id":"s-1","page":"/","user_agent":"Mozilla/5.0 (Windows NT 10.0)","timestamp":"2026-11-30T11:59:59Z"}`

func batch(datas ...string) events.KinesisFirehoseEvent {
	ev := events.KinesisFirehoseEvent{InvocationID: "i"}
	for i, d := range datas {
		ev.Records = append(ev.Records, events.KinesisFirehoseEventRecord{
			RecordID: string(rune('a' + i)), Data: []byte(d),
			KinesisFirehoseRecordMetadata: events.KinesisFirehoseRecordMetadata{ApproximateArrivalTimestamp: events.MilliSecondsEpochTime{Time: arrival}},
		})
	}
	return ev
}

func TestHandle(t *testing.T) {
	cases := []struct {
		name string
		in   []string
		want []string
	}{
		{"good batch", []string{goodEvent, strings.Replace(goodEvent, "e-1", "e-2", 1)}, []string{Ok, Ok}},
		{"bad batch", []string{`not json`, `{"event_id":"e"}`}, []string{ProcessingFailed, ProcessingFailed}},
		{"mixed batch", []string{goodEvent, `{"event_id":"e-3","event_type":"purchase","session_id":"s","page":"/","timestamp":"2026-11-30T11:00:00Z"}`, goodEvent}, []string{Ok, ProcessingFailed, Ok}},
		{"unknown field", []string{strings.Replace(goodEvent, `"page":"/"`, `"page":"/","extra":1`, 1)}, []string{ProcessingFailed}},
		{"empty batch", nil, nil},
	}
	h := &Handler{}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := batch(tc.in...)
			resp, err := h.Handle(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			if len(resp.Records) != len(in.Records) {
				t.Fatalf("%d records answered for %d: Firehose would count the missing ones as failed", len(resp.Records), len(in.Records))
			}
			for i, r := range resp.Records {
				if r.RecordID != in.Records[i].RecordID {
					t.Errorf("record %d: id %q, want %q", i, r.RecordID, in.Records[i].RecordID)
				}
				if r.Result != tc.want[i] {
					t.Errorf("record %d: %s, want %s", i, r.Result, tc.want[i])
				}
				if r.Result == events.KinesisFirehoseTransformedStateDropped {
					t.Errorf("record %d dropped", i)
				}
				if r.Result == ProcessingFailed && string(r.Data) != tc.in[i] {
					t.Errorf("record %d: a failed record must keep its original data for the error prefix, got %q", i, r.Data)
				}
				if r.Result == Ok {
					var rec clickstream.Record
					dec := json.NewDecoder(strings.NewReader(string(r.Data)))
					dec.DisallowUnknownFields()
					if err := dec.Decode(&rec); err != nil {
						t.Fatalf("record %d: output is not a Record: %v", i, err)
					}
					if rec.ReceivedTime != arrival.UnixMilli() || rec.DeviceClass != "desktop" || rec.EventDate != "2026-11-30" {
						t.Errorf("record %d not enriched: %+v", i, rec)
					}
				}
			}
		})
	}
}

// TestOutputKeysAreColumns proves the JSON the transform writes has
// exactly the Glue table's columns, which Firehose's deserializer maps by
// name.
func TestOutputKeysAreColumns(t *testing.T) {
	res := Process([]byte(goodEvent), arrival)
	var m map[string]any
	if err := json.Unmarshal(res.Data, &m); err != nil {
		t.Fatal(err)
	}
	var keys, cols []string
	for _, c := range clickstream.Columns() {
		cols = append(cols, c.Name)
		if _, ok := m[c.Name]; ok {
			keys = append(keys, c.Name)
		}
	}
	if len(m) != len(cols) || !reflect.DeepEqual(keys, cols) {
		t.Fatalf("output keys %v, columns %v", m, cols)
	}
}

// TestResponseJSON checks the wire form Firehose reads: records with
// recordId, result and base64 data, and nothing else (no empty metadata
// block, which aws-lambda-go's own response type would add).
func TestResponseJSON(t *testing.T) {
	resp, _ := (&Handler{}).Handle(context.Background(), batch(goodEvent, "bad"))
	b, _ := json.Marshal(resp)
	var shape struct {
		Records []map[string]json.RawMessage `json:"records"`
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&shape); err != nil || len(shape.Records) != 2 {
		t.Fatalf("response %s: %v", b, err)
	}
	for i, r := range shape.Records {
		var keys []string
		for k := range r {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !reflect.DeepEqual(keys, []string{"data", "recordId", "result"}) {
			t.Errorf("record %d has keys %v, want data, recordId, result", i, keys)
		}
		var data string
		if err := json.Unmarshal(r["data"], &data); err != nil || strings.HasPrefix(data, "{") {
			t.Errorf("record %d: data %s must be a base64 string", i, r["data"])
		}
	}
	if !strings.Contains(string(b), `"result":"Ok"`) || !strings.Contains(string(b), `"result":"ProcessingFailed"`) {
		t.Fatalf("response %s", b)
	}
}
