// Command transform is the Firehose record processor of the analytics
// pipeline (see package transform).
package main

import (
	"github.com/aws/aws-lambda-go/lambda"

	"github.com/acme/landing-zone/constructs/analytics/handlers/transform"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/boot"
)

func main() {
	fn := boot.Start("transform")
	h := &transform.Handler{Log: fn.Log}
	lambda.Start(h.Handle)
}
