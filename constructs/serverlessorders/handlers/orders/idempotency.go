package orders

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
)

// IdempotencyHeader is the request header that makes POST /orders safe to
// retry: requests with the same key (per customer) create one order.
const IdempotencyHeader = "Idempotency-Key"

// MaxIdempotencyKeyLength bounds the key; a UUID is 36 characters.
const MaxIdempotencyKeyLength = 128

var (
	keyRE     = regexp.MustCompile(`^[A-Za-z0-9._:-]+$`)
	orderIDRE = regexp.MustCompile(`^[0-9a-f]{32}$`)
)

// CheckIdempotencyKey reports whether key is usable.
func CheckIdempotencyKey(key string) error {
	switch {
	case len(key) > MaxIdempotencyKeyLength:
		return fieldErr(IdempotencyHeader, "is longer than %d characters", MaxIdempotencyKeyLength)
	case !keyRE.MatchString(key):
		return fieldErr(IdempotencyHeader, "%q: use letters, digits and . _ : - (a UUID is a good key)", key)
	}
	return nil
}

// IDFor returns the id of the order that a request with this idempotency
// key creates. The id is derived from the key, so that a retry finds the
// order its first attempt wrote (a conditional put refuses a second one);
// the customer id is part of it, so that two customers cannot collide on a
// key. Without a key, the id is random.
func IDFor(customerID, idempotencyKey string) (string, error) {
	if idempotencyKey == "" {
		var b [16]byte
		if _, err := rand.Read(b[:]); err != nil {
			return "", fmt.Errorf("order id: %w", err)
		}
		return hex.EncodeToString(b[:]), nil
	}
	sum := sha256.Sum256([]byte("order-id/v1\x00" + customerID + "\x00" + idempotencyKey))
	return hex.EncodeToString(sum[:16]), nil
}

// ValidID reports whether id has the shape IDFor gives ids.
func ValidID(id string) bool { return orderIDRE.MatchString(id) }

// RequestHash fingerprints a validated request, so that a retry can be told
// apart from another request reusing a key.
func RequestHash(r CreateRequest) string {
	// Marshalling a struct is deterministic: fields in declaration order.
	b, _ := json.Marshal(r)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
