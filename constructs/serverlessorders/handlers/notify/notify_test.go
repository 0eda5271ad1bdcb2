package notify

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/orders"
)

type fakeS3 struct {
	objects map[string][]byte
	err     error
}

func (f *fakeS3) PutObject(_ context.Context, in *s3.PutObjectInput, _ ...func(*s3.Options)) (*s3.PutObjectOutput, error) {
	if f.err != nil {
		return nil, f.err
	}
	b, _ := io.ReadAll(in.Body)
	f.objects[*in.Bucket+"/"+*in.Key] = b
	return &s3.PutObjectOutput{}, nil
}

type fakeSES struct{ sent []*sesv2.SendEmailInput }

func (f *fakeSES) SendEmail(_ context.Context, in *sesv2.SendEmailInput, _ ...func(*sesv2.Options)) (*sesv2.SendEmailOutput, error) {
	f.sent = append(f.sent, in)
	return &sesv2.SendEmailOutput{}, nil
}

const id = "0123456789abcdef0123456789abcdef"

func order() orders.Order {
	req := orders.CreateRequest{CustomerID: "c-1", Email: "ana@example.com", Currency: "USD",
		Items: []orders.Item{{SKU: "SKU-1", Quantity: 2, UnitPriceCents: 1250}, {SKU: "SKU-2", Quantity: 1, UnitPriceCents: 99}}}
	return orders.New(id, req, "h", time.Date(2025, 6, 7, 8, 9, 10, 0, time.UTC))
}

func snsEvent(t *testing.T, bodies ...string) events.SNSEvent {
	t.Helper()
	var ev events.SNSEvent
	for i, b := range bodies {
		ev.Records = append(ev.Records, events.SNSEventRecord{SNS: events.SNSEntity{MessageID: string(rune('a' + i)), Message: b}})
	}
	return ev
}

func eventJSON(t *testing.T, o orders.Order) string {
	js, err := orders.Event{Type: orders.EventCreated, Order: o}.JSON()
	if err != nil {
		t.Fatal(err)
	}
	return js
}

func newHandler() (*Handler, *fakeS3, *fakeSES) {
	s, m := &fakeS3{objects: map[string][]byte{}}, &fakeSES{}
	return &Handler{Objects: s, Mail: m, Bucket: "receipts", Sender: "orders@shop.example", ConfigurationSet: "cs",
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))}, s, m
}

func TestHandleWritesReceiptAndSendsEmail(t *testing.T) {
	h, s, m := newHandler()
	if err := h.Handle(context.Background(), snsEvent(t, eventJSON(t, order()))); err != nil {
		t.Fatal(err)
	}
	obj, ok := s.objects["receipts/receipts/"+id+".json"]
	if !ok {
		t.Fatalf("no receipt; objects %v", s.objects)
	}
	var r Receipt
	if err := json.Unmarshal(obj, &r); err != nil {
		t.Fatal(err)
	}
	if r.OrderID != id || r.TotalCents != 2599 || r.Total != "25.99 USD" || len(r.Lines) != 2 || r.Lines[0].AmountCents != 2500 {
		t.Errorf("receipt %+v", r)
	}
	if strings.Contains(string(obj), "ana@example.com") {
		t.Error("the receipt holds the email address")
	}
	if len(m.sent) != 1 {
		t.Fatalf("sent %d emails", len(m.sent))
	}
	in := m.sent[0]
	if *in.FromEmailAddress != "orders@shop.example" || in.Destination.ToAddresses[0] != "ana@example.com" || *in.ConfigurationSetName != "cs" {
		t.Errorf("email input %+v", in)
	}
	text := *in.Content.Simple.Body.Text.Data
	if !strings.Contains(text, "Total: 25.99 USD") || !strings.Contains(text, "2 x SKU-1") {
		t.Errorf("email text:\n%s", text)
	}

	// A retry writes the same receipt.
	before := string(obj)
	if err := h.Handle(context.Background(), snsEvent(t, eventJSON(t, order()))); err != nil {
		t.Fatal(err)
	}
	if string(s.objects["receipts/receipts/"+id+".json"]) != before {
		t.Error("the receipt changed on a retry")
	}
}

func TestHandleFailures(t *testing.T) {
	bad := order()
	bad.Email = "not an address"
	tests := []struct {
		name   string
		body   string
		s3Err  error
		want   string
		emails int
	}{
		{"not an event", "hello", nil, "not valid JSON", 0},
		{"bad recipient", "", nil, `recipient "not an address"`, 0},
		{"s3 fails", "", errors.New("access denied"), "writing s3://receipts/receipts/" + id + ".json: access denied", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, s, m := newHandler()
			s.err = tt.s3Err
			body := tt.body
			if body == "" {
				o := order()
				if tt.name == "bad recipient" {
					o = bad
				}
				body = eventJSON(t, o)
			}
			err := h.Handle(context.Background(), snsEvent(t, body))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Handle = %v, want %q", err, tt.want)
			}
			if len(m.sent) != tt.emails {
				t.Errorf("sent %d emails, want %d", len(m.sent), tt.emails)
			}
		})
	}
}
