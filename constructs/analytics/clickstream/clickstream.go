// Package clickstream is the one definition of the clickstream event: what
// producers put on the Kinesis stream (Event), what the transform writes to
// the data lake (Record), and the Glue table columns, which are derived from
// Record by reflection, so that the table, the transform's validation and
// the tests cannot drift apart.
//
// It is plain Go with no AWS dependency, used by the Lambda handlers and by
// the construct that builds the Glue table.
package clickstream

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"time"
)

// SchemaVersion is written into every record; raise it with any change to
// Record that readers must know about.
const SchemaVersion = 1

// PartitionColumn is the table's partition key, from the delivery prefix
// dt=yyyy-MM-dd: the UTC date at which the oldest record of the S3 object
// reached Firehose (Firehose Developer Guide, "Custom prefixes for Amazon
// S3 objects", timestamp namespace), not each record's own arrival date.
const PartitionColumn = "dt"

// Event types.
const (
	PageView      = "page_view"
	ProductView   = "product_view"
	AddToCart     = "add_to_cart"
	CheckoutStart = "checkout_start"
	Purchase      = "purchase"
	ClientError   = "error"
)

// EventTypes are the accepted event types, in funnel order (error last).
var EventTypes = []string{PageView, ProductView, AddToCart, CheckoutStart, Purchase, ClientError}

// needsProduct are the event types that name a product.
var needsProduct = map[string]bool{ProductView: true, AddToCart: true, Purchase: true}

// Event is one clickstream event as a producer sends it, as JSON, in a
// Kinesis record.
type Event struct {
	// EventID identifies the event (a UUID, say): 1-64 characters of
	// letters, digits, '-' and '_'. Required.
	EventID string `json:"event_id"`
	// EventType is one of EventTypes. Required.
	EventType string `json:"event_type"`
	// SessionID groups a visitor's events. Required, like EventID.
	SessionID string `json:"session_id"`
	// UserID is the signed-in user, when there is one.
	UserID string `json:"user_id,omitempty"`
	// Page is the path of the page, starting with '/'. Required.
	Page string `json:"page"`
	// ProductID is required for product_view, add_to_cart and purchase.
	ProductID string `json:"product_id,omitempty"`
	// Quantity is the number of items (add_to_cart, purchase), 0-1000.
	Quantity int `json:"quantity,omitempty"`
	// PriceCents is the unit price in cents (add_to_cart, purchase).
	PriceCents int64 `json:"price_cents,omitempty"`
	// Referrer is the referring URL, if any.
	Referrer string `json:"referrer,omitempty"`
	// UserAgent is the browser's User-Agent header.
	UserAgent string `json:"user_agent,omitempty"`
	// Timestamp is when the event happened, RFC 3339. Required; at most
	// MaxClockSkew in the future and MaxEventAge in the past.
	Timestamp string `json:"timestamp"`
}

// Record is what the lake stores for one valid event: the event's fields,
// normalised and enriched. Its `json` tags are the Glue column names and
// its `glue` tags the column types; Columns derives the table from it.
type Record struct {
	EventID     string `json:"event_id" glue:"string"`
	EventType   string `json:"event_type" glue:"string"`
	SessionID   string `json:"session_id" glue:"string"`
	UserID      string `json:"user_id" glue:"string"`
	Page        string `json:"page" glue:"string"`
	ProductID   string `json:"product_id" glue:"string"`
	Quantity    int32  `json:"quantity" glue:"int"`
	PriceCents  int64  `json:"price_cents" glue:"bigint"`
	Referrer    string `json:"referrer" glue:"string"`
	DeviceClass string `json:"device_class" glue:"string"`
	// EventTime and ReceivedTime are epoch milliseconds, which Firehose's
	// Hive JSON deserializer reads as timestamps with the "millis" format.
	EventTime    int64  `json:"event_time" glue:"timestamp"`
	ReceivedTime int64  `json:"received_time" glue:"timestamp"`
	EventDate    string `json:"event_date" glue:"string"`
	Schema       int32  `json:"schema_version" glue:"int"`
}

// Column is one Glue column.
type Column struct {
	Name, Type, Comment string
}

// goToGlue are the Go kinds a glue tag may describe, so that a mistyped
// field fails the schema test rather than the conversion.
var goToGlue = map[reflect.Kind]string{
	reflect.String: "string",
	reflect.Int32:  "int",
	reflect.Int64:  "bigint|timestamp",
	reflect.Bool:   "boolean",
}

// Columns are the Glue table's columns, in Record's field order.
func Columns() []Column {
	t := reflect.TypeFor[Record]()
	out := make([]Column, 0, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		out = append(out, Column{Name: name, Type: f.Tag.Get("glue"), Comment: columnComments[name]})
	}
	return out
}

// CheckColumns reports a Record field whose glue type does not fit its Go
// type, or that lacks a tag.
func CheckColumns() error {
	t := reflect.TypeFor[Record]()
	var errs []error
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		typ := f.Tag.Get("glue")
		allowed, ok := goToGlue[f.Type.Kind()]
		switch {
		case name == "" || name == "-":
			errs = append(errs, fmt.Errorf("Record.%s has no json name", f.Name))
		case !ok || !contains(strings.Split(allowed, "|"), typ):
			errs = append(errs, fmt.Errorf("Record.%s: glue type %q does not fit Go type %s", f.Name, typ, f.Type))
		case name == PartitionColumn:
			errs = append(errs, fmt.Errorf("Record.%s: %q is the partition column", f.Name, name))
		}
	}
	return errors.Join(errs...)
}

