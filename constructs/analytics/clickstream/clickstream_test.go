package clickstream

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

var now = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

func good() Event {
	return Event{
		EventID: "e-1", EventType: AddToCart, SessionID: "s-1", Page: "/products/p-9", ProductID: "p-9",
		Quantity: 2, PriceCents: 1999, UserAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148",
		Timestamp: "2026-11-30T13:59:00+02:00",
	}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(*Event)
		wants string
	}{
		{"good", func(*Event) {}, ""},
		{"missing id", func(e *Event) { e.EventID = "" }, "event_id"},
		{"unknown type", func(e *Event) { e.EventType = "click" }, "event_type"},
		{"no session", func(e *Event) { e.SessionID = "a b" }, "session_id"},
		{"no page", func(e *Event) { e.Page = "products" }, "page"},
		{"cart without product", func(e *Event) { e.ProductID = "" }, "product_id"},
		{"cart without quantity", func(e *Event) { e.Quantity = 0 }, "quantity"},
		{"negative price", func(e *Event) { e.PriceCents = -1 }, "price_cents"},
		{"bad time", func(e *Event) { e.Timestamp = "yesterday" }, "timestamp"},
		{"future", func(e *Event) { e.Timestamp = "2026-11-30T13:00:00Z" }, "future"},
		{"too old", func(e *Event) { e.Timestamp = "2026-11-01T00:00:00Z" }, "older"},
		{"page view without product", func(e *Event) { e.EventType, e.ProductID, e.Quantity = PageView, "", 0 }, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := good()
			tc.edit(&e)
			err := e.Validate(now)
			switch {
			case tc.wants == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.wants != "" && (err == nil || !strings.Contains(err.Error(), tc.wants)):
				t.Fatalf("error %v, want one about %s", err, tc.wants)
			}
		})
	}
}

func TestParseRejectsUnknownFields(t *testing.T) {
	if _, err := Parse([]byte(`{"event_id":"e","event_type":"page_view","session_id":"s","page":"/","timestamp":"2026-11-30T12:00:00Z","coupon":"X"}`), now); err == nil || !strings.Contains(err.Error(), "coupon") {
		t.Fatalf("got %v, want an unknown-field error", err)
	}
	if _, err := Parse([]byte(`{"event_id":"e","event_type":"page_view","session_id":"s","page":"/","timestamp":"2026-11-30T12:00:00Z"}{}`), now); err == nil {
		t.Fatal("trailing data accepted")
	}
}

func TestEnrich(t *testing.T) {
	r := good().Enrich(now)
	if r.EventTime != time.Date(2026, 11, 30, 11, 59, 0, 0, time.UTC).UnixMilli() || r.EventDate != "2026-11-30" {
		t.Errorf("time not normalised to UTC: %+v", r)
	}
	if r.DeviceClass != "mobile" || r.ReceivedTime != now.UnixMilli() || r.Schema != SchemaVersion {
		t.Errorf("enrichment: %+v", r)
	}
}

func TestDeviceClass(t *testing.T) {
	for ua, want := range map[string]string{
		"": "unknown",
		"Mozilla/5.0 (compatible; Googlebot/2.1)":                  "bot",
		"Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X)":            "tablet",
		"Mozilla/5.0 (Linux; Android 14; SM-X200)":                 "tablet",
		"Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari":   "mobile",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0.0": "desktop",
	} {
		if got := DeviceClass(ua); got != want {
			t.Errorf("DeviceClass(%q) = %s, want %s", ua, got, want)
		}
	}
}

// derived are the Event fields the transform replaces with enriched
// columns instead of copying.
var derived = map[string][]string{
	"timestamp":  {"event_time", "event_date"},
	"user_agent": {"device_class"},
}

// TestSchemaAgreement is the schema test: every field a producer sends
// reaches a column (copied or derived), every column is written by Enrich,
// and every glue type fits its Go type.
func TestSchemaAgreement(t *testing.T) {
	if err := CheckColumns(); err != nil {
		t.Fatal(err)
	}
	cols := map[string]bool{}
	for _, c := range Columns() {
		cols[c.Name] = true
		if c.Comment == "" {
			t.Errorf("column %s has no comment", c.Name)
		}
	}
	et := reflect.TypeFor[Event]()
	for i := range et.NumField() {
		name, _, _ := strings.Cut(et.Field(i).Tag.Get("json"), ",")
		targets, ok := derived[name]
		if !ok {
			targets = []string{name}
		}
		for _, c := range targets {
			if !cols[c] {
				t.Errorf("event field %s has no column %s: the lake would lose it", name, c)
			}
		}
	}
	// Enrich must set every column: a column Enrich never fills is a
	// column the table promises and the lake never holds.
	full := Event{EventID: "e", EventType: Purchase, SessionID: "s", UserID: "u", Page: "/p", ProductID: "p",
		Quantity: 1, PriceCents: 1, Referrer: "https://r.example", UserAgent: "curl/8", Timestamp: "2026-11-30T12:00:00Z"}
	rv := reflect.ValueOf(full.Enrich(now))
	for i := range rv.NumField() {
		if rv.Field(i).IsZero() {
			t.Errorf("Enrich leaves Record.%s empty", rv.Type().Field(i).Name)
		}
	}
}
