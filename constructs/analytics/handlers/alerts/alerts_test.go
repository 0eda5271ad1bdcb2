package alerts

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// fakeDynamoDB applies the update expressions Table sends (SET a = :v,
// ADD on numbers and string sets, REMOVE) and the conditions
// "NOT contains(#s, :v)" and "attribute_not_exists(#a)" to items in
// memory, as DynamoDB would.
type fakeDynamoDB struct {
	items map[string]map[string]types.AttributeValue
	calls int
	err   error
}

func (f *fakeDynamoDB) UpdateItem(_ context.Context, in *dynamodb.UpdateItemInput, _ ...func(*dynamodb.Options)) (*dynamodb.UpdateItemOutput, error) {
	f.calls++
	if f.err != nil {
		return nil, f.err
	}
	if f.items == nil {
		f.items = map[string]map[string]types.AttributeValue{}
	}
	k := in.Key[HashKey].(*types.AttributeValueMemberS).Value + "|" + in.Key[RangeKey].(*types.AttributeValueMemberS).Value
	item := f.items[k]
	if item == nil {
		item = map[string]types.AttributeValue{}
		for a, v := range in.Key {
			item[a] = v
		}
	}
	name := func(s string) string { return in.ExpressionAttributeNames[strings.TrimSpace(s)] }
	val := func(s string) types.AttributeValue { return in.ExpressionAttributeValues[strings.TrimSpace(s)] }
	if in.ConditionExpression != nil {
		ok := true
		c := *in.ConditionExpression
		switch {
		case strings.HasPrefix(c, "NOT contains("):
			args := strings.Split(strings.TrimSuffix(strings.TrimPrefix(c, "NOT contains("), ")"), ",")
			set, _ := item[name(args[0])].(*types.AttributeValueMemberSS)
			ok = set == nil || !slices.Contains(set.Value, val(args[1]).(*types.AttributeValueMemberS).Value)
		case strings.HasPrefix(c, "attribute_not_exists("):
			_, has := item[name(strings.TrimSuffix(strings.TrimPrefix(c, "attribute_not_exists("), ")"))]
			ok = !has
		default:
			return nil, fmt.Errorf("fake: condition %q", c)
		}
		if !ok {
			e := &types.ConditionalCheckFailedException{}
			if in.ReturnValuesOnConditionCheckFailure == types.ReturnValuesOnConditionCheckFailureAllOld {
				e.Item = item
			}
			return nil, e
		}
	}
	updated := map[string]types.AttributeValue{}
	clauses := strings.Fields(*in.UpdateExpression)
	expr := strings.Join(clauses, " ")
	for _, part := range splitClauses(expr) {
		verb, body, _ := strings.Cut(part, " ")
		for _, action := range strings.Split(body, ",") {
			action = strings.TrimSpace(action)
			switch verb {
			case "SET":
				a, v, _ := strings.Cut(action, "=")
				item[name(a)], updated[name(a)] = val(v), val(v)
			case "REMOVE":
				delete(item, name(action))
			case "ADD":
				a, v, _ := strings.Cut(action, " ")
				switch x := val(v).(type) {
				case *types.AttributeValueMemberN:
					old, _ := item[name(a)].(*types.AttributeValueMemberN)
					sum, _ := strconv.ParseInt(x.Value, 10, 64)
					if old != nil {
						o, _ := strconv.ParseInt(old.Value, 10, 64)
						sum += o
					}
					item[name(a)] = &types.AttributeValueMemberN{Value: strconv.FormatInt(sum, 10)}
				case *types.AttributeValueMemberSS:
					old, _ := item[name(a)].(*types.AttributeValueMemberSS)
					set := append([]string(nil), x.Value...)
					if old != nil {
						set = append(set, old.Value...)
					}
					item[name(a)] = &types.AttributeValueMemberSS{Value: set}
				}
				updated[name(a)] = item[name(a)]
			}
		}
	}
	f.items[k] = item
	out := &dynamodb.UpdateItemOutput{}
	if in.ReturnValues == types.ReturnValueUpdatedNew {
		out.Attributes = updated
	}
	return out, nil
}

func splitClauses(expr string) []string {
	var out []string
	words := strings.Split(expr, " ")
	for _, w := range words {
		if w == "SET" || w == "ADD" || w == "REMOVE" {
			out = append(out, w)
			continue
		}
		out[len(out)-1] += " " + w
	}
	return out
}

