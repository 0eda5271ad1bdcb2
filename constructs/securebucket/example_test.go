package securebucket_test

import (
	"fmt"
	"log"

	"github.com/acme/landing-zone/constructs/internal/examplestack"
	"github.com/acme/landing-zone/constructs/securebucket"
)

// A private bucket, encrypted with its own key, versioned, TLS-only and
// logged to an access-log bucket made for it (with its own key).
func Example() {
	ex := examplestack.New("123456789012", "eu-west-1")
	stack := ex.Stack
	bucket, err := securebucket.New(stack, "reports", securebucket.Props{
		Name: "shop-reports-123456789012-eu-west-1",
	})
	if err != nil {
		log.Fatal(err) // bad props: an error naming the field, before any resource
	}
	fmt.Println(bucket.ARN)
	r := ex.Resources()
	fmt.Println(len(r["aws_s3_bucket"]), "buckets,", len(r["aws_kms_key"]), "keys")
	// Output:
	// arn:aws:s3:::shop-reports-123456789012-eu-west-1
	// 2 buckets, 2 keys
}
