package orders

// The orders table's layout, shared by the store and by the infrastructure
// that creates the table, so that the two cannot drift apart.
const (
	// KeyAttribute is the table's partition key: the order id.
	KeyAttribute = "order_id"
	// CustomerAttribute and CreatedAttribute key the customer index.
	CustomerAttribute = "customer_id"
	CreatedAttribute  = "created_at"
	// TTLAttribute holds the epoch second when DynamoDB may delete an
	// order; orders without it are kept.
	TTLAttribute = "expires_at"
	// CustomerIndex is the global secondary index that lists a customer's
	// orders, newest first.
	CustomerIndex = "by-customer"
)

// ReceiptPrefix is where the notification function writes receipts in the
// receipts bucket: receipts/<order id>.json.
const ReceiptPrefix = "receipts/"

// ReceiptKey is the object key of an order's receipt.
func ReceiptKey(orderID string) string { return ReceiptPrefix + orderID + ".json" }
