// Package envvar names the environment variables that configure the order
// functions and reads them. The infrastructure sets the variables by these
// names, and the functions refuse to start without them, so that a missing
// setting fails at the first invocation with a clear message instead of
// surfacing later as an AWS error.
package envvar

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Names of the variables.
const (
	TableName         = "ORDERS_TABLE"
	CustomerIndex     = "ORDERS_CUSTOMER_INDEX"
	PaymentQueueURL   = "PAYMENT_QUEUE_URL"
	InventoryQueueURL = "INVENTORY_QUEUE_URL"
	TopicARN          = "ORDER_EVENTS_TOPIC_ARN"
	ReceiptsBucket    = "RECEIPTS_BUCKET"
	SenderAddress     = "SENDER_ADDRESS"
	ConfigurationSet  = "SES_CONFIGURATION_SET"
	// RetentionDays, when set to a positive number, makes new orders
	// expire (DynamoDB TTL) after that many days.
	RetentionDays = "ORDER_RETENTION_DAYS"
)

// Require returns the values of the named variables, or an error listing
// every one that is unset or empty.
func Require(names ...string) (map[string]string, error) {
	return require(os.LookupEnv, names...)
}

func require(lookup func(string) (string, bool), names ...string) (map[string]string, error) {
	values := make(map[string]string, len(names))
	var missing []string
	for _, n := range names {
		v, ok := lookup(n)
		if !ok || strings.TrimSpace(v) == "" {
			missing = append(missing, n)
			continue
		}
		values[n] = v
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("missing environment variables %s: the function's configuration must set them (the serverlessorders construct does)", strings.Join(missing, ", "))
	}
	return values, nil
}

// Days reads an optional whole number of days: zero when unset.
func Days(name string) (time.Duration, error) {
	return days(os.LookupEnv, name)
}

func days(lookup func(string) (string, bool), name string) (time.Duration, error) {
	v, ok := lookup(name)
	if !ok || strings.TrimSpace(v) == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return 0, fmt.Errorf("environment variable %s=%q: want a whole number of days (0 or more)", name, v)
	}
	return time.Duration(n) * 24 * time.Hour, nil
}
