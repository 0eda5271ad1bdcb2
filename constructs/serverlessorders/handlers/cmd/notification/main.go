// Command notification is the Lambda function subscribed to the
// order-events topic (see package notify). It reads its configuration from
// environment variables and refuses to start when one is missing.
package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sesv2"

	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/envvar"
	"github.com/acme/landing-zone/constructs/serverlessorders/handlers/notify"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	env, err := envvar.Require(envvar.ReceiptsBucket, envvar.SenderAddress)
	if err != nil {
		log.Error("notification cannot start", "error", err)
		os.Exit(1)
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		log.Error("notification cannot start: loading AWS configuration", "error", err)
		os.Exit(1)
	}
	h := &notify.Handler{
		Objects:          s3.NewFromConfig(cfg),
		Mail:             sesv2.NewFromConfig(cfg),
		Bucket:           env[envvar.ReceiptsBucket],
		Sender:           env[envvar.SenderAddress],
		ConfigurationSet: os.Getenv(envvar.ConfigurationSet),
		Log:              log,
	}
	lambda.Start(h.Handle)
}