type fakePub struct {
	msgs []string
	err  error
}

func (f *fakePub) Publish(_ context.Context, subject, msg string) error {
	if f.err != nil {
		return f.err
	}
	f.msgs = append(f.msgs, subject+": "+msg)
	return nil
}

var start = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

var seq int

func record(typ string) events.KinesisEventRecord {
	prod := ""
	if typ == "purchase" {
		prod = `,"product_id":"p","quantity":2,"price_cents":500`
	}
	seq++
	data := fmt.Sprintf(`{"event_id":"e","event_type":%q,"session_id":"s","page":"/","timestamp":"2026-11-30T12:00:01Z"%s}`, typ, prod)
	return events.KinesisEventRecord{Kinesis: events.KinesisRecord{
		Data: []byte(data), SequenceNumber: strconv.Itoa(seq),
		ApproximateArrivalTimestamp: events.SecondsEpochTime{Time: start.Add(2 * time.Second)},
	}}
}

func errorsN(n int) []events.KinesisEventRecord {
	var out []events.KinesisEventRecord
	for range n {
		out = append(out, record("error"))
	}
	return out
}

func window(shard string, final bool, state map[string]string, recs ...events.KinesisEventRecord) events.KinesisTimeWindowEvent {
	ev := events.KinesisTimeWindowEvent{}
	ev.Records = recs
	ev.Window = events.Window{Start: events.RFC3339EpochTime{Time: start}, End: events.RFC3339EpochTime{Time: start.Add(5 * time.Minute)}}
	ev.State = state
	ev.ShardID = shard
	ev.IsFinalInvokeForWindow = final
	return ev
}

// run feeds one shard's invocations of the window (the last one final)
// and returns the final state.
func run(t *testing.T, h *Handler, shard string, steps ...[]events.KinesisEventRecord) map[string]string {
	t.Helper()
	var state map[string]string
	for i, recs := range steps {
		resp, err := h.Handle(context.Background(), window(shard, i == len(steps)-1, state, recs...))
		if err != nil {
			t.Fatal(err)
		}
		if resp.State == nil {
			t.Fatal("no state in the response: Lambda would count the invocation as failed")
		}
		state = resp.State
	}
	return state
}

func windowItem(t *testing.T, db *fakeDynamoDB) Totals {
	t.Helper()
	it := db.items["2026-11-30T12:00:00Z|"+WindowItem]
	if it == nil {
		t.Fatalf("no window item: %v", db.items)
	}
	if len(db.items) != 1 {
		t.Errorf("%d items, want the one window item", len(db.items))
	}
	if ttl := it[TTLAttribute].(*types.AttributeValueMemberN).Value; ttl != strconv.FormatInt(start.Add(5*time.Minute+30*24*time.Hour).Unix(), 10) {
		t.Errorf("TTL %s", ttl)
	}
	return totals(it)
}

func TestWindowTotals(t *testing.T) {
	db, pub := &fakeDynamoDB{}, &fakePub{}
	h := &Handler{Store: Table{Client: db, Name: "t"}, Publisher: pub, ErrorThreshold: 5, RetentionDays: 30}
	bad := events.KinesisEventRecord{Kinesis: events.KinesisRecord{Data: []byte("garbage"), SequenceNumber: "x"}}
	run(t, h, "shardId-0", []events.KinesisEventRecord{record("page_view"), record("page_view")}, []events.KinesisEventRecord{record("purchase"), bad}, nil)
	run(t, h, "shardId-1", []events.KinesisEventRecord{record("page_view")})
	got := windowItem(t, db)
	if got.Counts["page_view"] != 3 || got.Counts["purchase"] != 1 || got.Invalid != 1 || got.RevenueCents != 1000 {
		t.Errorf("totals %+v", got)
	}
	if len(pub.msgs) != 0 {
		t.Errorf("alerts %v", pub.msgs)
	}
}

