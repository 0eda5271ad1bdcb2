package orders

import (
	"errors"
	"strings"
	"testing"
	"time"
)

const validBody = `{"customer_id":"c-42","email":"ana@example.com","currency":"USD","items":[{"sku":"SKU-1","quantity":2,"unit_price_cents":1250},{"sku":"SKU-2","quantity":1,"unit_price_cents":99}]}`

func TestParseCreateRequestAccepts(t *testing.T) {
	req, err := ParseCreateRequest([]byte(validBody))
	if err != nil {
		t.Fatal(err)
	}
	if got := req.TotalCents(); got != 2599 {
		t.Errorf("TotalCents = %d, want 2599", got)
	}
}

func TestParseCreateRequestRejects(t *testing.T) {
	tests := []struct {
		name, body, field, msg string
	}{
		{"empty", ``, "", "request body is empty"},
		{"not JSON", `{"customer_id":`, "", "not valid JSON"},
		{"two values", validBody + `{}`, "", "more than one JSON value"},
		{"unknown field", `{"customer_id":"c","coupon":"FREE"}`, "coupon", "unknown field"},
		{"wrong type", `{"customer_id":"c","email":"a@b.co","currency":"USD","items":[{"sku":"s","quantity":"two"}]}`, "items.quantity", "must be a whole number, not a JSON string"},
		{"missing customer", `{"email":"a@b.co","currency":"USD","items":[{"sku":"s","quantity":1}]}`, "customer_id", "is required"},
		{"bad customer", `{"customer_id":"c 1","email":"a@b.co","currency":"USD","items":[{"sku":"s","quantity":1}]}`, "customer_id", "use letters, digits"},
		{"long customer", `{"customer_id":"` + strings.Repeat("c", 65) + `","email":"a@b.co","currency":"USD","items":[]}`, "customer_id", "longer than 64"},
		{"missing email", `{"customer_id":"c","currency":"USD","items":[{"sku":"s","quantity":1}]}`, "email", "is required"},
		{"bad email", `{"customer_id":"c","email":"Ana <a@b.co>","currency":"USD","items":[{"sku":"s","quantity":1}]}`, "email", "not an email address"},
		{"bad currency", `{"customer_id":"c","email":"a@b.co","currency":"usd","items":[{"sku":"s","quantity":1}]}`, "currency", `"usd" is not supported; use one of AUD, CAD`},
		{"no items", `{"customer_id":"c","email":"a@b.co","currency":"USD","items":[]}`, "items", "at least one item"},
		{"zero quantity", `{"customer_id":"c","email":"a@b.co","currency":"USD","items":[{"sku":"s","quantity":0}]}`, "items[0].quantity", "0: must be between 1 and 1000"},
		{"negative price", `{"customer_id":"c","email":"a@b.co","currency":"USD","items":[{"sku":"s","quantity":1,"unit_price_cents":-1}]}`, "items[0].unit_price_cents", "must be between 0 and"},
		{"duplicate sku", `{"customer_id":"c","email":"a@b.co","currency":"USD","items":[{"sku":"s","quantity":1},{"sku":"s","quantity":2}]}`, "items[1].sku", "already items[0]"},
		{"too large", `{"customer_id":"` + strings.Repeat(" ", MaxBodyBytes) + `"}`, "", "the limit is 8192"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseCreateRequest([]byte(tt.body))
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is not a *FieldError", err)
			}
			if fe.Field != tt.field || !strings.Contains(fe.Msg, tt.msg) {
				t.Errorf("got field %q msg %q, want field %q msg containing %q", fe.Field, fe.Msg, tt.field, tt.msg)
			}
		})
	}
}

func TestTooManyItems(t *testing.T) {
	req := CreateRequest{CustomerID: "c", Email: "a@b.co", Currency: "EUR"}
	for i := range MaxItems + 1 {
		req.Items = append(req.Items, Item{SKU: "s" + string(rune('a'+i%26)) + strings.Repeat("x", i/26), Quantity: 1})
	}
	err := req.Validate()
	if err == nil || !strings.Contains(err.Error(), "items: lists 51 items; the limit is 50") {
		t.Errorf("Validate = %v", err)
	}
}

