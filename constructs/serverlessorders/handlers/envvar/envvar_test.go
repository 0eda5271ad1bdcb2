package envvar

import (
	"strings"
	"testing"
	"time"
)

func TestRequire(t *testing.T) {
	env := map[string]string{TableName: "orders", TopicARN: " "}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }

	got, err := require(lookup, TableName)
	if err != nil || got[TableName] != "orders" {
		t.Errorf("require(TableName) = %v, %v", got, err)
	}
	_, err = require(lookup, TableName, TopicARN, ReceiptsBucket)
	if err == nil || !strings.Contains(err.Error(), "missing environment variables ORDER_EVENTS_TOPIC_ARN, RECEIPTS_BUCKET") {
		t.Errorf("require = %v, want both blank and unset names listed", err)
	}
}

func TestDays(t *testing.T) {
	env := map[string]string{"A": "30", "B": "-1", "C": "soon", "D": ""}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	tests := []struct {
		name string
		want time.Duration
		err  bool
	}{
		{"A", 30 * 24 * time.Hour, false},
		{"B", 0, true},
		{"C", 0, true},
		{"D", 0, false},
		{"unset", 0, false},
	}
	for _, tt := range tests {
		got, err := days(lookup, tt.name)
		if got != tt.want || (err != nil) != tt.err {
			t.Errorf("days(%s) = %v, %v", tt.name, got, err)
		}
	}
}