var columnComments = map[string]string{
	"event_id":       "producer's event id",
	"event_type":     "one of " + strings.Join(EventTypes, ", "),
	"session_id":     "visitor session",
	"user_id":        "signed-in user, empty for anonymous visitors",
	"page":           "page path",
	"product_id":     "product, for product_view, add_to_cart, purchase",
	"quantity":       "items, for add_to_cart and purchase",
	"price_cents":    "unit price in cents",
	"referrer":       "referring URL",
	"device_class":   "desktop, mobile, tablet, bot or unknown, from the user agent",
	"event_time":     "when the event happened (UTC)",
	"received_time":  "when the stream received the event (UTC)",
	"event_date":     "event_time's UTC date, yyyy-MM-dd",
	"schema_version": "version of this schema",
}

// Limits of validation.
const (
	MaxClockSkew  = 5 * time.Minute
	MaxEventAge   = 7 * 24 * time.Hour
	maxQuantity   = 1000
	maxTextLength = 2048
)

var idRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// Parse decodes one event strictly (unknown fields are an error: a
// producer sending fields the table does not have is schema drift) and
// validates it. now is the time the stream received it.
func Parse(data []byte, now time.Time) (Event, error) {
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	var e Event
	if err := dec.Decode(&e); err != nil {
		return Event{}, fmt.Errorf("not a clickstream event: %w", err)
	}
	if dec.More() {
		return Event{}, errors.New("not a clickstream event: trailing data after the JSON object")
	}
	return e, e.Validate(now)
}

// Validate returns every problem of e, joined, or nil.
func (e Event) Validate(now time.Time) error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if !idRE.MatchString(e.EventID) {
		bad("event_id %q: 1-64 letters, digits, '-' or '_'", e.EventID)
	}
	if !contains(EventTypes, e.EventType) {
		bad("event_type %q: must be one of %s", e.EventType, strings.Join(EventTypes, ", "))
	}
	if !idRE.MatchString(e.SessionID) {
		bad("session_id %q: 1-64 letters, digits, '-' or '_'", e.SessionID)
	}
	if e.UserID != "" && !idRE.MatchString(e.UserID) {
		bad("user_id %q: 1-64 letters, digits, '-' or '_'", e.UserID)
	}
	if !strings.HasPrefix(e.Page, "/") || len(e.Page) > maxTextLength {
		bad("page %q: a path starting with '/', at most %d characters", e.Page, maxTextLength)
	}
	switch {
	case needsProduct[e.EventType] && !idRE.MatchString(e.ProductID):
		bad("product_id %q: required for %s, 1-64 letters, digits, '-' or '_'", e.ProductID, e.EventType)
	case !needsProduct[e.EventType] && e.ProductID != "" && !idRE.MatchString(e.ProductID):
		bad("product_id %q: 1-64 letters, digits, '-' or '_'", e.ProductID)
	}
	if e.Quantity < 0 || e.Quantity > maxQuantity {
		bad("quantity %d: must be 0-%d", e.Quantity, maxQuantity)
	}
	if e.PriceCents < 0 {
		bad("price_cents %d: must not be negative", e.PriceCents)
	}
	if (e.EventType == AddToCart || e.EventType == Purchase) && e.Quantity < 1 {
		bad("quantity %d: %s needs at least 1", e.Quantity, e.EventType)
	}
	if len(e.Referrer) > maxTextLength || len(e.UserAgent) > maxTextLength {
		bad("referrer or user_agent: at most %d characters", maxTextLength)
	}
	ts, err := time.Parse(time.RFC3339Nano, e.Timestamp)
	switch {
	case err != nil:
		bad("timestamp %q: not RFC 3339", e.Timestamp)
	case ts.After(now.Add(MaxClockSkew)):
		bad("timestamp %q: more than %s in the future", e.Timestamp, MaxClockSkew)
	case ts.Before(now.Add(-MaxEventAge)):
		bad("timestamp %q: older than %s", e.Timestamp, MaxEventAge)
	}
	return errors.Join(errs...)
}

// Enrich turns a valid event into the lake's record: times normalised to
// UTC epoch milliseconds, the event's UTC date, and the device class from
// the user agent. received is when the stream received the event.
func (e Event) Enrich(received time.Time) Record {
	ts, _ := time.Parse(time.RFC3339Nano, e.Timestamp)
	ts = ts.UTC()
	return Record{
		EventID: e.EventID, EventType: e.EventType, SessionID: e.SessionID, UserID: e.UserID,
		Page: e.Page, ProductID: e.ProductID, Quantity: int32(e.Quantity), PriceCents: e.PriceCents,
		Referrer:     e.Referrer,
		DeviceClass:  DeviceClass(e.UserAgent),
		EventTime:    ts.UnixMilli(),
		ReceivedTime: received.UTC().UnixMilli(),
		EventDate:    ts.Format(time.DateOnly),
		Schema:       SchemaVersion,
	}
}

// DeviceClass classifies a User-Agent header: bot, tablet, mobile, desktop
// or unknown (empty). It is a coarse heuristic, enough for dashboards.
func DeviceClass(ua string) string {
	l := strings.ToLower(ua)
	switch {
	case l == "":
		return "unknown"
	case containsAny(l, "bot", "crawler", "spider", "headless", "curl/", "python-requests"):
		return "bot"
	case containsAny(l, "ipad", "tablet") || (strings.Contains(l, "android") && !strings.Contains(l, "mobile")):
		return "tablet"
	case containsAny(l, "mobile", "iphone", "ipod", "android"):
		return "mobile"
	default:
		return "desktop"
	}
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