func TestIDFor(t *testing.T) {
	a, _ := IDFor("c-1", "key-1")
	b, _ := IDFor("c-1", "key-1")
	c, _ := IDFor("c-2", "key-1")
	d, _ := IDFor("c-1", "key-2")
	r1, _ := IDFor("c-1", "")
	r2, _ := IDFor("c-1", "")
	if a != b {
		t.Error("the same key gave two ids")
	}
	if a == c || a == d {
		t.Error("different customers or keys gave the same id")
	}
	if r1 == r2 {
		t.Error("random ids repeat")
	}
	for _, id := range []string{a, c, d, r1, r2} {
		if !ValidID(id) {
			t.Errorf("IDFor gave %q, which ValidID rejects", id)
		}
	}
	for _, id := range []string{"", "ABC", strings.Repeat("a", 31), "../etc/passwd"} {
		if ValidID(id) {
			t.Errorf("ValidID(%q) = true", id)
		}
	}
}

func TestCheckIdempotencyKey(t *testing.T) {
	for key, ok := range map[string]bool{
		"8f14e45f-ceea-467f-a0e6-7d3f9e1c2b10": true,
		"retry:1":                              true,
		"has space":                            false,
		"":                                     false,
		strings.Repeat("k", 129):               false,
	} {
		if err := CheckIdempotencyKey(key); (err == nil) != ok {
			t.Errorf("CheckIdempotencyKey(%q) = %v", key, err)
		}
	}
}

func TestRequestHash(t *testing.T) {
	r1, _ := ParseCreateRequest([]byte(validBody))
	// The same request with other white space and key order.
	r2, _ := ParseCreateRequest([]byte(`{ "items":[{"sku":"SKU-1","unit_price_cents":1250,"quantity":2},{"sku":"SKU-2","quantity":1,"unit_price_cents":99}], "currency":"USD","email":"ana@example.com","customer_id":"c-42" }`))
	if RequestHash(r1) != RequestHash(r2) {
		t.Error("equal requests hash differently")
	}
	r2.Items[0].Quantity = 3
	if RequestHash(r1) == RequestHash(r2) {
		t.Error("different requests hash the same")
	}
}

func TestOrderStatus(t *testing.T) {
	req, _ := ParseCreateRequest([]byte(validBody))
	o := New("0123456789abcdef0123456789abcdef", req, "h", time.Date(2025, 1, 2, 3, 4, 5, 6789, time.UTC))
	if o.Status() != StatusPending || o.TotalCents != 2599 || !o.CreatedAt.Equal(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("New = %+v", o)
	}
	o.Payment = StepPayment.Done()
	if o.Status() != StatusPending {
		t.Error("paid but not reserved is confirmed")
	}
	o.Inventory = StepInventory.Done()
	if o.Status() != StatusConfirmed {
		t.Error("paid and reserved is not confirmed")
	}
}

func TestEventRoundTrip(t *testing.T) {
	req, _ := ParseCreateRequest([]byte(validBody))
	o := New("0123456789abcdef0123456789abcdef", req, "h", time.Now())
	js, err := Event{Type: EventCreated, Order: o}.JSON()
	if err != nil {
		t.Fatal(err)
	}
	e, err := ParseEvent(js)
	if err != nil {
		t.Fatal(err)
	}
	if e.Order.ID != o.ID || e.Order.Email != o.Email || len(e.Order.Items) != 2 {
		t.Errorf("round trip lost data: %+v", e.Order)
	}
	if strings.Contains(js, "RequestHash") || strings.Contains(js, `"h"`) {
		t.Error("the event carries the request hash")
	}
	for body, want := range map[string]string{
		`nope`:                     "not valid JSON",
		`{"type":"order.deleted"}`: `event type "order.deleted"`,
		`{"type":"order.created","order":{"id":"x"}}`: "is not an order id",
	} {
		if _, err := ParseEvent(body); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseEvent(%s) = %v, want %q", body, err, want)
		}
	}
}

func TestFormatMoney(t *testing.T) {
	tests := []struct {
		minor    int64
		currency string
		want     string
	}{
		{123456, "USD", "1234.56 USD"},
		{5, "EUR", "0.05 EUR"},
		{0, "GBP", "0.00 GBP"},
		{-250, "CAD", "-2.50 CAD"},
		{1500, "JPY", "1500 JPY"},
	}
	for _, tt := range tests {
		if got := FormatMoney(tt.minor, tt.currency); got != tt.want {
			t.Errorf("FormatMoney(%d, %s) = %q, want %q", tt.minor, tt.currency, got, tt.want)
		}
	}
}
