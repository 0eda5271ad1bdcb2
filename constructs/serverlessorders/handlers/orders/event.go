package orders

import (
	"encoding/json"
	"fmt"
)

// EventCreated is the type of the event sent when an order is placed.
const EventCreated = "order.created"

// Event is the message create-order sends to the payment and inventory
// queues and the order-events topic. It carries the whole order so that
// consumers need no read access to the table to do their work.
type Event struct {
	Type  string `json:"type"`
	Order Order  `json:"order"`
}

// ParseEvent decodes and checks an event from a queue or topic message.
func ParseEvent(body string) (Event, error) {
	var e Event
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		return e, fmt.Errorf("event is not valid JSON: %w", err)
	}
	if e.Type != EventCreated {
		return e, fmt.Errorf("event type %q: want %q", e.Type, EventCreated)
	}
	if !ValidID(e.Order.ID) {
		return e, fmt.Errorf("event order id %q is not an order id", e.Order.ID)
	}
	return e, nil
}

// JSON renders the event.
func (e Event) JSON() (string, error) {
	b, err := json.Marshal(e)
	if err != nil {
		return "", fmt.Errorf("encoding event for order %s: %w", e.Order.ID, err)
	}
	return string(b), nil
}