// TestThresholdOverShards is the reviewer's case: two shards each below
// the threshold, together at or above it, raise exactly one alert; a
// redelivered final invocation neither counts again nor alerts again; a
// third shard after the crossing does not alert again.
func TestThresholdOverShards(t *testing.T) {
	db, pub := &fakeDynamoDB{}, &fakePub{}
	h := &Handler{Store: Table{Client: db, Name: "t"}, Publisher: pub, ErrorThreshold: 4, RetentionDays: 30}
	run(t, h, "shardId-0", errorsN(2), errorsN(1))
	if len(pub.msgs) != 0 {
		t.Fatalf("alert after 3 of 4: %v", pub.msgs)
	}
	// Shard 1: its final invocation is delivered twice (Lambda retries
	// with the same batch and state).
	state := run(t, h, "shardId-1", errorsN(1))
	final := window("shardId-1", true, nil, errorsN(1)...)
	final.Records[0].Kinesis.SequenceNumber = state[SegmentKey]
	if _, err := h.Handle(context.Background(), final); err != nil {
		t.Fatal(err)
	}
	run(t, h, "shardId-2", errorsN(3))
	if got := windowItem(t, db).Counts["error"]; got != 7 {
		t.Errorf("window errors %d, want 7 (3 + 1 + 3, the repeat not counted)", got)
	}
	if len(pub.msgs) != 1 || !strings.Contains(pub.msgs[0], "4 client error events") {
		t.Errorf("alerts %v, want one at 4", pub.msgs)
	}
}

// TestEarlyTermination: a window Lambda ends early continues with fresh
// state; both segments add up (the old per-shard item was overwritten).
func TestEarlyTermination(t *testing.T) {
	db := &fakeDynamoDB{}
	h := &Handler{Store: Table{Client: db, Name: "t"}, Publisher: &fakePub{}, ErrorThreshold: 100, RetentionDays: 30}
	run(t, h, "shardId-0", []events.KinesisEventRecord{record("page_view"), record("page_view")})
	run(t, h, "shardId-0", []events.KinesisEventRecord{record("page_view")})
	if got := windowItem(t, db).Counts["page_view"]; got != 3 {
		t.Errorf("page views %d, want 3", got)
	}
}

// TestPublishFailureRetries: a failed publish fails the invocation and
// releases the claim; the retry (whose contribution is already added)
// publishes once.
func TestPublishFailureRetries(t *testing.T) {
	db, pub := &fakeDynamoDB{}, &fakePub{err: errors.New("sns down")}
	h := &Handler{Store: Table{Client: db, Name: "t"}, Publisher: pub, ErrorThreshold: 1, RetentionDays: 30}
	ev := window("shardId-0", true, nil, errorsN(1)...)
	if _, err := h.Handle(context.Background(), ev); err == nil || !strings.Contains(err.Error(), "sns down") {
		t.Fatalf("got %v, want the publish error", err)
	}
	pub.err = nil
	if _, err := h.Handle(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	if len(pub.msgs) != 1 || windowItem(t, db).Counts["error"] != 1 {
		t.Fatalf("alerts %v, item %+v", pub.msgs, windowItem(t, db))
	}
}

func TestNoWriteBeforeTheEnd(t *testing.T) {
	db := &fakeDynamoDB{}
	h := &Handler{Store: Table{Client: db, Name: "t"}, Publisher: &fakePub{}, ErrorThreshold: 1}
	if _, err := h.Handle(context.Background(), window("s", false, nil, errorsN(3)...)); err != nil || db.calls != 0 {
		t.Fatalf("err %v, %d writes before the window closed", err, db.calls)
	}
	if _, err := h.Handle(context.Background(), window("s", true, nil)); err != nil || db.calls != 0 {
		t.Fatalf("err %v, %d writes for a window without records", err, db.calls)
	}
}

func TestFinalWriteFailureFailsInvocation(t *testing.T) {
	h := &Handler{Store: Table{Client: &fakeDynamoDB{err: errors.New("throttled")}, Name: "t"}, Publisher: &fakePub{}, ErrorThreshold: 1}
	if _, err := h.Handle(context.Background(), window("s", true, map[string]string{"page_view": "3", SegmentKey: "1"})); err == nil || !strings.Contains(err.Error(), "throttled") {
		t.Fatalf("got %v, want the write error (Lambda retries the final invocation)", err)
	}
}

func TestResponseShape(t *testing.T) {
	h := &Handler{Store: Table{Client: &fakeDynamoDB{}}, Publisher: &fakePub{}, ErrorThreshold: 1}
	r := record("page_view")
	resp, _ := h.Handle(context.Background(), window("s", false, nil, r))
	b, _ := json.Marshal(resp)
	if want := `{"state":{"page_view":"1","segment_first_sequence":"` + r.Kinesis.SequenceNumber + `"},"batchItemFailures":[]}`; string(b) != want {
		t.Fatalf("response %s, want %s", b, want)
	}
}
