// Package orders is the domain of the serverless order system: what an
// order is, how a request to create one is checked, how retries are
// recognised, and the event that tells the other functions about it.
//
// It has no AWS dependencies, so that both the Lambda handlers and the
// infrastructure code (which derives the API's JSON schema from the limits
// here) can import it.
package orders

import (
	"errors"
	"time"
)

// Step is one piece of work after an order is placed, done by its own
// function and recorded on the order.
type Step string

// The steps of an order.
const (
	StepPayment   Step = "payment"
	StepInventory Step = "inventory"
)

// StepStatus is how far a step has got.
type StepStatus string

// Step statuses.
const (
	Pending StepStatus = "PENDING"
	// Paid is the payment step's final status.
	Paid StepStatus = "PAID"
	// Reserved is the inventory step's final status.
	Reserved StepStatus = "RESERVED"
)

// Done is the status a step has once its function has done it.
func (s Step) Done() StepStatus {
	if s == StepPayment {
		return Paid
	}
	return Reserved
}

// Status is an order's overall state, derived from its steps.
type Status string

// Order states.
const (
	// StatusPending orders wait for payment or inventory.
	StatusPending Status = "PENDING"
	// StatusConfirmed orders are paid and their items reserved.
	StatusConfirmed Status = "CONFIRMED"
)

// ErrNotFound is returned by stores for an order that does not exist.
var ErrNotFound = errors.New("order not found")

// Order is a placed order.
type Order struct {
	ID         string     `json:"id"`
	CustomerID string     `json:"customer_id"`
	Email      string     `json:"email"`
	Currency   string     `json:"currency"`
	Items      []Item     `json:"items"`
	TotalCents int64      `json:"total_cents"`
	Payment    StepStatus `json:"payment"`
	Inventory  StepStatus `json:"inventory"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`

	// RequestHash identifies the request that created the order, so that a
	// retry with the same idempotency key but another body is refused.
	RequestHash string `json:"-"`
	// PublishedAt is when the order's event was sent; zero until then, so
	// that a retry after a failed publish sends it.
	PublishedAt time.Time `json:"-"`
	// ExpiresAt is when DynamoDB's TTL deletes the order; zero keeps it.
	ExpiresAt time.Time `json:"-"`
}

// Status derives the overall state from the steps.
func (o Order) Status() Status {
	if o.Payment == Paid && o.Inventory == Reserved {
		return StatusConfirmed
	}
	return StatusPending
}

// StepStatus returns the status of step.
func (o Order) StepStatus(step Step) StepStatus {
	if step == StepPayment {
		return o.Payment
	}
	return o.Inventory
}

// New makes a pending order from a valid request.
func New(id string, req CreateRequest, requestHash string, now time.Time) Order {
	now = now.UTC().Truncate(time.Millisecond)
	return Order{
		ID:          id,
		CustomerID:  req.CustomerID,
		Email:       req.Email,
		Currency:    req.Currency,
		Items:       append([]Item(nil), req.Items...),
		TotalCents:  req.TotalCents(),
		Payment:     Pending,
		Inventory:   Pending,
		CreatedAt:   now,
		UpdatedAt:   now,
		RequestHash: requestHash,
	}
}

// View is an order as the API shows it: the order with its derived status.
type View struct {
	Order
	Status Status `json:"status"`
}

// ViewOf returns the API's view of o.
func ViewOf(o Order) View { return View{Order: o, Status: o.Status()} }
