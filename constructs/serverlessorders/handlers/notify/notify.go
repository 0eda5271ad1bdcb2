// Package notify is the notification function: subscribed to the
// order-events topic, it writes each order's receipt to the receipts bucket
// and emails it to the customer through Amazon SES.
//
// The receipt is a function of the order alone (issued at the order's
// creation time), so a retried invocation rewrites the same object. The
// email is sent after the receipt is stored: a failure before it leaves no
// email and the retry sends one; only a failure after SES accepted the
// message (a timeout, say) can lead to a second email.
package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"
	sestypes "github.com/aws/aws-sdk-go-v2/service/sesv2/types"

	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/orders"
)

// ObjectStore is the part of the S3 client the handler uses.
type ObjectStore interface {
	PutObject(context.Context, *s3.PutObjectInput, ...func(*s3.Options)) (*s3.PutObjectOutput, error)
}

// Mailer is the part of the SES v2 client the handler uses.
type Mailer interface {
	SendEmail(context.Context, *sesv2.SendEmailInput, ...func(*sesv2.Options)) (*sesv2.SendEmailOutput, error)
}

// Handler handles order events from SNS.
type Handler struct {
	Objects ObjectStore
	Mail    Mailer
	// Bucket receives receipts under orders.ReceiptPrefix.
	Bucket string
	// Sender is the From address; the function's role may send only as it.
	Sender string
	// ConfigurationSet, when set, is the SES configuration set to send
	// with (TLS required, reputation metrics, suppression list).
	ConfigurationSet string
	// Log receives one line per order; nil means slog.Default().
	Log *slog.Logger
}

// Receipt is the record of an order written to S3.
type Receipt struct {
	OrderID    string    `json:"order_id"`
	CustomerID string    `json:"customer_id"`
	IssuedAt   time.Time `json:"issued_at"`
	Currency   string    `json:"currency"`
	Lines      []Line    `json:"lines"`
	TotalCents int64     `json:"total_cents"`
	Total      string    `json:"total"`
}

// Line is one line of a receipt.
type Line struct {
	SKU            string `json:"sku"`
	Quantity       int64  `json:"quantity"`
	UnitPriceCents int64  `json:"unit_price_cents"`
	AmountCents    int64  `json:"amount_cents"`
}

// ReceiptOf builds o's receipt.
func ReceiptOf(o orders.Order) Receipt {
	r := Receipt{
		OrderID: o.ID, CustomerID: o.CustomerID, IssuedAt: o.CreatedAt.UTC(),
		Currency: o.Currency, TotalCents: o.TotalCents, Total: orders.FormatMoney(o.TotalCents, o.Currency),
		Lines: make([]Line, len(o.Items)),
	}
	for i, it := range o.Items {
		r.Lines[i] = Line{SKU: it.SKU, Quantity: it.Quantity, UnitPriceCents: it.UnitPriceCents, AmountCents: it.Quantity * it.UnitPriceCents}
	}
	return r
}

// Handle processes the records of one invocation. SNS delivers one record
// per invocation; an error makes Lambda retry the event and, after its
// retries, send it to the function's dead-letter queue.
func (h *Handler) Handle(ctx context.Context, ev events.SNSEvent) error {
	var errs []error
	for _, rec := range ev.Records {
		if err := h.notify(ctx, rec.SNS.Message); err != nil {
			errs = append(errs, fmt.Errorf("message %s: %w", rec.SNS.MessageID, err))
		}
	}
	return errors.Join(errs...)
}

func (h *Handler) log() *slog.Logger {
	if h.Log != nil {
		return h.Log
	}
	return slog.Default()
}

func (h *Handler) notify(ctx context.Context, message string) error {
	e, err := orders.ParseEvent(message)
	if err != nil {
		return err
	}
	o := e.Order
	if addr, err := mail.ParseAddress(o.Email); err != nil || addr.Address != o.Email {
		return fmt.Errorf("order %s: recipient %q is not an email address", o.ID, o.Email)
	}
	receipt, err := json.MarshalIndent(ReceiptOf(o), "", "  ")
	if err != nil {
		return fmt.Errorf("order %s: encoding receipt: %w", o.ID, err)
	}
	key := orders.ReceiptKey(o.ID)
	if _, err := h.Objects.PutObject(ctx, &s3.PutObjectInput{
		Bucket:      aws.String(h.Bucket),
		Key:         aws.String(key),
		Body:        bytes.NewReader(receipt),
		ContentType: aws.String("application/json"),
	}); err != nil {
		return fmt.Errorf("order %s: writing s3://%s/%s: %w", o.ID, h.Bucket, key, err)
	}
	in := &sesv2.SendEmailInput{
		FromEmailAddress: aws.String(h.Sender),
		Destination:      &sestypes.Destination{ToAddresses: []string{o.Email}},
		Content: &sestypes.EmailContent{Simple: &sestypes.Message{
			Subject: &sestypes.Content{Data: aws.String(Subject(o)), Charset: aws.String("UTF-8")},
			Body:    &sestypes.Body{Text: &sestypes.Content{Data: aws.String(Text(o)), Charset: aws.String("UTF-8")}},
		}},
	}
	if h.ConfigurationSet != "" {
		in.ConfigurationSetName = aws.String(h.ConfigurationSet)
	}
	if _, err := h.Mail.SendEmail(ctx, in); err != nil {
		return fmt.Errorf("order %s: sending the receipt email: %w", o.ID, err)
	}
	h.log().InfoContext(ctx, "receipt sent", "order_id", o.ID, "receipt", key)
	return nil
}

// Subject is the receipt email's subject.
func Subject(o orders.Order) string { return "Your order " + o.ID }

// Text is the receipt email's plain-text body. Plain text only: nothing in
// it is interpreted, so order data cannot inject markup.
func Text(o orders.Order) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Thank you for your order.\n\nOrder: %s\nDate:  %s\n\n", o.ID, o.CreatedAt.UTC().Format("2006-01-02 15:04 MST"))
	for _, it := range o.Items {
		fmt.Fprintf(&b, "%4d x %-20s %s\n", it.Quantity, it.SKU, orders.FormatMoney(it.Quantity*it.UnitPriceCents, o.Currency))
	}
	fmt.Fprintf(&b, "\nTotal: %s\n", orders.FormatMoney(o.TotalCents, o.Currency))
	return b.String()
}
