package store

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/orders"
)

var t0 = time.Date(2025, 3, 4, 5, 6, 7, 891_000_000, time.UTC)

func sample(id, customer string, created time.Time) orders.Order {
	req := orders.CreateRequest{
		CustomerID: customer, Email: "ana@example.com", Currency: "EUR",
		Items: []orders.Item{{SKU: "SKU-1", Quantity: 2, UnitPriceCents: 500}},
	}
	return orders.New(id, req, "hash-"+id, created)
}

const id1 = "0123456789abcdef0123456789abcdef"

func TestCreateIsIdempotent(t *testing.T) {
	ctx := context.Background()
	db := newFake()
	s := &Store{Client: db, Table: "orders", Retention: 24 * time.Hour}

	first := sample(id1, "c-1", t0)
	got, created, err := s.Create(ctx, first)
	if err != nil || !created {
		t.Fatalf("first Create = %v, %v", created, err)
	}
	if !got.ExpiresAt.Equal(t0.Add(24 * time.Hour).Truncate(time.Second)) {
		t.Errorf("ExpiresAt = %v", got.ExpiresAt)
	}

	retry := sample(id1, "c-1", t0.Add(time.Minute))
	retry.RequestHash = "other"
	got, created, err = s.Create(ctx, retry)
	if err != nil || created {
		t.Fatalf("second Create = %v, %v; want the existing order", created, err)
	}
	if !got.CreatedAt.Equal(t0.Truncate(time.Millisecond)) || got.RequestHash != "hash-"+id1 {
		t.Errorf("second Create returned %+v, want the first order", got)
	}
	if !reflect.DeepEqual(db.calls, []string{"PutItem", "PutItem"}) {
		t.Errorf("calls = %v: the existing order should come back with the failed condition", db.calls)
	}
}

func TestGetRoundTrips(t *testing.T) {
	ctx := context.Background()
	db := newFake()
	s := &Store{Client: db, Table: "orders"}
	want := sample(id1, "c-1", t0)
	if _, _, err := s.Create(ctx, want); err != nil {
		t.Fatal(err)
	}
	got, err := s.Get(ctx, id1)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Get =\n%+v\nwant\n%+v", got, want)
	}
	if db.calls[len(db.calls)-1] != "GetItem consistent=true" {
		t.Errorf("Get did not read consistently: %v", db.calls)
	}
	if _, err := s.Get(ctx, "ffffffffffffffffffffffffffffffff"); !errors.Is(err, orders.ErrNotFound) {
		t.Errorf("Get(missing) = %v, want ErrNotFound", err)
	}
}

func TestCompleteStep(t *testing.T) {
	ctx := context.Background()
	db := newFake()
	s := &Store{Client: db, Table: "orders"}
	if _, _, err := s.Create(ctx, sample(id1, "c-1", t0)); err != nil {
		t.Fatal(err)
	}
	later := t0.Add(time.Hour)
	if err := s.CompleteStep(ctx, id1, orders.StepPayment, later); err != nil {
		t.Fatal(err)
	}
	o, _ := s.Get(ctx, id1)
	if o.Payment != orders.Paid || o.Inventory != orders.Pending || !o.UpdatedAt.Equal(later) {
		t.Errorf("after payment: %+v", o)
	}
	// A redelivered message changes nothing and succeeds.
	if err := s.CompleteStep(ctx, id1, orders.StepPayment, later.Add(time.Hour)); err != nil {
		t.Errorf("completing a done step: %v", err)
	}
	o, _ = s.Get(ctx, id1)
	if !o.UpdatedAt.Equal(later) {
		t.Error("completing a done step again changed the order")
	}
	if err := s.CompleteStep(ctx, id1, orders.StepInventory, later); err != nil {
		t.Fatal(err)
	}
	o, _ = s.Get(ctx, id1)
	if o.Status() != orders.StatusConfirmed {
		t.Errorf("status %s after both steps", o.Status())
	}
	if err := s.CompleteStep(ctx, "ffffffffffffffffffffffffffffffff", orders.StepPayment, later); !errors.Is(err, orders.ErrNotFound) {
		t.Errorf("CompleteStep(missing) = %v, want ErrNotFound", err)
	}
}

func TestCompleteStepUnexpectedState(t *testing.T) {
	ctx := context.Background()
	db := newFake()
	s := &Store{Client: db, Table: "orders"}
	o := sample(id1, "c-1", t0)
	o.Payment = "REFUNDED"
	if _, _, err := s.Create(ctx, o); err != nil {
		t.Fatal(err)
	}
	err := s.CompleteStep(ctx, id1, orders.StepPayment, t0)
	if err == nil || !strings.Contains(err.Error(), `payment is "REFUNDED", not "PENDING"`) {
		t.Errorf("CompleteStep = %v", err)
	}
}

func TestListByCustomerNewestFirst(t *testing.T) {
	ctx := context.Background()
	db := newFake()
	s := &Store{Client: db, Table: "orders"}
	ids := []string{"00000000000000000000000000000001", "00000000000000000000000000000002", "00000000000000000000000000000003"}
	for i, id := range ids {
		if _, _, err := s.Create(ctx, sample(id, "c-1", t0.Add(time.Duration(i)*time.Second))); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := s.Create(ctx, sample("00000000000000000000000000000009", "c-2", t0)); err != nil {
		t.Fatal(err)
	}
	list, err := s.ListByCustomer(ctx, "c-1", 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].ID != ids[2] || list[1].ID != ids[1] {
		t.Errorf("ListByCustomer = %v", list)
	}
	if db.calls[len(db.calls)-1] != "Query by-customer" {
		t.Errorf("calls = %v", db.calls)
	}
}

func TestMarkPublished(t *testing.T) {
	ctx := context.Background()
	db := newFake()
	s := &Store{Client: db, Table: "orders"}
	if _, _, err := s.Create(ctx, sample(id1, "c-1", t0)); err != nil {
		t.Fatal(err)
	}
	if err := s.MarkPublished(ctx, id1, t0); err != nil {
		t.Fatal(err)
	}
	o, _ := s.Get(ctx, id1)
	if !o.PublishedAt.Equal(t0.Truncate(time.Millisecond)) {
		t.Errorf("PublishedAt = %v", o.PublishedAt)
	}
}

func TestErrorsAreWrapped(t *testing.T) {
	ctx := context.Background()
	db := newFake()
	db.err = errors.New("throttled")
	s := &Store{Client: db, Table: "orders"}
	for name, err := range map[string]error{
		"Create":        func() error { _, _, err := s.Create(ctx, sample(id1, "c", t0)); return err }(),
		"Get":           func() error { _, err := s.Get(ctx, id1); return err }(),
		"List":          func() error { _, err := s.ListByCustomer(ctx, "c", 1); return err }(),
		"CompleteStep":  s.CompleteStep(ctx, id1, orders.StepInventory, t0),
		"MarkPublished": s.MarkPublished(ctx, id1, t0),
	} {
		if err == nil || !strings.Contains(err.Error(), "throttled") || errors.Is(err, orders.ErrNotFound) {
			t.Errorf("%s = %v, want the client's error wrapped", name, err)
		}
	}
}
