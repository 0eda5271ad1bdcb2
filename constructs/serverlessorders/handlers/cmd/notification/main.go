// Command notification is the Lambda function subscribed to the
// order-events topic (see package notify). It reads its configuration from
// environment variables and refuses to start when one is missing.
package main

import (
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/boot"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/envvar"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/notify"
)

func main() {
	fn := boot.Start("notification", envvar.ReceiptsBucket, envvar.SenderAddress)
	h := &notify.Handler{
		Objects:          s3.NewFromConfig(fn.AWS),
		Mail:             sesv2.NewFromConfig(fn.AWS),
		Bucket:           fn.Env[envvar.ReceiptsBucket],
		Sender:           fn.Env[envvar.SenderAddress],
		ConfigurationSet: os.Getenv(envvar.ConfigurationSet),
		Log:              fn.Log,
	}
	lambda.Start(h.Handle)
}
