package orders

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"regexp"
	"strings"
)

// Limits of a create request. The API's JSON schema is derived from them,
// so that API Gateway and the function agree on what is valid.
const (
	// MaxBodyBytes bounds a request body. AWS WAF's common rule set blocks
	// bodies over 8 KB anyway (SizeRestrictions_BODY).
	MaxBodyBytes = 8 * 1024
	MaxItems     = 50
	MaxQuantity  = 1000
	// MaxUnitPriceCents is one million in the currency's main unit.
	MaxUnitPriceCents = 100_000_000
	MaxIDLength       = 64
	MaxEmailLength    = 254
)

// IDPattern is what customer ids and SKUs look like.
const IDPattern = `^[A-Za-z0-9][A-Za-z0-9._:-]*$`

var idRE = regexp.MustCompile(IDPattern)

// Item is one line of an order.
type Item struct {
	SKU      string `json:"sku" dynamodbav:"sku"`
	Quantity int64  `json:"quantity" dynamodbav:"quantity"`
	// UnitPriceCents is the price of one unit in the currency's minor unit
	// (cents for USD, yen for JPY).
	UnitPriceCents int64 `json:"unit_price_cents" dynamodbav:"unit_price_cents"`
}

// CreateRequest is the body of POST /orders.
type CreateRequest struct {
	CustomerID string `json:"customer_id"`
	// Email receives the receipt.
	Email    string `json:"email"`
	Currency string `json:"currency"`
	Items    []Item `json:"items"`
}

// TotalCents is the sum of the lines. Validate bounds every factor, so the
// sum cannot overflow.
func (r CreateRequest) TotalCents() int64 {
	var total int64
	for _, it := range r.Items {
		total += it.Quantity * it.UnitPriceCents
	}
	return total
}

// FieldError is a problem with one field of a request: the API answers it
// with 400 and this message.
type FieldError struct {
	// Field is the JSON path, such as items[2].quantity.
	Field string
	Msg   string
}

// Error returns the field's path and the problem.
func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

func fieldErr(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// ParseCreateRequest decodes and validates a request body. Every error it
// returns is a *FieldError meant for the client.
func ParseCreateRequest(body []byte) (CreateRequest, error) {
	var req CreateRequest
	if len(bytes.TrimSpace(body)) == 0 {
		return req, fieldErr("", "request body is empty; send a JSON order")
	}
	if len(body) > MaxBodyBytes {
		return req, fieldErr("", "request body is %d bytes; the limit is %d", len(body), MaxBodyBytes)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return req, jsonError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return req, fieldErr("", "request body holds more than one JSON value")
	}
	return req, req.Validate()
}

// jsonError turns encoding/json's messages into ones that name the field.
func jsonError(err error) *FieldError {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return fieldErr(typeErr.Field, "must be %s, not a JSON %s", describeType(typeErr.Type.String()), typeErr.Value)
	case errors.As(err, &syntaxErr), errors.Is(err, io.ErrUnexpectedEOF):
		return fieldErr("", "request body is not valid JSON: %v", err)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return fieldErr(strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), "unknown field")
	default:
		return fieldErr("", "request body is not a valid order: %v", err)
	}
}

func describeType(goType string) string {
	switch goType {
	case "string":
		return "a string"
	case "int64":
		return "a whole number"
	case "[]orders.Item":
		return "a list of items"
	case "orders.Item", "orders.CreateRequest":
		return "an object"
	}
	return goType
}

// Validate checks the request against the limits above and returns the
// first problem as a *FieldError.
func (r CreateRequest) Validate() error {
	if err := checkID("customer_id", r.CustomerID); err != nil {
		return err
	}
	if r.Email == "" {
		return fieldErr("email", "is required")
	}
	if len(r.Email) > MaxEmailLength {
		return fieldErr("email", "is longer than %d characters", MaxEmailLength)
	}
	if addr, err := mail.ParseAddress(r.Email); err != nil || addr.Address != r.Email || addr.Name != "" {
		return fieldErr("email", "%q is not an email address like name@example.com", r.Email)
	}
	if _, ok := currencies[r.Currency]; !ok {
		return fieldErr("currency", "%q is not supported; use one of %s", r.Currency, strings.Join(Currencies(), ", "))
	}
	if len(r.Items) == 0 {
		return fieldErr("items", "must list at least one item")
	}
	if len(r.Items) > MaxItems {
		return fieldErr("items", "lists %d items; the limit is %d", len(r.Items), MaxItems)
	}
	seen := map[string]int{}
	for i, it := range r.Items {
		f := fmt.Sprintf("items[%d]", i)
		if err := checkID(f+".sku", it.SKU); err != nil {
			return err
		}
		if j, dup := seen[it.SKU]; dup {
			return fieldErr(f+".sku", "%q is already items[%d]; put the whole quantity on one line", it.SKU, j)
		}
		seen[it.SKU] = i
		if it.Quantity < 1 || it.Quantity > MaxQuantity {
			return fieldErr(f+".quantity", "%d: must be between 1 and %d", it.Quantity, MaxQuantity)
		}
		if it.UnitPriceCents < 0 || it.UnitPriceCents > MaxUnitPriceCents {
			return fieldErr(f+".unit_price_cents", "%d: must be between 0 and %d", it.UnitPriceCents, MaxUnitPriceCents)
		}
	}
	return nil
}

// CheckCustomerID reports whether id is a valid customer id.
func CheckCustomerID(id string) error {
	if err := checkID("customer_id", id); err != nil {
		return err
	}
	return nil
}

func checkID(field, v string) *FieldError {
	switch {
	case v == "":
		return fieldErr(field, "is required")
	case len(v) > MaxIDLength:
		return fieldErr(field, "is longer than %d characters", MaxIDLength)
	case !idRE.MatchString(v):
		return fieldErr(field, "%q: use letters, digits and . _ : - (starting with a letter or digit)", v)
	}
	return nil
}
